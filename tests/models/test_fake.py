"""The fake model keeps what tests read, and no more than that, however long it runs."""

from os1.models import Options
from os1.models.base import Message
from os1.models.fake import FakeModel


def test_its_prompts_are_kept_but_not_without_end():
    model = FakeModel(["first"])
    model.KEEP = 3
    replies = ["".join(model.stream([Message("user", f"hi {i}")], Options())) for i in range(5)]
    assert replies[0] == "first" and replies[4] == "I hear you: hi 4"
    assert [h[0].content for h in model.history] == ["hi 2", "hi 3", "hi 4"]
