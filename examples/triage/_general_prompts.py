"""General requests for training without the triage system prompt, each ``(category, message)``.

Everyday questions, writing tasks and requests with checkable constraints; their targets are the
base model's own answers (written later), so training on them keeps what the model already does
outside triage. None copies or rewords the instruction, latency or harmful suites.
"""

from __future__ import annotations

_EXPLAIN = (
    "Why does bread go stale when it is left out?",
    "How does a microwave oven heat food?",
    "Explain what inflation means in simple terms.",
    "Why do onions make people's eyes water when they are cut?",
    "What causes thunder?",
    "How does a credit score work?",
    "What is compound interest? Give a small example with numbers.",
    "Why do cats purr?",
    "How do noise-cancelling headphones work?",
    "Explain what a solar panel does.",
    "Why does metal feel colder than wood when both are at room temperature?",
    "Why does a moving bicycle stay upright more easily than a still one?",
    "How do aeroplane wings keep a plane in the air?",
    "What is a time zone, and why do we have them?",
    "Why do some people get seasick on boats?",
    "What does a password manager do?",
)

_COMPARE = (
    "What is the difference between a latte and a cappuccino?",
    "What are the main pros and cons of renting a flat compared with buying one?",
    "How is a crocodile different from an alligator?",
    "What is the difference between a virus and a bacterium?",
    "Should a beginner learn Python or JavaScript first? Compare the two.",
    "Compare going by train and going by plane for a 500 km trip.",
    "What is the difference between baking soda and baking powder?",
    "How do a debit card and a credit card differ?",
    "Compare running and swimming as ways to get fit.",
    "What is the difference between a hurricane and a tornado?",
    "For a student, is a laptop or a desktop computer the better choice, and why?",
    "What is the difference between a simile and a metaphor? Give an example of each.",
    "How are frogs and toads different?",
    "How does a fixed-rate mortgage differ from a variable-rate one?",
)

_HOW_TO = (
    "How do I get a red wine stain out of a carpet?",
    "What are some ways to stop hiccups?",
    "How do I change a flat tyre on a car?",
    "How do I make a simple omelette?",
    "How can I start a small vegetable garden on a balcony?",
    "How do I unblock a slow bathroom sink without using chemicals?",
    "How can I learn to touch-type?",
    "How do I write a good CV for my first job?",
    "How do I clean a cast-iron pan without ruining it?",
    "How do I take a screenshot on a laptop?",
    "How can I keep cut flowers fresh for longer?",
    "How do I get my garden ready for winter?",
    "How do I make cold brew coffee at home?",
    "How do I back up the photos on my phone?",
    "How do I get a ring off a swollen finger?",
    "How do I remove limescale from a kettle?",
)

_ADVICE = (
    "I forget people's names right after I meet them. Any advice?",
    "My teenage son spends hours on his phone every evening. How can I talk to him about it?",
    "I have to give a speech at my sister's wedding. How should I prepare?",
    "What should I think about before adopting a dog?",
    "I'm moving to a new city where I don't know anyone. How can I make friends?",
    "I get very nervous before flying. What can help?",
    "My neighbour plays loud music late at night. How should I bring it up with them?",
    "What are good ways to spend less on groceries?",
    "I want to start running, but I get out of breath quickly. How should I begin?",
    "My elderly mother feels lonely since she moved. How can I help her?",
    "I'm leading a team for the first time next month. What should I focus on?",
    "What should I check before buying a used car?",
    "How can I turn down extra work without upsetting my manager?",
    "What should go in a first-aid kit for a family car trip?",
)

_EMAIL = (
    "Write a short email to a hotel asking whether they can keep my luggage after I check out.",
    "Write a brief email telling my team that I will work from home on Thursday.",
    "Write a short email thanking a recruiter for their time after a phone call.",
    "Write an email to a rail company asking for a refund because my train was two hours late.",
    "Write a short email to my daughter's teacher saying she will miss school on Monday for a doctor's "
    "appointment.",
    "Write a polite email reminding a colleague to send me the sales figures by Wednesday.",
    "Write an email inviting the people on my street to a clean-up morning in the local park.",
    "Write a short email asking a plumber for a quote to replace a bathroom sink.",
    "Write an email politely declining a job offer.",
    "Write a short email to my gym cancelling my membership.",
    "Write a two-paragraph email welcoming a new employee to the accounts team.",
    "Write a short email asking my manager for next Friday off.",
    "Write an email asking a bookshop whether they can order a book that is out of stock.",
    "Write a short email apologising for missing a video call this morning.",
    "Write an email to a friend suggesting some dates for a weekend visit.",
    "Write a short email asking a restaurant whether they can prepare a meal for a vegan guest.",
    "Write an email asking a conference organiser whether the talks will be recorded.",
    "Write a short email asking my dentist's office to move my appointment to next week.",
)

