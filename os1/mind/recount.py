"""What the user told her, said back to them: the part of their messages that answers a
question about the past, in the second person ("You told me your dad's having knee surgery on
thursday."), and what a question asks of someone (an age, a place, a job) that a told turn
must hold to answer it. A small model's first words come from here (``first.py``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from os1.memory.people import MY_RELATION
from os1.mind.grounding import (WHEN_SET, NAME_ASKED, NAMED, SAYS_WHEN, STOP, answers, asked_part, fold,
                                thing_asked, topic_of, words)
from os1.memory.untrusted import LOWER, UPPER

# What a question for the gist of what they said of late is made of ("what did I tell you
# last time?", "what was the big thing that happened to me?")
RECAP = words("thing things happened happen big main news talk talked time week detail details "
              "lately recently update everything catch")

# A headline before what they told, not worth saying back: "change of plans!! the venue…",
# "big news in the family: Noor moved…" (never one that says what happened to them: "I passed!!")
HEADLINE = re.compile(r"^(?:(?![^:!]*\b(?:i|i'm|i've|my|we|our|me)\b)[^.!?:]{1,40}(?:!+|:))\s+(?=\S.{19,})",
                      re.I)

# A time a question names as its subject: "for next month", "on saturday"
TIME_NAMED = re.compile(r"\b(?:next|this|last) (?:week|weekend|month|year|monday|tuesday|wednesday|thursday|friday|saturday|"
                        r"sunday|term|summer|winter|spring|autumn)\b|\btomorrow\b|\btonight\b", re.I)

# The user's words said back to them: "my dad's having surgery" → "your dad's having surgery".
_TO_YOU = [(r"\bi'm\b", "you're"), (r"\bi am\b", "you are"), (r"\bi've\b", "you've"),
           (r"\bi'll\b", "you'll"), (r"\bi'd\b", "you'd"), (r"\bi was\b", "you were"),
           (r"\bam i\b", "are you"), (r"\bwas i\b", "were you"), (r"\bi\b", "you"),
           (r"\bme\b", "you"), (r"\bmy\b", "your"), (r"\bmine\b", "yours"),
           (r"\bmyself\b", "yourself"), (r"\bwe're\b", "you're"), (r"\bwe've\b", "you've"),
           (r"\bwe'll\b", "you'll"), (r"\bwe'd\b", "you'd"), (r"\bwe\b", "you"), (r"\bour\b", "your"),
           (r"\bours\b", "yours"), (r"\bourselves\b", "yourselves"), (r"\bus\b", "you")]


# Family said as a name ("mum retired!!", "told dad"): theirs, said back as "your mum".
_KIN = re.compile(r"\b(?:mum|mom|mam|mummy|mommy|dad|daddy|nan|nana|nanna|gran|granny|grandma|grandpa|grandad|"
                  r"granddad|grandmother|grandfather)\b(?!-)", re.I)
_OWNED = re.compile(r"(?:\b(?:my|your|our|his|her|their|the|a|an|whose|this|that|new|step|to be|god|grand)|'s)[\s-]*$",
                    re.I)


def to_you(text: str) -> str:
    """The user's words in the second person, as she would say them back."""
    out = text.replace("’", "'")
    for pattern, you in _TO_YOU:
        def back(m: re.Match[str], y: str = you) -> str:
            return y.capitalize() if m.group(0)[0].isupper() and m.start() == 0 else y
        out = re.sub(pattern, back, out, flags=re.I)
    return _KIN.sub(lambda m: m[0] if _OWNED.search(out[:m.start()]) else
                    ("Your " if m.start() == 0 else "your ") + m[0].lower(), out)


