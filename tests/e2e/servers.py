"""Start the real Kompas processes (Rasa, action server, web app) for end-to-end tests."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOG_DIR = PROJECT_DIR / "test-output"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile() -> dict[str, str]:
    regels = (PROJECT_DIR / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict(regel.split(": ", 1) for regel in regels if regel.strip() and not regel.startswith("#"))


def wacht_op(url: str, seconden: float, proces: subprocess.Popen | None = None) -> None:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if proces is not None and proces.poll() is not None:
            raise RuntimeError(f"proces gestopt (code {proces.returncode}) voordat {url} antwoordde")
        try:
            with urllib.request.urlopen(url, timeout=2) as antwoord:
                if antwoord.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} antwoordde niet binnen {seconden} s")


@dataclass
class Kompas:
    """The three processes of the Procfile, on free ports and their own database."""

    database: Path
    casus_dir: Path | None = None  # a copy of data/casussen the test may change
    inhoud_dir: Path | None = None  # a copy of data/ the test may change
    env: dict[str, str] = field(default_factory=dict)
    processen: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rasa, acties, web = vrije_poort(), vrije_poort(), vrije_poort()
        self.env = {
            **os.environ,
            "KOMPAS_HOST": "127.0.0.1",
            "KOMPAS_RASA_PORT": str(rasa),
            "KOMPAS_ACTIONS_PORT": str(acties),
            "KOMPAS_WEB_PORT": str(web),
            "KOMPAS_RASA_URL": f"http://localhost:{rasa}",
            "KOMPAS_WEB_URL": f"http://localhost:{web}",
            "KOMPAS_MELD_KLAAR": "0",
            "KOMPAS_ACTIONS_TOKEN": secrets.token_urlsafe(24),
            # Far below the default, so every longer test conversation goes on in a
            # new session, often: a broken carry-over shows up in every test.
            "KOMPAS_MAX_GEBEURTENISSEN": "80",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
        if self.casus_dir is not None:
            self.env["KOMPAS_CASUS_DIR"] = str(self.casus_dir)
        if self.inhoud_dir is not None:
            self.env["KOMPAS_INHOUD_DIR"] = str(self.inhoud_dir)

    @property
    def rasa_url(self) -> str:
        return self.env["KOMPAS_RASA_URL"]

    @property
    def web_url(self) -> str:
        return self.env["KOMPAS_WEB_URL"]

    def start(self, naam: str) -> None:
        LOG_DIR.mkdir(exist_ok=True)
        # Expand $VARS with this instance's env (free ports), not the test runner's.
        commando = re.sub(r"\$(\w+)", lambda m: self.env.get(m.group(1), m.group(0)), procfile()[naam])
        log = (LOG_DIR / f"{naam}.log").open("a", encoding="utf-8")
        self.processen[naam] = subprocess.Popen(
            shlex.split(commando),
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, naam: str) -> None:
        proces = self.processen.pop(naam, None)
        if proces is None or proces.poll() is not None:
            return
        os.killpg(proces.pid, signal.SIGTERM)
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
            proces.wait()

    def wacht_tot_klaar(self) -> None:
        wacht_op(f"http://localhost:{self.env['KOMPAS_ACTIONS_PORT']}/health", 120, self.processen.get("actions"))
        wacht_op(f"{self.web_url}/health", 60, self.processen.get("web"))
        wacht_op(f"{self.rasa_url}/", 240, self.processen.get("rasa"))

    def start_alles(self) -> None:
        for naam in ("actions", "web", "rasa"):
            self.start(naam)
        self.wacht_tot_klaar()

    def stop_alles(self) -> None:
        for naam in list(self.processen):
            self.stop(naam)
