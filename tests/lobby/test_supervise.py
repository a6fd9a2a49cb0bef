"""`kiosk run --supervise` restarts a kiosk that stops unexpectedly, forever, with a growing pause and an
"out of service" notice on the screen meanwhile."""

from __future__ import annotations

import argparse
import io
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
import types
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from log_helpers import close_logging

import kiosk.supervise
from kiosk import cli
from kiosk.crashlog import KIOSK_FPS, LOG_FILE, setup_logging
from kiosk.supervise import (
    SUPERVISED_ENV,
    RestartPolicy,
    Supervisor,
    child_command,
    describe_exit,
)


class Clock:
    def __init__(self) -> None:
        self.time = 1000.0

    def __call__(self) -> float:
        return self.time


class FakeChild:
    def __init__(self, code: int) -> None:
        self.code = code
        self.terminated = False

    def wait(self) -> int:
        return self.code

    def terminate(self) -> None:
        self.terminated = True


class FakeKiosk:
    """Spawns children that exit with the given codes in turn, each `runtime` seconds on the clock."""

    def __init__(self, codes: Sequence[int | OSError], clock: Clock, runtime: float = 2.0) -> None:
        self.codes = list(codes)
        self.clock = clock
        self.runtime = runtime
        self.commands: list[list[str]] = []
        self.envs: list[dict[str, str]] = []

    def __call__(self, command: Sequence[str], env: Mapping[str, str]) -> FakeChild:
        self.commands.append(list(command))
        self.envs.append(dict(env))
        self.clock.time += self.runtime
        code = self.codes.pop(0)
        if isinstance(code, OSError):
            raise code
        return FakeChild(code)


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    setup_logging(folder)
    yield folder
    close_logging()


def read_log(log_dir: Path) -> str:
    return (log_dir / LOG_FILE).read_text(encoding="utf-8")


def make_supervisor(
    codes: Sequence[int | OSError], *, runtime: float = 2.0, notice: io.StringIO | None = None
) -> tuple[Supervisor, FakeKiosk, list[float]]:
    clock = Clock()
    kiosk = FakeKiosk(codes, clock, runtime)
    sleeps: list[float] = []
    supervisor = Supervisor(
        ["kiosk", "run"],
        logger=logging.getLogger("kiosk"),
        now=clock,
        sleep=sleeps.append,
        spawn=kiosk,
        notice=notice,
        log_path=Path("/var/log/kiosk.log"),
        env={"PATH": "/usr/bin", "TEXTUAL": "devtools", "TEXTUAL_PRESS": "ctrl+q"},
    )
    return supervisor, kiosk, sleeps


def test_staff_exit_ends_the_supervisor(log_dir: Path) -> None:
    supervisor, kiosk, sleeps = make_supervisor([0])
    assert supervisor.run() == 0
    assert len(kiosk.commands) == 1
    assert sleeps == []
    assert "the kiosk exited normally (staff); not restarting" in read_log(log_dir)


def test_a_crashed_kiosk_is_restarted_within_five_seconds(log_dir: Path) -> None:
    supervisor, kiosk, sleeps = make_supervisor([1, -signal.SIGSEGV, 0])
    assert supervisor.run() == 0
    assert kiosk.commands == [["kiosk", "run"]] * 3
    assert sleeps == [1.0, 2.0]
    assert RestartPolicy().delay <= 5
    log = read_log(log_dir)
    assert (
        "the kiosk exited with code 1 after 2 s (failure 1 in a row); out of service, restarting in 1 s; "
        "details in /var/log/kiosk.log" in log
    )
    assert "the kiosk killed by SIGSEGV after 2 s (failure 2 in a row); out of service, restarting in 2 s" in log


def test_it_never_gives_up_the_pause_grows_to_a_minute_and_the_notice_shows_each_time() -> None:
    """Five minutes (on the supervisor's clock) of a kiosk that dies at once, every time: it is still
    restarted at the end, the pause doubles from 1 s to at most 60 s, and the notice is on the screen."""
    notice = io.StringIO()
    supervisor, kiosk, sleeps = make_supervisor([1] * 15 + [0], runtime=0.1, notice=notice)
    clock = kiosk.clock

    def sleep(seconds: float) -> None:  # the pause passes on the supervisor's clock
        sleeps.append(seconds)
        clock.time += seconds

    supervisor._sleep = sleep
    assert supervisor.run() == 0
    assert sleeps[:8] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    assert max(sleeps) == 60.0
    assert clock.time - 1000.0 > 5 * 60  # over five minutes of failures, and still restarting
    assert supervisor.starts == 16
    shown = notice.getvalue()
    assert shown.count("\x1b[2J") == 15
    assert shown.count("暂停服务，请到窗口办理") == 15 and shown.count("Out of service, please go to a counter") == 15


