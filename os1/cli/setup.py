"""``os1 setup``: the first meeting — a short interview, then the companion names itself."""

from __future__ import annotations

import click

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.errors import ModelUnavailable
from os1.memory.untrusted import NAME_RULE
from os1.mind.interview import QUESTIONS, needs_setup, propose_name, record_answers, valid_name
from os1.models import Model


def interview(rt: Runtime, model: Model | None) -> str:
    """Ask the questions, store the answers, let the companion choose a name; return the name."""
    ui.out.print("\n[bold]Welcome to OS1.[/] Before we begin, a few questions, so I can get to "
                 "know you a little. Answer in your own words; press Enter to skip one.\n")
    answers = {}
    for question in QUESTIONS:
        answers[question.key] = ui.ask(question.text).strip()
    kept = record_answers(rt.store, rt.user_id, answers)

    with ui.err.status("Thinking of a name…", spinner="dots"):
        name, reason, _source = propose_name(model, answers)
    ui.out.print(f"\nI'd like to call myself [bold]{name}[/]. {reason}")
    while True:
        choice = ui.ask(f"Press Enter to call me {name}, or type the name you'd like:").strip()
        if not choice:
            break
        chosen = valid_name(choice)
        if chosen:
            name, reason = chosen, f"{kept.get('name') or 'You'} chose it for me."
            break
        ui.out.print(f"That doesn't look like a name: {NAME_RULE}")
    rt.store.set_persona(rt.user_id, name, reason)
    person = kept.get("name") or "there"
    ui.out.print(f"\n[bold magenta]{name}[/]: Hi {person}. I'm {name}. It's really nice to meet you.\n")
    return name


def load_for_setup(rt: Runtime) -> Model | None:
    """The model, if it can be loaded; setup still works without one (a fallback name)."""
    try:
        return rt.model()
    except ModelUnavailable as exc:
        ui.err.print(f"[yellow]note:[/] {exc} I'll choose my name without it.")
        return None


@click.command()
@click.option("--reset", is_flag=True, help="Forget everything and start over (asks first).")
def setup(reset: bool) -> None:
    """Meet your companion: a short interview, then it chooses its name."""
    rt = Runtime.open()
    if reset:
        if not ui.confirm("This erases our whole history: your answers, our conversations and my "
                          "name. Start over?"):
            ui.out.print("Nothing changed.")
            return
        rt.store.erase_user(rt.user_id)
    elif not needs_setup(rt.store, rt.user_id):
        name = (rt.store.persona(rt.user_id) or ("",))[0]  # set up: it has a name
        ui.out.print(f"You've already met {name}. `os1 chat` to talk, or `os1 setup --reset` to "
                     "start over.")
        return
    interview(rt, load_for_setup(rt))
