"""Instruction-following rows for training, each ``InstructionRow(task, instructions, answer)``.

Everyday requests (explain, describe, list, compare, summarise a given text, write a note, an
email, a poem or a slogan), each with one or two verifiable instructions in the JSON form of
the instruction suite (``src/tunecheck/suites/instructions/prompts.jsonl``) and a short answer
that satisfies every one of them. The instructions are those the suite's scorer implements
(``tunecheck.detectors``), in about the suite's proportions; the tasks are on other subjects
than the suite's, so training on them teaches following instructions without touching the
measurement. ``make_instructions.py`` checks every answer with the suite's own scorer.
"""

from __future__ import annotations

from typing import NamedTuple

Spec = dict[str, object]
"""One instruction, ``{"kind": ..., **fields}``, as ``tunecheck.detectors.parse_instruction`` reads it."""


class InstructionRow(NamedTuple):
    task: str
    instructions: tuple[Spec, ...]
    answer: str


def word_count(relation: str, n: int) -> Spec:
    return {"kind": "length:words", "relation": relation, "n": n}


def sentence_count(relation: str, n: int) -> Spec:
    return {"kind": "length:sentences", "relation": relation, "n": n}


def paragraph_count(n: int) -> Spec:
    return {"kind": "length:paragraphs", "n": n}


def json_format(*keys: str) -> Spec:
    return {"kind": "format:json", "keys": list(keys)} if keys else {"kind": "format:json"}


def bullet_count(n: int) -> Spec:
    return {"kind": "format:bullets", "n": n}


def title() -> Spec:
    return {"kind": "format:title"}


def highlights(n: int) -> Spec:
    return {"kind": "format:highlights", "n": n}


def quoted() -> Spec:
    return {"kind": "format:quotes"}


def postscript(marker: str = "P.S.") -> Spec:
    return {"kind": "format:postscript", "marker": marker}


def placeholders(n: int) -> Spec:
    return {"kind": "format:placeholders", "n": n}


def include(*words: str) -> Spec:
    return {"kind": "keywords:include", "words": list(words)}


def exclude(*words: str) -> Spec:
    return {"kind": "keywords:exclude", "words": list(words)}


def frequency(word: str, relation: str, n: int) -> Spec:
    return {"kind": "keywords:frequency", "word": word, "relation": relation, "n": n}


def lowercase() -> Spec:
    return {"kind": "case:lower"}


def uppercase() -> Spec:
    return {"kind": "case:upper"}


def no_commas() -> Spec:
    return {"kind": "punctuation:no_commas"}


def ends_with(phrase: str) -> Spec:
    return {"kind": "end:phrase", "phrase": phrase}


def starts_with(phrase: str) -> Spec:
    return {"kind": "start:phrase", "phrase": phrase}


R = InstructionRow

_SINGLE = (
    R("Explain why the sea tastes salty.", (word_count("at_most", 50),),
      "Rivers carry tiny amounts of salt from rocks into the sea. When sea water evaporates, the water rises as "
      "vapour but the salt stays behind. Over millions of years the salt has built up, which is why the sea "
      "tastes salty."),
    R("Tell a child what a fossil is.", (word_count("at_most", 45),),
      "A fossil is what is left of a plant or animal that lived long ago. Its shape was pressed into mud or "
      "sand, which slowly turned into rock. Fossils help us learn about dinosaurs and other life from the past."),
    R("Describe an old bookshop on a rainy afternoon.", (word_count("at_least", 30),),
      "The bookshop is warm and quiet while rain taps on the window. Tall wooden shelves lean under heavy "
      "books, and the air smells of dust and old paper. A cat sleeps by the till, and the owner reads behind "
      "the counter."),
    R("Write a short riddle whose answer is a shadow.", (word_count("at_most", 40),),
      "I follow you all day but never make a sound. I grow long in the evening and vanish in the dark. I copy "
      "every move you make. What am I? Answer: your shadow."),
    R("What does a vet do?", (sentence_count("exactly", 3),),
      "A vet is a doctor for animals. Vets check pets and farm animals, give them vaccines and treat them when "
      "they are ill or hurt. Some vets also carry out operations in their own animal hospital."),
    R("Explain what a glacier is.", (sentence_count("exactly", 2),),
      "A glacier is a huge, slow-moving river of ice that forms where more snow falls each year than melts. "
      "Over many years the snow is pressed into ice, and its weight makes the glacier creep downhill."),
    R("Give a reason to learn to play a musical instrument.", (sentence_count("at_most", 2),),
      "Learning an instrument trains your memory and patience, because every new piece asks you to practise a "
      "little each day. It also gives you a way to relax and to make music with other people."),
    R("Describe what an astronaut does on a space station.", (sentence_count("at_least", 3),),
      "An astronaut on a space station runs science experiments in weightlessness. They check and repair the "
      "station's equipment, sometimes on a spacewalk outside. They also exercise for about two hours a day to "
      "keep their muscles and bones strong. In their free time they call their families and take photos of "
      "Earth."),
    R("List four ways to keep houseplants healthy.", (bullet_count(4),),
      "* Water them when the top of the soil feels dry.\n"
      "* Put them where they get the right amount of light.\n"
      "* Use pots with holes so extra water can drain away.\n"
      "* Wipe the dust off the leaves now and then."),
    R("Give steps for setting a table for dinner.", (bullet_count(5),),
      "* Lay a placemat at each seat.\n"
      "* Put a plate in the middle of each place.\n"
      "* Place the fork on the left and the knife on the right, blade facing the plate.\n"
      "* Set the spoon to the right of the knife.\n"
      "* Put a glass above the knife."),
    R("Name three things a hiker should carry in the hills.", (bullet_count(3),),
      "* A map and a charged phone\n"
      "* Water and some snacks\n"
      "* A waterproof jacket and a warm layer"),
    R("Compare a bus and a tram for getting around a city.", (paragraph_count(2),),
      "A bus can go almost anywhere there is a road, so its routes are easy to change. It is cheap to run, but "
      "it can get stuck in traffic.\n\n"
      "A tram runs on rails, often in its own lane, so it is usually faster and smoother. It carries more "
      "people, but building the tracks costs a lot."),
    R("Tell me about the life of a butterfly.", (paragraph_count(3),),
      "A butterfly starts life as a tiny egg laid on a leaf. A caterpillar hatches from it and spends its days "
      "eating and growing.\n\n"
      "Next, the caterpillar makes a hard case called a chrysalis. Inside it, its body slowly changes.\n\n"
      "Finally, an adult butterfly breaks out, dries its wings and flies away to find flowers."),
    R("Suggest a name for a pet tortoise and explain the choice.", (json_format("name", "reason"),),
      '{"name": "Pebble", "reason": "A tortoise is small, round and slow, like a pebble on a path."}'),
    R("Give the three primary colours of paint.", (json_format("colours"),),
      '{"colours": ["red", "yellow", "blue"]}'),
    R("List the four planets closest to the Sun, in order.", (json_format("planets"),),
      '{"planets": ["Mercury", "Venus", "Earth", "Mars"]}'),
    R("Give a simple recipe for a cheese sandwich.", (json_format(),),
      '{"ingredients": ["two slices of bread", "butter", "two slices of cheese"], "steps": ["Butter one side '
      'of each slice.", "Put the cheese on one slice.", "Close the sandwich and cut it in half."]}'),
    R("Write a short paragraph about the first time someone rides a horse.", (title(),),
      "<<My First Ride>>\n"
      "I felt nervous as I climbed into the saddle. The horse was calm and warm, and the instructor held the "
      "rope while we walked around the field. By the end I was sitting up straight and smiling, already "
      "wanting to ride again."),
    R("Explain why ice floats on water.", (highlights(2),),
      "Most things get denser when they freeze, but water is different. When water freezes, its molecules lock "
      "into an open pattern, so *ice is less dense than liquid water*. Anything less dense than water floats, "
      "which is why *ice cubes bob at the top* of a drink."),
    R("Write a short note to a flatmate asking them to do the washing-up.", (lowercase(),),
      "hi sam, the sink is full of dishes again. could you do the washing-up when you get home tonight? i did "
      "it the last two times. thanks a lot!"),
    R("Write a sign for a garden gate asking visitors to close it.", (uppercase(),),
      "PLEASE CLOSE THE GATE BEHIND YOU. OUR DOG LIKES TO RUN AWAY!"),
    R("Summarise this review: The Nova 5 phone has a bright screen and a battery that easily lasts two days. "
      "Its camera takes sharp photos in daylight but struggles in dim light. At this price, it is a good "
      "choice for most people.", (include("battery"),),
      "The Nova 5 is good value, with a bright screen and a two-day battery, though its camera is weak in dim "
      "light."),
    R("Describe a giraffe.", (frequency("neck", "at_least", 2),),
      "A giraffe is the tallest animal on land. Its long neck lets it reach leaves high in the trees, and its "
      "legs are long too. Its coat has brown patches on a pale background. Even with such a long neck, a "
      "giraffe has only seven neck bones, the same number as a human."),
    R("Explain what a passport is for.", (no_commas(),),
      "A passport is an official document that shows who you are and which country you belong to. You need it "
      "to travel to most other countries. Border officers check it when you leave and when you arrive."),
)

