"""One running Kompas for all end-to-end tests (starting Rasa takes ~25 s)."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import gesprekken
from tests.e2e.servers import LOG_DIR, PROJECT_DIR, Kompas


@pytest.fixture(scope="session")
def kompas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kompas]:
    map_ = tmp_path_factory.mktemp("e2e")
    inhoud = map_ / "inhoud"  # a copy of all content, which tests may change while Kompas runs
    shutil.copytree(PROJECT_DIR / "data", inhoud)
    k = Kompas(database=map_ / "kompas.db", casus_dir=inhoud / "casussen", inhoud_dir=inhoud)
    begin = _log_posities()
    try:
        k.start_alles()
        yield k
    finally:
        k.stop_alles()
    # Also what was logged between tests or while stopping.
    fouten = _fouten_sinds(begin)
    assert not fouten, "fouten in de serverlogs van deze run:\n" + "\n".join(fouten[:10])


def stuur(kompas: Kompas, sender: str, tekst: str) -> list[dict[str, Any]]:
    return gesprekken.stuur(kompas.rasa_url, sender, tekst)


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


# Lines that mean a turn went wrong, whichever test caused it.
FOUT_IN_LOG = re.compile(
    r"Circuit breaker tripped|Encountered an exception while running action|Failed to run custom action"
    r"|Failed to execute custom action|Traceback \(most recent call last\)|database is locked|\bERROR\b"
)


LOGS = ("rasa.log", "actions.log", "web.log")
# Not a broken turn: when Rasa stops while a browser was connected moments before,
# asyncio reports engine.io's keep-alive task for that socket as still pending.
STOPPEN = re.compile(r"Task was destroyed but it is pending!\ntask: <Task pending .*AsyncSocket\._send_ping\(\)")


def _log_posities() -> dict[Path, int]:
    return {LOG_DIR / naam: (LOG_DIR / naam).stat().st_size if (LOG_DIR / naam).exists() else 0 for naam in LOGS}


def _fouten_sinds(begin: dict[Path, int]) -> list[str]:
    fouten = []
    for log, positie in begin.items():
        if not log.exists():
            continue
        with log.open(encoding="utf-8", errors="replace") as f:
            f.seek(positie)
            regels = f.read().splitlines()
        for regel, volgende in zip(regels, [*regels[1:], ""], strict=False):
            if FOUT_IN_LOG.search(regel) and not STOPPEN.search(regel + "\n" + volgende):
                fouten.append(f"{log.name}: {regel}")
    return fouten


@pytest.fixture(autouse=True)
def geen_fouten_in_de_logs(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test during which Rasa, the action server or the web app logged a
    broken turn."""
    begin = _log_posities()
    yield
    fouten = _fouten_sinds(begin)
    assert not fouten, f"tijdens {request.node.name}:\n" + "\n".join(fouten[:10])


# Headless Chromium for the browser tests (installed by `make test` from Debian).
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
