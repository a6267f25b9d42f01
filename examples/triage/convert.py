"""Convert the demo's PEFT adapters into llama.cpp GGUF LoRA files (``adapter.gguf``).

Usage::

    python examples/triage/convert.py [good overfit]

``train.py`` already does this after training; run it by hand after changing an adapter.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from _paths import ADAPTERS_DIR, base_gguf_path

from tunecheck.adapters import convert_lora_to_gguf

GGUF_NAME = "adapter.gguf"


def convert(adapter_dir: Path) -> Path:
    """Write ``adapter.gguf`` beside the PEFT adapter in ``adapter_dir``."""
    return convert_lora_to_gguf(adapter_dir, base_gguf_path(), adapter_dir / GGUF_NAME)


def main(argv: Sequence[str] | None = None) -> None:
    names = list(argv if argv is not None else sys.argv[1:]) or ["good", "overfit"]
    for name in names:
        print(convert(ADAPTERS_DIR / name))


if __name__ == "__main__":
    main()