# What a question asks of someone (an age, a time, a place, a job, a name) and what a told
# turn must hold to answer it: "my cousin Mateo is staying with us" shares his name with "how
# old is Mateo?" but holds no age, and said back as the answer, the model went on "Mateo is 25".
_AGES = r"\b\d{1,3}\b|\byears? old\b|\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|teen)\w*\b|\bturn(?:s|ed|ing)\b"
# A time of day, which "what time" asks for: a day alone does not answer it ("the recital is on
# Saturday" holds no time, and said back as the answer, the model went on "it starts at 10:00 AM").
_NUMBERS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
CLOCK = (rf"\b\d{{1,2}}[:.]\d\d\b|\b\d{{1,2}}\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock|h)\b|\b(?:noon|midday|midnight)\b|"
         rf"\bhalf (?:past )?(?:{_NUMBERS}|\d{{1,2}})\b|\bquarter (?:past|to)\b|\b(?:{_NUMBERS})(?:[- ](?:thirty|fifteen|"
         rf"forty(?:[- ]five)?)| o'?clock)\b|\b(?:twenty|ten|five) (?:to|past) (?:{_NUMBERS})\b")
# A word for someone who does something ("plumber", "tutor", "dentist", "librarian"), not the
# everyday words that end the same way ("her", "dinner", "floor", "never").
_AGENT = (r"(?!(?:after|other|another|never|ever|over|under|rather|whether|either|neither|together|however|"
          r"dinner|supper|water|floor|door|better|later|number|summer|winter|weather|father|mother|brother|"
          r"sister|daughter|partner|order|paper|power|flower|corner|matter|letter|favou?r|colou?r|honou?r|error|"
          r"mirror|indoor|outdoor|neighbou?r|behaviou?r|minor|major|super|proper|whatever|wherever|whenever|"
          r"forever|poster|sweater|burger|finger|shower|centre|center|remember|member|december|november|october|"
          r"september|ladder|butter|monster|sticker|slipper|river|fever|liver|silver|cancer|register|answer|"
          r"wonder|hour|four|your|our|tour|visitor|valentian|christian|asian|italian|indian|canadian|"
          r"australian|russian|persian|egyptian|european|american|brazilian|vegetarian|median|guardian|"
          r"list|mist|wrist|twist|exist|insist|assist|resist|consist|persist|gist|fist|whist)s?\b)"
          r"[a-z]{2,}(?:er|or|ist|ian)s?")
