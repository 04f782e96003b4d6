"""Document-level plumbing shared by every proof kind (review, sheet, press).

Each renderer needs the same deterministic set-up: an invariant ReportLab canvas, the
artwork read once from bytes (so its XObject is named by its pixels, not its path, and
is embedded once however often it is drawn), and metadata derived only from the inputs.

Streams are written deflated but never ASCII85-wrapped: ReportLab's default wraps every
page, font and image stream in base-85 text, which adds a quarter to their size and costs
an encode pass per stream. ``useA85`` is a process-wide ReportLab setting read when a
document is saved; it is set here, on import, because every canvas in the application is
opened through :func:`open_canvas`.
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from app.proofs.render.artwork_image import Artwork, read_artwork
from app.proofs.render.fonts import ProofFonts
from app.proofs.render.inscriptions import EN_DASH
from app.proofs.render.model import ProofRequest

rl_config.useA85 = 0  # house rule: binary streams, no ASCII85 (see the module docstring)


def load_artwork(req: ProofRequest) -> Artwork | None:
    """Read the artwork once, from bytes, so the PDF never depends on the file's path.

    The image XObject is named by the SHA-256 of the file, so the same artwork gives the
    same bytes wherever it is stored, and every view on every page shares one image.
    """
    if req.artwork_path is None:
        return None
    return read_artwork(req.artwork_path)


def open_canvas(buffer: io.BytesIO, pagesize: tuple[float, float], fonts: ProofFonts) -> Canvas:
    """A compressed canvas in invariant mode (no timestamps or random ids in the bytes)."""
    rl_config.useA85 = 0  # in case anything reset the process-wide setting since import
    return Canvas(
        buffer,
        pagesize=pagesize,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.regular,
    )


def set_metadata(canvas: Canvas, req: ProofRequest, kind: str) -> None:
    """Title, subject, author and keywords, e.g. ``kind="Review proof"``."""
    partners = f" {EN_DASH} ".join(variant.administration_name_en for variant in req.variants)
    canvas.setTitle(f"{kind} · proposal {req.proposal_id} · {req.title_en}")
    canvas.setSubject(f"{req.title_en} / {req.title_ar} — joint issue {partners}")
    canvas.setAuthor(partners)
    canvas.setCreator(f"Joint Stamp Studio {kind.lower().replace(' ', '-')} renderer")
    canvas.setKeywords(f"proof, {req.status}, {req.format.key}")
