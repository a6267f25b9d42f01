"""Divergence detection on training curves."""

from __future__ import annotations

import pytest

from tunecheck.traininglogs import LogPoint, TrainingLog, analyse_curves, gap_curve


def _log(train: list[tuple[int, float]], evals: list[tuple[int, float]]) -> TrainingLog:
    return TrainingLog("test", "csv", tuple(LogPoint(s, v) for s, v in train), tuple(LogPoint(s, v) for s, v in evals))


def _steady(n: int = 10) -> list[tuple[int, float]]:
    return [(100 * k, 2.0 - 0.1 * k) for k in range(1, n + 1)]


def test_healthy_run_shows_no_divergence() -> None:
    log = _log(_steady(), [(100 * k, 2.1 - 0.1 * k) for k in range(1, 11)])
    a = analyse_curves(log)
    assert a is not None
    assert (a.best_step, a.final_step) == (1000, 1000)
    assert a.eval_rise == 0.0
    assert a.final_gap == pytest.approx(0.1)
    assert a.gap_change == pytest.approx(0.0, abs=1e-9)
    assert not a.bottomed_early and not a.widening and not a.diverged


def test_eval_loss_bottoming_out_early_is_flagged() -> None:
    evals = [(100, 1.8), (200, 1.5), (300, 1.4), (400, 1.45), (500, 1.5), (600, 1.55), (700, 1.6), (800, 1.65),
             (900, 1.7), (1000, 1.75)]
    a = analyse_curves(_log(_steady(), evals))
    assert a is not None
    assert a.best_step == 300 and a.best_eval == 1.4
    assert a.eval_rise == pytest.approx(0.35)
    assert a.tail_start == pytest.approx(775.0)
    assert a.bottomed_early


def test_a_late_minimum_or_a_small_rise_is_not_flagged() -> None:
    late = [(100 * k, 2.0 - 0.1 * k) for k in range(1, 9)] + [(900, 1.15), (1000, 1.17)]
    a = analyse_curves(_log(_steady(), late))
    assert a is not None and a.best_step == 900 and not a.bottomed_early
    small = [(100, 1.5), (200, 1.4), (300, 1.41), (1000, 1.415)]
    b = analyse_curves(_log(_steady(), small), min_rise=0.02)
    assert b is not None and b.best_step == 200 and not b.bottomed_early


def test_widening_gap_in_the_tail_is_flagged() -> None:
    train = [(100 * k, 2.0 - 0.15 * k) for k in range(1, 11)]
    evals = [(100 * k, 1.95 - 0.05 * k) for k in range(1, 11)]  # still improving, but slower than train
    a = analyse_curves(_log(train, evals), tail_fraction=0.4)
    assert a is not None
    assert not a.bottomed_early
    assert a.gap_change == pytest.approx(0.3)  # the gap grows 0.1 per 100 steps, over 300 steps of the tail
    assert a.widening


def test_gap_uses_train_losses_logged_since_the_previous_evaluation() -> None:
    train = [(10, 3.0), (20, 2.0), (30, 1.0), (40, 0.9)]
    evals = [(20, 2.6), (40, 1.3)]
    assert gap_curve(_log(train, evals)) == [LogPoint(20, pytest.approx(0.1)), LogPoint(40, pytest.approx(0.35))]  # type: ignore[arg-type]
    early = _log([(50, 1.0)], [(10, 2.0), (60, 1.4)])
    assert [p.step for p in gap_curve(early)] == [60]


def test_no_eval_points_means_no_analysis() -> None:
    assert analyse_curves(_log(_steady(), [])) is None
    with pytest.raises(ValueError, match="tail_fraction"):
        analyse_curves(_log(_steady(), [(100, 1.0)]), tail_fraction=1.0)
