"""Triage: what kind of message this is, and so what it asks of the user.

The genre model reads a message as the Berkeley Enron annotations sort mail (company business,
purely personal, personal in a professional context, logistics, employment, document
collaboration, empty for a missing attachment, empty): a logistic regression over the
message's e5 embedding, how it is built (forwarded, replies quoted, attachments, length,
recipients) and its words. Its weights ship in ``os1/data/mail/triage.npz`` (trained by
``scripts/train_mail.py`` on part of the annotations; the rest gives the README's figures).

What the user sees is one of five piles, from the genre, the requests in the message (see
``intent``) and whether it came in bulk: personal, needs a reply, logistics, newsletters,
can go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from os1.mail.linear import Linear, Vocabulary, fingerprint, words
from os1.mail.message import Mail

DATA = Path(__file__).resolve().parent.parent / "data" / "mail"
GENRES = ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8")
GENRE_NAMES = {
    "1.1": "company business", "1.2": "purely personal", "1.3": "personal, professional context",
    "1.4": "logistics", "1.5": "employment", "1.6": "document collaboration",
    "1.7": "empty (missing attachment)", "1.8": "empty",
}
PILES = ("personal", "needs a reply", "logistics", "newsletters", "can go")
EMBED_CHARS = 1200  # the subject and the start of the body are what the embedding reads

FORWARDED = re.compile(r"-{3,}\s*(?:Forwarded|Original Message)|^\s*From:\s.+\n\s*(?:Sent|To):",
                       re.I | re.M)
QUOTED = re.compile(r"^\s*>", re.M)
ATTACHED = re.compile(r"<<\s*(?:File|Attachment)?:?[^>]*\.\w{2,4}\s*>>|\battach(?:ed|ment)s?\b", re.I)
PERSONAL = re.compile(r"\b(?:love|miss(?:ed)? you|honey|sweetheart|mom|dad|kids?|wife|husband|"
                      r"birthday|dinner|weekend|vacation|family|baby|wedding|party|friends?|"
                      r"congratulations|hope (?:you|all)|take care)\b", re.I)
BULK = re.compile(r"\bunsubscribe\b|\bnewsletter\b|\bview (?:this|it) in (?:your|a) browser\b|"
                  r"\bmailing list\b|\bto be removed\b|\bopt[ -]out\b", re.I)


def own_text(body: str) -> str:
    """The part of a body its sender wrote: up to the first forwarded or quoted message."""
    match = FORWARDED.search(body)
    text = body[: match.start()] if match else body
    return "\n".join(line for line in text.splitlines() if not QUOTED.match(line)).strip()


def embed_text(mail: Mail) -> str:
    return f"{mail.subject}\n{mail.body[:EMBED_CHARS]}"


def bag_text(mail: Mail) -> str:
    return f"{mail.subject}\n{mail.body}"


def structure(mail: Mail) -> np.ndarray:
    """How the message is built, as numbers."""
    body, own = mail.body, own_text(mail.body)
    own_words = len(words(own))
    subject = mail.subject.lower()
    return np.array([
        np.log1p(len(words(body))), np.log1p(own_words), float(own_words < 5),
        float(own_words < 25), float(bool(FORWARDED.search(body))),
        float(subject.startswith(("fw", "fwd"))), float(subject.startswith("re")),
        float(bool(ATTACHED.search(body))), float(bool(mail.attachments)),
        np.log1p(len(mail.to) + len(mail.cc)), float("?" in own),
        float(bool(PERSONAL.search(own))), float(bool(BULK.search(body)) or mail.list_mail),
        float(not mail.subject.strip()),
    ], dtype=np.float32)


def features(mails: Sequence[Mail], vectors: np.ndarray, vocabulary: Vocabulary) -> np.ndarray:
    return np.hstack([vectors, np.vstack([structure(m) for m in mails]),
                      vocabulary.matrix([bag_text(m) for m in mails])])


@dataclass
class TriageModel:
    """The shipped genre model and, beside it, the plain bag-of-words baseline."""

    model: Linear
    vocabulary: Vocabulary
    baseline: Linear
    baseline_vocabulary: Vocabulary
    trained: frozenset[str]  # fingerprints of the messages it was trained on
    majority: int  # index of the training split's most common genre

    def genre_probabilities(self, mails: Sequence[Mail], embedder) -> np.ndarray:
        if not mails:
            return np.zeros((0, len(GENRES)), dtype=np.float32)
        vectors = embedder.embed([embed_text(m) for m in mails])
        return self.model.probabilities(features(mails, vectors, self.vocabulary))

    def genres(self, mails: Sequence[Mail], embedder) -> list[str]:
        return [GENRES[i] for i in self.genre_probabilities(mails, embedder).argmax(1)]

    def baseline_genres(self, mails: Sequence[Mail]) -> list[str]:
        x = self.baseline_vocabulary.matrix([bag_text(m) for m in mails])
        return [GENRES[i] for i in self.baseline.probabilities(x).argmax(1)]

    def seen(self, mail: Mail) -> bool:
        return fingerprint(bag_text(mail)) in self.trained

    def save(self, path: Path) -> None:
        np.savez_compressed(
            # (numpy's allow_pickle keyword makes mypy think an array could land there)
            path, **self.model.arrays("m_"), **self.baseline.arrays("b_"),  # type: ignore[arg-type]
            vocabulary=np.array(self.vocabulary.terms),
            baseline_vocabulary=np.array(self.baseline_vocabulary.terms),
            trained=np.array(sorted(self.trained)), majority=np.int8(self.majority))

    @classmethod
    def load(cls, path: Path = DATA / "triage.npz") -> "TriageModel":
        with np.load(path) as a:
            return cls(Linear.load(a, "m_"), Vocabulary([str(t) for t in a["vocabulary"]]),
                       Linear.load(a, "b_"), Vocabulary([str(t) for t in a["baseline_vocabulary"]]),
                       frozenset(str(t) for t in a["trained"]), int(a["majority"]))


@lru_cache(maxsize=1)
def load_triage_model() -> TriageModel:
    return TriageModel.load()


def pile(mail: Mail, genre: str, requests: Sequence[str], user_addresses: Sequence[str] = ()) -> str:
    """Which of the five piles the user sees a message in. Bulk mail is a newsletter whatever
    it asks; a request addressed to the user needs a reply; then the genre decides."""
    if mail.list_mail or BULK.search(mail.body):
        return "newsletters"
    mine = {a.lower() for a in user_addresses}
    to_me = not mine or bool(mine & set(mail.to)) or not (mail.to or mail.cc)
    if genre in ("1.2", "1.3"):
        return "personal"
    if requests and to_me and genre not in ("1.7", "1.8"):
        return "needs a reply"
    if genre == "1.4":
        return "logistics"
    return "can go"


RANK = {p: i for i, p in enumerate(("needs a reply", "personal", "logistics", "newsletters", "can go"))}
