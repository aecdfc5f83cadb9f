"""The spoken loop is the same turn as chat: a reminder said aloud is set, "go through my mail"
is said back, a reply is read out and sent only on a spoken yes (to a real SMTP server on
loopback, aiosmtpd). Speech recognition is the fake one, writing what Whisper writes."""

from __future__ import annotations

import numpy as np
import pytest

from os1.mail import credentials
from os1.mail.message import from_record
from os1.voice.audio import silence
from os1.voice.devices import VirtualDevice

from .conftest import kinds, question


def spoken(n: int) -> np.ndarray:
    """``n`` utterances, each followed by room for her to answer in full."""
    return np.concatenate([np.concatenate([question(), silence(40000)]) for _ in range(n)])


def test_a_reminder_said_aloud_is_set(talk):
    t = talk("Good luck with the call.")
    user = t.companion.user_id
    events = t.session(VirtualDevice(spoken(1)), heard=["Remind me to call Amy tomorrow at six p.m."],
                       anticipate=False).run()
    said = " ".join(e.text for e in kinds(events, "saying"))
    assert said.startswith("I'll remind you to call Amy tomorrow at 6 pm.")
    (item,) = t.store.reminders(user)
    assert item.text == "call Amy" and (item.at.hour, item.at.minute) == (18, 0)


@pytest.mark.slow
def test_mail_gone_through_aloud_and_a_reply_sent_on_a_spoken_yes(talk, monkeypatch):
    from tests.mail.servers import Smtp

    monkeypatch.setenv(credentials.PASSPHRASE_ENV, "a passphrase of mine")
    t = talk("I'll look at it tonight and get back to you.")
    user = t.companion.user_id
    t.store.add_mail(user, from_record({"from": "ann@example.org", "sender_name": "Ann Lee",
                                        "subject": "Budget", "message_id": "<b1@example.org>",
                                        "body": "Could you send me the revised budget by Friday?"}))
    with Smtp() as smtp:
        t.store.save_mail_account(user, name="mail", address="theo@example.com", imap_host=None,
                                  imap_port=None, imap_security="tls", smtp_host="127.0.0.1",
                                  smtp_port=smtp.port, smtp_security="none", username="theo",
                                  secret=credentials.seal(user, "mail", "pw", use_keyring=False))
        heard = ["Go through my mail.", "Reply to the first one.", "Yes, send it."]
        events = t.session(VirtualDevice(spoken(3)), heard=heard, anticipate=False).run()
        said = [e.text for e in kinds(events, "saying")]
        text = " ".join(said)
        assert [e.text for e in kinds(events, "heard")] == heard
        assert "Ann Lee: \"Budget\" (needs a reply)." in text
        assert "I drafted a reply to Ann Lee" in text and "Shall I send it?" in text
        assert said.index("Sent to ann@example.org.") > said.index("Shall I send it?")
        (_, recipients, raw), = smtp.received
        assert recipients == ["ann@example.org"] and b"get back to you" in raw
    assert [(e.tool, e.status) for e in t.store.activities(user)] == [("send_mail", "done"),
                                                                     ("draft_reply", "done")]
