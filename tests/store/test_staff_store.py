"""The store keeps each checklist as it was shown, so staff can open it exactly as saved."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from store_helpers import Clock, raw_rows, utc

from kiosk.guide.engine import build_checklist
from kiosk.guide.model import Checklist, Guide
from store import Store

ANSWERS: tuple[tuple[str, str | int], ...] = (("identity", "mainland"), ("age", 12), ("channel", "instant_outlet"))


@pytest.fixture
def checklist(guide: Guide) -> Checklist:
    procedure = guide.procedure("first_application")
    assert procedure is not None
    return build_checklist(guide, procedure, dict(ANSWERS))


def save_shown(kiosk: Store, checklist: Checklist, visit_id: str = "visit-1") -> str:
    saved = kiosk.save(
        visit_id=visit_id,
        procedure=checklist.procedure,
        answers=ANSWERS,
        guide_version=checklist.guide_version,
        lang="en",
        channel="kiosk",
        checklist=checklist,
    )
    return saved.pickup_code


def test_a_saved_checklist_reads_back_exactly_as_shown(tmp_path: Path, checklist: Checklist) -> None:
    with Store(tmp_path / "kiosk.db") as kiosk:
        code = save_shown(kiosk, checklist)
        found = kiosk.find(code)
    assert found is not None
    assert found.checklist == checklist


def test_an_older_checklist_reads_back_as_saved_not_as_rebuilt(tmp_path: Path, checklist: Checklist) -> None:
    older = checklist._replace(guide_version="0123abcd", items=checklist.items[:1])
    with Store(tmp_path / "kiosk.db") as kiosk:
        saved = kiosk.save(
            visit_id="visit-old",
            procedure=older.procedure,
            answers=ANSWERS,
            guide_version="0123abcd",
            lang="zh",
            channel="kiosk",
            checklist=older,
        )
        found = kiosk.find(saved.pickup_code)
    assert found is not None and found.checklist == older
    assert len(found.checklist.items) == 1


def test_a_row_saved_without_its_checklist_has_none(tmp_path: Path, checklist: Checklist) -> None:
    with Store(tmp_path / "kiosk.db") as kiosk:
        saved = kiosk.save(
            visit_id="v",
            procedure="first_application",
            answers=ANSWERS,
            guide_version=checklist.guide_version,
            lang="zh",
            channel="counter",
        )
        found = kiosk.find(saved.pickup_code)
    assert found is not None and found.checklist is None


@pytest.mark.parametrize(
    "change",
    [
        {"procedure": "reissue"},
        {"guide_version": "ffff0000"},
        {"answers": ()},
    ],
    ids=["another procedure", "another guide version", "other answers"],
)
def test_a_checklist_that_does_not_match_its_row_is_refused(
    tmp_path: Path, checklist: Checklist, change: dict[str, object]
) -> None:
    """The stored checklist may hold only what the row's procedure, answers and guide version give."""
    with Store(tmp_path / "kiosk.db") as kiosk, pytest.raises(ValueError, match="not built from"):
        kiosk.save(
            visit_id="v",
            procedure="first_application",
            answers=ANSWERS,
            guide_version=checklist.guide_version,
            lang="zh",
            channel="kiosk",
            checklist=checklist._replace(**change),  # type: ignore[arg-type]
        )
    assert raw_rows(tmp_path / "kiosk.db", "SELECT count(*) FROM checklists") == [(0,)]


def test_a_damaged_saved_checklist_opens_as_none_not_an_error(tmp_path: Path, checklist: Checklist) -> None:
    with Store(tmp_path / "kiosk.db") as kiosk:
        code = save_shown(kiosk, checklist)
    conn = sqlite3.connect(tmp_path / "kiosk.db")
    conn.execute("UPDATE checklists SET checklist_json = '{\"procedure\": 1}'")
    conn.commit()
    conn.close()
    with Store(tmp_path / "kiosk.db") as kiosk:
        found = kiosk.find(code)
    assert found is not None and found.checklist is None and found.procedure == "first_application"


def test_mark_handled_persists_across_a_restart(tmp_path: Path, checklist: Checklist) -> None:
    clock = Clock(utc(2026, 3, 5, 9))
    with Store(tmp_path / "kiosk.db", now=clock) as kiosk:
        code = save_shown(kiosk, checklist)
        assert kiosk.mark_handled(code.lower().replace("-", " "))
    with Store(tmp_path / "kiosk.db", now=clock) as kiosk:
        found = kiosk.find(code)
    assert found is not None and found.status == "handled"
