"""One SQL database for Rasa's conversations and Kompas's own data.

``DATABASE_URL`` chooses the database (default: an SQLite file in ``var/``); Rasa's
tracker store (:class:`KompasTrackerStore`), the action server and the web app all
use it. Deleting a user's data removes both the conversation and every stored item.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot import instellingen

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = PROJECT_DIR / "var" / "kompas.db"
# The action that deletes a user's data; the tracker store recognises it (see below).
VERWIJDER_ACTIE = "action_verwijder_gegevens"
RASA_EVENTS_TABEL = "events"
ACTION_LISTEN = "action_listen"
REQUESTED_SLOT = "requested_slot"  # the table of rasa.core.tracker_store.SQLTrackerStore

logger = logging.getLogger(__name__)

metadata = sa.MetaData()

rapporten = sa.Table(
    "kompas_rapporten",
    metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    # The unguessable part of the report link.
    sa.Column("token", sa.String(64), nullable=False, unique=True, index=True),
    sa.Column("gemaakt", sa.Float, nullable=False),
)

onderdelen = sa.Table(
    "kompas_onderdelen",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("soort", sa.String(64), nullable=False),  # "zelftest", later "dilemma", ...
    sa.Column("gemaakt", sa.Float, nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # JSON
)


# Which conversations come from one browser: the chat page keeps a random key in
# the browser's own storage and sends it with every message, so "verwijder mijn
# gegevens" can remove earlier conversations from the same device too.
apparaten = sa.Table(
    "kompas_apparaten",
    metadata,
    sa.Column("apparaat", sa.String(64), primary_key=True),
    sa.Column("sender_id", sa.String(255), primary_key=True, index=True),
)
APPARAAT_SLEUTEL = re.compile(r"[0-9a-f]{32}")

# Group sessions (the logic is in bot.groepssessie; the tables are here so that
# deleting a person's data can reach them from every process).
SESSIECODE_LENGTE = 6
MINIMUM_ANTWOORDEN = 3

sessies = sa.Table(
    "kompas_sessies",
    metadata,
    sa.Column("code", sa.String(SESSIECODE_LENGTE), primary_key=True),
    # The unguessable key in the presenter link: only it gives control.
    sa.Column("sleutel", sa.String(64), nullable=False, unique=True, index=True),
    sa.Column("begeleider", sa.String(255), nullable=False),  # the facilitator's conversation
    sa.Column("onderwerp", sa.Text, nullable=False),  # JSON: {"soort": "casus", "casus": …}
    # JSON: the steps taken so far ("pad") and which step each round asked ("rondes").
    sa.Column("verloop", sa.Text, nullable=False, default="{}"),
    sa.Column("stap", sa.Integer, nullable=False, default=0),
    sa.Column("ronde", sa.Integer, nullable=False, default=0),  # 0: no round yet
    sa.Column("ronde_open", sa.Boolean, nullable=False, default=False),
    sa.Column("minimum", sa.Integer, nullable=False, default=MINIMUM_ANTWOORDEN),
    sa.Column("gemaakt", sa.Float, nullable=False),
    sa.Column("actief", sa.Float, nullable=False),
    sa.Column("beeindigd", sa.Boolean, nullable=False, default=False),
)

sessie_deelnemers = sa.Table(
    "kompas_sessie_deelnemers",
    metadata,
    sa.Column("code", sa.String(SESSIECODE_LENGTE), primary_key=True),
    sa.Column("sender_id", sa.String(255), primary_key=True, index=True),
    sa.Column("sinds", sa.Float, nullable=False),
    # The channel the member joined from: only the widget ("socketio") gets a round pushed.
    sa.Column("kanaal", sa.String(32), nullable=True),
)

sessie_antwoorden = sa.Table(
    "kompas_sessie_antwoorden",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("code", sa.String(SESSIECODE_LENGTE), nullable=False, index=True),
    sa.Column("ronde", sa.Integer, nullable=False),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("antwoord", sa.Text, nullable=False),
    sa.Column("verborgen", sa.Boolean, nullable=False, default=False),
    sa.Column("vrijgegeven", sa.Boolean, nullable=False, default=False),
    sa.Column("tijd", sa.Float, nullable=False),
    sa.UniqueConstraint("code", "ronde", "sender_id"),
)

sessie_codepogingen = sa.Table(
    "kompas_sessie_codepogingen",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("tijd", sa.Float, nullable=False),
)


def database_url() -> str:
    url = instellingen.database_url()
    if url:
        return url
    DEFAULT_DATABASE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_DATABASE}"


# Three processes share one SQLite file: write-ahead logging lets readers go on
# while one writes, and a writer waits (up to the timeout) instead of failing with
# "database is locked". Registered on every engine, Rasa's tracker store included.
SQLITE_WACHTTIJD_MS = 30_000


@sa.event.listens_for(Engine, "connect")
def _sqlite_instellingen(verbinding: Any, _record: Any) -> None:
    if type(verbinding).__module__.startswith(("sqlite3", "pysqlite")):
        cursor = verbinding.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_WACHTTIJD_MS}")
        cursor.close()


_engine_lock = threading.Lock()


def engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: :func:`database_url`), with Kompas's tables.

    Locked: the web app's cleanup thread and a request may both ask first, and two
    ``create_all`` calls at once fail on SQLite ("table already exists")."""
    with _engine_lock:
        return _engine(url or database_url())


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    eng = sa.create_engine(url, future=True, pool_pre_ping=True)
    _vernieuw_groepstabellen(eng)
    metadata.create_all(eng)
    return eng


