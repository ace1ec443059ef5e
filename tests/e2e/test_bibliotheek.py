"""A trainer adds a casus file while Kompas runs: it is live at once; a broken file
takes nothing else down."""

from __future__ import annotations

import time
from collections.abc import Callable

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
