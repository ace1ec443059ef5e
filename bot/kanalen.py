"""Rasa's REST and socket.io channels with a size limit on every message.

A message longer than ``KOMPAS_MAX_BERICHT`` characters (default 2,000) never
reaches NLU, the actions, the database or the report: the channel answers it
itself with ``utter_bericht_te_lang`` from the domain. One person pasting a book
can so never stall the others (NLU time grows with the length of a message). A
turn that fails gets ``utter_er_ging_iets_mis`` and is logged without its text.
``credentials.yml`` names these classes instead of Rasa's own.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import response

from bot import instellingen, intern

PROJECT_DIR = Path(__file__).resolve().parent.parent
TE_LANG = "utter_bericht_te_lang"
MISLUKT = "utter_er_ging_iets_mis"

logger = logging.getLogger(__name__)

Verwerker = Callable[[UserMessage], Awaitable[Any]]


max_bericht = instellingen.max_bericht


@lru_cache(maxsize=4)
def domein_tekst(response: str) -> str:
    """The text of a response in the domain (content, not code)."""
    domein = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
    return domein["responses"][response][0]["text"]


def begrens(verwerk: Verwerker) -> Verwerker:
    """Pass a message on to Rasa only when it is within the limit."""

    async def verwerk_begrensd(bericht: UserMessage) -> Any:
        grens = max_bericht()
        lengte = len(bericht.text or "")
        if lengte > grens:
            logger.info("Bericht van %d tekens niet verwerkt (grens %d)", lengte, grens)
            await bericht.output_channel.send_text_message(bericht.sender_id, domein_tekst(TE_LANG).format(max=grens))
            return None
        try:
            return await verwerk(bericht)
        except Exception:
            # Rasa's own channel would log the message text with the error; this logs
            # what went wrong, not what was said. The turn is not stored, so the
            # conversation goes on from where it was.
            logger.exception("Een bericht kon niet verwerkt worden")
            await bericht.output_channel.send_text_message(bericht.sender_id, domein_tekst(MISLUKT))
            return None

    return verwerk_begrensd


class KompasRest(RestInput):
    def blueprint(self, on_new_message: Verwerker) -> Any:
        return super().blueprint(begrens(on_new_message))


# One push reaches at most this many chats (a big training group is ~30).
MAX_DUW = 500

# The widget's conversation id: 128 random bits, as Rasa makes them (uuid4().hex).
SESSIE_ID = re.compile(r"[0-9a-f]{32}")


class KompasSocketIO(SocketIOInput):
    """The widget's channel. The conversation id is the only key to a conversation,
    so it is always one the server made: a client that proposes its own ("1", a
    name, a guessed id of a short form) gets a fresh random one instead."""

    def blueprint(self, on_new_message: Verwerker) -> Any:
        verwerk = alleen_veilige_sessies(begrens(on_new_message))
        blauwdruk = met_redis(lambda: super(KompasSocketIO, self).blueprint(verwerk))
        sio = self.sio
        bezig: set[asyncio.Task] = set()  # pushes being handled (kept so none is collected)

        @blauwdruk.route("/duw", methods=["POST"])
        async def duw(request: Any) -> Any:
            """A group-session round was opened: show it in these members' chats, as if
            each had asked for it. Only Kompas's own processes know the token. Answers
            at once; each chat is handled in the background, in its own turn."""
            if not intern.klopt(request.headers.get("authorization"), intern.token()):
                return response.json({"fout": "geen toegang"}, status=401)
            gesprekken = (request.json or {}).get("gesprekken") if isinstance(request.json, dict) else None
            if not isinstance(gesprekken, list):
                return response.json({"fout": "gesprekken ontbreekt"}, status=400)
            geldig = [g for g in gesprekken[:MAX_DUW] if isinstance(g, str) and SESSIE_ID.fullmatch(g)]
            for gesprek in geldig:
                bericht = UserMessage(
                    text=f"/{intern.DUW_INTENT}",
                    output_channel=SocketIOOutput(sio, self.bot_message_evt),
                    sender_id=gesprek,
                    input_channel=self.name(),
                )
                taak = asyncio.create_task(verwerk(bericht))
                bezig.add(taak)
                taak.add_done_callback(bezig.discard)
            return response.json({"gestuurd": len(geldig)}, status=202)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            gevraagd = data.get("session_id") if isinstance(data, dict) else None
            sessie = gevraagd if isinstance(gevraagd, str) and SESSIE_ID.fullmatch(gevraagd) else uuid.uuid4().hex
            if self.session_persistence:
                sio.enter_room(sid, sessie)
            await sio.emit("session_confirm", sessie, room=sid)

        return blauwdruk


def met_redis(maak: Callable[[], Any]) -> Any:
    """Rasa's socket.io server, with KOMPAS_REDIS_URL set on Redis: a message for a
    widget connected to another Rasa instance (a pushed round) gets there too."""
    url = instellingen.redis_url()
    if url is None:
        return maak()
    import socketio
    from rasa.core.channels import socketio as rasa_socketio

    eigen = rasa_socketio.AsyncServer
    # Rasa makes its AsyncServer inside blueprint(); give it the Redis manager there.
    rasa_socketio.AsyncServer = functools.partial(eigen, client_manager=socketio.AsyncRedisManager(url))
    try:
        return maak()
    finally:
        rasa_socketio.AsyncServer = eigen


def alleen_veilige_sessies(verwerk: Verwerker) -> Verwerker:
    async def verwerk_veilig(bericht: UserMessage) -> Any:
        if not SESSIE_ID.fullmatch(bericht.sender_id or ""):
            logger.warning("Bericht met een zelfgekozen gespreks-id genegeerd")
            return None
        return await verwerk(bericht)

    return verwerk_veilig
