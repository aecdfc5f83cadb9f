"""Cutting a streamed reply into pieces she can say while the rest is still being written.

Each complete sentence goes to the synthesizer at once, so she starts speaking long before the
reply is finished. The first piece is a clause, not a sentence: it ends at a comma, semicolon,
colon or dash once it has a few words, or just before an "and" or a "but" once it has a few
more, which is where a speaker breathes. A small model's opening sentence rarely has a comma
("It depends on your relationship and how long it has been."), and waiting for its full stop
cost 1 to 2 s of silence at the start of every spoken reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

ABBREVIATIONS = frozenset("mr mrs ms dr prof st vs etc e.g i.e jr sr no approx".split())
END = re.compile(r"[.!?…]+[\"')\]]*(?=\s)|\n+")
ENDS_SENTENCE = re.compile(r"[.!?…][\"')\]]*$")
CLAUSE = re.compile(r"[,;:—–](?=\s)|\s-(?=\s)")
FIRST_CLAUSE_WORDS = 2  # a comma, semicolon, colon or dash ends the first piece from this many
FIRST_JOIN_WORDS = 5  # the first piece may end before "and"/"but" past this many words
ALWAYS_JOINS = frozenset("but because".split())  # a clause always begins after these
JOINS = ALWAYS_JOINS | frozenset("and so or".split())  # …and after these when one of
OPENERS = frozenset("""i you we he she they it this that these those there the a an your my our
    his her their its some any what how why when where who if then maybe also still now just
    let i'm you're it's that's there's we're they're""".split())  # opens it: "and the…", not
# "a hearty and flavorful soup"
FIRST_BREATH_WORDS = 12  # past this, the first piece may end before any conjunction
CONJUNCTIONS = frozenset("but because so which that when while if though".split())
FIRST_OPENS_WORDS = 4  # …and from this many before one that opens a clause: "I'm sorry to hear
# | that you…", "It means a lot | that you…" (not "I love that idea")
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
        if first:
            yield from self._breathe()

    def _breathe(self) -> Iterator[str]:
        """The opening with no comma yet: end it before a conjunction, as a speaker would
        ("It depends on your relationship | and how long it has been")."""
        words = self.buffer.split(" ")
        complete = len(words) - 1  # the last word may still be growing
        for i in range(1, complete):
            before = len(" ".join(words[:i]).split())
            word, after = words[i].lower(), words[i + 1].lower() if i + 1 < complete else ""
            joins = word in ALWAYS_JOINS or word in JOINS and after in OPENERS
            if joins and before >= FIRST_JOIN_WORDS \
                    or word in CONJUNCTIONS and after in OPENERS and before >= FIRST_OPENS_WORDS \
                    or word in CONJUNCTIONS and before >= FIRST_BREATH_WORDS // 2 \
                    and len(self.buffer.split()) > FIRST_BREATH_WORDS:
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


def ends_sentence(piece: str) -> bool:
    """Whether a piece ends a sentence (a full pause after it) or only a clause (a breath)."""
    return bool(ENDS_SENTENCE.search(piece.rstrip()))


def pieces(text: str) -> list[str]:
    """A whole text (not a stream) cut the same way, ready to be said."""
    splitter = Sentences()
    return splitter.feed(text + " ") + splitter.finish()
