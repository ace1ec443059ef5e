"""The container and deployment files against what Kompas really runs and reads.

Dockerfile, docker-compose.yml, deploy/ (nginx, Helm values, Kubernetes manifests)
and docs/schaal.md are checked against the Procfile (the commands), bot/instellingen.py
(the settings), endpoints.yml and credentials.yml (what Rasa loads) and
bench/results.json (the measured figures). No Docker, Helm or network needed; the one
test that runs `docker compose config` skips without the compose plugin.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEPLOY = PROJECT_DIR / "deploy"
COMPOSE = PROJECT_DIR / "docker-compose.yml"
DOCKERFILE = PROJECT_DIR / "Dockerfile"
NGINX = DEPLOY / "nginx" / "kompas.conf"
RASA_VALUES = DEPLOY / "helm" / "rasa-values.yaml"
ACTIONS_VALUES = DEPLOY / "helm" / "rasa-action-server-values.yaml"
WEB_K8S = DEPLOY / "k8s" / "web.yaml"
CONTAINER_ENDPOINTS = DEPLOY / "rasa" / "endpoints.yml"

PROCESSEN = ("rasa", "actions", "web")
# Redis (lock store, socket.io between Rasa instances): read by the scale-out work's code.
NIEUWE_INSTELLINGEN = {"KOMPAS_REDIS_URL"}
INSTELLING = re.compile(r"\b(KOMPAS_[A-Z0-9_]+|DATABASE_URL)\b")


def woorden(tekst: str) -> set[str]:
    return set(tekst.split())


# Key paths of the charts' values.yaml (RasaHQ/helm-charts: charts/rasa 1.17.8,
# charts/rasa-action-server 1.0.9). A key that is not here is ignored by the chart.
RASA_CHART_SLEUTELS = woorden(
    """
    nameOverride fullnameOverride registry applicationSettings applicationSettings.debugMode
    applicationSettings.initialModel applicationSettings.trainInitialModel applicationSettings.port
    applicationSettings.scheme applicationSettings.token applicationSettings.cors applicationSettings.enableAPI
    applicationSettings.credentials applicationSettings.credentials.enabled
    applicationSettings.credentials.additionalChannelCredentials applicationSettings.telemetry
    applicationSettings.telemetry.enabled applicationSettings.endpoints applicationSettings.endpoints.models
    applicationSettings.endpoints.models.enabled applicationSettings.endpoints.models.url
    applicationSettings.endpoints.models.token applicationSettings.endpoints.models.waitTimeBetweenPulls
    applicationSettings.endpoints.models.useRasaXasModelServer
    applicationSettings.endpoints.models.useRasaXasModelServer.enabled
    applicationSettings.endpoints.models.useRasaXasModelServer.tag applicationSettings.endpoints.trackerStore
    applicationSettings.endpoints.trackerStore.enabled applicationSettings.endpoints.trackerStore.type
    applicationSettings.endpoints.trackerStore.dialect applicationSettings.endpoints.trackerStore.url
    applicationSettings.endpoints.trackerStore.port applicationSettings.endpoints.trackerStore.username
    applicationSettings.endpoints.trackerStore.password applicationSettings.endpoints.trackerStore.db
    applicationSettings.endpoints.trackerStore.login_db applicationSettings.endpoints.lockStore
    applicationSettings.endpoints.lockStore.enabled applicationSettings.endpoints.lockStore.type
    applicationSettings.endpoints.lockStore.url applicationSettings.endpoints.lockStore.port
    applicationSettings.endpoints.lockStore.password applicationSettings.endpoints.lockStore.db
    applicationSettings.endpoints.eventBroker applicationSettings.endpoints.eventBroker.enabled
    applicationSettings.endpoints.eventBroker.type applicationSettings.endpoints.eventBroker.url
    applicationSettings.endpoints.eventBroker.username applicationSettings.endpoints.eventBroker.password
    applicationSettings.endpoints.eventBroker.port applicationSettings.endpoints.eventBroker.queues
    applicationSettings.endpoints.action applicationSettings.endpoints.action.endpointURL
    applicationSettings.endpoints.additionalEndpoints applicationSettings.rasaX applicationSettings.rasaX.enabled
    applicationSettings.rasaX.token applicationSettings.rasaX.url applicationSettings.rasaX.useConfigEndpoint
    replicaCount hostAliases networkPolicy networkPolicy.enabled networkPolicy.denyAll args extraArgs command
    extraEnv image image.name image.tag image.repository image.pullPolicy image.pullSecrets serviceAccount
    serviceAccount.create serviceAccount.annotations serviceAccount.name podAnnotations podLabels
    deploymentAnnotations deploymentLabels podSecurityContext securityContext service service.type service.port
    service.annotations service.nodePort service.loadBalancerIP service.externalTrafficPolicy ingress
    ingress.enabled ingress.annotations ingress.labels ingress.pathType ingress.path ingress.hostname ingress.tls
    ingress.extraPaths resources autoscaling autoscaling.enabled autoscaling.minReplicas autoscaling.maxReplicas
    autoscaling.targetCPUUtilizationPercentage nodeSelector tolerations affinity strategy strategy.type
    strategy.rollingUpdate strategy.rollingUpdate.maxSurge strategy.rollingUpdate.maxUnavailable livenessProbe
    livenessProbe.httpGet livenessProbe.httpGet.path livenessProbe.httpGet.port livenessProbe.httpGet.scheme
    livenessProbe.initialDelaySeconds livenessProbe.periodSeconds livenessProbe.successThreshold
    livenessProbe.timeoutSeconds livenessProbe.failureThreshold readinessProbe readinessProbe.httpGet
    readinessProbe.httpGet.path readinessProbe.httpGet.port readinessProbe.httpGet.scheme
    readinessProbe.initialDelaySeconds readinessProbe.periodSeconds readinessProbe.successThreshold
    readinessProbe.timeoutSeconds readinessProbe.failureThreshold initContainers extraContainers volumes
    volumeMounts global global.postgresql global.postgresql.postgresqlUsername global.postgresql.postgresqlPassword
    global.postgresql.existingSecret global.postgresql.postgresqlDatabase global.postgresql.servicePort global.redis
    global.redis.password postgresql postgresql.install postgresql.external postgresql.external.enabled
    postgresql.external.host redis redis.install redis.replica redis.replica.replicaCount redis.auth
    redis.auth.password redis.external redis.external.enabled redis.external.host rabbitmq rabbitmq.install
    rabbitmq.auth rabbitmq.auth.username rabbitmq.auth.password rabbitmq.auth.existingPasswordSecret
    rabbitmq.auth.erlangCookie rabbitmq.external rabbitmq.external.enabled rabbitmq.external.host nginx
    nginx.enabled nginx.image nginx.image.name nginx.image.tag nginx.livenessProbe nginx.readinessProbe nginx.port
    nginx.resources nginx.securityContext nginx.tls nginx.tls.enabled nginx.tls.port
    nginx.tls.generateSelfSignedCert nginx.tls.certificateSecret nginx.customConfiguration rasa-action-server
    rasa-action-server.install rasa-action-server.external rasa-action-server.external.enabled
    rasa-action-server.external.url duckling duckling.install duckling.external duckling.external.enabled
    duckling.external.url
    """
)
ACTION_SERVER_CHART_SLEUTELS = woorden(
    """
    nameOverride fullnameOverride registry applicationSettings applicationSettings.port applicationSettings.scheme
    replicaCount hostAliases args command extraEnv image image.name image.tag image.repository image.pullPolicy
    image.pullSecrets serviceAccount serviceAccount.create serviceAccount.annotations serviceAccount.name
    podAnnotations podLabels deploymentAnnotations deploymentLabels podSecurityContext securityContext service
    service.type service.port service.annotations service.nodePort service.loadBalancerIP
    service.externalTrafficPolicy ingress ingress.enabled ingress.annotations ingress.labels ingress.pathType
    ingress.path ingress.hostname ingress.tls ingress.extraPaths resources autoscaling autoscaling.enabled
    autoscaling.minReplicas autoscaling.maxReplicas autoscaling.targetCPUUtilizationPercentage nodeSelector
    tolerations affinity strategy strategy.type strategy.rollingUpdate strategy.rollingUpdate.maxSurge
    strategy.rollingUpdate.maxUnavailable livenessProbe livenessProbe.httpGet livenessProbe.httpGet.path
    livenessProbe.httpGet.port livenessProbe.httpGet.scheme livenessProbe.initialDelaySeconds
    livenessProbe.periodSeconds livenessProbe.successThreshold livenessProbe.timeoutSeconds
    livenessProbe.failureThreshold readinessProbe readinessProbe.httpGet readinessProbe.httpGet.path
    readinessProbe.httpGet.port readinessProbe.httpGet.scheme readinessProbe.initialDelaySeconds
    readinessProbe.periodSeconds readinessProbe.successThreshold readinessProbe.timeoutSeconds
    readinessProbe.failureThreshold initContainers volumes volumeMounts
    """
)
# Maps the charts pass on whole (toYaml): any key inside is the user's.
VRIJE_MAPS = {
    "applicationSettings.credentials.additionalChannelCredentials",
    "applicationSettings.endpoints.additionalEndpoints",
    "podAnnotations",
    "podLabels",
    "deploymentAnnotations",
    "deploymentLabels",
    "podSecurityContext",
    "securityContext",
    "resources",
    "nodeSelector",
    "affinity",
    "service.annotations",
    "ingress.annotations",
    "ingress.labels",
    "nginx.customConfiguration",
}


# --- reading the files ----------------------------------------------------------------


def lees_yaml(pad: Path) -> Any:
    return yaml.safe_load(pad.read_text(encoding="utf-8"))


def compose() -> dict[str, Any]:
    return lees_yaml(COMPOSE)


def procfile() -> dict[str, str]:
    regels = (PROJECT_DIR / "Procfile").read_text(encoding="utf-8").splitlines()
    return {naam.strip(): commando.strip() for naam, _, commando in (r.partition(":") for r in regels if r.strip())}


def als_procfile(commando: str | list[Any]) -> list[str]:
    """A command as words, the way the Procfile writes it: a `sh -c "exec …"` wrapper
    unwrapped, the program without its path (.venv/bin/), and $NAME for a variable
    written ${NAME}, $(NAME) (Kubernetes) or $${NAME} (compose's escape)."""
    woorden = shlex.split(commando) if isinstance(commando, str) else [str(w) for w in commando]
    if len(woorden) == 3 and Path(woorden[0]).name in {"sh", "bash"} and woorden[1] == "-c":
        woorden = shlex.split(woorden[2])
    if woorden and woorden[0] == "exec":
        woorden = woorden[1:]
    assert woorden, f"leeg commando: {commando!r}"
    woorden[0] = Path(woorden[0]).name
    return [re.sub(r"\$\{(\w+)\}|\$\((\w+)\)", lambda m: "$" + (m[1] or m[2]), w.replace("$$", "$")) for w in woorden]


def dockerfile_stadia() -> dict[str, dict[str, Any]]:
    """Each stage of the Dockerfile: its base and its instructions (continuation lines
    joined, comments dropped)."""
    regels: list[str] = []
    deel = ""
    for regel in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        tekst = regel.strip()
        if tekst.startswith("#") or (not tekst and not deel):
            continue
        if tekst.endswith("\\"):
            deel += tekst[:-1] + " "
            continue
        regels.append(deel + tekst)
        deel = ""
    stadia: dict[str, dict[str, Any]] = {}
    huidig: dict[str, Any] | None = None
    for regel in regels:
        instructie, _, rest = regel.partition(" ")
        if instructie.upper() == "FROM":
            woorden = [w for w in rest.split() if not w.startswith("--")]
            naam = woorden[2] if len(woorden) == 3 and woorden[1].upper() == "AS" else f"#{len(stadia)}"
            huidig = stadia[naam] = {"basis": woorden[0], "instructies": []}
        elif huidig is not None:
            huidig["instructies"].append((instructie.upper(), rest.strip()))
    return stadia


def keten(stadia: dict[str, dict[str, Any]], doel: str) -> list[str]:
    """The stages a target is built on, from the external image to the target."""
    namen = [doel]
    while stadia[namen[-1]]["basis"] in stadia:
        namen.append(stadia[namen[-1]]["basis"])
    return [*reversed(namen)]


def nginx_blokken(tekst: str) -> list[tuple[str, list[str], list]]:
    """nginx's configuration as (directive, arguments, children)."""
    tekst = re.sub(r"#[^\n]*", "", tekst)
    tokens = re.findall(r'"[^"]*"|\'[^\']*\'|[{};]|[^\s{};]+', tekst)
    wortel: list = []
    stapel = [wortel]
    woorden: list[str] = []
    for token in tokens:
        if token in ";{":
            blok: tuple[str, list[str], list] = (woorden[0], woorden[1:], [])
            stapel[-1].append(blok)
            if token == "{":
                stapel.append(blok[2])
            woorden = []
        elif token == "}":
            stapel.pop()
        else:
            woorden.append(token.strip("\"'"))
    assert len(stapel) == 1, "accolades in de nginx-configuratie kloppen niet"
    return wortel


def kinderen(blokken: list, naam: str) -> list[tuple[str, list[str], list]]:
    return [b for b in blokken if b[0] == naam]


def omgeving(lijst: list[dict[str, Any]]) -> dict[str, Any]:
    """A Kubernetes env list as a dict: the value, or the valueFrom."""
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in lijst}


