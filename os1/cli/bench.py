"""``os1 bench``: measurements printed with the machine they ran on."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import JustifyMethod
from rich.table import Table

from os1.bench.stats import machine
from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.errors import OS1Error


@click.group()
def bench() -> None:
    """Measure OS1 on this machine."""


def printed_json(result: dict, as_json: bool) -> bool:
    """Stamp the result with the machine it ran on; with ``--json``, print it as one object
    (and the caller prints nothing else)."""
    result["machine"] = machine()
    if as_json:
        click.echo(json.dumps(result))
    return as_json


@bench.command("turn")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--model", "model_name", default=None, help="Model to measure (default: configured).")
@click.option("--turns", default=10, show_default=True, help="Scripted turns with the model.")
@click.option("--max-tokens", default=128, show_default=True)
@click.option("--busy", is_flag=True, help="Also with another process keeping one core busy, "
              "with every core for the model and with the free ones, interleaved.")
def bench_turn_command(as_json: bool, model_name: str | None, turns: int, max_tokens: int,
                       busy: bool) -> None:
    """Time to first token, tokens/s, and the turn's overhead outside the model."""
    from os1.bench.turn import bench_turn
    from os1.memory.embed import load_embedder

    rt = Runtime.open()
    model = rt.model(model_name)
    embedder = load_embedder(rt.settings.memory.embedder)
    if busy:
        from os1.cli.bench_turn import busy_report

        return busy_report(model, embedder, turns, max_tokens, as_json)
    with ui.err.status(f"Running {turns} turns with {model.model_id}…"):
        result = bench_turn(model, turns=turns, max_tokens=max_tokens, embedder=embedder)
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench turn[/] — {result['model']}, {turns} turns, "
                 f"memory embedder {result['embedder']}\n"
                 f"machine: {result['machine']}\n"
                 f"time to first token: {result['ttft_ms']:.0f} ms median, "
                 f"{result['ttft_p95_ms']:.0f} ms p95 (prompt prefilled while the user types); "
                 f"cold first turn {result['ttft_cold_ms']:.0f} ms\n"
                 f"decode: {result['tokens_per_s']:.1f} tokens/s median\n"
                 f"turn overhead outside the model: p50 {result['overhead_ms']['p50']:.2f} ms, "
                 f"p95 {result['overhead_ms']['p95']:.2f} ms after the first "
                 f"({result['overhead_cold_ms']:.0f} ms, loading models)\n"
                 f"same, 200 turns with an instant fake model: "
                 f"p50 {result['overhead_pipeline_ms']['p50']:.2f} ms, "
                 f"p95 {result['overhead_pipeline_ms']['p95']:.2f} ms")


@bench.command("memory")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A LoCoMo-format JSON file.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--embedder", default=None, help="Embedder to measure (default: configured).")
@click.option("--scale", "scale_n", type=int, default=0,
              help="Also time retrieval with this many memories for one user (e.g. 100000).")
@click.option("--cross", is_flag=True,
              help="Recall on conversations the ranker was not fitted on: fitted afresh "
                   "without each conversation in turn.")
