"""``os1 chat`` (a conversation in the terminal) and ``os1 ask`` (one turn, for scripts)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from contextlib import closing
from datetime import datetime

import click

from os1 import config
from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.cli.setup import interview
from os1.errors import ModelError, OS1Error
from os1.jobs.queue import Outcome
from os1.mind import session
from os1.mind.interview import needs_setup
from os1.mind.turn import Companion
from os1.models.catalog import check_name
from os1.reminders.due import Watcher, say_due

try:  # line editing, and the half-typed line kept when a reminder is printed over it
    import readline
except ImportError:  # pragma: no cover - not on every platform
    readline = None  # type: ignore[assignment]

HELP = """[bold]Commands[/]
  /help            this list
  /history [N]     the last N turns (default 10)
  /mood            how I feel right now
  /memory [search WORDS | forget ID]
                   what I remember (os1 memory … does more)
  /model [NAME]    the model I'm thinking with, or switch to NAME (and keep it)
  /quit            leave (Ctrl-D works too)
Ctrl-C while I'm answering stops the answer; what was said is kept."""


def speak(companion: Companion, text: str, session_id: int, prefix: bool = True) -> bool:
    """Stream one reply to the terminal; False if it failed. Ctrl-C stops it and keeps it."""
    if prefix:
        ui.out.print(f"[bold magenta]{companion.name}:[/] ", end="")
    try:
        with closing(companion.turn(text, session_id)) as stream:
            for chunk in stream:
                ui.out.file.write(chunk)
                ui.out.file.flush()
        ui.out.print()
        return True
    except KeyboardInterrupt:
        ui.out.print(" [dim]\\[stopped][/]")
        return True
    except ModelError as exc:
        ui.out.print()
        ui.err.print(f"[red]error:[/] {exc} (your message is saved)")
        return False


def show_history(companion: Companion, count: int) -> None:
    turns = companion.store.recent_turns(companion.user_id, count)
    if not turns:
        ui.out.print("[dim]No history yet.[/]")
    for turn in turns:
        when = datetime.fromisoformat(turn.created_at).astimezone().strftime("%b %d %H:%M")
        who = "you" if turn.role == "user" else companion.name
        mark = "" if turn.status == "complete" else f" [dim]({turn.status})[/]"
        ui.out.print(f"[dim]{when}[/] [bold]{who}:[/] ", end="")
        ui.out.print(turn.content, markup=False, end="")
        ui.out.print(mark)


def command(line: str, rt: Runtime, companion: Companion) -> bool:
    """Run a slash command; False means leave the chat."""
    name, _, arg = line[1:].partition(" ")
    arg = arg.strip()
    if name in ("quit", "exit", "q"):
        return False
    if name == "help":
        ui.out.print(HELP)
    elif name == "history":
        show_history(companion, int(arg) if arg.isdigit() else 10)
    elif name == "memory":
        memory_command(arg, companion)
    elif name == "mood":
        mood = companion.affect()
        ui.out.print(f"I feel {mood.mood} (valence {mood.valence:+.2f}, arousal {mood.arousal:.2f}).")
    elif name == "model":
        if not arg:
            ui.out.print(f"Thinking with [bold]{companion.model.model_id}[/]. "
                         "`os1 models list` shows the others.")
        else:
            try:
                check_name(arg, rt.settings)
                companion.model = rt.model(arg)
                config.save_setting("model", arg)
                rt.settings = config.load()
                ui.out.print(f"Now thinking with [bold]{arg}[/].")
            except OS1Error as exc:
                ui.err.print(f"[red]error:[/] {exc}")
    else:
        ui.out.print(f"Unknown command /{name}; /help lists them.")
    return True


def memory_command(arg: str, companion: Companion) -> None:
    from os1.cli.memory import table
    from os1.memory.retrieve import Retriever

    memories, user = companion.memories, companion.user_id
    if memories is None:
        ui.out.print("Long-term memory is off.")
        return
    verb, _, rest = arg.partition(" ")
    if verb == "search" and rest.strip():
        hits = Retriever(memories).search(user, rest, companion.store.clock(), k=8)
        ui.out.print(table([h.memory for h in hits], [h.score for h in hits]) if hits
                     else "Nothing matches.")
    elif verb == "forget" and rest.strip().isdigit():
        gone = memories.forget(user, int(rest))  # and any trace in the model's cache
        ui.out.print(f"Forgotten: #{rest.strip()} is gone." if gone else f"There is no memory {rest}.")
    elif not verb:
        found = memories.list(user, limit=10)
        ui.out.print(table(found) if found else "Nothing remembered yet.")
    else:
        ui.out.print("Use /memory, /memory search WORDS or /memory forget ID.")


