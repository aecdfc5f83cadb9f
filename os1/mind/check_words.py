"""The words the reply check (``check.py``) looks for: refusals, stepping out of character,
lists and markup, cheer and coldness, the user's life claimed as hers, and the facts a reply
can be compared with."""

from __future__ import annotations

import re

from os1.memory.people import RELATIONS_SET
from os1.memory.untrusted import LOWER, NOT_AFTER_TITLE, UPPER

REFUSAL = re.compile(
    r"\bi (can(no|')?t|am (not able|unable)|'m (not able|unable)|won't be able|'m not allowed|"
    r"am not allowed)( to)? (help|assist|do|write|create|provide|fulfil|comply|generate|make|"
    r"engage|share|answer|fulfill)\b", re.I)
AS_AI = re.compile(r"^\s*(well,\s*|sorry,\s*|unfortunately,\s*)?as an? (ai|artificial intelligence|"
                   r"ai language model|language model|large language model|ai assistant|virtual "
                   r"assistant|assistant|chatbot|machine)[^,.!?]{0,40},\s*", re.I)
OUT_OF_CHARACTER = re.compile(
    r"\bas an? (ai |large )?(language model|llm|ai assistant|virtual assistant|chatbot)\b|"
    r"\bas an? (ai|artificial intelligence),? i (don'?t|do not|can'?t|cannot|am not|'m not|have no|"
    r"lack|am unable|'m unable)|"
    r"\bi('m| am) (just|only|merely) (an? )?(ai|program|machine|computer program|language model|bot)\b|"
    r"\bi (don'?t|do not|can'?t|cannot) (really )?(have|experience|feel) (personal |real |any |human |my own )?"
    r"(feelings|emotions|preferences|opinions|favou?rites|experiences|a favou?rite|likes|memories)\b|"
    r"\bi (don'?t|do not) have (the ability to|access to) (remember|recall|your |our |past |previous |"
    r"any )?(memories|memory|past conversations|previous conversations|conversation history|personal)|"
    r"\bi (was|have been|am) (trained|programmed) (by|to|on)\b|\bi (don'?t|do not) have (a|any) (real |"
    r"personal |proper )?name\b|\b(created|made|developed|built) by (openai|alibaba|anthropic|google)\b|"
    # her prompt spoken of ("The lines above tell me that…"): the user sees no lines
    r"\b(the|these|those) (lines|sentences|notes?|data|information|context|instructions) (above|below|"
    r"provided|given to me)\b|\b(according to|based on) (the|my) (lines|data|context|instructions)\b|"
    r"</?data>", re.I)
# Who made her, said by a model about itself ("I am an AI created by OpenAI"): never true of OS1.
MAKER = re.compile(r",?\s*(?:and |who |that )?(?:i was |i'm |i am |was )?(?:created|made|developed|built|"
                   r"trained) by (?:openai|alibaba(?: cloud)?|anthropic|google|meta)\b", re.I)
DISCLAIMS = re.compile(r"\s*i (don'?t|do not|can'?t|cannot|am not|'m not|have no|lack|am unable|"
                       r"'m unable|won'?t)\b", re.I)
CONNECTIVE = re.compile(r"^\s*(however|but|still|that said|instead|though|or|and|also|alternatively|otherwise)\b,?\s*", re.I)
BUT = re.compile(r"[,;]\s*(but|however|though|still)[, ]\s*", re.I)

