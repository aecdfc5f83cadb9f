"""Check a letter before the sender sees it: what a small model gets wrong when it writes one.

A 1.5B model asked for a sister's birthday note leaves out the one thing the sender asked to
say, names a town nobody mentioned, dates a memory that has no date, signs "[Your Name]",
reaches for "words cannot express", or writes a page when a note was asked for. These rules
catch that in the draft itself:

- every required detail appears (the sender's words matched by lemma and stem, so "say I miss
  her" is found in "I've missed you"; a name or number in a detail must appear as such);
- nothing is invented: a proper noun (a person, a place, a day or a month: simplemma's lemma
  keeps their capital) or a number that neither the commission nor what is remembered holds;
- no placeholder ("[Your Name]"), nothing the sender asked to avoid, no cliché from the
  built-in list or the sender's own additions;
- the length is within what was asked (a short note ≈ at most 120 words);
- a detail is told of the right person: what the recipient did is not written as the
  sender's own ("she got a new job" → "I got a new job"), nor the sender's people and things
  as the recipient's ("with my dad" → "with your dad");
- a detail keeps its sense (``letters.meaning``): the word that carries it is said ("where we
  got engaged" is not "where we got married"), and not turned round by a negation ("I miss
  you" is not "I don't miss you"); an apology asked for is not a non-apology ("sorry you
  feel that way");
- the opening belongs to the occasion (a thank-you note does not open "Congratulations"), and
  nothing is said twice: no phrase of four words or more repeated, no run of sentences that
  all open alike.

Each rule gives a ``Problem`` whose ``note`` is said to the model when it is asked once more,
and shown to the sender if it still holds."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from os1.letters import meaning
from os1.letters.commission import Commission
from os1.letters.words import content_keys, is_name, key, keys, lemma, numbers, tokens

# Phrases worn smooth: the built-in list (``os1 letter cliche add`` extends it per user).
CLICHES = (
    "words cannot express", "words can't describe", "from the bottom of my heart",
    "time flies", "over the hill", "age is just a number", "like a fine wine",
    "you're not getting older, you're getting better", "another year older and wiser",
    "many happy returns", "here's to many more", "wishing you all the best",
    "thoughts and prayers", "in a better place", "everything happens for a reason",
    "time heals all wounds", "means the world to me", "you mean the world to me",
    "light up my life", "love you to the moon and back", "partner in crime",
    "through thick and thin", "one in a million", "heart of gold", "at the end of the day",
    "last but not least", "each and every", "I hope this letter finds you well",
    "hope this finds you well", "better late than never", "it goes without saying",
    "needless to say", "a journey, not a destination", "live, laugh, love",
    "the best is yet to come", "you deserve the world", "I am at a loss for words",
    "more than words can say", "cherish every moment", "make every moment count",
    "I hope this message finds you well", "I hope this note finds you well",
    "I hope this card finds you well", "I hope you are doing well", "I just wanted to take a moment",
    "I wanted to take a moment to", "on this special day", "a special place in my heart",
    "in my thoughts and prayers", "words fail me", "all good things must come to an end",
    "don't be a stranger", "the sky's the limit", "the next chapter", "a new chapter",
    "I can't thank you enough", "you will be sorely missed", "big shoes to fill",
    "no words can describe", "as you embark on", "onwards and upwards", "with heavy hearts",
    "you are one of a kind", "forever grateful", "it is with great pleasure",
)
PLACEHOLDER = re.compile(r"\[[^\]\n]{1,40}\]|\{[^}\n]{1,40}\}|<[^>\n]{1,40}>|\bX{2,}\b|"
                         r"\b(?:your|sender'?s|recipient'?s) name\b", re.I)
WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
# The request's own words said back as the letter: a small model, asked again, may echo its
# task ("Write a warm short letter (40 to 90 words) to Chris… It must say each of these") or
# the retry note; such a draft is short and names every detail, and must never win on that.
ECHO = re.compile(r"\bwrite an? (?:\w+ ){0,4}(?:letter|note|card|message)\b[^.\n]{0,80}\(\d+ to \d+ words\)|"
                  r"\bit must say each of these\b|\bin your own words:|\bend it with these lines\b|"
                  r"\ba first try got these wrong\b|\bdo not repeat them:|^\s*sign it:", re.I | re.M)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a draft. ``rule``: missing, changed, turned, invented, placeholder,
    avoid, cliché, length, swapped, non-apology, opening, repeated, echo; ``text``: the detail, name
    or phrase; ``note``: one line for the model and the sender."""

    rule: str
    text: str
    note: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def word_count(letter: str) -> int:
    return len(WORD.findall(letter))


