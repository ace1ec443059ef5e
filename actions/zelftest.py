"""Rasa actions for the zelftest. They only translate between Rasa and ``bot.zelftest``."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import instellingen, storage
from bot.groepssessie import Sessies
from bot.rapport import zelftest_onderdeel
from bot.zelftest import ZelftestContent, bereken_uitslag, interpreteer, zelftest

KLAAR = "klaar"  # value of zelftest_antwoord once every statement has been handled
# After this many unclear answers in a row the user is offered to skip or stop.
MAX_ONDUIDELIJK = 2


web_url = instellingen.web_url


def antwoorden_van(tracker: Tracker, content: ZelftestContent) -> list[int | None]:
    opgeslagen = tracker.get_slot("zelftest_antwoorden")
    if isinstance(opgeslagen, list) and len(opgeslagen) == content.aantal:
        return list(opgeslagen)
    return [None] * content.aantal


def vraag_van(tracker: Tracker) -> int:
    try:
        return int(tracker.get_slot("zelftest_vraag") or 0)
    except (TypeError, ValueError):
        return 0


def schaal_knoppen(content: ZelftestContent) -> list[dict[str, str]]:
    return [{"title": f"{p.waarde} · {p.label}", "payload": str(p.waarde)} for p in content.schaal]


class ActionStartZelftest(Action):
    """Start the test, or resume it where the user paused."""

    def name(self) -> str:
        return "action_start_zelftest"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        content = zelftest()
        vraag = vraag_van(tracker)
        bezig = tracker.active_loop.get("name") == "zelftest_form"
        if bezig:
            dispatcher.utter_message(response="utter_zelftest_al_bezig")
            return []
        if tracker.get_slot("zelftest_antwoord") != KLAAR and 0 < vraag < content.aantal:
            dispatcher.utter_message(response="utter_zelftest_verder", nummer=vraag + 1)
            return [SlotSet("zelftest_antwoord", None), SlotSet("zelftest_pogingen", 0)]
        dispatcher.utter_message(text=content.intro)
        return nieuwe_test(content)


def nieuwe_test(content: ZelftestContent) -> list[EventType]:
    return [
        SlotSet("zelftest_antwoord", None),
        SlotSet("zelftest_antwoorden", [None] * content.aantal),
        SlotSet("zelftest_vraag", 0),
        SlotSet("zelftest_pogingen", 0),
    ]


class ActionAskZelftestAntwoord(Action):
    """Ask the current statement with progress and answer buttons."""

    def name(self) -> str:
        return "action_ask_zelftest_antwoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        content = zelftest()
        vraag = min(vraag_van(tracker), content.aantal - 1)
        blok, stelling = content.stellingen[vraag]
        dispatcher.utter_message(
            response="utter_zelftest_vraag",
            nummer=vraag + 1,
            totaal=content.aantal,
            blok=blok.naam,
            stelling=stelling.tekst,
            buttons=schaal_knoppen(content),
        )
        return []


class ValidateZelftestForm(FormValidationAction):
    """Files each answer and moves on; handles terug, overslaan and opnieuw."""

    def name(self) -> str:
        return "validate_zelftest_form"

    async def validate_zelftest_antwoord(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # reset by action_start_zelftest, not typed by the user
            return {}
        content = zelftest()
        antwoorden = antwoorden_van(tracker, content)
        vraag = min(vraag_van(tracker), content.aantal - 1)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        uitleg = interpreteer(str(value), content)
        soort = {"terug": "terug", "overslaan": "overslaan"}.get(intent, uitleg.soort)

        if soort == "terug":
            if vraag == 0:
                dispatcher.utter_message(response="utter_zelftest_eerste_vraag")
            return self._naar(max(vraag - 1, 0), antwoorden)
        if soort == "opnieuw":
            dispatcher.utter_message(response="utter_zelftest_opnieuw")
            return self._naar(0, [None] * content.aantal)
        if soort == "overslaan":
            antwoorden[vraag] = None
            return self._naar(vraag + 1, antwoorden, content.aantal)
        if soort == "score":
            antwoorden[vraag] = uitleg.score
            return self._naar(vraag + 1, antwoorden, content.aantal)

        pogingen = int(tracker.get_slot("zelftest_pogingen") or 0) + 1
        if pogingen >= MAX_ONDUIDELIJK:
            dispatcher.utter_message(response="utter_zelftest_nog_steeds_onduidelijk")
        else:
            dispatcher.utter_message(response="utter_zelftest_onduidelijk", uitleg_schaal=content.uitleg_schaal)
        return {"zelftest_antwoord": None, "zelftest_pogingen": pogingen}

    @staticmethod
    def _naar(vraag: int, antwoorden: list[int | None], aantal: int | None = None) -> dict[str, Any]:
        klaar = aantal is not None and vraag >= aantal
        return {
            "zelftest_antwoord": KLAAR if klaar else None,
            "zelftest_antwoorden": antwoorden,
            "zelftest_vraag": min(vraag, aantal - 1) if klaar else vraag,
            "zelftest_pogingen": 0,
        }


class ActionZelftestRapport(Action):
    """The report: picture, colour per block, advice, reading and werkvormen."""

    def name(self) -> str:
        return "action_zelftest_rapport"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        content = zelftest()
        antwoorden = antwoorden_van(tracker, content)
        if all(a is None for a in antwoorden):
            dispatcher.utter_message(response="utter_zelftest_niets_ingevuld")
            return nieuwe_test(content)
        uitslag = bereken_uitslag(antwoorden, content)
        token = storage.rapport_token(tracker.sender_id)
        onderdeel_id = storage.bewaar_onderdeel(tracker.sender_id, "zelftest", zelftest_onderdeel(antwoorden))

        dispatcher.utter_message(response="utter_zelftest_klaar")
        dispatcher.utter_message(image=f"{web_url()}/rapport/{token}/zelftest/{onderdeel_id}.svg")
        for blok in uitslag.blokken:
            if blok.kleur is None:
                dispatcher.utter_message(response="utter_zelftest_blok_leeg", blok=blok.naam)
                continue
            dispatcher.utter_message(response="utter_zelftest_blok", blok=blok.naam, kleur=blok.kleur)
            if blok.aandachtspunten:
                tips = "\n".join(f"• {s.advies}" for s in blok.aandachtspunten)
                dispatcher.utter_message(text=f"{blok.naam} – tips:\n{tips}\n\n{blok.afsluiting}")
        dispatcher.utter_message(response="utter_zelftest_lezing", lezing=uitslag.lezing_tekst)
        if Sessies().deel_als_spiegel(tracker.sender_id, uitslag):
            dispatcher.utter_message(response="utter_sessie_zelftest_gedeeld")
        dispatcher.utter_message(response="utter_zelftest_rapportlink", link=f"{web_url()}/rapport/{token}")
        knoppen = [
            {"title": werkvorm_titel(content, w), "payload": content.werkvormen[w].payload} for w in uitslag.werkvormen
        ]
        dispatcher.utter_message(response="utter_zelftest_werkvormen", buttons=knoppen)
        return []


def werkvorm_titel(content: ZelftestContent, naam: str) -> str:
    werkvorm = content.werkvormen[naam]
    return werkvorm.titel if werkvorm.beschikbaar else f"{werkvorm.titel} (komt binnenkort)"


class ActionZelftestGepauzeerd(Action):
    def name(self) -> str:
        return "action_zelftest_gepauzeerd"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        content = zelftest()
        antwoorden = antwoorden_van(tracker, content)
        beantwoord = sum(1 for a in antwoorden if a is not None)
        dispatcher.utter_message(response="utter_zelftest_gepauzeerd", aantal=beantwoord, totaal=content.aantal)
        return [SlotSet("zelftest_antwoord", None)]


class ActionWaaromDezeVraag(Action):
    """'Waarom vraag je dit?': what the test and the current block are about."""

    def name(self) -> str:
        return "action_waarom_deze_vraag"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        content = zelftest()
        tekst = content.waarom
        if tracker.active_loop.get("name") == "zelftest_form":
            blok, _ = content.stellingen[min(vraag_van(tracker), content.aantal - 1)]
            tekst = f"{tekst}\n\n{blok.uitleg}"
        dispatcher.utter_message(text=tekst)
        return []
