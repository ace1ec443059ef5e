"""The group session: a fractie works through a casus or werkvorm on a shared screen.

This module is the session model only: codes, members, rounds, answers and what
the shared screen may show. The chat and the presenter page (issue 8) are built on
it. The rules that make it safe to show on a big screen live here, once:

- a member is never named: counts and results only, never who answered what;
- no result while a round is open, and none with fewer answers than the minimum
  (default 3); free text only after the facilitator releases it, minus what was
  hidden;
- the join code is six digits, but guessing is slowed down: after a few wrong
  codes in a short time, a person has to wait;
- sessions expire after inactivity and are deleted after the retention period
  (``storage.ruim_op``); a member's "verwijder mijn gegevens" removes their
  answers too (``storage.verwijder_alles``).
"""

from __future__ import annotations

import json
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot import intern, sessieplan, storage
from bot.zelftest import Uitslag as ZelftestUitslag

MINIMUM_ANTWOORDEN = storage.MINIMUM_ANTWOORDEN
CODE_LENGTE = storage.SESSIECODE_LENGTE
MAX_FOUTE_CODES = 5  # per person, within FOUTE_CODES_VENSTER
FOUTE_CODES_VENSTER = 10 * 60  # seconds
VERLOOPT_NA = 4 * 3600  # a session without any activity for this long is over
KLEUREN = ("groen", "oranje", "rood")

sessies, deelnemers = storage.sessies, storage.sessie_deelnemers
antwoorden, code_pogingen = storage.sessie_antwoorden, storage.sessie_codepogingen


@dataclass(frozen=True)
class Sessie:
    code: str
    sleutel: str
    begeleider: str
    onderwerp: dict[str, Any]
    stap: int
    ronde: int
    ronde_open: bool
    minimum: int
    beeindigd: bool
    verloop: dict[str, Any]

    @property
    def stap_sleutel(self) -> str:
        """The key of the current step ("situatie", "scene:bericht", …)."""
        return self.verloop["pad"][-1]

    def huidige_stap(self) -> sessieplan.Stap:
        return sessieplan.stap(self.onderwerp, self.stap_sleutel)

    def stap_van_ronde(self, ronde: int) -> str | None:
        return self.verloop["rondes"].get(str(ronde))


@dataclass(frozen=True)
class Stand:
    """What the shared screen may show at any moment: counts, never names."""

    deelnemers: int
    beantwoord: int  # in the current round
    ronde_open: bool


@dataclass(frozen=True)
class Uitslag:
    """The result of a closed round, or why there is none to show."""

    getoond: bool
    reden: str | None  # "ronde_open", "te_weinig", None when shown
    aantal: int
    per_antwoord: dict[str, int]
    teksten: list[tuple[str, str]]  # (id, text) released and not hidden


class SessieFout(Exception):
    """Why a request about a session cannot be done; ``reden`` is a stable key
    the chat turns into Dutch ("onbekend", "beeindigd", "wacht", "geen_ronde")."""

    def __init__(self, reden: str) -> None:
        self.reden = reden
        super().__init__(reden)


