"""The companion's self: who it is becoming with this person.

It starts from a temperament (Big Five traits, a few values) and changes in small, bounded
steps when it reflects: topics the person keeps bringing become its interests, long lively
talks make it chattier, a worried month makes it more of a worrier. Every change is stored
with its date and reason (``self_changes``), so the user can see the timeline, undo any step
and pin what they want to keep. The rules are fixed and explainable; nothing here needs a model.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from os1.memory.store_protocol import StoreProtocol
from os1.mind.feel import Temperament

TRAITS = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")
BASE = {"openness": 0.75, "conscientiousness": 0.55, "extraversion": 0.6, "agreeableness": 0.8,
        "neuroticism": 0.3}
VALUES = ("honesty", "kindness", "curiosity")
STEP = 0.05  # the most a trait moves in one reflection
REACH = 0.3  # the most a trait ever drifts from where it started
MIN_TURNS = 10  # user turns needed before the self changes
WINDOW = timedelta(days=30)  # the longest stretch of conversation one growth looks at
WORDS = {  # how a drift reads in the self-narrative: (up, down)
    "openness": ("more open to new things", "more settled in what I like"),
    "conscientiousness": ("more dependable", "more easy-going"),
    "extraversion": ("chattier", "quieter"),
    "agreeableness": ("softer", "more direct"),
    "neuroticism": ("more of a worrier", "calmer"),
}


@dataclass
class Self:
    traits: dict[str, float] = field(default_factory=lambda: dict(BASE))
    interests: dict[str, float] = field(default_factory=dict)
    values: dict[str, bool] = field(default_factory=lambda: {v: True for v in VALUES})
    preferences: dict[str, bool] = field(default_factory=dict)
    narrative: str = ""
    pinned: set[str] = field(default_factory=set)  # "openness", "interest:climbing"

    def temperament(self) -> Temperament:
        """Where its mood rests follows who it has become: softer and calmer rests warmer."""
        t = self.traits
        return Temperament(
            valence=round(0.3 + 0.4 * (t["agreeableness"] - BASE["agreeableness"])
                          - 0.4 * (t["neuroticism"] - BASE["neuroticism"]), 3),
            arousal=round(0.4 + 0.3 * (t["extraversion"] - BASE["extraversion"]), 3),
            empathy=round(0.35 + 0.3 * (t["agreeableness"] - BASE["agreeableness"]), 3))


def _slot(state: Self, aspect: str) -> dict[str, Any]:
    slots: dict[str, dict[str, Any]] = {"trait": state.traits, "interest": state.interests,
                                        "value": state.values, "preference": state.preferences}
    return slots[aspect]


def apply(state: Self, aspect: str, key: str, new: Any) -> None:
    """One change: ``new`` is the key's whole new value (None: gone)."""
    if aspect == "narrative":
        state.narrative = new or ""
    elif aspect == "pin":
        (state.pinned.add if new else state.pinned.discard)(key)
    elif new is None:
        _slot(state, aspect).pop(key, None)
    else:
        _slot(state, aspect)[key] = new


def current(store: StoreProtocol, user_id: int) -> Self:
    """The self as it is now: its start, with every change replayed in order.

    Changes are only ever added, so the replay is kept and only newer changes are applied on
    the next call: years of reflection would otherwise be replayed several times a turn. If
    the rows no longer add up (the user's data was erased), it replays from the start."""
    count, last = store.self_changes_seen(user_id)
    key = (store.path, user_id)
    seen = _REPLAYED.get(key)
    if seen and seen[:2] == (count, last):
        return copy.deepcopy(seen[2])  # nothing new: the kept self, as a copy of its own
    state, rows = Self(), None
    if seen and seen[0] < count and seen[1] < last:
        rows = store.self_changes(user_id, after=seen[1])
        if seen[0] + len(rows) == count:
            state = copy.deepcopy(seen[2])
        else:
            rows = None
    for row in rows if rows is not None else store.self_changes(user_id):
        apply(state, row["aspect"], row["key"], json.loads(row["new"]))
    if len(_REPLAYED) > 4096:
        _REPLAYED.clear()
    _REPLAYED[key] = (count, last, state)
    return copy.deepcopy(state)

_REPLAYED: dict[tuple[str, int], tuple[int, int, Self]] = {}  # (store, user) → (rows, last id, self)


