"""What the user asks of their reminders and calendar, read from their own words only (never
from anything recalled, mailed or quoted): the intent, and its arguments filled in from the
sentence ("remind me to call Amy on Friday at 6pm" → set_reminder(text="call Amy", at=Friday
18:00 on their clock)). The words are read here; the tools do the work (``tools``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from os1.memory.store_reminders import Reminder
from os1.reminders.tools import about, second_person
from os1.reminders.when import NUMBER, When, _number, cut, parse, wall

POLITE = r"^(?:(?:hey|ok|okay|so|oh|and|also|um|well|actually|please)[,!]?\s+)*" \
         r"(?:(?:can|could|would|will) you\s+(?:please\s+)?|please\s+|i need you to\s+|" \
         r"i want you to\s+|i'?d like you to\s+)?"
REMIND = re.compile(
    r"\b(?:remind me|set (?:a|an|me a) (?:reminder|alarm)|add (?:a|an) reminder|"
    r"make (?:a|me a) reminder|create (?:a|an) reminder|don'?t let me forget|"
    r"new reminder|reminder (?=to |for |about |that ))\b[:,]?\s*(?:(?:for me|me|please)\s+)?(?:(to|about|of|that|for)\s+)?", re.I)
CALENDAR = r"(?:calendar|diary|agenda|schedule|planner)"
ADD_EVENT = re.compile(
    rf"\b(?:put|add|schedule|book|pencil|block(?: out)?|note|write|mark|enter|save)\s+(.+?)\s+"
    rf"(?:in|on|to|into|onto)\s+(?:my|the)\s+{CALENDAR}\b|"
    rf"\b(?:add|put)\s+(?:to|in|on)\s+(?:my|the)\s+{CALENDAR}[:,]?\s+(.+)|"
    rf"^(?:schedule|book)\s+(?:a|an|the|my)\s+(.+)", re.I)
EVENT_WORDS = (r"appointment|meeting|interview|dinner|lunch|breakfast|party|class|lesson|session|"
               r"call|flight|exam|test|game|match|date|wedding|concert|recital|check-?up|surgery|"
               r"doctor'?s?|dentist|haircut|rehearsal|practice|training|conference|presentation|"
               r"show|gig|trip|visit|reservation|booking|shift|therapy|massage|vet")
HAVE_EVENT = re.compile(
    rf"\b(?:i have|i've got|i got|i'?ve|i'?m having|i am having|i'?ll have|there'?s|we have|"
    rf"we've got|got)\s+(?:a|an|my|the|our|this)\s+((?:[\w'-]+\s+){{0,3}}?(?:{EVENT_WORDS})"
    rf"(?:\s+(?:{EVENT_WORDS}))*"
    rf"(?:\s+(?:with|at)\s+(?:my\s+|the\s+)?[\w'-]+)?)\b", re.I)
LIST = re.compile(
    rf"\bwhat(?:'s| is)\s+(?:on\s+)?(?:in\s+)?(?:my|the)\s+{CALENDAR}\b|"
    r"\bwhat(?:'s| is| are)?\s+(?:my\s+)?(?:reminders|appointments|events|plans)\b|"
    r"\bwhat\s+(?:reminders|appointments|events|plans)\s+(?:do|have)\s+i\b|"
    rf"\b(?:show|list|read|tell|give)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?my\s+"
    rf"(?:reminders|{CALENDAR}|appointments|events|plans)\b|"
    r"\bwhat\s+(?:do|have)\s+i\s+(?:got\s+)?(?:have\s+)?(?:on|planned|going on|scheduled|coming up)\b|"
    r"\bdo i have (?:any(?:thing)?|something)\b.*\b(?:today|tomorrow|on|this|next|planned|"
    r"scheduled|reminders|appointments|calendar)\b|\bam i (?:free|busy)\b|"
    r"\bany (?:reminders|appointments|plans)\b", re.I)
CANCEL = re.compile(
    r"\b(?:cancel|delete|remove|scrap|drop|clear|call off|get rid of|take off|forget about|"
    r"never ?mind|don'?t (?:need|want) (?:the|that|my))\b\s*(.*)", re.I)
MOVE = re.compile(
    r"\b(?:push|move|change|shift|reschedule|bump|postpone|delay|put off|make)\b\s*(.*?)\s*"
    r"\b(?:to|till|until|for|back to|forward to)\s+(.+)$|"
    r"\b(?:push|move|shift|bump|postpone|delay|put off)\b\s*(.*?)\s*"
    r"\b(back|forward|later|earlier|by)\b\s*(.*)$", re.I)
ASKED = re.compile(r"(?:[.!?;,]\s*|\b(?:and|so|also|oh|please|can you|could you|will you|would "
                   r"you|you|need you to|want you to)\s+)$", re.I)
NAMED = re.compile(r"\b(reminders?|alarms?|appointments?|events?|calendar)\b", re.I)
IT = re.compile(r"^(?:it|that|this|that one|this one|the reminder|my reminder|the event|the last one)$",
                re.I)
FILLER = re.compile(r"\b(the|a|an|my|our|reminder|reminders|event|appointment|about|to|for|of|"
                    r"from|calendar|please|one|that|this|it|in|on|at|with|off|i|me|need|want|"
                    r"don't|dont|anymore|any|more|longer|call)\b", re.I)
# How long ahead: "15 minutes", "an hour", "half an hour", "two days", "an hour and a half".
LEAD = (rf"(?:half an? hour|{NUMBER}\s+(?:minute|min|hour|hr|day|week)s?(?:\s+and\s+a\s+half)?)")
BEFORE = r"(?:before(?:hand)?|ahead(?: of time)?|earlier|in advance|prior)"
# "… 15 minutes before the dentist" / "… about the dentist 15 minutes before" / "an hour before".
AHEAD = re.compile(rf"^(?P<text>.*?)\s*\b(?P<lead>{LEAD})\s+(?:before|ahead of|prior to)\s+"
                   rf"(?P<what>.+?)\W*$", re.I)
AHEAD_AFTER = re.compile(rf"^(?P<what>.*?)\s*\b(?P<lead>{LEAD})\s+{BEFORE}"
                         rf"(?:\s+(?:it|that|then|it starts|the start))?\W*$", re.I)
# An event's alarm said with it: "… on Thursday at 12:30 and remind me 30 minutes before".
ALARM_TAIL = re.compile(
    rf"[,;]?\s*\b(?:and\s+)?(?:remind me|give me a (?:reminder|heads[- ]up)|"
    rf"(?:with|set)\s+(?:a|an)\s+(?:reminder|alarm))\s+(?P<lead>{LEAD})\s+{BEFORE}"
    rf"(?:\s+(?:it|that|then|it starts))?\W*$", re.I)
NO = re.compile(r"^\s*(no|nope|nah|don'?t|do not|never ?mind|cancel|stop|not now|no thanks|"
                r"leave it|forget it)\b", re.I)


@dataclass
class Intent:
    """What the user asked: ``tool`` and its arguments; ``ask``: she must ask something first
    (a vague time); ``offer``: it is proposed, done on their yes; ``say``: the words to say
    when no tool runs (an item not found)."""

    tool: str = ""
    args: dict = field(default_factory=dict)
    ask: str = ""
    offer: bool = False
    say: str = ""


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,.!?;:-\"'")
    text = re.sub(r"^(to|that|about|for|of)\s+", "", text, flags=re.I)
    text = re.sub(r"\s*[,.]?\s*\b(please|thanks|thank you|ok|okay)\b[.!]?$", "", text, flags=re.I)
    return text.strip(" ,.!?;:-\"'")


def read(text: str, now: datetime, items: list[Reminder], last: int | None = None) -> Intent | None:
    """The reminder or calendar intent of the user's message; None if it has none.
    ``items``: their active reminders and events (for cancel and move); ``last``: the id of
    the one last set or changed ("push it to 7")."""
    said = re.sub(POLITE, "", text.strip(), flags=re.I)
    if (tail := ALARM_TAIL.search(said)) and tail.start() > 0:
        found = read(said[:tail.start()], now, items, last)
        if found is not None and found.tool == "add_event":
            found.args["alarm"] = minutes_of(tail["lead"])
            found.offer = False  # they asked for it in so many words
            return found
    remind = REMIND.search(said)
    if remind and re.match(r"(?:(?:what|who|when|where|why|how|which|if|whether)\b|(?:again|please|lol|haha)?\W*\?)",
                           said[remind.end():], re.I):
        remind = None  # "remind me what we said", "…what my brother does. remind me?": a question
    if remind and remind.start() == 0:
        return _ahead(said[remind.end():], now, items, last) or _remind(said, remind, now)
    if LIST.search(said):
        return _list(said, now)
    # "move"/"cancel" start the sentence, or name a reminder: "I'll drop the kids at school"
    # must never cancel the reminder to pick them up
    if (m := MOVE.search(said)) and (m.start() == 0 or NAMED.search(said)):
        found = _move(m, now, items, last)
        if found:
            return found
    if (m := CANCEL.search(said)) and (m.start() == 0 or NAMED.search(m[1])):
        found = _cancel(m[1], items, last)
        if found:
            return found
    if remind and ASKED.search(said[:remind.start()]):
        return _remind(said, remind, now)  # "Long day. Remind me to…"; not "she said: remind me…"
    if m := ADD_EVENT.search(said):
        return _event(said, next(g for g in m.groups() if g), now, offer=False)
    if m := HAVE_EVENT.search(said):
        return _event(said, m[1], now, offer=True)
    return None


def _remind(said: str, m: re.Match, now: datetime) -> Intent:
    rest = said[m.end():]
    before = re.split(r"[.!?;]\s+", said[:m.start()])[-1]  # "Long day. Remind me…": the last clause
    before = re.sub(r"\b(?:and|so|also|oh|please|can you|could you|will you|would you|you|need "
                    r"you to|want you to)\s*$", "", before, flags=re.I)
    whole = f"{before} {rest}"
    when = parse(whole, now)
    words = _clean(cut(whole, when.spans))
    words = re.sub(r"^(?:me\s+)?(?:to|that|about|of)\s+", "", words, flags=re.I)
    if not words and "alarm" in m[0].lower():
        words = "the alarm"
    if not words:
        return Intent(ask="What should I remind you of, and when?")
    if when.vague or when.at is None:
        return Intent("set_reminder", {"text": words, "day": when.day.isoformat() if when.day else None,
                                       "every": when.rrule},
                      ask=f"Sure. When should I remind you {about(words)}? Tell me a day and a time.")
    return Intent("set_reminder", {"text": words, "at": when.at.isoformat(), "every": when.rrule})


def minutes_of(lead: str) -> int:
    """ "15 minutes" → 15, "an hour and a half" → 90, "half an hour" → 30, "two days" → 2880."""
    lead = lead.lower()
    if lead.startswith("half"):
        return 30
    m = re.match(rf"{NUMBER}\s+(minute|min|hour|hr|day|week)", lead)
    assert m is not None
    per = {"minute": 1, "min": 1, "hour": 60, "hr": 60, "day": 1440, "week": 10080}[m[2]]
    return int((_number(m[1]) + (0.5 if lead.endswith("half") else 0)) * per)


def _ahead(rest: str, now: datetime, items: list[Reminder], last: int | None) -> Intent | None:
    """A reminder some time before something in the calendar: "15 minutes before the dentist"
    sets the dentist's alarm; "to leave an hour before my flight" is a reminder of its own at
    that time; "an hour before 6pm" is a plain reminder at 5. None if the words say no lead."""
    m = AHEAD.match(rest.strip()) or AHEAD_AFTER.match(rest.strip())
    if m is None:
        return None
    minutes = minutes_of(m["lead"])
    text = _clean(m.groupdict().get("text") or "")
    text = re.sub(r"^(?:me\s+)?(?:to|that|about|of)\s+", "", text, flags=re.I)
    what = m["what"]
    if m.re is AHEAD_AFTER:  # "about the dentist 15 minutes before": the item, and no own text
        what, text = _clean(what), ""
    when = parse(what, now, default=None)
    words = _clean(cut(what, when.spans))
    if when.at is not None and not when.vague and not FILLER.sub("", words).strip():
        if not text:
            return Intent(ask="What should I remind you of?")
        return Intent("set_reminder", {"text": text, "at": (when.at - timedelta(minutes=minutes))
                                       .isoformat(), "every": None})
    day = when.day or (when.at.date() if when.at is not None and when.dated else None)
    choices = [i for i in items if day is None or i.at.astimezone(now.tzinfo).date() == day]
    item, ties = _target(words, choices, last)
    if item is None:
        if ties:
            return Intent(say="Which one? " + "; ".join(i.text for i in ties[:4]) + ".")
        named = second_person(words) if words else "that"
        return Intent(say=f"I can't find {named} in your calendar. Tell me when it is and I'll "
                          "put it in.")
    if text:
        return Intent("set_reminder", {"text": text, "at": (item.at - timedelta(minutes=minutes))
                                       .isoformat(), "every": None})
    return Intent("set_alarm", {"id": item.id, "minutes": minutes})


def _event(said: str, what: str, now: datetime, offer: bool) -> Intent | None:
    when = parse(said, now, default=None)
    title = _clean(cut(what, _inside(when, said, what)))
    title = re.sub(r"^(?:a|an)\s+", "", title, flags=re.I)
    if not title:
        return None
    if when.at is None or when.vague:
        if offer:
            return None  # "I have a meeting" with no day: nothing to put anywhere
        return Intent("add_event", {"title": title}, ask=f"When is {title}? Tell me a day and a time.")
    if offer and not (when.dated and when.timed):
        return None  # "I've got a call at 3", "an exam on Monday": talk, unless both are named
    all_day = not when.timed
    args = {"title": title, "start": when.at.isoformat(), "all_day": all_day,
            "minutes": None if all_day else 60, "every": when.rrule}
    return Intent("add_event", args, offer=offer)


def _inside(when: When, said: str, what: str) -> list[tuple[int, int]]:
    """The time words' spans, moved into ``what`` (a part of ``said``)."""
    start = said.find(what)
    if start < 0:
        return []
    return [(s - start, e - start) for s, e in when.spans if s >= start and e <= start + len(what)]


