"""End to end: the installed `kiosk` in tmux, F4 pressed as a visitor would, the configured speak command hearing it."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from parts_helpers import require_program


def need_tmux() -> None:
    require_program("tmux")


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never happened")
        time.sleep(0.1)


class Kiosk:
    """The kiosk in a tmux pane on a private server, with a speak command that records what it is given."""

    def __init__(self, tmp_path: Path, speak_command: str) -> None:
        need_tmux()
        home = tmp_path / "home"
        (home / "config").mkdir(parents=True)
        config = tmp_path / "kiosk.toml"
        config.write_text(f"speak_command = {speak_command!r}\n".replace("'", '"'), encoding="utf-8")
        installed = shutil.which("kiosk")
        command = [installed] if installed else [sys.executable, "-m", "kiosk"]
        env = {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "KIOSK_CONFIG": str(config),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }
        launch = " ".join(
            [
                "env",
                *("-u", "KIOSK_DB", "-u", "COLUMNS", "-u", "LINES"),
                *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
                *map(shlex.quote, command),
                "run",
                "--db",
                shlex.quote(str(tmp_path / "k.db")),
            ]
        )
        self.socket_dir = Path(tempfile.mkdtemp(prefix="ks"))  # socket paths have a length limit
        self.socket = self.socket_dir / "s"
        self.session = f"speech-{os.getpid()}"
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", self.session, "-x", "100", "-y", "30", "cat")
        self.tmux("respawn-pane", "-k", "-t", self.session, launch)

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, check=True, timeout=10
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str) -> str:
        wait_until(lambda: text in self.screen(), f"{text!r} on the screen")
        return self.screen()

    def close(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True, timeout=10)
        shutil.rmtree(self.socket_dir, ignore_errors=True)


@pytest.fixture
def recording(tmp_path: Path) -> Iterator[tuple[Kiosk, Path]]:
    said = tmp_path / "said"
    said.mkdir()
    script = tmp_path / "record-speech"
    # One file per utterance: its arguments on the first line, then the text it was given on its input.
    body = '{ echo "$*"; cat; } > "$out.part"\nmv "$out.part" "$out"\n'
    script.write_text(f"#!/bin/sh\nout={shlex.quote(str(said))}/$(date +%s%N)\n{body}", encoding="utf-8")
    script.chmod(0o755)
    kiosk = Kiosk(tmp_path, f"{script} --voice {{voice}}")
    try:
        yield kiosk, said
    finally:
        kiosk.close()


def utterances(said: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(said.iterdir()) if path.suffix != ".part"]


def test_f4_hands_each_screen_to_the_speak_command_in_the_visitors_language(recording: tuple[Kiosk, Path]) -> None:
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


def test_the_elderly_friendly_mode_reads_each_new_screen_without_a_key(recording: tuple[Kiosk, Path]) -> None:
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
    kiosk = Kiosk(tmp_path, str(tmp_path / "no-such-speech-engine"))
    try:
        kiosk.wait_for("江苏省社会保障卡 办事指引")
        kiosk.keys("F4")
        kiosk.wait_for("本机没有安装语音朗读")
        kiosk.keys("Enter")
        kiosk.wait_for("您要办理什么业务？")  # and the kiosk carries on
    finally:
        kiosk.close()
