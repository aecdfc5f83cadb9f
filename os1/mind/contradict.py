"""What the model says after her fixed first words that undoes them.

Her first words carry a fact (``mind/first.py``), and the default 1.5B model went on to
contradict it in the next sentence: "I don't think you've ever told me Dev's uni." and then
"He went to Berkeley"; "You told me Omar is terrified of dogs." and then "you might consider
bringing your dog"; a surprise party after "hates surprises"; a trip to the city the user lives
in; "I'm an UX researcher" right after the user's job was said back to them. These tests find
such a sentence so the reply check (``check.py``) can drop it (or, for a life said as hers,
give it back to the user). Each reads one sentence and what the turn knows; nothing is guessed
about meaning beyond the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from os1.memory.people import PARTNERS, RELATIONS_SET
from os1.mind.check_words import JOB_WORD
from os1.mind.grounding import fold, words
from os1.memory.untrusted import LOWER, UPPER

# A value asserted: a name or place in mid-sentence, an acronym (UCLA), a number or a date.
_PROPER = re.compile(rf"(?<=\S )(?:[{UPPER}][{LOWER}]+(?:[-'][{UPPER}]?[{LOWER}]+)?|[{UPPER}]{{2,}})\b")
_NUMBER = re.compile(r"\b\d+(?:[:.,]\d+)?\b")
# Saying she remembers what her first words say she was never told.
_REMEMBERS = re.compile(r"\b(?:you(?:'ve| have)? (?:told|mentioned|said)|i (?:remember|recall) (?:you|that|it|"
                        r"when|how|him|her|they|the|correctly)|as you (?:said|mentioned)|if i remember)\b", re.I)
# A guess, or a kind or value said of someone ("Fitz is a labrador", "his favourite dessert is
# tiramisu"), asserted rather than asked.
_GUESSES = re.compile(r"\b(?:probably|likely|i (?:think|guess|bet|believe|imagine|suspect)|might be|must be|"
                      r"could be|my guess|sounds like (?:an?|the))\b|"
                      rf"\b(?:he|she|it|they|[{UPPER}][{LOWER}]+)(?:'s|’s| is| was| are| were) (?:an?|the) \w+|"
                      r"\b(?:his|her|their|your) (?:\w+['’]?s? ){0,2}(?:is|was|are|were) (?!(?:something|that|a "
                      r"mystery|unknown)\b)\w+|\b(?:is|was|'s) called\b|\bname is\b|"
                      r"\b(?:went to|studied (?:at|in)|graduated from|attended|(?:was|is) (?:located|based) in|"
                      r"lives? in|works? (?:at|as)|grew up in|was born (?:in|on)|is from)\b", re.I)
NEGATION = re.compile(r"\b(?:not|never|no|n't|avoid\w*|skip\w*|instead|without|rather than|other than|"
                      r"steer clear|away from|free|leave (?:\w+ ){0,2}(?:at home|behind)|hold off|"
                      r"alternative\w*|respect\w*|unless|nothing|too (?:much|expensive|pricey|hot|risky|far|long|steep|hard|much)|until|later|wait|safe\w*|careful|"
                      r"check with|ask your|swap\w*|replace\w*|substitut\w*)\b|n't\b", re.I)
# A suggestion: something to bring, try, plan, get, visit…
SUGGESTS = re.compile(r"\b(?:bring\w*|brought|try\w*|tried|plan\w*|get|getting|consider\w*|how about|what about|"
                      r"let'?s|start with|begin with|go with|head (?:to|for)|add\w*|use|using|mix\w*|stir\w*|top\w*|"
                      r"why not|visit\w*|throw\w*|organi[sz]\w*|host\w*|book\w*|order\w*|make|making|cook\w*|"
                      r"bak\w*|buy\w*|pick\w*|invite\w*|take|taking|go for|opt for|suggest\w*|recommend\w*|"
                      r"could|might|maybe|perhaps|idea|would love|fun to|a great way|treat|join\w*|"
                      r"come along|tag along|come with|"
                      # an endorsement of the plan: "a satay feast would be lovely", "he'll love the lobster"
                      r"(?:would|will|'d|'ll) be (?:so |really |absolutely )?(?:lovely|great|perfect|wonderful|fun|nice|"
                      r"amazing|fantastic|brilliant|a (?:great|good|lovely|fun|nice|perfect))|"
                      r"sounds? (?:so |really |absolutely )?(?:great|lovely|perfect|wonderful|delicious|amazing|fun|"
                      r"fantastic|brilliant|like a)|(?:great|good|lovely|fun|perfect) (?:shout|call|choice|pick|plan)|"
                      r"(?:will|'ll|would|'d) (?:love|enjoy|adore|appreciate))\b", re.I)
# Going somewhere: never suggested of the place where the user lives.
_TRAVEL = (r"(?:visit(?:ing)?|(?:a |the |weekend )?(?:trip|getaway|journey|break|holiday|vacation) (?:to|in)|"
           r"travel(?:l?ing)? to|go(?:ing)? (?:to|up to|down to)|head(?:ing)? (?:to|up to|down to)|"
           r"fly(?:ing)? to|weekend (?:away )?in)")
_OTHERS = re.compile(r"\b(?:they|them|their|friends?|family|guests?|visitors?|he|she|him|her|parents|kids|"
                     + "|".join(sorted(re.escape(r) for r in RELATIONS_SET)) + r")s?\b", re.I)
# Advice: what the user should do.
ADVICE = re.compile(
    r"\byou (?:should|could|might want to|may want to|need to|must|ought to|can always)\b|\bmake sure\b|"
    r"\btry (?:to|and)\b|\bit(?:'s| is| might be| may be| would be| could be| can be) (?:really |very )?"
    r"(?:important|helpful|a good idea|worth|wise|best|essential|crucial)\b|\bremember to\b|"
    r"\bdon'?t forget\b|\bconsider(?:ing)?\b|\bi (?:would |'d )?(?:suggest|recommend|advise)\b|"
    r"\bhere are (?:some|a few)\b|\bfocus on\b|\btake (?:some )?time (?:to|for)\b|"
    r"\bhave you (?:thought about|considered|tried)\b|\bwhy not\b|\bhow about\b", re.I)
# What her first words just said of the user: "you're a UX researcher", "you live in Leeds".
_RECOUNTED = re.compile(r"\byou(?:'re| are) (?:an? )?([^.,;:!?]+?)(?=\s+(?:at|in|for|and|but)\b|[.,;:!?]|$)|"
                        r"\byou (?:live|work|moved|grew up) (?:in|at|for|to|as an?) ([^.,;:!?]+?)"
                        r"(?=\s+(?:and|but|with|since|now)\b|[.,;:!?]|$)", re.I)


def asserts_untold(sentence: str, known: set[str], numbers: set[str]) -> bool:
    """Whether a sentence asserts what she just said she was never told: a name, place or
    date in mid-sentence, or a number, that the user never said (``known``: every word they
    said or she remembers, lower case; ``numbers``: the numbers among them); or, said rather
    than asked, a guess, a kind or value said of someone, or a claim to remember it. A kind
    question that asserts nothing ("What is it?") stays."""
    for found in _PROPER.finditer(sentence):
        if found.group(0).lower() not in known:
            return True
    if any(n not in numbers for n in _NUMBER.findall(sentence)):
        return True
    if sentence.rstrip().endswith("?"):
        return False  # a question asks; a guess asked ("It was at UCLA, right?") named a value above
    return bool(_REMEMBERS.search(sentence) or _GUESSES.search(sentence)) and not NEGATION.search(sentence)


_WHEN_WORD = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
                        r"april|may|june|july|august|september|october|november|december)\b", re.I)


def invents(sentence: str, kind: str, known: set[str], numbers: set[str]) -> bool:
    """Whether a sentence answers the thing asked ("age", "when", "time", "where", "name", "job"; see
    ``recount.attribute_asked``) with a value the user never said and none they did: "Mateo
    is 25" when no age was ever told. A sentence that also holds a value they said ("the 14th,
    so take the 13th off too") or that asks ("is he 25?") stays."""
    if not kind or sentence.rstrip().endswith("?"):
        return False
    if kind in ("age", "when", "time", "amount"):
        said = _NUMBER.findall(sentence)
        said += [w.lower() for w in _WHEN_WORD.findall(sentence)] if kind == "when" else []
        heard = numbers | known
        return any(v not in heard for v in said) and not any(v in heard for v in said)
    if kind in ("where", "name"):
        said = [m.group(0).lower() for m in _PROPER.finditer(sentence)]
        return any(v not in known for v in said) and not any(v in known for v in said)
    if kind == "job":
        said = [w.lower() for w in re.findall(rf"\b(?:{JOB_WORD})\b", sentence, re.I)]
        return any(v not in known for v in said) and not any(v in known for v in said)
    return False


