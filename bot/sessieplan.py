"""What a group session goes through, step by step, built from the content.

A session is about a casus (its story when it has one, otherwise its discussion
questions), a werkvorm on a casus, or the zelftest as a group mirror. Every step has
a stable key ("situatie", "scene:bericht", "variant:0", …) that the session stores;
the step itself is rebuilt from the content each time, so a trainer's fix shows up
in a running session. A casus story follows the group's majority.

The words on the screen come from ``data/groepssessie.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import conint, conlist

from bot.casussen import Casus, bibliotheek, themas
from bot.content import DATA_DIR, Bron, Strikt, laad
from bot.stappen import LETTERS, kies_optie
from bot.taal import normaliseer
from bot.werkvormen import WERKVORMEN, werkvormen

GROEPSSESSIE_BESTAND = DATA_DIR / "groepssessie.yml"
# What a facilitator can always choose; besides these, every werkvorm listed under
# ``werkvormen`` in the content (on a casus).
VASTE_ONDERDELEN = ("casus", "casus_thema", "casus_rol", "zelftest")


class Knoppen(Strikt):
    open: str
    sluit: str
    vrijgeven: str
    volgende: str
    toelichting: str
    variant: str
    einde: str
    stand: str


class Deelnemer(Strikt):
    vraag_opnieuw: conlist(str, min_items=1)  # type: ignore[valid-type]
    verlaten: conlist(str, min_items=1)  # type: ignore[valid-type]

    def wil(self, soort: str, tekst: str) -> bool:
        """Does the text ask to hear the question again ("vraag_opnieuw") or to
        leave ("verlaten")? Whole phrases only: 'uit de sessie' in a longer answer
        about leaving a meeting is still an answer."""
        schoon = normaliseer(tekst)
        return any(
            schoon == normaliseer(frase) or schoon == normaliseer(frase) + " aub" for frase in getattr(self, soort)
        )


class Titels(Strikt):
    situatie: str
    scene: str
    afloop: str
    vraag: str
    toelichting: str
    variant: str
    werkvorm: str
    zelftest: str
    einde: str


class VariantRonde(Strikt):
    vraag: str
    opties: conlist(str, min_items=2, max_items=5)  # type: ignore[valid-type]


class ZelftestSpiegel(Strikt):
    uitleg: str
    vraag: str


class GroepssessieInhoud(Strikt):
    minimum_antwoorden: conint(ge=2, le=50)  # type: ignore[valid-type]
    onderdelen: dict[str, str]  # the start buttons: a fixed one or a werkvorm id -> its label
    rollen: dict[str, str]
    knoppen: Knoppen
    deelnemer: Deelnemer
    titels: Titels
    variant: VariantRonde
    vrije_tekst_tip: str
    werkvormen: dict[str, conlist(str, min_items=1)]  # type: ignore[valid-type]
    zelftest: ZelftestSpiegel
    einde: str

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        fouten: list[tuple[tuple, str]] = []
        rollen = themas().rollen
        for rol in self.rollen:
            if rol not in rollen:
                fouten.append((("rollen", rol), f"'{rol}' is geen rol; kies uit {', '.join(rollen)}"))
        for naam in VASTE_ONDERDELEN:
            if naam not in self.onderdelen:
                fouten.append((("onderdelen",), f"'{naam}' ontbreekt"))
        for naam in self.onderdelen:
            if naam not in VASTE_ONDERDELEN and naam not in self.werkvormen:
                fouten.append((("onderdelen", naam), "is geen vast onderdeel en staat niet onder werkvormen"))
        alle = werkvormen()
        for werkvorm_id, stappen in self.werkvormen.items():
            if werkvorm_id not in alle:
                fouten.append((("werkvormen", werkvorm_id), f"'{werkvorm_id}' is geen werkvorm in data/werkvormen"))
                continue
            if werkvorm_id not in self.onderdelen:
                fouten.append((("werkvormen", werkvorm_id), "heeft geen knop onder onderdelen"))
            if alle[werkvorm_id].op_casus is None:
                fouten.append(
                    (
                        ("werkvormen", werkvorm_id),
                        "de groep doet een werkvorm op een casus: zet op_casus in het werkvormbestand",
                    )
                )
            ids = {s.id for s in alle[werkvorm_id].stappen}
            for i, stap_id in enumerate(stappen):
                if stap_id not in ids:
                    fouten.append((("werkvormen", werkvorm_id, i), f"'{stap_id}' is geen stap van {werkvorm_id}"))
        return fouten


def laad_groepssessie(pad: Path = GROEPSSESSIE_BESTAND) -> GroepssessieInhoud:
    return laad(GroepssessieInhoud, pad)


# The group session's steps name werkvormen: a change there re-checks this file.
_INHOUD = Bron(laad_groepssessie, GROEPSSESSIE_BESTAND, hangt_af_van=(WERKVORMEN,))


def inhoud() -> GroepssessieInhoud:
    """The content, live: a trainer's change counts from the next step."""
    return _INHOUD.get()


