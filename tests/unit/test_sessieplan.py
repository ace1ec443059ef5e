"""The steps of a group session, built from the content, and how members' answers are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import sessieplan
from bot.content import ContentError
from bot.groepssessie import Sessies
from bot.sessieplan import PlanFout, SessieRoute, lees_antwoord, stap, verder, volgende
from bot.stappen import Stand, verwerk, vraag

AZC = {"soort": "casus", "casus": "agressie-dreigbericht-azc"}
KERSTPAKKET = {"soort": "casus", "casus": "geschenken-kerstpakket"}


def test_a_casus_story_goes_situation_scenes_ending_toelichting_variants_end() -> None:
    assert sessieplan.eerste(AZC) == "situatie"
    sleutel, keuzes = verder(AZC, "situatie")
    assert sleutel == "scene:bericht" and keuzes == {}
    scene = stap(AZC, "scene:bericht")
    assert scene.vraag == "Wat doe je?" and len(scene.opties) == 3 and scene.heeft_ronde
    assert verder(AZC, "scene:bericht", 2, keuzes)[0] == "scene:reactie"  # option C goes on
    sleutel, keuzes = verder(AZC, "scene:bericht", 0, keuzes)
    assert sleutel == "afloop:weggegooid"  # option A ends
    assert verder(AZC, "afloop:weggegooid", None, keuzes)[0] == "toelichting"
    toelichting = stap(AZC, "toelichting")
    assert toelichting.regels and all(bron for _, bron in toelichting.regels)  # every rule has its source
    assert volgende(AZC, "toelichting") == "variant:0"
    variant = stap(AZC, "variant:0")
    assert variant.tekst.startswith("Maar wat als") and variant.opties and variant.na_de_ronde
    assert volgende(AZC, "variant:1") == "einde"


def test_a_casus_without_story_asks_its_questions_as_free_text_rounds() -> None:
    assert volgende(KERSTPAKKET, "situatie") == "vraag:0"
    vraag = stap(KERSTPAKKET, "vraag:0")
    assert vraag.vrije_tekst and not vraag.opties
    assert vraag.vraag == "Houd je het pakket, stuur je het terug, of doe je iets anders?"
    assert volgende(KERSTPAKKET, "vraag:2") == "toelichting"


def test_a_werkvorm_on_a_casus_takes_the_steps_listed_for_groups() -> None:
    onderwerp = {"soort": "dilemma_reflectie", "casus": "geschenken-kerstpakket"}
    sleutels = ["situatie"]
    while sleutels[-1] != "einde":
        sleutels.append(volgende(onderwerp, sleutels[-1]))
    assert sleutels[1] == "werkvorm:kernvraag" and "werkvorm:feiten" not in sleutels
    assert sleutels[-2:] == ["toelichting", "einde"]
    waarden = stap(onderwerp, "werkvorm:waarden")
    assert "onpartijdigheid" in waarden.opties  # a step with choices becomes a vote
    assert stap(onderwerp, "werkvorm:besluit").vrije_tekst


def test_a_werkvorm_added_as_content_is_a_group_session_too() -> None:
    # The integriteitskubus exists only as YAML (data/werkvormen, data/groepssessie.yml).
    assert "integriteitskubus" in sessieplan.inhoud().onderdelen
    onderwerp = {"soort": "integriteitskubus", "casus": "geschenken-festivalkaarten"}
    sleutels = ["situatie"]
    while sleutels[-1] != "einde":
        sleutels.append(volgende(onderwerp, sleutels[-1]))
    assert sleutels == ["situatie", "werkvorm:doen", "werkvorm:waarom", "werkvorm:ondanks", "toelichting", "einde"]
    assert stap(onderwerp, "werkvorm:ondanks").vrije_tekst


def test_the_group_content_names_a_button_for_every_werkvorm(tmp_path: Path) -> None:
    bron = Path(sessieplan.GROEPSSESSIE_BESTAND).read_text(encoding="utf-8")
    pad = tmp_path / "groepssessie.yml"
    pad.write_text(bron.replace("  integriteitskubus: Integriteitskubus op een casus\n", ""), encoding="utf-8")
    with pytest.raises(ContentError, match=r"werkvormen\.integriteitskubus: heeft geen knop onder onderdelen"):
        sessieplan.laad_groepssessie(pad)


def test_the_zelftest_mirror_is_one_round_then_the_end() -> None:
    onderwerp = {"soort": "zelftest"}
    assert sessieplan.eerste(onderwerp) == "zelftest"
    assert stap(onderwerp, "zelftest").heeft_ronde
    assert volgende(onderwerp, "zelftest") == "einde"


def test_an_unknown_casus_or_step_is_refused() -> None:
    with pytest.raises(PlanFout):
        stap({"soort": "casus", "casus": "bestaat-niet"}, "situatie")
    with pytest.raises(PlanFout):
        stap(AZC, "scene:bestaat-niet")


@pytest.mark.parametrize(
    ("getypt", "verwacht"),
    [
        ("b", "B"),
        ("B", "B"),
        ("2", "B"),
        ("optie c", "C"),
        ("Ik kies B", "B"),
        ("schermafbeeldingen maken en de griffier bellen", "B"),
        ("reageren onder het bericht", "C"),
        ("d", None),
        ("7", None),
        ("geen idee", None),
        ("het bericht", None),  # shares words with more than one option
    ],
)
def test_a_vote_is_read_from_letter_number_or_the_options_words(getypt: str, verwacht: str | None) -> None:
    assert lees_antwoord(stap(AZC, "scene:bericht"), getypt) == verwacht


def test_free_text_is_kept_as_typed_and_too_little_is_no_answer() -> None:
    vraag = stap(KERSTPAKKET, "vraag:0")
    assert lees_antwoord(vraag, "  Terugsturen,   met een briefje ") == "Terugsturen, met een briefje"
    assert lees_antwoord(vraag, "?") is None
    assert lees_antwoord(stap(AZC, "situatie"), "A") is None  # nothing to answer here


def test_a_members_message_is_one_answer_on_the_step_engine() -> None:
    route = SessieRoute(AZC)
    plan = route.plan({})
    assert [v.stap.sleutel for v in plan[:2]] == ["situatie", "scene:bericht"]
    stand = Stand(route="482913:1", positie=1)
    assert [b.response for b in vraag(route, stand)] == ["utter_sessie_vraag"]
    assert [t for t, _ in vraag(route, stand)[0].knoppen][1].startswith("B · ")

    goed = verwerk(route, stand, "schermafbeeldingen maken en de griffier bellen")
    assert goed.stand.positie == 2 and goed.stand.antwoorden[plan[1].sleutel] == "B"

    onduidelijk = verwerk(route, stand, "geen idee")
    assert onduidelijk.stand.positie == 1
    assert [(b.response, dict(b.velden)) for b in onduidelijk.berichten] == [
        ("utter_sessie_kies_optie", {"letters": "A, B, C"})
    ]
    # Unclear again: the engine's cap (max_pogingen in data/teksten.yml) says how to go on.
    weer = verwerk(route, onduidelijk.stand, "weet niet")
    assert [b.response for b in weer.berichten] == ["utter_sessie_nog_steeds_onduidelijk"]

    te_lang = verwerk(route, stand, "b" * (sessieplan.MAX_ANTWOORD + 1))
    assert te_lang.stand == stand and te_lang.berichten[0].response == "utter_sessie_te_lang"
    # A group has no 'terug': the word is an unclear vote, not a step back.
    assert verwerk(route, stand, "terug").stand.positie == 1


def test_the_group_follows_a_story_the_way_one_user_does() -> None:
    # The same choices give the same scènes alone (VerhaalRoute) and in a group.
    from bot.casussen import VerhaalRoute, bibliotheek

    keuzes = {"0:bericht": 2}
    alleen = [v.stap.id for v in VerhaalRoute(bibliotheek().get(AZC["casus"])).plan(keuzes)]
    groep = [v.stap.sleutel for v in SessieRoute(AZC).plan(keuzes) if v.stap.soort == "scene"]
    assert groep == [f"scene:{s}" for s in alleen] and len(groep) == 2


def test_the_story_follows_the_majority_and_never_a_small_groups_votes(monkeypatch: pytest.MonkeyPatch) -> None:
    sessies = Sessies()
    groot = sessies.start("griffier", AZC)
    sessies.volgende_stap(groot.sleutel)  # to the first scène
    for i in range(4):
        sessies.doe_mee(groot.code, f"lid-{i}")
    sessies.open_ronde(groot.sleutel)
    for i, stem in enumerate("CCBA"):
        sessies.antwoord(groot.code, f"lid-{i}", stem)
    sessies.sluit_ronde(groot.sleutel)
    assert sessies.volgende_stap(groot.sleutel).stap_sleutel == "scene:reactie"

    klein = sessies.start("griffier", AZC)
    sessies.volgende_stap(klein.sleutel)
    for i in range(2):
        sessies.doe_mee(klein.code, f"klein-{i}")
    sessies.open_ronde(klein.sleutel)
    for i in range(2):
        sessies.antwoord(klein.code, f"klein-{i}", "C")
    sessies.sluit_ronde(klein.sleutel)
    # Two answers: below the minimum, so the path does not follow (and reveal) them.
    assert sessies.volgende_stap(klein.sleutel).stap_sleutel == "afloop:weggegooid"


def test_the_facilitator_jumps_to_the_toelichting_and_to_each_variant_once() -> None:
    sessies = Sessies()
    sessie = sessies.start("griffier", AZC)
    assert sessies.toon_toelichting(sessie.sleutel).stap_sleutel == "toelichting"
    assert sessies.maar_wat_als(sessie.sleutel).stap_sleutel == "variant:0"
    assert sessies.maar_wat_als(sessie.sleutel).stap_sleutel == "variant:1"
    from bot.groepssessie import SessieFout

    with pytest.raises(SessieFout) as fout:
        sessies.maar_wat_als(sessie.sleutel)
    assert fout.value.reden == "geen_variant"


def test_a_broken_groepssessie_file_is_reported_with_line_and_field(tmp_path: Path) -> None:
    tekst = sessieplan.GROEPSSESSIE_BESTAND.read_text(encoding="utf-8")
    kapot = tmp_path / "groepssessie.yml"
    kapot.write_text(tekst.replace("    - kernvraag\n", "    - kernvrag\n"), encoding="utf-8")
    with pytest.raises(ContentError) as fout:
        sessieplan.laad_groepssessie(kapot)
    melding = str(fout.value)
    assert "kernvrag" in melding and "dilemma_reflectie" in melding
    regel = next(i for i, r in enumerate(kapot.read_text().splitlines(), 1) if "kernvrag" in r)
    assert f":{regel}:" in melding
