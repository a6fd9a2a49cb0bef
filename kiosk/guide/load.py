"""Load the guide's YAML files, check them, and freeze them into a `Guide`.

Each file is checked against its part of guide.schema.json (its shape), then by what a schema cannot say
(references, reachability, wording: here and in `check`). A broken guide refuses to load: the error names
the file, the path inside it and the mistake. PyYAML and jsonschema are imported only for a full load, which
a kiosk's start does only when the guide or this code has changed (`_cached`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_args

from kiosk.guide.model import (
    ALWAYS,
    BlockerRule,
    Clause,
    Condition,
    Form,
    Guide,
    Hotline,
    ItemRule,
    Material,
    NoteRule,
    Option,
    Place,
    Procedure,
    Question,
    StepRule,
    Text,
    Whose,
)
from kiosk.guide.plain_yaml import MAX_FILE_BYTES, first_refusal, too_large

GUIDE_DIR = Path(__file__).parent
CATALOGUE = "catalogue.yaml"
PROCEDURES = "procedures"
SENTENCES = "sentences.yaml"


class GuideError(Exception):
    """The guide data is wrong: `file`, `path` inside it, and what is wrong."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        super().__init__(f"{file}: {path or '(top)'}: {problem}")
        self.file = file
        self.path = path
        self.problem = problem


# --- the shape of the files: guide.schema.json -----------------------------------------------

SCHEMA_FILE = GUIDE_DIR / "guide.schema.json"


@cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    """The schema of one kind of file, a `$defs` entry of guide.schema.json: procedure, catalogue or sentences."""
    import json

    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"})


REQUIRED_HEADINGS = (
    "checklist",
    "your_answers",
    "bring",
    "nothing_to_bring",
    "steps",
    "time_limits",
    "warnings",
    "info",
    "guide_silent",
    "blockers_final",
    "blockers_not_yet",
    "blockers_not_by_this_person",
    "instead_final",
    "instead_not_yet",
    "instead_not_by_this_person",
    "steps_any_order",
    "step_one",
    "for_example",
    "hotlines",
    "because",
    "any_of",
    "section",
    "procedure_chosen",
    "guide_version",
)


