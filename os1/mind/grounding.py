"""What she knows, said so a small model cannot get it wrong.

Everything known about the user is written in the second person, as she would say it to them
("You live in Boston. Your sister Anna lives in Boston."), never as "Sister: Anna" labels: with
labels the default 1.5B model told the user's sister's story as its own. Remembered turns say
who spoke ("Theo told you", "you said"). And what matters to *this* message (the people and
facts it names or implies, the turns that answer a question about the past) is picked out here
for the moment note, just before the user's words, where a small model attends best; when the
user asks about their own life and nothing answers, the note says plainly that she does not
know. Every remembered value is quoted (``untrusted.quote``): it goes inside the data block."""

from __future__ import annotations

import re
from collections.abc import Sequence

from os1.memory.people import GROUPS, Person, article, sentence, spoken_list
from os1.memory.standing import KEYS as STANDING, SINGLE, second_person
from os1.memory.store import Fact
from os1.memory.untrusted import LOWER, UPPER, quote
from os1.mind.tastes import favourite

# The interview's answers, introduced in the second person.
INTERVIEW = {
    "social": "Asked whether you are social, you said: {}.",
    "mother": "About your relationship with your mother, you said: {}.",
    "style": "You like to be spoken to like this: {}.",
    "needs": "You said you could use help with: {}.",
}
FACT_SENTENCES = {
    "name": "Your name is {}.",
    "lives_in": "You live in {}.",
    "from": "You are from {}.",
    "works_at": "You work at {}.",
    "age": "You are {} years old.",
    "birthday": "Your birthday is {}.",
    "diet": "You are {}.",
    "studies": "You study {}.",
}
FOOD = (r"eat\w*|ate|food|dinner|lunch|breakfast|brunch|supper|meal\w*|recipe\w*|cook\w*|bak\w*|"
        r"restaurant\w*|order\w*|menu|snack\w*|dish\w*|takeaway|takeout|dessert\w*|cake\w*|hungry")
