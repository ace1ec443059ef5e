"""Storage: the report link, stored items, deletion and the retention period."""

from __future__ import annotations

import json
import time

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import storage
from tests.conftest import PROJECT_DIR


def test_report_token_is_stable_per_conversation_and_unguessable() -> None:
    a = storage.rapport_token("gesprek-a")
    assert storage.rapport_token("gesprek-a") == a
    assert storage.rapport_token("gesprek-b") != a
    assert len(a) >= 32
    assert storage.sender_van_token(a) == "gesprek-a"


def test_items_belong_to_their_conversation() -> None:
    storage.bewaar_onderdeel("a", "zelftest", {"antwoorden": [1] * 12})
    storage.bewaar_onderdeel("b", "zelftest", {"antwoorden": [5] * 12})
    (item,) = storage.onderdelen_van("a")
    assert item["data"]["antwoorden"] == [1] * 12


def test_deleting_kompas_data_removes_items_and_report_link() -> None:
    token = storage.rapport_token("a")
    storage.bewaar_onderdeel("a", "zelftest", {"antwoorden": [3] * 12})
    storage.bewaar_onderdeel("b", "zelftest", {"antwoorden": [3] * 12})
    storage.verwijder_alles("a")
    assert storage.onderdelen_van("a") == []
    assert storage.sender_van_token(token) is None
    assert len(storage.onderdelen_van("b")) == 1


def _tracker(sender: str, domain: Domain, *, verwijderd: bool = False) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen"),
        UserUttered("ik wil de zelftest doen", {"name": "start_zelftest", "confidence": 1.0}),
        BotUttered("We doen de zelftest"),
    ]
    if verwijderd:
        events += [
            UserUttered("ja", {"name": "affirm", "confidence": 1.0}),
            ActionExecuted(storage.VERWIJDER_ACTIE),
            BotUttered("Klaar: verwijderd"),
        ]
    return DialogueStateTracker.from_events(sender, events, domain.slots)


@pytest.fixture
def domain() -> Domain:
    return Domain.load(str(PROJECT_DIR / "domain.yml"))


async def test_tracker_store_keeps_conversations(domain: Domain) -> None:
    store = storage.KompasTrackerStore(domain=domain)
    await store.save(_tracker("persoon", domain))
    bewaard = await store.retrieve("persoon")
    assert bewaard is not None
    assert any(getattr(e, "text", None) == "ik wil de zelftest doen" for e in bewaard.events)


async def test_tracker_store_deletes_the_conversation_when_the_delete_action_ran(domain: Domain) -> None:
    store = storage.KompasTrackerStore(domain=domain)
    await store.save(_tracker("persoon", domain))
    await store.save(_tracker("ander", domain))
    storage.bewaar_onderdeel("persoon", "zelftest", {"antwoorden": [3] * 12})

    await store.save(_tracker("persoon", domain, verwijderd=True))

    assert await store.retrieve("persoon") is None
    assert storage.onderdelen_van("persoon") == []
    assert await store.retrieve("ander") is not None
    with storage.engine().connect() as conn:
        teksten = conn.execute(sa.text("select data from events where sender_id = 'persoon'")).all()
    assert teksten == []


async def test_retention_removes_only_old_conversations(domain: Domain) -> None:
    store = storage.KompasTrackerStore(domain=domain)
    await store.save(_tracker("oud", domain))
    await store.save(_tracker("nieuw", domain))
    storage.bewaar_onderdeel("oud", "zelftest", {"antwoorden": [3] * 12})
    over_40_dagen = time.time() + 40 * 86400

    with storage.engine().begin() as conn:  # make "nieuw" active 40 days from now
        conn.execute(sa.text("update events set timestamp = :t where sender_id = 'nieuw'"), {"t": over_40_dagen})

    weg = storage.ruim_op(30, nu=over_40_dagen + 1)
    assert weg == ["oud"]
    assert await store.retrieve("oud") is None
    assert storage.onderdelen_van("oud") == []
    assert await store.retrieve("nieuw") is not None


