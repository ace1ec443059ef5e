"""What is stored survives a restart, and 'verwijder mijn gegevens' really deletes."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

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


def test_twenty_conversations_at_once_while_the_purge_runs(kompas: Kompas) -> None:
    from bot import storage
    from tests.e2e.gesprekken import als_tekst, stuur

    code = uuid.uuid4().hex[:6]
    oud = [f"oud-{code}-{i}" for i in range(4)]
    for sender in oud:
        stuur(kompas.rasa_url, sender, "hoi")
    gewist = f"gewist-{code}"
    stuur(kompas.rasa_url, gewist, "zelftest")
    stuur(kompas.rasa_url, gewist, "verwijder mijn gegevens")
    stuur(kompas.rasa_url, gewist, "/affirm")
    with sqlite3.connect(kompas.database) as db:  # these four were last active 40 days ago
        db.execute("update events set timestamp = timestamp - 40 * 86400 where sender_id like ?", (f"oud-{code}-%",))

    eng = storage.engine(f"sqlite:///{kompas.database}")
    klaar = threading.Event()
    opgeruimd: list[str] = []

    def ruim_steeds_op() -> None:
        while not klaar.is_set():
            opgeruimd.extend(storage.ruim_op(30, eng))
            time.sleep(0.05)

    def gesprek(nummer: int) -> list[str]:
        sender = f"druk-{code}-{nummer}"
        return [als_tekst(stuur(kompas.rasa_url, sender, t))[0] for t in ("hoi", "zelftest", "4", "klopt wel", "3")]

    opruimer = threading.Thread(target=ruim_steeds_op)
    opruimer.start()
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            verlopen = list(pool.map(gesprek, range(20)))
    finally:
        klaar.set()
        opruimer.join()

    for antwoorden in verlopen:  # no lost turn: every reply is there, in order
        assert all(antwoorden), antwoorden
        assert "vraag 1 van 12" in antwoorden[1] and "vraag 3 van 12" in antwoorden[3], antwoorden
        assert "vraag 4 van 12" in antwoorden[4], antwoorden
    assert sorted(set(opgeruimd)) == sorted(oud)
    with sqlite3.connect(kompas.database) as db:
        over = db.execute(
            "select count(*) from events where sender_id like ? or sender_id = ?", (f"oud-{code}-%", gewist)
        ).fetchone()[0]
        actief = db.execute("select count(distinct sender_id) from events where sender_id like ?", (f"druk-{code}-%",))
        assert actief.fetchone()[0] == 20
    assert over == 0  # nothing purged or deleted came back
