"""A delivery over https goes to the address that was checked, and TLS still verifies the
certificate for the endpoint's name (not for the address): pinning the connection against
DNS rebinding must not cost the receiver its certificate check."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient
from standardwebhooks import Webhook

from praksis.webhooks.delivery import deliver_due
from tests.cohorts.helpers import hr
from tests.conftest import HeaderFactory
from tests.webhooks.helpers import ENDPOINTS, deliveries, register
from tests.webhooks.receiver import running_receiver


def _certificate(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for the DNS name ``name``: (certificate, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def trusting(tmp_path: Path) -> Iterator[tuple[ssl.SSLContext, httpx.Client, Path]]:
    """A server context for ``localhost``, and a client that trusts only that certificate."""
    cert, key = _certificate(tmp_path, "localhost")
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    with httpx.Client(verify=ssl.create_default_context(cafile=str(cert)), timeout=5) as client:
        yield server, client, tmp_path


def test_https_is_sent_to_the_checked_address_and_verified_for_the_name(
    client: TestClient, auth: HeaderFactory, trusting: tuple[ssl.SSLContext, httpx.Client, Path]
) -> None:
    server, http, _folder = trusting
    with running_receiver(tls=server) as receiver:
        endpoint = register(client, auth, receiver.url)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        assert deliver_due(runtime.engine, runtime.settings, client=http).delivered == 1
        (received,) = receiver.requests()
    assert received.headers["host"] == receiver.url.split("/")[2]  # localhost:<port>
    Webhook(endpoint["secret"]).verify(received.body, received.headers)


def test_a_certificate_for_another_name_is_refused(
    client: TestClient, auth: HeaderFactory, trusting: tuple[ssl.SSLContext, httpx.Client, Path]
) -> None:
    _server, http, folder = trusting
    cert, key = _certificate(folder, "intranet.example.dk")
    impostor = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    impostor.load_cert_chain(cert, key)
    with running_receiver(tls=impostor) as receiver:
        endpoint = register(client, auth, receiver.url)
        client.post(f"{ENDPOINTS}/{endpoint['id']}/test", headers=hr(auth))
        runtime = client.app.state.runtime  # type: ignore[attr-defined]
        assert deliver_due(runtime.engine, runtime.settings, client=http).retrying == 1
        assert receiver.requests() == []
    (refused,) = deliveries(client, auth, endpoint["id"])
    assert "CERTIFICATE_VERIFY_FAILED" in refused["last_error"]
