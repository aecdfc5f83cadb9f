"""Real messages from the Enron set (tests/data/enron_sample.jsonl) as RFC 5322 bytes."""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "enron_sample.jsonl"


def rows() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text().splitlines()]


def message(row: dict, to: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = row["from"]
    msg["To"] = " ".join((to or row["to"]).split())
    msg["Subject"] = " ".join(row["subject"].split())
    msg["Date"] = row["date"].split(" (")[0]
    msg["Message-ID"] = f"<{row['id']}.enron@example.org>"
    msg.set_content(row["body"])
    return msg
