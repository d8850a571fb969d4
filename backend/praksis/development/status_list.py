"""A municipality's credential status list: W3C Bitstring Status List v1.0, purpose
``revocation``.

Each credential holds a place (``statusListIndex``) in its municipality's list; the bit there
is 1 once HR revoked it. A badge names its place in a ``BitstringStatusListEntry``, and the
list is published, without a token, as a ``BitstringStatusListCredential``: its
``encodedList`` is the bitstring (index 0 the left-most bit), GZIP-compressed, base64url
without padding, with the multibase prefix ``u``. The list is at least 131,072 bits long
(the spec's minimum, for group privacy) and grows by that much so it is at most half full:
places are drawn at random (the spec's advice: a place tells nothing of when a credential
was issued or how many there are), and a half-empty list keeps a draw from colliding often.
"""

from __future__ import annotations

import base64
import gzip
import secrets
from collections.abc import Iterable
from typing import Any

LIST_BLOCK = 131_072
STATUS_PURPOSE = "revocation"
TTL_SECONDS = 300
CONTEXT = ["https://www.w3.org/ns/credentials/v2"]


def list_length(entries: int, highest_index: int | None = None) -> int:
    """Bits in a list holding ``entries`` places, the highest at ``highest_index``."""
    needed = max(2 * entries, 0 if highest_index is None else highest_index + 1, 1)
    return LIST_BLOCK * -(-needed // LIST_BLOCK)


def random_index(length: int) -> int:
    """A place drawn at random from a list of ``length`` bits."""
    return secrets.randbelow(length)


def encoded_list(revoked: Iterable[int], length: int) -> str:
    """The bitstring with the ``revoked`` places set, compressed and encoded as the spec says
    (the same bits always give the same text: no time in the GZIP header)."""
    bits = bytearray(length // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def status_entry(list_url: str, index: int) -> dict[str, str]:
    """The ``credentialStatus`` of a credential at ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    list_url: str, issuer_id: str, valid_from: str, revoked: Iterable[int], length: int
) -> dict[str, Any]:
    """The ``BitstringStatusListCredential`` published at ``list_url``: only bits."""
    return {
        "@context": CONTEXT,
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encoded_list(revoked, length),
            "ttl": TTL_SECONDS * 1000,
        },
    }