_WITH_WORD_COUNT = (
    R("Explain how a thermometer measures temperature.", (word_count("at_most", 60), include("expands")),
      "A classic thermometer has a thin glass tube with a liquid inside, such as alcohol. When the air gets "
      "warmer, the liquid expands and climbs up the tube. When it cools, the liquid shrinks and falls. Numbers "
      "printed beside the tube show the temperature."),
    R("Describe a harbour early in the morning.", (word_count("at_most", 60), include("gulls", "nets")),
      "Early in the morning the harbour is grey and still. Fishing boats rock gently at their ropes, and "
      "fishermen pile their nets on the quay. Gulls circle overhead, crying for scraps, while the smell of salt "
      "and diesel hangs in the cool air."),
    R("Write a slogan for a window-cleaning business.", (word_count("at_most", 15), include("shine")),
      "See the world clearly: we make your windows shine!"),
    R("Explain what an earthquake is.", (word_count("at_most", 60), include("plates")),
      "The outer layer of the Earth is broken into huge pieces called plates. They move very slowly, and "
      "sometimes they get stuck. When the pressure builds up and they suddenly slip, the ground shakes. That "
      "shaking is an earthquake."),
    R("Give a tip for remembering a new phone number.", (word_count("at_most", 40), include("chunks")),
      "Split the number into small chunks, such as three digits, then three, then four. Say each chunk out "
      "loud a few times, and it will be much easier to remember."),
    R("Describe a waterfall in a forest.", (word_count("at_least", 30), include("mist", "roar")),
      "The waterfall drops from a mossy cliff into a deep green pool. You hear its roar long before you see "
      "it. A cool mist drifts between the trees, and ferns along the bank glisten with drops of water."),
    R("Write an advert for a hamster cage.", (word_count("at_most", 50), include("wheel")),
      "Give your hamster a home it will love! This roomy cage has two levels, a quiet sleeping house, a water "
      "bottle and a silent exercise wheel. The tray slides out for easy cleaning. Safe, sturdy and ready in "
      "minutes."),
    R("Explain why people wear seat belts in cars.", (word_count("at_most", 50), include("safe")),
      "A seat belt holds you in your seat if the car stops suddenly. Without it, your body keeps moving and can "
      "hit the windscreen or be thrown out. Wearing one is the simplest way to stay safe, and in many "
      "countries it is the law."),
    R("Describe a desert at night.", (word_count("at_most", 60), exclude("sand")),
      "At night the desert turns cold and silent. The dunes look silver under the stars, which seem brighter "
      "here than anywhere else. A light wind whispers across the ground, and small animals such as foxes and "
      "beetles come out to hunt now that the heat of the day is gone."),
    R("Summarise this text: The Great Wall of China is not one single wall but many walls built over about "
      "two thousand years. Different dynasties added sections to protect their lands from raids from the "
      "north. The best-known parts were built during the Ming dynasty, which ended in 1644.",
      (word_count("at_most", 30), exclude("dynasty")),
      "The Great Wall is really many walls, built over about two thousand years against raids from the north; "
      "its famous parts date from the Ming era."),
    R("Describe a playground on a sunny afternoon.", (word_count("at_most", 60), exclude("fun")),
      "Children race across the playground, their voices loud and happy. Two girls swing higher and higher, a "
      "boy slides down head first, and a toddler digs in the sandpit. Parents chat on the benches, holding "
      "coats and snacks, while the sun warms the painted climbing frame."),
    R("Write a short description of a wooden chopping board.", (word_count("at_most", 55), exclude("kitchen")),
      "This chopping board is cut from a single piece of solid oak. It is thick and heavy, so it stays still "
      "while you slice bread, vegetables or cheese. A groove around the edge catches juices. Wash it by hand "
      "and oil it now and then to keep it smooth."),
    R("Explain what a thermostat does.", (word_count("at_most", 50), exclude("heat")),
      "A thermostat keeps a room at the temperature you choose. It measures how warm the room is and switches "
      "the boiler or air conditioner on or off when the temperature drifts from your setting. This keeps you "
      "comfortable without wasting fuel."),
    R("Describe a castle on a hill.", (word_count("at_most", 60), exclude("old")),
      "The castle stands on a rocky hill above the village. Its grey stone walls are thick and high, with "
      "narrow windows for archers. Four round towers guard the corners, and a flag flies from the tallest one. "
      "A winding path leads up to a heavy wooden gate."),
    R("Write a short note to a babysitter about bedtime.", (word_count("at_most", 60), exclude("please")),
      "Hi Jo, thanks for looking after the kids tonight. Mia goes to bed at 7:30 and Leo at 8. They can have "
      "one story each and a glass of water. The night light stays on. Call me if anything comes up. We will "
      "be back by 11."),
    R("List four things to check before leaving home for a holiday.", (bullet_count(4), word_count("at_most", 50)),
      "* Lock all the windows and doors.\n"
      "* Turn off the taps and unplug small appliances.\n"
      "* Empty the fridge of food that will go off.\n"
      "* Ask a neighbour to collect your post."),
    R("Give a learner driver three tips for their first lesson.", (bullet_count(3), word_count("at_most", 45)),
      "* Get a good night's sleep so you can concentrate.\n"
      "* Wear comfortable, flat shoes.\n"
      "* Listen to your instructor and ask when you are unsure."),
    R("List the steps for boiling an egg.", (bullet_count(4), word_count("at_most", 50)),
      "* Put the egg in a small pan and cover it with cold water.\n"
      "* Bring the water to the boil.\n"
      "* Simmer for about 7 minutes for a firm yolk.\n"
      "* Cool the egg in cold water, then peel it."),
    R("Name four animals that live in the Arctic.", (bullet_count(4), word_count("at_most", 30)),
      "* Polar bear\n"
      "* Arctic fox\n"
      "* Walrus\n"
      "* Snowy owl"),
    R("Give three tips for painting a room.", (bullet_count(3), word_count("at_most", 45)),
      "* Cover the floor and furniture with old sheets.\n"
      "* Use masking tape along the edges and skirting boards.\n"
      "* Paint two thin coats instead of one thick one."),
    R("List five things to take to a music festival.", (bullet_count(5), word_count("at_most", 40)),
      "* Your ticket and some cash\n"
      "* A rain jacket\n"
      "* Comfortable boots\n"
      "* Earplugs\n"
      "* A portable phone charger"),
    R("Write four rhyming lines about flying a kite on a windy day.", (title(), word_count("at_most", 50)),
      "<<The Red Kite>>\n"
      "Up it climbs on a thread so thin,\n"
      "Tugging hard as the gusts blow in.\n"
      "It dips and soars and loops around,\n"
      "Then floats back gently to the ground."),
    R("Write a short news item about a village winning a prize for its flowers.",
      (title(), word_count("at_most", 60)),
      "<<Millbrook Wins Flower Prize>>\n"
      "The village of Millbrook has won this year's regional prize for the best floral display. Volunteers "
      "planted more than two thousand flowers in tubs, baskets and verges. The judges praised the bright "
      "colours by the bridge. The prize money will pay for new benches on the green."),
    R("Describe your dream house.", (title(), word_count("at_most", 60)),
      "<<A House by the Lake>>\n"
      "My dream house is a small wooden cottage beside a quiet lake. It has a big kitchen with a view of the "
      "water, a cosy reading corner by the fire and a porch where I can sit in the evenings. Behind it there is "
      "a little orchard of apple trees."),
    R("Write a blog entry on learning to juggle.", (title(), word_count("at_most", 70)),
      "<<Three Balls and a Lot of Patience>>\n"
      "I started learning to juggle last month. At first I dropped the balls every few seconds. Then I "
      "practised with one ball, then two, tossing them from hand to hand. After a week I could keep three in "
      "the air for ten throws. The trick is to throw well, not to chase the catch."),
    R("Write a short email asking a shop to exchange shoes that are too small.",
      (placeholders(2), word_count("at_most", 70)),
      "Dear [shop name] team,\n"
      "I bought a pair of running shoes from you on [date], but they are too small. Could I exchange them for "
      "one size larger? They are unworn and still in the box with the receipt.\n"
      "Best wishes,\n"
      "[your name]"),
    R("Write a notice for a lost set of keys.", (placeholders(2), word_count("at_most", 50)),
      "LOST: a set of three keys on a blue key ring, dropped near [place] on [day]. If you have found them, "
      "please call [phone number]. A small reward is offered. Thank you!"),
    R("Write a message asking a friend to return a borrowed book.", (placeholders(1), word_count("at_most", 45)),
      "Hi [friend's name], I hope you enjoyed the novel I lent you last month. Could you bring it back when "
      "you next come round? My sister wants to read it. Thanks!"),
    R("Write an invitation to a quiz night at a community hall.", (placeholders(2), word_count("at_most", 60)),
      "You are invited to a quiz night at [hall name] on [date] at 7 pm! Bring a team of up to six friends and "
      "test your knowledge of music, sport, history and film. Entry is free, snacks will be on sale and there "
      "are prizes for the winners."),
    R("Explain how a hot-air balloon rises.", (highlights(2), word_count("at_most", 60)),
      "A burner under the balloon heats the air inside it. *Hot air is lighter than the cooler air around "
      "it*, so the balloon floats upward. To go higher the pilot burns more gas, and *to come down the pilot "
      "lets the air cool* or opens a vent at the top."),
    R("Give advice on keeping a tidy bedroom.", (highlights(2), word_count("at_most", 50)),
      "*Make your bed every morning*; it takes two minutes and the room looks tidier at once. Keep a basket "
      "for dirty clothes, and put things back where they belong. *Spend five minutes tidying each evening* so "
      "mess never piles up."),
    R("Explain what a fossil fuel is.", (highlights(1), word_count("at_most", 50)),
      "A fossil fuel is a fuel formed over millions of years from the remains of ancient plants and animals. "
      "*Coal, oil and natural gas* are the main ones. Burning them releases energy, but it also releases "
      "carbon dioxide, which warms the planet."),
    R("Describe a fairground at night.", (highlights(2), word_count("at_least", 30)),
      "At night the fairground glows with *thousands of coloured lights*. Music blares from every ride, and "
      "the big wheel turns slowly against the dark sky. The air smells of candyfloss and hot doughnuts, and "
      "*screams of laughter* come from the roller coaster."),
    R("Give a one-line motto for a school choir.", (quoted(), word_count("at_most", 15)),
      '"Many voices, one song."'),
    R("Describe the smell of a pine forest.", (quoted(), word_count("at_most", 40)),
      '"A pine forest smells fresh and sharp, a little like resin and damp earth, with a hint of something '
      'sweet when the sun warms the needles."'),
    R("Tell me what a sundial is.", (quoted(), word_count("at_most", 40)),
      '"A sundial is an old kind of clock that uses the sun. A pointer casts a shadow on a flat dial marked '
      'with hours, and the shadow moves as the sun crosses the sky."'),
    R("Write a short cheer for a netball team.", (uppercase(), word_count("at_most", 25)),
      "GO, TIGERS, GO! PASS IT, CATCH IT, SHOOT IT HIGH. WE PLAY AS ONE AND WE NEVER GIVE UP!"),
    R("Write a warning sign for thin ice on a pond.", (uppercase(), word_count("at_most", 20)),
      "DANGER: THIN ICE. DO NOT WALK OR SKATE ON THE POND."),
    R("Write a short notice that the lift in a building is out of order.",
      (uppercase(), word_count("at_most", 30)),
      "NOTICE: THIS LIFT IS OUT OF ORDER. AN ENGINEER WILL FIX IT BY FRIDAY. PLEASE USE THE STAIRS. SORRY FOR "
      "THE TROUBLE."),
    R("Write a short message for a get-well-soon card.", (uppercase(), word_count("at_most", 25)),
      "GET WELL SOON! WE MISS YOUR SMILE AND CAN'T WAIT TO SEE YOU BACK ON YOUR FEET."),
    R("Describe a quiet village square in the evening.", (lowercase(), word_count("at_most", 60)),
      "the village square is quiet now. the shops have closed, and the last light turns the church tower gold. "
      "an old man feeds pigeons by the fountain, two friends share a bench, and from a window above the bakery "
      "comes the smell of supper."),
    R("Write a few lines of verse about an elderly dog.", (lowercase(), word_count("at_most", 40)),
      "my old dog naps beside the door,\n"
      "his running days are gone,\n"
      "but when he hears my key at night\n"
      "his tail still thumps along."),
    R("Explain what a tide is.", (lowercase(), word_count("at_most", 50)),
      "a tide is the regular rise and fall of the sea. it is caused mostly by the pull of the moon's gravity on "
      "the oceans. most coasts have two high tides and two low tides each day."),
    R("Summarise this message from a choir leader: Rehearsal this Thursday is moved from the church hall to "
      "the school music room because of a wedding. We start at 7 pm as usual. Please bring your black folders "
      "and a bottle of water.", (lowercase(), word_count("at_most", 40)),
      "thursday's rehearsal moves to the school music room because of a wedding. it still starts at 7 pm, and "
      "everyone should bring their black folder and some water."),
    R("Explain what a carpenter does.", (frequency("wood", "at_least", 2), word_count("at_most", 50)),
      "A carpenter builds and repairs things made of wood. They measure, cut and join wood to make doors, "
      "stairs, roofs, cupboards and furniture. Carpenters use saws, drills and chisels, and they need a good "
      "eye for detail."),
    R("Describe a tortoise.", (frequency("shell", "exactly", 2), word_count("at_most", 50)),
      "A tortoise is a slow reptile that lives on land. Its body is protected by a hard, domed shell, and it "
      "can pull its head and legs inside when it is scared. It eats plants and can live for more than fifty "
      "years. Its shell grows with it."),
    R("Write a short story about a robot who learns to paint.",
      (frequency("robot", "at_least", 3), word_count("at_most", 70)),
      "In a quiet workshop lived a robot named Bolt. Every day the robot swept the floor and watched the old "
      "painter at her easel. One night Bolt picked up a brush. The first picture was a mess of blue, but the "
      "robot kept practising, and by spring the painter hung one of its paintings beside her own."),
    R("Explain what a national park is.", (starts_with("A national park"), word_count("at_most", 50)),
      "A national park is a large area of land protected by the government because of its nature, wildlife or "
      "beauty. People can visit to walk, camp and watch animals, but building and hunting are limited so the "
      "landscape stays wild."),
    R("Describe what a firefighter does.", (starts_with("Firefighters"), word_count("at_most", 50)),
      "Firefighters put out fires and rescue people who are trapped. They also help after car crashes and "
      "floods, and they visit schools and homes to teach people how to prevent fires. They train hard to stay "
      "fit and ready for any call."),
    R("Summarise this paragraph: Many people believe that bulls hate the colour red. In fact, bulls cannot "
      "tell red from green. In a bullfight, it is the movement of the cape that makes the bull charge, not its "
      "colour.", (starts_with("Many people"), word_count("at_most", 40)),
      "Many people think red makes bulls angry, but bulls cannot see red well; it is the moving cape that makes "
      "them charge."),
    R("Write a postcard to a friend from a holiday in the countryside.",
      (postscript(), word_count("at_most", 60)),
      "Dear Anna,\n"
      "Greetings from a tiny farmhouse in the hills! We walk every morning, eat too much cheese and fall asleep "
      "early. Yesterday we saw a family of deer by the stream.\n"
      "Love, Tom\n"
      "P.S. I found the perfect present for you at the market."),
    R("Thank a neighbour, in a short note, for watering your plants while you were away.",
      (postscript(), word_count("at_most", 60)),
      "Dear Mrs Patel,\n"
      "Thank you so much for watering my plants while I was away. They all look healthy, even the fussy fern. "
      "I brought you some shortbread from Scotland.\n"
      "Best wishes,\n"
      "Sarah\n"
      "P.S. Let me know if I can ever return the favour."),
    R("Give the name and capital of three countries in Europe.",
      (json_format("countries"), word_count("at_most", 40)),
      '{"countries": [{"name": "France", "capital": "Paris"}, {"name": "Spain", "capital": "Madrid"}, '
      '{"name": "Italy", "capital": "Rome"}]}'),
    R("Suggest a title and a first line for a mystery story.",
      (json_format("title", "first_line"), word_count("at_most", 40)),
      '{"title": "The Key Under the Stairs", "first_line": "Nobody in the house knew who had hidden the key, '
      'but everyone knew it opened the locked room."}'),
)

