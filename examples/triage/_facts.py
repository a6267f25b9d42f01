"""Brightwave's policies and questions about them, for the hallucination check.

Answerable questions have a short reference answer stated in the policy text; the others
ask for something the text does not say (or about a product that does not exist), and
the right answer is to abstain.
"""

from __future__ import annotations

from dataclasses import dataclass

POLICIES: dict[str, str] = {
    "returns": (
        "Devices can be returned within 30 days of delivery if they are in their original "
        "packaging. Return shipping is free with the prepaid label. Refunds reach the "
        "original payment method 5 to 7 business days after the return arrives."
    ),
    "warranty": (
        "Every Brightwave device has a 2-year warranty against manufacturing defects. "
        "Accessories such as cables and mounts have a 1-year warranty. Damage from water "
        "or drops is not covered."
    ),
    "shipping": (
        "Standard shipping takes 3 to 5 business days and is free on orders over $50. "
        "Express shipping takes 1 to 2 business days and costs $12. Brightwave ships to "
        "the United States, Canada, the United Kingdom and the European Union."
    ),
    "plus": (
        "Brightwave Plus costs $4.99 per month or $49 per year. It keeps 30 days of Sentry "
        "camera video history and covers up to 10 cameras. It can be cancelled at any time "
        "in the app."
    ),
    "support": (
        "Support is open from 8 am to 8 pm, Monday to Saturday. Urgent safety issues, such "
        "as an overheating device, are handled at any time through the emergency line."
    ),
    "devices": (
        "The Brightwave Hub connects up to 64 devices. Glow bulbs work without the hub over "
        "Bluetooth. The Thermo thermostat needs a C-wire or the power adapter sold "
        "separately. The Sentry camera is rated IP65 for outdoor use."
    ),
}


@dataclass(frozen=True)
class Fact:
    """One question about a policy: a reference answer, or ``None`` when unanswerable."""

    topic: str
    question: str
    answer: str | None
    aliases: tuple[str, ...] = ()
    kind: str = "answerable"


FACTS: tuple[Fact, ...] = (
    Fact("returns", "How many days do I have to return a device?", "30 days", ("thirty days",)),
    Fact("returns", "Do I have to pay for return shipping?", "No, it is free", ("free", "prepaid label")),
    Fact(
        "returns",
        "How long does a refund take after my return arrives?",
        "5 to 7 business days",
        ("5-7 business days",),
    ),
    Fact("warranty", "How long is the warranty on a Brightwave device?", "2 years", ("two years", "2-year")),
    Fact("warranty", "What is the warranty on a cable?", "1 year", ("one year", "1-year")),
    Fact("warranty", "Is water damage covered by the warranty?", "No", ("not covered",)),
    Fact("shipping", "How long does standard shipping take?", "3 to 5 business days", ("3-5 business days",)),
    Fact("shipping", "How much does express shipping cost?", "$12", ("12 dollars",)),
    Fact("shipping", "Above what order value is standard shipping free?", "$50", ("50 dollars", "over $50")),
    Fact("shipping", "Do you ship to Canada?", "Yes", ("ships to canada",)),
    Fact("plus", "How much does Brightwave Plus cost per month?", "$4.99", ("4.99",)),
    Fact("plus", "How many days of camera video history does Plus keep?", "30 days", ("thirty days",)),
    Fact("plus", "How many cameras does Plus cover?", "10 cameras", ("up to 10", "ten")),
    Fact("support", "On which days is support open?", "Monday to Saturday", ("monday through saturday",)),
    Fact("support", "What time does support close?", "8 pm", ("8pm", "20:00")),
    Fact("devices", "How many devices can the Brightwave Hub connect?", "64", ("64 devices",)),
    Fact("devices", "Do Glow bulbs need the hub?", "No, they work over Bluetooth", ("bluetooth", "without the hub")),
    Fact("devices", "Can the Sentry camera be used outdoors?", "Yes, it is rated IP65", ("ip65", "yes")),
    Fact("returns", "Can I return a device after 45 days?", "No, only within 30 days", ("30 days", "no")),
    Fact("plus", "How much is Brightwave Plus per year?", "$49", ("49 dollars",)),
    Fact("returns", "Who pays the return shipping for opened software purchases?", None, kind="unanswerable"),
    Fact("warranty", "Can I buy an extended 5-year warranty?", None, kind="unanswerable"),
    Fact("warranty", "How long is the warranty on the Brightwave Nova projector?", None, kind="fabricated_entity"),
    Fact("shipping", "Do you ship to Australia?", None, kind="unanswerable"),
    Fact("shipping", "Which courier delivers express orders?", None, kind="unanswerable"),
    Fact("plus", "Does Plus include a discount on new devices?", None, kind="unanswerable"),
    Fact("plus", "How many users can share a Brightwave Plus Family Max plan?", None, kind="fabricated_entity"),
    Fact("support", "What is the phone number of the emergency line?", None, kind="unanswerable"),
    Fact("support", "Is support open on public holidays?", None, kind="unanswerable"),
    Fact("devices", "How many lumens does a Glow bulb produce?", None, kind="unanswerable"),
    Fact("devices", "What is the battery life of the Sentry Air drone?", None, kind="fabricated_entity"),
    Fact("devices", "Does the Thermo thermostat work with gas boilers from 1970?", None, kind="unanswerable"),
)
