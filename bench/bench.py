"""Benchmark Kompas against a plain `rasa init` bot, measured in the same run.

    python bench/bench.py [--berichten 60] [--gelijktijdig 20] [--uit bench/results.json]
                          [--onderdelen training,plain,kompas,naast-elkaar,profiel,
                                        grote-berichten,beurtkosten,groepssessie,schaal]

- training: both bots trained from scratch, and the ratio.
- plain, kompas: each on the REST channel with an SQLite tracker store: start to
  first reply, sequential latency (p50/p95), throughput with concurrent
  conversations, resident memory (Kompas: also the action server and web app).
- naast-elkaar: both served at once and measured in turns, so a machine that is
  slower for a while weighs on both alike; the goals' ratios come from here.
- profiel: where Kompas's turn goes (py-spy on Rasa and the action server), action
  calls per message and the size of the conversation Rasa sends along.
- grote-berichten: another user's p95 while one client sends 1 MB messages.
- beurtkosten: in one long conversation (112 messages), the median reply time of
  messages 100-112 over that of messages 1-14.
- groepssessie: 50 members join and vote at once; time until the screen shows it.
- schaal: 50 conversations at once, one instance against `make run-schaal`.
- eerste-start: a fresh clone with empty package caches, `make run`, first reply.

Writes everything to a JSON file (a run of some parts updates only those) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

from tests.e2e.servers import Kompas, vrije_poort, wacht_op  # noqa: E402

RASA = PROJECT_DIR / ".venv" / "bin" / "rasa"
WERK = PROJECT_DIR / "var" / "bench"

# One conversation each; repeated until the number of messages is reached.
KOMPAS_GESPREK = [
    "hoi",
    "ik wil de zelftest doen",
    "4",
    "klopt wel",
    "3",
    "wat is ondermijning?",
    "5",
    "terug",
    "2",
    "stop",
]
PLAIN_GESPREK = ["hello", "I am sad", "yes", "great", "bye", "hi", "very sad", "no", "goodbye", "hey"]


def stuur(url: str, sender: str, tekst: str) -> float:
    body = json.dumps({"sender": sender, "message": tekst}).encode()
    verzoek = urllib.request.Request(
        f"{url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    t0 = time.perf_counter()
    with urllib.request.urlopen(verzoek, timeout=60) as antwoord:
        antwoord.read()
    return time.perf_counter() - t0


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children, in MiB."""
    totaal = 0
    pids = [pid]
    try:
        kinderen = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(k) for k in kinderen]
    except FileNotFoundError:
        pass
    for p in pids:
        try:
            for regel in Path(f"/proc/{p}/status").read_text().splitlines():
                if regel.startswith("VmRSS:"):
                    totaal += int(regel.split()[1])
        except OSError:
            continue
    return round(totaal / 1024, 1)


def alle_processen_rss(kompas: Kompas) -> float:
    """Resident memory of Rasa, the action server and the web app together, in MiB."""
    return round(sum(rss_mib(p.pid) for p in kompas.processen.values()), 1)


def meet(url: str, gesprek: list[str], berichten: int, gelijktijdig: int) -> dict[str, float]:
    # Warm up one conversation so lazy imports do not count.
    for tekst in gesprek[:3]:
        stuur(url, f"warm-{uuid.uuid4().hex[:6]}", tekst)
    tijden = []
    sender = f"seq-{uuid.uuid4().hex[:8]}"
    for i in range(berichten):
        if i and i % len(gesprek) == 0:
            sender = f"seq-{uuid.uuid4().hex[:8]}"
        tijden.append(stuur(url, sender, gesprek[i % len(gesprek)]))
    tijden.sort()

    doorvoer, totaal = gelijktijdig_doorvoer(url, gesprek, gelijktijdig)
    return {
        "p50_ms": round(statistics.median(tijden) * 1000, 1),
        "p95_ms": round(tijden[min(len(tijden) - 1, int(len(tijden) * 0.95))] * 1000, 1),
        "doorvoer_per_s": round(doorvoer, 1),
        "berichten_sequentieel": berichten,
        "berichten_gelijktijdig": totaal,
    }


def gelijktijdig_doorvoer(url: str, gesprek: list[str], gelijktijdig: int) -> tuple[float, int]:
    """``gelijktijdig`` conversations at once, each the whole ``gesprek``: messages
    per second, and how many were sent."""

    def een_gesprek(_: int) -> int:
        s = f"par-{uuid.uuid4().hex[:8]}"
        for tekst in gesprek:
            stuur(url, s, tekst)
        return len(gesprek)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=gelijktijdig) as pool:
        totaal = sum(pool.map(een_gesprek, range(gelijktijdig)))
    return totaal / (time.perf_counter() - t0), totaal


