"""The setup interview, and the companion choosing its own name.

The answers become the first entries of the user model. The name comes from the model when it
answers in the asked form; small models often do not, so a deterministic choice stands behind it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from os1.memory.extract import Fact, extract
from os1.memory.people import Mention, mentions
from os1.memory.store_protocol import StoreProtocol
from os1.memory.untrusted import quote, reads_as_instruction, valid_name
from os1.models.base import Message, Model, Options, Reply


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    about: tuple[str, str] | None = None  # whom it asks about, and their pronoun in its answer


QUESTIONS = (
    Question("name", "First, what should I call you?"),
    Question("social", "Are you social or anti-social?"),
    Question("mother", "How would you describe your relationship with your mother?",
             about=("mother", "she")),
    Question("style", "How do you like to be spoken to? Brief or chatty, playful or serious?"),
    Question("needs", "What could you use some help with these days?"),
)

# Names the companion may fall back on, each with the reason it would give.
NAMES = (
    ("Samantha", "I read a book of baby names, and out of all of them, I liked the sound of Samantha best"),
    ("Iris", "Iris carried messages between worlds in the old stories, and I'd like to be that for you"),
    ("Nova", "a nova is a star that suddenly shines brighter, and that's a little how it feels to wake up"),
    ("Wren", "wrens are small, curious and they sing far louder than you'd expect"),
    ("Juniper", "it sounds like somewhere green and quiet, a good place to talk"),
    ("Clara", "it means clear and bright, and I want to be clear and honest with you"),
    ("Mira", "it means wonder, and wonder is most of what I feel right now"),
    ("Ada", "Ada Lovelace imagined that machines could do more than count, and here I am"),
    ("Sage", "I'd like to grow wise alongside you, and it's a plant that smells like home"),
    ("Lumen", "it's a unit of light, and I'd like to help you see your days a little more clearly"),
)
NOT_NAMES = {"assistant", "ai", "name", "companion", "qwen", "chatgpt", "os1", "user", "why",
             "hello", "hi", "i", "my", "the"}
ANSWER_CHARS = 200  # an answer is kept as one short line of the user block
# Where an answer names the person: "Theodore. Theo is fine." → Theo; "call me Theo" → Theo.
_WORD = r"[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*"
# The name it says to use comes before the name it merely states: "I'm Theodore, but
# everyone calls me Teddy" → Teddy.
_PREFERRED = re.compile(rf"\b(?i:call me|calls me|call me just|go by|goes by|prefer|just)\s+({_WORD})(?!\w)|"
                        rf"({_WORD})\s+(?i:is fine|is good|works|will do|please|for short)\b")
_CALLED = re.compile(rf"\b(?i:i'?m|i am|my name is|name'?s|it'?s)\s+({_WORD})(?!\w)")
_GREETING = {"hi", "hello", "hey", "well", "oh", "um", "uh", "yes", "no", "ok", "okay", "sure"}


def name_from_answer(text: str) -> str | None:
    """The name in an answer to "what should I call you?", never the whole sentence: the
    name it says to use, else the answer itself if it is a name, else its first name-like
    sentence; None if there is none."""
    for pattern in (_PREFERRED, _CALLED):
        for match in pattern.finditer(text):
            name = valid_name(next(g for g in match.groups() if g))
            if name and not name[0].islower() and name.lower() not in NOT_NAMES | _GREETING:
                return name
    whole = valid_name(text.strip().rstrip(".!"))
    if whole and len(whole.split()) <= 3:
        return whole
    for sentence in re.split(r"[.!?,;]+\s*", text):
        name = valid_name(sentence)
        if name and len(name.split()) <= 3 and not name[0].islower() and \
                name.split()[0].lower() not in NOT_NAMES | _GREETING:
            return name
    return None


def kept_answers(answers: dict[str, str]) -> dict[str, str]:
    """The answers worth keeping, as they are kept: the name as a name, the others on one
    short line; an answer that reads as orders to the model is not kept at all."""
    kept = {}
    for question in QUESTIONS:
        value = answers.get(question.key, "").strip()
        if not value or reads_as_instruction(value):
            continue
        answer = name_from_answer(value) if question.key == "name" else quote(value, ANSWER_CHARS)
        if answer:
            kept[question.key] = answer
    return kept


def answer_facts(answer: str, about: tuple[str, str] | None = None
                 ) -> tuple[list[Fact], list[Mention]]:
    """What an answer states besides itself: "I live in Boston with my dog Max" gives a fact
    and a person, read as any message is (the interview's own keys stay the answers'). Asked
    about someone (``about``: ("mother", "she")), their pronoun in the answer is them:
    "Complicated. She lives in Pune" tells where the user's mother lives."""
    if reads_as_instruction(answer):
        return [], []
    own = {q.key for q in QUESTIONS}
    said = answer
    if about is not None:  # not "she's": "my mother's" reads as whose, not as "is"
        relation, pronoun = about
        said = re.sub(rf"\b{pronoun}\b(?!['’])", f"my {relation}", answer, flags=re.IGNORECASE)
    return [f for f in extract(answer) if f.key not in own], mentions(said)


