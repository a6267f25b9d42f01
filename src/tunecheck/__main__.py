"""``python -m tunecheck``: the same as the ``tunecheck`` command."""

from tunecheck.cli import main

main()
