"""How easy Kompas's Dutch is to read: Flesch-Douma per content file, long sentences.

Kompas writes at B1. Flesch-Douma (the Dutch Flesch reading ease) is
``206.835 - 0.93 * woorden per zin - 77 * lettergrepen per woord``; 60-70 is plain
Dutch, above 70 easy. Syllables come from the Dutch hyphenation dictionary that
pyphen ships (offline), so no one here maintains a word list.

What counts as prose: every text value of a content file except the fields that are
names, ids or sources (``OVERGESLAGEN_VELDEN``) and labels shorter than four words
(a button "ja" is not a sentence). The 12 zelftest statements are the instrument and
are skipped. ``domain.yml`` contributes the bot's responses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyphen
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.content import bestandsnaam, lees_yaml

MINIMALE_SCORE = 65.0
MAX_WOORDEN_PER_ZIN = 25
KORTSTE_PROZA = 4  # words; a shorter text is a label or a button

# Fields that hold names, ids, keywords or sources, not sentences for the user.
OVERGESLAGEN_VELDEN = {
    "id",
    "ids",
    "naar",
    "start",
    "bron",
    "bronnen",
    "aliassen",
    "trefwoorden",
    "themas",
    "rollen",
    "bestuurslagen",
    "links",
    "werkvormen",
    "checklists",
    "wie_helpt",
    "kleur",
    "url",
    "payload",
    "examples",
    "woorden",
    "herken",
    "synoniemen",
    "wetten",  # data/wetten.yml: names of laws
}

# Abbreviations whose full stop ends no sentence.
_AFKORTINGEN = re.compile(
    r"\b(bijv|bv|o\.a|d\.w\.z|m\.a\.w|enz|etc|nr|art|jl|blz|ca|evt|incl|excl|min|max|mr|dhr|mevr)\.", re.I
)
_ZINSGRENS = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+|\n\s*[-•*]\s+|\n{2,}")
_WOORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")
_OPMAAK = re.compile(r"\[([^\]]*)\]\([^)]*\)|https?://\S+|\{[^{}]*\}|[*_`#>]")


@lru_cache(maxsize=1)
def _woordenboek() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL", left=1, right=1)


@lru_cache(maxsize=20000)
def lettergrepen(woord: str) -> int:
    """Syllables of one word; a number counts as one."""
    if not any(c.isalpha() for c in woord):
        return 1
    return sum(len(_woordenboek().positions(deel)) + 1 for deel in re.split(r"['’-]", woord) if deel)


def _zuiver(tekst: str) -> str:
    """The text as a reader sees it: link texts without URLs, no placeholders or markup."""
    tekst = _OPMAAK.sub(lambda m: m.group(1) or " ", tekst)
    return _AFKORTINGEN.sub(lambda m: m.group(1), tekst)


def zinnen(tekst: str) -> list[list[str]]:
    """The sentences of a text, each as its words."""
    uitkomst = []
    for zin in _ZINSGRENS.split(_zuiver(tekst)):
        woorden = _WOORD.findall(zin)
        if woorden:
            uitkomst.append(woorden)
    return uitkomst


@dataclass(frozen=True)
class Proza:
    """One text value of a content file, with where it is."""

    bestand: str
    regel: int
    veld: str
    tekst: str


@dataclass
class Score:
    """Flesch-Douma of a body of text, with its long sentences."""

    bestand: str
    zinnen: int = 0
    woorden: int = 0
    lettergrepen: int = 0
    lang: list[tuple[Proza, int, str]] = field(default_factory=list)  # (waar, woorden, begin)
    boven_20: int = 0

    def tel(self, proza: Proza, max_woorden: int) -> None:
        for woorden in zinnen(proza.tekst):
            self.zinnen += 1
            self.woorden += len(woorden)
            self.lettergrepen += sum(lettergrepen(w) for w in woorden)
            if len(woorden) > 20:
                self.boven_20 += 1
            if len(woorden) > max_woorden:
                self.lang.append((proza, len(woorden), " ".join(woorden[:8])))

    @property
    def flesch_douma(self) -> float:
        if not self.woorden:
            return 100.0
        return 206.835 - 0.93 * self.woorden / self.zinnen - 77 * self.lettergrepen / self.woorden


def flesch_douma(tekst: str) -> float:
    """Flesch-Douma of one text."""
    score = Score("")
    score.tel(Proza("", 0, "", tekst), MAX_WOORDEN_PER_ZIN)
    return score.flesch_douma


def _is_stelling(pad: tuple[Any, ...]) -> bool:
    # blokken.N.stellingen.M.tekst in data/zelftest.yml: the instrument, verbatim.
    return len(pad) >= 2 and pad[-1] == "tekst" and "stellingen" in pad


def _teksten(node: Any, pad: tuple[Any, ...], regel: int) -> Iterator[tuple[tuple[Any, ...], int, str]]:
    if isinstance(node, CommentedMap):
        for sleutel, waarde in node.items():
            if str(sleutel) in OVERGESLAGEN_VELDEN:
                continue
            yield from _teksten(waarde, (*pad, sleutel), node.lc.key(sleutel)[0] + 1)
    elif isinstance(node, CommentedSeq):
        for i, waarde in enumerate(node):
            yield from _teksten(waarde, (*pad, i), node.lc.item(i)[0] + 1)
    elif isinstance(node, str):
        yield pad, regel, node


def proza(pad: Path) -> list[Proza]:
    """Every prose text of a content file (or the responses of domain.yml)."""
    data = lees_yaml(pad)
    begin: tuple[Any, ...] = ()
    if pad.name == "domain.yml" and isinstance(data, CommentedMap):
        # Only what the bot says; intents, slots and actions are names.
        data, begin = data.get("responses", CommentedMap()), ("responses",)
    bestand = bestandsnaam(pad)
    gevonden = []
    for veldpad, regel, tekst in _teksten(data, begin, 1):
        if _is_stelling(veldpad) or len(_WOORD.findall(_zuiver(tekst))) < KORTSTE_PROZA:
            continue
        gevonden.append(Proza(bestand, regel, ".".join(map(str, veldpad)), tekst))
    return gevonden


def meet(paden: Iterable[Path], max_woorden: int = MAX_WOORDEN_PER_ZIN) -> list[Score]:
    """A score per file."""
    scores = []
    for pad in paden:
        score = Score(bestandsnaam(pad))
        for stuk in proza(pad):
            score.tel(stuk, max_woorden)
        scores.append(score)
    return scores