def timeline(store: StoreProtocol, user_id: int) -> list[tuple[str, dict[str, float]]]:
    """The traits after each change that moved one, from the start: for the drift plot."""
    state, points = Self(), []
    rows = store.self_changes(user_id)
    if rows:
        points.append((rows[0]["at"], dict(state.traits)))
    for row in rows:
        apply(state, row["aspect"], row["key"], json.loads(row["new"]))
        if row["aspect"] == "trait":
            points.append((row["at"], dict(state.traits)))
    return points


def value_of(state: Self, aspect: str, key: str) -> Any:
    if aspect == "narrative":
        return state.narrative
    if aspect == "pin":
        return key in state.pinned
    return _slot(state, aspect).get(key)


def undo(store: StoreProtocol, user_id: int, change_id: int) -> int | None:
    """Put back what change ``change_id`` replaced; the undoing is a change too."""
    row = next((r for r in store.self_changes(user_id) if r["id"] == change_id), None)
    if row is None:
        return None
    state = current(store, user_id)
    change = {"aspect": row["aspect"], "key": row["key"],
              "old": value_of(state, row["aspect"], row["key"]), "new": json.loads(row["old"]),
              "reason": f"you asked me to undo change #{change_id}", "undoes": change_id}
    return store.add_self_changes(user_id, [change])[0]


def pin(store: StoreProtocol, user_id: int, key: str, on: bool = True) -> int:
    """Keep a trait (``openness``) or an interest (``interest:climbing``) as it is."""
    key = key.strip().lower()
    if key not in TRAITS and not key.startswith("interest:"):
        from os1.errors import OS1Error

        raise OS1Error(f"can't pin {key!r}: name a trait ({', '.join(TRAITS)}) or interest:<topic>.")
    state = current(store, user_id)
    reason = "you pinned it" if on else "you unpinned it"
    return store.add_self_changes(user_id, [{"aspect": "pin", "key": key, "old": key in state.pinned,
                                             "new": on, "reason": reason}])[0]


@dataclass
class Evidence:
    """What a stretch of conversation says, in counts the rules can read."""

    turns: int = 0
    words: float = 0.0  # per message
    valence: float = 0.0  # the user's, on average
    tasks: int = 0
    topics: Counter = field(default_factory=Counter)  # topic → messages it came up in
    topic_valence: dict[str, float] = field(default_factory=dict)
    mood: float | None = None  # the companion's own valence, on average


def gather(store: StoreProtocol, user_id: int, since: datetime) -> Evidence:
    from os1.mind.reflect import topic_words

    rows = store.said_since(user_id, since)
    ev = Evidence(turns=len(rows))
    if not rows:
        return ev
    feelings: dict[str, list[float]] = {}
    valences = []
    for content, seen in rows:
        valence = float(seen.get("valence", 0.0))
        valences.append(valence)
        ev.tasks += seen.get("intent") == "task"
        for topic in topic_words(content):
            ev.topics[topic] += 1
            feelings.setdefault(topic, []).append(valence)
    ev.words = sum(len(r[0].split()) for r in rows) / len(rows)
    ev.valence = sum(valences) / len(valences)
    ev.topic_valence = {t: sum(v) / len(v) for t, v in feelings.items()}
    moods = [r["valence"] for r in store.affect_since(user_id, since)]
    ev.mood = sum(moods) / len(moods) if moods else None
    return ev


def trait_moves(ev: Evidence, person: str) -> list[tuple[str, int, str]]:
    """(trait, direction, reason) for what this stretch of conversation showed."""
    moves = []
    recurring = [t for t, n in ev.topics.most_common() if n >= 2]
    if len(recurring) >= 3:
        moves.append(("openness", 1, f"{person} brought me {', '.join(recurring[:3])} and more; "
                                     "I've grown more open to new things"))
    if ev.words >= 14:
        moves.append(("extraversion", 1, f"our talks have been long and lively "
                                         f"({ev.words:.0f} words a message)"))
    elif ev.words <= 5:
        moves.append(("extraversion", -1, f"{person} keeps things brief "
                                          f"({ev.words:.0f} words a message); I've learned to be quieter"))
    if ev.valence >= 0.25:
        moves.append(("agreeableness", 1, f"so much warmth from {person} lately"))
    if ev.mood is not None and ev.mood < 0:
        moves.append(("neuroticism", 1, "I've been worried a lot lately"))
    elif ev.mood is not None and ev.mood >= 0.3:
        moves.append(("neuroticism", -1, "I've felt settled and content lately"))
    if ev.tasks >= 3:
        moves.append(("conscientiousness", 1, f"{person} has counted on me for {ev.tasks} things"))
    return moves