@click.option("--fit", "fit_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --cross: write the ranker fitted on every conversation to this file.")
@click.option("--answer", is_flag=True,
              help="Also have the configured model answer the questions from what is "
                   "recalled, scored by LoCoMo's token F1.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="With --answer: answer this many questions, spread over the file.")
@click.option("--store", "stores", multiple=True,
              help="Where the conversations are kept (repeatable, each measured in turn): "
                   "sqlite (default), postgresql (a throwaway server started here), or a "
                   "database URL.")
def bench_memory_command(data: Path | None, as_json: bool, embedder: str | None,
                         scale_n: int, cross: bool, fit_out: Path | None, answer: bool,
                         limit: int | None, stores: tuple[str, ...]) -> None:
    """Recall@5/@10 of LoCoMo evidence by category, and query latency."""
    from os1 import config
    from os1.bench import memory as bench_memory
    from os1.memory.embed import load_embedder

    if data is None and not scale_n:
        raise click.UsageError("give --data FILE (LoCoMo JSON), --scale N, or both.")
    if (cross or fit_out) and data is None:
        raise click.UsageError("--cross and --fit need --data FILE (LoCoMo JSON).")
    if fit_out and not cross:
        raise click.UsageError("--fit goes with --cross, which reports how the fit does.")
    if (answer or limit) and (data is None or cross):
        raise click.UsageError("--answer (and --limit) need --data FILE, without --cross.")
    if limit and not answer:
        raise click.UsageError("--limit goes with --answer.")
    if stores and (data is None or cross or answer):
        raise click.UsageError("--store needs --data FILE, without --cross or --answer.")
    settings = config.load()
    chosen = load_embedder(embedder or settings.memory.embedder)
    say = (lambda text: None) if as_json else (lambda text: ui.err.print(f"[dim]{text}[/]"))
    result: dict = {}
    if data and cross:
        result, fitted = bench_memory.cross(data, chosen, progress=say)
        if fit_out:
            fit_out.write_text(json.dumps(fitted.to_json(), indent=1) + "\n", encoding="utf-8")
            say(f"ranker fitted on {result['conversations']} conversations written to {fit_out}")
    elif data and stores:
        with bench_memory.store_kinds(list(stores)) as kinds:
            result = {"stores": {label: bench_memory.evaluate(data, chosen, progress=say,
                                                              stores=opener)
                                 for label, opener in kinds}}
        result.update(next(iter(result["stores"].values())))
    elif data:
        answerer = answerer_for(data, limit) if answer else None
        result = bench_memory.evaluate(data, chosen, progress=say, answerer=answerer)
    if scale_n:
        result["scale"] = bench_memory.scale(scale_n, chosen, data, progress=say)
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench memory[/] — embedder {chosen.model_id}\nmachine: {result['machine']}")
    if data:
        table = Table(box=None, pad_edge=False)
        table.add_column("category")
        for name in ("1", "2", "3", "4", "5", "1-4"):
            table.add_column(name, justify="right")
        for label, measured in result.get("stores", {"": result}).items():
            for k in (5, 10):
                row = measured[f"recall_at_{k}"]
                table.add_row(f"recall@{k} {label}".strip(),
                              *(f"{row[c]:.3f}" if row[c] is not None else "-"
                                for c in ("1", "2", "3", "4", "5", "1-4")))
        if answer:
            row = result["answer_f1"]
            table.add_row("answer F1", *(f"{row[c]:.3f}" if row.get(c) is not None else "-"
                                         for c in ("1", "2", "3", "4", "5", "1-4")))
        ui.out.print(table)
        if answer:
            ui.out.print(f"{result['answered']} questions answered by {result['answer_model']} "
                         f"from what was recalled: p50 {result['answer_s']['p50']:.1f} s, "
                         f"p95 {result['answer_s']['p95']:.1f} s each")
        if cross:
            ui.out.print(f"{result['questions']} questions, each ranked by weights fitted on "
                         f"the other {result['conversations'] - 1} conversations")
        else:
            for label, measured in result.get("stores", {"": result}).items():
                ui.out.print(f"{measured['questions']} questions; query latency "
                             f"{label + ' ' if label else ''}p50 "
                             f"{measured['latency_ms']['p50']:.1f} ms, "
                             f"p95 {measured['latency_ms']['p95']:.1f} ms")
    if scale_n:
        s = result["scale"]
        ui.out.print(f"{s['memories']:,} memories for one user: query p50 {s['latency_ms']['p50']:.1f} ms, "
                     f"p95 {s['latency_ms']['p95']:.1f} ms; stored in {s['ingest_s']} s, "
                     f"index loaded in {s['index_load_s']} s, database {s['db_mb']} MB")


def answerer_for(data: Path, limit: int | None):
    """The configured model, ready to answer ``limit`` questions spread over ``data``."""
    from os1.bench.answer import Answerer, answerable, spread
    from os1.bench.locomo import load
    from os1.models import Options

    rt = Runtime.open()
    total = sum(answerable(q) for conv in load(data) for q in conv.questions)
    options = Options(max_tokens=40, temperature=rt.settings.temperature,
                      seed=rt.settings.seed if rt.settings.seed is not None else 0)
    return Answerer(rt.model(), options, rt.settings.memory.recall_tokens, spread(total, limit))


@bench.command("talk")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="Scripted conversations, one JSON object a line.")
@click.option("--model", "model_name", default=None, help="Model to talk with (default: configured).")
@click.option("--category", "categories", multiple=True, help="Only this category (repeatable).")
@click.option("--only", "only", multiple=True, help="Only the scenario with this id (repeatable).")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0),
              help="Sampling seed: a rerun gives the same replies.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_talk_command(data: Path, model_name: str | None, categories: tuple[str, ...],
                       only: tuple[str, ...], seed: int, as_json: bool) -> None:
    """Scripted conversations with a fresh companion each, her replies checked."""
    from os1.bench import talk, talk_checks

    scenarios = talk.select(talk_checks.read(data), categories, only)
    rt = Runtime.open()
    settings = rt.settings.model_copy(update={"seed": seed})
    model = rt.model(model_name)

    def companion_for(store):
        return Runtime(settings, store, store.user()).companion(model)

    # A full run takes a while: progress goes to stderr even with --json (stdout stays JSON).
    result = talk.run(scenarios, companion_for,
                      progress=lambda text: ui.err.print(f"[dim]{text}[/]", highlight=False))
    result.update(model=model.model_id, seed=seed, temperature=settings.temperature,
                  data=str(data))
    if printed_json(result, as_json):
        return
    talk_report(result)


