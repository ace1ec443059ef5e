"""Kompas in its production shape on one machine: ``make run-schaal``.

PostgreSQL holds every conversation, report and group session; Redis holds Rasa's
conversation locks and carries socket.io messages between the Rasa instances (so a
pushed group-session round reaches a widget connected to the other one). Two Rasa
instances, two action servers and the web app sit behind nginx: socket.io is
sticky (a cookie set by nginx picks the instance), REST and pages are spread.
Every process listens on ``KOMPAS_HOST`` only; PostgreSQL only on a socket file.

Everything lives under ``var/schaal/``: the database, the generated configuration
and the secrets (files only the owner can read). ``python -m bot.schaal start``
writes the configuration and runs all processes with honcho; ``klaarzetten`` only
writes it (the failover test starts the processes itself).

This module also holds :class:`KompasLockStore`, Rasa's Redis lock store on
``KOMPAS_REDIS_URL`` (one setting instead of host, port and password).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from rasa.core.lock_store import RedisLockStore

from bot import instellingen

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Debian's PostgreSQL, the newest version installed (the package 'postgresql').
POSTGRES_BIN = max(
    Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default=Path("/usr/bin")
)
PY = sys.executable


class KompasLockStore(RedisLockStore):
    """Rasa's Redis lock store, configured by ``KOMPAS_REDIS_URL``
    (``redis://:password@host:port/db``). ``endpoints.yml``: ``type: bot.schaal.KompasLockStore``."""

    def __init__(self, endpoint_config: Any = None, **_: Any) -> None:
        url = urlsplit(instellingen.redis_url() or "redis://localhost:6379/1")
        super().__init__(
            host=url.hostname or "localhost",
            port=url.port or 6379,
            db=int(url.path.strip("/") or 1),
            username=url.username or None,
            password=url.password,
            use_ssl=url.scheme == "rediss",  # a managed Redis often requires TLS
            key_prefix="kompas",
        )


@dataclass(frozen=True)
class Opzet:
    """Where everything runs. The public port is nginx's; the rest is internal."""

    map: Path
    host: str
    poort: int
    rasa_poorten: tuple[int, ...]
    actie_poorten: tuple[int, ...]
    acties_lb_poort: int
    web_poort: int
    redis_poort: int
    rasa_intern_poort: int  # /webhooks/ over both instances, for Kompas's own processes
    pg_poort: int = 5432  # only the name of PostgreSQL's socket file: it has no TCP port

    @classmethod
    def vanaf(cls, basis: int, map: Path) -> Opzet:
        """nginx on ``basis``; every internal port just above it."""
        return cls(
            map=map.resolve(),
            host=instellingen.host(),
            poort=basis,
            web_poort=basis + 1,
            rasa_intern_poort=basis + 2,
            rasa_poorten=(basis + 5, basis + 6),
            acties_lb_poort=basis + 50,
            actie_poorten=(basis + 55, basis + 56),
            redis_poort=basis + 79,
        )

    @classmethod
    def uit_omgeving(cls) -> Opzet:
        return cls.vanaf(instellingen.schaal_poort(), PROJECT_DIR / "var" / "schaal")

    @property
    def url(self) -> str:
        """The address for people: the pages and the widget's socket.io."""
        return f"http://{self.host}:{self.poort}"

    @property
    def intern_url(self) -> str:
        """Rasa's webhooks over both instances: pushes, and scripts on this machine."""
        return f"http://{self.host}:{self.rasa_intern_poort}"

    @property
    def diensten(self) -> Path:
        """Where PostgreSQL's data and socket and nginx's buffers live. As root, the
        services run as their own users ('postgres', 'www-data'), who must be able
        to reach the folder: a project in a private folder (mktemp -d) gets one in /tmp."""
        if not als_root() or _voor_iedereen_open(self.map):
            return self.map
        return Path(tempfile.gettempdir()) / f"kompas-schaal-{hashlib.sha1(bytes(self.map)).hexdigest()[:10]}"

    @property
    def run(self) -> Path:
        return self.diensten / "run"

    def geheim(self, naam: str) -> str:
        """A secret made once and kept in a file only the owner can read."""
        pad = self.map / naam
        if not pad.exists():
            pad.write_text(secrets.token_urlsafe(24), encoding="utf-8")
            pad.chmod(0o600)
        return pad.read_text(encoding="utf-8").strip()

    def omgeving(self) -> dict[str, str]:
        """The settings every Kompas process gets."""
        return {
            "KOMPAS_HOST": self.host,
            "KOMPAS_WEB_URL": self.url,
            "KOMPAS_RASA_URL": self.url,
            "KOMPAS_RASA_INTERN_URL": self.intern_url,
            "KOMPAS_ACTIONS_PORT": str(self.acties_lb_poort),
            "KOMPAS_ACTIONS_TOKEN": self.geheim("actions-token"),
            "DATABASE_URL": f"postgresql+psycopg2://kompas@/kompas?host={quote(str(self.run))}&port={self.pg_poort}",
            "KOMPAS_REDIS_URL": f"redis://:{self.geheim('redis-wachtwoord')}@{self.host}:{self.redis_poort}/1",
        }


def _voor_iedereen_open(map: Path) -> bool:
    """Can every user pass through each folder above ``map``?"""
    return all(p.stat().st_mode & 0o001 for p in map.parents if p.exists())


def als_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _als_postgres(opdracht: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package made the user 'postgres'.
    return ["runuser", "-u", "postgres", "--", *opdracht] if als_root() else opdracht


def klaarzetten(opzet: Opzet) -> None:
    """Make the database (once) and write the configuration of every process."""
    for map_ in {opzet.map, opzet.diensten}:
        map_.mkdir(parents=True, exist_ok=True)
        map_.chmod(0o711)
    opzet.run.mkdir(exist_ok=True)
    (opzet.diensten / "nginx").mkdir(exist_ok=True)
    pg = opzet.diensten / "pg"
    if als_root():  # the services' own users write here
        shutil.chown(opzet.run, "postgres")
        shutil.chown(opzet.diensten / "nginx", "www-data")
    opzet.run.chmod(0o700)
    if not (pg / "PG_VERSION").exists():
        pg.mkdir(exist_ok=True)
        if als_root():
            shutil.chown(pg, "postgres")
        subprocess.run(
            _als_postgres([str(POSTGRES_BIN / "initdb"), "-D", str(pg), "-U", "kompas", "--auth=trust", "-E", "UTF8"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    _schrijf(opzet.map / "redis.conf", _redis_conf(opzet), geheim=True)
    _schrijf(opzet.map / "nginx.conf", nginx_conf(opzet))
    _schrijf(opzet.map / "endpoints.yml", _endpoints())
    _schrijf(opzet.map / "Procfile", procfile(opzet))


def _schrijf(pad: Path, tekst: str, geheim: bool = False) -> None:
    pad.write_text(tekst, encoding="utf-8")
    if geheim:
        pad.chmod(0o600)


def _redis_conf(opzet: Opzet) -> str:
    return "\n".join(
        [
            f"bind {opzet.host}",
            f"port {opzet.redis_poort}",
            f"requirepass {opzet.geheim('redis-wachtwoord')}",
            "protected-mode yes",
            'save ""',  # locks and socket.io messages only: nothing to keep on disk
            "appendonly no",
            f"dir {opzet.map}",
            "",
        ]
    )


def _endpoints() -> str:
    """Kompas's endpoints.yml plus the Redis lock store."""
    endpoints = yaml.safe_load((PROJECT_DIR / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["lock_store"] = {"type": "bot.schaal.KompasLockStore"}
    return yaml.safe_dump(endpoints, sort_keys=False)


def nginx_conf(opzet: Opzet) -> str:
    rasa = "\n".join(f"    server {opzet.host}:{p} max_fails=1 fail_timeout=5s;" for p in opzet.rasa_poorten)
    acties = "\n".join(f"    server {opzet.host}:{p} max_fails=1 fail_timeout=5s;" for p in opzet.actie_poorten)
    tmp = opzet.diensten / "nginx"
    gebruiker = "user www-data;\n" if als_root() else ""
    return f"""# Generated by bot/schaal.py: change it there.
{gebruiker}worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 2048; }}
http {{
  access_log off;  # no addresses or conversation ids in logs
  client_max_body_size 2m;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  proxy_read_timeout 120s;
  # A conversation's widget stays on one Rasa instance: socket.io's polling and its
  # upgrade to a websocket must reach the instance that holds the connection. The
  # key is a random cookie nginx sets on the first page (no person behind it).
  map $cookie_kompas_route $socketio_sleutel {{
    ""      $remote_addr;
    default $cookie_kompas_route;
  }}
  map $cookie_kompas_route $nieuwe_route {{
    ""      "kompas_route=$request_id; Path=/; HttpOnly; SameSite=Lax";
    default "";
  }}
  map $http_upgrade $verbinding {{
    default upgrade;
    ""      close;
  }}
  upstream rasa_socketio {{
    hash $socketio_sleutel consistent;
{rasa}
  }}
  # Kept-alive connections to the upstreams: a new TCP connection per request costs
  # each Python server more CPU than the request itself (bench: kompas_schaal).
  upstream rasa {{
{rasa}
    keepalive 32;
  }}
  upstream web {{
    server {opzet.host}:{opzet.web_poort};
    keepalive 8;
  }}
  server {{
    listen {opzet.host}:{opzet.poort};
    add_header Set-Cookie $nieuwe_route always;
    location /socket.io/ {{
      proxy_pass http://rasa_socketio;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $verbinding;
      proxy_set_header Host $host;
    }}
    location /webhooks/ {{
      return 404;  # REST picks its own conversation id; pushes need the inside address
    }}
    location / {{
      proxy_pass http://web;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }}
  }}
  # Rasa's webhooks over both instances, for Kompas's own processes and scripts here.
  server {{
    listen {opzet.host}:{opzet.rasa_intern_poort};
    location / {{
      proxy_pass http://rasa;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout http_502 http_503;
    }}
  }}
  # The action servers, for Rasa only (same host, token required by each server).
  upstream acties {{
{acties}
    keepalive 32;
  }}
  server {{
    listen {opzet.host}:{opzet.acties_lb_poort};
    location / {{
      proxy_pass http://acties;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout;  # an action that started is never sent twice
    }}
  }}
}}
"""


def procfile(opzet: Opzet) -> str:
    """One line per process, for honcho."""
    wacht = f"{PY} -m bot.schaal wacht --"
    regels = [
        "postgres: "
        + " ".join(
            _als_postgres(
                [
                    str(POSTGRES_BIN / "postgres"),
                    "-D",
                    str(opzet.diensten / "pg"),
                    "-k",
                    str(opzet.run),
                    "-p",
                    str(opzet.pg_poort),
                    "-c",
                    "listen_addresses=''",
                    "-c",
                    "max_connections=200",
                ]
            )
        ),
        f"redis: redis-server {opzet.map / 'redis.conf'}",
    ]
    for i, poort in enumerate(opzet.rasa_poorten, 1):
        regels.append(
            f"rasa{i}: {wacht} {PY} -m bot.start_rasa run --model models/kompas.tar.gz --interface {opzet.host} "
            f"--port {poort} --cors {opzet.url} --credentials credentials.yml --endpoints {opzet.map / 'endpoints.yml'}"
        )
    for i, poort in enumerate(opzet.actie_poorten, 1):
        regels.append(f"acties{i}: env KOMPAS_ACTIONS_PORT={poort} {wacht} {PY} -m bot.actieserver")
    uvicorn = f"{PY} -m uvicorn bot.web:app --host {opzet.host} --port {opzet.web_poort}"
    regels.append(f"web: {wacht} {uvicorn} --no-access-log --ws none")
    regels.append(f"nginx: nginx -c {opzet.map / 'nginx.conf'}")
    return "\n".join(regels) + "\n"


def wacht_op_opslag(database_url: str, redis_url: str, tijd: float = 60) -> None:
    """Until PostgreSQL and Redis answer, then the database exists with Kompas's
    tables (made here, once, so two processes never create them at the same time)."""
    import redis
    import sqlalchemy as sa

    url = sa.engine.make_url(database_url)
    beheer = sa.create_engine(url.set(database="postgres"), future=True, isolation_level="AUTOCOMMIT")
    einde = time.monotonic() + tijd
    while True:
        try:
            redis.Redis.from_url(redis_url).ping()
            with beheer.connect() as conn:
                conn.execute(sa.text("select pg_advisory_lock(4711)"))  # one process makes the database
                bestaat = conn.execute(sa.text("select 1 from pg_database where datname = :d"), {"d": url.database})
                if bestaat.first() is None:
                    conn.execute(sa.text(f'create database "{url.database}"'))
                conn.execute(sa.text("select pg_advisory_unlock(4711)"))
            break
        except Exception:
            if time.monotonic() > einde:
                raise
            time.sleep(0.3)
    beheer.dispose()
    eng = sa.create_engine(url, future=True)
    with eng.begin() as conn:  # one at a time: CREATE TABLE is not safe in parallel
        conn.execute(sa.text("select pg_advisory_xact_lock(4711)"))
        from rasa.core.tracker_store import SQLTrackerStore

        from bot import storage

        storage.metadata.create_all(conn)
        SQLTrackerStore.Base.metadata.create_all(conn)  # Rasa's events table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.schaal", description=__doc__.split("\n\n")[0])
    parser.add_argument("opdracht", choices=["klaarzetten", "start", "wacht"])
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.opdracht == "wacht":  # a process that needs the storage: wait, then run it
        wacht_op_opslag(instellingen.database_url() or "", instellingen.redis_url() or "")
        opdracht = [a for a in args.rest if a != "--"]
        os.execvp(opdracht[0], opdracht)
    opzet = Opzet.uit_omgeving()
    klaarzetten(opzet)
    if args.opdracht == "start":
        print(f"Kompas (schaal) start op {opzet.url}: 2× Rasa, 2× acties, webapp, PostgreSQL, Redis, nginx.")
        omgeving = {**os.environ, **opzet.omgeving()}
        os.execvpe(
            "honcho",
            ["honcho", "start", "-f", str(opzet.map / "Procfile"), "-d", str(PROJECT_DIR)],
            omgeving,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