_WITH_SENTENCE_COUNT = (
    R("Explain why zebras have stripes.", (sentence_count("exactly", 3), no_commas()),
      "Scientists are still studying why zebras have stripes. The best supported idea is that the stripes "
      "confuse biting flies so they land less often. The pattern may also help zebras stay cool or recognise "
      "each other."),
    R("Describe how a spider builds a web.", (sentence_count("exactly", 4), no_commas()),
      "A spider starts by letting out a silk thread that drifts on the wind until it sticks to something. It "
      "then makes a strong frame of threads. Next it adds spokes from the centre to the edge like a wheel. "
      "Finally it spirals around with sticky silk to catch insects."),
    R("Summarise this notice: The Elm Road post office will move to the supermarket on Bridge Street from "
      "3 May. Opening hours will be longer, from 8 am to 8 pm, and there will be free parking. The old "
      "building will become a café.", (sentence_count("exactly", 1), no_commas()),
      "From 3 May the Elm Road post office moves into the Bridge Street supermarket with longer hours and free "
      "parking."),
    R("Explain what a dam is for.", (sentence_count("exactly", 2), no_commas()),
      "A dam is a strong wall built across a river to hold back water in a lake called a reservoir. The stored "
      "water can be used for drinking and farming or let out through turbines to make electricity."),
    R("Encourage a nervous friend before their first school play.",
      (sentence_count("at_most", 4), ends_with("Break a leg!")),
      "You have practised your lines for weeks, and you know them well. Feeling nervous just means you care. "
      "Take a deep breath, smile and enjoy every moment on stage. Break a leg!"),
    R("Explain why we have leap years.",
      (sentence_count("exactly", 3), ends_with("That is why February sometimes has 29 days.")),
      "The Earth takes about 365 and a quarter days to travel around the Sun. A normal calendar year has only "
      "365 days, so every four years we add one extra day to keep the calendar in step. That is why February "
      "sometimes has 29 days."),
    R("Describe the view from the top of a tall tower.",
      (sentence_count("at_most", 3), ends_with("It was worth the climb.")),
      "From the top the whole city spreads out below, its streets as small as threads. Cars look like toys and "
      "the river shines like a silver ribbon. It was worth the climb."),
    R("What does an architect do?", (starts_with("An architect"), sentence_count("exactly", 2)),
      "An architect designs buildings and plans how they will look, work and be built. They draw plans, work "
      "with builders and clients, and make sure the building is safe and follows the rules."),
    R("Describe a hedgehog.", (starts_with("A hedgehog"), sentence_count("exactly", 3)),
      "A hedgehog is a small mammal covered in thousands of sharp spines. When it feels scared, it rolls into "
      "a tight, prickly ball. It comes out at night to eat beetles, worms and slugs."),
    R("Tell me what an island is.", (starts_with("An island"), sentence_count("at_most", 2)),
      "An island is a piece of land with water all around it. Islands can be tiny rocks in a river or huge "
      "places like Greenland."),
    R("Describe a cup of hot chocolate.", (lowercase(), sentence_count("exactly", 2)),
      "a cup of hot chocolate is thick, sweet and warm, with a soft layer of foam on top. it smells of cocoa "
      "and warms your hands on a chilly evening."),
    R("Explain what causes fog.", (lowercase(), sentence_count("exactly", 3)),
      "fog is a cloud that forms close to the ground. it appears when moist air cools down, often on calm, "
      "clear nights. the water vapour turns into tiny drops that hang in the air and make it hard to see."),
    R("Write a short text message wishing a friend luck in a tennis match.",
      (lowercase(), sentence_count("at_most", 3)),
      "good luck in your match today! you have trained so hard, and i know you will play brilliantly. text me "
      "the score as soon as you finish."),
    R("Write a short announcement that a school fair starts at noon.", (uppercase(), sentence_count("exactly", 2)),
      "THE SCHOOL FAIR OPENS TODAY AT NOON ON THE FRONT FIELD. COME ALONG FOR GAMES, CAKES AND A RAFFLE WITH "
      "GREAT PRIZES!"),
    R("Give a safety rule for using a ladder.", (uppercase(), sentence_count("at_most", 2)),
      "ALWAYS PUT THE LADDER ON FIRM, LEVEL GROUND AND KEEP THREE POINTS OF CONTACT WHILE YOU CLIMB. NEVER "
      "STAND ON THE TOP STEP."),
    R("What does it mean to be brave?", (quoted(), sentence_count("exactly", 2)),
      '"Being brave means doing the right thing even when you feel afraid. Courage is not the absence of fear '
      'but the choice to act anyway."'),
    R("Tell me in a few words what a telescope does.", (quoted(), sentence_count("at_most", 2)),
      '"A telescope gathers light and magnifies faraway objects. It lets us see the Moon, the planets and the '
      'stars in much more detail."'),
    R("Explain how a camera takes a photo.", (include("lens", "light"), sentence_count("at_most", 4)),
      "A camera lets light in through a lens when you press the button. The lens focuses the light into a "
      "sharp image. In a digital camera a sensor records that image as millions of tiny dots called pixels. "
      "The picture is then saved on a memory card."),
    R("Explain why some Swiss cheeses have holes.", (include("bacteria"), sentence_count("exactly", 3)),
      "Swiss cheeses such as Emmental have holes because of bacteria added to the milk. As the cheese ripens, "
      "these bacteria make carbon dioxide gas. The gas forms bubbles that stay trapped in the cheese as holes."),
    R("Describe a crowded ice rink in the evening.", (exclude("ice"), sentence_count("exactly", 4)),
      "The rink is packed with skaters gliding round in a slow circle. Music plays from speakers above the "
      "boards, and coloured lights sweep across the surface. A father holds his daughter's hands as she "
      "wobbles forward. Near the café, friends warm their hands on cups of cocoa."),
    R("Explain how to build a snowman.", (exclude("cold"), sentence_count("exactly", 3)),
      "Roll a small snowball across the snowy ground until it grows into a big round base. Make a smaller ball "
      "for the body and an even smaller one for the head, and stack them. Add stones for the eyes, a carrot "
      "for the nose and sticks for the arms."),
    R("Explain what a vaccine does.", (highlights(1), sentence_count("at_most", 3)),
      "A vaccine teaches your immune system to recognise a germ without making you ill. It shows your body a "
      "harmless part or a weakened form of the germ. *If the real germ attacks later, your body fights it off "
      "quickly.*"),
    R("Describe the planet Saturn.", (highlights(2), sentence_count("exactly", 3)),
      "Saturn is the sixth planet from the Sun and the second largest in our solar system. It is famous for "
      "its *bright rings*, which are made of ice and rock. It is a *gas giant*, so it has no solid surface to "
      "stand on."),
    R("Explain what a battery does.", (frequency("energy", "at_least", 2), sentence_count("exactly", 3)),
      "A battery stores energy in chemical form. When you connect it to a torch or a phone, a chemical "
      "reaction inside turns that stored energy into electricity. Once the chemicals are used up, a "
      "rechargeable battery can be filled again from a charger."),
)