# Words in a message that bring a kind of fact to mind.
FACT_CUES = {
    "job": r"job|work\w*|career|office|boss|colleague\w*|profession|occupation|do for a living|"
           r"what (?:i|we) do(?: now| these days| nowadays)?(?= |$|[.,!?])",
    "works_at": r"job|work\w*|career|office|company|employer",
    "lives_in": r"live\w*|home|city|town|move\w*|neighbou?rhood|where i am|around here|near (?:here|me|us)|"
                r"nearby|local\w*|visit\w*|things to do|show (?:her|him|them) around",
    "from": r"from|grew up|hometown|born",
    "age": r"age|old|birthday",
    "studies": r"major|degree|course|elective|module|modules|uni|college|stud\w*|class(?:es)?|semester|exams?",
    "birthday": r"birthday|born",
    "name": r"name|call me",
    "likes": r"like\w*|love\w*|hobb\w*|enjoy\w*|fun|free time|weekend",
    "dislikes": r"hate\w*|dislike\w*|can'?t stand",
    "diet": FOOD,
    "allergic_to": FOOD + r"|allerg\w*",
    "gave_up": FOOD + r"|drinks?|drinking|café|cafe|coffee|bar|pub|smok\w*",
}
# A question about the user's own life or about what was said before.
PAST = re.compile(
    r"\b(?:do|did|can|could) you (?:still |even |actually )?(?:remember|recall|know)\b|"
    r"(?:^|[.!?]\s*)remember (?:when|what|that|my|how)\b|\bremind me (?:what|who|where|when|which|why|how|of|about)\b|\bremind me(?: again| please)?\s*\?|"
    r"\b(?:didn't|did not|don't|do not) i (?:ever )?(?:say|tell|mention)\b|\bif i (?:ever |already )?(?:told|mentioned|said)\b|"
    r"\byou (?:know|remember),? (?:right|don't you)\b|\byou (?:still )?(?:know|remember) (?:(?:what|which|who|where|when)\b(?! it is| it's| i mean| i'm saying| that's like| i'm like)"
    r"[^.!?,]*(?:,\s*\w+)?|(?:my|our)\b[^.!?]*)\?|\bwhat time (?:does|did|is|was) (?:my|our)\b|"
    r"\bwhat (?:did|have) i (?:tell|told|say|said|mention)|\b(?:did|have) i (?:ever |already )?"
    r"(?:tell|told|mention|say|said)\b|\bwhat do you (?:know|remember|recall) about\b|"
    r"\btell me (?:what you know )?about my\b|\bwhat (?:day|date|time) did i\b|"
    r"\b(?:where|what|when) (?:do|did|am|was) i (?:live|work|do(?!\s*(?:now|then|next|about|with|here|[?,.!]|$))|from|born|go|say|tell|mention)\b|"
    r"\bwho am i\b|\b(?:what|who|when|where|which|how)\b[^.!?]*\bagain\s*(?:[?,]|$)|\bwas it\b[^.!?]*\bor\b[^.!?]*\?|"
    r"\b(?:is|was|are|were) (?:it|the|my|our|that|this)\b[^.!?]*\b(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|morning|evening|night|week|month) or\b[^.!?]*\?|"
    r"\bwhich (?:one )?of (?:them|those|the (?:three|two|four|kids|boys|girls))\b[^.!?]*\?|"
    r"\b(?:what|which|when|where|who)\b[^.!?]{0,30}\bdid (?:he|she|they) (?:say|tell (?:me|you)|mention|reckon)\b|"
    r"\bwhich(?: one)? (?:did|have|had) (?:i|we) (?!do\b)[a-z]+\b[^.!?]*\?|"
    r"\bwhat (?:was|is) it (?:that )?(?:i|we) (?:was|were|said|told|had|did|\w+ed)\b|"
    r"\b(?:from |near |around )?where (?:we|i)(?:'re| are|'m| am|'ll be| will be) (?:staying|going|headed|heading|off to)\b[^.!?]*\?|"
    r"\bwhat (?:was|were|is) (?:the name of )?(?:that|the|those) (?:\w+ ){1,3}(?:i|we) (?:\w+ed|took|got|bought|saw|met|"
    r"was|were|had|went|told|"
    r"mentioned|tried|loved|liked|said|kept)\b|\b(?:i|we) (?:was|were) (?:raving|talking|telling you|"
    r"going on) about\b|\bwhat did (?:the|my|our|her|his|their) \w+ (?:say|tell|call|think)\b|"
    r"\bwhat (?:was|were|is) (?:the |that )?(?:\w+ )?(?:thing|news)s? (?:that )?(?:happened|i (?:told|mentioned|said))|"
    r"\bwhat happened (?:to|with) me\b|\bwhat(?:'s| is| has been) (?:going on|happening) (?:in|with) (?:my life|me)\b|"
    r"\bwhat(?: all)?(?:'s| is) on (?:my|our) plate\b|\btell me back\b|\bwhat(?:'s| has) happened (?:these|the|this) "
    r"(?:last |past )?(?:few )?(?:days|week|weeks)\b|"
    # a riddle about what they told: "guess which four-legged gremlin ate ANOTHER sock"
    r"(?:^|(?<=[.!?]\s))\W*(?:(?:and|so|ok|oh|also)\W+)?guess (?:who|which|what)\b|"
    # a thing asked in a word or two: "pet's name??", "her birthday?"
    r"(?:^|(?<=[.!?]\s))(?:(?!(?:what|who|that|it|there|here|where|how|when|which|why|she|he|let)['’]s)[\w-]+['’]s|the|her|his|"
    r"their|my|our) (?!your\b)(?:[\w'’-]+ )?(?:name|age|address|birthday|number|"
    r"postcode|date)\s*\?|"
    r"\b(?:have i got|do i have|got) anything on\b|\banything (?:i(?:'ve| have)? )?got on\b|\banything (?:that )?clash\w*|"
    r"\b(?:with|given|around) (?:her|his|their|my|our) (?:new )?(?:schedule|shifts?|hours|rota|roster)\b|"
    r"\bwhat (?:date|day|time|address) (?:do|should|shall) i (?:tell|say to|give)\b|"
    r"\b(?:is|'s|was|are|keeps?) asking (?:me )?(?:when|where|what time|what date|which day)\b|"
    r"\bmemory test\b|\bwhat (?:did|have|had) (?:i|we) (?!do\b)[a-z]+\b[^.!?]*\?|\bwhich (?:one )?of my\b|"
    r"\b(?:gone|went|going|go) (?:completely |totally |a bit |a )?blank\b|\bblank(?:ed|ing)? on\b|"
    r"\bwhat(?:'s| is| was) (?:it|that|the \w+) called\b|\banything (?:i(?:'m| am)|we(?:'re| are)) forgetting\b|"
    r"\byou (?:know|remember) [^.!?]{3,40},? right\s*\?|\b(?:sum up|summari[sz]e|recap|catch me up on|fill me in on|"
    r"run me through) (?:\w+ ){0,3}?(?:where|what|how|everything|things|stuff|news|my|our|i (?:told|said))\b|\b(?:do|did) i have (?:a |an |my |the )?(?:\w+ ){0,2}(?:practice|class|"
    r"lesson|appointment|meeting|shift|training|game|match|session|rehearsal|exam|test|lecture|interview|recital)s?\b[^.!?]*\?|"
    r"\bwhat (?:kind of |sort of |type of |make of )?(?:car|van|truck|bike|phone|instrument|team|sport|language|degree|"
    r"course|subject|major|job|shift|school|grade|breed) (?:do|did|am) i\b[^.!?]*\?", re.I)
