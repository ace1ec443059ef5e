"""The presenter page of a group session: only the key gives access, the screen shows
counts and results but never who answered what, and the controls drive the session."""

from __future__ import annotations

import json
import re

import pytest
from starlette.testclient import TestClient

from bot import intern
from bot.groepssessie import Sessies

AZC = {"soort": "casus", "casus": "agressie-dreigbericht-azc"}
KERSTPAKKET = {"soort": "casus", "casus": "geschenken-kerstpakket"}


@pytest.fixture
def geduwd(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """What the web app asked Rasa to push (no Rasa runs in unit tests)."""
    verzoeken: list[list[str]] = []
    monkeypatch.setattr(intern, "duw_ronde", lambda gesprekken: verzoeken.append(list(gesprekken)) or True)
    return verzoeken


def bedien(client: TestClient, sleutel: str, actie: str, **meer: object) -> dict:
    antwoord = client.post(f"/sessie/{sleutel}/bediening", json={"actie": actie, **meer})
    assert antwoord.status_code == 200, antwoord.text
    return client.get(f"/sessie/{sleutel}/stand.json").json()


def test_only_the_facilitator_key_opens_the_presenter_page(client: TestClient) -> None:
    sessie = Sessies().start("a" * 32, AZC)
    pagina = client.get(f"/sessie/{sessie.sleutel}")
    assert pagina.status_code == 200
    assert f"{sessie.code[:3]} {sessie.code[3:]}" in pagina.text
    assert f"https://kompas.example.nl/?sessie={sessie.code}" in pagina.text
    assert pagina.headers["cache-control"] == "private, no-store"
    assert not re.search(r'(src|href)="https?://', pagina.text)  # offline: nothing from elsewhere
    for pad in ("", "/stand.json", "/qr.svg", "/samenvatting", "/samenvatting.md"):
        assert client.get(f"/sessie/{sessie.code}{pad}").status_code == 404  # the join code is no key
    assert client.post(f"/sessie/{sessie.code}/bediening", json={"actie": "open"}).status_code == 404


def test_the_qr_code_is_an_svg_made_here(client: TestClient) -> None:
    sessie = Sessies().start("a" * 32, AZC)
    qr = client.get(f"/sessie/{sessie.sleutel}/qr.svg")
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml")
    assert qr.text.lstrip().startswith(("<?xml", "<svg")) and f"sessie {sessie.code}" in qr.text


def test_a_vote_round_counts_without_names_and_shows_bars_after_closing(
    client: TestClient, geduwd: list[list[str]]
) -> None:
    sessies = Sessies()
    sessie = sessies.start("a" * 32, AZC)
    widget = [f"{i:032x}" for i in range(3)]
    for lid in widget:
        sessies.doe_mee(sessie.code, lid, kanaal="socketio")
    sessies.doe_mee(sessie.code, "rest-lid", kanaal="rest")
    stand = bedien(client, sessie.sleutel, "volgende")
    assert stand["stap"]["soort"] == "scene" and [o["letter"] for o in stand["stap"]["opties"]] == ["A", "B", "C"]
    stand = bedien(client, sessie.sleutel, "open")
    assert geduwd == [widget]  # the question goes to the widget chats, not to the REST member
    for lid, stem in zip([*widget, "rest-lid"], "BBCA", strict=True):
        sessies.antwoord(sessie.code, lid, stem)
    stand = client.get(f"/sessie/{sessie.sleutel}/stand.json").json()
    assert (stand["deelnemers"], stand["beantwoord"], stand["ronde_open"]) == (4, 4, True)
    assert stand["uitslag"] == {"getoond": False, "reden": "ronde_open", "aantal": 4}
    stand = bedien(client, sessie.sleutel, "sluit")
    stemmen = {v["letter"]: v["aantal"] for v in stand["uitslag"]["stemmen"]}
    assert stemmen == {"A": 1, "B": 2, "C": 1}
    tekst = json.dumps(stand)
    assert not any(lid in tekst for lid in [*widget, "rest-lid"])  # never who
    assert stand["keuzes_na_ronde"]  # the facilitator may also pick the way on
    stand = bedien(client, sessie.sleutel, "volgende")
    assert stand["stap"]["sleutel"] == "scene:melding"  # the majority (B) goes on


def test_two_answers_show_no_result_only_why(client: TestClient, geduwd: list[list[str]]) -> None:
    sessies = Sessies()
    sessie = sessies.start("a" * 32, AZC)
    bedien(client, sessie.sleutel, "volgende")
    for lid in ("een", "twee"):
        sessies.doe_mee(sessie.code, lid)
    bedien(client, sessie.sleutel, "open")
    sessies.antwoord(sessie.code, "een", "A")
    sessies.antwoord(sessie.code, "twee", "B")
    stand = bedien(client, sessie.sleutel, "sluit")
    assert stand["uitslag"] == {"getoond": False, "reden": "te_weinig", "aantal": 2}


def test_free_text_is_checked_hidden_and_released_by_the_facilitator(
    client: TestClient, geduwd: list[list[str]]
) -> None:
    sessies = Sessies()
    sessie = sessies.start("a" * 32, KERSTPAKKET)
    bedien(client, sessie.sleutel, "volgende")
    for i in range(3):
        sessies.doe_mee(sessie.code, f"lid-{i}")
    bedien(client, sessie.sleutel, "open")
    for i, tekst in enumerate(["Terugsturen met een briefje", "Melden bij de secretaris", "Jan zou het houden"]):
        sessies.antwoord(sessie.code, f"lid-{i}", tekst)
    stand = bedien(client, sessie.sleutel, "sluit")
    assert stand["uitslag"]["teksten"] == [] and stand["uitslag"]["vrijgegeven"] is False
    assert "Jan" not in json.dumps(stand)  # nothing on the big screen before release
    nakijken = client.get(f"/sessie/{sessie.sleutel}/stand.json?nakijken=1").json()["bijdragen"]
    assert [b["tekst"] for b in nakijken][2] == "Jan zou het houden"
    bedien(client, sessie.sleutel, "verberg", id=nakijken[2]["id"])
    stand = bedien(client, sessie.sleutel, "vrijgeven")
    assert [t["tekst"] for t in stand["uitslag"]["teksten"]] == [
        "Terugsturen met een briefje",
        "Melden bij de secretaris",
    ]


def test_the_end_gives_a_summary_to_print_and_download_then_delete(client: TestClient, geduwd: list[list[str]]) -> None:
    sessies = Sessies()
    sessie = sessies.start("a" * 32, AZC)
    bedien(client, sessie.sleutel, "volgende")
    for i in range(3):
        sessies.doe_mee(sessie.code, f"lid-{i}")
    bedien(client, sessie.sleutel, "open")
    for i in range(3):
        sessies.antwoord(sessie.code, f"lid-{i}", "B")
    bedien(client, sessie.sleutel, "sluit")
    bedien(client, sessie.sleutel, "variant")
    assert client.post(f"/sessie/{sessie.sleutel}/bediening", json={"actie": "einde"}).status_code == 200
    assert client.get(f"/sessie/{sessie.sleutel}/stand.json").json() == {"beeindigd": True}
    html = client.get(f"/sessie/{sessie.sleutel}/samenvatting")
    assert "Wat doe je?" in html.text and "B · Je maakt schermafbeeldingen" in html.text
    md = client.get(f"/sessie/{sessie.sleutel}/samenvatting.md")
    assert md.headers["content-disposition"].startswith("attachment")
    assert "- B · Je maakt schermafbeeldingen en belt de griffier om te vragen wat je nu moet doen.: 3" in md.text
    assert "lid-" not in md.text and "lid-" not in html.text
    assert client.post(f"/sessie/{sessie.sleutel}/verwijder").json() == {"verwijderd": True}
    assert client.get(f"/sessie/{sessie.sleutel}/samenvatting").status_code == 404


def test_controls_refuse_what_does_not_fit_with_a_reason(client: TestClient, geduwd: list[list[str]]) -> None:
    sessie = Sessies().start("a" * 32, AZC)
    antwoord = client.post(f"/sessie/{sessie.sleutel}/bediening", json={"actie": "open"})
    assert antwoord.status_code == 409 and antwoord.json() == {"fout": "geen_vraag"}  # the situation has no round
    assert client.post(f"/sessie/{sessie.sleutel}/bediening", content=b"{kapot").status_code == 400
    assert client.post(f"/sessie/{sessie.sleutel}/bediening", json={"actie": "x" * 5000}).status_code == 413
    assert client.post(f"/sessie/{sessie.sleutel}/bediening", json={"actie": "iets"}).status_code == 409
