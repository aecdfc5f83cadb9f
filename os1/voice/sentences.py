"""Cutting a streamed reply into pieces she can say while the rest is still being written.

Each complete sentence goes to the synthesizer at once, so she starts speaking long before the
reply is finished. The first piece may end at a comma once it has a few words: that halves
the wait for her first word on a long opening sentence, and a comma is a natural place to breathe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ABBREVIATIONS = frozenset("mr mrs ms dr prof st vs etc e.g i.e jr sr no approx".split())
END = re.compile(r"[.!?…]+[\"')\]]*(?=\s)|\n+")
CLAUSE = re.compile(r"[,;:—–](?=\s)")
FIRST_CLAUSE_WORDS = 3  # a comma ends the first piece once it has this many words
FIRST_BREATH_WORDS = 12  # past this, the first piece may end before a conjunction
CONJUNCTIONS = frozenset("but because so which that when while if though".split())
LONGEST_WORDS = 40  # a piece with no sentence end is cut at a comma past this many words
STAGE = re.compile(r"[*(](?:smiles|laughs|sighs|giggles|chuckles|grins|winks|nods|pauses|"
                   r"whispers|softly|gently)\b[^*)\n]{0,40}[*)]", re.I)


def speakable(text: str) -> str:
    """What is worth saying aloud: no markdown marks, links, emoji or stage directions."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](url) → label
    text = re.sub(r"https?://\S+", "a link", text)
    text = STAGE.sub("", text)  # *smiles softly*, but not *really*
    text = re.sub(r"[*_`#>|~]+", "", text)
    text = re.sub(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]", "", text)
    return " ".join(text.split())


class Sentences:
    """Feed text chunks as they stream; get back pieces that are ready to be spoken."""

    def __init__(self) -> None:
        self.buffer = ""
        self.pieces = 0

    def _ready(self) -> Iterator[str]:
        start = 0
        for match in END.finditer(self.buffer):
            if match.group(0).startswith("."):
                words = self.buffer[start:match.start()].split()
                last = words[-1].lower() if words else ""
                if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()) \
                        or re.fullmatch(r"\d+", last) and self.buffer[match.end():].lstrip()[:1].isdigit():
                    continue  # "Dr. Smith", "J. R. R.", "3. 5" are not ends
            piece = self.buffer[start:match.end()]
            start = match.end()
            yield piece
        self.buffer = self.buffer[start:]
        first = self.pieces == 0 and not start
        if first or len(self.buffer.split()) > LONGEST_WORDS:
            need = FIRST_CLAUSE_WORDS if first else LONGEST_WORDS
            for match in CLAUSE.finditer(self.buffer):
                if len(self.buffer[:match.end()].split()) >= need:
                    piece, self.buffer = self.buffer[:match.end()], self.buffer[match.end():]
                    yield piece
                    return
        if first and len(self.buffer.split()) > FIRST_BREATH_WORDS:
            # A long opening with no comma: breathe before a conjunction, as a speaker would.
            words = self.buffer.split(" ")
            for i in range(FIRST_BREATH_WORDS // 2, len(words) - 1):
                if words[i].lower() in CONJUNCTIONS:
                    piece, self.buffer = " ".join(words[:i]), " " + " ".join(words[i:])
                    yield piece
                    return

    def feed(self, chunk: str) -> list[str]:
        self.buffer += chunk
        out = [p for p in (speakable(p) for p in self._ready()) if p]
        self.pieces += len(out)
        return out

    def finish(self) -> list[str]:
        """Whatever is left when the reply ends."""
        rest, self.buffer = speakable(self.buffer), ""
        return [rest] if rest else []


def pieces(text: str) -> list[str]:
    """A whole text (not a stream) cut the same way, ready to be said."""
    splitter = Sentences()
    return splitter.feed(text + " ") + splitter.finish()
