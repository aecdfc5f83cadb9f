"""``os1 proofread [FILE|-]``: each change shown as a small diff with its reason, accepted or
rejected one by one; the text as accepted on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.markup import escape

from os1 import config
from os1.cli import ui
from os1.proofread.variety import VARIETIES
from os1.errors import OS1Error

MAX_CHARS = 200_000


def read_text(source: str) -> str:
    """The text of FILE, or of stdin for ``-``; one clear error for what cannot be read."""
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise OS1Error(f"cannot read {source}: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OS1Error(f"{'stdin' if source == '-' else source} is not UTF-8 text.") from None
    if not text.strip():
        raise OS1Error("there is nothing to proofread: the text is empty.")
    if len(text) > MAX_CHARS:
        raise OS1Error(f"the text is {len(text):,} characters; proofread at most "
                       f"{MAX_CHARS:,} at a time.")
    return text


def diff_line(text: str, change, width: int = 30) -> str:
    """The change in its context: ``…before [old → new] after…`` as rich markup."""
    before = text[max(0, change.start - width):change.start].replace("\n", " ")
    after = text[change.end:change.end + width].replace("\n", " ")
    left = ("…" if change.start > width else "") + before
    right = after + ("…" if change.end + width < len(text) else "")
    old = f"[red strike]{escape(change.old)}[/]" if change.old.strip() else ""
    new = f"[green]{escape(change.new)}[/]" if change.new.strip() else ""
    if not old and not new:  # spacing only
        old, new = f"[red]⟨{escape(change.old) or ''}⟩[/]", f"[green]⟨{escape(change.new)}⟩[/]"
    shown = f"{old}→{new}" if old and new else (old or new)
    return f"{escape(left)}{shown}{escape(right)}"


@click.command("proofread")
@click.argument("source", default="-", metavar="[FILE|-]")
@click.option("--yes", "accept_all", is_flag=True, help="Accept every change; print the text.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes and the corrected "
              "text as one JSON object.")
@click.option("--english", type=click.Choice(VARIETIES), default=None,
              help="Your variety of English (default: the setting, else what the text shows).")
@click.option("--model/--no-model", "use_model", default=None,
              help="Also ask the model for fluency edits (default: the setting "
                   "proofread.model_edits).")
def proofread_command(source: str, accept_all: bool, as_json: bool, english: str | None,
                      use_model: bool | None) -> None:
    """Proofread FILE (or stdin): spelling, grammar, punctuation, each change with a reason.

    Each change is shown and asked about: y (accept), n (reject), a (accept this and the
    rest), q (reject this and the rest). The text as accepted goes to stdout."""
    from os1.proofread import proofread

    text = read_text(source)
    settings = config.load()
    chosen = settings.proofread
    model = None
    if use_model if use_model is not None else chosen.model_edits:
        from os1.cli.runtime import Runtime

        model = Runtime.open().model()
    answers = None
    if not (accept_all or as_json):
        answers = _answers(source)
    with ui.err.status("Proofreading…") if model is not None else _nothing():
        result = proofread(text, model=model, variety=english or chosen.english or None,
                           timeout=chosen.timeout)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    if accept_all:
        click.echo(result.corrected, nl=False)
        return
    chosen_changes = _ask_each(result, answers)
    click.echo(result.accepting(chosen_changes), nl=False)


def _ask_each(result, answers) -> list[bool]:
    total = len(result.changes)
    if not total:
        ui.err.print("No changes: it reads well as it is.")
        return []
    ui.err.print(f"{total} change{'s' if total != 1 else ''} ({result.english}). "
                 "y accept · n reject · a accept the rest · q reject the rest")
    chosen: list[bool] = []
    rest: bool | None = None
    for number, change in enumerate(result.changes, 1):
        if rest is not None:
            chosen.append(rest)
            continue
        ui.err.print(f"[bold]{number}/{total}[/] {diff_line(result.text, change)}  "
                     f"[dim]{escape(change.reason)}[/]")
        while True:
            ui.err.print("accept? [y/n/a/q] ", end="")
            line = answers.readline()
            if not line:
                raise click.Abort()
            answer = line.strip().lower()[:1]
            if not answers.isatty():
                ui.err.print(line.strip(), markup=False)
            if answer in ("y", "n", "a", "q"):
                break
        if answer in ("a", "q"):
            rest = answer == "a"
        chosen.append(answer in ("y", "a"))
    ui.err.print(f"{sum(chosen)} of {total} accepted.")
    return chosen


def _answers(source: str):
    """Where the answers come from: stdin, unless the text came from it; then the terminal."""
    if source != "-":
        return sys.stdin
    try:
        return open("/dev/tty", encoding="utf-8")  # lives as long as the command
    except OSError:
        raise OS1Error("the text came from stdin, so there is no way left to answer; use "
                       "--yes or --json, or give a file.") from None


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