async def test_a_turn_cut_short_by_the_circuit_breaker_is_closed_so_the_next_message_is_answered(
    domain: Domain,
) -> None:
    from types import SimpleNamespace

    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.events import ActiveLoop, SlotSet

    events = [
        ActionExecuted("action_listen"),
        UserUttered("ik wil de zelftest doen", {"name": "start_zelftest", "confidence": 1.0}),
        ActionExecuted("zelftest_form"),
        ActiveLoop("zelftest_form"),
        SlotSet("zelftest_stand", {"positie": 2, "antwoorden": {"0": 4, "1": 3}}),
        SlotSet("requested_slot", "zelftest_antwoord"),
        ActionExecuted("action_listen"),
        UserUttered("nee", {"name": "deny", "confidence": 1.0}),
        # Ten predictions and no action_listen: what Rasa stores after its breaker trips.
        *[ActionExecuted("action_niet_begrepen") for _ in range(10)],
    ]
    tracker = DialogueStateTracker.from_events("vast", events, domain.slots)
    store = storage.KompasTrackerStore(domain=domain)
    await store.save(tracker)

    bewaard = await store.retrieve("vast")
    assert bewaard.latest_action_name == "action_listen"
    assert bewaard.active_loop_name is None
    assert bewaard.get_slot("requested_slot") is None
    assert bewaard.get_slot("zelftest_stand")["antwoorden"] == {"0": 4, "1": 3}  # what was answered stays
    # Rasa counts a turn's actions back to the last action_listen: the next message
    # starts at zero instead of tripping the breaker again.
    bewaard.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}))
    rasa = SimpleNamespace(max_number_of_predictions=10)
    assert not MessageProcessor.is_action_limit_reached(rasa, bewaard, True)
    assert MessageProcessor.is_action_limit_reached(rasa, tracker_zonder_herstel(events, domain), True)


def tracker_zonder_herstel(events: list, domain: Domain) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events("ongerepareerd", events, domain.slots)
    tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}))
    return tracker


async def test_a_normal_turn_is_saved_as_it_is(domain: Domain) -> None:
    tracker = _tracker("gewoon", domain)
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(ActionExecuted("action_listen"))
    aantal = len(tracker.events)
    assert storage.herstel_afgebroken_beurt(tracker) is False
    assert len(tracker.events) == aantal


def test_every_sqlite_connection_uses_write_ahead_logging_and_waits_when_busy(domain: Domain) -> None:
    store = storage.KompasTrackerStore(domain=domain)
    for eng in (storage.engine(), store.engine):
        with eng.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == storage.SQLITE_WACHTTIJD_MS


async def test_a_message_after_the_retention_period_starts_afresh_and_brings_nothing_back(
    domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = storage.KompasTrackerStore(domain=domain)
    await store.save(_tracker("verlopen", domain))
    token = storage.rapport_token("verlopen")
    storage.bewaar_onderdeel("verlopen", "zelftest", {"antwoorden": [3] * 12})
    monkeypatch.setenv("KOMPAS_BEWAARTERMIJN_DAGEN", "30")
    assert await store.retrieve("verlopen") is not None  # still within the period

    veertig_dagen_terug = time.time() - 40 * 86400
    with storage.engine().begin() as conn:
        # Forty days older: the events as stored (column and event), the report.
        conn.execute(
            sa.text("update events set timestamp = :t, data = json_set(data, '$.timestamp', :t)"),
            {"t": veertig_dagen_terug},
        )
        conn.execute(sa.text("update kompas_onderdelen set gemaakt = :t"), {"t": veertig_dagen_terug})

    assert await store.retrieve("verlopen") is None
    assert storage.onderdelen_van("verlopen") == []
    assert storage.sender_van_token(token) is None


async def test_the_purge_leaves_a_conversation_that_became_active_meanwhile(domain: Domain) -> None:
    store = storage.KompasTrackerStore(domain=domain)
    await store.save(_tracker("weer-actief", domain))
    grens = time.time() - 60
    with storage.engine().begin() as conn:
        conn.execute(sa.text("update events set timestamp = :t"), {"t": grens - 3600})
    # Listed as expired, then a message arrives before its turn to be deleted:
    tracker = await store.retrieve("weer-actief")
    tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)

    events = storage._events_tabel(storage.engine())
    assert storage._verwijder_als_verlopen(storage.engine(), events, "weer-actief", grens) is False
    assert await store.retrieve("weer-actief") is not None


async def test_delete_also_removes_earlier_conversations_from_the_same_device(domain: Domain) -> None:
    store = storage.KompasTrackerStore(domain=domain)
    apparaat, ander_apparaat = "a" * 32, "b" * 32

    def gesprek(sender: str, sleutel: str, *, verwijderd: bool = False) -> DialogueStateTracker:
        tracker = _tracker(sender, domain, verwijderd=verwijderd)
        tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}, metadata={"apparaat": sleutel}))
        if verwijderd:  # the deletion comes last in its turn
            tracker.update(ActionExecuted(storage.VERWIJDER_ACTIE))
        return tracker

    await store.save(gesprek("gisteren", apparaat))
    await store.save(gesprek("ander-toestel", ander_apparaat))
    storage.bewaar_onderdeel("gisteren", "zelftest", {"antwoorden": [3] * 12})
    token = storage.rapport_token("gisteren")

    await store.save(gesprek("vandaag", apparaat, verwijderd=True))

    assert await store.retrieve("gisteren") is None
    assert storage.onderdelen_van("gisteren") == [] and storage.sender_van_token(token) is None
    assert await store.retrieve("vandaag") is None
    assert await store.retrieve("ander-toestel") is not None
    with storage.engine().connect() as conn:
        koppelingen = conn.execute(sa.select(storage.apparaten)).all()
    assert [(k.apparaat, k.sender_id) for k in koppelingen] == [(ander_apparaat, "ander-toestel")]


