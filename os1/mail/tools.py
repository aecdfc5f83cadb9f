"""The mail tools: draft a reply, send it, move a message, flag one. They are how chat, voice,
the web app and the CLI act on mail, so each action is logged (``os1 activity``) and undone
where IMAP allows: a draft is discarded, a move is moved back, a flag is cleared again. A sent
message can't be called back.

Drafting stays on this machine and is done at once. Sending, moving and flagging change the
user's mailbox on a server, so they are ``confirm = "always"``: proposed with a preview, done
only on the user's yes. A send carries the digest of the draft it previewed, so a draft
edited after its preview is not sent unseen. Only the user's words or buttons call these;
what a message says never does (the reader that reads mail has no tools)."""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, Field

from os1.errors import OS1Error
from os1.mail import service
from os1.tools.base import Args, Context, Tool, ToolResult, register

BODY_SHOWN = 1200  # characters of a draft said in a preview


def digest(draft: dict) -> str:
    """What a preview showed of a draft, in 16 hex digits."""
    text = "\n".join((draft["recipient"], draft["subject"], draft["body"]))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _account(ctx: Context, account_id: int | None) -> dict:
    accounts = ctx.store.mail_accounts(ctx.user_id)
    account = next((a for a in accounts if a["id"] == account_id), None) if account_id else None
    return account or service.account_or_error(ctx.store, ctx.user_id, None)


def _password(ctx: Context, account: dict) -> str:
    """The account's password, from the keyring or unsealed with ``OS1_MAIL_PASSPHRASE``
    (no prompt: a tool may run in a server or mid-conversation)."""
    return service.password_for(ctx.store, ctx.user_id, account)


def _who(row: dict) -> str:
    reading = row.get("reading") or {}
    return reading.get("sender_name") or row["sender_name"] or row["sender"]


def _subject(row: dict) -> str:
    return (row.get("reading") or {}).get("subject") or row["subject"] or "(no subject)"


class MessageArgs(Args):
    id: int = Field(ge=1, description="the message's id (`os1 mail list`)")


class DraftArgs(Args):
    draft: int = Field(ge=1, description="the draft's id")
    digest: str = Field("", max_length=16, description="the draft as its preview showed it")


class MoveArgs(MessageArgs):
    folder: str = Field(min_length=1, max_length=200, pattern=r"^[^\r\n*%]+$",
                        description="the folder to move it to, e.g. Archive")


class ArchiveArgs(Args):
    ids: list[int] = Field(min_length=1, max_length=200, description="the messages' ids")
    folder: str = Field("Archive", min_length=1, max_length=200, pattern=r"^[^\r\n*%]+$")


class FlagArgs(MessageArgs):
    flag: str = Field("\\Flagged", pattern=r"^\\?[A-Za-z$][\w$-]{0,40}$")
    on: bool = True


class DraftReply(Tool):
    name = "draft_reply"
    description = ("Draft a reply to a message in the user's voice, kept for them to read, edit "
                   "and send (nothing is sent).")
    Args = MessageArgs
    ability = ""  # a draft is not a sent message: she may not say she sent anything

    def run(self, args: BaseModel, ctx: Context) -> ToolResult:
        assert isinstance(args, MessageArgs)
        row = service.message(ctx.store, ctx.user_id, args.id)
        draft_id, draft = service.propose_reply(ctx.store, ctx.user_id, args.id, ctx.model)
        return ToolResult(f"I drafted a reply to {_who(row)} about \"{_subject(row)}\"; "
                          "nothing is sent.",
                          {"draft": draft_id, "message": args.id, "to": draft.to,
                           "subject": draft.subject, "body": draft.body},
                          undo={"draft": draft_id})

    def undo(self, data: dict[str, Any], ctx: Context) -> str:
        ctx.store.set_draft_status(ctx.user_id, data["draft"], "discarded")
        return "The draft is discarded."


class SendMail(Tool):
    name = "send_mail"
    description = "Send a drafted reply (shown to the user first; sent only on their yes)."
    Args = DraftArgs
    confirm = "always"
    ability = "mail"

    def _waiting(self, args: DraftArgs, ctx: Context) -> dict:
        return _waiting(ctx, args.draft)

    def preview(self, args: BaseModel, ctx: Context) -> str:
        assert isinstance(args, DraftArgs)
        draft = self._waiting(args, ctx)
        body = draft["body"] if len(draft["body"]) <= BODY_SHOWN else draft["body"][:BODY_SHOWN] + "…"
        return (f"This is the reply to {draft['recipient']}:\n\nSubject: {draft['subject']}\n\n"
                f"{body}\n\nShall I send it?")

    def run(self, args: BaseModel, ctx: Context) -> ToolResult:
        assert isinstance(args, DraftArgs)
        draft = self._waiting(args, ctx)
        if args.digest and args.digest != digest(draft):
            raise OS1Error("the draft changed after you saw it; look at it again before it goes")
        account = _account(ctx, draft["account_id"])
        sent = service.send(ctx.store, ctx.user_id, args.draft, account, _password(ctx, account))
        return ToolResult(f"Sent to {draft['recipient']}.",
                          {"draft": args.draft, "to": draft["recipient"],
                           "message_id": sent["message_id"]})


def _waiting(ctx: Context, draft_id: int) -> dict:
    """The draft, if it is still waiting to be sent."""
    draft = ctx.store.draft(ctx.user_id, draft_id)
    if draft is None or draft["status"] != "proposed":
        raise OS1Error(f"there is no draft {draft_id} waiting to be sent")
    return draft


