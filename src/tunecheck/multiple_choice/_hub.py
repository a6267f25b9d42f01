"""Reading a Hugging Face dataset split (needs the ``datasets`` package and hub access)."""

from __future__ import annotations

from tunecheck.errors import DataError


def hub_records(name: str, config: str | None, split: str, revision: str | None) -> list[dict[str, object]]:
    """Every record of one split of a hub dataset, as plain dicts."""
    where = f"hub:{name}" + (f"/{config}" if config else "") + f"[{split}]"
    try:
        import datasets
    except ImportError:
        raise DataError("hub datasets need the 'datasets' package: pip install 'tunecheck[datasets]'",
                        file=where) from None
    try:
        data = datasets.load_dataset(name, config, split=split, revision=revision)
    except Exception as exc:  # the hub client raises many kinds; name the dataset either way
        raise DataError(f"cannot load from the hub: {exc}", file=where) from None
    return [dict(record) for record in data]
