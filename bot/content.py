"""Loading and validating the content files under ``data/``.

Trainers edit these YAML files by hand, so every error names the file, the line and
the field, in Dutch: ``data/zelftest.yml:42: blokken.1.stellingen.0.tekst: ontbreekt``.
The YAML is read with ruamel (which remembers line numbers) and checked with
pydantic models; the two are joined by :func:`regel_van`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError, constr
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

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


def laad_map(laad_bestand: Callable[[Path], Model], map_: Path, soort: str) -> dict[str, Model]:
    """Every valid file of a content folder by its ``id``, read on each call so a
    trainer's change is live. A broken file is logged (file:line: field) and
    skipped; the other files keep working."""
    gevonden: dict[str, Model] = {}
    for pad in sorted(map_.glob("*.yml")):
        try:
            inhoud = laad_bestand(pad)
        except ContentError as exc:
            for fout in exc.fouten:
                logger.warning("%s overgeslagen: %s", soort, fout)  # the others keep working
            continue
        gevonden[inhoud.id] = inhoud  # type: ignore[attr-defined]
    return gevonden


def bestandsnaam(pad: Path) -> str:
    """Show paths relative to the project, the way a trainer sees them."""
    try:
        return str(pad.resolve().relative_to(DATA_DIR.parent))
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
