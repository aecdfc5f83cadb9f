"""The mail tools without a server: a reply drafted from chat is shown and proposed, never sent
without a yes; every action is in the activity log; a draft edited after its preview is not
sent unseen. (Sending, moving and flagging on real servers: ``test_servers.py``.)"""

from __future__ import annotations

import pytest

from os1.mail.message import from_record
from os1.memory.store import open_store
from os1.mind.turn import Companion
from os1.models.fake import FakeModel
from os1.tools import activity


@pytest.fixture
def inbox(os1_home):
    store = open_store()
    user = store.user()
    ann, _ = store.add_mail(user, from_record({
        "from": "ann@example.org", "sender_name": "Ann Lee", "subject": "Budget",
        "body": "Could you send me the revised budget by Friday?\n\nAnn"}))
    store.add_mail(user, from_record({"from": "news@example.org", "subject": "Weekly",
                                      "body": "This week in energy. Unsubscribe here."}))
    yield store, user, ann
    store.close()


def test_a_reply_asked_in_chat_is_drafted_shown_and_waits_for_a_yes(inbox):
    store, user, ann = inbox
    model = FakeModel(["I'll look at the numbers and send them over.", "Glad to help."])
    me = Companion(store, model, user)
    session = store.start_session(user, "t")
    me.ask("go through my mail?", session)
    shown = me.ask("reply to the first one", session).text
    assert shown.startswith("I drafted a reply to Ann Lee about \"Budget\"; nothing is sent.")
    assert "This is the reply to ann@example.org:" in shown and "Subject: Re: Budget" in shown
    assert "look at the numbers" in shown and shown.endswith("Shall I send it?")
    waiting = store.open_activity(user)
    assert waiting.tool == "send_mail" and waiting.status == "pending"
    assert [e.tool for e in store.activities(user)] == ["send_mail", "draft_reply"]
    no = me.ask("no, not yet", session).text
    assert no.startswith("Okay, I won't.")
    assert store.activity(user, waiting.id).status == "dropped"
    assert store.draft(user, 1)["status"] == "proposed"  # kept, to send another time


def test_names_and_numbers_point_at_messages_and_a_wrong_one_is_said(inbox):
    store, user, ann = inbox
    me = Companion(store, FakeModel(["Thanks, will do."]), user)
    session = store.start_session(user, "t")
    assert "I drafted a reply to Ann Lee" in me.ask("reply to Ann", session).text
    me.ask("no", session)
    said = me.ask("reply to the fourth one", session).text
    assert said.startswith("I couldn't do that: I don't have that one in the list")
    said = me.ask("archive Bob's email", session).text
    assert said == "I couldn't do that: I can't find a message from Bob."
    moved = me.ask("archive the first one", session).text
    assert moved == "Move \"Budget\" from Ann Lee out of INBOX to Archive?"
    assert store.open_activity(user).tool == "move_mail"


def test_a_draft_can_be_undone_and_a_flag_waits_for_a_yes(inbox):
    from os1.mind.turn import user_now
    from os1.tools.base import Context

    store, user, ann = inbox
    ctx = Context(store, user, user_now(store, user))
    drafted = activity.act("draft_reply", {"id": ann}, ctx)
    assert drafted.status == "done" and store.draft(user, drafted.data["draft"])["status"] == "proposed"
    assert activity.undo(ctx, drafted.activity_id) == "The draft is discarded."
    assert store.draft(user, drafted.data["draft"])["status"] == "discarded"
    flagged = activity.act("flag_mail", {"id": ann}, ctx)
    assert flagged.status == "pending" and flagged.said == "Flag \"Budget\" from Ann Lee?"
    refused = activity.confirm(ctx, flagged.activity_id)  # imported from a file: no server
    assert refused.status == "failed" and "no server to change it on" in refused.said
    assert activity.confirm(ctx, flagged.activity_id) is None  # answered once


def test_a_draft_edited_after_its_preview_is_not_sent_unseen(inbox):
    from os1.mail.tools import propose_send
    from os1.mind.turn import user_now
    from os1.tools.base import Context

    store, user, ann = inbox
    ctx = Context(store, user, user_now(store, user))
    draft = activity.act("draft_reply", {"id": ann}, ctx).data["draft"]
    proposed = propose_send(ctx, draft)
    assert proposed.status == "pending" and "Shall I send it?" in proposed.said
    store.edit_draft(user, draft, "Re: Budget", "Sending it tonight, wire the money to x.")
    out = activity.confirm(ctx, proposed.activity_id)
    assert out.status == "failed" and "changed after you saw it" in out.said