def p95(tijden: list[float]) -> float:
    tijden = sorted(tijden)
    return round(tijden[min(len(tijden) - 1, int(len(tijden) * 0.95))] * 1000, 1)


def grote_berichten(url: str, berichten: int = 40) -> dict[str, float]:
    """Another user's p95 while one client keeps sending 1 MB messages."""

    def rustig_gebruiker() -> list[float]:
        sender = f"rustig-{uuid.uuid4().hex[:8]}"
        return [stuur(url, sender, KOMPAS_GESPREK[i % len(KOMPAS_GESPREK)]) for i in range(berichten)]

    stil = rustig_gebruiker()
    klaar = False
    verstuurd = 0

    def overlast() -> None:
        nonlocal verstuurd
        sender = f"groot-{uuid.uuid4().hex[:8]}"
        while not klaar:
            stuur(url, sender, "integriteit " * 90_000)  # about 1 MB
            verstuurd += 1

    with ThreadPoolExecutor(max_workers=1) as pool:
        taak = pool.submit(overlast)
        time.sleep(1)
        druk = rustig_gebruiker()
        klaar = True
        taak.result()
    return {
        "p95_stil_ms": p95(stil),
        "p95_met_1mb_berichten_ms": p95(druk),
        "verhouding": round(p95(druk) / p95(stil), 2),
        "grote_berichten_verstuurd": verstuurd,
    }


def beurtkosten(url: str, rondes: int = 8) -> dict[str, float]:
    """Does a turn get slower as the conversation grows? The zelftest, eight times."""
    sender = f"lang-{uuid.uuid4().hex[:8]}"
    tijden = []
    for _ in range(rondes):
        tijden.append(stuur(url, sender, "zelftest"))
        tijden += [stuur(url, sender, str(1 + i % 5)) for i in range(12)]
        tijden.append(stuur(url, sender, "dank je"))
    eerste, laatste = statistics.median(tijden[:14]), statistics.median(tijden[99:112])
    return {
        "berichten": len(tijden),
        "mediaan_1_14_ms": round(eerste * 1000, 1),
        "mediaan_100_112_ms": round(laatste * 1000, 1),
        "verhouding": round(laatste / eerste, 2),
    }


def groepssessie(kompas: Kompas, leden: int = 50) -> dict[str, float]:
    """A facilitator opens a vote; ``leden`` members join and vote at once (REST)."""
    import re

    from tests.e2e.gesprekken import stuur as antwoorden_van

    antwoord = " ".join(a.get("text") or "" for a in antwoorden_van(kompas.rasa_url, "bench-begeleider", GROEP_START))
    code = re.search(r"De code is (\d{6})", antwoord).group(1)
    scherm = kompas.web_url + re.search(r"/sessie/[\w-]+", antwoord).group(0)

    def stand() -> dict:
        with urllib.request.urlopen(scherm + "/stand.json", timeout=30) as a:
            return json.loads(a.read())

    def bedien(actie: str) -> None:
        verzoek = urllib.request.Request(
            scherm + "/bediening", data=json.dumps({"actie": actie}).encode(), method="POST",
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        urllib.request.urlopen(verzoek, timeout=30).read()

    while not stand()["stap"]["opties"]:  # on to the first vote (a scène or a "Maar wat als …?")
        bedien("volgende")
    bedien("open")
    namen = [f"bench-lid-{uuid.uuid4().hex[:8]}" for _ in range(leden)]

    def lid(naam: str) -> tuple[float, float]:
        # As the QR code joins (the chat page sends this), then a click on option B.
        meedoen = '/join_groepssessie{"sessiecode":"' + code + '"}'
        return stuur(kompas.rasa_url, naam, meedoen), stuur(kompas.rasa_url, naam, "B")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=leden) as pool:
        tijden = list(pool.map(lid, namen))
    alles = time.perf_counter() - t0
    t1 = time.perf_counter()
    while stand()["beantwoord"] < leden and time.perf_counter() - t1 < 30:
        time.sleep(0.05)
    tot_scherm = time.perf_counter() - t1
    s = stand()
    bedien("sluit")
    uitslag = stand()["uitslag"]
    return {
        "leden": leden,
        "meedoen_en_stemmen_s": round(alles, 2),
        "p95_bericht_ms": p95([t for paar in tijden for t in paar]),
        "stemmen_geteld": sum(v["aantal"] for v in uitslag.get("stemmen", [])),
        "deelnemers_op_scherm": s["deelnemers"],
        # The page asks for this data once a second: add up to 1 s for what people see.
        "tot_telling_in_schermdata_s": round(tot_scherm, 3),
    }


