"""``os1 letter``: commission a letter (a short intake interview), draft it in the sender's
voice, check it, revise it by conversation, and keep every version."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.markup import escape

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.errors import OS1Error
from os1.letters import desk
from os1.letters.check import CLICHES, word_count
from os1.letters.commission import Commission, commission_from_request, parse_answer
from os1.letters.draft import Draft
from os1.letters.intake import next_question
from os1.letters.voice import describe, learn
from os1.models import Options

SAMPLE_BYTES = 200_000


def _options(rt: Runtime) -> Options:
    return Options(temperature=rt.settings.temperature, seed=rt.settings.seed)


def _show(text: str) -> None:
    click.echo(text)  # as written: a console would wrap its lines


def _report(found: Draft) -> None:
    if not found.problems:
        ui.err.print(f"[green]Checked:[/] every detail is in, nothing invented, "
                     f"{word_count(found.text)} words.", markup=True)
        return
    ui.err.print("[yellow]The check still finds:[/]", markup=True)
    for problem in found.problems:
        ui.err.print(f"  - {escape(problem.note)}", markup=True)
    ui.err.print("Revise it (`os1 letter revise ID \"…\"`) or edit it yourself.")


def _interview(rt: Runtime, commission: Commission) -> Commission:
    """Ask what the request left out, one question at a time; offer back what was said for
    earlier letters to the same person."""
    asked: set[str] = set()
    offered = False
    while True:
        if (commission.recipient or commission.relation) and not offered:
            offered = True
            known = desk.known_for(rt.store, rt.user_id, commission)
            for detail in desk.offers(commission, known):
                if ui.confirm(desk.offer_question(detail)):
                    commission.details.append(detail)
            if known.history and not commission.history:
                commission.history = known.history
        step = next_question(commission, asked)
        if step is None:
            return commission
        field, question = step
        asked.add(field)
        parse_answer(field, ui.ask(question), commission)


@click.group()
def letter() -> None:
    """Letters for the people in your life: commission, draft, revise, versions."""


@letter.command("new")
@click.argument("request", nargs=-1)
@click.option("--no-ask", is_flag=True, help="Write from the request alone, without the interview.")
def new(request: tuple[str, ...], no_ask: bool) -> None:
    """Commission a letter: `os1 letter new "a note for my sister Anna's 40th, warm, say I miss her"`,
    or with no request, a short interview."""
    rt = Runtime.open()
    text = " ".join(request).strip()
    commission = commission_from_request(text, rt.store.people(rt.user_id)) if text else Commission()
    if not no_ask:
        commission = _interview(rt, commission)
    model = rt.model()
    with ui.err.status("Writing…", spinner="dots"):
        letter_id, found = desk.new_letter(rt.store, rt.user_id, commission, model, _options(rt))
    ui.err.print(f"Letter {letter_id}, version 1:")
    _show(found.text)
    _report(found)


@letter.command("revise")
@click.argument("letter_id", type=int)
@click.argument("instruction", nargs=-1, required=True)
def revise_cmd(letter_id: int, instruction: tuple[str, ...]) -> None:
    """Change a letter by saying how: "funnier", "shorter", "mention the lake house", "less formal"."""
    rt = Runtime.open()
    desk.commission_of(rt.store, rt.user_id, letter_id)  # a wrong id fails before the model loads
    model = rt.model()
    with ui.err.status("Rewriting…", spinner="dots"):
        number, found = desk.revise_letter(rt.store, rt.user_id, letter_id, " ".join(instruction), model,
                                           _options(rt))
    ui.err.print(f"Letter {letter_id}, version {number}:")
    _show(found.text)
    _report(found)


@letter.command("list")
def list_letters() -> None:
    """Your letters, newest first."""
    rt = Runtime.open()
    rows = rt.store.letters(rt.user_id)
    if not rows:
        ui.out.print("No letters yet: `os1 letter new` commissions one.")
        return
    for row in rows:
        sender = "" if row["sender"] == desk.ME else f"{row['sender']} → "
        first = (row["text"] or "").strip().splitlines()
        ui.out.print(f"{row['id']:>4}  {row['created_at'][:10]}  {sender}{row['recipient']}"
                     f"{' · ' + row['occasion'] if row['occasion'] else ''}  (v{row['current_version']})  "
                     f"{(first[1] if len(first) > 1 else first[0] if first else '')[:50]}",
                     markup=False)


@letter.command("show")
@click.argument("letter_id", type=int)
@click.option("--version", "number", type=int, default=None, help="An earlier version.")
def show(letter_id: int, number: int | None) -> None:
    """A letter (its current version), with what was commissioned and what the check found."""
    rt = Runtime.open()
    row = rt.store.letter(rt.user_id, letter_id)
    if row is None:
        raise OS1Error(f"there is no letter {letter_id}; `os1 letter list` shows their ids.")
    version = rt.store.letter_version(rt.user_id, letter_id, number or row["current_version"])
    if version is None:
        raise OS1Error(f"letter {letter_id} has no version {number}.")
    commission = Commission.from_json(row["commission"])
    ui.err.print(f"Letter {letter_id} to {row['recipient']}"
                 f"{' (' + row['relation'] + ')' if row['relation'] else ''}"
                 f"{', ' + row['occasion'] if row['occasion'] else ''}; version {version['number']} "
                 f"of {row['current_version'] if number is None else '…'}", markup=False)
    if commission.details:
        ui.err.print("Details: " + "; ".join(commission.details), markup=False)
    _show(version["text"])
    problems = json.loads(version["problems"])
    for problem in problems:
        ui.err.print(f"  [yellow]check:[/] {escape(problem['note'])}", markup=True)


@letter.command("versions")
@click.argument("letter_id", type=int)
def versions(letter_id: int) -> None:
    """Every version of a letter, with the instruction that made it."""
    rt = Runtime.open()
    row = rt.store.letter(rt.user_id, letter_id)
    if row is None:
        raise OS1Error(f"there is no letter {letter_id}; `os1 letter list` shows their ids.")
    for version in rt.store.letter_versions(rt.user_id, letter_id):
        current = "*" if version["number"] == row["current_version"] else " "
        problems = len(json.loads(version["problems"]))
        ui.out.print(f"{current}{version['number']:>3}  {version['created_at'][:16].replace('T', ' ')}  "
                     f"{word_count(version['text']):>4} words  {version['instruction']}"
                     f"{f'  ({problems} check notes)' if problems else ''}", markup=False)


@letter.command("diff")
@click.argument("letter_id", type=int)
@click.argument("a", type=int)
@click.argument("b", type=int)
def diff(letter_id: int, a: int, b: int) -> None:
    """The words that changed between two versions: [-removed-] {+added+}."""
    rt = Runtime.open()
    old, new_ = (rt.store.letter_version(rt.user_id, letter_id, n) for n in (a, b))
    if old is None or new_ is None:
        raise OS1Error(f"letter {letter_id} has no version {a if old is None else b}; "
                       f"`os1 letter versions {letter_id}` lists them.")
    parts = desk.word_diff(old["text"], new_["text"])
    if ui.out.is_terminal:
        styled = "".join(escape(t) if op == "=" else f"[red strike]{escape(t)}[/]" if op == "-"
                         else f"[green]{escape(t)}[/]" for op, t in
                         ((op, (" " if i else "") + t) for i, (op, t) in enumerate(parts)))
        ui.out.print(styled)
    else:
        _show(desk.diff_text(parts))


@letter.command("restore")
@click.argument("letter_id", type=int)
@click.argument("number", type=int)
def restore(letter_id: int, number: int) -> None:
    """Make an earlier version current again (kept as a new version: nothing is lost)."""
    rt = Runtime.open()
    made = desk.restore(rt.store, rt.user_id, letter_id, number)
    ui.out.print(f"Letter {letter_id}: version {number} is current again, as version {made}.")


@letter.command("sample")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("--from", "sender", default=desk.ME, show_default=True,
              help="Whose writing it is (for letters written on someone's behalf).")
def sample(file: Path, sender: str) -> None:
    """Keep a sample of the sender's own writing (a past letter, messages): drafts follow its voice."""
    try:
        raw = sys.stdin.buffer.read(SAMPLE_BYTES + 1) if str(file) == "-" else \
            file.read_bytes()[:SAMPLE_BYTES + 1]
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OS1Error(f"cannot read {file} as UTF-8 text ({exc.__class__.__name__}).") from None
    if len(raw) > SAMPLE_BYTES:
        raise OS1Error(f"{file} is over {SAMPLE_BYTES // 1000} KB; give a letter or a few messages.")
    if not text.strip():
        raise OS1Error(f"{file} is empty.")
    rt = Runtime.open()
    rt.store.add_letter_sample(rt.user_id, sender.strip() or desk.ME, file.name, text)
    voice = learn([r["text"] for r in rt.store.letter_samples(rt.user_id, sender.strip() or desk.ME)])
    ui.out.print(f"Kept. From {voice.samples} sample(s), {voice.words} words:", markup=False)
    for line in describe(voice):
        ui.out.print(f"  {line}", markup=False)


