"""The row order llama.cpp gives the query and key projections of llama-family models.

Hugging Face checkpoints store each attention head's rotary dimensions as two halves
(all first components, then all second components); llama.cpp's GGUF files store them
interleaved in pairs, so its converter reorders the rows of ``q_proj`` and ``k_proj``.
A LoRA delta ``B @ A`` is added to those reordered weights, so the rows of ``lora_B``
must be reordered the same way (``lora_A`` acts on the input side and stays as it is).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def permute_rows(weights: npt.NDArray[np.floating], n_head: int) -> npt.NDArray[np.floating]:
    """Reorder the rows of a q or k projection (or its ``lora_B``) into llama.cpp's order.

    Within each of the ``n_head`` heads, rows ``[0, half)`` and ``[half, 2*half)`` are the
    two halves of the rotary pairs; the result interleaves them: row ``2*i`` is the old
    row ``i`` and row ``2*i + 1`` the old row ``half + i``.

    Args:
        weights: shape ``(n_head * head_dim, ...)``; for keys pass the number of key/value
            heads as ``n_head``.
        n_head: number of heads the rows are split into.

    Raises:
        ValueError: the row count is not a multiple of ``2 * n_head``.
    """
    rows = weights.shape[0]
    if n_head <= 0 or rows % (2 * n_head) != 0:
        raise ValueError(
            f"cannot split {rows} rows into {n_head} heads of rotary pairs; check the base model's head counts"
        )
    half = rows // n_head // 2
    grouped = weights.reshape(n_head, 2, half, *weights.shape[1:])
    return grouped.swapaxes(1, 2).reshape(weights.shape)
