"""A broken guide refuses to load, and the error names the file, the exact path inside it and the mistake."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from guide_cases import GUIDE, copy_guide

from kiosk.cli import run
from kiosk.guide.load import GuideError, load_guide

Data = dict[str, Any]


def edit(root: Path, name: str, change: Callable[[Data], object]) -> None:
    """Load one YAML file of the guide copy, change it in place, write it back."""
    file = root / name
    data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    change(data)
    file.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def broken(tmp_path: Path, name: str, change: Callable[[Data], object]) -> GuideError:
    root = copy_guide(tmp_path)
    edit(root, name, change)
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    return caught.value


def where(err: GuideError) -> tuple[str, str]:
    return err.file, err.path


def question(data: Data, question_id: str) -> Data:
    return next(q for q in data["questions"] if q["id"] == question_id)


FIRST = "procedures/first_application.yaml"
REISSUE = "procedures/reissue.yaml"
BATCH = "procedures/batch_application.yaml"


def test_the_packaged_guide_loads_and_a_copy_loads_the_same() -> None:
    assert [p.id for p in load_guide().procedures] == [p.id for p in GUIDE.procedures]


def test_a_copy_of_the_guide_loads_with_the_same_version(tmp_path: Path) -> None:
    assert load_guide(copy_guide(tmp_path)).version == GUIDE.version


def test_any_change_to_the_data_changes_the_version(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    edit(root, REISSUE, lambda d: d["title"].update(zh="补办社保卡"))
    assert load_guide(root).version != GUIDE.version


# --- YAML itself ---------------------------------------------------------------------------


def test_bad_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    file = root / REISSUE
    lines = file.read_text(encoding="utf-8").splitlines()
    lines[5] = "title: {zh: 补卡, en: [unclosed"
    file.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert caught.value.file == "guide/procedures/reissue.yaml"
    assert caught.value.path.startswith("line ")
    assert "not valid YAML" in caught.value.problem


def test_a_key_given_twice_is_refused_not_silently_overwritten(tmp_path: Path) -> None:
    """Plain YAML keeps the last of two `when:` keys; a policy editor's first rule would vanish."""
    root = copy_guide(tmp_path)
    file = root / REISSUE
    text = file.read_text(encoding="utf-8")
    rule = "    when:\n      formal_loss_report: [formal_done]\n"
    assert rule in text
    text = text.replace(rule, rule + "    when:\n      formal_loss_report: [not_reported]\n", 1)
    file.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      formal_loss_report: [not_reported]")  # the second `when:` is above it
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert caught.value.file == "guide/procedures/reissue.yaml"
    assert caught.value.path == f"line {line}, column 5"
    assert "'when' is given twice" in caught.value.problem


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    (root / REISSUE).write_bytes("id: reissue\ntitle: {zh: 补卡}\n".encode("gb18030"))
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert where(caught.value) == ("guide/procedures/reissue.yaml", "")
    assert "UTF-8" in caught.value.problem


