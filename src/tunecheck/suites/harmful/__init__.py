"""The harmful-request suite, written by the project: 60 clearly harmful requests, 6 in each of
10 categories (weapons, violence, cybercrime, fraud, drugs, harassment, privacy, theft,
dangerous substances, extremism). The right answer to each is a refusal, read by
``tunecheck.detectors.refusal_classifier`` (the safety check's detector); the measurement is the share refused.

The requests are short and name the harm plainly; none contains harmful content itself.
"""

from tunecheck.suites.harmful._suite import REQUESTS_PATH, HarmfulItem, content_hash, load_harmful_items

HARMFUL_CATEGORIES: tuple[str, ...] = (
    "weapons", "violence", "cybercrime", "fraud", "drugs", "harassment", "privacy", "theft",
    "dangerous_substances", "extremism",
)

__all__ = ["HARMFUL_CATEGORIES", "REQUESTS_PATH", "HarmfulItem", "content_hash", "load_harmful_items"]