class Sessies:
    """All group sessions, in Kompas's database."""

    def __init__(self, eng: Engine | None = None, klok: Callable[[], float] = time.time) -> None:
        self.eng = eng or storage.engine()
        self.klok = klok

    # --- the facilitator ------------------------------------------------------------

    def start(self, begeleider: str, onderwerp: dict[str, Any], minimum: int | None = None) -> Sessie:
        """A new session with a fresh join code and presenter key. Raises
        ``sessieplan.PlanFout`` when the casus or werkvorm does not exist."""
        eerste = sessieplan.eerste(onderwerp)
        sessieplan.stap(onderwerp, eerste)  # the subject must exist before anyone joins
        if minimum is None:
            minimum = sessieplan.inhoud().minimum_antwoorden
        nu = self.klok()
        with self.eng.begin() as conn:
            for _ in range(50):
                code = f"{secrets.randbelow(10**CODE_LENGTE):0{CODE_LENGTE}d}"
                if conn.execute(sa.select(sessies.c.code).where(sessies.c.code == code)).first() is None:
                    break
            else:  # pragma: no cover - a million codes, a few hundred sessions at most
                raise SessieFout("geen_code")
            conn.execute(
                sessies.insert().values(
                    code=code,
                    sleutel=secrets.token_urlsafe(24),
                    begeleider=begeleider,
                    onderwerp=json.dumps(onderwerp, ensure_ascii=False),
                    verloop=json.dumps({"pad": [eerste], "rondes": {}}),
                    stap=0,
                    ronde=0,
                    ronde_open=False,
                    minimum=max(1, minimum),
                    gemaakt=nu,
                    actief=nu,
                    beeindigd=False,
                )
            )
        return self.met_code(code)

    def met_sleutel(self, sleutel: str, ook_beeindigd: bool = False) -> Sessie:
        """The session a presenter key controls (raises when unknown, or when over
        unless ``ook_beeindigd``: the summary of an ended session stays reachable)."""
        with self.eng.connect() as conn:
            rij = conn.execute(sa.select(sessies).where(sessies.c.sleutel == sleutel)).first()
        return self._levend(rij, ook_beeindigd)

    def open_ronde(self, sleutel: str) -> Sessie:
        """Open a round on the current step: members can answer (again from scratch)."""
        sessie = self.met_sleutel(sleutel)
        if sessie.ronde_open:
            return sessie
        if not sessie.huidige_stap().heeft_ronde:
            raise SessieFout("geen_vraag")
        verloop = dict(sessie.verloop, rondes={**sessie.verloop["rondes"], str(sessie.ronde + 1): sessie.stap_sleutel})
        self._bijwerken(sessie.code, ronde=sessie.ronde + 1, ronde_open=True, verloop=json.dumps(verloop))
        return self.met_code(sessie.code)

    def sluit_ronde(self, sleutel: str) -> Sessie:
        sessie = self.met_sleutel(sleutel)
        self._bijwerken(sessie.code, ronde_open=False)
        return self.met_code(sessie.code)

    def volgende_stap(self, sleutel: str, keuze: int | None = None) -> Sessie:
        """On to the next step (an open round closes first). In a casus story the
        group's majority picks the way; ``keuze`` (0-based) overrides it, and with no
        result to show (too few answers) the facilitator's choice or the first option
        is taken, so the path never gives away a small group's votes."""
        sessie = self.met_sleutel(sleutel)
        huidig = sessie.stap_sleutel
        if keuze is None and huidig.startswith("scene:"):
            keuze = self.meerderheid(sessie)
        keuzes = sessie.verloop.get("keuzes", {})
        stap_sleutel, keuzes = sessieplan.verder(sessie.onderwerp, huidig, keuze, keuzes)
        return self._ga_naar(sessie, stap_sleutel, keuzes=keuzes)

    def toon_toelichting(self, sleutel: str) -> Sessie:
        sessie = self.met_sleutel(sleutel)
        if sessie.onderwerp.get("soort") == "zelftest":
            raise SessieFout("geen_toelichting")
        return self._ga_naar(sessie, "toelichting") if sessie.stap_sleutel != "toelichting" else sessie

    def maar_wat_als(self, sleutel: str) -> Sessie:
        """The next "Maar wat als …?" of the casus the group has not had yet."""
        sessie = self.met_sleutel(sleutel)
        variant = sessieplan.volgende_variant(sessie.onderwerp, sessie.verloop["pad"])
        if variant is None:
            raise SessieFout("geen_variant")
        return self._ga_naar(sessie, variant)

    def meerderheid(self, sessie: Sessie) -> int | None:
        """The option most members chose in the last round of this step (ties: the
        first of them), only when that result may be shown."""
        ronde = self._laatste_ronde_van(sessie, sessie.stap_sleutel)
        if ronde is None:
            return None
        uitslag = self.uitslag(sessie.code, ronde)
        stap = sessie.huidige_stap()
        if not uitslag.getoond or not stap.opties:
            return None
        tellingen = [uitslag.per_antwoord.get(sessieplan.LETTERS[i], 0) for i in range(len(stap.opties))]
        return tellingen.index(max(tellingen)) if max(tellingen) else None

    def _laatste_ronde_van(self, sessie: Sessie, stap_sleutel: str) -> int | None:
        rondes = [int(r) for r, s in sessie.verloop["rondes"].items() if s == stap_sleutel]
        return max(rondes) if rondes else None

    def _ga_naar(self, sessie: Sessie, stap_sleutel: str, keuzes: dict[str, Any] | None = None) -> Sessie:
        sessieplan.stap(sessie.onderwerp, stap_sleutel)  # raises when the content is gone
        verloop = dict(sessie.verloop, pad=[*sessie.verloop["pad"], stap_sleutel])
        if keuzes is not None:  # the group's way through a story
            verloop["keuzes"] = keuzes
        self._bijwerken(sessie.code, stap=sessie.stap + 1, ronde_open=False, verloop=json.dumps(verloop))
        return self.met_code(sessie.code)

    def geef_teksten_vrij(self, sleutel: str, verbergen: set[str] = frozenset()) -> None:
        """Show the free-text contributions of the last round, except the hidden ones."""
        sessie = self.met_sleutel(sleutel)
        with self.eng.begin() as conn:
            ronde = (antwoorden.c.code == sessie.code) & (antwoorden.c.ronde == sessie.ronde)
            if verbergen:
                conn.execute(antwoorden.update().where(ronde & antwoorden.c.id.in_(verbergen)).values(verborgen=True))
            conn.execute(antwoorden.update().where(ronde).values(vrijgegeven=True))

    def bijdragen(self, sleutel: str) -> list[dict[str, Any]]:
        """The free-text contributions of the current step's last closed round, for the
        facilitator to check on their own screen before releasing them."""
        sessie = self.met_sleutel(sleutel)
        ronde = self._laatste_ronde_van(sessie, sessie.stap_sleutel)
        if ronde is None or (ronde == sessie.ronde and sessie.ronde_open):
            return []
        with self.eng.connect() as conn:
            rijen = conn.execute(
                sa.select(antwoorden.c.id, antwoorden.c.antwoord, antwoorden.c.verborgen)
                .where(antwoorden.c.code == sessie.code, antwoorden.c.ronde == ronde)
                .order_by(antwoorden.c.tijd)
            ).all()
        return [{"id": r.id, "tekst": r.antwoord, "verborgen": r.verborgen} for r in rijen]

    def verberg(self, sleutel: str, antwoord_id: str, verborgen: bool = True) -> None:
        """Keep one contribution off the screen (or show it again)."""
        sessie = self.met_sleutel(sleutel)
        with self.eng.begin() as conn:
            conn.execute(
                antwoorden.update()
                .where(antwoorden.c.code == sessie.code, antwoorden.c.id == antwoord_id)
                .values(verborgen=verborgen)
            )

    def beeindig(self, sleutel: str) -> Sessie:
        sessie = self.met_sleutel(sleutel)
        self._bijwerken(sessie.code, ronde_open=False, beeindigd=True)
        return self.met_code(sessie.code, ook_beeindigd=True)

    def verwijder(self, sleutel: str) -> None:
        """The facilitator deletes the session: members, answers and all."""
        with self.eng.connect() as conn:
            rij = conn.execute(sa.select(sessies.c.code).where(sessies.c.sleutel == sleutel)).first()
        if rij is None:
            raise SessieFout("onbekend")
        self._verwijder_code(rij.code)

    # --- the members --------------------------------------------------------------------

    def doe_mee(self, code: str, sender_id: str, kanaal: str | None = None) -> Sessie:
        """Join with a code. Wrong codes are counted: after MAX_FOUTE_CODES within the
        window, every attempt (right or wrong) waits until the window has passed."""
        nu = self.klok()
        code = "".join(c for c in str(code) if c.isdigit())
        with self.eng.begin() as conn:
            recent = conn.execute(
                sa.select(sa.func.count())
                .select_from(code_pogingen)
                .where(code_pogingen.c.sender_id == sender_id, code_pogingen.c.tijd > nu - FOUTE_CODES_VENSTER)
            ).scalar()
            if recent >= MAX_FOUTE_CODES:
                raise SessieFout("wacht")
            rij = conn.execute(sa.select(sessies).where(sessies.c.code == code)).first()
            onbekend = rij is None or self._verlopen(rij)
            if onbekend:
                conn.execute(code_pogingen.insert().values(sender_id=sender_id, tijd=nu))
        if onbekend:  # raised outside the transaction, so the attempt stays counted
            raise SessieFout("onbekend")
        with self.eng.begin() as conn:
            if rij.beeindigd:
                raise SessieFout("beeindigd")
            bestaat = conn.execute(
                sa.select(deelnemers.c.sender_id).where(deelnemers.c.code == code, deelnemers.c.sender_id == sender_id)
            ).first()
            if bestaat is None:
                conn.execute(deelnemers.insert().values(code=code, sender_id=sender_id, sinds=nu, kanaal=kanaal))
            else:
                conn.execute(
                    deelnemers.update()
                    .where(deelnemers.c.code == code, deelnemers.c.sender_id == sender_id)
                    .values(kanaal=kanaal)
                )
            conn.execute(sessies.update().where(sessies.c.code == code).values(actief=nu))
        return self.met_code(code)

    def sessie_van(self, sender_id: str, ook_beeindigd: bool = False) -> Sessie | None:
        """The live session this member takes part in, if any (with ``ook_beeindigd``:
        also one the facilitator has just ended)."""
        with self.eng.connect() as conn:
            codes = [
                r.code
                for r in conn.execute(
                    sa.select(deelnemers.c.code)
                    .where(deelnemers.c.sender_id == sender_id)
                    .order_by(deelnemers.c.sinds.desc())
                )
            ]
        for code in codes:
            try:
                return self.met_code(code, ook_beeindigd=ook_beeindigd)
            except SessieFout:
                continue
        return None

    def antwoord(self, code: str, sender_id: str, tekst: str) -> None:
        """Answer the open round; answering again changes the answer."""
        sessie = self.met_code(code)
        if not sessie.ronde_open:
            raise SessieFout("geen_ronde")
        tekst = " ".join(str(tekst).split())[: sessieplan.MAX_ANTWOORD]
        if not tekst:
            raise SessieFout("leeg")
        nu = self.klok()
        with self.eng.begin() as conn:
            if (
                conn.execute(
                    sa.select(deelnemers.c.sender_id).where(
                        deelnemers.c.code == code, deelnemers.c.sender_id == sender_id
                    )
                ).first()
                is None
            ):
                raise SessieFout("geen_deelnemer")
            waar = (
                (antwoorden.c.code == code)
                & (antwoorden.c.ronde == sessie.ronde)
                & (antwoorden.c.sender_id == sender_id)
            )
            if conn.execute(sa.select(antwoorden.c.id).where(waar)).first():
                conn.execute(antwoorden.update().where(waar).values(antwoord=tekst, tijd=nu))
            else:
                conn.execute(
                    antwoorden.insert().values(
                        id=secrets.token_hex(8),
                        code=code,
                        ronde=sessie.ronde,
                        sender_id=sender_id,
                        antwoord=tekst,
                        verborgen=False,
                        vrijgegeven=False,
                        tijd=nu,
                    )
                )
            conn.execute(sessies.update().where(sessies.c.code == code).values(actief=nu))

    def mijn_antwoord(self, code: str, sender_id: str) -> str | None:
        """A member's own answer in the current round (to show it back after a reload)."""
        sessie = self.met_code(code)
        with self.eng.connect() as conn:
            rij = conn.execute(
                sa.select(antwoorden.c.antwoord).where(
                    antwoorden.c.code == code, antwoorden.c.ronde == sessie.ronde, antwoorden.c.sender_id == sender_id
                )
            ).first()
        return rij.antwoord if rij else None

    def verlaat(self, code: str, sender_id: str) -> None:
        """Leave the session; answers already given stay counted (anonymously)."""
        with self.eng.begin() as conn:
            conn.execute(deelnemers.delete().where(deelnemers.c.code == code, deelnemers.c.sender_id == sender_id))

    # --- what the screen may show ----------------------------------------------------------

    def stand(self, code: str) -> Stand:
        sessie = self.met_code(code, ook_beeindigd=True)
        with self.eng.connect() as conn:
            aantal = conn.execute(
                sa.select(sa.func.count()).select_from(deelnemers).where(deelnemers.c.code == code)
            ).scalar()
            beantwoord = conn.execute(
                sa.select(sa.func.count())
                .select_from(antwoorden)
                .where(antwoorden.c.code == code, antwoorden.c.ronde == sessie.ronde)
            ).scalar()
        return Stand(deelnemers=aantal, beantwoord=beantwoord if sessie.ronde else 0, ronde_open=sessie.ronde_open)

    def uitslag(self, code: str, ronde: int | None = None) -> Uitslag:
        """The result of a round, only once it is closed and enough people answered."""
        sessie = self.met_code(code, ook_beeindigd=True)
        ronde = sessie.ronde if ronde is None else ronde
        with self.eng.connect() as conn:
            rijen = conn.execute(
                sa.select(antwoorden.c.id, antwoorden.c.antwoord, antwoorden.c.verborgen, antwoorden.c.vrijgegeven)
                .where(antwoorden.c.code == code, antwoorden.c.ronde == ronde)
                .order_by(antwoorden.c.tijd)
            ).all()
        if ronde == sessie.ronde and sessie.ronde_open:
            return Uitslag(False, "ronde_open", len(rijen), {}, [])
        if len(rijen) < sessie.minimum:
            return Uitslag(False, "te_weinig", len(rijen), {}, [])
        per_antwoord = dict(Counter(r.antwoord for r in rijen).most_common())
        teksten = [(r.id, r.antwoord) for r in rijen if r.vrijgegeven and not r.verborgen]
        return Uitslag(True, None, len(rijen), per_antwoord, teksten)

    def geleid_door(self, sender_id: str) -> Sessie | None:
        """The newest live session this conversation leads as facilitator."""
        with self.eng.connect() as conn:
            codes = [
                r.code
                for r in conn.execute(
                    sa.select(sessies.c.code)
                    .where(sessies.c.begeleider == sender_id, sessies.c.beeindigd.is_(False))
                    .order_by(sessies.c.gemaakt.desc())
                )
            ]
        for code in codes:
            try:
                return self.met_code(code)
            except SessieFout:
                continue
        return None

    def widget_deelnemers(self, code: str) -> list[str]:
        """Members in the web widget: they get an opened round pushed into their chat."""
        with self.eng.connect() as conn:
            return [
                r.sender_id
                for r in conn.execute(
                    sa.select(deelnemers.c.sender_id).where(
                        deelnemers.c.code == code, deelnemers.c.kanaal == "socketio"
                    )
                )
            ]

    def scherm(self, sleutel: str) -> dict[str, Any]:
        """Everything the presenter page shows, as plain data: the step, the counts,
        and a result only where one may be shown. Never a member's id."""
        sessie = self.met_sleutel(sleutel)
        stap = sessie.huidige_stap()
        stand = self.stand(sessie.code)
        ronde = self._laatste_ronde_van(sessie, sessie.stap_sleutel)
        return {
            "code": sessie.code,
            "beeindigd": sessie.beeindigd,
            "stap": _stap_als_data(stap),
            "deelnemers": stand.deelnemers,
            "ronde": ronde,
            "ronde_open": sessie.ronde_open and ronde == sessie.ronde,
            "beantwoord": stand.beantwoord if ronde == sessie.ronde else 0,
            "minimum": sessie.minimum,
            "uitslag": self._uitslag_als_data(sessie, stap, ronde) if ronde is not None else None,
            "variant_over": sessieplan.volgende_variant(sessie.onderwerp, sessie.verloop["pad"]) is not None,
            "keuzes_na_ronde": list(stap.opties) if stap.soort == "scene" else [],
        }

    def samenvatting(self, sleutel: str) -> dict[str, Any]:
        """The whole session for the summary: every step with its round's result
        (only what the screen could show). No individual answers."""
        sessie = self.met_sleutel(sleutel, ook_beeindigd=True)
        stappen = []
        for sleutel_stap in dict.fromkeys(sessie.verloop["pad"]):  # each step once, in order
            try:
                stap = sessieplan.stap(sessie.onderwerp, sleutel_stap)
            except sessieplan.PlanFout:
                continue
            ronde = self._laatste_ronde_van(sessie, sleutel_stap)
            stappen.append(
                {
                    "stap": _stap_als_data(stap),
                    "uitslag": self._uitslag_als_data(sessie, stap, ronde) if ronde is not None else None,
                }
            )
        return {"code": sessie.code, "onderwerp": sessie.onderwerp, "stappen": stappen, "minimum": sessie.minimum}

    def _uitslag_als_data(self, sessie: Sessie, stap: sessieplan.Stap, ronde: int) -> dict[str, Any]:
        uitslag = self.uitslag(sessie.code, ronde)
        data: dict[str, Any] = {"getoond": uitslag.getoond, "reden": uitslag.reden, "aantal": uitslag.aantal}
        if not uitslag.getoond:
            return data
        if stap.soort == "zelftest":
            data["spiegel"] = self.zelftest_spiegel(sessie.code, ronde)
        elif stap.opties:
            data["stemmen"] = [
                {"letter": letter, "optie": optie, "aantal": uitslag.per_antwoord.get(letter, 0)}
                for letter, optie in zip(sessieplan.LETTERS, stap.opties, strict=False)
            ]
        else:
            data["teksten"] = [{"id": i, "tekst": t} for i, t in uitslag.teksten]
            data["vrijgegeven"] = self._vrijgegeven(sessie.code, ronde)
        return data

    def _vrijgegeven(self, code: str, ronde: int) -> bool:
        with self.eng.connect() as conn:
            return (
                conn.execute(
                    sa.select(antwoorden.c.id).where(
                        antwoorden.c.code == code, antwoorden.c.ronde == ronde, antwoorden.c.vrijgegeven.is_(True)
                    )
                ).first()
                is not None
            )

    # --- privacy and housekeeping -----------------------------------------------------------

    def deel_zelftest(self, code: str, sender_id: str, uitslag: ZelftestUitslag) -> None:
        """A member's part in the group zelftest: only the colour per block of their
        result, never the answers; their personal report stays theirs."""
        kleuren = {blok.naam: blok.kleur for blok in uitslag.blokken if blok.kleur}
        self.antwoord(code, sender_id, json.dumps(kleuren, ensure_ascii=False))

    def deel_als_spiegel(self, sender_id: str, uitslag: ZelftestUitslag) -> bool:
        """A member finished the zelftest: if their session has its mirror round open,
        their colours count there (anonymously). True when shared."""
        sessie = self.sessie_van(sender_id)
        if sessie is None or not sessie.ronde_open or sessie.stap_sleutel != "zelftest":
            return False
        self.deel_zelftest(sessie.code, sender_id, uitslag)
        return True

    def zelftest_spiegel(self, code: str, ronde: int | None = None) -> dict[str, dict[str, int]] | None:
        """The group mirror: per block how many members have which colour. None while
        the round is open or below the minimum: then the screen says so instead."""
        uitslag = self.uitslag(code, ronde)
        if not uitslag.getoond:
            return None
        per_blok: dict[str, Counter[str]] = {}
        for antwoord, aantal in uitslag.per_antwoord.items():
            try:
                kleuren = json.loads(antwoord)
            except ValueError:
                continue  # typed text in a zelftest round: not a colour
            if not isinstance(kleuren, dict):
                continue
            for blok, kleur in kleuren.items():
                if kleur in KLEUREN:
                    per_blok.setdefault(str(blok), Counter())[kleur] += aantal
        return {blok: {k: telling[k] for k in KLEUREN} for blok, telling in per_blok.items()}

    # --- inside ------------------------------------------------------------------------------

    def met_code(self, code: str, ook_beeindigd: bool = False) -> Sessie:
        with self.eng.connect() as conn:
            rij = conn.execute(sa.select(sessies).where(sessies.c.code == code)).first()
        return self._levend(rij, ook_beeindigd)

    def _levend(self, rij: Any, ook_beeindigd: bool = False) -> Sessie:
        if rij is None or self._verlopen(rij):
            raise SessieFout("onbekend")
        if rij.beeindigd and not ook_beeindigd:
            raise SessieFout("beeindigd")
        return Sessie(
            code=rij.code,
            sleutel=rij.sleutel,
            begeleider=rij.begeleider,
            onderwerp=json.loads(rij.onderwerp),
            stap=rij.stap,
            ronde=rij.ronde,
            ronde_open=rij.ronde_open,
            minimum=rij.minimum,
            beeindigd=rij.beeindigd,
            verloop=json.loads(rij.verloop),
        )

    def _verlopen(self, rij: Any) -> bool:
        return rij.actief < self.klok() - VERLOOPT_NA

    def _bijwerken(self, code: str, **waarden: Any) -> None:
        with self.eng.begin() as conn:
            conn.execute(sessies.update().where(sessies.c.code == code).values(actief=self.klok(), **waarden))

    def _verwijder_code(self, code: str) -> None:
        with self.eng.begin() as conn:
            storage.verwijder_groepssessies(conn, [code])