@dataclass(frozen=True)
class Stap:
    """One step on the big screen. ``opties`` set: a vote; ``vrije_tekst``: members
    type a short contribution; neither: nothing to answer (the group talks)."""

    sleutel: str
    soort: str  # situatie, scene, afloop, vraag, toelichting, variant, werkvorm, zelftest, einde
    titel: str
    tekst: str = ""
    vraag: str = ""
    opties: tuple[str, ...] = ()
    vrije_tekst: bool = False
    regels: tuple[tuple[str, str], ...] = ()  # (tekst, bron)
    na_de_ronde: str = ""  # shown with the result (a variant's toelichting)
    volgende: tuple[str, ...] = field(default=(), repr=False)  # per option: where the story goes

    @property
    def heeft_ronde(self) -> bool:
        return bool(self.opties) or self.vrije_tekst or self.soort == "zelftest"

    def optie_label(self, antwoord: str) -> str:
        """'B' → 'B · Je belt de griffier'; anything else unchanged."""
        if len(antwoord) == 1 and antwoord in LETTERS[: len(self.opties)]:
            return f"{antwoord} · {self.opties[LETTERS.index(antwoord)]}"
        return antwoord


class PlanFout(Exception):
    """The session's casus or werkvorm is gone (a trainer removed or broke it)."""


def casus_van(onderwerp: dict[str, Any]) -> Casus:
    casus = bibliotheek().get(onderwerp.get("casus"))
    if casus is None:
        raise PlanFout(f"casus {onderwerp.get('casus')!r} niet gevonden")
    return casus


def eerste(onderwerp: dict[str, Any]) -> str:
    return "zelftest" if onderwerp.get("soort") == "zelftest" else "situatie"


def stap(onderwerp: dict[str, Any], sleutel: str) -> Stap:
    """The step with this key, built from the current content."""
    tekst = inhoud()
    titels = tekst.titels
    soort, _, deel = sleutel.partition(":")
    if soort == "einde":
        return Stap(sleutel, "einde", titels.einde, tekst=tekst.einde)
    if soort == "zelftest":
        z = tekst.zelftest
        return Stap(sleutel, "zelftest", titels.zelftest, tekst=z.uitleg, vraag=z.vraag)
    casus = casus_van(onderwerp)
    if soort == "situatie":
        return Stap(sleutel, "situatie", casus.titel, tekst=casus.situatie)
    if soort == "scene" and casus.verhaal and (scene := casus.verhaal.scene(deel)):
        return Stap(
            sleutel,
            "scene",
            titels.scene.format(casus=casus.titel),
            tekst=scene.tekst,
            vraag=scene.vraag,
            opties=tuple(o.tekst for o in scene.opties),
            volgende=tuple(o.naar for o in scene.opties),
        )
    if soort == "afloop" and casus.verhaal and (afloop := casus.verhaal.afloop(deel)):
        return Stap(sleutel, "afloop", f"{titels.afloop}: {afloop.titel}", tekst=afloop.tekst)
    if soort == "vraag" and deel.isdigit() and int(deel) < len(casus.vragen):
        return Stap(sleutel, "vraag", titels.vraag, vraag=casus.vragen[int(deel)], vrije_tekst=True)
    if soort == "toelichting":
        regels = tuple((r.tekst, r.bron) for r in casus.regels)
        return Stap(sleutel, "toelichting", titels.toelichting, tekst=casus.toelichting, regels=regels)
    if soort == "variant" and deel.isdigit() and int(deel) < len(casus.varianten):
        variant = casus.varianten[int(deel)]
        return Stap(
            sleutel,
            "variant",
            titels.variant,
            tekst=variant.vraag,
            vraag=tekst.variant.vraag,
            opties=tuple(tekst.variant.opties),
            na_de_ronde=variant.toelichting,
        )
    if soort == "werkvorm":
        werkvorm = werkvormen().get(onderwerp.get("soort", ""))
        if werkvorm is not None and deel in {s.id for s in werkvorm.stappen}:
            w = werkvorm.stap(deel)
            titel = titels.werkvorm.format(werkvorm=werkvorm.titel, titel=w.titel)
            if w.keuzes:
                return Stap(sleutel, "werkvorm", titel, tekst=w.uitleg, vraag=w.vraag, opties=tuple(w.keuzes))
            return Stap(sleutel, "werkvorm", titel, tekst=w.uitleg, vraag=w.vraag, vrije_tekst=True)
    raise PlanFout(f"stap {sleutel!r} bestaat niet (meer)")


