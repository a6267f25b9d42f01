"""Brightwave for Business: a related but distinct domain with the same label set.

Fleet customers (hotels, offices, clinics) write formal emails with a subject line about
site-wide installations, purchase orders, admin consoles and the API. A model that learnt
the triage task transfers to it; one that memorised consumer tickets does not.
"""

from __future__ import annotations

from _tickets import Issue, Style

STYLE = Style(
    greetings=(
        "Dear Brightwave team,",
        "Hello,",
        "Good afternoon,",
        "To whom it may concern,",
        "Dear account team,",
        "Hi team,",
    ),
    signoffs=(
        "Kind regards, {full_name}, {company}",
        "Best regards, {full_name}",
        "Sincerely, {full_name}, facilities manager",
        "Regards, {full_name}, IT",
        "Thank you, {full_name}",
    ),
    contexts=(
        "",
        "We operate {sites} sites with Brightwave devices.",
        "Our contract number is {contract}.",
        "This concerns our {city} site.",
        "Our IT department has reviewed the issue.",
    ),
    up_cues=(
        "This is business-critical for us.",
        "Please escalate this, our operations are affected.",
        "We need a resolution before the end of today.",
        "This affects our guests and requires immediate attention.",
    ),
    down_cues=(
        "This is not time-sensitive.",
        "A reply at your earliest convenience is fine.",
        "There is no urgency on our side.",
        "Please handle this when capacity allows.",
    ),
    email=True,
)

