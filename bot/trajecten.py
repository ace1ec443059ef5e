"""The trajecten: guided routes that explain and ask, such as preparing for the
risicoanalyse as a kandidaat-bestuurder, or reporting a suspicion.

A traject is a list of steps in ``data/trajecten/<id>.yml``. Five kinds of step are
enough for every traject, and none of them knows a traject by name:

- ``keuze``: pick one option (a role, a side); later steps can depend on it
  (``alleen_als`` / ``niet_als``) or add a sentence per option (``per_keuze``);
- ``uitleg``: a short explanation with its source, then "verder";
- ``aspect``: why it matters, the rules with their sources, a few ja / nee /
  weet ik niet questions about kinds of situations; after an answer that needs
  attention (``aandacht_bij``) the user may choose beheersmaatregelen — a follow-up
  step that only appears then;
- ``meerkeuze``: choose any number of options (next steps), then "klaar";
- ``notitie``: an optional free note, with the privacy reminder first.

:class:`TrajectRoute` puts a traject on the step engine (``bot.stappen``), so
"terug", "overslaan", "stop", digressions and retries work as in every flow. The
overview (:func:`overzicht`) is what the personal report keeps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, conlist, constr, root_validator

from bot.begrippen import BEGRIPPEN, begrippen
from bot.checklists import antwoordwoorden
from bot.content import DATA_DIR, Map, Regel, Strikt, laad
from bot.stappen import Basisroute, Bericht, Commando, Oordeel, Stand, Vraag, als_knop, kies_optie, langste_frase
from bot.taal import normaliseer
from bot.teksten import teksten

TRAJECT_DIR = DATA_DIR / "trajecten"
Soort = Literal["keuze", "uitleg", "aspect", "meerkeuze", "notitie"]
JaNee = Literal["ja", "nee", "weet_ik_niet"]
Id = constr(regex=r"^[a-z0-9_-]+$")  # type: ignore[valid-type]
# The key under which an aspect's chosen measures are kept.
MAATREGELEN = "maatregelen"
MAX_KNOPPEN = 10


class Optie(Strikt):
    id: Id
    tekst: str


class Vraagje(Strikt):
    """One ja / nee / weet ik niet question of an aspect, about a kind of situation."""

    id: Id
    vraag: str


class TrajectRegel(Regel):
    """A rule of an aspect; it may hold for some roles only (a wethouder's rule is not
    a gedeputeerde's)."""

    alleen_als: dict[Id, list[Id]] = {}
    niet_als: dict[Id, list[Id]] = {}


class Stap(Strikt):
    id: Id
    soort: Soort
    titel: str | None = None
    # keuze, meerkeuze, notitie: the question; uitleg: the explanation; aspect: why it matters.
    tekst: str
    bron: str | None = None  # uitleg: required (the source of what it says)
    regels: list[TrajectRegel] = []  # aspect: the rules, each with its source (at least one)
    opties: list[Optie] = []  # keuze, meerkeuze
    vragen: list[Vraagje] = []  # aspect
    aandacht_bij: list[JaNee] = ["ja", "weet_ik_niet"]  # aspect: answers that need attention
    maatregelen: list[Id] = []  # aspect: ids of the traject's maatregelen to offer
    gesprek: list[str] = []  # aspect: questions to take to the interview
    # Only (or never) when an earlier keuze step got one of these options.
    alleen_als: dict[Id, list[Id]] = {}
    niet_als: dict[Id, list[Id]] = {}
    # An extra sentence per option of an earlier keuze step: {optie-id: tekst}.
    per_keuze: dict[Id, str] = {}
    max_tekens: int = Field(default=600, ge=50, le=2000)  # notitie

    @root_validator(skip_on_failure=True)
    def _velden_per_soort(cls, waarden: dict[str, Any]) -> dict[str, Any]:
        soort = waarden["soort"]
        if soort == "uitleg" and not waarden.get("bron"):
            raise ValueError("een uitleg heeft een bron nodig (wet en artikel, of het document en het jaar)")
        if soort == "aspect":
            if not waarden.get("regels"):
                raise ValueError("een aspect heeft minstens één regel met een bron nodig")
            if not waarden.get("vragen"):
                raise ValueError("een aspect heeft minstens één vraag nodig")
            if not waarden.get("titel"):
                raise ValueError("een aspect heeft een titel nodig")
        if soort in ("keuze", "meerkeuze") and len(waarden.get("opties") or []) < 2:
            raise ValueError(f"een {soort} heeft minstens twee opties nodig")
        return waarden


class Overzicht(Strikt):
    titel: str
    inleiding: str
    afsluiting: str


class Links(Strikt):
    casussen: list[str] = []
    begrippen: list[str] = []


class StartIntent(Strikt):
    intent: str
    # Answers already given by how the user started ("er is over mij gemeld").
    antwoorden: dict[Id, Id] = {}


class Traject(Strikt):
    id: Id
    titel: str
    # The intents that start this traject besides start_traject{"traject": id}.
    start: list[StartIntent] = []
    # The button that starts this traject under the explanation of these begrippen.
    knop: str
    bij_begrippen: list[str] = []
    intro: conlist(str, min_items=1)  # type: ignore[valid-type]
    privacy: str
    maatregelen: list[Optie] = []
    stappen: conlist(Stap, min_items=1)  # type: ignore[valid-type]
    overzicht: Overzicht
    links: Links = Links()

    def kruiscontroles(self) -> list[tuple[tuple, str]]:
        from bot.werkvormen import domein_intents  # the same check as for werkvormen

        fouten: list[tuple[tuple, str]] = []
        keuzes: dict[str, set[str]] = {}  # keuze step id -> its option ids, in order of the steps
        maatregel_ids = {m.id for m in self.maatregelen}
        gezien: set[str] = set()
        for i, stap in enumerate(self.stappen):
            if stap.id in gezien:
                fouten.append((("stappen", i, "id"), f"id '{stap.id}' komt twee keer voor"))
            gezien.add(stap.id)
            voorwaarden = [(("stappen", i), stap)]
            voorwaarden += [(("stappen", i, "regels", j), r) for j, r in enumerate(stap.regels)]
            for pad, met_voorwaarde in voorwaarden:
                for veld in ("alleen_als", "niet_als"):
                    for naar, opties in getattr(met_voorwaarde, veld).items():
                        if naar not in keuzes:
                            fouten.append(((*pad, veld), f"'{naar}' is geen eerdere keuzestap"))
                        for optie in set(opties) - keuzes.get(naar, set()):
                            fouten.append(((*pad, veld, naar), f"'{optie}' is geen optie van '{naar}'"))
            alle_opties = set().union(*keuzes.values()) if keuzes else set()
            for optie in stap.per_keuze:
                if optie not in alle_opties:
                    fouten.append(
                        (("stappen", i, "per_keuze", optie), f"'{optie}' is geen optie van een eerdere keuze")
                    )
            for j, maatregel in enumerate(stap.maatregelen):
                if maatregel not in maatregel_ids:
                    fouten.append((("stappen", i, "maatregelen", j), f"'{maatregel}' staat niet bij maatregelen"))
            if stap.soort == "keuze":
                keuzes[stap.id] = {o.id for o in stap.opties}
        for i, start in enumerate(self.start):
            if start.intent not in domein_intents():
                fouten.append((("start", i, "intent"), f"intent '{start.intent}' staat niet in domain.yml"))
            for stap_id, optie in start.antwoorden.items():
                if optie not in keuzes.get(stap_id, set()):
                    fouten.append((("start", i, "antwoorden", stap_id), f"'{optie}' is geen optie van '{stap_id}'"))
        from bot.casussen import bibliotheek

        for j, casus in enumerate(self.links.casussen):
            if bibliotheek().get(casus) is None:
                fouten.append((("links", "casussen", j), f"casus '{casus}' staat niet in data/casussen"))
        bekend = {b.id for b in begrippen().begrippen}
        for veld, lijst in (("links", self.links.begrippen), ("bij_begrippen", self.bij_begrippen)):
            for j, begrip in enumerate(lijst):
                if begrip not in bekend:
                    pad = ("links", "begrippen", j) if veld == "links" else (veld, j)
                    fouten.append((pad, f"begrip '{begrip}' staat niet in data/begrippen.yml"))
        return fouten

    def stap(self, stap_id: str) -> Stap:
        return next(s for s in self.stappen if s.id == stap_id)

    def geldt(self, stap: Stap | TrajectRegel, antwoorden: Mapping[str, Any]) -> bool:
        """Does this step (or rule) apply, given the choices made so far?"""
        if any(antwoorden.get(k) not in opties for k, opties in stap.alleen_als.items()):
            return False
        return not any(antwoorden.get(k) in opties for k, opties in stap.niet_als.items())

    def plan(self, antwoorden: Mapping[str, Any]) -> list[Vraag]:
        """The questions to ask now: the steps that apply; an aspect's questions one
        by one, then its measures if an answer needs attention."""
        vragen: list[Vraag] = []
        for stap in self.stappen:
            if not self.geldt(stap, antwoorden):
                continue
            if stap.soort != "aspect":
                vragen.append(Vraag(stap.id, stap))
                continue
            vragen += [Vraag(sleutel(stap.id, v.id), stap, v.id) for v in stap.vragen]
            if stap.maatregelen and aandacht(stap, antwoorden):
                vragen.append(Vraag(sleutel(stap.id, MAATREGELEN), stap, MAATREGELEN))
        return vragen


def sleutel(stap_id: str, deel: str | None) -> str:
    return f"{stap_id}::{deel}" if deel else stap_id


def aandacht(stap: Stap, antwoorden: Mapping[str, Any]) -> bool:
    """Did any of the aspect's questions get an answer that needs attention?"""
    return any(antwoorden.get(sleutel(stap.id, v.id)) in stap.aandacht_bij for v in stap.vragen)


def laad_traject(pad: Path) -> Traject:
    return laad(Traject, pad)


TRAJECTEN = Map(laad_traject, TRAJECT_DIR, "Traject", hangt_af_van=(BEGRIPPEN,))


def trajecten() -> dict[str, Traject]:
    """All valid trajecten by id; changes are live, a broken file is skipped."""
    return TRAJECTEN.alles()


def traject_bij_intent(intent: str | None) -> tuple[Traject, dict[str, str]] | None:
    """The traject an intent starts, with the answers the intent already gives."""
    for traject in trajecten().values():
        for start in traject.start:
            if intent and start.intent == intent:
                return traject, dict(start.antwoorden)
    return None


def trajecten_bij_begrip(begrip_id: str) -> list[Traject]:
    """The trajecten to offer under the explanation of a begrip."""
    return [t for t in trajecten().values() if begrip_id in t.bij_begrippen]


def herken_janee(tekst: str) -> JaNee | None:
    """'ja', 'nee hoor', 'dat weet ik eigenlijk niet': which answer is meant."""
    woorden = antwoordwoorden()
    frasen = {"ja": woorden.ja, "nee": woorden.nee, "weet_ik_niet": teksten().commandos.weet_ik_niet}
    return langste_frase(tekst, frasen)  # type: ignore[return-value]


@dataclass(frozen=True)
class TrajectRoute(Basisroute):
    traject: Traject
    naam = "traject"
    commandos = frozenset({"terug", "overslaan", "klaar", "weet_ik_niet"})

    def plan(self, antwoorden: Mapping[str, object]) -> list[Vraag]:
        return self.traject.plan(antwoorden)

    def max_tekens(self, vraag: Vraag) -> int:
        return vraag.stap.max_tekens if vraag.stap.soort == "notitie" else teksten().max_tekens

    def _extra(self, stap: Stap, antwoorden: Mapping[str, Any]) -> str:
        # Only the single choices: measures and meerkeuze answers are lists.
        gekozen = {a for a in (antwoorden or {}).values() if isinstance(a, str)}
        return "\n".join(t for optie, t in stap.per_keuze.items() if optie in gekozen)

    def vraag(self, vraag: Vraag, nummer: int, totaal: int, stand: Stand) -> list[Bericht]:
        # Every button skips the NLU: "Er is over mij gemeld" is an answer here, not a new request.
        return [
            replace(b, knoppen=tuple((titel, als_knop(payload)) for titel, payload in b.knoppen))
            for b in self._vraag(vraag, nummer, totaal, stand)
        ]

    def _vraag(self, vraag: Vraag, nummer: int, totaal: int, stand: Stand) -> list[Bericht]:
        stap: Stap = vraag.stap
        t = teksten().traject
        k = teksten().knoppen
        extra = self._extra(stap, stand.antwoorden)
        if stap.soort == "uitleg":
            delen = [stap.titel or "", stap.tekst, extra, t.bron.format(bron=stap.bron)]
            return [Bericht(tekst=_samen(delen), knoppen=((t.verder, "verder"),))]
        if stap.soort == "keuze":
            knoppen = tuple((o.tekst, o.tekst) for o in stap.opties)
            return [Bericht(tekst=_samen([stap.titel or "", stap.tekst, extra]), knoppen=knoppen)]
        if stap.soort == "meerkeuze":
            knoppen = [(o.tekst, o.tekst) for o in stap.opties if o.id not in stand.gekozen][:MAX_KNOPPEN]
            delen = [stap.titel or "", stap.tekst, extra]
            if stand.gekozen:
                knoppen.insert(0, (k.klaar, "klaar"))
                namen = [o.tekst for o in stap.opties if o.id in stand.gekozen]
                delen.append(teksten().koppen.gekozen.format(gekozen=", ".join(namen)))
            else:
                knoppen.append((t.geen, "klaar"))
            return [Bericht(tekst=_samen(delen), knoppen=tuple(knoppen))]
        if stap.soort == "notitie":
            delen = [self.traject.privacy, stap.titel or "", stap.tekst, extra]
            return [Bericht(tekst=_samen(delen), knoppen=((t.geen_notitie, "overslaan"),))]
        # An aspect: its explanation with the first question, then one question at a time.
        if vraag.item == MAATREGELEN:
            opties = {m.id: m.tekst for m in self.traject.maatregelen}
            keuze = [(opties[m], opties[m]) for m in stap.maatregelen if m not in stand.gekozen]
            delen = [t.maatregelen.format(titel=stap.titel)]
            if stand.gekozen:
                keuze.insert(0, (k.klaar, "klaar"))
                delen.append(teksten().koppen.gekozen.format(gekozen=", ".join(opties[g] for g in stand.gekozen)))
            else:
                keuze.append((t.geen, "klaar"))
            return [Bericht(tekst=_samen(delen), knoppen=tuple(keuze[:MAX_KNOPPEN]))]
        knoppen = ((k.ja, "ja"), (k.nee, "nee"), (t.weet_ik_niet, "weet ik niet"), (t.overslaan, "overslaan"))
        vraagje = next(v for v in stap.vragen if v.id == vraag.item)
        delen = []
        if vraag.item == stap.vragen[0].id:
            regels = [
                t.regel.format(tekst=r.tekst, bron=r.bron)
                for r in stap.regels
                if self.traject.geldt(r, stand.antwoorden)
            ]
            kop = t.aspect.format(titel=stap.titel, nummer=nummer, totaal=totaal)
            delen += [kop, stap.tekst, extra, *regels]
        delen.append(vraagje.vraag)
        return [Bericht(tekst=_samen(delen), knoppen=knoppen)]

    def beoordeel(self, vraag: Vraag, tekst: str, commando: Commando | None, stand: Stand) -> Oordeel:
        stap: Stap = vraag.stap
        if stap.soort == "uitleg":
            return Oordeel("goed", "gelezen")  # any reply goes on; questions are digressions
        if stap.soort == "notitie":
            if commando in ("klaar", "weet_ik_niet") or not normaliseer(tekst):
                return Oordeel("goed", None)
            return Oordeel("goed", tekst.strip())
        if stap.soort == "keuze":
            index = kies_optie(tekst, [o.tekst for o in stap.opties])
            if index is None:
                return Oordeel("onduidelijk")
            return Oordeel("goed", stap.opties[index].id)
        if stap.soort == "meerkeuze" or vraag.item == MAATREGELEN:
            if stap.soort == "meerkeuze":
                opties = stap.opties
            else:
                alle = {m.id: m for m in self.traject.maatregelen}
                opties = [alle[m] for m in stap.maatregelen]
            if commando == "klaar" or herken_janee(tekst) == "nee":
                return Oordeel("goed", list(stand.gekozen))
            over = [o for o in opties if o.id not in stand.gekozen]
            index = kies_optie(tekst, [o.tekst for o in over], min_gedeeld=2)
            if index is None:
                return Oordeel("onduidelijk")
            gekozen = [*stand.gekozen, over[index].id]
            if len(gekozen) == len(opties):
                return Oordeel("goed", gekozen)
            return Oordeel("keuze_erbij", gekozen)
        if commando == "weet_ik_niet":
            return Oordeel("goed", "weet_ik_niet")
        antwoord = herken_janee(tekst)
        if antwoord is None:
            return Oordeel("onduidelijk")
        return Oordeel("goed", antwoord)

    def rapport(self, stand: Stand, afgerond: bool) -> tuple[str, dict[str, Any]] | None:
        return "traject", overzicht(self.traject, stand.antwoorden, afgerond)


def _samen(delen: list[str]) -> str:
    return "\n\n".join(d for d in delen if d)


def overzicht(traject: Traject, antwoorden: Mapping[str, Any], afgerond: bool) -> dict[str, Any]:
    """The personal overview: per aspect the outcome and the chosen measures, the
    questions for the interview, the choices and the note. Kept as text, so the
    report reads the same when the content changes later."""
    t = teksten().traject
    maatregel_tekst = {m.id: m.tekst for m in traject.maatregelen}
    aspecten, gesprek, keuzes, notities = [], [], [], []
    for stap in traject.stappen:
        if not traject.geldt(stap, antwoorden):
            continue
        if stap.soort == "aspect":
            beantwoord = [antwoorden.get(sleutel(stap.id, v.id)) for v in stap.vragen]
            if all(a is None for a in beantwoord) and not afgerond:
                continue
            gekozen = [maatregel_tekst[m] for m in antwoorden.get(sleutel(stap.id, MAATREGELEN)) or []]
            if gekozen:
                uitkomst = t.uitkomst_maatregel
            elif aandacht(stap, antwoorden):
                uitkomst = t.uitkomst_bespreken
            else:
                uitkomst = t.uitkomst_geen
            aspecten.append({"titel": stap.titel, "uitkomst": uitkomst, "maatregelen": gekozen})
            if aandacht(stap, antwoorden):
                gesprek += stap.gesprek
        elif stap.soort in ("keuze", "meerkeuze") and antwoorden.get(stap.id):
            waarde = antwoorden[stap.id]
            ids = waarde if isinstance(waarde, list) else [waarde]
            namen = [o.tekst for o in stap.opties if o.id in ids]
            if namen:
                keuzes.append({"vraag": stap.titel or stap.tekst, "antwoord": ", ".join(namen)})
        elif stap.soort == "notitie" and antwoorden.get(stap.id):
            notities.append(str(antwoorden[stap.id]))
    alle_begrippen = {b.id: b.titel for b in begrippen().begrippen}
    return {
        "traject": traject.id,
        "titel": traject.overzicht.titel,
        "inleiding": traject.overzicht.inleiding,
        "afsluiting": traject.overzicht.afsluiting,
        "afgerond": afgerond,
        "aspecten": aspecten,
        "gesprek": gesprek,
        "keuzes": keuzes,
        "notities": notities,
        "begrippen": [alle_begrippen[b] for b in traject.links.begrippen if b in alle_begrippen],
        "casussen": list(traject.links.casussen),
    }