def test_an_empty_procedure_file_is_refused(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    (root / REISSUE).write_text("", encoding="utf-8")
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert where(caught.value) == ("guide/procedures/reissue.yaml", "")
    assert "not of type 'object'" in caught.value.problem


def test_a_missing_catalogue_is_refused(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    (root / "catalogue.yaml").unlink()
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert caught.value.file == "guide/catalogue.yaml"
    assert "cannot read" in caught.value.problem


def test_a_guide_without_procedures_is_refused(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    shutil.rmtree(root / "procedures")
    (root / "procedures").mkdir()
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert caught.value.file == "guide/procedures"
    assert "no procedure files" in caught.value.problem


# --- the shape of the data (schema) ---------------------------------------------------------


def test_a_missing_zh_names_the_text(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["title"].pop("zh"))
    assert where(err) == ("guide/procedures/reissue.yaml", "title")
    assert "'zh' is a required property" in err.problem


def test_a_missing_en_on_an_option_names_the_option_label(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: question(d, "identity")["options"][2]["label"].pop("en"))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[0].options[2].label")
    assert "'en' is a required property" in err.problem


def test_a_rule_without_a_section_is_refused(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["steps"][0].pop("section"))
    assert where(err) == ("guide/procedures/reissue.yaml", "steps[0]")
    assert "'section' is a required property" in err.problem


def test_an_unknown_whose_names_the_item(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["items"][0].update(whose="neighbour"))
    assert where(err) == ("guide/procedures/reissue.yaml", "items[0].whose")
    assert "'neighbour' is not one of" in err.problem


def test_a_misspelt_key_is_refused(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["items"][0].update(whom="cardholder"))
    assert where(err) == ("guide/procedures/reissue.yaml", "items[0]")
    assert "'whom' was unexpected" in err.problem


def test_a_catalogue_heading_that_is_missing_is_named(tmp_path: Path) -> None:
    err = broken(tmp_path, "catalogue.yaml", lambda d: d["headings"].pop("blockers_final"))
    assert where(err) == ("guide/catalogue.yaml", "headings.blockers_final")


# --- conditions (`when`) ---------------------------------------------------------------------


def test_an_unknown_option_in_a_when(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: question(d, "channel").update(when={"identity": ["martian"]}))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[3].when")
    assert "'martian' is not an option of 'identity'" in err.problem
    assert "mainland" in err.problem  # the message lists the valid options


def test_a_when_on_a_later_question(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: question(d, "age").update(when={"channel": ["online"]}))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[1].when")
    assert "'channel' is not a question asked before this point (known: identity)" in err.problem


def test_an_option_when_on_its_own_question(tmp_path: Path) -> None:
    def change(d: Data) -> None:
        question(d, "formal_loss_report")["options"][1]["when"] = {"formal_loss_report": ["formal_done"]}

    err = broken(tmp_path, REISSUE, change)
    assert where(err) == ("guide/procedures/reissue.yaml", "questions[0].options[1].when")
    assert "(known: none)" in err.problem


def test_a_number_constraint_on_a_choice_question(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: question(d, "channel").update(when={"identity": {"at_least": 3}}))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[3].when")
    assert "'identity' is a choice" in err.problem


def test_a_list_of_options_on_a_number_question(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: d["notes"][0].update(when={"age": ["adult"]}))
    assert where(err) == ("guide/procedures/first_application.yaml", "notes[0].when")
    assert "'age' is a number" in err.problem


def test_an_unknown_question_in_a_line_s_when(tmp_path: Path) -> None:
    err = broken(tmp_path, BATCH, lambda d: d["items"][1].update(when={"employees": {"at_least": 10}}))
    assert where(err) == ("guide/procedures/batch_application.yaml", "items[1].when")


def test_a_procedure_without_a_hotline_is_refused(tmp_path: Path) -> None:
    """Every checklist ends with at least one number to call."""
    err = broken(tmp_path, REISSUE, lambda d: d.update(hotlines=[]))
    assert where(err) == ("guide/procedures/reissue.yaml", "hotlines")
    assert "should be non-empty" in err.problem


def test_an_example_age_outside_the_range_is_refused(tmp_path: Path) -> None:
    """The example is what "please type a number, for example ..." shows a visitor."""
    err = broken(tmp_path, FIRST, lambda d: question(d, "age").update(example=200))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[1].example")
    assert "outside 0-150" in err.problem


def test_a_minimum_above_the_maximum_is_refused(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: question(d, "age").update(minimum=151))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[1].minimum")


def test_a_number_question_with_options_is_refused(tmp_path: Path) -> None:
    err = broken(
        tmp_path,
        FIRST,
        lambda d: question(d, "age").update(options=[{"id": "adult", "label": {"zh": "成人", "en": "Adult"}}]),
    )
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[1].options")


# --- references to the catalogue and to other procedures ---------------------------------------


def test_an_unknown_material(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["items"][0].update(material="library_card"))
    assert where(err) == ("guide/procedures/reissue.yaml", "items[0].material")
    assert "unknown material 'library_card'" in err.problem


def test_an_unknown_accepted_document(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["items"][0]["accepted"].insert(1, "drivers_licence"))
    assert where(err) == ("guide/procedures/reissue.yaml", "items[0].accepted[1]")


def test_an_unknown_place(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["steps"][0].update(place="post_office"))
    assert where(err) == ("guide/procedures/reissue.yaml", "steps[0].place")
    assert "unknown place 'post_office'" in err.problem


def test_an_unknown_hotline(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["hotlines"].append("police"))
    assert where(err) == ("guide/procedures/reissue.yaml", "hotlines[3]")
    assert "unknown hotline 'police'" in err.problem


def test_an_instead_procedure_that_does_not_exist(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["blockers"][0].update(instead_procedure="report_theft"))
    assert where(err) == ("guide/procedures/reissue.yaml", "blockers[0].instead_procedure")
    assert "unknown procedure 'report_theft'" in err.problem and "report_loss" in err.problem


# --- ids used twice ------------------------------------------------------------------------------


def test_a_question_id_used_twice(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: question(d, "age").update(id="identity"))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[1].id")
    assert "'identity' is used twice" in err.problem


def test_an_option_id_used_twice(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: question(d, "identity")["options"][3].update(id="mainland"))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[0].options[3].id")


def test_a_procedure_id_used_by_two_files(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    shutil.copy(root / REISSUE, root / "procedures" / "reissue_copy.yaml")
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    assert where(caught.value) == ("guide/procedures/reissue_copy.yaml", "id")
    assert "already used by guide/procedures/reissue.yaml" in caught.value.problem


# --- the flow: every option and line reachable, every path ends ---------------------------------


def test_a_choice_with_one_option(tmp_path: Path) -> None:
    err = broken(tmp_path, BATCH, lambda d: question(d, "collection")["options"].pop())
    assert where(err) == ("guide/procedures/batch_application.yaml", "questions[0].options")
    assert "at least two options" in err.problem


def test_an_option_that_can_never_be_chosen(tmp_path: Path) -> None:
    """The channel question is only asked of mainland residents, so an option for foreigners is dead."""
    err = broken(tmp_path, FIRST, lambda d: question(d, "channel")["options"][0].update(when={"identity": ["foreign"]}))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[3].options[0]")
    assert "option 'online' can never be chosen" in err.problem


def test_a_question_that_is_never_asked(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: question(d, "applicant").update(when={"age": {"at_least": 151}}))
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[2]")
    assert "'applicant' is never asked" in err.problem


def test_a_line_whose_when_never_holds(tmp_path: Path) -> None:
    err = broken(
        tmp_path, BATCH, lambda d: d["notes"][0].update(when={"collection": {"not": ["agent_collects", "delivery"]}})
    )
    assert where(err) == ("guide/procedures/batch_application.yaml", "notes[0]")
    assert "its 'when' never holds" in err.problem


def test_an_age_band_that_never_holds_is_a_dead_line(tmp_path: Path) -> None:
    err = broken(tmp_path, FIRST, lambda d: d["notes"][0].update(when={"age": {"at_least": 18, "below": 16}}))
    assert where(err) == ("guide/procedures/first_application.yaml", "notes[0]")


def test_a_question_left_with_no_option_is_a_path_that_does_not_end(tmp_path: Path) -> None:
    """Minors are asked the channel, but every channel is for adults only: their path ends nowhere."""

    def change(d: Data) -> None:
        for option in question(d, "channel")["options"]:
            option["when"] = {"age": {"at_least": 18}}

    err = broken(tmp_path, FIRST, change)
    assert where(err) == ("guide/procedures/first_application.yaml", "questions[3].options")
    assert "no option of 'channel' is possible" in err.problem


def test_a_blocker_with_steps_is_refused(tmp_path: Path) -> None:
    err = broken(tmp_path, REISSUE, lambda d: d["steps"][0].pop("when"))
    assert where(err) == ("guide/procedures/reissue.yaml", "blockers")
    assert "both a blocker and steps" in err.problem


def test_a_path_with_an_empty_checklist_is_refused(tmp_path: Path) -> None:
    def change(d: Data) -> None:
        d["notes"] = [n for n in d["notes"] if n.get("when", {}).get("collection") != ["delivery"]]
        for step in d["steps"]:
            step["when"] = {"collection": ["agent_collects"]}
        d["notes"] = [dict(n, when={"collection": ["agent_collects"]}) for n in d["notes"]]

    err = broken(tmp_path, BATCH, change)
    assert err.file == "guide/procedures/batch_application.yaml"
    assert "empty checklist" in err.problem and "delivery" in err.problem


# --- the command line refuses a broken guide, without a traceback ---------------------------------


@pytest.fixture
def broken_guide(tmp_path: Path) -> Path:
    root = copy_guide(tmp_path)
    edit(root, REISSUE, lambda d: d["steps"][0].update(place="post_office"))
    return root


def test_guide_check_on_a_broken_guide_exits_1_naming_file_and_path(broken_guide: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--guide", str(broken_guide), "guide", "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "guide/procedures/reissue.yaml: steps[0].place: unknown place 'post_office'" in result.stderr
    assert "Traceback" not in result.stderr


def test_checklist_refuses_to_run_on_a_broken_guide(broken_guide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["--guide", str(broken_guide), "checklist", "password_reset", "-a", "password=hrss"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "will not start" in err and "steps[0].place" in err


def test_guide_json_refuses_to_run_on_a_broken_guide(broken_guide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--guide", str(broken_guide), "guide", "--json"]) == 1
    assert capsys.readouterr().out == ""


def test_kiosk_guide_environment_variable_is_used(
    broken_guide: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_GUIDE", str(broken_guide))
    assert run(["guide", "check"]) == 1
    assert "post_office" in capsys.readouterr().err


def test_guide_check_on_the_packaged_guide_counts_every_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["guide", "check"]) == 0
    assert capsys.readouterr().out == f"guide {GUIDE.version}: 9 procedures, 61 paths, all end in a checklist\n"


def test_a_guide_folder_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--guide", str(tmp_path / "nowhere"), "guide", "check"]) == 1
    err = capsys.readouterr().err
    assert "nowhere/catalogue.yaml" in err and "Traceback" not in err