GROEPSTABELLEN = (sessie_antwoorden, sessie_deelnemers, sessie_codepogingen, sessies)


def _vernieuw_groepstabellen(eng: Engine) -> None:
    """Group-session tables from before their first release (no ``verloop``) held
    no usable session: they are replaced by the current ones."""
    kolommen = {k["name"] for k in sa.inspect(eng).get_columns(sessies.name)} if _heeft_tabel(eng) else set()
    if kolommen and "verloop" not in kolommen:
        logger.info("Groepssessie-tabellen van een oude versie vervangen")
        for tabel in GROEPSTABELLEN:
            tabel.drop(eng, checkfirst=True)


def _heeft_tabel(eng: Engine) -> bool:
    return sa.inspect(eng).has_table(sessies.name)


engine.cache_clear = _engine.cache_clear  # type: ignore[attr-defined]


# --- the personal report -----------------------------------------------------------


def rapport_token(sender_id: str, eng: Engine | None = None) -> str:
    """The report token of a conversation, created on first use."""
    eng = eng or engine()
    with eng.begin() as conn:
        rij = conn.execute(sa.select(rapporten.c.token).where(rapporten.c.sender_id == sender_id)).first()
        if rij:
            return rij.token
        token = secrets.token_urlsafe(24)
        conn.execute(rapporten.insert().values(sender_id=sender_id, token=token, gemaakt=time.time()))
        return token


def sender_van_token(token: str, eng: Engine | None = None) -> str | None:
    eng = eng or engine()
    with eng.connect() as conn:
        rij = conn.execute(sa.select(rapporten.c.sender_id).where(rapporten.c.token == token)).first()
    return rij.sender_id if rij else None


def bewaar_onderdeel(sender_id: str, soort: str, data: dict[str, Any], eng: Engine | None = None) -> str:
    """Store one item of the personal report; returns its id."""
    eng = eng or engine()
    onderdeel_id = secrets.token_urlsafe(12)
    with eng.begin() as conn:
        conn.execute(
            onderdelen.insert().values(
                id=onderdeel_id,
                sender_id=sender_id,
                soort=soort,
                gemaakt=time.time(),
                data=json.dumps(data, ensure_ascii=False),
            )
        )
    return onderdeel_id


def onderdelen_van(sender_id: str, soort: str | None = None, eng: Engine | None = None) -> list[dict[str, Any]]:
    """Stored items of a conversation, oldest first."""
    eng = eng or engine()
    query = sa.select(onderdelen).where(onderdelen.c.sender_id == sender_id)
    if soort:
        query = query.where(onderdelen.c.soort == soort)
    with eng.connect() as conn:
        rijen = conn.execute(query.order_by(onderdelen.c.gemaakt)).all()
    return [{"id": r.id, "soort": r.soort, "gemaakt": r.gemaakt, "data": json.loads(r.data)} for r in rijen]


def onderdeel(onderdeel_id: str, eng: Engine | None = None) -> dict[str, Any] | None:
    eng = eng or engine()
    with eng.connect() as conn:
        r = conn.execute(sa.select(onderdelen).where(onderdelen.c.id == onderdeel_id)).first()
    if not r:
        return None
    return {"id": r.id, "sender_id": r.sender_id, "soort": r.soort, "data": json.loads(r.data)}


# --- deleting -----------------------------------------------------------------------


