"""The web app under test, with the addresses a griffier would configure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from bot.web import maak_app


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("KOMPAS_MELD_KLAAR", "0")
    monkeypatch.setenv("KOMPAS_RASA_URL", "http://localhost:5005")
    monkeypatch.setenv("KOMPAS_WEB_URL", "https://kompas.example.nl")
    with TestClient(maak_app()) as c:
        yield c
