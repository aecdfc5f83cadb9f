"""``os1 bench turn --busy``: the quiet and the busy machine side by side."""

from __future__ import annotations

from rich.table import Table

from os1.bench.turn import bench_turn_busy
from os1.cli import ui
from os1.cli.bench import printed_json
from os1.memory.embed import Embedder
from os1.models import Model


def busy_report(model: Model, embedder: Embedder, turns: int, max_tokens: int,
                as_json: bool) -> None:
    say = (lambda text: None) if as_json else (lambda text: ui.err.print(f"[dim]{text}[/]"))
    result = bench_turn_busy(model, turns=turns, max_tokens=max_tokens, embedder=embedder,
                             progress=say)
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench turn --busy[/] — {result['model']}, {turns} turns each, "
                 f"up to {max_tokens} tokens, interleaved\nmachine: {result['machine']}\n"
                 "busy: another process keeps one core busy; quiet: no such process "
                 "(whatever else runs on the machine still does)")
    table = Table(box=None, pad_edge=False)
    for name in ("machine", "model threads", "used", "first token p50", "p95",
                 "tokens/s p50", "slowest 5%"):
        table.add_column(name, justify="left" if name in ("machine", "model threads") else "right")
    for run in result["runs"]:
        used = sorted({t for t in run["threads_used"] if t is not None})
        table.add_row(run["machine_load"], run["threads"], ",".join(map(str, used)) or "-",
                      f"{run['ttft_ms']['p50']:.0f} ms", f"{run['ttft_ms']['p95']:.0f} ms",
                      f"{run['tokens_per_s']['p50']:.1f}", f"{run['tokens_per_s']['p5']:.1f}")
    ui.out.print(table)
