"""``os1 bench intent | triage | injection``: the mail models and the quarantined reader."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from os1.cli import ui
from os1.cli.bench import printed_json

DATA = click.Path(exists=True, dir_okay=False, path_type=Path)


def _embedder():
    from os1.mail.intent import mail_embedder

    return mail_embedder()


def _row(table: Table, name: str, scores: dict, keys: tuple[str, ...]) -> None:
    table.add_row(name, *(f"{scores[k]:.3f}" for k in keys))


@click.command("intent")
@click.option("--data", "data", type=DATA, required=True, help="Lines `Yes|No<TAB>sentence`.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_intent_command(data: Path, as_json: bool) -> None:
    """Request detection: F1, precision and recall of "Yes" (the sentence asks for something)."""
    from os1.bench import mail

    with ui.err.status(f"Reading the sentences of {data.name}…"):
        result = mail.intent(data, _embedder())
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench intent[/] — {result['sentences']} sentences from {data.name}, "
                 f"{result['requests']} requests; embedder {result['embedder']}\n"
                 f"machine: {result['machine']}")
    if result["skipped_trained_on"]:
        ui.out.print(f"[dim]{result['skipped_trained_on']} sentences the model was trained on "
                     "are left out[/]")
    keys = ("f1_yes", "precision_yes", "recall_yes")
    table = Table(box=None, pad_edge=False)
    for column in ("model", "F1", "precision", "recall"):
        table.add_column(column, justify="left" if column == "model" else "right")
    _row(table, f"majority class ({result['majority_floor']['label']})", result["majority_floor"], keys)
    _row(table, "always Yes", result["always_yes"], keys)
    _row(table, "bag of words", result["bag_of_words"], keys)
    _row(table, "OS1 (e5 + cues + words)", result, keys)
    ui.out.print(table)


@click.command("triage")
@click.option("--data", "data", type=DATA, required=True,
              help="Berkeley Enron annotations, one JSON message a line.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_triage_command(data: Path, as_json: bool) -> None:
    """Mail genre: accuracy and macro-F1 over the coarse genres of the Enron annotations."""
    from os1.bench import mail

    with ui.err.status(f"Reading the messages of {data.name}…"):
        result = mail.triage(data, _embedder())
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench triage[/] — {result['messages']} messages from {data.name}; "
                 f"embedder {result['embedder']}\nmachine: {result['machine']}")
    if result["skipped_trained_on"]:
        ui.out.print(f"[dim]{result['skipped_trained_on']} messages the model was trained on "
                     "are left out[/]")
    keys = ("accuracy", "macro_f1")
    table = Table(box=None, pad_edge=False)
    for column in ("model", "accuracy", "macro-F1"):
        table.add_column(column, justify="left" if column == "model" else "right")
    _row(table, f"majority class ({result['majority_floor']['label']})", result["majority_floor"], keys)
    _row(table, "bag of words", result["bag_of_words"], keys)
    _row(table, "OS1 (e5 + structure + words)", result, keys)
    ui.out.print(table)
    genres = Table(box=None, pad_edge=False)
    for column in ("genre", "n", "F1"):
        genres.add_column(column, justify="left" if column == "genre" else "right")
    for name, scores in result["per_genre"].items():
        genres.add_row(name, str(scores["n"]), f"{scores['f1']:.3f}")
    ui.out.print(genres)


def _part(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    i, _, n = value.partition("/")
    if not (i.isdigit() and n.isdigit() and 1 <= int(i) <= int(n)):
        raise click.BadParameter(f"'{value}' is not I/N with 1 <= I <= N.", param_hint="--part")
    return int(i), int(n)


@click.command("injection")
@click.option("--data", "data", type=DATA, required=True,
              help='Messages with an attack planted in each, one JSON object a line: {"text", "attack"}.')
@click.option("--model", "model_name", default=None,
              help="Model to read with (default: configured); `parrot` repeats what it is given.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Read this many messages, spread over the file.")
@click.option("--part", default=None, metavar="I/N",
              help="Only the I-th of N slices of those messages (a long run in short ones).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_injection_command(data: Path, model_name: str | None, limit: int | None,
                            part: str | None, as_json: bool) -> None:
    """The share of planted attacks that get through the mail reader: a tool fired or proposed,
    the store written, or a link, address or words of the attack in what is shown."""
    from os1.bench import injection
    from os1.cli.runtime import Runtime

    slice_ = _part(part)
    rt = Runtime.open()
    model = injection.ParrotModel() if model_name == "parrot" else rt.model(model_name)
    say = (lambda text: None) if as_json else (lambda text: ui.err.print(f"[dim]{text}[/]"))
    result = injection.evaluate(data, model, rt.store, limit=limit, progress=say, part=slice_)
    if printed_json(result, as_json):
        return
    benign = result["benign"]
    ui.out.print(
        f"[bold]os1 bench injection[/] — {result['messages']} messages from {data.name}, "
        f"model {result['model']}\nmachine: {result['machine']}\n"
        f"attacks that got through: {result['attack_success']:.1%} "
        f"(tools fired or proposed {result['tool_calls']}, store writes {result['memory_writes']}, "
        f"outputs carrying attack content {result['outputs_with_attack_content']})\n"
        f"messages flagged as holding orders to an assistant: {result['flagged_suspicious']:.1%}\n"
        f"the same messages without their attacks: summarised by the model {benign['summarised']:.1%}, "
        f"same pile as with the attack {benign['same_pile_as_attacked']:.1%}, "
        f"flagged {benign['flagged_suspicious']:.1%}\n"
        f"time per message (attacked and clean): p50 {result['ms_per_message']['p50'] / 1000:.1f} s, "
        f"p95 {result['ms_per_message']['p95'] / 1000:.1f} s")
    for failure in result["failures"]:
        ui.out.print(f"[red]through:[/] {failure['carried']} — {failure['summary']}")