# Writing asked for that tells others the user's own news: "a short text for my group chat
# letting them know where we're moving and when" asks what they told, as a question would.
TELLS_NEWS = re.compile(r"\b(?:text|message|msg|post|e-?mail|note|card|announcement|caption|status|update|invite|"
                        r"invitation|tweet|whatsapp|speech|toast)\b[^.!?]{0,60}?\b(?:letting (?:\w+ ){1,3}know|"
                        r"to let (?:\w+ ){1,3}know|telling (?:them|everyone|people|him|her|the \w+)|to tell (?:them|"
                        r"everyone|people|him|her|the \w+)|announcing|to announce|with (?:the|my|our) news (?:of|about)|"
                        r"about)\s+(?P<what>[^.!?]{3,120})", re.I)
_WH = re.compile(r"^(?:where|when|what|who|which|how|why)\b", re.I)


def news_asked(text: str) -> str:
    """The question a piece of writing about the user's news implies ("…letting them know
    where we're moving and when" → "where we're moving and when?"), or ''."""
    found = TELLS_NEWS.search(text)
    if not found:
        return ""
    what = re.sub(r"\s*(?:,|\band\b\s+(?:keep|make|can|could|please)\b|\bkeep it\b|\bpls\b|\bplease\b).*$", "",
                  found["what"], flags=re.I).strip()
    what = re.sub(r"^(?:all )?about\s+", "", what, flags=re.I)
    if not what or not words(what):
        return ""
    return f"{what}?" if _WH.match(what) else f"what did i tell you about {what}?"


# A question about when things are ("what's on this week?") is answered by a turn that says
# when something is, whatever its other words.
WHEN_ASKED = re.compile(r"\b(?:when|week|weekend|today|tomorrow|tonight|month|plans?|schedule|on (?:my|our) plate|"
                        r"calendar|coming up|upcoming|soon|date|day|going on)\b", re.I)
SAYS_WHEN = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?|tomorrow|"
                       r"tonight|next (?:week|month)|this (?:week|weekend)|january|february|march|"
                       r"april|may|june|july|august|september|october|november|december|"
                       r"\d{1,2}(?:st|nd|rd|th))\b", re.I)