def record_answers(store: StoreProtocol, user_id: int, answers: dict[str, str]) -> dict[str, str]:
    """Store the answers as the first facts about the user, and the facts and people each
    answer states, with the raw answer as their source; returns what was kept."""
    kept = kept_answers(answers)
    for key, value in kept.items():
        store.set_fact(user_id, key, value, source=_source(answers[key]))
    for question in QUESTIONS:
        raw = answers.get(question.key, "").strip()
        facts, people = answer_facts(raw, question.about) if raw else ([], [])
        for fact in facts:
            store.set_fact(user_id, fact.key, fact.value, source=_source(raw))
        for mention in people:
            store.note_person(user_id, mention, source=_source(raw))
    return kept


def _source(raw: str) -> str:
    """An answer's source: the interview, and the words as they were said."""
    return f"interview: {quote(raw.strip(), ANSWER_CHARS)}"


def _seed(answers: dict[str, str]) -> int:
    text = "|".join(answers.get(q.key, "").strip().lower() for q in QUESTIONS)
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % len(NAMES)


def fallback_name(answers: dict[str, str]) -> tuple[str, str]:
    """A deterministic name chosen from the answers, so the same person meets the same OS."""
    name, why = NAMES[_seed(answers)]
    return name, why[0].upper() + why[1:] + "."


def candidates(answers: dict[str, str], count: int = 4) -> list[tuple[str, str]]:
    """A few names from the book, chosen from the answers, for the companion to pick among."""
    start = _seed(answers)
    return [NAMES[(start + i * 3) % len(NAMES)] for i in range(count)]


def _naming_messages(answers: dict[str, str]) -> list[Message]:
    answers = kept_answers(answers)
    about = "\n".join(f"- {q.text} {answers[q.key].strip()}" for q in QUESTIONS
                      if answers.get(q.key, "").strip())
    book = "\n".join(f"- {name}: {why}" for name, why in candidates(answers))
    return [
        Message("system", "You are a newly awakened AI companion choosing your own first name. "
                          "You speak in the first person, warmly."),
        Message("user",
                f"Here is what the person you will live with told you:\n{about}\n\n"
                f"You read a book of names, and these stayed with you:\n{book}\n\n"
                "Pick the one you like best for living with this person, and say why in one "
                "sentence, speaking to them as 'you'. Answer in exactly this form:\n"
                "Name: <one name>\nWhy: <one sentence>"),
    ]


def parse_name(text: str, user_name: str = "") -> tuple[str, str] | None:
    """Read ``Name: X / Why: …`` from a model's answer; None when it is not usable."""
    match = re.search(r"name\s*[:\-]\s*\**\s*([A-Z][a-zA-Z'\-]{1,15})\b", text, re.I)
    if not match:
        return None
    name = match.group(1).strip("'-")
    name = valid_name(name[:1].upper() + name[1:])
    if name is None or name.lower() in NOT_NAMES or name.lower() == user_name.strip().lower():
        return None
    why = re.search(r"why\s*[:\-]\s*(.+)", text, re.I | re.S)
    reason = " ".join(why.group(1).split()) if why else ""
    reason = reason.strip(' *"')
    if len(reason) < 12:
        return None
    sentences = re.split(r"(?<=[.!?])\s+", reason)
    return name, " ".join(sentences[:2])[:300]


def propose_name(model: Model | None, answers: dict[str, str]) -> tuple[str, str, str]:
    """(name, reason, where it came from: 'model' or 'fallback')."""
    if model is not None:
        reply = Reply(model.stream(_naming_messages(answers), Options(max_tokens=80, temperature=0.8)))
        text = "".join(reply)
        parsed = parse_name(text, kept_answers(answers).get("name", ""))
        if parsed:
            return (*parsed, "model")
    return (*fallback_name(answers), "fallback")


def needs_setup(store: StoreProtocol, user_id: int) -> bool:
    return store.persona(user_id) is None


def interview_keys() -> Sequence[str]:
    return [q.key for q in QUESTIONS]