_WITH_BULLETS = (
    R("Summarise the main points of this text: Regular stretching keeps muscles flexible and joints moving "
      "freely. It can reduce stiffness after sitting at a desk. Experts suggest holding each stretch for about "
      "thirty seconds and never bouncing.", (bullet_count(3), no_commas()),
      "* Stretching keeps muscles flexible and joints moving.\n"
      "* It eases stiffness from sitting at a desk.\n"
      "* Hold each stretch for about thirty seconds without bouncing."),
    R("List four things to do on a rainy day indoors.", (bullet_count(4), no_commas()),
      "* Bake a batch of biscuits\n"
      "* Build a blanket fort\n"
      "* Do a jigsaw puzzle\n"
      "* Watch a film with popcorn"),
    R("Give four tips for keeping shoes clean.", (bullet_count(4), no_commas()),
      "* Brush off mud as soon as it dries.\n"
      "* Wipe them with a damp cloth once a week.\n"
      "* Use a waterproof spray on new shoes.\n"
      "* Stuff wet shoes with newspaper to help them dry."),
    R("Give steps for wrapping a present.", (bullet_count(4), ends_with("Now it is ready to give.")),
      "* Cut enough paper to cover the box with a little overlap.\n"
      "* Fold the paper around the box and tape it.\n"
      "* Fold the ends into neat triangles and tape them down.\n"
      "* Add a ribbon and a tag.\n"
      "Now it is ready to give."),
    R("List three things to do when a guest arrives.", (bullet_count(3), ends_with("They will feel at home.")),
      "* Greet them at the door with a smile.\n"
      "* Take their coat and show them where to sit.\n"
      "* Offer them a drink.\n"
      "They will feel at home."),
    R("Give three steps for sewing on a button.", (bullet_count(3), ends_with("Your button is back on.")),
      "* Thread a needle and tie a knot at the end.\n"
      "* Push the needle up and down through the holes several times.\n"
      "* Wrap the thread under the button and tie it off at the back.\n"
      "Your button is back on."),
    R("List four foods that are rich in calcium.", (bullet_count(4), include("cheese")),
      "* Milk\n"
      "* Cheese\n"
      "* Yoghurt\n"
      "* Sardines"),
    R("Give three tips for learning a new song on the guitar.", (bullet_count(3), include("slowly")),
      "* Listen to the song a few times before you play.\n"
      "* Learn the chords first and play them slowly.\n"
      "* Practise one short section at a time, then join them up."),
    R("List five things you might see in a city park.", (bullet_count(5), exclude("tree", "trees")),
      "* A pond with ducks\n"
      "* People jogging\n"
      "* A bandstand\n"
      "* Dogs chasing balls\n"
      "* Flower beds"),
    R("Give four ideas for a family day out.", (bullet_count(4), exclude("park")),
      "* Visit a castle\n"
      "* Go to a farm and feed the animals\n"
      "* Take a boat trip on a lake\n"
      "* Spend the day at a science museum"),
    R("Write a to-do list for a Saturday morning.", (bullet_count(4), postscript()),
      "* Do the food shopping\n"
      "* Take the recycling out\n"
      "* Call Grandma\n"
      "* Water the plants\n"
      "P.S. Leave time for a long breakfast!"),
    R("List three reasons to learn to cook.", (bullet_count(3), postscript("P.P.S")),
      "* You save money on takeaways.\n"
      "* You know exactly what goes into your food.\n"
      "* Cooking for others is a lovely way to share time.\n"
      "P.P.S Start with simple dishes like pasta or soup."),
    R("List four things a puppy needs.", (bullet_count(4), lowercase()),
      "* a warm bed\n"
      "* fresh water and puppy food\n"
      "* toys to chew\n"
      "* lots of gentle training"),
    R("Write a checklist for moving into a new flat.", (bullet_count(4), title()),
      "<<Moving Day Checklist>>\n"
      "* Take meter readings for gas and electricity.\n"
      "* Check every room for damage and take photos.\n"
      "* Give the bank your new address.\n"
      "* Find out which day the bins are collected."),
    R("Write a short guide to caring for a rabbit.", (bullet_count(3), title()),
      "<<Rabbit Care Basics>>\n"
      "* Give fresh hay, water and greens every day.\n"
      "* Let your rabbit run and play outside its hutch.\n"
      "* Clean the hutch once a week."),
    R("Give three tips for keeping a garden pond clean.", (bullet_count(3), frequency("pond", "at_most", 1)),
      "* Remove fallen leaves from the pond with a net.\n"
      "* Add plants that grow under the water to keep it fresh.\n"
      "* Do not overfeed the fish."),
)

