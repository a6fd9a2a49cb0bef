"""The lobby's demand from a database seeded with known rows: `kiosk stats` as CSV and text, exactly."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from staff_helpers import seed_demand

from kiosk.cli import run
from kiosk.guide.demand import bar, build_demand, cells, sparkline
from kiosk.guide.model import Guide

EXPECTED_CSV_EN = """\
figure,from,to,procedure,question,count,procedure_title,question_text
walkthroughs,2026-03-01,2026-03-01,first_application,,2,First application (individual),
walkthroughs,2026-03-03,2026-03-03,first_application,,1,First application (individual),
walkthroughs,2026-03-03,2026-03-03,report_loss,,1,Report a lost card,
walkthroughs,2026-03-07,2026-03-07,reissue,,3,Reissue a lost card,
gave_up,2026-03-01,2026-03-07,first_application,age,3,First application (individual),\
How old is the applicant (in full years)?
gave_up,2026-03-01,2026-03-07,reissue,formal_loss_report,2,Reissue a lost card,\
Has your card's formal loss report been made?
gave_up,2026-03-01,2026-03-07,report_loss,,1,Report a lost card,(before the first question)
"""

EXPECTED_CSV_ZH = """\
figure,from,to,procedure,question,count,procedure_title,question_text
walkthroughs,2026-03-01,2026-03-01,first_application,,2,个人首次申领社保卡,
walkthroughs,2026-03-03,2026-03-03,first_application,,1,个人首次申领社保卡,
walkthroughs,2026-03-03,2026-03-03,report_loss,,1,挂失,
walkthroughs,2026-03-07,2026-03-07,reissue,,3,补卡,
gave_up,2026-03-01,2026-03-07,first_application,age,3,个人首次申领社保卡,申请人多少周岁？
gave_up,2026-03-01,2026-03-07,reissue,formal_loss_report,2,补卡,您的卡已经办理正式挂失了吗？
gave_up,2026-03-01,2026-03-07,report_loss,,1,挂失,（回答第一题之前）
"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The database, and a configuration that keeps its rows (they are older than the default 30 days)."""
    folder = tmp_path_factory.mktemp("stats")
    seed_demand(folder / "kiosk.db")
    config = folder / "kiosk.toml"
    config.write_text(f'retention_days = 3650\ndata_dir = "{folder}"\n', encoding="utf-8")
    return folder / "kiosk.db", config


