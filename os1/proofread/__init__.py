"""Proofreading: spelling, the classic confusions, grammar and light fluency, each change with
a one-line reason, in the writer's variety of English.

``proofread(text)`` is the one entry point (the CLI, the web app and the chat call it). The
floor needs no model: a real spell checker and rules decided from context. With a model, each
sentence is also offered to it for fluency edits, and only the edits a check accepts are kept
(see ``fluency``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from os1.proofread import confusions, grammar, variety
from os1.proofread.draft import Change, Draft, apply
from os1.proofread.spelling import CONTRACTIONS, speller

__all__ = ["Change", "Proofread", "proofread", "apply"]


@dataclass
class Proofread:
    """The text, the changes to it (in order, never overlapping) and the corrected text."""

    text: str
    changes: list[Change]
    corrected: str
    english: str
    model_edits: dict[str, int] = field(default_factory=dict)  # proposed / kept, when asked

    def as_dict(self) -> dict:
        return {"text": self.text, "corrected": self.corrected, "english": self.english,
                "changes": [c.as_dict() for c in self.changes],
                "model_edits": self.model_edits or None}

    def accepting(self, chosen: list[bool]) -> str:
        """The text with only the chosen changes made (one flag per change)."""
        return apply(self.text, [c for c, yes in zip(self.changes, chosen) if yes])


def proofread(text: str, model=None, variety: str | None = None,
              keep: frozenset[str] = frozenset(), timeout: float = 2.0) -> Proofread:
    """Proofread ``text``. ``variety``: "en-US", "en-GB" or another of ``variety.VARIETIES``
    (None: the one its spellings show, else en-US). ``model``: a chat model to propose fluency edits, checked one by one, with
    ``timeout`` seconds for each sentence. ``keep``: words never to change (lowercase)."""
    english = _variety(text, variety)
    draft = Draft(text)
    _spelling(draft, english, frozenset(k.lower() for k in keep))
    confusions.fix(draft)
    known = speller().known
    for sent in draft.sentences():
        grammar.articles(draft, sent)
        grammar.doubled(draft, sent)
        grammar.agreement(draft, sent)
        grammar.compound(draft, sent)
        grammar.verb_form(draft, sent, known)
        grammar.plurals(draft, sent, known)
        grammar.there_is(draft, sent)
        grammar.double_comparative(draft, sent)
    edits: dict[str, int] = {}
    if model is not None:
        from os1.proofread.fluency import improve

        edits = improve(draft, model, timeout=timeout)
    for sent in draft.sentences():
        grammar.capitals(draft, sent)
        grammar.opener_comma(draft, sent)
        grammar.end_mark(draft, sent)
    changes = draft.changes()
    return Proofread(text, changes, apply(text, changes), english, edits)


def _variety(text: str, chosen: str | None) -> str:
    if chosen:
        if chosen not in variety.VARIETIES:
            raise ValueError(f"english is one of {', '.join(variety.VARIETIES)}, not {chosen!r}")
        return chosen
    from os1.proofread.text import tokens

    words = [t.text for t in tokens(text) if t.text[:1].isalpha()]
    return variety.detect(words, speller().known) or variety.US


def _foreign(sent: list) -> bool:
    """A sentence in another language (two words with accented letters, or most of its words
    nowhere near an English one): proofreading it as English would only do harm."""
    words = [t.text for t in sent if t.word]
    if sum(1 for w in words if not w.isascii()) >= 2:
        return True
    lost = sum(1 for w in words if w[0].islower() and not speller().known(w)
               and w.lower() not in CONTRACTIONS and speller().best(w.lower()) is None)
    return len(words) >= 3 and lost > 0.4 * len(words)


def _spelling(draft: Draft, english: str, keep: frozenset[str]) -> None:
    """Each word through the spell checker. A capitalised word opening a sentence may be a
    name: it is left alone when it is short, alone on its line (a signature) with one other
    word at most, or capitalised elsewhere in mid-sentence too."""
    check = speller().check
    spelt, name = variety.spelling(english), variety.NAMES.get(english, "British")
    sentences = draft.sentences()
    names = {t.text for sent in sentences for t in sent[1:] if t.word and t.text[0].isupper()}
    keep = keep | {n.lower() for n in names}
    for sent in sentences:
        if _foreign(sent):
            for tok in sent:
                tok.frozen = True  # no rule touches it either
            continue
        first = next((t for t in sent if t.word), None)
        for tok in sent:
            if not tok.word:
                continue
            start = tok is first
            if start and tok.text[0].isupper() and (
                    len(tok.text) <= 4 or sum(1 for t in sent if t.word) <= 2):
                continue
            fix = check(tok.text, sentence_start=start, english=spelt, keep=keep)
            if fix is not None:  # "British spelling", said as the writer's: "Australian spelling"
                draft.replace(tok, fix.new, fix.reason.replace("British", name))
