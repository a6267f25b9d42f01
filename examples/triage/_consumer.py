"""Brightwave's consumer store: the issues and writing style of the main triage task."""

from __future__ import annotations

from _tickets import Issue, Style

STYLE = Style(
    greetings=(
        "",
        "Hi,",
        "Hello,",
        "Hi there,",
        "Hey Brightwave,",
        "Good morning,",
        "Dear support team,",
        "Hello support,",
    ),
    signoffs=(
        "",
        "Thanks.",
        "Thanks, {name}",
        "Regards, {full_name}",
        "Cheers, {name}",
        "- {name}",
        "Thank you!",
        "Best, {name}",
    ),
    contexts=(
        "",
        "",
        "I've been a customer for {years} years.",
        "I'm using the app on my {phone}.",
        "I bought it on your website.",
        "I already restarted everything twice.",
        "My partner has the same problem.",
    ),
    up_cues=(
        "This is really urgent.",
        "I need this sorted today, please.",
        "Please treat this as a priority, it has been a week already.",
        "I'm getting desperate, please help quickly.",
        "This is urgent, I have guests arriving tomorrow.",
    ),
    down_cues=(
        "No rush at all.",
        "Whenever you get a chance.",
        "It's not urgent, just letting you know.",
        "Take your time with this.",
        "No hurry, it can wait until next week.",
    ),
)

_BILLING = (
    Issue(
        "double_charge",
        "billing",
        "high",
        (
            "I was charged twice for order {order}.",
            "My card shows two payments of {amount} for the same order {order}.",
            "Why did you take {amount} from my account two times? It was one order, {order}.",
            "There is a duplicate charge on my statement for order {order}.",
        ),
        "Sorry about the duplicate charge on order {order}; our billing team will refund "
        "the extra payment within 3 business days.",
    ),
    Issue(
        "wrong_amount",
        "billing",
        "normal",
        (
            "I paid {amount} for order {order} but the price on the site was lower.",
            "The total on my receipt for {order} is {amount}, which is more than the listed price.",
            "I think I was overcharged on order {order}, I was billed {amount}.",
            "The discount code didn't apply and I paid {amount} for {order}.",
        ),
        "Thanks for flagging the price on order {order}; billing will check the charge of "
        "{amount} and refund any difference.",
    ),
    Issue(
        "charged_after_cancel",
        "billing",
        "high",
        (
            "I cancelled Brightwave Plus last month but you charged me {amount} again.",
            "My Plus subscription was cancelled, yet I got billed {amount} on {date}.",
            "Why am I still paying for Plus? I cancelled it and saw a {amount} charge.",
            "You renewed my Plus plan for {amount} even though I cancelled it.",
        ),
        "Sorry that you were billed {amount} after cancelling Plus; billing will refund it "
        "and confirm the cancellation by email.",
    ),
    Issue(
        "invoice",
        "billing",
        "low",
        (
            "Could you send me a VAT invoice for order {order}?",
            "I need an invoice with my company details for {order}.",
            "Where can I download the invoice for order {order}?",
            "My accountant needs a proper invoice for order {order}.",
        ),
        "We will email you the invoice for order {order} within one business day.",
    ),
    Issue(
        "card_declined",
        "billing",
        "normal",
        (
            "My card keeps getting declined at checkout even though it works everywhere else.",
            "Payment fails every time I try to buy the {device}, the card is fine.",
            "Checkout says my payment was declined but my bank says there is no problem.",
            "I can't pay for the {device}, the page says the card was rejected.",
        ),
        "Sorry about the failed payment; billing will check what blocked your card and email you a new payment link.",
    ),
)

