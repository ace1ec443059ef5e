"""The NLU summary fails the suite when the held-out accuracy is below the floor."""

from __future__ import annotations

import json
from pathlib import Path

from bot.cli import main


def _rapport(map_: Path, accuracy: float) -> None:
    map_.mkdir(exist_ok=True)
    rapport = {
        "greet": {"precision": 1, "recall": 1, "f1-score": 1.0, "support": 10},
        "help": {"precision": 0.5, "recall": 0.5, "f1-score": 0.5, "support": 12},
        "accuracy": accuracy,
        "macro avg": {"f1-score": 0.75, "support": 22},
        "weighted avg": {"f1-score": 0.73, "support": 22},
    }
    (map_ / "intent_report.json").write_text(json.dumps(rapport), encoding="utf-8")


def test_below_the_floor_fails_and_says_why(tmp_path: Path, capsys) -> None:
    _rapport(tmp_path, 0.80)
    assert main(["nlu-samenvatting", str(tmp_path), "--minimaal", "0.85"]) == 1
    uitvoer = capsys.readouterr().out
    assert "0.800" in uitvoer and "0.850" in uitvoer
    assert uitvoer.index("0.500  help") < uitvoer.index("1.000  greet")  # weakest first
    assert (tmp_path / "samenvatting.txt").exists()


def test_at_or_above_the_floor_passes(tmp_path: Path) -> None:
    _rapport(tmp_path, 0.85)
    assert main(["nlu-samenvatting", str(tmp_path), "--minimaal", "0.85"]) == 0
