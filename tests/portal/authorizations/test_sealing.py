import datetime
import hashlib
import io
import re
import threading
from dataclasses import dataclass

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.checks.registry import registry
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from portal.authorizations import sealing
from portal.authorizations.checks import check_authorization_seal
from portal.authorizations.document import render_pdf
from tests.portal.authorizations.test_document import sample_text

NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)
SEAL_KEY_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=True,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


def _name(common_name):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


@dataclass(frozen=True)
class Pki:
    """A CA and a seal certificate it issued (EC P-256: fast to make)."""

    ca_key: ec.EllipticCurvePrivateKey
    ca: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    def issue(self, common_name, *, not_before=None, not_after=None, key=None):
        key = key or ec.generate_private_key(ec.SECP256R1())
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(self.ca.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or NOW - DAY)
            .not_valid_after(not_after or NOW + 365 * DAY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
            .add_extension(SEAL_KEY_USAGE, True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    self.ca_key.public_key()
                ),
                False,
            )
            .sign(self.ca_key, hashes.SHA256())
        )
        return key, certificate


def make_pki(ca_name, seal_name) -> Pki:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name(ca_name))
        .issuer_name(_name(ca_name))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - 10 * DAY)
        .not_valid_after(NOW + 3650 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pki = Pki(ca_key=ca_key, ca=ca, key=None, cert=None)
    key, cert = pki.issue(seal_name)
    return Pki(ca_key=ca_key, ca=ca, key=key, cert=cert)


@pytest.fixture(scope="module")
def pki():
    return make_pki("Test Government Root CA", "國家文官學院 電子印信")


@pytest.fixture(scope="module")
def other_pki():
    return make_pki("Somebody Else's CA", "Not the institute")


def key_pem(key, passphrase=None):
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def cert_pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def use_seal(settings, tmp_path):
    """Point the AUTHORIZATION_SEAL_* settings at PEM files of this key and cert."""
    settings.VAR_DIR = tmp_path / "var"
    settings.AUTHORIZATION_SEAL_DEVELOPMENT = False

    def configure(key, cert, *, chain=(), passphrase="", name="seal"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "key.pem").write_bytes(key_pem(key, passphrase))
        (folder / "cert.pem").write_bytes(cert_pem(cert))
        chain_files = []
        for n, certificate in enumerate(chain):
            path = folder / f"chain{n}.pem"
            path.write_bytes(cert_pem(certificate))
            chain_files.append(str(path))
        settings.AUTHORIZATION_SEAL_KEY_FILE = str(folder / "key.pem")
        settings.AUTHORIZATION_SEAL_CERT_FILE = str(folder / "cert.pem")
        settings.AUTHORIZATION_SEAL_KEY_PASSPHRASE = passphrase
        settings.AUTHORIZATION_SEAL_CHAIN_FILES = chain_files
        return folder

    return configure


@pytest.fixture(scope="module")
def unsealed_pdf():
    return render_pdf(sample_text())


def seal(pdf):
    return sealing.seal_pdf(pdf, reason="授權書電子簽章", location="臺北市")


def signed_ranges(pdf: bytes):
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    a, b, c, d = map(int, match.groups())
    return range(a, a + b), range(c, c + d)


def test_sealed_pdf_is_intact_valid_and_trusted_with_the_ca_as_root(
    pki, use_seal, unsealed_pdf
):
    use_seal(pki.key, pki.cert, chain=[pki.ca])
    sealed = seal(unsealed_pdf)

    assert sealed.startswith(unsealed_pdf)  # an incremental update: the original stays
    assert b"/ETSI.CAdES.detached" in sealed
    status = sealing.seal_status(sealed, trust_roots=[pki.ca])
    assert (status.sealed, status.intact, status.valid, status.trusted) == (
        True,
        True,
        True,
        True,
    )
    assert status.ok
    assert status.signer == "國家文官學院 電子印信"
    embedded = PdfFileReader(io.BytesIO(sealed)).embedded_signatures[0]
    subjects = {
        c.chosen.subject.native["common_name"]
        for c in embedded.signed_data["certificates"]
    }
    assert subjects == {
        "國家文官學院 電子印信",
        "Test Government Root CA",
    }  # chain embedded
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.signed_at is not None
    assert abs(
        status.signed_at - datetime.datetime.now(datetime.UTC)
    ) < 60 * datetime.timedelta(seconds=1)


def test_default_trust_roots_are_the_configured_seal_and_its_chain(
    pki, use_seal, unsealed_pdf
):
    use_seal(pki.key, pki.cert, chain=[pki.ca])
    assert sealing.seal_status(seal(unsealed_pdf)).ok


def test_without_a_chain_the_seal_certificate_itself_is_trusted(
    pki, use_seal, unsealed_pdf
):
    use_seal(pki.key, pki.cert)
    sealed = seal(unsealed_pdf)
    assert sealing.seal_status(sealed).ok
    # nor does anybody else's root vouch for it
    assert not sealing.seal_status(
        sealed, trust_roots=[cert_pem(pki.issue("x")[1])]
    ).trusted


def test_changing_one_byte_in_the_signed_range_breaks_the_seal(
    pki, use_seal, unsealed_pdf
):
    use_seal(pki.key, pki.cert, chain=[pki.ca])
    sealed = seal(unsealed_pdf)
    position = sealed.index(
        b"ReportLab PDF Library"
    )  # the producer, in the Info dictionary
    assert any(position in part for part in signed_ranges(sealed))
    tampered = sealed[:position] + b"X" + sealed[position + 1 :]

    status = sealing.seal_status(tampered, trust_roots=[pki.ca])
    assert status.sealed
    assert not (status.intact and status.valid)
    assert not status.ok


def test_changing_the_page_content_breaks_the_seal(pki, use_seal, unsealed_pdf):
    use_seal(pki.key, pki.cert, chain=[pki.ca])
    sealed = seal(unsealed_pdf)
    stream = re.search(rb"stream\r?\n", sealed).end() + 20
    assert any(stream in part for part in signed_ranges(sealed))
    tampered = sealed[:stream] + bytes([sealed[stream] ^ 0x01]) + sealed[stream + 1 :]
    assert not sealing.seal_status(tampered, trust_roots=[pki.ca]).ok


def test_a_page_replaced_in_an_update_after_sealing_is_reported(
    pki, use_seal, unsealed_pdf
):
    use_seal(pki.key, pki.cert, chain=[pki.ca])
    sealed = seal(unsealed_pdf)
    # the signed bytes stay as they were; a later revision draws another page
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (Forged) Tj ET")
    )
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)

    status = sealing.seal_status(output.getvalue(), trust_roots=[pki.ca])
    assert status.sealed and status.valid
    assert not status.intact
    assert not status.ok


