"""Words as the letter checker compares them: a lemma then a stem ("missed" ~ "miss",
"memories" ~ "memory", "40th" ~ "fortieth" ~ "forty"), whether a capitalised word is a name,
and numbers however they are written.

Lemmas come from simplemma (its English dictionary keeps a proper noun's capital: "Boston",
"Friday", "Anna", but "Dear", "Love", "Happy" go lower case), stems from the Snowball stemmer."""

from __future__ import annotations

import re
from functools import lru_cache

from os1.errors import OS1Error

TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*|\d+(?:[.,:/]\d+)*(?:st|nd|rd|th)?")
CONTRACTIONS = {"n't": " not", "'ve": " have", "'ll": " will", "'re": " are", "'m": " am",
                "'d": " would"}
# Words that carry no detail of their own: a detail is matched on what is left.
STOP = set("""a an the and or but if so as of at by for from in into on onto to with without about
above after before over under again then than too very really just also only even still ever
always never often all any both each every few more most much many some such no nor not own same
other another i me my mine myself we us our ours ourselves you your yours yourself yourselves he him
his himself she her hers herself it its itself they them their theirs themselves what which who
whom whose this that these those am is are was were be been being have has had having do does
did doing will would shall should can could may might must ought here there when where why how
up down out off once let lets get got say said tell told mention remind include please make
sure bit little lot quite rather something thing things one way""".split())

UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen " \
        "fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
            "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
            "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
            "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
            "eightieth": 80, "ninetieth": 90, "hundredth": 100}
NUMBER_WORDS = {**{w: i for i, w in enumerate(UNITS)}, **{w: 20 + 10 * i for i, w in enumerate(TENS)},
                "hundred": 100, "thousand": 1000, **ORDINALS}
NUMBER = re.compile(
    rf"\b(?:(?:{'|'.join(TENS)})[- ](?:{'|'.join(UNITS[1:10])}|{'|'.join(list(ORDINALS)[:9])})|"
    rf"{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\b|\b\d+(?:st|nd|rd|th)?\b", re.I)
# Numbers so common in any letter ("one day", "a second", "the two of us") that they are
# never taken for an invented fact.
EVERYDAY_NUMBERS = {"zero", "one", "two", "first", "second"}


def expand(text: str) -> str:
    """Contractions spelt out, so "can't" and "cannot" read alike."""
    text = text.replace("’", "'")
    text = re.sub(r"\bcan't\b", "can not", text, flags=re.I)
    text = re.sub(r"\bwon't\b", "will not", text, flags=re.I)
    text = re.sub(r"\bcannot\b", "can not", text, flags=re.I)
    return re.sub(r"(n't|'ve|'ll|'re|'m|'d)\b", lambda m: CONTRACTIONS[m[1].lower()], text, flags=re.I)


def tokens(text: str) -> list[str]:
    """The words of ``text``; a hyphenated word is split ("lake-house"), a number is not
    ("forty-two")."""
    found = []
    for word in TOKEN.findall(expand(text)):
        if "-" in word and number_value(word) is None:
            found += [w for w in word.split("-") if w]
        else:
            found.append(word)
    return found


@lru_cache(maxsize=1)
def _tools():
    """simplemma's lemmatizer and the Snowball stemmer, imported when first needed."""
    try:
        import simplemma
        import snowballstemmer
    except ImportError:
        raise OS1Error("letters need their word lists: run `pip install 'os1[craft]'`.") from None
    return simplemma.lemmatize, snowballstemmer.stemmer("english").stemWord


@lru_cache(maxsize=20_000)
def lemma(word: str) -> str:
    """The dictionary form, keeping the capital of a proper noun ("Boston", "Friday")."""
    word = re.sub(r"['’]s$", "", word)
    number = number_value(word)
    if number is not None:
        return str(number)
    return _tools()[0](word, lang="en")


@lru_cache(maxsize=20_000)
def key(word: str) -> str:
    """What two forms of a word share: "missed", "missing" → "miss"; "40th", "forty" → "40"."""
    found = lemma(word)
    if found.isdigit():
        return found
    return _tools()[1](found.lower())


def keys(text: str) -> list[str]:
    return [key(w) for w in tokens(text)]


def content_keys(text: str) -> list[str]:
    """The keys of the words that carry meaning, in order, each once."""
    seen: list[str] = []
    for word in tokens(text):
        if word.lower() in STOP or lemma(word).lower() in STOP:
            continue
        k = key(word)
        if k not in seen:
            seen.append(k)
    return seen


def is_name(word: str) -> bool:
    """Whether a capitalised word is a proper noun (a person, a place, a day or month), not a
    common word that opens a sentence or a salutation ("Dear", "Love", "Happy")."""
    word = word.replace("’", "'")
    if not word[:1].isupper() or word in ("I", "O", "OK") or word.startswith("I'"):
        return False
    if word.isupper() and len(word) > 1:
        return True  # an acronym
    return lemma(word)[:1].isupper()


def number_value(word: str) -> int | None:
    """40 for "40", "40th", "forty", "fortieth"; forty-two for "forty-two"; None for a word."""
    w = word.lower().replace("’", "'")
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", w)
    if match:
        return int(match[1])
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return NUMBER_WORDS.get(w)


def numbers(text: str, everyday: bool = True) -> set[int]:
    """Every number written in ``text``, as a value; without ``everyday``, leaving out "one",
    "two", "first", "second", which any letter says without stating a fact."""
    found = set()
    for match in NUMBER.finditer(text):
        if not everyday and match[0].lower() in EVERYDAY_NUMBERS:
            continue
        value = number_value(match[0])
        if value is not None:
            found.add(value)
    return found
