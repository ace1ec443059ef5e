"""The case library: validation errors (file, line, field), the story graph,
live reloading and lookups."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.casussen import Bibliotheek, laad_casus
from bot.cli import main as cli
from bot.content import ContentError

VOORBEELD = """\
id: geschenken-voorbeeld
titel: Een kist wijn van de aannemer
themas: [geschenken]
rollen: [raadslid]
bestuurslagen: [gemeente]
trefwoorden: [wijn, aannemer, kerst]
situatie: >-
  Een aannemer die vaak voor de gemeente werkt, stuurt je met kerst een kist wijn.
vragen:
  - Neem je het geschenk aan?
toelichting: >-
  Een geschenk van iemand met een zakelijk belang kan de schijn van afhankelijkheid wekken.
regels:
  - tekst: De raad stelt een gedragscode vast voor zijn leden.
    bron: Gemeentewet, artikel 15, lid 3
verhaal:
  start: bezorgd
  scenes:
    - id: bezorgd
      tekst: De kist staat bij je voordeur.
      vraag: Wat doe je?
      opties:
        - tekst: Je houdt de wijn.
          naar: gehouden
        - tekst: Je meldt het bij de griffier.
          naar: gemeld
  aflopen:
    - id: gehouden
      titel: Gehouden
      tekst: Later blijkt dat de aannemer een aanbesteding wil winnen.
    - id: gemeld
      titel: Gemeld
      tekst: De griffier registreert het geschenk en je stuurt het terug.
varianten:
  - vraag: Maar wat als het een bos bloemen is?
    toelichting: Een klein geschenk zonder zakelijk belang is minder gevoelig.
