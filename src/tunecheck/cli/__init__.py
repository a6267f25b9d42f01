"""The ``tunecheck`` command."""

from __future__ import annotations

from tunecheck.cli._app import app


def main() -> None:
    _register_load()
    app()


def _register_load() -> None:
    """``tunecheck load`` comes from the load package (registered once, on first start)."""
    if any(c.name == "load" for c in app.registered_commands):
        return
    from tunecheck.load import load_command

    app.command(name="load", help="Drive an OpenAI-compatible endpoint at fixed concurrency or rate.")(load_command)


__all__ = ["app", "main"]