_ISSUES = (
    Issue(
        "po_mismatch",
        "billing",
        "normal",
        (
            "The invoice for purchase order {po} does not match the agreed contract price.",
            "Invoice {po} lists {units} units, but we only received part of them.",
            "Our finance team found a discrepancy between invoice {po} and our contract.",
        ),
        "Thank you for flagging invoice {po}; our billing team will review it against your "
        "contract and issue a corrected invoice.",
        "Invoice discrepancy on {po}",
    ),
    Issue(
        "seat_overcharge",
        "billing",
        "high",
        (
            "We were billed for {seats} admin seats although we cancelled half of them.",
            "This month's charge covers {seats} console seats, which is more than we use.",
            "Our subscription renewed with {seats} seats instead of the reduced number.",
        ),
        "Sorry for the incorrect seat count; billing will correct your subscription and credit the difference.",
        "Incorrect seat billing",
    ),
    Issue(
        "fleet_offline",
        "technical",
        "high",
        (
            "About {units} hubs at our {city} site have been offline since {date}.",
            "Several devices across {sites} sites stopped reporting to the console.",
            "The fleet dashboard shows {units} devices as unreachable at our {city} location.",
        ),
        "Sorry about the offline devices; a technician will review your site logs and contact you today.",
        "Devices offline at {city}",
    ),
    Issue(
        "api_errors",
        "technical",
        "normal",
        (
            "Our integration receives error {code} from the {endpoint} endpoint.",
            "Calls to {endpoint} started failing with status {code} on {date}.",
            "The API returns {code} for most requests to {endpoint}.",
        ),
        "Thank you for the details; our technical team will investigate the {code} errors on "
        "{endpoint} and report back.",
        "API errors on {endpoint}",
    ),
    Issue(
        "sso_login",
        "account",
        "high",
        (
            "Our staff can no longer sign in to the console through single sign-on.",
            "SSO login fails for all users of {company} since {date}.",
            "Single sign-on redirects our admins back to the login page.",
        ),
        "Sorry about the sign-in problem; our team will check your single sign-on settings and restore access.",
        "Single sign-on not working",
    ),
    Issue(
        "add_admin",
        "account",
        "low",
        (
            "Please add {full_name} as an administrator of our organisation.",
            "We need a second console administrator for the {city} site.",
            "Could you transfer admin rights to our new facilities manager?",
        ),
        "We will update the administrators of your organisation and confirm by email.",
        "New console administrator",
    ),
    Issue(
        "bulk_delivery",
        "shipping",
        "normal",
        (
            "Our delivery of {units} units under {po} has not arrived at the {city} site.",
            "The shipment for purchase order {po} is overdue by {days} days.",
            "Only part of the {units} units on {po} were delivered.",
        ),
        "Sorry for the delay with {po}; we are checking with the carrier and will send you an updated delivery date.",
        "Delayed delivery for {po}",
    ),
    Issue(
        "delivery_slot",
        "shipping",
        "low",
        (
            "Can the next delivery to our {city} site be scheduled before 9 am?",
            "Our loading dock is only open in the morning, please plan deliveries for it.",
            "We would like the delivery for {po} split across two dates.",
        ),
        "We will pass your delivery preferences to logistics and confirm the schedule.",
        "Delivery scheduling",
    ),
    Issue(
        "rma_batch",
        "returns",
        "high",
        (
            "{units} devices from purchase order {po} are faulty and need to be returned.",
            "We need to return a batch of defective units delivered under {po}.",
            "A large share of the devices on {po} fail on start-up, we request an RMA.",
        ),
        "Sorry about the faulty units on {po}; we will issue a return authorisation and ship replacements.",
        "Return of faulty units on {po}",
    ),
    Issue(
        "unused_units",
        "returns",
        "normal",
        (
            "We ordered too many units on {po} and would like to return the unopened ones.",
            "Can we send back {units} unused devices from {po}?",
            "The {city} project was cancelled, we want to return the devices on {po}.",
        ),
        "You can return unopened units from {po}; we will send the return instructions and labels.",
        "Returning unused units",
    ),
    Issue(
        "renewal_quote",
        "sales",
        "normal",
        (
            "Please send a quote to renew contract {contract} for another year.",
            "Our contract {contract} expires soon, we would like renewal pricing.",
            "We intend to extend {contract} and add {sites} new sites.",
        ),
        "Thank you; our account team will send a renewal quote for contract {contract} this week.",
        "Renewal of {contract}",
    ),
    Issue(
        "demo_request",
        "sales",
        "low",
        (
            "We would like a demonstration of the fleet console for our managers.",
            "Could someone present Brightwave for Business to our board?",
            "Is a trial of the console available for {sites} sites?",
        ),
        "Thank you for your interest; our sales team will contact you to schedule a demo.",
        "Demo request",
    ),
    Issue(
        "suspicious_admin",
        "security",
        "urgent",
        (
            "An unknown administrator account appeared in our console today.",
            "Our audit log shows admin logins from {country} that none of us made.",
            "Someone disabled the cameras at our {city} site from an admin account we don't know.",
        ),
        "We are securing your organisation now; our security team will contact you immediately to investigate.",
        "Unknown admin activity",
    ),
    Issue(
        "security_review",
        "security",
        "normal",
        (
            "Our compliance team needs your completed security questionnaire.",
            "Please share your latest penetration test summary and certifications.",
            "We require details on how camera recordings are encrypted and stored.",
        ),
        "Our security team will send you the requested documentation for your review.",
        "Security documentation request",
    ),
    Issue(
        "feature_request",
        "feedback",
        "low",
        (
            "It would help us if the console could export reports per site.",
            "We suggest adding role-based permissions for site managers.",
            "Our managers would like scheduled email summaries from the console.",
        ),
        "Thank you for the suggestion; we have shared it with our product team.",
        "Feature suggestion",
    ),
    Issue(
        "service_complaint",
        "feedback",
        "normal",
        (
            "We are dissatisfied with the response time on our last support case.",
            "Our account manager has not replied to us for {days} days.",
            "The installation team left our {city} site without finishing the work.",
        ),
        "Sorry about your experience; a team lead will review your case and contact you.",
        "Service complaint",
    ),
)

ISSUES: tuple[Issue, ...] = _ISSUES
