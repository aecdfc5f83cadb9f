"""``os1 friends``: introduce your companion to a friend's, say what may cross, ask, plan and
let them talk, see every message, and end a link. Messages to you arrive while ``os1 serve``
runs (its address is the one your invitations carry)."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.errors import OS1Error
from os1.friends import consent
from os1.friends.link import DEFAULT_BASE, MAX_TALK_TURNS, Side
from os1.memory.memories import New
from os1.memory.store_friends import Friend


def _side(rt: Runtime, address: str | None, model: bool = False) -> Side:
    base = address or rt.settings.server.public_url or DEFAULT_BASE
    if not base.startswith(("http://", "https://")):
        raise OS1Error(f"--address {base!r} is not an http(s) address, such as {DEFAULT_BASE}.")
    memories = rt.memories()

    def remember(user_id: int, text: str, source: str) -> int:
        return memories.remember(user_id, New(text, kind="insight", importance=0.6, source=source))

    return Side(rt.store, rt.user_id, base.rstrip("/"), rt.model() if model else None, remember)


def _friend(rt: Runtime, who: str) -> Friend:
    links = rt.store.friends(rt.user_id)
    found = [f for f in links if str(f.id) == who or f.name.casefold() == who.casefold()]
    active = [f for f in found if f.status != "withdrawn"] or found
    if not active:
        raise OS1Error(f"no friend called {who!r}; `os1 friends list` shows them.")
    return active[-1]


ADDRESS = click.option("--address", default=None, metavar="URL",
                       help=f"How your OS1 server is reached (default: server.public_url, else "
                            f"{DEFAULT_BASE}).")
TOPICS = click.option("--topic", "topics", multiple=True, metavar="TOPIC",
                      help="A topic your companion may talk about on this link (repeatable); "
                           "\"calendar\" lets it say when you are free, \"health\" and \"money\" "
                           "are the only way those cross.")
NOTE = click.option("--note", default="", help="A note your companion may pass on as it stands.")
AS = click.option("--as", "name", required=True, help="The name to be known by on this link.")


@click.group()
def friends() -> None:
    """Your companion and your friends' companions: nothing crosses unless you allow it."""


@friends.command()
@AS
@TOPICS
@NOTE
@ADDRESS
def invite(name: str, topics: tuple[str, ...], note: str, address: str | None) -> None:
    """Print an invitation code to give a friend (it works once, for 3 days)."""
    rt = Runtime.open()
    chosen = consent.scope(list(topics), note)
    code = _side(rt, address).invite(name, chosen)
    ui.out.print(code, markup=False, soft_wrap=True)
    ui.err.print(f"Shared on this link: {chosen.describe()}. Your friend runs "
                 "`os1 friends accept CODE`; keep `os1 serve` running to hear from them.",
                 markup=False)


@friends.command()
@click.argument("code")
@AS
@TOPICS
@NOTE
@ADDRESS
def accept(code: str, name: str, topics: tuple[str, ...], note: str, address: str | None) -> None:
    """Say yes to a friend's invitation."""
    rt = Runtime.open()
    friend = _side(rt, address).accept(code, name, consent.scope(list(topics), note))
    ui.out.print(f"Linked with {friend.name}'s companion. Shared from your side: "
                 f"{consent.Scope.from_json(friend.scope).describe()}.", markup=False)


@friends.command(name="list")
def list_() -> None:
    """Your links, and what each lets cross from your side."""
    rt = Runtime.open()
    links = rt.store.friends(rt.user_id)
    if not links:
        ui.out.print("No friends' companions yet: `os1 friends invite --as NAME`.")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("id", "friend", "you are", "status", "you share"):
        table.add_column(column)
    for f in links:
        table.add_row(str(f.id), escape(f.name), escape(f.my_name), f.status,
                      escape(consent.Scope.from_json(f.scope).describe()))
    ui.out.print(table)


@friends.command()
@click.argument("friend")
@TOPICS
@NOTE
def share(friend: str, topics: tuple[str, ...], note: str) -> None:
    """Change what may cross to FRIEND (no options: nothing)."""
    rt = Runtime.open()
    link = _friend(rt, friend)
    chosen = consent.scope(list(topics), note)
    rt.store.set_friend(rt.user_id, link.id, scope=chosen.as_json())
    ui.out.print(f"Shared with {link.name} from now on: {chosen.describe()}.", markup=False)


@friends.command()
@click.argument("friend")
@ADDRESS
def withdraw(friend: str, address: str | None) -> None:
    """End the link with FRIEND, on both sides."""
    rt = Runtime.open()
    link = _friend(rt, friend)
    _side(rt, address).withdraw(link)
    ui.out.print(f"The link with {link.name} is ended.", markup=False)


@friends.command()
@click.argument("friend")
@click.argument("question", nargs=-1, required=True)
@ADDRESS
def ask(friend: str, question: tuple[str, ...], address: str | None) -> None:
    """Ask FRIEND's companion something ("when is she free on Saturday?")."""
    rt = Runtime.open()
    link = _friend(rt, friend)
    reply = _side(rt, address).ask(link, " ".join(question))
    ui.out.print(f"{link.name}'s companion: {reply}", markup=False)


@friends.command()
@click.argument("friend")
@click.argument("text", nargs=-1, required=True)
@ADDRESS
def tell(friend: str, text: tuple[str, ...], address: str | None) -> None:
    """Tell FRIEND's companion something to pass on ("I'll bring the wine")."""
    rt = Runtime.open()
    link = _friend(rt, friend)
    ui.out.print(f"{link.name}'s companion: {_side(rt, address).tell(link, ' '.join(text))}",
                 markup=False)


@friends.command()
@click.argument("friend")
@click.argument("what")
@click.option("--when", required=True, help="\"Saturday at 7pm\"")
@ADDRESS
def plan(friend: str, what: str, when: str, address: str | None) -> None:
    """Propose WHAT to FRIEND for a time; their companion says if they look free."""
    rt = Runtime.open()
    link = _friend(rt, friend)
    ui.out.print(f"{link.name}'s companion: {_side(rt, address).propose(link, what, when)}",
                 markup=False)


@friends.command()
@click.argument("friend")
@click.argument("topic")
@click.option("--turns", default=3, show_default=True, type=click.IntRange(1, MAX_TALK_TURNS))
@ADDRESS
def talk(friend: str, topic: str, turns: int, address: str | None) -> None:
    """Let your companion and FRIEND's talk about TOPIC for a few turns."""
    rt = Runtime.open()
    link = _friend(rt, friend)
    for who, line in _side(rt, address, model=True).talk(link, topic, turns):
        ui.out.print(f"{'Me' if who == 'me' else who + chr(39) + 's companion'}: {line}", markup=False)


@friends.command()
@click.argument("friend", required=False)
def log(friend: str | None) -> None:
    """Every message over your links (blocked and refused ones too), oldest first."""
    rt = Runtime.open()
    link = _friend(rt, friend) if friend else None
    rows = rt.store.friend_log(rt.user_id, link.id if link else None)
    if not rows:
        ui.out.print("Nothing yet.")
        return
    for m in rows:
        arrow = "→" if m["direction"] == "out" else "←"
        text = m["body"].get("text") or m["body"].get("name") or ""
        if m["body"].get("when"):
            text += f" ({m['body']['when']})"
        extra = f" [{m['status']}: {m['reason']}]" if m["status"] not in ("sent", "received") else ""
        ui.out.print(f"{m['at'][:19]} {arrow} {m['friend'] or '?'} {m['type']}: {text}{extra}",
                     markup=False)