_TECHNICAL = (
    Issue(
        "device_offline",
        "technical",
        "high",
        (
            "My {device} keeps going offline every few hours.",
            "The app shows my {device} as offline even though the wifi works.",
            "Since {date} the {device} disconnects all the time.",
            "The {device} drops off the network and I have to unplug it to get it back.",
        ),
        "Sorry your {device} keeps disconnecting; a technician will send you steps to "
        "restore a stable connection today.",
    ),
    Issue(
        "pairing",
        "technical",
        "normal",
        (
            "I can't pair my new {device} with the Brightwave app.",
            "The app never finds the {device} during setup.",
            "Setup of the {device} fails at the pairing step every time.",
            "How do I connect the {device}? Pairing just times out.",
        ),
        "Thanks for reaching out; our technical team will send you a short guide to pair your {device} with the app.",
    ),
    Issue(
        "update_bug",
        "technical",
        "normal",
        (
            "After the last firmware update my {device} stopped responding to schedules.",
            "Since updating the app to {version} my {device} ignores voice commands.",
            "The update on {date} broke the timer on my {device}.",
            "Version {version} made my {device} behave strangely, it turns on by itself.",
        ),
        "Sorry the update affected your {device}; our technical team is looking into it and will send you a fix.",
    ),
    Issue(
        "app_crash",
        "technical",
        "normal",
        (
            "The Brightwave app crashes as soon as I open it on my {phone}.",
            "App version {version} closes itself when I open the device list.",
            "I can't use the app anymore, it freezes and crashes on my {phone}.",
            "Every time I tap on the {device} in the app, the app crashes.",
        ),
        "Sorry the app keeps crashing; our technical team will help you reinstall it and check your logs.",
    ),
    Issue(
        "overheating",
        "technical",
        "urgent",
        (
            "My {device} got very hot and there is a burning smell.",
            "The {device} is too hot to touch and the plastic looks melted.",
            "I saw smoke coming from the {device} this morning.",
            "The {device} made a popping sound and now smells like burnt plastic.",
        ),
        "Please unplug the {device} and stop using it now; our safety team will contact you today about a replacement.",
    ),
)

_ACCOUNT = (
    Issue(
        "password_reset",
        "account",
        "normal",
        (
            "The password reset email never arrives.",
            "I asked for a reset link three times but got nothing, not even in spam.",
            "I forgot my password and the reset link doesn't come through.",
            "Reset password isn't working, no email shows up.",
        ),
        "Sorry about the missing reset email; we will send a new link to the address on your account.",
    ),
    Issue(
        "change_email",
        "account",
        "low",
        (
            "How do I change the email address on my account?",
            "I want to use a new email for my Brightwave login.",
            "Please update my account email, I no longer use the old one.",
            "Can I switch my account to a different email address?",
        ),
        "You can change your email under Settings, Account, and we can update it for you if you prefer.",
    ),
    Issue(
        "delete_account",
        "account",
        "normal",
        (
            "Please delete my Brightwave account and all my data.",
            "I'd like to close my account for good.",
            "How can I permanently remove my account?",
            "I don't use Brightwave anymore, please close my account.",
        ),
        "We have received your request and will delete your account within 30 days, and confirm by email.",
    ),
    Issue(
        "locked_out",
        "account",
        "high",
        (
            "My account is locked after too many login attempts.",
            "I can't log in, it says my account is locked.",
            "The app locked me out and now I can't control my {device}.",
            "Account locked, I can't get in to turn off my {device}.",
        ),
        "Sorry you are locked out; we will verify your identity and unlock your account as soon as possible.",
    ),
    Issue(
        "household",
        "account",
        "low",
        (
            "How do I give my partner access to our devices?",
            "Can I add a family member to my Brightwave home?",
            "I want my kids to control the {device} from their phones.",
            "Is it possible to share my home with a second user?",
        ),
        "You can invite household members under Settings, Home, Members, and they get their own login.",
    ),
)

_SHIPPING = (
    Issue(
        "late_delivery",
        "shipping",
        "normal",
        (
            "My order {order} hasn't arrived yet, it was due on {date}.",
            "Where is my package? Order {order} is {days} days late.",
            "Tracking for {order} hasn't changed in {days} days.",
            "I'm still waiting for order {order}, expected on {date}.",
        ),
        "Sorry for the delay with order {order}; we are checking with the carrier and will update you within 24 hours.",
    ),
    Issue(
        "lost_package",
        "shipping",
        "high",
        (
            "Tracking says order {order} was delivered but I never got it.",
            "My parcel {order} is marked as delivered, nothing was left at my door.",
            "The courier claims they delivered {order}, but no package arrived.",
            "Order {order} shows delivered on {date} but it's not here.",
        ),
        "Sorry that order {order} did not reach you; we are opening a claim with the carrier "
        "and will send a replacement.",
    ),
    Issue(
        "change_address",
        "shipping",
        "high",
        (
            "I need to change the delivery address for order {order}.",
            "I typed the wrong address for {order}, can you fix it before it ships?",
            "Please send order {order} to my office instead of my home.",
            "Can I update the shipping address on {order}? I moved last week.",
        ),
        "We will try to update the address on order {order} before it leaves the warehouse and confirm by email.",
    ),
    Issue(
        "ship_abroad",
        "shipping",
        "low",
        (
            "Do you ship to {country}?",
            "Can I order the {device} from {country}?",
            "How much is delivery to {country} and how long does it take?",
            "I'm moving to {country}, will you still deliver there?",
        ),
        "Thanks for asking; we will check delivery options and costs to {country} and get back to you.",
    ),
    Issue(
        "damaged_box",
        "shipping",
        "normal",
        (
            "Order {order} arrived with a crushed box.",
            "The parcel for {order} was torn open when it arrived.",
            "The box of order {order} was soaking wet on delivery.",
            "My {device} came in a badly damaged box, order {order}.",
        ),
        "Sorry about the damaged parcel for order {order}; please send us a photo and we will "
        "report it to the carrier.",
    ),
)

