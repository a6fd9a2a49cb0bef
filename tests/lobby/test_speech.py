"""Read-aloud: F4 hands the screen's text to the real speech engine; any key and the next screen stop it."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import wave
from pathlib import Path

from conftest import FakeStore
from parts_helpers import require_program
from textual.pilot import Pilot
from wizard_helpers import press, shown

from kiosk.app import KioskApp
from kiosk.config import Config, IdleSettings
from kiosk.guide.model import Guide
from kiosk.speech import Outcome, Speaker, speak_argv, speech_engine_available
from kiosk.spoken import for_the_ear
from screens.themes import THEME_NAMES
from screens.visitor.ask_choice import AskChoice
from screens.visitor.blocked import Blocked
from screens.visitor.checklist import ChecklistScreen
from screens.visitor.choose_procedure import ChooseProcedure
from screens.visitor.welcome import Welcome

VOICES = {"zh": "cmn-latn-pinyin", "zh_hant": "cmn-latn-pinyin", "en": "en-gb"}
TO_CHECKLIST = ["enter", "1", "1", "1", "2", "enter", "2", "enter"]  # a 12-year-old's first card, in person
TO_BLOCKED = ["enter", "5", "3", "enter"]  # reissue before any loss report


def recorder(tmp_path: Path, *, then: str = "") -> tuple[str, Path, Path]:
    """A speak command that records its arguments and the text it is given (then runs `then`, e.g. a sleep)."""
    argv_file, text_file = tmp_path / "argv", tmp_path / "said.txt"
    script = tmp_path / "record-speech"
    argv_to, text_to = shlex.quote(str(argv_file)), shlex.quote(str(text_file))
    script.write_text(
        f'#!/bin/sh\necho "$$ $*" > {argv_to}\ncat > {text_to}.part\nmv {text_to}.part {text_to}\n{then}\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    return f"{script} --voice {{voice}} --lang {{lang}}", argv_file, text_file


def kiosk(guide: Guide, command: str, **kwargs: object) -> KioskApp:
    store = FakeStore()
    return KioskApp(guide, open_store=lambda: store, speaker=Speaker(command, VOICES), **kwargs)  # type: ignore[arg-type]


async def until(pilot: Pilot[object], condition: object, timeout: float = 30.0) -> None:
    """Let the App run until `condition()` holds (speech runs in a real process, in real time)."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the condition never held")
        await pilot.pause(0.05)


def speech_running(app: KioskApp) -> bool:
    return app.read_aloud.speaking or any(worker.group == "speech" and worker.is_running for worker in app.workers)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


