"""Text as tokens with their places, and the tokenised form JFLEG is written in.

Rules read words, not characters, but every change is reported as a span of the text the user
gave, so a token keeps where it came from. ``untokenize`` and ``tokenize`` convert between
ordinary text ("don't stop.") and the corpus form ("do n't stop .") for the benchmark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Code in backticks, a URL or e-mail address, a dotted name (llama.cpp, config.toml), a number (1,000.50 / 3rd / 4:30), a word with inner apostrophes or
# hyphens (or a plural's possessive: students'), an abbreviation with its full stop, or any
# single other character that is not a space.
TOKEN = re.compile(
    r"`[^`\n]*`"
    r"|(?:https?://|www\.)\S+[^\s.,;:!?)\]'\"]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\d+(?:[.,:/]\d+)*(?:st|nd|rd|th|s|am|pm|%)?"
    r"|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|etc|vs|e\.g|i\.e)\.(?=\s|$)"
    r"|[^\W\d_]\w*(?:\.[a-z0-9_]+)+(?:['’]s)?"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*['’]?(?<=s['’])"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*"
    r"|\w+"
    r"|\.\.\.|--|[^\s\w]",
    re.UNICODE)
URL = re.compile(r"^(?:https?://|www\.)|@\w")


@dataclass
class Token:
    """A token of the text: ``start``/``end`` in the original, ``text`` as it is now."""

    start: int
    end: int
    text: str
    original: str

    @property
    def word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(), m.group()) for m in TOKEN.finditer(text)]


def is_url(token: str) -> bool:
    return bool(URL.search(token))


# --- the corpus form (Penn Treebank-like: clitics and punctuation split off) --------------

_CLITIC = re.compile(r"(?i)^(.+?)(n't|'s|'re|'ve|'ll|'d|'m)$")
_SPLIT_CLITIC = re.compile(r"(?i)^(n't|'s|'re|'ve|'ll|'d|'m|')$")
_NO_SPACE_BEFORE = set(".,;:!?%)]}")
_NO_SPACE_AFTER = set("([{$")


def tokenize(text: str) -> str:
    """Ordinary text to the corpus form: ``don't stop.`` → ``do n't stop .``."""
    out: list[str] = []
    found = tokens(text.replace("’", "'"))
    for k, token in enumerate(found):
        piece = token.text
        if k == len(found) - 1 and piece.endswith(".") and len(piece) > 1 and piece[0] != "`":
            out += [piece[:-1], "."]  # a closing "etc." ends the sentence: "etc ."
            continue
        match = _CLITIC.match(piece) if "'" in piece else None
        if match and not is_url(piece):
            out += list(match.groups())  # can't → ca n't, won't → wo n't, as the corpus has
        elif piece.endswith("'") and len(piece) > 1 and piece[:-1].isalpha():
            out += [piece[:-1], "'"]
        else:
            out.append(piece)
    return " ".join(out)


def untokenize(line: str) -> str:
    """The corpus form to ordinary text: ``do n't stop .`` → ``don't stop.``.

    Quotes are paired left to right: an opening one takes no space after it, a closing one
    none before it."""
    words = line.split()
    text = ""
    quote_open = False
    glue_next = False
    for word in words:
        if word == '"':
            if quote_open:
                text += word
            else:
                text += ("" if not text or glue_next else " ") + word
            glue_next = not quote_open
            quote_open = not quote_open
            continue
        glue = (not text or glue_next or word in _NO_SPACE_BEFORE or _SPLIT_CLITIC.match(word)
                or (word[0] in _NO_SPACE_BEFORE and len(word) == 1))
        text += ("" if glue else " ") + word
        glue_next = word in _NO_SPACE_AFTER
    return text
