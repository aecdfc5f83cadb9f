"""``os1 jobs``: the background work waiting, running or failed for you (reflection after
quiet, embedding), and ``os1 jobs run`` to run what is due now, here."""

from __future__ import annotations

import time
from datetime import datetime

import click
from rich.markup import escape
from rich.table import Table

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.jobs import Context, Runner
from os1.jobs.queue import Outcome
from os1.jobs.runner import owe_backfill, queue_for

WAITING = ("todo", "doing", "failed")


def _when(stamp: str | None) -> str:
    if not stamp:
        return ""
    return datetime.fromisoformat(stamp).astimezone().strftime("%b %d %H:%M:%S")


@click.group()
def jobs() -> None:
    """Background work: her reflection after you have been quiet, embedding memories."""


@jobs.command("list")
@click.option("--all", "everything", is_flag=True, help="Finished jobs too (kept a week).")
def list_(everything: bool) -> None:
    """Your jobs: waiting, running, and failed (with the error)."""
    rt = Runtime.open()
    queue = queue_for(rt.settings, rt.store)
    found = queue.user_jobs(rt.user_id, ("todo", "doing", "done", "failed") if everything
                            else WAITING)
    if not found:
        ui.out.print("No background work waiting or failed.")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("id", "job", "state", "runs", "after", "error"):
        table.add_column(column)
    shown = {"todo": "waiting", "doing": "running", "done": "done", "failed": "failed"}
    for job in found:
        table.add_row(str(job.id), job.name, shown[job.state], f"{job.attempts}/{job.max_attempts}",
                      _when(job.run_after), escape(job.last_error or ""))
    ui.out.print(table)


@jobs.command("run")
@click.option("--watch", is_flag=True, help="Keep running jobs as they come due (Ctrl-C stops).")
def run(watch: bool) -> None:
    """Run the jobs that are due now (everyone's in this data dir), then stop."""
    rt = Runtime.open()
    memories = rt.memories()
    model = rt.model()
    queue = queue_for(rt.settings, rt.store)
    owe_backfill(queue, rt.store, memories.embedder.model_id)
    ran = []

    def show(outcome: Outcome) -> None:
        ran.append(outcome)
        ui.out.print(f"{outcome.job.name} #{outcome.job.id}: {outcome.state} "
                     f"({outcome.detail or 'nothing to do'})", markup=False)

    runner = Runner(queue, Context(rt.store, memories, lambda: model),
                    poll_s=rt.settings.jobs.poll_s, on_done=show)
    try:
        if watch:
            runner.start()
            while True:
                time.sleep(3600)
        for outcome in runner.drain():
            show(outcome)
    except KeyboardInterrupt:
        pass
    finally:
        runner.close()  # a job under way is put back
    if not ran:
        ui.out.print("Nothing is due.")
