"""Answer news with the right feeling first: sorrow for a loss, joy for good news, both for
news that is both.

Read as a friend hears it: the user's words say what happened ("we had to put our old boy to
sleep", "Kofi proposed and I said YES", "dropped my youngest off at university… sat in her
empty room"), and the emotion model's labels back a reading up (or, strongly, stand alone for
grief). The default 1.5B model, told the user seemed positive, cheered a dog put to sleep ("I'm
glad you found a solution") and met "the adoption is FINAL!!!" with a lecture on kindness; so
the reading becomes a line in the moment note for every model, and, for a model that cannot be
trusted with it (``models.base.capable``), her first words, said before the model goes on.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from os1.mind.grounding import asks_about_past

_PEOPLE = (r"(?:mum|mom|mother|dad|father|gran|grandma|grandmother|grandpa|grandfather|nan|nana|"
           r"brother|sister|son|daughter|wife|husband|partner|friend|best friend|uncle|aunt|cousin|"
           r"baby|dog|cat|pup|puppy|kitty|boy|girl|horse|rabbit|bird)")
# A place someone works or runs: closing it down is a loss
_BUSINESS = (r"(?:\w*shop|restaurant|business|caf[eé]|bakery|studio|\w*store|salon|pub|bar|gym|clinic|practice|firm|stall|"
             r"plant|factory|mill|site|office|branch|depot|warehouse|mine|works|yard)")
# not for the night, nor closing up as a shift's work ("starts closing the bakery by herself")
_FOR_GOOD = (r"(?!\s+(?:early|late|at (?:\d|noon|midnight)|for (?:the|lunch|a)\b|today|tonight|tomorrow|\d|up\b|"
             r"by (?:her|him|my|your|them|our)sel(?:f|ves)|alone|on (?:her|his|my|their|your) own))")
LOSS = re.compile(
    r"\b(?:put (?:\w+ ){0,4}(?:to sleep|down)|passed away|passed on|(?:has |have |just )?died|"
    r"funeral|lost (?:my|our|her|his) (?:\w+ )?" + _PEOPLE + r"|"
    r"(?:\band i|\bme and \w+|\bwe|\bi)(?: have| had| just| finally| are| were)? (?:broke up|split up|"
    r"split|breaking up|broken up|separated|separating|getting divorced|got divorced|divorced)|"
    r"(?:dumped|left|cheated on) me|\bmy (?:divorce|break-?up)|"
    r"(?:got |been |was |were )?(?:laid off|made redundant|fired|let go)|"
    r"(?:made|making) (?:me|us|him|her|them|half of us) redundant|(?:laid|let) (?:me|us) (?:off|go)|"
    r"(?:they |just )fired (?:me|us)|miscarr\w+|"
    r"(?:didn'?t|did not) get (?:in|into)\b|(?:got |been |was )?turned down|"
    r"(?:served|cooked|worked|played|taught|poured) (?:our|my|the|their) (?:very )?(?:last|final)\b|"
    r"(?:clos|shutt?)(?:e|ed|ing|s)? (?:down )?(?:the|our|my|\w+'s) " + _BUSINESS + _FOR_GOOD + r"|"
    r"(?:the|our|my|\w+'s) " + _BUSINESS + r" (?:is|'s|will be|has|had) (?:closing|shutting|closed|shut)\b(?: down)?"
    + _FOR_GOOD + r"|"
    r"(?:went|gone|going) (?:bust|under|bankrupt)|"
    # a storm, a fire or a flood that took what they had
    r"(?:hail|storm|flood\w*|fire|wildfire|bushfire|frost|drought|tornado|hurricane|cyclone|typhoon|earthquake|"
    r"landslide)\b[^!?]{0,80}\b(?:destroyed|shredded|wiped out|ruined|flattened|burn(?:ed|t) down|gutted|"
    r"washed away|killed|took (?:most|all|half|the|our|my))|lost (?:everything|it all|(?:the|our|my|his|her) (?:house|home|"
    r"farm|crops?|harvest|shop|business|roof|animals|herd|flock|vines|orchard)) (?:in|to) the (?:fire|flood|storm|hail|"
    r"hurricane|earthquake)|"
    r"(?:didn't|did not|don't|didn't) get (?:the|that|into|my|a) (?:\w+ )?(?:job|offer|place|role|part|school|"
    r"scholarship|grant|promotion|visa|fellowship|apartment|flat|house|funding|residency|internship)|"
    r"(?:didn'?t|did not|doesn'?t|does not|no longer|couldn'?t) (?:know|recogni[sz]e) (?:who i (?:am|was)|me)\b|"
    r"(?:had|has had|suffered|having) (?:a |an )?(?:small |mild |minor |major |massive |big )?(?:stroke|heart attack|"
    r"seizure|aneurysm|breakdown)|dementia|alzheimer'?s|\bhospice\b|palliative|terminal(?:ly)?|(?:weeks|days),? not (?:months|years)|"
    r"(?:got|was|were) rejected|diagnos\w+ with|cancer|(?<!shift )(?<!work )(?:in|into) (?:the )?hospital(?! (?:laundry|kitchens?|"
    r"car ?park|caf[eé]|canteen|cafeteria|shop|gift shop|pharmacy|lab|reception|chapel|garden))|"
    r"(?:failed|flunked) (?:my|the)\b|"
    # said in few words, a sentence on its own: "didnt get it. third time. whatever", "they said no. again."
    r"(?:^|(?<=[.!?]\s))\W*(?:(?:well|so|nope|yeah|welp|ugh)\W+)?(?:i |we )?(?:didn'?t|did not) get (?:it|in|the (?:job|place|flat|"
    r"house|role|part|promotion|transfer))\W*(?:again\W*)?(?:[.!]|$)|"
    r"(?:^|(?<=[.!?]\s))\W*(?:(?:well|so|yeah|welp|ugh)\W+)?(?:they|she|he|the (?:bank|landlord|school|panel|board|council))"
    r" (?:said no|turned (?:me|us) down)\W*(?:again\W*)?(?:[.!]|$))", re.I | re.M)
JOY = re.compile(
    r"\b(?:got (?:the|a|my|that|an) (?:new )?(?:[\w-]+ ){0,3}(?:job|offer|role|place|promotion|scholarship|grant|"
    r"apartment|flat|house|visa|part)|(?:i|we)(?:'re| are) (?:engaged|pregnant|expecting)|"
    r"proposed|said yes(?=\s*(?:!|$))|said yes to (?:the |his |her |their |a )?(?:proposal|ring|offer|job)|got engaged|got married|it's a (?:boy|girl)|"
    r"adoption (?:is|was) (?:final|approved|official)|officially (?:our|my|a|an|the)|"
    r"(?:i(?:'m| am)|became|becoming) (?:officially |now |finally )?(?:a |an )?(?:[\w-]+ )?citizen\b|"
    r"(?:made|named|appointed|elected|promoted) me (?:the |a |an )?(?:[\w-]+ ){0,2}(?:manager|director|head|lead|"
    r"captain|partner|supervisor|chief|president|chair|principal|editor|foreman|sergeant)|"
    r"(?:first time ever|slept through the night)|(?:got|became|received) (?:my |our |a )?"
    r"(?:citizenship|green card|permanent residency|passport)|"
    r"(?:finished|completed|ran|did) (?:(?:my|our|a|the|his|her) )?(?:first |last |whole )?(?:marathon|"
    r"half|race|triathlon|ironman|thesis|dissertation|degree|phd|novel|book|album|10k|5k)|"
    r"(?:passed|aced|nailed) (?:my|our|the|her|his) (?:\w+ )?(?:exam|exams|test|bar|boards|viva|"
    r"defen[cs]e|interview|audition)|(?:i|we|she|he) (?:won|graduated)\b|"
    r"\b(?:i|we) (?:finally )?(?:finished|did it|made it)(?=\s*(?:!|$|\W*$))|"
    r"\bi (?:finally )?(?:got|was) (?:accepted|promoted|in)\b|accepted (?:into|to|at)|got in\b|"
    r"(?:bought|closed on) (?:a|our|my) (?:house|home|flat|apartment)|"
    r"(?:made|paid) (?:the|my|our) (?:very )?(?:last|final) (?:\w+ )?(?:payment|instal?ment|repayment)|debt[- ]free|"
    r"paid (?:off|back) (?:the|my|our|all (?:of )?(?:my|our|the)) (?:\w+ ){0,2}(?:debt|loans?|mortgage|card|car|overdraft)|"
    r"so proud of (?:her|him|them|myself|you|us)|"
    r"citizenship ceremony|\b(?:swam|ran|walked|climbed|cycled|rode|drove|played|sang|finished)\b[^.!?]{0,60}"
    r"\bfor the (?:very )?first time (?:in my life|ever)|"
    r"(?:officially |finally |been |was |got )?discharged|all[- ]clear|(?:cancer|tumou?r)[- ]free|in remission|"
    r"(?:scan|scans|biopsy|results?|mammogram|bloods) (?:(?:all |both )?came back |(?:was|were|is|are) )"
    r"(?:all )?(?:clear|clean|normal|benign|fine))", re.I)
# The hard side of news, leaving out tears (which good news brings too): "crying like an idiot"
# in a car park after the last debt payment is joy.
HARD_NOT_TEARS = re.compile(r"\b(?:but|though|although|however|miss(?:ing)?|wish|if only|sad|heartbroken|ill|sick|"
                            r"hospital|funeral|alone|lonely|scared|worried|afraid)\b", re.I)
# A test that was hoped positive coming back negative: a round of IVF, trying for a baby.
HOPED = re.compile(r"\b(?:ivf|round|embryo|transfer|pregnan\w*|trying (?:for|to conceive)|ttc|pushchair|pram|"
                   r"cot|nursery|fertility)\b", re.I)
NEGATIVE = re.compile(r"\b(?:negative|bfn|(?:didn'?t|did not) (?:take|stick|work)|not pregnant|"
                      r"(?:my |her )?period (?:came|arrived|started))\b", re.I)
# News that is good and hard at once: a child leaving home, a goodbye that was right.
MIXED = re.compile(r"\b(?:empty (?:room|house|nest)|so quiet|miss(?:ing)? (?:her|him|them) already|"
                   r"bittersweet|mixed feelings|happy (?:but|and) sad|proud (?:but|and) sad)\b", re.I)
# Torn between the two, whatever the news: "by Friday we'll be in Kelowna… I don't know whether to laugh or cry"
TORN = re.compile(r"\b(?:(?:whether|if) to laugh or cry|laughing (?:and|or) crying|don'?t know (?:how|what) to feel|"
                  r"happy[- ]sad)\b", re.I)
# Good news said in other words than a milestone: a dream offer, a right decision, a new chapter.
GOOD = re.compile(r"\b(?:dream (?:job|role|offer|school|house|home|place)|got (?:the|an?|my) (?:\w+ )?offer|"
                  r"promot\w+|(?:it |this )?feels right|right (?:decision|call|choice|thing)|new chapter|"
                  r"(?:so |really |very )?(?:proud|thrilled|excited|happy|grateful)|lovely|double the salary|good price|"
                  r"(?:she|he|they)(?:'d| would) have loved|"
                  r"pay rise|retir\w+|accepted|offer came|got into|made it into)\b", re.I)
# The hard side of news that is also good: someone ill or far away, a goodbye, tears, an ending.
HARD = re.compile(r"\b(?:health (?:isn'?t|is not|has been|hasn'?t been)|(?:hasn'?t|has not|haven'?t|not) been (?:well|good|"
                  r"great|himself|herself)|leav(?:e|ing) (?-i:[A-Z])[\w-]+|(?:is |been |getting )?(?:ill|sick|unwell|"
                  r"frail|poorly)\b|(?:hours?|miles|km|flight|drive) (?:away )?from (?:her|him|them|home|my)|"
                  r"far (?:away )?from|leav(?:e|ing) (?:her|him|them|home|everyone|my)|miss(?:ing)? (?:her|him|them|it|"
                  r"home|everyone)|cried|crying|tears|sad|heartbroken|last day|last time|the end of|end of an era|"
                  r"goodbye|closing|sold (?:it|the|our|my|\w+'s)|broke up|break-?up|split up|worried|scared|"
                  r"can'?t (?:stop )?think(?:ing)? about (?:her|him|them))\b", re.I)
# Where news turns from one side to the other: "dream role… but my mum's health isn't great".
TURNS = re.compile(r"\b(?:but|though|although|however|yet|at the same time|and also|meanwhile|same (?:week|day) "
                   r"(?:as|that)|and then)\b|(?<=[.!?])\s+(?:then|after that|afterwards)\b", re.I)
SAD_LABELS = {"grief", "sadness", "remorse", "disappointment"}
GLAD_LABELS = {"joy", "excitement", "pride", "admiration", "love", "gratitude", "relief", "optimism"}

OPENINGS = {
    "loss": ("I'm so sorry.", "Oh no. I'm so sorry.", "I'm so sorry, that's really hard."),
    "joy": ("Congratulations!", "Oh, that's wonderful news!", "That's huge, congratulations!"),
    "mixed": ("That's wonderful news, and a hard one too.", "What a big, bittersweet moment: so much to be "
              "proud of, and so much to feel.", "Oh, that's amazing, and I can hear how hard part of it is."),
}
# Mixed news where the good part is something won ("got the offer … but Mum's 79 and alone")
MIXED_WIN = ("Congratulations, that's huge, and I can hear how hard part of it is.",
             "Congratulations! So much to be proud of, and so much to feel.")
NOTES = {
    "loss": "{person} has just told you sad news. Answer with sympathy first; never cheer, "
            "never call it good or a solution, and give no advice unless they ask for it.",
    "joy": "{person} has just told you wonderful news. Answer with real joy for them first "
           "(congratulate them); no advice, no lecture.",
    "mixed": "{person}'s news is happy and hard at once. Answer both: the joy or pride, and the "
             "hard part (the worry, the ache, the goodbye). No advice unless they ask for it.",
}


@dataclass(frozen=True)
class Reading:
    kind: str  # "loss", "joy" or "mixed"

    def note(self, person: str) -> str:
        return NOTES[self.kind].format(person=person)

    def opening(self, text: str) -> str:
        """Her first words, the same for the same message (a rerun reads the same), varied
        between messages."""
        won = self.kind == "mixed" and JOY.search(text)  # an offer, a pass, a promotion: congratulated
        choices = MIXED_WIN if won else OPENINGS[self.kind]
        return choices[zlib.crc32(text.encode()) % len(choices)]


def both_sides(text: str, labels: tuple[str, ...] = ()) -> bool:
    """Whether news is good and hard at once: a good part and a hard part on either side of a
    turn ("dream role, double the salary. but my mum's health isn't great"), or the emotion
    model hearing gladness and sadness both in news with a good and a hard word."""
    parts = TURNS.split(text)
    good = [bool(JOY.search(p) or GOOD.search(p)) for p in parts]
    hard = [bool(LOSS.search(p) or HARD.search(p)) for p in parts]
    if any(g and any(h for j, h in enumerate(hard) if j != i) for i, g in enumerate(good)):
        return True
    heard = set(labels[:3])
    return bool(heard & GLAD_LABELS and heard & SAD_LABELS and any(good) and any(hard))


def lost_hope(text: str) -> bool:
    """A negative test after hoping for a baby is a loss, not the all-clear it would be after
    a scan."""
    return bool(NEGATIVE.search(text) and HOPED.search(text))


def read(text: str, labels: tuple[str, ...] = ()) -> Reading | None:
    """What kind of news the message is, or None when it is no news to answer with feeling.
    A question is not news ("did you know my dog died?" asks her memory, not her sympathy)."""
    if asks_about_past(text):
        return None
    hope_lost = lost_hope(text)
    lost = bool(LOSS.search(text)) or hope_lost
    glad = bool(JOY.search(text)) and not hope_lost
    top = set(labels[:2])
    if glad and (lost or MIXED.search(text)) or both_sides(text, labels) or not lost and TORN.search(text):
        return Reading("mixed")
    if lost and not top & GLAD_LABELS - {"love", "gratitude"}:
        return Reading("loss")
    if glad and (not top & SAD_LABELS or not lost and not HARD_NOT_TEARS.search(text)):
        return Reading("joy")  # tears at a milestone, with nothing hard beside them, are happy ones
    if labels[:1] == ("grief",):
        return Reading("loss")
    return None