def _volgorde(onderwerp: dict[str, Any]) -> list[str]:
    """The fixed order after the situation (a story is followed separately)."""
    soort = onderwerp.get("soort")
    if soort == "zelftest":
        return ["zelftest", "einde"]
    casus = casus_van(onderwerp)
    varianten = [f"variant:{i}" for i in range(len(casus.varianten))]
    if soort in inhoud().werkvormen:
        stappen = inhoud().werkvormen[soort]
        return ["situatie", *(f"werkvorm:{s}" for s in stappen), "toelichting", "einde"]
    if casus.verhaal:
        return ["situatie", f"scene:{casus.verhaal.start}", "toelichting", *varianten, "einde"]
    return ["situatie", *(f"vraag:{i}" for i in range(len(casus.vragen))), "toelichting", *varianten, "einde"]


def volgende(onderwerp: dict[str, Any], huidig: str, keuze: int | None = None) -> str:
    """The step after ``huidig``. In a story, ``keuze`` (the group's option, 0-based)
    picks the next scène or afloop; after the afloop comes the toelichting."""
    soort, _, _ = huidig.partition(":")
    if soort == "scene":
        s = stap(onderwerp, huidig)
        doel = s.volgende[keuze if keuze is not None and 0 <= keuze < len(s.volgende) else 0]
        casus = casus_van(onderwerp)
        return f"scene:{doel}" if casus.verhaal and casus.verhaal.scene(doel) else f"afloop:{doel}"
    if soort == "afloop":
        return "toelichting"
    volgorde = _volgorde(onderwerp)
    if huidig in volgorde and volgorde.index(huidig) + 1 < len(volgorde):
        return volgorde[volgorde.index(huidig) + 1]
    return "einde"


def volgende_variant(onderwerp: dict[str, Any], gehad: list[str]) -> str | None:
    """The first "Maar wat als …?" the group has not had yet."""
    if onderwerp.get("soort") != "casus":
        return None
    for i in range(len(casus_van(onderwerp).varianten)):
        if f"variant:{i}" not in gehad:
            return f"variant:{i}"
    return None


def lees_antwoord(s: Stap, tekst: str) -> str | None:
    """A member's answer as it is stored: the option's letter for a vote ('b', '2',
    'optie B', or the option's own words), the text for free text; None when it is
    not an answer to this step."""
    if s.opties:
        # A group vote needs two shared words: a stray word should not cast a vote.
        keuze = kies_optie(tekst, list(s.opties), min_gedeeld=2)
        return LETTERS[keuze] if keuze is not None else None
    if s.vrije_tekst:
        schoon = " ".join(tekst.split())
        return schoon if len(normaliseer(schoon)) >= 2 else None
    return None
