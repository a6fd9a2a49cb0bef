"""End to end: the installed `kiosk` in tmux, F4 pressed as a visitor would, the configured speak command hearing it."""

from __future__ import annotations

import shlex
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from parts_helpers import require_program
from tmux_helpers import Terminal, kiosk_program, shell_command, visitor_env
from tmux_helpers import terminal as tmux_terminal


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never happened")
        time.sleep(0.1)


@contextmanager
def speaking_kiosk(tmp_path: Path, speak_command: str) -> Iterator[Terminal]:
    """The kiosk in tmux, configured with `speak_command`."""
    require_program("tmux")
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    config = tmp_path / "kiosk.toml"
    config.write_text(f"speak_command = {speak_command!r}\n".replace("'", '"'), encoding="utf-8")
    env = visitor_env(home) | {"KIOSK_CONFIG": str(config)}
    launch = shell_command([*kiosk_program(), "run", "--db", str(tmp_path / "k.db")], env)
    with tmux_terminal(launch, "speech") as term:
        yield term


@pytest.fixture
def recording(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    said = tmp_path / "said"
    said.mkdir()
    script = tmp_path / "record-speech"
    # One file per utterance: its arguments on the first line, then the text it was given on its input.
    body = '{ echo "$*"; cat; } > "$out.part"\nmv "$out.part" "$out"\n'
    script.write_text(f"#!/bin/sh\nout={shlex.quote(str(said))}/$(date +%s%N)\n{body}", encoding="utf-8")
    script.chmod(0o755)
    with speaking_kiosk(tmp_path, f"{script} --voice {{voice}}") as kiosk:
        yield kiosk, said


def utterances(said: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(said.iterdir()) if path.suffix != ".part"]


def test_f4_hands_each_screen_to_the_speak_command_in_the_visitors_language(recording: tuple[Terminal, Path]) -> None:
    kiosk, said = recording
    shown = kiosk.wait_for("江苏省社会保障卡 办事指引")
    assert "F4 朗读" in shown
    kiosk.keys("F4")
    wait_until(lambda: len(utterances(said)) == 1, "the welcome screen read")
    welcome = utterances(said)[0].splitlines()
    assert welcome[0] == "--voice cmn-latn-pinyin"
    assert welcome[1:5] == [
        "江苏省社会保障卡 办事指引。",
        "回答几个简单的问题，就能得到您自己的办事清单：带什么材料、去哪里办、按什么顺序办。",
        "不需要姓名、证件号码或电话号码，本机也不会保存。",
        "咨询电话：一二三三三。",
    ]
    assert "按回车键开始。" in welcome

    kiosk.keys("Enter")
    kiosk.wait_for("您要办理什么业务？")
    kiosk.keys("1")
    kiosk.wait_for("申请人是哪类人员？")
    kiosk.keys("F4")
    wait_until(lambda: len(utterances(said)) == 2, "the question read")
    question = utterances(said)[1].splitlines()
    assert question[1:7] == [
        "第1题，共约4题。",
        "申请人是哪类人员？",
        "按1，中国大陆居民。",
        "按2，香港或澳门居民。",
        "按3，台湾居民。",
        "按4，外国人。",
    ]

    kiosk.keys("F2")
    kiosk.wait_for("Who is the card for?")
    kiosk.keys("F4")
    wait_until(lambda: len(utterances(said)) == 3, "the question read in English")
    english = utterances(said)[2].splitlines()
    assert english[0] == "--voice en-gb"
    assert english[1:4] == ["Question 1 of about 4.", "Who is the card for?", "Press 1: A mainland Chinese resident."]
    kiosk.keys("1")
    kiosk.wait_for("How old")  # the key went on to the next question as usual


def test_the_elderly_friendly_mode_reads_each_new_screen_without_a_key(recording: tuple[Terminal, Path]) -> None:
    kiosk, said = recording
    kiosk.wait_for("适老模式")
    kiosk.keys("0")
    kiosk.wait_for("关闭适老模式")
    wait_until(lambda: len(utterances(said)) == 1, "the welcome screen read when the mode went on")
    kiosk.keys("Enter")
    kiosk.wait_for("您要办理什么业务？")
    wait_until(lambda: len(utterances(said)) == 2, "the next screen read by itself")
    assert utterances(said)[1].splitlines()[1:3] == [
        "您要办理什么业务？",
        "按1，个人首次申领社保卡，第一次办理江苏省社会保障卡。",
    ]
    kiosk.keys("F5")  # the next visitor: the mode is off again
    shown = kiosk.wait_for("0  适老模式")
    assert "关闭适老模式" not in shown


def test_with_no_speech_engine_f4_says_so_on_the_screen(tmp_path: Path) -> None:
    with speaking_kiosk(tmp_path, str(tmp_path / "no-such-speech-engine")) as kiosk:
        kiosk.wait_for("江苏省社会保障卡 办事指引")
        kiosk.keys("F4")
        kiosk.wait_for("本机没有安装语音朗读")
        kiosk.keys("Enter")
        kiosk.wait_for("您要办理什么业务？")  # and the kiosk carries on
