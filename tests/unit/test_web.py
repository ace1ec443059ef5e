"""The web app: chat page, report page, picture, privacy headers."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from bot import storage


def test_chat_page_is_dutch_offline_and_locked_down(client: TestClient) -> None:
    antwoord = client.get("/")
    assert antwoord.status_code == 200
    assert '<html lang="nl">' in antwoord.text
    csp = antwoord.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "connect-src 'self' http://localhost:5005 ws://localhost:5005" in csp
    assert "fonts.googleapis.com" not in csp
    # Only local scripts and styles: nothing from another host.
    assert not re.search(r'(src|href)="https?://', antwoord.text)


def test_widget_script_and_config_are_served_locally(client: TestClient) -> None:
    assert client.get("/widget/index.js").status_code == 200
    config = client.get("/widget-config.json").json()
    labels = config.pop("labels")
    assert config == {"socketUrl": "http://localhost:5005", "initPayload": "/greet"}
    # Screen-reader names for the widget come from data/teksten.yml.
    assert set(labels) == {"verstuur_knop", "berichten", "plaatje"} and all(labels.values())


def _zelftest(sender: str, antwoorden: list[int | None]) -> tuple[str, str]:
    token = storage.rapport_token(sender)
    return token, storage.bewaar_onderdeel(sender, "zelftest", {"antwoorden": antwoorden})


def test_report_page_shows_colours_advice_and_reading(client: TestClient) -> None:
    token, onderdeel = _zelftest("persoon", [5, 5, 5, 2, 2, 3, 5, 4, 5, 4, 5, 4])
    pagina = client.get(f"/rapport/{token}")
    assert pagina.status_code == 200
    assert 'Startpunt: <span class="kleur">rood</span>' in pagina.text
    assert "Loop je nevenfuncties na" in pagina.text
    assert "Ontwikkel je integriteit" in pagina.text
    assert f"/rapport/{token}/zelftest/{onderdeel}.svg" in pagina.text
    # Per statement, what the user answered (the chat shows only a line per block).
    assert (
        "<dt>4. Ik heb geen of positieve ervaringen met integriteitsschendingen in mijn omgeving.</dt>" in pagina.text
    )
    assert pagina.text.count("<dd>2 · oneens</dd>") == 2
    assert pagina.text.count("<dd>5 · helemaal eens</dd>") == 6
    assert "@media print" in client.get("/static/kompas.css").text


def test_picture_is_an_svg_grid_with_colour_words(client: TestClient) -> None:
    token, onderdeel = _zelftest("persoon", [5, 5, 5, 2, 2, 3, 3, 3, 3, None, None, None])
    svg = client.get(f"/rapport/{token}/zelftest/{onderdeel}.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    for woord in (
        "Jij",
        "groen",
        "Startpunt",
        "rood",
        "Sociaal",
        "oranje",
        "Omgeving",
        "niet ingevuld",
        "bewustzijn",
        "handelen",
        "individueel",
        "collectief",
    ):
        assert woord in svg.text


def test_a_picture_is_only_served_under_its_own_report_link(client: TestClient) -> None:
    _, onderdeel = _zelftest("persoon", [3] * 12)
    ander_token, _ = _zelftest("ander", [3] * 12)
    assert client.get(f"/rapport/{ander_token}/zelftest/{onderdeel}.svg").status_code == 404


def test_unknown_or_deleted_report_says_it_no_longer_exists(client: TestClient) -> None:
    token, _ = _zelftest("persoon", [3] * 12)
    storage.verwijder_alles("persoon")
    pagina = client.get(f"/rapport/{token}")
    assert pagina.status_code == 404
    assert "bestaat niet (meer)" in pagina.text


def _werkvorm(sender: str, regels: list[str], afgerond: bool = True) -> str:
    token = storage.rapport_token(sender)
    storage.bewaar_onderdeel(
        sender,
        "werkvorm",
        {"werkvorm": "dilemma_reflectie", "titel": "Jouw dilemma", "regels": regels, "afgerond": afgerond},
    )
    return token


def test_report_shows_werkvormen_and_checklists_and_escapes_user_text(client: TestClient) -> None:
    token = _werkvorm("persoon", ["Mijn besluit: <script>alert('x')</script> ik stem niet mee"])
    storage.bewaar_onderdeel(
        "persoon",
        "checklist",
        {"checklist": "ruggespraak", "antwoorden": [{"item": "krantentoets", "antwoord": "nee"}]},
    )
    pagina = client.get(f"/rapport/{token}").text
    assert "Jouw dilemma" in pagina
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ik stem niet mee" in pagina
    assert "<script>alert" not in pagina
    assert "Checklist ruggespraak" in pagina and "Aandacht nodig" in pagina


def test_report_as_markdown_download(client: TestClient) -> None:
    token = _werkvorm("persoon", ["Kernvraag: Moet ik meestemmen of niet?"], afgerond=False)
    _zelftest("persoon", [5, 5, 5, 2, 2, 3, 5, 4, 5, 4, 5, 4])
    antwoord = client.get(f"/rapport/{token}.md")
    assert antwoord.headers["content-type"].startswith("text/markdown")
    assert "attachment" in antwoord.headers["content-disposition"]
    assert "## Jouw dilemma (niet afgemaakt)" in antwoord.text
    assert "- Kernvraag: Moet ik meestemmen of niet?" in antwoord.text
    assert "- **Startpunt**: rood" in antwoord.text
    assert "\n6. " in antwoord.text and "– *3 · neutraal*" in antwoord.text
    storage.verwijder_alles("persoon")
    assert client.get(f"/rapport/{token}.md").status_code == 404


def test_every_route_sends_security_headers_and_reports_are_never_cached(client: TestClient) -> None:
    token = storage.rapport_token("koppen")
    storage.bewaar_onderdeel("koppen", "zelftest", {"antwoorden": [4] * 12})
    (item,) = storage.onderdelen_van("koppen")
    paden = ["/", "/widget-config.json", "/health", "/static/chat.js", "/bestaat-niet"]
    persoonlijk = [f"/rapport/{token}", f"/rapport/{token}.md", f"/rapport/{token}/zelftest/{item['id']}.svg"]
    for pad in paden + persoonlijk + ["/rapport/onbekend"]:
        antwoord = client.get(pad)
        assert antwoord.headers["x-content-type-options"] == "nosniff", pad
        assert antwoord.headers["referrer-policy"] == "no-referrer", pad
        assert antwoord.headers["x-frame-options"] == "DENY", pad
    for pad in persoonlijk:
        antwoord = client.get(pad)
        assert antwoord.status_code == 200, pad
        assert antwoord.headers["cache-control"] == "private, no-store", pad


def test_an_old_report_still_opens_after_the_zelftest_content_changes(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import rapport, zelftest

    token = storage.rapport_token("oud-rapport")
    onderdeel = storage.bewaar_onderdeel(
        "oud-rapport", "zelftest", rapport.zelftest_onderdeel([5, 5, 5, 2, 2, 3] + [4] * 6)
    )
    # A trainer drops a block and rewrites advice: 9 statements instead of 12.
    echt = zelftest.zelftest()
    korter = echt.copy(update={"blokken": echt.blokken[:3]})
    monkeypatch.setattr(zelftest, "zelftest", lambda: korter)
    monkeypatch.setattr(rapport, "bereken_uitslag", lambda a, content=None: zelftest.bereken_uitslag(a, korter))

    pagina = client.get(f"/rapport/{token}")
    assert pagina.status_code == 200
    assert 'Startpunt: <span class="kleur">rood</span>' in pagina.text
    assert client.get(f"/rapport/{token}/zelftest/{onderdeel}.svg").status_code == 200
    assert client.get(f"/rapport/{token}.md").status_code == 200


def test_a_report_stored_as_answers_only_that_no_longer_fits_is_left_out_not_an_error(client: TestClient) -> None:
    token = storage.rapport_token("heel-oud")
    storage.bewaar_onderdeel("heel-oud", "zelftest", {"antwoorden": [3] * 7})  # an older shape
    pagina = client.get(f"/rapport/{token}")
    assert pagina.status_code == 200
    assert "Jouw rapport" in pagina.text
