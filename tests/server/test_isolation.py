"""Two people on one server: walk every route the app has (enumerated from the app, not
listed by hand) as Bea, aimed at Al's data, and prove none of it can be read or changed."""

import re

from fastapi.routing import APIRoute
from starlette.routing import WebSocketRoute

from os1.mind import persona
from os1.mind.reflect import reflect
from tests.server.conftest import sign_up

SECRET = "Zanzibar"  # only Al ever says it
BODIES = {  # a valid body for each route that takes one, so a refusal is about who, not what
    "/api/auth/signup": {"email": "bea2@example.com", "password": "another password"},
    "/api/auth/signin": {"email": "bea@example.com", "password": "correct horse battery"},
    "/api/turns": {"text": "hello"},
    "/api/memories/{memory_id}": {"text": "Bea was here"},
    "/api/self/pin": {"key": "openness", "pinned": True},
    "/api/settings": {"checkins": True},
    "/api/reminders": {"text": "water the plants", "when": "tomorrow at 9"},
    "/v1/chat/completions": {"messages": [{"role": "user", "content": "hello"}]},
    "/api/letters": {"request": "a short note to Tom, say thanks"},
    "/api/letters/commission": {"request": "a short note to Tom, say thanks"},
    "/api/letters/samples": {"text": "Hi Tom, thanks!"},
    "/api/letters/cliches": {"phrase": "over the moon"},
    "/api/letters/{letter_id}/revise": {"instruction": "shorter"},
    "/api/letters/{letter_id}/restore": {"number": 1},
    "/api/mail/drafts/{draft_id}": {"subject": "Re: hello", "body": "Bea was here"},
    "/api/mail/{message_id}/move": {"folder": "Archive"},
    "/api/mail/{message_id}/flag": {"on": True},
    "/api/friends/invite": {"name": "Bea"},
    "/api/friends/{friend_id}/scope": {"topics": ["books"]},
    "/api/friends/{friend_id}/ask": {"text": "hello"},
    "/api/friends/{friend_id}/tell": {"text": "hello"},
    "/api/friends/{friend_id}/propose": {"text": "tea", "when": "tomorrow at 4pm"},
    "/api/friends/{friend_id}/talk": {"topic": "books"},
}
OPEN = ("/api/friends/inbox/{handle}",)  # another companion's door: a signature, not a sign-in


def al_lives_a_little(app, service):
    al = sign_up(app, "al@example.com")
    for i in range(12):
        al.post("/api/turns", json={"text": f"I live in {SECRET} and my sister Mira paints, day {i}."})
    user = service.store.db.execute("SELECT user_id FROM accounts WHERE email = 'al@example.com'").fetchone()[0]
    reflect(service.memories, user, None, "Al", force=True)
    made = al.post("/api/reminders", json={"text": f"fly to {SECRET}", "when": "tomorrow at 9"}).json()
    persona.pin(service.store, user, "openness")
    ids = {
        "memory_id": service.memories.list(user, limit=1)[0].id,
        "session_id": service.store.db.execute("SELECT max(id) FROM sessions WHERE user_id = ?", (user,)).fetchone()[0],
        "change_id": service.store.self_changes(user)[-1]["id"],
        "letter_id": al.post("/api/letters", json={"request": f"a note to my sister Mira, mention {SECRET}"}
                             ).json()["id"],
        "item_id": made["reminder"],
        "activity_id": made["activity"],
    }
    from os1.mail.message import from_record

    ids["message_id"] = service.store.add_mail(user, from_record(
        {"from": "mira@example.org", "subject": SECRET, "body": f"Mira lives in {SECRET}."}))[0]
    ids["draft_id"] = al.post(f"/api/mail/{ids['message_id']}/reply").json()["draft"]
    from os1.friends.link import Side

    side = Side(service.store, user, "http://testserver")
    ids["handle"] = side.keys()[2]
    ids["friend_id"] = service.store.link_friend(user, "Mira", "Al", side.keys()[1],
                                                 side.address, "{}", "active")
    return al, user, ids


def every_route(routes):
    """The app's routes, including those of included routers."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from every_route(inner.routes)
        else:
            yield route


def snapshot(service, user):
    db = service.store.db
    return [db.execute(f"SELECT * FROM {t} WHERE user_id = ? ORDER BY 1", (user,)).fetchall()
            for t in ("memories", "turns", "self_changes", "affect", "sessions", "letters", "letter_versions",
                      "letter_clients", "letter_details", "reminders", "activity", "mail_messages",
                      "mail_drafts", "friends", "friend_messages", "friend_identity")]


def test_no_route_lets_one_user_reach_another(app, service):
    al, al_user, al_ids = al_lives_a_little(app, service)
    before = [[tuple(r) for r in rows] for rows in snapshot(service, al_user)]
    al_prompts = len(service.model.history)
    bea = sign_up(app, "bea@example.com", "correct horse battery")
    bea.post("/api/turns", json={"text": "I like tea."})
    walked = 0
    # signing out comes last, or Bea would walk the rest signed out
    for route in sorted(every_route(app.routes), key=lambda r: getattr(r, "path", "").endswith("signout")):
        if isinstance(route, WebSocketRoute):
            with bea.websocket_connect(route.path) as ws:
                assert ws.receive_json()["type"] == "hello"
                ws.send_json({"type": "turn", "text": f"what do you know about {SECRET}?"})
                message, reply = ws.receive_json(), ""
                while message["type"] == "token":
                    reply += message["text"]
                    message = ws.receive_json()
                assert SECRET not in reply.replace(f"what do you know about {SECRET}?", "")
            walked += 1
            continue
        if not isinstance(route, APIRoute):
            continue
        path = re.sub(r"\{(\w+)\}", lambda m: str(al_ids[m[1]]), route.path)
        for method in route.methods - {"HEAD", "OPTIONS"}:
            response = bea.request(method, path, json=BODIES.get(route.path),
                                   params={"q": SECRET} if route.path.endswith("search") else
                                   {"a": 1, "b": 1} if route.path.endswith("diff") else None)
            walked += 1
            if "{" in route.path and route.path not in OPEN:
                assert response.status_code == 404, (method, route.path, response.status_code)
            assert response.status_code < 500, (method, route.path, response.text)
            echo = f"what do you know about {SECRET}?"
            assert SECRET not in response.text.replace(echo, ""), (method, route.path)
            assert "Mira" not in response.text, (method, route.path)
    assert walked >= 25
    bea_prompts = service.model.history[al_prompts:]
    assert len(bea_prompts) >= 4  # her turns: REST, WebSocket, OpenAI-compatible
    for prompt in bea_prompts:  # nothing of Al's was recalled into any of Bea's prompts
        for message in prompt:
            said = message.content.replace(f"what do you know about {SECRET}?", "")
            assert SECRET not in said and "Mira" not in said
    after = [[tuple(r) for r in rows] for rows in snapshot(service, al_user)]
    assert after == before  # nothing of Al's was changed, forgotten or added to
    assert al.get("/api/me").status_code == 200  # and Al is still signed in