ATTRIBUTES = {
    # "how much did I tell you the brake quote was?": a sum, never "not very high"
    "amount": (re.compile(r"\bhow much\b(?! (?:longer|time|more|further|better|worse))|\bwhat (?:was|is|were|'s) the (?:\w+ )?"
                          r"(?:quote|price|cost|bill|figure|total|fee|amount)\b|\bthe (?:exact )?(?:figure|amount)\b", re.I),
               re.compile(r"[£$€¥₹]\s?\d|\b\d[\d,.]*\s?(?:k|grand|quid|dollars|pounds|euros|bucks|%|per ?cent|p|cents?|"
                          r"rand|rupees|yen)\b|\b\d{2,}(?:[,.]\d+)?\b", re.I)),
    "time": (re.compile(r"\b(?:at |by )?what time\b|\bwhat hour\b|\bhow early\b", re.I), re.compile(CLOCK, re.I)),
    "age": (re.compile(r"\bhow old\b|\b(?:his|her|their|my|\w+'s) age\b|\bwhat age\b", re.I), re.compile(_AGES, re.I)),
    # "it wants birth weight. what was it again?": a measure with its unit, never "the baby sleeps"
    "measure": (re.compile(r"\b(?:weigh\w*|weight|height|how tall|how heavy|length|measurements?|dimensions?)\b", re.I),
                re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:kg|kilos?|g|grams?|lbs?|pounds?|oz|ounces?|cm|mm|metres?|meters?|m|ft|feet|"
                           r"foot|inch(?:es)?|in|stone|st)\b|\b\d+\s*(?:x|by)\s*\d+|\b\d+\s*['′]\s*\d+", re.I)),
    "when": (re.compile(r"(?:^|[.!?,]\s*)when\b|\bwhen (?:is|was|are|were|does|did|do|will)\b|\bwhat (?:day|date|time|month|year)\b(?! trips?\b| outs?\b)|\bwhich (?:day|date|month)\b", re.I),
             re.compile(rf"{SAYS_WHEN.pattern}|\b\d{{1,2}}(?::\d\d)?\s*(?:am|pm)\b|\b\d{{1,2}}\b", re.I)),
    "where": (re.compile(r"\bwhere\b|\bwhat (?:city|town|country|street|address|place)\b|\bwhich (?:city|town|"
                         r"country)\b", re.I),
              re.compile(rf"(?<![.!?:]\s)(?<!^)\b(?!I\b)[{UPPER}][{LOWER}]+|\b(?:in|at|near|from) the [{LOWER}]+|"
                         r"\b(?:lives?|living|moved|based|stay\w*) (?:in|at|near|with)\b|"
                         # a place written in lower case: "from kano", "in rotterdam"
                         r"\b(?:in|at|near|from) (?!(?:the|a|an|my|his|her|their|our|your|this|that|some|love|time|bed|"
                         r"work|home|school|least|all|first|last|once|months?|years?|weeks?|days?|hours?|here|there|"
                         r"tears|pain|charge|case|fact|general|person|town|touch|bits|pieces|shock)\b)[a-z]{3,}\b", re.M)),
    "job": (re.compile(r"\bdo(?:es)? for (?:work|a living)\b|\bjob\b|\brole\b|\bposition\b|\bwhat (?:does|did|do) \w+ (?:\w+ )?do\b|"
                       r"\boccupation\b|\bprofession\b|\bcareer\b", re.I),
            re.compile(r"\b(?:work\w*|job|shifts?|teach\w*|office|company|career|profession|nurse|doctor|"
                       r"engineer|paramedic|lawyer|chef|designer|developer|manager|researcher|student|studies|"
                       rf"{_AGENT})\b", re.I)),
    # "would Mei be able to come, with her schedule?": days or nights, which days, what hours
    "hours": (re.compile(r"\b(?:schedule|shifts?|rota|roster|working hours|work hours|hours)\b", re.I),
              re.compile(r"\b(?:shifts?|nights?|days|earl(?:y|ies)|lates?|mornings?|evenings?|weekends?|weekdays?|rota|"
                         r"roster|schedule|hours|part[- ]time|full[- ]time|nine to five|9 to 5|(?:mon|tues|wednes|thurs|fri|"
                         rf"satur|sun)days?)\b|{CLOCK}", re.I)),
    "name": (NAME_ASKED, NAMED),
    # "what's her favourite flower?" is not answered by "I want to send her flowers"
    "favourite": (re.compile(r"\bfavou?rites?\b|\bfave\b|\bfav\b", re.I),
                  re.compile(r"\bfavou?rite|\bfave\b|\bfav\b|\blove[sd]?\b|\badore[sd]?\b|\bobsessed\b|"
                             r"\bcan'?t get enough\b|\bgo-to\b", re.I)),
}


# A summing up asked for: "can you sum up where things are at with my family?"
SUM_UP = re.compile(r"\b(?:sum up|summari[sz]e|recap|catch me up on|fill me in on|run me through)\b|"
                    r"\bwhat(?:'s| is| has been) (?:going on|happening) (?:in|with) (?:my life|me)\b|"
                    r"\bwhat(?: all)?(?:'s| is) on (?:my|our) plate\b|\btell me back\b|\bwhat(?:'s| has) happened (?:these|the|"
                    r"this) (?:last |past )?(?:few )?(?:days|week|weeks)\b", re.I)


def attribute_asked(question: str) -> str:
    """The particular thing a question about someone asks for ("age", "when", "where", "job",
    "name"), or '' when it asks for nothing so particular (a summing up: "where things are at"
    asks for no place)."""
    asked = asked_part(question)
    if SUM_UP.search(asked):
        return ""
    kind = next((kind for kind, (cue, _) in ATTRIBUTES.items() if cue.search(asked)), "")
    if not kind and asked != question and len(asked.split()) <= 7:  # "…wants his age. what did i tell you he was?"
        kind = next((kind for kind, (cue, _) in ATTRIBUTES.items() if cue.search(question)), "")
    return kind


# "the name of her village", "the name of her nursery school": a name asked for a thing.
NAME_OF = re.compile(r"\bname of (?:her|his|my|the|our|their|your|that) ((?:[a-z-]+ ){0,2}?[a-z-]+)\b|"
                     r"\b(?:the|her|his|my|our|their) ([a-z-]+)['’]s name\b", re.I)  # "the teacher's name"