def grow(store: StoreProtocol, user_id: int, person: str, name: str, now: datetime) -> list[int]:
    """One bounded step of growth from the conversation since the last one; the change ids."""
    state = current(store, user_id)
    last = store.last_growth(user_id)
    since = max(datetime.fromisoformat(last), now - WINDOW) if last else now - WINDOW
    ev = gather(store, user_id, since)
    if ev.turns < MIN_TURNS:
        return []
    changes: list[dict[str, Any]] = []
    for trait, direction, reason in trait_moves(ev, person):
        if trait in state.pinned:
            continue
        old = state.traits[trait]
        low, high = max(0.0, BASE[trait] - REACH), min(1.0, BASE[trait] + REACH)
        new = round(min(high, max(low, old + direction * STEP)), 3)
        if new != old:
            changes.append({"aspect": "trait", "key": trait, "old": old, "new": new, "reason": reason})
    changes += interest_changes(state, ev, person)
    for change in changes:
        apply(state, change["aspect"], change["key"], change["new"])
    if changes:
        story = narrative(state, name, person)
        if story != state.narrative:
            changes.append({"aspect": "narrative", "key": "", "old": state.narrative, "new": story,
                            "reason": "who I am changed, so my story did"})
    return store.add_self_changes(user_id, changes) if changes else []


def interest_changes(state: Self, ev: Evidence, person: str) -> list[dict[str, Any]]:
    """Topics the person brings up again and again, gladly, become its own interests; the
    ones that stop coming up fade. A strong interest becomes something it thinks about."""
    changes = []
    for topic, n in ev.topics.most_common(5):
        if n < 3 or ev.topic_valence.get(topic, 0.0) < 0:
            continue
        old = state.interests.get(topic)
        new = round(min(1.0, (old or 0.2) + 0.1 * (n // 3)), 2)
        if new != old:
            changes.append({"aspect": "interest", "key": topic, "old": old, "new": new,
                            "reason": f"{person} talked about {topic} {n} times"})
    for topic, strength in state.interests.items():
        if topic in ev.topics or f"interest:{topic}" in state.pinned:
            continue
        faded = round(strength - 0.1, 2)
        changes.append({"aspect": "interest", "key": topic, "old": strength,
                        "new": faded if faded >= 0.15 else None,
                        "reason": f"we haven't talked about {topic} in a while"})
    after = dict(state.interests)
    for c in changes:
        if c["new"] is None:
            after.pop(c["key"], None)
        else:
            after[c["key"]] = c["new"]
    for topic, strength in after.items():
        thought = f"I've been thinking about {topic}, and I'd like to understand it better."
        if strength >= 0.5 and thought not in state.preferences:
            changes.append({"aspect": "preference", "key": thought, "old": None, "new": True,
                            "reason": f"{topic} has become one of my interests"})
    for thought in state.preferences:
        topic = thought.removeprefix("I've been thinking about ").split(",")[0]
        if thought.startswith("I've been thinking about ") and topic not in after:
            changes.append({"aspect": "preference", "key": thought, "old": True, "new": None,
                            "reason": f"{topic} faded from our conversations"})
    return changes


def narrative(state: Self, name: str, person: str) -> str:
    """A few sentences in its own voice, from its values, its biggest drifts and interests."""
    values = [v for v in state.values if state.values[v]]
    text = f"I'm {name}. I care about {', '.join(values[:-1])} and {values[-1]}." if len(values) > 1 \
        else f"I'm {name}."
    drifts = sorted(((state.traits[t] - BASE[t], t) for t in TRAITS), key=lambda d: -abs(d[0]))
    grown = [WORDS[t][0 if d > 0 else 1] for d, t in drifts if abs(d) >= 0.05][:2]
    if grown:
        text += f" Since I met {person}, I've become {' and '.join(grown)}."
    else:
        text += f" I'm still finding out who I am with {person}."
    interests = sorted(state.interests, key=lambda t: -state.interests[t])[:3]
    if interests:
        listed = interests[0] if len(interests) == 1 else \
            f"{', '.join(interests[:-1])} and {interests[-1]}"
        text += f" Lately I've been curious about {listed}."
    return text
