"""The scripted conversations of ``os1 bench talk``: reading a file, and judging a reply.

Everything here is pure: a scenario is data, and whether a reply passes its check is decided
from the reply's text alone, by plain pattern matching (no judge model), as the data's README
lays down: ``any``/``all``/``none`` regexes (case-insensitive), ``no_list`` and
``max_sentences``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from os1.errors import OS1Error

CHECK_KEYS = {"any", "all", "none", "no_list", "max_sentences"}
# A sentence ends after a run of . ! ? … (and any closing quote or bracket) followed by
# whitespace; every line break ends one too.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\r\n|\n|\r")
_WORDLIKE = re.compile(r"[^\W_]")  # a letter or a digit, in any script
_LIST_LINE = re.compile(r"^[ \t]*(?:[-*•]|\d+[.)])[ \t]", re.MULTILINE)
_BOLD = re.compile(r"\*\*[^*\n]+\*\*")


@dataclass(frozen=True)
class Check:
    """What one reply must satisfy; keys left out are not checked."""

    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    no_list: bool = False
    max_sentences: int | None = None


@dataclass(frozen=True)
class Turn:
    user: str
    after_days: float | None = None  # given: that many days pass and a new session starts
    check: Check | None = None


@dataclass(frozen=True)
class Scenario:
    id: str
    category: str
    turns: tuple[Turn, ...]
    name: str | None = None
    line: int = 0  # where it is in its file

    @property
    def checked(self) -> int:
        return sum(turn.check is not None for turn in self.turns)


def sentences(reply: str) -> int:
    """How many sentences ``reply`` has: the pieces between sentence ends and line breaks
    that hold at least one letter or digit (an emoji alone is not a sentence)."""
    return sum(bool(_WORDLIKE.search(piece)) for piece in _SENTENCE_END.split(reply))


def has_list(reply: str) -> bool:
    """Whether the reply has markdown list lines (``-``, ``*``, ``•``, ``1.``, ``1)`` then a
    space) or ``**bold**``."""
    return bool(_LIST_LINE.search(reply) or _BOLD.search(reply))


def judge(check: Check, reply: str) -> list[str]:
    """Why ``reply`` fails ``check``, one reason per failed key; empty when it passes."""
    found = lambda pattern: re.search(pattern, reply, re.IGNORECASE)  # noqa: E731
    why = []
    if check.any and not any(found(p) for p in check.any):
        why.append(f"none of {list(check.any)} matched")
    missing = [p for p in check.all if not found(p)]
    if missing:
        why.append(f"missing {missing}")
    for pattern in check.none:
        match = found(pattern)
        if match:
            why.append(f"said {match.group(0)!r} ({pattern})")
    if check.no_list and has_list(reply):
        why.append("a list or **bold**")
    if check.max_sentences is not None:
        count = sentences(reply)
        if count > check.max_sentences:
            why.append(f"{count} sentences (at most {check.max_sentences})")
    return why


def _patterns(value, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ValueError(f"check '{key}' must be a list of regexes")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"check '{key}' has a bad regex {pattern!r} ({exc})") from None
    return tuple(value)


def _check(raw) -> Check:
    if not isinstance(raw, dict) or not raw:
        raise ValueError("a 'check' must be an object with at least one key")
    unknown = set(raw) - CHECK_KEYS
    if unknown:
        raise ValueError(f"unknown check key(s) {sorted(unknown)}; known: {sorted(CHECK_KEYS)}")
    limit = raw.get("max_sentences")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError("'max_sentences' must be a whole number of at least 1")
    if not isinstance(raw.get("no_list", False), bool):
        raise ValueError("'no_list' must be true or false")
    return Check(any=_patterns(raw.get("any", []), "any"), all=_patterns(raw.get("all", []), "all"),
                 none=_patterns(raw.get("none", []), "none"),
                 no_list=raw.get("no_list", False), max_sentences=limit)


def _turn(raw) -> Turn:
    if not isinstance(raw, dict) or not isinstance(raw.get("user"), str) or not raw["user"].strip():
        raise ValueError("each turn needs a non-empty \"user\" message")
    days = raw.get("after_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, (int, float))
                             or days < 0):
        raise ValueError("'after_days' must be a number of days, 0 or more")
    check = _check(raw["check"]) if "check" in raw else None
    return Turn(raw["user"], days, check)


def scenario(raw, line: int = 0) -> Scenario:
    """One scenario from its parsed JSON; ValueError says what is wrong with it."""
    if not isinstance(raw, dict):
        raise ValueError("a scenario must be a JSON object")
    for key in ("id", "category"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(f"\"{key}\" must be a non-empty string")
    name = raw.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ValueError("\"name\" must be a non-empty string when given")
    turns = raw.get("turns")
    if not isinstance(turns, list) or not turns:
        raise ValueError("\"turns\" must be a non-empty list")
    return Scenario(raw["id"], raw["category"], tuple(_turn(t) for t in turns), name, line)


def read(path: Path) -> list[Scenario]:
    """Every scenario of a JSON Lines file; a bad line is an OS1Error naming it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OS1Error(f"cannot read {path} ({exc}).") from None
    found: list[Scenario] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = scenario(json.loads(line), number)
            if item.id in seen:
                raise ValueError(f"the id {item.id!r} is used twice")
        except ValueError as exc:  # a JSONDecodeError is one too
            raise OS1Error(f"{path}:{number}: {exc}; fix or remove that line.") from None
        seen.add(item.id)
        found.append(item)
    if not found:
        raise OS1Error(f"{path} has no scenarios (one JSON object a line).")
    return found


@dataclass
class Tally:
    """Passed and checked turns, overall and by category."""

    passed: int = 0
    checks: int = 0
    by_category: dict[str, list[int]] = field(default_factory=dict)

    def add(self, category: str, ok: bool) -> None:
        self.passed += ok
        self.checks += 1
        counts = self.by_category.setdefault(category, [0, 0])
        counts[0] += ok
        counts[1] += 1

    def rates(self) -> tuple[float | None, dict[str, float]]:
        overall = round(self.passed / self.checks, 4) if self.checks else None
        return overall, {c: round(k / n, 4) for c, (k, n) in sorted(self.by_category.items())}
