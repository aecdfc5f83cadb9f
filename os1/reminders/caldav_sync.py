"""Two-way sync with a CalDAV calendar (Nextcloud, Radicale, iCloud, Fastmail…) through the
``caldav`` client. Each side's changes since the last sync go to the other: what changed
here is pushed, what changed there is pulled, a deletion on one side deletes on the other.
When both sides changed the same event, nothing is overwritten: it is reported, and stays as
it is on each side until one of them is changed back or removed.

A row remembers where it lives on the server (``href``), the server's version of it when it
was last synced (``etag``) and its own version then (``synced``, its ``updated_at``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from os1.errors import OS1Error
from os1.memory.store_reminders import Reminder
from os1.reminders import ics

KEYRING = "os1-caldav"  # the service name passwords are kept under in the system keyring


@dataclass
class Account:
    url: str
    username: str
    calendar: str = "OS1"  # its name, or its URL

    @classmethod
    def of(cls, store, user_id: int) -> "Account":
        url = store.setting(user_id, "caldav_url")
        if not url:
            raise OS1Error("no CalDAV calendar is set up; run: os1 calendar connect URL --user NAME")
        return cls(url, store.setting(user_id, "caldav_user", "") or "",
                   store.setting(user_id, "caldav_calendar", "OS1") or "OS1")

    def save(self, store, user_id: int) -> None:
        store.set_setting(user_id, "caldav_url", self.url)
        store.set_setting(user_id, "caldav_user", self.username)
        store.set_setting(user_id, "caldav_calendar", self.calendar)


def save_password(store, user_id: int, account: Account, password: str) -> str:
    """Keep the password in the system keyring if there is one, else in the settings (this
    machine's database, never printed); says where."""
    try:
        import keyring
        keyring.set_password(KEYRING, f"{account.username}@{account.url}", password)
        store.set_setting(user_id, "caldav_password", "")
        return "the system keyring"
    except Exception:  # no keyring package, or no keyring backend on this machine
        store.set_setting(user_id, "caldav_password", password)
        return "OS1's settings on this machine"


def password(store, user_id: int, account: Account) -> str:
    kept = store.setting(user_id, "caldav_password", "")
    if kept:
        return kept
    try:
        import keyring
        return keyring.get_password(KEYRING, f"{account.username}@{account.url}") or ""
    except Exception:
        return ""


@dataclass
class Report:
    pulled: list[str] = field(default_factory=list)
    pushed: list[str] = field(default_factory=list)
    deleted_here: list[str] = field(default_factory=list)
    deleted_there: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for label, items in (("from the server", self.pulled), ("to the server", self.pushed),
                             ("deleted here (gone from the server)", self.deleted_here),
                             ("deleted on the server", self.deleted_there)):
            if items:
                out.append(f"{len(items)} {label}: {', '.join(items[:8])}")
        for item in self.conflicts:
            out.append(f"conflict: {item}")
        return out or ["Already in sync."]


def _calendar(account: Account, secret: str):
    try:
        from caldav.davclient import DAVClient  # (caldav's lazy top-level name is untyped)
        from caldav.lib.error import DAVError
    except ImportError:
        raise OS1Error("CalDAV sync needs the calendar extra: pip install 'os1[calendar]'") from None
    try:
        client = DAVClient(url=account.url, username=account.username or None,
                           password=secret or None, timeout=30)
        if account.calendar.startswith(("http://", "https://")):
            return client.calendar(url=account.calendar)
        principal = client.principal()
        for found in principal.calendars():
            if found.get_display_name() == account.calendar:
                return found
        return principal.make_calendar(name=account.calendar)
    except (DAVError, OSError) as exc:
        raise OS1Error(f"cannot reach the CalDAV server at {account.url} ({type(exc).__name__}); "
                       "check the address, the user name and the password") from None


def _ical(item: Reminder) -> str:
    return ics.calendar([item]).to_ical().decode()


def sync(store, user_id: int, now: datetime, account: Account | None = None,
         secret: str | None = None) -> Report:
    """One two-way sync of the user's reminders and events with their CalDAV calendar."""
    account = account or Account.of(store, user_id)
    secret = password(store, user_id, account) if secret is None else secret
    calendar = _calendar(account, secret)
    report = Report()
    remote = {}
    for event in calendar.events():
        read = ics.read(event.data.encode(), now)
        if read and read[0].uid:
            remote[read[0].uid] = (event, read[0])
    mine = {item.uid: item for item in store.reminders(user_id, status=None)}
    for uid, (event, incoming) in remote.items():
        item = mine.get(uid)
        etag = str(event.etag or "")
        if item is None:
            ics.store_incoming(store, user_id, incoming)
            store.mark_synced(user_id, store.reminder_by_uid(user_id, uid).id, str(event.url), etag)
            report.pulled.append(incoming.text)
            continue
        theirs_changed = item.etag != etag
        mine_changed = item.updated_at != item.synced
        if item.status == "cancelled":
            if theirs_changed and item.href:
                report.conflicts.append(f"{item.text}: cancelled here, changed on the server")
                continue
            event.delete()
            store.mark_synced(user_id, item.id, None, None)
            report.deleted_there.append(item.text)
        elif theirs_changed and mine_changed and item.href:
            report.conflicts.append(f"{item.text}: changed here and on the server; both kept "
                                    "as they are")
        elif theirs_changed:
            ics.store_incoming(store, user_id, incoming)
            store.mark_synced(user_id, item.id, str(event.url), etag)
            report.pulled.append(incoming.text)
        elif mine_changed:
            event.data = _ical(item)
            event.save()
            store.mark_synced(user_id, item.id, str(event.url), str(event.etag or ""))
            report.pushed.append(item.text)
    for uid, item in mine.items():
        if uid in remote:
            continue
        if item.href:  # it was on the server, and is gone from it
            if item.updated_at != item.synced and item.status != "cancelled":
                report.conflicts.append(f"{item.text}: deleted on the server, changed here")
                continue
            if item.status != "cancelled":
                store.update_reminder(user_id, item.id, status="cancelled")
                report.deleted_here.append(item.text)
            store.mark_synced(user_id, item.id, None, None)
        elif item.status == "active":
            event = calendar.save_event(_ical(item))
            store.mark_synced(user_id, item.id, str(event.url), str(event.etag or ""))
            report.pushed.append(item.text)
    return report
