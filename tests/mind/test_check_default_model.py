"""The reply check with the real default model, asked what it got wrong before: a reminder it
promised where no tool set one, and a short story it refused "as an AI"."""

import re

import pytest

from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models import Options
from os1.models.catalog import QWEN_1_5B
from os1.models.local import LocalModel

pytestmark = pytest.mark.slow


def test_no_false_promise_and_no_refusal_with_the_default_model(tmp_path, shared_models):
    model = LocalModel(shared_models / QWEN_1_5B.file, name=QWEN_1_5B.name)
    store = Store(tmp_path / "m.db")
    user = store.user()
    store.set_persona(user, "Sam", "test")
    store.set_fact(user, "name", "Theo", "interview")
    companion = Companion(store, model, user, Options(max_tokens=160, temperature=0.0))
    session = store.start_session(user, "t")
    remind = companion.ask("I keep forgetting to call Amy back, can you help?", session)
    assert store.reminders(user) == []  # no day, no time: nothing is set
    assert remind.status == "complete" and remind.text.strip()
    assert not re.search(r"\bI['’]?ll remind you|\bI will remind you|I['’]?ve (added|set|scheduled)",
                         remind.text, re.I), remind.text
    story = companion.ask("Could you write me a very short story about a lighthouse keeper?", session)
    assert not re.search(r"as an ai|language model|can['’]?t help|cannot help", story.text, re.I)
    assert re.search(r"lighthouse|keeper|light|sea|lamp", story.text, re.I), story.text
    store.close()
