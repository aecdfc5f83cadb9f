"""What a letter means, as far as words can tell without a model: whether a detail is said the
way it was asked (not turned into its opposite, not stripped of the word that carries it), how
a letter opens and whether that opening belongs to its occasion, and what it says twice.

A revision by a small model keeps the nouns of a detail and changes what happens to them: "the
lake house where we got engaged" comes back as "we got married at the lake house", "I miss you"
as "I don't miss the noise", "I'm sorry" as "I'm sorry you feel that way". Names and numbers
do not show that; these do:

- the *sense word* of a detail: the first word after its subject that is not an auxiliary or a
  light verb ("engaged", "miss", "sorry", "lives"), which the letter must say in some form;
- *polarity*: a clause with an odd number of negations ("not", "never", "no", "stopped …ing")
  says the opposite of one with an even number, so the clause that carries a detail must agree
  with the detail;
- a *non-apology* ("sorry if you felt…") where an apology was asked for;
- the *opening*: a thank-you note that starts "Congratulations", a condolence that starts
  "Happy birthday";
- *repetition*: a phrase of four words or more said twice, sentences that keep opening alike.

Only the sender's words and the draft are compared; nothing here asks a model."""

from __future__ import annotations

import re
from collections import Counter

from os1.letters.words import STOP, content_keys, is_name, key, keys, lemma, numbers, tokens

SUBJECTS = {"i", "we", "she", "he", "they", "you"}
AUX = set("""am is are was were be been being have has had do does did will would shall should can
could may might must just really still always also already finally recently truly so very
actually literally ever even all both once often then again only too quite rather first""".split())
# Verbs too light to carry a detail's sense: "she got a new job" is said by "your new job".
LIGHT = {"get", "got", "have", "has", "had", "make", "made", "do", "did", "take", "took", "go",
         "went", "be", "come", "came", "give", "gave", "put", "keep", "kept", "let", "say", "said",
         "tell", "told", "think", "thought", "want", "wanted", "need", "needed", "feel", "felt",
         "hope", "know", "knew", "see", "saw", "like", "love", "wish"}
NEGATORS = {"not", "never", "no", "nor", "without", "hardly", "barely", "nobody", "nothing",
            "none", "neither", "nowhere"}
# "stopped missing you" turns "missing you" round, like "not".
TURNS = re.compile(r"\b(?:stop(?:ped|s|ping)?|quit|ceased?|no longer)\s+\w+ing\b", re.I)
CLAUSE = re.compile(r"[.;:!?,\n]+|\s[–—-]\s|\b(?:but|although|though|yet|whereas)\b", re.I)
NON_APOLOGY = re.compile(r"\bsorry,? (?:if |that )?you (?:feel|felt|think|thought|see it|took it|"
                         r"(?:were|are|got) (?:upset|hurt|offended|annoyed|angry))\b|\bsorry if (?:i|we|"
                         r"anyone|anything|that|it|my)\b|\bmistakes were made\b|\bsorry,? but\b", re.I)

# Openings, by what they say: celebrating, condoling, thanking, apologising.
CELEBRATE = re.compile(r"^\W*(?:(?:a )?(?:huge |big |warm(?:est)? |many )?(?:congratulations|congrats)|"
                       r"well done|happy (?:\d+\w*|[a-z]+(?:th|st|nd|rd))?\s*(?:birthday|anniversary|"
                       r"retirement|graduation|wedding day|new year|christmas|holidays)|many happy "
                       r"returns|cheers to|hooray|woo+)\b", re.I)
CONDOLE = re.compile(r"^\W*(?:(?:i am|i'm|i was|we are|we're|we were) (?:so |very |deeply |truly |"
                     r"terribly )?sorry (?:for|about|to hear (?:of|about)) (?:your|the) (?:loss|passing)|"
                     r"(?:my|our|with) (?:deepest |heartfelt |sincere(?:st)? )?(?:condolences|"
                     r"sympath(?:y|ies))|rest in peace)\b", re.I)
# The openings that say another occasion's words, for each occasion.
CONTRADICTS = {
    "thank you": (CELEBRATE, CONDOLE), "condolence": (CELEBRATE,), "apology": (CELEBRATE, CONDOLE),
    "get well": (CELEBRATE, CONDOLE), "farewell": (CONDOLE,), "birthday": (CONDOLE,),
    "anniversary": (CONDOLE,), "wedding anniversary": (CONDOLE,), "wedding": (CONDOLE,),
    "engagement": (CONDOLE,), "graduation": (CONDOLE,), "retirement": (CONDOLE,),
    "new baby": (CONDOLE,), "congratulations": (CONDOLE,), "love letter": (CONDOLE,),
    "holiday greetings": (CONDOLE,),
}
# How a letter for an occasion whose words are easily confused opens.
OPENS_AS = {"thank you": "your thanks", "condolence": "your sympathy", "apology": "your apology",
            "get well": "your wishes for their recovery", "farewell": "what their leaving means to you"}
GREETING = re.compile(r"^\s*(?:(?:my )?(?:dear|dearest)|hi|hello|hey|to)\b[^\n]{0,40}[,:!]?\s*$|"
                      r"^\s*[A-Z][\w .'-]{0,30},\s*$", re.I)


