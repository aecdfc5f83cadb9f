"""What the letter tests share: poppler's tools read the PDFs back as a viewer would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils (pdftoppm, pdftotext) is not installed")


def pdf_pages_text(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")[:-1]


def pngs(pdf: Path, folder: Path, dpi: int = 50) -> list[Path]:
    """The pages rendered to PNG, in order."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "page")],
                   check=True)
    return sorted(folder.glob("page-*.png"))


def border_pixels(png: Path, strip: int = 3):
    """The pixels of a strip along the page's four edges, as an (N, 3) array."""
    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(png).convert("RGB")).astype(int)
    return np.concatenate([image[:strip].reshape(-1, 3), image[-strip:].reshape(-1, 3),
                           image[:, :strip].reshape(-1, 3), image[:, -strip:].reshape(-1, 3)])
