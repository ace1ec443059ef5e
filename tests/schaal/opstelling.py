"""The production shape of ``bot/schaal.py`` as separate processes, for the failover
test and the benchmark: each process in its own process group, so one can be
killed and started again."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess

from bot import schaal
from tests.e2e.conftest import FOUT_IN_LOG, STOPPEN
from tests.e2e.servers import LOG_DIR, PROJECT_DIR, wacht_op

# Not a broken turn: a widget's keep-alive still pending when Rasa stops (whole lines).
NA_STOPPEN = re.compile(r"^.*" + STOPPEN.pattern + r".*$", re.MULTILINE)


class Schaal:
    """Every process of the generated Procfile, each its own process group, so one
    can be killed and started again."""

    def __init__(self, opzet: schaal.Opzet) -> None:
        self.opzet = opzet
        self.regels = dict(
            regel.split(": ", 1) for regel in (opzet.map / "Procfile").read_text(encoding="utf-8").splitlines()
        )
        self.env = {
            **os.environ,
            **opzet.omgeving(),
            "KOMPAS_MELD_KLAAR": "0",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
        self.processen: dict[str, subprocess.Popen] = {}

    def start(self, naam: str) -> None:
        log = open(LOG_DIR / f"schaal-{naam}.log", "ab")  # noqa: SIM115 - the process keeps it open
        self.processen[naam] = subprocess.Popen(
            shlex.split(self.regels[naam]),
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, naam: str, sein: int = signal.SIGTERM) -> None:
        proces = self.processen.pop(naam)
        try:
            os.killpg(proces.pid, sein)
            proces.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it had stopped already

    def rasa_url(self, i: int) -> str:
        return f"http://{self.opzet.host}:{self.opzet.rasa_poorten[i]}"

    @classmethod
    def klaar(cls, naam: str, basis: int) -> Schaal:
        """A fresh set-up under var/<naam> on ports from ``basis``, configured. Under
        var/ (not /tmp/pytest-of-…, which only its owner may enter): PostgreSQL and
        nginx run as their own users."""
        map_ = PROJECT_DIR / "var" / naam
        shutil.rmtree(map_, ignore_errors=True)
        opzet = schaal.Opzet.vanaf(basis, map_)
        shutil.rmtree(opzet.diensten, ignore_errors=True)
        schaal.klaarzetten(opzet)
        return cls(opzet)

    def start_alles(self) -> None:
        for naam in self.regels:
            self.start(naam)
        for i in range(len(self.opzet.rasa_poorten)):
            wacht_op(self.rasa_url(i), 240, self.processen[f"rasa{i + 1}"])
        wacht_op(self.opzet.url + "/", 30, self.processen["nginx"])

    def stop_alles(self) -> None:
        for naam in reversed(list(self.processen)):  # the storage last
            self.stop(naam)

    def fouten_in_logs(self) -> list[str]:
        return [
            f"{log.name}: {regel}"
            for log in LOG_DIR.glob("schaal-*.log")
            if "schaal-postgres" not in log.name  # its own 'ERROR:' lines are about SQL, not turns
            for regel in NA_STOPPEN.sub("", log.read_text(encoding="utf-8", errors="replace")).splitlines()
            if FOUT_IN_LOG.search(regel)
        ]
