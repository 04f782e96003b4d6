"""Service settings, read from the environment once, with safe local defaults.

Everything the service needs to know about where it runs lives here, so a bare machine works
with no configuration (SQLite and a local folder) and production only sets variables.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused outside development
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Environment-driven settings; `STAMPS_` prefix except for the conventional DATABASE_URL."""

    model_config = SettingsConfigDict(env_prefix="STAMPS_", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("var")
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    secret_key: str = DEVELOPMENT_SECRET
    designs_dir: Path = PROJECT_ROOT / "designs"
    token_ttl_seconds: int = 8 * 3600
    # A studio sign-in lasts this long (a working day); signing out ends it at once.
    studio_session_seconds: int = Field(default=8 * 3600, gt=0)
    max_json_bytes: int = 1_000_000
    max_upload_bytes: int = 200 * 1024 * 1024
    # A request body must keep coming: after this grace it has to average at least this many
    # bytes a second since the application began reading it, or it is cut off with 408.
    body_grace_seconds: float = 10.0
    body_min_rate: float = 4096.0
    # The largest image accepted, in pixels: a 1200 dpi A5 sheet is about 60 megapixels.
    # Bigger files are refused as possible decompression bombs (Pillow's warning is an error).
    max_image_pixels: int = 60_000_000
    # At most this many argon2 password checks (64 MiB each) run at once in a server process;
    # the rest wait up to the wait below, then get 503 with Retry-After.
    password_checks_at_once: int = 4
    password_check_wait_seconds: float = 10.0
    # Per user, at most this many proof renders (PDFs and page images not yet made; a proof
    # already made is served without counting) and review submissions in any window of
    # `rate_limit_window_seconds`; beyond, 429 with Retry-After. Counted in the database, so
    # every server process shares the count.
    render_limit: int = Field(default=60, ge=1)
    review_limit: int = Field(default=10, ge=1)
    rate_limit_window_seconds: float = Field(default=60.0, gt=0)
    storage_backend: Literal["local", "s3"] = "local"
    s3_bucket: str = ""
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_prefix: str = ""
    # Start-up sweeps delete staging leftovers and stored artwork without a row only when
    # older than this: another worker may be writing them right now.
    sweep_grace_seconds: float = 300.0
    # While the service runs, staging leftovers are swept again this often (0: start-up only).
    sweep_interval_seconds: float = Field(default=600.0, ge=0)
    # A request holding an Idempotency-Key claims it for this long, renewed while its body
    # arrives; a claim left by a server killed mid-request is free again after it.
    idempotency_lease_seconds: float = Field(default=120.0, gt=0)
    # /readyz gives each dependency (database, file store) this long to answer.
    readiness_timeout_seconds: float = Field(default=2.0, gt=0)
    # Catalogue pages re-read the catalogue's revision at most this often (seconds); a change
    # made by this process shows at once, one made by another worker within this time.
    catalogue_revision_ttl: float = 1.0
    # The catalogue's clock stopped at this instant (ISO 8601 with an offset): scheduled stamps
    # are shown as they will be public then. For tests and demonstrations; refused in production.
    catalogue_now: dt.datetime | None = None
    # The service's proof-sealing key (ECDSA P-256, PEM) and its self-signed certificate;
    # created on first start under `<data_dir>/keys/` unless these name other files.
    signing_key_file: Path | None = None
    signing_cert_file: Path | None = None
    # Besides at every status transition, each audit stream's head is signed in a checkpoint
    # every this many events, so a long stream without transitions is still pinned down.
    audit_checkpoint_every: int = Field(default=50, ge=1)
    # Mail: `smtp://host:port` (add `?starttls=true` to upgrade) or `smtps://host:port`, with
    # `user:password@` when the server wants a login. Without it, mail is only kept in the
    # outbox (`stamps outbox list`). Links in messages start with `public_url`.
    smtp_url: str | None = None
    mail_from: str = "Joint Stamp Studio <stamps@localhost>"
    public_url: str = "http://127.0.0.1:8000"
    # The wait after a message's first failed attempt; it doubles with each further one.
    mail_retry_base_seconds: float = 30.0
    # Logs: `text` for a terminal, `json` (one object a line) for a log shipper.
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"
    # Who may read `/metrics`: addresses or networks, as a JSON list in the environment.
    metrics_allow: list[str] = Field(default_factory=lambda: ["127.0.0.1/32", "::1/128"])

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("STAMPS_SECRET_KEY must be set outside development")
        if self.env == "production" and self.catalogue_now is not None:
            raise ValueError("STAMPS_CATALOGUE_NOW is for tests and demonstrations only")
        if self.catalogue_now is not None and self.catalogue_now.tzinfo is None:
            raise ValueError("STAMPS_CATALOGUE_NOW needs a UTC offset")
        return self

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL; the embedded SQLite file in the data folder by default."""
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{(self.data_dir / 'stamps.db').resolve()}"

    @property
    def storage_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def signing_key_path(self) -> Path:
        return self.signing_key_file or self.data_dir / "keys" / "seal-key.pem"

    @property
    def signing_cert_path(self) -> Path:
        return self.signing_cert_file or self.data_dir / "keys" / "seal-cert.pem"


@lru_cache
def load_settings() -> Settings:
    """The process-wide settings from the environment, for the CLI and the app factory.

    Request handlers take the settings of the app serving them (``app.core.deps``), so
    tests can run several apps with different settings in one process.
    """
    return Settings()
