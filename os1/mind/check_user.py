"""What a reply says of the user that the reply check (``check.py``) puts right or drops.

Three things the default 1.5B model did with people it had never met:
- it spoke of the user by name, as of someone else: "I suggest asking Priya about it" to Priya,
  "Priya's shift sounds tough". Said to them, that is "your shift"; where the second person
  cannot be put in safely the sentence goes. A name said to them ("Priya, …", "…, Priya.") stays,
  and so does a cousin, a colleague or anyone else of theirs with the same first name.
- it said back one of their standing facts (``memory/standing.py``) where it does not bear on
  the ask, most often by opening with her previous reply's first sentence: "You told me you
  can't eat peanuts." after "what film should I watch tonight?". A fact that bears
  (``bearing.py``), a question about their past, or a message that speaks of it keeps it.
- it went on from what they told her to what they never did: "Your blood type is O negative."
  (see ``contradict.claims_untold``).
Each test reads one sentence and what the turn knows; nothing is guessed beyond the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from os1.memory.people import RELATIONS_SET
from os1.memory.standing import KEYS
from os1.mind.bearing import bears
from os1.mind.grounding import asks_about_past, fold, words

# First names that are also everyday words: matched only capitalised, and never as a
# sentence's first word ("Will you…", "May was lovely", "I hope so").
COMMON = set("""will may hope grace joy faith rose june april august mark bill sue jack ray pat dawn
summer autumn amber ruby violet iris lily holly ivy sky rich art bob don frank gene guy max miles nick
rob sandy sunny chase drew hunter grant reed wade dean lane cliff heath glen brook star angel honey
page penny crystal jade pearl river rock sage storm norman harmony melody destiny trinity""".split())
# Said to them: after the start, a comma or a greeting, and before a comma or the end.
_ADDRESS_BEFORE = re.compile(r"(?:^|[,;:—–(]|\b(?:hi|hey|hello|hiya|dear|oh|ah|aw+|thanks|thank you|morning|"
                             r"evening|night|good (?:morning|evening|night|luck|job)|bye|welcome back|congrats|"
                             r"congratulations|well done|great job|nice work|nice one|take care|hang in there|"
                             r"see you|love you|sorry|yes|no|okay|ok|sure|honestly|listen|look)[,!]?)"
                             r"\s*$", re.I)
_ADDRESS_AFTER = re.compile(r"^\s*(?:[,.!?…;:)—–]|$)")
# Someone else of that name: "your cousin Priya", "another Priya".
_OTHER = "|".join(sorted({re.escape(r) for r in RELATIONS_SET} | {"another", "other", "a", "one", "cousin",
                                                                   "friend", "colleague", "coworker", "boss"},
                         key=len, reverse=True))
_SOMEONE_ELSE = re.compile(rf"\b(?:{_OTHER})s?,?\s*$", re.I)
# "Priya is" → "you are"; a verb not here ("Priya goes") is not conjugated: the sentence goes.
VERBS = {"is": "are", "was": "were", "has": "have", "had": "had", "isn't": "aren't", "wasn't": "weren't",
         "hasn't": "haven't", "doesn't": "don't", "does": "do", "seems": "seem", "sounds": "sound",
         "looks": "look", "deserves": "deserve", "needs": "need", "wants": "want", "works": "work",
         "lives": "live", "loves": "love", "likes": "like", "feels": "feel", "knows": "know", "gets": "get",
         "keeps": "keep", "said": "said", "told": "told", "mentioned": "mentioned", "did": "did",
         **{m: m for m in "will would can could should might must won't can't couldn't shouldn't".split()}}
# "Priya's been" → "you've been", "Priya's going" → "you're going"; else "Priya's X" → "your X".
_HAVE = {"been", "got", "gotten"}
_ARE = set("""a an the not so very really always never just still probably definitely clearly such quite
too on in at going doing feeling working having getting trying being looking taking making coming thinking
starting struggling""".split())
_PRONOUN = re.compile(r"\b(?:she|her|hers|herself|he|him|his|himself)\b", re.I)
_SELF_NAMED = re.compile(r"\b(?:i'?m|i am|name(?:'s| is)|call me|it'?s|this is)\W*$", re.I)
_SELF_ALONE = re.compile(r"\s*(?:[.!,]|here\b|is fine\b|works\b|please\b|$)", re.I)  # "Priya.", "Theo is fine"


def someone_else(name: str, messages: Iterable[str], people: Iterable = ()) -> bool:
    """Whether someone in the user's life has their first name: a person kept with it, or the
    name in their own words other than as theirs ("my cousin Priya is visiting", not "I'm
    Priya" nor "Priya here")."""
    first = name.split()[0].lower() if name.split() else ""
    if not first:
        return False
    if any((getattr(p, "name", "") or "").lower().split()[:1] == [first] for p in people):
        return True
    for message in messages:
        for found in re.finditer(rf"\b{re.escape(first)}\b", message, re.I):
            before, after = message[:found.start()], message[found.end():]
            alone = re.search(r"(?:^|[.!?])\W*$", before) and _SELF_ALONE.match(after)
            if not (_SELF_NAMED.search(before) or alone):
                return True
    return False


def _occurrences(sentence: str, name: str) -> list[re.Match]:
    first = re.escape(name.split()[0])
    if name.split()[0].lower() in COMMON:  # "Will" only as a name: capitalised, never the first word
        found = re.finditer(rf"(?<![\w'’])(?-i:{first[:1].upper()}{first[1:].lower()})(['’]s)?(?![\w'’])", sentence)
        return [m for m in found if sentence[:m.start()].strip(" \"'“‘")]
    return list(re.finditer(rf"(?<![\w'’]){first}(['’]s)?(?![\w'’])", sentence, re.I))


def third_person(sentence: str, name: str, started: bool = False) -> str:
    """The sentence with the user, named as someone else, spoken to instead ("Priya's shift
    sounds tough" → "Your shift sounds tough", "Priya is doing her best" dropped for its
    "her"), '' where that cannot be done safely ("I suggest asking Priya about it"), or the
    sentence as it is where the name is said to them or to no one. ``started``: its beginning
    was already shown, so the name becomes "you" wherever it stands rather than leave half a
    sentence."""
    if not name.strip():
        return sentence
    out, shift = sentence, 0
    for found in _occurrences(sentence, name):
        before, after = sentence[:found.start()], sentence[found.end():]
        if not found.group(1) and (after.startswith("!") or _ADDRESS_BEFORE.search(before) and
                                   _ADDRESS_AFTER.match(after)):
            continue  # said to them
        if _SOMEONE_ELSE.search(before):
            continue  # "your cousin Priya"
        if _PRONOUN.search(after) and not started:
            return ""  # "Priya's tired, she…": not put right halfway
        start = not before.strip(" \"'“‘")
        following = re.match(r"\s+([\w'’]+)", after)
        word = following.group(1).lower().replace("’", "'") if following else ""
        if found.group(1):  # Priya's
            if not word:
                return ""
            said = "you've" if word in _HAVE else "you're" if word in _ARE or (
                len(word) > 4 and word.endswith("ed")) else "your"
            cut = found.end()
        elif word in VERBS:
            said, cut = f"you {VERBS[word]}", found.end() + following.end()  # type: ignore[union-attr]
        elif started:
            said, cut = "you", found.end()
        else:
            return ""
        said = said[:1].upper() + said[1:] if start else said
        out = out[:found.start() + shift] + said + out[cut + shift:]
        shift += len(said) - (cut - found.start())
    return out


# What a kind of standing fact sounds like said back to them, beside the fact's own words.
SAID_BACK = {
    "allergic_to": r"allerg\w*|epipen|anaphyla\w*|can'?t (?:eat|have)|cannot (?:eat|have)|react\w*",
    "cant_eat": r"can'?t (?:eat|have)|cannot (?:eat|have)|allerg\w*|intoleran\w*|avoid\w*",
    "diet": r"vegetarian|vegan|halal|kosher|teetotal|sober|fasting|(?:don'?t|do not) (?:drink|eat)",
    "health": r"you (?:have|'ve got|live with)|your \w+|diagnos\w*|condition",
    "fear": r"afraid|fear\w*|scared|terrif\w*|phobia|nervous",
    "hours": r"you work|you(?:'re| are) on|your (?:\w+ )?shifts?|shifts?|working",
    "pregnant": r"pregnan\w*|expecting|baby|due",
    "injury": r"your \w+|injur\w*|hurt|trouble",
    "transport": r"(?:don'?t|do not|can'?t|cannot) drive|car|licen[cs]e",
    "budget": r"budget|money|tight|afford\w*|broke|skint",
}
_TO_YOU = re.compile(r"\byou(?:['’]\w+)?\b|\byour\b", re.I)
_TOLD_ME = re.compile(r"\byou(?:['’]ve| have)? (?:told|mentioned|said)\b", re.I)


def aside(text: str, facts: Sequence) -> list:
    """The user's standing facts (``memory/standing.KEYS``) that have no place in a reply to
    ``text``: it does not bear on them (``bearing.bears``), does not speak of them, and does
    not ask about their past."""
    if asks_about_past(text):
        return []
    said = words(text)
    found = []
    for fact in facts:
        kind = fact.key.partition(":")[0]
        if kind not in KEYS or getattr(fact, "valid_to", None) is not None or not fact.value.strip():
            continue
        if bears(text, fact) or said & words(fact.value) or re.search(rf"\b(?:{SAID_BACK[kind]})", text, re.I):
            continue
        found.append(fact)
    return found


def restates(sentence: str, facts: Sequence) -> bool:
    """Whether a sentence says one of ``facts`` back to the user: the fact's own words, said of
    them ("you", "your"), with what that kind of fact sounds like ("allergic", "you work") or a
    "you told me" ("You told me you can't eat peanuts.", not "Night at the Museum is fun")."""
    if not _TO_YOU.search(sentence):
        return False
    said = words(sentence) | {fold(w) for w in re.findall(r"[a-z]+", sentence.lower())}
    for fact in facts:
        own = words(fact.value)
        if not own or not own <= said:
            continue
        kind = fact.key.partition(":")[0]
        if _TOLD_ME.search(sentence) or re.search(rf"\b(?:{SAID_BACK.get(kind, '$^')})", sentence, re.I):
            return True
    return False


def _said(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def first_sentence(reply: str) -> str:
    """A reply's first sentence, as the check cuts sentences (at . ! ? … or a line break)."""
    return re.split(r"(?<=[.!?…])[\"'”’»)\]]*\s+|\n+", reply.strip(), maxsplit=1)[0] if reply.strip() else ""


REPEAT_WORDS = 5


def repeats(sentence: str, previous: str) -> bool:
    """Whether a sentence is her previous reply's first sentence again, word for word (five
    words at least: "Thank you." or "Maybe somewhere quieter." may well be said twice)."""
    said = _said(sentence)
    return len(said) >= REPEAT_WORDS and said == _said(previous)


def previous_opening(history: Sequence) -> str:
    """Her previous reply's first sentence, from the turns before this one ('' if none)."""
    last = next((t for t in reversed(history) if t.role in ("assistant", "user")), None)
    return first_sentence(last.content) if last is not None and last.role == "assistant" else ""


def opens_again(pending: str, previous: str) -> bool:
    """Whether a sentence being written is, word for word so far, her previous reply's first
    sentence: it is held until it is whole or says something else."""
    before = _said(previous)
    if len(before) < REPEAT_WORDS:
        return False
    said = _said(pending)
    done = said if not pending or not re.search(r"[\w']$", pending) else said[:-1]  # the last may be cut
    return len(done) <= len(before) and done == before[:len(done)]


def held(rules) -> list[str]:
    """Where these rules could begin, for the check's hold pattern: the user's name, a fact
    said back (her previous opening said again is held by ``opens_again``)."""
    parts = []
    if rules.name:
        # not where said to them ("Hello Priya, …"), so those sentences still stream
        parts.append(rf"\b{re.escape(rules.name.split()[0])}\b(?!\s*[,.!?…])")
    if rules.aside:
        parts.append(_TOLD_ME.pattern)
    return parts
