"""Rasa actions for the checklists (``checklist_form``): one item at a time,
answered ja / deels / nee; nevenfuncties asks the items once per function."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import storage
from bot.begrippen import hulp
from bot.checklists import Checklist, checklists, interpreteer_antwoord, uitkomsten
from bot.taal import normaliseer

KLAAR = "klaar"
MAX_ONDUIDELIJK = 2
MAX_FUNCTIE_LENGTE = 120
# Phases of a checklist: asking for a function's name, asking an item, asking
# whether there is another function.
FUNCTIE, ITEM, NOG_EEN = "functie", "item", "nog_een"
JA_DEELS_NEE = [
    {"title": "Ja", "payload": "ja"},
    {"title": "Deels", "payload": "deels"},
    {"title": "Nee", "payload": "nee"},
]


def checklist_knoppen() -> list[dict[str, str]]:
    return [{"title": c.titel, "payload": f'/start_checklist{{"checklist":"{c.id}"}}'} for c in checklists().values()]


def huidige_checklist(tracker: Tracker) -> Checklist | None:
    return checklists().get(tracker.get_slot("checklist_id") or "")


class ActionStartChecklist(Action):
    def name(self) -> str:
        return "action_start_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        gevraagd = next(tracker.get_latest_entity_values("checklist"), None)
        checklist = checklists().get(gevraagd or "")
        if checklist is None:
            dispatcher.utter_message(response="utter_welke_checklist", buttons=checklist_knoppen())
            # Keeps the form from starting (see the rule "checklist kiezen").
            return [SlotSet("checklist_id", None), SlotSet("checklist_antwoord", KLAAR)]
        dispatcher.utter_message(text=checklist.intro)
        return [
            SlotSet("checklist_id", checklist.id),
            SlotSet("checklist_antwoord", None),
            SlotSet("checklist_antwoorden", []),
            SlotSet("checklist_stap", 0),
            SlotSet("checklist_fase", FUNCTIE if checklist.per_functie else ITEM),
            SlotSet("checklist_functie", None),
            SlotSet("checklist_pogingen", 0),
        ]


class ActionAskChecklistAntwoord(Action):
    def name(self) -> str:
        return "action_ask_checklist_antwoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        checklist = huidige_checklist(tracker)
        if checklist is None:
            return []
        fase = tracker.get_slot("checklist_fase")
        if fase == FUNCTIE:
            dispatcher.utter_message(text=checklist.vraag_functie)
        elif fase == NOG_EEN:
            dispatcher.utter_message(
                response="utter_checklist_nog_een_functie",
                buttons=[{"title": "Ja", "payload": "ja"}, {"title": "Nee, klaar", "payload": "nee"}],
            )
        else:
            stap = int(tracker.get_slot("checklist_stap") or 0)
            item = checklist.items[min(stap, len(checklist.items) - 1)]
            functie = tracker.get_slot("checklist_functie")
            kop = f"Vraag {stap + 1} van {len(checklist.items)}" + (f" · {functie}" if functie else "")
            dispatcher.utter_message(text=f"{kop}\n{item.vraag}", buttons=JA_DEELS_NEE)
        return []


class ValidateChecklistForm(FormValidationAction):
    def name(self) -> str:
        return "validate_checklist_form"

    async def validate_checklist_antwoord(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        checklist = huidige_checklist(tracker)
        if value is None or checklist is None:
            return {}
        tekst = str(value).strip()
        fase = tracker.get_slot("checklist_fase")
        stap = int(tracker.get_slot("checklist_stap") or 0)
        antwoorden = list(tracker.get_slot("checklist_antwoorden") or [])
        intent = (tracker.latest_message.get("intent") or {}).get("name")

        if fase == FUNCTIE:
            if not normaliseer(tekst) or tekst.startswith("/"):
                return self._onduidelijk(dispatcher, tracker, "utter_checklist_functie_leeg")
            return {
                "checklist_antwoord": None,
                "checklist_functie": tekst[:MAX_FUNCTIE_LENGTE],
                "checklist_fase": ITEM,
                "checklist_stap": 0,
            }

        if intent == "terug" or normaliseer(tekst) in ("terug", "vorige"):
            if fase == ITEM and stap > 0:
                return {"checklist_antwoord": None, "checklist_stap": stap - 1, "checklist_antwoorden": antwoorden[:-1]}
            dispatcher.utter_message(response="utter_checklist_eerste_vraag")
            return {"checklist_antwoord": None}

        antwoord = interpreteer_antwoord(tekst)
        if antwoord is None:
            return self._onduidelijk(dispatcher, tracker, "utter_checklist_onduidelijk")

        if fase == NOG_EEN:
            if antwoord == "ja":
                return {
                    "checklist_antwoord": None,
                    "checklist_fase": FUNCTIE,
                    "checklist_functie": None,
                    "checklist_pogingen": 0,
                }
            return {"checklist_antwoord": KLAAR}

        item = checklist.items[min(stap, len(checklist.items) - 1)]
        antwoorden.append({"item": item.id, "antwoord": antwoord, "functie": tracker.get_slot("checklist_functie")})
        klaar_met_items = stap + 1 >= len(checklist.items)
        if not klaar_met_items:
            return {
                "checklist_antwoord": None,
                "checklist_antwoorden": antwoorden,
                "checklist_stap": stap + 1,
                "checklist_pogingen": 0,
            }
        if checklist.per_functie:
            return {
                "checklist_antwoord": None,
                "checklist_antwoorden": antwoorden,
                "checklist_fase": NOG_EEN,
                "checklist_pogingen": 0,
            }
        return {"checklist_antwoord": KLAAR, "checklist_antwoorden": antwoorden}

    @staticmethod
    def _onduidelijk(dispatcher: CollectingDispatcher, tracker: Tracker, response: str) -> dict[str, Any]:
        pogingen = int(tracker.get_slot("checklist_pogingen") or 0) + 1
        dispatcher.utter_message(response=response if pogingen < MAX_ONDUIDELIJK else "utter_checklist_stoppen")
        return {"checklist_antwoord": None, "checklist_pogingen": pogingen}


class ActionChecklistSamenvatting(Action):
    """What is fine, what needs attention (advice + rule + source), who can help."""

    def name(self) -> str:
        return "action_checklist_samenvatting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        checklist = huidige_checklist(tracker)
        if checklist is None:
            return []
        lijst = uitkomsten(checklist, list(tracker.get_slot("checklist_antwoorden") or []))
        goed = [u for u in lijst if u.in_orde]
        aandacht = [u for u in lijst if not u.in_orde]
        dispatcher.utter_message(
            response="utter_checklist_samenvatting", titel=checklist.titel, goed=len(goed), aandacht=len(aandacht)
        )
        if goed:
            dispatcher.utter_message(
                text="In orde:\n" + "\n".join(f"✓ {_met_functie(u.item.vraag, u.functie)}" for u in goed)
            )
        for u in aandacht:
            regels = "".join(f"\nRegel: {r.tekst} ({r.bron})" for r in u.item.regels)
            dispatcher.utter_message(
                text=f"Let op: {_met_functie(u.item.vraag, u.functie)} Je zei: {u.antwoord}.\n{u.item.advies}{regels}"
            )
        wie = {h.id: h.wie for h in hulp().hulp}
        helpers = ", ".join(wie[w] for w in checklist.wie_helpt if w in wie)
        dispatcher.utter_message(
            text=f"{checklist.afsluiting}" + (f"\nPraat erover met: {helpers}." if helpers else ""),
            buttons=[{"title": "Terug naar het menu", "payload": "/help"}],
        )
        storage.bewaar_onderdeel(
            tracker.sender_id,
            "checklist",
            {"checklist": checklist.id, "antwoorden": tracker.get_slot("checklist_antwoorden") or []},
        )
        return [SlotSet("checklist_antwoord", None)]


def _met_functie(vraag: str, functie: str | None) -> str:
    return f"[{functie}] {vraag}" if functie else vraag
