"""Shared fixtures: every test gets its own empty database."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import storage

PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def lege_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'kompas-test.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    storage.engine.cache_clear()
    yield url
    storage.engine.cache_clear()
