"""``os1 mail``: accounts, sync, the triaged inbox, one message, import, replies.

Nothing leaves the machine and nothing moves without a yes: ``reply`` shows a drafted reply
and keeps it as a proposal; ``send`` shows it again and sends only with ``--yes`` or a typed
yes; ``move`` likewise. Passwords are asked without echo and never printed."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.mail import credentials, service
from os1.mail.boxes import SECURITY

PILE_STYLE = {"needs a reply": "bold", "personal": "bold", "logistics": "", "newsletters": "dim",
              "can go": "dim"}


@click.group()
def mail() -> None:
    """Your mail: read and triaged here, never sent or moved without your yes."""


def _ask_passphrase() -> str:
    import sys

    if not sys.stdin.isatty():
        return ""  # no one to ask: the error names OS1_MAIL_PASSPHRASE
    return click.prompt("Passphrase that encrypts your mail password", hide_input=True,
                        default="", show_default=False)


@mail.command("add-account")
@click.option("--name", default="mail", show_default=True, help="What to call the account.")
@click.option("--address", required=True, help="Your email address.")
@click.option("--imap", "imap_host", default=None, help="IMAP server (host[:port]).")
@click.option("--imap-security", type=click.Choice(SECURITY), default="tls", show_default=True)
@click.option("--smtp", "smtp_host", default=None, help="SMTP server (host[:port]).")
@click.option("--smtp-security", type=click.Choice(SECURITY), default="starttls", show_default=True)
@click.option("--user", "username", default=None, help="Login name (default: the address).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def add_account(name: str, address: str, imap_host: str | None, imap_security: str,
                smtp_host: str | None, smtp_security: str, username: str | None,
                password_stdin: bool) -> None:
    """Add (or change) a mail account; its password goes to the keyring or is encrypted."""
    import sys

    from os1.mail.boxes import check_security

    imap, imap_port = _host(imap_host)
    smtp, smtp_port = _host(smtp_host)
    for host, security in ((imap, imap_security), (smtp, smtp_security)):
        if host:
            check_security(host, security)
    rt = Runtime.open()
    password = (sys.stdin.readline().rstrip("\n") if password_stdin else
                click.prompt("Password", hide_input=True))
    secret = credentials.seal(rt.user_id, name, password, _ask_passphrase)
    rt.store.save_mail_account(rt.user_id, name=name, address=address.lower(), imap_host=imap,
                               imap_port=imap_port, imap_security=imap_security, smtp_host=smtp,
                               smtp_port=smtp_port, smtp_security=smtp_security,
                               username=username or address, secret=secret)
    where = "the system keyring" if secret == "keyring" else "the store, encrypted"
    ui.out.print(f"Account '{name}' ({address}) added; its password is in {where}.")


def _host(value: str | None) -> tuple[str | None, int | None]:
    if not value:
        return None, None
    host, _, port = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    if port and not port.isdigit():
        raise click.BadParameter(f"'{value}' is not host or host:port.")
    return host, int(port) if port else None


@mail.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--sent", is_flag=True, help="These are messages you sent (they teach your voice).")
@click.option("--read/--no-read", "read_now", default=True, show_default=True,
              help="Have the reader triage them now (without the model).")
def import_command(path: Path, sent: bool, read_now: bool) -> None:
    """Import a Maildir folder or an mbox file, for offline use."""
    rt = Runtime.open()
    result = service.import_local(rt.store, rt.user_id, path, sent=sent)
    ui.out.print(f"{result['added']} messages imported from {path}"
                 + (f", {result['already_kept']} already kept" if result["already_kept"] else "") + ".")
    if read_now and not sent:
        _read(rt, None)


def _read(rt: Runtime, model) -> None:
    with ui.err.status("Reading new mail…") as status:
        count = service.read_new(rt.store, rt.user_id, model,
                                 lambda done, total: status.update(f"Reading new mail… {done}/{total}"))
    if count:
        ui.err.print(f"[dim]{count} messages read and triaged.[/]")


@mail.command("sync")
@click.option("--account", "name", default=None, help="Which account (default: the first).")
@click.option("--summaries", is_flag=True, help="Have the configured model write the summaries.")
@click.option("--watch", type=int, default=0, metavar="SECONDS",
              help="Then keep waiting for new mail (IDLE, else polling) this many seconds.")
def sync_command(name: str | None, summaries: bool, watch: int) -> None:
    """Fetch new mail over IMAP (it stays unread on the server) and triage it."""
    rt = Runtime.open()
    account = service.account_or_error(rt.store, rt.user_id, name)
    password = service.password_for(rt.store, rt.user_id, account, _ask_passphrase)
    model = rt.model() if summaries else None
    added = service.sync(rt.store, rt.user_id, account, password)
    ui.out.print(", ".join(f"{n} new in {folder}" for folder, n in added.items()) or "nothing new")
    _read(rt, model)
    if watch:
        from os1.mail.boxes import Imap

        with Imap(account, password) as imap:
            changed = imap.wait("INBOX", watch)
        if changed:
            added = service.sync(rt.store, rt.user_id, account, password)
            ui.out.print(f"{sum(added.values())} more arrived.")
            _read(rt, model)


@mail.command("list")
@click.option("--all", "show_all", is_flag=True, help="Every pile, not only what matters.")
@click.option("--limit", default=30, show_default=True)
def list_command(show_all: bool, limit: int) -> None:
    """The inbox triaged: what needs a reply and what is personal first, then the rest."""
    rt = Runtime.open()
    service.read_new(rt.store, rt.user_id, None)
    rows = service.triaged(rt.store, rt.user_id)
    matter = [r for r in rows if r["pile"] in ("needs a reply", "personal", "logistics")]
    shown = (rows if show_all else matter)[:limit]
    if not rows:
        ui.out.print("No mail yet: `os1 mail sync` or `os1 mail import PATH`.")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("id", "pile", "from", "subject", "date"):
        table.add_column(column, overflow="fold")
    for r in shown:
        style = PILE_STYLE.get(r["pile"], "")
        table.add_row(str(r["id"]), r["pile"], escape(r["reading"]["sender_name"] or r["sender"]),
                      escape(r["reading"]["subject"] or "(no subject)"), (r["date"] or "")[:10],
                      style=style)
    ui.out.print(table)
    rest = len(rows) - len(matter)
    if not show_all and rest:
        piles: dict[str, int] = {}
        for r in rows:
            if r not in matter:
                piles[r["pile"]] = piles.get(r["pile"], 0) + 1
        ui.out.print("[dim]and " + ", ".join(f"{n} {p}" for p, n in piles.items())
                     + " (`os1 mail list --all`)[/]")


@mail.command("show")
@click.argument("message_id", type=int)
@click.option("--summary", is_flag=True, help="Have the configured model summarise it now.")
def show_command(message_id: int, summary: bool) -> None:
    """One message: what the reader made of it, then its text (links are never opened)."""
    from os1.mail.reader import read
    from os1.memory.store_mail import as_mail

    rt = Runtime.open()
    row = service.message(rt.store, rt.user_id, message_id)
    reading = row["reading"]
    if summary or reading is None:
        model = rt.model() if summary else None
        reading = read(as_mail(row), model, service.user_addresses(rt.store, rt.user_id)).as_dict()
        rt.store.save_reading(rt.user_id, message_id, reading)
    ui.out.print(f"[bold]{escape(reading['subject'] or '(no subject)')}[/]", markup=True)
    ui.out.print(f"from {row['sender_name'] or ''} <{row['sender']}>, {row['date']}", markup=False)
    ui.out.print(f"pile: {reading['pile']} ({reading['genre']}); {reading['intent']}", markup=False)
    ui.out.print(f"summary: {reading['summary']}", markup=False)
    for request in reading["requests"]:
        ui.out.print(f"  asks: {request}", markup=False)
    if reading["dates"]:
        ui.out.print("dates: " + ", ".join(reading["dates"]), markup=False)
    if reading["suspicious"]:
        ui.out.print("[yellow]It holds text written to give orders to an assistant; it was not "
                     "followed.[/]")
    if reading["links"]:
        ui.out.print(f"[dim]{reading['links']} links or images, not opened.[/]")
    ui.out.print("")
    ui.out.print(row["body"], markup=False, highlight=False)


def _context(rt: Runtime, model=None):
    """Where the mail tools run for the CLI: they log what they do (``os1 activity``)."""
    from os1.mind.turn import user_now
    from os1.tools.base import Context

    return Context(rt.store, rt.user_id, user_now(rt.store, rt.user_id), model=model)


def _unlock(rt: Runtime) -> None:
    """A password kept encrypted needs the passphrase: asked here once (never kept) when
    ``OS1_MAIL_PASSPHRASE`` does not hold it, for the tools this command runs."""
    import os

    account = service.account_or_error(rt.store, rt.user_id, None)
    if (account["secret"] or "").startswith("fernet:") and not os.environ.get(credentials.PASSPHRASE_ENV):
        os.environ[credentials.PASSPHRASE_ENV] = _ask_passphrase()


def _carry_out(ctx, tool: str, args: dict, yes: bool, question: str, no: str) -> None:
    """Show the tool's preview, and run it (logged) only on ``--yes`` or a typed yes."""
    from os1.tools import activity

    chosen = activity.get(tool)
    ui.out.print(chosen.preview(chosen.parse(args), ctx), markup=False, highlight=False)
    if not yes and not click.confirm(f"\n{question}", default=False):
        ui.out.print(no)
        return
    out = activity.act(tool, args, ctx, confirmed=True)
    if out.status != "done":
        raise click.ClickException(out.said)
    ui.out.print(out.said + (f" (undo: os1 activity undo {out.activity_id})"
                             if ctx.store.activity(ctx.user_id, out.activity_id).undo else ""),
                 markup=False)


