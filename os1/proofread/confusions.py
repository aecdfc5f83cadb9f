"""The classic confusions, each decided from the words around it: their/they're/there,
its/it's, your/you're, who's/whose, then/than, affect/effect, lose/loose, to/too, could of.

Each rule reads one sentence (its live tokens) and corrects tokens in place through the draft,
with a one-line reason. They only fire on a clear cue; when the context is unclear they keep
the writer's word.
"""

from __future__ import annotations

from collections.abc import Callable

from os1.proofread.draft import Draft, Tok, Window, set_word
from os1.proofread.words import (BE, DETERMINERS, MODALS, NEG_MODALS, OBJECTS, PUNCT,
                                 SUBJECTS, is_comparative, noun_like)

_END = {"", ".", ",", "!", "?", ";", ":"}
_AFTER_ING = {"to", "a", "an", "the", "at", "in", "on", "out", "home", "back", "up", "down",
              "with", "for", "so", "now", "today", "tomorrow", "tonight", "away", "over", "off",
              "there", "here", "this", "that", "my", "your", "his", "her", "our", "their",
              "me", "him", "us", "them", "it", "", ".", ",", "!", "?"}
_ARE_NEXT = {"not", "gonna", "always", "never", "still", "already", "really", "so", "too",
             "probably", "definitely", "also", "a", "an", "the", "being", "going", "coming"}
_ITS_NEXT = {"a", "an", "the", "not", "been", "going", "gonna", "very", "so", "too", "really",
             "just", "also", "always", "never", "still", "only", "quite", "because", "getting",
             "being", "becoming", "raining", "snowing", "my", "your", "our", "his", "their",
             "no", "about", "almost", "obviously", "clearly"}
_ADJ_AFTER_BE = {"hard", "easy", "important", "necessary", "possible", "impossible", "clear",
                 "obvious", "true", "better", "worse", "best", "difficult", "likely", "unlikely",
                 "okay", "ok", "fine", "great", "nice", "good", "bad", "enough", "late",
                 "early", "cold", "hot", "interesting", "fun", "funny", "sad", "strange",
                 "amazing", "wonderful", "terrible", "beautiful", "essential", "useful",
                 "crucial", "certain", "sure", "over", "done", "right", "wrong", "welcome",
                 "ready", "lucky", "kidding", "joking", "awesome", "crazy", "correct"}
_ADJ_FOLLOW = _END | {"to", "that", "for", "because", "and", "but", "about", "so", "if",
                      "enough", "than", "then"}
_NOUN_SUFFIX = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ship", "ure", "age",
                "ism", "hood", "dom")


def _ing_verb(window: Window, i: int) -> bool:
    """``word[i]`` reads as a verb going on ("going to", "coming home"), not a noun."""
    word = window.at(i)
    return len(word) > 4 and word.endswith("ing") and window.at(i + 1) in _AFTER_ING


def _skip_ly(window: Window, i: int) -> str:
    """The word before ``i``, looking past an -ly adverb ("was deeply affected")."""
    prev = window.at(i - 1)
    return window.at(i - 2) if prev.endswith("ly") and len(prev) > 4 else prev


