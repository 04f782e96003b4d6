"""The proof kinds and their renderers: pure, no database.

Shared by the service (proofs of stored proposals) and by offline proofs from a design
folder, which must not load the web service or the database layer to render a PDF.
"""

from __future__ import annotations

from collections.abc import Callable

from app.proofs.render.model import ProofRequest

KindRenderer = Callable[[ProofRequest], bytes]


def renderer(kind: str) -> KindRenderer:
    """The renderer of a proof kind; each loads on first use (sheet and press are heavier)."""
    if kind in ("review", "stamp"):
        from app.proofs.render.review import render_review_proof

        return render_review_proof
    if kind == "sheet":
        from app.proofs.render.sheet import render_sheet_proof

        return render_sheet_proof
    if kind == "press":
        from app.proofs.render.press import render_press_pdf

        return render_press_pdf
    raise ValueError(f"unknown proof kind {kind!r}")