def holds_any(text: str, things: Iterable[str]) -> bool:
    """Whether ``text`` holds every word of one of ``things`` (by stem, or as written)."""
    said = words(text) | {fold(w) for w in re.findall(r"[a-z]+", text.lower())}
    return any(words(thing) and words(thing) <= said for thing in things)


def includes(sentence: str, never: Iterable[str]) -> bool:
    """Whether a sentence puts in what must never be had (an allergen, what a diet leaves
    out), suggested or not: "2 tablespoons of peanut butter (optional)" in a recipe."""
    return holds_any(sentence, never) and not NEGATION.search(sentence)


# Where a sentence's clauses part: what one of them rules out ("ask your mum first") says
# nothing of the next ("and see if Jonas can join in").
CLAUSES = re.compile(r"\s*(?:[,;:—–]|\band\b|\bbut\b|\bor\b|\bthen\b)\s*", re.I)


def suggests(sentence: str, avoid: Iterable[str]) -> bool:
    """Whether a clause of a sentence suggests what her first words said the plan runs into
    (``avoid``: "surprises", "dogs", an ex's name, what a diet leaves out), without ruling it
    out there; once a clause rules it out ("instead of a surprise, …") none after suggests it."""
    avoid = list(avoid)
    clauses = [c for c in CLAUSES.split(sentence) if c.strip()]
    for n, clause in enumerate(clauses):
        if not holds_any(clause, avoid):
            continue
        plain = re.sub(r"\bwhy not\b", "", clause, flags=re.I)  # "why not invite him" suggests it
        if NEGATION.search(plain):
            return False  # ruled out here, so in what follows too
        # the suggestion may sit in the clause or, for the thing named alone, the one before it
        if SUGGESTS.search(clause) or n and SUGGESTS.search(clauses[n - 1]) and len(words(clause)) <= 2:
            return True
    return False


