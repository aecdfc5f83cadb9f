"""Spelling: a word the dictionary lacks becomes its likeliest neighbour, in the user's variety.

Left alone: names (a capital in mid-sentence), acronyms, words with digits or inner capitals,
URLs and addresses, and anything the caller says to keep. A word two dictionary words were run
together into ("alot", "eachother") is split; a contraction written without its apostrophe
("dont", "thats") gets it back.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from os1.errors import OS1Error
from os1.proofread import variety

# Contractions learners write without the apostrophe. Words that are also words ("cant",
# "wont", "well", "were", "ill", "shed", "lets") are left out unless almost never meant.
CONTRACTIONS = {
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't",
    "wasnt": "wasn't", "arent": "aren't", "werent": "weren't", "havent": "haven't",
    "hasnt": "hasn't", "hadnt": "hadn't", "couldnt": "couldn't", "wouldnt": "wouldn't",
    "shouldnt": "shouldn't", "mustnt": "mustn't", "neednt": "needn't", "cant": "can't",
    "im": "I'm", "ive": "I've", "youre": "you're", "youve": "you've", "youll": "you'll",
    "theyre": "they're", "theyve": "they've", "theyll": "they'll", "thats": "that's",
    "whats": "what's", "theres": "there's", "heres": "here's", "wheres": "where's",
    "whos": "who's", "hes": "he's", "itll": "it'll", "weve": "we've", "wouldve": "would've",
    "couldve": "could've", "shouldve": "should've", "lets": "let's", "u": "you",
    "i": "I", "i'm": "I'm", "i've": "I've", "i'll": "I'll", "i'd": "I'd",
}
_ONLY_AT_START = {"lets"}
# Past tenses made regular by rule where English has an irregular one ("choosed" → "chose").
_IRREGULAR = {
    "choosed": "chose", "teached": "taught", "dealed": "dealt", "buyed": "bought",
    "thinked": "thought", "catched": "caught", "bringed": "brought", "goed": "went",
    "runned": "ran", "writed": "wrote", "falled": "fell", "feeled": "felt", "keeped": "kept",
    "leaved": "left", "maked": "made", "sayed": "said", "speaked": "spoke", "spended": "spent",
    "taked": "took", "telled": "told", "understanded": "understood", "winned": "won",
    "knowed": "knew", "growed": "grew", "drived": "drove", "eated": "ate", "gived": "gave",
    "getted": "got", "sleeped": "slept", "meeted": "met", "sended": "sent", "builded": "built",
    "losed": "lost", "payed": "paid", "readed": "read", "sitted": "sat", "standed": "stood",
    "hitted": "hit", "cutted": "cut", "becomed": "became", "begined": "began",
    "breaked": "broke", "drinked": "drank", "forgeted": "forgot", "hided": "hid",
    "holded": "held", "hurted": "hurt", "leaded": "led", "lended": "lent", "meaned": "meant",
    "rided": "rode", "rised": "rose", "seeked": "sought", "selled": "sold", "shaked": "shook",
    "shooted": "shot", "swimmed": "swam", "throwed": "threw", "weared": "wore",
    "fighted": "fought", "feeded": "fed", "finded": "found", "flied": "flew",
    "forgived": "forgave", "freezed": "froze", "heared": "heard", "striked": "struck",
    "stealed": "stole", "singed": "sang", "spreaded": "spread", "costed": "cost",
}
# Everyday words newer than the dictionary's word list.
MODERN = ("app apps app's api apis smartphone smartphones wifi selfie selfies podcasts backend "
          "frontend config logout inbox inboxes hashtag hashtags emoji emojis chatbot chatbots "
          "webcam webcams ebook ebooks texting covid cybersecurity livestream livestreams "
          "blogger vlog vlogs").split()
_ABBREVIATIONS = {"http", "https", "www", "etc", "e.g", "i.e", "vs", "ok", "okay", "mr", "mrs", "ms", "dr"}
_PREFIXES = ("re", "un", "pre", "non", "over", "under", "sub", "co", "multi", "anti", "mis",
             "inter", "super", "self-", "micro", "mini", "semi", "post")
# Two-letter words a run-together word may be split into.
_TWO_LETTER = {"an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me",
               "my", "no", "of", "on", "or", "so", "to", "up", "us", "we"}  # "Lets go" → "Let's go"; "she lets him" stays
SPLIT_MIN = 20_000  # each half of a split word must be at least this common
SKIP = re.compile(r"\d|^[A-Z]{2,}s?$|.[A-Z]|[_@/.`]")


@dataclass(frozen=True)
class Fix:
    new: str
    reason: str


class Speller:
    """pyspellchecker's English dictionary (word frequencies from subtitles), shared."""

    def __init__(self) -> None:
        try:
            from spellchecker import SpellChecker
            import rapidfuzz  # noqa: F401  (edit distances for the nearest words)
        except ImportError:
            raise OS1Error("proofreading needs the craft extra: pip install 'os1[craft]'.") \
                from None

        self.checker = SpellChecker(language="en", distance=2)
        self.checker.word_frequency.load_words(MODERN)
        self.freq = self.checker.word_frequency.dictionary

    def known(self, word: str) -> bool:
        return word.lower() in self.freq

    def count(self, word: str) -> int:
        return self.freq.get(word.lower(), 0)

    def check(self, word: str, *, sentence_start: bool, english: str,
              keep: frozenset[str] = frozenset()) -> Fix | None:
        """The fix for one word token, or None when it is fine (or not ours to judge)."""
        lower = word.lower()
        if lower in CONTRACTIONS and (lower not in _ONLY_AT_START or sentence_start):
            new = _case_like(word, CONTRACTIONS[lower], sentence_start)
            if new != word:
                return Fix(new, "capital I" if lower.startswith("i") and len(lower) <= 4
                           and new.startswith("I") and lower != "im" else "apostrophe")
            return None
        if lower in _IRREGULAR:
            return Fix(_case_like(word, _IRREGULAR[lower], sentence_start), "irregular verb")
        if (len(word) < 3 or lower in keep or lower in _ABBREVIATIONS or SKIP.search(word)
                or not word.isascii()
                or (word[0].isupper() and not sentence_start)):
            return None
        if "'" in word or "’" in word:
            return self._check_clitic(word, sentence_start, english, keep)
        if "-" in word:
            return None  # hyphenated words are left alone, their parts known or not
        if self.known(lower):
            if english == variety.GB:
                uk = variety.british(word)
                if uk is not None:
                    return Fix(uk, "British spelling")
            return None
        us = variety.american(word, self.known)
        if us is not None:
            return None if english == variety.GB else Fix(us, "American spelling")
        if self._derived(lower):
            return None
        split = self.split(lower)
        if split:
            return Fix(_case_like(word, split, sentence_start), "spelling: two words")
        best = self.best(lower)
        if best is None:
            return None
        if english == variety.GB:
            best = variety.british(best) or best
        return Fix(_case_like(word, best, sentence_start), "spelling")

    def _check_clitic(self, word: str, sentence_start: bool, english: str,
                      keep: frozenset[str]) -> Fix | None:
        lower = word.lower().replace("’", "'")
        if self.known(lower):
            return None
        head, _, tail = lower.rpartition("'")
        if tail in ("s", "") and head:  # a possessive: the word before it is what to check
            fix = self.check(word[:len(head)], sentence_start=sentence_start,
                             english=english, keep=keep)
            return Fix(fix.new + word[len(head):], fix.reason) if fix else None
        best = self.best(lower)
        return Fix(_case_like(word, best, sentence_start), "spelling") if best else None

    def _derived(self, lower: str) -> bool:
        """A known word with a common prefix ("resampled", "unalive") or made an agent noun
        ("embedder"): a real word the dictionary does not list."""
        for prefix in _PREFIXES:
            rest = lower[len(prefix):]
            if lower.startswith(prefix) and len(rest) >= 5 and self.known(rest):
                return True
        noun = lower[:-1] if lower.endswith("ers") else lower
        if not noun.endswith("er") or len(noun) < 6:
            return False
        stem = noun[:-2]
        if stem[-1] == stem[-2]:  # "embedder": the consonant doubled
            stem = stem[:-1]
        return self.known(stem) and self.count(stem) > 500

    @lru_cache(maxsize=4096)
    def best(self, lower: str) -> str | None:
        """The likeliest intended word among the known words one or two edits away: common
        words first, a nearer one before a farther one, and the slips learners make most
        (a letter left out, two swapped, the first letter kept) before others. Words of four
        letters or fewer only at one edit, where two would be a guess."""
        from rapidfuzz import distance, process

        reach = 2 if len(lower) > 4 else 1
        three = len(lower) == 3  # of three letters, only the likeliest slips (see _slip)
        found = [f for f in process.extract(lower, self._near_length(len(lower)),
                                            scorer=distance.OSA.distance,
                                            score_cutoff=reach, limit=None)
                 if (f[1] < 2 or f[0][0] == lower[0]  # two edits: the first letter kept
                     or (f[0][0] in "aeiou" and lower[0] in "aeiou"))  # or a vowel for one
                 and (not three or (_slip(lower, f[0]) and self.freq[f[0]] >= 50_000))]
        if not found:
            return None

        def score(item: tuple[str, int, int]) -> float:
            word, edits = item[0], item[1]
            value = 0.5 * math.log10(self.freq[word] + 1) - 2.5 * edits
            if len(word) == len(lower) + 1:  # a letter left out: the commonest slip
                value += 1.0
            elif sorted(word) == sorted(lower):  # two letters swapped
                value += 0.5
            if word[0] == lower[0]:
                value += 0.3
            return value

        return max(found, key=lambda item: (score(item), item[0]))[0]

    @lru_cache(maxsize=64)
    def _near_length(self, n: int) -> list[str]:
        return [w for w in self.freq if abs(len(w) - n) <= 2]

    @lru_cache(maxsize=4096)
    def split(self, lower: str) -> str | None:
        """Two common words run together ("alot" → "a lot"), or None."""
        best, score = None, 0
        for i in range(1, len(lower)):
            left, right = lower[:i], lower[i:]
            if (len(left) == 1 and left not in ("a", "i")) or len(right) == 1:
                continue
            if (len(left) == 2 and left not in _TWO_LETTER) or \
                    (len(right) == 2 and right not in _TWO_LETTER):
                continue
            low = min(self.count(left), self.count(right))
            if low >= SPLIT_MIN and low > score:
                best, score = f"{left} {right}", low
        if best is None:
            return None
        near = self.best(lower) if len(lower) > 3 else None
        # A left-out apostrophe ("todays"), or one letter too many in a word not far rarer
        # than the halves ("valueable"), is the likelier slip than a left-out space.
        if near and (near.replace("'", "") == lower or (
                len(near) == len(lower) - 1 and near in self.checker.edit_distance_1(lower)
                and self.count(near) * 10 > score and near not in best.split())):
            return None
        return best


_KEYS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _adjacent(a: str, b: str) -> bool:
    """Neighbouring keys on a QWERTY keyboard (same row or the row above or below)."""
    for r, row in enumerate(_KEYS):
        if a in row:
            i = row.index(a)
            for near in _KEYS[max(0, r - 1):r + 2]:
                if b in near[max(0, i - 1):i + 2]:
                    return True
    return False


def _slip(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with a slip of the hand: two letters swapped, a
    neighbouring key hit, or a doubled letter typed once ("wil")."""
    if sorted(typed) == sorted(word):
        return True
    if len(typed) == len(word):
        diffs = [(a, b) for a, b in zip(typed, word) if a != b]
        return len(diffs) == 1 and _adjacent(*diffs[0])
    if len(word) == len(typed) + 1:
        return any(word[:i] + word[i + 1:] == typed and word[i] == word[i - 1]
                   for i in range(1, len(word)))
    return False


@lru_cache(maxsize=1)
def speller() -> Speller:
    return Speller()


def _case_like(model: str, word: str, sentence_start: bool) -> str:
    if word.startswith("I") and (len(word) == 1 or word[1] == "'"):
        return word
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
