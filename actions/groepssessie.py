"""The group session in the chat: the facilitator starts and drives it, members join
and answer. The session itself lives in ``bot.groepssessie``; these actions only
translate between Rasa and it."""

from __future__ import annotations

import random
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formulier import Stappenformulier, stuur
from bot import instellingen, intern, sessieplan, stappen
from bot.casussen import bibliotheek, themas
from bot.groepssessie import BEDIENING, Sessie, SessieFout, Sessies, bedien
from bot.stappen import Stand

web_url = instellingen.web_url
# Slot values that end the member's form (the validator has said why).
VERLATEN, AFGELOPEN = "verlaten", "afgelopen"
CODE = re.compile(r"(?<!\d)(\d{3})\s?(\d{3})(?!\d)")
ROL_PAYLOAD = '/start_groepssessie{{"sessie_soort":"casus","rol":"{rol}"}}'
THEMA_PAYLOAD = '/start_groepssessie{{"sessie_soort":"casus","thema":"{thema}"}}'
MAX_WOORDEN_STOP = 3
# Why a control or a code did not work (SessieFout.reden), and what Kompas says.
KAN_NIET = {
    "geen_vraag": "utter_sessie_kan_niet_geen_vraag",
    "geen_variant": "utter_sessie_kan_niet_geen_variant",
    "geen_toelichting": "utter_sessie_kan_niet_geen_toelichting",
    "onbekend": "utter_sessie_kan_niet_onbekend",
    "beeindigd": "utter_sessie_kan_niet_beeindigd",
}
CODE_FOUT = {
    "onbekend": "utter_sessie_code_onbekend",
    "beeindigd": "utter_sessie_code_beeindigd",
    "wacht": "utter_sessie_code_wacht",
}
# How much of a free-text answer is repeated back.
KORT = 80


