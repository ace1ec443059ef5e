"""The group session model: join, answer, change, close, threshold, expiry, wrong codes, delete."""

from __future__ import annotations

import pytest

from bot import storage
from bot.groepssessie import FOUTE_CODES_VENSTER, MAX_FOUTE_CODES, VERLOOPT_NA, SessieFout, Sessies

KERSTPAKKET = {"soort": "casus", "casus": "geschenken-kerstpakket"}


class Klok:
    def __init__(self) -> None:
        self.nu = 1_800_000_000.0

    def __call__(self) -> float:
        return self.nu


@pytest.fixture
def klok() -> Klok:
    return Klok()


@pytest.fixture
def sessies(klok: Klok) -> Sessies:
    return Sessies(klok=klok)


def fractie(sessies: Sessies, leden: int = 4):
    sessie = sessies.start("griffier", KERSTPAKKET)
    sessies.volgende_stap(sessie.sleutel)  # from the situation to the first question
    namen = [f"lid-{i}" for i in range(leden)]
    for naam in namen:
        sessies.doe_mee(sessie.code, naam)
    return sessie, namen


def test_a_session_has_a_six_digit_code_and_an_unguessable_key(sessies: Sessies) -> None:
    a = sessies.start("griffier", KERSTPAKKET)
    b = sessies.start("trainer", {"soort": "perspectievenmethode", "casus": "stemmen-peilbesluit"})
    assert len(a.code) == 6 and a.code.isdigit() and a.code != b.code
    assert len(a.sleutel) >= 32 and a.sleutel != b.sleutel
    assert sessies.met_sleutel(a.sleutel).code == a.code
    with pytest.raises(SessieFout) as fout:
        sessies.met_sleutel("geraden")
    assert fout.value.reden == "onbekend"


def test_members_answer_change_their_answer_and_the_screen_shows_only_counts(sessies: Sessies) -> None:
    sessie, leden = fractie(sessies)
    sessies.open_ronde(sessie.sleutel)
    sessies.antwoord(sessie.code, leden[0], "A")
    sessies.antwoord(sessie.code, leden[1], "B")
    sessies.antwoord(sessie.code, leden[1], "A")  # changed before the round closed
    stand = sessies.stand(sessie.code)
    assert (stand.deelnemers, stand.beantwoord, stand.ronde_open) == (4, 2, True)
    assert sessies.mijn_antwoord(sessie.code, leden[1]) == "A"  # shown back after a reload


def test_no_result_while_the_round_is_open_nor_below_the_minimum(sessies: Sessies) -> None:
    sessie, leden = fractie(sessies)
    sessies.open_ronde(sessie.sleutel)
    for lid, keuze in zip(leden[:2], "AB", strict=True):
        sessies.antwoord(sessie.code, lid, keuze)
    assert sessies.uitslag(sessie.code).reden == "ronde_open"
    sessies.sluit_ronde(sessie.sleutel)
    te_weinig = sessies.uitslag(sessie.code)
    assert (te_weinig.getoond, te_weinig.reden, te_weinig.per_antwoord) == (False, "te_weinig", {})

    sessies.open_ronde(sessie.sleutel)  # a new round: 3 of 4 answer
    for lid, keuze in zip(leden[:3], "AAB", strict=True):
        sessies.antwoord(sessie.code, lid, keuze)
    sessies.sluit_ronde(sessie.sleutel)
    uitslag = sessies.uitslag(sessie.code)
    assert uitslag.getoond and uitslag.per_antwoord == {"A": 2, "B": 1}
    assert "lid-0" not in repr(uitslag)  # nobody is named


def test_answers_only_while_a_round_is_open_and_only_by_members(sessies: Sessies) -> None:
    sessie, leden = fractie(sessies)
    with pytest.raises(SessieFout) as fout:
        sessies.antwoord(sessie.code, leden[0], "A")
    assert fout.value.reden == "geen_ronde"
    sessies.open_ronde(sessie.sleutel)
    with pytest.raises(SessieFout) as fout:
        sessies.antwoord(sessie.code, "buitenstaander", "A")
    assert fout.value.reden == "geen_deelnemer"


def test_free_text_only_after_release_and_without_hidden_items(sessies: Sessies) -> None:
    sessie, leden = fractie(sessies)
    sessies.open_ronde(sessie.sleutel)
    for lid, tekst in zip(leden[:3], ["De krantentoets", "Een onaardige opmerking", "Eerst melden"], strict=True):
        sessies.antwoord(sessie.code, lid, tekst)
    sessies.sluit_ronde(sessie.sleutel)
    assert sessies.uitslag(sessie.code).teksten == []
    te_verbergen = {i for i, t in _alle_teksten(sessies, sessie.code) if t == "Een onaardige opmerking"}
    sessies.geef_teksten_vrij(sessie.sleutel, verbergen=te_verbergen)
    assert [t for _, t in sessies.uitslag(sessie.code).teksten] == ["De krantentoets", "Eerst melden"]


def _alle_teksten(sessies: Sessies, code: str) -> list[tuple[str, str]]:
    import sqlalchemy as sa

    with sessies.eng.connect() as conn:
        rijen = conn.execute(
            sa.select(storage.sessie_antwoorden.c.id, storage.sessie_antwoorden.c.antwoord).where(
                storage.sessie_antwoorden.c.code == code
            )
        ).all()
    return [(r.id, r.antwoord) for r in rijen]