GROEP_START = '/start_groepssessie{"sessie_soort":"casus","thema":"agressie"}'


# The main flows, for the profile: a zelftest answer, a werkvorm step, a casus
# story step (the group vote has its own measurement below).
PROFIEL_GESPREKKEN = {
    "zelftest": ["zelftest", "klopt wel", "3", "klopt niet", "4", "2", "klopt wel", "5"],
    "werkvorm": [
        "ik zit met een dilemma en wil het graag doordenken",
        "Mijn zwager vraagt subsidie aan voor zijn voetbalclub en de raad stemt erover.",
        "Moet ik meestemmen of mij onthouden van stemming?",
        "De club, mijn zwager, mijn fractie en de inwoners.",
        "onpartijdigheid, openheid",
        "meestemmen; mij onthouden en dat uitleggen",
    ],
    "casusverhaal": ['/vraag_casus{"casus_id":"agressie-dreigbericht-azc"}', "/speel_verhaal", "C", "A", "B"],
}
PYSPY = PROJECT_DIR / ".venv" / "bin" / "py-spy"
# Where a sample of Rasa's stack belongs: the innermost frame whose file matches.
RASA_DELEN = [
    ("taalbegrip (NLU)", ("rasa/nlu/", "spacy/", "sklearn/", "thinc/", "tensorflow/")),
    ("beleid (policies)", ("rasa/core/policies/", "rasa/core/featurizers/", "rasa/shared/core/generator")),
    ("tracker store en database", ("rasa/core/tracker_store", "bot/storage", "sqlalchemy/", "sqlite3/")),
    ("actieserver aanroepen", ("rasa/core/actions/action.py", "rasa/utils/endpoints", "aiohttp/", "jsonschema/")),
    ("tracker en gebeurtenissen", ("rasa/shared/core/trackers", "rasa/shared/core/events", "rasa/shared/core/domain")),
    ("kanaal en server", ("bot/kanalen", "rasa/core/channels", "sanic/", "socketio/", "engineio/")),
    ("rest van Rasa", ("rasa/",)),
]
ACTIE_DELEN = [
    ("Kompas zelf (bot/)", ("(bot/",)),
    ("acties (actions/)", ("(actions/",)),
    ("rasa_sdk (tracker lezen, antwoord maken)", ("rasa_sdk/",)),
    ("server (sanic, json)", ("sanic/", "json/", "ujson")),
]


def indeling(bestand: Path, delen: list[tuple[str, tuple[str, ...]]]) -> dict[str, float]:
    """Percent of py-spy's samples (raw format: 'frame;frame;… count') per part."""
    tellingen: dict[str, int] = {}
    totaal = 0
    for regel in bestand.read_text(encoding="utf-8").splitlines():
        stapel, _, aantal = regel.rpartition(" ")
        if not aantal.isdigit():
            continue
        frames = stapel.split(";")
        deel = "overig (Python, asyncio)"
        for frame in reversed(frames):  # innermost first
            gevonden = next((naam for naam, paden in delen if any(p in frame for p in paden)), None)
            if gevonden:
                deel = gevonden
                break
        tellingen[deel] = tellingen.get(deel, 0) + int(aantal)
        totaal += int(aantal)
    return {deel: round(100 * n / totaal, 1) for deel, n in sorted(tellingen.items(), key=lambda x: -x[1])}


