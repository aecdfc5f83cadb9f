"""With the real default model: a reminder asked for in conversation is set, at the right
time on the user's clock, and her reply says so truthfully; then she lists it."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models import Options
from os1.models.catalog import QWEN_1_5B
from os1.models.local import LocalModel

from .conftest import NOW, Clock

pytestmark = pytest.mark.slow
NY = ZoneInfo("America/New_York")


def test_remind_me_then_whats_on_my_calendar(tmp_path, shared_models):
    model = LocalModel(shared_models / QWEN_1_5B.file, name=QWEN_1_5B.name)
    store = Store(tmp_path / "m.db", clock=Clock(NOW))
    user = store.user()
    store.set_persona(user, "Sam", "test")
    store.set_fact(user, "name", "Theo", "interview")
    store.set_setting(user, "timezone", "America/New_York")
    companion = Companion(store, model, user, Options(max_tokens=120, temperature=0.0))
    session = store.start_session(user, "t")
    remind = companion.ask("Please remind me to call Amy on Friday at 6pm", session)
    [item] = store.reminders(user)
    assert item.text == "call Amy" and item.at == datetime(2026, 12, 4, 18, 0, tzinfo=NY)
    assert remind.text.startswith("I'll remind you to call Amy on Friday at 6 pm."), remind.text
    rest = remind.text.removeprefix("I'll remind you to call Amy on Friday at 6 pm.")
    # whatever the model added does not retell the reminder (a wrong day) or deny it
    assert not re.search(r"remind|reminder|can't|cannot|saturday|sunday|monday", rest, re.I), rest
    listed = companion.ask("What's on my calendar?", session)
    assert "call Amy, on Friday at 6 pm" in listed.text, listed.text
    store.close()