def test_a_kiosk_that_ran_for_a_while_starts_the_pause_again_at_one_second() -> None:
    supervisor, kiosk, sleeps = make_supervisor([1, 1, 1, 1, 0], runtime=2.0)
    kiosk_runtimes = iter([2.0, 2.0, 2.0, 400.0, 2.0])

    def spawn(command: Sequence[str], env: Mapping[str, str]) -> FakeChild:
        kiosk.runtime = next(kiosk_runtimes)
        return kiosk(command, env)

    supervisor._spawn = spawn
    assert supervisor.run() == 0
    assert sleeps == [1.0, 2.0, 4.0, 1.0]  # the fourth ran 400 s: a fresh run of failures


def test_the_notice_fills_the_screen_with_both_languages_centred() -> None:
    text = kiosk.supervise.out_of_service_notice(80, 24)
    assert text.startswith("\x1b[2J\x1b[3J\x1b[H")
    lines = text[len("\x1b[2J\x1b[3J\x1b[H") :].split("\n")
    words = [line for line in lines if line.strip()]
    assert [line.strip() for line in words] == [
        "暂停服务，请到窗口办理",
        "Out of service, please go to a counter",
        "正在重新启动，请稍候",
        "Restarting, please wait",
    ]
    assert lines.index(words[0]) >= 9  # in the middle of 24 lines, not at the top
    assert words[1].index("O") == (80 - len("Out of service, please go to a counter")) // 2
    assert words[0].index("暂") == (80 - 22) // 2  # 11 wide characters: 22 columns


def test_a_kiosk_that_cannot_even_start_is_tried_again(log_dir: Path) -> None:
    supervisor, kiosk, sleeps = make_supervisor([OSError("no such file")] * 7 + [0])
    assert supervisor.run() == 0
    assert kiosk.codes == []
    assert read_log(log_dir).count("cannot start the kiosk: no such file") == 7
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0]


def test_the_child_gets_no_textual_developer_switches_and_knows_it_is_supervised() -> None:
    supervisor, kiosk, _ = make_supervisor([0])
    supervisor.run()
    assert kiosk.envs == [{"PATH": "/usr/bin", SUPERVISED_ENV: "1", "TEXTUAL_FPS": KIOSK_FPS}]


def test_a_stop_signal_ends_the_kiosk_and_is_not_restarted() -> None:
    clock = Clock()
    children: list[FakeChild] = []

    class StoppedWhileRunning(FakeChild):
        def wait(self) -> int:
            supervisor.stop(signal.SIGTERM)
            return -signal.SIGTERM

    def spawn(command: Sequence[str], env: Mapping[str, str]) -> FakeChild:
        children.append(StoppedWhileRunning(0))
        return children[-1]

    supervisor = Supervisor(["kiosk"], logger=logging.getLogger("kiosk"), now=clock, sleep=lambda s: None, spawn=spawn)
    assert supervisor.run() == 128 + signal.SIGTERM
    assert len(children) == 1
    assert children[0].terminated


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["run", "--supervise"], ["run"]),
        (
            ["--guide", "g", "run", "--lang", "en", "--supervise", "--db", "k.db"],
            ["--guide", "g", "run", "--lang", "en", "--db", "k.db"],
        ),
        (["run", "--sup"], ["run"]),
    ],
)
def test_the_child_runs_the_same_kiosk_command_without_supervise(argv: list[str], expected: list[str]) -> None:
    assert child_command(argv) == [sys.executable, "-m", "kiosk", *expected]


@pytest.mark.parametrize(
    ("code", "text"),
    [(1, "exited with code 1"), (-signal.SIGKILL, "killed by SIGKILL"), (-200, "killed by signal 200")],
)
def test_exits_are_described_in_words(code: int, text: str) -> None:
    assert describe_exit(code) == text


# --- real processes ---------------------------------------------------------------------------

