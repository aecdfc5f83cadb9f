"""``os1 bench voice`` and ``os1 bench asr``: how well she hears, how soon she answers, how fast
she stops when talked over.

``bench voice`` speaks questions with espeak-ng and Piper (several voices and speeds) and feeds
them, as frames at the pace of speech, through the real ``VoiceSession`` with a virtual
microphone and speaker, in a throwaway store. Barge-in is measured against a scripted long
reply (so the model's length never decides whether there is anything to interrupt), with her
voice leaking back into the microphone through a simulated room.

With ``speculate`` both ways (the default), the questions go through twice in one run, without
the speculative start and then with it, each in a store of its own, so the two compare the
same moments of the machine as nearly as can be; the load average is taken at each one's start
and end (``os.getloadavg``: above the cores' count, they were busy with other work).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from os1.bench.stats import summary
from os1.config import VoiceSettings
from os1.errors import OS1Error
from os1.memory.store import Store
from os1.mind.turn import Companion
from os1.models import Model, Options
from os1.models.fake import FakeModel
from os1.voice.asr import Recognizer
from os1.voice.audio import RATE, read_wav, resample, silence, trim
from os1.voice.devices import EchoPath, VirtualDevice
from os1.voice.prosody import Prosody
from os1.voice.session import VoiceSession
from os1.voice.tts import EspeakSynthesizer, PiperSynthesizer, Synthesizer
from os1.voice.speculate import meaning
from os1.voice.words import edit_distance, normalize

QUESTIONS = (
    "What should I cook for dinner tonight?",
    "I had a really long day at work and I feel tired.",
    "Can you remind me what we talked about yesterday?",
    "Do you think I should call my sister this weekend?",
    "Tell me something that made you happy today.",
    "I want to start painting again but I am scared.",
    "How many hours of sleep does a person need?",
    "My friend Amy is moving to London in March.",
    "Why does music make people feel less alone?",
    "Should I take the job offer in Seattle?",
)
# (engine, voice, rate): rate is the speed factor of the question's speaker.
SPEAKERS = (("piper", "", 1.0), ("espeak", "en-us", 1.0), ("piper", "", 1.2),
            ("espeak", "en-gb+m3", 0.85), ("piper", "", 0.85), ("espeak", "en-us+f2", 1.15))
LONG_REPLY = ("I was just thinking about that, actually. There is so much I want to tell you "
              "about the ocean and the way the light moves on it in the morning. Sometimes I "
              "imagine walking along the shore with you, talking about nothing at all. "
              "Would you like that?")
INTERRUPTION = "Wait, sorry, can I ask you something else?"

Say = Callable[[str], None]
# Where the time from the end of speech to her first sound goes, in order: the quiet waited
# (Silero noticing it, then the quiet the end-of-turn rule waits), the end-of-turn model's
# call, the words recognised after the decision, waiting for the companion (a reply or guess
# before it), building the prompt (of it: reading the feeling, recalling), the model's first
# chunk (reading what is new in the prompt), her first piece written, synthesized, played.
STAGES = ("quiet", "decision", "tail_recognition", "waiting", "prompt", "model_first_token",
          "first_clause", "tts", "audio_out")


class Timed:
    """``inner`` with its ``method`` timed: each call's (start, end) in ``log``."""

    def __init__(self, inner, method: str, log: list[tuple[float, float]]):
        self.inner, self.method, self.log = inner, method, log

    def __getattr__(self, name: str):
        value = getattr(self.inner, name)
        if name != self.method:
            return value

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return value(*args, **kwargs)
            finally:
                self.log.append((started, time.perf_counter()))
        return timed


def stages(ended: float, decided: float, model_ms: float, marks: dict[str, float],
           first: float, calls: dict[str, list[tuple[float, float]]]) -> dict[str, float]:
    """One reply's time from the end of speech (``ended``) to her first sound (``first``),
    stage by stage (``STAGES``), in ms; each mark taken no earlier than the one before, so
    the stages add up to the whole. ``marks`` are the reply's (``Reply.stages``); ``calls``
    the timed calls of the prompt's parts, of which those while the prompt was built count."""
    marks = dict(marks)
    if "piece" in marks and "token" in marks and marks["piece"] < marks["token"]:
        marks["token"] = marks["piece"]  # fixed first words: her first piece needed no model
    points = [ended, decided - model_ms / 1000, decided, marks.get("heard", decided),
              marks.get("begun"), marks.get("asked"), marks.get("token"), marks.get("piece"),
              marks.get("synthesized"), first]
    out, last = {}, ended
    for name, point in zip(STAGES, points[1:]):
        point = max(last, point if point is not None else last)
        out[name] = (point - last) * 1000
        last = point
    begun, asked = marks.get("begun"), marks.get("asked")
    for part, log in calls.items():
        out[part] = sum((end - start) * 1000 for start, end in log
                        if begun is not None and asked is not None and begun <= start <= asked)
    return out


