"""The `kiosk` command as a script uses it: guide --json, checklist (text, JSON, --why), guide graph, bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from guide_cases import GUIDE, checklist, copy_guide

from kiosk.cli import run
from kiosk.guide.model import Procedure
from kiosk.guide.render import from_json

KIOSK = shutil.which("kiosk")


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed `kiosk` command, as a shell script would call it."""
    assert KIOSK is not None, "the kiosk console script is not installed (pip install -e .)"
    return subprocess.run([KIOSK, *args], capture_output=True, text=True, timeout=60)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# --- guide --json -----------------------------------------------------------------------------

TEXT_KEYS = {"zh", "en"}


def test_guide_json_has_exactly_the_shape_of_the_issue() -> None:
    result = kiosk("guide", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"version", "procedures"}
    assert data["version"] == GUIDE.version
    assert [p["id"] for p in data["procedures"]] == [p.id for p in GUIDE.procedures]
    for proc in data["procedures"]:
        assert set(proc) == {"id", "title", "questions"}
        assert set(proc["title"]) == TEXT_KEYS
        for q in proc["questions"]:
            assert q["kind"] in ("choice", "number")
            # a number question also says its range, so a front end can check what is typed
            extra = {"minimum", "maximum"} if q["kind"] == "number" else set()
            assert set(q) == {"id", "text", "kind", "options"} | extra
            assert set(q["text"]) == TEXT_KEYS
            for option in q["options"]:
                assert set(option) == {"id", "label"}
                assert set(option["label"]) == TEXT_KEYS
            assert (q["options"] == []) == (q["kind"] == "number")


def test_guide_json_lists_the_first_application_questions_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "guide", "--json")
    first = json.loads(out)["procedures"][0]
    assert code == 0
    assert first["title"] == {"zh": "个人首次申领社保卡", "en": "First application (individual)"}
    assert [q["id"] for q in first["questions"]] == ["identity", "age", "applicant", "channel"]
    age = first["questions"][1]
    assert (age["kind"], age["minimum"], age["maximum"]) == ("number", 0, 150)
    assert [o["id"] for o in first["questions"][3]["options"]] == ["online", "instant_outlet", "express_outlet"]


# --- checklist ----------------------------------------------------------------------------------


def test_checklist_in_english_as_a_visitor_reads_it() -> None:
    result = kiosk("checklist", "password_reset", "-a", "password=hrss", "--lang", "en")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == (
        "Reset a password — Checklist\n"
        "\n"
        "Your answers:\n"
        "  - Which password do you want to reset? The HRSS (social security) password\n"
        "\n"
        "Bring these:\n"
        "  [ ] the cardholder's valid identity document (original), any one of: Resident Identity Card "
        "(2nd generation); household register (hukou booklet; under 16 only); Mainland Travel Permit for "
        "Taiwan Residents; Mainland Travel Permit for Hong Kong and Macao Residents; Residence Permit for "
        "Hong Kong, Macao and Taiwan Residents; Foreign Permanent Resident ID Card; foreign passport\n"
        "  [ ] the cardholder's Jiangsu Social Security Card\n"
        "\n"
        "Where to go:\n"
        "  - HRSS service outlet: Reset the HRSS password\n"
        "\n"
        "Not covered by the guide (please ask):\n"
        "  ? The guide does not say whether someone else can reset it for you, or whether it can be done "
        "online: ask 12333 or your partner bank\n"
        "\n"
        "Hotlines:\n"
        "  ☎ HRSS hotline (social security function): 12333\n"
        "  ☎ bank account questions: each partner bank\n"
        "  ☎ transport card hotline: 962026\n"
        "\n"
        f"guide version: {GUIDE.version}\n"
    )


def test_checklist_in_chinese_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "checklist", "reissue", "-a", "formal_loss_report=not_reported")
    assert code == 0
    assert out.splitlines()[:8] == [
        "补卡 — 办事清单",
        "",
        "您的回答：",
        "  - 您的卡已经办理正式挂失了吗？ 还没有挂失",
        "",
        "✖ 暂时无法办理：",
        "  ✖ 补卡在正式挂失成功后办理",
        "    请先：办理正式挂失（线上渠道或合作银行服务网点），成功后再来补卡",
    ]
    assert "  ☎ 人社功能咨询：12333" in out.splitlines()


def test_checklist_in_traditional_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "checklist", "cancellation", "-a", "reason=transfer", "--lang", "zh_hant")
    assert code == 0
    assert out.startswith("註銷社保卡 — 辦事清單\n")
    assert "登出" not in out  # 注销 is cancel, never "log out"