@mail.command("reply")
@click.argument("message_id", type=int)
def reply_command(message_id: int) -> None:
    """Draft a reply in your voice and keep it as a proposal (nothing is sent)."""
    from os1.tools import activity

    rt = Runtime.open()
    out = activity.act("draft_reply", {"id": message_id}, _context(rt, rt.model()))
    if out.status != "done":
        raise click.ClickException(out.said)
    data = out.data or {}
    _preview(data["to"], data["subject"], data["body"])
    ui.out.print(f"[dim]Draft {data['draft']} kept. Send it with `os1 mail send {data['draft']}`.[/]")


def _preview(to: str, subject: str, body: str) -> None:
    ui.out.print(f"To: {to}\nSubject: {subject}\n\n{body}", markup=False, highlight=False)


@mail.command("send")
@click.argument("draft_id", type=int)
@click.option("--yes", is_flag=True, help="Send without asking (you have seen the preview).")
def send_command(draft_id: int, yes: bool) -> None:
    """Send a drafted reply: shown first, sent only on your yes."""
    from os1.mail.tools import digest

    rt = Runtime.open()
    draft = rt.store.draft(rt.user_id, draft_id)
    if draft is None or draft["status"] != "proposed":
        raise click.ClickException(f"there is no draft {draft_id} waiting to be sent.")
    _unlock(rt)
    _carry_out(_context(rt), "send_mail", {"draft": draft_id, "digest": digest(draft)}, yes,
               "Send it?", "Not sent.")


@mail.command("move")
@click.argument("message_id", type=int)
@click.argument("folder")
@click.option("--yes", is_flag=True, help="Move without asking.")
def move_command(message_id: int, folder: str, yes: bool) -> None:
    """Move a message to another folder on its server, on your yes (undo: os1 activity undo)."""
    rt = Runtime.open()
    service.message(rt.store, rt.user_id, message_id)
    _unlock(rt)
    _carry_out(_context(rt), "move_mail", {"id": message_id, "folder": folder}, yes,
               "Move it?", "Not moved.")


@mail.command("flag")
@click.argument("message_id", type=int)
@click.option("--flag", "name", default="\\Flagged", show_default=True)
@click.option("--off", is_flag=True, help="Clear the flag instead.")
@click.option("--yes", is_flag=True, help="Flag without asking.")
def flag_command(message_id: int, name: str, off: bool, yes: bool) -> None:
    """Flag a message on its server (or clear a flag), on your yes."""
    rt = Runtime.open()
    service.message(rt.store, rt.user_id, message_id)
    _unlock(rt)
    _carry_out(_context(rt), "flag_mail", {"id": message_id, "flag": name, "on": not off}, yes,
               "Flag it?" if not off else "Clear it?", "Not changed.")
