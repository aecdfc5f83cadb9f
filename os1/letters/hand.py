"""The hand: where a pen puts each letter of a text on a sheet of paper.

A pure layout, computed before anything is drawn, so it can be checked: words are measured
letter by letter as the hand will write them, lines are broken where a writer would break them
(a word that does not fit goes to the next line whole; never hyphenated; the right edge stays
ragged), and each line climbs or sinks a little. Each word has its own size, tilt, lean and
height off the line; each letter its own width, turn and height within the word. Ink thins and
darkens as a pen's flow does. The same seed always gives the same page; another seed, another
day's hand.

The letters stay real text, and text tools (pdftotext, viewers' copy and search) rebuild words
from glyph positions: they split a word where the size they compute changes at all or the
baseline moves by more than half a point. So within a word the glyphs share one size and one
upright stroke direction, sit within a quarter point of one baseline, and vary only in what
those tools ignore: the direction of their own baseline and their width."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Iterable

from os1.letters import typefaces

# Blue-black ink: dark where the nib is full, bluer where the stroke runs thin.
INK_DARK = (0.09, 0.12, 0.30)
INK_THIN = (0.16, 0.24, 0.52)

KINDS = ("place_date", "greeting", "paragraph", "closing", "signature", "postscript")


@dataclass(frozen=True)
class Block:
    """A piece of a letter the hand writes as one run: its kind says where it sits."""
    kind: str
    text: str


@dataclass(frozen=True)
class Hand:
    """How big and how loosely a person writes; margins are fractions of the sheet."""
    size: float = 25.0  # Kristi's small x-height reads like a pen's at this size
    leading: float = 1.28
    left: float = 0.115
    right: float = 0.085
    top: float = 0.085
    bottom: float = 0.075

    def scaled(self, factor: float) -> Hand:
        return Hand(self.size * factor, self.leading, self.left, self.right, self.top,
                    self.bottom)


@dataclass(frozen=True)
class Glyph:
    """One letter as the pen left it: baseline origin (x, y) in points from the sheet's
    bottom-left; its own baseline turned by angle degrees (anticlockwise); its upright strokes
    leaning stem degrees to the right of straight up; width scaled by scale_x."""
    char: str
    font: str
    size: float
    x: float
    y: float
    angle: float
    stem: float
    advance: float
    ink: tuple[float, ...]  # red, green, blue
    alpha: float
    weight: float
    scale_x: float = 1.0

    def matrix(self) -> tuple[float, float, float, float]:
        """The text matrix's linear part: the glyph's x axis along its baseline (scaled), its
        y axis a unit vector along the upright stroke."""
        turn, stem = math.radians(self.angle), math.radians(self.stem)
        return (self.scale_x * math.cos(turn), self.scale_x * math.sin(turn), math.sin(stem),
                math.cos(stem))

    def box(self) -> tuple[float, float, float, float]:
        """The area the glyph can cover (x0, y0, x1, y1): the font's full height, turned."""
        ascent, descent = typefaces.extent(self.font)
        a, b, c, d = self.matrix()
        corners = [(u, v) for u in (0.0, self.advance / self.scale_x)
                   for v in (descent * self.size, ascent * self.size)]
        xs = [self.x + a * u + c * v for u, v in corners]
        ys = [self.y + b * u + d * v for u, v in corners]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass
class Sheet:
    """One written side of paper."""
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)

    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)


@dataclass
class _Word:
    glyphs: list[tuple[str, str, float, float, float]]  # char, font, size, advance, scale_x
    width: float