def speak(text: str, engine: str, voice: str, rate: float,
          piper: PiperSynthesizer | None) -> np.ndarray:
    """A spoken question at 16 kHz, silence trimmed."""
    synth: Synthesizer = piper if engine == "piper" and piper else EspeakSynthesizer(voice)
    audio = synth.synthesize(text, Prosody(rate=rate))
    return trim(resample(audio, synth.rate, RATE))[0]


def _store(tmp: str) -> tuple[Store, int]:
    store = Store(Path(tmp) / "bench.db")
    user = store.user()
    store.set_persona(user, "Sam", "benchmark")
    return store, user


def _session(companion: Companion, session_id: int, device: VirtualDevice, parts, settings):
    """A voice loop on ``device``; every question belongs to one conversation, as in ``os1 talk``
    (a new one each time would change the prompt's "talked in N conversations" and spoil the
    model's cached prefix)."""
    recognizer, synthesizer, detector, end_of_turn = parts
    return VoiceSession(companion, session_id, device, recognizer, synthesizer, detector, settings,
                        end_of_turn=end_of_turn)


def load() -> float:
    """The 1-minute load average (how many runnable processes the cores had)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return 0.0


def conversation(model: Model, parts, settings: VoiceSettings, count: int,
                 say: Say) -> dict:
    """Questions through the loop: recognition, end of speech → her first sound, TTS speed;
    with ``settings.speculate``, what became of the replies begun in a pause."""
    piper = next((p for p in [parts[1]] if isinstance(p, PiperSynthesizer)), None)
    if piper is None:
        try:
            piper = PiperSynthesizer()
        except OS1Error:
            piper = None
    refs, hyps, latency, ttft, decided = [], [], [], [], []
    opening: list[float] = []  # words in her first piece
    hearing, speaking = [], []  # after the decision: until heard; after heard: her first sound
    speculated = {"used": 0, "discarded": 0}
    ttft_by: dict[str, list[float]] = {"speculated": [], "not": []}
    verdicts: dict[str, int] = {}  # speculative starts: kept, changed, prompt, late, failed
    begun_starts = 0
    ahead: list[float] = []  # kept: the model's work done before the turn claimed it
    after_decision: dict[str, list[float]] = {"kept": [], "not": []}  # decision → first sound
    # when the pause's words were there, from the decision (negative: before it, so a start
    # could begin); and, of a start not kept, how many of its words the final ones changed
    words_at: dict[str, list[float]] = {"start": [], "none": []}
    changed_words: list[int] = []
    calls: dict[str, list[tuple[float, float]]] = {"perceive": [], "recall": []}
    turns: list[dict] = []  # each question's words heard, her first piece, its time
    spent: dict[str, list[float]] = {name: [] for name in (*STAGES, *calls)}
    loads = [load()]
    ended_by: dict[str, int] = {}
    synth_s = audio_s = asr_s = heard_s = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        store, user = _store(tmp)
        companion = Companion(store, model, user, Options(max_tokens=80, temperature=0.7))
        companion.perceiver = Timed(companion.perceiver, "perceive", calls["perceive"])
        companion.recaller = Timed(companion.recaller, "recall", calls["recall"])  # type: ignore[assignment]
        conversation_id = store.start_session(user, "bench")
        for i in range(count):
            text = QUESTIONS[i % len(QUESTIONS)]
            engine, voice, rate = SPEAKERS[i % len(SPEAKERS)]
            question = speak(text, engine, voice, rate, piper)
            lead = 0.6
            device = VirtualDevice(np.concatenate([silence(lead * 1000), question]), realtime=True)
            companion.read_ahead()  # as in ``os1 talk``: the model reads the history meanwhile
            session = _session(companion, conversation_id, device, parts, settings)
            session.run(until=lambda s: any(e.kind == "turn_done" for e in s.events)
                        or any(e.kind == "first_audio" for e in s.events)
                        and all(t.done.is_set() for t in s.turns), max_s=120)
            events = session.events
            heard = " ".join(e.text for e in events if e.kind == "heard")
            refs.append(text)
            hyps.append(heard)
            first = next((e for e in events if e.kind == "first_audio"), None)
            assert device.started is not None  # it ran
            ended = device.started + lead + len(question) / RATE
            if first is not None:
                latency.append((first.wall - ended) * 1000)
                opening.append(len(first.text.split()))
            end = next((e for e in events if e.kind == "speech_end"), None)
            heard_at = next((e for e in events if e.kind == "heard"), None)
            if end is not None and heard_at is not None and first is not None:
                hearing.append(max(0.0, heard_at.wall - end.wall) * 1000)
                speaking.append((first.wall - max(heard_at.wall, end.wall)) * 1000)
            marks = next((e.data for e in events if e.kind == "stages"), None)
            if end is not None and first is not None and marks is not None:
                for name, ms in stages(ended, end.wall, end.data.get("model_ms", 0.0),
                                       {k: v for k, v in marks.items() if k != "turn"},
                                       first.wall, calls).items():
                    spent[name].append(ms)
            for log in calls.values():
                log.clear()
            if end is not None:  # when the loop decided the question was over
                decided.append((end.wall - ended) * 1000)
                by = end.data.get("by", "quiet")
                ended_by[by] = ended_by.get(by, 0) + 1
            for e in events:
                if e.kind == "synthesized":
                    synth_s += e.data["synth_s"]
                    audio_s += e.data["audio_s"]
                elif e.kind == "heard" and "asr_ms" in e.data:
                    asr_s += e.data["asr_ms"] / 1000
                    heard_s += e.data["audio_s"]
            starts = [e for e in events if e.kind == "speculate"]
            guesses = [e.text for e in starts]
            verdict = next((e for e in events if e.kind == "speculation"), None)
            done = next((e for e in events if e.kind == "turn_done"), None)
            words_ms = None
            if end is not None and settings.speculate:
                at = starts[-1] if starts else heard_at
                if at is not None:
                    words_ms = (at.wall - end.wall) * 1000
                    words_at["start" if starts else "none"].append(words_ms)
                if verdict is not None and verdict.text != "kept":
                    changed_words.append(edit_distance(meaning(verdict.data.get("words", "")),
                                                       meaning(heard)))
            if settings.speculate:
                begun_starts += len(guesses)
                if verdict is not None:
                    verdicts[verdict.text] = verdicts.get(verdict.text, 0) + 1
                    if verdict.text == "kept":
                        ahead.append(verdict.data["ahead_ms"])
                if end is not None and first is not None:
                    kept = verdict is not None and verdict.text == "kept"
                    after_decision["kept" if kept else "not"].append(
                        (first.wall - end.wall) * 1000)
                used = verdict is not None and verdict.text == "kept"
            else:
                used = bool(guesses) and guesses[-1] == heard
            speculated["used"] += used
            speculated["discarded"] += len(guesses) - used
            if companion.last.ttft_ms is not None:
                ttft.append(companion.last.ttft_ms)
                ttft_by["speculated" if used else "not"].append(companion.last.ttft_ms)
            said = f" [begun in the pause: {verdict.text}]" if verdict is not None else ""
            turns.append({"heard": heard, "first_words": first.text if first else "",
                          "first_sound_ms": round(latency[-1], 1) if first else None,
                          "speculation": verdict.text if verdict is not None else "",
                          "begun_on": guesses,
                          "words_from_decision_ms": round(words_ms, 1)
                          if words_ms is not None else None,
                          "status": done.text if done is not None else companion.last.status,
                          **({} if first else {"reply": companion.last.text})})
            say(f"{engine}{'/' + voice if voice else ''} ×{rate}: “{text}” → “{heard}”; her "
                f"first sound {latency[-1]:.0f} ms after the question ended (model's first token "
                f"after {companion.last.ttft_ms or 0:.0f} ms; first words: “{first.text}”){said}"
                if first else f"{engine} ×{rate}: “{text}” → “{heard}”, no reply")
        store.close()
    edits = sum(edit_distance(normalize(r).split(), normalize(h).split()) for r, h in zip(refs, hyps))
    words = sum(len(normalize(r).split()) for r in refs)
    return {"wer": round(edits / words, 4) if words else 0.0,
            "voice_to_voice_ms": summary(latency), "turn_end_ms": summary(decided),
            "ended_by": ended_by, "model_ttft_ms": summary(ttft),
            "first_piece_words": summary(opening),
            "heard_after_decision_ms": summary(hearing),
            "speculated": speculated,
            "model_ttft_ms_speculated": summary(ttft_by["speculated"]),
            "model_ttft_ms_not_speculated": summary(ttft_by["not"]),
            "first_sound_after_heard_ms": summary(speaking),
            "speculate": settings.speculate,
            "starts": {"begun": begun_starts, **verdicts,
                       "dropped": begun_starts - sum(verdicts.values())},
            "words_from_decision_ms": {k: summary(v) for k, v in words_at.items()},
            "changed_words": changed_words,
            "kept_ahead_ms": summary(ahead),
            "first_sound_after_decision_ms": {k: summary(v) for k, v in after_decision.items()},
            "stages_ms": {name: summary(values) for name, values in spent.items()},
            "turns": turns,
            "kept_rate": round(verdicts.get("kept", 0) / count, 3) if settings.speculate else None,
            "load": [loads[0], load()],
            "tts_rtf": round(synth_s / audio_s, 4)
            if audio_s else None, "asr_rtf": round(asr_s / heard_s, 4) if heard_s else None,
            "questions": count, "replies": len(latency)}


def barge_in(parts, settings: VoiceSettings, trials: int, say: Say) -> dict:
    """Talking over her long reply, her voice leaking back into the microphone."""
    piper = parts[1] if isinstance(parts[1], PiperSynthesizer) else None
    reaction, stopped, false_pauses = [], 0, 0
    question = speak("Tell me about the ocean.", "espeak", "en-us", 1.0, None)
    interruption = speak(INTERRUPTION, "espeak", "en-us+m3", 1.0, piper)
    with tempfile.TemporaryDirectory() as tmp:
        store, user = _store(tmp)
        conversation_id = store.start_session(user, "bench")
        for i in range(trials):
            model = FakeModel([LONG_REPLY], delay=0.02)
            companion = Companion(store, model, user, Options(max_tokens=200))
            room = EchoPath(delay_ms=40 + 25 * i, attenuation_db=-8 - 2 * i, seed=i)
            device = VirtualDevice(np.concatenate([silence(600), question]), realtime=True,
                                   echo=room)
            after = 1.5 + 0.3 * i
            device.inject(interruption, after_output_s=after)
            session = _session(companion, conversation_id, device, parts, settings)
            session.run(until=lambda s: any(e.kind == "barge_in" and s.now > e.t + 0.3
                                            for e in s.events), max_s=60)
            starts = device.injected_at()
            onset = starts[-1] if starts else None
            pauses = [e for e in session.events if e.kind == "paused"]
            early = [p for p in pauses if onset is None or p.t < onset]
            false_pauses += len(early)
            late = [p for p in pauses if onset is not None and p.t >= onset]
            cut = [e for e in session.events if e.kind == "barge_in"]
            if late and onset is not None:
                assert device.started is not None  # it ran
                reaction.append((late[0].wall - (device.started + onset)) * 1000)
            stopped += bool(cut)
            say(f"room {room.delay_ms:.0f} ms, {room.attenuation_db:.0f} dB: "
                + (f"paused {reaction[-1]:.0f} ms after you began" if late else "did not pause")
                + (", stopped" if cut else ""))
        store.close()
    return {"barge_in_ms": summary(reaction), "barge_ins_stopped": stopped,
            "barge_in_trials": trials, "false_pauses": false_pauses}


def bench_voice(model: Model, parts, settings: VoiceSettings, questions: int = 8,
                trials: int = 5, say: Say = lambda text: None,
                speculate: tuple[bool, ...] = (False, True)) -> dict:
    """The questions once for each of ``speculate`` (without the speculative start, then with
    it), then barge-in; ``runs`` holds each pass, and the top level the last one's numbers."""
    recognizer, synthesizer, detector, end_of_turn = parts
    result = {"model": getattr(model, "model_id", "unknown"),
              "asr": getattr(recognizer, "model_id", type(recognizer).__name__),
              "tts": getattr(synthesizer, "model_id", synthesizer.name),
              "vad": getattr(detector, "name", type(detector).__name__),
              "turn_end": end_of_turn.name}
    runs = []
    for on in speculate:
        say(f"— the speculative start {'on' if on else 'off'}")
        runs.append(conversation(model, parts, settings.model_copy(update={"speculate": on}),
                                 questions, say))
    result.update(runs[-1])
    result["runs"] = runs
    result.update(barge_in(parts, settings, trials, say))
    return result


