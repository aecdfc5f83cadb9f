"""``os1 models``: list, choose and download models."""

from __future__ import annotations

import click
from rich.table import Table

from os1 import config
from os1.cli import ui
from os1.models.catalog import check_name, entries


@click.group()
def models() -> None:
    """List, choose and download models."""


@models.command("list")
def list_models() -> None:
    """Show the models you can use and which one is active."""
    settings = config.load()
    table = Table(box=None, pad_edge=False)
    for column in ("", "name", "kind", "ready", "about"):
        table.add_column(column)
    for entry in entries(settings):
        active = "*" if entry.name == settings.model else ""
        table.add_row(active, entry.name, entry.kind, "yes" if entry.ready else "no", entry.about)
    ui.out.print(table)


@models.command("use")
@click.argument("name")
def use(name: str) -> None:
    """Make NAME the model your companion thinks with."""
    settings = config.load()
    check_name(name, settings)
    config.save_setting("model", name)
    ui.out.print(f"Using [bold]{name}[/] from now on.")


@models.command("pull")
@click.argument("spec", metavar="REPO/FILE.gguf")
@click.option("--sha256", default=None, help="Expected checksum (default: the hub's own).")
@click.option("--use", "use_it", is_flag=True, help="Make it the active model when done.")
def pull_model(spec: str, sha256: str | None, use_it: bool) -> None:
    """Download a GGUF from the Hugging Face hub (resumable, checksum-verified).

    Example: os1 models pull bartowski/Qwen2.5-3B-Instruct-GGUF/Qwen2.5-3B-Instruct-Q4_K_M.gguf
    """
    from os1.models.catalog import models_dir
    from os1.models.pull import parse_spec, pull

    settings = config.load()
    _, filename = parse_spec(spec)
    with ui.byte_progress(filename.rsplit("/", 1)[-1]) as progress:
        result = pull(spec, endpoint=settings.hf_endpoint, dest_dir=models_dir(),
                      sha256=sha256, progress=progress)
    if result.verified:
        ui.out.print(f"{result.path.name}: sha256 verified ({result.sha256[:16]}…).")
    else:
        ui.err.print(f"[yellow]warning:[/] the hub published no checksum for {result.path.name}; "
                     f"its sha256 is {result.sha256}.")
    if use_it:
        config.save_setting("model", result.name)
        ui.out.print(f"Using [bold]{result.name}[/] from now on.")
    else:
        ui.out.print(f"Ready: `os1 models use {result.name}`.")
