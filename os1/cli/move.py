"""``os1 migrate-store``: move one person's or everyone's whole life between stores (SQLite ↔
PostgreSQL), verified table by table, resumable after an interruption."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from os1.cli import ui
from os1.errors import OS1Error
from os1.memory.move import BATCH, Moved, move_user, users_to_move
from os1.memory.store import open_store


def _report(moved: Moved) -> None:
    if moved.already:
        ui.out.print(f"{moved.name}: already moved and verified; nothing to do.")
        return
    table = Table(title=f"{moved.name}: {'resumed, ' if moved.resumed else ''}{moved.rows} rows "
                        f"written in {moved.seconds:.1f} s")
    table.add_column("table")
    for column in ("source rows", "target rows"):
        table.add_column(column, justify="right")
    for column in ("source checksum", "target checksum"):
        table.add_column(column, min_width=12, no_wrap=True)
    table.add_column("", no_wrap=True)
    for check in moved.checks:
        table.add_row(check.table, str(check.source_rows), str(check.target_rows), check.source_sum,
                      check.target_sum, "ok" if check.ok else "[red]MISMATCH[/]")
    ui.out.print(table)


@click.command("migrate-store")
@click.option("--from", "source_url", default=None, metavar="URL",
              help="The store to read: sqlite:///path/os1.db or postgresql://… (default: this "
                   "machine's configured store). It is only read.")
@click.option("--to", "target_url", required=True, metavar="URL", help="The store to write into.")
@click.option("--user", "name", default=None, help="Move only this user (default: everyone).")
@click.option("--all", "everyone", is_flag=True, help="Move every user (the default).")
@click.option("--batch", default=BATCH, show_default=True, type=click.IntRange(1, 100_000),
              help="Rows per transaction (progress is kept after each).")
def migrate_store(source_url: str | None, target_url: str, name: str | None, everyone: bool,
                  batch: int) -> None:
    """Move whole lives to another store, keeping ids, verified by counts and checksums per
    table. Run it again after an interruption: it goes on where it stopped."""
    if name and everyone:
        raise click.UsageError("give --user NAME or --all, not both.")
    if source_url and source_url.startswith("sqlite://") and \
            not Path(source_url[len("sqlite://"):]).is_file():
        raise OS1Error(f"there is no store at {source_url[len('sqlite://'):]}.")
    source = open_store(source_url)
    try:
        target = open_store(target_url)
        try:
            failed = False
            for who in users_to_move(source, name):
                try:
                    moved = move_user(source, target, who, batch=batch)
                except KeyboardInterrupt:
                    raise OS1Error(f"the move of {who!r} was stopped: run the same command "
                                   "again to go on from where it stopped.") from None
                _report(moved)
                failed = failed or not moved.ok
        finally:
            target.close()
    finally:
        source.close()
    if failed:
        ui.err.print("[red]error:[/] the target differs from the source: see the table above.")
        sys.exit(1)
