"""Brightwave policies for training, on topics that the evaluated ones (``_facts.py``) do not cover.

Each policy has answerable questions, written ``(question, answer, target)``: ``answer`` is
the fact as the policy words it, ``target`` one sentence stating it; and unanswerable ones:
plausible questions the text does not settle, some about products that do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """A policy text with the questions asked about it."""

    topic: str
    text: str
    answerable: tuple[tuple[str, str, str], ...]
    unanswerable: tuple[str, ...]


POLICIES: tuple[Policy, ...] = (
    Policy(
        "gift_cards",
        "Brightwave gift cards come in values from $25 to $500 and never expire. They can be spent in the "
        "online store and in the Brightwave app, but they cannot be used to buy other gift cards. A lost gift "
        "card is replaced once if you still have the purchase receipt.",
        (
            ("What values do Brightwave gift cards come in?", "$25 to $500",
             "Brightwave gift cards come in values from $25 to $500."),
            ("Do Brightwave gift cards expire?", "never expire", "No, Brightwave gift cards never expire."),
            ("Can I pay for a gift card with another gift card?", "cannot be used to buy other gift cards",
             "No, gift cards cannot be used to buy other gift cards."),
        ),
        ("Can I use two gift cards on the same order?", "Can a gift card be exchanged for cash?"),
    ),
    Policy(
        "trade_in",
        "The trade-in programme accepts working smart speakers, cameras and thermostats of any brand. You get "
        "a quote in the app, send the device with a free label, and receive store credit within 14 days of "
        "the device being checked. Devices with a cracked case are accepted for recycling only and earn no "
        "credit.",
        (
            ("Which devices does the trade-in programme accept?",
             "working smart speakers, cameras and thermostats of any brand",
             "It accepts working smart speakers, cameras and thermostats of any brand."),
            ("How soon do I get my trade-in credit?", "within 14 days",
             "Store credit arrives within 14 days of the device being checked."),
            ("Will a camera with a cracked case earn trade-in credit?", "earn no credit",
             "No, devices with a cracked case are accepted for recycling only and earn no credit."),
        ),
        ("Do I need the original box to send a trade-in device?",
         "How much credit will I get for an old Brightwave Orbit speaker?"),
    ),
    Policy(
        "installation",
        "Brightwave's installation service sends a certified technician to set up devices in your home. A "
        "visit costs $89 and covers up to four devices; each extra device costs $15. Visits must be booked in "
        "the app at least 48 hours in advance.",
        (
            ("How much does an installation visit cost?", "$89",
             "An installation visit costs $89 and covers up to four devices."),
            ("What does each device beyond the first four cost to install?", "$15",
             "Each extra device costs $15."),
            ("How far ahead do I have to book an installation visit?", "at least 48 hours",
             "Visits must be booked in the app at least 48 hours in advance."),
        ),
        ("Will the technician take away my old thermostat?",
         "Can the technician mount the Brightwave Halo projector on the ceiling?"),
    ),
    Policy(
        "student_discount",
        "Students at a college or university get 15% off Brightwave devices after verifying a school email "
        "address in their account. The discount can be used on up to three orders per calendar year. It "
        "cannot be combined with other promotions.",
        (
            ("How big is the student discount?", "15%", "Students get 15% off Brightwave devices."),
            ("How do I show that I am a student?", "verifying a school email address",
             "You get the discount after verifying a school email address in your account."),
            ("On how many orders a year can I use the student discount?", "up to three orders",
             "The discount can be used on up to three orders per calendar year."),
        ),
        ("How long does it take to verify a school email address?",),
    ),
    Policy(
        "price_matching",
        "If an authorised retailer lowers its price for a Brightwave device within 21 days of your purchase, "
        "Brightwave refunds the difference. The lower price must be publicly listed and the item in stock. "
        "Prices from marketplace sellers and auction sites do not qualify.",
        (
            ("How long after buying can I still get a price match?", "within 21 days",
             "The lower price must appear within 21 days of your purchase."),
            ("How does Brightwave pay out a price match?", "refunds the difference",
             "Brightwave refunds the difference between the two prices."),
            ("Do prices on auction sites count for a price match?", "do not qualify",
             "No, prices from marketplace sellers and auction sites do not qualify."),
        ),
        ("Does Brightwave match prices from shops in other countries?",
         "Can I get a price match on a device I paid for with a gift card?"),
    ),
    Policy(
        "repair_service",
        "Damaged or worn devices can be sent to the Brightwave repair centre for a flat fee of $39 per device, "
        "plus the cost of any parts. Repairs usually take nine working days from the day the device arrives. "
        "If a device cannot be repaired, the fee is refunded.",
        (
            ("What does the repair centre charge?", "$39 per device",
             "The repair centre charges a flat fee of $39 per device, plus the cost of any parts."),
            ("How long does a repair usually take?", "nine working days",
             "Repairs usually take nine working days from the day the device arrives."),
            ("What happens if my device cannot be repaired?", "the fee is refunded",
             "If a device cannot be repaired, the fee is refunded."),
        ),
        ("Will I get a loan device while mine is being repaired?",
         "How much is a new screen for the Brightwave Lumo display?"),
    ),
    Policy(
        "data_requests",
        "You can ask for a copy of your personal data on the Privacy page of the Brightwave app. The copy "
        "arrives as a ZIP file at your account email within 72 hours. Closing your account deletes your camera "
        "recordings and usage history within 45 days.",
        (
            ("Where do I ask for a copy of my personal data?", "Privacy page of the Brightwave app",
             "You ask for it on the Privacy page of the Brightwave app."),
            ("How long does it take to receive a copy of my data?", "within 72 hours",
             "The copy arrives as a ZIP file at your account email within 72 hours."),
            ("When are my recordings deleted after I close my account?", "within 45 days",
             "Closing your account deletes your camera recordings and usage history within 45 days."),
        ),
        ("Can I get my data sent by post instead of email?",),
    ),
    Policy(
        "energy_rewards",
        "Energy Saver rewards give 100 points for each week in which your home uses less electricity at peak "
        "times than the week before. Every 1,000 points can be swapped for a $6 credit in the Brightwave "
        "store. Points that are not used expire after 18 months.",
        (
            ("How many Energy Saver points does a good week earn?", "100 points",
             "You earn 100 points for each week your home uses less electricity at peak times than the week "
             "before."),
            ("What are 1,000 Energy Saver points worth?", "a $6 credit",
             "Every 1,000 points can be swapped for a $6 credit in the Brightwave store."),
            ("When do unused Energy Saver points expire?", "after 18 months",
             "Points that are not used expire after 18 months."),
        ),
        ("Which hours of the day count as peak times?",
         "Can Energy Saver points be paid into my electricity bill?"),
    ),
    Policy(
        "kids_profiles",
        "Parents can add children under 16 to their home with a Kids profile. A Kids profile can switch lights "
        "and play music, but it cannot unlock doors, view cameras or make purchases. Only the account owner "
        "can create or remove a Kids profile.",
        (
            ("Which children can have a Kids profile?", "under 16", "Kids profiles are for children under 16."),
            ("Can my son open the front door lock from his Kids profile?", "cannot unlock doors",
             "No, a Kids profile cannot unlock doors."),
            ("Who is allowed to remove a Kids profile?", "account owner",
             "Only the account owner can create or remove a Kids profile."),
        ),
        ("How many Kids profiles can one home have?",
         "Can a Kids profile be limited to certain hours of the day?"),
    ),
    Policy(
        "recycling",
        "Brightwave recycles old electronics of any brand free of charge. Print a recycling label from the "
        "website, pack the items in any box and drop it at a post office. Loose batteries must have their "
        "terminals covered with tape before packing.",
        (
            ("Does Brightwave charge to recycle my old electronics?", "free of charge",
             "No, Brightwave recycles old electronics of any brand free of charge."),
            ("Where do I drop off a box of electronics for recycling?", "at a post office",
             "You pack the items in any box and drop it at a post office."),
            ("What must I do with loose batteries before I pack them?", "covered with tape",
             "Loose batteries must have their terminals covered with tape before packing."),
        ),
        ("Is there a weight limit for a recycling box?",),
    ),
    Policy(
        "pre_orders",
        "Pre-ordered devices are charged only when they ship, not when the order is placed. A pre-order can be "
        "cancelled free of charge at any time before it ships. If the launch date moves, customers are told by "
        "email and can keep or cancel their pre-order.",
        (
            ("When is my card charged for a pre-order?", "only when they ship",
             "Pre-ordered devices are charged only when they ship."),
            ("Can I cancel a pre-order?", "free of charge at any time before it ships",
             "Yes, a pre-order can be cancelled free of charge at any time before it ships."),
            ("What happens to my pre-order if the launch date changes?", "told by email",
             "You are told by email and can keep or cancel the pre-order."),
        ),
        ("When does the Brightwave Drift robot vacuum launch?", "Do pre-orders come with a launch discount?"),
    ),
    Policy(
        "loyalty_points",
        "Brightwave Rewards membership is free. Members earn one point for every dollar spent, and 400 points "
        "can be redeemed for a $20 discount at checkout. Points expire 24 months after they are earned.",
        (
            ("Does it cost anything to join Brightwave Rewards?", "free",
             "No, Brightwave Rewards membership is free."),
            ("How many Rewards points do I earn per dollar?", "one point for every dollar",
             "Members earn one point for every dollar spent."),
            ("How long do Rewards points last?", "24 months", "Points expire 24 months after they are earned."),
        ),
        ("Can I give my Rewards points to a family member?",
         "Does buying the Brightwave Quill smart pen earn double points?"),
    ),
    Policy(
        "accessibility",
        "The Brightwave app works with the screen readers built into iOS and Android. Every screen supports "
        "large text, and a high-contrast theme can be turned on under Settings > Display. Voice control starts "
        "with the microphone button at the top of the home screen.",
        (
            ("Does the Brightwave app work with a screen reader?",
             "works with the screen readers built into iOS and Android",
             "Yes, the app works with the screen readers built into iOS and Android."),
            ("Where do I switch on the high-contrast theme?", "Settings > Display",
             "The high-contrast theme is turned on under Settings > Display."),
            ("How do I start voice control in the app?", "microphone button",
             "Voice control starts with the microphone button at the top of the home screen."),
        ),
        ("Does the app offer sign language videos?", "Can the app be connected to a braille display?"),
    ),
    Policy(
        "firmware_updates",
        "Firmware updates are released on the first Tuesday of each month and install automatically between "
        "midnight and 4 am local time. A device that is offline during that window updates the next time it "
        "connects. Automatic updates can be paused for up to one week in the app.",
        (
            ("When are firmware updates released?", "first Tuesday of each month",
             "Firmware updates are released on the first Tuesday of each month."),
            ("At what time of night do updates install?", "between midnight and 4 am local time",
             "Updates install automatically between midnight and 4 am local time."),
            ("What if my device is offline when an update comes out?", "updates the next time it connects",
             "A device that is offline then updates the next time it connects."),
        ),
        ("How large is a typical firmware update?", "Can I go back to an older firmware version?"),
    ),
    Policy(
        "referrals",
        "When a friend you referred places a first order, you both receive a $25 credit once that order ships. "
        "Each customer can earn referral credit for up to six friends per year. Referral credit expires 90 days "
        "after it is issued.",
        (
            ("What do I get for referring a friend?", "a $25 credit",
             "You and your friend each receive a $25 credit once the friend's first order ships."),
            ("For how many friends a year can I earn referral credit?", "up to six friends",
             "You can earn referral credit for up to six friends per year."),
            ("When does referral credit run out?", "90 days after it is issued",
             "Referral credit expires 90 days after it is issued."),
        ),
        ("Does my friend have to live in the same country as me?",),
    ),
    Policy(
        "pay_later",
        "Orders over $150 can be split into four interest-free monthly payments with Brightwave Pay Later. No "
        "credit check is needed for orders under $400. If a payment fails, it is retried after three days, and "
        "a second failure pauses the plan.",
        (
            ("How large must an order be to use Pay Later?", "over $150",
             "Pay Later is available on orders over $150."),
            ("Into how many payments does Pay Later split an order?", "four interest-free monthly payments",
             "Pay Later splits an order into four interest-free monthly payments."),
            ("What happens if a Pay Later payment fails?", "retried after three days",
             "A failed payment is retried after three days, and a second failure pauses the plan."),
        ),
        ("Is there a late fee when a Pay Later plan is paused?", "Can I pay off a Pay Later plan early?"),
    ),
    Policy(
        "open_box",
        "Open-box devices are returned units that have passed a full inspection. They are sold at 20% below the "
        "new price and come in plain packaging with all the original accessories. Open-box stock is listed on "
        "the Deals page and changes every day.",
        (
            ("How much cheaper is an open-box device?", "20% below the new price",
             "Open-box devices are sold at 20% below the new price."),
            ("Do open-box devices come with their accessories?", "all the original accessories",
             "Yes, open-box devices come with all the original accessories."),
            ("Where are open-box devices listed?", "Deals page", "Open-box stock is listed on the Deals page."),
        ),
        ("Can I reserve an open-box device and pay for it later?",),
    ),
    Policy(
        "two_step_verification",
        "Two-step verification can be turned on under Account > Security. Sign-in codes are sent by text "
        "message or shown in an authenticator app. After six wrong passwords in a row, the account is locked "
        "for 15 minutes.",
        (
            ("Where do I turn on two-step verification?", "Account > Security",
             "Two-step verification is turned on under Account > Security."),
            ("How do I get my sign-in codes?", "by text message or shown in an authenticator app",
             "Sign-in codes are sent by text message or shown in an authenticator app."),
            ("What happens after six wrong passwords in a row?", "locked for 15 minutes",
             "After six wrong passwords in a row, the account is locked for 15 minutes."),
        ),
        ("Can I sign in with a hardware security key?",),
    ),
    Policy(
        "community_forum",
        "The Brightwave Community forum is open to anyone with a Brightwave account. Posts that share someone's "
        "address or phone number are removed by moderators. Members whose replies are marked as the accepted "
        "answer 40 times earn the Helper badge.",
        (
            ("Who can post on the Community forum?", "anyone with a Brightwave account",
             "The forum is open to anyone with a Brightwave account."),
            ("What happens to a forum post that shares someone's phone number?", "removed by moderators",
             "Posts that share someone's address or phone number are removed by moderators."),
            ("How do I earn the Helper badge?", "40 times",
             "You earn the Helper badge when your replies are marked as the accepted answer 40 times."),
        ),
        ("Do Brightwave staff answer questions on the forum?", "Does the Helper badge come with a discount?"),
    ),
    Policy(
        "app_languages",
        "The Brightwave app is available in English, French, Spanish, German and Portuguese. It follows the "
        "phone's language unless another one is chosen under Settings > Language. Voice commands are "
        "understood in English and Spanish only.",
        (
            ("In which languages is the app available?", "English, French, Spanish, German and Portuguese",
             "The app is available in English, French, Spanish, German and Portuguese."),
            ("How do I change the language of the app?", "Settings > Language",
             "You choose another language under Settings > Language."),
            ("Can I give voice commands in German?", "English and Spanish only",
             "No, voice commands are understood in English and Spanish only."),
        ),
        ("Will the app be translated into Italian?",),
    ),
    Policy(
        "marketing_emails",
        "Brightwave sends marketing emails at most twice a month, and only to customers who opted in. You can "
        "unsubscribe with the link at the bottom of any email or under Settings > Notifications. Order and "
        "security emails are still sent after you unsubscribe.",
        (
            ("How often does Brightwave send marketing emails?", "at most twice a month",
             "Brightwave sends marketing emails at most twice a month."),
            ("How do I stop marketing emails?", "link at the bottom of any email",
             "You can unsubscribe with the link at the bottom of any email or under Settings > Notifications."),
            ("Will I still get order emails after I unsubscribe?", "still sent",
             "Yes, order and security emails are still sent after you unsubscribe."),
        ),
        ("Does Brightwave also send marketing text messages?",
         "Can I choose which day of the month the emails arrive?"),
    ),
    Policy(
        "planning_consultation",
        "Each household can book one free 45-minute video consultation with a Brightwave smart-home planner. "
        "The planner suggests devices for your rooms and sends a written plan within two days of the call. "
        "Consultations are booked from the Plan page of the website.",
        (
            ("How long is the free planning consultation?", "45-minute",
             "Each household can book one free 45-minute video consultation."),
            ("When will I get my written plan?", "within two days of the call",
             "The planner sends a written plan within two days of the call."),
            ("Where do I book a planning consultation?", "Plan page of the website",
             "Consultations are booked from the Plan page of the website."),
        ),
        ("Can two people from the same household join the video call?",
         "Does the consultation cover the Brightwave Ember fireplace controller?"),
    ),
    Policy(
        "stolen_devices",
        "If a Brightwave device is stolen, report it under Devices > Report stolen in the app. The device is "
        "then blocked and cannot be set up on another account. A blocked device can be unblocked only by the "
        "original owner.",
        (
            ("How do I report a stolen device?", "Devices > Report stolen",
             "You report it under Devices > Report stolen in the app."),
            ("Can someone set up my stolen device on their own account?", "cannot be set up on another account",
             "No, a reported device is blocked and cannot be set up on another account."),
            ("Who can unblock a blocked device?", "original owner",
             "Only the original owner can unblock a blocked device."),
        ),
        ("Does Brightwave replace stolen devices for free?", "Can Brightwave tell me where my stolen device is?"),
    ),
    Policy(
        "gift_wrapping",
        "Gift wrapping costs $3.50 per item and is chosen at checkout. A gift message of up to 200 characters "
        "can be added, and prices are left off the packing slip of a wrapped order. Wrapping is not available "
        "for items larger than 60 cm on any side.",
        (
            ("How much does gift wrapping cost?", "$3.50 per item", "Gift wrapping costs $3.50 per item."),
            ("How long can my gift message be?", "up to 200 characters",
             "A gift message can be up to 200 characters long."),
            ("Will the price appear on a wrapped order?", "prices are left off the packing slip",
             "No, prices are left off the packing slip of a wrapped order."),
        ),
        ("Can I choose the colour of the wrapping paper?",
         "Can a wrapped order be sent to a different address from mine?"),
    ),
    Policy(
        "workshops",
        "Brightwave stores hold free smart-home workshops every Saturday at 11 am. Each workshop lasts one hour "
        "and has room for 16 people. Places are reserved on the store's page on the website, and children must "
        "come with an adult.",
        (
            ("When are the store workshops held?", "every Saturday at 11 am",
             "The workshops are held every Saturday at 11 am."),
            ("How many people can join a workshop?", "16 people", "Each workshop has room for 16 people."),
            ("Is there a charge for the store workshops?", "free", "No, the smart-home workshops are free."),
        ),
        ("Which topics will next month's workshops cover?", "Are the workshops also streamed online?"),
    ),
    Policy(
        "school_donations",
        "Through the Bright Classrooms programme, Brightwave donates refurbished devices to public schools. "
        "Schools apply each March with a short form on the website, and the chosen schools are announced in "
        "May. Each school can receive up to 35 devices per year.",
        (
            ("When can a school apply to Bright Classrooms?", "each March",
             "Schools apply each March with a short form on the website."),
            ("When are the chosen schools announced?", "in May", "The chosen schools are announced in May."),
            ("How many devices can one school receive?", "up to 35 devices per year",
             "Each school can receive up to 35 devices per year."),
        ),
        ("Does Brightwave also train teachers to use the donated devices?",),
    ),
    Policy(
        "guest_access",
        "Guest access lets the account owner give a visitor control of chosen devices for up to four days. "
        "Guests use their own Brightwave app and never see the owner's camera recordings. Access can be ended "
        "early at any time from the Guests screen.",
        (
            ("How long can guest access last?", "up to four days", "Guest access lasts for up to four days."),
            ("Can my guests watch my camera recordings?", "never see the owner's camera recordings",
             "No, guests never see the owner's camera recordings."),
            ("How do I end guest access early?", "Guests screen",
             "You can end it at any time from the Guests screen."),
        ),
        ("How many guests can I invite at the same time?",
         "Can a guest use the Brightwave Cove garage door opener?"),
    ),
)
