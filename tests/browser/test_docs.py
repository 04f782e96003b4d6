"""The API documentation in Chromium with no way out of the machine: every request to another
host is refused, and Swagger UI and ReDoc still render under the pages' security policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def _closed_network(page: Any, server: str) -> tuple[list[str], list[str]]:
    """Abort any request that leaves the service; collect those and CSP complaints."""
    own = urlsplit(server).netloc
    outside: list[str] = []
    refused: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urlsplit(url).netloc == own or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return outside, refused


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/docs", ".swagger-ui .opblock"), ("/redoc", "[data-section-id]")],
)
def test_docs_render_offline(
    browser: Any, server: str, artifacts: Path, path: str, rendered: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside, refused = _closed_network(page, server)
    page.goto(server + path)
    page.wait_for_selector(rendered, timeout=30_000)
    assert page.locator(rendered).count() > 5
    if path == "/docs":
        assert (
            page.locator(".swagger-ui .info .title").inner_text().startswith("Joint Stamp Studio")
        )
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / f"docs{path.replace('/', '-')}.png"))
    assert outside == []
    assert refused == []
    context.close()
