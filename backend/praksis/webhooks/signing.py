"""Standard Webhooks signatures (https://www.standardwebhooks.com/): the ``webhook-id``,
``webhook-timestamp`` and ``webhook-signature`` headers of a delivery.

The signature is ``v1,`` and the base64 HMAC-SHA256, keyed with the secret's bytes, of
``<id>.<timestamp>.<body>``; the ``standardwebhooks`` package computes it. A secret is
``whsec_`` and base64 of 32 random bytes (the specification asks for 24 to 64). While a
rotated-out secret still counts, the header carries a signature with each, separated by a
space, so a receiver that holds either verifies.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime
from math import floor

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def signed_headers(
    message_id: str, timestamp: datetime, body: bytes, signing_secrets: Sequence[str]
) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body`` sent at ``timestamp``."""
    signatures = " ".join(
        Webhook(secret).sign(message_id, timestamp, body) for secret in signing_secrets
    )
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(floor(timestamp.timestamp())),
        "webhook-signature": signatures,
    }
