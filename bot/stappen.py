"""The one step engine behind every guided flow: the zelftest, the casus story, the
checklists and the werkvormen.

A flow (a :class:`Route`) says only what is its own: which questions to ask given the
answers so far (:meth:`Route.plan`), how one question is put to the user, and how one
answer is judged. Everything else is done here, once, the same way for every flow:
the current step and the answers, "terug", "overslaan", "opnieuw", "voorbeeld",
retries with a hint and a cap, the length limit, per-item steps (the plan repeats
them) and the end of the flow. The words that count as a command are content
(``data/teksten.yml``).

The engine speaks in :class:`Bericht` objects, response names of ``domain.yml`` by a
fixed pattern (``utter_<route>_<gebeurtenis>``) or text from content; the actions
turn them into messages.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

from bot.taal import normaliseer
from bot.teksten import teksten

# What happens to an answer, and which response each route needs for it
# (utter_<route>_<gebeurtenis>; tests/unit/test_stappen.py checks domain.yml has them).
GEBEURTENISSEN = ("eerste_stap", "onduidelijk", "nog_steeds_onduidelijk", "te_lang")
Commando = Literal["terug", "overslaan", "opnieuw", "voorbeeld", "klaar", "weet_ik_niet"]
# Intents that are a command whatever the words (a button's payload, NLU's reading).
COMMANDO_VAN_INTENT: dict[str, Commando] = {"terug": "terug", "overslaan": "overslaan"}
# Where a command counts only as the whole message (free text), NLU's word for it is
# taken only for a short message: "Moet ik het pakket teruggeven?" is an answer, even
# when NLU reads "terug" in it.
MAX_WOORDEN_COMMANDO = 4


@dataclass(frozen=True)
class Vraag:
    """One question of a flow: where its answer is kept, the flow's own step (a
    statement, a scène, a checklist item, a werkvorm step) and, for steps asked per
    item, the item."""

    sleutel: str
    stap: Any
    item: str | None = None


@dataclass(frozen=True)
class Bericht:
    """One message: a response of domain.yml with its fields, or text from content."""

    response: str | None = None
    tekst: str | None = None
    knoppen: tuple[tuple[str, str], ...] = ()  # (title, payload)
    velden: Mapping[str, Any] = field(default_factory=dict)
    afbeelding: str | None = None


@dataclass(frozen=True)
class Stand:
    """Where a user is in a flow; kept in one slot per form (``<form>_stand``)."""

    route: str | None = None  # which werkvorm, checklist or casus
    positie: int = 0
    antwoorden: Mapping[str, Any] = field(default_factory=dict)
    gekozen: tuple[str, ...] = ()  # choices collected so far for a multiple-choice step
    pogingen: int = 0  # unclear answers in a row to the current question
    context: Mapping[str, Any] = field(default_factory=dict)  # a casus, choices from the zelftest

    @classmethod
    def van(cls, waarde: object) -> Stand:
        """Read a slot value; anything unexpected (an old or a hand-made tracker) starts afresh."""
        if isinstance(waarde, Stand):
            return waarde
        if not isinstance(waarde, dict):
            return cls()
        try:
            return cls(
                route=waarde.get("route"),
                positie=max(int(waarde.get("positie") or 0), 0),
                antwoorden=dict(waarde.get("antwoorden") or {}),
                gekozen=tuple(str(g) for g in waarde.get("gekozen") or ()),
                pogingen=int(waarde.get("pogingen") or 0),
                context=dict(waarde.get("context") or {}),
            )
        except (TypeError, ValueError, AttributeError):
            return cls()

    def als_slot(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "positie": self.positie,
            "antwoorden": dict(self.antwoorden),
            "gekozen": list(self.gekozen),
            "pogingen": self.pogingen,
            "context": dict(self.context),
        }


@dataclass(frozen=True)
class Oordeel:
    """A route's judgement of one answer.

    goed: keep ``waarde`` and go on; keuze_erbij: one more choice collected
    (``waarde`` is the list so far); onduidelijk: ask again (``melding`` says why,
    else utter_<route>_onduidelijk); anders: say ``melding`` and ask again."""

    soort: Literal["goed", "keuze_erbij", "onduidelijk", "anders"]
    waarde: Any = None
    melding: Bericht | None = None


class Route(Protocol):
    """What a flow tells the engine. ``naam`` is the prefix of its responses."""

    naam: str
    commandos: frozenset[Commando]  # the commands this flow knows
    commando_in_zin: bool  # a command counts anywhere in a message, not only on its own
    terug_houdt_antwoord: bool  # 'terug' keeps the answer given there (the zelftest)

    def plan(self, antwoorden: Mapping[str, Any]) -> list[Vraag]: ...

    def vraag(self, vraag: Vraag, nummer: int, totaal: int, stand: Stand) -> list[Bericht]: ...

    def beoordeel(self, vraag: Vraag, tekst: str, commando: Commando | None, stand: Stand) -> Oordeel: ...

    def voorbeeld(self, vraag: Vraag) -> str | None: ...

    def max_tekens(self, vraag: Vraag) -> int: ...

    def voortgang(self, stand: Stand) -> dict[str, Any]: ...

    def rapport(self, stand: Stand, afgerond: bool) -> tuple[str, dict[str, Any]] | None: ...


class Basisroute:
    """What most flows share: only 'terug' as a command, and only as a whole message;
    no examples; the general length limit. A route overrides what differs."""

    naam = "route"
    commandos: frozenset[Commando] = frozenset({"terug"})
    commando_in_zin = False
    terug_houdt_antwoord = False

    def voorbeeld(self, vraag: Vraag) -> str | None:
        return None

    def max_tekens(self, vraag: Vraag) -> int:
        return teksten().max_tekens

    def voortgang(self, stand: Stand) -> dict[str, Any]:
        """Fields for the message after a pause (how far the user got)."""
        return {}

    def rapport(self, stand: Stand, afgerond: bool) -> tuple[str, dict[str, Any]] | None:
        """What goes into the personal report: (kind, data), or None for nothing."""
        return None


@dataclass(frozen=True)
class Verwerkt:
    """The outcome of one answer: the new state, what to say, and whether the flow is done."""

    stand: Stand
    berichten: list[Bericht]
    klaar: bool = False


# --- recognising words ------------------------------------------------------------------


def bevat(tekst: str, frase: str) -> bool:
    """Does normalised ``tekst`` hold normalised ``frase`` as whole words?"""
    return bool(frase) and re.search(rf"(?<!\w){re.escape(frase)}(?!\w)", tekst) is not None


def langste_frase(tekst: str, frasen: Mapping[str, Iterable[str]], in_zin: bool = True) -> str | None:
    """Which key's phrase matches ``tekst``; the longest matching phrase wins, so
    'klopt helemaal niet' is not 'klopt' and 'niet helemaal' is not 'helemaal'.
    With ``in_zin`` false a phrase must be the whole message."""
    schoon = normaliseer(tekst)
    beste: tuple[int, str] | None = None
    for sleutel, lijst in frasen.items():
        for frase in lijst:
            vorm = normaliseer(frase)
            past = bevat(schoon, vorm) if in_zin else schoon == vorm
            if past and (beste is None or len(vorm) > beste[0]):
                beste = (len(vorm), sleutel)
    return beste[1] if beste else None


def zonder_html(tekst: str) -> str:
    """Drop markup, and scripts with their content: '<script>alert(1)</script>' is no '1'."""
    tekst = re.sub(r"(?is)<(script|style)\b.*?(</\1\s*>|$)", " ", tekst)
    return re.sub(r"<[^>]*>", " ", tekst)


LETTERS = string.ascii_uppercase
# "optie b", "keuze 2", "ik kies voor C": the choice without the words around it.
_KEUZE = re.compile(r"(?:optie|keuze|antwoord|ik kies(?: voor)?)?\s*([a-z]|\d+)")


def kies_optie(tekst: str, opties: list[str], min_gedeeld: int = 1) -> int | None:
    """Which option a button or free text means: 'B', 'b', 'optie 2', '2', 'ik kies C',
    the option's own text, or the option that clearly shares the most words with it
    (compared on their first five letters, so 'meld' matches 'meldt'). None when unclear."""
    schoon = normaliseer(tekst)
    if not schoon:
        return None
    letters = LETTERS[: len(opties)].lower()
    if match := _KEUZE.fullmatch(schoon):
        teken = match.group(1)
        if teken.isdigit():
            return int(teken) - 1 if 1 <= int(teken) <= len(opties) else None
        return letters.index(teken) if teken in letters else None
    gelijk = [i for i, optie in enumerate(opties) if normaliseer(optie) == schoon]
    if gelijk:
        return gelijk[0]

    def stammen(t: str) -> set[str]:
        return {w[:5] for w in normaliseer(t).split() if len(w) > 3}

    woorden = stammen(schoon)
    scores = [len(woorden & stammen(optie)) for optie in opties]
    beste = max(scores, default=0)
    if beste >= min_gedeeld and scores.count(beste) == 1:
        return scores.index(beste)
    return None


def herken_commando(tekst: str, route: Route, intent: str | None = None) -> Commando | None:
    """The command in a message, if it is one this route knows."""
    kort = route.commando_in_zin or len(tekst.split()) <= MAX_WOORDEN_COMMANDO
    if intent in COMMANDO_VAN_INTENT and COMMANDO_VAN_INTENT[intent] in route.commandos and kort:
        return COMMANDO_VAN_INTENT[intent]
    woorden = teksten().commandos.dict()
    # "weet ik niet" is also a way to skip; where a flow takes it as an answer, the
    # answer wins (the first of equally long phrases wins).
    volgorde = sorted(route.commandos, key=lambda soort: soort != "weet_ik_niet")
    bekend = {soort: woorden[soort] for soort in volgorde}
    return langste_frase(zonder_html(tekst), bekend, in_zin=route.commando_in_zin)  # type: ignore[return-value]


# --- the engine --------------------------------------------------------------------------


def huidige_vraag(route: Route, stand: Stand) -> tuple[Vraag, int, int] | None:
    """The question to ask now, its 1-based number and the number of questions."""
    plan = route.plan(stand.antwoorden)
    if not plan:
        return None
    positie = min(stand.positie, len(plan) - 1)
    return plan[positie], positie + 1, len(plan)


def vraag(route: Route, stand: Stand) -> list[Bericht]:
    """The messages that put the current question to the user."""
    huidig = huidige_vraag(route, stand)
    if huidig is None:
        return []
    return route.vraag(huidig[0], huidig[1], huidig[2], stand)


# --- buttons that skip the NLU ------------------------------------------------------------
#
# A button's words ("Er is over mij gemeld", "Verder", "In vertrouwen praten met een
# vertrouwenspersoon") read to the NLU like a new request, and a request wins over the
# question being asked. So a flow may send its buttons as '/kies{"knop": "<payload>"}':
# Rasa reads the intent straight from the payload, and the engine reads the payload.
KIES_INTENT = "kies"
_KNOP = re.compile(rf"/{KIES_INTENT}(\{{.*\}})", re.DOTALL)


def als_knop(payload: str) -> str:
    """The payload of a button whose answer must reach the current question."""
    return f"/{KIES_INTENT}" + json.dumps({"knop": payload}, ensure_ascii=False)


def uit_knop(tekst: str) -> str:
    """What a '/kies{…}' button stands for; any other text as it is."""
    if match := _KNOP.fullmatch(tekst.strip()):
        try:
            waarde = json.loads(match.group(1)).get("knop")
        except (ValueError, AttributeError):
            return tekst
        if isinstance(waarde, str):
            return waarde
    return tekst


def verwerk(route: Route, stand: Stand, tekst: str, intent: str | None = None) -> Verwerkt:
    """Handle one answer to the current question."""
    tekst = uit_knop(tekst)
    huidig = huidige_vraag(route, stand)
    if huidig is None:
        return Verwerkt(stand, [], klaar=True)
    vraag_nu, nummer, _ = huidig
    positie = nummer - 1
    maximum = route.max_tekens(vraag_nu)
    if len(tekst) > maximum:
        return Verwerkt(stand, [_melding(route, "te_lang", max=maximum, lengte=len(tekst))])

    commando = herken_commando(tekst, route, intent)
    if commando == "terug":
        if positie == 0:
            return Verwerkt(replace(stand, gekozen=(), pogingen=0), [_melding(route, "eerste_stap")])
        vorige = route.plan(stand.antwoorden)[positie - 1]
        antwoorden = dict(stand.antwoorden)
        if not route.terug_houdt_antwoord:
            antwoorden.pop(vorige.sleutel, None)
        return Verwerkt(replace(stand, positie=positie - 1, antwoorden=antwoorden, gekozen=(), pogingen=0), [])
    if commando == "opnieuw":
        opnieuw = Stand(route=stand.route, context=stand.context)
        return Verwerkt(opnieuw, [_melding(route, "opnieuw")])
    if commando == "overslaan":
        return _verder(route, stand, vraag_nu, None)
    if commando == "voorbeeld" and (voorbeeld := route.voorbeeld(vraag_nu)):
        return Verwerkt(stand, [_melding(route, "voorbeeld", voorbeeld=voorbeeld)])

    oordeel = route.beoordeel(vraag_nu, tekst, commando, stand)
    if oordeel.soort == "goed":
        return _verder(route, stand, vraag_nu, oordeel.waarde)
    if oordeel.soort == "keuze_erbij":
        return Verwerkt(replace(stand, gekozen=tuple(oordeel.waarde), pogingen=0), [])
    if oordeel.soort == "anders":
        return Verwerkt(stand, [oordeel.melding] if oordeel.melding else [])
    pogingen = stand.pogingen + 1
    if pogingen >= teksten().max_pogingen:
        melding = _melding(route, "nog_steeds_onduidelijk")
    else:
        melding = oordeel.melding or _melding(route, "onduidelijk")
    return Verwerkt(replace(stand, pogingen=pogingen), [melding])


def _verder(route: Route, stand: Stand, vraag_nu: Vraag, waarde: Any) -> Verwerkt:
    """Keep the answer and go to the next question; done after the last one."""
    antwoorden = {**stand.antwoorden, vraag_nu.sleutel: waarde}
    positie = min(stand.positie, len(route.plan(stand.antwoorden)) - 1) + 1
    klaar = positie >= len(route.plan(antwoorden))
    return Verwerkt(replace(stand, positie=positie, antwoorden=antwoorden, gekozen=(), pogingen=0), [], klaar=klaar)


# The response after 'stop' per behaviour of data/teksten.yml (bij_stoppen); 'vragen'
# with nothing to keep yet just stops.
NA_STOPPEN = {"pauzeren": "gepauzeerd", "stoppen": "gestopt", "vragen": "gestopt"}


def nodige_responses(route: Route) -> set[str]:
    """The responses the engine and the form base may send for this route."""
    gebeurtenissen = [g for g in GEBEURTENISSEN if g != "eerste_stap" or "terug" in route.commandos]
    gebeurtenissen += ["help", *(c for c in ("opnieuw", "voorbeeld") if c in route.commandos)]
    if (bij_stoppen := teksten().bij_stoppen.get(route.naam)) in NA_STOPPEN:
        gebeurtenissen.append(NA_STOPPEN[bij_stoppen])
    return {f"utter_{route.naam}_{g}" for g in gebeurtenissen}


def _melding(route: Route, gebeurtenis: str, **velden: Any) -> Bericht:
    return Bericht(response=f"utter_{route.naam}_{gebeurtenis}", velden=velden)
