"""The commission interview, as a letter writer's intake: one question at a time, in order,
skipping what is already known (from the request, from earlier letters to the same person, from
the people the user has told about) and what was answered "skip". Pure: the CLI and the web app
ask the questions and hand back the answers (``commission.parse_answer``)."""

from __future__ import annotations

from os1.letters.commission import Commission

ORDER = ("sender", "recipient", "relation", "history", "occasion", "details", "avoid", "tone", "length")
QUESTIONS = {
    "sender": "Who is the letter from? (Enter: from you)",
    "recipient": "Who is it to? (a name, or \"my sister\")",
    "relation": "Who is {who} to {sender}? (sister, old friend, client…)",
    "history": "A line about {sender_their} history with {who}? (or \"skip\")",
    "occasion": "What's the occasion?",
    "details": "Two or three specific memories or details to put in (separate them with \";\")",
    "more_details": "Anything more to put in — a memory, something to say? (\";\" between them, or Enter)",
    "avoid": "Anything to avoid? (or Enter)",
    "tone": "What tone? (warm, funny, formal, tender…)",
    "length": "How long? (short, medium, long, or a number of words)",
}
ENOUGH_DETAILS = 2


def _known(commission: Commission, field: str) -> bool:
    if field in commission.skipped:
        return True
    if field == "details":
        return len(commission.details) >= ENOUGH_DETAILS
    if field == "relation":
        return bool(commission.relation) or not commission.recipient
    return bool(getattr(commission, field))


def next_question(commission: Commission, asked: set[str]) -> tuple[str, str] | None:
    """The next (field, question) to ask, or None when the commission is complete enough.
    ``asked``: the fields asked already in this interview (each is asked once)."""
    for field in ORDER:
        if field in asked or _known(commission, field):
            continue
        key = "more_details" if field == "details" and commission.details else field
        sender = commission.sender or "you"
        return field, QUESTIONS[key].format(
            who=commission.recipient or "them", sender=sender,
            sender_their="your" if sender == "you" else f"{sender}'s")
    return None
