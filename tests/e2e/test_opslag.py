"""What is stored survives a restart, and 'verwijder mijn gegevens' really deletes."""

from __future__ import annotations

import re
import sqlite3
import urllib.error
import urllib.request
from collections.abc import Callable

from tests.e2e.servers import Kompas


def test_a_conversation_survives_a_restart_of_the_rasa_server(kompas: Kompas, gesprek: Callable[[str], str]) -> None:
    assert "vraag 1 van 12" in gesprek("ik wil de zelftest doen").lower()
    gesprek("4")
    assert "vraag 3 van 12" in gesprek("klopt wel").lower()

    kompas.stop("rasa")
    kompas.start("rasa")
    kompas.wacht_tot_klaar()

    assert "vraag 4 van 12 · startpunt" in gesprek("5").lower()
    assert "vraag 3 van 12" in gesprek("terug").lower()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as antwoord:
            return antwoord.status
    except urllib.error.HTTPError as fout:
        return fout.code


def test_delete_my_data_removes_conversation_and_report(kompas: Kompas, gesprek: Callable[[str], str]) -> None:
    gesprek("zelftest")
    for _ in range(11):
        gesprek("3")
    rapport = gesprek("2")
    link = re.search(r"(http://\S+/rapport/[\w-]+)(?=\s|$)", rapport).group(1)
    assert _status(link) == 200

    with sqlite3.connect(kompas.database) as db:
        (voor,) = db.execute("select count(*) from events where sender_id = ?", (gesprek.sender,)).fetchone()
    assert voor > 20

    assert "verwijder" in gesprek("verwijder mijn gegevens").lower()
    assert "verwijderd" in gesprek("/affirm").lower()

    assert _status(link) == 404
    with sqlite3.connect(kompas.database) as db:
        (na,) = db.execute("select count(*) from events where sender_id = ?", (gesprek.sender,)).fetchone()
        (onderdelen,) = db.execute(
            "select count(*) from kompas_onderdelen where sender_id = ?", (gesprek.sender,)
        ).fetchone()
    assert (na, onderdelen) == (0, 0)
    # The next message starts a fresh conversation.
    assert "12 stellingen" in gesprek("zelftest").lower()
