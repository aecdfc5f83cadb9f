"""Grammar and mechanics: a/an, a word written twice, capitals, subject-verb agreement with a
pronoun, the verb form after a modal or "did", plurals after "many"/"several", and the full
stop a sentence ends with. Each is decided from the neighbouring words."""

from __future__ import annotations

import re

from os1.proofread.draft import ENDS, Draft, Tok, Window, set_word
from os1.proofread.words import DETERMINERS, FUNCTION, MODALS, PROPER, PUNCT

# --- a / an: by the sound the next word starts with ------------------------------------
_VOWEL_SOUND_CONSONANT = re.compile(r"^(hour|honest|honou?r|heir)")
_CONSONANT_SOUND_VOWEL = re.compile(r"^(uni(?!n|mp)|use|usu|ure|uro|eu|ewe|one\b|once|ouija|ubiq|"
                                    r"uto|uga|ufo)")
_LETTER_VOWEL = set("aefhilmnorsx")  # letters whose names start with a vowel sound: "an MBA"


def _wants_an(word: str) -> bool | None:
    if not word or not word[0].isalnum():
        return None
    if word.isupper() and len(word) > 1 and word.isalpha():
        return word[0].lower() in _LETTER_VOWEL
    if re.search(r"[A-Z]", word[1:]):  # "HttpOnly", "iPhone": said as the writer knows
        return None
    lower = word.lower()
    if lower[0].isdigit():
        return bool(re.match(r"^(8|11|18|80\d*)\b", lower)) if re.match(r"^\d", lower) else None
    if _VOWEL_SOUND_CONSONANT.match(lower):
        return True
    if _CONSONANT_SOUND_VOWEL.match(lower):
        return False
    return lower[0] in "aeiou"


def articles(draft: Draft, sent: list[Tok]) -> None:
    for i, tok in enumerate(sent[:-1]):
        if tok.lower not in ("a", "an") or (tok.text == "A" and i > 0):
            continue
        nxt = sent[i + 1].text
        if sent[i + 1].lower in PUNCT or len(nxt) == 1:
            continue
        wants = _wants_an(nxt)
        if wants is True and tok.lower == "a":
            set_word(draft, tok, "an", "an before a vowel sound")
        elif wants is False and tok.lower == "an":
            set_word(draft, tok, "a", "a before a consonant sound")


# --- a word written twice ---------------------------------------------------------------
_MAY_REPEAT = {"had", "that", "ha", "bye", "very", "so", "really", "no", "yes", "well", "far",
               "many", "much", "more", "again", "over", "round", "around", "on", "out", "go",
               "blah", "la", "do", "is", "knock", "hip", "tut", "bla", "ho", "oh", "ah", "now"}


def doubled(draft: Draft, sent: list[Tok]) -> None:
    kept = sent[0]
    for tok in sent[1:]:
        if tok.word and kept.lower == tok.lower and tok.lower not in _MAY_REPEAT:
            draft.delete(tok, "a word written twice")
        else:
            kept = tok


# --- capitals -------------------------------------------------------------------------
_OPENING = {'"', "“", "‘", "'", "(", "["}


def capitals(draft: Draft, sent: list[Tok]) -> None:
    """A capital where a sentence starts and where English always has one ("French",
    "Monday"); none on a small word in mid-sentence ("said that If we…"), unless it opens a
    name or a title (a capital word follows it) or comes after a colon or a quote."""
    first = sent[1] if sent[0].text in _OPENING and len(sent) > 1 else sent[0]
    if (first.word and first.text[0].islower() and not re.search(r"[A-Z.]", first.text[1:])):
        draft.replace(first, first.text[0].upper() + first.text[1:],
                      "a sentence starts with a capital")
    live = [t for t in sent if not t.deleted]
    for k, tok in enumerate(live):
        if tok is first or not tok.word or tok.reasons:
            continue
        if tok.text in PROPER:
            draft.replace(tok, PROPER[tok.text], "a name of a language, people, place or day "
                                                 "takes a capital")
            continue
        before, after = live[k - 1], live[k + 1] if k + 1 < len(live) else None
        if (tok.text[0].isupper() and tok.text[1:].islower() and tok.lower in FUNCTION
                and tok.lower != "i" and not tok.lower.startswith("i'")
                and (before.text == "," or (before.word and before.text.islower()))
                and after is not None and after.word
                and (after.text.islower() or after.text == "I" or after.text.startswith("I'"))):
            draft.replace(tok, tok.lower, "no capital in mid-sentence")


