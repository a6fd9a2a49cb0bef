"""The visit: everything the kiosk knows about the visitor in front of it, as one immutable value.

The walk (kiosk.walk) replaces it answer by answer; the App's `reset_visit` replaces it whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.guide.model import Answers, AnswerValue

# Answers that say the visitor may read Traditional Chinese: every screen after them offers it (F3).
READS_TRADITIONAL = frozenset({("identity", "hk_macao"), ("identity", "taiwan")})


@dataclass(frozen=True)
class Visit:
    """Everything the kiosk knows about the visitor in front of it; never anything personal."""

    visit_id: str
    lang: str
    procedure: str | None = None
    answers: Answers = ()  # replayed and consistent: the next question is derived from them
    remembered: Answers = ()  # every answer given to this procedure, to pre-select after Back
    pickup_code: str | None = None
    reached_checklist: bool = False

    def remembered_answer(self, question_id: str) -> AnswerValue | None:
        return dict(self.remembered).get(question_id)

    def offers_traditional(self) -> bool:
        """An answer says the visitor may read Traditional Chinese."""
        return not READS_TRADITIONAL.isdisjoint(self.answers)
