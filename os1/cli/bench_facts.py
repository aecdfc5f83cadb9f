"""``os1 bench facts``, added to the ``bench`` group."""

from __future__ import annotations

from pathlib import Path

import click

from os1.cli import ui
from os1.cli.bench import printed_json


@click.command("facts")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Labelled messages, one JSON object a line (default: the "
                                 "bundled set).")
@click.option("--model", "model_name", default=None,
              help="Read with this model (default: the configured one).")
@click.option("--no-model", "no_model", is_flag=True, help="The word patterns alone.")
@click.option("--show", is_flag=True, help="Print the labelled set itself and stop.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_facts_command(data: Path | None, model_name: str | None, no_model: bool, show: bool,
                        as_json: bool) -> None:
    """Precision and recall of the user's standing facts read from what they say: the word
    patterns alone, then with the model's reading added."""
    from os1.bench import facts

    items = facts.read(data)
    if show:
        for item in items:
            told = "; ".join(f"{k}: {v}" for k, v in item.facts) or "-"
            ui.out.print(f"{told:<28} {item.text}", markup=False, highlight=False)
        return
    model = None
    if not no_model:
        from os1.cli.runtime import Runtime

        model = Runtime.open().model(model_name)
    result = facts.evaluate(items, model,
                            progress=lambda text: ui.err.print(f"[dim]{text}[/]", highlight=False))
    if printed_json(result, as_json):
        return
    for mistake in result["mistakes"]:
        ui.out.print(f"{'; '.join(mistake['wrong'])}  ← {mistake['text']}", markup=False,
                     highlight=False)
    ui.out.print(f"\n[bold]os1 bench facts[/] — {result['messages']} messages "
                 f"({result['distractors']} distractors)")
    rows = [("patterns", result["patterns"])]
    if model is not None:
        rows += [(f"patterns + {result['model']}", result["with_model"]),
                 ("what the model added", result["model_added"])]
    for label, score in rows:
        p = "-" if score["precision"] is None else f"{score['precision']:.2f}"
        r = "-" if score["recall"] is None else f"{score['recall']:.2f}"
        ui.out.print(f"{label:<32} precision {p} ({score['right']}/{score['read']}), "
                     f"recall {r} ({score['found']}/{score['labelled']})")
    if model is not None:
        ui.out.print(f"model reading per message: p50 {result['read_s']['p50']:.2f} s, "
                     f"p95 {result['read_s']['p95']:.2f} s")