@letter.group()
def cliche() -> None:
    """The phrases the check flags: the built-in list and your own."""


@cliche.command("add")
@click.argument("phrase", nargs=-1, required=True)
def cliche_add(phrase: tuple[str, ...]) -> None:
    """Flag a phrase in every draft from now on."""
    text = " ".join(" ".join(phrase).split())
    if len(text) < 3 or len(text) > 120:
        raise OS1Error("a cliché is a phrase of 3 to 120 characters.")
    rt = Runtime.open()
    added = rt.store.add_letter_cliche(rt.user_id, text)
    ui.out.print(f"Added \u201c{text}\u201d." if added else f"\u201c{text}\u201d is on your list already.",
                 markup=False)


@cliche.command("remove")
@click.argument("phrase", nargs=-1, required=True)
def cliche_remove(phrase: tuple[str, ...]) -> None:
    """Stop flagging a phrase you added."""
    rt = Runtime.open()
    text = " ".join(" ".join(phrase).split())
    if not rt.store.remove_letter_cliche(rt.user_id, text):
        raise OS1Error(f"\u201c{text}\u201d is not on your list (the built-in ones stay).")
    ui.out.print(f"Removed \u201c{text}\u201d.", markup=False)


@cliche.command("list")
def cliche_list() -> None:
    """The built-in phrases, then yours."""
    rt = Runtime.open()
    for phrase in CLICHES:
        ui.out.print(f"  {phrase}", markup=False)
    for phrase in rt.store.letter_cliches(rt.user_id):
        ui.out.print(f"+ {phrase}", markup=False)