def test_a_pdf_sealed_by_another_key_is_not_trusted(
    pki, other_pki, use_seal, unsealed_pdf
):
    use_seal(other_pki.key, other_pki.cert, chain=[other_pki.ca])
    sealed = seal(unsealed_pdf)

    status = sealing.seal_status(sealed, trust_roots=[pki.ca])
    assert status.sealed and status.intact and status.valid
    assert not status.trusted
    assert status.signer == "Not the institute"
    # and by default only the configured seal is trusted
    use_seal(pki.key, pki.cert, chain=[pki.ca], name="ours")
    assert not sealing.seal_status(sealed).trusted


def test_a_pdf_without_a_seal_is_not_sealed(pki, use_seal, unsealed_pdf):
    use_seal(pki.key, pki.cert)
    status = sealing.seal_status(unsealed_pdf)
    assert not status.sealed and not status.ok
    garbage = sealing.seal_status(b"%PDF-1.7\nnot really")
    assert not garbage.sealed and not garbage.ok


def test_a_passphrase_protected_key_is_used(pki, use_seal, unsealed_pdf):
    use_seal(pki.key, pki.cert, passphrase="correct horse")
    assert sealing.seal_status(seal(unsealed_pdf)).ok


def test_a_key_that_is_not_the_certificates_refuses_to_seal(
    pki, use_seal, unsealed_pdf
):
    use_seal(ec.generate_private_key(ec.SECP256R1()), pki.cert)
    with pytest.raises(ImproperlyConfigured):
        seal(unsealed_pdf)