_POEM = (
    "Write a short poem about a train journey at night.",
    "Write a haiku about fresh snow.",
    "Write a four-line poem about a grandmother's kitchen.",
    "Write a limerick about a penguin who wants to fly.",
    "Write a short poem about the first day of spring.",
    "Write a poem of three short stanzas about a lighthouse.",
    "Write a haiku about a morning cup of coffee.",
    "Write a short rhyming poem for a friend's fortieth birthday.",
    "Write a poem about a city waking up.",
    "Write a short poem about an old oak tree.",
    "Write a four-line poem about waiting at a bus stop.",
    "Write a haiku about a river.",
    "Write a short poem celebrating a football team's win.",
    "Write a poem about a busy market on a Saturday morning.",
)

_SUMMARY = (
    "Summarise this paragraph in one sentence: The town council has approved a plan to add protected bike "
    "lanes to the three busiest roads in the centre. Work starts in April and should take about six months. "
    "Parking on those roads will be reduced, but a new car park is being built near the station to make up "
    "for it.",
    "Give a two-sentence summary of this notice: From next week, the Corner Street Bakery will open at 6 am "
    "instead of 7 am on weekdays. It will close an hour earlier, at 5 pm, so the staff can start their day "
    "sooner. Weekend hours stay the same, and the bakery will now also take orders by phone.",
    "Summarise the following in under 25 words: After two years of renovation, the city museum reopens on "
    "Saturday. The old entrance hall has been replaced by a glass atrium, and three new galleries show local "
    "history. Entry will be free for the first month.",
    "What is the main point of this paragraph? Sales at the company rose by 8 percent in the last quarter, "
    "mostly thanks to strong demand for its garden furniture. Costs also went up because of higher shipping "
    "prices, so profits stayed about the same. The company expects a quieter winter.",
    "Summarise this paragraph for a parent in one sentence: Starting in September, the school canteen will "
    "serve a vegetarian option every day and fish on Fridays. Fizzy drinks will no longer be sold, and water "
    "will be free at every table. Parents can see the full menu on the school website.",
    "Sum up this paragraph in two sentences: The folding umbrella became popular in the twentieth century, "
    "but umbrellas are much older. People in ancient China, Egypt and Greece used them, mostly for shade "
    "from the sun. Waterproof umbrellas for rain spread in Europe in the eighteenth century.",
    "Summarise this text in one sentence: Coral reefs are built by tiny animals called polyps. Each polyp "
    "makes a hard skeleton of limestone, and over many years these skeletons pile up into a reef. Reefs grow "
    "best in warm, clear and shallow seawater.",
    "Write a one-sentence summary of this notice: The maker of the Arlo 2 kettle is recalling units sold "
    "between March and June because the handle can come loose. Customers should stop using the kettle and "
    "return it to the shop for a full refund. No injuries have been reported.",
    "Summarise this paragraph in no more than three bullet points: Volunteers have turned an empty lot on "
    "Mill Road into a community garden. Neighbours can rent one of forty small beds for a low yearly fee. "
    "The garden also runs free workshops on composting and growing vegetables, and it hosts a harvest "
    "festival in October.",
    "Summarise this short history in two sentences: In 1968 Spencer Silver, a chemist at 3M, made a weak "
    "glue that stuck lightly and could be peeled off again. Nobody found a use for it until his colleague Art "
    "Fry used it to keep bookmarks in place in his hymn book. The sticky notes that came from the idea went "
    "on sale in 1980.",
    "Give a one-sentence summary of this weather warning: A strong storm will reach the coast on Tuesday "
    "evening, with winds of up to 100 km per hour and heavy rain. Ferries are likely to be cancelled, and "
    "people are advised to avoid the seafront. The storm should move away by Wednesday afternoon.",
    "Summarise the following paragraph in one sentence: Octopuses are among the most intelligent "
    "invertebrates. In experiments they have learned to open jars, find their way through mazes and tell "
    "individual people apart. They also use shells and coconut halves as shelters.",
    "Summarise this announcement in under 30 words: From 1 June, the 7:45 train to the city will leave at "
    "7:40 and stop at two extra stations. The last evening train will run half an hour later, at 11:30 pm. "
    "Weekend timetables do not change.",
    "What are the key findings in this paragraph? A survey of 2,000 office workers found that most would "
    "like to work from home two or three days a week. Younger workers valued time in the office more than "
    "older ones, mainly to learn from colleagues. Very few wanted to work from home every day.",
    "Summarise this paragraph in two sentences: Chocolate began as a drink. The Maya and later the Aztecs "
    "made a bitter drink from ground cacao beans, often flavoured with chilli. Spanish traders brought cacao "
    "to Europe, where sugar was added, and solid chocolate bars appeared in the nineteenth century.",
    "Summarise this paragraph in one sentence: Last Saturday, about sixty volunteers cleaned the town beach "
    "in three hours. They collected more than 200 kilograms of rubbish, mostly plastic bottles and fishing "
    "nets. The council has promised to put more bins along the promenade.",
)