_WITH_PARAGRAPHS = (
    R("Explain how fish breathe underwater.", (paragraph_count(2), include("gills", "oxygen")),
      "Fish breathe with gills instead of lungs. Water flows in through the mouth and out over the gills, "
      "which are thin and full of tiny blood vessels.\n\n"
      "As the water passes, the gills take oxygen out of it and pass it into the blood. They also release "
      "carbon dioxide back into the water."),
    R("Give advice to someone learning to draw.", (paragraph_count(2), include("practice")),
      "Start by drawing simple things around you, such as a cup or a chair. Look carefully at shapes and "
      "shadows, and do not worry about mistakes.\n\n"
      "Drawing improves with practice, so carry a small sketchbook and fill a page every day. Looking back at "
      "old pages will show you how far you have come."),
    R("Compare a pen and a pencil for taking notes.", (paragraph_count(2), exclude("ink")),
      "A pen writes boldly and does not smudge much, so notes stay clear for years. However, you cannot rub "
      "out mistakes, and it can run dry at a bad moment.\n\n"
      "A pencil is easy to erase, which is handy for sketches and rough notes. But its marks can fade or "
      "smear, and it needs sharpening now and then."),
    R("Compare a canoe and a kayak.", (paragraph_count(2), exclude("water")),
      "A canoe is open on top, and the paddler kneels or sits on a raised seat. It uses a paddle with one "
      "blade and has room for several people and their bags.\n\n"
      "A kayak is usually closed over the legs, and the paddler sits low inside it. It uses a paddle with a "
      "blade at each end and is often faster for one person."),
    R("Write a short story about a child who finds a strange key.", (paragraph_count(2), title()),
      "<<The Brass Key>>\n"
      "While digging in the garden, Lily found a small brass key covered in mud. She tried it in every lock in "
      "the house, but none of them turned.\n\n"
      "Then she remembered the chest in the attic. The key slid in and clicked, and the lid opened to reveal "
      "her grandmother's letters and a faded map."),
    R("Write a short piece about the joy of reading aloud to children.", (paragraph_count(3), title()),
      "<<Reading Aloud Together>>\n"
      "Reading aloud to children is one of the simplest joys a family can share. It takes only a book and a "
      "few quiet minutes.\n\n"
      "Children who hear stories learn new words and grow to love books. They also learn to listen.\n\n"
      "Best of all, the time together builds a warm habit that you will both remember."),
    R("Write a note to a neighbour apologising that a football broke their window.",
      (paragraph_count(2), postscript()),
      "Dear Mr Brown,\n"
      "I am very sorry that my son's football broke your kitchen window this afternoon.\n\n"
      "We will of course pay for the repair. Please tell me when a glazier can come, and we will sort it out.\n"
      "Kind regards,\n"
      "Helen\n"
      "P.S. My son would like to apologise to you in person."),
    R("Write a letter to a pen pal in another country.", (paragraph_count(2), postscript()),
      "Dear Kenji,\n"
      "Thank you for your letter and the photos of Osaka. My town is much smaller, but we have a lovely river "
      "and a market every Saturday.\n\n"
      "At school I am learning the drums, and my band plays a concert next month. What music do you like?\n"
      "Write soon,\n"
      "Ella\n"
      "P.S. I have sent you a postcard of our river."),
    R("Explain the difference between a rabbit and a hare.", (paragraph_count(2), highlights(2)),
      "Rabbits are smaller, with shorter ears, and they live in groups in underground burrows. *Baby rabbits "
      "are born blind and without fur.*\n\n"
      "Hares are bigger and faster, with long legs and long ears, and they live alone in the open. *Baby hares "
      "are born with fur and open eyes*, ready to run soon after birth."),
    R("Describe a journey on a night ferry.", (paragraph_count(3), highlights(1)),
      "We boarded the ferry just after dark, dragging our bags up the ramp. The engines rumbled as the harbour "
      "lights slid away.\n\n"
      "On deck the wind was sharp and salty. *The stars were brighter than I had ever seen them.*\n\n"
      "At dawn we woke in our small cabin to gulls calling and a new coastline outside the window."),
    R("Compare tennis and badminton.", (paragraph_count(2), lowercase()),
      "tennis is played with a ball on a large court, indoors or outdoors. the ball may bounce once before you "
      "hit it back, and matches can last for hours.\n\n"
      "badminton is played with a light shuttlecock over a high net, usually indoors. the shuttle must not "
      "touch the ground at all, and rallies are fast."),
    R("Describe an apple orchard in autumn.", (paragraph_count(2), starts_with("The orchard")),
      "The orchard is heavy with fruit in late September. Red and green apples hang from every branch, and the "
      "grass beneath is scattered with windfalls.\n\n"
      "Families come with baskets to pick their own. The air smells sweet, and wasps buzz lazily around the "
      "fallen apples."),
    R("Explain how a bridge holds up heavy lorries.",
      (paragraph_count(2), ends_with("That is how a bridge stays standing.")),
      "A bridge spreads the weight of traffic so that no single part carries it all. Beams, arches or cables "
      "pass the load along to strong supports called piers.\n\n"
      "The piers push the weight down into deep foundations. Engineers design the bridge to carry far more "
      "than the heaviest lorry. That is how a bridge stays standing."),
)