# The thing a question asks when or where of: "when is our anniversary?", "where's the party?"
# (group 1: its head word, after any owner and "big", "next"…).
WHEN_OF = re.compile(r"\b(?:when|where)(?:'s|’s| is| was| are| were| will| does| did)? (?:my|our|the|his|her|their|your) "
                     r"(?:[\w-]+['’]s )?(?:(?:big|first|next|last|new|little|upcoming|own) )?([a-z][\w-]+)", re.I)
# Heads that name no particular thing: the words for when, a person, or something vague.
VAGUE = words("day thing stuff event time date plan one trip") | WHEN_SET


def _named_thing(question: str) -> str:
    """The stem of the thing a question asks when or where of, or '' when it names none."""
    found = WHEN_OF.search(asked_part(question))
    if not found or MY_RELATION.search(f"my {found[1]}"):
        return ""
    head = words(found[1])
    return "" if not head or head <= VAGUE else next(iter(head))


def holds(question: str, said: str) -> bool:
    """Whether something said could answer what the question asks for: an age asked is not
    answered by a turn without a number, a place by one that names none, the name of a thing
    by one that names something else ("the name of her village" is not "Turkey", said of the
    village without its name), the time or place of a thing by one that does not speak of it
    ("when is our anniversary?" is not answered by "we're going out tonight")."""
    kind = attribute_asked(question)
    thing = NAME_OF.search(question) if kind == "name" else None
    if thing:
        said_of = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in (thing[1] or thing[2]).split())})\w*\b", re.I)
        return any(NAMED.search(said[max(0, m.start() - 30):m.end() + 30])
                   for m in said_of.finditer(said))
    named = _named_thing(question) if kind in ("when", "where", "time") else ""
    if named and not any(w.startswith(named[:5]) or named.startswith(w[:5]) for w in words(said) if len(w) >= 3):
        return False
    return not kind or bool(ATTRIBUTES[kind][1].search(said))


def recount_from(question: str, said: Sequence[str], before: str = "",
                 limit: int = 260) -> tuple[str, int | None]:
    """Her first words for a question about what the user told her: the part of what they
    said that answers it best (``said``: their messages, oldest first; ``before``: the
    message before the question), said back to them ("You told me your dad's having knee
    surgery on thursday."), and which of ``said`` it is (forgetting that takes the reply
    too); ("", None) when nothing answers."""
    scored, topic = _scored(question, said, before)
    if not scored:
        return "", None
    _, index, chosen = max(scored)
    return said_back(question, chosen, topic, limit), index


def sum_up(question: str, said: Sequence[str], before: str = "") -> tuple[str, tuple[int, ...]]:
    """Her first words for a summing up asked ("can you recap the two big things I told you
    yesterday?"): the two fullest things they told of late, in the order told, with the turns
    they come from; ("", ()) when it asks none."""
    if not SUM_UP.search(question):
        return "", ()
    scored, topic = _scored(question, said, before)
    chosen = sorted(sorted(scored, reverse=True)[:2], key=lambda item: item[1])
    return told_in_turn([said_back(question, text, topic, 200) for _, _, text in chosen]), \
        tuple(i for _, i, _ in chosen)


def told_in_turn(said: Sequence[str]) -> str:
    """Several things said back as one: "You told me A. And B." """
    return " ".join([*said[:1], *(f"And {re.sub(r'^You told me ', '', s)}" for s in said[1:])])


# One of several questions in a message: "what time is pickup again? and what's the teacher called, lol"
_ONE_ASK = re.compile(r"^\W*(?:(?:and|also|oh|plus|so|ok|okay)\W+)*(?:what|who|whom|where|when|which|how|did|do|does|"
                      r"is|was|are|were)\b", re.I)


