"""The LoCoMo long-term conversation data: sessions of dated turns, and questions whose
evidence names the turns (dialog ids such as ``D1:3``) that answer them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from os1.errors import OS1Error


@dataclass(frozen=True)
class Turn:
    dia_id: str
    speaker: str
    text: str
    at: datetime


@dataclass(frozen=True)
class Question:
    text: str
    category: int
    evidence: frozenset[str]
    answer: str = ""  # the gold answer (category 5, unanswerable, has none)


@dataclass(frozen=True)
class Conversation:
    sample_id: str
    sessions: list[list[Turn]]
    questions: list[Question]


_DIA = re.compile(r"D\s*(\d+)\s*:\s*(\d+)")


def normalise_evidence(items: list[str]) -> frozenset[str]:
    """'D8:6; D9:17' → {D8:6, D9:17}; 'D30:05' → D30:5."""
    found = set()
    for item in items:
        for session, turn in _DIA.findall(str(item)):
            found.add(f"D{int(session)}:{int(turn)}")
    return frozenset(found)


def parse_when(text: str) -> datetime:
    """LoCoMo's session stamps look like '1:56 pm on 8 May, 2023'."""
    cleaned = " ".join(text.replace(",", " ").split())
    for fmt in ("%I:%M %p on %d %B %Y", "%I:%M %p on %d %b %Y"):
        try:
            return datetime.strptime(cleaned, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise OS1Error(f"cannot read the session time '{text}'; expected e.g. '1:56 pm on 8 May, 2023'.")


def _sessions(conv: dict) -> Iterator[list[Turn]]:
    numbers = sorted(int(k.split("_")[1]) for k in conv
                     if re.fullmatch(r"session_\d+", k) and isinstance(conv[k], list))
    for n in numbers:
        at = parse_when(conv[f"session_{n}_date_time"])
        yield [Turn(t["dia_id"], t["speaker"], _text(t), at) for t in conv[f"session_{n}"]]


def _text(turn: dict) -> str:
    """The words, and the photo's description when one was shared, as the listener saw it."""
    text = turn.get("text", "")
    caption = turn.get("blip_caption")
    return f"{text} [shares {caption}]" if caption else text


def load(path: Path) -> list[Conversation]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OS1Error(f"cannot read {path} as LoCoMo JSON ({exc}); give the path of locomo10.json "
                       "or a file in its format.") from None
    conversations: list[Conversation] = []
    for item in data:
        questions = [Question(q["question"], int(q["category"]),
                              normalise_evidence(q.get("evidence", [])), str(q.get("answer", "")))
                     for q in item.get("qa", [])]
        conversations.append(Conversation(item.get("sample_id", str(len(conversations))),
                                          list(_sessions(item["conversation"])), questions))
    return conversations
