"""Rasa actions for the checklists (``checklist_form``): one item at a time on the step
engine, answered ja / deels / nee; a checklist per function asks the items once per
function. The texts around the items come from ``data/teksten.yml``."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formulier import KLAAR, Stappenformulier, Stapvraag, bewaar, knoppen
from bot.begrippen import hulp
from bot.checklists import ChecklistRoute, checklists, uitkomsten
from bot.stappen import Stand
from bot.teksten import teksten

STAND = "checklist_stand"


def checklist_knoppen() -> list[dict[str, str]]:
    return knoppen(*((c.titel, f'/start_checklist{{"checklist":"{c.id}"}}') for c in checklists().values()))


def route_van(tracker: Tracker, stand: Stand) -> ChecklistRoute | None:
    checklist = checklists().get(stand.route or "")
    return ChecklistRoute(checklist) if checklist else None


class ActionStartChecklist(Action):
    def name(self) -> str:
        return "action_start_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        gevraagd = next(tracker.get_latest_entity_values("checklist"), None)
        checklist = checklists().get(gevraagd or "")
        if checklist is None:
            dispatcher.utter_message(response="utter_welke_checklist", buttons=checklist_knoppen())
            # Keeps the form from starting (see the rule "checklist kiezen").
            return [SlotSet(STAND, None), SlotSet("checklist_antwoord", KLAAR)]
        kop = teksten().koppen.checklist_start.format(titel=checklist.titel)
        dispatcher.utter_message(text=f"{kop}\n\n{checklist.intro}")
        return [SlotSet(STAND, Stand(route=checklist.id).als_slot()), SlotSet("checklist_antwoord", None)]


class ActionAskChecklistAntwoord(Stapvraag):
    stand_slot = STAND

    def name(self) -> str:
        return "action_ask_checklist_antwoord"

    def route(self, tracker: Tracker, stand: Stand) -> ChecklistRoute | None:
        return route_van(tracker, stand)


class ValidateChecklistForm(Stappenformulier):
    formulier = "checklist_form"
    antwoord_slot = "checklist_antwoord"
    stand_slot = STAND

    def route(self, tracker: Tracker, stand: Stand) -> ChecklistRoute | None:
        return route_van(tracker, stand)


class ActionChecklistSamenvatting(Action):
    """What is fine, what needs attention (advice + rule + source), who can help."""

    def name(self) -> str:
        return "action_checklist_samenvatting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stand = Stand.van(tracker.get_slot(STAND))
        route = route_van(tracker, stand)
        if route is None:
            return []
        checklist, t = route.checklist, teksten().checklist
        antwoorden = route.antwoorden(stand)
        lijst = uitkomsten(checklist, antwoorden)
        goed = [u for u in lijst if u.in_orde]
        aandacht = [u for u in lijst if not u.in_orde]

        def vraag(u: object) -> str:
            return t.met_functie.format(functie=u.functie, vraag=u.item.vraag) if u.functie else u.item.vraag

        dispatcher.utter_message(
            response="utter_checklist_samenvatting", titel=checklist.titel, goed=len(goed), aandacht=len(aandacht)
        )
        if goed:
            dispatcher.utter_message(
                text="\n".join([t.in_orde, *(t.punt_in_orde.format(vraag=vraag(u)) for u in goed)])
            )
        for u in aandacht:
            regels = [t.regel.format(tekst=r.tekst, bron=r.bron) for r in u.item.regels]
            let_op = t.let_op.format(vraag=vraag(u), antwoord=u.antwoord)
            dispatcher.utter_message(text="\n".join([let_op, u.item.advies, *regels]))
        wie = {h.id: h.wie for h in hulp().hulp}
        helpers = ", ".join(wie[w] for w in checklist.wie_helpt if w in wie)
        afsluiting = [checklist.afsluiting] + ([t.praat_erover_met.format(wie=helpers)] if helpers else [])
        dispatcher.utter_message(text="\n".join(afsluiting), buttons=knoppen((teksten().knoppen.menu, "/help")))
        bewaar(tracker, route, stand, afgerond=True)
        return [SlotSet("checklist_antwoord", None), SlotSet(STAND, None)]