def test_rejoining_keeps_the_answer_and_a_member_can_leave(sessies: Sessies) -> None:
    sessie, leden = fractie(sessies)
    sessies.open_ronde(sessie.sleutel)
    sessies.antwoord(sessie.code, leden[0], "B")
    sessies.doe_mee(sessie.code, leden[0])  # the phone slept, the page reloaded
    assert sessies.mijn_antwoord(sessie.code, leden[0]) == "B"
    assert sessies.sessie_van(leden[0]).code == sessie.code
    sessies.verlaat(sessie.code, leden[0])
    assert sessies.stand(sessie.code).deelnemers == 3
    assert sessies.sessie_van(leden[0]) is None


def test_wrong_codes_make_a_person_wait(sessies: Sessies, klok: Klok) -> None:
    sessie = sessies.start("griffier", KERSTPAKKET)
    fout = "000000" if sessie.code != "000000" else "111111"
    for _ in range(MAX_FOUTE_CODES):
        with pytest.raises(SessieFout) as f:
            sessies.doe_mee(fout, "rader")
        assert f.value.reden == "onbekend"
    with pytest.raises(SessieFout) as f:
        sessies.doe_mee(sessie.code, "rader")  # even the right code waits now
    assert f.value.reden == "wacht"
    sessies.doe_mee(sessie.code, "iemand-anders")  # others are not held up
    klok.nu += FOUTE_CODES_VENSTER + 1
    assert sessies.doe_mee(sessie.code, "rader").code == sessie.code


def test_codes_are_read_from_what_people_type(sessies: Sessies) -> None:
    sessie = sessies.start("griffier", KERSTPAKKET)
    spaties = f"{sessie.code[:3]} {sessie.code[3:]}"
    assert sessies.doe_mee(spaties, "lid").code == sessie.code


def test_an_ended_or_inactive_session_cannot_be_joined(sessies: Sessies, klok: Klok) -> None:
    a = sessies.start("griffier", KERSTPAKKET)
    sessies.beeindig(a.sleutel)
    with pytest.raises(SessieFout) as f:
        sessies.doe_mee(a.code, "lid")
    assert f.value.reden == "beeindigd"
    b = sessies.start("griffier", KERSTPAKKET)
    klok.nu += VERLOOPT_NA + 1
    with pytest.raises(SessieFout) as f:
        sessies.doe_mee(b.code, "lid")
    assert f.value.reden == "onbekend"


def test_deleting_my_data_removes_my_answers_and_the_sessions_i_led(sessies: Sessies) -> None:
    sessie, leden = fractie(sessies)
    sessies.open_ronde(sessie.sleutel)
    for lid in leden:
        sessies.antwoord(sessie.code, lid, "A")
    storage.verwijder_alles(leden[0])
    sessies.sluit_ronde(sessie.sleutel)
    assert sessies.uitslag(sessie.code).aantal == 3
    assert sessies.stand(sessie.code).deelnemers == 3

    storage.verwijder_alles("griffier")  # the facilitator: the session goes whole
    with pytest.raises(SessieFout):
        sessies.met_code(sessie.code, ook_beeindigd=True)
    assert _alle_teksten(sessies, sessie.code) == []


def test_the_facilitator_deletes_the_session_and_old_sessions_are_purged(sessies: Sessies, klok: Klok) -> None:
    a, _ = fractie(sessies)
    sessies.verwijder(a.sleutel)
    assert _alle_teksten(sessies, a.code) == []
    b, _ = fractie(sessies)
    storage.ruim_op(30, nu=klok.nu + 29 * 86400)
    assert sessies.stand(b.code).deelnemers == 4  # still within the retention period
    storage.ruim_op(30, nu=klok.nu + 31 * 86400)
    assert _alle_teksten(sessies, b.code) == []
    klok.nu += 1  # not expired by inactivity yet: gone because it was deleted
    with pytest.raises(SessieFout):
        sessies.met_code(b.code, ook_beeindigd=True)


def test_the_group_zelftest_shows_colours_per_block_never_a_persons_answers(sessies: Sessies) -> None:
    from bot.zelftest import bereken_uitslag

    sessie, leden = fractie(sessies)
    sessies.open_ronde(sessie.sleutel)
    persoonlijk = {
        leden[0]: [5, 5, 5, 2, 2, 2, 4, 4, 4, 4, 4, 4],  # Startpunt red
        leden[1]: [4, 4, 4, 4, 4, 4, 3, 3, 3, 4, 4, 4],  # Sociaal orange
        leden[2]: [5] * 12,
    }
    for lid, scores in persoonlijk.items():
        sessies.deel_zelftest(sessie.code, lid, bereken_uitslag(scores))
    assert sessies.zelftest_spiegel(sessie.code) is None  # round still open
    sessies.sluit_ronde(sessie.sleutel)

    spiegel = sessies.zelftest_spiegel(sessie.code)
    assert spiegel["Startpunt"] == {"groen": 2, "oranje": 0, "rood": 1}
    assert spiegel["Sociaal"] == {"groen": 2, "oranje": 1, "rood": 0}
    assert spiegel["Jij"] == {"groen": 3, "oranje": 0, "rood": 0}
    opgeslagen = " ".join(t for _, t in _alle_teksten(sessies, sessie.code))
    assert "5, 5, 5" not in opgeslagen and "[" not in opgeslagen  # only colours were shared


def test_the_group_zelftest_below_the_minimum_shows_nothing(sessies: Sessies) -> None:
    from bot.zelftest import bereken_uitslag

    sessie, leden = fractie(sessies)
    sessies.open_ronde(sessie.sleutel)
    for lid in leden[:2]:
        sessies.deel_zelftest(sessie.code, lid, bereken_uitslag([4] * 12))
    sessies.sluit_ronde(sessie.sleutel)
    assert sessies.zelftest_spiegel(sessie.code) is None
