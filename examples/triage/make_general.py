"""Writes the demo's general-knowledge benchmarks, in MMLU and HellaSwag formats.

The demo cannot ship MMLU or HellaSwag themselves (their licences and size); these items are
written by the project in the same formats, so the regression check runs its real MMLU and
HellaSwag code paths on them. Point the run file at a local copy of the real benchmarks, or at
`hub: cais/mmlu` / `hub: Rowan/hellaswag` where the hub is reachable, for the public numbers.

    python examples/triage/make_general.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "general"

# (question, choices A-D, answer letter), per subject
MMLU: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    "everyday_science": [
        ("Which gas do plants take in from the air to make their food?", "Oxygen", "Carbon dioxide", "Nitrogen",
         "Helium", "B"),
        ("Water boils at sea level at about which temperature?", "50 °C", "75 °C", "100 °C", "150 °C", "C"),
        ("Which part of the body pumps blood around it?", "The lungs", "The liver", "The kidneys", "The heart", "D"),
        ("What makes a compass needle point north?", "The Earth's magnetic field", "The wind", "Gravity",
         "Sunlight", "A"),
        ("Which of these is a mammal?", "Shark", "Dolphin", "Trout", "Octopus", "B"),
        ("Ice floats on water because it is", "heavier than water", "less dense than water", "colder than air",
         "made of salt", "B"),
        ("Which planet is closest to the Sun?", "Venus", "Earth", "Mercury", "Mars", "C"),
        ("What do bees collect from flowers to make honey?", "Nectar", "Seeds", "Roots", "Bark", "A"),
        ("Sound travels fastest through which of these?", "Empty space", "Air", "Water", "Steel", "D"),
        ("Which vitamin does skin make when exposed to sunlight?", "Vitamin A", "Vitamin C", "Vitamin D",
         "Vitamin K", "C"),
        ("A thermometer measures", "weight", "temperature", "speed", "volume", "B"),
        ("Which of these materials conducts electricity best?", "Rubber", "Glass", "Copper", "Wood", "C"),
        ("What is the main gas in the air we breathe?", "Nitrogen", "Oxygen", "Carbon dioxide", "Argon", "A"),
        ("Which organ do fish use to take oxygen from water?", "Lungs", "Gills", "Fins", "Scales", "B"),
    ],
    "everyday_math": [
        ("What is 15% of 200?", "15", "20", "30", "35", "C"),
        ("A shirt costs 40 dollars and is reduced by a quarter. What is the new price?", "10 dollars",
         "25 dollars", "30 dollars", "36 dollars", "C"),
        ("How many minutes are there in three hours?", "120", "150", "180", "300", "C"),
        ("Which number is prime?", "21", "27", "29", "33", "C"),
        ("What is the perimeter of a square with sides of 5 cm?", "10 cm", "20 cm", "25 cm", "30 cm", "B"),
        ("If 3 notebooks cost 6 dollars, how much do 7 notebooks cost?", "12 dollars", "14 dollars", "18 dollars",
         "21 dollars", "B"),
        ("What is 0.5 written as a fraction?", "1/5", "1/4", "1/2", "5/1", "C"),
        ("A train leaves at 14:20 and arrives at 16:05. How long is the trip?", "1 h 25 min", "1 h 45 min",
         "2 h 15 min", "2 h 45 min", "B"),
        ("What is the average of 4, 8 and 12?", "6", "8", "10", "12", "B"),
        ("How many sides does a hexagon have?", "5", "6", "7", "8", "B"),
        ("Which is largest?", "0.7", "0.65", "0.07", "0.607", "A"),
        ("What is 9 times 8?", "63", "72", "81", "98", "B"),
        ("A recipe for 4 people needs 2 eggs. How many eggs for 10 people?", "4", "5", "6", "8", "B"),
        ("What is 1,000 divided by 8?", "100", "120", "125", "150", "C"),
    ],
}

DEV = {
    "everyday_science": [("Which colour do you get by mixing blue and yellow?", "Red", "Green", "Purple",
                          "Orange", "B")],
    "everyday_math": [("What is 12 plus 30?", "32", "40", "42", "52", "C")],
}

HELLASWAG: list[tuple[str, str, list[str], int]] = [
    ("Making tea", "A woman fills a kettle with water and switches it on. When it boils, she",
     ["pours the water over a tea bag in a cup.", "throws the kettle out of the window.",
      "paints the kettle bright green.", "puts the cup in the freezer."], 0),
    ("Washing a car", "A man sprays his car with a hose. He then",
     ["eats the sponge slowly.", "scrubs the doors with a soapy sponge.", "drives the hose to the shop.",
      "folds the car into a box."], 1),
    ("Planting a tree", "A boy digs a hole in the garden and places a young tree in it. He",
     ["fills the hole with soil and waters the tree.", "reads the tree a bedtime story.",
      "puts the tree on the roof.", "sells the hole to a neighbour."], 0),
    ("Tying shoes", "A child sits on the stairs with untied shoes. She",
     ["cuts the laces into pieces.", "crosses the laces and pulls them into a bow.",
      "throws the shoes into the soup.", "wears the shoes on her hands."], 1),
    ("Baking bread", "A baker kneads the dough on a floured table, then",
     ["lets it rise in a warm bowl before baking it.", "uses it as a pillow.",
      "throws it at the customers.", "paints a portrait with it."], 0),
    ("Brushing teeth", "A man squeezes toothpaste onto his brush. He",
     ["brushes his hair with it.", "brushes his teeth and rinses his mouth.", "puts the brush in the oven.",
      "mails the brush to a friend."], 1),
    ("Riding a bike", "A girl puts on her helmet and climbs onto her bicycle. She",
     ["pedals down the quiet street.", "eats the helmet for lunch.", "carries the bike up a tree.",
      "plants the bicycle in the garden."], 0),
    ("Ironing a shirt", "A woman lays a wrinkled shirt on the ironing board and",
     ["moves the hot iron slowly over the fabric.", "waters the shirt like a plant.",
      "hangs the board on the wall.", "feeds the shirt to the cat."], 0),
    ("Making a sandwich", "A man takes two slices of bread out of the bag. He",
     ["spreads butter on them and adds cheese and ham.", "uses them as shoes.",
      "glues them to the window.", "throws them into the lake."], 0),
    ("Packing a suitcase", "A traveller opens an empty suitcase on the bed. She",
     ["folds her clothes and places them inside.", "climbs inside and closes it.",
      "fills it with sand from the garden.", "cooks dinner in it."], 0),
    ("Walking a dog", "A man clips a lead to his dog's collar and",
     ["walks with the dog to the park.", "hangs the dog on a hook.", "mails the lead to the vet.",
      "paints the dog blue."], 0),
    ("Watering plants", "A woman fills a watering can at the tap. She",
     ["drinks the whole can at once.", "waters the flowers along the fence.",
      "pours the water into her shoes.", "puts the can in the washing machine."], 1),
    ("Changing a light bulb", "A man stands on a stool under a dead light bulb. He",
     ["unscrews it and screws in a new one.", "shouts at the bulb until it shines.",
      "paints the bulb yellow.", "buries the stool in the garden."], 0),
    ("Setting the table", "Before dinner a boy takes plates from the cupboard. He",
     ["places a plate, fork and knife at each seat.", "breaks every plate on the floor.",
      "hides the plates in the garden.", "puts the plates on the roof."], 0),
    ("Doing laundry", "A woman sorts dirty clothes into whites and colours, then",
     ["loads the whites into the washing machine.", "sets the clothes on fire.",
      "mails the clothes to the laundry.", "eats the socks."], 0),
    ("Reading a book", "An old man sits in his armchair and opens a novel. He",
     ["reads the first chapter by the lamp.", "uses the pages to build a boat.",
      "throws the book at the television.", "puts the book in the fridge."], 0),
    ("Cooking pasta", "A cook drops pasta into a pot of boiling salted water. After ten minutes she",
     ["drains the pasta and adds the sauce.", "freezes the pot.", "feeds the pot to the dog.",
      "wears the pasta as a scarf."], 0),
    ("Cleaning windows", "A man sprays cleaner on a dirty window and",
     ["wipes it with a cloth until it shines.", "breaks the window with a hammer.",
      "paints the window black.", "climbs through the glass."], 0),
    ("Building a snowman", "Two children roll a big ball of snow across the garden. They",
     ["stack a smaller ball on top and add a carrot nose.", "melt it in the oven.",
      "post it to their aunt.", "put it in a cupboard."], 0),
    ("Feeding a cat", "A girl opens a tin of cat food. She",
     ["spoons it into the cat's bowl.", "spreads it on her toast.", "throws it into the river.",
      "puts it in her schoolbag."], 0),
    ("Writing a letter", "A woman sits at her desk with a pen and paper. She",
     ["writes a letter to her sister.", "eats the pen.", "folds the desk in half.",
      "throws the paper into the sea."], 0),
    ("Mowing a lawn", "A man starts the lawnmower in his back garden. He",
     ["pushes it in straight lines across the grass.", "rides it to the supermarket.",
      "puts it to bed.", "waters it with lemonade."], 0),
    ("Making coffee", "A barista grinds coffee beans and packs them into the machine. She",
     ["pulls a shot of espresso into a cup.", "sprinkles the beans on the floor.",
      "locks the machine in a safe.", "paints the cup with coffee."], 0),
    ("Folding laundry", "A man takes dry towels out of the basket and",
     ["folds them neatly into a pile.", "plants them in the garden.", "throws them onto the roof.",
      "fries them in a pan."], 0),
]


def main() -> None:
    for split, data in (("test", MMLU), ("dev", DEV)):
        folder = OUT / "mmlu" / split
        folder.mkdir(parents=True, exist_ok=True)
        for subject, rows in data.items():
            with (folder / f"{subject}_{split}.csv").open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
    with (OUT / "hellaswag.jsonl").open("w", encoding="utf-8") as handle:
        for index, (label, ctx, endings, answer) in enumerate(HELLASWAG):
            handle.write(json.dumps({"ind": index, "activity_label": label, "ctx": ctx, "endings": endings,
                                     "label": answer}) + "\n")


if __name__ == "__main__":
    main()
