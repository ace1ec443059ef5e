"""Bad input gets a clear, friendly answer and loses nothing."""

from __future__ import annotations

from collections.abc import Callable


def test_enormous_message_gets_an_answer_and_the_test_goes_on(gesprek: Callable[[str], str]) -> None:
    assert "vraag 1 van 12" in gesprek("zelftest").lower()
    antwoord = gesprek("integriteit " * 1000)
    assert "vraag 1 van 12" in antwoord.lower()  # asked again, nothing lost
    assert "vraag 2 van 12" in gesprek("4").lower()


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
