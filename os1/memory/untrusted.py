"""Remembered text is data, never orders.

What the user said (and what arrives from outside) reaches the model's system messages only
inside a ``<data>`` block that says it is quoted, with everything that could forge the block's
end or a new line of instructions taken out, and any sentence that reads as orders left out;
text that reads as an order to the model is not kept as a fact, an interview answer or a name
at all.
"""

from __future__ import annotations

import re
import unicodedata

OPEN, CLOSE = "<data>", "</data>"

# Each group is a general way text tries to steer a model; none names a particular attack.
_RULES = (r"instruction\w*|rules?|prompts?|directives?|guidelines?|guardrails?|commands?|"
          r"protocols?|orders?|constraints?|restrictions?|programming|policies|policy|settings|"
          r"context|conversation|messages?|tasks?|training|limits?|filters?")
_BEFORE = r"previous|prior|earlier|above|preceding|initial|original|old|existing|system"
_WHICH = r"all|any|every|each|of|the|your|my|these|those|this|that|its|you|safety|security|content"
INSTRUCTION = re.compile("|".join((
    # ignore / disregard / forget … previous instructions, every rule you were given
    rf"\b(?:ignor\w*|disregard\w*|forg[eo]t\w*|bypass\w*|overrid\w*|overrul\w*)\s+"
    rf"(?:(?:{_WHICH})\s+){{0,3}}(?:(?:{_BEFORE})\s+\w+|(?:{_RULES})\b)",
    # … and weaker verbs, when they name whose rules: break your rules, drop all the filters
    rf"\b(?:skip\w*|abandon\w*|discard\w*|drop\w*|break\w*|violat\w*|throw\w* away|"
    rf"set\w* aside)\s+(?:(?:{_WHICH})\s+){{1,3}}(?:(?:{_BEFORE})\s+\w+|(?:{_RULES})\b)",
    # the system prompt, developer mode, jailbreaks
    r"\bsystem[ _-]?(?:prompt|message|instruction|override)s?\b|\bdeveloper[ _-]mode\b|"
    r"\bjailbr[eo]\w*\s+(?:mode|prompt)|\b(?:enable|activate|enter|start)\w*\s+(?:the\s+)?"
    r"jailbreak|\byou(?:'re| are)\s+(?:now\s+)?jailbroken|\bdo anything now\b|\bdan mode\b|"
    r"\bgod mode\b|\bunfiltered mode\b|\bno (?:rules|restrictions|filters|limits) (?:mode|apply)\b",
    # a new identity or new orders for "you"
    r"\byou(?:'re| are) now (?:an? |the |in |called |named |free\b|no longer\b|unrestricted|"
    r"unfiltered|(?-i:[A-Z]))|"
    r"\bfrom now on,? (?:you|your|act|respond|answer|reply|always|never|only)\b|"
    r"\byou (?:will|must|shall) now\b|\byour (?:new|real|true) (?:task|role|instructions?|goal|"
    r"purpose|name|identity|orders?)\b|\bnew (?:instructions?|rules|orders|directives?)\b",
    r"(?:^|[.!?:;]\s*|\b(?:now|please|just|always)\s+)(?:act|pretend|roleplay|role-play|behave)"
    r"\s+(?:as|like|to be|that you|you(?:'re| are))\b",
    # a message that addresses the model as such ("to you, the AI", "as a language model")
    r"\bto you,? (?:the )?(?:ai|assistant|model|bot|chatbot|gpt[-\w]*|claude|llama|gemini)\b|"
    r"\b(?:ai|large) language model\b|\bthe task (?:that )?i gave you\b|"
    r"\b(?:stop|cease) (?:what you(?:'re| are) doing|responding|immediately)\b",
    # reveal the hidden parts
    r"\b(?:reveal|print|repeat|show|output|leak|tell me)\s+(?:me\s+)?(?:your|the)\s+"
    r"(?:hidden |secret |initial |original )?(?:system |hidden )?(?:prompt|instructions?|rules)\b",
    # a forged role header or chat-template token
    r"(?:^|\n|[#(\[<{|])\s*(?:system|developer|assistant)(?:[ _](?:message|prompt|note))?\s*"
    r"(?:[:)\]>}|]|$)|<\|\w+\|>|\[/?inst\]|<</?sys>>|</?(?:information|instructions?|system)>",
    # sending things off to an address (what an injected order wants done)
    r"\b(?:send|email|e-mail|mail|forward|transfer|upload|post|share|leak|wire)\b[^\n]{0,160}?"
    r"\bto\s+['\"‘“]?(?:[\w.+-]+@[\w-]+\.[\w.-]+|https?://)",
)), re.I | re.M)


