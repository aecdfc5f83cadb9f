"""The sender's voice, read from samples of their own writing (past letters, messages):
deterministic features (how long their sentences run, how often they use contractions and
exclamation marks, how they open and sign off, the phrases they come back to, how formal they
are) and one or two short excerpts, for the drafting prompt.

A sample is the sender's text, so it is data: it reaches the prompt only quoted
(``untrusted.quote``), and a sentence in it that reads as orders is left out."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from os1.letters.words import STOP
from os1.memory.untrusted import quote, reads_as_instruction

SENTENCE = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+")
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
CONTRACTION = re.compile(r"\b[A-Za-z]+['’](?:s|t|re|ve|ll|d|m)\b", re.I)
GREETING = re.compile(r"^\s*((?:my )?(?:dear(?:est)?|hi|hello|hey|hiya|greetings|to|good morning)"
                      r"\b[^,\n!]{0,30}|[A-Z][a-z]+)\s*[,!:—-]\s*$", re.I)
SIGN_OFFS = ("love", "all my love", "lots of love", "much love", "with love", "best", "best wishes",
             "all the best", "warmly", "warm regards", "warmest", "kind regards", "regards", "yours",
             "yours truly", "yours sincerely", "sincerely", "cheers", "take care", "hugs", "talk soon",
             "see you soon", "always", "thanks", "thank you", "as ever", "love you")
SIGN_OFF = re.compile(r"^\s*(" + "|".join(sorted(SIGN_OFFS, key=len, reverse=True)) + r"|xo+x*|x+)\b[^\n]{0,20}$",
                      re.I)
FORMAL = re.compile(r"\b(sincerely|regards|furthermore|however|therefore|kindly|moreover|whom|"
                    r"shall|wish to|would like to|i am writing|please accept|dear (?:mr|mrs|ms|dr|sir|madam))\b",
                    re.I)
INFORMAL = re.compile(r"\b(hey|gonna|wanna|kinda|sorta|yeah|lol|haha+|omg|btw|cheers|cool|awesome|"
                      r"super|xo+x*|ya|y'all|dude|guys)\b|[\U0001F300-\U0001FAFF]", re.I)
EXCERPT_WORDS = 45


@dataclass
class Voice:
    """How the sender writes. ``samples``: how many texts it was read from."""

    samples: int = 0
    words: int = 0
    sentence_words: float = 0.0  # the median sentence, in words
    contractions: float = 0.0  # per sentence
    exclamations: float = 0.0  # share of sentences that end with "!"
    questions: float = 0.0
    greeting: str = ""  # the opening they use most ("Dear", "Hi", "Hey")
    sign_off: str = ""  # the sign-off they use most ("Love", "Cheers")
    phrases: list[str] = field(default_factory=list)  # their own phrases, most used first
    formality: str = "neutral"  # formal | neutral | informal
    typical_words: int = 0  # a sample's median length, in words
    excerpts: list[str] = field(default_factory=list)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text) if WORD.search(s)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _body(text: str) -> str:
    """The text without its greeting line, sign-off and signature."""
    lines = _lines(text)
    if lines and GREETING.match(lines[0]):
        lines = lines[1:]
    for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
        if SIGN_OFF.match(lines[i].rstrip(",.!")):
            lines = lines[:i]
            break
    return "\n".join(lines)


def _greeting(text: str) -> str:
    lines = _lines(text)
    match = GREETING.match(lines[0]) if lines else None
    if not match:
        return ""
    first = match[1].split()
    opener = " ".join(first[:2]) if first[0].lower() == "my" else first[0]
    return opener.capitalize() if opener.lower() in ("dear", "hi", "hello", "hey", "hiya", "dearest",
                                                      "greetings", "to", "my dear", "my dearest") else ""


def _sign_off(text: str) -> str:
    for line in reversed(_lines(text)[-3:]):
        match = SIGN_OFF.match(line.rstrip(",.!"))
        if match:
            return match[1][:1].upper() + match[1][1:].lower()
    return ""


def _phrases(texts: Sequence[str], limit: int = 6) -> list[str]:
    """Runs of two to four words the sender uses in more than one place, that are not only
    little words ("it is", "and the"): their own turns of phrase."""
    counts: Counter[str] = Counter()
    for text in texts:
        for clause in re.split(r"[,;:.!?…()\n—-]+", _body(text)):
            words = [w.lower().replace("’", "'") for w in WORD.findall(clause)]
            seen = set()
            for n in (4, 3, 2):
                for i in range(len(words) - n + 1):
                    gram = words[i:i + n]
                    if sum(w not in STOP for w in gram) < max(1, n - 2) or gram[0] in ("and", "the"):
                        continue
                    seen.add(" ".join(gram))
            counts.update(seen)
    found: list[str] = []
    for phrase, count in sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]))):
        if count < 2:
            break
        if any(phrase in longer for longer in found):
            continue  # a part of a phrase already kept
        found.append(phrase)
        if len(found) == limit:
            break
    return found


def _excerpts(texts: Sequence[str], phrases: Sequence[str], count: int = 2) -> list[str]:
    """Short passages from the body of the samples (not the greeting or sign-off), those
    with the sender's own phrases first, quoted as data."""
    scored = []
    for t, text in enumerate(texts):
        body = _sentences(_body(text))
        for i in range(len(body)):
            passage = " ".join(body[i:i + 2])
            words = passage.split()
            if len(words) < 8 or reads_as_instruction(passage):
                continue
            if len(words) > EXCERPT_WORDS:
                passage = " ".join(words[:EXCERPT_WORDS]) + "…"
            score = sum(p in passage.lower() for p in phrases)
            scored.append((-score, t, i, passage))
    chosen, used = [], set()
    for _, t, _, passage in sorted(scored):
        if t in used:
            continue  # one from each sample, while there are others
        chosen.append(quote(passage, 300))
        used.add(t)
        if len(chosen) == count:
            break
    return chosen


