"""The ``os1`` command. Each subcommand is a thin shell over the mind and the store."""

from __future__ import annotations

import sys

import click

from os1 import __version__
from os1.cli import ui
from os1.errors import OS1Error


class Group(click.Group):
    """Turns an OS1Error anywhere in a command into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OS1Error as exc:
            ui.err.print(f"[red]error:[/] {exc}", markup=True, highlight=False)
            sys.exit(1)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="os1")
def main() -> None:
    """OS1: a companion who talks with you, remembers, and grows, on your own machine."""


def _register() -> None:
    from os1.cli import (bench, bench_mail, bench_proofread, bench_voice, chat, friends, letter, mail,
                         memory, models, proofread, reminders, selfcmd, serve, setup, voice)

    main.add_command(setup.setup)
    main.add_command(chat.chat)
    main.add_command(chat.ask)
    main.add_command(models.models)
    main.add_command(memory.memory)
    main.add_command(memory.erase)
    main.add_command(bench.bench)
    main.add_command(mail.mail)
    main.add_command(selfcmd.self_, name="self")
    main.add_command(serve.serve)
    main.add_command(voice.talk)
    main.add_command(voice.say)
    main.add_command(letter.letter)
    main.add_command(letter.letters_group)
    main.add_command(reminders.reminders)
    main.add_command(reminders.calendar)
    main.add_command(reminders.activity_, name="activity")
    bench.bench.add_command(bench_voice.bench_voice_command)
    bench.bench.add_command(bench_voice.bench_asr_command)
    bench.bench.add_command(bench_voice.bench_turnend_command)
    bench.bench.add_command(bench_mail.bench_intent_command)
    bench.bench.add_command(bench_mail.bench_triage_command)
    bench.bench.add_command(bench_mail.bench_injection_command)
    main.add_command(proofread.proofread_command)
    main.add_command(friends.friends)
    from os1.cli.jobs import jobs
    main.add_command(jobs)
    bench.bench.add_command(bench_proofread.bench_proofread_command)
    from os1.cli.bench_facts import bench_facts_command
    bench.bench.add_command(bench_facts_command)
    from os1.cli.move import migrate_store
    main.add_command(migrate_store)


_register()
