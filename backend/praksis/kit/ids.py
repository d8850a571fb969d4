"""Identifiers: UUIDv7, so new rows sort by creation time and index pages stay warm."""

from __future__ import annotations

import os
import time
import uuid


def new_id() -> uuid.UUID:
    """A version 7 UUID (RFC 9562): 48-bit Unix milliseconds, then random bits."""
    unix_ms = time.time_ns() // 1_000_000
    value = (unix_ms & 0xFFFF_FFFF_FFFF) << 80
    value |= int.from_bytes(os.urandom(10), "big") & ((1 << 80) - 1)
    value &= ~(0xF << 76)
    value |= 0x7 << 76
    value &= ~(0x3 << 62)
    value |= 0x2 << 62
    return uuid.UUID(int=value)