def k8s_documenten(pad: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(pad.read_text(encoding="utf-8")) if d]


def web_container() -> dict[str, Any]:
    (deployment,) = [d for d in k8s_documenten(WEB_K8S) if d["kind"] == "Deployment"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def gelezen_instellingen() -> set[str]:
    """The variables bot/instellingen.py or the Procfile read."""
    code = (PROJECT_DIR / "bot" / "instellingen.py").read_text(encoding="utf-8")
    uit_code = set(re.findall(r"[\"'](KOMPAS_[A-Z0-9_]+|DATABASE_URL)[\"']", code))
    uit_procfile = set(re.findall(r"\$\{?(KOMPAS_[A-Z0-9_]+)", (PROJECT_DIR / "Procfile").read_text()))
    return uit_code | uit_procfile


# --- the tests --------------------------------------------------------------------------


def yaml_bestanden() -> list[Path]:
    return sorted([COMPOSE, *DEPLOY.rglob("*.yml"), *DEPLOY.rglob("*.yaml")])


def test_every_yaml_file_parses() -> None:
    bestanden = yaml_bestanden()
    verwacht = {COMPOSE, CONTAINER_ENDPOINTS, RASA_VALUES, ACTIONS_VALUES, WEB_K8S}
    assert verwacht <= set(bestanden)
    for pad in bestanden:
        documenten = [d for d in yaml.safe_load_all(pad.read_text(encoding="utf-8")) if d is not None]
        assert documenten, f"{pad.relative_to(PROJECT_DIR)} is leeg"
        assert all(isinstance(d, dict) for d in documenten), pad


def test_compose_has_every_service_and_only_nginx_publishes_a_port() -> None:
    diensten = compose()["services"]
    assert {"postgres", "redis", "rasa", "actions", "web", "nginx"} <= set(diensten)
    assert {naam for naam, dienst in diensten.items() if dienst.get("ports")} == {"nginx"}
    assert diensten["postgres"]["image"].startswith("postgres:")
    assert diensten["redis"]["image"].startswith("redis:")
    for naam, dienst in diensten.items():
        assert "healthcheck" in dienst or naam == "db-init", f"{naam} heeft geen healthcheck"


def procfile_vergelijking() -> list[Any]:
    stadia = dockerfile_stadia()
    cmd = {doel: json.loads(dict(stadia[doel]["instructies"])["CMD"]) for doel in PROCESSEN}
    rasa, acties = lees_yaml(RASA_VALUES), lees_yaml(ACTIONS_VALUES)
    web = web_container()
    diensten = compose()["services"]
    paren = [
        *((f"compose-{p}", p, diensten[p]["command"]) for p in PROCESSEN),
        *((f"Dockerfile-{p}", p, cmd[p]) for p in PROCESSEN),
        ("helm-rasa", "rasa", rasa["command"] + rasa.get("args", [])),
        ("helm-actions", "actions", acties["command"] + acties.get("args", [])),
        ("k8s-web", "web", web["command"] + web.get("args", [])),
    ]
    return [pytest.param(proces, commando, id=bron) for bron, proces, commando in paren]


@pytest.mark.parametrize(("proces", "commando"), procfile_vergelijking())
def test_every_command_is_the_procfile_command(proces: str, commando: Any) -> None:
    assert als_procfile(commando) == als_procfile(procfile()[proces])


def test_the_procfile_commands_are_the_three_processes() -> None:
    """If the Procfile gains or renames a process, the images have to follow."""
    assert set(procfile()) == set(PROCESSEN)
    assert als_procfile(procfile()["web"])[:2] == ["uvicorn", "bot.web:app"]


def test_every_process_listens_on_all_addresses_in_a_container() -> None:
    diensten = compose()["services"]
    for proces in PROCESSEN:
        assert diensten[proces]["environment"]["KOMPAS_HOST"] == "0.0.0.0", proces
    assert omgeving(lees_yaml(RASA_VALUES)["extraEnv"])["KOMPAS_HOST"] == "0.0.0.0"
    assert omgeving(lees_yaml(ACTIONS_VALUES)["extraEnv"])["KOMPAS_HOST"] == "0.0.0.0"
    assert omgeving(web_container()["env"])["KOMPAS_HOST"] == "0.0.0.0"


def test_every_setting_used_is_one_kompas_reads() -> None:
    gelezen = gelezen_instellingen()
    assert {"KOMPAS_HOST", "KOMPAS_ACTIONS_TOKEN", "DATABASE_URL", "KOMPAS_RASA_PORT"} <= gelezen
    bestanden = [*yaml_bestanden(), DOCKERFILE, *DEPLOY.rglob("*.env")]
    gebruikt = {
        (naam, pad.relative_to(PROJECT_DIR)) for pad in bestanden for naam in INSTELLING.findall(pad.read_text())
    }
    onbekend = sorted((str(pad), naam) for naam, pad in gebruikt if naam not in gelezen | NIEUWE_INSTELLINGEN)
    assert not onbekend, f"Kompas leest deze niet (bot/instellingen.py, Procfile): {onbekend}"


def test_the_secrets_are_required_and_never_written_down() -> None:
    diensten = compose()["services"]
    for proces in PROCESSEN:
        token = diensten[proces]["environment"]["KOMPAS_ACTIONS_TOKEN"]
        assert token.startswith("${KOMPAS_ACTIONS_TOKEN:?"), proces
    for env in (
        omgeving(lees_yaml(RASA_VALUES)["extraEnv"]),
        omgeving(lees_yaml(ACTIONS_VALUES)["extraEnv"]),
        omgeving(web_container()["env"]),
    ):
        for naam in ("KOMPAS_ACTIONS_TOKEN", "DATABASE_URL"):
            assert "secretKeyRef" in env[naam], naam


def test_compose_uses_postgres_and_redis() -> None:
    diensten = compose()["services"]
    for proces in PROCESSEN:
        # ${…} is compose's to fill in (the password, or the message when it is missing).
        url = urlsplit(re.sub(r"\$\{[^}]*\}", "x", diensten[proces]["environment"]["DATABASE_URL"]))
        assert url.scheme == "postgresql+psycopg2", proces
        assert url.hostname == "postgres", proces
    redis = urlsplit(diensten["rasa"]["environment"]["KOMPAS_REDIS_URL"])
    assert (redis.scheme, redis.hostname) == ("redis", "redis")
    assert "KOMPAS_REDIS_URL" in omgeving(lees_yaml(RASA_VALUES)["extraEnv"])


def test_the_ports_agree_everywhere() -> None:
    diensten = compose()["services"]
    actie_url = urlsplit(diensten["rasa"]["environment"]["ACTION_SERVER_URL"])
    assert actie_url.hostname == "actions"
    assert str(actie_url.port) == diensten["actions"]["environment"]["KOMPAS_ACTIONS_PORT"]

    rasa, acties = lees_yaml(RASA_VALUES), lees_yaml(ACTIONS_VALUES)
    rasa_env, acties_env = omgeving(rasa["extraEnv"]), omgeving(acties["extraEnv"])
    assert rasa_env["KOMPAS_RASA_PORT"] == str(rasa["applicationSettings"]["port"])
    assert acties_env["KOMPAS_ACTIONS_PORT"] == str(acties["applicationSettings"]["port"])
    actie_url = urlsplit(rasa_env["ACTION_SERVER_URL"])
    assert (actie_url.hostname, actie_url.port) == (acties["fullnameOverride"], acties["service"]["port"])
    for env in (acties_env, omgeving(web_container()["env"])):  # pushes go to Rasa's Service
        rasa_intern = urlsplit(env["KOMPAS_RASA_INTERN_URL"])
        assert rasa_intern.hostname == rasa["fullnameOverride"]
        assert rasa_intern.port == rasa["applicationSettings"]["port"]
    assert urlsplit(diensten["web"]["environment"]["KOMPAS_RASA_INTERN_URL"]).hostname == "rasa"

    web = web_container()
    assert str(web["ports"][0]["containerPort"]) == omgeving(web["env"])["KOMPAS_WEB_PORT"]


def test_the_images_run_python_310_as_a_user_with_the_pinned_packages() -> None:
    stadia = dockerfile_stadia()
    for doel in PROCESSEN:
        namen = keten(stadia, doel)
        assert stadia[namen[0]]["basis"].startswith("python:3.10"), doel
        instructies = [i for naam in namen for i in stadia[naam]["instructies"]]
        gebruikers = [rest for soort, rest in instructies if soort == "USER"]
        assert gebruikers and gebruikers[-1] not in {"root", "0"}, f"{doel} draait als root"
        installaties = [rest for soort, rest in instructies if soort == "RUN" and "pip install" in rest]
        assert any("requirements.txt" in r and "-c constraints.txt" in r for r in installaties), doel
    rasa = [rest for soort, rest in stadia["rasa"]["instructies"] if soort == "COPY"]
    assert any("models/kompas.tar.gz" in r for r in rasa), "het model zit niet in het rasa-image"
    assert any("deploy/rasa/endpoints.yml" in r for r in rasa)


def genegeerd(pad: str, patronen: list[str]) -> bool:
    """Docker's .dockerignore rule, near enough: the last pattern that matches the path
    or a folder above it decides; `!` takes a path back; `**/` matches at any depth."""
    delen = pad.strip("/").split("/")
    uitkomst = False
    for patroon in patronen:
        kaal = patroon.removeprefix("!").strip("/")
        if kaal.startswith("**/"):
            stukken = ("/".join(delen[j:i]) for i in range(1, len(delen) + 1) for j in range(i))
            raak = any(fnmatch.fnmatchcase(stuk, kaal[3:]) for stuk in stukken)
        else:
            raak = any(fnmatch.fnmatchcase("/".join(delen[:i]), kaal) for i in range(1, len(delen) + 1))
        if raak:
            uitkomst = not patroon.startswith("!")
    return uitkomst


def test_dockerignore_leaves_out_the_heavy_folders_but_not_what_the_build_copies() -> None:
    regels = (PROJECT_DIR / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patronen = [r.strip() for r in regels if r.strip() and not r.startswith("#")]
    for pad in (".venv/bin/python", "node_modules/x", "var/kompas.db", "test-output/a.png", ".git/HEAD"):
        assert genegeerd(pad, patronen), pad
    assert genegeerd("models/ander.tar.gz", patronen)
    assert genegeerd("deploy/kompas.env", patronen), "een env-bestand met geheimen kwam in de build"
    bronnen = []
    for soort, rest in (i for stadium in dockerfile_stadia().values() for i in stadium["instructies"]):
        if soort == "COPY" and "--from" not in rest:
            bronnen += rest.split()[:-1]
    assert "models/kompas.tar.gz" in bronnen
    for bron in bronnen:
        assert not genegeerd(bron, patronen), f".dockerignore laat {bron} weg, maar de Dockerfile kopieert het"


def test_nginx_keeps_socketio_sticky_and_balances_the_rest() -> None:
    blokken = nginx_blokken(NGINX.read_text(encoding="utf-8"))
    upstreams = {b[1][0]: b[2] for b in kinderen(blokken, "upstream")}
    (server,) = kinderen(blokken, "server")
    locaties = {b[1][-1]: b[2] for b in kinderen(server[2], "location")}

    def upstream_van(locatie: str) -> str | None:
        proxy = kinderen(locaties[locatie], "proxy_pass")
        return proxy[0][1][0].removeprefix("http://") if proxy else None

    # map $cookie_x $y { default $cookie_x; … }: $y is the cookie whenever there is one.
    uit_cookie = {
        b[1][1]
        for b in kinderen(blokken, "map")
        if b[1][0].startswith("$cookie_") and [r[1] for r in b[2] if r[0] == "default"] == [[b[1][0]]]
    }

    def sticky(upstream: str) -> bool:
        richtlijnen = {b[0]: b[1] for b in upstreams[upstream]}
        sleutel = richtlijnen.get("hash", [""])[0]
        return "ip_hash" in richtlijnen or sleutel.startswith("$cookie_") or sleutel in uit_cookie

    rasa_upstream, web_upstream = upstream_van("/socket.io/"), upstream_van("/")
    assert sticky(rasa_upstream), "/socket.io/ moet sticky zijn (ip_hash of hash op een cookie)"
    assert not sticky(web_upstream), "de webapp: round robin"
    # Only the widget's path reaches Rasa; /webhooks/ (REST, push) never (README).
    assert [loc for loc in locaties if upstream_van(loc) == rasa_upstream] == ["/socket.io/"]
    assert upstream_van("/webhooks/") is None
    assert kinderen(server[2], "access_log")[0][1] == ["off"], "rapportlinks horen niet in een log"

    diensten = compose()["services"]
    poorten = {
        rasa_upstream: f"rasa:{diensten['rasa']['environment']['KOMPAS_RASA_PORT']}",
        web_upstream: f"web:{diensten['web']['environment']['KOMPAS_WEB_PORT']}",
    }
    for upstream, adres in poorten.items():
        assert [b[1][0] for b in kinderen(upstreams[upstream], "server")] == [adres]
    assert any(v.startswith("./deploy/nginx/kompas.conf:") for v in diensten["nginx"]["volumes"])


def test_the_helm_values_use_managed_postgres_and_redis() -> None:
    rasa = lees_yaml(RASA_VALUES)
    assert rasa["postgresql"]["install"] is False
    assert rasa["redis"]["install"] is False
    assert rasa["rabbitmq"]["install"] is False
    # Otherwise the chart's init container puts its demo model in /app/models, over ours.
    assert rasa["applicationSettings"]["initialModel"] == ""
    assert rasa["applicationSettings"]["trainInitialModel"] is False
    assert rasa["rasa-action-server"]["install"] is False
    assert rasa["nginx"]["enabled"] is False


def onbekende_sleutels(waarden: dict[str, Any], bekend: set[str], voorvoegsel: str = "") -> list[str]:
    fout = []
    for sleutel, waarde in waarden.items():
        pad = voorvoegsel + sleutel
        if pad not in bekend:
            fout.append(pad)
        elif isinstance(waarde, dict) and pad not in VRIJE_MAPS:
            fout += onbekende_sleutels(waarde, bekend, pad + ".")
    return fout


@pytest.mark.parametrize(
    ("pad", "bekend"),
    [(RASA_VALUES, RASA_CHART_SLEUTELS), (ACTIONS_VALUES, ACTION_SERVER_CHART_SLEUTELS)],
    ids=["rasa", "rasa-action-server"],
)
def test_every_helm_key_is_one_the_chart_has(pad: Path, bekend: set[str]) -> None:
    assert not onbekende_sleutels(lees_yaml(pad), bekend)


def test_the_container_endpoints_are_the_repository_ones_with_the_action_server_address_and_a_lock_store() -> None:
    eigen = lees_yaml(PROJECT_DIR / "endpoints.yml")
    container = lees_yaml(CONTAINER_ENDPOINTS)
    assert container["action_endpoint"]["url"] == "${ACTION_SERVER_URL}"
    # More than one Rasa needs a shared lock store: Kompas's own, on KOMPAS_REDIS_URL.
    module, _, klasse = container["lock_store"]["type"].rpartition(".")
    bron = (PROJECT_DIR / Path(*module.split("."))).with_suffix(".py").read_text(encoding="utf-8")
    assert f"class {klasse}(" in bron, f"{module} heeft geen {klasse}"
    assert "redis_url()" in bron or "KOMPAS_REDIS_URL" in bron
    verwacht = {
        "lock_store": container["lock_store"],  # unless endpoints.yml has its own
        **eigen,
        "action_endpoint": {**eigen["action_endpoint"], "url": "${ACTION_SERVER_URL}"},
    }
    hint = "endpoints.yml veranderde: neem het over in deploy/rasa/endpoints.yml en deploy/helm/rasa-values.yaml"
    assert container == verwacht, hint
    instellingen = lees_yaml(RASA_VALUES)["applicationSettings"]
    assert instellingen["endpoints"]["additionalEndpoints"] == container, hint
    for eigen_eindpunt in ("trackerStore", "lockStore", "eventBroker", "models"):
        assert instellingen["endpoints"][eigen_eindpunt]["enabled"] is False, eigen_eindpunt
    assert instellingen["credentials"]["additionalChannelCredentials"] == lees_yaml(PROJECT_DIR / "credentials.yml")


def test_the_scale_document_quotes_the_measured_figures() -> None:
    """docs/schaal.md rests on bench/results.json; after a new `make bench` it must
    be worked out again."""
    gemeten = json.loads((PROJECT_DIR / "bench" / "results.json").read_text())["kompas"]
    tekst = (PROJECT_DIR / "docs" / "schaal.md").read_text(encoding="utf-8")
    for sleutel in ("doorvoer_per_s", "rasa_rss_mib", "actieserver_rss_mib", "webapp_rss_mib"):
        assert f"{gemeten[sleutel]:.1f}".replace(".", ",") in tekst, (
            f"docs/schaal.md noemt {sleutel} niet zoals gemeten"
        )
    assert gemeten["gemeten"] in tekst
    schaal = json.loads((PROJECT_DIR / "bench" / "results.json").read_text())["kompas_schaal"]
    for sleutel in ("een_instantie_per_s", "geschaald_per_s"):
        assert f"{schaal[sleutel]:.1f}".replace(".", ",") in tekst, f"docs/schaal.md noemt {sleutel} niet zoals gemeten"
    assert f"{schaal['verhouding']:.2f}".replace(".", ",") in tekst
    assert schaal["gemeten"] in tekst
    assert "KOMPAS_REDIS_URL" in tekst


def test_docker_compose_accepts_the_file() -> None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True, timeout=10).returncode:
        pytest.skip("geen docker compose op deze machine")
    env = {**os.environ, "KOMPAS_ACTIONS_TOKEN": "test", "POSTGRES_PASSWORD": "test"}
    uitkomst = subprocess.run(
        [docker, "compose", "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_DIR,
        timeout=30,
    )
    assert uitkomst.returncode == 0, uitkomst.stderr
