"""``os1 bench turnend``: how soon each end-of-turn rule answers a finished turn, and how often
it cuts in on a pause the speaker meant to go on from.

The turn set is spoken by Piper and espeak-ng (several voices and speeds): questions said
straight, and sentences with a pause of 300–800 ms inside them, made by saying the two clauses
apart ("I was thinking," … "maybe we could go to the beach this weekend.") and joining them
with silence. Each goes through the real ``VoiceSession`` with the Silero detector, without a
real clock (the loop waits for the end-of-turn model and recognition, as if they took no
time); the time they did take is measured and added back, since in a live conversation the
decision waits for it.

- A false cut-off: the turn ended before the speaker did.
- Decision time: from the true end of speech to the decision, for turns not cut off.
"""

from __future__ import annotations

import copy
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from os1.bench.stats import summary
from os1.bench.voice import QUESTIONS, SPEAKERS, _store, speak
from os1.config import VoiceSettings
from os1.errors import OS1Error
from os1.mind.turn import Companion
from os1.models import Options
from os1.models.fake import FakeModel
from os1.voice.asr import FakeRecognizer, Recognizer
from os1.voice.audio import RATE, silence, trim
from os1.voice.devices import VirtualDevice
from os1.voice.session import VoiceSession
from os1.voice.tts import FakeSynthesizer, PiperSynthesizer
from os1.voice.turn import EndOfTurn, QuietRule, SmartTurn
from os1.voice.vad import VoiceDetector

# (first clause, rest): said apart, with a pause between, as people hesitate mid-sentence.
PAUSED = (
    ("I was thinking,", "maybe we could go to the beach this weekend."),
    ("So the thing is,", "I don't really know what I want to do next."),
    ("Can you tell me,", "what was the name of that book you mentioned?"),
    ("My sister called me today and", "she said she is getting married in June."),
    ("I wanted to ask you about, um,", "the trip we talked about last week."),
    ("When I woke up this morning,", "I felt really anxious for no reason."),
    ("Do you remember the restaurant", "where we talked about my new job?"),
    ("I think I should probably", "go to bed earlier this week."),
    ("What do you think about", "me learning to play the guitar?"),
    ("The interview went well, but", "I am not sure they liked my answers."),
    ("If I had more time,", "I would start running again."),
    ("Yesterday I met an old friend and", "we talked for hours about school."),
)
PAUSES_MS = (300, 450, 600, 800)
LEAD_MS = 500

Say = Callable[[str], None]


@dataclass
class Rule:
    """One way of deciding, as the voice loop would be set up for it."""

    label: str
    end_of_turn: EndOfTurn
    settings: VoiceSettings
    words: bool = False  # needs real recognition (the quick end reads the words)


@dataclass
class Spoken:
    audio: np.ndarray
    end_s: float  # where the speech truly ends
    text: str
    paused: bool


class Timed:
    """An end-of-turn rule whose every answer is timed."""

    def __init__(self, rule: EndOfTurn):
        self.rule, self.name, self.quiet_ms = rule, rule.name, rule.quiet_ms
        self.times: list[float] = []

    def finished(self, audio: np.ndarray) -> bool:
        started = time.perf_counter()
        try:
            return self.rule.finished(audio)
        finally:
            self.times.append((time.perf_counter() - started) * 1000)


def turn_set(say: Say = lambda text: None) -> list[Spoken]:
    """The straight questions and the paused sentences, each from the next speaker."""
    try:
        piper: PiperSynthesizer | None = PiperSynthesizer()
    except OS1Error:
        piper = None
    spoken = []
    for i, text in enumerate(QUESTIONS):
        engine, voice, rate = SPEAKERS[i % len(SPEAKERS)]
        audio = speak(text, engine, voice, rate, piper)
        spoken.append(_lead(audio, text, paused=False))
    for i, (first, rest) in enumerate(PAUSED * 2):  # each twice: two speakers, two pauses
        again = i // len(PAUSED)
        engine, voice, rate = SPEAKERS[(i + 1 + again) % len(SPEAKERS)]
        pause = PAUSES_MS[(i + again) % len(PAUSES_MS)]
        whole = speak(f"{first.rstrip(',')}... {rest}", engine, voice, rate, piper)
        at = split_point(whole, len(speak(first, engine, voice, rate, piper)),
                         len(speak(rest, engine, voice, rate, piper)))
        before, after = trim(whole[:at])[0], trim(whole[at:])[0]  # the quiet between goes…
        audio = np.concatenate([before, silence(pause), after])  # …for exactly the pause
        spoken.append(_lead(audio, f"{first} [{pause} ms] {rest}", paused=True))
    say(f"{len(spoken)} utterances: {len(QUESTIONS)} said straight, {2 * len(PAUSED)} with a "
        "pause")
    return spoken


