"""The action server, closed to everyone but Rasa.

rasa-sdk's own ``rasa run actions`` listens on every address and runs any action
for any POSTed tracker. Kompas starts the same rasa-sdk app here, on
``KOMPAS_HOST`` only, and refuses every request to ``/webhook`` and ``/actions``
that does not carry the shared secret (``KOMPAS_ACTIONS_TOKEN``) that Rasa sends
as a bearer token (see ``endpoints.yml``). ``/health`` stays open: it says nothing.

Run: ``python -m bot.actieserver`` (the Procfile does this); ``--token`` prints the
secret, generating it on first use.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request

from bot import instellingen, intern
from bot.start_rasa import stil

PROJECT_DIR = Path(__file__).resolve().parent.parent
OPEN_PADEN = {"/health"}
# Rasa sends whole trackers; far above a real one, far below a memory problem.
MAX_VERZOEK_BYTES = 2_000_000

logger = logging.getLogger(__name__)


def actions_token() -> str:
    return intern.token()


def heeft_token(request: Request, token: str) -> bool:
    return intern.klopt(request.headers.get("authorization"), token)


def maak_app(token: str, actions: str = "actions") -> Sanic:
    stil()
    from rasa_sdk.endpoint import create_app

    # No CORS: only Rasa, a server, calls this; no browser ever should.
    app = create_app(actions, cors_origins=[])
    app.config.REQUEST_MAX_SIZE = MAX_VERZOEK_BYTES

    @app.on_request
    async def alleen_met_token(request: Request) -> response.HTTPResponse | None:
        if request.path in OPEN_PADEN or heeft_token(request, token):
            return None
        return response.json({"error": "niet toegestaan"}, status=401)

    return app


def main() -> None:
    if sys.argv[1:] == ["--token"]:  # make run: the secret for Rasa's side
        print(actions_token())
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")
    logging.getLogger("rasa_sdk.executor").setLevel(logging.WARNING)  # one line per action at start
    host, poort = instellingen.host(), instellingen.actions_poort()
    app = maak_app(actions_token())
    logger.info("Actieserver op %s:%d (alleen met token)", host, poort)
    app.run(host=host, port=poort, access_log=False, motd=False)


if __name__ == "__main__":
    main()
