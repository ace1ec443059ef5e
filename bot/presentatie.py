"""The presenter page of a group session: the big screen, and its controls.

Everything here hangs off the facilitator key in the link (``/sessie/<sleutel>``);
without it there is nothing to see or do. The page asks for the session's state
once a second (``stand.json``): counts, the step, a result only where one may be
shown (``bot.groepssessie`` decides), never who answered what. Controls are POSTs
to ``bediening`` (``bot.groepssessie.bedien``, which the facilitator's chat uses too).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import segno
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.groepssessie import SessieFout, Sessies, bedien
from bot.sessieplan import PlanFout
from bot.teksten import teksten

# The largest control request: an action and an id.
MAX_BEDIENING_BYTES = 2_000

GEEN_CACHE = {"Cache-Control": "private, no-store"}


def deelname_url(web_url: str, code: str) -> str:
    """What the QR code opens: the chat page with the code filled in."""
    return f"{web_url}/?sessie={code}"


def qr_svg(tekst: str, titel: str) -> bytes:
    uit = io.BytesIO()
    segno.make(tekst, error="m").save(uit, kind="svg", scale=8, border=2, title=titel, dark="#1a1a1a", light="#fff")
    return uit.getvalue()


def routes(html: Callable[..., Response], markdown: Callable[[str, dict], str], web_url: Callable[[], str]) -> list:
    """The presenter routes; ``html`` renders a page with the app's headers."""

    def sessies() -> Sessies:
        return Sessies()

    def onbekend() -> Response:
        return html("sessie_weg.html", status=404)

    def pagina(request: Request) -> Response:
        sleutel = request.path_params["sleutel"]
        try:
            sessie = sessies().met_sleutel(sleutel, ook_beeindigd=True)
        except SessieFout:
            return onbekend()
        deelname = deelname_url(web_url(), sessie.code)
        return html("presentatie.html", sleutel=sleutel, code=sessie.code, deelname=deelname)

    def stand(request: Request) -> Response:
        sleutel = request.path_params["sleutel"]
        s = sessies()
        try:
            beeindigd = s.met_sleutel(sleutel, ook_beeindigd=True).beeindigd
            data = {"beeindigd": True} if beeindigd else s.scherm(sleutel)
            if request.query_params.get("nakijken") == "1" and not data.get("beeindigd"):
                data["bijdragen"] = s.bijdragen(sleutel)
        except (SessieFout, PlanFout):
            return JSONResponse({"fout": "onbekend"}, status_code=404, headers=GEEN_CACHE)
        return JSONResponse(data, headers=GEEN_CACHE)

    async def bediening(request: Request) -> Response:
        sleutel = request.path_params["sleutel"]
        inhoud = await request.body()
        if len(inhoud) > MAX_BEDIENING_BYTES:
            return JSONResponse({"fout": "te_groot"}, status_code=413)
        try:
            verzoek = json.loads(inhoud or b"{}")
        except ValueError:
            return JSONResponse({"fout": "geen_json"}, status_code=400)
        if not isinstance(verzoek, dict):
            return JSONResponse({"fout": "geen_json"}, status_code=400)
        try:
            await run_in_threadpool(bedien, sessies(), sleutel, verzoek)
        except SessieFout as fout:
            status = 404 if fout.reden == "onbekend" else 409
            return JSONResponse({"fout": fout.reden}, status_code=status)
        except PlanFout:
            return JSONResponse({"fout": "inhoud_weg"}, status_code=409)
        return JSONResponse({"ok": True}, headers=GEEN_CACHE)

    def qr(request: Request) -> Response:
        try:
            sessie = sessies().met_sleutel(request.path_params["sleutel"])
        except SessieFout:
            return PlainTextResponse(teksten().paginas.niet_gevonden, status_code=404)
        svg = qr_svg(deelname_url(web_url(), sessie.code), teksten().paginas.qr_titel.format(code=sessie.code))
        return Response(svg, media_type="image/svg+xml", headers=GEEN_CACHE)

    def samenvatting(request: Request) -> Response:
        sleutel = request.path_params["sleutel"]
        try:
            inhoud = sessies().samenvatting(sleutel)
        except SessieFout:
            return onbekend()
        return html("samenvatting.html", sleutel=sleutel, **inhoud)

    def samenvatting_markdown(request: Request) -> Response:
        try:
            inhoud = sessies().samenvatting(request.path_params["sleutel"])
        except SessieFout:
            return PlainTextResponse(teksten().paginas.sessie_weg, status_code=404)
        return Response(
            markdown("samenvatting.md", inhoud),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="kompas-groepssessie.md"', **GEEN_CACHE},
        )

    def verwijder(request: Request) -> Response:
        try:
            sessies().verwijder(request.path_params["sleutel"])
        except SessieFout:
            return JSONResponse({"fout": "onbekend"}, status_code=404)
        return JSONResponse({"verwijderd": True})

    return [
        Route("/sessie/{sleutel}", pagina),
        Route("/sessie/{sleutel}/stand.json", stand),
        Route("/sessie/{sleutel}/bediening", bediening, methods=["POST"]),
        Route("/sessie/{sleutel}/qr.svg", qr),
        Route("/sessie/{sleutel}/samenvatting", samenvatting),
        Route("/sessie/{sleutel}/samenvatting.md", samenvatting_markdown),
        Route("/sessie/{sleutel}/verwijder", verwijder, methods=["POST"]),
    ]