def propose_send(ctx: Context, draft_id: int) -> Any:
    """Propose sending draft ``draft_id`` as it is now (its digest pins what was shown)."""
    from os1.tools import activity

    draft = _waiting(ctx, draft_id)
    return activity.act("send_mail", {"draft": draft_id, "digest": digest(draft)}, ctx)


class MoveMail(Tool):
    name = "move_mail"
    description = "Move a message to another folder on its mail server (on the user's yes)."
    Args = MoveArgs
    confirm = "always"
    ability = "mail"

    def preview(self, args: BaseModel, ctx: Context) -> str:
        assert isinstance(args, MoveArgs)
        row = service.message(ctx.store, ctx.user_id, args.id)
        return (f"Move \"{_subject(row)}\" from {_who(row)} out of {row['folder']} to "
                f"{args.folder}?")

    def run(self, args: BaseModel, ctx: Context) -> ToolResult:
        assert isinstance(args, MoveArgs)
        row = service.message(ctx.store, ctx.user_id, args.id)
        if row["folder"] == args.folder:
            return ToolResult(f"It is already in {args.folder}.", ok=False)
        account = service.account_of(ctx.store, ctx.user_id, row)
        was = service.move(ctx.store, ctx.user_id, args.id, args.folder, _password(ctx, account))
        return ToolResult(f"Moved \"{_subject(row)}\" to {args.folder}.",
                          {"message": args.id, "folder": args.folder},
                          undo={"message": args.id, "folder": was["folder"]})

    def undo(self, data: dict[str, Any], ctx: Context) -> str:
        row = service.message(ctx.store, ctx.user_id, data["message"])
        account = service.account_of(ctx.store, ctx.user_id, row)
        service.move(ctx.store, ctx.user_id, data["message"], data["folder"],
                     _password(ctx, account))
        return f"\"{_subject(row)}\" is back in {data['folder']}."


class ArchiveMail(Tool):
    name = "archive_mail"
    description = "Move several messages out of the inbox, to Archive (on the user's yes)."
    Args = ArchiveArgs
    confirm = "always"
    ability = "mail"

    def preview(self, args: BaseModel, ctx: Context) -> str:
        assert isinstance(args, ArchiveArgs)
        piles: dict[str, int] = {}
        for mid in args.ids:
            pile = service.message(ctx.store, ctx.user_id, mid)["pile"] or "unread"
            piles[pile] = piles.get(pile, 0) + 1
        what = " and ".join(f"the {n} {pile}" for pile, n in piles.items())
        return f"Shall I move {what} to {args.folder}?"

    def run(self, args: BaseModel, ctx: Context) -> ToolResult:
        assert isinstance(args, ArchiveArgs)
        back = {}
        for mid in args.ids:
            row = service.message(ctx.store, ctx.user_id, mid)
            if row["folder"] == args.folder:
                continue
            account = service.account_of(ctx.store, ctx.user_id, row)
            back[str(mid)] = service.move(ctx.store, ctx.user_id, mid, args.folder,
                                          _password(ctx, account))["folder"]
        count = f"{len(back)} message{'s' if len(back) != 1 else ''}"
        return ToolResult(f"Moved {count} to {args.folder}.", {"moved": len(back)},
                          undo={"back": back} if back else None)

    def undo(self, data: dict[str, Any], ctx: Context) -> str:
        for mid, folder in data["back"].items():
            row = service.message(ctx.store, ctx.user_id, int(mid))
            service.move(ctx.store, ctx.user_id, int(mid), folder,
                         _password(ctx, service.account_of(ctx.store, ctx.user_id, row)))
        return f"{len(data['back'])} messages are back where they were."


class FlagMail(Tool):
    name = "flag_mail"
    description = "Flag a message on its mail server, or clear the flag (on the user's yes)."
    Args = FlagArgs
    confirm = "always"
    ability = "mail"

    def preview(self, args: BaseModel, ctx: Context) -> str:
        assert isinstance(args, FlagArgs)
        row = service.message(ctx.store, ctx.user_id, args.id)
        what = "Flag" if args.on else "Clear the flag on"
        return f"{what} \"{_subject(row)}\" from {_who(row)}?"

    def run(self, args: BaseModel, ctx: Context) -> ToolResult:
        assert isinstance(args, FlagArgs)
        row = service.message(ctx.store, ctx.user_id, args.id)
        account = service.account_of(ctx.store, ctx.user_id, row)
        flags = service.flag(ctx.store, ctx.user_id, args.id, args.flag, args.on,
                             _password(ctx, account))
        done = "flagged" if args.on else "no longer flagged"
        return ToolResult(f"\"{_subject(row)}\" is {done}.",
                          {"message": args.id, "flags": flags},
                          undo={"message": args.id, "flag": args.flag, "on": not args.on})

    def undo(self, data: dict[str, Any], ctx: Context) -> str:
        row = service.message(ctx.store, ctx.user_id, data["message"])
        account = service.account_of(ctx.store, ctx.user_id, row)
        service.flag(ctx.store, ctx.user_id, data["message"], data["flag"], data["on"],
                     _password(ctx, account))
        return f"\"{_subject(row)}\" is {'flagged' if data['on'] else 'no longer flagged'} again."


for _tool in (DraftReply(), SendMail(), MoveMail(), ArchiveMail(), FlagMail()):
    register(_tool)
