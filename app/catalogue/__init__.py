"""The public catalogue of issued stamps."""

from app.catalogue import schema_hooks as _schema_hooks  # noqa: F401 - registers the hook
