"""Settings: defaults, then the config file (``$OS1_HOME/config.toml``), then environment variables.

Unknown keys are errors, not silent defaults, so a typo in a setting is caught at once.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from os1.errors import ConfigError
from os1.proofread.variety import English

DEFAULT_MODEL = "qwen2.5-1.5b"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class OpenAISettings(_Section):
    """An OpenAI-compatible server: Ollama, vLLM, LM Studio, llama.cpp server or OpenAI itself."""

    base_url: str = "http://127.0.0.1:11434/v1"
    model: str = "qwen2.5:1.5b"
    api_key: str | None = None
    timeout: float = Field(60.0, gt=0, description="seconds to wait for the next token")
    connect_timeout: float = Field(5.0, gt=0)
    retries: int = Field(2, ge=0, le=10)


class LocalSettings(_Section):
    """The embedded llama.cpp runtime."""

    threads: int | None = Field(None, ge=1, description="CPU threads; default: all cores")
    context: int = Field(4096, ge=512)


class FakeSettings(_Section):
    """The deterministic fake model (for tests and demos)."""

    replies: list[str] = []
    delay: float = Field(0.0, ge=0, description="seconds between tokens")


class MemorySettings(_Section):
    """Long-term memory."""

    embedder: str = Field("auto", description="e5, hashing, or auto (e5 where installed)")
    recall_tokens: int = Field(160, ge=0, description="prompt budget for recalled memories")
    reflect_after_s: float = Field(60.0, ge=0, description="quiet seconds after a turn, through "
                                   "any door (chat, web, API, voice), before the companion "
                                   "reflects in the background; 0 turns it off")
    read_facts: bool = Field(False, description="the model reads each of your turns in the "
                             "background for standing facts (allergies, fears, hours…) the "
                             "word patterns miss; off until its precision is shown to be 0.9 "
                             "(os1 bench facts)")


class VoiceSettings(_Section):
    """Talking out loud (``os1 talk``, ``os1 say``)."""

    asr: str = Field("whisper", description="speech recognition: whisper or fake")
    heard: list[str] = Field([], description="with asr = fake: the words it hears, one "
                             "utterance each, in order (then \"hello\"): typed words in, "
                             "through the spoken loop")
    asr_model: str = Field("", description="base, tiny.en (half the time, mishears more) or a "
                           "CTranslate2 Whisper folder; empty: base if installed, else tiny.en")
    asr_beam: int = Field(3, ge=1, le=10, description="beam search width for recognition: 1 is "
                          "greedy and fastest, 3 mishears fewer words")
    tts: str = Field("auto", description="piper, espeak, fake, or auto (piper where installed)")
    voice: str = Field("", description="a Piper .onnx file or an espeak-ng voice; empty: default")
    vad: str = Field("silero", description="voice detector: silero or energy")
    threads: int | None = Field(None, ge=1, description="CPU threads for speech; default: all")
    end_silence_ms: int = Field(700, ge=100, le=5000, description="silence that ends your turn")
    turn_end: str = Field("smart", description="who decides that you have finished: smart (the "
                          "Smart Turn model hears it in your voice, after turn_quiet_ms of quiet), "
                          "quiet (end_silence_ms of quiet, or quick_end) or fake")
    turn_quiet_ms: int = Field(200, ge=32, le=5000, description="quiet after which the end-of-turn "
                               "model is asked whether you have finished")
    hear_after_ms: int = Field(50, ge=32, le=5000, description="with the end-of-turn model: "
                               "quiet after which your words so far are recognised (and, with "
                               "speculate, her reply begun) while the model decides")
    quick_end: bool = Field(True, description="end your turn after a short pause when your "
                            "words already sound finished (a whole sentence or question)")
    min_speech_ms: int = Field(250, ge=0, description="shorter sounds are not a turn")
    anticipate: bool = Field(True, description="while you speak, recognise your words so far so "
                             "a local model can read them before you finish: she answers sooner, "
                             "at the cost of CPU while you talk")
    speculate: bool = Field(True, description="in a pause that may end your turn, begin her "
                            "reply on the words heard so far (kept if your last words mean the "
                            "same, thrown away if they change or you talk on): she answers "
                            "sooner, at the cost of model time on pauses you speak on from")
    barge_in: bool = Field(True, description="she stops when you talk over her")
    barge_in_ms: int = Field(400, ge=0, description="speech over her that stops her at once; "
                             "shorter sounds are checked for words, and she goes on after a cough "
                             "or a \"mm-hm\"")
    resume_after_ms: int = Field(300, ge=0, description="quiet after a short sound before she "
                                 "goes on")
    echo_cancel: bool = Field(True, description="cancel her voice from the microphone; turn off "
                              "with headphones")


class ProofreadSettings(_Section):
    """``os1 proofread`` and proofreading in chat and the web app."""

    english: Literal[""] | English = Field("", description="your variety of English: en-US, "
                                           "en-GB, en-AU, en-NZ, en-IE, en-ZA or en-IN; empty: "
                                           "the one the text's spellings show, else en-US")
    model_edits: bool = Field(False, description="also ask the model for fluency edits, each "
                              "checked (slower; see the README for what they are worth)")
    timeout: float = Field(2.0, gt=0, description="seconds the model may take per sentence")


class ServerSettings(_Section):
    """``os1 serve``: how people reach it (the flags of the same names add to these)."""

    allow_hosts: list[str] = Field([], description="host names it answers to besides "
                                   "loopback, such as os1.example.com")
    public_url: str | None = Field(None, description="the address people use, behind a "
                                   "proxy: https://os1.example.com (its host is allowed, and "
                                   "https makes cookies secure)")
    trust_proxy: list[str] = Field([], description="addresses of reverse proxies whose "
                                   "X-Forwarded-For and X-Forwarded-Proto are believed")
    connects_per_minute: int = Field(20, ge=1, description="live conversations one address, "
                                     "or one person, may open a minute (raise it for many "
                                     "people behind one address)")
    live_conversations: int = Field(10_000, ge=1, description="live conversations one "
                                    "worker holds open at once, everyone's together (each "
                                    "about 80 KB while typed, and a file descriptor)")
    audio_conversations: int = Field(64, ge=1, description="of those, how many may be "
                                     "taking in speech at once (each holds up to a minute of "
                                     "audio, 11 MB at 96 kHz); one more is told to type or "
                                     "wait")
    threads: int | None = Field(None, ge=1, description="CPU threads one worker's "
                                "computations use (the model, the embedder, speech, numpy); "
                                "default: the cores shared out among the workers of one os1 "
                                "serve --workers N. Set it when N separate servers share a "
                                "machine (cores / N)")


class JobsSettings(_Section):
    """Background jobs (reflection, embedding): how they are run and retried."""

    attempts: int = Field(5, ge=1, le=50, description="runs a job may have before it is "
                          "marked failed")
    backoff_s: float = Field(30.0, ge=0, description="wait before the first retry; doubled "
                             "for each retry after it")
    lease_s: float = Field(300.0, gt=0, description="how long a runner holds a job without "
                           "renewing it: a job whose runner died is taken up again after this")
    poll_s: float = Field(2.0, gt=0, description="how often an idle runner looks for jobs "
                          "deferred by another process")


class StoreSettings(_Section):
    """Where everything is kept (docs/store.md)."""

    url: str = Field("", description="sqlite:///path/os1.db or postgresql://user@host/db; "
                     "empty: os1.db in the data dir")
    connections: int = Field(4, ge=1, le=100, description="PostgreSQL: connections each "
                             "process keeps (a pool; turns running at once take one each for "
                             "their statements)")


class Settings(_Section):
    model: str = DEFAULT_MODEL
    max_tokens: int = Field(300, ge=1)
    temperature: float = Field(0.7, ge=0, le=2)
    seed: int | None = Field(None, ge=0, description="sampling seed: the same seed and prompt "
                             "give the same reply (the embedded model; servers that honour it)")
    history_turns: int = Field(12, ge=0, description="recent turns brought into each prompt")
    emotion: str = Field("model", description="how it reads your feelings: model (trained, 28 "
                         "emotions) or lexicon (VADER, faster, valence only)")
    openai: OpenAISettings = OpenAISettings()
    local: LocalSettings = LocalSettings()
    fake: FakeSettings = FakeSettings()
    memory: MemorySettings = MemorySettings()
    voice: VoiceSettings = VoiceSettings()
    server: ServerSettings = ServerSettings()
    proofread: ProofreadSettings = ProofreadSettings()
    jobs: JobsSettings = JobsSettings()
    store: StoreSettings = StoreSettings()
    hf_endpoint: str = "https://huggingface.co"


# Environment variables that override the file, as (variable, path in Settings).
ENV_VARS = {
    "OS1_MODEL": ("model",),
    "OS1_OPENAI_BASE_URL": ("openai", "base_url"),
    "OS1_OPENAI_MODEL": ("openai", "model"),
    "OS1_OPENAI_API_KEY": ("openai", "api_key"),
    "OPENAI_API_KEY": ("openai", "api_key"),
    "OS1_THREADS": ("local", "threads"),
    "OS1_EMBEDDER": ("memory", "embedder"),
    "OS1_EMOTION": ("emotion",),
    "OS1_STORE_URL": ("store", "url"),
    "HF_ENDPOINT": ("hf_endpoint",),
}


def home() -> Path:
    """The data dir: ``$OS1_HOME`` if set, else the platform's user data dir."""
    env = os.environ.get("OS1_HOME")
    path = Path(env).expanduser() if env else Path(platformdirs.user_data_dir("os1", appauthor=False))
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)  # a life's worth of private conversation
    return path


