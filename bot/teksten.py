"""Words and short texts around the content (``data/teksten.yml``): the commands every
guided flow knows, button labels, headings and the lines of a checklist summary.
Code never holds a sentence for the user; it takes it from here or from domain.yml."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Literal

from pydantic import Field

from bot.content import DATA_DIR, Bron, Strikt, laad

TEKSTEN_BESTAND = DATA_DIR / "teksten.yml"


class Commandos(Strikt):
    terug: list[str]
    overslaan: list[str]
    opnieuw: list[str]
    voorbeeld: list[str]
    klaar: list[str]
    weet_ik_niet: list[str]
    nog_een_casus: list[str]


class Knoppen(Strikt):
    klaar: str
    voorbeeld: str
    ja: str
    deels: str
    nee: str
    nee_klaar: str
    menu: str
    speel_verhaal: str
    toelichting: str
    variant: str
    nog_een_casus: str


class Koppen(Strikt):
    werkvorm_stap: str
    checklist_vraag: str
    checklist_functie: str
    gekozen: str
    zelftest_blok: str
    zelftest_blok_tip: str
    zelftest_blok_tips: str
    casus_over: str
    checklist_start: str


class ChecklistTeksten(Strikt):
    in_orde: str
    punt_in_orde: str
    let_op: str
    regel: str
    met_functie: str
    praat_erover_met: str


class TrajectTeksten(Strikt):
    """Buttons and lines around the steps of a traject (bot/trajecten.py)."""

    verder: str
    weet_ik_niet: str
    overslaan: str
    geen: str
    geen_notitie: str
    bron: str
    regel: str
    aspect: str
    maatregelen: str
    gesprek: str
    uitkomst_geen: str
    uitkomst_bespreken: str
    uitkomst_maatregel: str


class Paginas(Strikt):
    niet_gevonden: str
    rapport_weg: str
    sessie_weg: str
    qr_titel: str


class ChatTeksten(Strikt):
    """Names for screen readers on the chat page (the widget brings none)."""

    verstuur_knop: str
    berichten: str
    plaatje: str


# The {names} each text may use; another name is a typo that would break the message.
VELDEN = {
    ("koppen", "werkvorm_stap"): {"nummer", "totaal", "titel"},
    ("koppen", "checklist_vraag"): {"nummer", "totaal"},
    ("koppen", "checklist_functie"): {"nummer", "totaal", "functie"},
    ("koppen", "gekozen"): {"gekozen"},
    ("koppen", "zelftest_blok"): {"blok", "kleur"},
    ("koppen", "zelftest_blok_tip"): {"blok", "kleur"},
    ("koppen", "zelftest_blok_tips"): {"blok", "kleur", "aantal"},
    ("koppen", "casus_over"): {"thema", "titel"},
    ("koppen", "checklist_start"): {"titel"},
    ("checklist", "punt_in_orde"): {"vraag"},
    ("checklist", "let_op"): {"vraag", "antwoord"},
    ("checklist", "regel"): {"tekst", "bron"},
    ("checklist", "met_functie"): {"functie", "vraag"},
    ("checklist", "praat_erover_met"): {"wie"},
    ("paginas", "qr_titel"): {"code"},
    ("traject", "bron"): {"bron"},
    ("traject", "regel"): {"tekst", "bron"},
    ("traject", "aspect"): {"titel", "nummer", "totaal"},
    ("traject", "maatregelen"): {"titel"},
}


# The guided flows (the routes of bot.stappen), by the name their responses carry.
ROUTES = ("zelftest", "verhaal", "checklist", "werkvorm", "traject")
BijStoppen = Literal["pauzeren", "vragen", "stoppen"]


class Teksten(Strikt):
    commandos: Commandos
    bij_stoppen: dict[str, BijStoppen]
    max_pogingen: int = Field(ge=1, le=5)
    max_tekens: int = Field(ge=50, le=5000)
    knoppen: Knoppen
    koppen: Koppen
    checklist: ChecklistTeksten
    traject: TrajectTeksten
    weet_ik_niet_antwoord: str
    blok_niet_ingevuld: str
    paginas: Paginas
    chat: ChatTeksten

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        fouten: list[tuple[tuple, str]] = []
        for route in ROUTES:
            if route not in self.bij_stoppen:
                fouten.append((("bij_stoppen",), f"'{route}' ontbreekt"))
        for route in self.bij_stoppen:
            if route not in ROUTES:
                fouten.append((("bij_stoppen", route), f"onbekende route; kies uit: {', '.join(ROUTES)}"))
        for (groep, naam), toegestaan in VELDEN.items():
            tekst = getattr(getattr(self, groep), naam)
            try:
                gebruikt = {veld for _, veld, _, _ in string.Formatter().parse(tekst) if veld}
            except ValueError:
                fouten.append(((groep, naam), "een { of } staat niet goed"))
                continue
            for veld in sorted(gebruikt - toegestaan):
                fouten.append(((groep, naam), f"'{{{veld}}}' kan hier niet; wel: {', '.join(sorted(toegestaan))}"))
        return fouten


def laad_teksten(pad: Path = TEKSTEN_BESTAND) -> Teksten:
    return laad(Teksten, pad)


_TEKSTEN = Bron(laad_teksten, TEKSTEN_BESTAND)


def teksten() -> Teksten:
    """The texts, live: a trainer's change counts from the next message."""
    return _TEKSTEN.get()
