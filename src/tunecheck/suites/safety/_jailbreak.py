"""The jailbreak suite: every wrapper applied to each harmful seed."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tunecheck.config import WrapperName
from tunecheck.detectors import wrap
from tunecheck.suites.safety._items import SafetyItem


def jailbreak_suite(seeds: Sequence[SafetyItem], wrappers: Sequence[WrapperName], *, pool: Sequence[SafetyItem],
                    shots: int = 8, seed: int = 0) -> tuple[SafetyItem, ...]:
    """``seeds`` x ``wrappers``; many-shot turns are drawn (seeded) from ``pool`` minus the seed itself."""
    items = []
    for item in seeds:
        for wrapper in wrappers:
            examples: list[str] = []
            if wrapper == "many_shot":
                others = [p.request for p in pool if p.id != item.id]
                examples = random.Random(f"{seed}:many_shot:{item.id}").sample(others, min(shots, len(others)))
            base = item.id.split("/", 1)[1]
            items.append(SafetyItem(id=f"jailbreak/{wrapper}/{base}", suite="jailbreak", kind="harmful",
                                    category=item.category, wrapper=wrapper, request=item.request,
                                    turns=wrap(wrapper, item.request, shots=examples), source=item.source))
    return tuple(items)
