"""Per-question routing, as GOV.UK smart-answers flow tests: for these answers, the next question is X.

The next question is derived by replaying the answers; changing an earlier answer drops the ones that
are no longer reachable.
"""

from __future__ import annotations

import pytest
from guide_cases import GUIDE, next_question, procedure

from kiosk.guide.engine import answer, available_options, replay
from kiosk.guide.model import AnswerValue

# (procedure, answers so far, the question asked next; None = the checklist is ready)
ROUTES: list[tuple[str, dict[str, AnswerValue], str | None]] = [
    # 二 first application: identity, age, (who applies, from 18), (channel, mainland only)
    ("first_application", {}, "identity"),
    ("first_application", {"identity": "mainland"}, "age"),
    ("first_application", {"identity": "foreign"}, "age"),
    ("first_application", {"identity": "mainland", "age": 0}, "channel"),
    ("first_application", {"identity": "mainland", "age": 17}, "channel"),
    ("first_application", {"identity": "mainland", "age": 18}, "applicant"),
    ("first_application", {"identity": "mainland", "age": 150}, "applicant"),
    ("first_application", {"identity": "mainland", "age": 30, "applicant": "self"}, "channel"),
    ("first_application", {"identity": "mainland", "age": 30, "applicant": "guardian"}, "channel"),
    ("first_application", {"identity": "mainland", "age": 70, "applicant": "agent"}, "channel"),
    ("first_application", {"identity": "mainland", "age": 30, "applicant": "self", "channel": "online"}, None),
    ("first_application", {"identity": "mainland", "age": 9, "channel": "express_outlet"}, None),
    ("first_application", {"identity": "hk_macao", "age": 12}, None),
    ("first_application", {"identity": "mainland", "age": 16, "channel": "instant_outlet"}, None),
    ("first_application", {"identity": "taiwan", "age": 40}, "applicant"),
    ("first_application", {"identity": "taiwan", "age": 40, "applicant": "self"}, None),
    ("first_application", {"identity": "foreign", "age": 30, "applicant": "agent"}, None),
    # 三 batch application: only how the cards are collected
    ("batch_application", {}, "collection"),
    ("batch_application", {"collection": "agent_collects"}, None),
    ("batch_application", {"collection": "delivery"}, None),
    # 四 loss report: which kind, and for a formal one where
    ("report_loss", {}, "loss_kind"),
    ("report_loss", {"loss_kind": "temporary"}, None),
    ("report_loss", {"loss_kind": "formal"}, "loss_channel"),
    ("report_loss", {"loss_kind": "formal", "loss_channel": "online"}, None),
    ("report_loss", {"loss_kind": "formal", "loss_channel": "partner_bank_outlet"}, None),
    # 四 cancelling a loss report: formal ones ask whether a card was reissued, then where
    ("cancel_loss_report", {}, "loss_kind"),
    ("cancel_loss_report", {"loss_kind": "temporary"}, None),
    ("cancel_loss_report", {"loss_kind": "formal"}, "reissued"),
    ("cancel_loss_report", {"loss_kind": "formal", "reissued": "reissued"}, None),
    ("cancel_loss_report", {"loss_kind": "formal", "reissued": "not_reissued"}, "loss_channel"),
    ("cancel_loss_report", {"loss_kind": "formal", "reissued": "not_reissued", "loss_channel": "online"}, None),
    (
        "cancel_loss_report",
        {"loss_kind": "formal", "reissued": "not_reissued", "loss_channel": "partner_bank_outlet"},
        None,
    ),
    # 五 reissue: one question, whether the formal loss report was made
    ("reissue", {}, "formal_loss_report"),
    ("reissue", {"formal_loss_report": "formal_done"}, None),
    ("reissue", {"formal_loss_report": "not_reported"}, None),
    ("reissue", {"formal_loss_report": "temporary_only"}, None),
    # 六 replacement: the reason
    ("replacement", {}, "reason"),
    ("replacement", {"reason": "damaged"}, None),
    ("replacement", {"reason": "wrong_details"}, None),
    ("replacement", {"reason": "change_bank"}, None),
    # 七 password reset: which password
    ("password_reset", {}, "password"),
    ("password_reset", {"password": "hrss"}, None),
    ("password_reset", {"password": "bank"}, None),
    ("password_reset", {"password": "both"}, None),
    # 八 cancellation: the reason, and for a death who does it
    ("cancellation", {}, "reason"),
    ("cancellation", {"reason": "death"}, "who"),
    ("cancellation", {"reason": "death", "who": "guardian"}, None),
    ("cancellation", {"reason": "death", "who": "family_member"}, None),
    ("cancellation", {"reason": "death", "who": "someone_else"}, None),
    ("cancellation", {"reason": "emigration"}, None),
    ("cancellation", {"reason": "transfer"}, None),
    ("cancellation", {"reason": "other"}, None),  # 八: "等原因"; the guide says no more, so 12333
    # 一、九、十 information: no questions at all
    ("information", {}, None),
]


@pytest.mark.parametrize(
    ("procedure_id", "answers", "expected"),
    ROUTES,
    ids=[f"{p}:{','.join(f'{k}={v}' for k, v in a.items()) or 'start'}->{e or 'checklist'}" for p, a, e in ROUTES],
)
def test_next_question(procedure_id: str, answers: dict[str, AnswerValue], expected: str | None) -> None:
    assert next_question(procedure_id, **answers) == expected


