"""A secret (a mail account's password, a companion's private key), kept where the user holds
the key: the system keyring when there is one; else, for a mail password, encrypted in the
store (Fernet, with a key derived by scrypt from a passphrase the user gives:
``OS1_MAIL_PASSPHRASE`` or a prompt; OS1 never keeps it); or, for a secret a server must read
with nobody there to type a passphrase, in a file only this system user may read (``folder``:
mode 0700, the file 0600), never in the store. The secret is never printed or logged; only
the store's column says where it is ("keyring", "file:NAME" or "fernet:…").
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from os1.errors import OS1Error

SERVICE = "os1-mail"
PASSPHRASE_ENV = "OS1_MAIL_PASSPHRASE"


class CredentialError(OS1Error):
    pass


def _keyring():
    """The system keyring, or None where there is none that keeps secrets (a server, a test)."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, (fail.Keyring, null.Keyring)) or backend.priority <= 0:
        return None
    return keyring


def _fernet(passphrase: str, salt: bytes):
    try:
        from cryptography.fernet import Fernet
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    except ImportError:
        raise CredentialError("keeping a mail password encrypted needs the mail extra: "
                              "pip install 'os1[mail]'.") from None
    key = Scrypt(salt=salt, length=32, n=2 ** 15, r=8, p=1).derive(passphrase.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def passphrase(ask: Callable[[], str] | None = None) -> str:
    value = os.environ.get(PASSPHRASE_ENV) or (ask() if ask else "")
    if not value:
        raise CredentialError(f"no system keyring here: set {PASSPHRASE_ENV} to a passphrase of "
                              "your own, which encrypts your mail password in the store.")
    return value


def _file(folder: Path, service: str, user_id: int, account: str) -> Path:
    digest = hashlib.sha256(f"{user_id}:{account}".encode()).hexdigest()[:24]
    return folder / f"{service}-{digest}.key"


def _write_private(path: Path, secret: str) -> None:
    """Write ``secret`` where only this system user can read it (the folder 0700, the file
    0600 from the moment it exists)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secret)


def seal(user_id: int, account: str, password: str, ask: Callable[[], str] | None = None,
         use_keyring: bool = True, service: str = SERVICE, folder: Path | None = None) -> str:
    """Put the secret away; returns what the store keeps (where it is, never the secret).
    Without a keyring: in a file in ``folder`` when one is given, else encrypted with a
    passphrase."""
    ring = _keyring() if use_keyring else None
    if ring is not None:
        ring.set_password(service, f"{user_id}:{account}", password)
        return "keyring"
    if folder is not None:
        path = _file(folder, service, user_id, account)
        _write_private(path, password)
        return "file:" + path.name
    salt = os.urandom(16)
    token = _fernet(passphrase(ask), salt).encrypt(password.encode("utf-8"))
    return "fernet:" + base64.urlsafe_b64encode(salt).decode() + ":" + token.decode()


def sealed(kept: str | None) -> bool:
    """Whether the store's value says where a secret is, rather than being the secret itself
    (a value kept before secrets were put away)."""
    return bool(kept) and (kept == "keyring" or str(kept).startswith(("file:", "fernet:")))


def unseal(user_id: int, account: str, kept: str | None,
           ask: Callable[[], str] | None = None, service: str = SERVICE,
           folder: Path | None = None) -> str:
    """The secret back from what the store keeps."""
    if not kept:
        raise CredentialError(f"the account '{account}' has no password; add it again with "
                              "`os1 mail add-account`.")
    if kept == "keyring":
        ring = _keyring()
        value = ring.get_password(service, f"{user_id}:{account}") if ring else None
        if value is None:
            raise CredentialError(f"the keyring holds no secret for '{account}'; add it again.")
        return value
    if kept.startswith("file:"):
        path = (folder or Path(".")) / kept.removeprefix("file:")
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            raise CredentialError(f"the secret of '{account}' is missing from {path.parent}; "
                                  "add it again.") from None
    _, salt, token = kept.split(":", 2)
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(passphrase(ask), base64.urlsafe_b64decode(salt)).decrypt(token.encode()).decode()
    except InvalidToken:
        raise CredentialError(f"that passphrase does not open the password of '{account}'.") from None


def forget(user_id: int, account: str, kept: str | None, service: str = SERVICE,
           folder: Path | None = None) -> None:
    """Remove a secret from the keyring or its file (an encrypted one goes with its row)."""
    if kept == "keyring" and (ring := _keyring()) is not None:
        try:
            ring.delete_password(service, f"{user_id}:{account}")
        except Exception:  # already gone is fine
            pass
    elif kept and kept.startswith("file:") and folder is not None:
        (folder / kept.removeprefix("file:")).unlink(missing_ok=True)