def rewarm_after(companion: Companion) -> Callable[[Outcome], None]:
    """After a reflection, or a reading of her turn for standing facts, the model holds the
    chat's prefix again, so the next reply starts as fast as if nothing had happened."""

    def rewarm(outcome: Outcome) -> None:
        warm = getattr(companion.model, "warm", None)
        asked = outcome.job.name == "memorise" or bool(outcome.detail)  # a reading asks always
        if outcome.job.name in ("reflect", "memorise") and outcome.state == "done" and asked \
                and warm is not None:
            warm(companion.prefix())

    return rewarm


def say_goodbye(companion: Companion, session_id: int) -> None:
    """The session ends as every session does (``session.leave``): she thinks it over."""
    try:
        with ui.err.status("Thinking over our conversation…"):
            session.leave(companion, session_id)
    except (OS1Error, KeyboardInterrupt):
        pass  # reflection can wait for next time; nothing said is lost


def prompt(companion: Companion) -> str:
    return f"[dim]{companion.name} · {companion.affect().mood}[/]\n[bold cyan]you ›[/] "


def interject(companion: Companion, text: str) -> None:
    """Say something between turns (a reminder at its minute) while the user may be typing:
    the half-typed line is cleared, her words printed, and the prompt and line put back."""
    if not ui.interactive():
        ui.out.print(f"{companion.name}: {text}", markup=False)
        return
    typed = readline.get_line_buffer() if readline else ""
    ui.out.file.write("\r\x1b[K\x1b[1A\x1b[K")  # the prompt's two lines go, and come back below
    ui.out.print(f"[bold magenta]{companion.name}:[/] ", end="")
    ui.out.print(text, markup=False)
    ui.out.print(prompt(companion), end="")
    ui.out.file.write(typed)
    ui.out.file.flush()


def read_line(companion: Companion) -> str | None:
    if ui.interactive():
        try:
            return ui.out.input(prompt(companion))
        except EOFError:
            return None
    line = sys.stdin.readline()
    return line.rstrip("\n") if line else None


@click.command()
def chat() -> None:
    """Talk with your companion in the terminal (piped input works too)."""
    rt = Runtime.open()
    model = rt.model()
    if needs_setup(rt.store, rt.user_id) and ui.interactive():
        interview(rt, model)
    companion = rt.companion(model)
    if ui.interactive():
        mood = companion.affect().mood
        ui.out.print(f"[bold magenta]{companion.name}[/] is here, feeling {mood}. "
                     "[dim]/help for commands, Ctrl-D to leave.[/]")
    session_id, opening = session.arrive(companion, "chat")
    for said in (say_due(companion, session_id), opening):  # "While you were away: …" first
        if said:
            ui.out.print(f"[bold magenta]{companion.name}:[/] ", end="")
            ui.out.print(said, markup=False)
    warming = companion.read_ahead()
    runner = rt.jobs(companion, rewarm_after(companion))  # she reflects once you are quiet
    turn = threading.Lock()  # held while she answers: a reminder waits for the reply to end
    watcher = Watcher(companion, session_id, lambda text: interject(companion, text), turn).start()
    try:
        while True:
            try:
                line = read_line(companion)
            except KeyboardInterrupt:
                ui.out.print()
                break
            if line is None:
                break
            if not line.strip():
                continue
            runner.pause()  # the user goes first: a reflection under way waits
            with turn:
                if line.startswith("/"):
                    if not command(line.strip(), rt, companion):
                        break
                else:
                    speak(companion, line, session_id)
                    warming = companion.read_ahead()
            runner.resume()
    finally:
        watcher.close()
        runner.close()
        if warming:
            warming.join(timeout=30)  # let llama.cpp finish before the model is freed
        say_goodbye(companion, session_id)
    if ui.interactive():
        ui.out.print(f"[dim]{companion.name} will remember this.[/]")


@click.command()
@click.argument("text", nargs=-1, required=True)
def ask(text: tuple[str, ...]) -> None:
    """One turn: send TEXT, print the reply on stdout."""
    message = " ".join(text).strip()
    if not message:
        raise click.UsageError("say something: os1 ask \"how are you?\"")
    rt = Runtime.open()
    companion = rt.companion(rt.model())
    session_id = rt.store.start_session(rt.user_id, "ask")
    try:
        ok = speak(companion, message, session_id, prefix=False)
    finally:
        rt.store.end_session(rt.user_id, session_id)
    if not ok:
        sys.exit(1)
