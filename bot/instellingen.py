"""Every setting Kompas reads from the environment, in one place.

Read on each call, so a test (or a restart with other values) needs nothing else.
The README's table "Instellingen" lists the same names and defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _tekst(naam: str, standaard: str) -> str:
    return os.environ.get(naam, "").strip() or standaard


def host() -> str:
    """The only address every process listens on."""
    return _tekst("KOMPAS_HOST", "127.0.0.1")


def actions_poort() -> int:
    return int(_tekst("KOMPAS_ACTIONS_PORT", "5055"))


def web_url() -> str:
    """How people reach the web app (links to reports, the presenter page, QR codes)."""
    return _tekst("KOMPAS_WEB_URL", "http://localhost:8000").rstrip("/")


def rasa_url() -> str:
    """How the browser reaches the Rasa server (the widget's socket.io)."""
    return _tekst("KOMPAS_RASA_URL", "http://localhost:5005").rstrip("/")


def rasa_intern_url() -> str:
    """How Kompas's own processes reach Rasa (a pushed group-session round). Behind
    a proxy that shows only /socket.io/ to the internet, an address inside; by
    default the same as KOMPAS_RASA_URL."""
    return _tekst("KOMPAS_RASA_INTERN_URL", rasa_url()).rstrip("/")


def database_url() -> str | None:
    """DATABASE_URL, or None for the SQLite file under var/."""
    return os.environ.get("DATABASE_URL", "").strip() or None


def redis_url() -> str | None:
    """KOMPAS_REDIS_URL (redis://:password@host:port/db): with more than one Rasa
    instance, their conversation locks and socket.io messages; None for one instance."""
    return os.environ.get("KOMPAS_REDIS_URL", "").strip() or None


def schaal_poort() -> int:
    """KOMPAS_SCHAAL_POORT: nginx's port for `make run-schaal`; the internal ports lie just above."""
    return int(_tekst("KOMPAS_SCHAAL_POORT", "8000"))


def bewaartermijn_dagen() -> float:
    return float(_tekst("KOMPAS_BEWAARTERMIJN_DAGEN", "30"))


def max_bericht() -> int:
    """The longest message (characters) Kompas reads."""
    return int(_tekst("KOMPAS_MAX_BERICHT", "2000"))


def max_gebeurtenissen() -> int:
    """After this many events a long conversation goes on in a new Rasa session."""
    return int(_tekst("KOMPAS_MAX_GEBEURTENISSEN", "200"))


def inhoud_map() -> Path:
    """The content folder (zelftest, teksten, checklists, werkvormen, …): a copy lets a
    test or a trainer try changes without touching data/."""
    return Path(_tekst("KOMPAS_INHOUD_DIR", str(PROJECT_DIR / "data")))


def casus_map() -> Path:
    """The case library's folder (a test or a trainer may point elsewhere)."""
    return Path(_tekst("KOMPAS_CASUS_DIR", str(inhoud_map() / "casussen")))


def meld_klaar() -> bool:
    """Print the chat address once Rasa answers (off in tests)."""
    return _tekst("KOMPAS_MELD_KLAAR", "1") == "1"


def actions_token_uit_omgeving() -> str | None:
    return os.environ.get("KOMPAS_ACTIONS_TOKEN", "").strip() or None
