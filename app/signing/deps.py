"""The app's sealer (key, certificate, store of sealed proofs) as a FastAPI dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.signing.service import Sealer


async def get_sealer(request: Request) -> Sealer:
    """What `create_app` made from its settings; its key exists once the app has started."""
    sealer: Sealer = request.app.state.sealer
    return sealer


SealerDep = Annotated[Sealer, Depends(get_sealer)]
