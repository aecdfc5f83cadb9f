"""The live socket against a real uvicorn: a client that vanishes mid-reply, or floods audio,
ends its conversation cleanly and stops the model."""

import asyncio
import json

from os1.models.fake import FakeModel
from os1.voice.asr import FakeRecognizer
from os1.voice.tts import FakeSynthesizer
from tests.server.conftest import make_service, running, wait_for


def test_a_client_that_vanishes_mid_reply_ends_its_conversation(tmp_path):
    import websockets

    model = FakeModel([" ".join(f"w{i}" for i in range(2000))], delay=0.01)
    service = make_service(tmp_path, accounts=False, model=model,
                           backends=(FakeRecognizer(), FakeSynthesizer()))
    user = service.local_user()

    async def talk_then_vanish(address):
        async with websockets.connect(f"ws://{address}/api/live") as ws:
            assert json.loads(await ws.recv())["type"] == "hello"
            await ws.send(json.dumps({"type": "turn", "text": "Talk for a long time"}))
            while json.loads(await ws.recv())["type"] != "token":
                pass
            for _ in range(300):  # and a heap of audio nobody asked for
                await ws.send(b"\0\0" * 512)
            ws.transport.abort()  # gone, without a goodbye

    with running(service) as address:
        asyncio.run(talk_then_vanish(address))
        db = service.store.db
        assert wait_for(lambda: db.execute(
            "SELECT count(*) FROM sessions WHERE user_id = ? AND ended_at IS NULL",
            (user,)).fetchone()[0] == 0)
        reply = service.store.recent_turns(user, 1)[0]
        assert reply.role == "assistant" and reply.status == "interrupted"
        assert len(reply.content.split()) < 2000  # the model was stopped, not run to the end
    service.store.close()
