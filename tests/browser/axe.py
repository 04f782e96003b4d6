"""axe-core, the accessibility engine, run inside a Playwright page: `assert_accessible(page,
"where")` fails with each violation's rule, help text and the offending elements.

axe-core comes from the npm registry at the exact version of `tests/browser/package-lock.json`
(`make browser-deps`, which `make test` runs); without it the check is skipped, with the reason,
as the browser tests are without Chromium.

How it gets into the page: the pages' Content-Security-Policy allows only the site's own
scripts (`script-src 'self'`), so `page.add_script_tag` (an inline or foreign script) would be
refused. `page.evaluate` of the script's text is not subject to the page's policy (it runs
through the DevTools protocol, as the console does), so the page is checked with its policy
in force, exactly as a visitor gets it; `bypass_csp=True` on the context would also work, but
then a style the policy blocks would still be applied, and the contrast checked would not be
the contrast a visitor sees.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 levels A and AA, and axe's best practices (landmarks, one h1, ...).
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")


def available() -> bool:
    return AXE_JS.is_file()


def skip_unless_available() -> None:
    if not available():
        pytest.skip("axe-core is not installed (make browser-deps: npm ci --prefix tests/browser)")


@functools.cache
def _source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def violations(page: Any, tags: tuple[str, ...] = TAGS) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now (its JSON results' `violations`)."""
    skip_unless_available()
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    found: list[dict[str, Any]] = page.evaluate(
        """async tags => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return results.violations;
        }""",
        list(tags),
    )
    return found


def describe(found: list[dict[str, Any]]) -> str:
    """One paragraph per violation: rule, impact, help, and each element's selector and why."""
    lines = []
    for violation in found:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            # A target is a list: the element's selector, after those of the frames it is in.
            where = " >>> ".join(str(part) for part in node["target"])
            lines.append(f"    {where}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, context_name: str, tags: tuple[str, ...] = TAGS) -> None:
    """Fail when axe-core finds a violation on `page`; `context_name` says which page and
    state (e.g. "catalogue ar phone, filters open")."""
    found = violations(page, tags)
    assert not found, f"{context_name}: {len(found)} accessibility violation(s)\n" + describe(found)
