"""The werkvormen (dilemma-reflectie, perspectievenmethode, denkgereedschap, actieplan,
integriteitskubus, and whatever a trainer adds).

Each werkvorm is a series of steps in ``data/werkvormen/<id>.yml``, and everything that
differs between werkvormen is a field there: which intent starts it, whether it can
run on a casus, which steps remind people not to name others, where choices come
from. A step whose question holds ``{waarde}`` or ``{punt}`` is asked once for every
item chosen in the first step. :class:`WerkvormRoute` puts a werkvorm on the step
engine (``bot.stappen``); this module also writes the summary card in the user's
own words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field, conlist

from bot import instellingen
from bot.content import DATA_DIR, Map, Strikt, laad, lees_yaml
from bot.stappen import Basisroute, Bericht, Commando, Oordeel, Stand, Vraag
from bot.taal import normaliseer
from bot.teksten import teksten

WERKVORM_DIR = DATA_DIR / "werkvormen"
PER_ITEM = re.compile(r"\{(waarde|punt)\}")

MAX_KEUZE_KNOPPEN = 10


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
    # Remind people not to name others (free-text steps where they are likely to).
    privacy: bool = False
    # Take the choices of this step from the orange and red statements of the zelftest.
    keuzes_uit_zelftest: bool = False
    # On a casus: show the casus's own "Maar wat als …?" questions with this step.
    varianten_van_casus: bool = False

    @property
    def per_item(self) -> bool:
        return bool(PER_ITEM.search(self.vraag))


class Samenvatting(Strikt):
    titel: str
    regels: conlist(str, min_items=1)  # type: ignore[valid-type]
    afsluiting: str


class OpCasus(Strikt):
    """The werkvorm can look at a casus: its situation fills the first step."""

    knop: str  # the button under a casus
    # The button under casussen that link no werkvorm that can run on a casus.
    standaard: bool = False


class Werkvorm(Strikt):
    id: str
    titel: str
    # The intent that starts this werkvorm besides start_werkvorm{"werkvorm": id}.
    start_intent: str | None = None
    intro: str
    privacy: str
    op_casus: OpCasus | None = None
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
        if self.start_intent and self.start_intent not in domein_intents():
            fouten.append((("start_intent",), f"intent '{self.start_intent}' staat niet in domain.yml"))
        if self.op_casus and (self.stappen[0].keuzes or self.stappen[0].keuzes_uit_zelftest):
            fouten.append((("op_casus",), "op een casus vult de situatie de eerste stap; die kan geen keuzes hebben"))
        for i, stap in enumerate(self.stappen):
            if stap.keuzes_uit_zelftest and i != 0:
                fouten.append((("stappen", i, "keuzes_uit_zelftest"), "kan alleen bij de eerste stap"))
        return fouten

    def stap(self, stap_id: str) -> Stap:
        return next(s for s in self.stappen if s.id == stap_id)

    def is_lijst(self, stap: Stap) -> bool:
        """Is the answer a list? Choices, several items, or the items that later
        steps are asked per (the values, the development points)."""
        eerste_met_items = stap.id == self.stappen[0].id and any(s.per_item for s in self.stappen)
        return bool(stap.keuzes) or stap.min_items > 1 or eerste_met_items

    def plan(self, antwoorden: Mapping[str, object]) -> list[Vraag]:
        """The questions to ask, in order. Steps per item are repeated for each item
        chosen in the first step, once that is answered."""
        items = antwoorden.get(self.stappen[0].id)
        lijst = items if isinstance(items, list) else []
        vragen: list[Vraag] = []
        groep: list[Stap] = []  # consecutive per-item steps: all of them for item 1, then item 2
        for stap in [*self.stappen, None]:
            if stap is not None and stap.per_item:
                groep.append(stap)
                continue
            vragen += [Vraag(sleutel(s.id, item), s, item) for item in lijst for s in groep]
            groep = []
            if stap is not None:
                vragen.append(Vraag(stap.id, stap))
        return vragen


@lru_cache(maxsize=1)
def domein_intents() -> frozenset[str]:
    """The intents of domain.yml (a werkvorm's start_intent must be one)."""
    domein = lees_yaml(instellingen.PROJECT_DIR / "domain.yml") or {}
    return frozenset(i if isinstance(i, str) else next(iter(i)) for i in domein.get("intents", []))


def laad_werkvorm(pad: Path) -> Werkvorm:
    return laad(Werkvorm, pad)


WERKVORMEN = Map(laad_werkvorm, WERKVORM_DIR, "Werkvorm")


def werkvormen() -> dict[str, Werkvorm]:
    """All valid werkvormen by id; changes are live, a broken file is skipped."""
    return WERKVORMEN.alles()


def werkvorm_bij_intent(intent: str | None) -> Werkvorm | None:
    return next((w for w in werkvormen().values() if intent and w.start_intent == intent), None)


def werkvormen_op_casus(gekoppeld: list[str]) -> list[Werkvorm]:
    """The werkvormen to offer under a casus: the linked ones that can run on a
    casus, else the standard ones."""
    alle = werkvormen()
    gevonden = [alle[w] for w in gekoppeld if w in alle and alle[w].op_casus]
    return gevonden or [w for w in alle.values() if w.op_casus and w.op_casus.standaard]


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


def beoordeel(
    stap: Stap, tekst: str, commando: Commando | None, al_gekozen: list[str], eerder_te_kort: bool, lijst: bool = False
) -> Oordeel:
    """Judge one answer to one step.

    Too-short answers are asked again once, with the hint; the second time they are
    accepted, so nobody gets stuck. A button for one of the choices adds that choice
    until the user says 'klaar'."""
    schoon = normaliseer(tekst)
    if commando == "weet_ik_niet":
        if stap.weet_ik_niet or eerder_te_kort:
            return Oordeel("goed", teksten().weet_ik_niet_antwoord)
        return _te_kort(stap)

    if lijst or stap.keuzes or stap.min_items > 1:
        keuze = next((k for k in stap.keuzes if normaliseer(k) == schoon), None)
        if keuze is not None:
            gekozen = [*al_gekozen, keuze] if keuze not in al_gekozen else al_gekozen
            if stap.max_items and len(gekozen) >= stap.max_items:
                return Oordeel("goed", gekozen[: stap.max_items])  # the last one allowed: done
            return Oordeel("keuze_erbij", gekozen)
        if commando == "klaar" and al_gekozen:
            if len(al_gekozen) >= stap.min_items or eerder_te_kort:
                return Oordeel("goed", al_gekozen)
            return _te_kort(stap)
        delen = [*al_gekozen, *(d for d in splits(tekst, stap.keuzes) if d not in al_gekozen)]
        if stap.max_items and len(delen) > stap.max_items:
            return Oordeel("anders", melding=Bericht("utter_werkvorm_te_veel", velden={"maximum": stap.max_items}))
        if len(delen) >= stap.min_items or (eerder_te_kort and delen):
            return Oordeel("goed", delen)
        return _te_kort(stap)

    if len(schoon.split()) >= stap.min_woorden or (eerder_te_kort and schoon):
        return Oordeel("goed", tekst.strip())
    return _te_kort(stap)


def _te_kort(stap: Stap) -> Oordeel:
    if stap.hint in stap.vraag:
        # The question, asked again right after this, already says it.
        return Oordeel("onduidelijk", melding=Bericht("utter_werkvorm_iets_meer"))
    return Oordeel("onduidelijk", melding=Bericht("utter_werkvorm_onduidelijk", velden={"hint": stap.hint}))


@dataclass(frozen=True)
class WerkvormRoute(Basisroute):
    """A werkvorm on the step engine. ``keuzes``: choices computed at the start (the
    zelftest's weak points); ``varianten``: the casus's "Maar wat als …?" questions."""

    werkvorm: Werkvorm
    keuzes: tuple[str, ...] = ()
    varianten: tuple[str, ...] = ()
    naam = "werkvorm"
    commandos = frozenset({"terug", "voorbeeld", "klaar", "weet_ik_niet"})  # as a whole message only

    def plan(self, antwoorden: Mapping[str, object]) -> list[Vraag]:
        return self.werkvorm.plan(antwoorden)

    def keuzes_bij(self, stap: Stap) -> list[str]:
        return list(self.keuzes) if stap.keuzes_uit_zelftest else stap.keuzes

    def vraag(self, vraag: Vraag, nummer: int, totaal: int, stand: Stand) -> list[Bericht]:
        stap: Stap = vraag.stap
        t = teksten()
        keuzes = self.keuzes_bij(stap)
        knoppen = [(k, k) for k in keuzes if k not in stand.gekozen][:MAX_KEUZE_KNOPPEN]
        if stand.gekozen:
            knoppen.insert(0, (t.knoppen.klaar, "klaar"))
        knoppen.append((t.knoppen.voorbeeld, "voorbeeld"))
        kop = t.koppen.werkvorm_stap.format(nummer=nummer, totaal=totaal, titel=stap.titel)
        tekst = f"{kop}\n{stap.uitleg}\n\n{vraagtekst(stap, vraag.item)}"
        if stap.varianten_van_casus and self.varianten:
            tekst += "\n" + "\n".join(f"• {v}" for v in self.varianten)
        if stand.gekozen:
            tekst += "\n" + t.koppen.gekozen.format(gekozen=", ".join(stand.gekozen))
        elif not keuzes and stap.privacy:
            tekst += f"\n{self.werkvorm.privacy}"
        return [Bericht(tekst=tekst, knoppen=tuple(knoppen))]

    def beoordeel(self, vraag: Vraag, tekst: str, commando: Commando | None, stand: Stand) -> Oordeel:
        stap: Stap = vraag.stap
        return beoordeel(
            stap.copy(update={"keuzes": self.keuzes_bij(stap)}),
            tekst,
            commando,
            list(stand.gekozen),
            stand.pogingen > 0,
            lijst=self.werkvorm.is_lijst(stap),
        )

    def voorbeeld(self, vraag: Vraag) -> str | None:
        return vraag.stap.voorbeeld

    def rapport(self, stand: Stand, afgerond: bool) -> tuple[str, dict[str, object]] | None:
        """The summary card in the user's own words (also when stopped halfway)."""
        werkvorm = self.werkvorm
        return "werkvorm", {
            "werkvorm": werkvorm.id,
            "titel": werkvorm.samenvatting.titel,
            "regels": samenvatting(werkvorm, stand.antwoorden),
            "afgerond": afgerond,
            "casus": stand.context.get("casus"),
        }

    def max_tekens(self, vraag: Vraag) -> int:
        return vraag.stap.max_tekens


def samenvatting(werkvorm: Werkvorm, antwoorden: Mapping[str, object]) -> list[str]:
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
