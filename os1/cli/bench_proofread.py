"""``os1 bench proofread``, added to the ``bench`` group."""

from __future__ import annotations

from pathlib import Path

import click

from os1.cli import ui
from os1.cli.bench import printed_json


@click.command("proofread")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help='JFLEG-format lines: {"source": …, "references": [...]}.')
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Proofread this many sentences, spread over the file.")
@click.option("--model", "model_name", default=None,
              help="Also take fluency edits from this model (default: the setting "
                   "proofread.model_edits decides, with the configured model).")
@click.option("--no-model", "no_model", is_flag=True, help="Rules and spelling only.")
@click.option("--unchanged", is_flag=True, help="Score the sources as they are (the baseline).")
def bench_proofread_command(data: Path, as_json: bool, limit: int | None,
                            model_name: str | None, no_model: bool, unchanged: bool) -> None:
    """GLEU against the references (as the JFLEG authors compute it) and time per sentence."""
    from os1 import config
    from os1.bench.proofread import bench_proofread

    settings = config.load().proofread
    model = None
    if not unchanged and not no_model and (model_name or settings.model_edits):
        from os1.cli.runtime import Runtime

        model = Runtime.open().model(model_name)
    say = (lambda text: None) if as_json else (lambda text: ui.err.print(f"[dim]{text}[/]"))
    result = bench_proofread(data, model=model, limit=limit, english=settings.english or None,
                             unchanged=unchanged, timeout=settings.timeout, progress=say)
    if printed_json(result, as_json):
        return
    what = ("the sources unchanged" if unchanged else
            f"rules + fluency edits from {result['model']}" if model else "spelling and rules")
    ui.out.print(f"[bold]os1 bench proofread[/] — {what}, on {data.name}\n"
                 f"machine: {result['machine']}\n"
                 f"GLEU {result['gleu']:.2f} over {result['sentences']} sentences "
                 f"({result['changed']} changed)\n"
                 f"time per sentence: {result['ms_per_sentence']:.1f} ms median, "
                 f"{result['ms_p95']:.1f} ms p95")
