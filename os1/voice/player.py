"""Her voice waiting to be played: sentence after sentence, paused and resumed at will."""

from __future__ import annotations

from collections import deque

import numpy as np

from os1.voice.audio import FRAME


class Player:
    """Her voice waiting to be played, sentence by sentence; it can pause mid-word and go on."""

    def __init__(self) -> None:
        self.queue: deque[tuple[int, str, np.ndarray]] = deque()
        self.current: np.ndarray | None = None
        self.pos = 0
        self.paused = False

    @property
    def busy(self) -> bool:
        return self.current is not None or bool(self.queue)

    def add(self, turn: int, text: str, samples: np.ndarray) -> None:
        self.queue.append((turn, text, samples))

    def next_frame(self) -> tuple[np.ndarray, tuple[int, str] | None]:
        """The next frame to play, and (turn, sentence) when a sentence begins with it."""
        begun = None
        if self.paused:
            return np.zeros(FRAME, np.float32), None
        if self.current is None and self.queue:
            turn, text, self.current = self.queue.popleft()
            self.pos, begun = 0, (turn, text)
        if self.current is None:
            return np.zeros(FRAME, np.float32), None
        frame = self.current[self.pos:self.pos + FRAME]
        self.pos += FRAME
        if self.pos >= len(self.current):
            self.current = None
        if len(frame) < FRAME:
            frame = np.concatenate([frame, np.zeros(FRAME - len(frame), np.float32)])
        return frame, begun

    def clear(self) -> None:
        self.queue.clear()
        self.current, self.paused = None, False