def has_detail(detail: str, letter: str) -> bool:
    """Whether the letter says ``detail``: each name and number in it as such, and of its
    other words (compared by lemma and stem) all of one or two, else about six in ten."""
    found = set(keys(letter))
    names = {key for word in tokens(detail) if is_name(_bare(word)) for key in keys(_bare(word))}
    wanted = {str(n) for n in numbers(detail)}
    rest = [k for k in content_keys(detail) if k not in names and k not in wanted]
    if not names <= found or not wanted <= found:
        return False
    if names or wanted:
        need = len(rest) // 2
    elif len(rest) <= 2:
        need = len(rest)
    else:
        need = max(1, round(len(rest) * 0.6))
    return sum(k in found for k in rest) >= need


def required(commission: Commission) -> list[str]:
    """What must appear: the recipient's name, the occasion's number ("40th"), each detail."""
    items = []
    if commission.recipient and is_name(commission.recipient.split()[-1]):
        items.append(commission.recipient.split()[-1])
    if numbers(commission.occasion):
        items.append(commission.occasion)
    return items + list(commission.details)


def _missing(letter: str, commission: Commission) -> list[Problem]:
    problems = []
    for item in required(commission):
        if numbers(item) and item == commission.occasion:
            if not numbers(item) <= numbers(letter):
                problems.append(Problem("missing", item, f'it must say "{item}"'))
            continue
        if not has_detail(item, letter):
            problems.append(Problem("missing", item, f'it must say "{item}"'))
        elif sense := meaning.loses_sense(item, letter):
            problems.append(Problem("changed", item, f'it changes "{item}": "{sense}" is not said; '
                                    f'keep its meaning'))
        elif meaning.turned_round(item, letter):
            problems.append(Problem("turned", item, f'it says the opposite of "{item}"'))
    return problems


def _meaning(letter: str, commission: Commission) -> list[Problem]:
    """An apology that is not one, an opening of another occasion, what is said twice."""
    problems = []
    sorry = commission.occasion == "apology" or any(re.search(r"\b(?:sorry|apolog)", d, re.I)
                                                    for d in commission.details)
    hedge = meaning.non_apology(letter) if sorry else None
    if hedge:
        problems.append(Problem("non-apology", hedge, f'"{hedge}" is not an apology: say plainly '
                                f'what you are sorry for'))
    first = meaning.wrong_opening(letter, commission.occasion)
    if first:
        kind = meaning.OPENS_AS.get(commission.occasion, f"the {commission.occasion}")
        problems.append(Problem("opening", first, f'it opens "{first[:60]}", which is not for '
                                f'{commission.occasion}: open with {kind}'))
    for phrase in meaning.repeated_phrases(letter):
        problems.append(Problem("repeated", phrase, f'"{phrase}" is said twice: say it once'))
    for head in meaning.repeated_openings(letter):
        problems.append(Problem("repeated", head, f'too many sentences open "{head} …": vary them'))
    return problems


EDGES = ".,;:!?\"'()[]—–-…“”‘’"  # stripped from a word as written ("M6." is "M6")


def _invented(letter: str, allowed_text: str) -> list[Problem]:
    allowed = {w.lower() for w in map(_bare, tokens(allowed_text))}
    allowed |= {lemma(w).lower() for w in map(_bare, tokens(allowed_text))}
    # and each word as written, which the tokens split: "the M6", "flat 4B", "A-levels"
    allowed |= {_bare(w.strip(EDGES)).lower() for w in re.findall(r"\S+", allowed_text)}
    problems, run, seen = [], [], set()  # type: list[Problem], list[str], set[str]

    def close() -> None:
        if run:
            name = " ".join(run)
            if name.lower() not in seen:
                seen.add(name.lower())
                problems.append(Problem("invented", name, f'"{name}" was not given: leave it out'))
            run.clear()

    for match in re.finditer(r"\S+", letter):
        word = _bare(match[0].strip(EDGES))
        if word and word not in ("P.S", "PS", "P.P.S") and is_name(word) and word.lower() not in allowed \
                and lemma(word).lower() not in allowed:
            run.append(word)
            if match[0][-1:] in ".,;:!?)\"”":
                close()
        else:
            close()
    close()
    given = numbers(allowed_text)
    for value in sorted(numbers(letter, everyday=False) - given):
        problems.append(Problem("invented", str(value),
                                f'the number or date "{value}" was not given: leave it out'))
    return problems


