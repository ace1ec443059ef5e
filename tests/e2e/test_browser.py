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


def test_zelftest_by_clicking_buttons_in_the_widget(kompas: Kompas, browser) -> None:
    page = browser.new_page(viewport={"width": 420, "height": 860})
    antwoorden: list[str] = []  # URLs that were really fetched
    geblokkeerd: list[tuple[str, str]] = []
    page.on("response", lambda r: antwoorden.append(r.url))
    page.on("requestfailed", lambda r: geblokkeerd.append((r.url, r.failure or "")))
    page.goto(kompas.web_url + "/")

    # The greeting arrives with the menu buttons.
    page.wait_for_selector(".rw-response >> text=Ik ben Kompas", timeout=60_000)
    page.locator(".rw-reply", has_text="Zelftest integer handelen").first.click()
    page.wait_for_selector("text=Vraag 1 van 12 · Jij", timeout=30_000)

    for nummer, knop in ((2, "4 · eens"), (3, "5 · helemaal eens"), (4, "3 · neutraal")):
        page.locator(".rw-reply", has_text=knop).last.click()
        page.wait_for_selector(f"text=Vraag {nummer} van 12", timeout=30_000)

    # Statement 4 is the first of block Startpunt, shown verbatim.
    page.wait_for_selector("text=Ik heb geen of positieve ervaringen met integriteitsschendingen", timeout=10_000)
    assert "Vraag 4 van 12 · Startpunt" in page.locator(".rw-messages-container").inner_text()
    assert page.locator(".rw-new-message").get_attribute("placeholder") == "Typ je bericht…"
    LOG_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(LOG_DIR / "widget-zelftest.png"), full_page=True)

    # Offline: nothing but this app and the Rasa server was contacted. The widget
    # asks for a Google web font; the page's Content Security Policy blocks it.
    toegestaan = {urlsplit(kompas.web_url).netloc, urlsplit(kompas.rasa_url).netloc}
    extern = {urlsplit(u).netloc for u in antwoorden if urlsplit(u).scheme in ("http", "https")} - toegestaan
    assert extern == set()
    assert all(urlsplit(url).netloc in toegestaan or reden == "csp" for url, reden in geblokkeerd)

    # Type the remaining answers; the report's picture appears in the chat.
    invoer = page.locator(".rw-new-message")
    for nummer in range(5, 13):
        invoer.fill("klopt wel")
        invoer.press("Enter")
        page.wait_for_selector(f"text=Vraag {nummer} van 12", timeout=30_000)
    invoer.fill("2")
    invoer.press("Enter")
    plaatje = page.locator(".rw-message img[src$='.svg']").first
    plaatje.wait_for(timeout=30_000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=plaatje.element_handle(), timeout=10_000)
    page.wait_for_selector("text=Ontwikkel je integriteit", timeout=60_000)
    plaatje.scroll_into_view_if_needed()
    page.screenshot(path=str(LOG_DIR / "widget-rapport.png"))
    page.close()
