"""E-mail by SMTP, with Python's own ``email`` and ``smtplib``: a message composed, then sent
over one connection (STARTTLS, TLS or plain, as ``PRAKSIS_SMTP_SECURITY`` says)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from praksis.settings import Settings

CALENDAR_FILENAME = "invitation.ics"


class MailNotConfigured(Exception):
    """No ``PRAKSIS_SMTP_HOST``: nothing can be sent."""


def compose(
    sender: str,
    recipient: tuple[str, str],
    subject: str,
    body: str,
    calendars: Sequence[tuple[str, bytes]] = (),
) -> EmailMessage:
    """A plain-text message to ``recipient`` (e-mail, name), with each calendar part
    (method, iCalendar bytes) attached as ``text/calendar; method=…``."""
    message = EmailMessage()
    message["From"] = formataddr(("Praksis", sender))
    email, name = recipient
    message["To"] = formataddr((name, email))
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message.set_content(body)
    for method, data in calendars:
        message.add_attachment(
            data,
            maintype="text",
            subtype="calendar",
            filename=CALENDAR_FILENAME,
            params={"method": method, "charset": "utf-8"},
        )
    return message


def send(settings: Settings, message: EmailMessage) -> None:
    """Hand the message to the mail server; raises ``OSError`` or ``smtplib.SMTPException``
    when it is not accepted (the caller's job is retried)."""
    if settings.smtp_host is None:
        raise MailNotConfigured("PRAKSIS_SMTP_HOST is not set")
    timeout = settings.smtp_timeout_seconds
    client: smtplib.SMTP
    if settings.smtp_security == "tls":
        client = smtplib.SMTP_SSL(
            settings.smtp_host,
            settings.smtp_port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    with client:
        if settings.smtp_security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.smtp_username is not None and settings.smtp_password is not None:
            client.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        client.send_message(message)
