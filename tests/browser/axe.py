"""axe-core in the browser tests: WCAG 2.1 A/AA and best-practice rules (issue 12, 7).

axe-core is vendored (tests/browser/vendor/axe-core, MPL-2.0) and added to every page of
a context as an init script: DevTools injects it, so the portal's CSP (no inline script)
stays on and is still checked by the tests.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def add_axe(context) -> None:
    context.add_init_script(path=str(AXE_JS))


def violations(page) -> list[str]:
    """Every violation on the page as shown now, one line per rule and element."""
    return page.evaluate(
        """async (tags) => {
            const result = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.flatMap(v => v.nodes.map(
                n => v.id + ": " + n.target.join(" ") + " (" + v.help + ")"));
        }""",
        TAGS,
    )
