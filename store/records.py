"""What one saved checklist holds, and the checks that keep personal data and free text out of it."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from kiosk.guide.model import Checklist
from kiosk.guide.render import from_json, to_json
from store.codes import format_code

logger = logging.getLogger(__name__)

LANGS = frozenset({"zh", "en", "zh_hant"})
CHANNELS = frozenset({"kiosk", "counter"})
# Ids from the guide data: a name, a phone number or a sentence cannot pass for one.
_IDENTIFIER = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_GUIDE_VERSION = re.compile(r"[0-9a-f]{4,64}")
_MAX_AGE = 150

Answer = tuple[str, str | int]


@dataclass(frozen=True)
class SavedChecklist:
    """A checklist as the store holds it: identity and coarse answers, never anything personal."""

    pickup_code: str  # shown form, "K7M-Q4X"
    created_at: datetime  # UTC, timezone-aware
    procedure: str
    answers: tuple[Answer, ...]  # (question id, option id or age), in the order asked
    guide_version: str
    lang: str
    channel: str
    status: str  # "new" or "handled"
    checklist: Checklist | None = None  # as shown when saved; None for rows saved before it was kept
    terminal_id: str = ""  # the terminal that saved it ("" for rows saved before terminals were named)


def check_identifier(name: str, value: str) -> None:
    """Raise ValueError unless `value` looks like an id from the guide data."""
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
        raise ValueError(f"{name} must be an id of 1-64 letters, digits, '_', '.' or '-', got {value!r}")


def default_terminal_id() -> str:
    """This machine's host name, as a terminal id (letters, digits, '_', '.', '-'; at most 64)."""
    import socket

    name = re.sub(r"[^A-Za-z0-9_.-]", "-", socket.gethostname())[:64]
    return name or "terminal"


def check_fields(*, visit_id: str, procedure: str, guide_version: str, lang: str, channel: str) -> None:
    """Raise ValueError for any field of a checklist that is not one of the known, coarse values."""
    check_identifier("visit_id", visit_id)
    check_identifier("procedure", procedure)
    if not isinstance(guide_version, str) or not _GUIDE_VERSION.fullmatch(guide_version):
        raise ValueError(f"guide_version must be a lowercase hex hash, got {guide_version!r}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {sorted(LANGS)}, got {lang!r}")
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {sorted(CHANNELS)}, got {channel!r}")


def encode_answers(answers: Sequence[Answer]) -> str:
    """Answers as compact JSON, after checking each is a question id with an option id or an age."""
    pairs: list[list[str | int]] = []
    for question, answer in answers:
        check_identifier("question id", question)
        if isinstance(answer, bool) or not isinstance(answer, str | int):
            raise ValueError(f"answer to {question!r} must be an option id or an age, got {answer!r}")
        if isinstance(answer, int):
            if not 0 <= answer <= _MAX_AGE:
                raise ValueError(f"age for {question!r} must be 0-{_MAX_AGE}, got {answer}")
        else:
            check_identifier(f"option id for {question!r}", answer)
        pairs.append([question, answer])
    return json.dumps(pairs, separators=(",", ":"))


def encode_checklist(checklist: Checklist, *, procedure: str, answers: Sequence[Answer], guide_version: str) -> str:
    """The checklist as JSON, after checking it is the one this procedure, these answers and this guide give."""
    given = sorted((b.question, str(b.answer)) for b in checklist.answers)
    if (
        checklist.procedure != procedure
        or checklist.guide_version != guide_version
        or given != sorted((question, str(answer)) for question, answer in answers)
    ):
        raise ValueError("the checklist was not built from this procedure, these answers and this guide version")
    return json.dumps(to_json(checklist), ensure_ascii=False, separators=(",", ":"))


def decode_checklist(text: object) -> Checklist | None:
    """The saved checklist, or None when none was kept (or it cannot be read: staff then rebuild it)."""
    if text is None:
        return None
    try:
        return from_json(json.loads(str(text)))
    except (ValueError, KeyError, TypeError):
        logger.exception("a saved checklist could not be read back")
        return None


def row_to_checklist(row: tuple[object, ...]) -> SavedChecklist:
    """A row of (pickup_code, created_at, procedure, answers, guide_version, lang, channel, status, checklist_json,
    terminal_id); created_at is ISO text (SQLite) or a datetime (PostgreSQL)."""
    code, procedure, answers, guide_version, lang, channel, status = map(str, row[:1] + row[2:8])
    # SQLite keeps UTC ISO text; psycopg gives an aware datetime in the session's zone (UTC too, but say so).
    created_at = row[1].astimezone(UTC) if isinstance(row[1], datetime) else datetime.fromisoformat(str(row[1]))
    return SavedChecklist(
        pickup_code=format_code(code),
        created_at=created_at,
        procedure=procedure,
        answers=tuple((str(question), answer) for question, answer in json.loads(answers)),
        guide_version=guide_version,
        lang=lang,
        channel=channel,
        status=status,
        checklist=decode_checklist(row[8]),
        terminal_id=str(row[9] or "") if len(row) > 9 else "",
    )
