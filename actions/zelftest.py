"""Rasa actions for the zelftest. They only translate between Rasa and ``bot.zelftest``."""

from __future__ import annotations

from dataclasses import replace

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formulier import KLAAR, Stappenformulier, Stapvraag
from bot import instellingen, storage
from bot.groepssessie import Sessies
from bot.rapport import zelftest_onderdeel
from bot.stappen import Stand
from bot.teksten import teksten
from bot.zelftest import BlokUitslag, ZelftestContent, ZelftestRoute, antwoorden_van, bereken_uitslag, zelftest

STAND = "zelftest_stand"


def stand_van(tracker: Tracker) -> Stand:
    return Stand.van(tracker.get_slot(STAND))


class ActionStartZelftest(Action):
    """Start the test, or resume it where the user paused."""

    def name(self) -> str:
        return "action_start_zelftest"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        content = zelftest()
        stand = stand_van(tracker)
        if tracker.active_loop.get("name") == "zelftest_form":
            dispatcher.utter_message(response="utter_zelftest_al_bezig")
            return []
        if tracker.get_slot("zelftest_antwoord") != KLAAR and 0 < stand.positie < content.aantal:
            dispatcher.utter_message(response="utter_zelftest_verder", nummer=stand.positie + 1)
            return [SlotSet("zelftest_antwoord", None), SlotSet(STAND, replace(stand, pogingen=0).als_slot())]
        dispatcher.utter_message(text=content.intro)
        return nieuwe_test()


def nieuwe_test() -> list[EventType]:
    return [SlotSet("zelftest_antwoord", None), SlotSet(STAND, Stand().als_slot())]


class ActionAskZelftestAntwoord(Stapvraag):
    """Ask the current statement with progress and answer buttons."""

    stand_slot = STAND

    def name(self) -> str:
        return "action_ask_zelftest_antwoord"

    def route(self, tracker: Tracker, stand: Stand) -> ZelftestRoute:
        return ZelftestRoute()


class ValidateZelftestForm(Stappenformulier):
    """Files each answer and moves on; the engine handles terug, overslaan and opnieuw."""

    formulier = "zelftest_form"
    antwoord_slot = "zelftest_antwoord"
    stand_slot = STAND

    def route(self, tracker: Tracker, stand: Stand) -> ZelftestRoute:
        return ZelftestRoute()


class ActionZelftestRapport(Action):
    """The report: picture, colour per block, advice, reading and werkvormen."""

    def name(self) -> str:
        return "action_zelftest_rapport"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        content = zelftest()
        antwoorden = antwoorden_van(tracker.get_slot(STAND), content)
        if all(a is None for a in antwoorden):
            dispatcher.utter_message(response="utter_zelftest_niets_ingevuld")
            return nieuwe_test()
        uitslag = bereken_uitslag(antwoorden, content)
        token = storage.rapport_token(tracker.sender_id)
        onderdeel_id = storage.bewaar_onderdeel(tracker.sender_id, "zelftest", zelftest_onderdeel(antwoorden))

        # A compact card: the picture, a line per block, the reading, the link and the
        # buttons. The tips and every answer are on the report page.
        dispatcher.utter_message(response="utter_zelftest_klaar")
        web_url = instellingen.web_url()
        dispatcher.utter_message(image=f"{web_url}/rapport/{token}/zelftest/{onderdeel_id}.svg")
        if Sessies().deel_als_spiegel(tracker.sender_id, uitslag):
            dispatcher.utter_message(response="utter_sessie_zelftest_gedeeld")
        knoppen = [
            {"title": werkvorm_titel(content, w), "payload": content.werkvormen[w].payload} for w in uitslag.werkvormen
        ]
        dispatcher.utter_message(
            response="utter_zelftest_kaart",
            blokken="\n".join(blokregel(blok) for blok in uitslag.blokken),
            lezing=uitslag.lezing_tekst,
            link=f"{web_url}/rapport/{token}",
            buttons=knoppen,
        )
        return []


def blokregel(blok: BlokUitslag) -> str:
    """'Startpunt: oranje (2 tips op je pagina)'."""
    k = teksten().koppen
    kleur = blok.kleur or teksten().blok_niet_ingevuld
    aantal = len(blok.aandachtspunten)
    sjabloon = k.zelftest_blok if aantal == 0 else k.zelftest_blok_tip if aantal == 1 else k.zelftest_blok_tips
    return sjabloon.format(blok=blok.naam, kleur=kleur, aantal=aantal)


def werkvorm_titel(content: ZelftestContent, naam: str) -> str:
    werkvorm = content.werkvormen[naam]
    return werkvorm.titel if werkvorm.beschikbaar else f"{werkvorm.titel} (komt binnenkort)"


class ActionWaaromDezeVraag(Action):
    """'Waarom vraag je dit?': what the test and the current block are about."""

    def name(self) -> str:
        return "action_waarom_deze_vraag"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        content = zelftest()
        tekst = content.waarom
        if tracker.active_loop.get("name") == "zelftest_form":
            blok, _ = content.stellingen[min(stand_van(tracker).positie, content.aantal - 1)]
            tekst = f"{tekst}\n\n{blok.uitleg}"
        dispatcher.utter_message(text=tekst)
        return []
