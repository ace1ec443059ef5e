"""The checklists (weerbare cultuur, nevenfuncties, ruggespraak): content and scoring.

Each checklist is a YAML file under ``data/checklists/``; items are answered ja,
deels or nee, once, or once per function (``per_functie``). :class:`ChecklistRoute`
puts a checklist on the step engine; the summary sorts items into fine and needs
attention, with the advice and the rule behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import conlist

from bot.begrippen import HULP, hulp
from bot.content import DATA_DIR, Bron, Map, Regel, Strikt, laad
from bot.stappen import Basisroute, Bericht, Commando, Oordeel, Stand, Vraag, langste_frase
from bot.taal import normaliseer
from bot.teksten import teksten

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
    return laad(Checklist, pad)


def laad_antwoorden(pad: Path = ANTWOORDEN_BESTAND) -> Antwoordwoorden:
    return laad(Antwoordwoorden, pad)


_ANTWOORDEN = Bron(laad_antwoorden, ANTWOORDEN_BESTAND)
# A checklist names people from data/hulp.yml: a change there re-checks the checklists.
CHECKLISTS = Map(laad_checklist, CHECKLIST_DIR, "Checklist", hangt_af_van=(HULP,))


def antwoordwoorden() -> Antwoordwoorden:
    return _ANTWOORDEN.get()


def checklists() -> dict[str, Checklist]:
    """All valid checklists by id; changes are live, a broken file is skipped."""
    return CHECKLISTS.alles()


def interpreteer_antwoord(tekst: str | None) -> Antwoord | None:
    """'ja', 'deels' or 'nee' from a button or free text; None when unclear."""
    return langste_frase(tekst or "", antwoordwoorden().dict())  # type: ignore[return-value]


# --- a checklist on the step engine ------------------------------------------------------

FUNCTIE, NOG_EEN = "#functie", "#nog_een"  # the two extra questions of a checklist per function
MAX_FUNCTIES = 20
MAX_FUNCTIE_LENGTE = 120


@dataclass(frozen=True)
class ChecklistRoute(Basisroute):
    checklist: Checklist
    naam = "checklist"

    def plan(self, antwoorden: Mapping[str, Any]) -> list[Vraag]:
        items = self.checklist.items
        if not self.checklist.per_functie:
            return [Vraag(item.id, item) for item in items]
        vragen: list[Vraag] = []
        for n in range(MAX_FUNCTIES):
            vragen.append(Vraag(f"{FUNCTIE}:{n}", FUNCTIE))
            functie = antwoorden.get(f"{FUNCTIE}:{n}")
            if functie is None:
                break
            vragen += [Vraag(f"{item.id}:{n}", item, functie) for item in items]
            vragen.append(Vraag(f"{NOG_EEN}:{n}", NOG_EEN, functie))
            if antwoorden.get(f"{NOG_EEN}:{n}") != "ja":
                break
        return vragen

    def vraag(self, vraag: Vraag, nummer: int, totaal: int, stand: Stand) -> list[Bericht]:
        t = teksten()
        if vraag.stap == FUNCTIE:
            return [Bericht(tekst=self.checklist.vraag_functie)]
        if vraag.stap == NOG_EEN:
            knoppen = ((t.knoppen.ja, "ja"), (t.knoppen.nee_klaar, "nee"))
            return [Bericht(response="utter_checklist_nog_een_functie", knoppen=knoppen)]
        item: Item = vraag.stap
        plek = {"nummer": self.checklist.items.index(item) + 1, "totaal": len(self.checklist.items)}
        kop = (
            t.koppen.checklist_functie.format(functie=vraag.item, **plek)
            if vraag.item
            else t.koppen.checklist_vraag.format(**plek)
        )
        knoppen = ((t.knoppen.ja, "ja"), (t.knoppen.deels, "deels"), (t.knoppen.nee, "nee"))
        return [Bericht(tekst=f"{kop}\n{item.vraag}", knoppen=knoppen)]

    def beoordeel(self, vraag: Vraag, tekst: str, commando: Commando | None, stand: Stand) -> Oordeel:
        if vraag.stap == FUNCTIE:
            if not normaliseer(tekst) or tekst.strip().startswith("/"):
                return Oordeel("onduidelijk", melding=Bericht("utter_checklist_functie_leeg"))
            return Oordeel("goed", tekst.strip()[:MAX_FUNCTIE_LENGTE])
        antwoord = interpreteer_antwoord(tekst)
        if antwoord is None:
            return Oordeel("onduidelijk")
        if vraag.stap == NOG_EEN:
            return Oordeel("goed", "ja" if antwoord == "ja" else "nee")
        return Oordeel("goed", antwoord)

    def rapport(self, stand: Stand, afgerond: bool) -> tuple[str, dict[str, Any]] | None:
        antwoorden = self.antwoorden(stand)
        if not antwoorden:
            return None
        return "checklist", {"checklist": self.checklist.id, "antwoorden": antwoorden, "afgerond": afgerond}

    def antwoorden(self, stand: Stand) -> list[dict[str, Any]]:
        """The answers to the items, in order: {item, antwoord, functie} (as stored in the report)."""
        return [
            {"item": v.stap.id, "antwoord": stand.antwoorden[v.sleutel], "functie": v.item}
            for v in self.plan(stand.antwoorden)
            if isinstance(v.stap, Item) and v.sleutel in stand.antwoorden
        ]


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
