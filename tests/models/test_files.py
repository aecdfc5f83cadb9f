import hashlib

import pytest

from os1.errors import ModelError, ModelUnavailable
from os1.models import catalog
from os1.models.files import assemble, find_parts, is_gguf, sha256_file


def parts(tmp_path, *blobs):
    paths = []
    for i, blob in enumerate(blobs):
        path = tmp_path / f"part{i:02d}.bin"
        path.write_bytes(blob)
        paths.append(path)
    return paths


def test_assemble_concatenates_in_order_and_verifies(tmp_path):
    blobs = (b"GGUF" + b"a" * 5000, b"b" * 3000, b"c" * 10)
    whole = b"".join(blobs)
    seen = []
    target = assemble(parts(tmp_path, *blobs), tmp_path / "out" / "m.gguf", len(whole),
                      hashlib.sha256(whole).hexdigest(), progress=lambda d, t: seen.append((d, t)))
    assert target.read_bytes() == whole and is_gguf(target)
    assert seen[-1] == (len(whole), len(whole))
    assert sha256_file(target) == hashlib.sha256(whole).hexdigest()


def test_assemble_refuses_a_wrong_hash_and_leaves_nothing(tmp_path):
    blobs = (b"GGUF1234", b"tampered")
    with pytest.raises(ModelError, match="refusing"):
        assemble(parts(tmp_path, *blobs), tmp_path / "m.gguf", 16, "0" * 64)
    assert not (tmp_path / "m.gguf").exists()
    assert not list(tmp_path.glob("*.assembling"))


def test_missing_part_names_the_extra():
    with pytest.raises(ModelUnavailable) as err:
        find_parts([("no_such_package_os1", "data/part01.bin")], "model")
    assert "pip install 'os1[model]'" in str(err.value) and "no-such-package-os1" in str(err.value)


def test_pulled_files_are_listed_by_name(tmp_path, monkeypatch):
    monkeypatch.setenv("OS1_MODELS_DIR", str(tmp_path))
    (tmp_path / "Llama-3.2-3B-Q4_K_M.gguf").write_bytes(b"GGUF")
    (tmp_path / catalog.QWEN_1_5B.file).write_bytes(b"GGUF")  # bundled: not listed as pulled
    assert list(catalog.pulled()) == ["Llama-3.2-3B-Q4_K_M"]
    assert catalog.gguf_path("Llama-3.2-3B-Q4_K_M") == tmp_path / "Llama-3.2-3B-Q4_K_M.gguf"


def test_a_gguf_path_can_be_chosen(tmp_path):
    from os1 import config

    path = tmp_path / "mine.gguf"
    path.write_bytes(b"GGUF")
    catalog.check_name(str(path), config.load())
    with pytest.raises(Exception, match="no model called"):
        catalog.check_name(str(tmp_path / "missing.gguf"), config.load())


def _server_entry(url: str):
    from os1 import config

    settings = config.load().model_copy(deep=True)
    settings.openai.base_url = url
    return next(e for e in catalog.entries(settings) if e.name == "openai")


def test_a_server_nobody_listens_at_is_not_ready():
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    entry = _server_entry(f"http://127.0.0.1:{port}/v1")
    assert not entry.ready
    assert f"not reachable at http://127.0.0.1:{port}/v1" in entry.about


def test_a_server_that_listens_is_ready():
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        url = f"http://127.0.0.1:{server.getsockname()[1]}/v1"
        entry = _server_entry(url)
    assert entry.ready and "not reachable" not in entry.about and url in entry.about
