"""Words as heard: normalising transcripts, word error rate, and telling a backchannel from a turn.

A recogniser writes "42%" where a reference says "forty-two percent"; both become
"forty two percent" before they are compared, so the error rate counts hearing, not spelling.
"""

from __future__ import annotations

import re

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
            "nine": "ninth", "twelve": "twelfth"}
SYMBOLS = {"%": " percent ", "&": " and ", "+": " plus ", "@": " at ", "=": " equals "}
CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}
TITLES = {"mr": "mister", "mrs": "missus", "dr": "doctor", "prof": "professor", "jr": "junior",
          "sr": "senior"}  # "Mr." is how a recogniser writes "mister"
# Spoken forms written two ways ("I'm"/"I am", "gonna"/"going to") are one word sequence, as in
# the usual English normaliser for scoring speech recognition.
CONTRACTIONS = ((r"\bwon't\b", "will not"), (r"\bcan't\b", "can not"), (r"\blet's\b", "let us"),
                (r"\bwanna\b", "want to"), (r"\bgotta\b", "got to"), (r"\bgonna\b", "going to"),
                (r"n't\b", " not"), (r"'re\b", " are"), (r"'d\b", " would"), (r"'ll\b", " will"),
                (r"'ve\b", " have"), (r"'m\b", " am"), (r"\b(he|she|it|that|what|there|here|who)'s\b",
                                                         r"\1 is"))

# Short sounds a listener makes to say "go on", not "stop": they must not end her turn.
BACKCHANNEL = frozenset(
    "mm mmm hm hmm mhm mmhm mmhmm uh huh uhhuh um ah ahh aha oh ooh yeah yes yep yup ya right "
    "okay ok sure i see wow cool nice true totally exactly got it go on you".split())


def _below_thousand(n: int) -> list[str]:
    words = []
    if n >= 100:
        words += [ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(TENS[n // 10])
        n %= 10
        if n:
            words.append(ONES[n])
    elif n or not words:
        words.append(ONES[n])
    return words


def number_words(n: int) -> str:
    """42 → "forty two", 1984 → "nineteen eighty four" (four-digit numbers are read as years,
    as people say them), 2005 → "two thousand five", 1000000 → "one million"."""
    if n < 0:
        return "minus " + number_words(-n)
    if 1100 <= n <= 1999 or 2010 <= n <= 2099:
        high, low = divmod(n, 100)
        tail = "hundred" if low == 0 else " ".join(_below_thousand(low)) if low >= 10 \
            else "oh " + ONES[low]
        return f"{' '.join(_below_thousand(high))} {tail}"
    words: list[str] = []
    for size, name in SCALES:
        if n >= size:
            words += [*_below_thousand(n // size), name]
            n %= size
    if n or not words:
        words += _below_thousand(n)
    return " ".join(words)


def ordinal_words(n: int) -> str:
    words = number_words(n).split()
    last = words[-1]
    if last in ORDINALS:
        words[-1] = ORDINALS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def _spell_number(match: re.Match) -> str:
    currency, digits, decimals, suffix = match.group(1), match.group(2), match.group(3), match.group(4)
    value = int(digits.replace(",", ""))
    if suffix and suffix.lower() in ("st", "nd", "rd", "th"):
        spoken = ordinal_words(value)
    else:
        spoken = number_words(value)
        if decimals and currency:  # $4.50 is said "four dollars fifty"
            return f" {spoken} {CURRENCY[currency]} {number_words(int(decimals))} "
        if decimals:
            spoken += " point " + " ".join(ONES[int(d)] for d in decimals)
        if suffix and suffix.lower() == "s":
            spoken = spoken[:-1] + "ies" if spoken.endswith("y") else spoken + "s"
    if currency:
        spoken += " " + CURRENCY[currency]
    return f" {spoken} "


NUMBER = re.compile(r"([$£€])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(st|nd|rd|th|s)?\b", re.I)


def normalize(text: str) -> str:
    """Lowercase words only: numbers spoken, symbols named, punctuation and annotations gone."""
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)|\*[^*]*\*", " ", text)  # [music], (coughs), *laughs*
    for symbol, spoken in SYMBOLS.items():
        text = text.replace(symbol, spoken)
    text = NUMBER.sub(_spell_number, text)
    text = text.lower().replace("’", "'")
    text = re.sub(r"[-–—/]", " ", text)
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    for pattern, spoken in CONTRACTIONS:
        text = re.sub(pattern, spoken, text)
    text = re.sub(r"(?<![a-z])'|'(?![a-z])", " ", text).replace("'", "")
    return " ".join(TITLES.get(word, word) for word in text.split())


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    """Word-level Levenshtein distance: substitutions, deletions and insertions."""
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def wer(refs: list[str], hyps: list[str]) -> float:
    """Word error rate over a corpus: all edits over all reference words (not a mean of rates)."""
    edits = words = 0
    for ref, hyp in zip(refs, hyps, strict=True):
        r, h = normalize(ref).split(), normalize(hyp).split()
        edits += edit_distance(r, h)
        words += len(r)
    return edits / words if words else 0.0


def is_backchannel(text: str) -> bool:
    """True for nothing, a cough the recogniser wrote down, or "mm-hm", "yeah", "uh-huh"."""
    return all(word in BACKCHANNEL for word in normalize(text).split())


# Words a finished thought rarely ends on: "I went to the store and…", "it was, um…"
UNFINISHED = frozenset(
    "and but or so because cause if that which who when while then than the a an to of for with "
    "in on at from my your his her our their its um uh er like i am we you they is are was "
    "were be been being as also just".split())


def sounds_finished(text: str) -> bool:
    """Whether recognised words read like a finished turn: a sentence or question brought to
    its end, not trailing off ("…"), not stopping on "and" or "um". Punctuation is the
    recogniser's own judgement of the speaker's intonation."""
    text = text.strip().rstrip("\"')]” ")
    if not text or text.endswith(("...", "…", ",", "-", "—")) or text[-1] not in ".?!":
        return False
    words = normalize(text).split()
    return len(words) >= 2 and words[-1] not in UNFINISHED