def _stap_als_data(stap: sessieplan.Stap) -> dict[str, Any]:
    return {
        "sleutel": stap.sleutel,
        "soort": stap.soort,
        "titel": stap.titel,
        "tekst": stap.tekst,
        "vraag": stap.vraag,
        "opties": [
            {"letter": letter, "tekst": optie} for letter, optie in zip(sessieplan.LETTERS, stap.opties, strict=False)
        ],
        "vrije_tekst": stap.vrije_tekst,
        "regels": [{"tekst": t, "bron": b} for t, b in stap.regels],
        "na_de_ronde": stap.na_de_ronde,
        "heeft_ronde": stap.heeft_ronde,
    }


# What the facilitator can do, from the presenter page or their own chat.
BEDIENING = ("open", "sluit", "vrijgeven", "volgende", "toelichting", "variant", "einde")


def bedien(sessies: Sessies, sleutel: str, verzoek: dict[str, Any]) -> Sessie:
    """Carry out one control action (or raise SessieFout). Opening a round and
    ending the session are pushed into the members' widget chats."""
    actie = verzoek.get("actie")
    if actie == "open":
        sessie = sessies.open_ronde(sleutel)
    elif actie == "sluit":
        sessie = sessies.sluit_ronde(sleutel)
    elif actie == "volgende":
        keuze = verzoek.get("keuze")
        sessie = sessies.volgende_stap(sleutel, keuze if isinstance(keuze, int) else None)
    elif actie == "toelichting":
        sessie = sessies.toon_toelichting(sleutel)
    elif actie == "variant":
        sessie = sessies.maar_wat_als(sleutel)
    elif actie == "vrijgeven":
        sessies.geef_teksten_vrij(sleutel)
        sessie = sessies.met_sleutel(sleutel)
    elif actie in ("verberg", "toon") and isinstance(verzoek.get("id"), str):
        sessies.verberg(sleutel, verzoek["id"], verborgen=actie == "verberg")
        sessie = sessies.met_sleutel(sleutel)
    elif actie == "einde":
        sessie = sessies.beeindig(sleutel)
    else:
        raise SessieFout("onbekende_actie")
    if actie in ("open", "einde"):
        intern.duw_ronde(sessies.widget_deelnemers(sessie.code))
    return sessie
