"""The group session's actions, with a rasa_sdk Tracker, a CollectingDispatcher and the
real domain: the facilitator starts and drives, members join, answer and leave."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.groepssessie import (
    ActionAskSessieAntwoord,
    ActionDoeMee,
    ActionSessieBediening,
    ActionStartGroepssessie,
    ValidateGroepssessieForm,
)
from actions.zelftest import ActionZelftestRapport
from bot import intern, sessieplan
from bot.groepssessie import Sessies
from tests.unit.test_actions import DOMAIN, zelftest_stand

BEGELEIDER = "b" * 32
LEDEN = [f"{i:032x}" for i in range(1, 5)]
FORM = {"name": "groepssessie_form"}


@pytest.fixture(autouse=True)
def vaste_casus(monkeypatch: pytest.MonkeyPatch) -> None:
    """The facilitator's casus is drawn at random; here always the same story."""
    import actions.groepssessie as module

    monkeypatch.setattr(
        module.random, "choice", lambda lijst: next((c for c in lijst if c.id == "agressie-dreigbericht-azc"), lijst[0])
    )


@pytest.fixture(autouse=True)
def geduwd(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    verzoeken: list[list[str]] = []
    monkeypatch.setattr(intern, "duw_ronde", lambda gesprekken: verzoeken.append(list(gesprekken)) or True)
    return verzoeken


def tracker(
    wie: str,
    tekst: str = "",
    intent: str = "join_groepssessie",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    active_loop: dict[str, Any] | None = None,
    kanaal: str = "socketio",
) -> Tracker:
    alle_slots = {naam: None for naam in DOMAIN["slots"]}
    alle_slots.update(slots or {})
    latest = {"text": tekst, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    return Tracker(
        sender_id=wie,
        slots=alle_slots,
        latest_message=latest,
        events=[{"event": "user", "text": tekst, "parse_data": latest, "input_channel": kanaal}],
        paused=False,
        followup_action=None,
        active_loop=active_loop or {},
        latest_action_name="action_listen",
    )


async def run(action: Any, t: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    return dispatcher.messages, events


async def valideer(t: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    uit = await ValidateGroepssessieForm().validate_sessie_antwoord(t.latest_message["text"], dispatcher, t, DOMAIN)
    return dispatcher.messages, uit


def responses(berichten: list[dict[str, Any]]) -> list[str]:
    return [b["response"] for b in berichten]


def knop(actie: str, wie: str = BEGELEIDER) -> Tracker:
    return tracker(
        wie,
        f'/sessie_bediening{{"sessie_knop":"{actie}"}}',
        "sessie_bediening",
        [{"entity": "sessie_knop", "value": actie}],
    )


async def start_casus(casus_thema: str = "agressie") -> str:
    entities = [{"entity": "sessie_soort", "value": "casus"}, {"entity": "thema", "value": casus_thema}]
    berichten, _ = await run(ActionStartGroepssessie(), tracker(BEGELEIDER, "", "start_groepssessie", entities))
    gestart = next(b for b in berichten if b["response"] == "utter_sessie_gestart")
    return gestart["code"]


async def test_the_facilitator_chooses_what_the_group_does_then_gets_code_and_link() -> None:
    berichten, _ = await run(
        ActionStartGroepssessie(), tracker(BEGELEIDER, "start een groepssessie", "start_groepssessie")
    )
    assert responses(berichten) == ["utter_sessie_kies_onderdeel"]
    payloads = [k["payload"] for k in berichten[0]["buttons"]]
    assert (
        '/start_groepssessie{"sessie_soort":"zelftest"}' in payloads
        and len(payloads) == len(sessieplan.inhoud().onderdelen) == 7
    )

    entities = [{"entity": "sessie_soort", "value": "casus_thema"}]
    berichten, _ = await run(ActionStartGroepssessie(), tracker(BEGELEIDER, "", "start_groepssessie", entities))
    assert any("geschenken" in k["payload"] for k in berichten[0]["buttons"])

    entities = [{"entity": "sessie_soort", "value": "casus_rol"}]
    berichten, _ = await run(ActionStartGroepssessie(), tracker(BEGELEIDER, "", "start_groepssessie", entities))
    assert responses(berichten) == ["utter_sessie_kies_rol"]
    assert '/start_groepssessie{"sessie_soort":"casus","rol":"statenlid"}' in [
        k["payload"] for k in berichten[0]["buttons"]
    ]

    entities = [{"entity": "sessie_soort", "value": "perspectievenmethode"}]
    berichten, _ = await run(ActionStartGroepssessie(), tracker(BEGELEIDER, "", "start_groepssessie", entities))
    gestart = next(b for b in berichten if b["response"] == "utter_sessie_gestart")
    assert re.fullmatch(r"\d{6}", gestart["code"]) and gestart["titel"].startswith(
        "Perspectievenmethode op een casus: "
    )
    sleutel = re.search(r"/sessie/([\w-]+)$", gestart["link"]).group(1)
    assert Sessies().met_sleutel(sleutel).code == gestart["code"]  # the link controls this session
    stand = berichten[-1]
    assert stand["response"] == "utter_sessie_stand" and stand["deelnemers"] == 0
    assert [k["title"] for k in stand["buttons"]][:2] == ["Volgende stap", "Toelichting"]


async def test_members_join_by_code_and_a_wrong_code_gets_a_clear_answer() -> None:
    code = await start_casus()
    berichten, events = await run(ActionDoeMee(), tracker(LEDEN[0], f"ik doe mee, code {code[:3]} {code[3:]}"))
    assert responses(berichten) == ["utter_sessie_welkom"] and events[0]["value"] is True
    berichten, events = await run(ActionDoeMee(), tracker(LEDEN[0], "meedoen"))
    assert responses(berichten) == ["utter_sessie_terug"] and events[0]["value"] is True  # after a reload
    fout = "000000" if code != "000000" else "111111"
    berichten, events = await run(ActionDoeMee(), tracker(LEDEN[1], f"meedoen met sessie {fout}"))
    assert responses(berichten) == ["utter_sessie_code_onbekend"] and events[0]["value"] is False
    berichten, events = await run(ActionDoeMee(), tracker(LEDEN[1], "ik wil meedoen"))
    assert responses(berichten) == ["utter_sessie_geen_code"] and events[0]["value"] is False


async def test_an_opened_round_is_pushed_and_members_vote_change_and_leave(geduwd: list[list[str]]) -> None:
    code = await start_casus()
    for lid in LEDEN[:3]:
        await run(ActionDoeMee(), tracker(lid, f"meedoen {code}"))
    await run(ActionDoeMee(), tracker(LEDEN[3], f"meedoen {code}", kanaal="rest"))
    berichten, _ = await run(ActionAskSessieAntwoord(), tracker(LEDEN[0], active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_wacht"]  # the situation: nothing to answer yet

    await run(ActionSessieBediening(), knop("volgende"))
    berichten, _ = await run(ActionSessieBediening(), knop("open"))
    assert geduwd == [LEDEN[:3]]  # into the widget chats; the REST member sees it when typing
    assert "utter_sessie_ronde_open" in responses(berichten)

    push = tracker(LEDEN[0], f"/{intern.DUW_INTENT}", intern.DUW_INTENT, active_loop=FORM)
    berichten, uit = await valideer(push)
    assert berichten == [] and uit == {"sessie_antwoord": None}
    berichten, _ = await run(ActionAskSessieAntwoord(), push)
    vraag = berichten[0]
    assert vraag["response"] == "utter_sessie_vraag" and [k["payload"] for k in vraag["buttons"]] == ["A", "B", "C"]

    berichten, uit = await valideer(tracker(LEDEN[0], "b", "zelftest_antwoord", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_genoteerd"] and berichten[0]["antwoord"].startswith("B · ")
    assert uit == {"sessie_antwoord": None, "sessie_genoteerd": True, "sessie_stand": None}
    berichten, _ = await run(ActionAskSessieAntwoord(), tracker(LEDEN[0], slots={"sessie_genoteerd": True}))
    assert berichten == []  # no question again right after an answer
    await valideer(tracker(LEDEN[0], "optie 1", "zelftest_antwoord", active_loop=FORM))  # changed
    berichten, _ = await run(ActionAskSessieAntwoord(), tracker(LEDEN[0], "wat is de vraag?", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_vraag", "utter_sessie_mijn_antwoord"]
    assert berichten[1]["antwoord"].startswith("A · ")

    berichten, uit = await valideer(tracker(LEDEN[1], "misschien", "out_of_scope", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_kies_optie"] and uit["sessie_antwoord"] is None
    assert uit["sessie_genoteerd"] is False  # a vote shows its buttons again
    # Unclear twice in this round: the step engine says how to go on instead.
    nog_eens = tracker(
        LEDEN[1], "geen idee", "out_of_scope", slots={"sessie_stand": uit["sessie_stand"]}, active_loop=FORM
    )
    berichten, uit = await valideer(nog_eens)
    assert responses(berichten) == ["utter_sessie_nog_steeds_onduidelijk"]
    berichten, uit = await valideer(tracker(LEDEN[1], "help", "help", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_help"] and uit["sessie_genoteerd"] is True
    for lid, stem in ((LEDEN[1], "A"), (LEDEN[2], "C"), (LEDEN[3], "je maakt schermafbeeldingen en belt de griffier")):
        await valideer(tracker(lid, stem, "zelftest_antwoord", active_loop=FORM))
    berichten, _ = await run(ActionSessieBediening(), knop("sluit"))
    assert berichten[0]["response"] == "utter_sessie_ronde_dicht" and berichten[0]["aantal"] == 4

    berichten, uit = await valideer(tracker(LEDEN[2], "verlaat de sessie", "stop", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_verlaten"] and uit == {"sessie_antwoord": "verlaten"}
    assert Sessies().sessie_van(LEDEN[2]) is None

    await run(ActionSessieBediening(), knop("einde"))
    berichten, uit = await valideer(tracker(LEDEN[0], "hallo", "greet", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_afgelopen"] and uit == {"sessie_antwoord": "afgelopen"}


async def test_a_push_after_the_end_tells_the_member_once_and_otherwise_says_nothing() -> None:
    berichten, events = await run(ActionDoeMee(), tracker(LEDEN[0], f"/{intern.DUW_INTENT}", intern.DUW_INTENT))
    assert berichten == [] and events[0]["value"] is False  # not in a session: silent
    code = await start_casus()
    await run(ActionDoeMee(), tracker(LEDEN[0], f"meedoen {code}"))
    await run(ActionSessieBediening(), knop("einde"))
    berichten, events = await run(ActionDoeMee(), tracker(LEDEN[0], f"/{intern.DUW_INTENT}", intern.DUW_INTENT))
    assert responses(berichten) == ["utter_sessie_afgelopen"] and events[0]["value"] is False
    berichten, _ = await run(ActionDoeMee(), tracker(LEDEN[0], f"/{intern.DUW_INTENT}", intern.DUW_INTENT))
    assert berichten == []


async def test_controls_that_do_not_fit_are_explained() -> None:
    berichten, _ = await run(ActionSessieBediening(), knop("open", wie=LEDEN[0]))
    assert responses(berichten) == ["utter_sessie_geen_eigen_sessie"]
    await start_casus()
    berichten, _ = await run(ActionSessieBediening(), knop("open"))
    assert responses(berichten)[0] == "utter_sessie_kan_niet_geen_vraag"
    for _ in range(2):
        await run(ActionSessieBediening(), knop("variant"))
    berichten, _ = await run(ActionSessieBediening(), knop("variant"))
    assert responses(berichten)[0] == "utter_sessie_kan_niet_geen_variant"
    berichten, _ = await run(ActionSessieBediening(), knop("einde"))
    assert responses(berichten) == ["utter_sessie_beeindigd_begeleider"] and "/samenvatting" in berichten[0]["link"]


async def test_the_zelftest_mirror_counts_colours_not_answers() -> None:
    entities = [{"entity": "sessie_soort", "value": "zelftest"}]
    await run(ActionStartGroepssessie(), tracker(BEGELEIDER, "", "start_groepssessie", entities))
    sessie = Sessies().geleid_door(BEGELEIDER)
    code = sessie.code
    for lid in LEDEN[:3]:
        await run(ActionDoeMee(), tracker(lid, f"meedoen {code}"))
    await run(ActionSessieBediening(), knop("open"))
    berichten, _ = await run(ActionAskSessieAntwoord(), tracker(LEDEN[0], active_loop=FORM))
    assert berichten[0]["response"] == "utter_sessie_zelftest"
    assert DOMAIN["responses"]["utter_sessie_zelftest"][0]["buttons"][0]["payload"] == "/start_zelftest"
    for lid, antwoorden in zip(LEDEN[:3], ([5] * 12, [1] * 12, [5] * 12), strict=True):
        t = tracker(lid, "klaar", "zelftest_antwoord", slots={"zelftest_stand": zelftest_stand(antwoorden)})
        berichten, _ = await run(ActionZelftestRapport(), t)
        assert "utter_sessie_zelftest_gedeeld" in responses(berichten)
    await run(ActionSessieBediening(), knop("sluit"))
    spiegel = Sessies().scherm(sessie.sleutel)["uitslag"]["spiegel"]
    assert sum(spiegel["Jij"].values()) == 3
    assert sorted(spiegel["Jij"].values()) == [0, 1, 2]  # counts per colour, never who


async def test_a_free_text_answer_too_short_asks_for_a_few_words() -> None:
    sessies = Sessies()
    sessie = sessies.start(BEGELEIDER, {"soort": "casus", "casus": "geschenken-kerstpakket"})
    sessies.volgende_stap(sessie.sleutel)
    sessies.doe_mee(sessie.code, LEDEN[0])
    sessies.open_ronde(sessie.sleutel)
    berichten, _ = await valideer(tracker(LEDEN[0], "x", "out_of_scope", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_schrijf_meer"]
    berichten, _ = await valideer(tracker(LEDEN[0], "Ik zou stoppen met die nevenfunctie", "stop", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_genoteerd"]  # an answer, though NLU read 'stop'
    # Likewise a contribution NLU reads as joining ("meedoen"): only a short one asks again.
    bijdrage = "Ik kies voor eerst overleggen met de griffier"
    berichten, uit = await valideer(tracker(LEDEN[0], bijdrage, "join_groepssessie", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_genoteerd"]
    berichten, uit = await valideer(tracker(LEDEN[0], "meedoen", "join_groepssessie", active_loop=FORM))
    assert berichten == [] and uit["sessie_antwoord"] is None  # the form shows the question again
    berichten, _ = await valideer(tracker(LEDEN[0], "stop", "stop", active_loop=FORM))
    assert responses(berichten) == ["utter_sessie_verlaten"]
