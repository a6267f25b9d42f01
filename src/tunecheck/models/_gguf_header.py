"""One metadata value from a GGUF file's header, read without parsing the whole file.

gguf's ``GGUFReader`` maps every tensor and decodes every metadata array (a tokenizer's
tens of thousands of tokens and merges): 3 to 6 seconds for SmolLM2-135M on two CPU
cores, paid by every model a run describes. The values a report needs (``general.file_type``)
sit among the first keys, so this reader walks the key/value pairs in order, skips over
what it does not need, and stops at the key. Little-endian GGUF (versions 1 to 3), as
llama.cpp writes it.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

GGUFValue = int | float | bool | str

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_MAX_VERSION = 1 << 16  # larger: a big-endian file, read as little-endian


def gguf_value(path: Path, key: str) -> GGUFValue | None:
    """The scalar or string value of metadata ``key``; ``None`` when the file lacks it (or
    holds an array there). Raises ``ValueError`` for a file that is not little-endian GGUF."""
    with path.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            raise ValueError(f"{path} is not a GGUF file (no GGUF magic)")
        version = int(_read(handle, "<I"))
        if not 1 <= version < _MAX_VERSION:
            raise ValueError(f"{path}: GGUF version {version} is not a little-endian GGUF this reader knows")
        count = "<I" if version == 1 else "<Q"
        _read(handle, count)  # tensors
        for _ in range(int(_read(handle, count))):
            name = _string(handle, count)
            kind = int(_read(handle, "<I"))
            if name == key and kind != _ARRAY:
                return _value(handle, kind, count)
            _skip(handle, kind, count)
    return None


def _read(handle: BinaryIO, fmt: str) -> GGUFValue:
    size = struct.calcsize(fmt)
    data = handle.read(size)
    if len(data) != size:
        raise ValueError("the GGUF header ends early (a truncated file)")
    value: GGUFValue = struct.unpack(fmt, data)[0]
    return value


def _string(handle: BinaryIO, count: str) -> str:
    length = int(_read(handle, count))
    data = handle.read(length)
    if len(data) != length:
        raise ValueError("the GGUF header ends early (a truncated file)")
    return data.decode("utf-8", errors="replace")


def _value(handle: BinaryIO, kind: int, count: str) -> GGUFValue:
    if kind == _STRING:
        return _string(handle, count)
    if kind not in _SCALARS:
        raise ValueError(f"unknown GGUF value type {kind}")
    return _read(handle, _SCALARS[kind])


def _skip(handle: BinaryIO, kind: int, count: str) -> None:
    if kind != _ARRAY:
        _value(handle, kind, count)
        return
    item = int(_read(handle, "<I"))
    n = int(_read(handle, count))
    if item in _SCALARS:
        handle.seek(n * struct.calcsize(_SCALARS[item]), 1)
        return
    for _ in range(n):
        _skip(handle, item, count)
