"""Parsing a message: headers decoded, the text part chosen, HTML reduced to words with no
image or link address kept (nothing in a message is ever fetched)."""

from __future__ import annotations

from os1.mail.message import parse

HTML = """From: =?utf-8?q?Ren=C3=A9e?= <Renee@Example.org>
To: me@example.com, Bo <bo@example.com>
Subject: =?utf-8?q?Caf=C3=A9?= on Friday
Date: Mon, 5 Mar 2001 08:23:00 -0800
Message-ID: <abc@example.org>
List-Unsubscribe: <mailto:leave@example.org>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><style>p {color: red}</style><script>fetch('https://t.example/x')</script></head>
<body><p>Shall we meet at the caf&eacute;?</p><img src="https://t.example/pixel.png?u=me">
<p><a href="https://t.example/r">See the menu</a></p></body></html>
"""


def test_html_mail_becomes_plain_words():
    mail = parse(HTML)
    assert mail.sender == "renee@example.org" and mail.sender_name == "Renée"
    assert mail.to == ["me@example.com", "bo@example.com"] and mail.subject == "Café on Friday"
    assert mail.date == "2001-03-05T16:23:00+00:00" and mail.message_id == "<abc@example.org>"
    assert mail.list_mail
    assert "Shall we meet at the café?" in mail.body and "See the menu" in mail.body
    assert "t.example" not in mail.body and "fetch" not in mail.body and "color" not in mail.body


def test_a_broken_date_is_no_date():
    assert parse("From: a@b.example\nDate: yesterday-ish\n\nhi").date == ""
