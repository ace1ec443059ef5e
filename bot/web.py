"""The Kompas web app: the chat page with the widget, and the personal report.

Runs offline: the widget script is served from ``node_modules`` and a Content
Security Policy keeps the page from contacting any other host than this app and
the Rasa server (the widget would otherwise fetch a web font from Google).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot import instellingen, presentatie, storage
from bot.checklists import checklists, uitkomsten
from bot.rapport import raster_svg, uitslag_van_onderdeel
from bot.teksten import teksten
from bot.zelftest import zelftest

PROJECT_DIR = Path(__file__).resolve().parent.parent
WEB_DIR = PROJECT_DIR / "web"
WIDGET_DIR = PROJECT_DIR / "node_modules" / "rasa-webchat" / "lib"

logger = logging.getLogger("kompas.web")

templates = Environment(
    loader=FileSystemLoader(WEB_DIR / "templates"),
    autoescape=select_autoescape(["html", "svg"]),
)
# Markdown is not HTML: no HTML escaping, but user text is kept on its own lines.
markdown_templates = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=False)


rasa_url, web_url, bewaartermijn_dagen = instellingen.rasa_url, instellingen.web_url, instellingen.bewaartermijn_dagen


LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1"}


def socket_url(request: Request | None = None) -> str:
    """Where the widget reaches Rasa. On this machine the page may be opened as
    localhost or as 127.0.0.1: the widget then uses the same name, so the browser
    sees one site (and Rasa's CORS, which allows both, lets it in)."""
    rasa = urlsplit(rasa_url())
    pagina = request.url.hostname if request is not None else None
    if rasa.hostname in LOOPBACK and pagina in LOOPBACK and pagina != rasa.hostname:
        host = f"[{pagina}]" if ":" in pagina else pagina
        return rasa._replace(netloc=f"{host}:{rasa.port}" if rasa.port else host).geturl()
    return rasa_url()


def _csp(request: Request | None = None) -> str:
    rasa = urlsplit(socket_url(request))
    ws = f"{'wss' if rasa.scheme == 'https' else 'ws'}://{rasa.netloc}"
    return (
        "default-src 'self'; "
        f"connect-src 'self' {rasa.geturl()} {ws}; "
        # The widget bundle injects its styles inline.
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def _html(template: str, status: int = 200, request: Request | None = None, **context: Any) -> HTMLResponse:
    page = templates.get_template(template).render(**context)
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": _csp(request)})


def _markdown(template: str, context: dict[str, Any]) -> str:
    return markdown_templates.get_template(template).render(**context)


async def chat(request: Request) -> Response:
    return _html("chat.html", request=request, rasa_url=socket_url(request))


async def widget_config(request: Request) -> Response:
    """Settings for static/chat.js, so the page needs no inline script (CSP)."""
    return JSONResponse(
        {"socketUrl": socket_url(request), "initPayload": "/greet", "labels": teksten().chat.dict()},
        headers={"Cache-Control": "no-store"},
    )


def rapport_inhoud(sender_id: str) -> dict[str, Any]:
    """Everything stored for one conversation, ready for the report page or Markdown."""
    alle_checklists = checklists()
    zelftesten, werkvormen, lijsten, trajecten = [], [], [], []
    for item in storage.onderdelen_van(sender_id):
        data = item["data"]
        if item["soort"] == "zelftest":
            uitslag = uitslag_van_onderdeel(data)
            if uitslag is not None:
                zelftesten.append({"id": item["id"], "uitslag": uitslag})
        elif item["soort"] == "werkvorm":
            werkvormen.append(data)
        elif item["soort"] == "traject":
            trajecten.append(data)  # stored as shown, like a werkvorm's card
        elif item["soort"] == "checklist" and data.get("checklist") in alle_checklists:
            checklist = alle_checklists[data["checklist"]]
            uit = uitkomsten(checklist, data.get("antwoorden") or [])
            lijsten.append(
                {
                    "titel": checklist.titel,
                    "afgerond": data.get("afgerond", True),  # stored before 'stop' could keep half a checklist
                    "goed": [u for u in uit if u.in_orde],
                    "aandacht": [u for u in uit if not u.in_orde],
                }
            )
    # The scale's words, so the page says "2 · oneens" beside each statement.
    schaal = {p.waarde: f"{p.waarde} · {p.label}" for p in zelftest().schaal}
    return {
        "zelftesten": zelftesten,
        "werkvormen": werkvormen,
        "checklists": lijsten,
        "trajecten": trajecten,
        "schaal": schaal,
    }


async def rapport(request: Request) -> Response:
    token = request.path_params["token"]
    sender_id = storage.sender_van_token(token)
    if sender_id is None:
        return _html("rapport_weg.html", status=404)
    return _html("rapport.html", token=token, **rapport_inhoud(sender_id))


async def rapport_markdown(request: Request) -> Response:
    """The same report as a Markdown file to download and keep."""
    token = request.path_params["token"]
    sender_id = storage.sender_van_token(token)
    if sender_id is None:
        return PlainTextResponse(teksten().paginas.rapport_weg, status_code=404)
    tekst = markdown_templates.get_template("rapport.md").render(**rapport_inhoud(sender_id))
    return Response(
        tekst,
        media_type="text/markdown; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="kompas-rapport.md"',
            "Cache-Control": "private, no-store",
        },
    )


async def zelftest_plaatje(request: Request) -> Response:
    token = request.path_params["token"]
    sender_id = storage.sender_van_token(token)
    item = storage.onderdeel(request.path_params["onderdeel"])
    if sender_id is None or item is None or item["sender_id"] != sender_id or item["soort"] != "zelftest":
        return PlainTextResponse(teksten().paginas.niet_gevonden, status_code=404)
    uitslag = uitslag_van_onderdeel(item["data"])
    if uitslag is None:
        return PlainTextResponse(teksten().paginas.niet_gevonden, status_code=404)
    svg = raster_svg(uitslag)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, no-store"})


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _meld_klaar_als_rasa_draait() -> None:
    """Print the chat URL once Rasa answers, so `make run` ends with the address."""
    async with httpx.AsyncClient(timeout=2) as client:
        for _ in range(600):
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"{instellingen.rasa_intern_url()}/")).status_code == 200:
                    print(f"\n  Kompas is klaar. Open {web_url()}/ in je browser.\n", flush=True)
                    return
            await asyncio.sleep(1)


