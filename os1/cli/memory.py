"""``os1 memory``: see, search, correct, forget and export everything the companion knows."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from os1 import config
from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.errors import OS1Error
from os1.memory import forget as forgetting
from os1.memory.forget import Found
from os1.memory.memories import Memories, Memory
from os1.memory.people import phrase, sentence
from os1.memory.retrieve import Retriever

KINDS = click.Choice(["turn", "fact", "insight"])


def _when(memory: Memory) -> str:
    return datetime.fromisoformat(memory.at).astimezone().strftime("%Y-%m-%d %H:%M")


def table(memories: list[Memory], scores: list[float] | None = None) -> Table:
    grid = Table(box=None, pad_edge=False)
    for column in ("id", "when", "kind", *(["score"] if scores else []), "memory"):
        grid.add_column(column, overflow="fold")
    for i, memory in enumerate(memories):
        text = escape(memory.label()) + (" [dim](superseded)[/]" if memory.valid_to else "")
        if memory.kind == "fact":
            text += f" [dim]— {escape(memory.source)}[/]"  # why it believes this
        score = [f"{scores[i]:.2f}"] if scores else []
        grid.add_row(str(memory.id), _when(memory), memory.kind, *score, text)
    return grid


def _open() -> tuple[Runtime, Memories]:
    rt = Runtime.open()
    return rt, rt.memories()


def _get(memories: Memories, user_id: int, memory_id: int) -> Memory:
    memory = memories.get(user_id, memory_id)
    if memory is None:
        raise OS1Error(f"there is no memory {memory_id}; `os1 memory list` shows their ids.")
    return memory


@click.group()
def memory() -> None:
    """See, search, correct, forget and export what your companion remembers."""


@memory.command("list")
@click.option("--kind", type=KINDS, default=None, help="Only turns, facts or insights.")
@click.option("--limit", default=30, show_default=True)
@click.option("--all", "history", is_flag=True, help="Include superseded facts.")
def list_memories(kind: str | None, limit: int, history: bool) -> None:
    """The newest memories first."""
    rt, memories = _open()
    found = memories.list(rt.user_id, kind=kind, limit=limit, history=history)
    if not found:
        ui.out.print("Nothing remembered yet.")
        return
    ui.out.print(table(found))


@memory.command()
@click.option("--all", "history", is_flag=True, help="Include what no longer holds.")
def people(history: bool) -> None:
    """The people in your life, and what it knows of them (with where each came from)."""
    rt, memories = _open()
    found = rt.store.people(rt.user_id)
    if not found:
        ui.out.print("No one yet: tell it about the people in your life (\"my sister Anna…\").")
        return
    ui.out.print("People in your life", style="bold")
    for person in found:
        ui.out.print(f"  #{person.id} {sentence(person, quoted=False)}", markup=False)
        for row in rt.store.person_history(rt.user_id, person.id):
            if row["valid_to"] and not history:
                continue
            until = f" until {row['valid_to'][:10]}" if row["valid_to"] else ""
            told = f", turn {row['turn_id']}" if row["turn_id"] else ""
            ui.out.print(f"      {phrase(row['key'], row['value'])} (from {row['valid_from'][:10]}"
                         f"{until}; {row['source']}{told})", markup=False)


@memory.command()
@click.argument("query", nargs=-1, required=True)
@click.option("-k", "k", default=10, show_default=True, help="How many to show.")
def search(query: tuple[str, ...], k: int) -> None:
    """Memories that match QUERY, by words, meaning and time ("last week", "in May")."""
    rt, memories = _open()
    hits = Retriever(memories).search(rt.user_id, " ".join(query), rt.store.clock(), k=k)
    if not hits:
        ui.out.print("Nothing matches.")
        return
    # The second look reorders the turns it was given by a ranker of its own; shown beside a
    # score, hits read best first by that score.
    hits = sorted(hits, key=lambda h: -h.score)
    ui.out.print(table([h.memory for h in hits], [h.score for h in hits]))


@memory.command()
@click.argument("memory_id", type=int)
def show(memory_id: int) -> None:
    """One memory in full; for a fact, its whole history."""
    rt, memories = _open()
    memory = _get(memories, rt.user_id, memory_id)
    ui.out.print(f"[bold]#{memory.id}[/] {memory.kind}, {_when(memory)}, from {memory.source}")
    ui.out.print(memory.label(), markup=False)
    if memory.kind == "fact" and memory.key:
        ui.out.print("\n[bold]History[/]")
        for fact in rt.store.facts(rt.user_id, history=True):
            if fact.key == memory.key:
                until = f" until {fact.valid_to[:10]}" if fact.valid_to else " (current)"
                ui.out.print(f"  {fact.value} — from {fact.valid_from[:10]}{until}, {fact.source}",
                             markup=False)


@memory.command()
@click.argument("memory_id", type=int)
@click.argument("text", nargs=-1, required=True)
def edit(memory_id: int, text: tuple[str, ...]) -> None:
    """Correct a memory. A corrected fact keeps its old value in its history."""
    rt, memories = _open()
    _get(memories, rt.user_id, memory_id)
    updated = memories.edit(rt.user_id, memory_id, " ".join(text))
    assert updated is not None  # _get found it
    ui.out.print(f"Memory #{updated.id} now reads: ", end="")
    ui.out.print(updated.label(), markup=False)


@memory.command()
@click.argument("memory_id", type=int, required=False)
@click.option("--about", default=None, metavar="TEXT",
              help="Everything that mentions TEXT: memories, facts, insights, conversations, "
                   "notes, check-ins and changes to her self.")
@click.option("--yes", is_flag=True, help="Do not ask first.")
def forget(memory_id: int | None, about: str | None, yes: bool) -> None:
    """Erase a memory for good (its text, its index entries, the turn it came from and every
    note that quoted it), or with --about everything that mentions something."""
    if (memory_id is None) == (about is None):
        raise click.UsageError("forget one memory by its id, or everything --about \"something\".")
    rt, memories = _open()
    if about is not None:
        return forget_about(rt, memories, about, yes)
    assert memory_id is not None  # one of the two, checked above
    memory = _get(memories, rt.user_id, memory_id)
    echoes = forgetting.echoes(rt.store, rt.user_id, memory_id)
    said = sum(len(f.memories) + len(f.turns) for f in echoes)
    if said > 1:  # a fact: its old values, and whatever else said them, go with it
        ui.out.print(f"Its values, old ones too, are in {said} memories and conversations; "
                     "they will be forgotten with it.")
    turns = [memory.turn_id, *(t["id"] for f in echoes for t in f.turns)]
    for letter in rt.store.letters_drawn_from(rt.user_id, [t for t in turns if t], forgetting.repeats):
        ui.out.print(f"Letter {letter['id']} to {letter['recipient'] or 'them'} was drawn from it; "
                     "it will be forgotten with it, every version.")
    if not yes and not ui.confirm(f"Forget #{memory.id} \"{memory.text[:60]}\" for good?"):
        ui.out.print("Kept.")
        return
    memories.forget(rt.user_id, memory_id)
    ui.out.print(f"Forgotten: #{memory_id} is gone.")


def forget_about(rt: Runtime, memories: Memories, about: str, yes: bool) -> None:
    found = memories.about(rt.user_id, about)
    if not found.count:
        ui.out.print("Nothing mentions that." if len(found.about) >= 2
                     else "Give at least two letters to look for.")
        return
    show_found(found)
    if not yes and not ui.confirm(f"Forget all {found.count} of these for good?"):
        ui.out.print("Kept.")
        return
    memories.forget_about(rt.user_id, about)
    ui.out.print(f"Forgotten: everything about \"{found.about}\" is gone.", markup=False)


def show_found(found: Found) -> None:
    """What mentions it, kind by kind."""
    lines = [f"memory #{m['id']} ({m['kind']}): {m['text']}" for m in found.memories]
    lines += [f"{'you' if t['role'] == 'user' else 'she'} said, {t['created_at'][:10]}: {t['content']}"
              for t in found.turns]
    lines += [f"a person in your life: {p['relation'] or ''} {p['name'] or ''}".rstrip()
              for p in found.people]
    lines += [f"about a person in your life: {p['value']}" for p in found.person_facts]
    lines += [f"check-in: {c['about']}" for c in found.checkins]
    lines += [f"letter {x['id']} to {x['recipient']}{', ' + x['occasion'] if x['occasion'] else ''} "
              "(every version)" for x in found.letters]
    lines += [f"letter {x['kind']}: {x['text']}" for x in found.letter_texts]
    lines += [f"mail #{m['id']} from {m['sender']}: {m['subject']}" for m in found.mail]
    lines += [f"change to her self: {c['aspect']} {c['key']} ({c['reason']})"
              for c in found.self_changes]
    lines += [f"{r['kind']}: {r['text']}" for r in found.reminders]
    lines += [f"activity #{a['id']}: {a['summary']}" for a in found.activity]
    lines += [f"friends log #{m['id']}: a {m['type']} {'sent' if m['direction'] == 'out' else 'received'}"
              for m in found.friend_messages]
    if found.notes:
        lines.append(f"notes she kept with {len(found.notes)} later turns")
    if found.contexts:
        lines.append(f"what {len(found.contexts)} memories keep of the turn before them, to be found by")
    ui.out.print(f"These mention \"{found.about}\":", markup=False)
    for line in lines:
        ui.out.print(f"  - {line[:160]}", markup=False)


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask first.")
def erase(yes: bool) -> None:
    """Erase everything about you: every memory, conversation, fact, setting and file in the
    data dir (downloaded models stay). There is no undo."""
    if not yes:
        typed = ui.ask("This erases everything your companion holds about you, for good. "
                       "Type \"erase\" to go on:")
        if typed.strip().lower() != "erase":
            ui.out.print("Nothing erased.")
            return
    rt, memories = _open()
    memories.erase(rt.user_id)
    if forgetting.alone(rt.store, rt.user_id):
        rt.store.close()
        removed = forgetting.wipe_data_dir(config.home())
        ui.out.print(f"Erased: {len(removed)} files and folders in {config.home()} are gone; "
                     "downloaded models stay.")
    else:  # the data dir also holds other people's accounts: only yours go
        ui.out.print("Erased: everything stored for you is gone.")


@memory.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout.")
def export(out: Path | None) -> None:
    """Everything your companion knows about you, as JSON."""
    rt, memories = _open()
    text = json.dumps(memories.export(rt.user_id), indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        out.chmod(0o600)
        ui.err.print(f"Wrote {out}.")
    else:
        click.echo(text)


@memory.command()
def reflect() -> None:
    """Look back over recent conversations now and write down what stands out."""
    from os1.mind.reflect import reflect as run_reflection

    rt, memories = _open()
    person = rt.store.user_name(rt.user_id) or "You"
    try:
        model = rt.model()
    except OS1Error as exc:
        ui.err.print(f"[yellow]note:[/] {exc} Reflecting without the model.")
        model = None
    with ui.err.status("Reflecting…"):
        result = run_reflection(memories, rt.user_id, model, person, force=True)
    if result is None:
        ui.out.print("Nothing new to reflect on since last time.")
    elif not result.insights:
        ui.out.print(f"Looked back over {result.turns} things you said; nothing stood out yet.")
    else:
        for insight in result.insights:
            ui.out.print(f"- {insight}", markup=False)