def config_path() -> Path:
    return home() / "config.toml"


def _read_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix or delete it.") from None


def _apply_env(data: dict[str, Any]) -> None:
    # OPENAI_API_KEY is a fallback; OS1_OPENAI_API_KEY wins when both are set.
    for var in sorted(ENV_VARS, key=lambda v: v.startswith("OS1_")):
        value = os.environ.get(var)
        if not value:
            continue
        *parents, key = ENV_VARS[var]
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        node[key] = value


def _explain(exc: ValidationError, source: str) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return f"unknown setting '{where}' in {source}; remove it or check its spelling."
    return f"setting '{where}' in {source}: {err['msg'].lower()}; fix it and try again."


def load() -> Settings:
    """Settings from defaults, the config file and the environment, validated."""
    path = config_path()
    data = _read_file(path)
    _apply_env(data)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, f"{path} or the environment")) from None


def save_setting(dotted: str, value: Any) -> None:
    """Write one setting (``model`` or ``openai.base_url``) to the config file, keeping the rest."""
    path = config_path()
    data = _read_file(path)
    *parents, key = dotted.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[key] = value
    try:
        Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, "the new value")) from None
    tmp = path.with_suffix(".tmp")
    tmp.touch(mode=0o600)  # it may hold an API key
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    tmp.replace(path)