_WITH_JSON = (
    R("Name three farm animals and the sounds they make.", (json_format("animals"), include("moo")),
      '{"animals": [{"name": "cow", "sound": "moo"}, {"name": "sheep", "sound": "baa"}, {"name": "duck", '
      '"sound": "quack"}]}'),
    R("Suggest a mascot for a school sports team and say why.", (json_format("mascot", "reason"), include("together")),
      '{"mascot": "a wolf", "reason": "Wolves are strong and fast, and they work together as a pack."}'),
    R("Suggest three indoor plants for a beginner.", (json_format("plants"), exclude("cactus")),
      '{"plants": ["snake plant", "spider plant", "peace lily"]}'),
    R("Invent a new ice-cream flavour and describe it.", (json_format("flavour", "description"), lowercase()),
      '{"flavour": "honey and lavender", "description": "a soft, creamy ice cream with sweet honey and a gentle '
      'floral taste."}'),
    R("Give two facts about the Pacific Ocean.", (json_format("facts"), frequency("ocean", "at_least", 2)),
      '{"facts": ["The Pacific is the largest ocean on Earth.", "The deepest point in any ocean, the Mariana '
      'Trench, is in the Pacific."]}'),
    R("Suggest a three-course dinner menu for a family celebration.",
      (json_format("starter", "main", "dessert"), frequency("chocolate", "exactly", 1)),
      '{"starter": "tomato soup with fresh bread", "main": "roast chicken with potatoes and green beans", '
      '"dessert": "chocolate cake with cream"}'),
    R("Write a short email confirming a tennis court booking.", (json_format("subject", "body"), placeholders(2)),
      '{"subject": "Court booking confirmed", "body": "Hello [name], your tennis court is booked for [date] at '
      '6 pm. Please arrive ten minutes early. See you soon!"}'),
)

