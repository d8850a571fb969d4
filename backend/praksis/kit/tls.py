"""The TLS context of Praksis's outgoing HTTPS calls (an issuer's keys, webhooks, OS2mo), and
of the tests' clients of local servers.

httpx builds a context for every client it makes unless given one, loading the CA bundle each
time (~25 ms of CPU); these clients are made per refresh, per delivery run and per sync, so
the process builds each kind once. The same verification as httpx's default: certifi's
bundle, or ``SSL_CERT_FILE``/``SSL_CERT_DIR`` where the client trusts the environment (read
when the context is first built).
"""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def verified_tls(*, trust_env: bool = True) -> ssl.SSLContext:
    return httpx.create_ssl_context(trust_env=trust_env)
