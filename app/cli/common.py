"""What several commands share: settings, the data folder, the database and the migrations.

Everything heavy is imported inside the functions, so a command that never opens the
database never pays for the models or the migration tool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

    from app.core.db import Database
    from app.core.settings import Settings
    from app.storage.base import Storage


def settings() -> Settings:
    """The settings from the environment, with the data folder made."""
    from app.core.settings import load_settings

    found = load_settings()
    found.data_dir.mkdir(parents=True, exist_ok=True)
    return found


def open_database(found: Settings) -> Database:
    """The database with every table mapped, so any query may touch any model."""
    from app import all_models
    from app.audit import checkpoints
    from app.core.db import Database
    from app.signing import keys

    assert all_models.metadata is not None  # noqa: S101 - every table mapped before any query
    database = Database.connect(found.sqlalchemy_url)
    # A command that appends to the audit trail (a user added) checkpoints it as the service
    # would; the key is read only then.
    checkpoints.install(
        database.writer,
        checkpoints.Signer(
            lambda: keys.ensure(found.signing_key_path, found.signing_cert_path),
            found.audit_checkpoint_every,
        ),
    )
    return database


def storage(found: Settings) -> Storage:
    """The configured file store; a store that cannot be made is a configuration error."""
    from app.cli.errors import CommandError
    from app.storage.factory import make_storage

    try:
        return make_storage(found)
    except ValueError as exc:  # the factory's refusal names the missing setting
        raise CommandError(str(exc), "Set it in the environment and run again") from exc


def alembic_config(url: str) -> Config:
    """The Alembic configuration of this checkout, pointed at URL."""
    from alembic.config import Config

    from app.core.settings import PROJECT_ROOT

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["url"] = url
    return config