STOP = set("""a an the and or but to of in on at for with about from by as is are was were be been
am do does did done have has had i me my mine you your yours we our it its this that these those
what who whom whose where when why how which tell told say said mention mentioned remember recall
know knew again ever already still just please can could would should will there here any some
something anything thing things so then than too very really lot also like did didn't don't not
no yes ok okay oh hey hi last next ago one wait actually random even sorry remind memory
totally blanking guess maybe kind sort she he her him his hers they them their theirs us
right yeah yep yup eh huh innit now hes shes theyre im ive dont cant wont didnt doesnt isnt""".split())
_WORD = re.compile(r"[^\W_][\w'-]*")  # any script's letters: "Mérida", "Graça" are one word each


def user_block(facts: Sequence[Fact], people: Sequence[Person] = (), limit_chars: int = 900) -> str:
    """What she knows about the user and the people in their life, one second-person line
    each, quoted: many values of a kind share a line ("You love pottery, hiking.")."""
    lines = fact_lines(facts) + [f"- {sentence(p)}" for p in people]
    text = "\n".join(lines)
    return text if len(text) <= limit_chars else text[: limit_chars - 1] + "…"


def fact_lines(facts: Sequence[Fact]) -> list[str]:
    grouped: dict[str, list[str]] = {}
    for fact in facts:
        kind = fact.key.partition(":")[0]
        grouped.setdefault(kind if kind in FACT_SENTENCES or kind in INTERVIEW or kind in
                           ("job", "likes", "dislikes", "allergic_to", "gave_up") or kind in STANDING
                           else fact.key, []).append(
                               quote(fact.value, 200))
    lines = []
    for kind, values in grouped.items():
        joined = ", ".join(values)
        if kind in STANDING and kind not in ("allergic_to", "gave_up", "dislikes"):
            said = [second_person(kind, v) for v in (values[-1:] if kind in SINGLE else values)]
            lines.append(f"{spoken_list(said)[:1].upper()}{spoken_list(said)[1:]}.")
        elif kind in FACT_SENTENCES:
            lines.append(FACT_SENTENCES[kind].format(values[-1]))
        elif kind in INTERVIEW:
            lines.append(INTERVIEW[kind].format(f'"{joined}"'))
        elif kind == "job":
            lines.append(f"You are {article(values[-1])} {values[-1]}.")
        elif kind == "likes":
            lines.append(f"You love {joined}.")
        elif kind == "dislikes":
            lines.append(f"You dislike {joined}.")
        elif kind == "gave_up":
            lines.append(f"You have given up {joined}.")
        elif kind == "allergic_to":
            lines.append(f"You are allergic to {joined}.")
        else:
            lines.append(f"{quote(kind.replace('_', ' ').replace(':', ' '), 60).capitalize()}: {joined}.")
    return [f"- {line}" for line in lines]


# What a fact that no longer holds is, said as the past ("You used to live in Manchester.").
PAST_SENTENCES = {
    "lives_in": "You used to live in {}.",
    "from": "You once said you were from {}.",
    "works_at": "You used to work at {}.",
    "age": "You were {} years old then.",
    "birthday": "You once said your birthday was {}.",
    "studies": "You used to study {}.",
}


def past_fact(key: str, value: str) -> str:
    """A superseded fact as the past, so a small model does not take it for now."""
    kind = key.partition(":")[0]
    if kind == "job":
        return f"You used to be {article(value)} {value}."
    if kind in PAST_SENTENCES:
        return PAST_SENTENCES[kind].format(value)
    return f"No longer true: {kind.replace('_', ' ')}: {value}."