def their_there(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        word, nxt, prev = w.words[i], w.at(i + 1), w.at(i - 1)
        if word == "their" and nxt in ("is", "are", "was", "were", "'s"):
            set_word(draft, tok, "there", "there is/are, not their (belonging to them)")
        elif word == "their" and ((nxt in _ARE_NEXT - {"a", "an", "the"}
                                   and w.at(i + 2) != "own") or _ing_verb(w, i + 1)):
            set_word(draft, tok, "they're", "they're = they are")
        elif word == "there" and nxt == "own":
            set_word(draft, tok, "their", "their = belonging to them")
        elif (word == "there" and prev in {"of", "with", "for", "about", "by", "into", "on",
                                           "at", "love", "miss", "lost", "help", "all"}
              and noun_like(nxt) and w.at(i + 2) not in BE):
            set_word(draft, tok, "their", "their = belonging to them")
        elif word == "they're" and (nxt == "own" or (noun_like(nxt) and not nxt.endswith("ed")
                                    and nxt not in _ADJ_AFTER_BE
                                    and w.at(i + 2) in {"is", "are", "was", "were", "has"})):
            set_word(draft, tok, "their", "their = belonging to them")


def its_its(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        word, nxt = w.words[i], w.at(i + 1)
        if word == "its" and (nxt in _ITS_NEXT
                              or (nxt in _ADJ_AFTER_BE and w.at(i + 2) in _ADJ_FOLLOW)):
            set_word(draft, tok, "it's", "it's = it is")
        elif word in ("it's", "it’s") and (
                nxt == "own" or (nxt.endswith(_NOUN_SUFFIX) and noun_like(nxt)
                                 and w.at(i + 2) in {"is", "are", "was", "were", "has", "of"})):
            set_word(draft, tok, "its", "its = belonging to it")


def your_youre(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        word, nxt = w.words[i], w.at(i + 1)
        if word == "your" and (
                (nxt in _ARE_NEXT and w.at(i + 2) != "own") or _ing_verb(w, i + 1)
                or (nxt in _ADJ_AFTER_BE and w.at(i + 2) in _ADJ_FOLLOW - {"to", "for"})):
            set_word(draft, tok, "you're", "you're = you are")
        elif word in ("you're", "you’re") and (
                nxt == "own" or (noun_like(nxt) and nxt not in _ADJ_AFTER_BE
                                 and not nxt.endswith("ed")
                                 and w.at(i + 2) in {"is", "are", "was", "were", "has"})):
            set_word(draft, tok, "your", "your = belonging to you")


def whose_whos(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        word, nxt = w.words[i], w.at(i + 1)
        if word == "whose" and (nxt in _ARE_NEXT | {"been", "there", "here"}
                                or _ing_verb(w, i + 1)):
            set_word(draft, tok, "who's", "who's = who is")
        elif word in ("who's", "who’s") and noun_like(nxt) and nxt not in _ADJ_AFTER_BE \
                and not nxt.endswith("ed") and w.at(i + 2) in {"is", "are", "was", "were"}:
            set_word(draft, tok, "whose", "whose = belonging to whom")


def could_of(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        if (w.words[i] == "of" and w.at(i - 1) in MODALS | NEG_MODALS - {"don't", "doesn't",
                                                                         "didn't", "cannot"}
                and w.at(i + 1) not in ("course", "")):
            set_word(draft, tok, "have", f"{w.at(i - 1)} have, not {w.at(i - 1)} of")


def then_than(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        word = w.words[i]
        before = w.words[max(0, i - 3):i]
        if word == "then":
            compared = is_comparative(w.at(i - 1)) or (
                any(b in ("more", "less", "fewer", "rather") for b in before)
                and not any(b in PUNCT or b in ("and", "but") for b in before))
            if compared and w.at(i - 1) not in PUNCT:
                set_word(draft, tok, "than", "than compares; then is about time")
        elif word == "than":
            earlier = w.words[:i]
            compares = any(is_comparative(b) or b in ("as", "different", "prefer", "rather",
                                                     "sooner", "twice") for b in earlier)
            if not compares and w.at(i - 1) in {"", ",", "and", "but", "since", "until",
                                                "till", "back", "just", "now", "by"}:
                set_word(draft, tok, "then", "then is about time; than compares")


_EFFECT_BEFORE = DETERMINERS | {"positive", "negative", "big", "great", "huge", "side", "bad",
                                "good", "major", "significant", "strong", "profound", "lasting",
                                "little", "much", "adverse", "direct", "harmful", "real",
                                "desired", "opposite", "same", "overall", "serious"}


def affect_effect(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        word, prev, nxt = w.words[i], w.at(i - 1), w.at(i + 1)
        if word in ("affect", "affects") and prev in _EFFECT_BEFORE:
            set_word(draft, tok, "e" + word[1:], "effect is the noun, affect the verb")
        elif word == "effect" and (prev in MODALS | NEG_MODALS | {"to", "not", "also", "may"}
                                   and nxt not in ("change", "changes")):
            set_word(draft, tok, "affect", "affect is the verb, effect the noun")
        elif word == "effects" and prev in {"it", "this", "that", "he", "she", "which", "who"} \
                and nxt in OBJECTS | DETERMINERS | {"people", "everyone", "everybody"}:
            set_word(draft, tok, "affects", "affect is the verb, effect the noun")
        elif word == "effect" and prev in {"i", "you", "we", "they", "these", "those"} \
                and nxt in OBJECTS | DETERMINERS | {"people", "everyone", "everybody"}:
            set_word(draft, tok, "affect", "affect is the verb, effect the noun")
        elif word in ("effected", "effecting") and _skip_ly(w, i) in BE | {
                "get", "got", "gets", "getting", "has", "have", "had", "not"}:
            set_word(draft, tok, "a" + word[1:], "affect is the verb, effect the noun")


def lose_loose(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        word, prev, nxt = w.words[i], w.at(i - 1), w.at(i + 1)
        if word == "loosing":
            set_word(draft, tok, "losing", "lose (fail to keep); loose means not tight")
        elif word == "loose" and prev in MODALS | NEG_MODALS | {"to", "not", "never", "'ll",
                                                                "gonna", "also", "might"}:
            set_word(draft, tok, "lose", "lose (fail to keep); loose means not tight")
        elif word == "looses" and prev in SUBJECTS | {"who", "which", "that", "one", "everyone"}:
            set_word(draft, tok, "loses", "lose (fail to keep); loose means not tight")
        elif word == "lose" and prev in {"too", "very", "so", "come", "came", "comes", "break",
                                         "broke", "cut", "let", "hang", "hanging", "set"} \
                and nxt in _END | {"and", "but", "from", "on", "in"}:
            set_word(draft, tok, "loose", "loose = not tight; lose = fail to keep")


_TOO_WORDS = {"much", "many", "late", "early", "big", "small", "far", "long", "often", "soon",
              "fast", "slow", "hard", "easy", "expensive", "cheap", "cold", "hot", "young",
              "old", "busy", "tired", "difficult", "bad", "short", "high", "low", "heavy",
              "loud", "quiet", "strong", "weak", "tight", "loose", "scared", "afraid"}
_ASKS_TO = {"want", "wanted", "wants", "ask", "asked", "tell", "told", "need", "needed",
            "allow", "allowed", "expect", "expected", "like", "would", "get", "got", "invite",
            "invited", "encourage", "help", "let", "force", "forced", "teach", "taught",
            "remind", "reminded", "order", "ordered", "beg", "urge", "advise", "persuade",
            "going", "able", "used", "have", "has", "had", "try", "tried", "love", "hate"}


def to_too(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    for i, tok in enumerate(sent):
        word, prev, nxt = w.words[i], w.at(i - 1), w.at(i + 1)
        if (word == "to" and nxt in _TOO_WORDS and w.at(i + 2) in _END | {"to", "for"}
                and "from" not in w.words[max(0, i - 4):i] and prev not in ("up", "due")
                and not (nxt == "many" and w.at(i + 2) not in _END)):
            set_word(draft, tok, "too", "too = also or more than enough")
        elif (word == "to" and prev in OBJECTS - {"it"} and nxt in _END
              and w.at(i - 2) not in _ASKS_TO):
            set_word(draft, tok, "too", "too = also or more than enough")
        elif word == "too" and nxt in DETERMINERS - {"that", "what", "which", "no"} | {
                "me", "him", "them", "us", "be", "go", "do", "get", "make", "see", "take",
                "school", "bed", "work"}:
            set_word(draft, tok, "to", "to, not too (also or more than enough)")


RULES: tuple[Callable[[Draft, list[Tok]], None], ...] = (
    their_there, its_its, your_youre, whose_whos, could_of, then_than, affect_effect,
    lose_loose, to_too)


def fix(draft: Draft) -> None:
    for sent in draft.sentences():
        for rule in RULES:
            rule(draft, sent)
