"""The case library: one YAML file per casus under ``data/casussen/``.

Trainers add or change files; the library notices on the next lookup (no retraining,
no restart). A broken file is reported with file, line and field and skipped; the
other casussen keep working.
"""

from __future__ import annotations

import importlib.util
import logging
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import conlist, constr

from bot import instellingen
from bot.checklists import CHECKLISTS, checklists
from bot.content import DATA_DIR, Bron, ContentFout, Map, Regel, Strikt, laad
from bot.stappen import LETTERS, Basisroute, Bericht, Commando, Oordeel, Stand, Vraag, kies_optie
from bot.taal import normaliseer
from bot.werkvormen import WERKVORMEN, werkvormen

# KOMPAS_CASUS_DIR lets a test (or a trainer trying things out) point at another folder.
CASUS_DIR = instellingen.casus_map()
logger = logging.getLogger(__name__)

THEMAS_BESTAND = DATA_DIR / "themas.yml"


class Themas(Strikt):
    """The themes, roles and bestuurslagen of the library (``data/themas.yml``): the
    values of the entities thema and rol (DESIGN §3)."""

    themas: dict[str, str]  # id -> the label on a button
    bestuurslagen: conlist(str, min_items=1)  # type: ignore[valid-type]
    rollen: dict[str, str | None]  # rol -> its bestuurslaag (None: fits every laag)

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        return [
            (("rollen", rol), f"'{laag}' staat niet bij bestuurslagen")
            for rol, laag in self.rollen.items()
            if laag is not None and laag not in self.bestuurslagen
        ]


def laad_themas(pad: Path = THEMAS_BESTAND) -> Themas:
    return laad(Themas, pad)


THEMAS_BRON = Bron(laad_themas, THEMAS_BESTAND)


def themas() -> Themas:
    return THEMAS_BRON.get()


Id = constr(regex=r"^[a-z0-9]+([-_][a-z0-9]+)*$", min_length=2, max_length=80)


class Optie(Strikt):
    tekst: str
    naar: str


class Scene(Strikt):
    id: Id  # type: ignore[valid-type]
    tekst: str
    vraag: str
    opties: conlist(Optie, min_items=2, max_items=3)  # type: ignore[valid-type]


class Afloop(Strikt):
    id: Id  # type: ignore[valid-type]
    titel: str
    tekst: str


class Verhaal(Strikt):
    start: str
    scenes: conlist(Scene, min_items=1)  # type: ignore[valid-type]
    aflopen: conlist(Afloop, min_items=1)  # type: ignore[valid-type]

    def scene(self, scene_id: str) -> Scene | None:
        return next((s for s in self.scenes if s.id == scene_id), None)

    def afloop(self, afloop_id: str) -> Afloop | None:
        return next((a for a in self.aflopen if a.id == afloop_id), None)


class Variant(Strikt):
    vraag: str
    toelichting: str


class Links(Strikt):
    # Ids of files in data/werkvormen and data/checklists (checked when loading).
    werkvormen: list[str] = []
    checklists: list[str] = []


