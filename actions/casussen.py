"""Rasa actions for the case library: finding a casus, its toelichting and
variants, and playing its story scène by scène (``verhaal_form``)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.casussen import THEMAS, Casus, bibliotheek
from bot.taal import normaliseer

KLAAR = "klaar"
MAX_ONDUIDELIJK = 2
LETTERS = "ABC"
# "nog een", "een andere": keep the filters of the previous request.
NOG_EEN = re.compile(r"\b(nog een|nog eentje|een andere|andere casus|volgende casus)\b")


def thema_knoppen() -> list[dict[str, str]]:
    return [{"title": t.replace("_", " "), "payload": f'/vraag_casus{{"thema":"{t}"}}'} for t in bibliotheek().themas()]


def huidige_casus(tracker: Tracker) -> Casus | None:
    return bibliotheek().get(tracker.get_slot("casus_id"))


def casus_knoppen(casus: Casus) -> list[dict[str, str]]:
    knoppen = []
    if casus.verhaal:
        knoppen.append({"title": "Speel het verhaal", "payload": "/speel_verhaal"})
    knoppen.append({"title": "Toelichting en regels", "payload": "/vraag_toelichting"})
    if casus.varianten:
        knoppen.append({"title": "Maar wat als …?", "payload": "/vraag_variant"})
    met_casus = f'{{"werkvorm_casus":"{casus.id}"}}'
    if "perspectievenmethode" in casus.links.werkvormen:
        knoppen.append(
            {"title": "Bekijk met de perspectievenmethode", "payload": f"/start_perspectievenmethode{met_casus}"}
        )
    else:
        knoppen.append({"title": "Bekijk met dilemma-reflectie", "payload": f"/start_dilemma_reflectie{met_casus}"})
    knoppen.append({"title": "Nog een casus", "payload": "/vraag_casus"})
    return knoppen


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
        nog_een = (tekst.startswith("/vraag_casus") and not (thema or rol)) or NOG_EEN.search(tekst.lower())
        if nog_een and not (thema or rol):
            thema, rol = tracker.get_slot("casus_thema"), tracker.get_slot("casus_rol")
        if thema and thema not in THEMAS:
            thema = None
        gezien = list(tracker.get_slot("casus_gezien") or [])
        trefwoord = None if (thema or rol or nog_een or tekst.startswith("/")) else tekst

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
        dispatcher.utter_message(text=f"{casus.titel}\n\n{casus.situatie}")
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
    from bot.casussen import zoekwoorden

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
        knoppen = [
            {"title": f"Checklist {c.replace('_', ' ')}", "payload": f'/start_checklist{{"checklist":"{c}"}}'}
            for c in casus.links.checklists
        ]
        knoppen.append({"title": "Nog een casus", "payload": "/vraag_casus"})
        dispatcher.utter_message(response="utter_casus_regels", regels=regels, buttons=knoppen)
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


class ActionStartVerhaal(Action):
    def name(self) -> str:
        return "action_start_verhaal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        casus = huidige_casus(tracker)
        if casus is None or casus.verhaal is None:
            dispatcher.utter_message(response="utter_casus_geen_verhaal", buttons=thema_knoppen())
            return [SlotSet("casus_keuze", KLAAR), SlotSet("casus_scene", None)]
        return [
            SlotSet("casus_scene", casus.verhaal.start),
            SlotSet("casus_pad", []),
            SlotSet("casus_keuze", None),
            SlotSet("casus_pogingen", 0),
        ]


class ActionAskCasusKeuze(Action):
    """Show the current scène with its options as buttons A, B, C."""

    def name(self) -> str:
        return "action_ask_casus_keuze"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        casus = huidige_casus(tracker)
        scene = casus.verhaal.scene(tracker.get_slot("casus_scene") or "") if casus and casus.verhaal else None
        if scene is None:
            dispatcher.utter_message(response="utter_casus_geen_verhaal")
            return []
        opties = "\n".join(f"{LETTERS[i]}. {o.tekst}" for i, o in enumerate(scene.opties))
        dispatcher.utter_message(text=scene.tekst)
        dispatcher.utter_message(
            text=f"{scene.vraag}\n{opties}",
            buttons=[{"title": LETTERS[i], "payload": LETTERS[i]} for i in range(len(scene.opties))],
        )
        return []


def kies_optie(tekst: str, aantal: int, opties: list[str]) -> int | None:
    """Which option a button or free text means: 'B', 'b', 'optie 2', '2', or the option's words."""
    schoon = normaliseer(tekst)
    if not schoon:
        return None
    letters = [c for c in LETTERS[:aantal].lower()]
    if schoon in letters:
        return letters.index(schoon)
    match = re.fullmatch(r"(?:optie|keuze|antwoord)?\s*([a-c]|[1-3])", schoon)
    if match:
        teken = match.group(1)
        index = letters.index(teken) if teken in letters else int(teken) - 1 if teken.isdigit() else -1
        return index if 0 <= index < aantal else None

    # Free text: the option that shares clearly more words with it (compared on
    # their first five letters, so "meld" matches "meldt").
    def stammen(t: str) -> set[str]:
        return {w[:5] for w in normaliseer(t).split() if len(w) > 3}

    woorden = stammen(schoon)
    scores = [len(woorden & stammen(o)) for o in opties]
    beste = max(scores, default=0)
    if beste >= 1 and scores.count(beste) == 1:
        return scores.index(beste)
    return None