class _Pen:
    """The writer's state down the sheets: where the next line goes and how the ink flows."""

    def __init__(self, width: float, height: float, hand: Hand, seed: int,
                 reserve: dict[int, float]) -> None:
        self.w, self.h, self.hand = width, height, hand
        self.rng = random.Random(seed)
        self.reserve = reserve  # sheet index → lines left empty at its foot
        self.sheets: list[Sheet] = []
        self.kinds: list[dict[str, int]] = []  # the lines of each kind of block on each sheet
        self.kind = ""
        self.ink = 1.0
        self.new_sheet()

    # -- the sheet and its lines -------------------------------------------------------
    def new_sheet(self) -> None:
        self.sheet = Sheet(self.w, self.h)
        self.sheets.append(self.sheet)
        self.kinds.append({})
        rng, hand = self.rng, self.hand
        self.slope = _clamp(rng.gauss(0.2, 0.25), 0.6)  # degrees: this sheet's habit of climbing
        self.creep = rng.uniform(0.0, 0.02) * self.w  # the left margin drifts right going down
        self.y = self.h * (1 - hand.top) - hand.size * 0.75
        self.lines_here = 0
        if len(self.sheets) > 1:  # a later sheet is numbered at the top, as letters are
            number = self.measure(str(len(self.sheets)), 0.8)
            self.write_line([number], self.w * (1 - hand.right) - number.width - hand.size,
                            y=self.y + hand.size * 0.2)
            self.y -= hand.size * hand.leading * 1.2

    def room_for(self, lines: float, tight: bool = False) -> bool:
        """Whether this many more lines fit above the bottom margin; tight: as a writer
        squeezes the sign-off in near the bottom rather than turn the page for it alone."""
        lowest = self.y - (lines - 1) * self.hand.size * self.hand.leading
        margin = self.h * self.hand.bottom * (0.4 if tight else 1.0)
        margin += self.reserve.get(len(self.sheets) - 1, 0) * self.hand.size * self.hand.leading
        return lowest - self.hand.size * 0.45 >= margin

    def next_line(self, gap: float = 0.0, need: float = 1.0, tight: bool = False) -> None:
        """Move down one line (plus gap lines); to a new sheet when this one is full."""
        if self.lines_here:
            step = self.hand.size * self.hand.leading
            self.y -= step * (1 + gap) * self.rng.uniform(0.975, 1.03)
        if not self.room_for(need, tight):
            self.new_sheet()
        self.lines_here += 1

    def left_edge(self) -> float:
        done = 1 - (self.y / self.h)
        return self.w * self.hand.left + self.creep * done + self.rng.gauss(0, 0.1) * self.hand.size

    def soft_right(self) -> float:
        return self.w * (1 - self.hand.right) + self.rng.gauss(0, 0.3) * self.hand.size

    def hard_right(self) -> float:
        return self.w * (1 - self.hand.right * 0.55)

    # -- words -------------------------------------------------------------------------
    def measure(self, word: str, scale: float = 1.0) -> _Word:
        """A word as this hand will write it: its size, and each letter's own width, decided
        now, so the line break is made with the width that will be drawn."""
        rng, size = self.rng, self.hand.size * scale * self.rng.gauss(1, 0.03)
        glyphs = []
        for char in word:
            font, glyph_size = typefaces.HAND, size
            if not typefaces.has_glyph(font, char):
                if not typefaces.has_glyph(typefaces.BOOK_ITALIC, char):
                    continue  # no face here has this character
                font, glyph_size = typefaces.BOOK_ITALIC, size * 0.68
            wide = 1 + _clamp(rng.gauss(0, 0.025), 0.06)
            glyphs.append((char, font, glyph_size,
                           typefaces.width(char, font, glyph_size) * wide, wide))
        return _Word(glyphs, sum(g[3] for g in glyphs))

    def words(self, words: list[str], scale: float = 1.0) -> list[_Word]:
        """The words measured, leaving out any of which no character can be drawn. A word
        too long to fit on a line even written at half its width (a pasted link, say) is the
        one thing broken across lines."""
        longest = 2 * self.w * (1 - self.hand.left - self.hand.right)
        out = []
        for word in (self.measure(w, scale) for w in words):
            piece: list = []
            for glyph in word.glyphs:
                if piece and sum(g[3] for g in piece) + glyph[3] > longest:
                    out.append(_Word(piece, sum(g[3] for g in piece)))
                    piece = []
                piece.append(glyph)
            if piece:
                out.append(_Word(piece, sum(g[3] for g in piece)))
        return out

    def space(self) -> float:
        return self.hand.size * self.rng.uniform(0.2, 0.32)

    def flow(self, words: list[_Word], first_x: float, next_x: float | None = None,
             gap_before: float = 0.0, need: float = 1.0, tight: bool = False) -> None:
        """Write words onto lines, each as far as it fits: ragged right, words kept whole.
        need: the lines that must fit below the first one's top, or it starts a new sheet."""
        i, x0, gap = 0, first_x, gap_before
        while i < len(words):
            self.next_line(gap, need, tight)
            gap, need, line, spaces = 0.0, 1.0, [words[i]], []
            right, end = self.soft_right(), x0 + words[i].width
            i += 1
            while i < len(words):
                space = self.space()
                end += space + words[i].width
                short = len(words[i].glyphs) <= 3  # a short word is squeezed in if it nearly fits
                if end > right + (self.hand.size * 0.5 if short else 0) or end > self.hard_right():
                    break
                line.append(words[i])
                spaces.append(space)
                i += 1
            self.write_line(line, x0, spaces)
            self.kinds[-1][self.kind] = self.kinds[-1].get(self.kind, 0) + 1
            x0 = next_x if next_x is not None else self.left_edge()

    def write_line(self, words: list[_Word], x: float, spaces: list[float] | None = None,
                   y: float | None = None) -> None:
        """Put the words on the sheet along a slightly sloped, wavering line, with spaces[i]
        between word i and the next: each word starts on the line, tilted and lifted a
        little as a whole; its letters wobble within it."""
        rng, size = self.rng, self.hand.size
        base = self.y if y is None else y
        rise = math.tan(math.radians(_clamp(self.slope + rng.gauss(0, 0.2), 0.85)))
        x_start, limit = x, self.hard_right()
        for n, word in enumerate(words):
            if n:
                gap = spaces[n - 1] if spaces else self.space()
                self.put(" ", typefaces.HAND, size, x, base + (x - x_start) * rise, 0.0, 0.0,
                         gap)
                x += gap
            squeeze = min(1.0, (limit - x) / word.width) if word.width else 1.0
            squeeze = max(squeeze, 0.45)  # a word longer than the whole line is written narrow
            tilt = math.degrees(math.atan(rise)) + rng.gauss(0, 0.8)
            stem = round(rng.gauss(-tilt + 0.5, 1.6), 1)  # the lean, the same for the word
            y_word = base + (x - x_start) * rise + rng.gauss(0, 0.045) * size
            for char, font, glyph_size, advance, wide in word.glyphs:
                turn = tilt + rng.gauss(0, 1.4)
                wobble = _clamp(rng.gauss(0, 0.12), 0.22)
                self.put(char, font, glyph_size, x, y_word + wobble, turn, stem,
                         advance * squeeze, wide * squeeze)
                x += advance * squeeze * math.cos(math.radians(turn))

    def put(self, char: str, font: str, size: float, x: float, y: float, angle: float,
            stem: float, advance: float, scale_x: float = 1.0) -> None:
        # The ink's flow wanders slowly back towards full, with a little pressure in each stroke.
        self.ink += 0.03 * (0.7 - self.ink) + self.rng.gauss(0, 0.05)
        self.ink = min(1.0, max(0.25, self.ink))
        flow = self.ink
        ink = tuple(round(d + (t - d) * (1 - flow) * 0.85, 3) for d, t in zip(INK_DARK, INK_THIN))
        alpha = round(0.62 + 0.36 * flow, 2)
        weight = round(max(0.05, size * (0.004 + 0.011 * flow) * self.rng.uniform(0.8, 1.2)), 2)
        self.sheet.glyphs.append(Glyph(char, font, round(size, 2), round(x, 2), round(y, 2),
                                       round(angle, 2), stem, advance, ink, alpha, weight,
                                       round(scale_x, 3)))

    def fresh_ink(self) -> None:
        """A new paragraph often starts with a fuller nib."""
        self.ink = min(1.0, self.ink + 0.35)


