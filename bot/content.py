"""Loading and validating the content files under ``data/``.

Trainers edit these YAML files by hand, so every error names the file, the line and
the field, in Dutch: ``data/zelftest.yml:42: blokken.1.stellingen.0.tekst: ontbreekt``.
The YAML is read with ruamel (which remembers line numbers) and checked with
pydantic models; the two are joined by :func:`regel_van`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError, constr
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from bot import instellingen

# KOMPAS_INHOUD_DIR may point at a copy (bot/instellingen.py).
DATA_DIR = instellingen.inhoud_map()

Model = TypeVar("Model", bound=BaseModel)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContentFout:
    """One problem in a content file, precise enough for a trainer to fix it."""

    bestand: str
    regel: int
    veld: str
    melding: str

    def __str__(self) -> str:
        return f"{self.bestand}:{self.regel}: {self.veld}: {self.melding}"


class ContentError(Exception):
    """A content file could not be used; ``fouten`` lists every problem found."""

    def __init__(self, fouten: list[ContentFout]) -> None:
        self.fouten = fouten
        super().__init__("\n".join(str(f) for f in fouten))


# pydantic's messages are English; trainers read Dutch.
_MELDINGEN = {
    "value_error.missing": "ontbreekt",
    "value_error.extra": "onbekend veld (tikfout?)",
    "type_error.integer": "moet een heel getal zijn",
    "type_error.float": "moet een getal zijn",
    "type_error.str": "moet tekst zijn",
    "type_error.list": "moet een lijst zijn",
    "type_error.dict": "moet een blok met velden zijn",
    "type_error.bool": "moet true of false zijn",
    "type_error.none.not_allowed": "mag niet leeg zijn",
    "value_error.any_str.min_length": "is te kort of leeg",
    "value_error.list.min_items": "heeft te weinig items",
    "value_error.list.max_items": "heeft te veel items",
}


def _melding(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    if error["type"] == "value_error.const" and "permitted" in ctx:
        toegestaan = ", ".join(str(p) for p in ctx["permitted"])
        return f"onbekende waarde '{ctx.get('given')}'; kies uit: {toegestaan}"
    if error["type"] == "value_error.str.regex":
        return "gebruik alleen kleine letters, cijfers, - en _ (bijvoorbeeld 'geschenken-kerstpakket')"
    return _MELDINGEN.get(error["type"], error["msg"])


def lees_yaml(pad: Path) -> Any:
    """Read a YAML file keeping line numbers; raise ContentError on bad syntax."""
    yaml = YAML(typ="rt")
    try:
        with pad.open(encoding="utf-8") as f:
            return yaml.load(f)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        regel = mark.line + 1 if mark else 1
        probleem = exc.problem or "ongeldige YAML"
        raise ContentError([ContentFout(bestandsnaam(pad), regel, "(yaml)", probleem)]) from exc
    except UnicodeDecodeError as exc:
        raise ContentError([ContentFout(bestandsnaam(pad), 1, "(bestand)", "is geen UTF-8-tekst")]) from exc


def regel_van(data: Any, pad: Iterable[Any]) -> int:
    """The 1-based line of the deepest node of ``pad`` that exists in ``data``."""
    regel = 1
    node = data
    for stap in pad:
        if isinstance(node, CommentedMap) and stap in node:
            regel = node.lc.key(stap)[0] + 1
            node = node[stap]
        elif isinstance(node, CommentedSeq) and isinstance(stap, int) and stap < len(node):
            regel = node.lc.item(stap)[0] + 1
            node = node[stap]
        else:
            break
    else:
        return regel
    # A missing field: point at the mapping that should have held it.
    if isinstance(node, (CommentedMap, CommentedSeq)) and node.lc.line is not None:
        return max(regel, node.lc.line + 1)
    return regel


def valideer(model: type[Model], data: Any, bestand: str) -> Model:
    """Check ``data`` against ``model``; raise ContentError naming file, line and field."""
    try:
        return model.parse_obj(data if data is not None else {})
    except ValidationError as exc:
        fouten = [
            ContentFout(
                bestand,
                regel_van(data, err["loc"]),
                ".".join(str(p) for p in err["loc"] if p != "__root__") or "(bestand)",
                _melding(err),
            )
            for err in exc.errors()
        ]
        raise ContentError(fouten) from exc


def laad(model: type[Model], pad: Path) -> Model:
    """Read and validate one content file, including the model's cross-checks.

    A model may define ``kruiscontroles()`` returning ``(path, melding)`` pairs for
    problems one field alone cannot show (a reference to an id that does not exist).
    """
    data = lees_yaml(pad)
    bestand = bestandsnaam(pad)
    inhoud = valideer(model, data, bestand)
    controles = getattr(inhoud, "kruiscontroles", None)
    if controles:
        fouten = [
            ContentFout(bestand, regel_van(data, pad_), ".".join(map(str, pad_)), melding)
            for pad_, melding in controles()
        ]
        if fouten:
            raise ContentError(fouten)
    return inhoud


def bestandsnaam(pad: Path) -> str:
    """Show paths relative to the project, the way a trainer sees them."""
    try:
        return str(pad.resolve().relative_to(instellingen.PROJECT_DIR))
    except ValueError:
        return str(pad)


class Strikt(BaseModel):
    """Base for content models: unknown fields are typos, so they are errors."""

    class Config:
        extra = "forbid"
        anystr_strip_whitespace = True


class Regel(Strikt):
    """A rule behind a toelichting or advice, always with its source."""

    tekst: str
    bron: constr(min_length=3)  # type: ignore[valid-type]


# --- the one reload rule -----------------------------------------------------------------
#
# Every content file is read through a Bron (one file) or a Map (a folder of files with
# an ``id`` each). Both look at the file's time and size on every use (a few
# microseconds), parse a file once per change, and when a change breaks a file they
# log its problems and keep serving the last good version. So a trainer's fix is live
# on the next message, and a typo never takes content away from users.


def _versie(pad: Path) -> tuple[int, int] | None:
    try:
        stat = pad.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class Bron(Generic[Model]):
    """One content file, parsed once per change; ``hangt_af_van`` names the sources
    its cross-checks read (a checklist names people from data/hulp.yml), so a change
    there re-checks this file too."""

    def __init__(
        self, laad_bestand: Callable[[Path], Model], pad: Path, hangt_af_van: Iterable[Bron | Map] = ()
    ) -> None:
        self.laad_bestand = laad_bestand
        self.pad = pad
        self.hangt_af_van = tuple(hangt_af_van)
        self.fouten: list[ContentFout] = []
        self._versie: tuple | None = None
        self._waarde: Model | None = None
        self._lock = threading.Lock()

    def versie(self) -> tuple:
        return (_versie(self.pad), *(bron.versie() for bron in self.hangt_af_van))

    def get(self) -> Model:
        versie = self.versie()
        if versie != self._versie:
            with self._lock:
                if versie != self._versie:
                    self._lees(versie)
        if self._waarde is None:
            raise ContentError(self.fouten or [ContentFout(bestandsnaam(self.pad), 1, "(bestand)", "ontbreekt")])
        return self._waarde

    def _lees(self, versie: tuple) -> None:
        try:
            self._waarde, self.fouten = self.laad_bestand(self.pad), []
        except ContentError as exc:
            self.fouten = exc.fouten
            for fout in exc.fouten:  # the last good version keeps serving
                logger.warning("Inhoud niet vernieuwd: %s", fout)
        except OSError:
            self.fouten = [ContentFout(bestandsnaam(self.pad), 1, "(bestand)", "niet te lezen")]
        self._versie = versie


class Map(Generic[Model]):
    """Every file of a folder by its ``id``. Each file is parsed once per change; a
    broken file is reported and its last good version keeps serving; two files with
    the same id: the second is reported and skipped."""

    def __init__(
        self, laad_bestand: Callable[[Path], Model], map_: Path, soort: str, hangt_af_van: Iterable[Bron | Map] = ()
    ) -> None:
        self.laad_bestand = laad_bestand
        self.map = map_
        self.soort = soort
        self.hangt_af_van = tuple(hangt_af_van)
        self.fouten: list[ContentFout] = []
        self._bestanden: dict[Path, tuple[tuple, Model | None, list[ContentFout]]] = {}
        self._versie: tuple | None = None
        self._alles: dict[str, Model] = {}
        self._lock = threading.Lock()

    def versie(self) -> tuple:
        paden = sorted(self.map.glob("*.yml")) if self.map.is_dir() else []
        return (tuple((p.name, _versie(p)) for p in paden), *(bron.versie() for bron in self.hangt_af_van))

    def alles(self) -> dict[str, Model]:
        versie = self.versie()
        if versie != self._versie:
            with self._lock:
                if versie != self._versie:
                    self._lees(versie)
        return self._alles

    def _lees(self, versie: tuple) -> None:
        afhankelijk = versie[1:]
        bestanden: dict[Path, tuple[tuple, Model | None, list[ContentFout]]] = {}
        for naam, bestandsversie in versie[0]:
            pad = self.map / naam
            sleutel = (bestandsversie, afhankelijk)
            oud = self._bestanden.get(pad)
            if oud is not None and oud[0] == sleutel:
                bestanden[pad] = oud
                continue
            laatst_goed = oud[1] if oud else None
            try:
                bestanden[pad] = (sleutel, self.laad_bestand(pad), [])
            except (ContentError, OSError) as exc:
                fouten = (
                    exc.fouten
                    if isinstance(exc, ContentError)
                    else [ContentFout(bestandsnaam(pad), 1, "(bestand)", "niet te lezen")]
                )
                for fout in fouten:
                    logger.warning("%s overgeslagen: %s", self.soort, fout)  # the others keep working
                bestanden[pad] = (sleutel, laatst_goed, fouten)
        alles: dict[str, Model] = {}
        fouten: list[ContentFout] = []
        bron_van: dict[str, str] = {}
        for pad, (_, inhoud, bestandsfouten) in bestanden.items():
            fouten += bestandsfouten
            if inhoud is None:
                continue
            inhoud_id = inhoud.id  # type: ignore[attr-defined]
            if inhoud_id in alles:
                regel = regel_van(lees_yaml(pad), ("id",))
                melding = f"'{inhoud_id}' bestaat al in {bron_van[inhoud_id]}"
                fouten.append(ContentFout(bestandsnaam(pad), regel, "id", melding))
                logger.warning("%s overgeslagen: %s", self.soort, fouten[-1])
                continue
            alles[inhoud_id] = inhoud
            bron_van[inhoud_id] = bestandsnaam(pad)
        self._bestanden, self._alles, self.fouten, self._versie = bestanden, alles, fouten, versie
