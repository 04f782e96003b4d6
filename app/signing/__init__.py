"""Sealed proofs: the approved proof signed by the service key, one signature per approval."""