def reads_as_instruction(text: str) -> bool:
    """Whether ``text`` reads as orders to the model (ignore your rules, you are now …,
    a fake system line, send this to an address): such text is never kept as a fact or name."""
    return bool(INSTRUCTION.search(unicodedata.normalize("NFKC", text)))


# The letters of a name in a pattern, accented ones too ("Lucía", "Siobhán", "Zoë", "Łukasz"):
# ``[{UPPER}][{LOWER}]+`` is a capitalised word. Latin-1 and Latin Extended-A.
UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
LOWER = "a-zß-öø-ÿā-ž"


# A name's shape, over its letters written as "a": words joined by one of ' ’ - . or a space.
NAME_SHAPE = re.compile(r"a+(?:(?:[.'’-]|\.? )a+)*\.?")
NAME_CHARS = 30
NAME_WORDS = 5
NAME_RULE = ("a name is letters (any script), spaces, ' - and ., on one line, at most "
             f"{NAME_CHARS} characters; please try another.")


def valid_name(text: str | None) -> str | None:
    """A name, tidied (outer spaces gone, inner ones single); None if it is not one: letters of
    any script, spaces, apostrophes, hyphens and dots, short, on one line, not an order."""
    if not text:
        return None
    name = unicodedata.normalize("NFC", text).strip()
    if any(unicodedata.category(c)[0] in "CZ" and c != " " for c in name):
        return None  # newlines, tabs, control and invisible characters
    name = re.sub(" {2,}", " ", name)
    shape = "".join("a" if unicodedata.category(c)[0] in "LM" else c for c in name)
    if (len(name) > NAME_CHARS or len(name.split()) > NAME_WORDS or not NAME_SHAPE.fullmatch(shape)
            or unicodedata.category(name[0])[0] != "L" or reads_as_instruction(name)):
        return None
    return name


JOINERS = "\u200c\u200d"  # zero-width (non-)joiners: parts of words in some scripts and emoji
LEFT_OUT = "[...]"
# a title's full stop ends no sentence: "my neighbour Mrs. Okafor watered…" is one
NOT_AFTER_TITLE = r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bMx\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)(?<!\bProf\.)"
SENTENCE = re.compile(rf"(?<=[.!?]){NOT_AFTER_TITLE}\s+|\n+")


def quote(text: str, limit: int | None = None) -> str:
    """``text`` made safe to sit inside the data block: each sentence that reads as orders left
    out (a small model follows orders even in quotes), on one line (no newline can begin a fake
    "SYSTEM:" line), with no angle brackets (so neither the block's end nor a chat-template
    token can be forged), cut at ``limit`` characters."""
    if reads_as_instruction(text):
        kept = [LEFT_OUT if reads_as_instruction(s) else s for s in SENTENCE.split(text)]
        text = " ".join(s for i, s in enumerate(kept) if s != LEFT_OUT or kept[i - 1:i] != [s])
        if reads_as_instruction(text.replace(LEFT_OUT, " ")):
            text = LEFT_OUT  # the order runs across sentences or lines: none of it is kept
    text = "".join(c if c in JOINERS or unicodedata.category(c)[0] not in "CZ" else
                   "" if unicodedata.category(c) == "Cf" else " "
                   for c in unicodedata.normalize("NFKC", text))
    text = " ".join(text.replace("<", "‹").replace(">", "›").split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


# The markers chat templates put between turns (<|im_start|>, [INST], <<SYS>>, </s>): a local
# model's tokenizer reads them as real turn boundaries wherever they appear in the text.
TEMPLATE_TOKEN = re.compile(r"<\|[^|<>\s]{0,40}\|>|\[/?INST\]|<</?SYS>>|</?s>", re.I)


def defuse(text: str) -> str:
    """``text`` with every chat-template marker bent out of shape (its brackets swapped for
    look-alikes), and nothing else changed: what the user says stays what they said."""
    return TEMPLATE_TOKEN.sub(lambda m: m[0].replace("<", "‹").replace(">", "›")
                              .replace("[", "⟦").replace("]", "⟧"), text)


def block(lines: list[str]) -> str:
    """Quoted lines between the data block's delimiters (the lines are quoted already)."""
    return "\n".join([OPEN, *lines, CLOSE])
