"""The production shape on this machine (``bot/schaal.py``): PostgreSQL, Redis, two
Rasa instances, two action servers, the web app and nginx, all real. Nothing a user
did is lost when a Rasa instance dies, and a pushed group-session round reaches a
widget connected to the other instance.

Run with ``make test-schaal`` (part of ``make test``)."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import socketio

from tests.e2e.conftest import tekst_van
from tests.e2e.gesprekken import stuur
from tests.e2e.servers import LOG_DIR, wacht_op
from tests.e2e.test_groepssessie import antwoord_voor
from tests.schaal.opstelling import Schaal


@pytest.fixture(scope="module")
def opstelling() -> Iterator[Schaal]:
    for log in LOG_DIR.glob("schaal-*.log"):
        log.unlink()
    s = Schaal.klaar("schaal-test", basis=18400)
    try:
        s.start_alles()
        yield s
    finally:
        s.stop_alles()
    fouten = s.fouten_in_logs()
    assert not fouten, "\n".join(fouten[:10])


def zeg(url: str, wie: str, tekst: str) -> str:
    return tekst_van(stuur(url, wie, tekst)).lower()


def vraagnummer(tekst: str) -> int:
    gevonden = re.search(r"vraag (\d+) van 12", tekst)
    assert gevonden, tekst
    return int(gevonden.group(1))


def test_a_pushed_round_reaches_a_widget_on_the_other_instance(opstelling: Schaal) -> None:
    """The member's widget is connected to instance 2; a push handled by instance 1
    (as happens behind nginx) travels over Redis to the widget."""
    url, begeleider = opstelling.opzet.intern_url, uuid.uuid4().hex
    zeg(url, begeleider, "ik wil een groepssessie starten met mijn fractie")
    tekst = tekst_van(stuur(url, begeleider, '/start_groepssessie{"sessie_soort":"casus","thema":"agressie"}'))
    code = re.search(r"De code is (\d{6})", tekst).group(1)

    async def scenario() -> tuple[str, str]:
        ontvangen: list[str] = []
        bevestigd: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        client = socketio.AsyncClient()

        @client.on("session_confirm")
        async def sessie(gesprek: str) -> None:
            bevestigd.set_result(gesprek)

        @client.on("bot_uttered")
        async def bericht(data: dict[str, Any]) -> None:
            ontvangen.append(str(data.get("text", "")).lower())

        # Long-polling: this aiohttp is older than the websocket client of python-engineio needs.
        await client.connect(opstelling.rasa_url(1), socketio_path="/socket.io", transports=["polling"])
        await client.emit("session_request", {"session_id": None})
        gesprek = await asyncio.wait_for(bevestigd, 20)
        await client.emit("user_uttered", {"session_id": gesprek, "message": f"ik doe mee, code {code}"})
        await _wacht(lambda: any("je doet mee" in t for t in ontvangen), 60)
        await asyncio.sleep(2)  # the rest of that turn's replies
        welkom = " ".join(ontvangen)
        ontvangen.clear()
        knop = '/sessie_bediening{{"sessie_knop":"{}"}}'

        def is_vraag(tekst: str) -> bool:
            return "kies een knop" in tekst or "schrijf" in tekst

        zeg(url, begeleider, knop.format("volgende"))
        # The new scene reaches the widget as a push of its own; under load it can come
        # late, so wait for it by its text before the round opens.
        await _wacht(lambda: any("geen vraag open" in t for t in ontvangen), 30)
        await asyncio.sleep(1)
        ontvangen.clear()
        zeg(url, begeleider, knop.format("open"))  # Kompas pushes the round itself, to either instance
        await _wacht(lambda: any(is_vraag(t) for t in ontvangen), 30)
        await asyncio.sleep(2)
        vraag = " ".join(ontvangen)
        ontvangen.clear()
        verzoek = urllib.request.Request(
            opstelling.rasa_url(0) + "/webhooks/socketio/duw",
            data=json.dumps({"gesprekken": [gesprek]}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {opstelling.env['KOMPAS_ACTIONS_TOKEN']}",
            },
            method="POST",
        )
        assert urllib.request.urlopen(verzoek, timeout=10).status == 202
        await _wacht(lambda: any(is_vraag(t) for t in ontvangen), 30)
        await asyncio.sleep(2)
        await client.disconnect()
        return welkom, vraag, " ".join(ontvangen)

    welkom, vraag, na_duw = asyncio.run(scenario())
    assert "je doet mee met groepssessie" in welkom
    assert "kies een knop" in vraag or "schrijf" in vraag, vraag  # the open round's question …
    assert na_duw == vraag  # … again, from the other instance


async def _wacht(iets: Any, seconden: float) -> None:
    einde = time.monotonic() + seconden
    while not iets() and time.monotonic() < einde:
        await asyncio.sleep(0.2)


def test_every_process_listens_on_kompas_host_only(opstelling: Schaal) -> None:
    uit = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=True).stdout
    poorten = {
        opstelling.opzet.poort,
        *opstelling.opzet.rasa_poorten,
        *opstelling.opzet.actie_poorten,
        opstelling.opzet.acties_lb_poort,
        opstelling.opzet.web_poort,
        opstelling.opzet.redis_poort,
        opstelling.opzet.rasa_intern_poort,
    }
    adressen = {}
    for regel in uit.splitlines():
        lokaal = regel.split()[3]
        adres, _, poort = lokaal.rpartition(":")
        if int(poort) in poorten:
            adressen[int(poort)] = adres
    assert set(adressen) == poorten
    assert set(adressen.values()) == {opstelling.opzet.host}
    # PostgreSQL has no TCP port at all: only a socket file in a folder of its own.
    assert (opstelling.opzet.run / f".s.PGSQL.{opstelling.opzet.pg_poort}").exists()
    assert opstelling.opzet.run.stat().st_mode & 0o077 == 0


def test_the_public_address_shows_pages_and_the_widget_socket_only(opstelling: Schaal) -> None:
    with urllib.request.urlopen(opstelling.opzet.url + "/", timeout=10) as antwoord:
        # The random cookie that keeps one widget on one Rasa instance.
        assert antwoord.status == 200 and "kompas_route=" in antwoord.headers.get("Set-Cookie", "")
    with pytest.raises(urllib.error.HTTPError) as fout:  # REST lets the caller pick a conversation id
        stuur(opstelling.opzet.url, uuid.uuid4().hex, "hoi")
    assert fout.value.code == 404
    with urllib.request.urlopen(opstelling.opzet.url + "/socket.io/?EIO=4&transport=polling", timeout=10) as antwoord:
        assert antwoord.status == 200 and antwoord.read().startswith(b"0{")  # engine.io's open packet


# The two below change the set-up: instance 1 dies in the first and comes back in the second.


def test_the_zelftest_goes_on_at_the_right_question_when_its_rasa_instance_dies(opstelling: Schaal) -> None:
    url, wie = opstelling.opzet.intern_url, uuid.uuid4().hex
    assert vraagnummer(zeg(url, wie, "zelftest")) == 1
    # REST is spread over both instances: every answer may land on the other one.
    for verwacht in (2, 3, 4):
        assert vraagnummer(zeg(url, wie, "klopt wel")) == verwacht
    opstelling.stop("rasa1", signal.SIGKILL)
    for verwacht in (5, 6):
        assert vraagnummer(zeg(url, wie, "klopt wel")) == verwacht


def test_a_group_session_keeps_every_vote_when_an_instance_restarts(opstelling: Schaal) -> None:
    url = opstelling.opzet.intern_url
    begeleider, leden = uuid.uuid4().hex, [uuid.uuid4().hex for _ in range(4)]
    zeg(url, begeleider, "ik wil een groepssessie starten met mijn fractie")
    tekst = tekst_van(stuur(url, begeleider, '/start_groepssessie{"sessie_soort":"casus","thema":"agressie"}'))
    code = re.search(r"De code is (\d{6})", tekst).group(1)
    for lid in leden:
        assert "je doet mee met groepssessie" in zeg(url, lid, f"ik doe mee, code {code}")
    knop = '/sessie_bediening{{"sessie_knop":"{}"}}'
    zeg(url, begeleider, knop.format("volgende"))  # the first scène or discussion question
    zeg(url, begeleider, knop.format("open"))
    scherm = opstelling.opzet.url + re.search(r"/sessie/[\w-]+", tekst).group(0) + "/stand.json"
    with urllib.request.urlopen(scherm, timeout=10) as antwoord:
        stap = json.loads(antwoord.read())["stap"]
    for lid, stem in zip(leden[:2], "AB", strict=True):  # instance 1 was killed before: all on 2
        assert "genoteerd" in zeg(url, lid, antwoord_voor(stap, stem))
    opstelling.start("rasa1")
    wacht_op(opstelling.rasa_url(0), 240, opstelling.processen["rasa1"])
    opstelling.stop("rasa2")  # and now the other one goes: the rest is on the restarted instance
    for lid, stem in zip(leden[2:], "BB", strict=True):
        assert "genoteerd" in zeg(url, lid, antwoord_voor(stap, stem))
    dicht = zeg(opstelling.rasa_url(0), begeleider, knop.format("sluit"))
    assert "met 4 antwoorden" in dicht, dicht
