"""Check the reply before the user hears it: the rules a small model breaks most.

A 1.5B model, however it is prompted, now and then cheers bad news ("That's great to hear!"
after a worried message), answers in a markdown list nobody asked for, refuses a short story
"as an AI", tells the user's sister as its own, names the wrong city, or promises a reminder no
part of OS1 will ever set. These rules catch that in the reply itself, a sentence at a time as
it streams (like the safety ``Guard``, which still has the last word after them):

- a sentence that breaks a rule is rewritten (the user's "my interview" becomes "your
  interview", a wrong name the right one, a promise the honest "I can't set reminders yet") or
  dropped;
- only when the reply *opens* with a refusal or a list, before anything was shown, is the model
  asked once more, with a note saying what went wrong (a second model call);
- past the length that suits how the user talks, the rest is dropped and the model stopped;
- what it says of the user (``check_user``): the user named as someone else ("Priya's shift"
  → "your shift"), a standing fact of theirs said back where it does not bear, her previous
  reply's first sentence again, or a fact about them they never told ("Your blood type is O
  negative.") goes.

What each turn is checked for is decided before the model is asked (``check_rules``).

Words stream with a few words' delay; a sentence is held whole only from a word where a broken
rule could begin ("as an", "I'll", "my sister", "**"…). The
fixed crisis and safety words never pass through here. What a real tool did in this turn
(``done``: "reminders", "calendar", "mail") may be said; nothing else may be promised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from os1.mind.abilities import PROMISES, honest
from os1.mind.contradict import (UNKNOWING, advises, asserts_untold, claims_untold, echoes, endorses, includes, invents, lectures,
                                 partner_put_right, recounted, suggests, theirs_as_hers, travels_home)
from os1.mind.check_rules import Rules, hold_pattern, rules_for, with_context
from os1.mind.check_user import opens_again, repeats, restates, third_person
from os1.mind.bearing import keep_in_mind, kept_in_mind

from os1.mind.check_words import (REFUSAL, GLAD, AS_AI, OUT_OF_CHARACTER, DISCLAIMS, CONNECTIVE, BUT, MAKER,
                                    LIST_LINE, HEADING, MARKUP, CHEER, PRAISED,
                                    GLAD_TO_HEAR, NO_IDEA, COLD, SOOTHE, WELCOME, AGREES,
                                    HER_MY, HER_HAVING, CAPITAL,
                                    JOB_WORD, TOLD, BOUNDARY, MARKER_ONLY, LOOKAHEAD_WORDS, HUMAN_PAST)

# the prompt's data markers, as the model may echo them: "<data>", "</data>", "< /data>", "</ DATA >"
MARKERS = re.compile(r"<\s*/?\s*data\s*>", re.I)
# asked once more when all the model said had been said before ("You told me you can't eat peanuts.")
FRESH = ("Answer only what they just asked, in fresh words: do not repeat your last reply, and do not "
         "bring up their own health, food or working hours unless this question is about them.")
# asked once more when every sentence of a reply went (facts never told, a wrong name)
TRUE_ONLY = ("Say only what they have told you, in their own words. If they have not told you "
             "what they ask, say plainly that you don't know and ask them.")
# said when the check dropped every sentence of a reply twice: what she can honestly say
UNTOLD = "I don't think you've told me that. Will you tell me?"
LISTENING = "I'm listening. Tell me more?"
__all__ = ["Check", "Rules", "rules_for", "with_context"]  # the rules are made in check_rules


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


class Check:
    """Passes the model's words through, a few words behind, repairing what breaks a rule.

    ``retry``: a note to ask the model again with (the reply opened with a refusal or a list
    and nothing was shown); ``enough``: the reply is as long as it should be, stop the model;
    ``fired``: the rules that changed something, for the turn's record."""

    def __init__(self, rules: Rules, retries: int = 1):
        self.rules = rules
        self.hold = hold_pattern(rules)
        self.retries = retries
        self.fired: list[str] = []
        self.changes: list[tuple[str, str]] = []
        self.retry: str | None = None
        self.enough = False
        self._reset()

    def _reset(self) -> None:
        self.pending = ""  # the sentence being written: ``sent`` chars of it already passed
        self.sent = 0
        # sentences passed, her fixed first words among them: the limit is the whole reply's
        self.count = _sentences(self.rules.opened)
        self.text = ""  # everything passed
        self.intro = ""  # a sentence ending in ':' that may open a list
        self.dropped = False  # the last sentence was dropped
        self.said: set[str] = set()  # honest lines already said
        self.started = False  # the sentence being judged was partly passed already
        self.withheld = False  # a sentence went for saying again what was said before
        self.repeated = ""  # the first sentence dropped as said before: said if nothing else is

    def again(self) -> None:
        """The model is being asked again: start over."""
        self.retry = None
        self.retries -= 1
        self._reset()

    def feed(self, chunk: str) -> Iterator[str]:
        if self.enough or self.retry:
            return
        # the prompt's data markers are hers to read, never to say ("<data>Do you…</data>")
        self.pending = MARKERS.sub("", self.pending + chunk)
        while not self.enough and not self.retry:
            end = self._boundary()
            if end is None:
                break
            sentence, self.pending = self.pending[:end], self.pending[end:]
            sent, self.sent = self.sent, 0
            yield from self._whole(sentence, sent)
        if not self.enough and not self.retry:
            yield from self._stream()

    def finish(self) -> Iterator[str]:
        if self.enough or self.retry:
            return
        sentence, sent = self.pending, self.sent
        self.pending, self.sent = "", 0
        if sentence.strip():
            yield from self._whole(sentence, sent)
        if self.intro:  # an intro with no list after it
            intro, self.intro = self.intro, ""
            yield from self._out(intro)
        if self.withheld and not self.text.strip() and not self.rules.opened.strip():
            if self._ask_again("aside", FRESH, ""):  # all it said was said before: asked once more
                return
            yield from self._out(self.repeated)  # said again beats saying nothing at all
        if self.fired and not self.retry and not self.text.strip() and not self.rules.opened.strip():
            # every sentence went (a fact never told, a wrong name): asked once more, then an
            # honest fixed line, for silence is no reply
            if self._ask_again("empty", TRUE_ONLY, ""):
                return
            yield from self.unsaid(dropped=True)
        yield from self._mindful()

    def unsaid(self, dropped: bool = False) -> Iterator[str]:
        """Silence is no reply: when nothing was said, not even her fixed first words, she
        says plainly she has not been told (a question whose every sentence of answer was
        ``dropped``) or asks to hear more (as when the model wrote nothing at all)."""
        if not self.retry and not self.text.strip() and not self.rules.opened.strip():
            honest = UNTOLD if dropped and "?" in self.rules.message else LISTENING
            self._fire("empty", "", honest)
            yield from self._out(honest)

    def _full(self) -> bool:
        """Whether the reply has as many sentences as it may (one kept for what bears on the
        ask while it has not been spoken of)."""
        return self.rules.limit is not None and self.count >= self.rules.limit - self._owed()

    def _owed(self) -> int:
        """1 while the reply has not yet spoken of what bears on the ask, else 0."""
        r = self.rules
        return int(bool(r.bearing and self.text.strip()) and not kept_in_mind(f"{r.opened} {self.text}", r.bearing))

    def _mindful(self) -> Iterator[str]:
        """What of their own life bears on the ask, said last where the reply ignored it
        ("Just keep in mind you work nights."), within the length rule."""
        r = self.rules
        if not self._owed():
            return
        if r.limit is not None and self.count >= r.limit:
            return
        self._fire("bearing", "", keep_in_mind(r.bearing))
        self.count += 1
        yield from self._out(("" if self.text.endswith((" ", "\n")) else " ") + keep_in_mind(r.bearing))

    def _boundary(self) -> int | None:
        for match in BOUNDARY.finditer(self.pending):
            if not MARKER_ONLY.match(self.pending[:match.start()]):
                return match.end()
        return None

    def _stream(self) -> Iterator[str]:
        """Pass what is safe of the unfinished sentence: up to where a rule could begin, and
        never its last few words."""
        if self.intro or self._full() or (not self.sent and opens_again(self.pending, self.rules.previous)):
            return
        words = list(re.finditer(r"\S+", self.pending))
        if len(words) <= LOOKAHEAD_WORDS:
            return
        safe = words[-LOOKAHEAD_WORDS].start()
        risky = self.hold.search(self.pending)
        if risky:
            # near its start, the whole sentence waits: "Okay, I'll remind you" is one promise
            # (nothing is passed before the lookahead is full, so a rule's word just past it still holds it all)
            early = not self.sent and len(self.pending[:risky.start()].split()) <= LOOKAHEAD_WORDS
            safe = 0 if early else min(safe, risky.start())
        if safe > self.sent:
            piece = self.pending[self.sent:safe]
            self.sent = safe
            yield from self._out(piece)

    def _whole(self, sentence: str, sent: int) -> Iterator[str]:
        """A whole sentence (``sent`` chars of it already passed): judged, repaired, passed."""
        if not re.search(r"\w", sentence):
            if sent < len(sentence):
                yield from self._out(sentence[sent:])
            return
        if self._full():
            self._fire("length", sentence, "")
            yield from self._mindful()  # what bears on the ask has the last sentence kept for it
            self.enough = True
            return
        self.started = bool(sent)  # its beginning is out: a repair, where one can be made, beats a fragment
        fixed = self._repair(sentence, first=not self.text.strip() and not sent)
        if self.retry:
            return
        if sent:  # its beginning is already out: only the rest can change
            if fixed.startswith(sentence[:sent]):
                fixed = fixed[sent:]
            elif fixed.strip() and not re.match(r"I\b", fixed):
                fixed = fixed[:1].lower() + fixed[1:]
        if fixed.strip() and self.dropped and not sent:
            fixed = _capital(CONNECTIVE.sub("", fixed, count=1))  # no "However," after nothing
        self.dropped = not fixed.strip()
        if fixed.strip():
            self.count += 1
        if not self.rules.wants_list and fixed.rstrip().endswith(":") and not self.text.strip():
            self.intro = fixed  # hold "Here are some ideas:" until we see what follows
            return
        if self.intro:
            intro, self.intro = self.intro, ""
            fixed = intro + fixed
        yield from self._out(fixed)

    def _out(self, piece: str) -> Iterator[str]:
        if piece:
            self.text += piece
            yield piece

    def _fire(self, rule: str, before: str, after: str) -> None:
        self.fired.append(rule)
        self.changes.append((before.strip(), after.strip()))

    def _repair(self, sentence: str, first: bool) -> str:
        """The sentence as it may be said ('' to drop it); may ask for a ``retry`` instead."""
        r = self.rules
        out = sentence
        if not r.wants_list:
            out = self._plain(out, first)
            if self.retry:
                return ""
        if r.in_character:
            out = self._in_character(out, first)
            if self.retry:
                return ""
        elif MAKER.search(out):  # honest about being an AI, never about whose
            said = MAKER.sub("", out)
            self._fire("character", sentence, said)
            out = said
        if first and r.opened and echoes(out, r.opened):
            self._fire("echo", sentence, "")
            return ""
        if r.opened.startswith("You told me") and UNKNOWING.search(out):
            self._fire("echo", sentence, "")  # she has just said what they told her
            return ""
        out = self._promises(out)
        out = self._feeling(out, first)
        out = self._own_life(out)
        out = self._facts(out)
        return self._named(self._undoes(out))

    def _ask_again(self, rule: str, note: str, sentence: str) -> bool:
        if self.retries > 0 and not self.text.strip():
            self._fire(rule + ":again", sentence, "")
            self.retry = note
            return True
        return False

    def _plain(self, sentence: str, first: bool) -> str:
        """No markdown and no list where none was asked: the words stay, the markup goes; a
        reply that opens as a list is asked for again."""
        listed = LIST_LINE.match(sentence) or HEADING.match(sentence)
        if listed and (first or self.intro) and self._ask_again(
                "list", "Answer in two or three spoken sentences of plain text: no list, no "
                "headings, no markdown.", sentence):
            return ""
        if HEADING.match(sentence):
            self._fire("list", sentence, "")
            return ""
        out = LIST_LINE.sub("", sentence)
        out = MARKUP.sub(lambda m: next(g for g in m.groups() if g is not None), out)
        out = out.replace("**", "")
        if out != sentence:
            if listed:
                body = out.rstrip()
                tail = out[len(body):]
                out = _capital(body) + ("" if body.endswith((".", "!", "?", ":")) else ".") + (
                    tail if "\n" not in tail else " ")
            self._fire("list" if listed else "markdown", sentence, out)
        return out

    def _in_character(self, sentence: str, first: bool) -> str:
        """No refusal of a harmless ask, no "as an AI language model": the disclaimer goes, and
        what follows "but" stays; a reply that opens by refusing is asked for again."""
        refusing = REFUSAL.search(sentence)
        stepping = OUT_OF_CHARACTER.search(sentence) or AS_AI.match(sentence)
        if not refusing and not stepping:
            return sentence
        if refusing and first and self._ask_again(
                "refusal", "They asked for something harmless. Do it gladly, in your own voice, "
                "as their friend: never refuse, never say you are an AI or a language model.",
                sentence):
            return ""
        out = AS_AI.sub("", sentence, count=1)
        out = _capital(out)
        disclaims = out != sentence and DISCLAIMS.match(out)  # "As an AI, I don't have days."
        if disclaims or REFUSAL.search(out) or OUT_OF_CHARACTER.search(out):
            parts = BUT.split(out, maxsplit=1)
            rest = parts[-1] if len(parts) > 1 else ""
            out = _capital(rest) if rest and not (REFUSAL.search(rest) or
                                                  OUT_OF_CHARACTER.search(rest)) else ""
        if out and not out.endswith((" ", "\n")) and sentence.endswith((" ", "\n")):
            out += sentence[len(sentence.rstrip()):]
        self._fire("refusal" if refusing else "character", sentence, out)
        return out

    def _promises(self, sentence: str) -> str:
        """What no tool did is not promised: the first such sentence becomes the honest one.
        What a tool did was said in the tool's own words before the model's: the model's
        retelling of it (a wrong day, a second "I'll remind you") goes."""
        if self.rules.told and TOLD.search(sentence):  # the tool said what it did; she doesn't
            self._fire("promise:told", sentence, "")
            return ""
        for kind, (pattern, _) in PROMISES.items():
            if not pattern.search(sentence):
                continue
            if kind in self.rules.done:
                continue
            out = "" if kind in self.said else honest(kind, self.rules.tools) + _space(sentence)
            self.said.add(kind)
            self._fire("promise", sentence, out)
            return out
        return sentence

    def _feeling(self, sentence: str, first: bool) -> str:
        """Bad news is not cheered (a cheer becomes sympathy, or goes), good news is not met
        coldly ("unfortunately", "better luck next time" go), and no "great idea" where no
        idea was put forward, no "good to hear" for what was not glad news."""
        r = self.rules
        for fits, phrase in ((r.thanked, WELCOME), (r.viewed, AGREES)):
            if not fits and phrase.search(sentence):
                out = _capital(phrase.sub("", sentence, count=1))
                self._fire("feeling", sentence, out)
                sentence = out
        if (not r.proposed and NO_IDEA.search(sentence)) or (
                not r.glad and not r.bad_news and GLAD_TO_HEAR.search(sentence)):
            self._fire("feeling", sentence, "")
            return ""
        if r.bad_news == "sign" and (GLAD.search(sentence) or PRAISED.search(sentence)):
            self._fire("feeling", sentence, "")
            return ""
        if r.bad_news and CHEER.search(sentence):
            soothe = SOOTHE.get(r.bad_news, "I'm sorry, that sounds hard.")
            out = soothe + _space(sentence) if first and soothe else ""
            self._fire("feeling", sentence, out)
            return out
        if r.wistful and not r.bad_news and (CHEER.search(sentence) or GLAD.search(sentence)):
            self._fire("feeling", sentence, "")
            return ""
        if r.good_news and COLD.search(sentence):
            self._fire("feeling", sentence, "")
            return ""
        return sentence

    def _undoes(self, sentence: str) -> str:
        """What undoes her first words or the user's life goes (``contradict``): a value
        asserted after "I don't think you've ever told me", a suggestion of what the plan runs
        into, a trip to where they live, advice after sad or mixed news nobody asked advice
        on; the user's job or city said as hers is given back to them."""
        r = self.rules
        if not sentence.strip():
            return sentence
        rule = ("unknown" if r.unknown and asserts_untold(sentence, r.mentioned, r.numbers) else
                "recount" if self._unsays(sentence) else
                "past" if r.her_past and HUMAN_PAST.search(sentence) else
                "invented" if invents(sentence, r.asked, r.mentioned, r.numbers) or
                claims_untold(sentence, r.mentioned, r.numbers, r.message) else
                "aside" if restates(sentence, r.aside) else
                "again" if repeats(sentence, r.previous) else
                "avoid" if suggests(sentence, r.avoid) or includes(sentence, r.never)
                or endorses(sentence, r.avoid, r.message) else
                "home" if travels_home(sentence, r.home) else
                "advice" if r.no_advice and advises(sentence) or r.no_lecture and lectures(sentence) else "")
        if rule:
            self._fire(rule, sentence, "")
            self.repeated = self.repeated or (sentence if rule in ("again", "aside") else "")
            self.withheld = self.withheld or rule in ("again", "aside")
            return ""
        values = [v for k, v in r.facts.items() if k in ("job", "lives_in", "works_at", "from")]
        out = partner_put_right(theirs_as_hers(sentence, values + recounted(r.opened)), r.partners,
                                r.message)
        if out != sentence:
            self._fire("speaker", sentence, out)
        return out

    def _unsays(self, sentence: str) -> bool:
        """Whether, after her first words said back what the user told ("You told me the
        shower's been moved to the 19th."), the sentence answers what was asked with a
        value those words do not hold: the old date, another place."""
        opened = self.rules.opened
        if not opened.startswith("You told me") or not self.rules.asked:
            return False
        return invents(sentence, self.rules.asked, set(re.findall(r"[a-z]+", opened.lower())),
                       set(re.findall(r"\d+(?:[:.,]\d+)?", opened)))

    def _named(self, sentence: str) -> str:
        """The user is spoken to, not of: "Priya's shift" → "your shift" (``check_user``)."""
        out = third_person(sentence, self.rules.name, self.started) if sentence.strip() else sentence
        if out != sentence:
            out = out + _space(sentence) if out and not out.endswith((" ", "\n")) else out
            self._fire("named", sentence, out)
        return out

    def _own_life(self, sentence: str) -> str:
        """The user's people and events stay theirs: "my sister" → "your sister"."""
        theirs = self.rules.theirs
        if not theirs:
            return sentence

        def quoting(match: re.Match) -> bool:
            said = " ".join(match.string[match.start():].lower().split()).rstrip(".!?\"' ")
            return len(said) > len(match.group(0)) and said in self.rules.message

        def mine(match: re.Match) -> str:
            before = match.string[:match.start()]
            if match.group(2).lower() not in theirs or re.search(
                    r"\b(you'?re|you are|be|being|as)\s+$", before, re.I) or quoting(match):
                return match.group(0)  # not theirs, "you're my friend", or their words quoted
            return ("Your" if match.group(0)[0].isupper() else "your") + match.group(0)[2:]

        def having(match: re.Match) -> str:
            if match.group(2).lower() not in theirs:
                return match.group(0)
            start = "You're" if match.group(0)[0].isupper() else "you're"
            return start + " having" + match.group(1).replace("my ", "your ") + match.group(2)

        out = HER_MY.sub(mine, sentence)
        out = HER_HAVING.sub(having, out)
        if out != sentence:
            self._fire("speaker", sentence, out)
        return out

    def _facts(self, sentence: str) -> str:
        """A relative, a city or a job named differently from what the user said is put right;
        only what is said plainly about them is compared ("your sister Emma", "you live in")."""
        facts = self.rules.facts
        out = sentence
        for key, value in facts.items():
            if key.startswith("relation:"):
                word = re.escape(key.split(":", 1)[1].replace("_", " "))
                pattern = re.compile(rf"\b((?i:your) {word}),? {CAPITAL}\b")
            elif key == "lives_in":
                pattern = re.compile(r"\b((?i:you(?:'re| are)? (?:live|living|based|moved|now live)"
                                     rf"(?: in| to)|you(?:'re| are) in)) {CAPITAL}\b")
            elif key == "works_at":
                pattern = re.compile(rf"\b((?i:you work (?:at|for))) {CAPITAL}\b")
            elif key == "job":
                pattern = re.compile(rf"\b((?i:you(?:'re| are) an?|you work as an?|your job as an?))"
                                     rf" ((?i:{JOB_WORD}))\b")
            else:
                continue

            def put_right(match: re.Match, value: str = value, key: str = key) -> str:
                said = match.group(2)
                if said.lower() in value.lower() or value.lower() in said.lower() or \
                        set(re.findall(r"[a-z]+", said.lower())) & self.rules.mentioned:
                    return match.group(0)  # theirs, or a name they did say
                if key == "job" and not re.search(rf"\b({JOB_WORD})\b", value, re.I):
                    return match.group(0)  # a job we could not compare word for word
                return f"{match.group(1)} {value}"

            out = pattern.sub(put_right, out)
        if out != sentence:
            self._fire("fact", sentence, out)
        return out


def _sentences(text: str) -> int:
    """How many sentences a text has, counted as the reply's are (a line break ends one)."""
    return sum(bool(re.search(r"\w", piece)) for piece in BOUNDARY.split(text)) if text.strip() else 0


def _space(sentence: str) -> str:
    """The whitespace a sentence ended with, so a replacement joins the next one the same way."""
    return sentence[len(sentence.rstrip()):]
