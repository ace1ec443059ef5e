"""How Kompas's own processes talk to each other: one shared secret.

Rasa calls the action server with it (``endpoints.yml``), and the web app and the
action server use it to push an opened group-session round into members' chats
(``bot.kanalen``'s push endpoint in the Rasa process). It is
``KOMPAS_ACTIONS_TOKEN``, or one generated once into ``var/actions-token``.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Iterable
from pathlib import Path

import httpx

from bot import instellingen

PROJECT_DIR = Path(__file__).resolve().parent.parent
TOKEN_BESTAND = PROJECT_DIR / "var" / "actions-token"
DUW_PAD = "/webhooks/socketio/duw"
# The intent a push sends into a member's conversation (never typed by anyone).
DUW_INTENT = "groepssessie_ronde"

logger = logging.getLogger(__name__)


def token() -> str:
    """The shared secret: ``KOMPAS_ACTIONS_TOKEN``, or one generated once into ``var/``."""
    waarde = instellingen.actions_token_uit_omgeving()
    if waarde:
        return waarde
    if TOKEN_BESTAND.exists():
        return TOKEN_BESTAND.read_text(encoding="utf-8").strip()
    TOKEN_BESTAND.parent.mkdir(parents=True, exist_ok=True)
    waarde = secrets.token_urlsafe(32)
    TOKEN_BESTAND.touch(mode=0o600)
    TOKEN_BESTAND.write_text(waarde + "\n", encoding="utf-8")
    return waarde


def klopt(autorisatie: str | None, verwacht: str) -> bool:
    """Does an ``Authorization: Bearer …`` header carry the secret?"""
    kop = autorisatie or ""
    gegeven = kop.removeprefix("Bearer ").strip() if kop.startswith("Bearer ") else ""
    return bool(gegeven) and hmac.compare_digest(gegeven.encode(), verwacht.encode())


def duw_ronde(gesprekken: Iterable[str]) -> bool:
    """Ask Rasa to show the open round in these widget conversations. Rasa answers at
    once and does the work in the background; a failure only means members see the
    question when they next type, so it is logged, never raised."""
    lijst = list(gesprekken)
    if not lijst:
        return True
    try:
        antwoord = httpx.post(
            instellingen.rasa_intern_url() + DUW_PAD,
            json={"gesprekken": lijst},
            headers={"Authorization": f"Bearer {token()}"},
            timeout=5,
        )
        antwoord.raise_for_status()
        return True
    except httpx.HTTPError as fout:
        logger.warning("Ronde niet naar de chats gestuurd: %s", type(fout).__name__)
        return False
