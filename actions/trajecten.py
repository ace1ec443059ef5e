"""Rasa actions for the trajecten (``traject_form``): voorbereiden op de risicoanalyse,
een vermoeden melden, and whatever a trainer adds under ``data/trajecten/``. One step
at a time on the step engine, ending in a personal overview kept in the report."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formulier import KLAAR, Stappenformulier, Stapvraag, bewaar, intent_van, knoppen, rapport_link
from bot.casussen import bibliotheek
from bot.stappen import Stand
from bot.teksten import teksten
from bot.trajecten import TrajectRoute, traject_bij_intent, trajecten

STAND = "traject_stand"


def route_van(tracker: Tracker, stand: Stand) -> TrajectRoute | None:
    traject = trajecten().get(stand.route or "")
    return TrajectRoute(traject) if traject else None


class ActionStartTraject(Action):
    def name(self) -> str:
        return "action_start_traject"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        gevonden = traject_bij_intent(intent_van(tracker))
        if gevonden is None:
            gevraagd = next(tracker.get_latest_entity_values("traject"), None)
            traject = trajecten().get(gevraagd or "")
            gevonden = (traject, {}) if traject else None
        if gevonden is None:
            dispatcher.utter_message(
                response="utter_welk_traject",
                buttons=knoppen(*((t.titel, f'/start_traject{{"traject":"{t.id}"}}') for t in trajecten().values())),
            )
            return [SlotSet(STAND, None), SlotSet("traject_antwoord", KLAAR)]
        traject, antwoorden = gevonden
        for tekst in [traject.titel, *traject.intro]:
            dispatcher.utter_message(text=tekst)
        # Answers the start already gave ("er is over mij gemeld") are steps done.
        route = TrajectRoute(traject)
        plan = route.plan(antwoorden)
        positie = 0
        while positie < len(plan) and plan[positie].sleutel in antwoorden:
            positie += 1
        stand = Stand(route=traject.id, positie=positie, antwoorden=antwoorden)
        return [SlotSet(STAND, stand.als_slot()), SlotSet("traject_antwoord", None)]


class ActionAskTrajectAntwoord(Stapvraag):
    stand_slot = STAND

    def name(self) -> str:
        return "action_ask_traject_antwoord"

    def route(self, tracker: Tracker, stand: Stand) -> TrajectRoute | None:
        return route_van(tracker, stand)


class ValidateTrajectForm(Stappenformulier):
    formulier = "traject_form"
    antwoord_slot = "traject_antwoord"
    stand_slot = STAND

    def route(self, tracker: Tracker, stand: Stand) -> TrajectRoute | None:
        return route_van(tracker, stand)


class ActionTrajectOverzicht(Action):
    """The personal overview: per aspect the outcome and the measures chosen, the
    questions for the interview, the next steps; kept in the personal report."""

    def name(self) -> str:
        return "action_traject_overzicht"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stand = Stand.van(tracker.get_slot(STAND))
        route = route_van(tracker, stand)
        if route is None:
            return [SlotSet("traject_antwoord", None)]
        kaart = bewaar(tracker, route, stand, afgerond=True) or {}
        t = teksten().traject
        regels = [kaart["inleiding"]]
        for aspect in kaart["aspecten"]:
            maatregelen = f": {', '.join(aspect['maatregelen'])}" if aspect["maatregelen"] else ""
            regels.append(f"• {aspect['titel']}: {aspect['uitkomst']}{maatregelen}")
        regels += [f"• {k['vraag']} {k['antwoord']}" for k in kaart["keuzes"] if not kaart["aspecten"]]
        dispatcher.utter_message(text="\n".join([kaart["titel"], *regels]))
        if kaart["gesprek"]:
            dispatcher.utter_message(text="\n".join([t.gesprek, *(f"• {v}" for v in kaart["gesprek"])]))
        verder = [
            (c.titel, f'/vraag_casus{{"casus":"{c.id}"}}') for c in map(bibliotheek().get, kaart["casussen"]) if c
        ]
        dispatcher.utter_message(text=route.traject.overzicht.afsluiting, buttons=knoppen(*verder[:3]))
        dispatcher.utter_message(response="utter_traject_in_rapport", link=rapport_link(tracker))
        return [SlotSet("traject_antwoord", None), SlotSet(STAND, None)]