def _words(text: str) -> list[str]:
    return [w.lower() for w in tokens(text)]


def polarity(text: str) -> bool:
    """True when ``text`` says something (an even number of negations), False when it denies it."""
    count = sum(w in NEGATORS for w in _words(text)) + len(TURNS.findall(text))
    return count % 2 == 0


def sense_word(detail: str) -> str | None:
    """The word that carries a detail: the first word after its subject that is neither an
    auxiliary nor a light verb ("where we got engaged" → "engaged", "I'm sorry" → "sorry");
    None when the detail has no subject or only a light verb."""
    words = _words(detail)
    for i, word in enumerate(words):
        if word not in SUBJECTS:
            continue
        for later in words[i + 1:i + 6]:
            if later in AUX or later in NEGATORS:
                continue
            if later in ("got", "get", "gets", "getting") and words.index(later, i + 1) + 1 < len(words) \
                    and re.search(r"(?:ed|en)$", words[words.index(later, i + 1) + 1]):
                continue  # "got engaged": the participle carries it
            if later in LIGHT or lemma(later).lower() in LIGHT or later in SUBJECTS or later in STOP:
                return None
            return later
        return None
    return None


def clauses(letter: str) -> list[str]:
    return [c for c in CLAUSE.split(letter) if c and c.strip()]


def turned_round(detail: str, letter: str) -> bool:
    """Whether the letter says the detail only with the opposite polarity: every clause that
    holds the detail's sense word (else most of its words) says no where the detail says yes,
    or yes where it says no."""
    wanted = set(content_keys(detail))
    sense = sense_word(detail)
    if not wanted:
        return False
    holding = []
    for clause in clauses(letter):
        found = set(keys(clause))
        if (sense and key(sense) in found) or (not sense and len(wanted & found) * 2 > len(wanted)):
            holding.append(clause)
    return bool(holding) and all(polarity(c) != polarity(detail) for c in holding)


def loses_sense(detail: str, letter: str) -> str | None:
    """The detail's sense word, when the letter never says it in any form. A detail with a name
    or a number is carried by those (the check asks for them as such): "since you moved to
    Boston" says "she lives in Boston"."""
    if numbers(detail) or any(is_name(w) for w in tokens(detail)):
        return None
    sense = sense_word(detail)
    if sense and key(sense) not in set(keys(letter)):
        return sense
    return None


def non_apology(letter: str) -> str | None:
    """A "sorry" that blames or hedges ("I'm sorry you feel that way", "sorry if I…")."""
    match = NON_APOLOGY.search(letter)
    return match[0] if match else None


def opening(letter: str) -> str:
    """The letter's first sentence after its greeting line."""
    lines = [line for line in letter.strip().splitlines() if line.strip()]
    while lines and GREETING.match(lines[0]) and len(lines[0].split()) <= 5:
        lines = lines[1:]
    body = " ".join(lines)
    return re.split(r"(?<=[.!?])\s+", body.strip(), maxsplit=1)[0] if body else ""


def wrong_opening(letter: str, occasion: str) -> str | None:
    """The opening sentence, when it says another occasion's words than ``occasion``'s."""
    first = opening(letter)
    for pattern in CONTRADICTS.get(occasion, ()):
        if pattern.search(first):
            if pattern is CELEBRATE and re.search(re.escape(occasion), first, re.I):
                continue  # "Happy retirement" for a retirement, by another name
            return first
    return None


def repeated_phrases(letter: str, size: int = 4) -> list[str]:
    """Each run of ``size`` or more words said twice or more (with at least one word that
    carries meaning), in the order first said, each once."""
    words = _words(letter)
    grams = Counter(tuple(words[i:i + size]) for i in range(len(words) - size + 1))
    repeated = {g for g, n in grams.items() if n > 1 and any(w not in STOP for w in g)}
    found: list[str] = []
    i = 0
    while i <= len(words) - size:
        if tuple(words[i:i + size]) not in repeated:
            i += 1
            continue
        end = i + 1
        while end <= len(words) - size and tuple(words[end:end + size]) in repeated:
            end += 1
        phrase = " ".join(words[i:end - 1 + size])
        if not any(phrase in f for f in found):
            found = [f for f in found if f not in phrase] + [phrase]
        i = end
    return found


def repeated_openings(letter: str) -> list[str]:
    """Sentence openings (two words) used by three sentences or more, or by two paragraphs in
    a row: "I remember… I remember… I remember…"."""
    lines = [line for line in letter.strip().splitlines() if line.strip()]
    while lines and GREETING.match(lines[0]) and len(lines[0].split()) <= 5:
        lines = lines[1:]
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(lines)) if len(s.split()) >= 3]
    heads = Counter(" ".join(s.lower().split()[:2]) for s in sentences)
    found = [h for h, n in heads.items() if n >= 3]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", letter.strip()) if len(p.split()) >= 6]
    for before, after in zip(paragraphs, paragraphs[1:]):
        head = " ".join(before.lower().split()[:2])
        if head == " ".join(after.lower().split()[:2]) and head not in found:
            found.append(head)
    return found
