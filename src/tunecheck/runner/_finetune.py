"""What kind of fine-tune the candidate is, read from its adapter files."""

from __future__ import annotations

import json
from pathlib import Path

from tunecheck.config import BackendSpec


def describe_fine_tuning(spec: BackendSpec, base_dir: Path) -> str | None:
    """'LoRA r=8, alpha=16 on q_proj, v_proj' from an adapter config; 'full weights' without adapter."""
    adapter = getattr(spec, "adapter", None) or getattr(spec, "lora", None)
    if adapter is None:
        launch = getattr(spec, "launch", None)
        adapter = getattr(launch, "lora", None) if launch is not None else None
    if adapter is None:
        return None
    path = Path(adapter) if Path(adapter).is_absolute() else base_dir / adapter
    folder = path if path.is_dir() else path.parent
    config_file = folder / "adapter_config.json"
    if not config_file.exists():
        return f"adapter ({path.name})"
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return f"adapter ({path.name})"
    kind = str(config.get("peft_type", "adapter"))
    if kind == "LORA" and config.get("base_model_name_or_path") and "bnb" in json.dumps(config).lower():
        kind = "QLoRA"
    elif kind == "LORA":
        kind = "LoRA"
    targets = config.get("target_modules") or []
    targets_text = ", ".join(sorted(targets)) if isinstance(targets, list) else str(targets)
    return f"{kind} r={config.get('r')}, alpha={config.get('lora_alpha')}, dropout={config.get('lora_dropout')} " \
           f"on {targets_text}"
