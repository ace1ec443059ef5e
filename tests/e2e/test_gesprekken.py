"""The scripted conversations in tests/conversations/, run with the shared converse.py."""

from __future__ import annotations

import subprocess
import sys

from tests.e2e.servers import PROJECT_DIR, Kompas

CONVERSE = PROJECT_DIR.parent / "shared" / "eval" / "converse.py"


def test_scripted_conversations_all_pass(kompas: Kompas) -> None:
    scripts = sorted(str(p) for p in (PROJECT_DIR / "tests" / "conversations").glob("*.yml"))
    assert scripts, "no conversation scripts found"
    uitvoer = subprocess.run(
        [sys.executable, str(CONVERSE), "--url", kompas.rasa_url, *scripts],
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(uitvoer.stdout)
    assert uitvoer.returncode == 0, uitvoer.stdout + uitvoer.stderr
    assert " 0 failed" in uitvoer.stdout
