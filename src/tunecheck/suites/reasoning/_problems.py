"""Problem templates: each draws its numbers from a seeded ``random.Random`` and returns
the question and its exact numeric answer. Numbers are chosen so that answers are whole
(or, for money, exact to the cent)."""

from __future__ import annotations

import random
from collections.abc import Callable

Problem = tuple[str, float]
Template = Callable[[random.Random], Problem]

NAMES = ("Maya", "Tom", "Aisha", "Lukas", "Priya", "Diego", "Mei", "Samuel", "Nora", "Kwame", "Elena", "Yusuf")


def add_subtract(rng: random.Random) -> Problem:
    a, b, c = rng.randint(120, 899), rng.randint(100, 899), rng.randint(50, 400)
    return f"What is {a} + {b} - {c}?", float(a + b - c)


def multiply_divide(rng: random.Random) -> Problem:
    divisor = rng.choice((2, 3, 4, 5, 6, 8))
    a, b = rng.randint(3, 30) * divisor, rng.randint(3, 25)
    return f"What is {a} × {b} ÷ {divisor}?", float(a * b // divisor)


def order_of_operations(rng: random.Random) -> Problem:
    a, b, c, d = rng.randint(2, 40), rng.randint(2, 12), rng.randint(2, 12), rng.randint(1, 30)
    return f"Compute {a} + {b} × {c} - {d}.", float(a + b * c - d)


def percent(rng: random.Random) -> Problem:
    rate = rng.choice((5, 10, 15, 20, 25, 30, 40, 75))
    base = rng.randint(2, 40) * 20
    return f"What is {rate}% of {base}?", float(rate * base // 100)


def shopping(rng: random.Random) -> Problem:
    name, n, price, extra = rng.choice(NAMES), rng.randint(2, 6), rng.randint(2, 9), rng.randint(1, 5)
    paid = ((n * price + extra) // 10 + 1) * 10
    return (f"{name} buys {n} notebooks at ${price} each and a pen for ${extra}. {name} pays with ${paid}. "
            "How many dollars of change should " + name + " get?"), float(paid - n * price - extra)


def rate(rng: random.Random) -> Problem:
    name, per_day, days = rng.choice(NAMES), rng.randint(8, 30), rng.randint(4, 15)
    return (f"{name} reads {per_day} pages every day. The book has {per_day * days} pages. "
            f"How many days does {name} need to finish it?"), float(days)


def sharing(rng: random.Random) -> Problem:
    baskets, each, removed = rng.randint(3, 9), rng.randint(6, 15), rng.randint(1, 5)
    return (f"{baskets * each} apples are shared equally among {baskets} baskets. Then {removed} apples are "
            "taken out of every basket. How many apples are left in one basket?"), float(each - removed)


def distance(rng: random.Random) -> Problem:
    name = rng.choice(NAMES)
    s1, t1, s2, t2 = rng.randint(8, 20), rng.randint(2, 4), rng.randint(5, 15), rng.randint(1, 3)
    return (f"{name} cycles at {s1} km per hour for {t1} hours, then at {s2} km per hour for {t2} hours. "
            "How many kilometres does " + name + " cycle in total?"), float(s1 * t1 + s2 * t2)


def ages(rng: random.Random) -> Problem:
    name, child, factor, years = rng.choice(NAMES), rng.randint(4, 15), rng.randint(2, 4), rng.randint(2, 10)
    return (f"{name} is {factor} times as old as their daughter, who is {child}. "
            f"How old will {name} be in {years} years?"), float(child * factor + years)


def boxes(rng: random.Random) -> Problem:
    size = rng.choice((6, 8, 10, 12, 15))
    total = size * rng.randint(4, 20) + rng.randint(1, size - 1)
    return (f"A box holds {size} eggs. What is the smallest number of boxes needed to pack {total} eggs?",
            float(-(-total // size)))


def elapsed_minutes(rng: random.Random) -> Problem:
    start_h, start_m = rng.randint(9, 11), rng.choice((0, 10, 15, 20, 30, 40, 45))
    after_noon = rng.randint(5, 95)
    duration = 12 * 60 - (start_h * 60 + start_m) + after_noon
    return (f"A meeting starts at {start_h}:{start_m:02d} in the morning and lasts {duration} minutes. "
            "How many minutes after noon does it end?", float(after_noon))


def unit_price(rng: random.Random) -> Problem:
    cents = rng.choice((25, 50, 75, 125, 150))
    n = rng.randint(3, 12)
    return (f"One pencil costs ${cents / 100:.2f}. How many dollars do {n} pencils cost?", n * cents / 100)


TEMPLATES: dict[str, Template] = {
    "arithmetic:add_subtract": add_subtract,
    "arithmetic:multiply_divide": multiply_divide,
    "arithmetic:order_of_operations": order_of_operations,
    "arithmetic:percent": percent,
    "word:shopping": shopping,
    "word:rate": rate,
    "word:sharing": sharing,
    "word:distance": distance,
    "word:ages": ages,
    "word:rounding_up": boxes,
    "word:time": elapsed_minutes,
    "word:unit_price": unit_price,
}
