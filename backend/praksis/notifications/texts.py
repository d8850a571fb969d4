"""What each notification says, in Danish, English and Norwegian bokmål.

A text is filled from the notification's payload (titles, names, times as ISO moments shown
in the municipality's time zone); it never reads anything else, so it says what was decided
when it was decided.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from praksis.notifications.models import Language, NotificationKind

Text = tuple[str, str]  # subject, body

TEXTS: dict[Language, dict[NotificationKind, Text]] = {
    Language.da: {
        NotificationKind.enrolment_decided: (
            "{programme}: {outcome}",
            "Din tilmelding til {programme} er {outcome}.",
        ),
        NotificationKind.workshop_invitation: (
            "Workshop: {title} {starts}",
            "Du deltager i workshoppen {title} {starts}–{ends}{place}. "
            "Invitationen er vedhæftet til din kalender.",
        ),
        NotificationKind.workshop_cancelled: (
            "Aflyst: {title} {starts}",
            "Workshoppen {title} {starts} er aflyst.",
        ),
        NotificationKind.feedback_requested: (
            "{asked_by} beder om din feedback",
            "{asked_by} beder om din feedback på en afprøvning i sit aktionslæringsprojekt.",
        ),
        NotificationKind.evaluation_due: (
            "Evaluér {title}",
            "Du deltog i {title} {starts}. Fortæl os, hvad du fik ud af det.",
        ),
        NotificationKind.evaluations_open: (
            "Evalueringen af {title}",
            "Workshoppen {title} {starts} er slut, og deltagerne kan evaluere den. Mind dem "
            "om det, og frigiv resultaterne, når nok har svaret.",
        ),
        NotificationKind.follow_up_due: (
            "Opfølgning på {programme}",
            "Det er tid til at fortælle, hvordan du bruger det, du lærte på {programme}.",
        ),
        NotificationKind.team_attention: (
            "{member} venter på dit svar",
            "{member} har bedt om en plads på {programme} og venter på dit svar.",
        ),
    },
    Language.nb: {
        NotificationKind.enrolment_decided: (
            "{programme}: {outcome}",
            "Påmeldingen din til {programme} er {outcome}.",
        ),
        NotificationKind.workshop_invitation: (
            "Workshop: {title} {starts}",
            "Du deltar i workshopen {title} {starts}–{ends}{place}. "
            "Invitasjonen er vedlagt for kalenderen din.",
        ),
        NotificationKind.workshop_cancelled: (
            "Avlyst: {title} {starts}",
            "Workshopen {title} {starts} er avlyst.",
        ),
        NotificationKind.feedback_requested: (
            "{asked_by} ber om tilbakemeldingen din",
            "{asked_by} ber om tilbakemelding på en utprøving i aksjonslæringsprosjektet sitt.",
        ),
        NotificationKind.evaluation_due: (
            "Evaluer {title}",
            "Du deltok på {title} {starts}. Fortell oss hva du fikk ut av det.",
        ),
        NotificationKind.evaluations_open: (
            "Evalueringen av {title}",
            "Workshopen {title} {starts} er over, og deltakerne kan evaluere den. Minn dem "
            "på det, og frigi resultatene når nok har svart.",
        ),
        NotificationKind.follow_up_due: (
            "Oppfølging av {programme}",
            "Det er tid for å fortelle hvordan du bruker det du lærte på {programme}.",
        ),
        NotificationKind.team_attention: (
            "{member} venter på svaret ditt",
            "{member} har bedt om plass på {programme} og venter på svaret ditt.",
        ),
    },
    Language.en: {
        NotificationKind.enrolment_decided: (
            "{programme}: {outcome}",
            "Your enrolment on {programme} is {outcome}.",
        ),
        NotificationKind.workshop_invitation: (
            "Workshop: {title} {starts}",
            "You take part in the workshop {title} {starts}–{ends}{place}. "
            "The invitation for your calendar is attached.",
        ),
        NotificationKind.workshop_cancelled: (
            "Cancelled: {title} {starts}",
            "The workshop {title} {starts} is cancelled.",
        ),
        NotificationKind.feedback_requested: (
            "{asked_by} asks for your feedback",
            "{asked_by} asks for your feedback on a trial action in their project.",
        ),
        NotificationKind.evaluation_due: (
            "Evaluate {title}",
            "You took part in {title} {starts}. Tell us what you took from it.",
        ),
        NotificationKind.evaluations_open: (
            "The evaluation of {title}",
            "The workshop {title} {starts} is over and its participants can evaluate it. "
            "Remind them, and release the results when enough have answered.",
        ),
        NotificationKind.follow_up_due: (
            "Follow-up on {programme}",
            "It is time to tell how you use what you learnt on {programme}.",
        ),
        NotificationKind.team_attention: (
            "{member} waits for your answer",
            "{member} asked for a place on {programme} and waits for your answer.",
        ),
    },
}

OUTCOMES: dict[Language, dict[str, str]] = {
    Language.da: {
        "approved": "godkendt",
        "waitlisted": "sat på venteliste",
        "declined": "afvist",
        "promoted": "godkendt: du har fået en plads fra ventelisten",
    },
    Language.nb: {
        "approved": "godkjent",
        "waitlisted": "satt på venteliste",
        "declined": "avslått",
        "promoted": "godkjent: du har fått plass fra ventelisten",
    },
    Language.en: {
        "approved": "approved",
        "waitlisted": "on the waiting list",
        "declined": "declined",
        "promoted": "approved: you were offered a place from the waiting list",
    },
}

PLACE = {Language.da: " i {}", Language.nb: " i {}", Language.en: " at {}"}
AT = {Language.da: "kl.", Language.nb: "kl.", Language.en: "at"}
DIGEST_SUBJECT = {
    Language.da: "Praksis: {count} nye beskeder",
    Language.nb: "Praksis: {count} nye meldinger",
    Language.en: "Praksis: {count} new notifications",
}
FOOTER = {
    Language.da: "Åbn Praksis: {url}\nSprog og hvornår du får e-mails vælger du på din "
    "forside i Praksis (E-mails fra Praksis).",
    Language.nb: "Åpne Praksis: {url}\nSpråk og når du får e-post velger du på forsiden "
    "din i Praksis (E-post fra Praksis).",
    Language.en: "Open Praksis: {url}\nChoose your language and when you get e-mails on "
    "your home page in Praksis (E-mails from Praksis).",
}


def render(
    kind: NotificationKind, payload: dict[str, Any], language: Language, zone: ZoneInfo
) -> Text:
    """The subject and body of one notification."""
    subject, body = TEXTS[language][kind]
    fields = _fields(payload, language, zone)
    return subject.format(**fields), body.format(**fields)


def footer(language: Language, url: str) -> str:
    return FOOTER[language].format(url=url)


def digest_subject(language: Language, count: int) -> str:
    return DIGEST_SUBJECT[language].format(count=count)


def local_time(moment: str, language: Language, zone: ZoneInfo) -> str:
    """An ISO moment as the municipality's clock shows it: ``03.12.2026 kl. 09:00``."""
    shown = datetime.fromisoformat(moment).astimezone(zone)
    return f"{shown:%d.%m.%Y} {AT[language]} {shown:%H:%M}"


def _fields(payload: dict[str, Any], language: Language, zone: ZoneInfo) -> dict[str, str]:
    fields = {key: str(value) for key, value in payload.items()}
    if "outcome" in payload:
        fields["outcome"] = OUTCOMES[language].get(str(payload["outcome"]), str(payload["outcome"]))
    if "starts_at" in payload:
        fields["starts"] = local_time(str(payload["starts_at"]), language, zone)
    if "ends_at" in payload:
        fields["ends"] = f"{datetime.fromisoformat(str(payload['ends_at'])).astimezone(zone):%H:%M}"
    location = str(payload.get("location") or "")
    fields["place"] = PLACE[language].format(location) if location else ""
    return fields
