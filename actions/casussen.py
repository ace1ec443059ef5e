"""Rasa actions for the case library: finding a casus, its toelichting and
variants, and playing its story scène by scène on the step engine (``verhaal_form``)."""

from __future__ import annotations

import asyncio

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formulier import KLAAR, Stappenformulier, Stapvraag, knoppen
from bot.casussen import Casus, VerhaalRoute, bibliotheek, themas, zoekwoorden
from bot.checklists import checklists
from bot.stappen import Stand, langste_frase
from bot.teksten import teksten
from bot.werkvormen import werkvormen_op_casus

STAND = "verhaal_stand"


def thema_knoppen() -> list[dict[str, str]]:
    namen = themas().themas
    return knoppen(*((namen[t], f'/vraag_casus{{"thema":"{t}"}}') for t in bibliotheek().themas()))


def huidige_casus(tracker: Tracker) -> Casus | None:
    return bibliotheek().get(tracker.get_slot("casus_id"))


def casus_knoppen(casus: Casus) -> list[dict[str, str]]:
    """What can be done with a casus; which werkvormen is content (its links and the
    werkvormen's ``op_casus``)."""
    t = teksten().knoppen
    paren = [(t.speel_verhaal, "/speel_verhaal")] if casus.verhaal else []
    paren.append((t.toelichting, "/vraag_toelichting"))
    if casus.varianten:
        paren.append((t.variant, "/vraag_variant"))
    for werkvorm in werkvormen_op_casus(casus.links.werkvormen):
        payload = f'/start_werkvorm{{"werkvorm":"{werkvorm.id}","werkvorm_casus":"{casus.id}"}}'
        paren.append((werkvorm.op_casus.knop, payload))
    paren.append((t.nog_een_casus, "/vraag_casus"))
    return knoppen(*paren)


class ActionToonCasus(Action):
    """Find a casus by thema, rol or keyword (or at random) and show it.

    "Nog een" never repeats a casus within the conversation."""

    def name(self) -> str:
        return "action_toon_casus"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        bib = bibliotheek()
        tekst = tracker.latest_message.get("text") or ""
        thema = next(tracker.get_latest_entity_values("thema"), None)
        rol = next(tracker.get_latest_entity_values("rol"), None)
        nog_een = (tekst.startswith("/vraag_casus") and not (thema or rol)) or langste_frase(
            tekst, {"ja": teksten().commandos.nog_een_casus}
        )
        if nog_een and not (thema or rol):
            thema, rol = tracker.get_slot("casus_thema"), tracker.get_slot("casus_rol")
        if thema and thema not in themas().themas:
            thema = None
        gezien = list(tracker.get_slot("casus_gezien") or [])
        trefwoord = None if (thema or rol or nog_een or tekst.startswith("/")) else tekst

        # A button under an overview names one casus by its id.
        casus = bib.get(next(tracker.get_latest_entity_values("casus"), None) or "")
        if casus is None:
            # The keyword search runs beside the event loop: other users' turns go on.
            casus = await asyncio.to_thread(bib.kies, thema=thema, rol=rol, trefwoord=trefwoord, uitsluiten=gezien)
        if casus is None and trefwoord and not await asyncio.to_thread(bib.zoek, trefwoord=trefwoord):
            # Not a known theme or keyword: a plain "geef me een casus" gets any casus,
            # a specific unknown subject gets the list of themes.
            if _vraagt_iets_specifieks(tekst):
                dispatcher.utter_message(response="utter_casus_onbekend_thema", buttons=thema_knoppen())
                return []
            casus = bib.kies(uitsluiten=gezien)
        if casus is None:
            if bib.zoek(thema=thema, rol=rol):
                dispatcher.utter_message(response="utter_casus_alles_gezien", buttons=thema_knoppen())
            else:
                dispatcher.utter_message(response="utter_casus_onbekend_thema", buttons=thema_knoppen())
            return []

        in_zelftest = tracker.active_loop.get("name") == "zelftest_form"
        kop = casus.titel
        if thema:
            kop = teksten().koppen.casus_over.format(thema=themas().themas[thema], titel=casus.titel)
        dispatcher.utter_message(text=f"{kop}\n\n{casus.situatie}")
        vragen = "\n".join(f"• {v}" for v in casus.vragen)
        if in_zelftest:
            dispatcher.utter_message(text=vragen)
            dispatcher.utter_message(response="utter_casus_na_zelftest")
        else:
            dispatcher.utter_message(text=vragen, buttons=casus_knoppen(casus))
        return [
            SlotSet("casus_id", casus.id),
            SlotSet("casus_gezien", [*gezien, casus.id]),
            SlotSet("casus_thema", thema),
            SlotSet("casus_rol", rol),
            SlotSet("casus_variant", 0),
        ]


