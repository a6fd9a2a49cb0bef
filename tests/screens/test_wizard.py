"""The visitor's walk through the kiosk, driven by keys and clicks as a visitor would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXED_CODE, FakeStore
from textual.widgets import Input, OptionList
from wizard_helpers import click_key, keys_for, press, procedure_key, shown, wait_for_store

from kiosk.app import KioskApp
from kiosk.guide.engine import paths
from kiosk.guide.model import Guide
from screens.visitor.ask_choice import AskChoice
from screens.visitor.ask_number import AskNumber
from screens.visitor.blocked import Blocked
from screens.visitor.check_answers import CheckAnswers
from screens.visitor.checklist import ChecklistScreen
from screens.visitor.choose_procedure import ChooseProcedure
from screens.visitor.welcome import Welcome
from store import Store

MakeApp = Callable[..., KioskApp]
ADULT_IN_PERSON = ["1", "3", "0", "enter", "1"]  # mainland, 30, the applicant in person


def first_path(guide: Guide, procedure_id: str) -> tuple[tuple[str, str | int], ...]:
    procedure = guide.procedure(procedure_id)
    assert procedure is not None
    return next(iter(paths(procedure)))


@pytest.mark.parametrize(
    "procedure_id",
    [
        "first_application",
        "batch_application",
        "report_loss",
        "cancel_loss_report",
        "reissue",
        "replacement",
        "password_reset",
        "cancellation",
        "information",
    ],
)
async def test_every_procedure_walks_from_welcome_to_a_saved_checklist(
    procedure_id: str, make_app: MakeApp, fake_store: FakeStore, guide: Guide
) -> None:
    procedure = guide.procedure(procedure_id)
    assert procedure is not None
    answers = first_path(guide, procedure_id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Welcome)
        await press(pilot, "enter", procedure_key(guide, procedure_id), *keys_for(procedure, answers))
        if answers:
            assert isinstance(app.screen, CheckAnswers)
            await press(pilot, "enter")
        assert isinstance(app.screen, ChecklistScreen)
        assert FIXED_CODE in shown(app.screen)
        assert procedure.title.zh in shown(app.screen)
    assert [(s["procedure"], s["answers"], s["channel"]) for s in fake_store.saved] == [
        (procedure_id, answers, "kiosk")
    ]


async def test_back_keeps_the_answers_and_pre_selects_them(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "4", "3", "0", "enter")  # foreign national, aged 30
        assert isinstance(app.screen, AskChoice) and app.screen.question.id == "applicant"
        await press(pilot, "escape")
        assert isinstance(app.screen, AskNumber)
        assert app.screen.query_one(Input).value == "30"
        await press(pilot, "escape")
        assert isinstance(app.screen, AskChoice) and app.screen.question.id == "identity"
        choices = app.screen.query_one(OptionList)
        assert choices.highlighted == 3
        assert "外国人\n（您上次的选择）" in shown(app.screen)
        await press(pilot, "enter", "enter")  # keep the highlighted choice, keep the age
        assert isinstance(app.screen, AskChoice) and app.screen.question.id == "applicant"
        assert app.visit.answers == (("identity", "foreign"), ("age", 30))


async def test_back_from_the_first_question_returns_to_the_procedures_with_it_highlighted(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "5", "escape")
        assert isinstance(app.screen, ChooseProcedure)
        assert app.screen.query_one(OptionList).highlighted == 4
        await press(pilot, "escape")
        assert isinstance(app.screen, Welcome)


async def test_changing_an_answer_asks_only_what_the_change_makes_necessary(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", *ADULT_IN_PERSON, "2")  # ... at an instant-issue outlet
        assert isinstance(app.screen, CheckAnswers)
        # A foreign national is not asked how to apply; nothing else needs asking.
        await press(pilot, "1", "4")
        assert isinstance(app.screen, CheckAnswers)
        assert app.visit.answers == (("identity", "foreign"), ("age", 30), ("applicant", "self"))
        # Back to mainland: now the channel must be asked, and only that.
        await press(pilot, "1", "1")
        assert isinstance(app.screen, AskChoice) and app.screen.question.id == "channel"
        assert app.screen.query_one(OptionList).highlighted == 1  # the earlier choice, instant outlet
        await press(pilot, "3")
        assert isinstance(app.screen, CheckAnswers)
        assert app.visit.answers == (
            ("identity", "mainland"),
            ("age", 30),
            ("applicant", "self"),
            ("channel", "express_outlet"),
        )
        # A child is not asked who applies: that answer is dropped.
        await press(pilot, "2", "backspace", "backspace", "1", "2", "enter")
        assert isinstance(app.screen, CheckAnswers)
        assert app.visit.answers == (("identity", "mainland"), ("age", 12), ("channel", "express_outlet"))
        assert "由谁来办理？" not in shown(app.screen)


async def test_back_while_changing_an_answer_changes_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", *ADULT_IN_PERSON, "2", "2")
        assert isinstance(app.screen, AskNumber)
        await press(pilot, "backspace", "5", "escape")
        assert isinstance(app.screen, CheckAnswers)
        assert ("age", 30) in app.visit.answers
        assert "→ 30" in shown(app.screen)


async def test_back_from_check_your_answers_reopens_the_last_question(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "7", "2", "escape")  # password reset: the bank password
        assert isinstance(app.screen, AskChoice) and app.screen.query_one(OptionList).highlighted == 1


async def test_the_progress_line_counts_the_questions(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1")
        assert "第1题，共约4题" in shown(app.screen)
        await press(pilot, "f2", "1")
        assert "Question 2 of about 4" in shown(app.screen)
        await press(pilot, "1", "2", "enter")  # a 12-year-old is not asked who applies
        assert "Question 3 of about 3" in shown(app.screen)


async def test_switching_language_mid_walk_keeps_answers_and_typing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "1", "4")
        assert "申请人多少周岁？" in shown(app.screen)
        await press(pilot, "f2")
        assert isinstance(app.screen, AskNumber)
        assert "How old is the applicant (in full years)?" in shown(app.screen)
        assert app.screen.query_one(Input).value == "4"
        assert app.screen.focused is app.screen.query_one(Input)
        await press(pilot, "5", "enter", "1", "2")
        assert isinstance(app.screen, CheckAnswers)
        assert "→ A mainland Chinese resident" in shown(app.screen)
        assert "→ 45" in shown(app.screen)
        await press(pilot, "f3")
        assert "→ 中國大陸居民" in shown(app.screen)
        await press(pilot, "f2")
        assert "→ A mainland Chinese resident" in shown(app.screen)
        await press(pilot, "f2")
        assert "→ 中国大陆居民" in shown(app.screen)
        assert app.visit.answers[1] == ("age", 45)


async def test_the_age_takes_full_width_digits_and_explains_a_bad_entry(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "1", "a", "b", "enter")
        assert isinstance(app.screen, AskNumber)
        assert "⚠ 请只输入数字（0到150），例如：35" in shown(app.screen)
        await press(pilot, "f2")
        assert "⚠ Please type a number from 0 to 150, for example 35" in shown(app.screen)
        await press(pilot, "backspace", "backspace", "2", "0", "0", "enter")
        assert "⚠ Please type a number from 0 to 150, for example 35" in shown(app.screen)
        app.screen.query_one(Input).value = "\u3000１２ "
        await press(pilot, "enter")
        assert isinstance(app.screen, AskChoice)
        assert ("age", 12) in app.visit.answers


async def test_the_saved_row_matches_the_checklist_on_screen(make_app: MakeApp, tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "2", "1", "2", "enter", "f2", "3", "enter")  # HK, 12: partner bank
        assert isinstance(app.screen, ChecklistScreen)
        code = app.screen.pickup_code
        assert code is not None
        assert f"Pickup code: {code}" in shown(app.screen)
    saved = store.find(code)
    assert saved is not None
    assert (saved.procedure, saved.answers, saved.lang, saved.channel) == (
        "first_application",
        (("identity", "hk_macao"), ("age", 12)),
        "en",
        "kiosk",
    )
    store.close()


async def test_saving_again_after_a_change_keeps_the_pickup_code(make_app: MakeApp, tmp_path: Path) -> None:
    store = Store(tmp_path / "kiosk.db")
    app = make_app(store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "7", "1", "enter")
        first = app.visit.pickup_code
        await press(pilot, "escape", "1", "3", "enter")  # back, change to both passwords, confirm
        assert isinstance(app.screen, ChecklistScreen)
        assert app.visit.pickup_code == first
    saved = store.find(first or "")
    assert saved is not None and saved.answers == (("password", "both"),)
    store.close()


@pytest.mark.parametrize(
    ("kind", "explanation"),
    [
        ("disk_full", "本机存储已满"),
        ("read_only", "本机暂时无法保存清单"),
        ("locked", "本机正忙"),
        ("not_a_database", "本机的清单记录出现问题"),
        ("io", "清单未能保存"),
    ],
)
async def test_a_failed_save_still_shows_the_checklist_with_an_explanation(
    kind: str, explanation: str, make_app: MakeApp
) -> None:
    app = make_app(store=FakeStore(fail=kind))  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "7", "1", "enter")
        assert isinstance(app.screen, ChecklistScreen)
        text = shown(app.screen)
        assert explanation in text
        assert "请拍照" in text
        assert "取件码：" not in text
        assert "☎ 人社功能咨询：12333" in text


async def test_a_store_that_cannot_be_opened_still_shows_the_checklist(make_app: MakeApp, tmp_path: Path) -> None:
    blocked_dir = tmp_path / "not-a-folder"
    blocked_dir.write_text("a file where the database folder should be")
    app = make_app(open_store=lambda: Store(blocked_dir / "kiosk.db"))
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "9")
        assert isinstance(app.screen, ChecklistScreen)
        assert "清单未能保存" in shown(app.screen) or "本机" in shown(app.screen)
        assert "江苏省社会保障卡发行对象：中国公民和外籍人员" in shown(app.screen)


async def test_a_reissue_before_a_formal_loss_report_offers_the_loss_report_first(
    make_app: MakeApp, fake_store: FakeStore
) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "5", "3", "enter")  # reissue, not reported yet, confirm
        assert isinstance(app.screen, Blocked)
        text = shown(app.screen)
        assert "✖ A card is reissued after a formal loss report has been made" in text
        assert "Do this first: Report a lost card  ▶" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, AskChoice) and app.screen.question.id == "loss_kind"
        assert app.visit.procedure == "report_loss" and app.visit.answers == ()
    assert fake_store.saved == []


async def test_a_blocker_without_a_procedure_to_do_first_goes_back_to_the_answers(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "4", "2", "2", "enter")  # cancel a formal loss report after a reissue
        assert isinstance(app.screen, Blocked)
        assert "✖ 无法办理" in shown(app.screen)  # final (四(四)(2) "不能再"), not "not yet"
        assert "正式挂失后已办理补卡手续的，不能再办理解除正式挂失业务" in shown(app.screen)
        await press(pilot, "enter")
        assert isinstance(app.screen, CheckAnswers)


async def test_start_again_wipes_the_visit_and_counts_where_it_stopped(
    make_app: MakeApp, fake_store: FakeStore
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "1", "1", "f2", "4")
        old_visit = app.visit.visit_id
        await press(pilot, "f5")
        assert isinstance(app.screen, Welcome)
        assert len(app.screen_stack) == 2
        assert app.visit.procedure is None and app.visit.answers == () and app.visit.remembered == ()
        assert app.visit.lang == "zh" and app.visit.visit_id != old_visit
        assert "江苏省社会保障卡 办事指引" in shown(app.screen)
        await wait_for_store(app)
        await press(pilot, "enter", "1")
        assert app.screen.query_one(OptionList).highlighted == 0  # nothing remembered
    assert fake_store.abandoned == [("first_application", "age")]


async def test_going_back_to_the_welcome_screen_forgets_the_walk_and_counts_it(
    make_app: MakeApp, fake_store: FakeStore
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "3", "2", "escape", "escape", "escape")  # report loss: formal, then back out
        assert isinstance(app.screen, Welcome)
        assert app.visit.procedure is None and app.visit.remembered == ()
        await wait_for_store(app)
    assert fake_store.abandoned == [("report_loss", "loss_kind")]


async def test_start_again_after_the_checklist_is_not_an_abandoned_walk(
    make_app: MakeApp, fake_store: FakeStore
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "enter", "7", "1", "enter")
        assert isinstance(app.screen, ChecklistScreen)
        await press(pilot, "end")  # scroll to the end of the checklist, where the button is
        await pilot.click("#done")
        await pilot.pause()
        assert isinstance(app.screen, Welcome)
        await wait_for_store(app)
    assert fake_store.abandoned == []
    assert len(fake_store.saved) == 1


async def test_the_mouse_alone_reaches_the_checklist(make_app: MakeApp, fake_store: FakeStore) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.pause()
        await click_key(pilot, "key-language")
        await pilot.pause()
        assert "What have you come to do?" in shown(app.screen)
        await pilot.click("#choices", offset=(5, 15))  # the 7th procedure: reset a password
        await pilot.pause()
        assert isinstance(app.screen, AskChoice) and app.screen.question.id == "password"
        await pilot.click("#choices", offset=(5, 3))  # the 3rd option: both
        await pilot.pause()
        assert isinstance(app.screen, CheckAnswers)
        await pilot.click("#confirm")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        await click_key(pilot, "key-back")
        await pilot.pause()
        assert isinstance(app.screen, CheckAnswers)
    assert fake_store.saved[0]["answers"] == (("password", "both"),)


async def test_no_key_quits_or_opens_a_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "ctrl+q", "ctrl+p", "ctrl+c", "escape")
        assert isinstance(app.screen, Welcome)
        assert app.is_running


async def test_a_window_below_the_minimum_asks_for_a_larger_one(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        text = shown(app.screen)
        assert "窗口太小" in text and "too small" in text
        assert "江苏省社会保障卡 办事指引" not in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "窗口太小" not in shown(app.screen)
