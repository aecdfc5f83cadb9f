"""Open files for a server's conversations: each live conversation is a socket, one open file,
and the usual soft limit (1,024) is far below what a worker holds (``[server]
live_conversations``). A process may raise its own soft limit up to the hard one, so a server
does at start; past the hard limit it says how to raise that."""

from __future__ import annotations

import resource

SPARE = 256  # the store, the model's files, logs, a client's second tab


def raise_open_files(wanted: int) -> tuple[int, str]:
    """Raise this process's soft limit on open files toward ``wanted`` (plus spare), never
    past the hard limit; returns the limit now and a one-line warning when it is still short
    ('' when not)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = wanted + SPARE
    target = want if hard == resource.RLIM_INFINITY else min(want, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    if soft >= want:
        return soft, ""
    return soft, (f"This process may open {soft:,} files, fewer than the {wanted:,} live "
                  f"conversations it is set to hold: raise the hard limit (ulimit -Hn {want}, or "
                  "LimitNOFILE= for a systemd service), or lower [server] live_conversations.")