def test_checklist_why_shows_the_answer_and_guide_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "checklist", "replacement", "-a", "reason=wrong_details", "--lang", "en", "--why")
    assert code == 0
    lines = out.splitlines()
    step = lines.index(
        "  1. HRSS records-correction window where you are insured: Bring your identity document, "
        "the ID change certificate and the card, and have your details corrected"
    )
    assert lines[step + 1] == (
        "     [because: Why do you need a new card?: Wrong name or ID number printed on the card "
        "(personal details changed) | guide 六(二)1]"
    )
    assert "     [because: the chosen procedure | guide 六(四)]" in lines


def test_checklist_json_round_trips_through_from_json() -> None:
    result = kiosk(
        "checklist", "first_application", "-a", "identity=mainland", "-a", "age=12", "-a", "channel=online", "--json"
    )
    assert result.returncode == 0
    assert from_json(json.loads(result.stdout)) == checklist(
        "first_application", identity="mainland", age=12, channel="online"
    )


def test_full_width_digits_and_ideographic_spaces_are_an_age(capsys: pytest.CaptureFixture[str]) -> None:
    answers = ("-a", "identity=mainland", "-a", "channel=express_outlet", "--json")
    for typed in ("１２", " 12\u3000", "\u3000１２ ", "012"):
        code, out, _ = cli(capsys, "checklist", "first_application", "-a", f"age={typed}", *answers)
        assert code == 0, typed
        assert json.loads(out)["answers"][1]["answer"] == 12


def test_an_answer_to_a_question_not_asked_is_ignored_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    """A foreigner is never asked the channel: the checklist is the partner bank's, and the CLI says so."""
    code, out, err = cli(
        capsys,
        "checklist",
        "first_application",
        "-a",
        "identity=foreign",
        "-a",
        "age=30",
        "-a",
        "applicant=self",
        "-a",
        "channel=online",
        "--json",
    )
    assert code == 0
    assert [s["place"]["id"] for s in json.loads(out)["steps"]] == ["partner_bank_outlet"]
    assert err == (
        "note: channel is not asked for these answers (foreign nationals and Hong Kong, Macao and Taiwan residents "
        "cannot apply online yet and apply at a partner bank outlet, so how to apply is not asked) and was ignored\n"
    )


# --- missing answers -----------------------------------------------------------------------------


def test_a_missing_answer_exits_2_and_says_which(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "checklist", "first_application", "-a", "identity=mainland", "-a", "age=40")
    assert (code, out) == (2, "")
    assert err == ("missing answer: --answer applicant=VALUE (Who is applying?); VALUE: self, guardian, agent\n")


def test_a_missing_answer_with_json_prints_the_question_as_in_guide_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "checklist", "first_application", "-a", "identity=taiwan", "--json")
    assert code == 2
    _, guide_out, _ = cli(capsys, "guide", "--json")
    age = json.loads(guide_out)["procedures"][0]["questions"][1]
    assert json.loads(out) == {"missing": age}


def test_a_missing_first_answer_with_json_from_the_installed_command() -> None:
    result = kiosk("checklist", "cancellation", "--json")
    assert result.returncode == 2
    missing = json.loads(result.stdout)["missing"]
    assert missing["id"] == "reason"
    assert [o["id"] for o in missing["options"]] == ["death", "emigration", "transfer", "other"]


# --- bad input: exit 2, say what is valid, never a traceback --------------------------------------

