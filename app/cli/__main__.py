"""`python -m app.cli`: the same command as `stamps`."""

from app.cli import main

main()
