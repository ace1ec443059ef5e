"""Scripted conversations (tests/conversations/*.yml) against a running Kompas over REST.

A script is a YAML list of conversations; each step sends one message and checks
the replies (texts, button titles and image urls, joined and lower-cased):

    - name: casus over nevenfuncties
      steps:
        - user: "heb je een casus over nevenfuncties?"
          expect_all: ["nevenfunctie"]     # each of these appears
          expect_any: ["casus", "situatie"]  # at least one appears
          expect_none: ["sorry"]           # none appears
          expect_buttons: 1                # at least this many buttons
          expect_changed: true             # differs from the previous reply
        - user: "ja"
          until_any: ["samenvatting"]      # resend until one appears
          max_repeats: 15                  # (default 20)

Every conversation gets its own sender id. Also runnable by hand:
``python -m tests.e2e.gesprekken --url http://localhost:5005 tests/conversations/*.yml``.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


def stuur(rasa_url: str, sender: str, tekst: str, timeout: float = 60) -> list[dict[str, Any]]:
    """One message over Rasa's REST channel; returns the bot's replies."""
    body = json.dumps({"sender": sender, "message": tekst}).encode("utf-8")
    verzoek = urllib.request.Request(
        f"{rasa_url.rstrip('/')}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(verzoek, timeout=timeout) as antwoord:
        return json.loads(antwoord.read().decode("utf-8") or "[]")


def als_tekst(antwoorden: list[dict[str, Any]]) -> tuple[str, int]:
    """The replies as one lower-cased string, and how many buttons they had."""
    delen: list[str] = []
    knoppen = 0
    for a in antwoorden:
        delen += [v for k in ("text", "image", "attachment") if isinstance(v := a.get(k), str)]
        for knop in a.get("buttons") or []:
            knoppen += 1
            delen.append(str(knop.get("title", "")))
        if a.get("custom") is not None:
            delen.append(json.dumps(a["custom"], ensure_ascii=False))
    return " ".join(" ".join(delen).lower().split()), knoppen


def problemen(stap: dict[str, Any], tekst: str, knoppen: int, vorige: str | None) -> list[str]:
    gevonden = []
    gevonden += [f"mist {w!r}" for w in stap.get("expect_all", []) if w.lower() not in tekst]
    if (ieder := stap.get("expect_any", [])) and not any(w.lower() in tekst for w in ieder):
        gevonden.append(f"geen van {ieder!r}")
    gevonden += [f"ongewenst {w!r}" for w in stap.get("expect_none", []) if w.lower() in tekst]
    if knoppen < stap.get("expect_buttons", 0):
        gevonden.append(f"{knoppen} knoppen < {stap['expect_buttons']}")
    if not tekst and not knoppen:
        gevonden.append("geen antwoord")
    if stap.get("expect_changed") and tekst == vorige:
        gevonden.append("zelfde antwoord als de vorige stap")
    return gevonden


@dataclass
class Uitslag:
    geslaagd: int = 0
    mislukt: int = 0
    meldingen: list[str] = field(default_factory=list)


def voer_uit(rasa_url: str, scripts: Iterable[Path]) -> Uitslag:
    uitslag = Uitslag()
    for pad in scripts:
        for gesprek in yaml.safe_load(Path(pad).read_text(encoding="utf-8")) or []:
            sender = f"gesprek-{uuid.uuid4().hex[:12]}"
            vorige: str | None = None
            for nummer, stap in enumerate(gesprek["steps"], 1):
                tot = [w.lower() for w in stap.get("until_any", [])]
                for _ in range(stap.get("max_repeats", 20) if tot else 1):
                    tekst, knoppen = als_tekst(stuur(rasa_url, sender, stap["user"]))
                    if not tot or any(w in tekst for w in tot):
                        break
                fout = problemen(stap, tekst, knoppen, vorige)
                if tot and not any(w in tekst for w in tot):
                    fout.append(f"nooit een van {tot!r}")
                vorige = tekst
                if fout:
                    uitslag.mislukt += 1
                    uitslag.meldingen.append(
                        f"FOUT {gesprek['name']} stap {nummer} ({stap['user']!r}): {'; '.join(fout)}"
                        f" | bot: {tekst[:300]!r}"
                    )
                else:
                    uitslag.geslaagd += 1
    return uitslag


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("scripts", nargs="+", type=Path)
    args = parser.parse_args()
    uitslag = voer_uit(args.url, args.scripts)
    print("\n".join(uitslag.meldingen))
    print(f"{uitslag.geslaagd} passed, {uitslag.mislukt} failed")
    sys.exit(1 if uitslag.mislukt else 0)


if __name__ == "__main__":
    main()
