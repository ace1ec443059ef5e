"""The one form base for every guided flow: it reads the flow's state from one slot,
lets the step engine (``bot.stappen``) handle the answer, and sends what the engine
says. A flow's form names its slots and builds its route; nothing else.

Digressions are handled here too, once: a short "wat is …?" inside a flow is
explained and the same step is asked again; a short call for help gets the flow's
help text (``utter_<route>_help``).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import instellingen, stappen, storage
from bot.begrippen import begrippen
from bot.stappen import Bericht, Route, Stand
from bot.taal import normaliseer

KLAAR = "klaar"  # the value of a form's answer slot once its flow is done
# A "wat is …?" question inside a flow is short; a long answer that NLU happens to
# read as uitleg_begrip is still an answer.
MAX_WOORDEN_VRAAG = 8
# "Wat is …?", "wat betekent …", "leg … uit": a question, where "de griffier" is an answer.
VRAAG = re.compile(r"\?|^\s*(wat|wie|hoe|leg|uitleg)\b", re.IGNORECASE)
# Words that make a short message a call for help rather than an answer.
HULPWOORDEN = {"help", "hulp", "menu", "opties", "uitleg"}


def intent_van(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def stuur(dispatcher: CollectingDispatcher, berichten: list[Bericht]) -> None:
    for bericht in berichten:
        dispatcher.utter_message(
            response=bericht.response,
            text=bericht.tekst,
            image=bericht.afbeelding,
            buttons=[{"title": titel, "payload": payload} for titel, payload in bericht.knoppen],
            **bericht.velden,
        )


def knoppen(*paren: tuple[str, str]) -> list[dict[str, str]]:
    return [{"title": titel, "payload": payload} for titel, payload in paren]


def rapport_link(tracker: Tracker) -> str:
    return f"{instellingen.web_url()}/rapport/{storage.rapport_token(tracker.sender_id)}"


def bewaar(tracker: Tracker, route: Route, stand: Stand, afgerond: bool) -> dict[str, Any] | None:
    """Keep what the route puts in the personal report, and return it (None: nothing)."""
    rapport = route.rapport(stand, afgerond)
    if rapport is None:
        return None
    storage.bewaar_onderdeel(tracker.sender_id, *rapport)
    return rapport[1]


class Stappenformulier(FormValidationAction, ABC):
    """Base of the validators of the guided flows' forms.

    A subclass sets ``formulier`` (the form's name in domain.yml), ``antwoord_slot``
    (the slot the form asks again and again), ``stand_slot`` (where the engine keeps
    its state) and implements :meth:`route`.
    """

    formulier: ClassVar[str]
    antwoord_slot: ClassVar[str]
    stand_slot: ClassVar[str]
    # Every guided flow's validator by its form's name (zelftest_form, …), for 'stop'.
    per_formulier: ClassVar[dict[str, type[Stappenformulier]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if hasattr(cls, "antwoord_slot"):
            # rasa_sdk calls validate_<slot name> for each slot the form fills.
            setattr(cls, f"validate_{cls.antwoord_slot}", cls.valideer_antwoord)
            Stappenformulier.per_formulier[cls.formulier] = cls

    def name(self) -> str:
        return f"validate_{self.formulier}"

    @abstractmethod  # abstract: the action server registers only the concrete forms
    def route(self, tracker: Tracker, stand: Stand) -> Route | None: ...

    def stand(self, tracker: Tracker) -> Stand:
        return Stand.van(tracker.get_slot(self.stand_slot))

    async def valideer_antwoord(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is None:  # reset by the flow's start action, not typed by the user
            return {}
        stand = self.stand(tracker)
        route = self.route(tracker, stand)
        if route is None:
            return {self.antwoord_slot: KLAAR}
        tekst = str(value)
        if self.zijpad(route, tekst, dispatcher, tracker):
            return {self.antwoord_slot: None}
        verwerkt = stappen.verwerk(route, stand, tekst, intent_van(tracker))
        stuur(dispatcher, verwerkt.berichten)
        return {self.antwoord_slot: KLAAR if verwerkt.klaar else None, self.stand_slot: verwerkt.stand.als_slot()}

    @staticmethod
    def zijpad(route: Route, tekst: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        """Answer a short question or call for help and stay at the same step."""
        intent = intent_van(tracker)
        kort = len(tekst.split())
        if intent == "help" and set(normaliseer(tekst).split()) & HULPWOORDEN and kort <= 4:
            dispatcher.utter_message(response=f"utter_{route.naam}_help")
            return True
        if intent == "uitleg_begrip" and kort <= MAX_WOORDEN_VRAAG and VRAAG.search(tekst):
            begrip = begrippen().zoek(next(tracker.get_latest_entity_values("begrip"), None), tekst)
            if begrip is not None:
                dispatcher.utter_message(response="utter_begrip", titel=begrip.titel, uitleg=begrip.uitleg)
                return True
        return False


class Stapvraag(Action, ABC):
    """Base of the ``action_ask_<slot>`` actions: put the current question."""

    stand_slot: ClassVar[str]

    @abstractmethod
    def route(self, tracker: Tracker, stand: Stand) -> Route | None: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        stand = Stand.van(tracker.get_slot(self.stand_slot))
        route = self.route(tracker, stand)
        if route is not None:
            stuur(dispatcher, stappen.vraag(route, stand))
        return []