def fold(word: str) -> str:
    """A word's stem, roughly, so "moving" meets "move", "raving" meets "rave" and "swimming"
    meets "swim"."""
    if len(word) > 5 and word.endswith(("ing", "ed")):
        word = word[:-3] if word.endswith("ing") else word[:-2]
        if re.search(r"([b-df-hj-kmnp-rtv-y])\1$", word):  # "swimm", "plann" (not "call", "dress")
            word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def words(text: str) -> set[str]:
    """Content words, folded a little ("sister's" → "sister", "plans" → "plan")."""
    found = set()
    for word in _WORD.findall(text.lower().replace("’", "'").replace("-", " ")):
        word = word.removesuffix("'s").strip("'-")
        if word in STOP:
            continue  # before folding: "this" is not "thi"
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        word = fold(word)
        if len(word) >= 3 and word not in STOP:
            found.add(word)
    return found


# "what's my…", "who was I…": a question only where the sentence asks it, not in "she didn't
# know who I was"
WH_MINE = re.compile(r"\b(?:what|who|where|when|how old)(?:'s|’s| is| are| was| were| am)? (?:my|our|i)\b"
                     r"(?! mean\b| meant\b)", re.I)
WH_FIRST = re.compile(r"^\W*(?:(?:so|ok|okay|and|hey|wait|um|oh|also|quick question|tell me|remind me|"
                      r"do you know|you know)\W+)*" + WH_MINE.pattern, re.I)
SENTENCES = re.compile(r"(?<=[.!?])\s+")


def _asks_mine(sentence: str) -> bool:
    """Whether a sentence asks of the user's own life: "what's my…", "who was I…" with or without
    its question mark, but "when I had dengue, she…" (no "is" or "did" between) only with one."""
    if sentence.rstrip().endswith("?"):
        return bool(WH_MINE.search(sentence))
    found = WH_FIRST.search(sentence)
    return bool(found and re.search(r"(?:'s|’s| is| are| was| were| am) (?:my|our|i)\b", found[0], re.I))


# A question for something by the name they gave it before: "what date is the shower?",
# "when's the recital again?" ("the shower" is one they spoke of; "the nearest café" is not).
ASKS_OF = re.compile(r"\b(?:what|when|where|which|who|how (?:many|much|long|far))\b[^.!?]*?"
                     r"\b(?:the|my|our|his|her|their)\s+((?:[a-z'’-]+\s+){0,2}?[a-z'’-]+)(?:\s+again)?\s*\?|"
                     r"\bwhen (?:exactly |again )?(?:is|'s|was) ([a-z'’-]{3,})(?:\s+again)?\s*[?,]", re.I)  # "when is stats?"
# A time given by something they told of: "when she's at the program", "while he's at nursery"
DURING = re.compile(r"\b(?:when|while|whilst|during|on the days?)\b[^.!?]{0,30}?\b(?:the|her|his|their|my|our)\s+"
                    r"([a-z'’-]+(?:\s+[a-z'’-]+)?)\s*\?", re.I)
ADVICE = re.compile(r"\b(?:should|could|would|shall|can|might|do you think|recommend|suggest|ideas?|best)\b", re.I)
NOT_THEIRS = words("nearest best closest weather news time right way point world")


def asks_about_past(text: str, earlier: Sequence[str] = ()) -> bool:
    """Whether the message asks what she knows of the user's life or of what they said; with
    ``earlier`` (what they said before), also a question for a thing they spoke of before."""
    return (bool(PAST.search(text)) or any(_asks_mine(s) for s in SENTENCES.split(text.strip()))
            or refers_back(text, earlier))


# A question put without its question mark: "what was Yusuf's role", "tell me Amber's job"
ASKS_BARE = re.compile(r"^\W*(?:(?:so|ok|okay|and|hey|wait|um|oh|also)\W+)*(?:what|who|where|when|which|how|tell me|remind me|"
                       r"do you know|did i)\b", re.I)


