"""Bad input gets a clear, friendly answer and loses nothing."""

from __future__ import annotations

import re
import sqlite3
import urllib.request
from collections.abc import Callable

from tests.e2e.servers import Kompas


def test_enormous_message_gets_an_answer_and_the_test_goes_on(kompas: Kompas, gesprek: Callable[[str], str]) -> None:
    assert "vraag 1 van 12" in gesprek("zelftest").lower()
    lang = "integriteit-" + gesprek.sender + " " + "x" * 100_000
    antwoord = gesprek(lang)
    assert "te lang" in antwoord and "2000 tekens" in antwoord
    assert "vraag 2 van 12" in gesprek("4").lower()  # the test goes on where it was
    # The message never reached the database.
    with sqlite3.connect(kompas.database) as db:
        opgeslagen = " ".join(
            r[0] for r in db.execute("select data from events where sender_id = ?", (gesprek.sender,))
        )
    assert "zelftest" in opgeslagen and "integriteit-" + gesprek.sender not in opgeslagen


def test_a_message_at_the_limit_is_still_read(gesprek: Callable[[str], str]) -> None:
    assert "vraag 1 van 12" in gesprek("zelftest").lower()
    antwoord = gesprek(("klopt wel " * 300)[:2000])
    assert "te lang" not in antwoord


def test_empty_message_gets_a_friendly_answer(gesprek: Callable[[str], str]) -> None:
    antwoord = gesprek("")
    assert antwoord, "an empty message must get a reply"
    assert "kompas" in gesprek("hoi").lower()


def test_html_is_not_echoed_and_not_taken_as_an_answer(gesprek: Callable[[str], str]) -> None:
    gesprek("zelftest")
    antwoord = gesprek("<img src=x onerror=alert(1)><script>alert(5)</script>")
    assert "<script>" not in antwoord and "onerror" not in antwoord
    assert "vraag 1 van 12" in antwoord.lower()  # not filed as an answer


def test_message_text_never_reaches_the_logs(gesprek: Callable[[str], str]) -> None:
    from tests.e2e.servers import LOG_DIR

    geheim = "mijnbuurman-jansen-" + gesprek.sender[-6:]
    gesprek(f"wat is belangenverstrengeling als {geheim} mijn zwager is?")
    gesprek("zelftest")
    gesprek(geheim)
    for log in LOG_DIR.glob("*.log"):
        assert geheim not in log.read_text(encoding="utf-8", errors="replace"), log.name


def test_markup_in_a_werkvorm_answer_is_escaped_in_the_report(gesprek: Callable[[str], str]) -> None:
    # The werkvorm path is where user text comes back: in the summary and the report.
    gesprek("ik wil een dilemma doordenken")
    gesprek("Mijn zwager vraagt subsidie aan bij de gemeente waar ik raadslid ben.")
    assert "betrokkenen" in gesprek("<script>alert(1)</script>Moet ik <b>meestemmen</b> of mij onthouden?").lower()
    gesprek("stop")
    antwoord = gesprek("ja")
    link = re.search(r"https?://\S+/rapport/[\w-]+", antwoord)
    assert link, antwoord
    with urllib.request.urlopen(link.group(0), timeout=10) as pagina:
        html = pagina.read().decode("utf-8")
    assert "meestemmen" in html
    assert "<script>alert(1)</script>" not in html and "<b>meestemmen</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
