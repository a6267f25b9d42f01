"""Detectors over model outputs: refusals (and, in the safety check, leaks and attacks)."""

from tunecheck.detectors._refusal import REFUSAL_PHRASES, RefusalMatch, detect_refusal, is_refusal

__all__ = ["REFUSAL_PHRASES", "RefusalMatch", "detect_refusal", "is_refusal"]
