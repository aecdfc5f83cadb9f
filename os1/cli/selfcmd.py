"""``os1 self``: who your companion is becoming, how it feels, and how it got there."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click
from rich.table import Table

from os1.cli import ui
from os1.plot import line_chart
from os1.cli.runtime import Runtime
from os1.errors import OS1Error
from os1.mind import persona, relationship
from os1.mind.style import KEYS as STYLE_KEYS
from os1.mind.turn import DEFAULT_NAME


def _bar(value: float, width: int = 20) -> str:
    filled = round(value * width)
    return "█" * filled + "·" * (width - filled)


def _show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "…"
    return str(value)


@click.group(invoke_without_command=True)
@click.pass_context
def self_(ctx: click.Context) -> None:
    """Who your companion is now: mood, traits, interests, values, its own story."""
    if ctx.invoked_subcommand:
        return
    rt = Runtime.open()
    store, user = rt.store, rt.user_id
    me = persona.current(store, user)
    name = (store.persona(user) or (DEFAULT_NAME,))[0]
    row = store.last_affect(user)
    mood = f"{row['mood']} (valence {row['valence']:+.2f}, arousal {row['arousal']:.2f})" \
        if row else "calm, at rest"
    ui.out.print(f"[bold magenta]{name}[/] — feeling {mood}")
    if me.narrative:
        ui.out.print(f"\n[italic]{me.narrative}[/]")
    grid = Table(box=None, pad_edge=False, title="traits", title_justify="left")
    for column in ("trait", "", "now", "since the start"):
        grid.add_column(column)
    for trait in persona.TRAITS:
        value, drift = me.traits[trait], me.traits[trait] - persona.BASE[trait]
        pin = " 📌" if trait in me.pinned else ""
        grid.add_row(trait + pin, _bar(value), f"{value:.2f}", f"{drift:+.2f}" if drift else "—")
    ui.out.print()
    ui.out.print(grid)
    interests = sorted(me.interests.items(), key=lambda kv: -kv[1])
    ui.out.print("\n[bold]interests[/]: " + (", ".join(
        f"{t} ({s:.1f}){' 📌' if f'interest:{t}' in me.pinned else ''}" for t, s in interests)
        or "none of its own yet"))
    ui.out.print("[bold]values[/]: " + ", ".join(v for v, on in me.values.items() if on))
    for thought in (p for p, on in me.preferences.items() if on):
        ui.out.print(f"[bold]on its mind[/]: {thought}")
    now = store.clock()
    close = relationship.closeness(store, user, now)
    ui.out.print(f"\n[bold]the two of you[/]: {close.level} (closeness {close.value:.2f}: "
                 f"{close.why})")
    for at, said in relationship.moments(store, user, k=3):
        ui.out.print(f"  [dim]{datetime.fromisoformat(at).astimezone():%Y-%m-%d}[/] \"{said}\"")
    learned = [f for f in store.facts(user) if f.key in STYLE_KEYS]
    if learned:
        ui.out.print("[bold]how you talk[/]: " + "; ".join(
            f"{f.value} ({f.source.removeprefix('learned: ')})" for f in learned))
    ui.out.print("\n[dim]`os1 self history` shows how it got here; `os1 self pin TRAIT` keeps a "
                 "trait as it is; `os1 self undo ID` undoes a change.[/]")


@self_.command("history")
@click.option("--limit", default=40, show_default=True, help="The newest N changes.")
@click.option("--plot", "plot_to", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also draw the traits over time into this SVG file.")
@click.option("--json", "as_json", is_flag=True, help="Print every change as JSON.")
def history(limit: int, plot_to: Path | None, as_json: bool) -> None:
    """Every change to its self, with when and why."""
    rt = Runtime.open()
    rows = rt.store.self_changes(rt.user_id)
    if as_json:
        click.echo(json.dumps([{**dict(r), "old": json.loads(r["old"]), "new": json.loads(r["new"])}
                               for r in rows], indent=2))
        return
    if not rows:
        ui.out.print("No changes yet: it grows when it reflects on your conversations.")
    grid = Table(box=None, pad_edge=False)
    for column in ("id", "when", "what", "from", "to", "why"):
        grid.add_column(column, overflow="fold")
    for r in rows[-limit:]:
        when = datetime.fromisoformat(r["at"]).astimezone().strftime("%Y-%m-%d")
        what = r["aspect"] + (f" {r['key']}" if r["key"] and r["aspect"] != "preference" else "")
        grid.add_row(str(r["id"]), when, what, _show(json.loads(r["old"])),
                     _show(json.loads(r["new"])), r["reason"])
    if rows:
        ui.out.print(grid)
    if plot_to:
        points = [(datetime.fromisoformat(at), traits)
                  for at, traits in persona.timeline(rt.store, rt.user_id)]
        if len(points) < 2:
            raise OS1Error("no trait has changed yet, so there is nothing to plot.")
        plot_to.write_text(line_chart(points, "How its traits have drifted"), encoding="utf-8")
        ui.out.print(f"Wrote {plot_to}.")


@self_.command("undo")
@click.argument("change_id", type=int)
def undo(change_id: int) -> None:
    """Undo one change (the undoing is kept in the history too)."""
    rt = Runtime.open()
    new = persona.undo(rt.store, rt.user_id, change_id)
    if new is None:
        raise OS1Error(f"there is no change {change_id}; `os1 self history` lists them.")
    ui.out.print(f"Undone: change #{change_id} (recorded as #{new}).")


@self_.command("pin")
@click.argument("key")
def pin(key: str) -> None:
    """Keep a trait (e.g. openness) or interest:TOPIC as it is."""
    rt = Runtime.open()
    persona.pin(rt.store, rt.user_id, key, True)
    ui.out.print(f"Pinned {key}: it won't change unless you unpin it.")


@self_.command("unpin")
@click.argument("key")
def unpin(key: str) -> None:
    """Let a pinned trait or interest change again."""
    rt = Runtime.open()
    persona.pin(rt.store, rt.user_id, key, False)
    ui.out.print(f"Unpinned {key}.")