def koppel_apparaat(sender_id: str, apparaat: str, eng: Engine | None = None) -> None:
    """Remember that this conversation runs on this device (a random key)."""
    if not APPARAAT_SLEUTEL.fullmatch(apparaat or ""):
        return
    eng = eng or engine()
    with eng.begin() as conn:
        bestaat = conn.execute(
            sa.select(apparaten.c.sender_id).where(apparaten.c.apparaat == apparaat, apparaten.c.sender_id == sender_id)
        ).first()
        if not bestaat:
            conn.execute(apparaten.insert().values(apparaat=apparaat, sender_id=sender_id))


def gesprekken_van_hetzelfde_apparaat(sender_id: str, eng: Engine | None = None) -> set[str]:
    """This conversation and every other one started on a device it ran on."""
    eng = eng or engine()
    with eng.connect() as conn:
        eigen = sa.select(apparaten.c.apparaat).where(apparaten.c.sender_id == sender_id)
        rijen = conn.execute(sa.select(apparaten.c.sender_id).where(apparaten.c.apparaat.in_(eigen))).all()
    return {sender_id, *(r.sender_id for r in rijen)}


def verwijder_alles(sender_id: str, eng: Engine | None = None) -> set[str]:
    """'Verwijder mijn gegevens': this conversation and the earlier ones on the same
    device, with everything Kompas stored for them. Returns the conversations."""
    eng = eng or engine()
    gesprekken = gesprekken_van_hetzelfde_apparaat(sender_id, eng)
    events = _events_tabel(eng)
    with eng.begin() as conn:
        for gesprek in gesprekken:
            if events is not None:
                conn.execute(events.delete().where(events.c.sender_id == gesprek))
            conn.execute(onderdelen.delete().where(onderdelen.c.sender_id == gesprek))
            conn.execute(rapporten.delete().where(rapporten.c.sender_id == gesprek))
        verwijder_uit_groepssessies(conn, gesprekken)
        conn.execute(apparaten.delete().where(apparaten.c.sender_id.in_(gesprekken)))
    return gesprekken


def verwijder_uit_groepssessies(conn: Any, gesprekken: set[str]) -> None:
    """A member's answers and memberships go; a session the person led goes whole."""
    for tabel in (sessie_antwoorden, sessie_deelnemers, sessie_codepogingen):
        conn.execute(tabel.delete().where(tabel.c.sender_id.in_(gesprekken)))
    verwijder_groepssessies(conn, sa.select(sessies.c.code).where(sessies.c.begeleider.in_(gesprekken)))


def verwijder_groepssessies(conn: Any, codes: Any) -> int:
    """Whole group sessions (a list of codes or a query of them), with members and answers."""
    codes = [r.code for r in conn.execute(codes)] if isinstance(codes, sa.sql.Select) else list(codes)
    for tabel in (sessie_antwoorden, sessie_deelnemers, sessies):
        n = conn.execute(tabel.delete().where(tabel.c.code.in_(codes))).rowcount
    return n


_events_tabellen: dict[str, sa.Table] = {}


def _events_tabel(eng: Engine) -> sa.Table | None:
    """Rasa's events table, once Rasa has made it (read once per database: it is
    looked at on every turn)."""
    sleutel = str(eng.url)
    if sleutel not in _events_tabellen:
        if not sa.inspect(eng).has_table(RASA_EVENTS_TABEL):
            return None
        _events_tabellen[sleutel] = sa.Table(RASA_EVENTS_TABEL, sa.MetaData(), autoload_with=eng)
    return _events_tabellen[sleutel]


def ruim_op(bewaartermijn_dagen: float, eng: Engine | None = None, nu: float | None = None) -> list[str]:
    """Delete conversations and data whose last activity is older than the retention
    period. Returns the sender ids that were removed.

    Each conversation is checked again inside the transaction that deletes it, so
    one that became active in the meantime is left alone."""
    eng = eng or engine()
    grens = (nu or time.time()) - bewaartermijn_dagen * 86400
    events = _events_tabel(eng)
    with eng.connect() as conn:
        kandidaten: set[str] = set()
        if events is not None:
            kandidaten |= {
                r.sender_id
                for r in conn.execute(
                    sa.select(events.c.sender_id)
                    .group_by(events.c.sender_id)
                    .having(sa.func.max(events.c.timestamp) < grens)
                )
            }
        kandidaten |= {
            r.sender_id
            for r in conn.execute(
                sa.select(onderdelen.c.sender_id)
                .group_by(onderdelen.c.sender_id)
                .having(sa.func.max(onderdelen.c.gemaakt) < grens)
            )
        }
    weg = [s for s in sorted(kandidaten) if _verwijder_als_verlopen(eng, events, s, grens)]
    if weg:
        logger.info("Bewaartermijn: %d gesprek(ken) verwijderd", len(weg))
    sessies_weg = _ruim_groepssessies_op(eng, grens)
    if sessies_weg:
        logger.info("Bewaartermijn: %d groepssessie(s) verwijderd", sessies_weg)
    return weg