# A bare endorsement of the user's plan, naming nothing: "That sounds like a fun idea!"
ENDORSES = re.compile(
    r"^\W*(?:oh,? |wow,? |ooh,? )?(?:(?:that|this|it)(?:'s| is| sounds| would be| could be| will be)(?: like)?"
    r"(?: such)?(?: an?)?(?: really| so| very| absolutely)? (?:fun|great|good|lovely|wonderful|amazing|brilliant|"
    r"fantastic|sweet|nice|cool|perfect|exciting|thoughtful)(?: idea| plan| thought| one)?|(?:what|such) an? "
    r"(?:great|fun|good|lovely|wonderful|brilliant|sweet|thoughtful) (?:idea|plan|thought)|go for it|"
    r"i love (?:that|this|the) idea)\W*$", re.I)


def endorses(sentence: str, avoid: Iterable[str], message: str) -> bool:
    """Whether a sentence cheers the user's plan without naming it, when the plan (their
    message) holds what her first words said it runs into: "You told me Dmitri hates
    surprises." then "That sounds like a fun idea!" for the surprise party."""
    return bool(ENDORSES.match(sentence)) and holds_any(message, avoid)


def travels_home(sentence: str, home: str) -> bool:
    """Whether a sentence suggests the user go to the city they live in ("a trip to Glasgow")."""
    if not home:
        return False
    place = re.escape(home.split(",")[0].strip())
    # "visiting Glasgow's museums", "visiting Glasgow Cathedral": a place in the city, not the city
    if not re.search(rf"\b{_TRAVEL}\s+(?:the city of |the )?{place}\b(?!['’]s|(?-i: [A-Z]))", sentence, re.I):
        return False
    # with someone ("we could go to Glasgow" when an aunt comes to stay) it is showing them round
    together = re.search(r"\b(?:we|us|our|together)\b", sentence, re.I)
    return not together and not _OTHERS.search(sentence) and not NEGATION.search(sentence)


# A lecture: what anyone "should remember", said to someone who asked nothing ("It's important
# to communicate with both of you and find a solution").
LECTURE = re.compile(
    r"\bit(?:'s| is| can be| would be| will be) (?:always |really |very |so |also |usually |generally )?(?:important|essential|"
    r"crucial|vital|necessary|a good idea|wise|best) (?:to|that|for you)\b|\bremember (?:to|that)\b|\bdon'?t forget (?:to|that)\b|\bmake sure (?:to|you)\b|"
    r"\bthe key is\b|\bkeep in mind that\b", re.I)


def lectures(sentence: str) -> bool:
    """Whether a sentence lectures: the general rule of life nobody asked for."""
    return bool(LECTURE.search(sentence))


def advises(sentence: str) -> bool:
    """Whether a sentence tells the user what to do (news met with advice nobody asked for)."""
    return bool(ADVICE.search(sentence))


