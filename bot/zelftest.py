"""The zelftest integer handelen: content, reading answers, scoring and the reading.

Everything Dutch (statements, scale words, advice, thresholds) comes from
``data/zelftest.yml``; this module only applies it. :class:`ZelftestRoute` puts the
twelve statements on the step engine (``bot.stappen``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any, Literal

from pydantic import conlist, validator

from bot.content import DATA_DIR, Bron, Strikt, laad
from bot.stappen import (
    Basisroute,
    Bericht,
    Commando,
    Oordeel,
    Stand,
    Vraag,
    herken_commando,
    langste_frase,
    zonder_html,
)
from bot.taal import normaliseer

Kleur = Literal["groen", "oranje", "rood"]
ZELFTEST_BESTAND = DATA_DIR / "zelftest.yml"


class Schaalpunt(Strikt):
    waarde: int
    label: str
    herken: list[str] = []


class Drempel(Strikt):
    groen: float
    oranje: float

    def kleur(self, score: float) -> Kleur:
        if score >= self.groen:
            return "groen"
        if score >= self.oranje:
            return "oranje"
        return "rood"


class Drempels(Strikt):
    stelling: Drempel
    blok: Drempel
    duidelijk_slechter: float = 1.0


class Stelling(Strikt):
    tekst: str
    advies: str
    werkvormen: list[str] = []


class Blok(Strikt):
    id: str
    naam: str
    rij: Literal["individueel", "collectief"]
    kolom: Literal["bewustzijn", "handelen"]
    uitleg: str
    afsluiting: str
    stellingen: conlist(Stelling, min_items=1)  # type: ignore[valid-type]


class Lezingen(Strikt):
    een_blok: str
    bewustzijn: str
    handelen: str
    gemengd: str
    tevreden: str


class WerkvormSuggestie(Strikt):
    """A werkvorm the report suggests, with the button that starts it."""

    titel: str
    beschikbaar: bool
    payload: str


class ZelftestContent(Strikt):
    intro: str
    schaal: conlist(Schaalpunt, min_items=2)  # type: ignore[valid-type]
    drempels: Drempels
    uitleg_schaal: str
    waarom: str
    blokken: conlist(Blok, min_items=4, max_items=4)  # type: ignore[valid-type]
    lezingen: Lezingen
    werkvormen: dict[str, WerkvormSuggestie]
    werkvormen_bij_tevreden: list[str] = []

    @validator("schaal")
    def _schaal_oplopend(cls, schaal: list[Schaalpunt]) -> list[Schaalpunt]:
        waarden = [p.waarde for p in schaal]
        if waarden != sorted(set(waarden)):
            raise ValueError("waarden moeten uniek en oplopend zijn")
        return schaal

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        """References between fields: werkvormen must exist, the 2x2 must be complete."""
        fouten: list[tuple[tuple, str]] = []
        for b, blok in enumerate(self.blokken):
            for s, stelling in enumerate(blok.stellingen):
                for w, naam in enumerate(stelling.werkvormen):
                    if naam not in self.werkvormen:
                        pad = ("blokken", b, "stellingen", s, "werkvormen", w)
                        fouten.append((pad, f"onbekende werkvorm '{naam}'"))
        for w, naam in enumerate(self.werkvormen_bij_tevreden):
            if naam not in self.werkvormen:
                fouten.append((("werkvormen_bij_tevreden", w), f"onbekende werkvorm '{naam}'"))
        vakken = {(b.rij, b.kolom) for b in self.blokken}
        if len(vakken) != 4:
            fouten.append((("blokken",), "elke combinatie van rij en kolom moet precies één keer voorkomen"))
        ids = [b.id for b in self.blokken]
        if len(set(ids)) != len(ids):
            fouten.append((("blokken",), "blok-id's moeten uniek zijn"))
        return fouten

    # --- convenience -----------------------------------------------------------------

    @property
    def stellingen(self) -> list[tuple[Blok, Stelling]]:
        """All statements in test order, each with its block."""
        return [(blok, s) for blok in self.blokken for s in blok.stellingen]

    @property
    def aantal(self) -> int:
        return sum(len(b.stellingen) for b in self.blokken)


def laad_zelftest(pad: Path = ZELFTEST_BESTAND) -> ZelftestContent:
    return laad(ZelftestContent, pad)


_ZELFTEST = Bron(laad_zelftest, ZELFTEST_BESTAND)


def zelftest() -> ZelftestContent:
    """The zelftest content, live: a trainer's change counts from the next message."""
    return _ZELFTEST.get()


# --- reading an answer ---------------------------------------------------------------

Soort = Literal["score", "terug", "overslaan", "opnieuw", "onduidelijk"]


