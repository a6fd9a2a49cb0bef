"""One writer for kiosk.log: a supervised kiosk sends its records to the supervisor, which alone writes and
rotates the file, so no line is lost across rotations and restarts."""

from __future__ import annotations

import logging
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from log_helpers import close_logging

from kiosk.crashlog import LOG_FILE, setup_logging
from kiosk.supervise import Supervisor

# A kiosk stand-in that logs as the kiosk does (setup_logging, the "kiosk" and "store" loggers): 500 lines
# per start, and a crash with its traceback; the first start fails (exit 1), the second is a staff exit.
CHILD = textwrap.dedent(
    """
    import logging, sys
    from pathlib import Path
    from kiosk.crashlog import log_crash, setup_logging
    counter = Path(sys.argv[1])
    start = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(start))
    setup_logging(Path(sys.argv[2]) / "child-would-write-here")
    for number in range(500):
        name = "store.db" if number % 2 else "kiosk.app"
        logging.getLogger(name).info("line %d of start %d", number, start)
    try:
        raise RuntimeError("the screen could not be drawn")
    except RuntimeError as err:
        log_crash(err, context=f"start {start}")
    sys.exit(1 if start == 1 else 0)
    """
)


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    setup_logging(folder, max_bytes=8_000, backup_count=30)
    yield folder
    close_logging()


def every_log_line(log_dir: Path) -> list[str]:
    files = sorted(log_dir.glob(f"{LOG_FILE}*"), key=lambda f: -int(f.suffix[1:]) if f.suffix[1:].isdigit() else 0)
    return [line for file in files for line in file.read_text(encoding="utf-8").splitlines()]


def test_a_thousand_lines_across_a_restart_and_rotations_are_all_in_the_log(tmp_path: Path, log_dir: Path) -> None:
    sleeps: list[float] = []
    supervisor = Supervisor(
        [sys.executable, "-c", CHILD, str(tmp_path / "starts"), str(tmp_path)],
        logger=logging.getLogger("kiosk"),
        sleep=sleeps.append,
    )
    assert supervisor.run() == 0
    assert supervisor.starts == 2 and len(sleeps) == 1

    lines = every_log_line(log_dir)
    rotated = sorted(p.name for p in log_dir.iterdir())
    assert len(rotated) > 5, rotated  # the file was rotated several times while the children wrote
    # Only the child's records end so (the supervisor's "starting" line quotes the child's source).
    record = re.compile(r"^\S+ \S+ INFO (kiosk\.app|store\.db) \d+: line (\d+) of start (\d)$")
    found = [match for line in lines if (match := record.match(line))]
    # All 1,000, once each, in order, each with its level, its logger and the child's process id.
    assert [(int(m.group(3)), int(m.group(2))) for m in found] == [(start, n) for start in (1, 2) for n in range(500)]
    # The supervisor's lines come after the child's last ones: the restart waited for its log.
    first_crash = next(i for i, line in enumerate(lines) if "crash in start 1" in line)
    restart = next(i for i, line in enumerate(lines) if "exited with code 1" in line)
    assert first_crash < restart
    assert "RuntimeError: the screen could not be drawn" in lines[first_crash]
    assert lines[first_crash + 1] == "Traceback (most recent call last):"
    assert not (tmp_path / "child-would-write-here").exists()  # the children never opened a log file