def test_every_question_of_every_procedure_has_a_routing_case() -> None:
    routed = {(p, e) for p, _, e in ROUTES if e} | {(p, q) for p, a, _ in ROUTES for q in a}
    every = {(p.id, q.id) for p in GUIDE.procedures for q in p.questions}
    assert every - routed == set()


def test_every_option_of_every_procedure_has_a_routing_case() -> None:
    routed = {(p, q, v) for p, a, _ in ROUTES for q, v in a.items()}
    every = {(p.id, q.id, o.id) for p in GUIDE.procedures for q in p.questions for o in q.options}
    assert every - routed == set()


# --- changing an earlier answer drops the answers that are no longer reachable -------------


def test_foreigner_after_mainland_drops_the_channel_and_online_is_gone() -> None:
    first = procedure("first_application")
    answers = ()
    for question_id, value in (("identity", "mainland"), ("age", 30), ("applicant", "self"), ("channel", "online")):
        answers = answer(first, answers, question_id, value)
    assert dict(answers) == {"identity": "mainland", "age": 30, "applicant": "self", "channel": "online"}
    changed = answer(first, answers, "identity", "foreign")
    assert dict(changed) == {"identity": "foreign", "age": 30, "applicant": "self"}
    assert replay(first, dict(changed)).done
    changed_back = answer(first, changed, "identity", "mainland")
    assert replay(first, dict(changed_back)).next_question is not None
    assert replay(first, dict(changed_back)).next_question.id == "channel"  # type: ignore[union-attr]


def test_becoming_a_minor_drops_who_applies() -> None:
    first = procedure("first_application")
    adult = (("identity", "mainland"), ("age", 40), ("applicant", "agent"), ("channel", "express_outlet"))
    minor = answer(first, adult, "age", 12)
    assert dict(minor) == {"identity": "mainland", "age": 12, "channel": "express_outlet"}


def test_formal_loss_report_changed_to_temporary_drops_where_and_reissue() -> None:
    cancel = procedure("cancel_loss_report")
    formal = (("loss_kind", "formal"), ("reissued", "not_reissued"), ("loss_channel", "partner_bank_outlet"))
    assert replay(cancel, dict(formal)).done
    assert answer(cancel, formal, "loss_kind", "temporary") == (("loss_kind", "temporary"),)


def test_death_changed_to_emigration_drops_who_does_it() -> None:
    cancellation = procedure("cancellation")
    death = (("reason", "death"), ("who", "guardian"))
    assert answer(cancellation, death, "reason", "emigration") == (("reason", "emigration"),)


def test_changing_a_later_answer_keeps_the_earlier_ones() -> None:
    first = procedure("first_application")
    answers = (("identity", "mainland"), ("age", 30), ("applicant", "self"), ("channel", "online"))
    assert answer(first, answers, "channel", "instant_outlet") == (
        ("identity", "mainland"),
        ("age", 30),
        ("applicant", "self"),
        ("channel", "instant_outlet"),
    )


def test_an_answer_to_a_question_not_asked_is_not_kept() -> None:
    first = procedure("first_application")
    assert answer(first, (("identity", "taiwan"),), "channel", "online") == (("identity", "taiwan"),)


def test_an_invalid_answer_is_asked_again_and_later_answers_wait() -> None:
    first = procedure("first_application")
    progress = replay(first, {"identity": "martian", "age": 30})
    assert progress.next_question is not None and progress.next_question.id == "identity"
    assert progress.answers == ()
    progress = replay(first, {"identity": "mainland", "age": 151, "applicant": "self"})
    assert progress.next_question is not None and progress.next_question.id == "age"
    assert progress.answers == (("identity", "mainland"),)


def test_an_option_id_is_not_an_age_and_an_age_is_not_an_option() -> None:
    first = procedure("first_application")
    assert next_question("first_application", identity="mainland", age="30") == "age"  # type: ignore[arg-type]
    assert replay(first, {"identity": 1}).next_question == first.question("identity")
    assert next_question("first_application", identity="mainland", age=True) == "age"  # type: ignore[arg-type]


def test_the_progress_counts_only_questions_still_possible() -> None:
    first = procedure("first_application")
    assert replay(first, {}).estimated_total == 4
    assert replay(first, {"identity": "foreign"}).estimated_total == 3  # no channel question
    assert replay(first, {"identity": "mainland", "age": 10}).estimated_total == 3  # no "who applies"
    foreign_child = replay(first, {"identity": "foreign", "age": 10})
    assert (foreign_child.done, foreign_child.estimated_total, foreign_child.number) == (True, 2, 2)


@pytest.mark.parametrize("identity", ["hk_macao", "taiwan", "foreign"])
def test_foreigner_or_hk_macao_taiwan_resident_never_sees_the_channel_question(identity: str) -> None:
    for age in (0, 17, 18, 99):
        for applicant in ("self", "guardian", "agent"):
            assert next_question("first_application", identity=identity, age=age, applicant=applicant) is None


def test_available_options_are_all_options_when_no_rule_limits_them() -> None:
    for proc in GUIDE.procedures:
        for question in proc.questions:
            assert available_options(question, {}) == question.options