CRASHES_THEN_EXITS = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    counter = Path(sys.argv[1])
    runs = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(runs))
    if runs == 1:
        raise RuntimeError("first start fails")
    if runs == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    if runs <= int(sys.argv[2]):
        sys.exit(3)
    print("kiosk up", os.environ.get("KIOSK_SUPERVISED"))
    """
)


def test_a_real_kiosk_that_crashes_three_times_is_restarted_until_staff_exit(
    tmp_path: Path, log_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    counter = tmp_path / "runs"
    sleeps: list[float] = []
    supervisor = Supervisor(
        [sys.executable, "-c", CRASHES_THEN_EXITS, str(counter), "3"],
        logger=logging.getLogger("kiosk"),
        sleep=sleeps.append,
    )
    assert supervisor.run() == 0
    assert counter.read_text() == "4"
    assert sleeps == [1.0, 2.0, 4.0]
    assert capfd.readouterr().out == "kiosk up 1\n"  # the child writes straight to our terminal
    log = read_log(log_dir)
    assert "the kiosk exited with code 1 after" in log
    assert "the kiosk killed by SIGKILL after" in log
    assert "the kiosk exited with code 3 after" in log
    assert "(failure 3 in a row)" in log
    assert "exited normally (staff)" in log


def test_a_real_kiosk_that_always_fails_is_never_given_up_on(tmp_path: Path, log_dir: Path) -> None:
    supervisor = Supervisor([sys.executable, "-c", "raise SystemExit(4)"], logger=logging.getLogger("kiosk"))

    def sleep(seconds: float) -> None:
        if supervisor.starts >= 12:
            supervisor.stop(signal.SIGTERM)  # the hall's IT person stops it; nothing else would

    supervisor._sleep = sleep
    assert supervisor.run() == 128 + signal.SIGTERM
    assert supervisor.starts == 12
    assert "gave up" not in read_log(log_dir)
    assert read_log(log_dir).count("exited with code 4") == 12


SUPERVISOR_PROGRAM = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kiosk.crashlog import setup_logging
    from kiosk.supervise import supervise
    child = "import time; print('kiosk up', flush=True); time.sleep(30)"
    logger = setup_logging(Path(sys.argv[1]))
    sys.exit(supervise([], logger=logger, command=[sys.executable, "-c", child]))
    """
)


def test_the_supervisor_ignores_terminal_keys_and_stops_on_sigterm(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR_PROGRAM, str(tmp_path / "logs")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "kiosk up\n"
        for key_signal in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
            os.kill(process.pid, key_signal)  # ctrl+c, ctrl+\ and ctrl+z between two kiosk runs
        time.sleep(0.2)
        assert process.poll() is None
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 128 + signal.SIGTERM
        assert time.monotonic() - started < 5
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    log = (tmp_path / "logs" / LOG_FILE).read_text(encoding="utf-8")
    assert "stopped by SIGTERM; the kiosk killed by SIGTERM" in log
    assert log.count("starting the kiosk") == 1


# --- `kiosk run --supervise` ------------------------------------------------------------------


def test_run_supervise_supervises_the_same_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SUPERVISED_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "none.toml"))
    calls: list[tuple[list[str], Path | None]] = []

    def fake_supervise(argv: Sequence[str], *, logger: logging.Logger, log_path: Path | None = None) -> int:
        calls.append((list(argv), log_path))
        return 0

    monkeypatch.setattr(kiosk.supervise, "supervise", fake_supervise)  # cli imports it when it supervises
    try:
        assert cli.run(["run", "--lang", "en", "--supervise"]) == 0
    finally:
        close_logging()
    assert calls == [(["run", "--lang", "en", "--supervise"], tmp_path / "jiangsu-card-kiosk" / "logs" / LOG_FILE)]
    assert child_command(calls[0][0]) == [sys.executable, "-m", "kiosk", "run", "--lang", "en"]


def test_a_supervised_kiosk_never_starts_a_second_supervisor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SUPERVISED_ENV, "1")
    ran: list[bool] = []

    def run_kiosk(guide: object, args: argparse.Namespace) -> int:
        ran.append(args.supervise)
        return 0

    fake_launch = types.ModuleType("kiosk.launch")
    fake_launch.run_kiosk = run_kiosk  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kiosk.launch", fake_launch)
    monkeypatch.setattr(kiosk.supervise, "supervise", lambda *a, **k: pytest.fail("supervised twice"))
    assert cli.run(["run", "--supervise"]) == 0
    assert ran == [True]
