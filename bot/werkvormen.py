"""The werkvormen (dilemma-reflectie, perspectievenmethode, denkgereedschap, actieplan).

Each werkvorm is a series of steps in ``data/werkvormen/<id>.yml``. A step whose
question holds ``{waarde}`` or ``{punt}`` is asked once for every item chosen in the
first step (each value, each development point). This module plans the questions,
judges answers and writes the summary card in the user's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, conlist

from bot.content import DATA_DIR, Strikt, laad, laad_map
from bot.taal import normaliseer

WERKVORM_DIR = DATA_DIR / "werkvormen"
PER_ITEM = re.compile(r"\{(waarde|punt)\}")

# Answers that mean "I don't know" (accepted where a step allows it).
WEET_IK_NIET = {"weet ik niet", "weet niet", "geen idee", "geen flauw idee", "ik weet het niet", "nog niet"}
VOORBEELD = {"voorbeeld", "voorbeeldje", "een voorbeeld", "geef een voorbeeld", "heb je een voorbeeld"}
KLAAR = {"klaar", "dat is alles", "dat was het", "verder", "door", "volgende"}


class Stap(Strikt):
    id: str
    titel: str
    uitleg: str
    vraag: str
    voorbeeld: str
    hint: str
    min_woorden: int = 1
    weet_ik_niet: bool = False
    keuzes: list[str] = []
    min_items: int = 1
    max_items: int | None = None  # e.g. 3-5 values, 1-3 development points
    # Longest answer kept for one step: a report is for a few sentences, not a file.
    max_tekens: int = Field(default=1000, ge=50, le=2000)

    @property
    def per_item(self) -> bool:
        return bool(PER_ITEM.search(self.vraag))


class Samenvatting(Strikt):
    titel: str
    regels: conlist(str, min_items=1)  # type: ignore[valid-type]
    afsluiting: str


class Werkvorm(Strikt):
    id: str
    titel: str
    intro: str
    privacy: str
    stappen: conlist(Stap, min_items=1)  # type: ignore[valid-type]
    samenvatting: Samenvatting

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        fouten: list[tuple[tuple, str]] = []
        ids = [s.id for s in self.stappen]
        for i, stap_id in enumerate(ids):
            if ids.index(stap_id) != i:
                fouten.append((("stappen", i, "id"), f"id '{stap_id}' komt twee keer voor"))
        if self.stappen[0].per_item:
            fouten.append((("stappen", 0, "vraag"), "de eerste stap kan niet per item gevraagd worden"))
        for i, regel in enumerate(self.samenvatting.regels):
            for naam in re.findall(r"\{(\w+)\}", regel):
                if naam not in ids:
                    fouten.append((("samenvatting", "regels", i), f"'{{{naam}}}' is geen stap van deze werkvorm"))
        return fouten

    def stap(self, stap_id: str) -> Stap:
        return next(s for s in self.stappen if s.id == stap_id)

    def is_lijst(self, stap: Stap) -> bool:
        """Is the answer a list? Choices, several items, or the items that later
        steps are asked per (the values, the development points)."""
        eerste_met_items = stap.id == self.stappen[0].id and any(s.per_item for s in self.stappen)
        return bool(stap.keuzes) or stap.min_items > 1 or eerste_met_items

    def plan(self, antwoorden: dict[str, object]) -> list[tuple[str, str | None]]:
        """The questions to ask, in order: (step id, item) pairs. Steps per item are
        repeated for each item chosen in the first step, once that is answered."""
        items = antwoorden.get(self.stappen[0].id)
        lijst = items if isinstance(items, list) else []
        vragen: list[tuple[str, str | None]] = []
        groep: list[str] = []  # consecutive per-item steps: all of them for item 1, then item 2
        for stap in [*self.stappen, None]:
            if stap is not None and stap.per_item:
                groep.append(stap.id)
                continue
            vragen += [(stap_id, item) for item in lijst for stap_id in groep]
            groep = []
            if stap is not None:
                vragen.append((stap.id, None))
        return vragen


def laad_werkvorm(pad: Path) -> Werkvorm:
    return laad(Werkvorm, pad)


def werkvormen() -> dict[str, Werkvorm]:
    """All valid werkvormen by id; changes are live, a broken file is skipped."""
    return laad_map(laad_werkvorm, WERKVORM_DIR, "Werkvorm")


def sleutel(stap_id: str, item: str | None) -> str:
    """Where an answer is stored: the step id, or 'step::item' for per-item steps."""
    return f"{stap_id}::{item}" if item else stap_id


def vraagtekst(stap: Stap, item: str | None) -> str:
    return PER_ITEM.sub(item or "", stap.vraag)


def splits(tekst: str, keuzes: list[str]) -> list[str]:
    """Separate items in one answer: ';', new lines, ' of ' — and for choice lists
    also commas and ' en ' ('openheid, betrouwbaarheid en zorgvuldigheid')."""
    patroon = r"\s*(?:;|\n|\bof\b" + (r"|,|\ben\b" if keuzes else "") + r")\s*"
    return [deel.strip(" .") for deel in re.split(patroon, tekst.strip()) if deel and deel.strip(" .")]


@dataclass(frozen=True)
class Oordeel:
    """What to do with an answer."""

    soort: str  # "goed", "voorbeeld", "te_kort", "te_veel", "terug", "keuze_erbij"
    waarde: object = None


def beoordeel(stap: Stap, tekst: str, al_gekozen: list[str], eerder_te_kort: bool, lijst: bool = False) -> Oordeel:
    """Judge one answer to one step.

    Too-short answers are asked again once, with the hint; the second time they are
    accepted, so nobody gets stuck. A button for one of the choices adds that choice
    until the user says 'klaar'."""
    schoon = normaliseer(tekst)
    if schoon in ("terug", "vorige", "vorige stap", "ga terug"):
        return Oordeel("terug")
    if schoon.rstrip() in VOORBEELD or schoon in {f"{v} graag" for v in VOORBEELD}:
        return Oordeel("voorbeeld")
    if schoon in WEET_IK_NIET:
        if stap.weet_ik_niet or eerder_te_kort:
            return Oordeel("goed", "weet ik niet")
        return Oordeel("te_kort")

    if lijst or stap.keuzes or stap.min_items > 1:
        keuze = next((k for k in stap.keuzes if normaliseer(k) == schoon), None)
        if keuze is not None:
            gekozen = [*al_gekozen, keuze] if keuze not in al_gekozen else al_gekozen
            if stap.max_items and len(gekozen) >= stap.max_items:
                return Oordeel("goed", gekozen[: stap.max_items])  # the last one allowed: done
            return Oordeel("keuze_erbij", gekozen)
        if schoon in KLAAR and al_gekozen:
            if len(al_gekozen) >= stap.min_items or eerder_te_kort:
                return Oordeel("goed", al_gekozen)
            return Oordeel("te_kort")
        delen = [*al_gekozen, *(d for d in splits(tekst, stap.keuzes) if d not in al_gekozen)]
        if stap.max_items and len(delen) > stap.max_items:
            return Oordeel("te_veel")
        if len(delen) >= stap.min_items or (eerder_te_kort and delen):
            return Oordeel("goed", delen)
        return Oordeel("te_kort")

    if len(schoon.split()) >= stap.min_woorden or (eerder_te_kort and schoon):
        return Oordeel("goed", tekst.strip())
    return Oordeel("te_kort")


def samenvatting(werkvorm: Werkvorm, antwoorden: dict[str, object]) -> list[str]:
    """The summary card's lines, each filled with the user's own words."""
    eerste = werkvorm.stappen[0].id
    items = antwoorden.get(eerste) if isinstance(antwoorden.get(eerste), list) else []

    def waarde(stap_id: str) -> str:
        stap = werkvorm.stap(stap_id)
        if stap.per_item:
            delen = [f"{item}: {antwoorden.get(sleutel(stap_id, item), '–')}" for item in items]
            return " · ".join(delen) or "–"
        antwoord = antwoorden.get(stap_id)
        if isinstance(antwoord, list):
            return ", ".join(antwoord)
        return str(antwoord) if antwoord else "–"

    return [re.sub(r"\{(\w+)\}", lambda m: waarde(m.group(1)), regel) for regel in werkvorm.samenvatting.regels]
