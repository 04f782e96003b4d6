"""Shared field types for request payloads and query parameters.

Pydantic would read `0` or `1700000000` as a date (seconds since 1970); a date in this API is
always written `YYYY-MM-DD`, as the OpenAPI document says, and anything else is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Path
from pydantic import BeforeValidator

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


# Row ids and version numbers fit a 32-bit integer column on every backend; a larger number in a
# path can name nothing, and must be a 404/422, never a database error.
DbId = Annotated[int, Path(ge=1, le=2_147_483_647)]
