"""The zelftest report: the 2x2 picture (SVG) and the data the report page shows."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from xml.sax.saxutils import escape

from bot.teksten import teksten
from bot.zelftest import BlokUitslag, StellingUitslag, Uitslag, bereken_uitslag

# Fill and text colour per result; each cell also says its colour in words, so the
# picture does not rely on colour alone.
KLEUREN = {
    "groen": ("#2e7d32", "#ffffff"),
    "oranje": ("#ef8a00", "#1a1a1a"),
    "rood": ("#c62828", "#ffffff"),
    None: ("#bdbdbd", "#1a1a1a"),
}
RIJEN = ("individueel", "collectief")
KOLOMMEN = ("bewustzijn", "handelen")


def raster_svg(uitslag: Uitslag) -> str:
    """The 2x2 grid: rows individueel/collectief, columns bewustzijn/handelen."""
    cel, marge_links, marge_boven = 220, 110, 60
    breedte, hoogte = marge_links + 2 * cel + 20, marge_boven + 2 * cel + 20
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" '
        f'width="{breedte}" height="{hoogte}" role="img" aria-labelledby="titel">',
        '<title id="titel">Uitslag zelftest integer handelen</title>',
        '<style>text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}</style>',
        f'<rect width="{breedte}" height="{hoogte}" fill="#ffffff"/>',
    ]
    for k, kolom in enumerate(KOLOMMEN):
        x = marge_links + k * cel + cel / 2
        delen.append(
            f'<text x="{x}" y="{marge_boven - 22}" text-anchor="middle" font-size="18" fill="#333">{kolom}</text>'
        )
    for r, rij in enumerate(RIJEN):
        y = marge_boven + r * cel + cel / 2
        delen.append(
            f'<text x="{marge_links - 14}" y="{y}" text-anchor="end" font-size="18" fill="#333" '
            f'dominant-baseline="middle">{rij}</text>'
        )
    for blok in uitslag.blokken:
        delen.append(
            _cel(blok, marge_links + KOLOMMEN.index(blok.kolom) * cel, marge_boven + RIJEN.index(blok.rij) * cel, cel)
        )
    delen.append("</svg>")
    return "\n".join(delen)


def _cel(blok: BlokUitslag, x: float, y: float, grootte: float) -> str:
    vulling, tekst = KLEUREN[blok.kleur]
    midden = x + grootte / 2
    woord = blok.kleur or teksten().blok_niet_ingevuld
    return (
        f'<g><rect x="{x + 4}" y="{y + 4}" width="{grootte - 8}" height="{grootte - 8}" rx="14" fill="{vulling}"/>'
        f'<text x="{midden}" y="{y + grootte / 2 - 8}" text-anchor="middle" font-size="28" font-weight="700" '
        f'fill="{tekst}">{escape(blok.naam)}</text>'
        f'<text x="{midden}" y="{y + grootte / 2 + 26}" text-anchor="middle" font-size="20" fill="{tekst}">'
        f"{escape(woord)}</text></g>"
    )


def zelftest_onderdeel(antwoorden: list[int | None]) -> dict[str, Any]:
    """What is stored for a finished zelftest: the answers and the result as it was
    shown, so the report stays readable (and the same) when the content changes."""
    return {"antwoorden": antwoorden, "uitslag": asdict(bereken_uitslag(antwoorden))}


def uitslag_van_onderdeel(data: dict[str, Any]) -> Uitslag | None:
    """The stored result; for items stored before results were kept, the answers
    scored with today's content, or None when they no longer fit it."""
    if "uitslag" in data:
        return _uitslag_uit(data["uitslag"])
    try:
        return bereken_uitslag(list(data["antwoorden"]))
    except (KeyError, TypeError, ValueError):
        return None


def _uitslag_uit(d: dict[str, Any]) -> Uitslag:
    blokken = tuple(
        BlokUitslag(
            **{
                **b,
                "stellingen": tuple(
                    StellingUitslag(**{**s, "werkvormen": tuple(s["werkvormen"])}) for s in b["stellingen"]
                ),
            }
        )
        for b in d["blokken"]
    )
    return Uitslag(blokken, d["lezing"], d["lezing_tekst"], tuple(d["werkvormen"]))
