"""The `kiosk` command: run the kiosk, or use the guide engine from a script."""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.cli_words import lang_tag, say, why_not_asked
from kiosk.config import ConfigError, database_path, load_config
from kiosk.crashlog import LOG_FILE, SERVED_TEXTUAL_VARIABLES, sanitize_environment, setup_logging
from kiosk.guide.engine import (
    AnswerError,
    MissingAnswer,
    available_options,
    build_checklist,
    number_values,
    parse_number,
    paths,
    replay,
)
from kiosk.guide.load import GuideError, load_guide
from kiosk.guide.model import AnswerValue, Guide, Procedure, Question
from kiosk.paths import cache_dir
from kiosk.site_store import cmd_db, database_url, db_argument, open_for_stats, render_per_terminal
from kiosk.version import program_version

# The few imports inside the commands below are there only where they save `kiosk run` time before its
# welcome screen is painted (each says how much: the import's own time on top of what `kiosk run` imports
# anyway, `python -X importtime`, on the 2-core benchmark machine), or where they must come later.

USAGE_ERROR = 2
MAX_PERIOD_DAYS = 3660  # `kiosk stats` counts each day of its period: ten years at most
NO_CODE = "------"  # the slip's pickup code when --code is not given
DB_HELP = "the SQLite file (default: a per-user data folder, or $KIOSK_DB), or a site store's postgresql:// URL"
LANG_HELP = "zh (zh-Hans), zh_hant (zh-Hant, zh-TW, zh-HK) or en"


class UsageError(Exception):
    """A mistake in the command line; the message says what is valid."""


def question_json(question: Question) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": question.id,
        "text": question.text.as_dict(),
        "kind": question.kind,
        "options": [{"id": o.id, "label": o.label.as_dict()} for o in question.options],
    }
    if question.kind == "number":
        out |= {"minimum": question.minimum, "maximum": question.maximum}
    return out


def guide_json(guide: Guide) -> dict[str, Any]:
    return {
        "version": guide.version,
        "procedures": [
            {"id": p.id, "title": p.title.as_dict(), "questions": [question_json(q) for q in p.questions]}
            for p in guide.procedures
        ],
    }


def find_procedure(guide: Guide, procedure_id: str, lang: str = "en") -> Procedure:
    procedure = guide.procedure(procedure_id)
    if procedure is None:
        valid = ", ".join(p.id for p in guide.procedures)
        raise UsageError(say("unknown_procedure", lang, procedure=procedure_id, valid=valid))
    return procedure


def parse_answers(procedure: Procedure, raw_answers: Sequence[str], lang: str = "en") -> dict[str, AnswerValue]:
    """`QUESTION=VALUE` pairs checked against the procedure, with a message (in `lang`) that lists what is valid."""
    answers: dict[str, AnswerValue] = {}
    for raw in raw_answers:
        question_id, sep, value = raw.partition("=")
        question_id = question_id.strip()
        if not sep:
            raise UsageError(say("not_question_value", lang, raw=raw))
        question = procedure.question(question_id)
        if question is None:
            valid = ", ".join(q.id for q in procedure.questions) or say("no_questions", lang)
            raise UsageError(say("not_a_question", lang, question=question_id, procedure=procedure.id, valid=valid))
        if question_id in answers:
            raise UsageError(say("answered_twice", lang, question=question_id))
        if question.kind == "number":
            try:
                answers[question_id] = parse_number(question, value)
            except AnswerError as err:
                raise UsageError(say("bad_number", lang, question=question_id, problem=err.message.get(lang))) from err
        else:
            value = value.strip()
            if question.option(value) is None:
                valid = ", ".join(o.id for o in question.options)
                raise UsageError(say("not_an_option", lang, value=value, question=question_id, valid=valid))
            answers[question_id] = value
    # An option that exists but that the earlier answers rule out would silently be asked again.
    progress = replay(procedure, answers)
    kept = dict(progress.answers)
    question = progress.next_question
    if question is not None and question.id in answers:
        valid = ", ".join(o.id for o in available_options(question, kept))
        raise UsageError(say("not_possible", lang, value=answers[question.id], question=question.id, valid=valid))
    for question_id in answers:
        if question_id not in kept and (question is None or question_id != question.id):
            unasked = procedure.question(question_id)
            assert unasked is not None  # every answer was checked against the procedure above
            why = why_not_asked(procedure, unasked, lang)
            print(say("not_asked", lang, question=question_id, why=why), file=sys.stderr)
    return answers


