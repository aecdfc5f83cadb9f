"""The companion's private key is kept the way mail passwords are: the system keyring when
there is one, else a file only this system user may read; never in the database, and a key
kept there before is moved out the first time it is used."""

from __future__ import annotations

import stat

from os1.friends import envelope, identity
from os1.memory.embed import HashingEmbedder
from os1.memory.memories import Memories
from os1.memory.store import Store


def _bytes_on_disk(folder) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir()
                    if p.is_file() and p.name.startswith("os1.db"))


def test_the_private_key_is_kept_in_a_private_file_not_in_the_database(tmp_path):
    store = Store(tmp_path / "os1.db")
    user = store.user()
    private, public, _ = identity.keys(store, user)
    assert identity.keys(store, user)[0] == private  # read back the same
    kept = store.friend_identity(user)["private_key"]
    assert kept.startswith("file:")
    secrets = tmp_path / "secrets"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o700
    [path] = list(secrets.iterdir())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # it signs as before, and the other side checks with the public key
    assert envelope.verify(public, b"hello", envelope.sign(private, b"hello"))
    store.close()
    disk = _bytes_on_disk(tmp_path)
    assert private.encode() not in disk and envelope.unb64(private) not in disk


def test_a_key_kept_in_plain_text_before_is_moved_out_on_first_use(tmp_path):
    store = Store(tmp_path / "os1.db")
    user = store.user()
    private, public = envelope.new_keys()
    store.add_friend_identity(user, private, public, "handle-of-amy")  # as it was kept before
    assert identity.keys(store, user) == (private, public, "handle-of-amy")
    assert store.friend_identity(user)["private_key"].startswith("file:")
    assert identity.keys(store, user)[0] == private
    store.close()
    assert private.encode() not in _bytes_on_disk(tmp_path)


class FakeRing:
    def __init__(self):
        self.kept: dict[tuple[str, str], str] = {}

    def set_password(self, service, name, value):
        self.kept[(service, name)] = value

    def get_password(self, service, name):
        return self.kept.get((service, name))

    def delete_password(self, service, name):
        del self.kept[(service, name)]


def test_the_system_keyring_is_used_when_there_is_one_and_erase_empties_it(tmp_path, monkeypatch):
    ring = FakeRing()
    monkeypatch.setattr("os1.mail.credentials._keyring", lambda: ring)
    store = Store(tmp_path / "os1.db")
    user = store.user()
    private, public, _ = identity.keys(store, user)
    assert store.friend_identity(user)["private_key"] == "keyring"
    assert list(ring.kept.values()) == [private] and not (tmp_path / "secrets").exists()
    Memories(store, HashingEmbedder()).erase(user)
    assert ring.kept == {} and store.friend_identity(user) is None
    store.close()


def test_erase_removes_the_key_file(tmp_path):
    store = Store(tmp_path / "os1.db")
    user = store.user()
    identity.keys(store, user)
    assert list((tmp_path / "secrets").iterdir())
    store.erase_user(user)
    assert list((tmp_path / "secrets").iterdir()) == []
    store.close()


def test_erase_takes_mail_passwords_out_of_the_system_keyring_too(tmp_path, monkeypatch):
    from os1.mail import credentials

    ring = FakeRing()
    monkeypatch.setattr("os1.mail.credentials._keyring", lambda: ring)
    store = Store(tmp_path / "os1.db")
    user = store.user()
    secret = credentials.seal(user, "work", "hunter2-imap")
    store.save_mail_account(user, name="work", address="theo@example.com", imap_host="127.0.0.1",
                            imap_port=993, imap_security="tls", smtp_host=None, smtp_port=None,
                            smtp_security="starttls", username="theo@example.com", secret=secret)
    assert secret == "keyring" and "hunter2-imap" in ring.kept.values()
    Memories(store, HashingEmbedder()).erase(user)
    assert "hunter2-imap" not in ring.kept.values() and store.mail_accounts(user) == []
    store.close()
