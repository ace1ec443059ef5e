"""Rasa actions for the werkvormen (``werkvorm_form``): one step at a time, in the
user's own words, ending in a summary card that is kept in the personal report."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.zelftest import antwoorden_van
from bot import instellingen, storage
from bot.begrippen import begrippen
from bot.casussen import bibliotheek
from bot.taal import normaliseer
from bot.werkvormen import Werkvorm, beoordeel, samenvatting, sleutel, vraagtekst, werkvormen
from bot.zelftest import bereken_uitslag, zelftest

KLAAR = "klaar"
# Which werkvorm an intent starts (start_werkvorm names it in an entity).
PER_INTENT = {
    "start_dilemma_reflectie": "dilemma_reflectie",
    "start_perspectievenmethode": "perspectievenmethode",
}
MAX_KEUZE_KNOPPEN = 10
# A "wat is …?" question inside a werkvorm is short; a long answer that NLU happens
# to read as uitleg_begrip is still an answer.
MAX_WOORDEN_VRAAG = 8
# "Wat is …?", "wat betekent …", "leg … uit": a question, where "de griffier" is an answer.
VRAAG = re.compile(r"\?|^\s*(wat|wie|hoe|leg|uitleg)\b", re.IGNORECASE)
# Words that make a short message a call for help rather than an answer.
HULPWOORDEN = {"help", "hulp", "menu", "opties", "uitleg"}
# Free-text steps where people are likely to name others: remind them not to.
PRIVACY_STAPPEN = {"feiten", "situatie", "betrokkenen", "met_wie", "schade", "fractie_en_collegas"}


def huidige_werkvorm(tracker: Tracker) -> Werkvorm | None:
    return werkvormen().get(tracker.get_slot("werkvorm_id") or "")


def ontwikkelpunten(tracker: Tracker) -> list[str]:
    """The orange and red statements of this conversation's zelftest, as choices."""
    content = zelftest()
    antwoorden = antwoorden_van(tracker, content)
    if all(a is None for a in antwoorden):
        return []
    uitslag = bereken_uitslag(antwoorden, content)
    return [s.tekst for b in uitslag.blokken for s in b.aandachtspunten]


class ActionStartWerkvorm(Action):
    def name(self) -> str:
        return "action_start_werkvorm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        gevraagd = PER_INTENT.get(intent) or next(tracker.get_latest_entity_values("werkvorm"), None)
        werkvorm = werkvormen().get(gevraagd or "")
        if werkvorm is None:
            dispatcher.utter_message(
                response="utter_welke_werkvorm",
                buttons=[
                    {"title": w.titel, "payload": f'/start_werkvorm{{"werkvorm":"{w.id}"}}'}
                    for w in werkvormen().values()
                ],
            )
            return [SlotSet("werkvorm_id", None), SlotSet("werkvorm_antwoord", KLAAR)]

        antwoorden: dict[str, Any] = {}
        keuzes: list[str] = []
        casus_id = next(tracker.get_latest_entity_values("werkvorm_casus"), None)
        casus = bibliotheek().get(casus_id) if casus_id else None
        dispatcher.utter_message(text=f"{werkvorm.titel}\n\n{werkvorm.intro}")
        if casus is not None and werkvorm.id in ("dilemma_reflectie", "perspectievenmethode"):
            # On a casus: its situation is the first step, already filled in.
            antwoorden[werkvorm.stappen[0].id] = casus.situatie
            dispatcher.utter_message(response="utter_werkvorm_op_casus", titel=casus.titel, situatie=casus.situatie)
        if werkvorm.id == "actieplan":
            keuzes = ontwikkelpunten(tracker)
            if keuzes:
                dispatcher.utter_message(response="utter_actieplan_uit_zelftest")
        begin = len([s for s in werkvorm.stappen[:1] if s.id in antwoorden])
        return [
            SlotSet("werkvorm_id", werkvorm.id),
            SlotSet("werkvorm_antwoorden", antwoorden),
            SlotSet("werkvorm_vraag", begin),
            SlotSet("werkvorm_keuzes", keuzes),
            SlotSet("werkvorm_gekozen", []),
            SlotSet("werkvorm_te_kort", False),
            SlotSet("werkvorm_casus_id", casus.id if casus else None),
            SlotSet("werkvorm_antwoord", None),
        ]


