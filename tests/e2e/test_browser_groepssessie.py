"""The group session in headless Chromium: the presenter page on the big screen and four
members' chat pages, each in its own browser context. Members join via the code in
the link (as the QR code opens it), get the question pushed into their chat, vote by
clicking; the facilitator closes the round and the chart appears. axe-core checks
the presenter page (WCAG 2.1 AA)."""

from __future__ import annotations

import re
import time

from tests.e2e.conftest import stuur, tekst_van
from tests.e2e.servers import LOG_DIR, Kompas
from tests.e2e.toegankelijkheid import axe_bevindingen


def test_presenter_and_four_members_vote_by_clicking_and_the_chart_appears(kompas: Kompas, browser) -> None:
    LOG_DIR.mkdir(exist_ok=True)
    begeleider = "browser-begeleider"
    tekst = tekst_van(stuur(kompas, begeleider, '/start_groepssessie{"sessie_soort":"casus","thema":"agressie"}'))
    code = re.search(r"De code is (\d{6})", tekst).group(1)
    link = re.search(r"https?://\S+/sessie/[\w-]+", tekst).group(0)

    scherm_context = browser.new_context(viewport={"width": 1280, "height": 800})
    scherm = scherm_context.new_page()
    scherm.goto(link)
    scherm.wait_for_selector(f"text={code[:3]} {code[3:]}", timeout=30_000)
    assert scherm.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")

    leden = []
    for _ in range(4):
        context = browser.new_context(viewport={"width": 400, "height": 800})
        page = context.new_page()
        page.goto(f"{kompas.web_url}/?sessie={code}")  # what the QR code opens
        page.wait_for_selector(f"text=Je doet mee met groepssessie {code}", timeout=60_000)
        leden.append(page)
    scherm.wait_for_selector("#tellers >> text=4 doen mee", timeout=5_000)

    # The facilitator drives from the keyboard: N (next step) up to the first vote (a
    # scène, or for a casus without a story a "Maar wat als …?"), then O (open).
    for _ in range(10):
        stap = scherm.locator("#hoofd").get_attribute("data-stap")
        scherm.keyboard.press("n")
        scherm.wait_for_function("s => document.querySelector('#hoofd').dataset.stap !== s", arg=stap)
        if scherm.locator("#stap-opties").is_visible():
            break
    assert scherm.locator("#stap-opties li").count() >= 2
    assert axe_bevindingen(scherm) == []
    scherm.set_viewport_size({"width": 1280, "height": 1100})  # the whole step in one picture
    scherm.screenshot(path=str(LOG_DIR / "groepssessie-voor-de-ronde.png"))
    scherm.keyboard.press("o")

    # The question appears in every member's chat without them typing anything.
    for page in leden:
        page.locator(".rw-reply", has_text="B · ").last.wait_for(timeout=30_000)
    for i, page in enumerate(leden):
        page.locator(".rw-reply", has_text="A · " if i == 3 else "B · ").last.click()
        page.wait_for_selector("text=Genoteerd:", timeout=30_000)
    scherm.wait_for_selector("#tellers >> text=4 hebben geantwoord", timeout=2_000)  # live: within 2 s
    assert scherm.locator(".staafdiagram").count() == 0  # nothing before the round closes

    # One member reloads mid-round: the conversation and the answer are still there.
    herladen = leden[0]
    herladen.reload()
    herladen.wait_for_selector("text=Genoteerd:", timeout=30_000)
    invoer = herladen.locator(".rw-new-message")
    invoer.fill("wat is de vraag?")
    invoer.press("Enter")
    herladen.wait_for_selector("text=Je antwoord tot nu toe: B", timeout=30_000)

    gesloten = time.monotonic()
    scherm.locator('[data-actie="sluit"]').click()
    scherm.locator(".staafdiagram").wait_for(timeout=2_000)
    tot_grafiek = time.monotonic() - gesloten
    stemmen = scherm.locator(".staafdiagram li").all_inner_texts()
    assert any(s.startswith("B · ") and "3 stemmen" in s for s in stemmen), stemmen
    assert any(s.startswith("A · ") and "1 stem" in s for s in stemmen), stemmen
    assert axe_bevindingen(scherm) == []
    scherm.screenshot(path=str(LOG_DIR / "groepssessie-na-de-ronde.png"))
    assert tot_grafiek <= 2.0
    for page in [*leden, scherm]:
        page.context.close()