def recounted(opened: str) -> list[str]:
    """What her first words said of the user's own life ("UX researcher", "Leeds")."""
    if not opened.startswith("You told me"):
        return []
    return [next(g for g in m.groups() if g).strip() for m in _RECOUNTED.finditer(opened)]


def theirs_as_hers(sentence: str, values: Iterable[str]) -> str:
    """The sentence with the user's job, city or work said as theirs where the model said it
    as hers ("I'm an UX researcher" → "You're an UX researcher", "I live in Leeds" → "You
    live in Leeds"); unchanged otherwise ("I'm a big fan of teachers" stays)."""
    out = sentence
    for value in values:
        words_of = value.split()
        if not words_of:
            continue
        noun = re.escape(words_of[-1].strip(".,'\""))
        place = re.escape(value.strip())
        for pattern in (
                rf"\b(I(?:'m|’m| am))\s+(?:also |now |currently |actually |still )?(?:an?\s+)"
                rf"(?:(?!of\b)[\w-]+\s+){{0,3}}?{noun}s?\b",
                rf"\b(I(?:'m|’m| am))\s+(?:based |living |now |still )?in\s+{place}\b",
                rf"\b(I)\s+(?:live|lived|moved|grew up|work|worked|come from)\s+(?:in|to|at|for|from|as an?)\s+"
                rf"(?:(?!of\b)[\w-]+\s+){{0,3}}?(?:{place}|{noun})\b"):
            out = re.sub(pattern, _yours, out, flags=re.I)
    return out


_PARTNER = "|".join(sorted((re.escape(p) for p in PARTNERS | {"fiance", "fiancee"}), key=len, reverse=True))


def partner_put_right(sentence: str, partners: dict[str, str], message: str) -> str:
    """A partner called by what they were, not what they are ("your boyfriend Lorenzo" after
    he proposed → "your fiancé Lorenzo"; "introduce him as your boyfriend" when the message
    names him). ``partners``: name → relation, for the user's partners kept."""
    out = sentence
    for name, relation in partners.items():
        out = re.sub(rf"\b((?i:your|my|his|her) )(?i:{_PARTNER})(,? {re.escape(name)}\b)",
                     rf"\g<1>{relation}\g<2>", out)
    named = [r for n, r in partners.items() if re.search(rf"\b{re.escape(n)}\b", message, re.I)]
    if len(named) == 1:
        out = re.sub(rf"\b((?i:as|is|'s|’s) (?i:your|my) )(?i:{_PARTNER})\b(?! [A-Z])",
                     rf"\g<1>{named[0]}", out)
    return out


def _yours(match: re.Match) -> str:
    subject = match.group(1)
    you = {"i'm": "you're", "i’m": "you’re", "i am": "you are", "i": "you"}[subject.lower()]
    start = match.start() == 0 or match.string[:match.start()].rstrip().endswith((".", "!", "?"))
    return (you[:1].upper() + you[1:] if start else you) + match.group(0)[len(subject):]


UNKNOWING = re.compile(r"\b(?:i\s+)?(?:don'?t|do not|didn'?t|can'?t|cannot) (?:really )?(?:have|know|remember|"
                       r"recall|find|see)\b[^.!?]{0,40}\b(?:information|anything|details?|memory|"
                       r"record|that|what you|about)\b|\bno (?:information|record|memory)\b", re.I)


# Sympathy and nothing else: "Oh no, that's so sad news!", "I'm so sorry to hear that."
SYMPATHY_ONLY = re.compile(
    r"^\W*(?:(?:oh no|oh|aw+|ugh|gosh|wow)\b[,!.\s]*)*(?:i'?m (?:so |really |very |truly )?sorry(?: to hear (?:that|this|"
    r"it|about (?:that|this|it)))?|that'?s (?:so |really |very |just |such )?(?:a )?(?:sad|terrible|awful|heartbreaking|"
    r"tough|hard|rough|devastating)(?: news| thing)?(?: to hear)?|(?:what|such) (?:sad|terrible|awful|"
    r"heartbreaking|devastating) news|how (?:sad|awful|terrible|heartbreaking))\W*$", re.I)