def _checklist_format(args: argparse.Namespace) -> str:
    """--format, with --json kept as another way to say --format json."""
    if args.json and args.format not in (None, "json"):
        raise UsageError(say("json_and_format", args.lang or "en", format=args.format))
    return "json" if args.json else str(args.format or "text")


def _slip_date(raw: str | None, lang: str = "en") -> datetime:
    if raw is None:
        return datetime.now()
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise UsageError(say("bad_date", lang, raw=raw)) from None


def _slip_code(raw: str) -> str:
    """--code checked as a typed code is (any case, spaces, dashes, full-width), shown as "K7M-Q4X";
    the default "------" stands for no code."""
    if raw == NO_CODE:
        return raw
    from store.codes import ALPHABET, CODE_LENGTH, format_code, normalise_code  # the store package: 15 ms

    code = normalise_code(raw)
    if code is None:
        raise UsageError(
            f"--code '{_printable(raw)}' is not a pickup code: {CODE_LENGTH} of {ALPHABET} (no 0, O, 1, I or L), "
            "e.g. K7M-Q4X"
        )
    return format_code(code)


def _printable(text: str) -> str:
    """`text` with control characters shown as escapes, for an error message on the terminal."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def cmd_checklist(guide: Guide, args: argparse.Namespace) -> int:
    import json  # here and below: json, render and slip are not needed before the kiosk's first paint (4 ms)

    from kiosk.guide.render import render_text, to_json
    from kiosk.guide.slip import render_slip

    output = _checklist_format(args)
    # The checklist is in Chinese unless --lang says otherwise; the messages are in --lang, else English.
    lang, said = args.lang or "zh", args.lang or "en"
    printed_at = _slip_date(args.date, said)
    code = _slip_code(args.code)
    procedure = find_procedure(guide, args.procedure, said)
    answers = parse_answers(procedure, args.answer or [], said)
    try:
        checklist = build_checklist(guide, procedure, answers)
    except MissingAnswer as missing:
        if output == "json":
            print(json.dumps({"missing": question_json(missing.question)}, ensure_ascii=False))
        else:
            q = missing.question
            number = say("a_number", said, low=q.minimum, high=q.maximum)
            hint = ", ".join(o.id for o in q.options) if q.kind == "choice" else number
            print(say("missing", said, question=q.id, text=q.text.get(said), hint=hint), file=sys.stderr)
        return USAGE_ERROR
    if output == "json":
        print(json.dumps(to_json(checklist), ensure_ascii=False, indent=2))
    elif output == "slip":
        print(render_slip(checklist, guide, lang, code, printed_at), end="")
    else:
        print(render_text(checklist, guide, lang, why=args.why))
    return 0


def cmd_guide_check(root: Path | None) -> int:
    guide = load_guide(root)  # loading runs every check and raises on the first problem
    total = sum(sum(1 for _ in paths(p)) for p in guide.procedures)
    print(f"guide {guide.version}: {len(guide.procedures)} procedures, {total} paths, all end in a checklist")
    return 0


def _band(procedure: Procedure, question: Question, value: int) -> str:
    cuts = [*number_values(procedure, question), question.maximum + 1]
    for low, high in itertools.pairwise(cuts):
        if low <= value < high:
            return f"{low}-{high - 1}"
    return str(value)


def _mermaid(label: str) -> str:
    return label.replace('"', "#quot;")


BLOCKED_NODES = {"final": "cannot be done", "not_yet": "cannot be done yet", "not_by_this_person": "not by this person"}


def cmd_guide_graph(guide: Guide, procedure_id: str) -> int:
    procedure = find_procedure(guide, procedure_id)
    edges: dict[tuple[str, str, str], None] = {}
    for answers in paths(procedure):
        walked: dict[str, AnswerValue] = {}
        for question_id, value in answers:
            question = procedure.question(question_id)
            assert question is not None
            label = _band(procedure, question, value) if isinstance(value, int) else str(value)
            walked[question_id] = value
            nxt = replay(procedure, walked).next_question
            if nxt is not None:
                target = nxt.id
            else:
                blockers = build_checklist(guide, procedure, walked).blockers
                target = f"blocked_{blockers[0].kind}" if blockers else "checklist"
            edges[(question_id, label, target)] = None
    print("flowchart TD")
    first = procedure.questions[0].id if procedure.questions else "checklist"
    # Labels are quoted: Mermaid reads ( ) [ ] { } in a bare label as shapes; a quote is written #quot;
    print(f'  start(["{_mermaid(procedure.title.en)}"]) --> {first}')
    for q in procedure.questions:
        print(f'  {q.id}{{"{_mermaid(q.text.en)}"}}')
    print("  checklist[[checklist]]")
    for kind, label in BLOCKED_NODES.items():
        if any(t == f"blocked_{kind}" for *_, t in edges):
            print(f"  blocked_{kind}[/{label}/]")
    for source, label, target in edges:
        print(f"  {source} -- {label} --> {target}")
    return 0


def cmd_set_pin(args: argparse.Namespace) -> int:
    from kiosk.pin import set_pin_command  # 7 ms

    try:
        config = load_config(args.config)
    except ConfigError as err:
        raise UsageError(str(err)) from err
    return set_pin_command(config.data_dir, from_stdin=args.pin_stdin)


def _config(args: argparse.Namespace) -> Any:
    try:
        return load_config(args.config)
    except ConfigError as err:
        raise UsageError(str(err)) from err


def _day(raw: str | None, option: str) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise UsageError(f"{option} '{raw}' is not a day; write it as YYYY-MM-DD, e.g. 2026-03-05") from None


def _days_before(until: date, days: int) -> date:
    """The first day of a period of `days` days ending on `until`."""
    if not 1 <= days <= MAX_PERIOD_DAYS:
        raise UsageError(f"--days {days}: a period is 1 to {MAX_PERIOD_DAYS} days (ten years)")
    try:
        return until - timedelta(days=days - 1)
    except OverflowError:
        raise UsageError(
            f"--days {days} before --until {until} is before the year 1; give fewer days or --since"
        ) from None


def cmd_stats(guide: Guide, args: argparse.Namespace) -> int:
    """`kiosk stats`: walkthroughs per procedure per day and where visitors gave up, as text or CSV."""
    from store import Store, StoreError  # 11 ms (sqlite_utils)

    try:
        config = load_config(args.config)
    except ConfigError as err:
        raise UsageError(str(err)) from err
    until = _day(args.until, "--until") or date.today()
    since = _day(args.since, "--since") or _days_before(until, args.days)
    if since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    if (until - since).days >= MAX_PERIOD_DAYS:
        raise UsageError(f"{since} to {until} is longer than {MAX_PERIOD_DAYS} days (ten years); give a shorter period")
    url = database_url(args, config)
    if url is None:
        path = database_path(args.db, config)
        if not path.exists():
            print(f"kiosk: there is no database at {path}; give the kiosk's with --db", file=sys.stderr)
            return 1
    try:  # read-only: a report never changes the store, not even a damaged file (it says so, exit 1)
        with (
            open_for_stats(args, config) if url else Store(path, retention_days=config.retention_days, read_only=True)
        ) as store:
            if args.by_terminal:
                per_terminal = store.counts_per_terminal(since, until)
            counts, abandoned = store.counts_per_day(since, until), store.abandonments(since, until)
    except StoreError as err:
        print(f"kiosk: cannot read the statistics: {err} (the file is left as it is)", file=sys.stderr)
        return 1
    if args.by_terminal:
        print(render_per_terminal(guide, since, until, per_terminal, args.lang, csv=args.csv), end="")
        return 0
    from kiosk.guide.demand import build_demand, demand_csv, render_demand_text  # 4.5 ms

    demand = build_demand(guide, since, until, counts, abandoned)
    print(demand_csv(demand, args.lang) if args.csv else render_demand_text(demand, args.lang), end="")
    return 0


def cmd_staff(guide: Guide, args: argparse.Namespace) -> int:
    """`kiosk staff`: counter staff mode straight away, behind the PIN; refused if no PIN is set."""
    try:
        config = load_config(args.config)
    except ConfigError as err:
        raise UsageError(str(err)) from err
    from kiosk.pin import PinGuard  # 7 ms

    if not PinGuard(config.data_dir).is_set():
        print("kiosk: no staff PIN is set; run `kiosk set-pin` first, then `kiosk staff`", file=sys.stderr)
        return 1
    # A browser tab of `kiosk serve` (or of `textual serve "kiosk staff"`): staff mode through the web driver.
    args.served = served_by_textual_serve()
    # Before Textual is first imported: it reads its developer switches then.
    sanitize_environment(served=args.served, development=args.dev)
    start_without_collecting()
    from kiosk.launch import run_kiosk  # Textual: only now, after sanitize_environment

    return run_kiosk(guide, args)


def served_by_textual_serve() -> bool:
    """True in a session textual-serve started: Textual is to draw through its web driver."""
    return all(os.environ.get(name) == value for name, value in SERVED_TEXTUAL_VARIABLES.items())


def cmd_serve(args: argparse.Namespace) -> int:
    """`kiosk serve`: counter staff mode in a browser, behind the staff PIN in every new tab."""
    try:
        config = load_config(args.config)
    except ConfigError as err:
        raise UsageError(str(err)) from err
    from kiosk.pin import PinGuard  # 7 ms

    if not PinGuard(config.data_dir).is_set():
        print("kiosk: no staff PIN is set; run `kiosk set-pin` first, then `kiosk serve`", file=sys.stderr)
        return 1
    if args.max_sessions < 1:
        raise UsageError(f"--max-sessions {args.max_sessions}: at least 1")
    sanitize_environment()  # the sessions inherit this environment: none of Textual's switches from the shell
    from kiosk.serve import CounterServer, is_loopback, serve_until_stopped, session_command  # aiohttp: 260 ms

    if not is_loopback(args.host):
        print(
            f"kiosk: serving on {args.host} without TLS: let only a TLS reverse proxy reach it (see the README)",
            file=sys.stderr,
        )
    setup_logging(config.log_dir)
    config_file = args.config.resolve() if args.config is not None else None
    db = None if args.db is None else str(args.db)  # a postgresql:// URL is text already, and stays whole
    command = session_command(guide=args.guide, db=db, config=config_file, lang=args.lang, dev=args.dev)
    server = CounterServer(command, max_sessions=args.max_sessions, dev=args.dev)
    try:
        asyncio.run(serve_until_stopped(server, args.host, args.port))
    except OSError as err:
        print(f"kiosk: cannot serve on {args.host} port {args.port}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def start_without_collecting() -> None:
    """Turn garbage collection off until the kiosk's first screen is painted (`kiosk.app.settle_memory`).

    Nearly everything start-up creates lives as long as the kiosk (modules, Textual, the first screen and
    its styles); collecting while it is made frees next to nothing and cost 16 ms of the cold start
    (tests/benchmarks/bench_startup.py, 4 December 2026: 255.6 -> 239.2 ms)."""
    gc.disable()


def cmd_supervise(args: argparse.Namespace, argv: Sequence[str]) -> int:
    from kiosk.supervise import supervise  # 3 ms

    try:
        config = load_config(args.config)
    except ConfigError as err:
        raise UsageError(str(err)) from err
    logger = setup_logging(config.log_dir)
    return supervise(argv, logger=logger, log_path=config.log_dir / LOG_FILE)


class KioskParser(argparse.ArgumentParser):
    """The `kiosk` command's parser, which knows its commands' names (see `with_default_command`)."""

    commands: frozenset[str] = frozenset()


class PrintVersion(argparse.Action):
    """`--version`: the installed release, read from the package's metadata only when asked (not at every start)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"kiosk {program_version()}")
        parser.exit()


