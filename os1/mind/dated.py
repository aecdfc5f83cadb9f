"""Time words said back on the day they mean: what the user told on Monday ("I have to square
it with my boss tomorrow"), said back to them on Thursday, is "on Tuesday", not "tomorrow".

Her first words often say back a message of theirs (``recount``). Its "today", "tomorrow",
"tonight" and "yesterday" were true the day it was said; days later a small model took them as
now ("your surgery is tomorrow!"). So the day each means is worked out from when it was said
and said as the user would now: "today" and "yesterday" where they still fit, else the
weekday within the week, else the date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

# (the words, how many days from the day said, the part of the day kept after it)
_RELATIVE = re.compile(r"\b(?:(?P<day>today|tonight|tomorrow|tmrw|tmr|yesterday)(?: (?P<part>morning|afternoon|evening|"
                       r"night|arvo))?|(?P<this>this|last) (?P<part2>morning|afternoon|evening|night|arvo))\b", re.I)
_OFFSET = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "yesterday": -1}


def _day(meant: date, today: date) -> str:
    """A day as said on ``today``: "today", "tomorrow", "yesterday", "on Tuesday", "on 3 March"."""
    gap = (meant - today).days
    if gap in (-1, 0, 1):
        return {-1: "yesterday", 0: "today", 1: "tomorrow"}[gap]
    if -6 <= gap <= 6:
        return f"on {meant:%A}"
    return f"on {meant.day} {meant:%B}"


def dated(text: str, said_at: datetime, now: datetime) -> str:
    """``text``, said back from a message of ``said_at``, with its day words made true ``now``;
    unchanged when it was said today."""
    if said_at.tzinfo and now.tzinfo:
        said_at = said_at.astimezone(now.tzinfo)
    said_on, today = said_at.date(), now.date()
    if said_on >= today:
        return text

    def now_words(found: re.Match[str]) -> str:
        word = (found["day"] or "").lower()
        if word:
            meant = said_on + timedelta(days=_OFFSET[word])
            part = found["part"] or ("night" if word == "tonight" else "")
        else:
            part = found["part2"]
            meant = said_on - timedelta(days=1) if found["this"].lower() == "last" else said_on
        day = _day(meant, today)
        if part:
            part = "afternoon" if part.lower() == "arvo" else part.lower()
            if day[-1].isdigit() or day.endswith(("ber", "ary", "rch", "ril", "May", "une", "uly", "ust")):
                return f"on the {part} of {day[3:]}"  # "on the night of 2 March"
            day = {"today": f"this {part}" if part != "night" else "tonight",
                   "yesterday": f"yesterday {part}" if part != "night" else "last night",
                   "tomorrow": f"tomorrow {part}"}.get(day, f"{day} {part}")
        return day[:1].upper() + day[1:] if found[0][:1].isupper() else day

    return _RELATIVE.sub(now_words, text)


def said_on(ctx, turn_ids) -> datetime | None:
    """When the turns a recount says back were said, if all on one day (``ctx``: the turn's
    ``recall.Context``, whose history and memories hold them); else None."""
    at = {t.id: t.created_at for t in ctx.history}
    at.update({h.memory.turn_id: h.memory.at for h in ctx.memories if h.memory.turn_id is not None})
    found = [datetime.fromisoformat(at[i]) for i in turn_ids if i in at]
    if not found or len(found) != len(turn_ids) or len({f.date() for f in found}) != 1:
        return None
    return found[0]