_WH = {"what", "why", "how", "where", "when", "who", "which"}
_QUESTION_OPENERS = _WH | {"do", "does", "did", "is", "are", "was", "were", "can", "could",
                           "would", "will", "should", "shall", "have", "has", "may"}
_SUBJECT_LIKE = {"i", "you", "he", "she", "it", "we", "they", "there", "this", "that", "the",
                 "a", "an", "my", "your", "his", "her", "our", "their", "anyone", "someone",
                 "people", "everyone"}


def end_mark(draft: Draft, sent: list[Tok]) -> None:
    """A sentence of four words or more that runs to the end of its line without an end mark
    gets a full stop (a greeting or signature line is shorter, and ends as it is)."""
    last = sent[-1]
    words = [t for t in sent if t.word]
    if (len(words) < 4 or last.text in ENDS or last.text in ('"', ")", "'", ":", ";", ",")
            or last.text.endswith(".")):  # "etc."
        return
    if last.word or last.text[:1].isdigit():
        if words[0].lower in _QUESTION_OPENERS and (
                words[0].lower in _WH or (len(words) > 1 and words[1].lower in _SUBJECT_LIKE)):
            draft.insert(None, "?", "a question ends with a question mark", after=last)
        else:
            draft.insert(None, ".", "a sentence ends with a full stop", after=last)


# --- agreement with a pronoun subject ---------------------------------------------------
_THIRD = {"he", "she", "it"}
_PLURAL = {"we", "they", "you"}
_IRREGULAR_PLURALS = {"people", "children", "men", "women", "police"}
_BEFORE_SUBJECT_OK = MODALS | {"does", "did", "do", "let", "make", "made", "help", "see",
                               "have", "had", "has", "get", "got", "let's", "lets", "makes",
                               "helps", "sees", "hears", "feel", "felt", "watched",
                               "saw", "watch", "hear", "heard", "to", "if", "wish", "as",
                               "doesn't", "didn't", "don't", "can't", "won't", "would",
                               "suppose", "whether", "than"}
_COMMON_VERBS = ("want like need know think make get say come take see look live work play "
                 "love feel try seem become give tell use find help mean keep believe study "
                 "enjoy go eat drink speak write read run walk talk call ask show buy pay "
                 "leave move change start stop learn teach hate prefer hope wish travel spend "
                 "earn agree understand remember forget decide provide allow offer create")
VERBS = set(_COMMON_VERBS.split())
_SAME_PAST = {"read", "put", "cut", "set", "let", "hit", "hurt", "cost", "quit", "spread"}