_RETURNS = (
    Issue(
        "return_request",
        "returns",
        "normal",
        (
            "I'd like to return my {device}, it's not what I expected.",
            "How do I send back the {device} from order {order}?",
            "I want a refund for the {device}, I don't need it anymore.",
            "Can I return order {order}? The {device} doesn't suit our home.",
        ),
        "You can return your {device} within 30 days; we will email you a prepaid return label.",
    ),
    Issue(
        "refund_status",
        "returns",
        "normal",
        (
            "I returned order {order} {days} days ago and still no refund.",
            "When will I get my money back for returned order {order}?",
            "You received my return for {order}, where is my refund?",
            "My refund for order {order} is still pending after {days} days.",
        ),
        "Sorry for the wait; we are checking the refund for order {order} and will confirm "
        "the date it reaches your account.",
    ),
    Issue(
        "wrong_item",
        "returns",
        "high",
        (
            "I ordered a {device} but received something else, order {order}.",
            "Order {order} contained the wrong product, not the {device} I ordered.",
            "You sent me the wrong item for {order}, I ordered the {colour} {device}.",
            "The box for {order} had a different device than the {device} I paid for.",
        ),
        "Sorry you received the wrong item in order {order}; we will ship the {device} and "
        "send a label for the return.",
    ),
    Issue(
        "broken_on_arrival",
        "returns",
        "high",
        (
            "The {device} from order {order} was broken when I opened it.",
            "My new {device} is dead on arrival, it won't power on.",
            "The {device} arrived cracked, order {order}.",
            "Brand new {device} and it doesn't work at all.",
        ),
        "Sorry your {device} arrived broken; we will send a replacement right away and a label for the faulty one.",
    ),
    Issue(
        "exchange",
        "returns",
        "low",
        (
            "Can I exchange my {device} for the {colour} version?",
            "I'd like to swap the {device} for a different colour, {colour}.",
            "Is it possible to exchange the {device} from order {order} for the {colour} model?",
            "I prefer the {colour} {device}, can I exchange it?",
        ),
        "Yes, you can exchange your {device} for the {colour} one; we will send you an exchange label.",
    ),
)

_SALES = (
    Issue(
        "bulk_quote",
        "sales",
        "normal",
        (
            "Can you give me a quote for {count} {device} units for our office?",
            "We want to buy {count} of the {device}, is there a volume price?",
            "I need {count} {device} devices for a rental flat project, what's the price?",
            "Please quote {count} units of the {device}.",
        ),
        "Thanks for your interest; our sales team will send you a quote for {count} {device} "
        "units within one business day.",
    ),
    Issue(
        "compatibility",
        "sales",
        "low",
        (
            "Does the {device} work with my {phone}?",
            "Before I buy, will the {device} work without the hub?",
            "Is the {device} compatible with other smart-home apps?",
            "Can the {device} be used outdoors?",
        ),
        "Good question; our sales team will confirm whether the {device} fits your setup before you buy.",
    ),
    Issue(
        "discount",
        "sales",
        "low",
        (
            "Do you offer a student discount?",
            "Are there any discounts if I buy the {device} and a hub together?",
            "Is the {device} going on sale soon?",
            "Do you have a promo code for first orders?",
        ),
        "Thanks for asking; our sales team will email you the current offers and discounts.",
    ),
    Issue(
        "stock",
        "sales",
        "low",
        (
            "When will the {colour} {device} be back in stock?",
            "The {device} has been sold out for weeks, any restock date?",
            "Can I pre-order the {device}? It shows out of stock.",
            "Will you restock the {colour} {device}?",
        ),
        "We will let you know as soon as the {device} is back in stock.",
    ),
    Issue(
        "upgrade_plan",
        "sales",
        "normal",
        (
            "I want to upgrade to Brightwave Plus for the whole family.",
            "What do I get if I move to the Plus plan?",
            "How do I upgrade my plan to get longer camera history?",
            "Can I switch to the yearly Plus plan?",
        ),
        "Thanks for your interest in Plus; our sales team will send you the plan options and prices.",
    ),
)

