"""The tool interface: schemas, validation, the confirmation policy, the log and undo."""

from typing import ClassVar

import pytest
from pydantic import Field

from os1.errors import OS1Error
from os1.tools import activity
from os1.tools.base import Args, Context, Tool, ToolResult, get, register, tools, unregister


class SendArgs(Args):
    to: str = Field(min_length=1)
    text: str


class Send(Tool):
    """A tool that leaves the machine: it needs the user's yes."""

    name = "test_send"
    description = "Send a message."
    Args = SendArgs
    confirm = "always"
    ability = "mail"
    sent: ClassVar[list] = []  # what every Send sent, cleared by the fixture

    def preview(self, args, ctx):
        return f"Shall I send \"{args.text}\" to {args.to}?"

    def run(self, args, ctx):
        Send.sent.append((args.to, args.text))
        return ToolResult(f"Sent to {args.to}.", {"to": args.to})


@pytest.fixture
def send():
    register(Send())
    Send.sent.clear()
    yield
    unregister(Send.name)


@pytest.fixture
def ctx(talk, send):
    return Context(talk.store, talk.user, talk.companion.local_now())


def test_every_tool_has_a_schema_a_model_can_call():
    for tool in tools():
        schema = tool.schema()["function"]
        assert schema["name"] == tool.name and schema["description"]
        assert schema["parameters"]["type"] == "object"
        assert tool.confirm in ("never", "always")


def test_bad_arguments_are_one_clear_error(ctx):
    with pytest.raises(OS1Error, match="set_reminder: at"):
        activity.act("set_reminder", {"text": "x", "at": "soon"}, ctx)
    with pytest.raises(OS1Error, match="set_reminder: who: Extra inputs"):
        activity.act("set_reminder", {"text": "x", "at": "2026-12-04T18:00:00-05:00", "who": 1}, ctx)
    with pytest.raises(OS1Error, match="a time needs its UTC offset"):
        activity.act("set_reminder", {"text": "x", "at": "2026-12-04T18:00:00"}, ctx)
    with pytest.raises(OS1Error, match="no tool called"):
        get("rm_rf")


def test_what_leaves_the_machine_waits_for_a_yes(ctx):
    out = activity.act("test_send", {"to": "Amy", "text": "running late"}, ctx)
    assert (out.status, out.said) == ("pending", "Shall I send \"running late\" to Amy?")
    assert Send.sent == []
    done = activity.answer(ctx, "send it")
    assert done.status == "done" and Send.sent == [("Amy", "running late")]
    assert activity.answer(ctx, "yes") is None  # nothing is waiting any more: never twice
    [entry] = ctx.store.activities(ctx.user_id)
    assert (entry.status, entry.summary) == ("done", "Sent to Amy.")
    assert entry.args == {"to": "Amy", "text": "running late"}  # kept as asked, not overwritten


@pytest.mark.parametrize("reply", ["no", "hmm, not sure", "what time is it?", "yes, but wait",
                                   "yes but change the text first"])
def test_anything_but_a_plain_yes_drops_it(ctx, reply):
    activity.act("test_send", {"to": "Amy", "text": "running late"}, ctx)
    assert activity.answer(ctx, reply).status == "dropped"
    assert Send.sent == [] and ctx.store.activities(ctx.user_id)[0].status == "dropped"


@pytest.mark.parametrize("reply", ["yes", "Yes please", "do it", "Send it!", "go ahead", "ok"])
def test_a_plain_yes(reply):
    assert activity.is_yes(reply)


def test_a_yes_in_the_chat_does_it_and_says_so(talk, send):
    ctx = Context(talk.store, talk.user, talk.companion.local_now())
    activity.act("test_send", {"to": "Amy", "text": "running late"}, ctx)
    result = talk("yes, send it", "There you go.")
    assert Send.sent == [("Amy", "running late")]
    assert result.text == "Sent to Amy. There you go." and result.done == ["mail"]


def test_undo_where_the_tool_can_and_not_where_it_cannot(ctx):
    out = activity.act("set_reminder", {"text": "call Amy", "at": "2026-12-04T18:00:00-05:00"}, ctx)
    assert activity.undo(ctx, out.activity_id) == "Removed the reminder to call Amy."
    assert ctx.store.reminders(ctx.user_id) == []
    with pytest.raises(OS1Error, match="only what was done can be undone"):
        activity.undo(ctx, out.activity_id)
    activity.act("test_send", {"to": "Amy", "text": "hi"}, ctx)
    activity.answer(ctx, "yes")
    sent = ctx.store.activities(ctx.user_id)[0]
    with pytest.raises(OS1Error, match="can't be undone"):
        activity.undo(ctx, sent.id)