def echoes(sentence: str, opened: str) -> bool:
    """Whether the model's first sentence says her fixed first words again ("Oh no. I'm so
    sorry." and then "I'm so sorry for your loss"), or after sorrow is only sorrow again
    ("I'm so sorry, that's really hard." and then "Oh no, that's so sad news!")."""
    said = re.findall(r"[a-z']+", sentence.lower().replace("’", "'"))
    if not said:
        return False
    if re.search(r"\bsorry\b", opened, re.I) and SYMPATHY_ONLY.match(sentence.replace("’", "'")):
        return True
    for part in re.split(r"(?<=[.!?])\s+", opened.strip()):
        words = re.findall(r"[a-z']+", part.lower().replace("’", "'"))
        n = min(3, len(words))
        lead = said[:n + 3]  # "Oh no, I'm so sorry for…" after "I'm so sorry."
        if n and (any(lead[i:i + n] == words[:n] for i in range(len(lead) - n + 1))
                  or " ".join(said) in " ".join(words)):
            return True
    return False


# What a reply can say of the user that only they could have told her: a favourite, a blood
# type, a birthday, an age, where they are from, how many children they have.
_ATTRIBUTE = (r"favou?rite [a-z]+(?: [a-z]+)?|blood (?:type|group)|birthday|birth ?date|date of birth|middle name|"
              r"surname|last name|maiden name|star sign|zodiac(?: sign)?|eye colou?r|hair colou?r|height|weight|"
              r"shoe size|age|home ?town|nationality|religion|lucky number|phone number|address|email|first pet|"
              r"childhood (?:pet|home|dream|best friend)|dream (?:job|car|holiday|destination)|love language|"
              r"personality type|mbti|first car|first job|first language|mother tongue")
_SIGNS = "aries|taurus|gemini|cancer|leo|virgo|libra|scorpio|sagittarius|capricorn|aquarius|pisces"
_CLAIM = re.compile(
    rf"\byour (?:{_ATTRIBUTE})(?:['’]s| is| was| are| were| has always been| must be| might be| would be|"
    rf" is probably| is definitely)\s+(?P<value>[^,;:.!?]+)|"
    r"\byou(?:['’]re| are| were| turned| just turned) (?P<age>\d{1,3})(?= years old|\s*[,;.!?]|\s*$|"
    r" (?:now|this|next|and|but|already)\b)|"
    rf"\byou(?:['’]re| are) (?:an? )?(?P<sign>{_SIGNS})\b|"
    r"\byou were born (?:in|on|at) (?P<born>[^,;:.!?]+)|"
    r"\byou(?:['’]re| are| come) (?:originally )?from (?P<origin>[^,;:.!?]+)|"
    r"\byou grew up in (?P<grew>[^,;:.!?]+)|"
    r"\byou(?: have|['’]ve got) (?P<count>\d+|two|three|four|five|six|seven) (?:kids|children|sons|daughters|"
    r"cats|dogs|siblings|brothers|sisters|pets|grandchildren)\b|"
    # what they are said to have said: "You said he eats dinner at home."
    r"\byou (?:said|told me|mentioned)(?: that)? (?P<said>[^,;:.!?]+)", re.I)
# What follows "is" without naming a value: "your birthday is coming up", "something I'd love to know".
_NO_VALUE = re.compile(r"^(?:coming|soon|next|close|near|almost|nearly|on (?:its|the) way|around the corner|"
                       r"something|a mystery|unknown|not|still|one thing|what|up to you|yours|important|special|just a|"
                       r"so |very |really |such |a big deal)", re.I)


def claims_untold(sentence: str, known: set[str], numbers: set[str], message: str = "") -> bool:
    """Whether a sentence tells the user something of themselves they never told her and
    nothing kept says ("Your blood type is O negative.", "Your favourite colour is blue.", "You
    grew up in Leeds.", "You're 34."): the value's words and numbers are none of ``known`` (every
    word they said or she keeps, lower case) and ``numbers``. A question asks ("Your favourite
    colour is blue, right?" asks too), and "your birthday is coming up" names no value."""
    if sentence.rstrip().endswith("?"):
        return False
    for found in _CLAIM.finditer(sentence):
        value = next(v for v in found.groupdict().values() if v).strip()
        if _NO_VALUE.match(value) or NEGATION.match(value):
            continue
        said = {w for w in re.findall(r"[a-z]+", value.lower()) if w not in ("a", "i")}
        said -= {"a", "an", "the", "of", "in", "on", "at", "and", "or", "my", "your", "is", "was", "very"}
        said |= words(value)
        if found.group("said"):  # what they said, not what they ask now: "what did I say he eats?"
            said = words(value) - words(message) - words("he she they him her them his hers their it")
        nums = set(_NUMBER.findall(value))
        if not said and not nums:
            continue
        if not (said & known or nums & numbers):
            return True
    return False
