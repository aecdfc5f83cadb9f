"""Companions that talk to each other: introductions both users say yes to, what each lets
cross, signed messages over HTTPS (or in process between two people of one server), and a
check on everything that leaves. The protocol is written down in docs/protocol.md."""
