"""The sources behind Kompas's legal statements, in one agreed form.

Every ``bron`` (casussen, checklists) and every item of ``bronnen`` (begrippen, hulp)
that names an article of a law is written as ``<wet>, artikel <nummer>`` with an
optional ``, lid <n>``; several sources are separated by ``; ``. The law must be one of
``data/wetten.yml``. So a jurist can list every article Kompas relies on
(``python -m bot.cli bronnen``) and review them together, and a typo such as
"Gemeentwet art 28" is found before a user reads it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import conlist
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.content import DATA_DIR, ContentError, ContentFout, Strikt, bestandsnaam, laad, lees_yaml

WETTEN_PAD = DATA_DIR / "wetten.yml"

# "names an article": artikel/artikelen/art., a paragraph sign, or "lid 3".
_NOEMT_ARTIKEL = re.compile(r"\bart(?:ikel|ikelen|\.)|§|\blid \d", re.I)
_VORM = re.compile(
    r"(?P<wet>[^,;]+), artikel (?P<artikel>(?:[A-Z]{1,2} )?\d+[a-z]{0,3}(?:[.:]\d+[a-z]{0,3})*)"
    r"(?:, lid (?P<lid>\d+))?(?: \((?P<opmerking>[^()]+)\))?"
)
AFGESPROKEN_VORM = "'<wet>, artikel <nummer>' of '<wet>, artikel <nummer>, lid <n>'; meer bronnen scheid je met '; '"


class Wetten(Strikt):
    """``data/wetten.yml``: the laws a source may name, by their official name."""

    wetten: conlist(str, min_items=1)  # type: ignore[valid-type]


def laad_wetten(pad: Path = WETTEN_PAD) -> Wetten:
    return laad(Wetten, pad)


@dataclass(frozen=True)
class Vermelding:
    """One source as written in a content file."""

    bestand: str
    regel: int
    veld: str
    bron: str


@dataclass(frozen=True, order=True)
class Artikel:
    wet: str
    artikel: str
    lid: str | None = None

    def __str__(self) -> str:
        return f"{self.wet}, artikel {self.artikel}" + (f", lid {self.lid}" if self.lid else "")


def _vermeldingen(node: object, pad: tuple, regel: int) -> Iterator[tuple[tuple, int, str]]:
    if isinstance(node, CommentedMap):
        for sleutel, waarde in node.items():
            regel_hier = node.lc.key(sleutel)[0] + 1
            if sleutel == "bron" and isinstance(waarde, str):
                yield (*pad, sleutel), node.lc.value(sleutel)[0] + 1, waarde
            elif sleutel == "bronnen" and isinstance(waarde, CommentedSeq):
                for i, item in enumerate(waarde):
                    if isinstance(item, str):
                        yield (*pad, sleutel, i), waarde.lc.item(i)[0] + 1, item
            else:
                yield from _vermeldingen(waarde, (*pad, sleutel), regel_hier)
    elif isinstance(node, CommentedSeq):
        for i, waarde in enumerate(node):
            yield from _vermeldingen(waarde, (*pad, i), node.lc.item(i)[0] + 1)


def verzamel(paden: Iterable[Path]) -> list[Vermelding]:
    """Every source in these content files, with file and line."""
    gevonden = []
    for pad in paden:
        try:
            data = lees_yaml(pad)
        except ContentError:
            continue  # the file's own check reports the broken YAML
        for veldpad, regel, bron in _vermeldingen(data, (), 1):
            gevonden.append(Vermelding(bestandsnaam(pad), regel, ".".join(map(str, veldpad)), bron.strip()))
    return gevonden


def delen(bron: str) -> list[str]:
    return [deel.strip() for deel in bron.split(";") if deel.strip()]


def ontleed(deel: str, wetten: Iterable[str]) -> Artikel | str | None:
    """The article one source names; None when it names none; a Dutch problem text
    when it names one in another form."""
    if not _NOEMT_ARTIKEL.search(deel):
        return None
    vorm = _VORM.fullmatch(deel)
    if not vorm:
        return f"'{deel}' staat niet in de afgesproken vorm: {AFGESPROKEN_VORM}"
    if vorm["wet"] not in set(wetten):
        return f"'{vorm['wet']}' staat niet in data/wetten.yml; schrijf de officiële naam of zet de wet erbij"
    return Artikel(vorm["wet"], vorm["artikel"], vorm["lid"])


def controleer(paden: Iterable[Path], wetten: Iterable[str] | None = None) -> list[ContentFout]:
    """A problem for every source that names an article in another form."""
    bekend = list(wetten) if wetten is not None else laad_wetten().wetten
    fouten = []
    for v in verzamel(paden):
        for deel in delen(v.bron):
            uitkomst = ontleed(deel, bekend)
            if isinstance(uitkomst, str):
                fouten.append(ContentFout(v.bestand, v.regel, v.veld, uitkomst))
    return fouten


def overzicht(paden: Iterable[Path], wetten: Iterable[str] | None = None) -> str:
    """Every article the content relies on, per law, with where it is cited; then the
    other sources."""
    bekend = list(wetten) if wetten is not None else laad_wetten().wetten
    per_artikel: dict[Artikel, list[str]] = defaultdict(list)
    overig: dict[str, list[str]] = defaultdict(list)
    for v in verzamel(paden):
        for deel in delen(v.bron):
            uitkomst = ontleed(deel, bekend)
            waar = f"{v.bestand}:{v.regel}"
            if isinstance(uitkomst, Artikel):
                per_artikel[uitkomst].append(waar)
            else:
                overig[deel].append(waar)
    regels = [f"{len(per_artikel)} wetsartikelen, {len(overig)} andere bronnen", ""]
    wet_nu = None
    for artikel in sorted(per_artikel, key=_sorteer):
        if artikel.wet != wet_nu:
            wet_nu = artikel.wet
            regels.append(wet_nu)
        plek = f"artikel {artikel.artikel}" + (f", lid {artikel.lid}" if artikel.lid else "")
        regels.append(f"  {plek:22} {', '.join(per_artikel[artikel])}")
    regels += ["", "Andere bronnen"]
    for bron in sorted(overig, key=str.lower):
        regels.append(f"  {bron}  ({', '.join(overig[bron])})")
    return "\n".join(regels)


def _sorteer(artikel: Artikel) -> tuple:
    # artikel 2:4 before 12 before 41b; lid none before lid 1.
    getallen = [int(g) for g in re.findall(r"\d+", artikel.artikel)]
    return (artikel.wet, getallen, artikel.artikel, int(artikel.lid or 0))
