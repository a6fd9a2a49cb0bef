"""Which store a terminal opens: the embedded SQLite file (the default), or the site's PostgreSQL server.

The site store is chosen by `--db postgresql://...`, else `$KIOSK_DATABASE_URL`, else `database_url` in
kiosk.toml; with none of them the kiosk keeps its SQLite file exactly as before. On a site the lobby saves
through a local outbox (store.site.SiteStore), so a visitor never waits for the network.

This module imports no store code at start-up: `kiosk run` reads it before its first screen.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config
from kiosk.guide.model import Guide

if TYPE_CHECKING:
    from store.contract import StoreContract
    from store.pg import PgStore
    from store.site import SiteSettings

URL_ENV = "KIOSK_DATABASE_URL"
OUTBOX_FILE = "outbox.db"


def db_argument(text: str) -> str | Path:
    """`--db`: a postgresql:// URL stays text (a Path would fold its '//'), anything else is a SQLite file."""
    if text.strip().lower().startswith(("postgresql://", "postgres://")):
        return text.strip()
    return Path(text)


def database_url(args: argparse.Namespace, config: Config) -> str | None:
    """The site store's URL: --db URL, else $KIOSK_DATABASE_URL, else database_url; None: the SQLite file.

    A `--db PATH` chooses the SQLite file even when the environment or the configuration names a server."""
    given = getattr(args, "db", None)
    if isinstance(given, str):
        return given
    if isinstance(given, Path):
        return None
    return os.environ.get(URL_ENV) or config.database_url or None


def terminal_id(config: Config) -> str:
    from store.records import default_terminal_id

    return config.terminal_id or default_terminal_id()


def site_settings(url: str, config: Config) -> SiteSettings:
    from store.site import SiteSettings

    return SiteSettings(
        url=url,
        terminal_id=terminal_id(config),
        outbox_path=config.data_dir / OUTBOX_FILE,
        retention_days=config.retention_days,
        connect_timeout=config.db_connect_timeout,
        statement_timeout=config.db_statement_timeout,
        outbox_max=config.outbox_max,
    )


def open_store(args: argparse.Namespace, config: Config) -> StoreContract:
    """The kiosk's store: a SiteStore (outbox and server) when a URL is configured, else the SQLite file.

    The App opens it once, in a thread, as soon as its first screen is painted (VisitRecords.open_early): a site
    store's forwarder then claims this terminal's code space before the first visitor saves (opened only at the
    first save, a new terminal would have no prefix yet, and the first visitor's checklist would be "not saved"
    if the server was away just then); nothing on that thread waits for the network."""
    url = database_url(args, config)
    if url is not None:
        from store.site import SiteStore

        return SiteStore(site_settings(url, config))
    from kiosk.config import database_path
    from store import Store

    return Store(
        database_path(getattr(args, "db", None), config),
        retention_days=config.retention_days,
        expired_code_days=config.expired_code_days,
        terminal_id=terminal_id(config),
    )


def cmd_db(args: argparse.Namespace, config: Config) -> int:
    """`kiosk db upgrade` (apply the migrations, set the site's retention) and `kiosk db status`."""
    from store.errors import StoreError
    from store.site import site_health
    from store.urls import redact

    url = database_url(args, config)
    if url is None:
        print(
            "kiosk: no site store is configured (--db postgresql://..., $KIOSK_DATABASE_URL or database_url);"
            " the embedded SQLite file upgrades itself when the kiosk opens it",
            file=sys.stderr,
        )
        return 2
    if args.db_command == "status":
        health = site_health(
            url,
            outbox_path=config.data_dir / OUTBOX_FILE,
            connect_timeout=config.db_connect_timeout,
            statement_timeout=config.db_statement_timeout,
        )
        print(f"site store: {health.where}")
        print(f"reachable: {'yes' if health.reachable else 'no'}" + (f" ({health.error})" if health.error else ""))
        print(
            f"schema: {health.schema_version if health.schema_version is not None else '?'}"
            f" (this kiosk knows {health.known_schema_version})"
        )
        if health.outbox_waiting is not None:
            print(f"outbox: {health.outbox_waiting} waiting, {health.outbox_refused} refused")
        return 0 if health.ok else 1
    from store import pg_schema
    from store.pg import classify_pg, connect

    try:
        conn = connect(url, connect_timeout=config.db_connect_timeout, statement_timeout=60.0)
        try:
            applied = pg_schema.upgrade(conn, redact(url))
            conn.execute(
                "UPDATE site_settings SET retention_days = %s, expired_code_days = %s",
                (config.retention_days, config.expired_code_days),
            )
            version = pg_schema.schema_version(conn)
        finally:
            conn.close()
    except StoreError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 1
    except Exception as error:
        print(f"kiosk: cannot upgrade the site store: {classify_pg(error, url)}", file=sys.stderr)
        return 1
    for name in applied:
        print(f"applied {name}")
    print(f"{redact(url)}: schema version {version}, up to date; retention {config.retention_days} days")
    return 0


def open_for_stats(args: argparse.Namespace, config: Config) -> PgStore:
    """The site store itself (no outbox) for `kiosk stats`: it reads, and needs the counter's role."""
    from store.pg import PgStore

    url = database_url(args, config)
    assert url is not None
    return PgStore(
        url,
        terminal_id=terminal_id(config),
        retention_days=config.retention_days,
        connect_timeout=config.db_connect_timeout,
        statement_timeout=config.db_statement_timeout,
        read_only=True,
    )


def render_per_terminal(
    guide: Guide, since: date, until: date, rows: list[tuple[str, str, int]], lang: str, *, csv: bool
) -> str:
    """`kiosk stats --by-terminal`: walkthroughs per terminal and procedure, as a table or CSV."""
    import io

    def title(procedure_id: str) -> str:
        procedure = guide.procedure(procedure_id)
        return procedure.title.get("en" if lang == "en" else "zh") if procedure else procedure_id

    if csv:
        import csv as csv_module

        out = io.StringIO()
        writer = csv_module.writer(out, lineterminator="\n")
        writer.writerow(["terminal", "from", "to", "procedure", "count", "procedure_title"])
        for terminal, procedure, count in rows:
            writer.writerow([terminal or "-", since.isoformat(), until.isoformat(), procedure, count, title(procedure)])
        return out.getvalue()
    heading = "各终端办理清单数" if lang != "en" else "Walkthroughs per terminal"
    lines = [f"{heading}, {since.isoformat()} .. {until.isoformat()}"]
    if not rows:
        lines.append("  (none)" if lang == "en" else "  （无）")
    width = max((len(terminal or "-") for terminal, _, _ in rows), default=8)
    for terminal, procedure, count in rows:
        lines.append(f"  {terminal or '-':<{width}}  {count:>6}  {title(procedure)}")
    total = sum(count for _, _, count in rows)
    lines.append(f"  {'total' if lang == 'en' else '合计':<{width}}  {total:>6}")
    return "\n".join(lines) + "\n"