@dataclass(frozen=True)
class Interpretatie:
    soort: Soort
    score: int | None = None


def interpreteer(tekst: str | None, content: ZelftestContent | None = None) -> Interpretatie:
    """Turn a free-text or button answer into a score or a command.

    Commands win over scale words ('terug' is never an answer). A lone digit on the
    scale wins over words ('4 denk ik'). Otherwise the longest matching scale phrase
    wins, so 'klopt helemaal niet' is 1, not 'klopt' (4).
    """
    content = content or zelftest()
    schoon = normaliseer(zonder_html(tekst or ""))
    if not schoon:
        return Interpretatie("onduidelijk")
    commando = herken_commando(schoon, ZelftestRoute(content))
    if commando:
        return Interpretatie(commando)  # type: ignore[arg-type]
    return _score(schoon, content)


def _score(schoon: str, content: ZelftestContent) -> Interpretatie:
    geldig = {p.waarde for p in content.schaal}
    cijfers = {int(c) for c in re.findall(r"(?<!\d)\d+(?!\d)", schoon)}
    if cijfers:
        if len(cijfers) == 1 and (cijfer := cijfers.pop()) in geldig:
            return Interpretatie("score", cijfer)
        return Interpretatie("onduidelijk")

    woorden = {str(p.waarde): [p.label, *p.herken] for p in content.schaal}
    waarde = langste_frase(schoon, woorden)
    return Interpretatie("score", int(waarde)) if waarde else Interpretatie("onduidelijk")


# --- the zelftest on the step engine -----------------------------------------------------


class ZelftestRoute(Basisroute):
    """The twelve statements, one after another; 'overslaan' leaves one empty and
    'opnieuw' starts over. An answer is kept under the statement's index."""

    naam = "zelftest"
    commandos: frozenset[Commando] = frozenset({"terug", "overslaan", "opnieuw"})
    commando_in_zin = True  # answers are scale words, so 'ga maar terug' is a command
    terug_houdt_antwoord = True  # going back shows the question again; the answer stays until changed

    def __init__(self, content: ZelftestContent | None = None) -> None:
        self.content = content or zelftest()

    def plan(self, antwoorden: Mapping[str, Any]) -> list[Vraag]:
        return [Vraag(str(i), paar) for i, paar in enumerate(self.content.stellingen)]

    def vraag(self, vraag: Vraag, nummer: int, totaal: int, stand: Stand) -> list[Bericht]:
        blok, stelling = vraag.stap
        knoppen = tuple((f"{p.waarde} · {p.label}", str(p.waarde)) for p in self.content.schaal)
        velden = {"nummer": nummer, "totaal": totaal, "blok": blok.naam, "stelling": stelling.tekst}
        return [Bericht(response="utter_zelftest_vraag", knoppen=knoppen, velden=velden)]

    def beoordeel(self, vraag: Vraag, tekst: str, commando: Commando | None, stand: Stand) -> Oordeel:
        uitleg = _score(normaliseer(zonder_html(tekst)), self.content)
        if uitleg.soort == "score":
            return Oordeel("goed", uitleg.score)
        melding = Bericht(response="utter_zelftest_onduidelijk", velden={"uitleg_schaal": self.content.uitleg_schaal})
        return Oordeel("onduidelijk", melding=melding)

    def voortgang(self, stand: Stand) -> dict[str, Any]:
        antwoorden = antwoorden_van(stand, self.content)
        return {"aantal": sum(1 for a in antwoorden if a is not None), "totaal": self.content.aantal}


def antwoorden_van(stand: object, content: ZelftestContent | None = None) -> list[int | None]:
    """One answer per statement (None: not answered or skipped) from the zelftest_stand slot."""
    content = content or zelftest()
    antwoorden = Stand.van(stand).antwoorden
    uit: list[int | None] = []
    for i in range(content.aantal):
        waarde = antwoorden.get(str(i))
        uit.append(waarde if isinstance(waarde, int) else None)
    return uit


def aandachtspunten(stand: object) -> list[str]:
    """The orange and red statements of a zelftest in progress or done (for the actieplan)."""
    content = zelftest()
    antwoorden = antwoorden_van(stand, content)
    if all(a is None for a in antwoorden):
        return []
    uitslag = bereken_uitslag(antwoorden, content)
    return [s.tekst for b in uitslag.blokken for s in b.aandachtspunten]


# --- scoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StellingUitslag:
    nummer: int  # 1-based, in test order
    tekst: str
    advies: str
    werkvormen: tuple[str, ...]
    score: int | None
    kleur: Kleur | None  # None when skipped


