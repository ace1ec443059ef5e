"""axe-core (npm, node_modules/axe-core) on a page in the browser tests: the
serious and critical WCAG 2.1 A and AA findings."""

from __future__ import annotations

from tests.e2e.servers import PROJECT_DIR

AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_bevindingen(page) -> list[str]:
    """Serious and critical axe-core findings on the page (evaluated through the
    DevTools protocol, so the page's Content Security Policy allows it)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    uitslag = page.evaluate("opties => axe.run(document, opties)", {"runOnly": {"type": "tag", "values": WCAG_AA}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in uitslag["violations"]
        if v["impact"] in ("serious", "critical")
    ]
