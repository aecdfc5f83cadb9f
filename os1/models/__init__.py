"""Model backends, chosen by name from config when a model is built (never at import time)."""

from __future__ import annotations

from os1.config import Settings
from os1.models.base import Message, Model, Options, Reply, Usage
from os1.models.files import Progress

__all__ = ["Message", "Model", "Options", "Reply", "Usage", "load_model"]


def load_model(settings: Settings, progress: Progress | None = None) -> Model:
    """The backend for ``settings.model``: ``fake``, ``openai``, or a local GGUF by name."""
    name = settings.model
    if name == "fake":
        from os1.models.fake import FakeModel

        return FakeModel(settings.fake.replies, delay=settings.fake.delay)
    if name == "openai":
        from os1.models.openai import OpenAIModel

        return OpenAIModel(settings.openai)
    from os1.models.catalog import gguf_path
    from os1.models.local import LocalModel

    return LocalModel(gguf_path(name, progress), name=name, settings=settings.local)
