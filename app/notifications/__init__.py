"""Telling people that something awaits them: an in-app inbox and e-mail through an outbox."""
