"""A trainer changes content while Kompas runs: it is live at once, without a restart;
a broken file takes nothing else down and its last good version keeps serving."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import httpx

from tests.e2e.servers import Kompas
from tests.unit.test_casussen import VOORBEELD

NIEUW = (
    VOORBEELD.replace("id: geschenken-voorbeeld", "id: lobby-zeppelinhaven")
    .replace("titel: Een kist wijn van de aannemer", "titel: De lobby voor de zeppelinhaven")
    .replace("themas: [geschenken]", "themas: [lobby]")
    .replace("trefwoorden: [wijn, aannemer, kerst]", "trefwoorden: [zeppelinhaven, luchtvaart]")
)


def test_new_casus_is_live_without_restart_and_a_broken_file_is_skipped(
    kompas: Kompas, gesprek: Callable[[str], str]
) -> None:
    assert "zeppelinhaven" not in gesprek("heb je een casus over een zeppelinhaven?").lower()

    (kompas.casus_dir / "kapot.yml").write_text("id: kapot\ntitel: [niet af\n", encoding="utf-8")
    (kompas.casus_dir / "lobby-zeppelinhaven.yml").write_text(NIEUW, encoding="utf-8")
    time.sleep(0.1)

    antwoord = gesprek("heb je een casus over een zeppelinhaven?")
    assert "De lobby voor de zeppelinhaven" in antwoord
    assert "speel het verhaal" in antwoord.lower()
    # Everything else still works.
    assert "toelichting en regels" in gesprek("casus over nevenfuncties").lower()
    (kompas.casus_dir / "kapot.yml").unlink()


def test_every_content_file_is_live_without_restart_and_a_broken_change_keeps_the_last_good_version(
    kompas: Kompas, gesprek: Callable[[str], str]
) -> None:
    teksten = kompas.inhoud_dir / "teksten.yml"
    goed = teksten.read_text(encoding="utf-8")
    assert "voorbeeld: Voorbeeld?" in goed and "rapport_weg: Dit rapport bestaat niet (meer)." in goed
    try:
        gewijzigd = goed.replace("voorbeeld: Voorbeeld?", "voorbeeld: Laat een voorbeeld zien").replace(
            "rapport_weg: Dit rapport bestaat niet (meer).", "rapport_weg: Dit rapport is er niet (meer)."
        )
        schrijf(teksten, gewijzigd)
        # The action server and the web app both read the change, without a restart.
        assert "Laat een voorbeeld zien" in gesprek('/start_werkvorm{"werkvorm":"integriteitskubus"}')
        pagina = httpx.get(f"{kompas.web_url}/rapport/bestaat-niet.md", timeout=10)
        assert pagina.status_code == 404 and "Dit rapport is er niet (meer)." in pagina.text

        schrijf(teksten, gewijzigd.replace("max_pogingen: 2", "max_pogingen: [kapot"))  # a broken change
        antwoord = gesprek("Een ondernemer biedt me theaterkaarten aan terwijl zijn subsidie speelt.")
        assert "stap 2 van 4" in antwoord.lower() and "Laat een voorbeeld zien" in antwoord  # the last good version
    finally:
        schrijf(teksten, goed)


def schrijf(pad, tekst: str) -> None:
    """Write and move the file time on, so even a coarse clock sees the change."""
    pad.write_text(tekst, encoding="utf-8")
    nu = time.time() + 1
    os.utime(pad, (nu, nu))
