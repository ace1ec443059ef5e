"""'Stop' in the middle of a guided flow, handled once for every flow: pause, stop, or
ask whether to keep what was written (data/teksten.yml, bij_stoppen), and then keep it
in the personal report or throw it away."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formulier import Stappenformulier, bewaar, intent_van, rapport_link
from bot.stappen import NA_STOPPEN, Stand
from bot.teksten import teksten

TE_BEWAREN = "te_bewaren"  # the form whose answers wait for "bewaren?"


def gestopt_formulier(tracker: Tracker) -> str | None:
    """The guided flow's form that was active last (the stop rule has just deactivated it)."""
    for event in reversed(tracker.events):
        naam = event.get("name") if event.get("event") == "active_loop" else None
        if naam in Stappenformulier.per_formulier:
            return naam
    return None


def route_en_stand(tracker: Tracker, formulier: str | None) -> tuple[Any, Stand, str] | None:
    validator = Stappenformulier.per_formulier.get(formulier or "")
    if validator is None:
        return None
    stand = Stand.van(tracker.get_slot(validator.stand_slot))
    route = validator().route(tracker, stand)
    return (route, stand, validator.stand_slot) if route is not None else None


class ActionStoppen(Action):
    """After 'stop' in a flow: what the content says for that flow."""

    def name(self) -> str:
        return "action_stoppen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        formulier = gestopt_formulier(tracker)
        gevonden = route_en_stand(tracker, formulier)
        if gevonden is None:
            dispatcher.utter_message(response="utter_kort_nee")
            return [SlotSet(TE_BEWAREN, None)]
        route, stand, stand_slot = gevonden
        wat = teksten().bij_stoppen.get(route.naam, "stoppen")
        if wat == "vragen" and route.rapport(stand, afgerond=False) is not None:
            dispatcher.utter_message(response="utter_stoppen_bewaren_vraag")
            return [SlotSet(TE_BEWAREN, formulier)]
        if wat == "pauzeren":
            dispatcher.utter_message(response=f"utter_{route.naam}_{NA_STOPPEN[wat]}", **route.voortgang(stand))
            return [SlotSet(TE_BEWAREN, None)]
        dispatcher.utter_message(response=f"utter_{route.naam}_{NA_STOPPEN[wat]}")
        return [SlotSet(TE_BEWAREN, None), SlotSet(stand_slot, None)]


class ActionNaStoppen(Action):
    """'Ja' or 'nee' right after 'stop': keep or throw away. Without a question
    (a paused zelftest) it is a short answer like any other."""

    def name(self) -> str:
        return "action_na_stoppen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        ja = intent_van(tracker) == "affirm"
        gevonden = route_en_stand(tracker, tracker.get_slot(TE_BEWAREN))
        if gevonden is None:
            dispatcher.utter_message(response="utter_kort_ja" if ja else "utter_kort_nee")
            return []
        route, stand, stand_slot = gevonden
        if ja and bewaar(tracker, route, stand, afgerond=False):
            dispatcher.utter_message(response="utter_stoppen_bewaard", link=rapport_link(tracker))
        else:
            dispatcher.utter_message(response="utter_stoppen_weggegooid")
        return [SlotSet(TE_BEWAREN, None), SlotSet(stand_slot, None)]