def keuzes_van(tracker: Tracker, werkvorm: Werkvorm, stap_id: str) -> list[str]:
    stap = werkvorm.stap(stap_id)
    if stap.keuzes:
        return stap.keuzes
    if stap_id == werkvorm.stappen[0].id:
        return list(tracker.get_slot("werkvorm_keuzes") or [])
    return []


class ActionAskWerkvormAntwoord(Action):
    def name(self) -> str:
        return "action_ask_werkvorm_antwoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        werkvorm = huidige_werkvorm(tracker)
        if werkvorm is None:
            return []
        antwoorden = dict(tracker.get_slot("werkvorm_antwoorden") or {})
        plan = werkvorm.plan(antwoorden)
        nummer = min(int(tracker.get_slot("werkvorm_vraag") or 0), len(plan) - 1)
        stap_id, item = plan[nummer]
        stap = werkvorm.stap(stap_id)
        gekozen = list(tracker.get_slot("werkvorm_gekozen") or [])
        keuzes = keuzes_van(tracker, werkvorm, stap_id)
        knoppen = [{"title": k, "payload": k} for k in keuzes if k not in gekozen][:MAX_KEUZE_KNOPPEN]
        if gekozen:
            knoppen.insert(0, {"title": "Klaar", "payload": "klaar"})
        knoppen.append({"title": "Voorbeeld?", "payload": "voorbeeld"})
        kop = f"Stap {nummer + 1} van {len(plan)} · {stap.titel}"
        tekst = f"{kop}\n{stap.uitleg}\n\n{vraagtekst(stap, item)}"
        casus = bibliotheek().get(tracker.get_slot("werkvorm_casus_id")) if stap_id == "variant" else None
        if casus is not None and casus.varianten:
            # On a casus, its own "Maar wat als …?" questions start the user off.
            tekst += "\n" + "\n".join(f"• {v.vraag}" for v in casus.varianten)
        if gekozen:
            tekst += f"\n(Gekozen: {', '.join(gekozen)}. Kies er nog een, of 'klaar'.)"
        elif not keuzes and (nummer == 0 or stap_id in PRIVACY_STAPPEN):
            tekst += f"\n{werkvorm.privacy}"
        dispatcher.utter_message(text=tekst, buttons=knoppen)
        return []


