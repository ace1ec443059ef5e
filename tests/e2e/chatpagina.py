"""Steps on the chat page that several browser tests take."""

from __future__ import annotations

from tests.e2e.servers import Kompas


def open_chat(browser, kompas: Kompas):
    """A fresh browser context with the chat page, once the greeting is there."""
    context = browser.new_context(viewport={"width": 420, "height": 860})
    page = context.new_page()
    page.goto(kompas.web_url + "/")
    page.wait_for_selector(".rw-response >> text=Ik ben Kompas", timeout=60_000)
    return context, page


def typ_zelftest_af(page, vanaf: int, laatste: str) -> None:
    """Type "klopt wel" until statement 12 is asked (from statement ``vanaf - 1``
    on), then ``laatste`` as the answer to statement 12."""
    invoer = page.locator(".rw-new-message")
    for nummer in range(vanaf, 13):
        invoer.fill("klopt wel")
        invoer.press("Enter")
        page.wait_for_selector(f"text=Vraag {nummer} van 12", timeout=30_000)
    invoer.fill(laatste)
    invoer.press("Enter")
