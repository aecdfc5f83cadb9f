"""Writing paper that is not flat white: a warm tone that shifts a little across the sheet,
cloudy mottling, fine grain, a few fibres, edges a shade darker and, for a letter that was
posted, the two creases of a sheet folded in three. Made as one small JPEG per sheet, so a
page costs tens of kilobytes, and the same for the same seed."""

from __future__ import annotations

import io
import random

import numpy as np

PAPER = (246, 240, 226)  # warm ivory, the mean colour of the sheet
PX_PER_PT = 1.25  # about 90 dpi: grain finer than a pen stroke, small enough to embed per page


def paper_image(width_pt: float, height_pt: float, seed: int, folds: bool = False):
    """The sheet as a PIL image (RGB), about 90 pixels per inch."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = max(8, round(width_pt * PX_PER_PT)), max(8, round(height_pt * PX_PER_PT))
    rng = np.random.default_rng(seed)
    tone = np.empty((h, w, 3), np.float32)
    tone[:] = PAPER
    # A slow gradient: light fell on the sheet from one side.
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = (np.cos(angle) * xs / w + np.sin(angle) * ys / h)
    tone += (ramp - ramp.mean())[..., None] * np.float32(rng.uniform(4, 8))
    # Cloudy mottling: a coarse random field, smoothly enlarged.
    coarse = rng.normal(0, 1, (max(2, h // 60), max(2, w // 60))).astype(np.float32)
    cloud = np.asarray(Image.fromarray(coarse, mode="F").resize((w, h), Image.Resampling.BICUBIC))
    tone += cloud[..., None] * np.array([2.2, 2.2, 2.8], np.float32)
    # Edges a shade darker, as paper that has been handled.
    edge = np.minimum(np.minimum(xs, w - 1 - xs) / w, np.minimum(ys, h - 1 - ys) / h)
    tone -= (np.clip(0.06 - edge, 0, None) / 0.06)[..., None] ** 2 * np.float32(9)
    # Grain: a pixel's own speck, the same in the three channels (paper, not colour noise).
    tone += rng.normal(0, 2.2, (h, w, 1)).astype(np.float32)
    image = Image.fromarray(np.clip(tone, 0, 255).astype(np.uint8), "RGB")
    _fibres(image, random.Random(seed), ImageDraw)
    if folds:
        _folds(image, ImageDraw, random.Random(seed + 1))
    return image.filter(ImageFilter.SMOOTH) if w > 64 else image


def _fibres(image, rng: random.Random, image_draw) -> None:
    """Short faint curls, lighter or darker than the sheet, as pulp shows in good paper."""
    draw = image_draw.Draw(image)
    w, h = image.size
    for _ in range(w * h // 2500):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        direction, shade = rng.uniform(0, 6.283), rng.choice((-10, -7, 6))
        points = [(x, y)]
        for _ in range(rng.randint(3, 7)):
            direction += rng.uniform(-0.6, 0.6)
            x, y = x + 2.2 * np.cos(direction), y + 2.2 * np.sin(direction)
            points.append((x, y))
        colour = tuple(int(c + shade) for c in PAPER)
        draw.line(points, fill=colour, width=1)


def _folds(image, image_draw, rng: random.Random) -> None:
    """Two creases across the sheet at a third and two thirds: a light ridge above a shadow."""
    draw = image_draw.Draw(image)
    w, h = image.size
    for third in (1 / 3, 2 / 3):
        y = h * third + rng.uniform(-2, 2)
        tilt = rng.uniform(-1.5, 1.5)
        for dy, shade in ((-1, 7), (0, -16), (1, -9), (2, -4)):
            draw.line([(0, y + dy), (w, y + dy + tilt)],
                      fill=tuple(max(0, min(255, c + shade)) for c in PAPER), width=1)


def draw_paper(canvas, x: float, y: float, width: float, height: float, seed: int,
               folds: bool = False) -> None:
    """Lay the sheet on the canvas at (x, y): embedded as JPEG, so a page stays small."""
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    paper_image(width, height, seed, folds).save(buffer, "JPEG", quality=82)
    buffer.seek(0)
    canvas.drawImage(ImageReader(buffer), x, y, width, height)