def _ruim_groepssessies_op(eng: Engine, grens: float) -> int:
    """Group sessions not active since the limit go, with members and answers; wrong
    join codes are forgotten after a day."""
    with eng.begin() as conn:
        n = verwijder_groepssessies(conn, sa.select(sessies.c.code).where(sessies.c.actief < grens))
        conn.execute(sessie_codepogingen.delete().where(sessie_codepogingen.c.tijd < time.time() - 86400))
    return n


def laatste_activiteit(conn: Any, events: sa.Table | None, sender_id: str) -> float | None:
    """The time of the last event or stored item of a conversation."""
    tijden = [
        conn.execute(sa.select(sa.func.max(onderdelen.c.gemaakt)).where(onderdelen.c.sender_id == sender_id)).scalar()
    ]
    if events is not None:
        tijden.append(
            conn.execute(sa.select(sa.func.max(events.c.timestamp)).where(events.c.sender_id == sender_id)).scalar()
        )
    tijden = [t for t in tijden if t is not None]
    return max(tijden) if tijden else None


def _verwijder_als_verlopen(eng: Engine, events: sa.Table | None, sender_id: str, grens: float) -> bool:
    with eng.begin() as conn:
        laatste = laatste_activiteit(conn, events, sender_id)
        if laatste is None or laatste >= grens:
            return False
        if events is not None:
            conn.execute(events.delete().where(events.c.sender_id == sender_id))
        conn.execute(onderdelen.delete().where(onderdelen.c.sender_id == sender_id))
        conn.execute(rapporten.delete().where(rapporten.c.sender_id == sender_id))
    return True


# --- Rasa's tracker store -------------------------------------------------------------

try:  # The web app and the tests import this module without needing Rasa loaded.
    from rasa.core.tracker_store import SQLTrackerStore
except ImportError:  # pragma: no cover - Rasa is always installed in the venv
    SQLTrackerStore = object  # type: ignore[misc,assignment]


class KompasTrackerStore(SQLTrackerStore):  # type: ignore[misc,valid-type]
    """Rasa's SQL tracker store on ``DATABASE_URL``, which honours deletion.

    Deleting rows from inside an action would not work: at the end of the turn Rasa
    saves the tracker again and, finding no stored events, writes the whole
    conversation back. So the store itself deletes the conversation when it is asked
    to save a turn in which the deletion action ran, and stores nothing of that turn.
    """

    def __init__(self, domain: Any = None, host: str | None = None, event_broker: Any = None, **kwargs: Any):
        self._kompas_url = host or database_url()
        # Per conversation being saved: how many events of its session are stored
        # (counted once per save; Rasa's save would count again).
        self._opgeslagen: dict[str, int] = {}
        super().__init__(domain=domain, host=self._kompas_url, event_broker=event_broker, **kwargs)

    async def retrieve(self, sender_id: str) -> Any:
        """An expired conversation is gone, also when its purge has not run yet: a
        message after the retention period starts afresh and brings nothing back."""
        tracker = await super().retrieve(sender_id)
        grens = time.time() - instellingen.bewaartermijn_dagen() * 86400
        laatste = tracker.events[-1].timestamp if tracker is not None and tracker.events else None
        if laatste is not None and laatste >= grens:
            return tracker  # active within the period: no need to ask the database
        eng = engine(self._kompas_url)
        if _verwijder_als_verlopen(eng, _events_tabel(eng), sender_id, grens):
            logger.info("Verlopen gesprek verwijderd bij een nieuw bericht")
            return None
        return tracker

    async def save(self, tracker: Any) -> None:
        herstel_afgebroken_beurt(tracker)
        nieuw = self._nieuwe_events(tracker)
        eng = engine(self._kompas_url)
        for apparaat in {_apparaat_van(e) for e in nieuw} - {None}:
            koppel_apparaat(tracker.sender_id, apparaat, eng)
        if _verwijdering_in_beurt(nieuw):
            self._opgeslagen.pop(tracker.sender_id, None)
            weg = verwijder_alles(tracker.sender_id, eng)
            logger.info("Op verzoek verwijderd: %d gesprek(ken) en hun gegevens", len(weg))
            return
        if len(tracker.events) > instellingen.max_gebeurtenissen():
            begin_nieuwe_sessie(tracker, self.domain)  # appends: the stored count stays right
        try:
            await super().save(tracker)
        finally:
            self._opgeslagen.pop(tracker.sender_id, None)

    def _nieuwe_events(self, tracker: Any) -> list[Any]:
        with self.session_scope() as session:
            aantal = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        # One turn of a conversation at a time (Rasa's lock store, also across
        # instances), so the count holds until Rasa's save below uses it.
        self._opgeslagen[tracker.sender_id] = aantal
        return list(itertools.islice(tracker.events, aantal, len(tracker.events)))

    def _additional_events(self, session: Any, tracker: Any) -> Iterator[Any]:
        aantal = self._opgeslagen.get(tracker.sender_id)
        if aantal is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, aantal, len(tracker.events))