@dataclass(frozen=True)
class BlokUitslag:
    id: str
    naam: str
    rij: str
    kolom: str
    afsluiting: str
    gemiddelde: float | None
    kleur: Kleur | None  # None when no statement of the block was answered
    stellingen: tuple[StellingUitslag, ...]

    @property
    def aandachtspunten(self) -> tuple[StellingUitslag, ...]:
        """Orange and red statements: the ones whose advice the report shows."""
        return tuple(s for s in self.stellingen if s.kleur in ("oranje", "rood"))

    @property
    def zwak(self) -> bool:
        return self.kleur in ("oranje", "rood")


@dataclass(frozen=True)
class Uitslag:
    blokken: tuple[BlokUitslag, ...]
    lezing: str  # key into content.lezingen
    lezing_tekst: str
    werkvormen: tuple[str, ...]  # suggested werkvormen, in order, unique

    @property
    def beantwoord(self) -> int:
        return sum(1 for b in self.blokken for s in b.stellingen if s.score is not None)

    def blok(self, blok_id: str) -> BlokUitslag:
        return next(b for b in self.blokken if b.id == blok_id)


def bereken_uitslag(antwoorden: list[int | None], content: ZelftestContent | None = None) -> Uitslag:
    """Colours per statement and block, the 'Ontwikkel je integriteit' reading and
    the werkvormen to suggest. ``antwoorden`` has one entry per statement (None = skipped)."""
    content = content or zelftest()
    if len(antwoorden) != content.aantal:
        raise ValueError(f"verwacht {content.aantal} antwoorden, kreeg {len(antwoorden)}")
    blokken: list[BlokUitslag] = []
    nummer = 0
    for blok in content.blokken:
        uitslagen = []
        for stelling in blok.stellingen:
            score = antwoorden[nummer]
            nummer += 1
            uitslagen.append(
                StellingUitslag(
                    nummer=nummer,
                    tekst=stelling.tekst,
                    advies=stelling.advies,
                    werkvormen=tuple(stelling.werkvormen),
                    score=score,
                    kleur=content.drempels.stelling.kleur(score) if score is not None else None,
                )
            )
        scores = [s.score for s in uitslagen if s.score is not None]
        gemiddelde = round(mean(scores), 2) if scores else None
        blokken.append(
            BlokUitslag(
                id=blok.id,
                naam=blok.naam,
                rij=blok.rij,
                kolom=blok.kolom,
                afsluiting=blok.afsluiting,
                gemiddelde=gemiddelde,
                kleur=content.drempels.blok.kleur(gemiddelde) if gemiddelde is not None else None,
                stellingen=tuple(uitslagen),
            )
        )
    lezing, tekst = _lezing(blokken, content)
    return Uitslag(tuple(blokken), lezing, tekst, _werkvormen(blokken, content))


def _lezing(blokken: list[BlokUitslag], content: ZelftestContent) -> tuple[str, str]:
    """Pick the reading of 'Ontwikkel je integriteit' that fits the result."""
    zwak = [b for b in blokken if b.zwak]
    if not zwak:
        return "tevreden", content.lezingen.tevreden

    uitschieter = _duidelijk_slechtste(blokken, content.drempels.duidelijk_slechter)
    if len(zwak) == 1 or (uitschieter is not None and uitschieter.zwak):
        blok = zwak[0] if len(zwak) == 1 else uitschieter
        return "een_blok", content.lezingen.een_blok.format(blok=blok.naam)

    per_kant = {"bewustzijn": 0, "handelen": 0}
    for b in blokken:
        per_kant[b.kolom] += len(b.aandachtspunten)
    if per_kant["bewustzijn"] > per_kant["handelen"]:
        return "bewustzijn", content.lezingen.bewustzijn
    if per_kant["handelen"] > per_kant["bewustzijn"]:
        return "handelen", content.lezingen.handelen
    return "gemengd", content.lezingen.gemengd


def _duidelijk_slechtste(blokken: list[BlokUitslag], marge: float) -> BlokUitslag | None:
    """The block whose mean is at least ``marge`` below every other block, if any."""
    gescoord = sorted((b for b in blokken if b.gemiddelde is not None), key=lambda b: b.gemiddelde)
    if len(gescoord) < 2:
        return None
    slechtste, volgende = gescoord[0], gescoord[1]
    if volgende.gemiddelde - slechtste.gemiddelde >= marge:
        return slechtste
    return None


def _werkvormen(blokken: list[BlokUitslag], content: ZelftestContent) -> tuple[str, ...]:
    gekozen: list[str] = []
    for b in blokken:
        for s in b.aandachtspunten:
            for w in s.werkvormen:
                if w not in gekozen:
                    gekozen.append(w)
    if not gekozen:
        gekozen = list(content.werkvormen_bij_tevreden)
    return tuple(gekozen)