_BY_THE_WAY = {"just", "recently", "finally", "also", "still", "already", "always", "really", "now",
               "have", "has", "had", "am", "is", "was", "will", "would", "be"}


def _swapped(letter: str, commission: Commission, told: Iterable[str] = ()) -> list[Problem]:
    """Details told of the wrong person (see the module's notes); the sender's own things
    ("my plants") also in what else they told (``told``), which the letter may draw on."""
    words = [w.lower() for w in tokens(letter)]
    problems = []
    for detail in commission.details:
        said = [w.lower() for w in tokens(detail)]
        rest = [w for w in said[1:] if w not in _BY_THE_WAY]
        if said and said[0] in ("she", "he") and len(rest) >= 2:
            verb, what = key(rest[0]), set(content_keys(" ".join(rest[1:])))
            for i, word in enumerate(words):
                after = [w for w in words[i + 1:i + 5] if w not in _BY_THE_WAY]
                if word == "i" and after and key(after[0]) == verb \
                        and what & set(keys(" ".join(words[i + 1:i + 10]))):
                    problems.append(Problem("swapped", detail, f'it says "I {after[0]} …", but it '
                                            f'was {commission.who} who did: "{detail}"'))
                    break
    seen = set()
    for detail in [*commission.details, *told]:
        for thing in dict.fromkeys(re.findall(r"\bmy ([a-z]+)", detail.lower())):
            if thing not in seen and re.search(rf"\byour {thing}\b", letter, re.I) and \
                    not re.search(rf"\bmy {thing}\b", letter, re.I):
                seen.add(thing)
                problems.append(Problem("swapped", f"my {thing}", f'it says "your {thing}", but '
                                        f'it is the sender\'s: "my {thing}"'))
    return problems


def _phrase_in(phrase: str, letter_keys: str) -> bool:
    wanted = " ".join(keys(phrase))
    return bool(wanted) and re.search(rf"(?:^| ){re.escape(wanted)}(?: |$)", letter_keys) is not None


def check(letter: str, commission: Commission, known: Iterable[str] = (),
          cliches: Sequence[str] = CLICHES) -> list[Problem]:
    """What is wrong with ``letter`` for ``commission``; ``known``: what else may be named
    (remembered details, the people and their facts, the sender's and the user's names);
    ``cliches``: the phrases to flag."""
    known = list(known)
    problems = _missing(letter, commission)
    problems += _invented(letter, "\n".join([commission.text(), *known]))
    problems += _swapped(letter, commission, known)
    problems += _meaning(letter, commission)
    for match in ECHO.finditer(letter):
        problems.append(Problem("echo", match[0].strip(), "it repeats the request: write only the letter itself"))
    for match in PLACEHOLDER.finditer(letter):
        problems.append(Problem("placeholder", match[0],
                                f'"{match[0]}" is a placeholder: write the letter out in full'))
    letter_keys = " ".join(keys(letter))
    for avoid in commission.avoid:
        if not avoid.lower().startswith("too ") and _phrase_in(avoid, letter_keys) or (
                content_keys(avoid) and set(content_keys(avoid)) <= set(letter_keys.split())
                and not avoid.lower().startswith("too ")):
            problems.append(Problem("avoid", avoid, f'it must not mention "{avoid}"'))
    for cliche in dict.fromkeys(cliches):
        if _phrase_in(cliche, letter_keys):
            problems.append(Problem("cliché", cliche, f'"{cliche}" is a cliché: say it plainly'))
    count, (least, most) = word_count(letter), commission.bounds()
    if count > most:
        problems.append(Problem("length", str(count),
                                f"it has {count} words: keep it under {most}"))
    elif count < least:
        problems.append(Problem("length", str(count),
                                f"it has only {count} words: write at least {least}"))
    return problems