BAD = [
    pytest.param(
        ["checklist", "first_card"],
        "unknown procedure 'first_card'; valid procedures: first_application, batch_application, report_loss, "
        "cancel_loss_report, reissue, replacement, password_reset, cancellation, information",
        id="unknown-procedure",
    ),
    pytest.param(
        ["checklist", "first_application", "-a", "nationality=foreign"],
        "'nationality' is not a question of first_application; valid questions: identity, age, applicant, channel",
        id="unknown-question",
    ),
    pytest.param(
        ["checklist", "first_application", "-a", "identity=martian"],
        "'martian' is not an option of identity; valid options: mainland, hk_macao, taiwan, foreign",
        id="unknown-option",
    ),
    pytest.param(
        ["checklist", "information", "-a", "topic=hotlines"],
        "'topic' is not a question of information; valid questions: (this procedure asks no questions)",
        id="no-questions",
    ),
    pytest.param(
        ["checklist", "reissue", "-a", "formal_loss_report"],
        "'formal_loss_report' is not QUESTION=VALUE",
        id="no-equals-sign",
    ),
    *[
        pytest.param(
            ["checklist", "first_application", "-a", "identity=mainland", "-a", f"age={typed}"],
            "age: Please type a number from 0 to 150, for example 35",
            id=f"age-{name}",
        )
        for name, typed in [
            ("letters", "abc"),
            ("negative", "-5"),
            ("151", "151"),
            ("empty", ""),
            ("decimal", "12.5"),
            ("chinese-numeral", "十二"),
            ("with-unit", "12岁"),
            ("spaces-only", "\u3000 "),
            ("huge", "9" * 5000),
        ]
    ],
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_exits_2_and_lists_what_is_valid(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = cli(capsys, *args)
    assert (code, out) == (2, "")
    assert err == f"kiosk: {message}\n"


def test_bad_input_from_the_installed_command_never_shows_a_traceback() -> None:
    for args in (
        ("checklist", "first_application", "-a", "identity=mainland", "-a", "age=abc"),
        ("guide", "graph", "nope"),
    ):
        result = kiosk(*args)
        assert result.returncode == 2, args
        assert result.stdout == ""
        assert result.stderr.startswith("kiosk: ")
        assert "Traceback" not in result.stderr


def test_an_option_ruled_out_by_earlier_answers_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """In a draft guide where online is for adults only, a child's online answer lists what is valid here."""
    root = copy_guide(tmp_path)
    file = root / "procedures" / "first_application.yaml"
    data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    channel = next(q for q in data["questions"] if q["id"] == "channel")
    channel["options"][0]["when"] = {"age": {"at_least": 18}}
    file.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    args = ["--guide", str(root), "checklist", "first_application", "-a", "identity=mainland", "-a", "age=12"]
    code, out, err = cli(capsys, *args, "-a", "channel=online")
    assert (code, out) == (2, "")
    assert err == (
        "kiosk: 'online' is not possible for channel after the earlier answers; valid here: instant_outlet, "
        "express_outlet\n"
    )
    assert cli(capsys, *args, "-a", "channel=express_outlet")[0] == 0


def test_an_unknown_language_is_refused_with_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run(["checklist", "reissue", "-a", "formal_loss_report=formal_done", "--lang", "fr"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "'fr' is not a language; use zh (or zh-Hans), zh_hant (or zh-Hant) or en" in err


# --- guide graph ------------------------------------------------------------------------------

EDGE = re.compile(r"^  (\w+) -- (\S+) --> (\w+)$")


@pytest.mark.parametrize("procedure", GUIDE.procedures, ids=[p.id for p in GUIDE.procedures])
def test_guide_graph_is_a_mermaid_flowchart_with_an_edge_for_every_option(
    capsys: pytest.CaptureFixture[str], procedure: Procedure
) -> None:
    code, out, _ = cli(capsys, "guide", "graph", procedure.id)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    first = procedure.questions[0].id if procedure.questions else "checklist"
    assert lines[1] == f'  start(["{procedure.title.en}"]) --> {first}'
    edges = [EDGE.match(line) for line in lines if " --> " in line and not line.startswith("  start")]
    assert all(edges), [line for line in lines if " --> " in line]
    found = {(m.group(1), m.group(2)) for m in edges if m}
    targets = {m.group(3) for m in edges if m}
    kinds = {b.kind for b in procedure.blockers}
    nodes = {q.id for q in procedure.questions} | {"checklist"} | {f"blocked_{kind}" for kind in kinds}
    assert targets <= nodes
    for question in procedure.questions:
        assert f'  {question.id}{{"{question.text.en}"}}' in lines
        for option in question.options:
            assert (question.id, option.id) in found, (question.id, option.id)
    assert ("  blocked_not_yet[/cannot be done yet/]" in lines) == ("not_yet" in kinds)
    assert ("  blocked_final[/cannot be done/]" in lines) == ("final" in kinds)


def test_guide_graph_of_first_application_shows_the_routing(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "guide", "graph", "first_application")
    edges = set(out.splitlines())
    for edge in (
        "identity -- foreign --> age",
        "age -- 0-6 --> channel",  # mainland child: the guardian chooses a channel
        "age -- 0-6 --> checklist",  # foreign child: straight to the partner bank
        "age -- 18-150 --> applicant",
        "applicant -- self --> channel",
        "channel -- online --> checklist",
    ):
        assert f"  {edge}" in edges, edge
    assert {line for line in edges if line.startswith("  age -- ")} == {
        f"  age -- {band} --> {target}" for band in ("0-6", "7-15", "16-17") for target in ("channel", "checklist")
    } | {"  age -- 18-150 --> applicant"}


def test_guide_graph_sends_a_reissue_without_formal_report_to_blocked(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = cli(capsys, "guide", "graph", "reissue")
    assert "  formal_loss_report -- formal_done --> checklist" in out.splitlines()
    assert "  formal_loss_report -- temporary_only --> blocked_not_yet" in out.splitlines()
    assert "  formal_loss_report -- not_reported --> blocked_not_yet" in out.splitlines()