def write(blocks: Iterable[Block], width: float, height: float, hand: Hand = Hand(),
          seed: int = 0) -> list[Sheet]:
    """Lay a letter's blocks out on as many sheets of width × height points as it takes.
    A sign-off is never left alone on the last sheet: as a writer who sees the page ending
    would, the hand then carries the letter's last lines over with it."""
    blocks = [b for b in blocks if b.text.strip()]
    reserve: dict[int, float] = {}
    for _ in range(6):
        pen = _write(blocks, width, height, hand, seed, reserve)
        last = pen.kinds[-1]
        signed_off = "closing" in last or "signature" in last
        if len(pen.sheets) == 1 or not signed_off or last.get("paragraph", 0) >= 2 \
                or not pen.kinds[-2].get("paragraph"):
            break
        reserve[len(pen.sheets) - 2] = reserve.get(len(pen.sheets) - 2, 0) + 1
    return pen.sheets


def _write(blocks: list[Block], width: float, height: float, hand: Hand, seed: int,
           reserve: dict[int, float]) -> _Pen:
    pen = _Pen(width, height, hand, seed, reserve)
    text_width = width * (1 - hand.left - hand.right)
    for n, block in enumerate(blocks):
        if block.kind not in KINDS:
            raise ValueError(f"unknown block kind {block.kind!r}")
        pen.kind = block.kind
        lines = [line.split() for line in block.text.splitlines() if line.strip()]
        if block.kind == "place_date":  # at the top, towards the right
            words = pen.words([w for line in lines for w in line], 0.9)
            span = sum(w.width for w in words) + hand.size * 0.26 * (len(words) - 1)
            x = max(width * hand.left + text_width * 0.35,
                    width * (1 - hand.right) - span - pen.rng.uniform(0, 0.6) * hand.size)
            room = span + hand.size * (0.06 * (len(words) - 1) + 1.0)  # wider spaces, a ragged edge
            if x + room > width * (1 - hand.right):  # a narrow sheet: further left, on one line
                x = max(width * hand.left, width * (1 - hand.right) - room)
            pen.flow(words, x, x)
        elif block.kind in ("closing", "signature"):  # from the middle of the line
            x = width * hand.left + text_width * pen.rng.uniform(0.44, 0.5)
            if block.kind == "closing":
                signed = n + 1 < len(blocks) and blocks[n + 1].kind == "signature"
                gap, need, scale = 0.55, (2.4 if signed else 1.0), 1.0
            else:
                x += hand.size * pen.rng.uniform(0.6, 1.4)
                gap, need, scale = 0.1, 1.0, 1.12
            for i, line in enumerate(lines):
                pen.flow(pen.words(line, scale), x, x, gap_before=gap if i == 0 else 0.0,
                         need=need if i == 0 else 1.0, tight=True)
        else:
            gap = {"greeting": 0.0, "paragraph": 0.12, "postscript": 0.8}[block.kind]
            pen.fresh_ink()
            indent = hand.size * pen.rng.uniform(1.6, 2.3) if block.kind == "paragraph" else 0.0
            for i, line in enumerate(lines):
                left = pen.left_edge()
                pen.flow(pen.words(line), left + (indent if i == 0 else 0.0),
                         gap_before=gap if i == 0 else 0.0)
            if block.kind == "greeting":
                pen.y -= hand.size * 0.3  # a breath after "Dear …,"
    return pen