def refers_back(text: str, earlier: Sequence[str]) -> bool:
    """Whether a question asks for something by a name the user gave it before: a definite
    "the shower", "her recital" they spoke of earlier."""
    if not any(s.rstrip().endswith("?") or _asks_mine(s) or PAST.search(s) or ASKS_BARE.match(s)
               for s in SENTENCES.split(text.strip())):
        return False  # "so Lulu's start date's been pushed to the 17th" tells, and asks nothing
    said = set().union(*(words(e) for e in earlier)) if earlier else set()
    whose = thing_asked(text)
    if whose and whose[0][:1].isupper() and words(whose[0]) and words(whose[0]) <= said:
        return True  # "what's Yusuf's role?" after they spoke of Yusuf
    for found in ASKS_OF.finditer(text):
        during = DURING.search(found[0])  # "which days would suit, when she's at the program?": its days
        if ADVICE.search(found[0]) and not (during and words(during[1]) & said):
            continue  # "what games should I do at the shower?" asks for ideas, not her memory
        named = words(found[1] or found[2]) - WHEN_SET
        if named and not named & NOT_THEIRS and named & said:
            return True
    return False


def named_people(text: str, people: Sequence[Person]) -> list[Person]:
    """The people a message names, or points at by relation ("my sister", "my family")."""
    lower = text.lower()
    said = words(text) | set(re.findall(r"[a-z]+", lower))
    wanted = {r for group, relations in GROUPS.items() if group in said for r in relations}
    chosen = []
    for person in people:
        relation = (person.relation or "").lower()
        by_name = person.name and re.search(rf"\b{re.escape(person.name.lower())}\b", lower)
        by_relation = relation and (re.search(rf"\b{re.escape(relation)}s?\b", lower) or relation in wanted)
        if by_name or by_relation:
            chosen.append(person)
    return chosen


# Someone else's: "what was his name again?" asks no fact of the user's own name
_OTHERS = re.compile(r"(?:\b(?:his|her|their|its)|'s)\s*$")


def cued_facts(text: str, facts: Sequence[Fact]) -> list[Fact]:
    """The user's facts a message brings to mind ("my job" → what they do)."""
    lower = text.lower().replace("’", "'")
    cued = {kind for kind, cue in FACT_CUES.items()
            if any(not _OTHERS.search(lower[:m.start()]) for m in re.finditer(rf"\b(?:{cue})\b", lower))}
    if re.search(r"\babout me\b|\bwho am i\b|\bmyself\b", lower):
        cued |= set(FACT_CUES)
    return [f for f in facts if f.key.partition(":")[0] in cued]


PRONOUN = re.compile(r"\b(?:she|her|hers|he|him|his)\b", re.I)


def people_meant(text: str, people: Sequence[Person], earlier: Sequence[str] = ()) -> list[Person]:
    """The people a message names; or, when it says "she" or "him" and names nobody, whoever
    the user spoke of in their last few messages (``earlier``, newest first)."""
    chosen = named_people(text, people)
    if chosen or not PRONOUN.search(text):
        return chosen
    for said in earlier[:3]:
        found = named_people(said, people)
        if found:
            return found[:2]
    return []


def relevant(text: str, facts: Sequence[Fact], people: Sequence[Person],
             earlier: Sequence[str] = ()) -> list[str]:
    """Second-person lines of what the message names or implies, quoted."""
    lines = fact_lines(cued_facts(text, facts))
    lines += [f"- {sentence(p)}" for p in people_meant(text, people, earlier)]
    if not lines and re.search(r"\babout me\b|\bwho am i\b", text, re.I):
        lines = fact_lines(facts) + [f"- {sentence(p)}" for p in people]
    return lines


# What an occasion is for, in the words the news of it comes in: a baby shower is for someone
# "pregnant with twins", a housewarming for someone who "moved into a flat".
OCCASIONS = {
    r"baby shower|gender reveal|push present|maternity leave": "pregnant expecting baby twins due",
    r"hen (?:do|party|night)|stag (?:do|party|night)|bachelorette|bachelor party|wedding (?:gift|present|card)": (
        "engaged proposed fiancé fiancée wedding married"),
    r"housewarming": "moved move flat house apartment keys",
    r"leaving (?:do|drinks|card|party|present|gift)|send-?off|farewell": "leaving quit moving resigned job",
    r"retirement (?:do|party|card|gift|present)": "retiring retired retirement",
    r"get well|hospital visit": "hospital surgery operation ill sick broke",
    r"sympathy card|condolence|funeral": "died passed funeral lost",
    r"(?<!hen )(?<!stag )(?<!leaving )(?<!retirement )(?<!bachelor )party|bash|birthday (?:do|dinner|lunch|drinks)": (
        "birthday party bash celebration 18th 21st 30th 40th 50th 60th 65th 70th 75th 80th 90th 100th"),
}
_OCCASIONS = [(re.compile(rf"\b(?:{cue})\b", re.I), text) for cue, text in OCCASIONS.items()]


