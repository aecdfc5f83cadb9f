"""A letter's commission: what a letter writer asks before writing (from whom, to whom, their
relationship, the occasion, the details to use, what to avoid, the tone, the length), and a
deterministic reading of a one-line request into it:

    "a note for my sister Anna's 40th, warm and a bit funny, say I miss her; she lives in Boston"
    → to Anna (sister), 40th birthday, tone warm + funny, short, details "I miss her" and
      "she lives in Boston", place Boston.

Also whether words ask for a letter at all (``asks_for_letter``), which chat and the letter
desk's reading of what was told both need. Nothing here asks a model: chat, the CLI and the
web app can all call it, and what it reads is the user's words, kept as data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields

from os1.memory.people import RELATIONS
from os1.memory.untrusted import LOWER, UPPER, reads_as_instruction

# Words at most, and at least, for each length a request can ask for.
LENGTHS = {"short": (25, 120), "medium": (80, 250), "long": (180, 450)}
TONES = {"warm": "warm", "funny": "funny", "humorous": "funny", "humourous": "funny",
         "witty": "funny", "jokey": "funny", "playful": "playful", "light": "light-hearted",
         "lighthearted": "light-hearted", "light-hearted": "light-hearted", "heartfelt": "heartfelt",
         "sincere": "sincere", "formal": "formal", "informal": "informal", "casual": "casual",
         "tender": "tender", "romantic": "romantic", "gentle": "gentle", "respectful": "respectful",
         "professional": "professional", "upbeat": "upbeat", "cheerful": "cheerful",
         "sentimental": "sentimental", "simple": "simple", "sweet": "sweet", "serious": "serious",
         "humble": "humble", "grateful": "grateful", "loving": "loving", "affectionate": "affectionate",
         "encouraging": "encouraging", "comforting": "comforting", "kind": "kind", "honest": "honest",
         "proud": "proud", "sappy": "sentimental", "cheesy": "cheesy", "soppy": "sentimental",
         "mushy": "sentimental", "emotional": "emotional", "personal": "personal",
         "nostalgic": "nostalgic", "reassuring": "reassuring", "polite": "polite"}
OCCASIONS: list[tuple[str, re.Pattern]] = [(label, re.compile(pattern, re.I)) for label, pattern in (
    ("condolence", r"\b(passed away|passed on|died|death|lost (?:her|his|their|my)|loss|funeral|"
                   r"memorial|sympathy|condolences?|bereave\w*)\b"),
    ("apology", r"\b(apolog\w*|sorry|make (?:it )?up to)\b"),
    ("wedding anniversary", r"\bwedding anniversary\b"),
    ("anniversary", r"\banniversary\b"),
    ("wedding", r"\b(wedding|getting married|marriage)\b"),
    ("engagement", r"\b(engagement|engaged)\b"),
    ("birthday", r"\b(birthday|bday|b-day)\b"),
    ("graduation", r"\b(graduat\w*)\b"),
    ("retirement", r"\b(retir\w*)\b"),
    ("new baby", r"\b(new baby|had a baby|having a baby|newborn|baby shower)\b"),
    ("get well", r"\b(get well|surgery|hospital|recover\w*|illness|sick)\b"),
    ("thank you", r"\b(thank[- ]you|thanks|thank (?:her|him|them)|grateful)\b"),
    ("farewell", r"\b(farewell|goodbye|leaving|moving away|last day)\b"),
    ("congratulations", r"\b(congrat\w*|promotion|new job|new house|new home)\b"),
    ("love letter", r"\b(love letter|valentine\w*)\b"),
    ("holiday greetings", r"\b(christmas|holiday card|new year|hanukkah|eid|diwali)\b"),
)]
ORDINAL = re.compile(r"\b(\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
                     r"ninth|tenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|"
                     r"eightieth|ninetieth|hundredth)\b(?:\s+(birthday|anniversary|wedding anniversary))?",
                     re.I)
RELATION_WORDS = {r.replace("_", " ") for r in RELATIONS}
RELATION = "|".join(sorted((re.escape(r.replace("_", " ")) for r in RELATIONS), key=len, reverse=True))
NAME = r"[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?"
TITLE = (r"(?:(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Professor|Aunt|Uncle|Grandma|Grandpa|Nana|Monsieur|Madame|Mme|Mlle|"
         r"Señora|Señor|Sra|Sr|Herr|Frau|Signora|Signor|Coach|Father|Sister|Rabbi|Pastor|Imam)\.? )")
_NOT_NAMES = {"i", "a", "the", "my", "our", "monday", "tuesday", "wednesday", "thursday", "friday",
              "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
              "august", "september", "october", "november", "december", "christmas", "easter",
              "valentine", "valentines", "thanksgiving", "halloween", "new"}
MY_PERSON = re.compile(rf"\b(?i:my|our) (?i:(?:dear|dearest|old|best|little|big|younger|older|"
                       rf"late|new) )?((?i:{RELATION}))(?:,? ({TITLE}?{NAME}))?(?:['’]s)?")
PERSON_MY = re.compile(rf"\b({NAME}),? (?:my|our) ((?i:{RELATION}))\b")
TO_NAME = re.compile(rf"\b(?:to|for|dear) ({TITLE}?{NAME})(?:['’]s)?\b")
# Someone's someone, then their name: "a card to Kenji's teacher, Monsieur Baptiste" is for the teacher.
THEIRS = re.compile(rf"\b{NAME}['’]s (?:[a-z-]+ ){{0,2}}?([a-z-]+),? ({TITLE}?{NAME})\b")
# Whose card it is: "something to write in Mum's card", "for Jo's leaving card".
WHOSE = re.compile(rf"\b(?:in|on|inside|for|to) ({TITLE}?{NAME})['’]s (?:[a-z0-9-]+ ){{0,3}}?(?:card|letter|"
                   rf"note|message|book|gift)\b")
FROM = re.compile(rf"(?:\b(?:letter|note|card|message|email)|^|[.;,]) *(?i:from) ((?:me and |us and )?(?:my [a-z]+ )?"
                  rf"{NAME}(?: and (?:me|{NAME}))?|us(?: all)?|all of us|the (?:[a-z]+ )?team)\b|"
                  rf"\bon behalf of ((?:my [a-z]+ )?{NAME}|(?:my|our) [a-z]+|us(?: all)?|all of us)\b"
                  rf"|\bsign(?:ed)? (?:it )?(?:from|as|by) ({NAME}(?: and {NAME})?)\b")
SAY = re.compile(r"\b(?:say|saying|mention|mentioning|tell (?:her|him|them)|remind (?:her|him|them)"
                 r"(?: of| about| that| how)?|include|including|let (?:her|him|them) know(?: that)?|"
                 r"bring up|talk about|add that)\s+(.+?)(?=\s*[;.!?]|\s*,\s*(?:and\s+)?(?:say|"
                 r"mention|tell|remind|include|let|she|he|they|short|long|keep|make|but|not|"
                 r"don't|do not|never|avoid|without|please|" + "|".join(TONES) + r")\b|"
                 r"\s+and\s+(?:say|mention|tell|remind|include|let)\b|$)", re.I)
AND_THING = re.compile(r",?\s+and\s+(?=(?:the|our|my|her|his|their|that|how|a|an)\b)", re.I)
THANK = re.compile(r"\b(thank (?:her|him|them|you) for .+?)(?=\s*[;.!?,]|\s+and\s+|$)|"
                   r"\bthank[- ]you(?: note| card| letter| message)?"
                   r"(?: (?:to|for) (?=my |our |[A-Z])(?:[^,;.]|(?<=Mr|Ms|Dr)\.|(?<=Mrs)\.)+?)? for (.+?)"
                   r"(?=\s*[;.!?,]|\s+and\s+|$)", re.I)
NEGATED = re.compile(r"\b(?:don't|do not|never|not|no need to|without)\s+$", re.I)
AVOID = re.compile(r"\b(?:don['’]?t|do not|never|no need to|please don['’]?t) (?:mention|bring up|"
                   r"talk about|say anything about|say|use|make it|be) (.+?)(?=\s*[;.!?,]|\s+and\s+|$)|"
                   r"\b(?:avoid|without|leave out|nothing about|not about|no mention of|skip) "
                   r"(.+?)(?=\s*[;.!?,]|\s+and\s+|$)|\bnot (?:too |overly |very )?([a-z]+)\b(?= *(?:[,;.]|and|but|$))",
                   re.I)
SHORT = re.compile(r"\b(short|brief|quick|little|not too long|not long|nothing long|a few lines|"
                   r"few lines|a couple of lines|one paragraph|a line or two|keep it short|concise)\b",
                   re.I)
LONG = re.compile(r"\b(long|longer|detailed|lengthy|several paragraphs|a full page|a page|two pages)\b",
                  re.I)
WORDS = re.compile(r"\b(\d{2,4}) words\b", re.I)
SHORT_KINDS = re.compile(r"\b(note|card|message|text|toast|postcard|thank[- ]you)\b", re.I)
PLACE = re.compile(rf"\b(?:in|to|from|at|near|visit(?:ing|ed)?|around) ({NAME}(?: {NAME}){{0,2}})")
REQUEST = re.compile(r"\b(write|writing|draft|letter|note|card|help me|can you|could you|would you|"
                     r"need (?:a|an|to)|want (?:a|an|to)|wish(?:ing)?|should i|what (?:could|should|can) i)"
                     r"\b", re.I)
PRONOUN_START = re.compile(r"^\s*(?:and |but |also |oh and )?(she|he|they|we|i|her|his|their|our|my|"
                           r"it|you)\b", re.I)
# What they did, told after when: "When I had dengue last month she brought rasam every day"
WHEN_THEY = re.compile(r"^\s*(?:when|while|after|since|the (?:day|week|time|night|month) (?:when |that )?)\b[^.!?]{0,60}?"
                       r"\b(?:she|he|they)\s+(?!(?:is|was|were|are)\b)\w+", re.I)
SPLIT_CLAUSE = re.compile(r"\s*(?:(?<!Mr|Ms|Dr)(?<!Mrs)[;.!\n]+|\?+|"
                          r",\s*(?=(?:she|he|they|we|I)\b))\s*")
# A clause that only names the letter: "a short apology to my friend Marco".
HEAD = re.compile(r"^(?:a|an)\s+(?:[a-z-]+\s+){0,3}(?:to|for)\s+(?:my|our|\w+$)", re.I)
SPLIT_BECAUSE = re.compile(r",?\s+(?:because|since|but)\s+|,?\s+and\s+(?=(?:she|he|they|we|i)\b)",
                           re.I)
# A clause about the writing itself, not its recipient: "I'll copy it by hand into a card"
WRITING = re.compile(r"\b(write|writing|draft|help me|compose)\b|\b(?:copy|print|put|stick|type) (?:it|this|that|them) "
                     r"(?:\w+ ){0,3}(?:in|into|on|onto) (?:a|the|her|his|their) (?:card|letter|note)\b", re.I)
SKIP = {"skip", "-", "none", "nothing", "no", "n/a", "pass", "nope"}


@dataclass
class Commission:
    """What a letter must be. ``details`` must each appear in the letter; ``context`` is what
    happened, given to the writer but not required word for word."""

    recipient: str = ""
    relation: str = ""  # who the recipient is to the sender: "sister", "colleague"
    sender: str = ""  # "": the user
    occasion: str = ""
    history: str = ""  # their relationship and history, in the sender's words
    details: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    tone: list[str] = field(default_factory=list)
    length: str = ""  # short | medium | long; "": medium
    words: int | None = None  # a number of words asked for
    places: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # questions answered "skip"
    # the conversation turns it was asked for or revised in: forgetting one takes the letter
    from_turns: list[int] = field(default_factory=list)
    # the turns that told of the recipient lately (given to the writer): forgetting one takes
    # the letter when its words repeat what was told there
    told_in: list[int] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Commission":
        data = json.loads(text or "{}")
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})

    @property
    def who(self) -> str:
        """The recipient as the letter names them: "Anna", else "your sister"."""
        return self.recipient or (f"your {self.relation}" if self.relation else "them")

    def bounds(self) -> tuple[int, int]:
        """Fewest and most words the letter may have."""
        if self.words:
            return int(self.words * 0.6), int(self.words * 1.15) + 5
        return LENGTHS.get(self.length or "medium", LENGTHS["medium"])

    def text(self) -> str:
        """Everything the sender said of this letter, as one text (what a letter may draw on)."""
        return "\n".join([self.recipient, self.relation, self.sender, self.occasion, self.history,
                          *self.details, *self.context, *self.places])


def _tidy(text: str) -> str:
    return " ".join(text.strip(" ,;:.\"'“”").split())


def _add(items: list[str], item: str) -> None:
    item = _tidy(item)
    if item and not reads_as_instruction(item) and item.lower() not in (i.lower() for i in items):
        items.append(item)


def _occasion(text: str) -> str:
    label = next((label for label, pattern in OCCASIONS if pattern.search(text)), "")
    ordinal = ORDINAL.search(text)
    kind = re.search(r"\b(anniversary|birthday)\b", text, re.I)
    if ordinal and (ordinal[2] or re.search(r"['’]s\s+" + re.escape(ordinal[1]), text)
                    or label in ("birthday", "anniversary", "wedding anniversary", "")):
        what = (ordinal[2] or (kind[1] if kind else "birthday")).lower()
        return f"{ordinal[1].lower()} {what}"
    return label


# Whose occasion it is, named as the one it happens to: "the night guard, Augustin, is retiring".
OCCASION_OF = re.compile(rf"\b([{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?)(?:,? (?:is|has|just|finally)|['’]s) (?:\w+ )?(?:retiring|retired|"
                         r"leaving|moving away|turning \d+|getting married|graduating|graduated|having a baby|"
                         r"in hospital|passed away|stepping down)\b")


def _recipient(text: str, known: list) -> tuple[str, str]:
    """(name, relation) of the person the letter is for: the first "my sister Anna" after "to"
    or "for", else the first one said, else a name after "to"/"for"; filled in from the people
    the user has told of (one sister → her name; Anna → sister)."""
    found: list[tuple[int, str, str]] = []
    for match in MY_PERSON.finditer(text):
        name = match[2] if match[2] and match[2].lower() not in _NOT_NAMES else ""
        found.append((match.start(), name, match[1].lower()))
    for match in PERSON_MY.finditer(text):
        if match[1].lower() not in _NOT_NAMES:
            found.append((match.start(), match[1], match[2].lower()))
    for match in WHOSE.finditer(text):
        if match[1].lower() not in _NOT_NAMES:
            kin = match[1].lower() if match[1].lower() in RELATION_WORDS else ""
            found.append((match.start(1), match[1], kin))
    for match in OCCASION_OF.finditer(text):
        if match[1].lower() not in _NOT_NAMES and not any(s == match.start(1) for s, _, _ in found):
            found.append((match.start(1), match[1], ""))
    for match in THEIRS.finditer(text):
        if match[2].lower() not in _NOT_NAMES:
            found.append((match.start(), match[2], ""))  # where the owner stands: "to Kenji's teacher"
    owners = {m.start() for m in THEIRS.finditer(text)}
    for match in TO_NAME.finditer(text):
        if match[1].lower() not in _NOT_NAMES and match.start(1) not in owners and not any(
                match.start(1) <= s + 40 and n == match[1] for s, n, _ in found):
            found.append((match.start(), match[1], ""))
    found.sort()
    addressed = [f for f in found if re.search(r"\b(?:to|for|dear)\s+$", text[max(0, f[0] - 6):f[0]],
                                               re.I)]
    name, relation = ((addressed or found)[0][1:]) if found else ("", "")
    for person in known:
        p_name, p_rel = getattr(person, "name", None) or "", getattr(person, "relation", None) or ""
        if name and p_name.lower() == name.lower():
            relation = relation or p_rel
            break
    if relation and not name:
        same = [getattr(p, "name", None) for p in known if (getattr(p, "relation", "") or "") == relation]
        if len(same) == 1 and same[0]:
            name = same[0]
    return name, relation


def _length(text: str, commission: Commission) -> str:
    """Sets the length from the request; returns the text without the words that said it."""
    words = WORDS.search(text)
    if words:
        commission.words = int(words[1])
        commission.length = "short" if commission.words <= 120 else "medium" if commission.words <= 250 else "long"
    elif SHORT.search(text):
        commission.length = "short"
    elif LONG.search(text):
        commission.length = "long"
    elif SHORT_KINDS.search(text):
        commission.length = "short"
    return SHORT.sub(" ", text)


def _tones(text: str, commission: Commission) -> None:
    for match in re.finditer(r"\b(not |nothing |never |without being |too )?(?:too |overly |a bit |a little |"
                             r"very |really |slightly )?([a-z]+(?:-[a-z]+)?)\b", text, re.I):
        word = TONES.get(match[2].lower())
        if not word:
            continue
        if match[1]:  # "not too sappy", "nothing formal", "too cheesy": less of it
            _add(commission.avoid, word if word in ("formal", "informal") else f"too {word}")
        else:
            _add(commission.tone, word)


def _is_tone_or_length(piece: str) -> bool:
    rest = re.sub(r"\b(and|a bit|a little|very|really|but|not too|not|keep it|make it|slightly|"
                  r"please)\b", " ", piece, flags=re.I)
    rest = SHORT.sub(" ", LONG.sub(" ", rest))
    return all(w.lower() in TONES or w.lower() in ("too", "overly") for w in re.findall(r"[a-z-]+", rest, re.I))


def commission_from_request(text: str, known_people: Iterable = ()) -> Commission:
    """A one-line (or few-line) request read into commission fields, deterministically:
    the occasion, the recipient and their relation (filled from ``known_people``, the user's
    ``Person`` records), tone and length words, each "say …"/"mention …" detail, what to
    avoid, named places, and each statement about the people ("she lives in Boston") as a
    detail; a sentence that says what happened ("her dad passed away") is context."""
    known = list(known_people)
    commission = Commission()
    text = " ".join(text.replace("’", "'").split())
    commission.recipient, commission.relation = _recipient(text, known)
    commission.occasion = _occasion(text)
    sender = FROM.search(text)
    if sender:
        commission.sender = _tidy(next(g for g in sender.groups() if g))
    for match in AVOID.finditer(text):
        what = next(g for g in match.groups() if g)
        if match[3] and (what.lower() in TONES or SHORT.search(f"not {what}") or LONG.fullmatch(what)):
            continue  # "not too formal" is a tone, "not too long" a length: read below
        if not match[3]:
            _add(commission.avoid, what)
    rest = _length(text, commission)
    _tones(rest, commission)
    for match in SAY.finditer(rest):
        if NEGATED.search(rest[:match.start()]):
            continue
        for piece in AND_THING.split(re.sub(r"^that\s+", "", match[1], flags=re.I)):
            _add(commission.details, piece)
    for match in THANK.finditer(rest):
        _add(commission.details, match[1] or match[2])
    for place in PLACE.findall(text):
        if (place.split()[0].lower() not in _NOT_NAMES and place != commission.recipient
                and not re.match(TITLE, place + " ")):
            _add(commission.places, place)
    said = {d.lower() for d in commission.details} | {m[1].lower() for m in SAY.finditer(rest)}
    for clause in SPLIT_CLAUSE.split(text):
        if not clause or clause.endswith("?") or _is_tone_or_length(clause):
            continue
        if any(s in clause.lower() for s in said) or AVOID.search(clause) and len(clause.split()) < 8:
            continue
        if WRITING.search(clause) or REQUEST.search(clause) and not PRONOUN_START.match(clause) \
                or HEAD.match(clause) and "," not in clause:
            continue
        if next((p for _, p in OCCASIONS if p.search(clause)), None) and commission.occasion in (
                "condolence", "get well", "new baby", "wedding", "engagement", "retirement",
                "graduation"):
            _add(commission.context, clause)  # what happened: told, not quoted
            continue
        if PRONOUN_START.match(clause) or WHEN_THEY.match(clause) or MY_PERSON.search(clause) or (
                commission.recipient and commission.recipient in clause):
            for piece in SPLIT_BECAUSE.split(clause):
                if len(piece.split()) >= 2 and not _is_tone_or_length(piece):
                    _add(commission.details, piece)
    return commission


def parse_answer(field_name: str, answer: str, commission: Commission) -> Commission:
    """An interview answer put into its field ("skip" leaves it empty and not asked again);
    details and things to avoid are split at ";" or new lines, tone words read as in a
    request."""
    answer = answer.strip()
    if answer.lower() in SKIP or not answer:
        if field_name not in commission.skipped:
            commission.skipped.append(field_name)
        return commission
    if reads_as_instruction(answer):
        return commission  # orders to the model are not part of a letter
    if field_name in ("details", "avoid"):
        for piece in re.split(r"\s*(?:;|\n|\s-\s)\s*", answer):
            _add(getattr(commission, field_name), piece)
        if field_name == "details":
            for place in PLACE.findall(answer):
                if place.split()[0].lower() not in _NOT_NAMES:
                    _add(commission.places, place)
    elif field_name == "tone":
        _tones(answer, commission)
        if not commission.tone:
            _add(commission.tone, answer)
    elif field_name == "length":
        _length(answer, commission)
        commission.length = commission.length or "medium"
    elif field_name == "relation":
        commission.relation = _tidy(re.sub(r"^(?:my|our|her|his|their)\s+", "", answer, flags=re.I))
    elif field_name == "occasion":
        label = _occasion(answer)
        commission.occasion = label if label and (len(answer.split()) > 4 or ORDINAL.search(answer)) \
            else _tidy(answer)
    else:
        setattr(commission, field_name, _tidy(answer))
    return commission


# The thing written for someone, however a request names it.
WRITTEN = (r"(?:letters?|cards?|notes?|messages?|apology|toast|speech|e-?mails?|eulogy|poems?|tribute|"
           r"verse|(?:(?:a )?few |kind |nice |warm |some )+(?:words|lines)|a line or two|a couple of lines)")
# Kinds of request, each a way of asking for one (never a list of phrasings from any one case):
# 0. it is asked for plainly, as a command: "write a birthday note for my sister", "draft me a
#    thank-you card to Jun" (the message begins with it, after any "ok", "please" or "now").
PLAINLY = re.compile(rf"^\W*(?:(?:ok|okay|so|now|please|hey|hi|right|also|and|then|next)\b[\s,!.]*)*"
                     rf"(?:write|draft|compose|pen|put together|whip up)\s+(?:me\s+|us\s+)?(?:up\s+)?"
                     rf"(?:a|an|another|some|something|one|a few|a quick|a short|a little)\b[^.?!]{{0,40}}?"
                     rf"\b{WRITTEN}\b(?!\s*\?)", re.I)  # "write a letter? me?" asks nothing
# 1. writing it is named and asked for: "help me write a letter to…", "I need to write an apology".
WRITE = re.compile(r"\b(?:write|writing|draft|compose|put|say)\b[^.?!]{0,60}?\b(?:letter|card|note|"
                   r"message|apology|toast|speech|email|e-mail|eulogy|poem)\b|\b(?:letter|card|note|"
                   r"message|apology|toast|speech|eulogy)\b[^.?!]{0,40}?\b(?:write|writing|draft|say)\b",
                   re.I)
REQUEST = re.compile(r"\b(?:help me|can you|could you|would you|will you|what (?:could|should|can|do|"
                     r"would) i|how (?:do|should|can) i|i need to|i want to|i have to|i'd like|"
                     r"i would like|let's|please|any ideas|ideas for|need (?:a|an|some)|need help|"
                     r"(?:^|(?<=[.!?]\s))(?:need|want|wanna|gotta|have) to)\b", re.I)  # "Need help. Want to write…"
# 2. she is asked to make one: "could you do a card for…", "can you come up with a toast".
ASK_HER = re.compile(rf"\b(?:can|could|would|will) you (?:please |maybe |just |quickly |help me )?"
                     rf"(?:do|write|draft|make|put together|come up with|help(?: me)?(?: with)?|give me|"
                     rf"suggest|think of|whip up|pen|compose|word)\b[^.?!]{{0,50}}?\b{WRITTEN}\b", re.I)
# 2b. the thing named in one sentence, and she is asked for it in the next: "i want to leave a
#    little note on her door. could you write it for me?"
ASK_IT = re.compile(r"\b(?:can|could|would|will) you (?:please |maybe |just |help me )?(?:write|draft|word|do|"
                    r"put together|help (?:me )?(?:write|with)) (?:it|one|that|this|something)(?: for me| up)?\b(?! (?:about|"
                    r"on|down))", re.I)
# 3. the user says they need or want one: "need a quick thank-you note for…", "I'd like a card".
NEED = re.compile(r"\b(?:i|we)(?:'d| would) (?:really |just |also )?like|\b(?:i|we)(?: really| just| also| "
                  r"still)? (?:need|want|could use|could do with)|\b(?:i'm|i am|we're|we are) (?:looking for|"
                  r"after)|^\W*(?:need|want|looking for)", re.I)
NEED_WHAT = re.compile(rf"^\s+(?:help with |help writing |help making )?(?:a|an|some|something|one|"
                       rf"a few)\b[^.?!]{{0,40}}?\b{WRITTEN}\b", re.I)
# 4. something for the user to write: "something short I can write in Mum's card", "what do I
#    put in the card".
TO_WRITE = re.compile(r"\b(?:what|something|anything|words?|ideas?)\b[^.?!]{0,40}?\b(?:i|to)\s+"
                      r"(?:can |could |should |might |do |would )?(?:write|put|say|sign)\s+(?:in|on|inside)"
                      r"\b", re.I)
# 5. a bare request, the thing and whom it is for: "a few words for my coach's leaving card".
BARE = re.compile(rf"^\W*(?:(?:ok|okay|so|oh|right|also|and|now|next|then|hey|hi)\b[\s,]*)*(?:just |also )?"
                  rf"(?:a|an|another|one more|some|something|quick)\b[^.?!]{{0,40}}?\b{WRITTEN}"
                  rf"(?:\s+(?!from\b)[\w'-]+){{0,2}}?\s+(?:for|to)\b", re.I)
# A letter told of as someone else's ("she sent me a note", "I got a card"), not one to write.
NARRATED_THING = re.compile(rf"\b(?:got|received|sent me|gave me|left me|found|read|wrote me)\b[^.?!]{{0,20}}?\b{WRITTEN}\b", re.I)
# ...unless whom it is for is followed by a verb: "a card for my sister arrived late" tells.
NARRATED = re.compile(r"^\s+(?:(?:my|our|the|his|her|their|a)\s+)?[\w'-]+(?:'s\s+[\w-]+)?(?:\s+[A-Z][\w'-]*)?"
                      r"\s+(?:is|was|were|are|has|had|came|went|got|made|sat|\w+ed)\b", re.I)


def asks_for_letter(text: str) -> bool:
    """Whether the user's words ask for something written for someone, not tell of it ("I got
    a lovely card from Mum" and "she left a note on the fridge" ask for nothing)."""
    text = text.replace("’", "'")
    if PLAINLY.search(text) or WRITE.search(text) and REQUEST.search(text):
        return True
    if ASK_HER.search(text) or TO_WRITE.search(text) and re.search(rf"\b{WRITTEN}\b", text, re.I):
        return True  # "what do I put in the card?", never "what to put in" the shared calendar
    if ASK_IT.search(text) and re.search(rf"\b{WRITTEN}\b", text, re.I) and not NARRATED_THING.search(text):
        return True
    bare = BARE.search(text)
    if bare and not NARRATED.match(text[bare.end():]):
        return True
    return any(NEED_WHAT.match(text[m.end():]) for m in NEED.finditer(text))
