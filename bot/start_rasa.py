"""Run Rasa's command line without a screenful of other libraries' warnings, and
without re-checking a JSON schema on every action call.

``python -m bot.start_rasa run …`` is ``rasa run …``. Importing Sanic turns
Python's deprecation warnings back on for the whole process
(``filterwarnings("once", DeprecationWarning)`` in ``sanic/app.py``), so every
later import of an older library (pkg_resources, pyparsing, click via spaCy)
prints its warnings to the console. They are for library authors, not for a
griffier starting Kompas: switch them off again after that import.

Rasa checks each answer of the action server against its JSON schema with
``jsonschema.validate``, which first checks the (large) schema itself: about 20 ms
of CPU per action call, measured as more than half of Rasa's time when 50 members
of a group session vote at once (py-spy). ``snelle_actiecontrole`` keeps the same
check with the schema checked once, and each event checked against its own type.
"""

from __future__ import annotations

import logging
import sys
import time
import warnings
from typing import Any
from urllib.parse import urlsplit

# Rasa warns for every response that no story or rule names; Kompas's actions send
# most of them (a unit test checks that every response is sent somewhere).
NIET_IN_VERHAAL = "is not used in any story or rule"
# Rasa counts DIET as an entity extractor even with entity_recognition off
# (config.yml): the CRF is the only one, so the warning does not apply.
TWEE_EXTRACTORS = "multiple entity extractors that do the same job"


def stil() -> None:
    """Deprecation warnings off, also where a library switches them back on."""
    import sanic.app  # noqa: F401 - the import that switches them on

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
    # Rasa later asks to see every UserWarning "once", which catches warnings that
    # are both (pyparsing's); so also drop them where warnings are printed.
    toon = warnings.showwarning

    def toon_wat_telt(bericht: Warning | str, soort: type[Warning], *args: object, **kwargs: object) -> None:
        if issubclass(soort, DeprecationWarning | PendingDeprecationWarning) or any(
            tekst in str(bericht) for tekst in (NIET_IN_VERHAAL, TWEE_EXTRACTORS)
        ):
            return
        toon(bericht, soort, *args, **kwargs)  # type: ignore[arg-type]

    warnings.showwarning = toon_wat_telt  # type: ignore[assignment]


def snelle_actiecontrole() -> None:
    """Validate action-server answers against the same schema, faster.

    Rasa's event schema is a ``oneOf`` over 23 event types, each fixed by its
    ``event`` field, so jsonschema tries every type for every event (about a tenth
    of Rasa's CPU time in a busy turn, py-spy). Since the types exclude each other,
    checking an event against the type it names is the same check. Anything that
    does not pass goes through Rasa's own validation, with Rasa's own error."""
    from functools import lru_cache

    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    @lru_cache(maxsize=1)
    def validators() -> tuple[Any, dict[str, Any]]:
        schema = RemoteAction.action_response_format_spec()
        soort = validator_for(schema)
        soort.check_schema(schema)
        items = schema["properties"]["events"]["items"]
        basis = {k: v for k, v in items.items() if k != "oneOf"}
        per_event = {tak["properties"]["event"]["const"]: soort({"allOf": [basis, tak]}) for tak in items["oneOf"]}
        responses = soort(schema["properties"]["responses"])
        return responses, per_event

    origineel = RemoteAction._validate_action_result

    def klopt(result: Any) -> bool:
        responses, per_event = validators()
        if not isinstance(result, dict):
            return False
        if "responses" in result and not responses.is_valid(result["responses"]):
            return False
        events = result.get("events", [])
        if not isinstance(events, list):
            return False
        for event in events:
            controle = per_event.get(event.get("event")) if isinstance(event, dict) else None
            if controle is None or not controle.is_valid(event):
                return False
        return True

    def controleer(self: RemoteAction, result: dict) -> bool:
        return True if klopt(result) else origineel(self, result)  # Rasa's own message for the error

    RemoteAction._validate_action_result = controleer  # type: ignore[method-assign]


class _TrainingVoortgang(logging.Handler):
    """One line per component Rasa starts to train, with the time."""

    def emit(self, record: logging.LogRecord) -> None:
        bericht = record.getMessage()
        if bericht.startswith("Starting to train component"):
            onderdeel = bericht.split("'")[1] if "'" in bericht else bericht
            print(f"[kompas {time.strftime('%H:%M:%S')}]   trainen: {onderdeel}", flush=True)


def voortgang_bij_training(argumenten: list[str]) -> None:
    """``rasa train --quiet`` shows nothing for a minute or more; a newcomer should
    see that it is working. So print Rasa's 'Starting to train component' lines,
    which it logs at INFO, also when the rest stays quiet."""
    if argumenten[:1] != ["train"] or "--quiet" not in argumenten:
        return  # without --quiet Rasa logs these lines itself
    haak = logging.getLogger("rasa.engine.training.hooks")
    haak.setLevel(logging.INFO)  # its own level: Rasa's --quiet sets only the "rasa" logger
    haak.propagate = False
    haak.addHandler(_TrainingVoortgang())


LOOPBACK = ("localhost", "127.0.0.1")


def met_loopback_tweeling(argumenten: list[str]) -> list[str]:
    """``--cors http://localhost:8000`` also allows http://127.0.0.1:8000 (and the
    other way round): on one's own machine the chat page may be opened by either
    name, and the browser counts them as different sites."""
    uit: list[str] = []
    bij_cors = False
    for arg in argumenten:
        uit.append(arg)
        if arg.startswith("--"):
            bij_cors = arg == "--cors"
            continue
        if bij_cors:
            adres = urlsplit(arg)
            if adres.hostname in LOOPBACK:
                ander = LOOPBACK[1 - LOOPBACK.index(adres.hostname)]
                tweeling = adres._replace(netloc=f"{ander}:{adres.port}" if adres.port else ander).geturl()
                if tweeling not in argumenten:
                    uit.append(tweeling)
    return uit


def main() -> int:
    stil()
    snelle_actiecontrole()
    from rasa.__main__ import main as rasa_main

    voortgang_bij_training(sys.argv[1:])
    sys.argv = ["rasa", *met_loopback_tweeling(sys.argv[1:])]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
