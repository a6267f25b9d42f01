"""Load specs, levels and shard plans."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from tunecheck.load import GeneratorSettings, LoadLevel, LoadSpec, poisson_schedule
from tunecheck.load._plan import shard_tasks


def _spec(**fields: object) -> LoadSpec:
    return LoadSpec.model_validate({"url": "http://127.0.0.1:9", "model": "m", "prompts": ["p"], **fields})


def test_a_spec_without_bound_is_refused() -> None:
    with pytest.raises(ValidationError, match="bound"):
        _spec()
    assert _spec(requests=5).requests == 5


def test_levels_take_the_fields_of_their_kind() -> None:
    with pytest.raises(ValidationError):
        LoadLevel(kind="closed", rate=2.0)
    with pytest.raises(ValidationError):
        LoadLevel(kind="open", concurrency=2)
    assert LoadLevel.open(2.0, max_concurrency=4).label == "rate 2/s, max 4 in flight"


def test_endpoint_url_from_base_or_v1() -> None:
    assert _spec(requests=1).endpoint_url == "http://127.0.0.1:9/v1/chat/completions"
    assert _spec(requests=1, url="http://h:1/v1", endpoint="completions").endpoint_url == "http://h:1/v1/completions"
    assert _spec(requests=1, url="http://h:1/v1/chat/completions").models_url == "http://h:1/v1/models"


def test_poisson_schedule_is_seeded_and_has_the_rate() -> None:
    offsets = poisson_schedule(50.0, None, 40.0, seed=3)
    assert offsets == poisson_schedule(50.0, None, 40.0, seed=3)
    assert abs(len(offsets) / 40.0 - 50.0) < 5.0
    assert max(offsets) < 40.0 and np.all(np.diff(offsets) > 0)
    assert len(poisson_schedule(50.0, 30, 40.0, seed=3)) == 30


def test_levels_shard_over_workers_by_streams() -> None:
    settings = GeneratorSettings(max_workers=4, streams_per_worker=16)
    tasks = shard_tasks(_spec(requests=100), LoadLevel.closed(40), 0, settings)
    assert [t.measured.streams for t in tasks] == [14, 13, 13]
    assert sum(t.measured.quota or 0 for t in tasks) == 100
    open_tasks = shard_tasks(_spec(requests=90), LoadLevel.open(10.0, max_concurrency=5), 1,
                             GeneratorSettings(max_workers=2, events_per_worker_s=100.0))
    assert len(open_tasks) == 2 and sum(t.measured.cap or 0 for t in open_tasks) == 5
    indices = sorted(i for t in open_tasks for i, _ in t.measured.schedule)
    assert indices == list(range(90))
