"""``os1 talk`` (a spoken conversation) and ``os1 say`` (her voice, once)."""

from __future__ import annotations

from pathlib import Path

import click

from os1.cli import ui
from os1.cli.runtime import Runtime
from os1.config import VoiceSettings
from os1.errors import OS1Error
from os1.reminders.due import Watcher, say_due
from os1.voice.session import Event


class Transcript:
    """Prints the conversation as it is spoken: what she heard, then her sentences as she says them."""

    def __init__(self, name: str):
        self.name = name
        self.open = False  # her line is being written

    def _end_line(self, mark: str = "") -> None:
        if self.open:
            ui.out.print(mark)
            self.open = False

    def __call__(self, event: Event) -> None:
        if event.kind == "heard":
            self._end_line()
            ui.out.print("[bold cyan]you:[/] ", end="")
            ui.out.print(event.text, markup=False)
        elif event.kind == "saying":
            if not self.open:
                ui.out.print(f"[bold magenta]{self.name}:[/]", end="")
                self.open = True
            ui.out.print(" " + event.text, markup=False, end="")
        elif event.kind == "barge_in":
            self._end_line(" [dim]\\[you spoke; she stopped][/]")
        elif event.kind == "resumed":
            pass  # a cough or an "mm-hm": she simply goes on
        elif event.kind == "turn_done":
            self._end_line()
        elif event.kind == "error":
            self._end_line()
            ui.err.print(f"[red]error:[/] {event.text} (what you said is saved)")


def parts(voice: VoiceSettings):
    """The recogniser, voice, voice detector and end-of-turn rule named in the settings,
    loaded once."""
    from os1.voice.asr import load_recognizer
    from os1.voice.tts import load_synthesizer
    from os1.voice.turn import load_end_of_turn
    from os1.voice.vad import load_detector

    with ui.err.status("Loading speech recognition and her voice…", spinner="dots"):
        loaded = (load_recognizer(voice), load_synthesizer(voice), load_detector(voice.vad),
                  load_end_of_turn(voice.turn_end, voice.turn_quiet_ms, voice.end_silence_ms))
    note = getattr(loaded[3], "note", "")  # why the quiet rule serves when Smart Turn was asked for
    if note:
        ui.err.print(f"[dim]{note}[/]", markup=True)
    return loaded


@click.command()
@click.option("--in", "in_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Read what you say from this WAV instead of the microphone.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write what she says to this WAV instead of the speaker.")
@click.option("--aligned", is_flag=True,
              help="With --out: keep her voice in time with --in, silent while you speak and "
                   "while she thinks, to lay beside your recording.")
@click.option("--realtime/--no-realtime", default=True, show_default=True,
              help="With --in: feed the file at the pace of speech, or let time wait for her.")
def talk(in_path: Path | None, out_path: Path | None, aligned: bool, realtime: bool) -> None:
    """Talk with your companion out loud (microphone and speaker, or WAV files)."""
    from os1.voice.audio import RATE, read_wav, resample, write_wav
    from os1.voice.devices import Device, SoundDevice, VirtualDevice
    from os1.voice.session import VoiceSession

    if bool(in_path) != bool(out_path):
        raise click.UsageError("use --in and --out together (or neither, to use the microphone).")
    rt = Runtime.open()
    settings = rt.settings.voice
    if in_path:
        samples, rate = read_wav(in_path)
        device: Device = VirtualDevice(resample(samples, rate, RATE), realtime=realtime)
        settings = settings.model_copy(update={"echo_cancel": False})  # files do not echo
    else:
        device = SoundDevice()  # fails fast, before anything slow is loaded
    try:
        recognizer, synthesizer, detector, end_of_turn = parts(settings)
        companion = rt.companion(rt.model())
        session_id = rt.store.start_session(rt.user_id, "voice")
        if not in_path:
            ui.err.print(f"[bold magenta]{companion.name}[/] is listening. [dim]Ctrl-C to leave.[/]")
        printer = Transcript(companion.name)
        runner = rt.jobs(companion)  # she reflects once you have been quiet a while

        def on_event(event: Event) -> None:
            printer(event)
            if event.kind == "speech_start":
                runner.pause()  # you go first: a reflection under way waits
            elif event.kind in ("turn_done", "ignored", "resumed"):
                runner.resume()
            if event.kind == "turn_done":
                companion.read_ahead()  # a local model reads the history while you speak

        session = VoiceSession(companion, session_id, device, recognizer, synthesizer, detector,
                               settings, on_event=on_event, end_of_turn=end_of_turn)
        missed = say_due(companion, session_id)  # "While you were away: …"
        opening = companion.check_in(session_id)  # "How did the interview go?", said first
        if missed or opening:
            session.open_with(" ".join(s for s in (missed, opening) if s))
        companion.read_ahead()
        watcher = Watcher(companion, session_id, session.announce, session.controller.mind).start()
        try:
            session.run()
        except KeyboardInterrupt:
            ui.out.print()
        finally:
            runner.close()
            watcher.close()
            rt.store.end_session(rt.user_id, session_id)
    finally:
        device.close()
    if out_path and isinstance(device, VirtualDevice):  # (--out comes with --in)
        said = device.output() if aligned else device.spoken()
        write_wav(out_path, said, RATE)
        ui.err.print(_written(out_path, said, device.first_spoken_s, aligned), markup=False,
                     style="dim")


def _written(path: Path, said, began_s: float | None, aligned: bool) -> str:
    """What the file holds, and where the silence before her voice went."""
    from os1.voice.audio import RATE

    if began_s is None:
        return f"She said nothing aloud; {path} is empty."
    seconds = len(said) / RATE
    if aligned:
        return (f"Her voice: {path} ({seconds:.1f} s, in time with your recording: silent for "
                f"the first {began_s:.1f} s, while you spoke and she thought).")
    return (f"Her voice: {path} ({seconds:.1f} s of what she said; she began {began_s:.1f} s "
            f"into your recording, and --aligned keeps that silence).")


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the speech to this WAV instead of playing it.")
def say(text: tuple[str, ...], out_path: Path | None) -> None:
    """Say TEXT in her voice, in her current mood."""
    import numpy as np

    from os1.mind.turn import Companion
    from os1.models.fake import FakeModel
    from os1.voice.audio import silence, write_wav
    from os1.voice.prosody import prosody
    from os1.voice.sentences import pieces
    from os1.voice.tts import load_synthesizer

    message = " ".join(text).strip()
    if not message:
        raise click.UsageError('say something: os1 say "hello"')
    rt = Runtime.open()
    synth = load_synthesizer(rt.settings.voice)
    mood = prosody(Companion(rt.store, FakeModel(), rt.user_id).affect())  # a mood needs no model
    audio = [np.concatenate([synth.synthesize(p, mood), silence(mood.pause_ms, synth.rate)])
             for p in pieces(message)]
    if not audio:
        raise OS1Error("there is nothing to say in that text; give her some words.")
    samples = np.concatenate(audio)
    if out_path:
        write_wav(out_path, samples, synth.rate)
        ui.err.print(f"[dim]{out_path}: {len(samples) / synth.rate:.1f} s, {synth.name}.[/]")
        return
    play(samples, synth.rate)


def play(samples, rate: int) -> None:
    from os1.voice.devices import NoAudio

    try:
        import sounddevice

        sounddevice.check_output_settings(samplerate=rate, channels=1, dtype="float32")
        sounddevice.play(samples, rate)
        sounddevice.wait()
    except Exception:  # no PortAudio, no device, or it refuses the rate
        raise NoAudio("write the speech to a file with `os1 say \"…\" --out speech.wav`",
                      what="speaker") from None