def test_an_expired_certificate_refuses_to_seal(pki, use_seal, unsealed_pdf):
    key, cert = pki.issue("expired", not_before=NOW - 400 * DAY, not_after=NOW - DAY)
    use_seal(key, cert)
    with pytest.raises(ImproperlyConfigured):
        seal(unsealed_pdf)


def test_fingerprint_is_the_sha256_of_the_seal_certificate(pki, use_seal):
    use_seal(pki.key, pki.cert)
    expected = hashlib.sha256(
        pki.cert.public_bytes(serialization.Encoding.DER)
    ).hexdigest()
    assert sealing.seal_certificate_fingerprint() == expected


# Without configured files


@pytest.fixture
def unconfigured(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    settings.AUTHORIZATION_SEAL_KEY_FILE = ""
    settings.AUTHORIZATION_SEAL_CERT_FILE = ""
    settings.AUTHORIZATION_SEAL_KEY_PASSPHRASE = ""
    settings.AUTHORIZATION_SEAL_CHAIN_FILES = []
    settings.DEBUG = False
    return settings


def test_development_seal_is_generated_once_and_reused(unconfigured, unsealed_pdf):
    unconfigured.AUTHORIZATION_SEAL_DEVELOPMENT = True
    first = seal(unsealed_pdf)
    folder = unconfigured.VAR_DIR / "seal"
    key_file, cert_file = folder / "key.pem", folder / "cert.pem"
    made = (key_file.read_bytes(), cert_file.read_bytes(), cert_file.stat().st_mtime_ns)
    assert key_file.stat().st_mode & 0o077 == 0  # the key is readable by its owner only

    second = seal(unsealed_pdf)
    assert (
        key_file.read_bytes(),
        cert_file.read_bytes(),
        cert_file.stat().st_mtime_ns,
    ) == made
    certificate = x509.load_pem_x509_certificate(made[1])
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "CivicLearn development seal (not valid for production)"
    )
    for sealed in (first, second):
        status = sealing.seal_status(sealed)
        assert status.ok
        assert status.signer == sealing.DEVELOPMENT_COMMON_NAME


def test_processes_starting_together_make_one_development_seal(unconfigured):
    results, barrier = [], threading.Barrier(4)

    def start():
        barrier.wait()
        key_file, cert_file = sealing.development_seal_files()
        results.append((key_file.read_bytes(), cert_file.read_bytes()))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and len(set(results)) == 1
    key_file, cert_file = sealing.development_seal_files()
    sealing.load_seal_material(key_file, cert_file)  # a matching pair


def test_development_seal_follows_debug_when_not_set(unconfigured, unsealed_pdf):
    unconfigured.AUTHORIZATION_SEAL_DEVELOPMENT = None
    unconfigured.DEBUG = True
    assert sealing.seal_status(seal(unsealed_pdf)).ok


def test_no_seal_outside_development_is_improperly_configured(
    unconfigured, unsealed_pdf
):
    unconfigured.AUTHORIZATION_SEAL_DEVELOPMENT = None
    with pytest.raises(ImproperlyConfigured):
        seal(unsealed_pdf)
    unconfigured.AUTHORIZATION_SEAL_DEVELOPMENT = False
    unconfigured.DEBUG = True  # an explicit False wins over DEBUG
    with pytest.raises(ImproperlyConfigured):
        seal(unsealed_pdf)
    with pytest.raises(ImproperlyConfigured):
        sealing.seal_certificate_fingerprint()
    assert not (unconfigured.VAR_DIR / "seal").exists()


def test_a_key_without_its_certificate_is_improperly_configured(
    unconfigured, unsealed_pdf
):
    unconfigured.AUTHORIZATION_SEAL_DEVELOPMENT = True
    unconfigured.AUTHORIZATION_SEAL_KEY_FILE = "/nonexistent/key.pem"
    with pytest.raises(ImproperlyConfigured):
        seal(unsealed_pdf)


# The deployment check


def warning_ids():
    return [message.id for message in check_authorization_seal()]


