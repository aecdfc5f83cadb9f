"""A stored letter onto paper, and the user's letters as a book: the text split the way a
letter is laid out (greeting, paragraphs, sign-off and name) and handed to ``render`` and
``book``, which know nothing of the store."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from os1.errors import OS1Error
from os1.letters.book import BookLetter, render_book
from os1.letters.render import LetterPage, render_letter

GREETING = re.compile(r"^(?:dear|dearest|my dear|hi|hello|hey|to|darling)\b.{0,60}[,:!]?$", re.I)
SIGN_OFF = re.compile(r"^(?:with (?:all (?:my|our) )?love|love(?: always| you)?|all (?:my|our) love|"
                      r"yours(?: truly| always| ever| sincerely)?|sincerely(?: yours)?|warmly|"
                      r"warm(?:est)? (?:wishes|regards)|best(?: wishes| regards)?|kind regards|regards|"
                      r"with (?:deepest |heartfelt )?(?:sympathy|gratitude|thanks)|thank you(?: again)?|"
                      r"cheers|xo+|hugs|fondly|always|in friendship|with affection)\b.{0,30}[,.!]?$", re.I)


def page_of(text: str, when: str | None = None) -> LetterPage:
    """A letter's text as the parts the hand lays out differently."""
    lines = [line.strip() for line in text.strip().splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    greeting = lines.pop(0) if lines and GREETING.match(lines[0]) and len(lines[0]) < 70 else None
    sign_off = sender = None
    tail = [i for i, line in enumerate(lines) if line]
    if len(tail) >= 2 and SIGN_OFF.match(lines[tail[-2]]) and len(lines[tail[-1]].split()) <= 4:
        sign_off, sender = lines[tail[-2]], lines[tail[-1]]
        lines = lines[:tail[-2]]
    elif tail and SIGN_OFF.match(lines[tail[-1]]):
        sign_off = lines[tail[-1]]
        lines = lines[:tail[-1]]
    body = [" ".join(part.split()) for part in "\n".join(lines).split("\n\n") if part.strip()]
    if not body:
        raise OS1Error("this letter has no words to write out.")
    return LetterPage(body=tuple(body), greeting=greeting, sign_off=sign_off, sender=sender, date=when)


def _written(at: str) -> str:
    day = datetime.fromisoformat(at).date()
    return f"{day.day} {day:%B %Y}"


def render_stored(store, user_id: int, letter_id: int, pdf: Path | None, txt: Path | None,
                  seed: int = 0, size: str = "A4") -> int:
    """Letter ``letter_id`` (its current version) to ``pdf`` and/or ``txt``; its page count."""
    row = store.letter(user_id, letter_id)
    if row is None:
        raise OS1Error(f"there is no letter {letter_id}; `os1 letter list` shows their ids.")
    version = store.letter_version(user_id, letter_id, row["current_version"])
    page = page_of(version["text"], _written(version["created_at"]))
    if pdf is None:
        if txt is None:
            raise OS1Error("say where to write it: --pdf FILE, --txt FILE or both.")
        from os1.letters.render import letter_text
        txt.write_text(letter_text(page) + "\n", encoding="utf-8")
        return 0
    return len(render_letter(page, pdf, txt, seed=seed or letter_id, size=size))


def make_book(store, user_id: int, pdf: Path, title: str, since: date | None = None,
              until: date | None = None, ids: tuple[int, ...] = (), size: str = "A5",
              author: str | None = None) -> int:
    """The user's letters (those chosen, or all between the dates) as a book; how many."""
    chosen = []
    for row in sorted(store.letters(user_id), key=lambda r: r["id"]):
        day = datetime.fromisoformat(row["created_at"]).date()
        if (ids and row["id"] not in ids) or (since and day < since) or (until and day > until):
            continue
        version = store.letter_version(user_id, row["id"], row["current_version"])
        if version is None:
            continue
        occasion = row["occasion"] or ""
        chosen.append(BookLetter(page_of(version["text"], _written(version["created_at"])),
                                 occasion=f"{occasion.capitalize()} for {row['recipient']}" if occasion
                                 else "", recipient=row["recipient"],
                                 date=_written(version["created_at"]), seed=row["id"]))
    if not chosen:
        raise OS1Error("no letters to put in the book: `os1 letter new` writes one "
                       "(or widen --from/--to).")
    render_book(title, chosen, pdf, size=size, author=author)
    return len(chosen)
