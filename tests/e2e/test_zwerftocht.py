"""Seeded random conversations: the paths nobody planned.

Each message is a button of the bot's last reply, a short word ("ja", "nee", "ok",
"terug", …), a phrasing from the held-out NLU test set or free text (emoji, HTML,
English, gibberish). Every message must get a reply, no reply may hold the same
sentence twice, and the Rasa log of the run may not say "Circuit breaker tripped"
(checked for every e2e test by the conftest). Set KOMPAS_ZWERF_SEED to replay a run.
"""

from __future__ import annotations

import os
import random
import re
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import yaml

from tests.e2e.gesprekken import stuur
from tests.e2e.servers import PROJECT_DIR, Kompas

GESPREKKEN = 44
BEURTEN = 25  # 44 × 25 = 1,100 messages
SEED = int(os.environ.get("KOMPAS_ZWERF_SEED", "2026"))

KORTE_WOORDEN = [
    "ja", "nee", "ok", "oké", "prima", "nee hoor", "nee dank je", "dat is goed", "ja graag",
    "terug", "stop", "help", "menu", "overslaan", "opnieuw", "nog een", "voorbeeld?",
    "weet ik niet", "4", "dank je", "hoi", "doei", "waarom?", "a", "b",
]  # fmt: skip
VRIJE_TEKST = [
    "",
    "   ",
    "👍",
    "🙂🙂🙂",
    "<b>vet</b><script>alert(1)</script>",
    "What can you do for me?",
    "asdfghjkl",
    "Mijn zwager vraagt subsidie aan en ik twijfel of ik mag meestemmen.",
    "ik weet het eigenlijk niet zo goed, wat vind jij?",
    "Dat vind ik een lastige vraag",
    "integriteit " * 150,
]


def nlu_zinnen() -> list[str]:
    """The held-out phrasings, without entity markup."""
    data = yaml.safe_load((PROJECT_DIR / "tests" / "nlu" / "testset.yml").read_text(encoding="utf-8"))
    zinnen = []
    for blok in data["nlu"]:
        for regel in blok.get("examples", "").splitlines():
            regel = regel.strip().removeprefix("- ").strip()
            regel = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", regel)
            if regel:
                zinnen.append(regel)
    return zinnen


def zinnen_van(antwoorden: list[dict[str, Any]]) -> list[str]:
    """The sentences of one reply (texts split on . ! ? and line breaks). A source in
    brackets after a rule ('(Waterschapswet)') is no sentence: two rules from one law
    may both name it."""
    zinnen = []
    for a in antwoorden:
        for deel in re.split(r"(?<=[.!?])\s+|\n+", a.get("text") or ""):
            if len(deel.strip()) > 3 and not re.fullmatch(r"\([^()]*\)", deel.strip()):
                zinnen.append(deel.strip())
    return zinnen


@dataclass
class Zwerftocht:
    nummer: int
    kans: random.Random
    verloop: list[tuple[str, str]] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)

    def volgend_bericht(self, antwoorden: list[dict[str, Any]], zinnen: list[str]) -> str:
        knoppen = [k for a in antwoorden for k in a.get("buttons") or []]
        worp = self.kans.random()
        if knoppen and worp < 0.45:
            knop = self.kans.choice(knoppen)
            # The widget sends the payload; a person may also type the title.
            return knop["payload"] if self.kans.random() < 0.8 else knop["title"]
        if worp < 0.70:
            return self.kans.choice(KORTE_WOORDEN)
        if worp < 0.90:
            return self.kans.choice(zinnen)
        return self.kans.choice(VRIJE_TEKST)

    def loop(self, rasa_url: str, zinnen: list[str]) -> None:
        sender = f"zwerf-{self.nummer}-{uuid.uuid4().hex[:8]}"
        antwoorden = stuur(rasa_url, sender, "hoi")
        for _ in range(BEURTEN - 1):
            bericht = self.volgend_bericht(antwoorden, zinnen)
            antwoorden = stuur(rasa_url, sender, bericht)
            kort = " / ".join((a.get("text") or a.get("image") or "")[:70] for a in antwoorden)
            self.verloop.append((bericht[:60], kort))
            if not any(a.get("text") or a.get("image") or a.get("buttons") for a in antwoorden):
                self.fouten.append(self.melding("geen antwoord"))
            dubbel = [z for z, n in Counter(zinnen_van(antwoorden)).items() if n > 1]
            if dubbel:
                self.fouten.append(self.melding(f"zin twee keer in één antwoord: {dubbel[0]!r}"))

    def melding(self, wat: str) -> str:
        laatste = "\n".join(f"    jij: {b!r}\n    bot: {a!r}" for b, a in self.verloop[-5:])
        return f"gesprek {self.nummer}, bericht {len(self.verloop) + 1}: {wat}\n{laatste}"


def test_random_conversations_always_get_an_answer(kompas: Kompas) -> None:
    zinnen = nlu_zinnen()
    basis = random.Random(SEED)
    tochten = [Zwerftocht(n, random.Random(basis.random())) for n in range(GESPREKKEN)]
    # Two conversations at a time, as two people would use it.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda t: t.loop(kompas.rasa_url, zinnen), tochten))

    berichten = sum(len(t.verloop) + 1 for t in tochten)
    fouten = [f for t in tochten for f in t.fouten]
    stil = sum("geen antwoord" in f for f in fouten)
    print(
        f"\nzwerftocht (seed {SEED}): {berichten} berichten in {GESPREKKEN} gesprekken; "
        f"stille antwoorden: {stil}; dubbele zinnen: {len(fouten) - stil}"
    )
    assert berichten >= 1000
    assert not fouten, "\n\n".join(fouten[:8])
