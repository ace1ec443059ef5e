"""A trainer's content change never retrains the model; a change to the language
data does.

Two places decide: make (the model's prerequisites in the Makefile) and Rasa (the
fingerprint of what it imports from ``data/``; an unchanged fingerprint means no
training). Both are checked against a real edit of a copy of ``data/``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
DATA = PROJECT_DIR / "data"
MODEL = "models/kompas.tar.gz"

# What a trainer edits. Each is read by bot/ at run time (bot/inhoud.py).
INHOUD = sorted(
    p.relative_to(PROJECT_DIR).as_posix()
    for p in DATA.rglob("*.yml")
    if p.relative_to(DATA).parts[0] not in {"nlu", "rules", "stories"}
)


def model_vereisten() -> set[str]:
    """The files make rebuilds the model for (``make -p`` prints its rule)."""
    uit = subprocess.run(
        ["make", "-pn", "-f", "Makefile", MODEL],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    regel = next(r for r in uit.splitlines() if r.startswith(f"{MODEL}:"))
    return set(regel.split(":", 1)[1].split("|", 1)[0].split())


def test_every_kind_of_content_is_found() -> None:
    soorten = {Path(p).parts[1] for p in INHOUD}
    assert {"casussen", "checklists", "werkvormen", "zelftest.yml", "begrippen.yml", "hulp.yml"} <= soorten


def test_make_retrains_for_language_data_and_never_for_content() -> None:
    vereisten = model_vereisten()
    assert {"config.yml", "domain.yml", "data/nlu/basis.yml", "data/rules/zelftest.yml"} <= vereisten
    assert not vereisten & set(INHOUD), "inhoud hoort niet bij de training"


def _vingerafdruk(data: Path) -> tuple[str, str, str]:
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(PROJECT_DIR / "config.yml"), str(PROJECT_DIR / "domain.yml"), [str(data)]
    )
    return (
        importer.get_nlu_data().fingerprint(),
        importer.get_stories().fingerprint(),
        importer.get_domain().fingerprint(),
    )


@pytest.fixture(scope="module")
def kopie(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, str, str]]:
    map_ = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA, map_)
    return map_, _vingerafdruk(map_)


def test_rasa_sees_no_change_when_a_casus_and_the_zelftest_are_edited(kopie) -> None:
    map_, voor = kopie
    casus = next((map_ / "casussen").glob("*.yml"))
    casus.write_text(casus.read_text(encoding="utf-8").replace("titel:", "titel: Nieuw -", 1), encoding="utf-8")
    (map_ / "casussen" / "nieuwe-casus.yml").write_text(casus.read_text(encoding="utf-8"), encoding="utf-8")
    zelftest = map_ / "zelftest.yml"
    zelftest.write_text(zelftest.read_text(encoding="utf-8") + "\n# een opmerking van de trainer\n", encoding="utf-8")
    begrippen = map_ / "begrippen.yml"
    begrippen.write_text(
        begrippen.read_text(encoding="utf-8").replace("uitleg: >-\n", "uitleg: >-\n      Kort gezegd.\n", 1)
    )
    assert _vingerafdruk(map_) == voor


def test_rasa_sees_a_change_in_the_language_data(kopie) -> None:
    map_, voor = kopie
    nlu = map_ / "nlu" / "basis.yml"
    nlu.write_text(nlu.read_text(encoding="utf-8").replace("- hoi\n", "- hoi\n      - hoi daar kompas\n", 1))
    assert _vingerafdruk(map_)[0] != voor[0]