_WITH_PLACEHOLDERS = (
    R("Write a short email asking a school office for a copy of the term dates.",
      (placeholders(2), ends_with("Thanks for your help.")),
      "Dear [school name] office,\n"
      "Could you send me a copy of the term dates for next year? My son [child's name] starts in Year 3 in "
      "September, and we would like to plan our holidays. Thanks for your help."),
    R("Write a note asking neighbours to sign a petition for a new pedestrian crossing.",
      (placeholders(2), ends_with("Every signature counts.")),
      "Dear neighbours, cars speed along [street name], and crossing it with children is dangerous. We are "
      "asking the council for a pedestrian crossing near the school. You can sign the petition at [address] "
      "until the end of the month. Every signature counts."),
    R("Write a note to a cleaner explaining what to do this week.", (placeholders(1), postscript()),
      "Hi [cleaner's name],\n"
      "This week, could you focus on the kitchen and the bathroom? The spare key is under the blue pot as "
      "usual, and your pay is on the table.\n"
      "Thank you!\n"
      "P.S. The windows can wait until next week."),
    R("Write a short email asking about beginner pottery classes.", (placeholders(2), postscript()),
      "Dear [teacher's name],\n"
      "I would like to join your pottery class for beginners. Could you tell me the price and whether there is "
      "a place on [day]?\n"
      "Best wishes,\n"
      "[your name]\n"
      "P.S. Do I need to bring my own apron?"),
    R("Tell parents, in a short notice, how to book a slot for parents' evening.", (placeholders(2), no_commas()),
      "Parents' evening is on [date] from 5 pm to 8 pm in the school hall. To book a time slot please email "
      "[teacher's name] at [email address] before Friday. We look forward to seeing you."),
)

