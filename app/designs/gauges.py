"""How a perforation gauge is written, the one notation of proofs, catalogue and numbers."""

from __future__ import annotations


def gauge_label(gauge: float) -> str:
    """13.5 → `13½`, 13.75 → `13¾`, 14 → `14`; a gauge between quarters keeps its decimals
    (12.6 → `12.6`), since rounding it would print a perforation the stamp does not have."""
    quarters = gauge * 4
    if abs(quarters - round(quarters)) > 1e-9:
        return f"{gauge:g}"
    whole, frac = divmod(round(quarters), 4)
    return f"{whole}{['', '¼', '½', '¾'][frac]}"
