"""The chat page in headless Chromium: three zelftest questions by clicking buttons."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.e2e.chatpagina import typ_zelftest_af
from tests.e2e.servers import LOG_DIR, Kompas


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
    typ_zelftest_af(page, 5, "2")
    plaatje = page.locator(".rw-message img[src$='.svg']").first
    plaatje.wait_for(timeout=30_000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=plaatje.element_handle(), timeout=10_000)
    page.wait_for_selector("text=Ontwikkel je integriteit", timeout=60_000)
    plaatje.scroll_into_view_if_needed()
    page.screenshot(path=str(LOG_DIR / "widget-rapport.png"))
    page.close()


def test_werkvorm_report_page_pdf_and_deletion(kompas: Kompas, browser) -> None:
    import re

    context = browser.new_context(viewport={"width": 420, "height": 860})

    # An earlier conversation on this device, in a tab that is closed again.
    eerder = context.new_page()
    eerder.goto(kompas.web_url + "/")
    eerder.wait_for_selector(".rw-response >> text=Ik ben Kompas", timeout=60_000)
    for tekst, wacht_op in (
        ('/start_werkvorm{"werkvorm":"actieplan"}', "Stap 1 van 1"),
        ("vaker om advies vragen", "Stap 2 van 4"),
        ("stop", "Wil je bewaren"),
        ("ja", "Bewaard in je rapport"),
    ):
        eerder.locator(".rw-new-message").fill(tekst)
        eerder.locator(".rw-new-message").press("Enter")
        eerder.wait_for_selector(f"text={wacht_op}", timeout=30_000)
    eerdere_link = re.search(r"https?://\S+/rapport/[\w-]+", eerder.locator(".rw-messages-container").inner_text())
    eerder.close()

    page = context.new_page()
    page.goto(kompas.web_url + "/")
    page.wait_for_selector(".rw-response >> text=Ik ben Kompas", timeout=60_000)
    assert "vaker om advies vragen" not in page.locator(".rw-messages-container").inner_text()  # a new conversation
    invoer = page.locator(".rw-new-message")

    def zeg(tekst: str, wacht_op: str) -> None:
        invoer.fill(tekst)
        invoer.press("Enter")
        page.wait_for_selector(f"text={wacht_op}", timeout=30_000)

    zeg('/start_werkvorm{"werkvorm":"actieplan"}', "Stap 1 van 1")
    zeg("vaker om advies vragen; mijn nevenfuncties op orde", "Stap 2 van 7")
    zeg("Ik vraag voor elk lastig besluit eerst een collega om mee te denken.", "Stap 3 van 7")
    zeg("de fractievoorzitter", "Stap 4 van 7")
    zeg("voor het zomerreces", "Stap 5 van 7")
    zeg("Ik zet al mijn functies op een rij en meld ze bij de griffie.", "Stap 6 van 7")
    zeg("de griffier", "Stap 7 van 7")
    zeg("binnen twee weken", "Dit staat nu in je persoonlijke rapport")
    tekst = page.locator(".rw-messages-container").inner_text()
    link = re.search(r"https?://\S+/rapport/[\w-]+", tekst).group(0)

    rapport = context.new_page()
    rapport.goto(link)
    inhoud = rapport.locator("main").inner_text()
    assert "Jouw actieplan" in inhoud
    assert "Ik vraag voor elk lastig besluit eerst een collega om mee te denken." in inhoud
    assert "binnen twee weken" in inhoud
    LOG_DIR.mkdir(exist_ok=True)
    rapport.screenshot(path=str(LOG_DIR / "rapport.png"), full_page=True)
    pdf = LOG_DIR / "rapport.pdf"
    rapport.emulate_media(media="print")
    rapport.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000

    zeg("verwijder mijn gegevens", "Ja, verwijder alles")
    page.locator(".rw-reply", has_text="Ja, verwijder alles").last.click()
    page.wait_for_selector("text=zijn verwijderd", timeout=30_000)
    rapport.goto(link)
    assert "Dit rapport bestaat niet (meer)" in rapport.locator("main").inner_text()
    # The earlier conversation on this device is gone too ("alles wissen").
    assert eerdere_link, "the earlier tab got no report link"
    rapport.goto(eerdere_link.group(0))
    assert "Dit rapport bestaat niet (meer)" in rapport.locator("main").inner_text()
    context.close()


def test_the_chat_works_when_the_page_is_opened_as_127_0_0_1(kompas: Kompas, browser) -> None:
    # Kompas's addresses say "localhost"; a griffier may type 127.0.0.1 instead.
    adres = kompas.web_url.replace("localhost", "127.0.0.1")
    assert adres != kompas.web_url
    page = browser.new_page()
    page.goto(adres + "/")
    page.wait_for_selector(".rw-response >> text=Ik ben Kompas", timeout=60_000)
    assert page.locator("#verbinding-fout").is_hidden()


def test_the_page_says_so_when_the_chat_server_cannot_be_reached(kompas: Kompas, browser) -> None:
    page = browser.new_page()
    page.route("**/socket.io/**", lambda route: route.abort())  # as if Rasa is down
    page.goto(kompas.web_url + "/")
    melding = page.locator("#verbinding-fout")
    melding.wait_for(state="visible", timeout=20_000)
    assert "kan de chatserver nu niet bereiken" in melding.inner_text()
    assert melding.get_attribute("role") == "alert"