def build_parser() -> KioskParser:
    parser = KioskParser(
        prog="kiosk",
        description="Jiangsu social security card kiosk. With no command, `kiosk [run options]` runs the kiosk.",
    )
    parser.add_argument("--version", action=PrintVersion)
    parser.add_argument("--guide", type=Path, help="a guide folder to use instead of the packaged one")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the lobby kiosk (the default)")
    # Also after `run`, for `kiosk --guide DIR --db FILE` (which is `kiosk run --guide DIR --db FILE`);
    # SUPPRESS keeps a --guide given before `run` from being reset to None.
    run.add_argument("--guide", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    run.add_argument("--db", type=db_argument, help=DB_HELP)
    run.add_argument("--config", type=Path, help="a configuration file (TOML)")
    run.add_argument("--lang", type=lang_tag, help=LANG_HELP)
    run.add_argument(
        "--supervise", action="store_true", help="restart the kiosk if it stops unexpectedly (for the lobby)"
    )

    set_pin = sub.add_parser("set-pin", help="set the staff PIN (stored only as a salted hash)")
    set_pin.add_argument("--config", type=Path, help="a configuration file (TOML); the PIN goes in its data_dir")
    set_pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from one line of standard input")

    staff = sub.add_parser("staff", help="counter staff mode (asks for the staff PIN first)")
    staff.add_argument("--db", type=db_argument, help=DB_HELP)
    staff.add_argument("--config", type=Path, help="a configuration file (TOML)")
    staff.add_argument("--lang", type=lang_tag, help=LANG_HELP)
    staff.add_argument("--dev", action="store_true", help="development: allow Textual's devtools console")

    serve = sub.add_parser("serve", help="counter staff mode in a web browser (each tab asks for the staff PIN)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this PC)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000; 0: any free port)")
    serve.add_argument("--db", type=db_argument, help=DB_HELP + "; each tab's session opens the same")
    serve.add_argument("--config", type=Path, help="a configuration file (TOML)")
    serve.add_argument("--lang", type=lang_tag, help=LANG_HELP)
    serve.add_argument(
        "--max-sessions", type=int, default=8, help="browser tabs served at once, each its own process (default 8)"
    )
    serve.add_argument("--dev", action="store_true", help="development: sessions may use Textual's devtools console")

    health = sub.add_parser("health", help="the terminal's state as JSON, for monitoring; exit 0 when all is well")
    health.add_argument("--db", type=db_argument, help=DB_HELP)
    health.add_argument("--config", type=Path, help="a configuration file (TOML)")

    stats = sub.add_parser("stats", help="walkthroughs per procedure per day, and where visitors gave up")
    stats.add_argument("--db", type=db_argument, help=DB_HELP)
    stats.add_argument("--config", type=Path, help="a configuration file (TOML)")
    stats.add_argument("--since", help="the first day, YYYY-MM-DD (default: --days before --until)")
    stats.add_argument("--until", help="the last day, YYYY-MM-DD (default: today)")
    stats.add_argument("--days", type=int, default=7, help="the period's length when --since is not given (default 7)")
    stats.add_argument("--csv", action="store_true", help="CSV with a header, for a spreadsheet (see the README)")
    stats.add_argument("--lang", type=lang_tag, default="zh", help=LANG_HELP)
    stats.add_argument("--by-terminal", action="store_true", help="walkthroughs per terminal and procedure")

    db = sub.add_parser("db", help="the site store (PostgreSQL): upgrade its schema, or show its status")
    db.add_argument(
        "db_command", choices=("upgrade", "status"), help="upgrade: apply the migrations (the owner's role)"
    )
    db.add_argument("--db", type=db_argument, help="the site store's postgresql:// URL (default: $KIOSK_DATABASE_URL)")
    db.add_argument("--config", type=Path, help="a configuration file (TOML)")

    guide = sub.add_parser("guide", help="the guide as data: --json, check, graph")
    guide.add_argument("--json", action="store_true", help="print the procedures and questions as JSON")
    guide_sub = guide.add_subparsers(dest="guide_command")
    guide_sub.add_parser("check", help="validate the guide")
    graph = guide_sub.add_parser("graph", help="print a procedure's flow as a Mermaid diagram")
    graph.add_argument("procedure")

    checklist = sub.add_parser("checklist", help="print the checklist for a procedure and answers")
    checklist.add_argument("procedure")
    checklist.add_argument("--answer", "-a", action="append", metavar="QUESTION=VALUE")
    checklist.add_argument("--lang", type=lang_tag, help=f"{LANG_HELP}; default zh, and English messages")
    checklist.add_argument("--json", action="store_true", help="the same as --format json")
    checklist.add_argument("--why", action="store_true", help="show the answer and guide section behind each line")
    checklist.add_argument(
        "--format", choices=("text", "json", "slip"), help="text (the default), JSON, or the printed slip's text"
    )
    checklist.add_argument("--code", default=NO_CODE, help="the pickup code on the slip (default: ------)")
    checklist.add_argument("--date", help="the date on the slip, e.g. '2026-03-05 09:30' (default: now)")
    parser.commands = frozenset(sub.choices)
    return parser


def with_default_command(parser: KioskParser, argv: Sequence[str]) -> list[str]:
    """`kiosk --db FILE` (options, no command) as `kiosk run --db FILE`; `kiosk [--guide DIR] --help`, or
    `--version`, or nothing, stays as given."""
    rest = list(argv)
    while rest and rest[0].startswith("--guide"):
        rest = rest[1:] if "=" in rest[0] else rest[2:]
    if not rest or rest[0] in ("-h", "--help", "--version") or any(arg in parser.commands for arg in argv):
        return list(argv)
    return ["run", *argv]


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(with_default_command(parser, sys.argv[1:] if argv is None else argv))
    root: Path | None = args.guide or (Path(os.environ["KIOSK_GUIDE"]) if os.environ.get("KIOSK_GUIDE") else None)
    try:
        if args.command == "health":  # reports a broken guide instead of stopping at it
            from kiosk.health import cmd_health

            return cmd_health(args, root)
        if args.command == "set-pin":  # needs no guide: works even while the guide is broken
            return cmd_set_pin(args)
        if args.command == "db":
            return cmd_db(args, _config(args))
        if args.command == "guide" and args.guide_command == "check":
            return cmd_guide_check(root)
        guide = load_guide(root, cache_dir=cache_dir())
        if args.command == "guide":
            if args.guide_command == "graph":
                return cmd_guide_graph(guide, args.procedure)
            if args.json:
                import json

                print(json.dumps(guide_json(guide), ensure_ascii=False, indent=2))
                return 0
            parser.parse_args(["guide", "--help"])
        if args.command == "checklist":
            return cmd_checklist(guide, args)
        if args.command == "stats":
            return cmd_stats(guide, args)
        if args.command == "staff":
            return cmd_staff(guide, args)
        if args.command == "serve":
            return cmd_serve(args)
        if getattr(args, "supervise", False):
            from kiosk.supervise import SUPERVISED_ENV  # 3 ms

            if not os.environ.get(SUPERVISED_ENV):  # the supervisor itself; its child runs the kiosk below
                # The guide was checked above, so a broken guide fails once here instead of five times.
                return cmd_supervise(args, sys.argv[1:] if argv is None else argv)
        if served_by_textual_serve():
            raise UsageError("the lobby's visitor mode is never served to a browser; `kiosk serve` serves staff mode")
        sanitize_environment()  # before Textual is first imported: it reads its developer switches then
        start_without_collecting()
        from kiosk.launch import run_kiosk  # Textual: only now, after sanitize_environment

        return run_kiosk(guide, args)
    except UsageError as err:
        print(f"kiosk: {err}", file=sys.stderr)
        return USAGE_ERROR
    except GuideError as err:
        print(f"kiosk: {say('guide_broken', getattr(args, 'lang', None) or 'en', error=err)}", file=sys.stderr)
        return 1


def main() -> None:
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