async def _ruim_regelmatig_op() -> None:
    """Delete conversations older than the retention period, once an hour."""
    while True:
        try:
            await asyncio.to_thread(storage.ruim_op, bewaartermijn_dagen())
        except Exception:
            logger.exception("Opruimen van oude gesprekken mislukt")
        await asyncio.sleep(3600)


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    taken = [asyncio.create_task(_ruim_regelmatig_op())]
    if instellingen.meld_klaar():
        taken.append(asyncio.create_task(_meld_klaar_als_rasa_draait()))
    yield
    for taak in taken:
        taak.cancel()


class Beveiligingskoppen:
    """Headers for every response: no sniffing, no framing, no referrer (report links
    are secret), and nothing personal kept in a cache."""

    VAST = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    ]
    PERSOONLIJK = ("/rapport/", "/sessie/")

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        persoonlijk = scope["path"].startswith(self.PERSOONLIJK)

        async def met_koppen(bericht: dict) -> None:
            if bericht["type"] == "http.response.start":
                koppen = [(k, v) for k, v in bericht.get("headers", []) if not (persoonlijk and k == b"cache-control")]
                koppen += self.VAST
                if persoonlijk:
                    koppen.append((b"cache-control", b"private, no-store"))
                bericht = {**bericht, "headers": koppen}
            await send(bericht)

        await self.app(scope, receive, met_koppen)


def maak_app() -> Starlette:
    routes = [
        Route("/", chat),
        Route("/widget-config.json", widget_config),
        Route("/health", health),
        Route("/rapport/{token}.md", rapport_markdown),
        Route("/rapport/{token}", rapport),
        Route("/rapport/{token}/zelftest/{onderdeel}.svg", zelftest_plaatje),
        *presentatie.routes(_html, _markdown, web_url),
        Mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static"),
    ]
    if WIDGET_DIR.exists():
        routes.append(Mount("/widget", StaticFiles(directory=WIDGET_DIR), name="widget"))
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(Beveiligingskoppen)])


app = maak_app()
