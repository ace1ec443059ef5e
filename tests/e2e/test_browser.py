"""The chat page in headless Chromium: three zelftest questions by clicking buttons."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.servers import LOG_DIR, Kompas

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


def laatste_antwoord(page) -> str:
    return page.locator(".rw-response").last.inner_text()


def test_zelftest_by_clicking_buttons_in_the_widget(kompas: Kompas, browser) -> None:
    page = browser.new_page(viewport={"width": 420, "height": 860})
    verzoeken: list[str] = []
    page.on("request", lambda r: verzoeken.append(r.url))
    page.goto(kompas.web_url + "/")

    # The greeting arrives with the menu buttons.
    page.wait_for_selector(".rw-response >> text=Ik ben Kompas", timeout=60_000)
    page.locator(".rw-reply", has_text="Zelftest integer handelen").first.click()
    page.wait_for_selector("text=Vraag 1 van 12 · Jij", timeout=30_000)

    for nummer, knop in ((2, "4 · eens"), (3, "5 · helemaal eens"), (4, "3 · neutraal")):
        page.locator(".rw-reply", has_text=knop).last.click()
        page.wait_for_selector(f"text=Vraag {nummer} van 12", timeout=30_000)

    assert "Ik heb geen of positieve ervaringen met integriteitsschendingen" in laatste_antwoord(page)
    assert page.locator(".rw-new-message").get_attribute("placeholder") == "Typ je bericht…"
    LOG_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(LOG_DIR / "widget-zelftest.png"), full_page=True)

    # Offline: nothing but this app and the Rasa server was contacted.
    toegestaan = {urlsplit(kompas.web_url).netloc, urlsplit(kompas.rasa_url).netloc}
    extern = {
        urlsplit(u).netloc for u in verzoeken if urlsplit(u).scheme in ("http", "https", "ws", "wss")
    } - toegestaan
    assert extern == set()
    page.close()
