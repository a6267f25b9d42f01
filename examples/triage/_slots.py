"""Vocabulary and slot values (names, orders, devices, dates) for the ticket generator."""

from __future__ import annotations

import random

FIRST_NAMES = (
    "Anna",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Femi",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Marco",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Yusuf",
    "Zoe",
    "Lucas",
    "Maya",
    "Noah",
    "Sofia",
    "Ravi",
)
LAST_NAMES = (
    "Smith",
    "Garcia",
    "Okafor",
    "Novak",
    "Tanaka",
    "Muller",
    "Rossi",
    "Khan",
    "Larsen",
    "Dubois",
    "Silva",
    "Kowalski",
    "Nguyen",
    "Haddad",
    "Brennan",
    "Costa",
)
DEVICES = (
    "Brightwave Hub",
    "Glow bulb",
    "Glow light strip",
    "Aura speaker",
    "Sentry camera",
    "Sentry doorbell",
    "Thermo thermostat",
    "Plug mini",
    "Motion sensor",
    "Door lock",
)
COLOURS = ("white", "black", "grey", "sand", "blue")
COUNTRIES = (
    "Canada",
    "Ireland",
    "Portugal",
    "Norway",
    "Japan",
    "Brazil",
    "Poland",
    "Mexico",
    "Australia",
    "Greece",
)
MONTHS = ("March", "April", "May", "June", "July", "September", "October", "November")
PHONES = ("iPhone", "Android phone", "Pixel", "Samsung phone", "iPad")
COMPANIES = (
    "Harbor Hotels",
    "Northgate Offices",
    "Pinecrest Clinics",
    "Atlas Coworking",
    "Meridian Schools",
    "Bluebell Care Homes",
    "Keystone Retail",
    "Summit Logistics",
)
CITIES = (
    "Leeds",
    "Lyon",
    "Austin",
    "Rotterdam",
    "Valencia",
    "Denver",
    "Krakow",
    "Turin",
    "Dublin",
    "Calgary",
)
API_ENDPOINTS = ("/v2/devices", "/v2/sites", "/v2/events", "/v2/users", "/v2/schedules")
ERROR_CODES = ("500", "502", "503", "429", "401")


def draw_slots(rng: random.Random) -> dict[str, str]:
    """Draw one value for every slot a phrasing or reply may use."""
    name = rng.choice(FIRST_NAMES)
    price = rng.choice((19, 24, 29, 39, 49, 59, 79, 99, 129, 149, 199))
    return {
        "name": name,
        "full_name": f"{name} {rng.choice(LAST_NAMES)}",
        "order": f"BW-{rng.randrange(10000, 99999)}",
        "device": rng.choice(DEVICES),
        "colour": rng.choice(COLOURS),
        "country": rng.choice(COUNTRIES),
        "date": f"{rng.choice(MONTHS)} {rng.randrange(1, 29)}",
        "amount": f"${price}.{rng.choice(('00', '49', '99'))}",
        "days": str(rng.choice((3, 4, 5, 6, 8, 10, 12, 14))),
        "years": str(rng.choice((2, 3, 4, 5, 6, 7))),
        "count": str(rng.choice((5, 8, 10, 12, 15, 20, 25, 40))),
        "phone": rng.choice(PHONES),
        "version": f"4.{rng.randrange(1, 9)}.{rng.randrange(0, 10)}",
        "company": rng.choice(COMPANIES),
        "city": rng.choice(CITIES),
        "po": f"PO-{rng.randrange(100000, 999999)}",
        "contract": f"CT-{rng.randrange(1000, 9999)}",
        "seats": str(rng.choice((25, 40, 60, 80, 120, 200, 350))),
        "sites": str(rng.choice((3, 4, 6, 9, 12, 18))),
        "units": str(rng.choice((30, 48, 64, 96, 150, 240, 400))),
        "endpoint": rng.choice(API_ENDPOINTS),
        "code": rng.choice(ERROR_CODES),
        "ticket": f"#{rng.randrange(100000, 999999)}",
    }