def begin_nieuwe_sessie(tracker: Any, domain: Any) -> bool:
    """Start a new Rasa session that carries the whole dialogue state over.

    Every turn costs time in proportion to the events of the current session (Rasa
    loads them, the policies walk them, each action call ships them). A long
    conversation would get slower with every message. So once a session is long,
    this appends a fresh one: ``SessionStarted``, the slots and the active form as
    they were before the last turn, and a copy of that last turn, so rules that look
    at the previous action still see it. The next turn loads only this. Returns
    False when the tracker is not at the end of a turn.
    """
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = list(tracker.events)
    if not events or not isinstance(events[-1], ActionExecuted) or events[-1].action_name != ACTION_LISTEN:
        return False
    begin = next((i for i in range(len(events) - 1, -1, -1) if isinstance(events[i], UserUttered)), None)
    if begin is None:
        return False
    voor = DialogueStateTracker.from_events(tracker.sender_id, events[:begin], domain.slots if domain else [])
    nu = time.time()
    nieuw: list[Any] = [SessionStarted(timestamp=nu)]
    nieuw += [
        SlotSet(naam, slot.value, timestamp=nu)
        for naam, slot in voor.slots.items()
        if slot.value is not None and naam != "session_started_metadata"
    ]
    if voor.active_loop_name:
        nieuw.append(ActiveLoop(voor.active_loop_name, timestamp=nu))
    # As in a session Rasa starts itself: the bot listens, then the user speaks.
    nieuw.append(ActionExecuted(ACTION_LISTEN, timestamp=nu))
    for event in events[begin:]:
        kopie = Event.from_parameters(event.as_dict())
        kopie.timestamp = nu  # the store finds a session by the time it started
        nieuw.append(kopie)
    for event in nieuw:
        tracker.update(event)
    logger.info("Lang gesprek: nieuwe sessie na %d gebeurtenissen", len(events))
    return True


def herstel_afgebroken_beurt(tracker: Any) -> bool:
    """Close a turn that ended without Rasa listening again; True if it had to.

    A normal turn ends with ``action_listen``. A turn cut short (Rasa's circuit
    breaker after too many predicted actions, or an action that kept failing) does
    not, and Rasa counts the actions of the next turn from the last
    ``action_listen``: every later message would trip the breaker again and the
    conversation would stay silent for good. Closing the turn here, with any form
    stopped, makes the next message start afresh; slots and stored items stay.
    """
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet

    laatste_actie = next((e for e in reversed(tracker.events) if isinstance(e, ActionExecuted)), None)
    if laatste_actie is None or laatste_actie.action_name == ACTION_LISTEN:
        return False
    logger.warning("Beurt zonder afsluiting (actie %s); het gesprek is hersteld", laatste_actie.action_name)
    if tracker.active_loop_name:
        tracker.update(ActiveLoop(None))
    if tracker.get_slot(REQUESTED_SLOT) is not None:
        tracker.update(SlotSet(REQUESTED_SLOT, None))
    tracker.update(ActionExecuted(ACTION_LISTEN))
    return True


def _apparaat_van(event: Any) -> str | None:
    if getattr(event, "type_name", None) != "user":
        return None
    apparaat = (getattr(event, "metadata", None) or {}).get("apparaat")
    return apparaat if isinstance(apparaat, str) else None


def _verwijdering_in_beurt(events: Any) -> bool:
    return any(
        getattr(e, "type_name", None) == "action" and getattr(e, "action_name", None) == VERWIJDER_ACTIE for e in events
    )