class ValidateWerkvormForm(FormValidationAction):
    def name(self) -> str:
        return "validate_werkvorm_form"

    async def validate_werkvorm_antwoord(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        werkvorm = huidige_werkvorm(tracker)
        if value is None or werkvorm is None:
            return {}
        antwoorden = dict(tracker.get_slot("werkvorm_antwoorden") or {})
        plan = werkvorm.plan(antwoorden)
        nummer = min(int(tracker.get_slot("werkvorm_vraag") or 0), len(plan) - 1)
        stap_id, item = plan[nummer]
        stap = werkvorm.stap(stap_id)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        tekst = "terug" if intent == "terug" else str(value)
        if len(tekst) > stap.max_tekens:
            dispatcher.utter_message(response="utter_werkvorm_te_lang", max=stap.max_tekens, lengte=len(tekst))
            return {"werkvorm_antwoord": None}
        if intent == "help" and set(normaliseer(tekst).split()) & HULPWOORDEN and len(tekst.split()) <= 4:
            dispatcher.utter_message(response="utter_werkvorm_help")
            return {"werkvorm_antwoord": None}
        if intent == "uitleg_begrip" and len(tekst.split()) <= MAX_WOORDEN_VRAAG and VRAAG.search(tekst):
            # "Wat is een waarde?" is a question, not an answer: explain, ask again.
            begrip = begrippen().zoek(next(tracker.get_latest_entity_values("begrip"), None), tekst)
            if begrip is not None:
                dispatcher.utter_message(response="utter_begrip", titel=begrip.titel, uitleg=begrip.uitleg)
                return {"werkvorm_antwoord": None}
        oordeel = beoordeel(
            stap.copy(update={"keuzes": keuzes_van(tracker, werkvorm, stap_id)}),
            tekst,
            list(tracker.get_slot("werkvorm_gekozen") or []),
            bool(tracker.get_slot("werkvorm_te_kort")),
            lijst=werkvorm.is_lijst(stap),
        )
        if oordeel.soort == "terug":
            if nummer == 0:
                dispatcher.utter_message(response="utter_werkvorm_eerste_stap")
                return {"werkvorm_antwoord": None}
            vorige = plan[nummer - 1]
            antwoorden.pop(sleutel(*vorige), None)
            return {
                "werkvorm_antwoord": None,
                "werkvorm_vraag": nummer - 1,
                "werkvorm_antwoorden": antwoorden,
                "werkvorm_gekozen": [],
                "werkvorm_te_kort": False,
            }
        if oordeel.soort == "voorbeeld":
            dispatcher.utter_message(response="utter_werkvorm_voorbeeld", voorbeeld=stap.voorbeeld)
            return {"werkvorm_antwoord": None}
        if oordeel.soort == "te_kort":
            if stap.hint in vraagtekst(stap, item):
                # The question, asked again right after this, already says it.
                dispatcher.utter_message(response="utter_werkvorm_iets_meer")
            else:
                dispatcher.utter_message(response="utter_werkvorm_te_kort", hint=stap.hint)
            return {"werkvorm_antwoord": None, "werkvorm_te_kort": True}
        if oordeel.soort == "te_veel":
            dispatcher.utter_message(response="utter_werkvorm_te_veel", maximum=stap.max_items)
            return {"werkvorm_antwoord": None}
        if oordeel.soort == "keuze_erbij":
            return {"werkvorm_antwoord": None, "werkvorm_gekozen": oordeel.waarde}

        antwoorden[sleutel(stap_id, item)] = oordeel.waarde
        volgende = nummer + 1
        klaar = volgende >= len(werkvorm.plan(antwoorden))
        return {
            "werkvorm_antwoord": KLAAR if klaar else None,
            "werkvorm_antwoorden": antwoorden,
            "werkvorm_vraag": volgende,
            "werkvorm_gekozen": [],
            "werkvorm_te_kort": False,
        }


def bewaar(tracker: Tracker, werkvorm: Werkvorm, afgerond: bool) -> list[str]:
    antwoorden = dict(tracker.get_slot("werkvorm_antwoorden") or {})
    regels = samenvatting(werkvorm, antwoorden)
    storage.bewaar_onderdeel(
        tracker.sender_id,
        "werkvorm",
        {
            "werkvorm": werkvorm.id,
            "titel": werkvorm.samenvatting.titel,
            "regels": regels,
            "afgerond": afgerond,
            "casus": tracker.get_slot("werkvorm_casus_id"),
        },
    )
    return regels


def rapport_link(tracker: Tracker) -> str:
    return f"{instellingen.web_url()}/rapport/{storage.rapport_token(tracker.sender_id)}"


class ActionWerkvormSamenvatting(Action):
    """The summary card in the user's own words, kept in the personal report."""

    def name(self) -> str:
        return "action_werkvorm_samenvatting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        werkvorm = huidige_werkvorm(tracker)
        if werkvorm is None:
            return [SlotSet("werkvorm_antwoord", None)]
        regels = bewaar(tracker, werkvorm, afgerond=True)
        dispatcher.utter_message(text=werkvorm.samenvatting.titel + "\n\n" + "\n".join(f"• {r}" for r in regels))
        dispatcher.utter_message(text=werkvorm.samenvatting.afsluiting)
        dispatcher.utter_message(response="utter_werkvorm_in_rapport", link=rapport_link(tracker))
        return [SlotSet("werkvorm_antwoord", None), SlotSet("werkvorm_id", None)]


class ActionWerkvormBewaren(Action):
    """After 'stop': keep what was written so far in the report."""

    def name(self) -> str:
        return "action_werkvorm_bewaren"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        werkvorm = huidige_werkvorm(tracker)
        if werkvorm is not None:
            bewaar(tracker, werkvorm, afgerond=False)
            dispatcher.utter_message(response="utter_werkvorm_bewaard", link=rapport_link(tracker))
        return [SlotSet("werkvorm_id", None), SlotSet("werkvorm_antwoorden", {}), SlotSet("werkvorm_antwoord", None)]


class ActionWerkvormWeggooien(Action):
    """After 'stop': discard what was written."""

    def name(self) -> str:
        return "action_werkvorm_weggooien"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_werkvorm_weggegooid")
        return [SlotSet("werkvorm_id", None), SlotSet("werkvorm_antwoorden", {}), SlotSet("werkvorm_antwoord", None)]
