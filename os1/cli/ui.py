"""Terminal output shared by the commands: consoles, byte progress bars, prompts."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                           TransferSpeedColumn)

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # errors stay one line


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@contextmanager
def byte_progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr, fed by ``callback(done, total)``."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
               TransferSpeedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total or None)

        yield update


def ask(question: str, default: str = "") -> str:
    """One line of input; works the same on a terminal and with piped stdin."""
    if interactive():
        return out.input(f"[bold magenta]{question}[/] ") or default
    out.print(question)
    line = sys.stdin.readline()
    if not line:
        raise click.Abort()
    answer = line.rstrip("\n")
    out.print(f"> {answer}")
    return answer or default


def confirm(question: str, default: bool = False) -> bool:
    hint = "[Y/n]" if default else "[y/N]"
    answer = ask(f"{question} {hint}").strip().lower()
    if not answer:
        return default
    return answer in ("y", "yes")
