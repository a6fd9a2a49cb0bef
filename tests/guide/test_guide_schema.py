"""kiosk/guide/guide.schema.json is the one schema of the guide's files: the loader checks with it, and an
editor's YAML language server can check a procedure file with it alone (README, "Editing the guide")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
import yaml
from guide_cases import copy_guide

from kiosk.guide import model
from kiosk.guide.load import GUIDE_DIR, SCHEMA_FILE, GuideError, load_guide

SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
PROCEDURE_FILES = sorted((GUIDE_DIR / "procedures").glob("*.yaml"))


def plain(file: Path) -> Any:
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def part(name: str) -> dict[str, Any]:
    """The schema of catalogue.yaml or sentences.yaml: one of the schema file's `$defs`."""
    return {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}


def test_the_schema_is_a_draft_2020_12_schema_and_is_packaged_beside_the_guide() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA_FILE.parent == GUIDE_DIR
    assert SCHEMA_FILE.name == "guide.schema.json"


@pytest.mark.parametrize("file", PROCEDURE_FILES, ids=lambda file: file.name)
def test_every_procedure_file_is_valid_against_the_schema_file_by_itself(file: Path) -> None:
    """As an editor checks it: the file's plain YAML against the schema file, with nothing of the kiosk."""
    jsonschema.Draft202012Validator(SCHEMA).validate(plain(file))


def test_the_catalogue_and_the_sentences_are_valid_against_their_parts_of_the_schema() -> None:
    jsonschema.Draft202012Validator(part("catalogue")).validate(plain(GUIDE_DIR / "catalogue.yaml"))
    jsonschema.Draft202012Validator(part("sentences")).validate(plain(GUIDE_DIR / "sentences.yaml"))
    with pytest.raises(jsonschema.ValidationError):  # each part is its own: a procedure is not a catalogue
        jsonschema.Draft202012Validator(part("catalogue")).validate(plain(PROCEDURE_FILES[0]))


@pytest.mark.parametrize(
    ("schema_name", "model_type"),
    [
        ("question_kind", model.QuestionKind),
        ("form", model.Form),
        ("whose", model.Whose),
        ("note_kind", model.NoteKind),
        ("blocker_kind", model.BlockerKind),
    ],
)
def test_each_enum_of_the_schema_is_the_models_type_of_the_same_name(schema_name: str, model_type: object) -> None:
    assert SCHEMA["$defs"][schema_name]["enum"] == list(get_args(model_type))


def test_every_enum_of_the_schema_is_one_of_the_models() -> None:
    enums = {name for name, definition in SCHEMA["$defs"].items() if "enum" in definition}
    assert enums == {"question_kind", "form", "whose", "note_kind", "blocker_kind"}


def test_a_file_the_schema_file_refuses_the_kiosk_refuses_too_by_file_path_and_the_schemas_words(
    tmp_path: Path,
) -> None:
    root = copy_guide(tmp_path)
    file = root / "procedures" / "reissue.yaml"
    data = plain(file)
    data["items"][0]["whose"] = "neighbour"
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    editor = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(plain(file)))
    assert [(list(e.absolute_path), e.message) for e in editor] == [
        (["items", 0, "whose"], f"'neighbour' is not one of {list(get_args(model.Whose))}")
    ]
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert (caught.value.file, caught.value.path) == ("guide/procedures/reissue.yaml", "items[0].whose")
    assert caught.value.problem == editor[0].message


def test_the_loader_checks_with_the_schema_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule added to the schema file is one the kiosk keeps: here, a procedure's order below 100."""
    import kiosk.guide.load as load

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema["$defs"]["procedure"]["properties"]["order"]["maximum"] = 99
    stricter = tmp_path / "guide.schema.json"
    stricter.write_text(json.dumps(schema), encoding="utf-8")
    monkeypatch.setattr(load, "SCHEMA_FILE", stricter)
    load._validator.cache_clear()
    try:
        root = copy_guide(tmp_path)
        file = root / "procedures" / "reissue.yaml"
        data = plain(file)
        data["order"] = 100
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        with pytest.raises(GuideError) as caught:
            load_guide(root)
        assert (caught.value.path, caught.value.problem) == ("order", "100 is greater than the maximum of 99")
    finally:
        load._validator.cache_clear()