def _list(said: str, now: datetime) -> Intent:
    kind = "reminder" if re.search(r"\breminders?\b", said, re.I) else None
    when = parse(said, now, default=None)
    args: dict = {"days": 14, "kind": kind}
    if re.search(r"\bthis week\b", said, re.I):
        args["days"] = 7
    elif re.search(r"\bnext week\b", said, re.I):
        monday = now.date() - timedelta(days=now.weekday()) + timedelta(days=7)
        args.update(days=7, start=wall(monday, now.time().replace(hour=0, minute=0, second=0,
                                                                  microsecond=0), now.tzinfo).isoformat())
    elif when.day is not None:
        start = wall(when.day, now.time().replace(hour=0, minute=0, second=0, microsecond=0), now.tzinfo)
        args.update(days=1, start=max(start, now).isoformat())
    return Intent("list_calendar", args)


def _target(words: str, items: list[Reminder], last: int | None) -> tuple[Reminder | None, list[Reminder]]:
    """The item the user means: "it" is the last one touched; else the one whose words
    match best. Returns (the one, or None; the ones that tie)."""
    words = words.strip(" ,.!?")
    if IT.match(words) or not words:
        found = [i for i in items if i.id == last]
        if found:
            return found[0], []
        return (items[-1] if len(items) == 1 else None), []
    wanted = {w for w in re.findall(r"[a-z0-9']+", FILLER.sub(" ", words.lower())) if len(w) > 1}
    if not wanted:
        return None, []
    scored = []
    for item in items:
        have = set(re.findall(r"[a-z0-9']+", item.text.lower()))
        score = len(wanted & have) + 0.5 * len({w for w in wanted for h in have
                                                if len(w) > 3 and (h.startswith(w) or w.startswith(h))})
        if score:
            scored.append((score, item))
    if not scored:
        return None, []
    best = max(s for s, _ in scored)
    top = [i for s, i in scored if s == best]
    return (top[0], []) if len(top) == 1 else (None, top)


