"""WCAG 2.1 AA on every page a politician sees, and the chat by keyboard alone.

axe-core runs on the chat page before and after a zelftest (with the report's
picture in the chat), on the report page and on an error page: no serious or
critical findings. Then one conversation is held with the keyboard only: Tab to the
message field, type, Enter; Tab to a button, Enter."""

from __future__ import annotations

import re

from tests.e2e.chatpagina import open_chat, typ_zelftest_af
from tests.e2e.servers import Kompas
from tests.e2e.toegankelijkheid import axe_bevindingen


def test_chat_report_and_error_pages_have_no_serious_axe_findings(kompas: Kompas, browser) -> None:
    context, page = open_chat(browser, kompas)
    assert axe_bevindingen(page) == []

    invoer = page.locator(".rw-new-message")
    invoer.fill("ik wil de zelftest doen")
    invoer.press("Enter")
    page.wait_for_selector("text=Vraag 1 van 12", timeout=30_000)
    typ_zelftest_af(page, 2, "klopt wel")
    page.locator(".rw-message img").first.wait_for(timeout=30_000)
    page.wait_for_selector("text=/rapport/", timeout=60_000)
    assert axe_bevindingen(page) == []

    link = re.search(r"https?://\S+/rapport/[\w-]+", page.locator(".rw-messages-container").inner_text()).group(0)
    rapport = context.new_page()
    rapport.goto(link)
    rapport.wait_for_selector("main")
    assert axe_bevindingen(rapport) == []
    rapport.goto(kompas.web_url + "/rapport/bestaat-niet")
    assert axe_bevindingen(rapport) == []
    context.close()


def test_the_chat_works_by_keyboard_alone(kompas: Kompas, browser) -> None:
    context, page = open_chat(browser, kompas)

    def tab_tot(is_doel: str, max_stappen: int = 60) -> None:
        for _ in range(max_stappen):
            page.keyboard.press("Tab")
            if page.evaluate(is_doel):
                return
        raise AssertionError(f"met Tab niet bereikt: {is_doel}")

    # The message list can be reached (to scroll it with the arrow keys) and is named.
    tab_tot("document.activeElement.matches('.rw-messages-container')")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')")
    tab_tot("document.activeElement.matches('.rw-new-message')")
    page.keyboard.type("hoi")
    page.keyboard.press("Enter")
    page.wait_for_selector(".rw-response >> text=Ik ben Kompas >> nth=1", timeout=30_000)

    # A menu button, reached and pressed with the keyboard.
    tab_tot(
        "document.activeElement.matches('.rw-reply') && "
        "document.activeElement.innerText.includes('Zelftest integer handelen')"
    )
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Vraag 1 van 12", timeout=30_000)
    # The answer buttons of the statement, too.
    page.locator(".rw-reply", has_text="4 · eens").last.wait_for(timeout=30_000)
    tab_tot("document.activeElement.matches('.rw-reply') && document.activeElement.innerText.includes('4 · eens')")
    page.keyboard.press(" ")
    page.wait_for_selector("text=Vraag 2 van 12", timeout=30_000)
    context.close()
