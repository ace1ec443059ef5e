"""The one step engine and the one reload rule: what every guided flow shares."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bot import stappen
from bot.begrippen import laad_hulp
from bot.casussen import VerhaalRoute, bibliotheek
from bot.checklists import ChecklistRoute, checklists, laad_checklist
from bot.content import Bron, Map
from bot.stappen import Stand, verwerk
from bot.teksten import laad_teksten
from bot.trajecten import TrajectRoute, trajecten
from bot.werkvormen import WerkvormRoute, werkvormen
from bot.zelftest import ZelftestRoute, antwoorden_van

DATA = Path(__file__).resolve().parents[2] / "data"


def responses(verwerkt: stappen.Verwerkt) -> list[str | None]:
    return [b.response for b in verwerkt.berichten]


def alle_routes() -> list[stappen.Route]:
    verhaal = next(c for c in bibliotheek().alle() if c.verhaal)
    return [
        ZelftestRoute(),
        VerhaalRoute(verhaal),
        *(ChecklistRoute(c) for c in checklists().values()),
        *(WerkvormRoute(w) for w in werkvormen().values()),
        *(TrajectRoute(t) for t in trajecten().values()),
    ]


@pytest.mark.parametrize("route", alle_routes(), ids=lambda r: f"{r.naam}")
def test_every_flow_handles_back_length_and_unclear_answers_the_same_way(route: stappen.Route) -> None:
    begin = Stand(route="x")
    # 'terug' on the first question says so and keeps the place.
    uit = verwerk(route, begin, "terug", "terug")
    assert responses(uit) == [f"utter_{route.naam}_eerste_stap"] and uit.stand.positie == 0
    # Too long: nothing stored, the maximum and the length are named.
    lang = "a" * (route.max_tekens(stappen.huidige_vraag(route, begin)[0]) + 1)
    uit = verwerk(route, begin, lang)
    assert responses(uit) == [f"utter_{route.naam}_te_lang"] and uit.stand == begin
    assert uit.berichten[0].velden["lengte"] == len(lang)
    # Unclear twice in a row: the second time a way out is offered.
    eerste = verwerk(route, begin, "")
    tweede = verwerk(route, eerste.stand, "")
    assert eerste.stand.pogingen == 1
    assert responses(tweede) == [f"utter_{route.naam}_nog_steeds_onduidelijk"]


def test_a_flow_is_done_after_its_last_question_and_back_goes_one_step() -> None:
    route = ChecklistRoute(checklists()["ruggespraak"])
    stand = Stand(route="ruggespraak")
    aantal = len(route.plan({}))
    for i in range(aantal - 1):
        uit = verwerk(route, stand, "ja")
        assert not uit.klaar and uit.stand.positie == i + 1
        stand = uit.stand
    terug = verwerk(route, stand, "vorige")
    assert terug.stand.positie == aantal - 2 and len(terug.stand.antwoorden) == aantal - 2
    laatste = verwerk(route, verwerk(route, terug.stand, "nee").stand, "ja")
    assert laatste.klaar and len(route.antwoorden(laatste.stand)) == aantal


def test_the_zelftest_keeps_an_answer_when_going_back_and_skips_on_request() -> None:
    route = ZelftestRoute()
    stand = verwerk(route, Stand(), "klopt wel").stand
    stand = verwerk(route, stand, "ga maar terug").stand  # a command anywhere in a short answer
    assert stand.positie == 0 and antwoorden_van(stand.als_slot())[0] == 4
    stand = verwerk(route, stand, "sla deze over").stand
    assert stand.positie == 1 and antwoorden_van(stand.als_slot())[0] is None
    opnieuw = verwerk(route, stand, "opnieuw beginnen")
    assert responses(opnieuw) == ["utter_zelftest_opnieuw"] and opnieuw.stand.antwoorden == {}


def test_the_story_plan_follows_the_choices() -> None:
    casus = next(c for c in bibliotheek().alle() if c.verhaal and len(c.verhaal.scenes) > 1)
    route = VerhaalRoute(casus)
    stand = Stand(route=casus.id)
    gezien = []
    for _ in range(10):
        huidig = stappen.huidige_vraag(route, stand)
        gezien.append(huidig[0].stap.id)
        uit = verwerk(route, stand, "A")
        stand = uit.stand
        if uit.klaar:
            break
    assert uit.klaar and route.afloop(stand) is not None
    assert gezien[0] == casus.verhaal.start


def test_a_slot_value_from_an_old_conversation_starts_afresh() -> None:
    assert Stand.van(None) == Stand()
    assert Stand.van({"positie": "x"}) == Stand()
    assert Stand.van([1, 2]) == Stand()
    assert Stand.van(Stand(positie=3, antwoorden={"a": 1}).als_slot()).positie == 3


# --- the one reload rule -------------------------------------------------------------------


def raak_aan(pad: Path) -> None:
    """Make the change visible even on file systems with coarse timestamps."""
    nu = time.time() + 2
    os.utime(pad, (nu, nu))


def test_a_content_file_is_live_and_a_broken_change_keeps_the_last_good_version(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pad = tmp_path / "teksten.yml"
    goed = (DATA / "teksten.yml").read_text(encoding="utf-8")
    pad.write_text(goed, encoding="utf-8")
    bron = Bron(laad_teksten, pad)
    assert bron.get().knoppen.klaar == "Klaar"
    assert bron.get() is bron.get()  # parsed once, not on every use

    pad.write_text(goed.replace("klaar: Klaar", "klaar: Klaar!"), encoding="utf-8")
    raak_aan(pad)
    assert bron.get().knoppen.klaar == "Klaar!"  # live, no restart

    pad.write_text(goed.replace("max_pogingen: 2", "max_pogingen: twee"), encoding="utf-8")
    raak_aan(pad)
    assert bron.get().knoppen.klaar == "Klaar!"  # the last good version keeps serving
    assert "max_pogingen" in str(bron.fouten[0]) and "teksten.yml" in caplog.text


def test_a_checklist_that_names_a_new_helper_appears_when_the_helper_is_added(tmp_path: Path) -> None:
    hulp_pad = tmp_path / "hulp.yml"
    hulp_tekst = (DATA / "hulp.yml").read_text(encoding="utf-8")
    hulp_pad.write_text(hulp_tekst, encoding="utf-8")
    hulp = Bron(laad_hulp, hulp_pad)
    map_ = tmp_path / "checklists"
    map_.mkdir()
    checklist = (DATA / "checklists" / "ruggespraak.yml").read_text(encoding="utf-8")
    assert "wie_helpt: [" in checklist
    (map_ / "ruggespraak.yml").write_text(
        checklist.replace("wie_helpt: [", "wie_helpt: [integriteitsadviseur, "), encoding="utf-8"
    )

    import bot.begrippen as module

    oud = module.HULP
    module.HULP = hulp  # the checklist's cross-check reads hulp() from this source
    try:
        lijsten = Map(laad_checklist, map_, "Checklist", hangt_af_van=(hulp,))
        assert lijsten.alles() == {} and "integriteitsadviseur" in str(lijsten.fouten[0])
        nieuw = "  - id: integriteitsadviseur\n    wie: De integriteitsadviseur\n    wanneer: Voor vragen over integriteit.\n\n"
        hulp_pad.write_text(hulp_tekst.replace("hulp:\n", "hulp:\n" + nieuw, 1), encoding="utf-8")
        raak_aan(hulp_pad)
        assert "ruggespraak" in lijsten.alles()  # no restart, and the checklist file itself is unchanged
    finally:
        module.HULP = oud
