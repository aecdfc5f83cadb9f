"""The faces ship with OS1, and a missing PDF library is named in one line."""

from __future__ import annotations

import sys

import pytest

from os1.letters import typefaces


def test_without_reportlab_the_error_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "reportlab", None)  # as if it were not installed
    with pytest.raises(typefaces.CraftMissing, match=r"pip install 'os1\[craft\]'"):
        typefaces.reportlab()


def test_the_hand_and_the_book_face_are_registered_from_the_package():
    pytest.importorskip("reportlab")
    assert typefaces.register() == (typefaces.HAND, typefaces.BOOK, typefaces.BOOK_ITALIC)
    for face in (typefaces.HAND, typefaces.BOOK, typefaces.BOOK_ITALIC):
        assert typefaces.has_glyph(face, "a") and typefaces.width("a", face, 10) > 0
        ascent, descent = typefaces.extent(face)
        assert ascent > 0 > descent


def test_each_shipped_font_comes_with_its_licence():
    fonts = sorted(p.name for p in typefaces.FONTS_DIR.glob("*.ttf"))
    licences = " ".join(p.read_text() for p in typefaces.FONTS_DIR.glob("OFL-*.txt"))
    assert fonts
    for name in fonts:
        assert name in licences
    assert licences.count("SIL OPEN FONT LICENSE Version 1.1") == 2
