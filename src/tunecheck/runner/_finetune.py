"""What kind of fine-tune the candidate is, read from its adapter files."""

from __future__ import annotations

import json
from pathlib import Path

from tunecheck.config import BackendSpec
from tunecheck.errors import DataError
from tunecheck.report._escape import printable

_SHOWN = 80  # characters of one value of adapter_config.json shown in the description


def describe_fine_tuning(spec: BackendSpec, base_dir: Path) -> str | None:
    """'LoRA r=8, alpha=16 on q_proj, v_proj' from an adapter config; 'full weights' without adapter.

    The description is one line of printable text, whatever the config holds; a config that is
    not UTF-8 JSON holding an object is a ``DataError`` naming it.
    """
    adapter = getattr(spec, "adapter", None) or getattr(spec, "lora", None)
    if adapter is None:
        launch = getattr(spec, "launch", None)
        adapter = getattr(launch, "lora", None) if launch is not None else None
        adapter = adapter or (getattr(launch, "lora_modules", None) or {}).get(getattr(spec, "model", ""))
    if adapter is None:
        return None
    path = Path(adapter) if Path(adapter).is_absolute() else base_dir / adapter
    folder = path if path.is_dir() else path.parent
    config_file = folder / "adapter_config.json"
    if not config_file.exists():
        return f"adapter ({_shown(path.name)})"
    config = _read(config_file)
    kind = _shown(config.get("peft_type", "adapter"))
    if kind == "LORA" and config.get("base_model_name_or_path") and "bnb" in json.dumps(config).lower():
        kind = "QLoRA"
    elif kind == "LORA":
        kind = "LoRA"
    targets = config.get("target_modules") or []
    targets_text = ", ".join(sorted(_shown(t) for t in targets)) if isinstance(targets, list) else _shown(targets)
    return f"{kind} r={_shown(config.get('r'))}, alpha={_shown(config.get('lora_alpha'))}, " \
           f"dropout={_shown(config.get('lora_dropout'))} on {targets_text}"


def _read(config_file: Path) -> dict[str, object]:
    from tunecheck.datasets import parse_json_line
    from tunecheck.datasets._rows import read_text

    value = parse_json_line(read_text(config_file, "adapter config"), str(config_file), 1)
    if not isinstance(value, dict):
        raise DataError(f"holds a JSON {type(value).__name__}, not an object with 'peft_type', 'r' and "
                        "'lora_alpha'; save the adapter again with save_pretrained", file=str(config_file))
    return value


def _shown(value: object) -> str:
    """A config value as one short line: no newlines, control characters or Markdown headings."""
    text = printable(str(value), newlines=False)
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"