def _path(parts: Sequence[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


if TYPE_CHECKING:
    import jsonschema
    import yaml


@cache
def _strict_loader() -> type[Any]:
    """YAML that refuses a key given twice in one mapping (plain YAML silently keeps the last one)."""
    import yaml

    try:  # libyaml's parser is several times faster
        from yaml import CSafeLoader as SafeLoader
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        from yaml import SafeLoader  # type: ignore[assignment]

    class StrictLoader(SafeLoader):
        pass

    def no_duplicate_keys(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key '{key}' is given twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return loader.construct_mapping(node)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, no_duplicate_keys)
    return StrictLoader


def _bytes(file: Path, name: str) -> bytes:
    """The file's bytes, refused unread when it is larger than a guide file may be."""
    with file.open("rb") as stream:
        refusal = too_large(os.fstat(stream.fileno()).st_size)
        data = b"" if refusal else stream.read(MAX_FILE_BYTES + 1)  # +1: a file that grew since is caught too
    refusal = refusal or too_large(len(data))
    if refusal is not None:
        raise GuideError(name, "", refusal.problem)
    return data


def _name(root: Path, file: Path) -> str:
    """How errors name a guide file: `guide/procedures/reissue.yaml`."""
    return f"{root.name}/{file.relative_to(root).as_posix()}"


def _yaml_error(name: str, err: Exception) -> GuideError:
    mark = getattr(err, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    return GuideError(name, where, f"not valid YAML: {getattr(err, 'problem', err)}")


def _plain_text(file: Path, name: str) -> str:
    """The file's text, refused when it cannot be read, is too large, is not UTF-8 or not YAML, or uses YAML
    anchors, aliases or deep nesting (kiosk.guide.plain_yaml): checked by parsing only, nothing is built."""
    import yaml

    try:
        text = _bytes(file, name).decode("utf-8")
        refusal = first_refusal(text, _strict_loader())
    except OSError as err:
        raise GuideError(name, "", f"cannot read the file ({err.strerror})") from err
    except UnicodeDecodeError as err:
        raise GuideError(name, "", "the file is not UTF-8 text") from err
    except yaml.YAMLError as err:
        raise _yaml_error(name, err) from err
    if refusal is not None:
        raise GuideError(name, f"line {refusal.line}, column {refusal.column}", refusal.problem)
    return text


def _read(file: Path, kind: str, name: str) -> dict[str, Any]:
    """The file's data, refused with the path of its first mistake against the schema of its `kind`."""
    import jsonschema
    import yaml

    text = _plain_text(file, name)
    try:
        data = yaml.load(text, Loader=_strict_loader())
    except yaml.YAMLError as err:
        raise _yaml_error(name, err) from err
    errors = sorted(_validator(kind).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        worst = jsonschema.exceptions.best_match(errors)
        assert worst is not None
        raise GuideError(name, _path(list(worst.absolute_path)), worst.message)
    return cast(dict[str, Any], data)


# --- from plain data to frozen values -------------------------------------------------------


def _text(raw: Mapping[str, str] | None) -> Text | None:
    return Text(zh=raw["zh"], en=raw["en"]) if raw else None


def _req_text(raw: Mapping[str, str]) -> Text:
    return Text(zh=raw["zh"], en=raw["en"])


def _clause(question: str, raw: Any) -> Clause:
    if isinstance(raw, list):
        return Clause(question, any_of=tuple(raw))
    if "not" in raw:
        return Clause(question, none_of=tuple(raw["not"]))
    return Clause(question, at_least=raw.get("at_least"), below=raw.get("below"))


def _condition(raw: Mapping[str, Any] | None) -> Condition:
    if not raw:
        return ALWAYS
    groups: list[tuple[Clause, ...]] = []
    for key, value in raw.items():
        if key == "any":
            groups.append(tuple(_clause(q, v) for entry in value for q, v in entry.items()))
        else:
            groups.append((_clause(key, value),))
    return Condition(tuple(groups))


def _procedure(raw: Mapping[str, Any], file: str) -> Procedure:
    questions = tuple(
        Question(
            id=q["id"],
            kind=q["kind"],
            text=_req_text(q["text"]),
            help=_text(q.get("help")),
            options=tuple(
                Option(o["id"], _req_text(o["label"]), _text(o.get("hint")), _condition(o.get("when")))
                for o in q.get("options", [])
            ),
            minimum=q.get("minimum", 0),
            maximum=q.get("maximum", 150),
            example=q.get("example"),
            when=_condition(q.get("when")),
            not_asked=_text(q.get("not_asked")),
        )
        for q in raw["questions"]
    )
    return Procedure(
        id=raw["id"],
        title=_req_text(raw["title"]),
        summary=_req_text(raw["summary"]),
        section=raw["section"],
        questions=questions,
        items=tuple(
            ItemRule(
                material=r["material"],
                form=r["form"],
                whose=r["whose"],
                accepted=tuple(r.get("accepted", ())),
                note=_text(r.get("note")),
                section=r["section"],
                when=_condition(r.get("when")),
                examples=r.get("examples", False),
                reviewed=r.get("reviewed", ""),
            )
            for r in raw.get("items", [])
        ),
        steps=tuple(
            StepRule(
                r["place"],
                _req_text(r["action"]),
                _text(r.get("place_note")),
                r["section"],
                _condition(r.get("when")),
                r["ordered"],
                r.get("reviewed", ""),
            )
            for r in raw.get("steps", [])
        ),
        notes=tuple(
            NoteRule(r["kind"], _req_text(r["text"]), r["section"], _condition(r.get("when")), r.get("reviewed", ""))
            for r in raw.get("notes", [])
        ),
        blockers=tuple(
            BlockerRule(
                _req_text(r["reason"]),
                _req_text(r["instead"]),
                r.get("instead_procedure"),
                r["section"],
                _condition(r.get("when")),
                r.get("kind"),
                r.get("reviewed", ""),
            )
            for r in raw.get("blockers", [])
        ),
        hotlines=tuple(raw["hotlines"]),
        source_file=file,
    )


# --- what the schema cannot say -------------------------------------------------------------


def _check_condition(cond: Condition, earlier: Mapping[str, Question], file: str, path: str) -> None:
    for clause in cond.clauses():
        where = f"{path}.when"
        question = earlier.get(clause.question)
        if question is None:
            raise GuideError(
                file,
                where,
                f"'{clause.question}' is not a question asked before this point "
                f"(known: {', '.join(earlier) or 'none'})",
            )
        if question.kind == "choice":
            if clause.at_least is not None or clause.below is not None:
                raise GuideError(file, where, f"'{clause.question}' is a choice: use a list of option ids")
            known = {o.id for o in question.options}
            for option in (*clause.any_of, *clause.none_of):
                if option not in known:
                    raise GuideError(
                        file,
                        where,
                        f"'{option}' is not an option of '{clause.question}' (options: {', '.join(sorted(known))})",
                    )
        elif clause.any_of or clause.none_of:
            raise GuideError(file, where, f"'{clause.question}' is a number: use at_least/below")


def _check_procedure(proc: Procedure, catalogue: Mapping[str, Any], file: str) -> None:
    seen: dict[str, Question] = {}
    for qi, q in enumerate(proc.questions):
        path = f"questions[{qi}]"
        if q.id in seen:
            raise GuideError(file, f"{path}.id", f"question id '{q.id}' is used twice")
        _check_condition(q.when, seen, file, path)
        if q.kind == "choice":
            if len(q.options) < 2:
                raise GuideError(file, f"{path}.options", "a choice needs at least two options")
            ids = [o.id for o in q.options]
            for oi, oid in enumerate(ids):
                if oid in ids[:oi]:
                    raise GuideError(file, f"{path}.options[{oi}].id", f"option id '{oid}' is used twice")
            for oi, o in enumerate(q.options):
                _check_condition(o.when, seen, file, f"{path}.options[{oi}]")
        else:
            if q.options:
                raise GuideError(file, f"{path}.options", "a number question has no options")
            if q.minimum > q.maximum:
                raise GuideError(file, f"{path}.minimum", "minimum is above maximum")
            if q.example is not None and not q.minimum <= q.example <= q.maximum:
                # the example is shown in the "please type a number" message
                raise GuideError(file, f"{path}.example", f"the example is outside {q.minimum}-{q.maximum}")
        seen[q.id] = q
    materials, places, hotlines = catalogue["materials"], catalogue["places"], catalogue["hotlines"]
    for i, item in enumerate(proc.items):
        if item.material not in materials:
            raise GuideError(file, f"items[{i}].material", f"unknown material '{item.material}' (not in {CATALOGUE})")
        for ai, mid in enumerate(item.accepted):
            if mid not in materials:
                raise GuideError(file, f"items[{i}].accepted[{ai}]", f"unknown material '{mid}' (not in {CATALOGUE})")
        _check_condition(item.when, seen, file, f"items[{i}]")
    for i, step in enumerate(proc.steps):
        if step.place not in places:
            raise GuideError(file, f"steps[{i}].place", f"unknown place '{step.place}' (not in {CATALOGUE})")
        _check_condition(step.when, seen, file, f"steps[{i}]")
    for i, note in enumerate(proc.notes):
        _check_condition(note.when, seen, file, f"notes[{i}]")
    for i, blocker in enumerate(proc.blockers):
        _check_condition(blocker.when, seen, file, f"blockers[{i}]")
    for i, hid in enumerate(proc.hotlines):
        if hid not in hotlines:
            raise GuideError(file, f"hotlines[{i}]", f"unknown hotline '{hid}' (not in {CATALOGUE})")


def _files(root: Path) -> Iterator[Path]:
    yield root / CATALOGUE
    yield root / SENTENCES
    yield from sorted((root / PROCEDURES).glob("*.yaml"))


def load_guide(root: Path | None = None, *, cache_dir: Path | None = None) -> Guide:
    """Load, validate and freeze the guide in `root` (the packaged guide by default); with `cache_dir`, a
    guide already validated from the same files by the same code is read back from there (`_cached`)."""
    root = root or GUIDE_DIR
    digest = hashlib.sha256()
    for file in _files(root):
        if file.exists():
            digest.update(file.name.encode() + b"\0" + _bytes(file, _name(root, file)) + b"\0")
    version = digest.hexdigest()[:12]
    if cache_dir is None:
        return _load(root, version)
    return _cached(cache_dir, digest.hexdigest(), lambda: _load(root, version))


# The cache saves each start parsing and checking the guide (PyYAML, jsonschema, every path): tests/benchmarks'
# cold start is 1.28x the 1-line app with it, 2.03x without (budget 1.3x; 2026-12-03).
def _cached(cache_dir: Path, files_digest: str, load: Callable[[], Guide]) -> Guide:
    """The guide `load()` makes, pickled in `cache_dir` under the hash of the guide's files (`files_digest`),
    of the code and schema that check them and of the Python that pickled it: a change to any means `load()`
    again. A damaged file is loaded again; a folder that cannot be written only means loading every time."""
    digest = hashlib.sha256(files_digest.encode() + b"\0" + sys.version.encode())
    for part in sorted((*GUIDE_DIR.glob("*.py"), SCHEMA_FILE)):
        digest.update(part.name.encode() + b"\0" + part.read_bytes() + b"\0")
    cached = cache_dir / f"guide-{digest.hexdigest()[:24]}.pickle"
    try:
        guide = pickle.loads(cached.read_bytes())
        if isinstance(guide, Guide):
            return guide
    except Exception:  # missing, cut short by a power cut, unreadable: load and check the files instead
        pass
    guide = load()
    try:  # written whole under another name, then renamed: a power cut leaves the old file or the new one
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("guide-*.pickle"):  # other versions: only one is ever needed
            old.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".guide-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(guide, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, cached)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:  # a full or read-only disk: the kiosk runs as well, it only checks the guide each start
        pass
    return guide


def _sentences(root: Path) -> dict[str, str]:
    """The guide's own sentences by section ("四(四)(3)": "..."), which `check` holds each line's wording to."""
    return _read(root / SENTENCES, "sentences", f"{root.name}/{SENTENCES}")


def _load(root: Path, version: str) -> Guide:
    for file in _files(root):  # a file too large or with YAML aliases is refused before any file is built
        _plain_text(file, _name(root, file))
    catalogue_name = f"{root.name}/{CATALOGUE}"
    catalogue = _read(root / CATALOGUE, "catalogue", catalogue_name)
    for heading in REQUIRED_HEADINGS:
        if heading not in catalogue["headings"]:
            raise GuideError(catalogue_name, f"headings.{heading}", "this heading is missing")
    for table, needed in (("whose", get_args(Whose)), ("forms", get_args(Form))):
        for key in needed:
            if key not in catalogue[table]:
                raise GuideError(catalogue_name, f"{table}.{key}", "this entry is missing")
    procedures: list[tuple[int, Procedure]] = []
    files = list(_files(root))[2:]
    if not files:
        raise GuideError(f"{root.name}/{PROCEDURES}", "", "no procedure files found")
    for file in files:
        name = f"{root.name}/{PROCEDURES}/{file.name}"
        raw = _read(file, "procedure", name)
        proc = _procedure(raw, name)
        _check_procedure(proc, catalogue, name)
        procedures.append((raw["order"], proc))
    ids = [p.id for _, p in procedures]
    for index, (_, proc) in enumerate(procedures):
        if proc.id in ids[:index]:
            owner = procedures[ids.index(proc.id)][1].source_file
            raise GuideError(proc.source_file, "id", f"procedure id '{proc.id}' is already used by {owner}")
        for i, blocker in enumerate(proc.blockers):
            if blocker.instead_procedure and blocker.instead_procedure not in ids:
                raise GuideError(
                    proc.source_file,
                    f"blockers[{i}].instead_procedure",
                    f"unknown procedure '{blocker.instead_procedure}' (known: {', '.join(ids)})",
                )
    guide = Guide(
        version=version,
        procedures=tuple(p for _, p in sorted(procedures, key=lambda op: op[0])),
        materials={k: Material(k, _req_text(v)) for k, v in catalogue["materials"].items()},
        places={k: Place(k, _req_text(v)) for k, v in catalogue["places"].items()},
        hotlines={
            k: Hotline(k, _req_text(v["number"]), _req_text(v["name"])) for k, v in catalogue["hotlines"].items()
        },
        whose={k: _req_text(v) for k, v in catalogue["whose"].items()},
        forms={k: _req_text(v) for k, v in catalogue["forms"].items()},
        headings={k: _req_text(v) for k, v in catalogue["headings"].items()},
        sentences=_sentences(root),
    )
    from kiosk.guide.check import check_guide
    from kiosk.guide.hant import let_go

    problems = check_guide(guide)
    let_go()  # the check converted every line to Traditional Chinese; the kiosk needs the converter no longer
    if problems:
        first = problems[0]
        raise GuideError(first.file, first.path, first.problem)
    return guide