def third_person(verb: str) -> str:
    if verb in ("have",):
        return "has"
    if verb in ("do", "go"):
        return verb + "es"
    if re.search(r"(s|sh|ch|x|z)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


_BASE_OF = {third_person(v): v for v in VERBS | {"have", "do", "go"}}
_IRREGULAR_PAST = {"went": "go", "came": "come", "saw": "see", "took": "take", "got": "get",
                   "gave": "give", "made": "make", "did": "do", "had": "have", "knew": "know",
                   "thought": "think", "told": "tell", "said": "say", "felt": "feel",
                   "found": "find", "left": "leave", "began": "begin", "ran": "run",
                   "wrote": "write", "bought": "buy", "brought": "bring", "ate": "eat",
                   "spoke": "speak", "became": "become", "taught": "teach", "paid": "pay",
                   "kept": "keep", "meant": "mean", "understood": "understand"}


def agreement(draft: Draft, sent: list[Tok]) -> None:
    w = Window(sent)
    clause_if = False
    for i, _tok in enumerate(sent):
        word, prev, nxt = w.words[i], w.at(i - 1), w.at(i + 1)
        if word in ("if", "wish", "though"):
            clause_if = True
        if i + 1 >= len(sent) or prev in _BEFORE_SUBJECT_OK:
            continue
        verb = sent[i + 1]
        if word in _THIRD:
            if nxt == "have":
                set_word(draft, verb, "has", "agreement: he/she/it has")
            elif nxt in ("don't",):
                set_word(draft, verb, "doesn't", "agreement: he/she/it doesn't")
            elif nxt == "are":
                set_word(draft, verb, "is", "agreement: he/she/it is")
            elif nxt == "were" and not clause_if:
                set_word(draft, verb, "was", "agreement: he/she/it was")
            elif (nxt in VERBS and nxt not in _SAME_PAST and w.at(i + 2) not in ("'", "-")
                  and not (nxt == "use" and w.at(i + 2) == "to")):
                set_word(draft, verb, third_person(nxt), f"agreement: {word} {third_person(nxt)}")
        elif word in _PLURAL or (word == "i" and nxt != "is"):
            if nxt == "has":
                set_word(draft, verb, "have", f"agreement: {sent[i].text} have")
            elif nxt == "doesn't":
                set_word(draft, verb, "don't", f"agreement: {sent[i].text} don't")
            elif nxt == "is" and word != "i":
                set_word(draft, verb, "are", f"agreement: {word} are")
            elif nxt == "was" and word != "i":
                set_word(draft, verb, "were", f"agreement: {word} were")
            elif nxt in _BASE_OF and nxt not in ("has",) and w.at(i - 1) not in ("that",):
                set_word(draft, verb, _BASE_OF[nxt], f"agreement: {sent[i].text} {_BASE_OF[nxt]}")
        elif word == "i" and nxt == "is":
            set_word(draft, verb, "am", "agreement: I am")
        elif word in _IRREGULAR_PLURALS and nxt in ("is", "was", "has") and \
                sent[i].text.islower():
            new = {"is": "are", "was": "were", "has": "have"}[nxt]
            set_word(draft, verb, new, f"agreement: {word} {new}")


# Two people as one subject: "Lucia and her friends has been…", "My mum and my dad is…"
_OWNERS = {"my", "her", "his", "their", "our", "your"}
_SINGULAR_VERB = {"has": "have", "is": "are", "was": "were", "doesn't": "don't"}


def compound(draft: Draft, sent: list[Tok]) -> None:
    """A subject of two, the second someone's ("X and her friends"), takes a plural verb. Only
    at the start of a sentence, with a name or someone's ("my mum") before "and", so "fish and
    chips is" and "bread and butter" are left as written."""
    w = Window(sent)
    for i in (1, 2):
        if w.at(i) != "and" or w.at(i + 1) not in _OWNERS:
            continue
        first_ok = (i == 1 and sent[0].text[:1].isupper() and (sent[0].lower not in FUNCTION or sent[0].lower in ("he", "she"))) or (
            i == 2 and w.at(0) in _OWNERS)
        for v in (i + 3, i + 4):
            if first_ok and w.at(v) in _SINGULAR_VERB and all(t.word for t in sent[i + 2:v]):
                new = _SINGULAR_VERB[w.at(v)]
                set_word(draft, sent[v], new, f"agreement: two people {new}")
                return


_AUX_BASE = MODALS | {"did", "didn't", "does", "doesn't", "do", "don't", "can't", "cannot",
                      "couldn't", "won't", "wouldn't", "shouldn't", "mustn't", "to"}


def verb_form(draft: Draft, sent: list[Tok], known) -> None:
    """After a modal or "did"/"does" (and "not"), the bare verb: "can goes" → "can go",
    "did not went" → "did not go", "didn't developed" → "didn't develop"."""
    w = Window(sent)
    for i, tok in enumerate(sent):
        if (w.words[i] not in _AUX_BASE or w.words[i] == "to" or w.at(i - 1) in DETERMINERS
                or (i > 0 and not tok.text.islower())):  # "the can", "in May"
            continue
        j = i + 2 if w.at(i + 1) in ("not", "n't", "never", "also", "only") else i + 1
        word = w.at(j)
        if j >= len(sent) or not word.isalpha():
            continue
        base = None
        if word in _IRREGULAR_PAST and word not in ("had", "did"):
            base = _IRREGULAR_PAST[word]
        elif word in _BASE_OF and word not in ("has", "does"):
            base = _BASE_OF[word]
        elif word.endswith("ed") and len(word) > 4 and w.words[i] not in MODALS:
            base = _base_of_past(word, known)
        if base:
            set_word(draft, sent[j], base, f"the bare verb after {sent[i].text}")


def _base_of_past(word: str, known) -> str | None:
    stem = word[:-2]
    for candidate in (stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None,
                      stem + "e", stem, stem[:-1] + "y" if stem.endswith("i") else None):
        if candidate and known(candidate) and candidate not in FUNCTION and len(candidate) > 2:
            return candidate
    return None


# --- plurals after a word that counts ----------------------------------------------------
_COUNTING = {"many", "several", "few", "these", "those", "various", "numerous", "two", "three",
             "four", "five", "six", "seven", "eight", "nine", "ten", "both", "multiple"}
_UNCOUNTABLE = {"information", "advice", "homework", "knowledge", "research", "news", "money",
                "furniture", "equipment", "work", "traffic", "software", "evidence", "luggage",
                "fish", "sheep", "deer", "data", "hair", "people", "children", "men", "women",
                "police", "staff", "kind", "sort", "type", "more", "other", "own", "time's"}
_NOT_NOUN: tuple[str, ...] = ("ly", "ing", "ed", "ful", "ous", "ive", "ic")
_OF_WHICH = {"the", "my", "your", "his", "her", "our", "their", "these", "those"}
_AFTER_NOUN = {".", ",", "!", "?", ";", ":", "", "of", "in", "to", "that", "who", "which",
               "and", "are", "were", "have", "had", "can", "will", "for", "with", "from", "at",
               "on", "do", "did", "would", "could", "should", "like", "than"}


def plurals(draft: Draft, sent: list[Tok], known) -> None:
    """A plural noun after a word that counts more than one ("many friend" → "many
    friends"), and after "one of the" or "each of my", past a superlative ("one of the best
    student" → "students")."""
    w = Window(sent)
    suffixes: tuple[str, ...]
    for i in range(len(sent) - 1):
        if w.words[i] in _COUNTING and not (w.at(i - 1) in ("the",) and w.words[i] == "few"):
            at, why, after = i + 1, f"plural after {sent[i].text}", _AFTER_NOUN
            suffixes = _NOT_NOUN + ("ent", "ant", "al", "er", "est")
        elif (w.words[i] in _OF_WHICH and w.at(i - 1) == "of" and w.at(i - 2) in ("one", "each")
              and w.at(i - 3) not in ("no",)):
            at, why = i + 1, f"plural after \"{w.at(i - 2)} of {w.words[i]}\""
            after, suffixes = _AFTER_NOUN | {"is", "was", "has"}, _NOT_NOUN  # "one … is"
            if w.at(at) == "most" or w.at(at).endswith("est") or w.at(at) in ("best", "worst"):
                at += 2 if w.at(at) == "most" else 1
        else:
            continue
        noun = w.at(at)
        if (at >= len(sent) or not noun.isalpha() or noun in FUNCTION or noun in _UNCOUNTABLE
                or noun.endswith("s") or (noun.endswith(suffixes) and not _plain_ing(noun, known))
                or w.at(at + 1) not in after or not sent[at].text.islower()):
            continue
        plural = _plural(noun)
        if known(plural) and known(noun):
            set_word(draft, sent[at], plural, why)


def _plain_ing(word: str, known) -> bool:
    """A noun that only ends in -ing ("thing", "king"), not a verb's -ing form."""
    stem = word[:-3]
    return word.endswith("ing") and (len(stem) < 3 or not (known(stem) or known(stem + "e")))


def _plural(noun: str) -> str:
    if re.search(r"(s|sh|ch|x|z)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


_THERE_PLURAL = {"many", "several", "few", "lots", "some", "two", "three", "four", "five",
                 "numerous", "various", "no"}


def there_is(draft: Draft, sent: list[Tok]) -> None:
    """"there is many" → "there are many"."""
    w = Window(sent)
    for i, _tok in enumerate(sent[:-2]):
        if w.words[i] == "there" and w.at(i + 1) in ("is", "was") and (
                w.at(i + 2) in _THERE_PLURAL - {"no", "some"}
                or (w.at(i + 2) in ("a",) and w.at(i + 3) == "lot" and w.at(i + 4) == "of"
                    and w.at(i + 5).endswith("s"))):
            set_word(draft, sent[i + 1], "are" if w.at(i + 1) == "is" else "were",
                 "agreement: there are, for more than one")


# --- punctuation and style -----------------------------------------------------------------
_OPENERS = {("however",), ("therefore",), ("moreover",), ("furthermore",), ("consequently",),
            ("nevertheless",), ("nonetheless",), ("finally",), ("firstly",), ("secondly",),
            ("thirdly",), ("additionally",), ("meanwhile",), ("besides",), ("indeed",),
            ("lastly",), ("for", "example"), ("for", "instance"), ("in", "addition"),
            ("in", "conclusion"), ("on", "the", "other", "hand"), ("in", "my", "opinion"),
            ("in", "other", "words"), ("as", "a", "result"),
            ("in", "summary"), ("to", "sum", "up"), ("in", "short"), ("in", "general"),
            ("in", "fact"), ("on", "the", "contrary"), ("to", "conclude"), ("all", "in", "all"),
            ("thus",), ("hence",), ("also",), ("likewise",), ("similarly",), ("otherwise",),
            ("unfortunately",), ("fortunately",), ("nowadays",),
            ("on", "the", "one", "hand"), ("on", "one", "hand"), ("to", "summarize"),
            ("to", "summarise"), ("in", "my", "view")}


def opener_comma(draft: Draft, sent: list[Tok]) -> None:
    """"However we left" → "However, we left": a comma after a sentence's linking opener."""
    words = [t.lower for t in sent]
    for opener in _OPENERS:
        n = len(opener)
        if (tuple(words[:n]) == opener and len(words) > n + 2 and words[n] not in PUNCT
                and words[n] not in ("the", "of", "to", "that", "with", "is", "was")):
            draft.insert(None, ",", f"a comma after \"{' '.join(opener).capitalize()}\"",
                         after=sent[n - 1])
            return


def double_comparative(draft: Draft, sent: list[Tok]) -> None:
    """"more easier" → "easier", "most biggest" → "biggest"."""
    from os1.proofread.words import COMPARATIVES

    for prev, tok in zip(sent, sent[1:]):
        if prev.deleted:
            continue
        if prev.lower == "more" and tok.lower in COMPARATIVES - {"more", "less", "other",
                                                                  "rather", "else", "fewer"}:
            draft.delete(prev, "a double comparative")
        elif prev.lower == "most" and tok.lower.endswith("est") and \
                tok.lower[:-3] + "er" in COMPARATIVES | {"better", "worse"}:
            draft.delete(prev, "a double superlative")
