"""The checklists (weerbare cultuur, nevenfuncties, ruggespraak): content and scoring.

Each checklist is a YAML file under ``data/checklists/``; items are answered ja,
deels or nee. The summary sorts items into fine and needs attention, with the
advice and the rule behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import conlist

from bot.begrippen import hulp
from bot.content import DATA_DIR, Regel, Strikt, laad, laad_map
from bot.taal import normaliseer

CHECKLIST_DIR = DATA_DIR / "checklists"
ANTWOORDEN_BESTAND = DATA_DIR / "antwoorden.yml"
Antwoord = Literal["ja", "deels", "nee"]


class Item(Strikt):
    id: str
    vraag: str
    goed: Literal["ja", "nee"]
    advies: str
    regels: list[Regel] = []


class Checklist(Strikt):
    id: str
    titel: str
    voor: Literal["fractie", "jezelf"]
    intro: str
    per_functie: bool = False
    vraag_functie: str | None = None
    items: conlist(Item, min_items=1)  # type: ignore[valid-type]
    afsluiting: str
    wie_helpt: list[str] = []

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        fouten: list[tuple[tuple, str]] = []
        gezien: set[str] = set()
        for i, item in enumerate(self.items):
            if item.id in gezien:
                fouten.append((("items", i, "id"), f"id '{item.id}' komt twee keer voor"))
            gezien.add(item.id)
        if self.per_functie and not self.vraag_functie:
            fouten.append((("vraag_functie",), "nodig als per_functie true is"))
        bekend = {h.id for h in hulp().hulp}
        for i, wie in enumerate(self.wie_helpt):
            if wie not in bekend:
                fouten.append((("wie_helpt", i), f"'{wie}' staat niet in data/hulp.yml"))
        return fouten


class Antwoordwoorden(Strikt):
    ja: list[str]
    deels: list[str]
    nee: list[str]


def laad_checklist(pad: Path) -> Checklist:
    checklist = laad(Checklist, pad)
    return checklist


def laad_antwoorden(pad: Path = ANTWOORDEN_BESTAND) -> Antwoordwoorden:
    return laad(Antwoordwoorden, pad)


@lru_cache(maxsize=1)
def antwoordwoorden() -> Antwoordwoorden:
    return laad_antwoorden()


def checklists() -> dict[str, Checklist]:
    """All valid checklists by id; changes are live, a broken file is skipped."""
    return laad_map(laad_checklist, CHECKLIST_DIR, "Checklist")


def interpreteer_antwoord(tekst: str | None) -> Antwoord | None:
    """'ja', 'deels' or 'nee' from a button or free text; None when unclear."""
    schoon = normaliseer(tekst or "")
    if not schoon:
        return None
    woorden = antwoordwoorden()
    beste: tuple[int, Antwoord] | None = None
    for soort in ("ja", "deels", "nee"):
        for frase in getattr(woorden, soort):
            vorm = normaliseer(frase)
            gevonden = vorm and re.search(rf"(?<!\w){re.escape(vorm)}(?!\w)", schoon)
            if gevonden and (beste is None or len(vorm) > beste[0]):
                beste = (len(vorm), soort)  # type: ignore[assignment]
    return beste[1] if beste else None


@dataclass(frozen=True)
class Uitkomst:
    item: Item
    antwoord: Antwoord | None
    functie: str | None = None

    @property
    def in_orde(self) -> bool:
        return self.antwoord == self.item.goed


def uitkomsten(checklist: Checklist, antwoorden: list[dict]) -> list[Uitkomst]:
    """Pair stored answers ({item, antwoord, functie}) with their items."""
    per_id = {i.id: i for i in checklist.items}
    return [
        Uitkomst(per_id[a["item"]], a.get("antwoord"), a.get("functie")) for a in antwoorden if a.get("item") in per_id
    ]