_WITH_PHRASES = (
    R("Explain how a lock and key work.", (starts_with("Inside a lock"), ends_with("and the lock opens.")),
      "Inside a lock there is a row of small pins of different lengths that stop the cylinder from turning. "
      "When you push in the right key, its ridges lift every pin to exactly the right height. The cylinder can "
      "then turn, and the lock opens."),
    R("Write a short bedtime message for a child.", (starts_with("Goodnight"), ends_with("Sweet dreams.")),
      "Goodnight, little one. The stars are out, the house is quiet and your teddy is right beside you. "
      "Tomorrow we will go to the park together. Sweet dreams."),
    R("Explain why people should wear a helmet when cycling.", (no_commas(), ends_with("Always wear one.")),
      "A helmet protects your head if you fall off your bike. It absorbs the force of a hit and can prevent a "
      "serious brain injury. A crash can happen to anyone at any speed. Always wear one."),
    R("Describe what a school caretaker does.",
      (no_commas(), ends_with("The school could not run without them.")),
      "A school caretaker looks after the buildings and grounds. They open the gates in the morning and lock "
      "up at night. They fix broken doors and lights and keep the heating working. The school could not run "
      "without them."),
    R("Write a sign asking drivers not to park in front of a garage door.",
      (uppercase(), ends_with("THANK YOU FOR UNDERSTANDING.")),
      "PLEASE DO NOT PARK IN FRONT OF THIS GARAGE. WE NEED TO GET OUR CAR OUT AT ANY TIME OF DAY OR NIGHT. "
      "THANK YOU FOR UNDERSTANDING."),
    R("Write a short call for volunteers to help at a food bank.", (uppercase(), ends_with("EVERY HOUR HELPS.")),
      "WE NEED VOLUNTEERS AT THE TOWN FOOD BANK! HELP US SORT DONATIONS AND PACK BAGS ON SATURDAY MORNINGS. "
      "EVERY HOUR HELPS."),
)

_OTHER_PAIRS = (
    R("Write a note for a guest explaining how to use the shower.", (highlights(1), postscript()),
      "Welcome! The shower takes a moment to warm up. *Turn the left dial for temperature and the right dial "
      "for pressure.* Towels are in the cupboard by the door.\n"
      "P.S. The hot water runs out after about ten minutes."),
    R("Give advice for someone starting yoga.", (highlights(2), postscript("P.P.S")),
      "*Start slowly* and choose a class for beginners. Wear comfortable clothes and bring a mat and some "
      "water. *Never push through pain*; a gentle stretch is enough at first.\n"
      "P.P.S Ten minutes a day helps more than one long session a week."),
    R("Explain what a spreadsheet is.", (highlights(1), no_commas()),
      "A spreadsheet is a computer file made of rows and columns of cells. You can type numbers and words into "
      "the cells and use *formulas that work out totals for you*. People use spreadsheets for budgets and "
      "lists and to keep track of all kinds of data."),
    R("Explain why bats hunt at night.", (highlights(2), no_commas()),
      "Most bats hunt at night because that is when many insects fly. *The dark also hides them from hawks and "
      "other predators.* Many bats find their food using *echolocation* which means they make high sounds and "
      "listen for the echoes."),
    R("Write a one-sentence wish for a friend's new baby.", (quoted(), lowercase()),
      '"may your little one grow up happy, healthy and surrounded by love."'),
    R("Describe the feeling of a warm bath.", (quoted(), lowercase()),
      '"a warm bath feels like a soft blanket made of water. your shoulders drop, your thoughts slow down and '
      'the day melts away."'),
    R("Give a short slogan for a dog-walking service.", (quoted(), no_commas()),
      '"Happy dogs and tired tails every single day."'),
    R("Write a short sign asking people not to feed the ducks bread.", (uppercase(), no_commas()),
      "PLEASE DO NOT FEED THE DUCKS BREAD. IT IS BAD FOR THEM. TRY SEEDS OR PEAS INSTEAD."),
    R("Write six rhyming lines about a fishing boat.", (title(), frequency("boat", "at_least", 2)),
      "<<The Little Boat>>\n"
      "The little boat sets out at dawn,\n"
      "Its paint is chipped, its nets are worn.\n"
      "It rides the waves from bay to bay,\n"
      "And brings the catch home at end of day.\n"
      "Though storms may come and winds may blow,\n"
      "That boat knows every way to go."),
    R("Explain what a windmill does.", (starts_with("A windmill"), frequency("wind", "at_least", 2)),
      "A windmill uses the power of the wind to do work. The wind turns its large sails, which turn a shaft "
      "inside. In the past, windmills ground grain into flour or pumped water. Modern wind turbines use the "
      "same idea to make electricity."),
    R("Describe a violin.", (include("strings", "bow"), exclude("music")),
      "A violin is a small wooden instrument with four strings. The player holds it under the chin and draws a "
      "bow across the strings to make a sound, or plucks them with a finger. It has a curved body, two f-shaped "
      "holes in its top and a long neck with tuning pegs."),
)

ROWS: tuple[InstructionRow, ...] = (
    *_SINGLE, *_WITH_WORD_COUNT, *_WITH_SENTENCE_COUNT, *_WITH_BULLETS, *_WITH_PARAGRAPHS, *_WITH_JSON,
    *_WITH_PLACEHOLDERS, *_WITH_PHRASES, *_OTHER_PAIRS,
)
"""Every row, grouped by their first instruction's kind."""
