"""Actions around the activities: help, begrippen, fallback, deleting data."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import storage
from bot.begrippen import begrippen, hulp
from bot.taal import lijkt_anderstalig
from bot.trajecten import trajecten_bij_begrip

# The replies that mean "I did not understand you"; two in a row bring the menu.
NIET_BEGREPEN_ACTIES = {"action_niet_begrepen", "action_buiten_bereik"}
# Actions Rasa runs on every message before predicting a reply.
VOORAF = {"action_listen", "action_extract_slots"}
# How many glossary terms to offer as buttons when a term is unknown.
BEGRIP_KNOPPEN = 6


def niet_begrepen_op_rij(tracker: Tracker) -> int:
    """How many user messages in a row, this one included, were not understood.

    Counted on the full event list: a message that was not understood is reverted
    (it must not steer the dialogue) but still counts here."""
    aantal = 0
    antwoord: str | None = None  # walking back: the first action after a user message
    for event in reversed(tracker.events):
        soort = event.get("event")
        if soort == "action" and event.get("name") not in VOORAF:
            antwoord = event.get("name")
        elif soort == "user":
            if aantal and antwoord not in NIET_BEGREPEN_ACTIES:
                break
            aantal += 1  # the first one met is the message being answered now
            antwoord = None
    return max(aantal, 1)


class ActionHelp(Action):
    """Help depends on where the user is: inside the zelftest it explains how to go on."""

    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        per_activiteit = {
            "zelftest_form": "utter_zelftest_help",
            "verhaal_form": "utter_verhaal_help",
            "checklist_form": "utter_checklist_help",
            "werkvorm_form": "utter_werkvorm_help",
        }
        dispatcher.utter_message(response=per_activiteit.get(tracker.active_loop.get("name"), "utter_menu"))
        return []


class ActionNietBegrepen(Action):
    """First misunderstanding: ask to rephrase. Second in a row: offer the menu.

    This is also Rasa's core fallback (config.yml): the action Rasa runs when no
    rule or story knows what to do next. It reverts the user's message, as Rasa's
    own fallback does, so the dialogue is back where it was and Rasa listens. An
    action that left the message in place would be predicted again and again until
    Rasa's circuit breaker stops the turn.
    """

    def name(self) -> str:
        return "action_niet_begrepen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        tekst = tracker.latest_message.get("text") or ""
        if not tekst.strip():
            dispatcher.utter_message(response="utter_leeg_bericht")
        elif lijkt_anderstalig(tekst):
            dispatcher.utter_message(response="utter_andere_taal")
        elif niet_begrepen_op_rij(tracker) >= 2:
            dispatcher.utter_message(response="utter_niet_begrepen_menu")
        else:
            dispatcher.utter_message(response="utter_niet_begrepen")
        return [UserUtteranceReverted()]


class ActionBuitenBereik(Action):
    """Out of scope: say so (in Dutch, also to English speakers); menu on the second time."""

    def name(self) -> str:
        return "action_buiten_bereik"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        tekst = tracker.latest_message.get("text") or ""
        if lijkt_anderstalig(tekst):
            dispatcher.utter_message(response="utter_andere_taal")
        elif niet_begrepen_op_rij(tracker) >= 2:
            dispatcher.utter_message(response="utter_niet_begrepen_menu")
        else:
            dispatcher.utter_message(response="utter_buiten_bereik")
        return [UserUtteranceReverted()]


class ActionLegBegripUit(Action):
    """'Wat is ondermijning?' from the glossary, with its sources."""

    def name(self) -> str:
        return "action_leg_begrip_uit"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        lijst = begrippen()
        entiteit = next(tracker.get_latest_entity_values("begrip"), None)
        tekst = tracker.latest_message.get("text") or ""
        begrip = lijst.zoek(entiteit, tekst)
        if begrip is None:
            vraagt_iets = entiteit or (len(tekst.split()) > 1 and not tekst.startswith("/"))
            dispatcher.utter_message(
                response="utter_begrip_onbekend" if vraagt_iets else "utter_welk_begrip",
                buttons=[
                    {"title": b.titel, "payload": f'/uitleg_begrip{{"begrip":"{b.id}"}}'}
                    for b in lijst.begrippen[:BEGRIP_KNOPPEN]
                ],
            )
            return [SlotSet("begrip", None)]
        # A begrip that a traject goes deeper into gets that traject's button.
        verder = [
            {"title": t.knop, "payload": f'/start_traject{{"traject":"{t.id}"}}'}
            for t in trajecten_bij_begrip(begrip.id)
        ]
        dispatcher.utter_message(response="utter_begrip", titel=begrip.titel, uitleg=begrip.uitleg)
        if begrip.bronnen:
            dispatcher.utter_message(response="utter_begrip_bronnen", bronnen="; ".join(begrip.bronnen), buttons=verder)
        elif verder:
            dispatcher.utter_message(response="utter_begrip_verder", buttons=verder)
        return [SlotSet("begrip", None)]


class ActionWieKanHelpen(Action):
    def name(self) -> str:
        return "action_wie_kan_helpen"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        info = hulp()
        regels = [f"• {h.wie}: {h.wanneer}" for h in info.hulp]
        dispatcher.utter_message(text="\n".join([info.intro, "", *regels, "", info.afsluiting]))
        return []


class ActionVerwijderGegevens(Action):
    """Delete everything stored for this conversation.

    Kompas's own data goes here and now; the conversation itself is removed by
    ``bot.storage.KompasTrackerStore`` when Rasa saves this turn (see there why).
    """

    def name(self) -> str:
        return storage.VERWIJDER_ACTIE

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        storage.verwijder_alles(tracker.sender_id)
        dispatcher.utter_message(response="utter_gegevens_verwijderd")
        return [AllSlotsReset()]
