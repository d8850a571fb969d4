"""The outgoing HTTPS clients' TLS context: built once per process, and verifying."""

from __future__ import annotations

import ssl

from praksis.kit.tls import verified_tls


def test_one_context_per_kind_that_verifies_certificates_and_names() -> None:
    trusting_env, not_trusting_env = verified_tls(), verified_tls(trust_env=False)
    assert verified_tls() is trusting_env
    assert verified_tls(trust_env=False) is not_trusting_env
    for context in (trusting_env, not_trusting_env):
        assert context.verify_mode is ssl.CERT_REQUIRED
        assert context.check_hostname
        assert context.cert_store_stats()["x509_ca"] > 0
