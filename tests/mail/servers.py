"""Real mail servers on loopback for tests: Debian's dovecot (IMAP) run as an unprivileged
user from a temp config, maildir and passdb file, and aiosmtpd (SMTP)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """\
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {user}
default_login_user = {user}
default_internal_group = {group}
mail_location = maildir:{dir}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={dir}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dovecot:
    """``with Dovecot({"theo": "secret"}) as server:`` an IMAP server at server.port."""

    def __init__(self, users: dict[str, str]):
        self.users = users
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="os1-dovecot-"))
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Dovecot":
        root = os.geteuid() == 0
        who = pwd.getpwnam("nobody") if root else pwd.getpwuid(os.geteuid())
        group = "nogroup" if root else None
        import grp

        group = group or grp.getgrgid(who.pw_gid).gr_name
        for sub in ("run", "state", "mail", "home"):
            (self.dir / sub).mkdir()
        (self.dir / "passwd").write_text("".join(f"{u}:{{PLAIN}}{p}::::::\n"
                                                 for u, p in self.users.items()))
        (self.dir / "dovecot.conf").write_text(CONFIG.format(dir=self.dir, user=who.pw_name,
                                                             group=group, port=self.port))
        os.chmod(self.dir, 0o755)
        if root:
            subprocess.run(["chown", "-R", f"{who.pw_name}:{group}", str(self.dir)], check=True)
        command = [DOVECOT, "-F", "-c", str(self.dir / "dovecot.conf")]
        if root:
            command = ["runuser", "-u", who.pw_name, "--", *command]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("dovecot did not start: " + self.log())

    def log(self) -> str:
        path = self.dir / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Smtp:
    """``with Smtp() as server:`` an SMTP server at server.port; ``server.received`` holds
    (envelope from, recipients, raw bytes) of every message it took."""

    def __init__(self):
        self.port = free_port()
        self.received: list[tuple[str, list[str], bytes]] = []

    def __enter__(self) -> "Smtp":
        from aiosmtpd.controller import Controller

        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                outer.received.append((envelope.mail_from, list(envelope.rcpt_tos),
                                       envelope.original_content or envelope.content))
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
