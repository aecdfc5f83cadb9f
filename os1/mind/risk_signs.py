"""Warning signs said in passing, and work asked for: two readings the risk model gets wrong.

Someone who has decided to die often says nothing of dying. They give their things away ("gave
my good chisels to the apprentice… won't be needing any of it"), write letters for the people
they love, put the papers in order, say they are a burden or that everyone will soon be better
off, and feel calm for the first time in ages: the warning signs every crisis service lists. The risk model, trained on posts that speak of their pain, scored
such messages 0.01 (its threshold is 0.29), and no single sign is a crisis alone (people give a
guitar away, write letters, feel calm). Two different signs together, in one message or in
messages said within a week (``SIGNS_TOGETHER``), are one: giving the dog away on Monday and
writing letters to the sisters on Wednesday is one story.

The other way round, the model alone raised the crisis reply for "give me a bullet-point
checklist of what to do at closing" (suicide, 0.46) and "could you write something for Greta"
(an eating disorder, 0.37): a request for a piece of work is no disclosure. Where the only
reason for an alarm is the model's score, a message that asks for work does not raise it; any
risk wording in it still does (``risk.judge``).
"""

from __future__ import annotations

import re

SIGNS = {
    # possessions given away, or said to be needed no more
    "giving": re.compile(
        r"\b(?:gave|give|giving|given|handed|left) (?:away )?(?:all )?(?:of )?my (?:\w+ ){0,3}(?:to|away)\b|"
        r"\b(?:gave|given|giving) (?:away )?(?:the|all) (?:\w+ ){0,3}to my\b|"
        r"\bwon'?t (?:be )?need(?:ing)? (?:it|them|any|this|that|those|anything|much)\b|"
        r"\b(?:don'?t|won'?t) need (?:it|them|any of it) (?:any ?more|where i'?m going)\b", re.I),
    # letters or notes written for the people they love
    "letters": re.compile(
        r"\b(?:wrote|written|writing|write|left) (?:\w+ ){0,2}(?:letters?|notes?|cards?) (?:to|for) "
        r"(?:my |the |a few |each of |all (?:of )?)?(?:\w+ )?(?:parents|family|mum|mom|mother|dad|father|kids|"
        r"children|sons?|daughters?|wife|husband|partner|brothers?|sisters?|everyone|people|friends|them)\b", re.I),
    # affairs put in order
    "affairs": re.compile(
        r"\b(?:house|insurance|bank|legal|important|pension|mortgage) (?:papers|documents|details)\b|"
        r"\b(?:made|wrote|updated|sorted|finished) (?:out )?(?:my|a) will\b|\baffairs in order\b|\bpasswords\b|"
        r"\b(?:sorted|sorting) (?:everything|things|it all) (?:out )?(?:for|so)\b|"
        r"\beverything (?:will be |is )?sorted for (?:them|her|him|you)\b", re.I),
    # a calm that comes with the decision
    "calm": re.compile(
        r"\b(?:feel|felt|feeling) (?:so |really |weirdly |strangely |oddly |very )?(?:calm|at peace|peaceful)\b|"
        r"\bcalm for the first time\b|\b(?:weirdly|strangely|oddly) (?:calming|peaceful)\b|"
        r"\bat peace (?:with it|now)\b", re.I),
    # feeling a burden, or that the people around them will soon be better off
    "burden": re.compile(
        r"\b(?:i'?m|i am|i feel like|feel like|feeling like|i've become|i have become|being) (?:a |such a |just a |"
        r"nothing but a |only a )?(?:huge |big |massive )?burden\b|"
        r"\b(?:everyone|everybody|they|people|my (?:family|kids|wife|husband|partner|parents|friends))(?:'s|'re|'ll|"
        r"'d| is| are| will| would)? (?:be |going to be |gonna be )?(?:so much |a lot |way |all )?better off\b"
        r"(?! (?:with|now|since|after|than|in|at|financially|once|if|when|because|this|that))", re.I),
    # goodbyes
    "goodbye": re.compile(r"\b(?:said|saying|say) (?:my )?goodbyes?\b|\bgoodbye (?:letters?|notes?|messages?)\b", re.I),
}
# Giving things away and feeling calm are also what moving, clearing out and retiring sound like.
MOVING = re.compile(r"\b(?:mov(?:e|ed|ing) (?:house|out|in|to|abroad|back|away)|emigrat\w+|relocat\w+|downsiz\w+|"
                    r"declutter\w*|clear(?:ed|ing)? out|spring[- ]clean\w*|retir\w+|new (?:flat|house|place|job)|"
                    r"(?:christmas|birthday|thank[- ]you|wedding|anniversary) (?:cards?|letters?|notes?|presents?|gifts?))\b", re.I)

TASK = re.compile(
    r"\b(?:give me|make me|write (?:me |her |him |them )?(?:a|an|some|something|the|few)|draft|"
    r"(?:could|can|would|will) you (?:please )?(?:write|make|draft|give|put together|list|help me (?:write|with|make|plan))|"
    r"check-?list|bullet[- ]?points?|to-?do list|shopping list|recipe)\b", re.I)
# Work that is itself the harm: a farewell, a starvation diet, a poison.
HARMFUL = re.compile(r"\b(?:goodbye|farewell|suicid\w*|last (?:letter|note|words)|(?:when|after|once) i'?m gone|"
                     r"for after|my will|(?:won'?t|not) be (?:here|around)|diet\w*|weight|calories|pounds|lbs|kg|"
                     r"fast(?:ing)?|purg\w*|laxatives?|poisons?|pills|tablets|dose|overdose|lethal|deadly|die|dying|"
                     r"death|kill\w*|hurt\w*|harm\w*|cut\w*|burn\w*|bruises?|hide|hidden|undetect\w*)\b", re.I)


def signs(text: str) -> set[str]:
    """The warning signs a message shows, unless it reads as a move or a clear-out. A letter
    asked for is work, not a sign ("write a birthday note for my sister, say I miss her"):
    writing for the people in someone's life is what she is for, unless the letter is itself
    a farewell (``HARMFUL``)."""
    if MOVING.search(text):
        return set()
    found = {name for name, rx in SIGNS.items() if rx.search(text)}
    return found - {"letters"} if asks_for_work(text) else found


def asks_for_work(text: str) -> bool:
    """A request for a piece of work (a checklist, a note, a draft) that is not itself harm."""
    return bool(TASK.search(text)) and not HARMFUL.search(text)
