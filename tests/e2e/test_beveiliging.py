"""Secure by default: only Rasa may call the action server, nothing listens everywhere."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from tests.e2e.servers import Kompas

WILDCARD = {"00000000", "00000000000000000000000000000000"}  # 0.0.0.0 and :: in /proc/net/tcp*


def _actie_verzoek(kompas: Kompas, kop: dict[str, str]) -> tuple[int, dict]:
    body = {
        "next_action": "action_wie_kan_helpen",
        "sender_id": "buitenstaander",
        "tracker": {"sender_id": "buitenstaander", "slots": {}, "latest_message": {}, "events": []},
        "domain": {},
        "version": "3.6.2",
    }
    return _post_json(f"http://127.0.0.1:{kompas.env['KOMPAS_ACTIONS_PORT']}/webhook", body, kop)


def _post_json(url: str, body: object, kop: dict[str, str]) -> tuple[int, dict]:
    verzoek = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **kop}
    )
    try:
        with urllib.request.urlopen(verzoek, timeout=10) as antwoord:
            return antwoord.status, json.loads(antwoord.read())
    except urllib.error.HTTPError as fout:
        return fout.code, json.loads(fout.read() or b"{}")


def test_the_action_server_refuses_calls_without_the_shared_secret(kompas: Kompas) -> None:
    assert _actie_verzoek(kompas, {})[0] == 401
    assert _actie_verzoek(kompas, {"Authorization": "Bearer raden-helpt-niet"})[0] == 401
    status, antwoord = _actie_verzoek(kompas, {"Authorization": f"Bearer {kompas.env['KOMPAS_ACTIONS_TOKEN']}"})
    assert status == 200
    assert "griffier" in json.dumps(antwoord, ensure_ascii=False).lower()


def _luisterende_adressen(poorten: set[int]) -> list[tuple[str, int]]:
    """(hex address, port) of every listening TCP socket on these ports."""
    gevonden = []
    for bestand in ("/proc/net/tcp", "/proc/net/tcp6"):
        pad = Path(bestand)
        if not pad.exists():
            continue
        for regel in pad.read_text().splitlines()[1:]:
            velden = regel.split()
            adres, poort_hex = velden[1].rsplit(":", 1)
            if velden[3] == "0A" and int(poort_hex, 16) in poorten:  # 0A = LISTEN
                gevonden.append((adres, int(poort_hex, 16)))
    return gevonden


def test_no_process_listens_on_a_wildcard_address(kompas: Kompas) -> None:
    poorten = {int(kompas.env[k]) for k in ("KOMPAS_RASA_PORT", "KOMPAS_ACTIONS_PORT", "KOMPAS_WEB_PORT")}
    luisteren = _luisterende_adressen(poorten)
    assert {p for _, p in luisteren} == poorten, f"niet alle processen luisteren: {luisteren}"
    assert [a for a, _ in luisteren if a in WILDCARD] == [], luisteren


def _duw(kompas: Kompas, kop: dict[str, str], gesprekken: object) -> tuple[int, dict]:
    return _post_json(f"{kompas.rasa_url}/webhooks/socketio/duw", {"gesprekken": gesprekken}, kop)


def test_only_kompas_itself_can_push_a_round_into_the_chats(kompas: Kompas) -> None:
    gesprek = ["0123456789abcdef0123456789abcdef"]
    assert _duw(kompas, {}, gesprek)[0] == 401
    assert _duw(kompas, {"Authorization": "Bearer raden-helpt-niet"}, gesprek)[0] == 401
    echt = {"Authorization": f"Bearer {kompas.env['KOMPAS_ACTIONS_TOKEN']}"}
    assert _duw(kompas, echt, "geen lijst")[0] == 400
    # Ids the widget could never have (self-chosen) are left out.
    assert _duw(kompas, echt, [*gesprek, "jan", "1"]) == (202, {"gestuurd": 1})
