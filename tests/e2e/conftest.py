"""One running Kompas for all end-to-end tests (starting Rasa takes ~25 s)."""

from __future__ import annotations

import json
import shutil
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.e2e.servers import PROJECT_DIR, Kompas


@pytest.fixture(scope="session")
def kompas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kompas]:
    map_ = tmp_path_factory.mktemp("e2e")
    casussen = map_ / "casussen"
    shutil.copytree(PROJECT_DIR / "data" / "casussen", casussen)
    k = Kompas(database=map_ / "kompas.db", casus_dir=casussen)
    try:
        k.start_alles()
        yield k
    finally:
        k.stop_alles()


def stuur(kompas: Kompas, sender: str, tekst: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": tekst}).encode("utf-8")
    verzoek = urllib.request.Request(
        f"{kompas.rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(verzoek, timeout=60) as antwoord:
        return json.loads(antwoord.read().decode("utf-8") or "[]")


def tekst_van(antwoorden: list[dict[str, Any]]) -> str:
    delen = []
    for a in antwoorden:
        delen += [a.get("text") or "", a.get("image") or ""]
        delen += [b.get("title", "") for b in a.get("buttons") or []]
    return " ".join(" ".join(delen).split())


@pytest.fixture
def gesprek(kompas: Kompas) -> Callable[[str], str]:
    """Send messages as one new user; returns the bot's replies as one string."""
    sender = f"e2e-{uuid.uuid4().hex[:10]}"

    def zeg(tekst: str) -> str:
        return tekst_van(stuur(kompas, sender, tekst))

    zeg.sender = sender  # type: ignore[attr-defined]
    return zeg