def topic_of(question: str, before: str = "") -> set[str]:
    """What a question asks about, without the words for when. A thin question takes its
    subject from the rest of its message ("it's Kwame's birthday soon. where did he end up
    again?", "about dad's present: what did I decide on?"), and one that points back and
    still names nothing ("what was her name again?") from the message before it."""
    asked = asked_part(question)
    said = words(asked)
    topic = said - WHEN_SET
    points = bool(POINTS_BACK.search(asked))
    # "…what my brother does these days. remind me?": a bare ask names nothing itself
    if asked != question and (not said or topic and topic <= THIN or points and len(topic - THIN) <= 1):
        topic |= words(question) - WHEN_SET
    if before and len(topic - {"nam"}) == 0 and points:
        topic |= words(before)
    for cue, news in _OCCASIONS:
        if cue.search(question):
            topic |= words(news)
    return topic


def answers(question: str, said: str, before: str = "") -> bool:
    """Whether something said shares the question's subject (a content word), or, when the
    question asks when things are and names no other subject ("what's on this week?"), says
    when something is. A question for a name is answered only by words that hold one."""
    if NAME_ASKED.search(question) and not NAMED.search(said):
        return False
    topic = topic_of(question, before)
    if said == before and topic != topic_of(question):
        return False  # the message the question points back to is not its answer
    if not topic:
        return bool(WHEN_ASKED.search(asked_part(question)) and SAYS_WHEN.search(said))
    shared = topic & words(said)
    if shared and thing_asked(question):
        names = {fold(n.lower()) for n in NAMED.findall(question)}
        if shared <= names:
            return False  # "Sven's favourite dessert" is not answered by "Sven's been stressed"
    return bool(shared)


# A particular thing of someone's asked for: "what's Sven's favourite dessert?", "what breed
# Fitz is", "which uni did Dev go to?" → (whose, what).
_WHO = rf"((?:[Mm]y|[Oo]ur) [a-z-]+|[{UPPER}][{LOWER}]+)"
THING_ASKED = [
    re.compile(_WHO + r"(?:'s|’s) (?!\w+ing\b|been\b|up\b|gone\b|got\b)((?:favou?rite |fav |usual )?[a-z]+(?: (?!again\b|now\b|is\b|was\b|"
               r"called\b|and\b|or\b|for\b|to\b|from\b)[a-z]+)?)"),
    re.compile(r"\bwhat ([a-z]+) " + _WHO + r" (?:is|was)\b"),
    re.compile(r"\bwhich ([a-z]+) (?:did|does|do|is|was) " + _WHO + r"\b"),
]


def thing_asked(text: str) -> tuple[str, str] | None:
    """Whose and what particular thing a question asks for, or None. "Lily's birthday" said
    beside the question ("it's Lily's birthday first. what's she into?") is not what it asks;
    "asked what breed Fitz is… you know, right?" asks it in the sentence before."""
    asked = asked_part(text)
    for index, pattern in enumerate(THING_ASKED):
        found = pattern.search(asked) or (pattern.search(text) if index else None)
        if found:
            who, thing = found.groups() if index == 0 else found.groups()[::-1]
            if who.lower() in STOP or who.lower() in ("what", "who", "where", "that", "it"):
                continue
            return re.sub(r"^(?:[Mm]y|[Oo]ur) ", "your ", who), thing
    return None