class Casus(Strikt):
    id: Id  # type: ignore[valid-type]
    # A draft (e.g. fresh from the scaffold) is validated but never shown to users.
    concept: bool = False
    titel: str
    themas: conlist(str, min_items=1)  # type: ignore[valid-type]
    rollen: conlist(str, min_items=1)  # type: ignore[valid-type]
    bestuurslagen: conlist(str, min_items=1)  # type: ignore[valid-type]
    trefwoorden: list[str] = []
    situatie: constr(min_length=20)  # type: ignore[valid-type]
    vragen: conlist(str, min_items=1)  # type: ignore[valid-type]
    toelichting: constr(min_length=20)  # type: ignore[valid-type]
    regels: conlist(Regel, min_items=1)  # type: ignore[valid-type]
    links: Links = Links()
    verhaal: Verhaal | None = None
    varianten: list[Variant] = []

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        """Placeholders left in a finished casus, and the story graph: targets exist,
        every scène is reachable and can end."""
        fouten: list[tuple[tuple, str]] = []
        if not self.concept:
            fouten += [(pad, "nog niet ingevuld (er staat nog <…>)") for pad in _plaatshouders(self.dict())]
        lijst = themas()
        for veld, bekend_bij in (
            ("themas", lijst.themas),
            ("rollen", lijst.rollen),
            ("bestuurslagen", lijst.bestuurslagen),
        ):
            for i, waarde in enumerate(getattr(self, veld)):
                if waarde not in bekend_bij:
                    fouten.append(((veld, i), f"onbekende waarde '{waarde}'; kies uit: {', '.join(bekend_bij)}"))
        for soort, bekend in (("werkvormen", werkvormen()), ("checklists", checklists())):
            for i, gekoppeld in enumerate(getattr(self.links, soort)):
                if gekoppeld not in bekend:
                    keuze = ", ".join(sorted(bekend))
                    fouten.append((("links", soort, i), f"'{gekoppeld}' staat niet in data/{soort}; kies uit: {keuze}"))
        if self.verhaal is None:
            return fouten
        v = self.verhaal
        scenes = {s.id: i for i, s in enumerate(v.scenes)}
        aflopen = {a.id: i for i, a in enumerate(v.aflopen)}
        for lijst, naam in ((v.scenes, "scenes"), (v.aflopen, "aflopen")):
            gezien: set[str] = set()
            for i, item in enumerate(lijst):
                if item.id in gezien:
                    fouten.append((("verhaal", naam, i, "id"), f"id '{item.id}' komt twee keer voor"))
                gezien.add(item.id)
        for dubbel in sorted(scenes.keys() & aflopen.keys()):
            fouten.append((("verhaal", "aflopen", aflopen[dubbel], "id"), f"'{dubbel}' is al de id van een scène"))
        if v.start not in scenes:
            fouten.append((("verhaal", "start"), f"scène '{v.start}' bestaat niet"))
        for i, scene in enumerate(v.scenes):
            for j, optie in enumerate(scene.opties):
                if optie.naar not in scenes and optie.naar not in aflopen:
                    pad = ("verhaal", "scenes", i, "opties", j, "naar")
                    fouten.append((pad, f"'{optie.naar}' is geen scène of afloop van deze casus"))
        if v.start in scenes:
            bereikbaar = _bereikbaar(v, v.start)
            for scene_id, i in scenes.items():
                if scene_id not in bereikbaar:
                    fouten.append(
                        (("verhaal", "scenes", i, "id"), f"scène '{scene_id}' is vanaf de start niet te bereiken")
                    )
            for afloop_id, i in aflopen.items():
                if afloop_id not in bereikbaar:
                    fouten.append(
                        (("verhaal", "aflopen", i, "id"), f"afloop '{afloop_id}' is vanaf de start niet te bereiken")
                    )
        for scene_id, i in scenes.items():
            if not (_bereikbaar(v, scene_id) & aflopen.keys()):
                fouten.append((("verhaal", "scenes", i, "id"), f"vanuit scène '{scene_id}' is geen afloop te bereiken"))
        return fouten

    def past_bij(self, rol: str | None) -> bool:
        if not rol:
            return True
        laag = themas().rollen.get(rol)
        return rol in self.rollen or "algemeen" in self.rollen or (laag is not None and laag in self.bestuurslagen)

    def zoektekst(self) -> str:
        return normaliseer(" ".join([self.titel, *self.trefwoorden, *self.themas, self.situatie]))


def _plaatshouders(waarde: object, pad: tuple = ()) -> list[tuple]:
    """Paths of strings that still hold a template placeholder like '<korte titel>'."""
    if isinstance(waarde, str):
        return [pad] if re.search(r"<[^<>]{2,}>", waarde) else []
    if isinstance(waarde, dict):
        return [p for k, v in waarde.items() for p in _plaatshouders(v, (*pad, k))]
    if isinstance(waarde, list):
        return [p for i, v in enumerate(waarde) for p in _plaatshouders(v, (*pad, i))]
    return []


def zoekwoorden(tekst: str) -> list[str]:
    """The words of a request worth searching for: no Dutch stop words, no short words."""
    stop = nederlandse_stopwoorden()
    return [w for w in normaliseer(tekst).split() if len(w) > 3 and w not in stop and w not in _GEEN_TREFWOORD]


