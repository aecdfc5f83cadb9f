"""``os1 bench voice`` and ``os1 bench asr``, added to the ``bench`` group."""

from __future__ import annotations

from pathlib import Path

import click

from os1.cli import ui
from os1.cli.bench import printed_json
from os1.cli.runtime import Runtime


@click.command("voice")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--model", "model_name", default=None,
              help="Model to answer with (default: configured; fake isolates the voice path).")
@click.option("--questions", default=8, show_default=True, help="Spoken questions to answer.")
@click.option("--trials", default=5, show_default=True, help="Times to talk over her.")
@click.option("--turn-end", type=click.Choice(["smart", "quiet"]), default=None,
              help="Who decides you have finished (default: voice.turn_end).")
@click.option("--speculate", type=click.Choice(["both", "on", "off"]), default="both",
              show_default=True, help="Begin her reply in a pause (voice.speculate): both runs "
              "the questions without it, then with it.")
@click.option("--hear-after", "hear_after", type=click.IntRange(32, 5000), default=None,
              help="Quiet (ms) after which a pause's words are heard, with the end-of-turn "
              "model (default: voice.hear_after_ms).")
def bench_voice_command(as_json: bool, model_name: str | None, questions: int,
                        trials: int, turn_end: str | None, speculate: str,
                        hear_after: int | None) -> None:
    """Recognition WER, voice-to-voice latency, TTS speed and barge-in reaction, in real time."""
    from os1.bench.voice import bench_voice
    from os1.cli.voice import parts

    rt = Runtime.open()
    settings = rt.settings.voice
    if turn_end:
        settings = settings.model_copy(update={"turn_end": turn_end})
    if hear_after:
        settings = settings.model_copy(update={"hear_after_ms": hear_after})
    loaded = parts(settings)
    model = rt.model(model_name)
    say = (lambda text: None) if as_json else (lambda text: ui.err.print(f"[dim]{text}[/]",
                                                                         markup=True))
    arms = {"both": (False, True), "on": (True,), "off": (False,)}[speculate]
    result = bench_voice(model, loaded, settings, questions, trials, say, arms)
    if printed_json(result, as_json):
        return
    barge = result["barge_in_ms"]
    ui.out.print(
        f"[bold]os1 bench voice[/] — model {result['model']}, {result['asr']}, voice "
        f"{result['tts']}, detector {result['vad']}, end of turn {result['turn_end']}, words "
        f"heard after {settings.hear_after_ms} ms of quiet\n"
        f"machine: {result['machine']}")
    for run in result["runs"]:
        ui.out.print(_run_lines(run))
    ui.out.print(
        f"talking over her: paused p50 {barge['p50']:.0f} ms, p95 {barge['p95']:.0f} ms after "
        f"you began; stopped {result['barge_ins_stopped']}/{result['barge_in_trials']}; "
        f"{result['false_pauses']} pauses for her own echo")


def _run_lines(run: dict) -> str:
    """One pass over the questions, with or without the speculative start."""
    v2v = run["voice_to_voice_ms"]
    if run["speculate"]:
        starts = run["starts"]
        verdicts = ", ".join(f"{k} {v}" for k, v in starts.items() if k != "begun") or "none"
        after = run["first_sound_after_decision_ms"]
        pause = (f"begun in a pause: {starts['begun']} starts ({verdicts}); kept, the model's "
                 f"work done before the turn p50 {run['kept_ahead_ms']['p50']:.0f} ms; her first "
                 f"sound after the decision p50 {after['kept']['p50']:.0f} ms kept, "
                 f"{after['not']['p50']:.0f} ms not; the pause's words were there p50 "
                 f"{-run['words_from_decision_ms']['start']['p50']:.0f} ms before the decision "
                 f"when a start began, {run['words_from_decision_ms']['none']['p50']:.0f} ms "
                 f"after it when none could")
    else:
        pause = (f"read ahead in a pause: {run['speculated']['used']} used, "
                 f"{run['speculated']['discarded']} thrown away; the model's first token p50 "
                 f"{run['model_ttft_ms_speculated']['p50']:.0f} ms after one, "
                 f"{run['model_ttft_ms_not_speculated']['p50']:.0f} ms without")
    return (
        f"[bold]speculative start {'on' if run['speculate'] else 'off'}[/] (load average "
        f"{run['load'][0]} → {run['load'][1]})\n"
        f"recognition: WER {run['wer']:.3f} over {run['questions']} spoken questions "
        f"(ASR {run['asr_rtf']}× real time)\n"
        f"end of your speech → her first sound: p50 {v2v['p50']:.0f} ms, p95 {v2v['p95']:.0f} ms "
        f"({run['replies']} replies; includes the silence that ends your turn)\n"
        f"her first piece: {run['first_piece_words']['p50']:.0f} words p50; the model's first "
        f"token {run['model_ttft_ms']['p50']:.0f} ms p50\n"
        f"after the decision: your words heard p50 "
        f"{run['heard_after_decision_ms']['p50']:.0f} ms later, her first sound p50 "
        f"{run['first_sound_after_heard_ms']['p50']:.0f} ms after that\n"
        f"{pause}\n"
        f"your turn judged over: p50 {run['turn_end_ms']['p50']:.0f} ms, p95 "
        f"{run['turn_end_ms']['p95']:.0f} ms after you stopped (by {run['ended_by']})\n"
        f"her voice: {run['tts_rtf']}× real time to synthesize\n"
        f"where it went, p50 / p95 ms: {_stages(run['stages_ms'])}")


