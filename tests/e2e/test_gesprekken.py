"""The scripted conversations in tests/conversations/, run against the real servers."""

from __future__ import annotations

from tests.e2e.gesprekken import voer_uit
from tests.e2e.servers import PROJECT_DIR, Kompas


def test_scripted_conversations_all_pass(kompas: Kompas) -> None:
    scripts = sorted((PROJECT_DIR / "tests" / "conversations").glob("*.yml"))
    assert scripts, "no conversation scripts found"
    uitslag = voer_uit(kompas.rasa_url, scripts)
    print("\n".join(uitslag.meldingen))
    print(f"gesprekken: {uitslag.geslaagd} passed, {uitslag.mislukt} failed")
    assert uitslag.geslaagd > 0
    assert uitslag.mislukt == 0, "\n".join(uitslag.meldingen)
