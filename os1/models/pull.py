"""Downloading GGUF files from a Hugging Face hub: resumable, checksummed, one-line errors.

``pull("owner/name/file.gguf", endpoint=..., dest_dir=...)`` streams
``{endpoint}/owner/name/resolve/main/file.gguf`` into ``dest_dir/file.gguf.part`` and renames it
to ``dest_dir/file.gguf`` only once it is a GGUF whose sha256 matches. An interrupted download
(a dropped connection, Ctrl-C) keeps the ``.part`` so the same command resumes it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import httpx

from os1.errors import ConfigError, ModelError, ModelUnavailable
from os1.models.files import Progress, is_gguf, sha256_file

EXAMPLE = "bartowski/Qwen2.5-3B-Instruct-GGUF/Qwen2.5-3B-Instruct-Q4_K_M.gguf"
SHA256 = re.compile(r"[0-9a-f]{64}")
NOT_FOUND_CODES = {"RepoNotFound", "EntryNotFound", "RevisionNotFound"}


@dataclass(frozen=True)
class Pulled:
    """A pulled model file; ``verified`` is False when no sha256 was known to check it against."""

    path: Path
    sha256: str  # computed from the file on disk
    verified: bool
    downloaded: bool  # False when the file was already there

    @property
    def name(self) -> str:
        return self.path.stem

    def __fspath__(self) -> str:
        return str(self.path)


def split_revision(spec: str) -> tuple[str, str]:
    """``owner/name/file.gguf@rev`` -> (``owner/name/file.gguf``, ``rev``); default ``main``."""
    spec = spec.strip()
    if "@" in spec:
        spec, revision = spec.rsplit("@", 1)
        return spec, revision or "main"
    return spec, "main"


def parse_spec(spec: str) -> tuple[str, str]:
    """``owner/name/path/to/file.gguf[@revision]`` -> (``owner/name``, ``path/to/file.gguf``)."""
    path, _ = split_revision(spec)
    parts = path.strip("/").split("/")
    if len(parts) < 3 or any(p in ("", ".", "..") for p in parts) or not parts[-1].lower().endswith(
        ".gguf"
    ):
        raise ConfigError(
            f"'{spec}' is not a GGUF file on the hub; give REPO/FILE.gguf, for example "
            f"`os1 models pull {EXAMPLE}`."
        )
    return "/".join(parts[:2]), "/".join(parts[2:])


def hub_sha256(response: httpx.Response) -> str | None:
    """The sha256 the hub announces: X-Linked-Etag (also on the redirect), else a sha256 ETag."""
    for header in ("x-linked-etag", "etag"):
        for r in (*response.history, response):
            value = r.headers.get(header, "").strip().removeprefix("W/").strip('"').lower()
            if SHA256.fullmatch(value):
                return value
    return None


def _raise_for_status(r: httpx.Response, endpoint: str, repo: str, filename: str, rev: str) -> None:
    code = r.status_code
    if code == 404 or r.headers.get("x-error-code") in NOT_FOUND_CODES:
        raise ModelUnavailable(
            f"{repo}/{filename} (revision {rev}) does not exist on {endpoint}; "
            "check the spelling of the repo and the file name."
        )
    if code in (401, 403):
        raise ModelUnavailable(
            f"{repo} on {endpoint} is gated or private (HTTP {code}); accept its terms on the "
            "model page and set HF_TOKEN to an access token that can read it."
        )
    if code >= 400:
        raise ModelUnavailable(
            f"{endpoint} answered HTTP {code} for {repo}/{filename}; try again later."
        )


def _total(r: httpx.Response, start: int) -> int:
    """The full size from Content-Range (206) or Content-Length; 0 if the server does not say."""
    if m := re.fullmatch(r"bytes \d+-\d+/(\d+)", r.headers.get("content-range", "").strip()):
        return int(m[1])
    length = r.headers.get("content-length", "")
    return start + int(length) if length.isdigit() else 0


def pull(
    spec: str,
    *,
    endpoint: str,
    dest_dir: Path,
    sha256: str | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
    token: str | None = None,
) -> Pulled:
    """Download ``spec`` into ``dest_dir``, resuming a ``.part`` and verifying it."""
    repo, filename = parse_spec(spec)
    _, rev = split_revision(spec)
    if sha256 is not None and not SHA256.fullmatch(sha256 := sha256.strip().lower()):
        raise ConfigError(f"'{sha256}' is not a sha256; give the 64 hex digits from the model page.")
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    final = dest_dir / PurePosixPath(filename).name
    part = final.with_name(final.name + ".part")
    if sha256 and final.exists() and sha256_file(final) == sha256:
        return Pulled(final, sha256, verified=True, downloaded=False)

    endpoint = endpoint.rstrip("/")
    url = f"{endpoint}/{repo}/resolve/{quote(rev, safe='')}/{quote(filename)}"
    headers = {"User-Agent": "os1"}
    if token := token or os.environ.get("HF_TOKEN"):
        headers["Authorization"] = f"Bearer {token}"
    start = part.stat().st_size if part.exists() else 0
    if start:
        headers["Range"] = f"bytes={start}-"
    own = client is None
    client = client or httpx.Client(timeout=httpx.Timeout(30.0, connect=10.0))
    done, total = start, 0
    try:
        with client.stream("GET", url, headers=headers, follow_redirects=True) as r:
            complete = r.status_code == 416 and start > 0  # the .part already holds the whole file
            if not complete:
                _raise_for_status(r, endpoint, repo, filename, rev)
            expected = sha256 or hub_sha256(r)
            if final.exists() and not sha256:
                have = sha256_file(final)
                if expected in (None, have):
                    return Pulled(final, have, verified=expected is not None, downloaded=False)
            if not complete:
                if r.status_code != 206:
                    done = 0  # the server ignored the Range: start over
                total = _total(r, done)
                with part.open("ab" if done else "wb") as fh:
                    for block in r.iter_bytes():
                        fh.write(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
    except httpx.TransportError as exc:
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            raise ModelUnavailable(
                f"cannot reach {endpoint} ({exc}); check the network or HF_ENDPOINT."
            ) from None
        of = f" of {total:,}" if total else ""
        raise ModelError(
            f"the download of {final.name} was interrupted at {done:,}{of} bytes "
            f"({str(exc) or type(exc).__name__}); run the same command again to resume."
        ) from None
    finally:
        if own:
            client.close()
    if total and done < total:
        raise ModelError(
            f"the download of {final.name} stopped at {done:,} of {total:,} bytes; "
            "run the same command again to resume."
        )
    if progress:
        progress(done, done)
    return _accept(part, final, expected)


def _accept(part: Path, final: Path, expected: str | None) -> Pulled:
    """Check the finished ``.part`` and rename it into place, or delete it and say why."""
    if not is_gguf(part):
        part.unlink()
        raise ModelError(
            f"the hub sent something that is not a GGUF file for {final.name} (an error page?); "
            "refusing it — check the file name on the model page."
        )
    have = sha256_file(part)
    if expected and have != expected:
        part.unlink()
        raise ModelError(
            f"{final.name} has sha256 {have[:16]}…, not the expected {expected[:16]}…; refusing it — "
            "run the same command to download it again, or check the sha256 you gave."
        )
    part.replace(final)
    return Pulled(final, have, verified=expected is not None, downloaded=True)