def test_a_device_key_must_look_random() -> None:
    storage.koppel_apparaat("x", "mijn-naam")
    assert storage.gesprekken_van_hetzelfde_apparaat("x") == {"x"}


async def test_a_long_conversation_continues_in_a_new_session_with_the_same_state(
    domain: Domain, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasa.core.featurizers.tracker_featurizers import MaxHistoryTrackerFeaturizer
    from rasa.shared.core.events import ActiveLoop, SlotSet

    monkeypatch.setenv("KOMPAS_MAX_GEBEURTENISSEN", "60")
    store = storage.KompasTrackerStore(domain=domain)
    tracker = DialogueStateTracker.from_events("lang", [ActionExecuted("action_listen")], domain.slots)
    tracker.update(UserUttered("zelftest", {"name": "start_zelftest", "confidence": 1.0}))
    tracker.update(ActionExecuted("zelftest_form"))
    tracker.update(ActiveLoop("zelftest_form"))
    tracker.update(SlotSet("requested_slot", "zelftest_antwoord"))
    tracker.update(ActionExecuted("action_listen"))
    antwoorden: dict[str, int] = {}
    for beurt in range(12):  # about 7 events a turn: over the limit after 9 turns
        antwoorden[str(beurt)] = 4
        tracker.update(UserUttered("4", {"name": "zelftest_antwoord", "confidence": 1.0}))
        tracker.update(ActionExecuted("zelftest_form", hide_rule_turn=True))  # predicted by a rule
        tracker.update(SlotSet("zelftest_stand", {"positie": beurt + 1, "antwoorden": dict(antwoorden)}))
        tracker.update(SlotSet("zelftest_antwoord", None))
        tracker.update(BotUttered(f"Vraag {beurt + 2} van 12"))
        tracker.update(ActionExecuted("action_listen", hide_rule_turn=True))
        await store.save(tracker)
        tracker = await store.retrieve("lang")
        assert len(tracker.events) <= 60 + 7

    # What the policies see is the same as without the new session.
    volledig = await store.retrieve_full_tracker("lang")
    assert len(volledig.events) > len(tracker.events)  # older sessions stay stored until deleted
    assert tracker.past_states(domain)[-3:] == volledig.past_states(domain)[-3:]
    # The memoization policy skips turns that rules predicted; something must be left.
    alleen_regels = {"rule_only_slots": [], "rule_only_loops": ["zelftest_form"]}
    featurizer = MaxHistoryTrackerFeaturizer(max_history=4)
    instellingen = {"ignore_rule_only_turns": True, "rule_only_data": alleen_regels}
    (zichtbaar,) = featurizer.prediction_states([tracker], domain, **instellingen)
    (ook_zo,) = featurizer.prediction_states([volledig], domain, **instellingen)
    assert zichtbaar and zichtbaar[-1] == ook_zo[-1]
    assert tracker.active_loop_name == "zelftest_form"
    assert tracker.get_slot("zelftest_stand") == {"positie": 12, "antwoorden": {str(i): 4 for i in range(12)}}
    assert tracker.get_slot("requested_slot") == "zelftest_antwoord"
    assert tracker.latest_action_name == "action_listen"
    assert tracker.latest_message.intent["name"] == "zelftest_antwoord"  # the last turn is still there


async def test_each_save_stores_exactly_the_new_events(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    # The store counts what is stored once per save (Rasa's own save would count
    # again); turn after turn, and across a new session, nothing is doubled or lost.
    monkeypatch.setenv("KOMPAS_MAX_GEBEURTENISSEN", "12")
    store = storage.KompasTrackerStore(domain=domain)
    tracker = _tracker("telt", domain)
    await store.save(tracker)
    for beurt in range(8):
        tracker = await store.retrieve("telt")
        tracker.update(UserUttered(f"bericht {beurt}", {"name": "greet", "confidence": 1.0}))
        tracker.update(BotUttered(f"antwoord {beurt}"))
        tracker.update(ActionExecuted("action_listen"))
        await store.save(tracker)
        opnieuw = await store.retrieve("telt")
        alles = [e.as_dict() for e in tracker.events]
        starts = [i for i, e in enumerate(alles) if e["event"] == "session_started"]
        assert [e.as_dict() for e in opnieuw.events] == alles[starts[-1] if starts else 0 :]  # the current session
    with storage.engine().begin() as conn:
        teksten = [r[0] for r in conn.execute(sa.text("select data from events where sender_id = 'telt'"))]
    berichten = [json.loads(d).get("text") for d in teksten if json.loads(d).get("event") == "user"]
    # Every message once, plus the copies a new session carries over of its last turn.
    assert {f"bericht {b}" for b in range(8)} <= set(berichten)
    assert len(berichten) - len(set(berichten)) == sum(
        1 for d in teksten if json.loads(d).get("event") == "session_started"
    )
