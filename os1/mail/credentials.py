"""A mail account's password, kept where the user holds the key: the system keyring when
there is one, else encrypted in the store (Fernet, with a key derived by scrypt from a
passphrase the user gives: ``OS1_MAIL_PASSPHRASE`` or a prompt; OS1 never keeps it).
The password is never printed or logged; only the store's column says where it is.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable

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


def seal(user_id: int, account: str, password: str, ask: Callable[[], str] | None = None,
         use_keyring: bool = True) -> str:
    """Put the password away; returns what the store keeps (where it is, never the password)."""
    ring = _keyring() if use_keyring else None
    if ring is not None:
        ring.set_password(SERVICE, f"{user_id}:{account}", password)
        return "keyring"
    salt = os.urandom(16)
    token = _fernet(passphrase(ask), salt).encrypt(password.encode("utf-8"))
    return "fernet:" + base64.urlsafe_b64encode(salt).decode() + ":" + token.decode()


def unseal(user_id: int, account: str, kept: str | None,
           ask: Callable[[], str] | None = None) -> str:
    """The password back from what the store keeps."""
    if not kept:
        raise CredentialError(f"the account '{account}' has no password; add it again with "
                              "`os1 mail add-account`.")
    if kept == "keyring":
        ring = _keyring()
        value = ring.get_password(SERVICE, f"{user_id}:{account}") if ring else None
        if value is None:
            raise CredentialError(f"the keyring holds no password for '{account}'; add the "
                                  "account again.")
        return value
    _, salt, token = kept.split(":", 2)
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(passphrase(ask), base64.urlsafe_b64decode(salt)).decrypt(token.encode()).decode()
    except InvalidToken:
        raise CredentialError(f"that passphrase does not open the password of '{account}'.") from None


def forget(user_id: int, account: str, kept: str | None) -> None:
    """Remove a password from the keyring (an encrypted one goes with its row)."""
    if kept == "keyring" and (ring := _keyring()) is not None:
        try:
            ring.delete_password(SERVICE, f"{user_id}:{account}")
        except Exception:  # already gone is fine
            pass
