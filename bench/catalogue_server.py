"""The service as `stamps serve` runs it, plus `/bench/bare`: a route returning fixed bytes.

The benchmark stores the browse page's exact bytes in the bare route (PUT), so the two routes
answer the same bytes through the same server, and their throughputs compare the work done.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import Request, Response

from app.core.settings import load_settings
from app.main import create_app

BARE: dict[str, bytes] = {"body": b""}


def main(port: int) -> None:
    app = create_app(load_settings())

    @app.put("/bench/bare", include_in_schema=False)
    async def set_bare(request: Request) -> Response:
        BARE["body"] = await request.body()
        return Response(status_code=204)

    # The lightest route there is: answered on the event loop, no dependency, no thread.
    @app.get("/bench/bare", include_in_schema=False)
    async def bare() -> Response:
        return Response(BARE["body"], media_type="text/html; charset=utf-8")

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