_SECURITY = (
    Issue(
        "account_hacked",
        "security",
        "urgent",
        (
            "Someone logged into my account from {country} and changed my password.",
            "I got an alert about a login from {country} that wasn't me.",
            "My account was hacked, someone changed my email address.",
            "A stranger has access to my account and is turning my {device} on and off.",
        ),
        "We have locked your account to protect it; our security team will contact you now to restore access.",
    ),
    Issue(
        "phishing",
        "security",
        "high",
        (
            "I got an email claiming to be Brightwave asking for my card details.",
            "Is this text message from you? It asks me to confirm my password.",
            "Someone called pretending to be Brightwave support and asked for my login code.",
            "I received a suspicious invoice email with a link to log in.",
        ),
        "Thank you for reporting this; please do not click the link, and our security team "
        "will investigate the message.",
    ),
    Issue(
        "camera_access",
        "security",
        "urgent",
        (
            "My Sentry camera moved on its own and I heard a voice through it.",
            "Someone is watching through my Sentry camera, the light is on when I'm not using it.",
            "The Sentry doorbell shows recordings I never made.",
            "There are camera clips in my app from times I was away and the camera was off.",
        ),
        "Please unplug the camera now; our security team will contact you immediately to secure your account.",
    ),
    Issue(
        "lost_2fa",
        "security",
        "high",
        (
            "I lost the phone I use for two-factor login.",
            "My phone was stolen and it has my Brightwave login codes.",
            "I can't get my two-factor codes anymore, I changed phones.",
            "My authenticator app was wiped, how do I log in now?",
        ),
        "We will verify your identity and reset two-factor login on your account; please watch your email.",
    ),
    Issue(
        "data_copy",
        "security",
        "normal",
        (
            "I'd like a copy of all the data you hold about me.",
            "Under data protection law, please send me my personal data.",
            "What recordings from my Sentry camera do you store?",
            "Please tell me what personal information Brightwave keeps on me.",
        ),
        "We have received your data request; our privacy team will send you a copy within 30 days.",
    ),
)

_FEEDBACK = (
    Issue(
        "compliment",
        "feedback",
        "low",
        (
            "Just wanted to say the {device} is brilliant, thanks!",
            "Your support agent was so helpful yesterday, thank you.",
            "Love my {device}, best purchase this year.",
            "Great service, the {device} arrived early and works perfectly.",
        ),
        "Thank you for the kind words; we have shared your message with the team.",
    ),
    Issue(
        "suggestion",
        "feedback",
        "low",
        (
            "It would be great if the app had a dark mode.",
            "Please add a way to group devices by room in the app.",
            "Could the {device} get a sunrise mode in a future update?",
            "Suggestion: let us set schedules for the {device} by season.",
        ),
        "Thanks for the suggestion; we have passed it to our product team.",
    ),
    Issue(
        "bad_service",
        "feedback",
        "normal",
        (
            "The agent I spoke to on {date} was rude and hung up on me.",
            "I waited on hold for an hour and nobody helped me.",
            "Your chat support gave me three different answers about the {device}.",
            "I'm unhappy with how my last ticket was handled, nobody followed up.",
        ),
        "Sorry about your experience with our support; a team lead will review it and get back to you.",
    ),
    Issue(
        "app_design",
        "feedback",
        "low",
        (
            "The new app layout is confusing, I can't find my {device}.",
            "I preferred the old home screen in the app.",
            "The app's text is too small on my {phone}.",
            "Too many notifications from the app, please tone it down.",
        ),
        "Thanks for the feedback on the app; we have shared it with our design team.",
    ),
    Issue(
        "packaging",
        "feedback",
        "low",
        (
            "The {device} came with way too much plastic packaging.",
            "Could you use recyclable boxes? My order had lots of foam.",
            "Nice product, but the packaging for the {device} was wasteful.",
            "Please cut down on packaging, the box was three times the size of the {device}.",
        ),
        "Thanks for the feedback on our packaging; we have passed it to the team working on it.",
    ),
)

ISSUES: tuple[Issue, ...] = _BILLING + _TECHNICAL + _ACCOUNT + _SHIPPING + _RETURNS + _SALES + _SECURITY + _FEEDBACK