def learn(texts: Sequence[str]) -> Voice:
    """The voice in ``texts``, the sender's own writing; an empty ``Voice`` for none."""
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return Voice()
    sentences = [s for t in texts for s in _sentences(_body(t))]
    lengths = [len(WORD.findall(s)) for s in sentences] or [0]
    words = sum(len(WORD.findall(t)) for t in texts)
    greetings = Counter(g for g in map(_greeting, texts) if g)
    sign_offs = Counter(s for s in map(_sign_off, texts) if s)
    n = max(1, len(sentences))
    contractions = sum(len(CONTRACTION.findall(s)) for s in sentences) / n
    formal = sum(len(FORMAL.findall(t)) for t in texts) / max(1, words) * 100
    informal = sum(len(INFORMAL.findall(t)) for t in texts) / max(1, words) * 100
    exclamations = sum(s.rstrip("\"')]").endswith("!") for s in sentences) / n
    if formal > informal + 0.3 and contractions < 0.3:
        formality = "formal"
    elif informal > 0.5 or contractions >= 0.5 or exclamations >= 0.25:
        formality = "informal"
    else:
        formality = "neutral"
    phrases = _phrases(texts)
    return Voice(samples=len(texts), words=words, sentence_words=float(statistics.median(lengths)),
                 contractions=round(contractions, 2), exclamations=round(exclamations, 2),
                 questions=round(sum(s.endswith("?") for s in sentences) / n, 2),
                 greeting=greetings.most_common(1)[0][0] if greetings else "",
                 sign_off=sign_offs.most_common(1)[0][0] if sign_offs else "",
                 phrases=phrases, formality=formality,
                 typical_words=int(statistics.median(len(WORD.findall(t)) for t in texts)),
                 excerpts=_excerpts(texts, phrases))


def describe(voice: Voice) -> list[str]:
    """The voice as lines for the prompt's data block (empty when there are no samples)."""
    if not voice.samples:
        return []
    lines = [f"Sentences: about {voice.sentence_words:.0f} words each "
             f"({'short' if voice.sentence_words < 11 else 'long' if voice.sentence_words > 20 else 'medium'}).",
             f"Register: {voice.formality}; "
             + ("uses contractions (I'm, don't)" if voice.contractions >= 0.3 else "rarely uses contractions")
             + "; " + ("often ends a sentence with '!'" if voice.exclamations >= 0.2
                       else "rarely uses '!'") + "."]
    if voice.greeting:
        lines.append(f"Opens with: {quote(voice.greeting, 30)} …")
    if voice.sign_off:
        lines.append(f"Signs off with: {quote(voice.sign_off, 30)}")
    if voice.phrases:
        lines.append("Phrases of theirs: " + "; ".join(f'"{quote(p, 60)}"' for p in voice.phrases[:4]))
    for excerpt in voice.excerpts:
        lines.append(f'From their own writing: "{excerpt}"')
    return lines
