"""Verified tokens are remembered only until they expire."""

from __future__ import annotations

import asyncio
import time

import pytest

from praksis.kit import auth
from praksis.kit.auth import TokenVerifier, issue_dev_token
from praksis.kit.errors import Unauthorized
from tests.conftest import make_settings


def test_a_remembered_token_is_refused_once_it_has_expired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings("sqlite://")
    verifier = TokenVerifier(settings)
    token = issue_dev_token(
        settings, subject="s", tenant="dk-0766", roles=["participant"], ttl_seconds=60
    )
    assert asyncio.run(verifier.verify(token)).subject == "s"
    assert token in verifier._verified
    calls: list[str] = []

    async def verify_again(candidate: str) -> object:
        calls.append(candidate)
        raise Unauthorized("The token has expired.")

    monkeypatch.setattr(verifier, "_verify_uncached", verify_again)
    assert asyncio.run(verifier.verify(token)).subject == "s"  # still valid: from memory
    assert calls == []
    later = time.time() + 60 + auth.CLOCK_SKEW_SECONDS + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)
    with pytest.raises(Unauthorized, match="expired"):
        asyncio.run(verifier.verify(token))
    assert calls == [token]


def test_a_refused_token_is_never_remembered() -> None:
    settings = make_settings("sqlite://")
    verifier = TokenVerifier(settings)
    token = issue_dev_token(settings, subject="s", tenant="dk-0766", roles=["participant"])
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for _ in range(2):
        with pytest.raises(Unauthorized):
            asyncio.run(verifier.verify(tampered))
    assert tampered not in verifier._verified