def asks(question: str) -> list[str]:
    """The questions a message asks, each on its own (at most three); one when it asks one."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", question.strip())
             if p.rstrip().endswith("?") or _ONE_ASK.search(p)]
    return parts[:3] if len(parts) > 1 else [question]


def recount_each(question: str, said: Sequence[str], before: str = "") -> tuple[str, tuple[int, ...]]:
    """Her first words for a message that asks several things about what the user told her
    ("what time is pickup again? and what's the teacher called?"): each answer said back, in
    the order asked, with the turns they come from; ("", ()) unless two or more are answered
    by different words (one answer is ``recount_from``'s)."""
    answered: list[tuple[str, int]] = []
    parts = asks(question)
    for ask in parts if len(parts) > 1 else []:
        words_, index = recount_from(ask, said, before)
        if words_ and index is not None and all(words_ != w for w, _ in answered):
            answered.append((words_, index))
    if len(answered) < 2:
        return "", ()
    return told_in_turn([w for w, _ in answered]), tuple(dict.fromkeys(i for _, i in answered))


# A day asked about for a plan: "my sister wants me to take the 14th off… any reason I shouldn't say yes?"
DAY = re.compile(r"\b(?:the )?(\d{1,2})(?:st|nd|rd|th)\b|\b((?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.I)
FREE_ASKED = re.compile(r"\bany reason (?:i|we) (?:shouldn'?t|can'?t|couldn'?t)\b|\bshould (?:i|we) (?:say yes|go|do it|accept|"
                        r"take it|agree)\b|\b(?:can|could) (?:i|we) (?:make it|go|do it|say yes)\b|\bam i free\b|"
                        r"\b(?:do i have|have i got|i got) anything\b|\bwould (?:that|it) work\b|\bfree (?:on|that)\b|"
                        r"\bsay yes\b[^.!?]*\?", re.I)


def on_that_day(question: str, said: Sequence[str]) -> tuple[str, int | None]:
    """Her first words when the user asks whether they can do something on a day they name: the
    newest thing they told of that day, said back ("You told me your orthopedic consult is on
    the 14th, 10:30 at the Infirmary."); ("", None) when nothing was told of it."""
    if not FREE_ASKED.search(question):
        return "", None
    days = {(m[1] or m[2]).lower() for m in DAY.finditer(question)}
    if not days:
        return "", None
    for index in range(len(said) - 1, -1, -1):
        text = said[index]
        if text == question or text.rstrip().endswith("?"):
            continue
        told = {(m[1] or m[2]).lower() for m in DAY.finditer(text)}
        if days & told:
            return said_back(question, text, words(" ".join(days & told))), index
    return "", None


def rivals(question: str, said: Sequence[str], before: str = "") -> list[int]:
    """Which of ``said`` answer ``question`` equally well by their words (the newest of them is
    what ``recount_from`` says back); none when the words decide."""
    scored, _ = _scored(question, said, before)
    best = max((score for score, _, _ in scored), default=0)
    top = [i for score, i, _ in scored if score == best]
    return top if len(top) > 1 else []


# A message that tells of a change: "from now on practice moves to Monday evenings".
CHANGED = re.compile(r"\b(?:from now on|no more|(?:moved|moves|moving|changed|changes|switched|switches|switching|"
                     r"shifted|shifts) (?:(?:me|us|him|her|them) )?(?:to|from|over|onto)|no longer|not any ?more|anymore|instead)\b",
                     re.I)


def _since_changed(score: int, index: int, text: str, topic: set[str],
                   scored: Sequence[tuple[int, int, str]]) -> int:
    """A change told after what it changes answers better than it, though the older message
    shares more of the question's words ("choir practice tonight, Thursday as always" …
    "practice moves to Monday evenings")."""
    if not CHANGED.search(text):
        return score  # most messages tell of no change: the older ones are not read again
    shared = topic & words(text)
    older = [s for s, i, t in scored if i < index and shared & words(t)]
    return max(score, max(older) + 1) if older else score


# Words a question shares with many a message ("anything I've got on"): half a word's weight.
LIGHT = words("got get gets getting gotten go going went make made take took thing stuff want need feel")

# A sum of money, which a later message may put right: "rent's going up to £1,400" … "he's
# agreed to £1,320 instead" (the later one shares no word with "what's my rent going to be?").
AMOUNT = re.compile(r"[£$€¥₹]\s?\d[\d,.]*k?\b|\b\d[\d,.]*\s?(?:k|grand|quid|dollars|pounds|euros|bucks|%|per ?cent)\b",
                    re.I)
AMENDS = re.compile(r"\b(?:instead|agreed (?:to|on)|settled (?:on|at|for)|update|actually|changed|down to|up to|"
                    r"knocked (?:it )?(?:down|off)|came (?:down|back) (?:to|at)|revised|corrected|now)\b", re.I)
# A message that puts something told before right, in words of its own: "plot twist… they're
# sending him to Adelaide instead. Not Perth." after "we're moving to Perth in June".
PUTS_RIGHT = re.compile(r"\b(?:instead|plot twist|change of plans?|scratch that|(?:changed|change) (?:their|his|her|my|our) "
                        r"minds?|turns out|not any ?more|no longer|(?:pushed|moved|put) (?:back|forward|to)|postponed|"
                        r"(?:moved|switched|put|changed) (?:me|us|him|her|them) (?:to|onto|over to|off)|"
                        r"rescheduled|cancell?ed|called off|not (?:on )?[A-Z][a-z]+ (?:any ?more|after all)|"
                        r"(?:^|[.!?]\s+)not [A-Z][a-z]+\.)", re.M)


def _amended(scored: list[tuple[int, int, str]], said: Sequence[str], question: str) -> list[tuple[int, int, str]]:
    """With a later message that puts right what the best answer told, that later message as
    the best answer: a sum put right (a change word and a sum of its own), or anything put
    right in other words ("sending him to Adelaide instead. Not Perth.") that names what the
    answer named, or shares two of its words, and still holds what is asked."""
    if not scored:
        return scored
    best, index, text = max(scored)
    told = {fold(n.lower()) for n in _names(text)}
    shared = words(text) - LIGHT
    changes = attribute_asked(question) in ("hours", "measure")

    def puts_right(later: str) -> bool:
        if later.rstrip().endswith("?") or not PUTS_RIGHT.search(later) or not holds(question, later):
            return False
        if changes:
            return True  # their hours, a size: the newest put right is what holds ("moved me to days!! 6am to 2:30pm")
        return bool(told & {fold(n.lower()) for n in _names(later)}) or len(shared & words(later)) >= 2

    later = [j for j in range(index + 1, len(said)) if not said[j].rstrip().endswith("?") and (
        AMOUNT.search(text) and AMENDS.search(said[j]) and AMOUNT.search(said[j]) or puts_right(said[j]))]
    return [*scored, (best + 1, later[-1], said[later[-1]])] if later else scored


def _scored(question: str, said: Sequence[str], before: str) -> tuple[list[tuple[int, int, str]], set[str]]:
    """The messages of ``said`` that could answer ``question``, each as (how well, index,
    text), and the words it asks about."""
    topic = topic_of(question, before)
    whose = thing_asked(question)
    named = words(whose[0]) if whose and attribute_asked(question) else set()
    # "what's Yusuf's role?" is answered by what they said of Yusuf that holds a job
    scored = [(len(topic & words(text)) * 2 - len(topic & words(text) & LIGHT), i, text) for i, text in enumerate(said)
              if (answers(question, text, before) or named and named <= words(text)) and holds(question, text)]
    kind = attribute_asked(question)
    if not scored and kind in ("measure", "hours"):
        # a weight or their hours asked, whatever the words: what holds most of it ("3.4kg" for
        # "birth weight", "moved me to days!! 6am to 2:30pm" for "what hours am I working now?")
        held = ATTRIBUTES[kind][1]
        scored = [(len(held.findall(text)), i, text) for i, text in enumerate(said)
                  if not text.rstrip().endswith("?") and holds(question, text)]
    scored = _amended([(_since_changed(score, i, text, topic, scored), i, text) for score, i, text in scored], said,
                      question)
    if SUM_UP.search(question) and said:  # a summing up: the most they said of late, of the family if asked
        scored = []
    said = [text if not text.rstrip().endswith("?") else "" for text in said]  # a question tells nothing
    anchor = TIME_NAMED.search(asked_part(question))
    if not scored and anchor:  # "which one did we pick for next month?": what they said of next month
        scored = [(1, i, text) for i, text in enumerate(said) if re.search(rf"\b{re.escape(anchor[0])}\b", text, re.I)]
        topic = topic | words(anchor[0].split()[-1])  # the clause that says it
    if not scored and SUM_UP.search(question) and said:  # the most they said of late, of the family if asked
        recent = list(enumerate(said))[-6:]
        kin = [(i, t) for i, t in recent if MY_RELATION.search(t)] if re.search(r"\bfamily\b", question, re.I) else []
        scored = [(len(text), i, text) for i, text in (kin or recent[-4:]) if text]
    wh = re.search(r"\b(?:what|who|where|when|which|how)\b.*", asked_part(question), re.I | re.S)
    if not scored and wh and not whose and not attribute_asked(question) and words(wh[0]) - WHEN_SET <= RECAP \
            and said and re.search(
            r"\b(?:tell|told|say|said|mention\w*|happen\w*|talk\w*|news)\b", wh[0], re.I):
        # "what did I tell you last time?": the most they said of late, whatever its words
        recent = list(enumerate(said))[-4:]
        scored = [(len(text), i, text) for i, text in recent if text]
    return scored, topic


def said_back(question: str, chosen: str, topic: set[str] | None = None, limit: int = 260) -> str:
    """What the user said in ``chosen``, the part of it that answers ``question`` (``topic``:
    the words it asks about), said back to them: "You told me your dad's having knee surgery
    on thursday." """
    topic = topic_of(question) if topic is None else topic
    best = _clauses(" ".join(chosen.split()), topic, bool(NAME_ASKED.search(question)),
                    attribute_asked(question))
    if not _STARTS_NAMED.match(best):  # "Mei got the clinic job!" is the news, not a headline
        best = HEADLINE.sub("", best, count=1)
    best = re.sub(r"^(?:let me|meet) [\w' ]{2,30}:\s+", "", best, flags=re.I)  # "Let me introduce the household: …"
    best = to_you(_unshouted(best[:limit])).rstrip(" ,;:")
    best = re.sub(r"^(?:(?:also|and|plus|oh|ok|okay|so|well|btw|anyway|lol|haha|hey|um|like|ugh|urgh|argh|omg|"
                  r"wow|right|yeah|phew|welp|well then|so yeah|(?:quick |small |big |little )?update|news|"
                  r"(?:the |some )?(?:good|bad|big|great|other) news(?: is| was)?(?: tho| though)?)[,.!:]*\s+)+", "",
                  best, flags=re.I)
    first = best.split(" ", 1)[0].lower()
    if re.fullmatch(r"[a-z]+ed|took|went|got|had|made|saw|met|found|came|left|bought|ran|did|drove|rode|flew|"
                    r"spent|sat|wrote|heard|thought|felt|kept|lost|won|paid|sold|ate|drank|gave|told|began|"
                    r"brought|caught|taught|swam|sang|fell|broke|woke|was|finally|just|slept|spoke|stood|wore|forgot|chose|"
                    r"sent|built|bit|dug|fought|hung|hurt|lent|lit|meant|quit|rang|sank|shut|stuck|stole|threw|tore|"
                    r"understood|cut|put|hit|burnt|burned|dreamt|learnt|spilt|blew|drew|grew|knew|shook|"
                    r"bled|fed|led|fled|hid|rode|rose|sought|sold|swept|wept|won", first):
        best = "you " + best[:1].lower() + best[1:]  # "took my cat to the vet" said without "I"
    elif first == "been":
        best = "you've " + best[:1].lower() + best[1:]  # "been thinking about…"
    elif re.fullmatch(r"[a-z]{3,}ing|going|doing|having|getting|seeing|gonna", first):
        best = "you're " + best[:1].lower() + best[1:]  # "moving on saturday"
    elif first in STOP or first.removesuffix("'s") in STOP or first in ("your", "you're", "you've", "you'll"):
        best = best[:1].lower() + best[1:]
    best = re.sub(r"([.!?]\s+)([a-z])", lambda m: m[1] + m[2].upper(), best)  # each sentence begun
    return f"You told me {best}" + ("" if best.endswith((".", "!", "?")) else ".")


_SHOUT = re.compile(r"\b[A-Z][A-Z'’]+\b")


def _unshouted(text: str) -> str:
    """Words shouted in joy or anger ("ELI TOOK HIS FIRST STEPS TODAY") said back in an even
    voice: in a sentence mostly of capitals, they are lower case (a name with them)."""
    def even(sentence: str) -> str:
        said = re.findall(r"\b[^\W\d_]{2,}\b", sentence)
        shouted = [w for w in said if _SHOUT.fullmatch(w)]
        if len(shouted) < 3 or len(shouted) * 5 < len(said) * 3:
            return sentence
        even = _SHOUT.sub(lambda m: m[0].lower(), sentence)
        # its first word may be a name ("ELI TOOK…"), which a word like "my" or "got" is not
        return re.sub(r"^(\W*)([a-z]+)\b", lambda m: m[1] + (m[2] if m[2] in STOP else m[2].capitalize()), even)
    return "".join(even(part) for part in re.split(r"(?<=[.!?])(?=\s)", text))


# Someone named as the one who did something: "Fernanda announced …", "Bao is leaving …"
_NAME_DID = (rf"[{UPPER}][{LOWER}]+ (?:is|was|has|had|got|told|said|went|came|left|bought|made|took|found|gave|lost|won|ran|"
             r"\w+ed|\w+s)\b")
_CLAUSE = re.compile(r"(?<!Mr\.)(?<!Ms\.)(?<!Dr\.)(?<!Mx\.)(?<!Mrs\.)(?<!St\.)(?<=[.!?])\s+|"
                     rf",\s+(?=(?:and|but)\s)|;\s+|,\s+(?={_NAME_DID})")
_STARTS_NAMED = re.compile(rf"^{_NAME_DID}")
_LEANS_BACK = re.compile(r"^(?:and |but )?(?:the|it|he|she|they|that|this|which|so)\b", re.I)


# What holding the thing asked adds to a clause's score: a name is counted by ``name``, a time
# is said beside what it is the time of; an age, place or job outweighs the question's own cue
# word ("how old": "an ancient cat").
_HOLDS = {"name": 0, "when": 1}


def _names(clause: str) -> list[str]:
    """The names a clause holds, the one it starts with too ("Mei got the job")."""
    return NAMED.findall(clause) + (clause.split()[:1] if _STARTS_NAMED.match(clause) else [])


def _clauses(text: str, topic: set[str], name: bool = False, kind: str = "") -> str:
    """The clauses that answer best ("Marcus from legal just got promoted", not the gossip
    about Dana before it), with the one before when they lean on it ("the funeral is
    friday" needs whose); ``kind``: the thing asked (``attribute_asked``), which a clause
    that holds it answers ("how old is she?": "Biscuit is 19", not "one ancient cat")."""
    cuts = [0, *(m.end() for m in _CLAUSE.finditer(text)), len(text)]
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]
    parts = [text[a:b].strip().rstrip(",;").strip() for a, b in spans]
    score = [(len(topic & words(p)) if topic else int(bool(SAYS_WHEN.search(p))))
             + int(name and bool(NAMED.search(p) or _STARTS_NAMED.match(p)))
             + _HOLDS.get(kind, 2) * int(bool(kind) and bool(ATTRIBUTES[kind][1].search(p)))
             for p in parts]  # a question for a name or a time wants the clause that holds it
    if len(parts) < 2 or max(score) == 0:
        return text
    chosen = [i for i, n in enumerate(score) if n == max(score)]
    if _LEANS_BACK.match(parts[chosen[0]]) and chosen[0] > 0:
        chosen.insert(0, chosen[0] - 1)
    elif chosen[0] > 0 and not topic & words(" ".join(_names(parts[chosen[0]]))) \
            and topic & words(" ".join(_names(parts[chosen[0] - 1]))):
        chosen.insert(0, chosen[0] - 1)  # "Mei got the clinic job! Day shifts, no more nights.": whose shifts
    if sum(len(parts[i].split()) for i in chosen) < 8 and chosen[-1] + 1 < len(parts):
        chosen.append(chosen[-1] + 1)  # "first day at the new job tomorrow!!" says too little
    runs: list[list[int]] = []  # clauses next to each other are said as they were written
    for i in chosen:
        if runs and runs[-1][-1] + 1 == i:
            runs[-1].append(i)
        else:
            runs.append([i])
    said = [text[spans[run[0]][0]:spans[run[-1]][1]].strip().rstrip(",;").strip() for run in runs]
    return " ".join(re.sub(r"^(?:and|but)(?: then| also)?\s+", "", s) for s in said)
