"""A real PostgreSQL server for the team-sync tests and bench, on 127.0.0.1.

`PgServer` runs initdb and pg_ctl in a temporary folder on a free loopback
port (trust authentication, fsync off: it is thrown away afterwards).
PostgreSQL refuses to run as root, so when we are root the server binaries run
as the `postgres` user (created by Debian's postgresql package) through
`runuser`, on a folder chowned to it.  `fresh_database()` hands each test its
own database, cloned from a migrated template so it costs milliseconds.

Fixtures: `pg_server` (one server per test run, stopped at exit; skipped with a clear reason only
when PostgreSQL is not installed) and `team_db` (a fresh migrated database per
test: its SQLAlchemy URL).
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def find_bindir() -> Path | None:
    """Where initdb/pg_ctl/postgres live: pg_config's bindir, else the newest Debian one."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
            candidates.append(Path(out))
        except (OSError, subprocess.SubprocessError):
            pass

    def version(path: str) -> float:
        try:
            return float(Path(path).parent.name)
        except ValueError:
            return 0.0

    candidates += [
        Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version)[::-1]
    ]
    for initdb in ("initdb",):
        found = shutil.which(initdb)
        if found:
            candidates.append(Path(found).resolve().parent)
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (start(), stop(), cleanup())."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="warroom-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.user = "postgres"
        self.running = False
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            try:
                shutil.chown(self.folder, "postgres", "postgres")
            except LookupError:
                raise RuntimeError(
                    "PostgreSQL refuses to run as root and there is no 'postgres' user to run "
                    "it as: install the Debian package postgresql (it creates the user)"
                ) from None
        self.folder.chmod(0o755)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.user,
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        atexit.register(self.cleanup)

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{tool} failed ({result.returncode}): {result.stderr.strip()[-2000:]}\n{log}"
            )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=60"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.running = False

    def cleanup(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL (no password: the server trusts loopback)."""
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql.encode())

    def fresh_database(self) -> str:
        """A new migrated database cloned from a template; returns its SQLAlchemy URL."""
        template = "warroom_template"
        if not getattr(self, "_template_ready", False):
            from warroom.store.db import open_store

            self.execute(f"DROP DATABASE IF EXISTS {template}")
            self.execute(f"CREATE DATABASE {template}")
            opened = open_store(url=self.url(template))
            opened.close()
            self._template_ready = True
        name = "t_" + uuid.uuid4().hex[:12]
        self.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)


def start_server() -> PgServer:
    """Start a server, or raise RuntimeError saying PostgreSQL is not installed."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL is not installed (no initdb/pg_ctl found via pg_config or "
            "/usr/lib/postgresql/*/bin): install the Debian package postgresql"
        )
    server = PgServer(bindir)
    server.start()
    return server


_shared: list[PgServer] = []


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One server for the whole run, however many test modules import this fixture.

    (pytest makes one session fixture per importing module; the server is
    shared through `_shared` and stopped at exit.)
    """
    if find_bindir() is None:
        pytest.skip("PostgreSQL is not installed: install the Debian package postgresql")
    if not _shared:
        _shared.append(start_server())
    server = _shared[0]
    if not server.running:
        server.start()
    yield server


@pytest.fixture
def team_db(pg_server: PgServer) -> str:
    if not pg_server.running:
        pg_server.start()
    return pg_server.fresh_database()
