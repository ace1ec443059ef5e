"""Readability: Flesch-Douma per content file, long sentences found with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import leesbaarheid
from bot.cli import main as cli


def test_syllables_come_from_the_dutch_dictionary() -> None:
    assert leesbaarheid.lettergrepen("belangenverstrengeling") == 7
    assert leesbaarheid.lettergrepen("raadslid") == 2
    assert leesbaarheid.lettergrepen("je") == 1
    assert leesbaarheid.lettergrepen("2026") == 1


def test_plain_dutch_scores_higher_than_officialese() -> None:
    eenvoudig = "Je krijgt een cadeau. Je twijfelt. Vraag het aan de griffier. Die helpt je."
    ambtelijk = (
        "Ingevolge de desbetreffende bepalingen dient een integriteitsgerelateerde afweging "
        "plaats te vinden alvorens tot aanvaarding van relatiegeschenken wordt overgegaan."
    )
    assert leesbaarheid.flesch_douma(eenvoudig) > 80
    assert leesbaarheid.flesch_douma(ambtelijk) < 20


def test_sentences_split_on_stops_but_not_on_abbreviations() -> None:
    assert len(leesbaarheid.zinnen("Dit is één. En dit twee! Klopt dat?")) == 3
    assert len(leesbaarheid.zinnen("Denk bijv. aan een cadeau, o.a. een fles wijn.")) == 1


def test_the_statements_labels_and_sources_are_not_measured(tmp_path: Path) -> None:
    pad = tmp_path / "zelftest.yml"
    pad.write_text(
        "blokken:\n"
        "  - naam: Jij\n"
        "    stellingen:\n"
        "      - tekst: Deze stelling is het instrument en telt dus nooit mee bij de meting.\n"
        "        advies: Praat erover met je fractie.\n"
        "bron: Gemeentewet, artikel 12, een bron met heel veel woorden die niet telt\n"
        "knop: Ja\n",
        encoding="utf-8",
    )
    assert [p.tekst for p in leesbaarheid.proza(pad)] == ["Praat erover met je fractie."]


def test_a_long_sentence_and_a_hard_file_fail_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pad = tmp_path / "begrippen.yml"
    lang = " ".join(["woord"] * 27) + "."
    pad.write_text(f"begrippen:\n  - id: x\n    uitleg: >-\n      Kort en goed. {lang}\n", encoding="utf-8")
    moeilijk = tmp_path / "hulp.yml"
    moeilijk.write_text(
        "hulp:\n  - wanneer: Integriteitsschendingsonderzoeksprocedures veronderstellen aanvullende "
        "zorgvuldigheidsverplichtingen.\n",
        encoding="utf-8",
    )

    assert cli(["leesbaarheid", str(pad), str(moeilijk)]) == 1
    uit = capsys.readouterr().out
    assert ":3: begrippen.0.uitleg: zin van 27 woorden" in uit
    assert "hulp.yml (1 zinnen, 0% boven 20 woorden)  TE MOEILIJK" in uit
    assert "begrippen.yml (2 zinnen, 50% boven 20 woorden)  TE" not in uit


def test_easy_text_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pad = tmp_path / "hulp.yml"
    pad.write_text("hulp:\n  - wanneer: Je twijfelt over een cadeau. Bel dan de griffier.\n", encoding="utf-8")
    assert cli(["leesbaarheid", str(pad)]) == 0
    assert "Alles leesbaar" in capsys.readouterr().out
