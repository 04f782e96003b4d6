"""The interactive API documentation (`/docs`, `/redoc`), served with no internet at all.

FastAPI's own pages fetch Swagger UI, ReDoc and a font from public CDNs, so on a closed network
they are blank. The same files come here from a Python package (`fastapi-offline`, pinned in
the lock files like any dependency) and are served by the service under `/docs/assets/`;
the pages name nothing outside the service. ReDoc's footer would still fetch its maker's
logo from their CDN, so the copy served here carries that logo inline instead. Links start
with the ASGI root path, so the documentation also works under a reverse proxy's sub-path
(`stamps serve --root-path`).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs/assets"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
INLINE_LOGO = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


def asset_folder() -> Path:
    """Where the installed package keeps Swagger UI's and ReDoc's files."""
    return Path(str(files("fastapi_offline") / "static"))


@cache
def redoc_script() -> bytes:
    """ReDoc's bundle with its one network fetch (the footer logo) made inline."""
    script = (asset_folder() / "redoc.standalone.js").read_bytes()
    return script.replace(REDOC_LOGO.encode(), INLINE_LOGO.encode())


def install(app: FastAPI) -> None:
    """Serve /docs, /redoc and their assets; create the app with docs_url=redoc_url=None."""

    @app.get(f"{ASSETS}/redoc.standalone.js", include_in_schema=False)
    def redoc_js() -> Response:
        return Response(redoc_script(), media_type="text/javascript")

    app.mount(ASSETS, StaticFiles(directory=asset_folder()), name="docs-assets")

    def root(request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        base = root(request)
        return get_swagger_ui_html(
            openapi_url=base + (app.openapi_url or "/openapi.json"),
            title=f"{app.title} – API",
            swagger_js_url=f"{base}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{base}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{base}{ASSETS}/favicon.png",
            oauth2_redirect_url=base + OAUTH2_REDIRECT,
            # No call to the public validator service: its badge would leave the network.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(OAUTH2_REDIRECT, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        base = root(request)
        return get_redoc_html(
            openapi_url=base + (app.openapi_url or "/openapi.json"),
            title=f"{app.title} – API",
            redoc_js_url=f"{base}{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{base}{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
