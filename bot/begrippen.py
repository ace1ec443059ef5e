"""The glossary ("wat is ondermijning?") and who to turn to ("wie kan mij helpen?").

Both live in YAML under ``data/`` so trainers can extend them.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import conlist

from bot.content import DATA_DIR, Bron, Strikt, laad
from bot.taal import normaliseer

BEGRIPPEN_BESTAND = DATA_DIR / "begrippen.yml"
HULP_BESTAND = DATA_DIR / "hulp.yml"


class Begrip(Strikt):
    id: str
    titel: str
    aliassen: list[str] = []
    uitleg: str
    bronnen: list[str] = []


class Begrippenlijst(Strikt):
    begrippen: conlist(Begrip, min_items=1)  # type: ignore[valid-type]

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        fouten: list[tuple[tuple, str]] = []
        gezien: dict[str, str] = {}
        for i, begrip in enumerate(self.begrippen):
            for j, vorm in enumerate([begrip.id, begrip.titel, *begrip.aliassen]):
                sleutel = normaliseer(vorm)
                eigenaar = gezien.setdefault(sleutel, begrip.id)
                if eigenaar != begrip.id:
                    pad = ("begrippen", i, "aliassen", j - 2) if j >= 2 else ("begrippen", i, "id")
                    fouten.append((pad, f"'{vorm}' hoort al bij begrip '{eigenaar}'"))
        return fouten

    def zoek(self, *kandidaten: str | None) -> Begrip | None:
        """Find a term by entity value, alias or a sentence that mentions it.

        Candidates are tried in order; within a sentence the longest known form wins
        ('soft controls' before 'controls')."""
        vormen = self._vormen()
        for kandidaat in kandidaten:
            schoon = normaliseer(kandidaat or "")
            if not schoon:
                continue
            if schoon in vormen:
                return vormen[schoon]
            gevonden = [(len(vorm), begrip) for vorm, begrip in vormen.items() if f" {vorm} " in f" {schoon} "]
            if gevonden:
                return max(gevonden, key=lambda x: x[0])[1]
        return None

    def _vormen(self) -> dict[str, Begrip]:
        vormen: dict[str, Begrip] = {}
        for begrip in self.begrippen:
            for vorm in [begrip.id.replace("_", " "), begrip.id, begrip.titel, *begrip.aliassen]:
                vormen.setdefault(normaliseer(vorm), begrip)
        return vormen


class Hulpbron(Strikt):
    id: str
    wie: str
    wanneer: str
    bronnen: list[str] = []


class Hulp(Strikt):
    intro: str
    hulp: conlist(Hulpbron, min_items=1)  # type: ignore[valid-type]
    afsluiting: str


def laad_begrippen(pad: Path = BEGRIPPEN_BESTAND) -> Begrippenlijst:
    return laad(Begrippenlijst, pad)


def laad_hulp(pad: Path = HULP_BESTAND) -> Hulp:
    return laad(Hulp, pad)


BEGRIPPEN = Bron(laad_begrippen, BEGRIPPEN_BESTAND)
HULP = Bron(laad_hulp, HULP_BESTAND)


def begrippen() -> Begrippenlijst:
    """The begrippen, live: a trainer's change counts from the next message."""
    return BEGRIPPEN.get()


def hulp() -> Hulp:
    """Who can help, live like every content file."""
    return HULP.get()