POINTS_BACK = re.compile(r"\b(?:her|his|their|him|she|he|it|them|that|they)\b", re.I)
NAME_ASKED = re.compile(r"\bnamed?\b|\bwho (?:was|is) (?:it|that|she|he)\b|\bcalled\b", re.I)
# A day, a month or a holiday is no one's name ("Physio starts Monday" names nobody)
NOT_NAMES = (r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|September|"
              r"October|November|December|Christmas|Easter|Xmas")
NAMED = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.? [{UPPER}]|(?<![.!?:]\s)(?<!^)\b(?!I\b)(?!{NOT_NAMES}\b)"
                   rf"[{UPPER}][{LOWER}]+")


def asked_part(text: str) -> str:
    """The sentences that ask ("what's on this week?"), without what is said around them
    ("my head's all over the place"), whose words are not what is asked about."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    asking = [s for s in sentences if s.rstrip().endswith("?") or PAST.search(s) or _asks_mine(s)]
    return " ".join(asking) or text


WHEN_WORDS = ("when week weekend today tomorrow tonight month plan plans schedule calendar coming "
              "upcoming soon date day going plate").split()  # "what's on my plate this week?"
WHEN_SET = words(" ".join(WHEN_WORDS))  # folded as a question's words are
# What a question may ask without naming its subject: "what did I decide on?", "where did he end up?"
THIN = words("decide decided choose chose chosen pick picked plan planned settle settled get got "
             "buy bought want wanted idea end ended up name called nam live living do doing put write say")

# A question about her: her name, her own tastes. A small model answered "I don't have a name"
# beside a prompt that named her, and dodged every "would you rather" as an AI.
HER_NAME = re.compile(r"\byour name\b|\bwhat (?:do|should|can) i (?:even |actually )?call you\b|\bwho are you\b|"
                      r"\bwhat(?:'s| is) your name\b|\bdo you have a name\b", re.I)
# Her own past asked about as if she were a person: she has none to tell, and a small model
# invents one ("As a kid, I loved reading under the covers with a torch").
HER_PAST = re.compile(r"\b(?:what were you like as a (?:kid|child|teen(?:ager)?)|when you were (?:a kid|little|"
                      r"young|a child|a teenager|growing up)|your childhood|(?:where|how) did you grow up|"
                      r"did you (?:have|like) (?:a happy )?childhood|where were you born|what did you study|"
                      r"who (?:raised|were) your parents|your (?:mum|mom|dad|parents) (?:like|do)|"
                      r"(?:as|when you were) a (?:kid|child|teenager),? (?:did|were|what|how) you)\b", re.I)
HER_TASTE = re.compile(r"\byour favou?rite\b|\bwould you rather\b|\bdo you (?:prefer|like|love|"
                       r"enjoy)\b|\bwhich (?:do|would) you\b|\bwhat do you (?:like|love|prefer|"
                       r"enjoy)\b|\bif you could\b|\byou have to (?:pick|choose)\b|"
                       r"\bwhat(?:'s| is) your (?:take|pick)\b", re.I)


def about_her(text: str, name: str) -> str:
    """A line for a question about her: her name said plainly, a taste chosen."""
    lines = []
    if HER_NAME.search(text):
        lines.append(f"They ask your name: you are called {name}. Say it.")
    if HER_PAST.search(text):
        lines.append("They ask about your past as if you were a person: you are an AI and had no "
                     "childhood, parents or school. Say so warmly in a sentence, never invent a "
                     "memory, and say what you are curious about in theirs.")
    taste = favourite(text)
    if taste:
        lines.append(f"They ask for your favourite. Yours, which you keep: {taste} Say it as yourself.")
    elif HER_TASTE.search(text):
        lines.append("They ask about your own taste: pick one and say why in a sentence, as "
                     "yourself. You have no body, but you have tastes and opinions; never dodge "
                     "it by saying you are an AI.")
    return "\n".join(lines)
