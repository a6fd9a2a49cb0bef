"""Counter staff mode, driven by keys on a real database: open by code, mark handled, walk through, the lock."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from lobby_helpers import Clock as LobbyClock
from lobby_helpers import lobby_app, pin_guard, ticks
from staff_helpers import press_for_next_screen, staff_app, type_pin
from store_helpers import Clock, raw_rows, utc
from textual.widgets import Input
from wizard_helpers import drawn_lines, keys_for, press, procedure_key, shown

from kiosk.app import KioskApp
from kiosk.cli import run
from kiosk.config import IdleSettings
from kiosk.guide.engine import build_checklist
from kiosk.guide.lines import describe_why
from kiosk.guide.model import Checklist, Guide, Note, Text
from kiosk.mode import Mode
from kiosk.staff import StaffStore
from screens.staff.open_by_code import OpenByCode
from screens.staff.saved_checklist import SavedChecklistScreen
from screens.staff.staff_home import StaffHome
from screens.staff.staff_lock import StaffLock
from screens.visitor.choose_procedure import ChooseProcedure
from screens.visitor.welcome import Welcome
from screens.widgets.line_list import LineList
from store import Store

ANSWERS: tuple[tuple[str, str | int], ...] = (("identity", "mainland"), ("age", 12), ("channel", "instant_outlet"))


@pytest.fixture
def clock() -> LobbyClock:
    return LobbyClock()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.db"


@pytest.fixture
def store(db: Path) -> Store:
    return Store(db, now=Clock(utc(2026, 3, 5, 1, 30)))


@pytest.fixture
def today(guide: Guide) -> Checklist:
    procedure = guide.procedure("first_application")
    assert procedure is not None
    return build_checklist(guide, procedure, dict(ANSWERS))


def save(store: Store, checklist: Checklist | None, *, version: str, visit: str = "visit-1", lang: str = "en") -> str:
    saved = store.save(
        visit_id=visit,
        procedure="first_application",
        answers=ANSWERS,
        guide_version=version,
        lang=lang,
        channel="kiosk",
        checklist=checklist,
    )
    return saved.pickup_code


async def open_code(app: KioskApp, pilot: object, typed: str) -> None:
    """From the staff home: choose "open by code", type `typed` and Enter."""
    await press(pilot, "1")  # type: ignore[arg-type]
    assert isinstance(app.screen, OpenByCode)
    await press_for_next_screen(app, pilot, *typed, "enter")  # type: ignore[arg-type]


async def test_kiosk_staff_shows_nothing_before_the_pin_then_the_staff_home(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock
) -> None:
    app = staff_app(guide, store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StaffLock)
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["StaffLock"]
        assert "工作人员模式已锁定  Staff mode is locked" in shown(app.screen)
        await type_pin(app, pilot, "000000")
        assert isinstance(app.screen, StaffLock)
        await type_pin(app, pilot)
        assert isinstance(app.screen, StaffHome)
        text = shown(app.screen)
        for choice in ("1  按取件码打开清单", "2  陪同访客办理", "3  办事统计", "4  锁定", "5  退出工作人员模式"):
            assert choice in text
        assert "无操作 120 秒后自动锁定。" in text


async def test_a_code_typed_any_which_way_opens_the_checklist_as_saved_with_why_each_line_is_there(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    code = save(store, today, version=guide.version)
    loosely = f" {code[:2].lower()} {code[2]}{code[4:].lower()}"  # "k7 mq4x": lower case, a space, no dash
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, loosely)
        assert isinstance(app.screen, SavedChecklistScreen)
        text = shown(app.screen)
        assert f"Pickup code {code}  First application (individual) — Checklist" in text
        assert "Saved 2026-03-05 09:30 (at the kiosk; visitor's language: English)" in text
        assert "Status: not handled yet" in text
        assert f"Saved under the current guide (version {guide.version})." in text
        for line in [*today.items, *today.steps, *today.notes]:
            assert f"↳ {describe_why(line.because, line.section, guide, 'en')}" in text
        assert "↳ because: How old is the applicant (in full years)?: 12 | guide 二(一)2" in text
        for answer in today.answers:
            assert f"{answer.question_text.en} {answer.answer_text.en}" in text
        await press(pilot, "f2")
        text = shown(app.screen)
        assert f"取件码 {code}  个人首次申领社保卡 — 办事清单" in text
        assert "保存于 2026-03-05 09:30（自助机，访客语言：English）" in text
        assert "↳ 原因：申请人多少周岁？：12 | 指南 二(一)2" in text


async def test_marking_handled_is_saved_in_the_database_at_once(
    guide: Guide, store: Store, db: Path, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    code = save(store, today, version=guide.version)
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        assert "Status: not handled yet" in shown(app.screen)
        await press_for_next_screen(app, pilot, "h")
        assert isinstance(app.screen, SavedChecklistScreen)
        assert "Status: handled ✔" in shown(app.screen)
        assert not app.screen.query("#mark-handled")
        assert raw_rows(db, "SELECT status FROM checklists WHERE pickup_code = ?", (code.replace("-", ""),)) == [
            ("handled",)
        ]
        await press(pilot, "escape")
        assert isinstance(app.screen, OpenByCode) and app.screen.query_one(Input).value == ""
        await press(pilot, "escape")
        assert isinstance(app.screen, StaffHome)
    reopened = Store(db, now=Clock(utc(2026, 3, 5, 2)))  # as after a restart
    found = reopened.find(code)
    reopened.close()
    assert found is not None and found.status == "handled"


@pytest.mark.parametrize(
    ("typed", "zh", "en"),
    [
        (
            "abc def",
            "没有取件码为 ABC-DEF 的清单，最近 120 天也没有过。请与访客核对取件码（打印单、照片或二维码上的）",
            "No checklist has the code ABC-DEF, and none had it in the last 120 days. Check the code against the "
            "visitor's slip, photo or QR code",
        ),
        (
            "K7M-Q40",
            "“K7M-Q40”不是取件码：取件码由 6 个字母或数字组成（如 K7M-Q4X），不含 0、O、1、I、L。",
            "“K7M-Q40” is not a pickup code: a code is 6 letters or digits (like K7M-Q4X) and never has 0, O, 1, I",
        ),
    ],
    ids=["unknown", "not a code"],
)
async def test_an_unknown_code_says_so_plainly_and_keeps_what_was_typed(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, typed: str, zh: str, en: str
) -> None:
    app = staff_app(guide, store, tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, typed)
        assert isinstance(app.screen, OpenByCode)
        assert app.screen.query_one(Input).value == typed
        assert zh in shown(app.screen).replace("\n", "")
        await press(pilot, "f2")
        assert en in shown(app.screen).replace("\n", "")


async def test_a_purged_code_is_told_apart_as_expired_with_its_day_and_what_to_do(
    guide: Guide, db: Path, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    store_clock = Clock(utc(2026, 2, 1))
    store = Store(db, now=store_clock, retention_days=30)
    code = save(store, today, version=guide.version)
    store_clock.advance(days=31)
    assert store.purge() == 1
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code.lower())
        assert isinstance(app.screen, OpenByCode)
        assert app.screen.query_one(Input).value == code.lower()
        text = shown(app.screen).replace("\n", " ")
        assert (
            f"The checklist {code} has expired: it was saved on 2026-02-01 and deleted after the 30-day retention "
            "period (none of its answers are kept). The code is right: tell the visitor it expired, and walk them "
            "through again for a new checklist and code."
        ) in text
        await press(pilot, "f2")
        assert f"取件码 {code} 的清单已过期：它保存于 2026-02-01，超过 30 天的保存期后已删除" in shown(app.screen)


async def test_a_code_expired_so_long_ago_that_it_is_forgotten_is_no_such_code(
    guide: Guide, db: Path, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    store_clock = Clock(utc(2026, 2, 1))
    store = Store(db, now=store_clock, retention_days=30, expired_code_days=90)
    code = save(store, today, version=guide.version)
    store_clock.advance(days=30 + 90 + 2)
    assert store.purge() == 1
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        assert f"No checklist has the code {code}, and none had it in the last 120 days." in shown(app.screen)


async def test_a_checklist_from_an_older_guide_opens_as_saved_and_says_what_differs_now(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    old_rule = Note("warning", Text(zh="旧规定：须带两张照片", en="Old rule: bring two photos"), "二(九)", ())
    older = today._replace(guide_version="0dd0", items=today.items[1:], notes=(*today.notes, old_rule))
    code = save(store, older, version="0dd0")
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(100, 50)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        assert isinstance(app.screen, SavedChecklistScreen)
        notice = shown(app.screen.query_one("#guide-notice"))
        assert notice.startswith(
            "⚠ The guide has changed since: this checklist was saved under guide 0dd0 and is shown as saved. "
            f"Today's guide ({guide.version}) for the same answers:\nadds:\n+ the applicant's valid identity"
        )
        assert notice.endswith("no longer lists:\n- ⚠ Old rule: bring two photos")
        lines = drawn_lines(app.screen.query_one(LineList))
        assert "⚠ Old rule: bring two photos" in lines  # shown as the visitor saw it
        assert not any(line.startswith("☐ the applicant's valid identity document") for line in lines)


async def test_a_row_kept_without_its_checklist_is_rebuilt_from_its_answers(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    code = save(store, None, version=guide.version)
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        assert isinstance(app.screen, SavedChecklistScreen)
        assert app.screen.opened.checklist == today
        assert "This record kept only the answers; the checklist below is rebuilt" in shown(app.screen)


async def test_a_staff_walkthrough_is_saved_as_counter_with_the_checklist_shown_and_why_each_line_is_there(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    procedure = guide.procedure("first_application")
    assert procedure is not None
    app = staff_app(guide, store, tmp_path, clock, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await type_pin(app, pilot)
        await press(pilot, "2")
        assert isinstance(app.screen, ChooseProcedure)
        await press(pilot, procedure_key(guide, "first_application"), *keys_for(procedure, ANSWERS))
        await press_for_next_screen(app, pilot, "enter")
        text = shown(app.screen)
        code = app.visit.pickup_code
        assert code is not None and f"Pickup code: {code}" in text
        assert "↳ because: How old is the applicant (in full years)?: 12 | guide 二(一)2" in text
        await press(pilot, "f5")
        assert isinstance(app.screen, StaffHome)
    found = store.find(code)
    assert found is not None
    assert (found.channel, found.answers, found.lang, found.checklist) == ("counter", ANSWERS, "en", today)


async def test_staff_mode_locks_after_120_quiet_seconds_and_the_pin_uncovers_the_same_screen(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock, today: Checklist
) -> None:
    code = save(store, today, version=guide.version)
    app = staff_app(guide, store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_pin(app, pilot)
        await open_code(app, pilot, code)
        opened = app.screen
        clock.advance(119)
        await ticks(pilot)
        assert app.screen is opened
        await press(pilot, "end")  # a key: the 120 seconds start again
        clock.advance(119)
        await ticks(pilot)
        assert app.screen is opened
        clock.advance(1)
        await ticks(pilot)
        assert isinstance(app.screen, StaffLock)
        clock.advance(600)  # a counter PC stays locked however long it waits
        await ticks(pilot)
        assert isinstance(app.screen, StaffLock)
        await press(pilot, "f5", "f12", "f2", "tab", "enter")  # no key gets past the lock
        assert isinstance(app.screen, StaffLock) and app.screen_stack[-2] is opened
        await type_pin(app, pilot)
        assert app.screen is opened


async def test_lock_from_the_staff_home_and_esc_at_the_lock_ends_kiosk_staff(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock
) -> None:
    app = staff_app(guide, store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_pin(app, pilot)
        await press(pilot, "4")
        assert isinstance(app.screen, StaffLock)
        assert "Esc：退出程序\nEsc: quit" in shown(app.screen)
        await pilot.pause(0.05)
        assert isinstance(app.screen, StaffLock)  # the staff home did not come back over it
        await press(pilot, "escape")
    assert app.return_code == 0 and app.staff_exit


async def test_leave_staff_mode_ends_kiosk_staff(guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock) -> None:
    app = staff_app(guide, store, tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_pin(app, pilot)
        await press(pilot, "5")
    assert app.return_code == 0 and app.staff_exit


async def test_from_the_lobby_staff_reach_the_staff_home_and_leave_back_to_visitors(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock
) -> None:
    app = lobby_app(guide, store, clock=clock, guard=pin_guard(tmp_path, clock), idle=IdleSettings(staff_lock=120))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "f12")
        await type_pin(app, pilot)
        await press(pilot, "2")  # the staff menu: counter (staff) mode
        assert isinstance(app.screen, StaffHome) and app.mode is Mode.COUNTER
        await press(pilot, "5")
        assert isinstance(app.screen, Welcome) and app.mode is Mode.VISITOR
        await press(pilot, "f12")
        await type_pin(app, pilot)
        await press(pilot, "2")
        clock.advance(120)
        await ticks(pilot)
        assert isinstance(app.screen, StaffLock)
        assert "Esc：退出工作人员模式，回到访客模式" in shown(app.screen)
        clock.advance(120)  # nobody came back: the lobby kiosk goes back to visitors
        await ticks(pilot)
        assert isinstance(app.screen, Welcome) and app.mode is Mode.VISITOR


def test_kiosk_staff_without_a_pin_says_to_set_one_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path}"\n', encoding="utf-8")
    assert run(["staff", "--config", str(config), "--db", str(tmp_path / "kiosk.db")]) == 1
    assert "no staff PIN is set; run `kiosk set-pin` first" in capsys.readouterr().err
    assert not (tmp_path / "kiosk.db").exists()


def test_staff_mode_can_only_read_count_and_mark_handled() -> None:
    """Nothing in staff mode can delete a record or change the guide: its store has no way to."""
    methods = {name for name, _ in inspect.getmembers(StaffStore, inspect.isfunction) if not name.startswith("_")}
    assert methods == {"find", "expired_on", "mark_handled", "counts_per_day", "abandonments"}


async def test_staff_are_told_once_that_a_damaged_store_was_started_afresh_and_where_the_old_file_is(
    guide: Guide, tmp_path: Path, clock: LobbyClock
) -> None:
    database = tmp_path / "kiosk.db"
    database.write_bytes(b"not a database at all " * 200)  # a file damaged beyond reading
    store = Store(database)
    assert store.moved_aside is not None and store.moved_aside.exists()
    app = staff_app(guide, store, tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_pin(app, pilot)
        assert isinstance(app.screen, StaffHome)
        text = shown(app.screen)
        assert "本机存储文件已损坏，已重新建立空白存储" in text
        assert store.moved_aside.name in text.replace("\n", "")
        await press_for_next_screen(app, pilot, "1")  # open by code, and back to the home
        await press_for_next_screen(app, pilot, "escape")
        assert isinstance(app.screen, StaffHome)
        assert "本机存储文件已损坏" not in shown(app.screen)  # once is enough


async def test_no_store_notice_when_the_store_opened_cleanly(
    guide: Guide, store: Store, tmp_path: Path, clock: LobbyClock
) -> None:
    app = staff_app(guide, store, tmp_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_pin(app, pilot)
        assert isinstance(app.screen, StaffHome)
        assert not app.screen.query("#store-notice")