"""


def schrijf(map_: Path, naam: str, tekst: str) -> Path:
    pad = map_ / naam
    pad.write_text(tekst, encoding="utf-8")
    return pad


def regel_met(tekst: str, stukje: str) -> int:
    return next(i for i, r in enumerate(tekst.splitlines(), 1) if stukje in r)


def fouten_van(tmp_path: Path, tekst: str, naam: str = "geschenken-voorbeeld.yml") -> list[str]:
    with pytest.raises(ContentError) as fout:
        laad_casus(schrijf(tmp_path, naam, tekst))
    return [str(f) for f in fout.value.fouten]


def test_the_example_is_valid(tmp_path: Path) -> None:
    casus = laad_casus(schrijf(tmp_path, "geschenken-voorbeeld.yml", VOORBEELD))
    assert casus.verhaal.scene("bezorgd").opties[1].naar == "gemeld"


def test_unknown_thema(tmp_path: Path) -> None:
    tekst = VOORBEELD.replace("themas: [geschenken]", "themas: [cadeaus]")
    (fout,) = fouten_van(tmp_path, tekst)
    assert fout.startswith(
        f"{tmp_path}/geschenken-voorbeeld.yml:{regel_met(tekst, 'themas:')}: themas.0: onbekende waarde 'cadeaus'"
    )
    assert "geschenken" in fout and "social_media" in fout


def test_missing_field(tmp_path: Path) -> None:
    tekst = VOORBEELD.replace("titel: Een kist wijn van de aannemer\n", "")
    assert fouten_van(tmp_path, tekst) == [f"{tmp_path}/geschenken-voorbeeld.yml:1: titel: ontbreekt"]


def test_option_to_a_scene_that_does_not_exist(tmp_path: Path) -> None:
    tekst = VOORBEELD.replace("naar: gemeld", "naar: gemelt")
    fouten = fouten_van(tmp_path, tekst)
    regel = regel_met(tekst, "naar: gemelt")
    assert (
        f"{tmp_path}/geschenken-voorbeeld.yml:{regel}: verhaal.scenes.0.opties.1.naar: 'gemelt' is geen scène of afloop van deze casus"
        in fouten
    )


def test_unreachable_scene(tmp_path: Path) -> None:
    extra = """    - id: vergeten
      tekst: Niemand komt hier.
      vraag: Wat nu?
      opties:
        - tekst: Iets.
          naar: gehouden
        - tekst: Iets anders.
          naar: gemeld
  aflopen:"""
    tekst = VOORBEELD.replace("  aflopen:", extra)
    (fout,) = fouten_van(tmp_path, tekst)
    assert (
        fout
        == f"{tmp_path}/geschenken-voorbeeld.yml:{regel_met(tekst, 'id: vergeten')}: verhaal.scenes.1.id: scène 'vergeten' is vanaf de start niet te bereiken"
    )


def test_scene_without_a_way_to_an_afloop(tmp_path: Path) -> None:
    tekst = VOORBEELD.replace("naar: gehouden", "naar: bezorgd").replace("naar: gemeld", "naar: bezorgd")
    fouten = fouten_van(tmp_path, tekst)
    assert any("vanuit scène 'bezorgd' is geen afloop te bereiken" in f for f in fouten)


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    tekst = VOORBEELD.replace("vragen:\n", "vragen: [open\n")
    (fout,) = fouten_van(tmp_path, tekst)
    assert ": (yaml): " in fout


def test_duplicate_id_and_isolation_of_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmp_path = tmp_path / "casussen"
    tmp_path.mkdir()
    schrijf(tmp_path, "geschenken-voorbeeld.yml", VOORBEELD)
    kopie = VOORBEELD.replace("id: geschenken-voorbeeld", "id: geschenken-kopie").replace(
        "titel: Een kist", "titel: Nog een kist"
    )
    schrijf(tmp_path, "geschenken-kopie.yml", kopie)
    schrijf(tmp_path, "geschenken-zz.yml", kopie.replace("id: geschenken-kopie", "id: geschenken-voorbeeld"))
    schrijf(tmp_path, "kapot.yml", "id: kapot\ntitel: [\n")
    bib = Bibliotheek(tmp_path)
    assert sorted(c.id for c in bib.alle()) == ["geschenken-kopie", "geschenken-voorbeeld"]
    meldingen = [str(f) for f in bib.fouten]
    assert (
        f"{tmp_path}/geschenken-zz.yml:1: id: 'geschenken-voorbeeld' bestaat al in {tmp_path}/geschenken-voorbeeld.yml"
        in meldingen
    )
    assert any(m.startswith(f"{tmp_path}/kapot.yml:") for m in meldingen)

    assert cli(["valideer", *map(str, sorted(tmp_path.glob("*.yml")))]) == 1
    uit = capsys.readouterr().out
    assert (
        "geschenken-zz.yml:1: id: 'geschenken-voorbeeld' bestaat al in" in uit
        and "kapot.yml:" in uit
        and "2 fout(en) gevonden." in uit
    )


def test_a_new_or_changed_file_is_live_without_restart(tmp_path: Path) -> None:
    bib = Bibliotheek(tmp_path)
    assert bib.alle() == []
    pad = schrijf(tmp_path, "geschenken-voorbeeld.yml", VOORBEELD)
    assert [c.id for c in bib.alle()] == ["geschenken-voorbeeld"]
    pad.write_text(VOORBEELD.replace("Een kist wijn van de aannemer", "Twee kisten wijn"), encoding="utf-8")
    assert bib.get("geschenken-voorbeeld").titel == "Twee kisten wijn"
    pad.unlink()
    assert bib.alle() == []


def test_lookup_by_thema_rol_keyword_and_exclusion(tmp_path: Path) -> None:
    schrijf(tmp_path, "geschenken-voorbeeld.yml", VOORBEELD)
    staten = (
        VOORBEELD.replace("id: geschenken-voorbeeld", "id: lobby-staten")
        .replace("themas: [geschenken]", "themas: [lobby]")
        .replace("rollen: [raadslid]", "rollen: [gedeputeerde]")
        .replace("bestuurslagen: [gemeente]", "bestuurslagen: [provincie]")
        .replace("trefwoorden: [wijn, aannemer, kerst]", "trefwoorden: [windpark]")
    )
    schrijf(tmp_path, "lobby-staten.yml", staten)
    bib = Bibliotheek(tmp_path)
    assert [c.id for c in bib.zoek(thema="lobby")] == ["lobby-staten"]
    assert [c.id for c in bib.zoek(rol="statenlid")] == ["lobby-staten"]  # same bestuurslaag
    assert [c.id for c in bib.zoek(rol="raadslid")] == ["geschenken-voorbeeld"]
    assert [c.id for c in bib.zoek(trefwoord="iets met een windpark")] == ["lobby-staten"]
    assert [c.id for c in bib.zoek(uitsluiten=["lobby-staten"])] == ["geschenken-voorbeeld"]
    assert bib.themas() == ["geschenken", "lobby"]
    gekozen = {bib.kies(rng=random.Random(i)).id for i in range(20)}
    assert gekozen == {"geschenken-voorbeeld", "lobby-staten"}


def test_scaffold_writes_a_valid_commented_file(tmp_path: Path) -> None:
    from bot.cli import nieuwe_casus

    pad = nieuwe_casus("lobby-nieuw", "lobby", "statenlid", map_=tmp_path)
    tekst = pad.read_text(encoding="utf-8")
    assert tekst.startswith("# Nieuwe casus.")
    casus = laad_casus(pad)
    assert (casus.id, casus.themas, casus.rollen, casus.bestuurslagen) == (
        "lobby-nieuw",
        ["lobby"],
        ["statenlid"],
        ["provincie"],
    )
    with pytest.raises(FileExistsError):
        nieuwe_casus("lobby-nieuw", "lobby", "statenlid", map_=tmp_path)


def test_a_draft_is_not_shown_and_a_finished_casus_may_not_hold_placeholders(tmp_path: Path) -> None:
    from bot.cli import nieuwe_casus

    pad = nieuwe_casus("lobby-concept", "lobby", "raadslid", map_=tmp_path)
    bib = Bibliotheek(tmp_path)
    assert [c.id for c in bib.alle()] == ["lobby-concept"]
    assert bib.zoek() == [] and bib.themas() == []

    pad.write_text(pad.read_text(encoding="utf-8").replace("concept: true", "concept: false"), encoding="utf-8")
    with pytest.raises(ContentError) as fout:
        laad_casus(pad)
    velden = {f.veld for f in fout.value.fouten}
    assert {"titel", "situatie", "regels.0.bron"} <= velden
    assert all(f.melding == "nog niet ingevuld (er staat nog <…>)" for f in fout.value.fouten)
