"""Checks that other packages provide, found through the ``tunecheck.checks`` entry point group.

A package declares ``[project.entry-points."tunecheck.checks"] name = "module:CheckClass"``;
the class has ``id`` (the entry point's name), ``title``, ``settings_model`` (a subclass of
``CheckSettings``) and ``run(session, settings) -> CheckOutput``. The run file configures it
under ``checks: {plugins: {name: {...}}}``; nothing in tunecheck is edited.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from tunecheck.config._base import CheckSettings
from tunecheck.errors import unknown_name

CHECK_ENTRY_POINT_GROUP = "tunecheck.checks"


def plugin_check(name: str) -> type:
    """The check class an installed package registers as ``name``."""
    providers = {point.name: point for point in entry_points(group=CHECK_ENTRY_POINT_GROUP)}
    if name not in providers:
        raise ValueError(f"{unknown_name('check plugin', name, providers)}: an installed package provides one "
                         f"under the '{CHECK_ENTRY_POINT_GROUP}' entry point group")
    check = providers[name].load()
    if not isinstance(check, type) or getattr(check, "id", None) != name:
        raise ValueError(f"the '{name}' entry point must name a check class whose id is '{name}'")
    return check


def plugin_settings_model(name: str) -> type[CheckSettings]:
    """The settings model of the plugin check ``name`` (its ``settings_model``)."""
    model = getattr(plugin_check(name), "settings_model", None)
    if not (isinstance(model, type) and issubclass(model, CheckSettings)):
        raise ValueError(f"the '{name}' check plugin must set settings_model to a subclass of CheckSettings")
    return model