def notices(app: KioskApp) -> list[str]:
    """The notifications shown on the screen (Textual's toasts), as the visitor reads them."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def seconds_of(wav: Path) -> float:
    with wave.open(str(wav)) as audio:
        return audio.getnframes() / audio.getframerate()


async def test_f4_reads_the_question_and_its_numbered_options(guide: Guide, tmp_path: Path) -> None:
    command, argv_file, said = recorder(tmp_path)
    app = kiosk(guide, command)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "1", "1", "3", "0", "enter")
        assert isinstance(app.screen, AskChoice)
        await press(pilot, "f4")
        await until(pilot, said.exists)
        text = said.read_text(encoding="utf-8")
        assert text == for_the_ear(app.screen.reading(), "zh")
        assert text.startswith("第3题，共约4题。\n由谁来办理？\n按1，申请人本人。\n按2，法定监护人代办，")
        assert argv_file.read_text().split()[1:] == ["--voice", "cmn-latn-pinyin", "--lang", "zh"]
        assert isinstance(app.screen, AskChoice)  # reading changed nothing on the screen

        said.unlink()
        await press(pilot, "f2", "f4")  # English, with the English voice
        await until(pilot, said.exists)
        assert said.read_text(encoding="utf-8").startswith("Question 3 of about 4.\nWho is applying?\nPress 1: ")
        assert argv_file.read_text().split()[1:] == ["--voice", "en-gb", "--lang", "en"]


async def test_the_checklist_is_read_line_by_line_with_the_pickup_code_spelled(guide: Guide, tmp_path: Path) -> None:
    command, _, said = recorder(tmp_path)
    app = kiosk(guide, command)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, *TO_CHECKLIST, "f4")
        assert isinstance(app.screen, ChecklistScreen)
        await until(pilot, said.exists)
        lines = said.read_text(encoding="utf-8").splitlines()
        assert lines[:3] == ["个人首次申领社保卡，办事清单。", "取件码：K，七，M，Q，四，X。", lines[2]]
        assert "请携带。" in lines and "咨询电话。" in lines and "人社功能咨询：一二三三三。" in lines
        assert lines[-3:] == [
            "按F九打印清单，按F八显示二维码，按F五重新开始。",
            "按F四再听一遍。",
            "按退出键返回上一步。",
        ]
        assert not any("指南版本" in line for line in lines)  # the guide's version hash is not for the ear


async def test_a_blocker_is_read_with_what_to_do_first(guide: Guide, tmp_path: Path) -> None:
    command, _, said = recorder(tmp_path)
    app = kiosk(guide, command, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, *TO_BLOCKED, "f4")
        assert isinstance(app.screen, Blocked)
        await until(pilot, said.exists)
        text = said.read_text(encoding="utf-8")
        assert "\nCannot be done: " in text
        assert "\nPress Enter: Do this first: " in text
        assert "\nPress Escape to go back and change your answers.\n" in text


async def test_any_key_stops_the_speech_at_once_and_the_next_screen_stops_it_too(guide: Guide, tmp_path: Path) -> None:
    command, argv_file, said = recorder(tmp_path, then="exec sleep 60")
    app = kiosk(guide, command)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "f4")
        await until(pilot, said.exists)
        pid = int(argv_file.read_text().split()[0])
        assert alive(pid) and app.read_aloud.speaking
        await press(pilot, "down")  # moves the highlight, stays on the screen
        assert isinstance(app.screen, ChooseProcedure)
        await until(pilot, lambda: not alive(pid), timeout=20)
        assert not speech_running(app)

        said.unlink()
        await press(pilot, "f4")
        await until(pilot, said.exists)
        pid = int(argv_file.read_text().split()[0])
        app.screen.dismiss("first_application")  # the next screen, without a key
        await until(pilot, lambda: isinstance(app.screen, AskChoice))
        await until(pilot, lambda: not alive(pid), timeout=20)


async def test_a_key_is_not_delayed_by_speech(guide: Guide, tmp_path: Path) -> None:
    command, argv_file, said = recorder(tmp_path, then="exec sleep 120")
    app = kiosk(guide, command)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "f4")
        await until(pilot, said.exists)
        pid = int(argv_file.read_text().split()[0])
        started = time.monotonic()
        ticks: list[float] = []
        app.set_interval(0.05, lambda: ticks.append(time.monotonic()))
        await until(pilot, lambda: len(ticks) >= 5)  # the event loop runs timers while the engine speaks
        assert alive(pid)
        await press(pilot, "1")
        assert isinstance(app.screen, AskChoice)
        # A loop waiting on the engine would take its 120 s; under any load this takes seconds at most.
        assert time.monotonic() - started < 60


async def test_staff_screens_have_no_read_aloud_key_and_f4_says_nothing_there(guide: Guide, tmp_path: Path) -> None:
    from lobby_helpers import Clock
    from staff_helpers import staff_app, type_pin

    from screens.kiosk_screen import KeyBar
    from screens.staff.staff_home import StaffHome
    from store import Store

    command, _, said = recorder(tmp_path)
    with Store(tmp_path / "k.db") as store:
        app = staff_app(guide, store, tmp_path, Clock())
        app.read_aloud.speaker.command = command
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await type_pin(app, pilot)
            assert isinstance(app.screen, StaffHome)
            assert "key-read-aloud" not in [key.id for key in app.screen.query_one("#key-bar", KeyBar).keys]
            await press(pilot, "f4")
            await pilot.pause(0.5)
            assert not said.exists()
            await press(pilot, "2")  # walking a visitor through: the visitor's screens read aloud as in the lobby
            assert "key-read-aloud" in [key.id for key in app.screen.query_one("#key-bar", KeyBar).keys]
            await press(pilot, "f4")
            await until(pilot, said.exists)
            assert said.read_text(encoding="utf-8").startswith("您要办理什么业务？")


async def test_a_bad_entry_and_the_printers_answer_are_said_to_a_visitor_who_listens(
    guide: Guide, tmp_path: Path
) -> None:
    command, _, said = recorder(tmp_path)
    app = kiosk(guide, command, printer_command="true")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "1", "1", "2", "0", "0", "enter")  # age 200: out of range
        assert "⚠" in shown(app.screen)
        await pilot.pause(0.5)
        assert not said.exists()  # a visitor who reads needs no voice
        await press(pilot, "f4")
        await until(pilot, said.exists)
        said.unlink()
        await press(pilot, *["backspace"] * 3, "3", "0", "0", "enter")  # age 300: out of range too
        await until(pilot, said.exists)
        assert said.read_text(encoding="utf-8").startswith("注意：")
        assert said.read_text(encoding="utf-8").count("\n") == 0  # only the change, not the whole screen again

        await press(pilot, *["backspace"] * 3, "1", "2", "enter", "2", "enter")  # 12: a guardian applies
        assert isinstance(app.screen, ChecklistScreen)
        said.unlink()
        await press(pilot, "f9")
        await until(pilot, lambda: said.exists() and "打印" in said.read_text(encoding="utf-8"))
        assert said.read_text(encoding="utf-8") == "清单已打印，请取走打印单。"


async def test_with_no_engine_installed_the_key_says_so_in_the_visitors_language(guide: Guide, tmp_path: Path) -> None:
    app = kiosk(guide, str(tmp_path / "no-such-speech-engine"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await press(pilot, "f4")
        await until(pilot, lambda: bool(notices(app)))
        assert notices(app) == ["本机没有安装语音朗读，请找工作人员帮忙。"]
        app.clear_notifications()
        await press(pilot, "f2", "f4")
        await until(
            pilot, lambda: notices(app) == ["This kiosk has no speech engine installed: please ask a member of staff."]
        )
        await press(pilot, "enter")
        assert isinstance(app.screen, ChooseProcedure)  # the kiosk carries on


async def test_an_engine_that_fails_is_reported_and_nothing_crashes(guide: Guide, tmp_path: Path) -> None:
    app = kiosk(guide, "sh -c 'cat >/dev/null; exit 3'")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await press(pilot, "f4")
        await until(pilot, lambda: notices(app) == ["语音朗读暂时不能使用，请找工作人员帮忙。"])


def test_the_speak_command_fills_in_the_voice_and_the_language() -> None:
    assert speak_argv("espeak-ng -v {voice}", "cmn-latn-pinyin", "zh") == ["espeak-ng", "-v", "cmn-latn-pinyin"]
    piper = "sh -c 'piper --model /opt/voices/{lang}.onnx --output-raw | aplay -r 22050 -f S16_LE -t raw -'"
    assert speak_argv(piper, "x", "en") == [
        "sh",
        "-c",
        "piper --model /opt/voices/en.onnx --output-raw | aplay -r 22050 -f S16_LE -t raw -",
    ]


def test_the_engine_is_found_or_not_for_kiosk_health(tmp_path: Path) -> None:
    require_program("espeak-ng")
    assert speech_engine_available(Config())
    assert not speech_engine_available(Config(speak_command=str(tmp_path / "no-such-engine")))


async def test_espeak_ng_says_a_screen_to_a_wav_and_a_longer_screen_takes_longer(guide: Guide, tmp_path: Path) -> None:
    require_program("espeak-ng")
    sox = require_program("sox")
    welcome_wav, checklist_wav = tmp_path / "welcome.wav", tmp_path / "checklist.wav"
    app = kiosk(guide, f"espeak-ng -v {{voice}} -w {welcome_wav}")
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "f4")
        await until(pilot, lambda: welcome_wav.exists() and not speech_running(app), timeout=60)
        app.read_aloud.speaker.command = f"espeak-ng -v {{voice}} -w {checklist_wav}"
        await press(pilot, *TO_CHECKLIST, "f4")
        await until(pilot, lambda: checklist_wav.exists() and not speech_running(app), timeout=120)
    welcome, checklist = seconds_of(welcome_wav), seconds_of(checklist_wav)
    assert welcome > 5.0  # the welcome screen's four sentences and its keys
    assert checklist > 2 * welcome
    # sox reads the same length, and finds sound in it (not silence).
    stat = subprocess.run([sox, str(welcome_wav), "-n", "stat"], capture_output=True, text=True, check=True).stderr
    figures = {line.split(":")[0].strip(): line.split(":")[1].strip() for line in stat.splitlines() if ":" in line}
    assert abs(float(figures["Length (seconds)"]) - welcome) < 0.01
    assert float(figures["RMS     amplitude"]) > 0.01


async def test_espeak_ng_reads_the_pickup_code_in_the_zh_voice_as_letter_names(tmp_path: Path) -> None:
    require_program("espeak-ng")
    # espeak-ng writes the phonemes it says with -x: each letter and digit of the code is its own word.
    speaker = Speaker("espeak-ng -q -x -v {voice}", VOICES)
    assert await speaker.say("取件码：K，七，M。", "zh") is Outcome.SPOKEN
    phonemes = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", "cmn-latn-pinyin"], input="K，七，M", capture_output=True, text=True, check=True
    ).stdout
    assert phonemes.split() == ["kh'ei51_|", "tS;h'i55_|", "'ai35m_|"]
    # The `cmn` voice reads 一 as an English spelling of its pinyin: the reason for the default voice.
    broken = subprocess.run(
        ["espeak-ng", "-q", "-x", "-v", "cmn"], input="一二三", capture_output=True, text=True, check=True
    ).stdout
    assert "(en)" in broken


async def test_the_elderly_friendly_mode_reads_every_new_screen_and_resets_for_the_next_visitor(
    guide: Guide, tmp_path: Path
) -> None:
    command, _, said = recorder(tmp_path)
    app = kiosk(guide, command)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.has_class("-large") and app.theme == THEME_NAMES["default"]
        await press(pilot, "0")
        assert app.has_class("-elderly") and app.has_class("-large")
        assert app.theme == THEME_NAMES["high_contrast"]
        assert "关闭适老模式" in str(app.screen.query_one("#elderly").render())
        await until(pilot, said.exists)  # switching it on reads the welcome screen
        assert said.read_text(encoding="utf-8").splitlines()[-2] == "适老模式已开启，按0关闭。"

        said.unlink()
        await press(pilot, "enter")  # the next screen is read without a key
        await until(pilot, said.exists)
        assert said.read_text(encoding="utf-8").startswith("您要办理什么业务？\n按1，个人首次申领社保卡")

        said.unlink()
        await press(pilot, "f2")  # and read again in the language chosen
        await until(pilot, said.exists)
        assert said.read_text(encoding="utf-8").startswith("What have you come to do?\nPress 1: ")
        await press(pilot, "f2")

        await press(pilot, "f5")  # the next visitor
        assert isinstance(app.screen, Welcome)
        assert not app.has_class("-elderly") and not app.has_class("-large")
        assert app.theme == THEME_NAMES["default"]
        said.unlink(missing_ok=True)
        await press(pilot, "enter")
        await pilot.pause(0.5)
        assert not said.exists()  # nothing is read unasked


async def test_the_elderly_friendly_mode_waits_longer_before_asking_still_there(guide: Guide, tmp_path: Path) -> None:
    now = [1000.0]
    idle = IdleSettings(default=90, elderly_default=180, countdown=30, elderly_countdown=60)
    command, _, said = recorder(tmp_path)
    app = kiosk(guide, command, clock=lambda: now[0], idle=idle, tick_seconds=0.05, elderly=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.has_class("-elderly")  # `elderly = true` in the configuration: every visit starts in it
        await press(pilot, "enter")
        await until(pilot, lambda: not speech_running(app))
        now[0] += 120  # past the everyday 90 s, short of the elderly 180 s
        await pilot.pause(0.2)
        assert isinstance(app.screen, ChooseProcedure)
        now[0] += 61
        await until(pilot, lambda: type(app.screen).__name__ == "StillThere")
        assert app.screen.seconds_left == 60  # type: ignore[attr-defined]
        # It is read aloud too, as every new screen is in this mode.
        await until(
            pilot, lambda: said.read_text(encoding="utf-8").startswith("还在吗？\n60 秒后将清除您的回答，回到首页。")
        )


async def test_the_idle_wait_does_not_run_while_the_screen_is_being_read(guide: Guide, tmp_path: Path) -> None:
    now = [1000.0]
    command, argv_file, said = recorder(tmp_path, then="exec sleep 60")
    app = kiosk(guide, command, clock=lambda: now[0], idle=IdleSettings(default=90), tick_seconds=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter", "f4")
        await until(pilot, said.exists)
        now[0] += 300  # a long reading: nobody pressed a key, but someone is listening
        await pilot.pause(0.3)
        assert isinstance(app.screen, ChooseProcedure)
        os.kill(int(argv_file.read_text().split()[0]), 9)  # the reading ends
        await until(pilot, lambda: not speech_running(app))
        now[0] += 60  # the idle wait starts again from the end of the reading
        await pilot.pause(0.3)
        assert isinstance(app.screen, ChooseProcedure)
