"""The group session over REST, with the real processes: a facilitator in the chat, the
presenter page's state and controls over HTTP, and members who join, vote, change
their answer, rejoin and leave. Answers appear on the screen only as counts."""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from typing import Any

from tests.e2e.conftest import stuur, tekst_van
from tests.e2e.servers import Kompas


def lid() -> str:
    return f"lid-{uuid.uuid4().hex[:10]}"


class Scherm:
    """The presenter page's data, as the page itself fetches and controls it."""

    def __init__(self, kompas: Kompas, link: str) -> None:
        self.basis = kompas.web_url + re.search(r"/sessie/[\w-]+", link).group(0)

    def stand(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.basis + "/stand.json", timeout=10) as antwoord:
            return json.loads(antwoord.read())

    def bedien(self, actie: str, **meer: Any) -> None:
        verzoek = urllib.request.Request(
            self.basis + "/bediening",
            data=json.dumps({"actie": actie, **meer}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(verzoek, timeout=10) as antwoord:
            assert antwoord.status == 200

    def haal(self, pad: str) -> str:
        with urllib.request.urlopen(self.basis + pad, timeout=10) as antwoord:
            return antwoord.read().decode("utf-8")


def antwoord_voor(stap: dict[str, Any], keuze: str) -> str:
    """A vote where the step has options; otherwise (a casus without a story asks
    discussion questions) a short contribution."""
    return keuze if stap["opties"] else f"Ik kies voor {keuze}: eerst overleggen met de griffier"


def zeg(kompas: Kompas, wie: str, tekst: str) -> str:
    return tekst_van(stuur(kompas, wie, tekst)).lower()


def knop(kompas: Kompas, begeleider: str, actie: str) -> str:
    return zeg(kompas, begeleider, f'/sessie_bediening{{"sessie_knop":"{actie}"}}')


def start(kompas: Kompas, begeleider: str, thema: str = "agressie") -> tuple[str, Scherm]:
    keuze = zeg(kompas, begeleider, "ik wil een groepssessie starten met mijn fractie")
    assert "wat gaat de groep doen" in keuze and "zelftest als groepsspiegel" in keuze
    antwoorden = stuur(kompas, begeleider, f'/start_groepssessie{{"sessie_soort":"casus","thema":"{thema}"}}')
    tekst = tekst_van(antwoorden)
    code = re.search(r"De code is (\d{6})", tekst).group(1)
    return code, Scherm(kompas, tekst)


def test_a_fractie_goes_through_a_whole_casus_story_with_votes_and_a_maar_wat_als(kompas: Kompas) -> None:
    begeleider, leden = lid(), [lid() for _ in range(4)]
    code, scherm = start(kompas, begeleider)
    for wie in leden:
        assert "je doet mee met groepssessie" in zeg(kompas, wie, f"ik doe mee, code {code}")
    assert scherm.stand()["deelnemers"] == 4
    assert "er staat nu geen vraag open" in zeg(kompas, leden[0], "wat is de vraag?")

    stemrondes = variant_gehad = 0
    for _ in range(20):  # a story has a handful of steps
        stand = scherm.stand()
        stap = stand["stap"]
        if stap["soort"] == "einde":
            break
        if stap["heeft_ronde"]:
            assert "de ronde is open" in knop(kompas, begeleider, "open")
            vraag = zeg(kompas, leden[0], "wat is de vraag?")
            assert stap["vraag"].lower() in vraag
            for i, wie in enumerate(leden):
                antwoord = antwoord_voor(stap, "B" if stap["opties"] else f"bijdrage {i}")
                assert "genoteerd" in zeg(kompas, wie, antwoord)
            if stap["opties"]:
                assert "genoteerd: a" in zeg(kompas, leden[3], "1")  # changed its mind: A
            stand = scherm.stand()
            assert (stand["beantwoord"], stand["uitslag"]["getoond"]) == (4, False)  # nothing before closing
            scherm.bedien("sluit")
            uitslag = scherm.stand()["uitslag"]
            assert uitslag["getoond"] and uitslag["aantal"] == 4
            if stap["opties"]:
                stemrondes += 1
                assert {v["letter"]: v["aantal"] for v in uitslag["stemmen"]}["B"] == 3
            else:
                assert uitslag["teksten"] == []  # not before the facilitator releases them
                scherm.bedien("vrijgeven")
                assert len(scherm.stand()["uitslag"]["teksten"]) == 4
            assert not any(wie in json.dumps(scherm.stand()) for wie in leden)
        if stap["soort"] == "toelichting" and not variant_gehad:
            assert "op het scherm: maar wat als" in knop(kompas, begeleider, "variant")
            variant_gehad = 1
            continue
        knop(kompas, begeleider, "volgende")
    assert scherm.stand()["stap"]["soort"] == "einde"
    assert stemrondes >= 2 and variant_gehad  # a scène and at least one "Maar wat als …?"

    einde = zeg(kompas, begeleider, '/sessie_bediening{"sessie_knop":"einde"}')
    assert "de sessie is afgelopen" in einde and "/samenvatting" in einde
    samenvatting = scherm.haal("/samenvatting.md")
    assert "- B · " in samenvatting and ": 3" in samenvatting and "Maar wat als" in samenvatting
    assert not any(wie in samenvatting for wie in [begeleider, *leden])
    assert "begeleider heeft de sessie beëindigd" in zeg(kompas, leden[1], "B")


def test_two_members_get_no_result_only_the_reason(kompas: Kompas) -> None:
    begeleider, leden = lid(), [lid() for _ in range(2)]
    code, scherm = start(kompas, begeleider)
    for wie in leden:
        zeg(kompas, wie, f"meedoen met sessie {code}")
    knop(kompas, begeleider, "volgende")
    knop(kompas, begeleider, "open")
    stap = scherm.stand()["stap"]
    assert "genoteerd" in zeg(kompas, leden[0], antwoord_voor(stap, "A"))
    assert "genoteerd" in zeg(kompas, leden[1], antwoord_voor(stap, "B"))
    antwoord = knop(kompas, begeleider, "sluit")
    assert "geen uitslag" in antwoord and "minimaal 3" in antwoord
    uitslag = scherm.stand()["uitslag"]
    assert uitslag == {"getoond": False, "reden": "te_weinig", "aantal": 2}


def test_a_member_who_comes_back_mid_round_keeps_their_answer(kompas: Kompas) -> None:
    begeleider, wie = lid(), lid()
    code, scherm = start(kompas, begeleider)
    zeg(kompas, wie, f"ik doe mee, code {code}")
    knop(kompas, begeleider, "volgende")
    knop(kompas, begeleider, "open")
    # Some casussen have a story (a vote), others discussion questions (free text).
    antwoord = antwoord_voor(scherm.stand()["stap"], "c")
    assert f"genoteerd: {antwoord.lower()}" in zeg(kompas, wie, antwoord)
    assert "je doet niet meer mee" in zeg(kompas, wie, "verlaat sessie")
    assert scherm.stand()["deelnemers"] == 0
    terug = zeg(kompas, wie, f"meedoen {code}")
    assert "je doet mee" in terug and f"je antwoord tot nu toe: {antwoord.lower()}" in terug
    assert scherm.stand()["beantwoord"] == 1
    assert "ken geen sessie" in zeg(kompas, lid(), "meedoen 000000" if code != "000000" else "meedoen 111111")