def intent_van(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def entiteit(tracker: Tracker, naam: str) -> str | None:
    """An entity of this message only (slots from earlier messages do not count)."""
    return next(tracker.get_latest_entity_values(naam), None)


def code_in(tracker: Tracker) -> str | None:
    """The six digits of a join code, from the entity or from the text."""
    for bron in (entiteit(tracker, "sessiecode"), tracker.latest_message.get("text")):
        gevonden = CODE.search(str(bron or ""))
        if gevonden:
            return gevonden.group(1) + gevonden.group(2)
    return None


def titel_van(onderwerp: dict[str, Any]) -> str:
    tekst = sessieplan.inhoud()
    if onderwerp.get("soort") == "zelftest":
        return tekst.onderdelen["zelftest"]
    titel = sessieplan.casus_van(onderwerp).titel
    if onderwerp.get("soort") in tekst.werkvormen:
        return f"{tekst.onderdelen[onderwerp['soort']]}: {titel}"
    return titel


# --- the facilitator -----------------------------------------------------------------------


def bedieningsknoppen(sessies: Sessies, sessie: Sessie) -> list[dict[str, str]]:
    """The controls that fit the moment, as chat buttons (same rules as the screen)."""
    scherm = sessies.scherm(sessie.sleutel)
    stap, uitslag = scherm["stap"], scherm["uitslag"] or {}
    aan = {
        "open": stap["heeft_ronde"] and not scherm["ronde_open"],
        "sluit": scherm["ronde_open"],
        "vrijgeven": "teksten" in uitslag and not uitslag.get("vrijgegeven"),
        "volgende": stap["soort"] != "einde",
        "toelichting": stap["soort"] not in ("zelftest", "einde", "toelichting"),
        "variant": scherm["variant_over"],
        "einde": True,
    }
    knoppen = sessieplan.inhoud().knoppen
    lijst = [
        {"title": getattr(knoppen, actie), "payload": f'/sessie_bediening{{"sessie_knop":"{actie}"}}'}
        for actie in BEDIENING
        if aan[actie]
    ]
    return [*lijst, {"title": knoppen.stand, "payload": '/sessie_bediening{"sessie_knop":"stand"}'}]


def meld_stand(dispatcher: CollectingDispatcher, sessies: Sessies, sessie: Sessie) -> None:
    """Where the session is, in a few words, with the controls as buttons."""
    scherm = sessies.scherm(sessie.sleutel)
    uitslag = scherm["uitslag"]
    if scherm["ronde_open"]:
        dispatcher.utter_message(response="utter_sessie_ronde_open", **_tellers(scherm))
    elif uitslag and uitslag["getoond"]:
        dispatcher.utter_message(response="utter_sessie_ronde_dicht", aantal=uitslag["aantal"])
    elif uitslag and uitslag["reden"] == "te_weinig":
        dispatcher.utter_message(response="utter_sessie_te_weinig", aantal=uitslag["aantal"], minimum=scherm["minimum"])
    dispatcher.utter_message(
        response="utter_sessie_stand",
        titel=scherm["stap"]["titel"],
        deelnemers=scherm["deelnemers"],
        buttons=bedieningsknoppen(sessies, sessie),
    )


def _tellers(scherm: dict[str, Any]) -> dict[str, int]:
    return {"beantwoord": scherm["beantwoord"], "deelnemers": scherm["deelnemers"]}


class ActionStartGroepssessie(Action):
    """Choose what the group does (buttons), then create the session: a join code for
    the members and the presenter link (with the facilitator key) for the big screen."""

    def name(self) -> str:
        return "action_start_groepssessie"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        tekst = sessieplan.inhoud()
        soort, thema, rol = (entiteit(tracker, n) for n in ("sessie_soort", "thema", "rol"))
        if soort is None and thema is None:
            knoppen = [
                {"title": titel, "payload": f'/start_groepssessie{{"sessie_soort":"{naam}"}}'}
                for naam, titel in tekst.onderdelen.items()
            ]
            dispatcher.utter_message(response="utter_sessie_kies_onderdeel", buttons=knoppen)
            return []
        if soort == "casus_thema" and thema is None:
            knoppen = [
                {
                    "title": themas().themas[t],
                    "payload": f'/start_groepssessie{{"sessie_soort":"casus","thema":"{t}"}}',
                }
                for t in bibliotheek().themas()
            ]
            dispatcher.utter_message(response="utter_sessie_kies_thema", buttons=knoppen)
            return []
        if soort == "casus_rol" and rol is None:
            knoppen = [
                {"title": titel, "payload": ROL_PAYLOAD.format(rol=naam)} for naam, titel in tekst.rollen.items()
            ]
            dispatcher.utter_message(response="utter_sessie_kies_rol", buttons=knoppen)
            return []
        if soort == "zelftest":
            onderwerp: dict[str, Any] = {"soort": "zelftest"}
        else:
            soort = soort if soort in tekst.werkvormen else "casus"
            kandidaten = bibliotheek().zoek(thema=thema, rol=rol)
            if soort in tekst.werkvormen:  # a casus written for this werkvorm, if there is one
                kandidaten = [c for c in kandidaten if soort in c.links.werkvormen] or kandidaten
            if not kandidaten:
                dispatcher.utter_message(response="utter_sessie_geen_casus")
                return []
            onderwerp = {"soort": soort, "casus": random.choice(kandidaten).id}
        sessies = Sessies()
        sessie = sessies.start(tracker.sender_id, onderwerp)
        dispatcher.utter_message(
            response="utter_sessie_gestart",
            titel=titel_van(onderwerp),
            code=sessie.code,
            link=f"{web_url()}/sessie/{sessie.sleutel}",
        )
        meld_stand(dispatcher, sessies, sessie)
        return []


class ActionSessieBediening(Action):
    """The facilitator's buttons: open or close a round, next step, toelichting,
    'Maar wat als …?', show contributions, end; or just 'how is it going?'."""

    def name(self) -> str:
        return "action_sessie_bediening"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        sessies = Sessies()
        sessie = sessies.geleid_door(tracker.sender_id)
        if sessie is None:
            dispatcher.utter_message(response="utter_sessie_geen_eigen_sessie")
            return []
        knop = entiteit(tracker, "sessie_knop") or "stand"
        if knop in BEDIENING:
            try:
                sessie = bedien(sessies, sessie.sleutel, {"actie": knop})
            except SessieFout as fout:
                dispatcher.utter_message(response=KAN_NIET.get(fout.reden, "utter_sessie_kan_niet_onbekend"))
            except sessieplan.PlanFout:
                dispatcher.utter_message(response="utter_sessie_kan_niet_inhoud_weg")
                return []
        if sessie.beeindigd:
            link = f"{web_url()}/sessie/{sessie.sleutel}/samenvatting"
            dispatcher.utter_message(response="utter_sessie_beeindigd_begeleider", link=link)
            return []
        meld_stand(dispatcher, sessies, sessie)
        return []


# --- the members ---------------------------------------------------------------------------


class ActionDoeMee(Action):
    """Join with a code, or come back to the session one is in ("meedoen" after a
    reload). Also runs when a round is pushed into the chat: then it says nothing
    and only puts the member back in the session form."""

    def name(self) -> str:
        return "action_doe_mee"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        sessies = Sessies()
        if intent_van(tracker) == intern.DUW_INTENT:
            sessie = sessies.sessie_van(tracker.sender_id, ook_beeindigd=True)
            if sessie is not None and sessie.beeindigd:
                dispatcher.utter_message(response="utter_sessie_afgelopen")
                sessies.verlaat(sessie.code, tracker.sender_id)
            return [SlotSet("in_groepssessie", sessie is not None and not sessie.beeindigd)]
        code = code_in(tracker)
        if code is None:
            sessie = sessies.sessie_van(tracker.sender_id)
            if sessie is None:
                dispatcher.utter_message(response="utter_sessie_geen_code")
                return [SlotSet("in_groepssessie", False)]
            dispatcher.utter_message(response="utter_sessie_terug", code=sessie.code)
            return [SlotSet("in_groepssessie", True)]
        al_lid = (huidig := sessies.sessie_van(tracker.sender_id)) is not None and huidig.code == code
        try:
            sessie = sessies.doe_mee(code, tracker.sender_id, kanaal=tracker.get_latest_input_channel())
        except SessieFout as fout:
            dispatcher.utter_message(response=CODE_FOUT.get(fout.reden, "utter_sessie_code_onbekend"), code=code)
            return [SlotSet("in_groepssessie", False)]
        if al_lid:
            dispatcher.utter_message(response="utter_sessie_terug", code=sessie.code)
        else:
            dispatcher.utter_message(response="utter_sessie_welkom", code=sessie.code)
        return [SlotSet("in_groepssessie", True)]


class ActionAskSessieAntwoord(Action):
    """The member's view of the session: the open question with its options, or what
    is on the screen while no round is open. Silent right after an answer was noted."""

    def name(self) -> str:
        return "action_ask_sessie_antwoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("sessie_genoteerd"):
            return [SlotSet("sessie_genoteerd", False)]
        sessies = Sessies()
        sessie = sessies.sessie_van(tracker.sender_id)
        if sessie is None:
            return []
        try:
            stap = sessie.huidige_stap()
        except sessieplan.PlanFout:
            return []
        if not sessie.ronde_open:
            dispatcher.utter_message(response="utter_sessie_wacht", titel=stap.titel)
            return []
        route = sessieplan.SessieRoute(sessie.onderwerp)
        stuur(dispatcher, route.vraag(stappen.Vraag(sessie.stap_sleutel, stap), 1, 1, Stand()))
        mijn = sessies.mijn_antwoord(sessie.code, tracker.sender_id)
        if mijn is not None and stap.soort != "zelftest":
            dispatcher.utter_message(response="utter_sessie_mijn_antwoord", antwoord=kort(stap.optie_label(mijn)))
        return []


def kort(tekst: str) -> str:
    return tekst if len(tekst) <= KORT else tekst[: KORT - 1].rstrip() + "…"


class ValidateGroepssessieForm(FormValidationAction):
    """Every message of a member in a session: an answer to the open round (noted,
    changeable until it closes), a request to hear the question again, or leaving."""

    def name(self) -> str:
        return "validate_groepssessie_form"

    async def validate_sessie_antwoord(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        sessies = Sessies()
        sessie = sessies.sessie_van(tracker.sender_id, ook_beeindigd=True)
        if sessie is None or sessie.beeindigd:
            dispatcher.utter_message(response="utter_sessie_afgelopen")
            return {"sessie_antwoord": AFGELOPEN}
        tekst, intent = str(value or ""), intent_van(tracker)
        deelnemer = sessieplan.inhoud().deelnemer
        # "stop" or "doei" leaves; a longer answer NLU reads as stop ("ik zou stoppen
        # met die nevenfunctie") is an answer.
        kort_bericht = len(tekst.split()) <= MAX_WOORDEN_STOP
        if (intent in ("stop", "goodbye") and kort_bericht) or deelnemer.wil("verlaten", tekst):
            sessies.verlaat(sessie.code, tracker.sender_id)
            dispatcher.utter_message(response="utter_sessie_verlaten")
            return {"sessie_antwoord": VERLATEN}
        nieuwe_code = code_in(tracker) if intent == "join_groepssessie" else None
        if nieuwe_code and nieuwe_code != sessie.code:
            try:
                sessie = sessies.doe_mee(nieuwe_code, tracker.sender_id, kanaal=tracker.get_latest_input_channel())
                dispatcher.utter_message(response="utter_sessie_welkom", code=sessie.code)
            except SessieFout as fout:
                dispatcher.utter_message(
                    response=CODE_FOUT.get(fout.reden, "utter_sessie_code_onbekend"), code=nieuwe_code
                )
            return {"sessie_antwoord": None}
        # "meedoen" while in the session shows the question again; a longer message
        # NLU reads as joining is a contribution.
        meedoen = intent == "join_groepssessie" and kort_bericht
        if intent == intern.DUW_INTENT or meedoen or deelnemer.wil("vraag_opnieuw", tekst):
            return {"sessie_antwoord": None}  # the form asks again: the question, or what is on screen
        if not sessie.ronde_open:
            return {"sessie_antwoord": None}
        stap = sessie.huidige_stap()
        if stap.soort == "zelftest":
            return {"sessie_antwoord": None}
        route = sessieplan.SessieRoute(sessie.onderwerp)
        if Stappenformulier.zijpad(route, tekst, dispatcher, tracker):  # help, "wat is …?"
            return {"sessie_antwoord": None, "sessie_genoteerd": True}
        stand = self.stand(tracker, sessie, route)
        verwerkt = stappen.verwerk(route, stand, tekst, intent)
        stuur(dispatcher, verwerkt.berichten)
        if verwerkt.stand.positie == stand.positie:  # no answer: a vote shows its buttons again
            return {
                "sessie_antwoord": None,
                "sessie_genoteerd": not stap.opties,
                "sessie_stand": verwerkt.stand.als_slot(),
            }
        antwoord = verwerkt.stand.antwoorden[route.plan(stand.antwoorden)[stand.positie].sleutel]
        try:
            sessies.antwoord(sessie.code, tracker.sender_id, antwoord)
        except SessieFout:
            return {"sessie_antwoord": None}  # the round closed just now: the form shows what is next
        dispatcher.utter_message(response="utter_sessie_genoteerd", antwoord=kort(stap.optie_label(antwoord)))
        return {"sessie_antwoord": None, "sessie_genoteerd": True, "sessie_stand": None}

    @staticmethod
    def stand(tracker: Tracker, sessie: Sessie, route: sessieplan.SessieRoute) -> Stand:
        """The member at the open step of the group's way; unclear answers count per round."""
        keuzes = sessie.verloop.get("keuzes", {})
        ronde = f"{sessie.code}:{sessie.ronde}"
        eerder = Stand.van(tracker.get_slot("sessie_stand"))
        positie = sessieplan.positie(route.plan(keuzes), sessie.stap_sleutel, keuzes) or 0
        pogingen = eerder.pogingen if eerder.route == ronde else 0
        return Stand(route=ronde, positie=positie, antwoorden=keuzes, pogingen=pogingen)


class ActionSessieKlaar(Action):
    """After leaving (or the end of the session): out of the session form."""

    def name(self) -> str:
        return "action_sessie_klaar"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return [
            SlotSet("sessie_antwoord", None),
            SlotSet("in_groepssessie", False),
            SlotSet("sessie_genoteerd", False),
            SlotSet("sessie_stand", None),
        ]