def stats(capsys: pytest.CaptureFixture[str], seeded: tuple[Path, Path], *args: str) -> tuple[int, str, str]:
    db, config = seeded
    code = run(["stats", "--db", str(db), "--config", str(config), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_in_english_is_exactly_the_seeded_figures(
    capsys: pytest.CaptureFixture[str], seeded: tuple[Path, Path]
) -> None:
    code, out, err = stats(capsys, seeded, "--since", "2026-03-01", "--until", "2026-03-07", "--csv", "--lang", "en")
    assert (code, err) == (0, "")
    assert out == EXPECTED_CSV_EN


def test_csv_in_chinese_reads_back_as_a_spreadsheet_would(
    capsys: pytest.CaptureFixture[str], seeded: tuple[Path, Path]
) -> None:
    code, out, _ = stats(capsys, seeded, "--until", "2026-03-07", "--csv")  # --days 7 and zh are the defaults
    assert code == 0
    assert out == EXPECTED_CSV_ZH
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sum(int(r["count"]) for r in rows if r["figure"] == "walkthroughs") == 7
    assert sum(int(r["count"]) for r in rows if r["figure"] == "gave_up") == 6


def test_a_one_day_period_counts_that_day_only(capsys: pytest.CaptureFixture[str], seeded: tuple[Path, Path]) -> None:
    _, out, _ = stats(capsys, seeded, "--since", "2026-03-08", "--until", "2026-03-08", "--csv", "--lang", "en")
    assert out.splitlines()[1:] == ["walkthroughs,2026-03-08,2026-03-08,reissue,,1,Reissue a lost card,"]


EXPECTED_TEXT_EN = """\
2026-03-01 to 2026-03-07 (7 days)

Walkthroughs per procedure per day (total 7)
  First application (individual)      3 ███████████████████████████████ █·▄····
  Report a lost card                  1 ██████████▍                     ··█····
  Reissue a lost card                 3 ███████████████████████████████ ······█

Where visitors gave up (no checklist) (total 6)
  First application (individual): How old is the applican…    3 ██████████████
  Reissue a lost card: Has your card's formal loss report…    2 █████████▍
  Report a lost card: (before the first question)             1 ████▋
"""


def test_text_report_draws_a_bar_and_a_day_by_day_line_per_procedure(
    capsys: pytest.CaptureFixture[str], seeded: tuple[Path, Path]
) -> None:
    code, out, _ = stats(capsys, seeded, "--since", "2026-03-01", "--until", "2026-03-07", "--lang", "en")
    assert code == 0
    assert out == EXPECTED_TEXT_EN
    assert {cells(line) for line in out.splitlines()} <= set(range(81))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-03-08", "--until", "2026-03-01"], "--since 2026-03-08 is after --until 2026-03-01"),
        (["--since", "3/1/2026"], "--since '3/1/2026' is not a day; write it as YYYY-MM-DD"),
    ],
)
def test_a_bad_period_exits_2_saying_what_to_write(
    capsys: pytest.CaptureFixture[str], seeded: tuple[Path, Path], args: list[str], message: str
) -> None:
    code, out, err = stats(capsys, seeded, *args)
    assert (code, out) == (2, "")
    assert message in err


def test_no_database_exits_1_and_creates_none(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = run(["stats", "--db", str(tmp_path / "missing.db")])
    assert code == 1
    assert "there is no database at" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()


# -- the figures themselves ---------------------------------------------------------------------


def test_days_without_walkthroughs_count_zero_and_unknown_procedures_go_last(guide: Guide) -> None:
    demand = build_demand(
        guide,
        date(2026, 3, 1),
        date(2026, 3, 3),
        [
            (date(2026, 3, 3), "retired_procedure", 4),
            (date(2026, 3, 2), "reissue", 1),
            (date(2026, 3, 9), "reissue", 9),
        ],
        [],
    )
    assert [(w.procedure, w.per_day) for w in demand.walkthroughs] == [
        ("reissue", (0, 1, 0)),
        ("retired_procedure", (0, 0, 4)),
    ]
    assert demand.walkthroughs[1].title.en == "retired_procedure"


def test_bars_are_drawn_in_eighths_of_a_cell() -> None:
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 10, 4) == "▍"  # 3.2 eighths round to 3
    assert bar(1, 1000, 4) == "▏"  # never less than an eighth, so a count is never invisible
    assert bar(0, 10, 4) == ""


def test_sparkline_has_one_cell_per_day_and_a_dot_for_none() -> None:
    assert sparkline([0, 1, 4, 8]) == "·▁▄█"
    assert cells("个人 ab") == 7


STATS_WITHOUT_TEXTUAL = """
import sys
from kiosk.cli import run
code = run(sys.argv[1:])
print(code, sorted(name for name in sys.modules if name.split(".")[0] in ("textual", "rich", "screens")))
"""


def test_kiosk_stats_reads_the_database_without_importing_the_user_interface(seeded: tuple[Path, Path]) -> None:
    db, config = seeded
    command = [
        sys.executable,
        "-c",
        STATS_WITHOUT_TEXTUAL,
        "stats",
        "--db",
        str(db),
        "--config",
        str(config),
        "--csv",
        "--since",
        "2026-03-01",
        "--until",
        "2026-03-07",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    *figures, last = result.stdout.splitlines()
    assert figures[0].startswith("figure,from,to") and len(figures) == 8  # it did read the rows
    assert last == "0 []"