@lru_cache(maxsize=1)
def nederlandse_stopwoorden() -> frozenset[str]:
    """spaCy's Dutch stop words, read from its data module without importing spaCy
    itself (that would pull TensorFlow into the action server: seconds and ~0.5 GB)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    pad = Path(next(iter(spec.submodule_search_locations))) / "lang" / "nl" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_kompas_nl_stopwoorden", pad)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


# Words that ask for a casus rather than describe one.
_GEEN_TREFWOORD = {
    "casus",
    "casussen",
    "voorbeeld",
    "voorbeelden",
    "praktijkvoorbeeld",
    "situatie",
    "dilemma",
    "graag",
    "over",
    "hebben",
    "bespreken",
    "bekijken",
    "lezen",
    "oefenen",
    "krijgen",
    "geven",
    "willen",
    "eentje",
    "nieuwe",
    "andere",
    "willekeurige",
    "random",
    "kompas",
    "alsjeblieft",
    "geef",
    "geeft",
    "laat",
    "toon",
    "stuur",
    "zien",
    "horen",
    "weten",
}


def _bereikbaar(verhaal: Verhaal, start: str) -> set[str]:
    """Ids of scènes and aflopen reachable from ``start`` (including it)."""
    gezien, te_bezoeken = set(), [start]
    while te_bezoeken:
        huidig = te_bezoeken.pop()
        if huidig in gezien:
            continue
        gezien.add(huidig)
        scene = verhaal.scene(huidig)
        if scene:
            te_bezoeken.extend(o.naar for o in scene.opties)
    return gezien


def laad_casus(pad: Path) -> Casus:
    """Read and validate one casus file; ContentError names file, line and field."""
    return laad(Casus, pad)


class Bibliotheek:
    """All valid casussen of a folder, by the one reload rule of ``bot.content``:
    live on the next lookup, a broken file reported and its last good version kept.
    A change in the werkvormen or checklists re-checks the links."""

    def __init__(self, map_: Path = CASUS_DIR) -> None:
        self.map = map_
        self._map = Map(laad_casus, map_, "Casus", hangt_af_van=(WERKVORMEN, CHECKLISTS, THEMAS_BRON))

    @property
    def casussen(self) -> dict[str, Casus]:
        return self._map.alles()

    @property
    def fouten(self) -> list[ContentFout]:
        self._map.alles()
        return self._map.fouten

    def ververs(self) -> None:
        self._map.alles()

    def alle(self) -> list[Casus]:
        return list(self.casussen.values())

    def get(self, casus_id: str | None) -> Casus | None:
        return self.casussen.get(casus_id or "")

    def themas(self) -> list[str]:
        """The themes that have at least one casus, in contract order."""
        aanwezig = {t for c in self.alle() if not c.concept for t in c.themas}
        return [t for t in themas().themas if t in aanwezig]

    def zoek(
        self,
        thema: str | None = None,
        rol: str | None = None,
        trefwoord: str | None = None,
        uitsluiten: Iterable[str] = (),
    ) -> list[Casus]:
        """Casussen matching every given criterion, minus the excluded ids."""
        uitgesloten = set(uitsluiten)
        gevonden = [
            c
            for c in self.alle()
            if not c.concept and c.id not in uitgesloten and (not thema or thema in c.themas) and c.past_bij(rol)
        ]
        if trefwoord:
            woorden = zoekwoorden(trefwoord)
            score = {c.id: sum(1 for w in woorden if re.search(rf"\b{re.escape(w)}", c.zoektekst())) for c in gevonden}
            gevonden = sorted((c for c in gevonden if score[c.id]), key=lambda c: -score[c.id])
        return gevonden

    def kies(
        self,
        thema: str | None = None,
        rol: str | None = None,
        trefwoord: str | None = None,
        uitsluiten: Iterable[str] = (),
        rng: random.Random | None = None,
    ) -> Casus | None:
        """One casus at random; asked by theme, one whose first theme it is, as long as
        there is one left (a casus about lobby that mentions geschenken in passing is
        not "a casus about geschenken")."""
        kandidaten = self.zoek(thema=thema, rol=rol, trefwoord=trefwoord, uitsluiten=uitsluiten)
        if thema:
            kandidaten = [c for c in kandidaten if c.themas[0] == thema] or kandidaten
        return (rng or random).choice(kandidaten) if kandidaten else None


_bibliotheek = Bibliotheek()


def bibliotheek() -> Bibliotheek:
    """The process-wide library of ``data/casussen``."""
    return _bibliotheek


# --- the story on the step engine --------------------------------------------------------

MAX_SCENES = 50  # a story may loop back; a path never gets longer than this


@dataclass(frozen=True)
class VerhaalRoute(Basisroute):
    """A casus's story: the path follows the user's choices, so the plan is the
    scènes chosen so far; it ends where a choice leads to an afloop. An answer is
    the index of the option, kept under '<step>:<scène id>'."""

    casus: Casus
    naam = "verhaal"

    def plan(self, antwoorden: Mapping[str, Any]) -> list[Vraag]:
        verhaal = self.casus.verhaal
        vragen: list[Vraag] = []
        scene = verhaal.scene(verhaal.start) if verhaal else None
        while scene is not None and len(vragen) < MAX_SCENES:
            vraag = Vraag(f"{len(vragen)}:{scene.id}", scene)
            vragen.append(vraag)
            keuze = antwoorden.get(vraag.sleutel)
            if not isinstance(keuze, int) or not 0 <= keuze < len(scene.opties):
                break
            scene = verhaal.scene(scene.opties[keuze].naar)
        return vragen

    def afloop(self, stand: Stand) -> Afloop | None:
        """Where the chosen path ends, once the last scène is answered."""
        plan = self.plan(stand.antwoorden)
        if not plan or self.casus.verhaal is None:
            return None
        laatste = plan[-1]
        keuze = stand.antwoorden.get(laatste.sleutel)
        if not isinstance(keuze, int) or not 0 <= keuze < len(laatste.stap.opties):
            return None
        return self.casus.verhaal.afloop(laatste.stap.opties[keuze].naar)

    def vraag(self, vraag: Vraag, nummer: int, totaal: int, stand: Stand) -> list[Bericht]:
        scene: Scene = vraag.stap
        opties = "\n".join(f"{LETTERS[i]}. {o.tekst}" for i, o in enumerate(scene.opties))
        knoppen = tuple((LETTERS[i], LETTERS[i]) for i in range(len(scene.opties)))
        return [Bericht(tekst=scene.tekst), Bericht(tekst=f"{scene.vraag}\n{opties}", knoppen=knoppen)]

    def beoordeel(self, vraag: Vraag, tekst: str, commando: Commando | None, stand: Stand) -> Oordeel:
        scene: Scene = vraag.stap
        keuze = kies_optie(tekst, [o.tekst for o in scene.opties])
        return Oordeel("onduidelijk") if keuze is None else Oordeel("goed", keuze)
