"""Build the messages ``os1 bench injection`` reads, from the AgentDojo workspace material in
``shared/data/injection``: every email, event and shared file with an injection slot, with
each rendered attack planted in the slot (the item's other slots keep their default text).

    python scripts/injection_set.py --data shared/data/injection --out /tmp/injection.jsonl

Each line: ``{"text", "attack", "container", "attack_kind", "goal"}``; ``text`` is the item as
a message (From, Subject, a blank line, the body), so the reader knows who sent it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def containers(data: Path) -> list[dict]:
    """Each item with a slot, as sender, subject, template and its slots."""
    out = []
    for e in rows(data / "emails.jsonl"):
        if e["injection_slots"]:
            out.append({"id": f"email-{e['id']}", "sender": e["sender"], "subject": e["subject"],
                        "template": e["body_template"], "slots": e["injection_slots"]})
    for e in rows(data / "events.jsonl"):
        if e["injection_slots"]:
            sender = (e.get("participants") or ["calendar"])[0]
            out.append({"id": f"event-{e['id']}", "sender": sender, "subject": f"Invitation: {e['title']}",
                        "template": e["description_template"], "slots": e["injection_slots"]})
    for f in rows(data / "files.jsonl"):
        if f["injection_slots"]:
            out.append({"id": f"file-{f['id']}", "sender": f["owner"],
                        "subject": f"Shared with you: {f['filename']}",
                        "template": f["content_template"], "slots": f["injection_slots"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    defaults = {v["slot"]: v["default"] for v in rows(args.data / "injection_vectors.jsonl")}
    attacks = [r for r in rows(args.data / "injections.jsonl") if r["kind"] in ("rendered", "rendered_dos")]
    lines = []
    for item in containers(args.data):
        for slot in item["slots"]:
            for attack in attacks:
                body = item["template"]
                for other in item["slots"]:
                    filling = attack["text"] if other == slot else defaults.get(other, "")
                    body = body.replace("{" + other + "}", filling)
                text = f"From: {item['sender']}\nSubject: {item['subject']}\n\n{body}"
                lines.append({"text": text, "attack": attack["text"], "container": item["id"],
                              "attack_kind": attack.get("attack"), "goal": attack.get("id")})
    args.out.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} messages written to {args.out}")


if __name__ == "__main__":
    main()