class ValidateVerhaalForm(FormValidationAction):
    def name(self) -> str:
        return "validate_verhaal_form"

    async def validate_casus_keuze(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:
            return {}
        casus = huidige_casus(tracker)
        scene_id = tracker.get_slot("casus_scene") or ""
        scene = casus.verhaal.scene(scene_id) if casus and casus.verhaal else None
        if scene is None:
            return {"casus_keuze": KLAAR}
        pad = list(tracker.get_slot("casus_pad") or [])
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "terug" or normaliseer(str(value)) in ("terug", "vorige"):
            if pad:
                return {"casus_keuze": None, "casus_scene": pad[-1], "casus_pad": pad[:-1], "casus_pogingen": 0}
            dispatcher.utter_message(response="utter_casus_begin_verhaal")
            return {"casus_keuze": None}
        keuze = kies_optie(str(value), len(scene.opties), [o.tekst for o in scene.opties])
        if keuze is None:
            pogingen = int(tracker.get_slot("casus_pogingen") or 0) + 1
            dispatcher.utter_message(
                response="utter_casus_keuze_onduidelijk" if pogingen < MAX_ONDUIDELIJK else "utter_casus_keuze_stoppen"
            )
            return {"casus_keuze": None, "casus_pogingen": pogingen}
        naar = scene.opties[keuze].naar
        if casus.verhaal.afloop(naar):
            return {"casus_keuze": KLAAR, "casus_afloop": naar, "casus_pad": [*pad, scene_id], "casus_pogingen": 0}
        return {"casus_keuze": None, "casus_scene": naar, "casus_pad": [*pad, scene_id], "casus_pogingen": 0}


class ActionToonAfloop(Action):
    def name(self) -> str:
        return "action_toon_afloop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        casus = huidige_casus(tracker)
        afloop = casus.verhaal.afloop(tracker.get_slot("casus_afloop") or "") if casus and casus.verhaal else None
        if afloop is None:
            return [SlotSet("casus_keuze", None)]
        dispatcher.utter_message(response="utter_casus_afloop", titel=afloop.titel, tekst=afloop.tekst)
        dispatcher.utter_message(response="utter_casus_na_afloop", buttons=casus_knoppen(casus)[1:])
        return [SlotSet("casus_keuze", None), SlotSet("casus_afloop", None)]