def bench_asr(recognizer: Recognizer, data: Path, say: Say = lambda text: None) -> dict:
    """WER (lowercased, no punctuation, numbers spoken) and real-time factor over a folder of
    WAVs listed in ``transcripts.jsonl`` as ``{"file": …, "text": …}``."""
    listing = data / "transcripts.jsonl"
    if not listing.is_file():
        raise OS1Error(f"{data} has no transcripts.jsonl; add one line per WAV: "
                       '{"file": "a.wav", "text": "what is said"}.')
    edits = words = 0
    spent = heard = 0.0
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            path, text = data / item["file"], str(item["text"])
        except (ValueError, KeyError, TypeError):
            raise OS1Error(f"line {number} of {listing} is not "
                           '{"file": …, "text": …}; fix it.') from None
        samples, rate = read_wav(path)
        samples = resample(samples, rate, RATE)
        started = time.perf_counter()
        hyp = recognizer.transcribe(samples)
        spent += time.perf_counter() - started
        heard += len(samples) / RATE
        ref_words, hyp_words = normalize(text).split(), normalize(hyp).split()
        edits += edit_distance(ref_words, hyp_words)
        words += len(ref_words)
        say(f"{item['file']}: “{hyp}”")
    if not words:
        raise OS1Error(f"{listing} lists no transcripts; add one line per WAV.")
    return {"wer": round(edits / words, 4), "rtf": round(spent / heard, 4) if heard else None,
            "words": words}
