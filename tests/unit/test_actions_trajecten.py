"""Traject actions with Tracker + CollectingDispatcher + the real domain: a start that
already answers a step, the overview in the report (HTML and Markdown), and that
"verwijder mijn gegevens" removes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import actions.trajecten as traject_acties
from actions.algemeen import ActionVerwijderGegevens
from actions.trajecten import ActionStartTraject, ActionTrajectOverzicht, ValidateTrajectForm
from bot import storage
from bot.stappen import Stand, huidige_vraag
from bot.trajecten import Traject, TrajectRoute, laad_traject
from tests.unit.test_actions import DOMAIN, run, slots_uit, tracker

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "traject.yml"


@pytest.fixture(autouse=True)
def traject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Traject:
    tekst = FIXTURE.read_text(encoding="utf-8").replace(
        "  - intent: start_risicoanalyse\n",
        "  - intent: start_risicoanalyse\n  - intent: gemeld_over_mij\n    antwoorden: {rol: wethouder}\n",
    )
    pad = tmp_path / "traject.yml"
    pad.write_text(tekst, encoding="utf-8")
    geladen = laad_traject(pad)
    monkeypatch.setattr(traject_acties, "trajecten", lambda: {geladen.id: geladen})
    monkeypatch.setattr("bot.trajecten.trajecten", lambda: {geladen.id: geladen})
    return geladen


async def antwoord(stand: dict[str, Any], tekst: str, intent: str = "affirm") -> dict[str, Any]:
    t = tracker(tekst, intent, slots={"traject_stand": stand}, active_loop={"name": "traject_form"})
    uit = await ValidateTrajectForm().valideer_antwoord(tekst, *_dt(t))
    return uit["traject_stand"]


def _dt(t: Any) -> tuple:
    from rasa_sdk.executor import CollectingDispatcher

    return CollectingDispatcher(), t, DOMAIN


async def test_a_start_that_already_answers_the_first_step_goes_on_after_it(traject: Traject) -> None:
    dispatcher, events = await run(ActionStartTraject(), tracker("er is over mij gemeld", "gemeld_over_mij"))
    assert [m["text"] for m in dispatcher.messages] == [traject.titel, *traject.intro]
    stand = Stand.van(slots_uit(events)["traject_stand"])
    assert stand.antwoorden == {"rol": "wethouder"}
    assert huidige_vraag(TrajectRoute(traject), stand)[0].sleutel == "wat_is_het"


async def test_an_unknown_traject_offers_the_ones_there_are(traject: Traject) -> None:
    dispatcher, events = await run(ActionStartTraject(), tracker("/start_traject", "start_traject"))
    assert dispatcher.messages[0]["response"] == "utter_welk_traject"
    assert [k["title"] for k in dispatcher.messages[0]["buttons"]] == [traject.titel]
    assert slots_uit(events)["traject_antwoord"] == "klaar"


async def test_the_overview_is_kept_shown_and_deleted(client: Any, traject: Traject) -> None:
    stand = Stand(route=traject.id).als_slot()
    for tekst in ["Kandidaat-wethouder", "verder", "ja hoor", "Openbaar maken", "klaar", "overslaan"]:
        stand = await antwoord(stand, tekst)
    dispatcher, _ = await run(ActionTrajectOverzicht(), tracker("", "affirm", slots={"traject_stand": stand}))
    chat = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    assert "Nevenfuncties: maatregel: Openbaar maken" in chat
    assert "Welke nevenfuncties houd je aan?" in chat
    token = storage.rapport_token("test-gebruiker")
    pagina = client.get(f"/rapport/{token}").text
    assert (
        "Je voorbereiding" in pagina and "Openbaar maken" in pagina and '<th scope="row">Nevenfuncties</th>' in pagina
    )
    markdown = client.get(f"/rapport/{token}.md").text
    assert "- **Nevenfuncties**: maatregel – Openbaar maken" in markdown
    await run(ActionVerwijderGegevens(), tracker("ja", "affirm"))
    assert storage.onderdelen_van("test-gebruiker") == []
    assert client.get(f"/rapport/{token}").status_code == 404