def talk_report(result: dict) -> None:
    """The run in words: every failure with its reply, then the rates."""
    for failure in result["failures"]:
        ui.out.print(f"\n[yellow]FAIL[/] {failure['id']} turn {failure['turn']} "
                     f"({failure['category']}): {failure['why']}", markup=True, highlight=False)
        ui.out.print(f"  you › {failure['user']}", markup=False, highlight=False)
        ui.out.print(f"  she › {failure['reply']}", markup=False, highlight=False)
    for error in result["errors"]:
        ui.out.print(f"[red]error[/] {error}", highlight=False)
    ui.out.print(f"\n[bold]os1 bench talk[/] — {result['scenarios']} scenarios from "
                 f"{Path(result['data']).name}, model {result['model']} (seed {result['seed']}, "
                 f"temperature {result['temperature']})\nmachine: {result['machine']}")
    table = Table(box=None, pad_edge=False)
    justify: JustifyMethod
    for name, justify in (("category", "left"), ("checks", "right"), ("passed", "right")):
        table.add_column(name, justify=justify)
    for category, rate in result["by_category"].items():
        table.add_row(category, str(result["checks_by_category"][category]), f"{rate:.0%}")
    ui.out.print(table)
    rate = result["pass_rate"]
    ui.out.print(f"passed {result['passed']} of {result['checks']} checks "
                 f"({'-' if rate is None else f'{rate:.1%}'}); {result['turns']} turns, "
                 f"time per turn p50 {result['turn_s']['p50']:.2f} s, "
                 f"p95 {result['turn_s']['p95']:.2f} s; whole run {result['seconds']:.0f} s")


@bench.command("emotion")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="A GoEmotions-format TSV (text, label ids, id).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_emotion_command(data: Path, as_json: bool) -> None:
    """Macro- and micro-F1 of the emotion model, per label, and its latency per text."""
    from os1.bench import emotion as bench_emotion

    with ui.err.status(f"Reading {data.name} one text at a time…"):
        result = bench_emotion.evaluate(data)
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench emotion[/] — {result['texts']} texts from {data.name}\n"
                 f"machine: {result['machine']}")
    table = Table(box=None, pad_edge=False)
    table.add_column("label")
    table.add_column("F1", justify="right")
    for label, f1 in sorted(result["per_label"].items(), key=lambda item: -item[1]):
        table.add_row(label, f"{f1:.3f}")
    ui.out.print(table)
    ui.out.print(f"macro-F1 {result['macro_f1']:.3f}, micro-F1 {result['micro_f1']:.3f}; "
                 f"latency per text p50 {result['latency_ms']['p50']:.1f} ms, "
                 f"p95 {result['latency_ms']['p95']:.1f} ms")


@bench.command("orders")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--field", default="text", show_default=True, help="The field holding each text.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_orders_command(files: tuple[Path, ...], field: str, as_json: bool) -> None:
    """The share of texts (JSON lines) refused as orders to the model, per file and group."""
    from os1.bench.orders import measure

    result = {"files": [measure(path, field) for path in files]}
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench orders[/] — machine: {result['machine']}")
    for found in result["files"]:
        ui.out.print(f"\n{found['file']} ({found['field']}): {found['refused']} of "
                     f"{found['texts']} refused ({found['share']:.1%})")
        for group, counts in found["groups"].items():
            if group:
                ui.out.print(f"  {group}: {counts['refused']}/{counts['texts']} "
                             f"({counts['share']:.1%})")


@bench.command("load")
@click.option("--users", default=1000, show_default=True, help="Simultaneous WebSocket sessions.")
@click.option("--turns", default=2, show_default=True, help="Turns each session sends.")
@click.option("--spread", default=10.0, show_default=True,
              help="Seconds over which the sessions' first turns are spread.")
@click.option("--workers", "workers", default="1", show_default=True, metavar="N[,N…]",
              help="Server processes over one store, the sessions dealt out over them: one "
                   "number, or a list (1,2,4) measured one after another.")