def _vraagt_iets_specifieks(tekst: str) -> bool:
    """'casus over voetbal' names a subject; 'geef me een casus' does not."""
    return bool(zoekwoorden(tekst))


class ActionCasusToelichting(Action):
    def name(self) -> str:
        return "action_casus_toelichting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        casus = huidige_casus(tracker)
        if casus is None:
            dispatcher.utter_message(response="utter_eerst_een_casus", buttons=thema_knoppen())
            return []
        dispatcher.utter_message(text=casus.toelichting)
        regels = "\n".join(f"• {r.tekst} ({r.bron})" for r in casus.regels)
        lijsten = checklists()
        paren = [
            (lijsten[c].titel, f'/start_checklist{{"checklist":"{c}"}}') for c in casus.links.checklists if c in lijsten
        ]
        paren.append((teksten().knoppen.nog_een_casus, "/vraag_casus"))
        dispatcher.utter_message(response="utter_casus_regels", regels=regels, buttons=knoppen(*paren))
        return []


class ActionCasusVariant(Action):
    """The next "Maar wat als …?" of the current casus."""

    def name(self) -> str:
        return "action_casus_variant"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        casus = huidige_casus(tracker)
        if casus is None:
            dispatcher.utter_message(response="utter_eerst_een_casus", buttons=thema_knoppen())
            return []
        if not casus.varianten:
            dispatcher.utter_message(response="utter_casus_geen_variant", buttons=casus_knoppen(casus))
            return []
        nummer = int(tracker.get_slot("casus_variant") or 0)
        variant = casus.varianten[nummer % len(casus.varianten)]
        dispatcher.utter_message(text=variant.vraag)
        dispatcher.utter_message(text=variant.toelichting, buttons=casus_knoppen(casus))
        return [SlotSet("casus_variant", nummer + 1)]


class ActionCasusReactie(Action):
    """A short answer ("ja", "nee", "klopt") to the questions of the casus just shown."""

    def name(self) -> str:
        return "action_casus_reactie"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        casus = huidige_casus(tracker)
        if casus is None:
            dispatcher.utter_message(response="utter_kort_ja")
            return []
        dispatcher.utter_message(response="utter_casus_reactie", buttons=casus_knoppen(casus))
        return []


# --- the story -------------------------------------------------------------------------


def route_van(tracker: Tracker, stand: Stand) -> VerhaalRoute | None:
    casus = bibliotheek().get(stand.route)
    return VerhaalRoute(casus) if casus is not None and casus.verhaal is not None else None


class ActionStartVerhaal(Action):
    def name(self) -> str:
        return "action_start_verhaal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        casus = huidige_casus(tracker)
        if casus is None or casus.verhaal is None:
            dispatcher.utter_message(response="utter_casus_geen_verhaal", buttons=thema_knoppen())
            return [SlotSet("casus_keuze", KLAAR), SlotSet(STAND, None)]
        return [SlotSet(STAND, Stand(route=casus.id).als_slot()), SlotSet("casus_keuze", None)]


class ActionAskCasusKeuze(Stapvraag):
    """Show the current scène with its options as buttons A, B, C."""

    stand_slot = STAND

    def name(self) -> str:
        return "action_ask_casus_keuze"

    def route(self, tracker: Tracker, stand: Stand) -> VerhaalRoute | None:
        return route_van(tracker, stand)


class ValidateVerhaalForm(Stappenformulier):
    formulier = "verhaal_form"
    antwoord_slot = "casus_keuze"
    stand_slot = STAND

    def route(self, tracker: Tracker, stand: Stand) -> VerhaalRoute | None:
        return route_van(tracker, stand)


class ActionToonAfloop(Action):
    def name(self) -> str:
        return "action_toon_afloop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        stand = Stand.van(tracker.get_slot(STAND))
        route = route_van(tracker, stand)
        afloop = route.afloop(stand) if route else None
        if afloop is None:
            return [SlotSet("casus_keuze", None)]
        dispatcher.utter_message(response="utter_casus_afloop", titel=afloop.titel, tekst=afloop.tekst)
        dispatcher.utter_message(response="utter_casus_na_afloop", buttons=casus_knoppen(route.casus)[1:])
        return [SlotSet("casus_keuze", None), SlotSet(STAND, None)]