def split_point(whole: np.ndarray, first: int, rest: int) -> int:
    """Where, in a sentence said whole, its first clause ends: the quietest 20 ms within
    300 ms of where the clauses' lengths said apart put it. The pause goes there, so the
    voice before it keeps the rise or level of a sentence going on (a clause said alone
    falls at its end, as if finished)."""
    guess = round(len(whole) * first / (first + rest))
    step = RATE // 50
    reach = int(0.3 * RATE)
    starts = range(max(guess - reach, step), min(guess + reach, len(whole) - 2 * step), step // 4)
    if not starts:
        return guess
    quietest = min(starts, key=lambda at: float(np.mean(whole[at:at + step] ** 2)))
    return quietest + step // 2


def _lead(audio: np.ndarray, text: str, paused: bool) -> Spoken:
    return Spoken(np.concatenate([silence(LEAD_MS), audio]), LEAD_MS / 1000 + len(audio) / RATE,
                  text, paused)


def decide(rule: Rule, spoken: Spoken, detector: VoiceDetector, recognizer: Recognizer,
           companion: Companion, session_id: int) -> dict:
    """When the loop decided the turn was over, and what decided it."""
    if hasattr(detector, "reset"):
        detector.reset()
    device = VirtualDevice(spoken.audio, realtime=False)
    session = VoiceSession(companion, session_id, device, recognizer, FakeSynthesizer(),
                           detector, rule.settings, end_of_turn=rule.end_of_turn)
    events = session.run(until=lambda s: any(e.kind == "speech_end" for e in s.events),
                         max_s=len(spoken.audio) / RATE + 5)
    end = next((e for e in events if e.kind == "speech_end"), None)
    if end is None:
        return {"decided": False}
    heard = next((e for e in events if e.kind == "heard" and "asr_ms" in e.data), None)
    by = end.data.get("by", "quiet")
    spent = end.data.get("model_ms", 0.0) if by not in ("quiet", "words") else \
        heard.data["asr_ms"] if by == "words" and heard else 0.0
    return {"decided": True, "cut": end.t < spoken.end_s - 0.05, "by": by,
            "after_ms": (end.t - spoken.end_s) * 1000 + spent}


def bench_turnend(rules: list[Rule], detector: VoiceDetector, recognizer: Recognizer | None,
                  say: Say = lambda text: None) -> dict:
    spoken = turn_set(say)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        store, user = _store(tmp)
        session_id = store.start_session(user, "bench")
        for rule in rules:
            if rule.words and recognizer is None:
                continue
            timed = None
            if not isinstance(rule.end_of_turn, QuietRule):  # the quiet rule is the loop's own
                timed = rule.end_of_turn = Timed(rule.end_of_turn)
            hears = recognizer if rule.words and recognizer else FakeRecognizer(default="hello")
            companion = Companion(store, FakeModel(["Okay."]), user, Options(max_tokens=20))
            cut = {True: 0, False: 0}
            after: list[float] = []
            for item in spoken:
                got = decide(rule, item, detector, hears, companion, session_id)
                if got.get("cut"):
                    cut[item.paused] += 1
                elif got.get("decided"):
                    after.append(got["after_ms"])
                say(f"{rule.label}: “{item.text}” → " + (
                    "no decision" if not got["decided"] else f"cut off ({got['by']})"
                    if got["cut"] else f"ended {got['after_ms']:.0f} ms after you ({got['by']})"))
            paused = sum(s.paused for s in spoken)
            results.append({
                "rule": rule.label, "false_cutoffs_paused": cut[True], "paused": paused,
                "false_cutoff_rate": round(cut[True] / paused, 3) if paused else 0.0,
                "false_cutoffs_straight": cut[False], "straight": len(spoken) - paused,
                "decision_ms": summary(after),
                "rule_ms": summary(timed.times) if timed else None})
        store.close()
    return {"vad": getattr(detector, "name", type(detector).__name__), "rules": results,
            "utterances": len(spoken)}


def standard_rules(voice: VoiceSettings, smart: SmartTurn | None) -> list[Rule]:
    """Today's quiet rules and, if it is installed, Smart Turn at two quiets."""
    def quiet(ms: int, quick: bool) -> VoiceSettings:
        return voice.model_copy(update={"end_silence_ms": ms, "quick_end": quick,
                                        "anticipate": False, "echo_cancel": False})
    rules = [Rule("quiet 250 ms", QuietRule(250), quiet(250, False)),
             Rule("quiet 500 ms", QuietRule(500), quiet(500, False)),
             Rule("quiet 700 ms", QuietRule(700), quiet(700, False)),
             Rule("words after 250 ms, else quiet 700 ms", QuietRule(700), quiet(700, True),
                  words=True)]
    if smart is not None:
        for ask, threshold in ((100, 0.5), (200, 0.5), (100, 0.8), (200, 0.8), (200, 0.95)):
            model = copy.copy(smart)  # one loaded model, asked differently
            model.quiet_ms, model.threshold = ask, threshold
            rules.append(Rule(f"Smart Turn over {threshold} after {ask} ms, else quiet 700 ms",
                              model, quiet(700, False)))
    return rules
