"""``os1 bench``: measurements printed with the machine they ran on."""

from __future__ import annotations

import json

import click

from os1.bench.stats import machine
from os1.cli import ui
from os1.cli.runtime import Runtime


@click.group()
def bench() -> None:
    """Measure OS1 on this machine."""


@bench.command("turn")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--model", "model_name", default=None, help="Model to measure (default: configured).")
@click.option("--turns", default=10, show_default=True, help="Scripted turns with the model.")
@click.option("--max-tokens", default=128, show_default=True)
def bench_turn_command(as_json: bool, model_name: str | None, turns: int, max_tokens: int) -> None:
    """Time to first token, tokens/s, and the turn's overhead outside the model."""
    from os1.bench.turn import bench_turn

    rt = Runtime.open()
    model = rt.model(model_name)
    with ui.err.status(f"Running {turns} turns with {model.model_id}…"):
        result = bench_turn(model, turns=turns, max_tokens=max_tokens)
    result["machine"] = machine()
    if as_json:
        click.echo(json.dumps(result))
        return
    ui.out.print(f"[bold]os1 bench turn[/] — {result['model']}, {turns} turns\n"
                 f"machine: {result['machine']}\n"
                 f"time to first token: {result['ttft_ms']:.0f} ms median, "
                 f"{result['ttft_p95_ms']:.0f} ms p95 (prompt prefilled while the user types); "
                 f"cold first turn {result['ttft_cold_ms']:.0f} ms\n"
                 f"decode: {result['tokens_per_s']:.1f} tokens/s median\n"
                 f"turn overhead outside the model: p50 {result['overhead_ms']['p50']:.2f} ms, "
                 f"p95 {result['overhead_ms']['p95']:.2f} ms\n"
                 f"same, 200 turns with an instant fake model: "
                 f"p50 {result['overhead_pipeline_ms']['p50']:.2f} ms, "
                 f"p95 {result['overhead_pipeline_ms']['p95']:.2f} ms")
