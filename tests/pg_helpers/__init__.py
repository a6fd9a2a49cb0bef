"""A throwaway PostgreSQL cluster for the tests: initdb in a temp folder, a Unix socket only, run as `postgres`.

We are root in CI and on the developers' machines, and PostgreSQL refuses to run as root, so every server
binary runs through `runuser -u postgres --` (or directly when the tests do not run as root). The cluster
listens on no TCP port at all: only on a socket in its own folder. Under CI=true a missing server fails.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from parts_helpers import missing

PG_BIN_DIRS = (
    Path("/usr/lib/postgresql/15/bin"),
    Path("/usr/lib/postgresql/16/bin"),
    Path("/usr/lib/postgresql/17/bin"),
)
# Test roles' passwords: random per run, so a test that finds one in a log found a real leak.
OWNER_PASSWORD = secrets.token_hex(8)
LOBBY_PASSWORD = secrets.token_hex(8)
COUNTER_PASSWORD = secrets.token_hex(8)


def pg_bin() -> Path | None:
    """The folder of initdb/pg_ctl/postgres, or None when PostgreSQL is not installed."""
    for folder in PG_BIN_DIRS:
        if (folder / "pg_ctl").exists():
            return folder
    return None


def require_postgres() -> Path:
    """The server's binaries; skips the test where there are none, fails instead under CI=true."""
    found = pg_bin()
    if found is None:
        missing("PostgreSQL's server (Debian package postgresql)")
    assert found is not None
    return found


class Cluster:
    """One PostgreSQL cluster in `folder`, reached through the socket in `folder`."""

    def __init__(self, bin_dir: Path, folder: Path) -> None:
        self.bin = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.socket_dir = folder
        self.log = folder / "server.log"
        self._count = 0

    def _as_postgres(self, *command: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        argv = [str(part) for part in command]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, check=check, cwd=self.folder, timeout=120)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.folder.chmod(0o700)
        self._as_postgres(
            self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        # The superuser (the tests' own connection) is trusted on the socket; every other role needs its password.
        (self.data / "pg_hba.conf").write_text("local all postgres trust\nlocal all all scram-sha-256\n")
        if os.geteuid() == 0:
            shutil.chown(self.data / "pg_hba.conf", "postgres", "postgres")

    def start(self) -> None:
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{self.socket_dir}' -c fsync=on -c max_connections=60"
        )
        self._as_postgres(
            self.bin / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "-t", "60", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop", check=False)

    def is_running(self) -> bool:
        return self._as_postgres(self.bin / "pg_ctl", "-D", self.data, "status", check=False).returncode == 0

    def url(self, database: str = "postgres", user: str = "postgres", password: str | None = None) -> str:
        """A libpq URL for the socket: postgresql://user[:password]@/database?host=FOLDER."""
        credentials = user if password is None else f"{user}:{password}"
        return f"postgresql://{credentials}@/{database}?host={self.socket_dir}"

    def sql(self, statement: str, database: str = "postgres") -> list[tuple[object, ...]]:
        """Run one statement as the superuser and return its rows (none for a statement without)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(statement)  # type: ignore[call-overload]
            return list(cursor.fetchall()) if cursor.description else []

    def new_database(self, prefix: str = "kiosk", template: str | None = None) -> str:
        """A fresh database owned by `kiosk_owner` (a plain role, not a superuser): empty, or a copy of `template`."""
        self._count += 1
        name = f"{prefix}_{os.getpid()}_{self._count}"
        copy = f' TEMPLATE "{template}"' if template else ""
        self.sql(f'CREATE DATABASE "{name}" OWNER kiosk_owner{copy}')
        # PostgreSQL 15: only the owner may create in the public schema; make it the kiosk_owner's.
        self.sql("ALTER SCHEMA public OWNER TO kiosk_owner", database=name)
        return name

    def create_roles(self) -> None:
        """The site's three login roles, as the README tells a DBA to create them (NOLOGIN groups first)."""
        statements = [
            f"CREATE ROLE kiosk_owner LOGIN PASSWORD '{OWNER_PASSWORD}'",
            "CREATE ROLE kiosk_lobby NOLOGIN",
            "CREATE ROLE kiosk_counter NOLOGIN",
            f"CREATE ROLE lobby1 LOGIN PASSWORD '{LOBBY_PASSWORD}' IN ROLE kiosk_lobby",
            f"CREATE ROLE counter1 LOGIN PASSWORD '{COUNTER_PASSWORD}' IN ROLE kiosk_counter",
        ]
        for statement in statements:
            self.sql(statement)


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """A started cluster with the site's roles, stopped and deleted afterwards."""
    bin_dir = require_postgres()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    cluster = Cluster(bin_dir, folder)
    try:
        cluster.init()
        cluster.start()
        cluster.create_roles()
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


class SiteDatabase:
    """One fresh database of the cluster, upgraded to the kiosk's schema by its owner (not a superuser)."""

    def __init__(self, cluster: Cluster, name: str) -> None:
        self.cluster = cluster
        self.name = name
        self.owner_url = cluster.url(name, "kiosk_owner", OWNER_PASSWORD)
        self.lobby_url = cluster.url(name, "lobby1", LOBBY_PASSWORD)
        self.counter_url = cluster.url(name, "counter1", COUNTER_PASSWORD)

    def upgrade(self) -> None:
        from store import pg_schema
        from store.pg import connect

        conn = connect(self.owner_url, statement_timeout=60)
        try:
            pg_schema.upgrade(conn, self.name)
        finally:
            conn.close()

    def sql(self, statement: str) -> list[tuple[object, ...]]:
        return self.cluster.sql(statement, database=self.name)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throwaway cluster for the whole run (each test gets its own database in it)."""
    with throwaway_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def site_template(pg_cluster: Cluster) -> str:
    """A database upgraded once to the kiosk's schema, copied for each test (CREATE DATABASE ... TEMPLATE)."""
    template = SiteDatabase(pg_cluster, pg_cluster.new_database("kiosk_template"))
    template.upgrade()
    return template.name


@pytest.fixture
def site_db(pg_cluster: Cluster, site_template: str) -> SiteDatabase:
    """A fresh site database at the kiosk's schema."""
    if not pg_cluster.is_running():  # a fault test left it stopped
        pg_cluster.start()
    return SiteDatabase(pg_cluster, pg_cluster.new_database(template=site_template))


@pytest.fixture
def empty_db(pg_cluster: Cluster) -> SiteDatabase:
    """A fresh database without the kiosk's schema (for `kiosk db upgrade`)."""
    if not pg_cluster.is_running():
        pg_cluster.start()
    return SiteDatabase(pg_cluster, pg_cluster.new_database())
