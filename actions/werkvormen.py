"""Rasa actions for the werkvormen (``werkvorm_form``): one step at a time on the step
engine, in the user's own words, ending in a summary card that is kept in the
personal report. What differs per werkvorm is in ``data/werkvormen/<id>.yml``."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formulier import KLAAR, Stappenformulier, Stapvraag, bewaar, intent_van, rapport_link
from bot.casussen import bibliotheek
from bot.stappen import Stand
from bot.werkvormen import WerkvormRoute, werkvorm_bij_intent, werkvormen
from bot.zelftest import aandachtspunten

STAND = "werkvorm_stand"


def route_van(tracker: Tracker, stand: Stand) -> WerkvormRoute | None:
    werkvorm = werkvormen().get(stand.route or "")
    if werkvorm is None:
        return None
    casus = bibliotheek().get(stand.context.get("casus"))
    return WerkvormRoute(
        werkvorm,
        keuzes=tuple(stand.context.get("keuzes") or ()),
        varianten=tuple(v.vraag for v in casus.varianten) if casus else (),
    )


class ActionStartWerkvorm(Action):
    def name(self) -> str:
        return "action_start_werkvorm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        gevraagd = next(tracker.get_latest_entity_values("werkvorm"), None)
        werkvorm = werkvorm_bij_intent(intent_van(tracker)) or werkvormen().get(gevraagd or "")
        if werkvorm is None:
            dispatcher.utter_message(
                response="utter_welke_werkvorm",
                buttons=[
                    {"title": w.titel, "payload": f'/start_werkvorm{{"werkvorm":"{w.id}"}}'}
                    for w in werkvormen().values()
                ],
            )
            return [SlotSet(STAND, None), SlotSet("werkvorm_antwoord", KLAAR)]

        antwoorden: dict[str, str] = {}
        context: dict[str, object] = {}
        casus_id = next(tracker.get_latest_entity_values("werkvorm_casus"), None)
        casus = bibliotheek().get(casus_id) if casus_id else None
        dispatcher.utter_message(text=f"{werkvorm.titel}\n\n{werkvorm.intro}")
        if casus is not None and werkvorm.op_casus:
            # On a casus: its situation is the first step, already filled in.
            antwoorden[werkvorm.stappen[0].id] = casus.situatie
            context["casus"] = casus.id
            dispatcher.utter_message(response="utter_werkvorm_op_casus", titel=casus.titel, situatie=casus.situatie)
        if any(s.keuzes_uit_zelftest for s in werkvorm.stappen):
            keuzes = aandachtspunten(tracker.get_slot("zelftest_stand"))
            if keuzes:
                context["keuzes"] = keuzes
                dispatcher.utter_message(response="utter_werkvorm_keuzes_uit_zelftest")
        stand = Stand(route=werkvorm.id, positie=len(antwoorden), antwoorden=antwoorden, context=context)
        return [SlotSet(STAND, stand.als_slot()), SlotSet("werkvorm_antwoord", None)]


class ActionAskWerkvormAntwoord(Stapvraag):
    stand_slot = STAND

    def name(self) -> str:
        return "action_ask_werkvorm_antwoord"

    def route(self, tracker: Tracker, stand: Stand) -> WerkvormRoute | None:
        return route_van(tracker, stand)


class ValidateWerkvormForm(Stappenformulier):
    formulier = "werkvorm_form"
    antwoord_slot = "werkvorm_antwoord"
    stand_slot = STAND

    def route(self, tracker: Tracker, stand: Stand) -> WerkvormRoute | None:
        return route_van(tracker, stand)


class ActionWerkvormSamenvatting(Action):
    """The summary card in the user's own words, kept in the personal report."""

    def name(self) -> str:
        return "action_werkvorm_samenvatting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stand = Stand.van(tracker.get_slot(STAND))
        route = route_van(tracker, stand)
        if route is None:
            return [SlotSet("werkvorm_antwoord", None)]
        kaart = bewaar(tracker, route, stand, afgerond=True)
        regels = "\n".join(f"• {r}" for r in kaart["regels"])
        dispatcher.utter_message(text=f"{kaart['titel']}\n\n{regels}")
        dispatcher.utter_message(text=route.werkvorm.samenvatting.afsluiting)
        dispatcher.utter_message(response="utter_werkvorm_in_rapport", link=rapport_link(tracker))
        return [SlotSet("werkvorm_antwoord", None), SlotSet(STAND, None)]