def test_check_runs_only_with_deploy():
    assert check_authorization_seal in registry.get_checks(
        include_deployment_checks=True
    )
    assert check_authorization_seal not in registry.get_checks(
        include_deployment_checks=False
    )


def test_check_is_silent_with_a_good_seal(pki, use_seal):
    use_seal(pki.key, pki.cert, chain=[pki.ca], passphrase="s3cret")
    assert warning_ids() == []


def test_check_warns_without_a_configured_seal(unconfigured):
    unconfigured.AUTHORIZATION_SEAL_DEVELOPMENT = True  # no excuse in production
    assert warning_ids() == ["authorizations.W001"]


def test_check_warns_when_a_file_cannot_be_read(pki, use_seal):
    folder = use_seal(pki.key, pki.cert)
    (folder / "cert.pem").unlink()
    assert warning_ids() == ["authorizations.W001"]
    (folder / "cert.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\ngarbage\n")
    assert warning_ids() == ["authorizations.W001"]


def test_check_warns_when_the_passphrase_is_wrong(pki, use_seal, settings):
    use_seal(pki.key, pki.cert, passphrase="right")
    settings.AUTHORIZATION_SEAL_KEY_PASSPHRASE = "wrong"
    assert warning_ids() == ["authorizations.W001"]


def test_check_warns_when_the_key_does_not_match_the_certificate(pki, use_seal):
    use_seal(ec.generate_private_key(ec.SECP256R1()), pki.cert)
    assert warning_ids() == ["authorizations.W001"]


@pytest.mark.parametrize(
    ("not_before", "not_after", "warned"),
    [
        (NOW - 400 * DAY, NOW - DAY, True),  # expired
        (NOW - 300 * DAY, NOW + 29 * DAY, True),  # ends within 30 days
        (NOW + DAY, NOW + 400 * DAY, True),  # not valid yet
        (NOW - 300 * DAY, NOW + 31 * DAY, False),
    ],
    ids=["expired", "ends-within-30-days", "not-yet-valid", "ends-in-31-days"],
)
def test_check_warns_about_certificate_dates(
    pki, use_seal, not_before, not_after, warned
):
    key, cert = pki.issue("dated", not_before=not_before, not_after=not_after)
    use_seal(key, cert)
    assert warning_ids() == (["authorizations.W001"] if warned else [])


# The management command


def test_selfsigned_command_writes_a_seal_that_passes_the_check(
    tmp_path, settings, unsealed_pdf
):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "authorizations_seal_selfsigned",
        "--out",
        str(tmp_path / "seal"),
        "--days",
        "90",
        "--algorithm",
        "ec",
        "--common-name",
        "Staging seal",
        stdout=out,
        stderr=err,
    )
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    assert set(lines) == {
        "DJANGO_AUTHORIZATION_SEAL_KEY_FILE",
        "DJANGO_AUTHORIZATION_SEAL_CERT_FILE",
    }
    settings.AUTHORIZATION_SEAL_KEY_FILE = lines["DJANGO_AUTHORIZATION_SEAL_KEY_FILE"]
    settings.AUTHORIZATION_SEAL_CERT_FILE = lines["DJANGO_AUTHORIZATION_SEAL_CERT_FILE"]
    settings.AUTHORIZATION_SEAL_KEY_PASSPHRASE = ""
    settings.AUTHORIZATION_SEAL_CHAIN_FILES = []
    assert warning_ids() == []
    status = sealing.seal_status(seal(unsealed_pdf))
    assert status.ok and status.signer == "Staging seal"
    certificate = x509.load_pem_x509_certificate(
        (tmp_path / "seal" / "cert.pem").read_bytes()
    )
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert 89 * DAY < lifetime < 91 * DAY

    with pytest.raises(CommandError):
        call_command("authorizations_seal_selfsigned", "--out", str(tmp_path / "seal"))


@pytest.mark.slow
def test_selfsigned_command_makes_an_rsa_seal_by_default(tmp_path):
    call_command(
        "authorizations_seal_selfsigned", "--out", str(tmp_path), stdout=io.StringIO()
    )
    material = sealing.load_seal_material(tmp_path / "key.pem", tmp_path / "cert.pem")
    assert material.key.key_size == 3072