def _stages(spent: dict) -> str:
    return "; ".join(f"{name.replace('_', ' ')} {ms['p50']:.0f} / {ms['p95']:.0f}"
                     for name, ms in spent.items())


@click.command("asr")
@click.option("--data", "data", type=click.Path(exists=True, file_okay=False, path_type=Path),
              required=True, help="A folder of WAVs with transcripts.jsonl "
              '(lines {"file": …, "text": …}).')
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_asr_command(data: Path, as_json: bool) -> None:
    """Word error rate and real-time factor of speech recognition on your recordings."""
    from os1 import config
    from os1.bench.voice import bench_asr
    from os1.voice.asr import load_recognizer

    voice = config.load().voice
    with ui.err.status("Loading speech recognition…"):
        recognizer = load_recognizer(voice)
    say = (lambda text: None) if as_json else (lambda text: ui.err.print(text, markup=False))
    result = bench_asr(recognizer, data, say)
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench asr[/] — {getattr(recognizer, 'model_id', voice.asr)} on "
                 f"{data}\nmachine: {result['machine']}\n"
                 f"WER {result['wer']:.3f} over {result['words']} words; "
                 f"{result['rtf']}× real time")


@click.command("turnend")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--no-words", is_flag=True, help="Leave out the rule that reads the recognised "
              "words (it loads Whisper).")
def bench_turnend_command(as_json: bool, no_words: bool) -> None:
    """False cut-offs and decision time of each end-of-turn rule, on questions said straight
    and sentences with a pause inside."""
    from os1 import config
    from os1.bench.turnend import bench_turnend, standard_rules
    from os1.voice.asr import load_recognizer
    from os1.voice.turn import SmartTurn, load_end_of_turn
    from os1.voice.vad import load_detector

    voice = config.load().voice
    with ui.err.status("Loading the voice detector, the end-of-turn model and recognition…"):
        detector = load_detector(voice.vad)
        smart = load_end_of_turn("smart", voice.turn_quiet_ms, voice.end_silence_ms)
        recognizer = None if no_words else load_recognizer(voice)
    note = getattr(smart, "note", "")
    if note:
        ui.err.print(note, markup=False, style="dim")
    rules = standard_rules(voice, smart if isinstance(smart, SmartTurn) else None)
    say = (lambda text: None) if as_json else (lambda text: ui.err.print(text, markup=False,
                                                                         style="dim"))
    result = bench_turnend(rules, detector, recognizer, say)
    if printed_json(result, as_json):
        return
    ui.out.print(f"[bold]os1 bench turnend[/] — detector {result['vad']}, "
                 f"{result['utterances']} utterances\nmachine: {result['machine']}")
    for row in result["rules"]:
        ms, model = row["decision_ms"], row["rule_ms"]
        ui.out.print(
            f"{row['rule']}: false cut-offs {row['false_cutoffs_paused']}/{row['paused']} "
            f"paused ({row['false_cutoff_rate']:.0%}), {row['false_cutoffs_straight']}/"
            f"{row['straight']} straight; decided p50 {ms['p50']:.0f} ms, p95 {ms['p95']:.0f} ms "
            f"after you stopped" + (f" (model {model['p50']:.0f} / {model['p95']:.0f} ms a call)"
                                    if model else ""), markup=False)
