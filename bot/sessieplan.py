"""What a group session goes through, step by step, built from the content.

A session is about a casus (its story when it has one, otherwise its discussion
questions), a werkvorm on a casus, or the zelftest as a group mirror. Every step has
a stable key ("situatie", "scene:bericht", "variant:0", …) that the session stores;
the step itself is rebuilt from the content each time, so a trainer's fix shows up
in a running session. A casus story follows the group's majority.

The session is a route on the step engine (:class:`SessieRoute`): its plan is the
order of the steps, and a member's message is one answer handled by
``bot.stappen.verwerk``. Unlike the other flows, the facilitator moves on, not the
answer: :func:`verder` gives the next step and records the group's choice.

The words on the screen come from ``data/groepssessie.yml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import conint, conlist

from bot.casussen import Casus, VerhaalRoute, bibliotheek, themas
from bot.content import DATA_DIR, Bron, Strikt, laad
from bot.stappen import LETTERS, Basisroute, Bericht, Commando, Oordeel, Stand, Vraag, kies_optie
from bot.taal import normaliseer
from bot.werkvormen import WERKVORMEN, werkvormen

GROEPSSESSIE_BESTAND = DATA_DIR / "groepssessie.yml"
# What a facilitator can always choose; besides these, every werkvorm listed under
# ``werkvormen`` in the content (on a casus).
VASTE_ONDERDELEN = ("casus", "casus_thema", "casus_rol", "zelftest")
MAX_ANTWOORD = 500  # characters of one free-text contribution


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


class SessieRoute(Basisroute):
    """A group session as a route on the step engine. Its plan is the session's steps
    in order, given the group's choices so far (``antwoorden``: the story's choices,
    kept the way :class:`VerhaalRoute` keeps them, so a story is followed by the same
    code alone or in a group). The facilitator moves through the plan; each member's
    message is one answer to the open step, judged here and handled by the engine
    (length limit, retries, what to say)."""

    naam = "sessie"
    commandos: frozenset[Commando] = frozenset()  # a group does not go back on its own

    def __init__(self, onderwerp: dict[str, Any]) -> None:
        self.onderwerp = onderwerp

    def plan(self, antwoorden: Mapping[str, Any]) -> list[Vraag]:
        soort = self.onderwerp.get("soort")
        if soort == "zelftest":
            return [self._vraag("zelftest"), self._vraag("einde")]
        casus = casus_van(self.onderwerp)
        varianten = [self._vraag(f"variant:{i}") for i in range(len(casus.varianten))]
        if soort in inhoud().werkvormen:
            midden = [self._vraag(f"werkvorm:{s}") for s in inhoud().werkvormen[soort]]
            varianten = []  # a werkvorm session ends with the toelichting
        elif casus.verhaal:
            midden = self._verhaal(casus, antwoorden)
        else:
            midden = [self._vraag(f"vraag:{i}") for i in range(len(casus.vragen))]
        return [self._vraag("situatie"), *midden, self._vraag("toelichting"), *varianten, self._vraag("einde")]

    def _vraag(self, sleutel: str) -> Vraag:
        return Vraag(sleutel, stap(self.onderwerp, sleutel))

    def _verhaal(self, casus: Casus, antwoorden: Mapping[str, Any]) -> list[Vraag]:
        """The scènes the group went through, and the afloop where its choices led."""
        verhaal = VerhaalRoute(casus)
        scenes = [Vraag(v.sleutel, stap(self.onderwerp, f"scene:{v.stap.id}")) for v in verhaal.plan(antwoorden)]
        afloop = verhaal.afloop(Stand(antwoorden=antwoorden))
        return scenes + ([Vraag(f"afloop:{afloop.id}", stap(self.onderwerp, f"afloop:{afloop.id}"))] if afloop else [])

    def vraag(self, vraag: Vraag, nummer: int, totaal: int, stand: Stand) -> list[Bericht]:
        s: Stap = vraag.stap
        if s.soort == "zelftest":
            return [Bericht(response="utter_sessie_zelftest", velden={"vraag": s.vraag})]
        if s.opties:
            knoppen = tuple((s.optie_label(letter), letter) for letter in LETTERS[: len(s.opties)])
            return [
                Bericht(response="utter_sessie_vraag", knoppen=knoppen, velden={"titel": s.titel, "vraag": s.vraag})
            ]
        velden = {"titel": s.titel, "vraag": s.vraag, "tip": inhoud().vrije_tekst_tip}
        return [Bericht(response="utter_sessie_vraag_vrij", velden=velden)]

    def beoordeel(self, vraag: Vraag, tekst: str, commando: Commando | None, stand: Stand) -> Oordeel:
        s: Stap = vraag.stap
        antwoord = lees_antwoord(s, tekst)
        if antwoord is not None:
            return Oordeel("goed", antwoord)
        if s.opties:
            letters = ", ".join(LETTERS[: len(s.opties)])
            return Oordeel(
                "onduidelijk", melding=Bericht(response="utter_sessie_kies_optie", velden={"letters": letters})
            )
        return Oordeel("onduidelijk", melding=Bericht(response="utter_sessie_schrijf_meer"))

    def max_tekens(self, vraag: Vraag) -> int:
        return MAX_ANTWOORD


def positie(plan: list[Vraag], sleutel: str, antwoorden: Mapping[str, Any]) -> int | None:
    """Where step ``sleutel`` is in the plan. A story may pass a scène twice; the
    group is at the one it has not chosen at yet."""
    plekken = [i for i, v in enumerate(plan) if v.stap.sleutel == sleutel]
    nog_open = [i for i in plekken if plan[i].sleutel not in antwoorden]
    if nog_open:
        return nog_open[0]
    return plekken[-1] if plekken else None


def verder(
    onderwerp: dict[str, Any], huidig: str, keuze: int | None = None, antwoorden: Mapping[str, Any] | None = None
) -> tuple[str, dict[str, Any]]:
    """The step after ``huidig`` and the group's choices with this one. In a story,
    ``keuze`` (the group's option, 0-based; the first when None) picks the way."""
    route = SessieRoute(onderwerp)
    antwoorden = dict(antwoorden or {})
    plan = route.plan(antwoorden)
    i = positie(plan, huidig, antwoorden)
    if i is None:  # not on the group's way (the content changed): story steps lead to the toelichting
        return ("toelichting" if huidig.startswith(("scene:", "afloop:")) else "einde"), antwoorden
    huidige = plan[i]
    if huidige.stap.soort == "scene" and huidige.sleutel not in antwoorden:
        geldig = keuze is not None and 0 <= keuze < len(huidige.stap.opties)
        antwoorden[huidige.sleutel] = keuze if geldig else 0
        plan = route.plan(antwoorden)
    return (plan[i + 1].stap.sleutel if i + 1 < len(plan) else "einde"), antwoorden


def volgende(onderwerp: dict[str, Any], huidig: str, keuze: int | None = None) -> str:
    """The step after ``huidig`` when the group chose ``keuze`` here."""
    return verder(onderwerp, huidig, keuze)[0]


def volgende_variant(onderwerp: dict[str, Any], gehad: list[str]) -> str | None:
    """The first "Maar wat als …?" the group has not had yet."""
    if onderwerp.get("soort") != "casus":
        return None
    return next(
        (v.sleutel for v in SessieRoute(onderwerp).plan({}) if v.stap.soort == "variant" and v.sleutel not in gehad),
        None,
    )


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
