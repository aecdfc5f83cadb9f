"""Her first words, where the pipeline knows them better than a small model does.

The default 1.5B model cheered a dog put to sleep, planned a lunch with an ex, guessed a boss's
name it was never told, and named the wrong colleague with what the user said in front of it.
So for a model that is not ``capable`` her reply opens with fixed words (the model is told it
has begun with them and goes on): sorrow or joy for news (``acknowledge``), a reminder that
something ended, her name or her own favourite (``tastes``), what she knows of someone the user
asks about or asks advice about (``notice``), "I don't think you've ever told me …", or what
the user said, said back to them (``recount.recount_from``). A capable model finds its own
words; every model gets the same knowledge in its note."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from os1.memory.untrusted import valid_name
from os1.mind import lookback
from os1.mind.acknowledge import Reading, read
from os1.mind.suits import loved, who_for
from os1.mind.grounding import HER_NAME, HER_PAST, asks_about_past, cued_facts
from os1.mind.recount import (attribute_asked, on_that_day, recount_each, recount_from, rivals, said_back, sum_up,
                               told_in_turn)
from os1.mind.notice import (First, answer_about, bearing, never_told_of, nothing_told, own_bearing,
                             relation_asked, since_ended, status_asked)
from os1.mind.perceive import Perception
from os1.mind.recall import Context
from os1.mind.safety import Assessment
from os1.mind.tastes import favourite
from os1.mind.untold import never_told, unknowns
from os1.mind.think import earlier_said, told_before
from os1.models.base import Message, capable, in_process

__all__ = ["First", "first_words", "news"]

# Something told before, pointed back to by a name for it, with an ask about it: "still annoyed
# about the Glen thing. my sister says I'm overreacting. am i?" (the model asked "What happened?")
THE_THING = re.compile(r"\b(?:the|that|this) (?!(?:whole|same|other|first|last|next|only|main|big|little|entire|"
                       r"one|work|money|family)\b)(?:[A-Z][\w'-]+|\w+) (?:thing|situation|drama|business|mess|incident|"
                       r"saga|stuff|issue)\b", re.I)


def news(seen: Perception, safe: Assessment) -> Reading | None:
    """Good or sad news, when safety has nothing to say first; with a warning sign in it
    (``safe.watch``), sad news only: "finally sorted the shed… won't be needing any of it" is
    not congratulated."""
    if safe.crisis or safe.careful or safe.opening:
        return None
    found = read(seen.text, seen.labels)
    return None if safe.watch and found and found.kind != "loss" else found


def her_name(text: str, name: str) -> str:
    """"I'm Samantha." for a question about her name (a small model said it had none)."""
    return f"I'm {name}." if name and HER_NAME.search(text) else ""


# Her own family asked after: "do you have a da yourself?"
HER_FAMILY = re.compile(r"\b(?:do|did) you (?:even |ever )?have (?:a |any |your own )?(mum|mom|mam|ma|mother|dad|da|daddy|father|"
                        r"parents?|family|siblings?|brothers?|sisters?|kids|children|grand(?:ma|pa|parents))\b"
                        r"(?: yourself| of your own)?", re.I)


def her_past(text: str) -> str:
    """Her honest first words when asked about a past or a family she never had ("what were
    you like as a kid?", "do you have a da yourself?")."""
    family = HER_FAMILY.search(text)
    if family:
        kin = family[1].lower()
        kin = kin if kin.endswith("s") or kin == "children" else f"a {kin}"
        return f"I don't have {kin} of my own: I'm an AI. But I'd love to hear about yours."
    return "I never had a childhood: I'm an AI, and my story starts with the people I talk to." \
        if HER_PAST.search(text) else ""


def first_words(model, ctx: Context, seen: Perception, safe: Assessment,
                prefix: Callable[[], Sequence[Message]] | None = None) -> First:
    """Her first words (none for a capable model), with the turns they say back and what the
    model must not undo after them (``notice.First``). With ``prefix`` (what gives the
    conversation as a local model holds it), the model may point to the earlier sentence that
    answers a question the word rules find no answer to (``lookback``)."""
    if safe.opening or capable(model):
        return First()
    found = news(seen, safe)
    if found:
        return First(found.opening(seen.text))
    ended = since_ended(seen.text, ctx.people)
    if ended:
        return ended
    earlier = earlier_said(ctx)
    mine = (her_past(seen.text) or favourite(seen.text)
            or her_name(seen.text, valid_name(ctx.companion) or "OS1"))
    if mine:
        return First(mine)
    said = told_before(ctx)
    bears = bearing(seen.text, ctx.people, earlier)
    gift = loved(seen.text, ctx.people, earlier, said)  # what they love, unless what they can't have comes first
    helper = who_for(seen.text, ctx.people, said)  # "who should I ask?" is answered first by who
    if helper and bears:  # who to ask to run a bake sale, and the nut allergy it runs into
        helper = First(told_in_turn([helper.text, bears.text]), (*helper.recounts, *bears.recounts), bears.avoid)
    said_first = (helper or (gift if gift and not bears.avoid else bears)
                  or relation_asked(seen.text, ctx.people, earlier)
                  or status_asked(seen.text, ctx.people) or own_bearing(seen.text, ctx.facts))
    if said_first:
        return said_first
    texts = [text for _, text in said]
    person = ctx.user_name or "the user"
    pointing = prefix is not None and in_process(model)

    def point(among: list[str]) -> lookback.Pointed | None:
        return (lookback.point(model, prefix(), person, seen.text, among, ctx.people)
                if prefix and pointing else None)

    clash, day_told = on_that_day(seen.text, texts)  # "take the 14th off… any reason I shouldn't?"
    if clash:
        turn = said[day_told][0] if day_told is not None else None
        return First(clash, (turn,) if turn else ())
    if not asks_about_past(seen.text, texts):
        if THE_THING.search(seen.text) and "?" in seen.text:  # "the Glen thing… am I overreacting?"
            words, index = recount_from(seen.text, texts, texts[-1] if texts else "")
            turn_id = said[index][0] if words and index is not None else None
            return First(words, (turn_id,) if turn_id else ()) if words else First()
        return First()
    missing = unknowns(seen.text, ctx.facts, ctx.people)
    if missing:
        return First(never_told(missing), unknown=True)
    known = answer_about(seen.text, ctx.people, earlier)
    if known:
        return known
    before = texts[-1] if texts else ""
    each, indexes = sum_up(seen.text, texts, before)
    if not each:
        each, indexes = recount_each(seen.text, texts, before)
    if each:  # a summing up, or several things asked at once, each answered by what they told
        return First(each, tuple(t for t in (said[i][0] for i in indexes) if t))
    words, index = recount_from(seen.text, texts, before)
    tied = rivals(seen.text, texts, before) if words and pointing else []
    pointed = point([texts[i] for i in tied]) if len(tied) > 1 else None
    if pointed:  # several told turns answer it as well by their words: the model chooses
        turn_id = said[tied[pointed.index]][0]
        return First(said_back(seen.text, pointed.sentence), (turn_id,) if turn_id else ())
    if not words:
        if cued_facts(seen.text, ctx.facts):
            return First()  # what she knows of them (their job, their town) answers it: the note says it
        pointed = point(texts)
        if pointed:
            turn_id = said[pointed.index][0]
            return First(said_back(seen.text, pointed.sentence), (turn_id,) if turn_id else ())
        # a thing asked that no turn holds ("how old is Mateo?" after "Mateo is staying with us")
        held = "I'm not sure you've ever told me that." if attribute_asked(seen.text) else ""
        untold = never_told_of(seen.text) or nothing_told(seen.text, texts) or held
        return First(untold, unknown=bool(untold))
    turn_id = said[index][0] if index is not None else None
    return First(words, (turn_id,) if turn_id else ())

