"""Command line for trainers and developers: ``python -m bot.cli <command>``.

valideer [BESTAND ...]     check content files; prints file:line: field: problem
bronnen                    every law article the content cites, per law, with file:line
leesbaarheid [BESTAND ...]  Flesch-Douma per content file and for the bot's responses;
                           exit 1 below 65 or on a sentence over 25 words
nlu-samenvatting MAP [--minimaal X]
                           summarise an NLU test run (intent F1 per intent); exit 1 when
                           the intent accuracy is below X
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path

from bot import bronnen, leesbaarheid
from bot.begrippen import laad_begrippen, laad_hulp
from bot.casussen import CASUS_DIR, Bibliotheek, laad_themas, themas
from bot.checklists import CHECKLIST_DIR, laad_antwoorden, laad_checklist
from bot.content import DATA_DIR, ContentError, ContentFout, bestandsnaam
from bot.instellingen import PROJECT_DIR
from bot.sessieplan import laad_groepssessie
from bot.teksten import laad_teksten
from bot.trajecten import TRAJECT_DIR, laad_traject
from bot.werkvormen import WERKVORM_DIR, laad_werkvorm
from bot.zelftest import laad_zelftest

# Which loader checks which content file.
CONTROLES: dict[str, Callable[[Path], object]] = {
    "zelftest.yml": laad_zelftest,
    "begrippen.yml": laad_begrippen,
    "hulp.yml": laad_hulp,
    "antwoorden.yml": laad_antwoorden,
    "groepssessie.yml": laad_groepssessie,
    "teksten.yml": laad_teksten,
    "themas.yml": laad_themas,
    "wetten.yml": bronnen.laad_wetten,
}


# Folders whose files are checked one by one (casussen are checked as a library).
LADERS_PER_MAP: dict[str, Callable[[Path], object]] = {
    "checklists": laad_checklist,
    "werkvormen": laad_werkvorm,
    "trajecten": laad_traject,
}


def valideer(bestanden: list[Path]) -> int:
    """Check content files; print every problem; return the number of problems."""
    fouten: list[ContentFout | str] = []
    casusmappen: dict[Path, list[Path]] = {}
    for pad in bestanden:
        if not pad.exists():
            fouten.append(f"{pad}: bestand bestaat niet")
        elif pad.parent.name == "casussen":
            casusmappen.setdefault(pad.parent, []).append(pad)
        elif pad.parent.name in LADERS_PER_MAP:
            try:
                LADERS_PER_MAP[pad.parent.name](pad)
            except ContentError as exc:
                fouten.extend(exc.fouten)
        elif pad.name in CONTROLES:
            try:
                CONTROLES[pad.name](pad)
            except ContentError as exc:
                fouten.extend(exc.fouten)
        else:
            fouten.append(f"{pad}: onbekend soort inhoudsbestand")
    for map_, paden in casusmappen.items():
        # The whole folder is loaded, so a duplicate id in another file is found too.
        bibliotheek = Bibliotheek(map_)
        bibliotheek.ververs()
        gevraagd = {bestandsnaam(p) for p in paden}
        fouten.extend(f for f in bibliotheek.fouten if f.bestand in gevraagd)
    # Every source that names an article, in the one agreed form (bot/bronnen.py).
    try:
        fouten.extend(bronnen.controleer([p for p in bestanden if p.exists()]))
    except ContentError as exc:
        fouten.extend(exc.fouten)
    for fout in fouten:
        print(fout)
    return len(fouten)


def alle_inhoud() -> list[Path]:
    """Every content file under data/."""
    mappen = [CHECKLIST_DIR, WERKVORM_DIR, TRAJECT_DIR, CASUS_DIR]
    return [DATA_DIR / naam for naam in CONTROLES] + [p for m in mappen for p in sorted(m.glob("*.yml"))]


def lees_rapport(bestanden: list[Path], minimaal: float, max_woorden: int) -> tuple[str, int]:
    """The readability of each file and every long sentence; the number of problems."""
    regels, problemen = [], 0
    for score in leesbaarheid.meet(bestanden, max_woorden):
        te_laag = score.zinnen and score.flesch_douma < minimaal
        problemen += bool(te_laag) + len(score.lang)
        aandeel = 100 * score.boven_20 / score.zinnen if score.zinnen else 0
        regels.append(
            f"{score.flesch_douma:5.1f}  {score.bestand} ({score.zinnen} zinnen, {aandeel:.0f}% boven 20 woorden)"
            + (f"  TE MOEILIJK: onder {minimaal:g}" if te_laag else "")
        )
        for proza, woorden, begin in score.lang:
            regels.append(f"{proza.bestand}:{proza.regel}: {proza.veld}: zin van {woorden} woorden: '{begin} …'")
    return "\n".join(regels), problemen


def nieuwe_casus(casus_id: str, thema: str, rol: str, map_: Path = CASUS_DIR) -> Path:
    """Write a commented casus file from the template; refuses to overwrite."""
    pad = map_ / f"{casus_id}.yml"
    if pad.exists():
        raise FileExistsError(f"{pad} bestaat al; kies een andere id")
    sjabloon = (Path(__file__).parent / "sjablonen" / "casus.yml").read_text(encoding="utf-8")
    laag = themas().rollen.get(rol) or "gemeente"
    pad.write_text(
        sjabloon.format(id=casus_id, thema=thema, rol=rol, laag=laag, pad=bestandsnaam(pad)), encoding="utf-8"
    )
    return pad


def overzicht(bibliotheek: Bibliotheek) -> str:
    """How many casussen per thema and per rol, with stories and variants counted."""
    casussen = bibliotheek.alle()
    regels = [
        f"{len(casussen)} casussen; {sum(1 for c in casussen if c.verhaal)} met verhaal, "
        f"{sum(1 for c in casussen if c.varianten)} met 'Maar wat als …?'",
        "",
        "Per thema:",
    ]
    for thema in themas().themas:
        ids = sorted(c.id for c in casussen if thema in c.themas)
        regels.append(f"  {thema:26} {len(ids):2}  {', '.join(ids)}")
    regels += ["", "Per rol:"]
    for rol in themas().rollen:
        ids = sorted(c.id for c in casussen if rol in c.rollen)
        regels.append(f"  {rol:26} {len(ids):2}  {', '.join(ids)}")
    return "\n".join(regels)


def nlu_samenvatting(map_: Path) -> str:
    """A short text summary of Rasa's cross-validation intent report."""
    rapport = json.loads((map_ / "intent_report.json").read_text(encoding="utf-8"))
    regels = [
        f"Intent-herkenning, {rapport.get('accuracy', 0):.3f} accuracy",
        f"macro F1 {rapport['macro avg']['f1-score']:.3f}, gewogen F1 {rapport['weighted avg']['f1-score']:.3f}",
        "",
    ]
    per_intent = {k: v for k, v in rapport.items() if isinstance(v, dict) and "support" in v and "avg" not in k}
    for naam, cijfers in sorted(per_intent.items(), key=lambda kv: kv[1]["f1-score"]):
        regels.append(f"{cijfers['f1-score']:.3f}  {naam} ({cijfers['support']} voorbeelden)")
    return "\n".join(regels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli", description="Kompas: inhoud controleren en meer.")
    sub = parser.add_subparsers(dest="opdracht", required=True)
    p_val = sub.add_parser("valideer", help="controleer inhoudsbestanden")
    p_val.add_argument("bestanden", nargs="*", type=Path, help="standaard: alle bestanden onder data/")
    p_nieuw = sub.add_parser("nieuwe-casus", help="schrijf een nieuw casusbestand om in te vullen")
    p_nieuw.add_argument("id", help="bijvoorbeeld geschenken-kerstpakket (kleine letters, cijfers, - en _)")
    p_nieuw.add_argument("--thema", choices=list(themas().themas), default="belangenverstrengeling")
    p_nieuw.add_argument("--rol", choices=list(themas().rollen), default="raadslid")
    sub.add_parser("overzicht", help="de casussen per thema en per rol")
    sub.add_parser("bronnen", help="alle wetsartikelen die de inhoud noemt, per wet")
    p_lees = sub.add_parser("leesbaarheid", help="Flesch-Douma per inhoudsbestand en lange zinnen")
    p_lees.add_argument("bestanden", nargs="*", type=Path, help="standaard: alle inhoud en domain.yml")
    p_lees.add_argument("--minimaal", type=float, default=leesbaarheid.MINIMALE_SCORE)
    p_lees.add_argument("--max-woorden", type=int, default=leesbaarheid.MAX_WOORDEN_PER_ZIN)
    p_nlu = sub.add_parser("nlu-samenvatting", help="vat een NLU-test samen")
    p_nlu.add_argument("map", type=Path)
    p_nlu.add_argument("--minimaal", type=float, help="faal als de intent-accuracy hieronder ligt")
    args = parser.parse_args(argv)

    if args.opdracht == "valideer":
        # The validator prints every problem itself; the library's log lines would repeat them.
        logging.getLogger("bot.casussen").setLevel(logging.CRITICAL)
        bestanden = args.bestanden or alle_inhoud()
        fouten = valideer(bestanden)
        if fouten:
            print(f"{fouten} fout(en) gevonden.")
            return 1
        print(f"Alles in orde: {len(bestanden)} bestand(en) gecontroleerd.")
        return 0
    if args.opdracht == "nieuwe-casus":
        if not re.fullmatch(r"[a-z0-9]+([-_][a-z0-9]+)*", args.id):
            print("Gebruik voor de id alleen kleine letters, cijfers, - en _ (bijvoorbeeld geschenken-kerstpakket).")
            return 2
        try:
            pad = nieuwe_casus(args.id, args.thema, args.rol)
        except FileExistsError as exc:
            print(exc)
            return 1
        print(f"Nieuw bestand: {bestandsnaam(pad)}. Vul het in en controleer het met 'make validate'.")
        return 0
    if args.opdracht == "overzicht":
        print(overzicht(Bibliotheek(CASUS_DIR)))
        return 0
    if args.opdracht == "bronnen":
        print(bronnen.overzicht(alle_inhoud()))
        return 0
    if args.opdracht == "leesbaarheid":
        bestanden = args.bestanden or [*alle_inhoud(), PROJECT_DIR / "domain.yml"]
        tekst, problemen = lees_rapport(bestanden, args.minimaal, args.max_woorden)
        print(tekst)
        if problemen:
            print(f"{problemen} probleem/problemen: maak de tekst eenvoudiger of de zinnen korter.")
            return 1
        print(f"Alles leesbaar: {len(bestanden)} bestand(en), elk minstens {args.minimaal:g}.")
        return 0
    if args.opdracht == "nlu-samenvatting":
        tekst = nlu_samenvatting(args.map)
        (args.map / "samenvatting.txt").write_text(tekst + "\n", encoding="utf-8")
        print(tekst)
        accuracy = json.loads((args.map / "intent_report.json").read_text(encoding="utf-8")).get("accuracy", 0)
        if args.minimaal is not None and accuracy < args.minimaal:
            print(f"Te laag: intent-accuracy {accuracy:.3f} is onder de grens {args.minimaal:.3f}.")
            return 1
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
