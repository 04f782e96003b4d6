"""Payloads of the authentication and user routes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from app.core.text import Line

Role = Literal["designer", "approver", "admin"]
# One address, no display name or spaces: what an SMTP envelope takes (as `stamps users add`).
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^[^@\s<>(),;:\"\[\]]+@{_LABEL}(?:\.{_LABEL})+$"
# A new account's password, wherever it is made (`POST /users`, `stamps users add`).
PASSWORD_MIN_LENGTH = 10
Password = Annotated[str, Field(min_length=PASSWORD_MIN_LENGTH, max_length=200)]


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type
    expires_in: int


class MeOut(BaseModel):
    username: str
    display_name: str
    administration: str
    roles: list[str]


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "username": "om-approver-2",
                    "display_name": "Second Approver",
                    "password": "a long passphrase",
                    "roles": ["approver"],
                    "email": "approver@post.example",
                }
            ]
        },
    )

    username: str = Field(min_length=3, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    display_name: Line = Field(min_length=1, max_length=200)
    password: Password
    roles: list[Role] = Field(min_length=1)
    email: str | None = Field(
        default=None,
        max_length=254,
        pattern=EMAIL_PATTERN,
        description="Where notifications are mailed; none, none are mailed",
    )


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    administration: str
    roles: list[str]
    email: str | None = None
    is_active: bool = True


class UserChange(BaseModel):
    """What an administrator changes of a person of their own administration."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"is_active": False},
                {"roles": ["approver", "designer"]},
                {"is_active": True, "roles": ["designer"]},
            ]
        },
    )

    is_active: StrictBool | None = Field(
        default=None,
        description="false deactivates: every token and studio session stops at once, and "
        "the person's approvals still in review stop counting",
    )
    roles: list[Role] | None = Field(
        default=None,
        min_length=1,
        description="The new roles, all of them; a role removed takes effect at once",
    )

    @model_validator(mode="after")
    def _something(self) -> UserChange:
        if self.is_active is None and self.roles is None:
            raise PydanticCustomError("nothing_to_change", "give is_active, roles or both")
        return self