@letter.command("render")
@click.argument("letter_id", type=int)
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write it by hand to this PDF.")
@click.option("--txt", "txt", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="And/or its plain text to this file.")
@click.option("--size", type=click.Choice(["A4", "A5", "letter"]), default="A4", show_default=True)
@click.option("--seed", type=int, default=0, help="Another hand for the same letter (0: its own).")
def render_cmd(letter_id: int, pdf: Path | None, txt: Path | None, size: str, seed: int) -> None:
    """A letter written out by hand, as a PDF (and/or its text)."""
    from os1.letters.printing import render_stored

    rt = Runtime.open()
    pages = render_stored(rt.store, rt.user_id, letter_id, pdf, txt, seed=seed, size=size)
    for path in (pdf, txt):
        if path is not None:
            ui.err.print(f"wrote {path}" + (f" ({pages} page{'s' * (pages != 1)})" if path == pdf else ""),
                         markup=False)


@click.group("letters")
def letters_group() -> None:
    """All your letters at once: the book of them."""


@letters_group.command("book")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the book.")
@click.option("--title", default="Letters", show_default=True, help="The book's title.")
@click.option("--from", "since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Letters from this day (YYYY-MM-DD).")
@click.option("--to", "until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Letters up to this day (YYYY-MM-DD).")
@click.option("--id", "ids", type=int, multiple=True, help="Only these letters (repeatable).")
@click.option("--size", type=click.Choice(["A5", "6x9"]), default="A5", show_default=True)
@click.option("--author", default=None, help="The name on the cover (default: yours).")
def book_cmd(pdf: Path, title: str, since, until, ids: tuple[int, ...], size: str,
             author: str | None) -> None:
    """Your letters as a printable book: cover, contents, a chapter each with its handwritten page."""
    from os1.letters.printing import make_book

    rt = Runtime.open()
    count = make_book(rt.store, rt.user_id, pdf, title, since.date() if since else None,
                      until.date() if until else None, ids, size,
                      author or rt.store.user_name(rt.user_id))
    ui.err.print(f"wrote {pdf}: {count} letter{'s' * (count != 1)}", markup=False)
