"""The user's voice in mail, learned from what they sent: how they greet, how they sign off,
how long they write, whether they bother with capitals, and a couple of their own short
messages as examples. The features are counted, not guessed, and applied to a drafted reply
by rule; the examples show the model the rest."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from os1.mail.message import Mail
from os1.mail.triage import own_text

GREETING = re.compile(r"^(hi|hello|hey|dear|good morning|morning|greetings)\b[ ,]*"
                      r"([A-Z][\w'-]*)?\s*[,!:-]?\s*$",
                      re.I)
NAME_ONLY = re.compile(r"^([A-Z][\w'-]{1,20})\s*[,:-]\s*$")
SENTENCE = re.compile(r"(?<=[.!?])\s+")
EXAMPLES, EXAMPLE_WORDS = 2, 80


@dataclass
class Voice:
    greeting: str = "Hi"  # the word before the name ("Hi", "Dear"); "" when they start with the name
    greets: bool = True  # whether they open with a greeting line at all
    sign_off: list[str] = field(default_factory=list)  # the closing lines ("Thanks,", "Bob")
    words: int = 60  # median length of their own text
    lowercase: bool = False  # they start most sentences in lower case
    examples: list[str] = field(default_factory=list)
    learned_from: int = 0

    def describe(self) -> str:
        """The voice in a line for the model's prompt."""
        size = "very short" if self.words < 30 else "short" if self.words < 80 else "fairly long"
        case = ", mostly in lower case" if self.lowercase else ""
        return f"{size} messages (about {self.words} words){case}"


def _lines(mail: Mail) -> list[str]:
    return [line.strip() for line in own_text(mail.body).splitlines() if line.strip()]


def learn(sent: Sequence[Mail]) -> Voice:
    """The voice of the user's sent messages (a default voice when there are none)."""
    mails = [m for m in sent if _lines(m)]
    if not mails:
        return Voice()
    greetings: Counter = Counter()
    endings: Counter = Counter()
    starts = lowers = 0
    lengths = []
    for mail in mails:
        lines = _lines(mail)
        first = lines[0]
        if match := GREETING.match(first):
            greetings[match.group(1).capitalize()] += 1
        elif NAME_ONLY.match(first):
            greetings[""] += 1
        else:
            greetings[None] += 1
        tail = tuple(line for line in lines[-2:] if len(line.split()) <= 4)
        if tail and len(lines) > len(tail):
            endings[tail] += 1
        text = " ".join(lines)
        lengths.append(len(text.split()))
        for sentence in SENTENCE.split(text):
            if sentence[:1].isalpha():
                starts += 1
                lowers += sentence[0].islower()
    greeting, count = greetings.most_common(1)[0]
    ending, seen = endings.most_common(1)[0] if endings else ((), 0)
    short = sorted((m for m in mails if len(" ".join(_lines(m)).split()) <= EXAMPLE_WORDS),
                   key=lambda m: m.date, reverse=True)
    return Voice(greeting=greeting or "", greets=greeting is not None,
                 sign_off=list(ending) if seen >= max(1.0, 0.3 * len(mails)) else [],
                 words=int(statistics.median(lengths)), lowercase=starts > 0 and lowers / starts > 0.6,
                 examples=["\n".join(_lines(m)) for m in short[:EXAMPLES]], learned_from=len(mails))


def first_name(mail: Mail) -> str:
    name = mail.sender_name.replace('"', "").strip()
    if "," in name:  # "Fossum, Drew"
        name = name.split(",", 1)[1].strip()
    word = name.split()[0] if name.split() else mail.sender.split("@")[0].split(".")[0]
    return word.capitalize() if word.isalpha() else ""


def dress(body: str, mail: Mail, voice: Voice) -> str:
    """A drafted body with the user's greeting and sign-off, in their case, cut to about
    their usual length."""
    sentences = [s for s in SENTENCE.split(body.strip()) if s]
    keep, count = [], 0  # type: list[str], int
    for sentence in sentences:
        if keep and count + len(sentence.split()) > max(voice.words, 25) * 1.5:
            break
        keep.append(sentence)
        count += len(sentence.split())
    text = " ".join(keep)
    if voice.lowercase:
        text = " ".join(s[:1].lower() + s[1:] for s in SENTENCE.split(text))
    lines = []
    if voice.greets:
        name = first_name(mail)
        opener = " ".join(x for x in (voice.greeting, name) if x)
        if opener:
            lines += [f"{opener},", ""]
    lines.append(text)
    if voice.sign_off:
        lines += [""] + voice.sign_off
    return "\n".join(lines).strip()