def write_fitted(blocks: list[Block], width: float, height: float, hand: Hand = Hand(),
                 seed: int = 0, smallest: float = 0.6) -> list[Sheet]:
    """As write(), in a hand made smaller step by step until the letter fits on one sheet (a
    writer with a small card writes small); at the smallest size it takes the sheets it needs."""
    factor = 1.0
    while True:
        sheets = write(blocks, width, height, hand.scaled(factor), seed)
        if len(sheets) == 1 or factor <= smallest:
            return sheets
        factor = max(smallest, factor - 0.06)


def draw(canvas, sheet: Sheet) -> None:
    """Draw the sheet's letters as real text: each filled and stroked with the same ink (the
    stroke's width carries the pen's pressure), with its own turn, colour and opacity."""
    canvas.saveState()
    for g in sheet.glyphs:
        canvas.setFillColorRGB(*g.ink, alpha=g.alpha)
        canvas.setStrokeColorRGB(*g.ink, alpha=g.alpha)
        canvas.setLineWidth(g.weight)
        text = canvas.beginText()
        text.setTextRenderMode(2)
        text.setFont(g.font, g.size)
        text.setTextTransform(*g.matrix(), g.x, g.y)
        text.textOut(g.char)
        canvas.drawText(text)
    canvas.restoreState()


def _clamp(value: float, limit: float) -> float:
    return max(-limit, min(limit, value))