def _cancel(words: str, items: list[Reminder], last: int | None) -> Intent | None:
    if not re.search(r"\b(reminder|alarm|event|appointment|meeting|calendar|it|that)\b", words, re.I) \
            and not _target(words, items, None)[0]:
        return None  # "cancel my gym membership" is not about a reminder she holds
    words = re.sub(r"\b(?:from|off|in|on)\s+(?:my|the)\s+" + CALENDAR + r"\b", "", words, flags=re.I)
    item, ties = _target(words, items, last)
    if item:
        return Intent("cancel_reminder", {"id": item.id})
    if ties:
        return Intent(say="Which one? " + "; ".join(f"{i.text}" for i in ties[:4]) + ".")
    if re.search(r"\b(reminder|alarm|event|appointment)\b", words, re.I):
        return Intent(say="I couldn't find that one. `os1 reminders` lists them all, or ask me "
                          "what's on your calendar.")
    return None


def _move(m: re.Match, now: datetime, items: list[Reminder], last: int | None) -> Intent | None:
    if m[2] is not None:
        words, to = m[1], m[2]
        if re.fullmatch(r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?", to.strip(" .!?"), re.I):
            to = "at " + to
        item, ties = _target(words, items, last)
        if item is None:
            return Intent(say="Which one? " + "; ".join(i.text for i in ties[:4]) + ".") if ties else None
        when = parse(to, now.astimezone(item.at.tzinfo) if item.at.tzinfo else now, default=None)
        if when.at is None or when.vague:
            return None
        day = when.day or (when.at.date() if when.dated else item.at.date())
        clock = when.clock or (item.at.time() if not when.timed else when.at.time())
        if when.dated and when.timed and not when.day:  # "in 20 minutes"
            at = when.at
        else:
            at = wall(day, clock, item.at.tzinfo)
        return Intent("move_reminder", {"id": item.id, "at": at.isoformat()})
    words, direction, amount = m[3], m[4], m[5]
    shift = re.search(rf"{NUMBER}\s+(minute|min|hour|hr|day|week)s?|\b(an? )?(hour|day|week)\b",
                      amount, re.I)
    if not shift:
        return None
    item, _ = _target(words, items, last)
    if item is None:
        return None
    if shift[1]:
        n, unit = _number(shift[1].lower()), shift[2].lower()
    else:
        n, unit = 1, shift[4].lower()
    minutes = n * {"minute": 1, "min": 1, "hour": 60, "hr": 60, "day": 1440, "week": 10080}[unit]
    sign = -1 if direction.lower() in ("forward", "earlier") else 1
    if unit in ("day", "week"):
        at = wall(item.at.date() + timedelta(minutes=sign * minutes), item.at.time(), item.at.tzinfo)
    else:
        at = item.at + sign * timedelta(minutes=minutes)
    return Intent("move_reminder", {"id": item.id, "at": at.isoformat()})


def complete(args: dict, text: str, now: datetime, tool: str = "set_reminder") -> dict | None:
    """A question's answer ("at 5", "tomorrow at 9") filling in a reminder or event that had
    no time; None if the answer has none."""
    when = parse(text, now, default=None)
    if when.vague or (when.at is None and when.day is None):
        return None
    day = when.day or (datetime.fromisoformat(args["day"]).date() if args.get("day") else None)
    if when.timed and not when.day and when.dated:  # "in 20 minutes"
        at = when.at
    elif when.clock is not None:
        at = wall(day or cast(datetime, when.at).date(), when.clock, now.tzinfo)  # no day: a time
        if day is None and at <= now:
            at = wall(at.date() + timedelta(days=1), when.clock, now.tzinfo)
    else:
        return None  # a day but still no time
    key = "at" if tool == "set_reminder" else "start"
    assert at is not None  # "in 20 minutes" is timed
    out = {k: v for k, v in args.items() if k != "day"}
    out[key] = at.isoformat()
    if tool == "add_event":
        out.setdefault("minutes", 60)
    return out
