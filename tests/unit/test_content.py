"""Content validation: every error names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.begrippen import laad_begrippen
from bot.cli import main as cli
from bot.content import ContentError
from bot.zelftest import laad_zelftest

DATA = Path(__file__).resolve().parents[2] / "data"


def kopie(tmp_path: Path, naam: str, vervang: tuple[str, str] | None = None) -> Path:
    tekst = (DATA / naam).read_text(encoding="utf-8")
    if vervang:
        assert vervang[0] in tekst, "test setup: the text to replace must exist"
        tekst = tekst.replace(vervang[0], vervang[1], 1)
    pad = tmp_path / naam
    pad.write_text(tekst, encoding="utf-8")
    return pad


def regel_met(pad: Path, stukje: str) -> int:
    for nummer, regel in enumerate(pad.read_text(encoding="utf-8").splitlines(), 1):
        if stukje in regel:
            return nummer
    raise AssertionError(stukje)


def test_the_shipped_content_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["valideer"]) == 0
    assert "Alles in orde" in capsys.readouterr().out


def test_missing_field_names_line_and_field(tmp_path: Path) -> None:
    pad = kopie(
        tmp_path,
        "zelftest.yml",
        ("    afsluiting: >-\n      Werk je aan dit blok, dan", "    afsluitin: >-\n      Werk je aan dit blok, dan"),
    )
    with pytest.raises(ContentError) as fout:
        laad_zelftest(pad)
    meldingen = [str(f) for f in fout.value.fouten]
    regel = regel_met(pad, "afsluitin:")
    assert f"{pad}:{regel}: blokken.0.afsluitin: onbekend veld (tikfout?)" in meldingen
    assert any(m.endswith("blokken.0.afsluiting: ontbreekt") for m in meldingen)


def test_unknown_werkvorm_reference(tmp_path: Path) -> None:
    pad = kopie(tmp_path, "zelftest.yml", ("werkvormen: [denkgereedschap]", "werkvormen: [denkgereedschapp]"))
    with pytest.raises(ContentError) as fout:
        laad_zelftest(pad)
    (melding,) = fout.value.fouten
    assert melding.regel == regel_met(pad, "denkgereedschapp")
    assert melding.veld == "blokken.0.stellingen.2.werkvormen.0"
    assert "onbekende werkvorm 'denkgereedschapp'" in melding.melding


def test_wrong_type_in_thresholds(tmp_path: Path) -> None:
    pad = kopie(tmp_path, "zelftest.yml", ("blok: {groen: 4, oranje: 3}", "blok: {groen: veel, oranje: 3}"))
    with pytest.raises(ContentError) as fout:
        laad_zelftest(pad)
    (melding,) = fout.value.fouten
    assert (melding.regel, melding.veld, melding.melding) == (
        regel_met(pad, "groen: veel"),
        "drempels.blok.groen",
        "moet een getal zijn",
    )


def test_broken_yaml_syntax_names_the_line(tmp_path: Path) -> None:
    pad = kopie(tmp_path, "begrippen.yml", ("  - id: vog\n", "  - id: vog\n    titel: [niet dicht\n"))
    with pytest.raises(ContentError) as fout:
        laad_begrippen(pad)
    (melding,) = fout.value.fouten
    assert melding.veld == "(yaml)"
    assert melding.regel >= regel_met(pad, "[niet dicht")


def test_duplicate_alias_across_terms(tmp_path: Path) -> None:
    pad = kopie(tmp_path, "begrippen.yml", ("aliassen: [vog,", "aliassen: [ondermijning, vog,"))
    with pytest.raises(ContentError) as fout:
        laad_begrippen(pad)
    assert any("hoort al bij begrip 'ondermijning'" in f.melding for f in fout.value.fouten)


def test_validator_cli_exits_non_zero_and_prints_every_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pad = kopie(tmp_path, "zelftest.yml", ("werkvormen: [denkgereedschap]", "werkvormen: [onzin]"))
    assert cli(["valideer", str(pad)]) == 1
    uit = capsys.readouterr().out
    assert f"{pad}:{regel_met(pad, '[onzin]')}: blokken.0.stellingen.2.werkvormen.0: onbekende werkvorm 'onzin'" in uit
    assert "1 fout(en) gevonden." in uit