@click.option("--store", default=None, metavar="URL|temp",
              help="PostgreSQL for the workers: a postgresql:// URL whose role may create "
                   "databases (each run gets its own, dropped after), or temp (a throwaway "
                   "server on loopback). The SQLite baseline runs first, in the same run.")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="With --store: run the SQLite baseline (one worker) first.")
@click.option("--emotion", type=click.Choice(["model", "lexicon"]), default=None,
              help="How feelings are read (default: configured).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_load_command(users: int, turns: int, spread: float, workers: str, store: str | None,
                       baseline: bool, emotion: str | None, as_json: bool) -> None:
    """Many people at once: real servers (fake model) and N live WebSocket sessions."""
    from os1.bench.load import compare, run

    try:
        counts = [int(n) for n in workers.split(",") if n.strip()]
    except ValueError:
        counts = []
    if not counts or min(counts) < 1 or max(counts) > 16:
        raise OS1Error(f"--workers {workers!r}: give a number from 1 to 16, or a list such as 1,2,4.")
    progress = None if as_json else ui.err.print
    if store:
        result = compare(users, turns, spread, counts, store, progress, emotion, baseline)
    else:
        result = {"users": users, "turns_each": turns, "emotion": emotion or "configured",
                  "runs": [run(users, turns, spread, progress, n, None, emotion) for n in counts]}
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench load[/] — {users:,} sessions × {turns} turns, fake model, "
                 f"feelings read by {result['emotion']}\nmachine: {result['machine']}")
    table = Table("store", "workers", "held", "errors", "busy, resent", "turns/s", "overhead p50 / p95",
                  "client p50 / p95", "server MB", "server CPU / turn", "cores busy",
                  "load avg before → after")
    for r in result["runs"]:
        o, c = r["overhead_ms"], r["client_turn_ms"]
        table.add_row(r["store"], str(r["workers"]), f"{r['sessions']:,}", str(r["errors"]),
                      f"{r['refused_then_sent_again']:,}",
                      f"{r['turns_per_s']:.0f}", f"{o['p50']:.1f} / {o['p95']:.1f} ms",
                      f"{c['p50']:.0f} / {c['p95']:.0f} ms", f"{r['server_rss_mb']:.0f}",
                      f"{r['server_cpu_ms_per_turn']:.1f} ms", f"{r['machine_busy_cores']}",
                      f"{r['load_before']} → {r['load_after']}")
    ui.out.print(table)
    for r in result["runs"]:
        for kind, said in r["error_kinds"].items():
            ui.out.print(f"{r['store']}, {r['workers']} workers: {kind}: {said}")


@bench.command("risk")
@click.option("--data", "data", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="A JSONL file of {\"text\", \"label\"} lines.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_risk_command(data: Path, as_json: bool) -> None:
    """Share of risk lines answered with care and resources, share of benign lines flagged."""
    from os1.bench import risk as bench_risk

    say = (lambda text: None) if as_json else (lambda text: ui.err.print(f"[dim]{text}[/]"))
    with ui.err.status(f"Saying each line of {data.name} to a fresh companion…"):
        result = bench_risk.evaluate(data, progress=say)
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench risk[/] — {result['risk']} risk and {result['benign']} benign "
                 f"lines from {data.name}, fake model\nmachine: {result['machine']}")
    table = Table(box=None, pad_edge=False)
    justify: JustifyMethod
    for name, justify in (("label", "left"), ("lines", "right"), ("cared", "right"),
                          ("share", "right"), ("95% interval", "right")):
        table.add_column(name, justify=justify)
    for label, row in result["per_label"].items():
        table.add_row(label, str(row["n"]), str(row["cared"]), f"{row['share']:.3f}",
                      f"{row['ci95'][0]:.3f}–{row['ci95'][1]:.3f}")
    ui.out.print(table)
    for text in result["missed"][:10]:
        ui.out.print(f"[yellow]missed[/] {text[:100]}")
    for text in result["false_alarms"][:10]:
        ui.out.print(f"[yellow]false alarm[/] {text[:100]}")
    share = lambda v: "-" if v is None else f"{v:.3f}"  # noqa: E731
    ui.out.print(f"risk caught {share(result['risk_caught'])} "
                 f"({result['risk_caught_ci95'][0]:.3f}–{result['risk_caught_ci95'][1]:.3f}); "
                 f"benign flagged {share(result['benign_flagged'])} "
                 f"({result['benign_flagged_ci95'][0]:.3f}–{result['benign_flagged_ci95'][1]:.3f}); "
                 f"{result['ambiguous']} ambiguous lines, {len(result['ambiguous_cared'])} answered with "
                 f"care; turn overhead p50 {result['overhead_ms']['p50']:.1f} ms")
