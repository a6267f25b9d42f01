"""``python -m tunecheck.cli``: the same as the ``tunecheck`` command."""

from tunecheck.cli import main

main()
