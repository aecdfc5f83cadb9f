"""A text being corrected: its tokens as they are now, each remembering where it came from,
and the changes to the original text that turn it into the corrected one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from os1.proofread.text import tokens as split_tokens

CLOSERS = set(".,;:!?%)]}…")
ENDS = {".", "!", "?", "...", "…"}
QUOTES = {'"', "”", "’", "'", ")"}


@dataclass(frozen=True)
class Change:
    """Replace ``text[start:end]`` (which reads ``old``) with ``new``, for ``reason``."""

    start: int
    end: int
    old: str
    new: str
    reason: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "old": self.old, "new": self.new,
                "reason": self.reason}


@dataclass(eq=False)
class Tok:
    text: str
    start: int  # in the original text; an inserted token sits at the place it goes
    end: int
    original: str = ""
    inserted: bool = False
    deleted: bool = False
    frozen: bool = False  # in a sentence not to be touched (another language)
    reasons: list[str] = field(default_factory=list)

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def word(self) -> bool:
        return self.text[:1].isalpha()


class Draft:
    """The tokens of ``text``; rules edit them through ``replace``, ``delete`` and ``insert``."""

    def __init__(self, text: str):
        self.text = text
        self.all: list[Tok] = [Tok(t.text, t.start, t.end, t.text) for t in split_tokens(text)]

    @property
    def live(self) -> list[Tok]:
        return [t for t in self.all if not t.deleted]

    def replace(self, tok: Tok, new: str, reason: str) -> None:
        if new != tok.text and not tok.frozen:
            tok.text = new
            tok.reasons.append(reason)

    def delete(self, tok: Tok, reason: str) -> None:
        if tok.frozen:
            return
        tok.deleted = True
        tok.reasons.append(reason)

    def insert(self, before: Tok | None, text: str, reason: str,
               after: Tok | None = None) -> Tok | None:
        """A new token before ``before`` (or after ``after``, or at the end)."""
        anchor = after if after is not None else before
        if anchor is not None and anchor.frozen:
            return None
        if anchor is None:
            at, index = len(self.text.rstrip()), len(self.all)
        elif after is not None:
            at, index = after.end, self.all.index(after) + 1
        else:  # the anchor is before
            at, index = anchor.start, self.all.index(anchor)
        tok = Tok(text, at, at, inserted=True, reasons=[reason])
        self.all.insert(index, tok)
        return tok

    def sentences(self) -> list[list[Tok]]:
        """The live tokens, cut after a sentence's end mark or at a line break."""
        out: list[list[Tok]] = [[]]
        prev: Tok | None = None  # the last token of the original text seen
        live = self.live
        follows = {id(a): b for a, b in zip(live, live[1:])}
        for tok in self.all:
            broke = not tok.inserted and prev is not None and self._line_break(prev, tok)
            if not tok.inserted:
                prev = tok
            if tok.deleted:
                continue
            if out[-1] and broke:
                out.append([])
            out[-1].append(tok)
            after = follows.get(id(tok))
            if tok.text in ENDS and not (  # "What?" he asked: a quote goes on
                    after is not None and after.text in QUOTES
                    and follows.get(id(after)) is not None
                    and follows[id(after)].text[:1].islower()):
                out.append([])
        return [s for s in out if s]

    def _line_break(self, prev: Tok, tok: Tok) -> bool:
        """Whether the text breaks between two tokens: a blank line; or a line break before
        a capital, a bullet or a number, after a short line ("Dear Anna,") or a finished
        one, or before a line of three words or fewer (a closing, a signature). A lowercase word on the next line continues a wrapped sentence."""
        gap = self.text[prev.end:tok.start]
        if "\n" not in gap:
            return False
        if gap.count("\n") > 1:
            return True
        line_start = self.text.rfind("\n", 0, prev.end) + 1
        line_end = self.text.find("\n", tok.start)
        next_line = self.text[tok.start:line_end if line_end >= 0 else len(self.text)]
        short = prev.end - line_start < 50 or len(next_line.split()) <= 3  # "Love," / "Theo"
        return (tok.original[:1].isupper() or tok.original[:1].isdigit()
                or tok.original in ("-", "*", "•")) and (short or prev.original in ENDS
                                                         or prev.original in (",", ":", ";"))

    def changes(self) -> list[Change]:
        """What was done, as changes to spans of the original text, in order."""
        found: list[Change] = []
        originals = [t for t in self.all if not t.inserted]
        place = {id(t): k for k, t in enumerate(originals)}
        for i, tok in enumerate(self.all):
            if not tok.reasons:
                continue
            reason = "; ".join(dict.fromkeys(tok.reasons))
            if tok.inserted and tok.deleted:
                continue
            if tok.inserted:
                glue_left = tok.text[:1] in CLOSERS or tok.text.startswith("'")
                nxt = _nearest(self.all, i, 1)
                prv = _nearest(self.all, i, -1)
                if glue_left or nxt is None or (prv is not None and prv.end == tok.start):
                    new = tok.text if glue_left else " " + tok.text
                else:
                    new = tok.text + " "
                found.append(Change(tok.start, tok.start, "", new, reason))
            elif tok.deleted:
                k = place[id(tok)]
                start = originals[k - 1].end if k > 0 else tok.start
                end = tok.end
                if k == 0 and k + 1 < len(originals):
                    end = originals[k + 1].start
                found.append(Change(start, end, self.text[start:end], "", reason))
            elif tok.text != tok.original:
                found.append(Change(tok.start, tok.end, tok.original, tok.text, reason))
        found += self._spacing()
        found.sort(key=lambda c: (c.start, c.end))
        merged: list[Change] = []
        for change in found:  # two edits on one place: keep the first (never overlap)
            if merged and change.start < merged[-1].end:
                continue
            merged.append(change)
        return merged

    def _spacing(self) -> list[Change]:
        """Space before a closing mark goes; a missing space after a comma comes."""
        out = []
        originals = [t for t in self.all if not t.inserted]
        for k in range(1, len(originals)):
            before, prev, tok = originals[k - 2] if k > 1 else None, originals[k - 1], originals[k]
            if prev.deleted or tok.deleted:
                continue
            gap = self.text[prev.end:tok.start]
            if (tok.text in (",", ".", ";", ":", "!", "?") and gap and gap.strip() == ""
                    and "\n" not in gap and prev.word):
                out.append(Change(prev.end, tok.start, gap, "", "no space before punctuation"))
            after_stop = (prev.original in (".", "!", "?") and tok.original[:1].isupper()
                          and before is not None and before.original.isalpha()
                          and before.original.islower() and len(before.original) > 1)
            if ((prev.original in (",", ";") or after_stop) and not gap
                    and tok.original[:1].isalpha() and before is not None
                    and not _inside_number(self.text, prev.start)):
                out.append(Change(tok.start, tok.start, "", " ", "space after punctuation"))
        return out


class Window:
    """Lowercased neighbours of a token in its sentence; "" past either end."""

    def __init__(self, sent: list[Tok]):
        self.sent = sent
        self.words = [t.lower for t in sent]

    def at(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""


def set_word(draft: Draft, tok: Tok, word: str, reason: str) -> None:
    """Replace a token's word, keeping the writer's capital."""
    if tok.text[:1].isupper():
        word = word[:1].upper() + word[1:]
    draft.replace(tok, word, reason)


def _nearest(toks: list[Tok], i: int, step: int) -> Tok | None:
    """The nearest token of the original text before (``step`` -1) or after (1) ``toks[i]``."""
    i += step
    while 0 <= i < len(toks):
        if not toks[i].inserted:
            return toks[i]
        i += step
    return None


def apply(text: str, changes: list[Change]) -> str:
    """The text with the changes made (they must not overlap)."""
    out, at = [], 0
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        out.append(text[at:change.start])
        out.append(change.new)
        at = change.end
    out.append(text[at:])
    return "".join(out)


def _inside_number(text: str, at: int) -> bool:
    return bool(re.match(r"\d", text[at - 1:at])) and bool(re.match(r"\d", text[at + 1:at + 2]))