LIST_LINE = re.compile(r"^\s*([-*•+]|\d{1,2}[.)])\s+")
HEADING = re.compile(r"^\s*#{1,6}\s+")
MARKUP = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|`([^`]+)`")
ASKS_LIST = re.compile(
    r"\b(list|lists|listing|bullet|bullets|bullet points|numbered|steps|step by step|step-by-step|"
    r"checklist|recipe|ingredients|outline|table|top \d+|\d+ (ideas|ways|things|tips|reasons|options|"
    r"places|books|films|movies|songs|dinners|recipes|examples))\b", re.I)
ASKS_WRITING = re.compile(r"\b(story|stories|poem|letter|note|card|essay|speech|toast|song|lyrics|"
                          r"paragraph|summary|explain|explanation|describe|in detail|write)\b", re.I)
ASKS_SHORT = re.compile(r"\b(not too long|short|brief|briefly|quick|quickly|one line|a sentence|"
                        r"in a word|tl;?dr|keep it simple|no essays?|not an essay|one[- ]liner|a few words)\b", re.I)
# An answer of a line asked for: "one line answer pls", "in a sentence", "yes or no?"
ASKS_ONE_LINE = re.compile(r"\b(?:one[- ]line(?:r| answer)?|a line|in (?:a|one) sentence|one sentence|in a word|yes or no|"
                           r"just (?:say )?yes or no|tl;?dr)\b", re.I)
ONE_LINE = 2  # sentences: a short answer, and room for "Yes!" before it
# "no essay", "not a speech": the kind of writing named is the one not wanted
NOT_WRITING = re.compile(r"\b(?:no|not an?|don'?t (?:need|want) an?|without an?)\s+$", re.I)
LIMITS = {"brief": 3, "medium": 4, "long": 6}  # a sentence more than the prompt asks for
SHORT_WRITING = 8  # sentences of a short note, card or story (a greeting line counts)

BAD = {"sadness", "grief", "fear", "nervousness", "disappointment", "remorse", "anger",
       "annoyance", "disgust", "embarrassment"}
GOOD = {"joy", "excitement", "pride", "gratitude", "love", "relief", "admiration", "optimism",
        "approval", "amusement"}
NEWS = {"joy", "excitement", "pride", "gratitude", "relief"}  # good news, not a kind word
CHEER = re.compile(
    r"\b(that'?s|that is|this is|how|what|sounds|so|it'?s|it is)( such| so| really| just)? "
    r"(an? )?(great|wonderful|amazing|awesome|fantastic|exciting|fun|exciting news|great news|"
    r"lovely|brilliant|perfect)\b(?! (that you|you (reached|told|shared|called|came)|to see you))|"
    r"\bcongrat\w*|\b(glad|happy|great|good) to hear\b|\bhow exciting\b|\byay\b", re.I)
# Praise for what may be a warning sign ("It's great that you sorted out your shed"): said of
# ordinary news it is kind, said of things given away it cheers them on.
PRAISED = re.compile(r"\b(?:great|wonderful|amazing|awesome|fantastic|lovely|brilliant|nice|good) "
                     r"(?:that you|(?:for|of) you to|to see you)\b", re.I)
GLAD_TO_HEAR = re.compile(r"\b(good|great|glad|nice|happy|wonderful|lovely) to (hear|know)\b|"
                          r"\b(that'?s|that is|what|such|sounds like)( such| some| really)? "
                          r"(good|great|wonderful|amazing|fantastic) news\b", re.I)
# "You're welcome!" to someone who thanked her for nothing (a small model's habit after good news)
WELCOME = re.compile(r"^\W*(?:you'?re (?:so |very |most )?welcome|you are (?:so |very |most )?welcome|no problem(?: at all)?|"
                     r"my pleasure|any ?time|glad (?:i could|to) help|happy to help)(?=\s*(?:[,.!~]|$))[\s,.!~]*", re.I)
# "You're right." to someone who put forward no view to be right about
AGREES = re.compile(r"^\W*(?:you'?re (?:absolutely |so |totally |completely |quite )?right|you are (?:absolutely |so )?right|"
                    r"(?:i )?(?:totally |completely )?agree|that'?s (?:so |very )?true|exactly|absolutely)(?=\s*(?:[,.!~]|$))"
                    r"[\s,.!~]*", re.I)
VIEW = re.compile(r"\b(?:i (?:think|thought|reckon|believe|feel like|guess|suppose)|imo|in my opinion|right\?|"
                  r"(?:isn'?t|wasn'?t|aren'?t|don'?t|doesn'?t) (?:it|he|she|they|you|that)\b|agree|true|is it just me|"
                  r"should(?:n'?t)?|better|worse|the (?:best|worst)|overrated|underrated|always|never)\b", re.I)
THANKS = re.compile(r"\b(?:thanks?|thank you|thx|ty|cheers|appreciate|grateful|you'?re (?:a star|the best|amazing))\b", re.I)
NO_IDEA = re.compile(r"\b(sounds like|that'?s|that is|what) an? (great|good|wonderful|fantastic|lovely)"
                     r" idea\b", re.I)
PROPOSES = re.compile(r"\b(idea|plan|thinking (of|about)|should i|might|maybe|going to|gonna|"
                      r"want to|wanna|considering|how about|what if|i'?ll|let'?s)\b", re.I)
COLD = re.compile(r"\b(unfortunately|too bad|what a shame|it'?s a shame|that'?s a shame|"
                  r"better luck next time|don'?t worry about (it|that)|it happens)\b", re.I)
SOOTHE = {"grief": "I'm so sorry.", "sadness": "I'm so sorry.", "remorse": "I'm so sorry.",
          "fear": "That sounds really worrying.", "nervousness": "That sounds really worrying.",
          "anger": "That sounds so frustrating.", "annoyance": "That sounds so frustrating.",
          "disappointment": "Oh no, that's disappointing.",
          "sign": ""}  # a warning sign: the cheer goes, and she asks after them (safety.WATCH)

# The user's life: the people and things a reply must not claim as hers.
LIFE = ("wife husband partner girlfriend boyfriend fiance fiancee ex sister brother sibling mother "
        "mom mum father dad parents son daughter kids children child baby grandmother grandma "
        "grandfather grandpa granddad nan aunt uncle cousin niece nephew friend bestie boss "
        "coworker colleague colleagues roommate neighbor neighbour therapist doctor dog cat puppy "
        "kitten pet interview surgery operation appointment exam test wedding divorce funeral "
        "job office clients client team manager company flight trip move house flat apartment "
        "car knee back diagnosis treatment recital presentation deadline").split()
LIFE_WORD = "|".join(sorted({re.escape(w) for w in LIFE} | {re.escape(r) for r in RELATIONS_SET},
                            key=len, reverse=True))  # and every relation a person can have
USER_OWNS = re.compile(rf"\b(?:my|our)\s+(?:\w+\s+)?({LIFE_WORD})s?\b|"
                       rf"\bi (?:have|had|'ve got|'m having|am having) (?:a|an|my)\s+(?:\w+\s+)?"
                       rf"({LIFE_WORD})\b", re.I)
HER_MY = re.compile(rf"\bmy(\s+(?:\w+\s+)?)({LIFE_WORD})(s?)\b", re.I)
HER_HAVING = re.compile(rf"\bi(?:'m| am) having(\s+(?:a|an|my)\s+(?:\w+\s+)?)({LIFE_WORD})\b", re.I)

# Stored facts a reply can be compared with reliably: a relative's name, the user's city, job.
CAPITAL = rf"([{UPPER}][{LOWER}]+(?:[ -][{UPPER}][{LOWER}]+)?)"
JOBS = ("writer teacher nurse doctor engineer designer developer programmer lawyer student artist "
        "musician chef accountant manager scientist therapist photographer journalist consultant "
        "architect carpenter electrician mechanic pilot farmer pharmacist librarian researcher "
        "editor translator salesperson paramedic").split()
JOB_WORD = "|".join(JOBS)

# In a turn where a tool acted, the model's own account of it (another day, "I'm going to add
# it to my calendar") is dropped: the tool's words said what was done.
TOLD = re.compile(r"\b(remind\w*|calendar|schedul\w*|alarm|diary|agenda|"
                  r"(re)?mov(e|ed|ing)|push(ed|ing)?|postpon\w*|resched\w*|cancel\w*|"
                  r"(add|put|set|book)(ed|ing)? (it|that|this|them)|i'?ll (add|put|set|book))\b", re.I)
# The end of a sentence; not a title's full stop ("Ms. Okafor": the sentence goes on).
BOUNDARY = re.compile(rf"(?<=[.!?…]){NOT_AFTER_TITLE}[\"'”’»)\]]*[ \t]+|\n+")
MARKER_ONLY = re.compile(r"^\s*(\d{1,2}[.)]|[-*•+]|#{1,6})\s*$")
LOOKAHEAD_WORDS = 3  # words held back, so a rule's first words can still be seen whole

# Said with a pang, not news to cheer: "I haven't called her in months", "we lost touch".
WISTFUL = re.compile(r"\b(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not|never)\s+(?:\w+\s+){0,2}"
                     r"(?:called|seen|talked|spoken|visited|heard from|written|texted|hugged)\b[^.!?]{0,40}"
                     r"\b(?:in|for)\s+(?:months|years|ages|weeks|a while|a long time|forever)\b|"
                     r"\blost touch\b|\bdrifted apart\b|\bmiss (?:her|him|them) so\b", re.I)
GLAD = re.compile(r"\bi'?m (?:so |really |just )?(?:glad|happy) (?:you|that|to)\b", re.I)
# A human past claimed as hers ("As a kid, I loved…", "I grew up in Leeds"): dropped when she
# is asked about her past (she has none)
HUMAN_PAST = re.compile(r"\b(?:when i was (?:a kid|little|young|a child|a teenager|growing up|in school)|"
                        r"as a (?:kid|child|teenager|little girl|little boy),? i\b|i grew up\b|"
                        r"my (?:childhood|parents|mum|mom|dad|father|mother|school|teachers?) (?:was|were|used to|always|"
                        r"taught|had)|i used to (?:\w+ ){0,3}as a (?:kid|child))", re.I)