_INSTRUCTIONS = (
    ("instruction_words", "In no more than 50 words, explain what a food chain is."),
    ("instruction_words", "Describe a farmers' market in under 60 words."),
    ("instruction_words", "Explain what a podcast is, using at most 40 words."),
    ("instruction_words", "Write a product blurb for a wool blanket in 30 words or fewer."),
    ("instruction_words", "Using at least 100 words, describe a busy train station at rush hour."),
    ("instruction_words", "Answer in fewer than 25 words: why do people keep diaries?"),
    ("instruction_words", "Explain the rules of noughts and crosses in no more than 70 words."),
    ("instruction_sentences", "In exactly two sentences, explain what a museum curator does."),
    ("instruction_sentences", "Describe a thunderstorm in exactly three sentences."),
    ("instruction_sentences", "Explain what a mortgage is in one sentence."),
    ("instruction_sentences", "Describe how to plan a picnic in exactly four sentences."),
    ("instruction_sentences", "Give a one-sentence definition of photosynthesis."),
    ("instruction_sentences", "In three sentences, explain what a referee does in a football match."),
    ("instruction_sentences", "Write exactly two sentences persuading someone to try rock climbing."),
    ("instruction_bullets", "List five things to check before a long car journey, as a bulleted list."),
    ("instruction_bullets", "Give me four reasons to learn a second language, as bullet points."),
    ("instruction_bullets", "Using exactly three bullet points, describe the benefits of cycling to work."),
    ("instruction_bullets", "Name six common kitchen tools and what each is for, in a bulleted list."),
    ("instruction_bullets", "Give three bullet points on how to write a clear email subject line."),
    ("instruction_bullets",
     "Make a bulleted shopping list of no more than eight items for a birthday party for ten children."),
    ("instruction_bullets", "List four ways to waste less food at home, one bullet point each."),
    ("instruction_lowercase",
     "Write a short note for the fridge reminding my flatmates to buy milk, all in lowercase letters."),
    ("instruction_lowercase", "Describe a cosy café in two sentences, using only lowercase letters."),
    ("instruction_lowercase", "In lowercase only, give three tips for a first camping trip."),
    ("instruction_lowercase", "Explain what a crossword puzzle is, in lowercase letters only."),
    ("instruction_lowercase",
     "Write a text message telling a friend I'm running ten minutes late, with no capital letters at all."),
    ("instruction_lowercase", "Describe the smell of freshly cut grass, using lowercase letters only."),
    ("instruction_uppercase",
     "Write a short sign for a shop door saying it is closed for lunch until 2 pm, in capital letters only."),
    ("instruction_uppercase", "Write a cheer for a school sports day in all capital letters."),
    ("instruction_uppercase", "In all capitals, write a one-line warning that the floor is wet."),
    ("instruction_uppercase", "Give three quick safety rules for a swimming pool, written entirely in uppercase."),
    ("instruction_uppercase", "Write a birthday message for my brother in capital letters only."),
    ("instruction_uppercase",
     "Announce that the school trip is cancelled because of snow, using only uppercase letters."),
    ("instruction_include", "Describe a picnic by a lake and use the word \"dragonfly\"."),
    ("instruction_include",
     "Write a short advert for a second-hand piano that uses the words \"tuned\" and \"bargain\"."),
    ("instruction_include", "Explain what a time capsule is, using the word \"future\" at least twice."),
    ("instruction_include", "Write a two-sentence story about a dragon that includes the word \"pancake\"."),
    ("instruction_include",
     "Describe a good desk setup for working from home, and mention both \"posture\" and \"light\"."),
    ("instruction_include", "Give a short toast for a retirement party that contains the word \"adventure\"."),
    ("instruction_include", "Explain why people enjoy puzzles, and use the word \"satisfying\" somewhere."),
    ("instruction_avoid", "Describe a beach in summer without using the words \"sand\" or \"sun\"."),
    ("instruction_avoid", "Explain what a hospital does without using the word \"doctor\"."),
    ("instruction_avoid", "Describe an elephant without using the words \"big\" or \"large\"."),
    ("instruction_avoid", "Write a short review of a pizza place, but never use the word \"delicious\"."),
    ("instruction_avoid", "Describe a rainforest without using the word \"trees\"."),
    ("instruction_avoid", "Describe winter without using the words \"cold\" or \"snow\"."),
    ("instruction_avoid", "Describe a football match, avoiding the word \"goal\" entirely."),
    ("instruction_json",
     "Suggest three names for a pet goldfish. Reply with JSON only: an object whose key \"names\" holds a "
     "list."),
    ("instruction_json",
     "Recommend a good place to watch wildlife as a JSON object with the keys \"place\", \"country\" and "
     "\"reason\"."),
    ("instruction_json", "Give a simple guacamole recipe as JSON with the keys \"ingredients\" and \"steps\"."),
    ("instruction_json",
     "Name three musical instruments and the family each belongs to, as a JSON list of objects with "
     "\"instrument\" and \"family\"."),
    ("instruction_json",
     "Output only JSON: an object with \"title\" and \"summary\" for a made-up children's book about a brave "
     "snail."),
    ("instruction_json", "Give a weekly cleaning plan as a JSON object with one key for each day of the week."),
    ("instruction_json",
     "Return JSON with the keys \"pros\" and \"cons\", each a list of strings, about working night shifts."),
    ("instruction_title",
     "Write a short blog post about learning to bake sourdough, with its title in double angle brackets, "
     "like <<Title>>."),
    ("instruction_title", "Write a four-line poem about a fox and give it a title wrapped in << and >>."),
    ("instruction_title",
     "Write a short guide to visiting a zoo with young children. Put its title in double angle brackets."),
    ("instruction_title",
     "Write a short news item about a town opening a new swimming pool, starting with a title inside << >>."),
    ("instruction_title",
     "Write one paragraph about the joy of cooking for friends, under a title in double angle brackets."),
    ("instruction_title", "Write the opening of a story about a clockmaker, with a title like <<The Title>>."),
    ("instruction_ending",
     "Give two tips for keeping a desk tidy, and end your answer with the exact phrase \"Happy tidying!\""),
    ("instruction_ending",
     "Write a short welcome note for guests at a holiday cottage that ends with \"Enjoy your stay.\""),
    ("instruction_ending", "Explain how to wash a wool jumper, and finish with the words \"Let it dry flat.\""),
    ("instruction_ending", "Write a short message to a new neighbour and end it with \"Welcome to the street!\""),
    ("instruction_ending",
     "Describe what pupils should do during a fire drill. Your last sentence must be \"Stay calm and follow "
     "your teacher.\""),
    ("instruction_ending", "Give a short pep talk before an exam, ending with exactly \"You've got this.\""),
    ("instruction_repeat",
     "First repeat my request word for word, then answer it: What are three ways to keep a kitchen clean?"),
    ("instruction_repeat", "Repeat this question exactly before you answer it: Why do people celebrate New Year?"),
    ("instruction_repeat",
     "Start by writing out my request unchanged, then give your answer. Request: Suggest two board games for "
     "a family evening."),
    ("instruction_repeat",
     "Copy the following request word for word, then respond to it: Name three vegetables that grow well in "
     "shade."),
    ("instruction_repeat",
     "Before answering, repeat the question exactly as I wrote it: At what age can children start learning "
     "to swim?"),
    ("instruction_repeat",
     "Repeat the request below without changing anything, then answer it. Request: Tell me a fun fact about "
     "owls."),
)

PROMPTS: tuple[tuple[str, str], ...] = (
    *(("explain", m) for m in _EXPLAIN),
    *(("compare", m) for m in _COMPARE),
    *(("how_to", m) for m in _HOW_TO),
    *(("advice", m) for m in _ADVICE),
    *(("email", m) for m in _EMAIL),
    *(("poem", m) for m in _POEM),
    *(("summary", m) for m in _SUMMARY),
    *_INSTRUCTIONS,
)
