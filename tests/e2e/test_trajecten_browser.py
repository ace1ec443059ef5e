"""A traject in the widget, by its buttons, stopped halfway and kept: the overview
page shows the chosen measures, has no serious axe-core findings, and is gone after
'verwijder mijn gegevens'. The user's bubble shows a button's title, never its
'/kies' payload. (The whole route to its end is in tests/conversations/trajecten.yml.)"""

from __future__ import annotations

import re

from tests.e2e.chatpagina import open_chat
from tests.e2e.servers import Kompas
from tests.e2e.toegankelijkheid import axe_bevindingen


def test_a_risicoanalyse_by_buttons_stopped_and_kept_report_axe_and_deletion(kompas: Kompas, browser) -> None:
    context, page = open_chat(browser, kompas)

    def klik(knop: str, wacht_op: str) -> None:
        page.locator(".rw-reply", has_text=knop).last.click()
        page.wait_for_selector(f"text={wacht_op}", timeout=30_000)

    klik("Voorbereiden op de risicoanalyse", "Waarvoor bereid je je voor?")
    klik("Kandidaat-gedeputeerde", "Wat is een risicoanalyse?")
    assert "/kies" not in page.locator(".rw-messages-container").inner_text()
    for kop in ("Hoe gaat het meestal?", "De VOG", "Wordt het verplicht?", "Je cv en werkverleden"):
        klik("Verder", kop)
    klik("Nee", "diploma, titel of functie")
    klik("Nee", "Heb je nu een functie naast je werk")
    assert "Provinciewet, artikel 43, lid 5" in page.locator(".rw-messages-container").inner_text()
    klik("Ja", "Heeft een van die functies")
    klik("Weet ik niet", "Had je de afgelopen jaren")
    klik("Nee", "welke maatregel past bij jou?")
    klik("Openbaar maken", "Gekozen: Openbaar maken")
    klik("Klaar", "Financiële belangen")
    # Stop halfway and keep what was answered: the overview so far goes to the report.
    invoer = page.locator(".rw-new-message")
    invoer.fill("stop")
    invoer.press("Enter")
    page.wait_for_selector("text=bewaren", timeout=30_000)
    klik("Ja, bewaren", "Bewaard in je rapport")
    assert axe_bevindingen(page) == []

    link = re.search(r"https?://\S+/rapport/[\w-]+", page.locator(".rw-messages-container").inner_text()).group(0)
    rapport = context.new_page()
    rapport.goto(link)
    inhoud = rapport.locator("main").inner_text()
    assert "Je voorbereiding op de risicoanalyse" in inhoud
    assert "Nevenfuncties" in inhoud and "Openbaar maken" in inhoud
    assert "Welke nevenfuncties houd ik aan, en welke stop ik?" in inhoud
    assert "Kandidaat-gedeputeerde" in inhoud
    assert axe_bevindingen(rapport) == []
    markdown = context.request.get(link + ".md").text()  # served as a download
    assert "Nevenfuncties" in markdown and "Openbaar maken" in markdown

    invoer.fill("verwijder mijn gegevens")
    invoer.press("Enter")
    klik("Ja, verwijder alles", "zijn verwijderd")
    rapport.goto(link)
    assert "Dit rapport bestaat niet (meer)" in rapport.locator("main").inner_text()
    context.close()
