"""The commit a hub model reference stands for.

A hub id names a repository and a revision (default ``main``); a branch moves when the
owners push, so a model's identity is the commit the revision points to now. It is asked
of the hub (``huggingface_hub.model_info``, with the user's token and endpoint settings);
offline (``HF_HUB_OFFLINE=1``) or when the hub cannot be reached, the commit the local
Hugging Face cache recorded for that revision is used, which is what ``from_pretrained``
then loads. A revision that is already a commit hash is its own answer.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


def hub_commit(repo: str, revision: str | None = None) -> str:
    """The 40-hex commit that ``revision`` (default ``main``) of hub repository ``repo`` points to.

    Raises ``FileNotFoundError`` when neither the hub nor the local cache knows it.
    """
    wanted = revision or "main"
    if _COMMIT.match(wanted):
        return wanted
    import huggingface_hub
    from huggingface_hub import constants

    problem = "the hub is not asked (HF_HUB_OFFLINE is set)"
    if not constants.HF_HUB_OFFLINE:
        try:
            sha = huggingface_hub.model_info(repo, revision=wanted).sha
            if sha:
                return str(sha)
            problem = "the hub returned no commit"
        except _network_errors() as exc:
            problem = f"the hub could not be asked ({type(exc).__name__}: {exc})"
            log.warning("%s@%s: %s; using the commit in the local cache", repo, wanted, problem)
    cached = cached_commit(Path(constants.HF_HUB_CACHE), repo, wanted)
    if cached is not None:
        return cached
    raise FileNotFoundError(
        f"hub model '{repo}' at revision '{wanted}': {problem}, and the local Hugging Face cache "
        f"({constants.HF_HUB_CACHE}) has no record of it; connect to the hub once, or give a commit hash "
        "as `revision`"
    )


def cached_commit(cache: Path, repo: str, revision: str) -> str | None:
    """The commit the Hugging Face cache in ``cache`` recorded for ``repo``'s ``revision``."""
    ref = cache / f"models--{repo.replace('/', '--')}" / "refs" / revision
    try:
        text = ref.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if _COMMIT.match(text) else None


def _network_errors() -> tuple[type[Exception], ...]:
    """What a failed hub request raises: ``OSError`` (requests, the hub's HTTP errors) or the
    HTTP client's errors (``httpx``, or ``httpx2`` in recent huggingface_hub releases)."""
    import importlib

    errors: list[type[Exception]] = [OSError, ValueError]
    for client in ("httpx", "httpx2"):
        try:
            errors.append(importlib.import_module(client).HTTPError)
        except (ImportError, AttributeError):
            continue
    return tuple(errors)
