"""Rasa as Kompas starts it: action-server answers are still checked against Rasa's schema."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.start_rasa import snelle_actiecontrole


def test_action_answers_are_still_validated_with_rasas_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema

    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    snelle_actiecontrole()
    trage_controles: list[object] = []
    origineel = jsonschema.validate
    monkeypatch.setattr(jsonschema, "validate", lambda *a, **k: trage_controles.append(a) or origineel(*a, **k))
    actie = RemoteAction("action_doe_mee", None)
    goed = {"events": [{"event": "slot", "name": "in_groepssessie", "value": True}], "responses": [{"text": "hoi"}]}
    for _ in range(3):
        assert actie._validate_action_result(goed) is True
    assert trage_controles == []  # the schema is not checked again for every answer
    with pytest.raises(ValidationError) as fout:
        actie._validate_action_result({"events": [{"event": "slot", "name": 3}], "responses": "geen lijst"})
    assert "Failed to validate Action server response" in fout.value.message  # Rasa's own message


@pytest.mark.parametrize(
    "antwoord",
    [
        {"events": [{"event": "slot", "name": 3, "value": 1}]},  # a slot name must be text
        {"events": [{"event": "bestaat_niet"}]},
        {"events": [{"name": "x"}]},  # no event type
        {"events": "geen lijst"},
        {"responses": [{"text": "hoi"}, "los"]},
        {"events": [{"event": "user", "text": 5}]},
    ],
)
def test_every_answer_rasas_schema_refuses_is_still_refused(monkeypatch: pytest.MonkeyPatch, antwoord: dict) -> None:
    from jsonschema import validate

    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    with pytest.raises(ValidationError):
        validate(antwoord, RemoteAction.action_response_format_spec())  # Rasa's schema says no …
    snelle_actiecontrole()
    with pytest.raises(ValidationError):  # … and so does the fast check
        RemoteAction("action_doe_mee", None)._validate_action_result(antwoord)


def test_on_ones_own_machine_rasa_allows_the_page_by_either_name() -> None:
    from bot.start_rasa import met_loopback_tweeling

    assert met_loopback_tweeling(["run", "--cors", "http://localhost:8000", "--port", "5005"]) == [
        *("run", "--cors", "http://localhost:8000", "http://127.0.0.1:8000", "--port", "5005"),
    ]
    assert "http://localhost:8000" in met_loopback_tweeling(["--cors", "http://127.0.0.1:8000"])
    op_internet = ["run", "--cors", "https://kompas.example.nl"]
    assert met_loopback_tweeling(op_internet) == op_internet  # a real site gets nothing extra


def test_a_quiet_training_still_shows_each_component_it_starts(capsys) -> None:
    import logging

    from bot import start_rasa

    haak = logging.getLogger("rasa.engine.training.hooks")
    voor = (haak.level, haak.propagate, list(haak.handlers))
    try:
        start_rasa.voortgang_bij_training(["run", "--quiet"])
        assert haak.handlers == voor[2]  # only for training
        start_rasa.voortgang_bij_training(["train", "--quiet"])
        haak.info("Starting to train component 'DIETClassifier'.")
        haak.info("Finished training component 'DIETClassifier'.")
        regels = capsys.readouterr().out.splitlines()
        assert len(regels) == 1 and regels[0].endswith("trainen: DIETClassifier")
    finally:
        haak.setLevel(voor[0])
        haak.propagate = voor[1]
        haak.handlers = voor[2]