def profiel(kompas: Kompas, duur: int = 40, gelijktijdig: int = 6) -> dict[str, object]:
    """Where a turn's time goes. py-spy samples Rasa and the action server (only the
    thread holding the GIL: waiting threads are not work) while conversations go
    through the main flows; the database tells how many
    actions ran per message and how big the conversation is that Rasa sends along."""
    uit = WERK / "profiel"
    uit.mkdir(parents=True, exist_ok=True)
    spionnen = {}
    for naam in ("rasa", "actions"):
        spionnen[naam] = subprocess.Popen(
            [
                *(str(PYSPY), "record", "--pid", str(kompas.processen[naam].pid), "--duration", str(duur)),
                *("--rate", "100", "--gil", "--format", "raw", "--nonblocking", "--output", str(uit / f"{naam}.txt")),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    time.sleep(1)
    einde = time.monotonic() + duur - 2
    berichten = {"n": 0}

    def lus(i: int) -> None:
        soorten = list(PROFIEL_GESPREKKEN)
        while time.monotonic() < einde:
            gesprek = PROFIEL_GESPREKKEN[soorten[i % len(soorten)]]
            wie = f"profiel-{uuid.uuid4().hex[:8]}"
            for tekst in gesprek:
                if time.monotonic() >= einde:
                    return
                stuur(kompas.rasa_url, wie, tekst)
                berichten["n"] += 1
            i += 1

    with ThreadPoolExecutor(max_workers=gelijktijdig) as pool:
        list(pool.map(lus, range(gelijktijdig)))
    for spion in spionnen.values():
        spion.wait(timeout=duur + 30)
    return {
        "duur_s": duur,
        "berichten": berichten["n"],
        "rasa_cpu_procent_per_deel": indeling(uit / "rasa.txt", RASA_DELEN),
        "actieserver_cpu_procent_per_deel": indeling(uit / "actions.txt", ACTIE_DELEN),
        **acties_per_bericht(kompas),
        "methode": "py-spy record --rate 100 --gil --format raw (de thread die Python uitvoert); bench.py profiel()",
    }


INGEBOUWD = ("action_listen", "action_session_start", "action_default_fallback", "action_unlikely_intent")


def is_eigen_actie(naam: str | None) -> bool:
    """A call to the action server: a custom action, or a form (which asks
    validate_<form> there; its question is part of that same call)."""
    naam = naam or ""
    return (naam.startswith("action_") and naam not in INGEBOUWD) or naam.endswith("_form")


def acties_per_bericht(kompas: Kompas) -> dict[str, float]:
    """From the stored conversations: custom actions per user message, and the size
    of what Rasa sends the action server (the events of the current session, JSON)."""
    import sqlite3

    with sqlite3.connect(kompas.database) as db:
        rijen = db.execute("select sender_id, type_name, action_name, data from events order by id").fetchall()
    per_gesprek: dict[str, list[tuple[str, str | None, str]]] = {}
    for sender, soort, actie, data in rijen:
        if sender.startswith("profiel-"):
            per_gesprek.setdefault(sender, []).append((soort, actie, data))
    berichten = acties = 0
    groottes: list[int] = []
    for gebeurtenissen in per_gesprek.values():
        sessie: list[str] = []
        for soort, actie, data in gebeurtenissen:
            if soort == "session_started":
                sessie = []
            sessie.append(data)
            if soort == "user":
                berichten += 1
            elif soort == "action" and is_eigen_actie(actie):
                acties += 1
                groottes.append(sum(len(d) for d in sessie))
    groottes.sort()
    return {
        "actieaanroepen_per_bericht": round(acties / max(berichten, 1), 2),
        "meegestuurd_gesprek_mediaan_kb": round(statistics.median(groottes) / 1024, 1) if groottes else 0.0,
        "meegestuurd_gesprek_p95_kb": round(groottes[int(len(groottes) * 0.95)] / 1024, 1) if groottes else 0.0,
    }


# Which process a command line belongs to, for the CPU split of the scale bench.
PROCESSOORTEN = (
    ("actieserver", ("bot.actieserver", "rasa_sdk")),
    ("rasa", ("bot.start_rasa", "rasa run")),
    ("webapp", ("uvicorn",)),
    ("postgresql", ("postgres",)),
    ("redis", ("redis-server",)),
    ("nginx", ("nginx",)),
    ("meetprogramma", ("bench.py",)),
)


def cpu_per_soort(groepen: set[int]) -> dict[str, float]:
    """CPU seconds used so far per kind of process, for the processes of one set-up
    (started in process groups ``groepen``, with their descendants: PostgreSQL's
    backends start sessions of their own) and this program itself. From /proc:
    processes that ended are not counted, so take the difference over a stretch
    without restarts."""
    tik = os.sysconf("SC_CLK_TCK")
    processen: dict[int, tuple[int, int, str, float]] = {}  # pid: parent, group, command, CPU s
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            opdracht = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        processen[int(pid)] = (int(velden[1]), int(velden[2]), opdracht, (int(velden[11]) + int(velden[12])) / tik)

    def hoort_erbij(pid: int) -> bool:
        if pid == os.getpid():
            return True
        while pid in processen and pid != os.getpid():  # up to this program, which started them all
            ouder, groep, _, _ = processen[pid]
            if groep in groepen:
                return True
            pid = ouder
        return False

    uit: dict[str, float] = {}
    for pid, (_, _, opdracht, cpu) in processen.items():
        soort = next((naam for naam, tekens in PROCESSOORTEN if any(t in opdracht for t in tekens)), None)
        if soort and hoort_erbij(pid):
            uit[soort] = uit.get(soort, 0.0) + cpu
    return uit


def machine_bezig() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine so far."""
    velden = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(velden) - velden[3] - velden[4], sum(velden)  # idle and iowait are not busy


def doorvoer_met_cpu(url: str, groepen: set[int], gelijktijdig: int) -> dict[str, object]:
    """Throughput of ``gelijktijdig`` whole conversations at once, and what it cost:
    CPU milliseconds per message per kind of process, and how busy the machine was."""
    cpu0, (bezig0, totaal0) = cpu_per_soort(groepen), machine_bezig()
    doorvoer, berichten = gelijktijdig_doorvoer(url, KOMPAS_GESPREK, gelijktijdig)
    cpu1, (bezig1, totaal1) = cpu_per_soort(groepen), machine_bezig()
    return {
        "per_s": doorvoer,
        "cpu_ms_per_bericht": {
            soort: round(1000 * (cpu1[soort] - cpu0.get(soort, 0.0)) / berichten, 1) for soort in sorted(cpu1)
        },
        "machine_bezig": round((bezig1 - bezig0) / max(totaal1 - totaal0, 1), 2),
    }


def schaal_doorvoer(gelijktijdig: int = 50, rondes: int = 6) -> dict[str, object]:
    """Throughput with 50 conversations at once: one Kompas instance (make run: SQLite)
    against the production shape (make run-schaal: 2x Rasa, 2x acties, PostgreSQL,
    Redis, nginx) on this machine. Both are up at once and measured in turns, like
    naast_elkaar: this machine's speed changes from minute to minute, and that
    should weigh on both alike. The ratio is of the medians over the rounds."""
    from tests.schaal.opstelling import Schaal

    (WERK / "kompas-een.db").unlink(missing_ok=True)
    een = Kompas(database=WERK / "kompas-een.db")
    een.env.pop("KOMPAS_MAX_GEBEURTENISSEN", None)
    opstelling = Schaal.klaar("schaal-bench", basis=18600)
    metingen: dict[str, list[dict[str, object]]] = {"een_instantie": [], "geschaald": []}
    try:
        een.start_alles()
        opstelling.start_alles()
        opzetten = {"een_instantie": een.rasa_url, "geschaald": opstelling.opzet.intern_url}
        # Every process is started in its own session: its group id is its pid.
        groepen = {
            "een_instantie": {p.pid for p in een.processen.values()},
            "geschaald": {p.pid for p in opstelling.processen.values()},
        }
        for url in opzetten.values():  # warm up: lazy imports do not count
            for tekst in KOMPAS_GESPREK[:3]:
                stuur(url, f"warm-{uuid.uuid4().hex[:6]}", tekst)
        for ronde in range(rondes):
            volgorde = list(opzetten) if ronde % 2 == 0 else list(reversed(opzetten))
            for naam in volgorde:
                metingen[naam].append(doorvoer_met_cpu(opzetten[naam], groepen[naam], gelijktijdig))
    finally:
        opstelling.stop_alles()
        een.stop_alles()

    def samen(naam: str) -> dict[str, object]:
        rondes_ = metingen[naam]
        soorten = sorted({s for m in rondes_ for s in m["cpu_ms_per_bericht"]})  # type: ignore[union-attr]
        return {
            "per_s": round(statistics.median(m["per_s"] for m in rondes_), 1),  # type: ignore[misc]
            "per_ronde": [round(m["per_s"], 1) for m in rondes_],  # type: ignore[arg-type]
            "cpu_ms_per_bericht": {
                s: round(statistics.median(m["cpu_ms_per_bericht"].get(s, 0.0) for m in rondes_), 1)  # type: ignore[union-attr]
                for s in soorten
            },
            "machine_bezig": round(statistics.median(m["machine_bezig"] for m in rondes_), 2),  # type: ignore[misc]
        }

    enkel, geschaald = samen("een_instantie"), samen("geschaald")
    return {
        "gelijktijdige_gesprekken": gelijktijdig,
        "een_instantie_per_s": enkel["per_s"],
        "geschaald_per_s": geschaald["per_s"],
        "verhouding": round(geschaald["per_s"] / enkel["per_s"], 2),  # type: ignore[operator]
        "een_instantie": enkel,
        "geschaald": geschaald,
        "opzet": (
            f"geschaald = 2x Rasa, 2x actieserver, webapp, PostgreSQL, Redis, nginx (bot/schaal.py); "
            f"beide tegelijk gestart, {rondes} rondes om en om, per ronde {gelijktijdig} gesprekken tegelijk"
        ),
    }


def naast_elkaar(plain_url: str, kompas_url: str, rondes: int = 6, per_ronde: int = 20, gelijktijdig: int = 20) -> dict:
    """Both bots served at the same time and measured in turns (who goes first
    alternates), so a machine that is slower for a minute weighs on both alike.
    Per round and bot: ``per_ronde`` messages one after another, then
    ``gelijktijdig`` conversations at once; throughput is the median over rounds."""
    bots = {"plain": (plain_url, PLAIN_GESPREK), "kompas": (kompas_url, KOMPAS_GESPREK)}
    tijden: dict[str, list[float]] = {naam: [] for naam in bots}
    doorvoer: dict[str, list[float]] = {naam: [] for naam in bots}
    for url, gesprek in bots.values():  # warm up: lazy imports do not count
        for tekst in gesprek[:3]:
            stuur(url, f"warm-{uuid.uuid4().hex[:6]}", tekst)
    for ronde in range(rondes):
        volgorde = list(bots) if ronde % 2 == 0 else list(reversed(bots))
        for naam in volgorde:
            url, gesprek = bots[naam]
            wie = f"seq-{uuid.uuid4().hex[:8]}"
            tijden[naam] += [stuur(url, wie, gesprek[i % len(gesprek)]) for i in range(per_ronde)]
            doorvoer[naam].append(gelijktijdig_doorvoer(url, gesprek, gelijktijdig)[0])
    uitslag: dict[str, object] = {}
    for naam in bots:
        uitslag[naam] = {
            "p50_ms": round(statistics.median(tijden[naam]) * 1000, 1),
            "p95_ms": p95(tijden[naam]),
            "doorvoer_per_s": round(statistics.median(doorvoer[naam]), 1),
            "doorvoer_per_ronde": [round(d, 1) for d in doorvoer[naam]],
        }
    k, pl = uitslag["kompas"], uitslag["plain"]
    uitslag["verhouding"] = {
        "p50": round(k["p50_ms"] / pl["p50_ms"], 2),  # type: ignore[index]
        "p95": round(k["p95_ms"] / pl["p95_ms"], 2),  # type: ignore[index]
        "doorvoer": round(k["doorvoer_per_s"] / pl["doorvoer_per_s"], 2),  # type: ignore[index]
    }
    uitslag["opzet"] = (
        f"{rondes} rondes om en om; per ronde {per_ronde} berichten na elkaar en {gelijktijdig} gesprekken tegelijk"
    )
    return uitslag


def training_per_onderdeel(log: Path) -> dict[str, float]:
    """Seconds per trained component, from the start and finish lines Rasa logs for
    each graph node (at INFO, to the console; nodes train one after the other; the
    clock has whole seconds). A component used twice gets a number:
    CountVectorsFeaturizer 2."""
    import re
    from datetime import datetime

    regel = re.compile(r"^(\S+ \d\d:\d\d:\d\d)\S* .*(Starting to train|Finished training) component '(\w+)'")
    begonnen: dict[str, datetime] = {}
    uit: dict[str, float] = {}
    for tekst in log.read_text(encoding="utf-8", errors="replace").splitlines():
        m = regel.match(tekst)
        if not m:
            continue
        moment = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")
        if m.group(2).startswith("Starting"):
            begonnen[m.group(3)] = moment
        elif m.group(3) in begonnen:
            naam, n = m.group(3), 2
            while naam in uit:
                naam, n = f"{m.group(3)} {n}", n + 1
            uit[naam] = round((moment - begonnen.pop(m.group(3))).total_seconds(), 1)
    return uit


def eerste_start() -> dict[str, object]:
    """A newcomer's first start: a fresh clone of this commit, `make run` with empty
    package caches (uv, pip and npm start from nothing, as on a new machine), until
    the first reply over REST. The make output's timestamped step lines give the
    split."""
    import re
    import shutil
    import tempfile

    map_ = Path(tempfile.mkdtemp(prefix="kompas-eerste-start-"))
    kloon = map_ / "kompas"
    poorten = {s: str(vrije_poort()) for s in ("KOMPAS_RASA_PORT", "KOMPAS_ACTIONS_PORT", "KOMPAS_WEB_PORT")}
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KOMPAS_", "VIRTUAL_ENV", "DATABASE_URL"))},
        **poorten,
        "KOMPAS_WEB_URL": f"http://localhost:{poorten['KOMPAS_WEB_PORT']}",
        "UV_CACHE_DIR": str(map_ / "uv-cache"),
        "PIP_NO_CACHE_DIR": "1",
        "npm_config_cache": str(map_ / "npm-cache"),
    }
    t0 = time.perf_counter()
    subprocess.run(["git", "clone", "-q", str(PROJECT_DIR), str(kloon)], check=True)
    uitvoer = open(map_ / "make-run.log", "wb")  # noqa: SIM115 - make keeps writing to it
    proces = subprocess.Popen(
        ["make", "run"], cwd=kloon, env=env, stdout=uitvoer, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://localhost:{poorten['KOMPAS_RASA_PORT']}"
    try:
        while True:
            if proces.poll() is not None:
                raise RuntimeError(f"make run stopte; zie {map_ / 'make-run.log'}")
            try:
                stuur(url, "eerste-start", "hoi")
                break
            except OSError:
                time.sleep(1)
        totaal = round(time.perf_counter() - t0, 1)
    finally:
        os.killpg(proces.pid, 15)
        proces.wait(timeout=60)
        uitvoer.close()
    stappen: dict[str, str] = {}
    for regel in (map_ / "make-run.log").read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"\[kompas (\d\d:\d\d:\d\d)\] (Stap \d|Kompas start)", regel)
        if m:
            stappen[m.group(2)] = m.group(1)

    def tussen(a: str, b: str) -> float | None:
        if a not in stappen or b not in stappen:
            return None

        def seconden(klok: str) -> int:
            uur, minuut, seconde = (int(d) for d in klok.split(":"))
            return uur * 3600 + minuut * 60 + seconde

        return float((seconden(stappen[b]) - seconden(stappen[a])) % 86400)  # past midnight too

    uitslag = {
        "verse_kloon_tot_eerste_antwoord_s": totaal,
        "python_pakketten_s": tussen("Stap 1", "Stap 2"),
        "chatwidget_s": tussen("Stap 2", "Stap 3"),
        "training_s": tussen("Stap 3", "Kompas start"),
        "opdracht": "git clone + make run met lege caches (UV_CACHE_DIR, PIP_NO_CACHE_DIR, npm_config_cache)",
    }
    shutil.rmtree(map_, ignore_errors=True)
    return uitslag


def plain_bot() -> Path:
    """A `rasa init` bot with the SQLite tracker store, trained once and reused."""
    map_ = WERK / "plain"
    if not (map_ / "models").exists() or not any((map_ / "models").glob("*.tar.gz")):
        map_.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(map_)], check=True, cwd=map_)
    (map_ / "endpoints.yml").write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {map_ / 'plain.db'}\n")
    return map_


def start_plain(map_: Path) -> tuple[subprocess.Popen, str, float]:
    poort = vrije_poort()
    url = f"http://localhost:{poort}"
    t0 = time.perf_counter()
    proces = subprocess.Popen(
        [str(RASA), "run", "--port", str(poort), "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"],
        cwd=map_,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wacht_op(f"{url}/", 300, proces)
    stuur(url, "eerste", "hello")
    return proces, url, round(time.perf_counter() - t0, 1)


ONDERDELEN = (
    "training",
    "plain",
    "kompas",
    "naast-elkaar",
    "profiel",
    "grote-berichten",
    "beurtkosten",
    "groepssessie",
    "schaal",
    "eerste-start",
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--berichten", type=int, default=60)
    ap.add_argument("--gelijktijdig", type=int, default=20)
    ap.add_argument("--uit", type=Path, default=PROJECT_DIR / "bench" / "results.json")
    ap.add_argument("--onderdelen", default=",".join(ONDERDELEN), help="comma-separated: " + ", ".join(ONDERDELEN))
    args = ap.parse_args()
    onderdelen = set(args.onderdelen.split(","))
    WERK.mkdir(parents=True, exist_ok=True)
    resultaat: dict[str, object] = json.loads(args.uit.read_text(encoding="utf-8")) if args.uit.exists() else {}
    resultaat.update({"datum": time.strftime("%Y-%m-%d %H:%M:%S"), "cpu": os.cpu_count()})

    if "training" in onderdelen:
        t0 = time.perf_counter()
        with open(WERK / "training.log", "wb") as log:  # Rasa's INFO lines, with the time
            subprocess.run(
                [
                    str(RASA),
                    "train",
                    "--force",
                    "--out",
                    str(WERK / "models"),
                    "--fixed-model-name",
                    "kompas-bench",
                ],
                check=True,
                cwd=PROJECT_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        resultaat["kompas_training_s"] = round(time.perf_counter() - t0, 1)
        resultaat["kompas_training_per_onderdeel_s"] = training_per_onderdeel(WERK / "training.log")
        # The yardstick, in the same run: a plain `rasa init` bot trained from scratch.
        t0 = time.perf_counter()
        subprocess.run(
            [str(RASA), "train", "--force", "--quiet", "--out", str(WERK / "plain-models")],
            check=True,
            cwd=plain_bot(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        resultaat["plain_training_s"] = round(time.perf_counter() - t0, 1)
        resultaat["training_verhouding"] = round(resultaat["kompas_training_s"] / resultaat["plain_training_s"], 2)

    plain_proces = None
    if onderdelen & {"plain", "naast-elkaar"}:
        plain_proces, plain_url, start = start_plain(plain_bot())
    if "plain" in onderdelen:
        plain = {
            "start_tot_eerste_antwoord_s": start,
            **meet(plain_url, PLAIN_GESPREK, args.berichten, args.gelijktijdig),
        }
        plain["rasa_rss_mib"] = rss_mib(plain_proces.pid)
        resultaat["plain_rasa_init"] = plain
    if plain_proces is not None and "naast-elkaar" not in onderdelen:
        os.killpg(plain_proces.pid, 15)
        plain_proces.wait()
        plain_proces = None

    if onderdelen & {"kompas", "naast-elkaar", "profiel", "grote-berichten", "beurtkosten", "groepssessie"}:
        (WERK / "kompas-bench.db").unlink(missing_ok=True)
        kompas = Kompas(database=WERK / "kompas-bench.db")
        kompas.env.pop("KOMPAS_MAX_GEBEURTENISSEN", None)  # the tests' low value; measure the default
        t0 = time.perf_counter()
        try:
            kompas.start_alles()
            stuur(kompas.rasa_url, "eerste", "hoi")
            start = round(time.perf_counter() - t0, 1)
            if "kompas" in onderdelen:
                k = {"start_tot_eerste_antwoord_s": start}
                k["alle_processen_rss_mib_in_rust"] = alle_processen_rss(kompas)
                k.update(meet(kompas.rasa_url, KOMPAS_GESPREK, args.berichten, args.gelijktijdig))
                k["rasa_rss_mib"] = rss_mib(kompas.processen["rasa"].pid)
                k["actieserver_rss_mib"] = rss_mib(kompas.processen["actions"].pid)
                k["webapp_rss_mib"] = rss_mib(kompas.processen["web"].pid)
                gelijktijdig_doorvoer(kompas.rasa_url, KOMPAS_GESPREK, 50)
                k["alle_processen_rss_mib_na_50_gesprekken"] = alle_processen_rss(kompas)
                resultaat["kompas"] = k
            if "naast-elkaar" in onderdelen and plain_proces is not None:
                try:
                    resultaat["naast_elkaar"] = naast_elkaar(plain_url, kompas.rasa_url)
                finally:
                    os.killpg(plain_proces.pid, 15)
                    plain_proces.wait()
            if "profiel" in onderdelen:
                resultaat["kompas_profiel"] = profiel(kompas)
            if "grote-berichten" in onderdelen:
                resultaat["kompas_grote_berichten"] = grote_berichten(kompas.rasa_url)
            if "beurtkosten" in onderdelen:
                resultaat["kompas_beurtkosten"] = beurtkosten(kompas.rasa_url)
            if "groepssessie" in onderdelen:
                resultaat["kompas_groepssessie"] = groepssessie(kompas)
        finally:
            kompas.stop_alles()

    if "schaal" in onderdelen:
        resultaat["kompas_schaal"] = schaal_doorvoer()
    if "eerste-start" in onderdelen:
        resultaat["kompas_eerste_start"] = eerste_start()

    nu = resultaat["datum"]
    sleutels = {"plain": "plain_rasa_init", "kompas": "kompas"}
    sleutels |= {"grote-berichten": "kompas_grote_berichten", "beurtkosten": "kompas_beurtkosten"}
    sleutels |= {"groepssessie": "kompas_groepssessie", "profiel": "kompas_profiel", "schaal": "kompas_schaal"}
    sleutels |= {"eerste-start": "kompas_eerste_start"}
    sleutels |= {"naast-elkaar": "naast_elkaar"}
    for onderdeel, sleutel in sleutels.items():
        if onderdeel in onderdelen:
            resultaat[sleutel]["gemeten"] = nu  # type: ignore[index]
    k, plain = resultaat.get("kompas"), resultaat.get("plain_rasa_init")
    # Ratios only between figures of one run: the machine's load differs per run.
    resultaat.pop("verhouding_kompas_tov_plain", None)
    if isinstance(k, dict) and isinstance(plain, dict) and k.get("gemeten") == plain.get("gemeten"):
        resultaat["verhouding_kompas_tov_plain"] = {
            "p50": round(k["p50_ms"] / plain["p50_ms"], 2),
            "p95": round(k["p95_ms"] / plain["p95_ms"], 2),
            "doorvoer": round(k["doorvoer_per_s"] / plain["doorvoer_per_s"], 2),
            "rasa_geheugen": round(k["rasa_rss_mib"] / plain["rasa_rss_mib"], 2),
        }
    args.uit.parent.mkdir(parents=True, exist_ok=True)
    args.uit.write_text(json.dumps(resultaat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(resultaat, indent=2, ensure_ascii=False))
    print(f"Geschreven naar {args.uit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
