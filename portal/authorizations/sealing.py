"""The institute's electronic seal on signed authorizations (PAdES), and its check.

The server seals each signed authorization with the institute's key: a PAdES
signature (ETSI.CAdES.detached, SHA-256, the certificate chain embedded), made a
certification signature that allows no later changes. No timestamp server can be
reached from here, so the seal is PAdES baseline B-B: the signing time in it is the
server's word, and once the certificate expires a validator can no longer prove the
seal was made while it was valid. Adding a timestamp (B-T) later needs only a
``timestamper`` passed to ``PdfSigner``.

Key and certificate come from the AUTHORIZATION_SEAL_* settings. Without them, in
development (DEBUG, or AUTHORIZATION_SEAL_DEVELOPMENT), a self-signed development
seal is generated once under VAR_DIR/seal; anywhere else sealing is refused.
"""

import contextlib
import datetime
import fcntl
import functools
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)

DEVELOPMENT_COMMON_NAME = "CivicLearn development seal (not valid for production)"
SEAL_FIELD_NAME = "CivicLearnSeal"
_UNCHANGED = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)


@dataclass(frozen=True)
class SealMaterial:
    """A seal's key, its certificate and the certificates above it."""

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


@dataclass(frozen=True)
class SealStatus:
    """What a validator says about the seal on a PDF."""

    sealed: bool
    # The sealed bytes are unchanged, and no later revision changes the content
    # (PAdES allows only metadata and validation data to be added).
    intact: bool
    valid: bool  # the signature itself is cryptographically sound
    trusted: bool  # the certificate leads to one of the trust roots, and is current
    signer: str
    signed_at: datetime.datetime | None
    summary: str

    @property
    def ok(self) -> bool:
        return self.sealed and self.intact and self.valid and self.trusted


# Key and certificate files


def _read_certificates(path) -> list[x509.Certificate]:
    data = Path(path).read_bytes()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def load_seal_material(
    key_file, cert_file, *, passphrase: str = "", chain_files=()
) -> SealMaterial:
    """Key, certificate and chain read from files; ValueError if unreadable or the
    key is not the certificate's (OSError if a file cannot be opened)."""
    data = Path(key_file).read_bytes()
    password = passphrase.encode() if passphrase else None
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_private_key(data, password=password)
        else:
            key = serialization.load_der_private_key(data, password=password)
    except TypeError as exc:  # a passphrase missing, or given for a plain key
        raise ValueError(str(exc)) from exc
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValueError("The seal key must be an RSA or an EC key.")
    certificate, *extra = _read_certificates(cert_file)
    chain = [*extra]
    for path in chain_files:
        chain.extend(_read_certificates(path))
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if key.public_key().public_bytes(
        der, public
    ) != certificate.public_key().public_bytes(der, public):
        raise ValueError("The seal key does not belong to the seal certificate.")
    return SealMaterial(key=key, certificate=certificate, chain=tuple(chain))


def self_signed_seal(
    *, common_name: str, days: int = 1095, algorithm: str = "rsa"
) -> tuple[bytes, bytes]:
    """A new key and a self-signed seal certificate for it, both PEM."""
    if algorithm == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
    elif algorithm == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    else:
        raise ValueError(f"Unknown key algorithm {algorithm!r}.")
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(public), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def write_private_file(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write a file whole or not at all (a temporary file renamed into place)."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


# The configured seal


def _development_allowed() -> bool:
    development = getattr(settings, "AUTHORIZATION_SEAL_DEVELOPMENT", None)
    return settings.DEBUG if development is None else bool(development)


def development_seal_files() -> tuple[Path, Path]:
    """The development seal's key and certificate, generated on first use; two
    processes starting together wait for each other on a lock file."""
    folder = Path(settings.VAR_DIR) / "seal"
    key_path, cert_path = folder / "key.pem", folder / "cert.pem"
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            # The certificate is written last: with it present, both are whole.
            if not cert_path.exists():
                key_pem, cert_pem = self_signed_seal(
                    common_name=DEVELOPMENT_COMMON_NAME, days=3650, algorithm="ec"
                )
                write_private_file(key_path, key_pem)
                write_private_file(cert_path, cert_pem, 0o644)
                logger.warning("Generated a development seal in %s.", folder)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return key_path, cert_path


def configured_seal_files() -> tuple[Path, Path, str, tuple[Path, ...]]:
    """Key file, certificate file, passphrase and chain files of the seal in force."""
    key_file = getattr(settings, "AUTHORIZATION_SEAL_KEY_FILE", "")
    cert_file = getattr(settings, "AUTHORIZATION_SEAL_CERT_FILE", "")
    passphrase = getattr(settings, "AUTHORIZATION_SEAL_KEY_PASSPHRASE", "") or ""
    chain = tuple(
        Path(p) for p in getattr(settings, "AUTHORIZATION_SEAL_CHAIN_FILES", ()) or ()
    )
    if key_file and cert_file:
        return Path(key_file), Path(cert_file), passphrase, chain
    if key_file or cert_file:
        raise ImproperlyConfigured(
            "Set both AUTHORIZATION_SEAL_KEY_FILE and AUTHORIZATION_SEAL_CERT_FILE."
        )
    if _development_allowed():
        return *development_seal_files(), "", ()
    raise ImproperlyConfigured(
        "No seal for authorizations: set DJANGO_AUTHORIZATION_SEAL_KEY_FILE and "
        "DJANGO_AUTHORIZATION_SEAL_CERT_FILE (see the authorizations_seal_selfsigned "
        "command for a staging seal)."
    )


def _stamp(path: Path):
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _configured_material() -> SealMaterial:
    key_file, cert_file, passphrase, chain = configured_seal_files()
    # The files' times are part of the key: a renewed seal is used without a restart.
    stamps = tuple(_stamp(p) for p in (key_file, cert_file, *chain))
    return _load_material(key_file, cert_file, passphrase, chain, stamps)


@functools.lru_cache(maxsize=4)
def _load_material(key_file, cert_file, passphrase, chain, stamps) -> SealMaterial:
    try:
        return load_seal_material(
            key_file, cert_file, passphrase=passphrase, chain_files=chain
        )
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"The authorization seal cannot be used: {exc}"
        ) from exc


@functools.lru_cache(maxsize=4)
def _signer_for(material: SealMaterial) -> signers.SimpleSigner:
    der = serialization.Encoding.DER
    key_der = material.key.private_bytes(
        der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    store = SimpleCertificateStore()
    store.register_multiple(
        [asn1_x509.Certificate.load(c.public_bytes(der)) for c in material.chain]
    )
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(material.certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=store,
    )


def seal_certificate_fingerprint() -> str:
    """SHA-256 of the seal certificate (DER), in lowercase hex, for display."""
    certificate = _configured_material().certificate
    return certificate.fingerprint(hashes.SHA256()).hex()


def seal_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    """The PDF with the institute's seal appended as a PAdES B-B certification
    signature (no timestamp: none can be reached); ImproperlyConfigured without
    a usable seal."""
    material = _configured_material()
    now = datetime.datetime.now(datetime.UTC)
    if not (
        material.certificate.not_valid_before_utc
        <= now
        <= material.certificate.not_valid_after_utc
    ):
        raise ImproperlyConfigured(
            "The authorization seal certificate is not valid now."
        )
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    output = io.BytesIO()
    signers.PdfSigner(metadata, signer=_signer_for(material)).sign_pdf(
        writer, output=output
    )
    return output.getvalue()


# Validation


def _asn1_certificate(value) -> asn1_x509.Certificate:
    if isinstance(value, asn1_x509.Certificate):
        return value
    if isinstance(value, x509.Certificate):
        return asn1_x509.Certificate.load(
            value.public_bytes(serialization.Encoding.DER)
        )
    if isinstance(value, bytes):
        if b"-----BEGIN" in value:
            value = x509.load_pem_x509_certificate(value)
            return _asn1_certificate(value)
        return asn1_x509.Certificate.load(value)
    raise TypeError(f"Not a certificate: {type(value).__name__}")


def _signer_name(certificate: asn1_x509.Certificate) -> str:
    subject = certificate.subject.native
    return subject.get("common_name") or certificate.subject.human_friendly


def _unsealed(summary: str) -> SealStatus:
    return SealStatus(
        sealed=False,
        intact=False,
        valid=False,
        trusted=False,
        signer="",
        signed_at=None,
        summary=summary,
    )


def seal_status(pdf: bytes, *, trust_roots: list | None = None) -> SealStatus:
    """Validate the last seal on a PDF, offline, against ``trust_roots``
    (certificates: cryptography or asn1crypto objects, PEM or DER bytes; by default
    the configured seal certificate and its chain; ImproperlyConfigured if there is
    none). Revocation is not checked: nothing can be fetched from here."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # any unreadable file is simply not a sealed PDF
        logger.info("Not a readable PDF.", exc_info=True)
        return _unsealed(_("This is not a readable PDF."))
    if not signatures:
        return _unsealed(_("The document bears no seal."))
    if trust_roots is None:
        material = _configured_material()
        trust_roots = [material.certificate, *material.chain]
    context = ValidationContext(
        trust_roots=[_asn1_certificate(c) for c in trust_roots], allow_fetching=False
    )
    embedded = signatures[-1]
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception:  # a damaged signature dictionary or CMS blob
        logger.info("The seal could not be validated.", exc_info=True)
        return SealStatus(
            sealed=True,
            intact=False,
            valid=False,
            trusted=False,
            signer="",
            signed_at=None,
            summary=_("The seal is damaged and cannot be checked."),
        )
    intact = bool(status.intact) and status.modification_level in _UNCHANGED
    valid = bool(status.valid)
    trusted = bool(status.trusted)
    signer = _signer_name(status.signing_cert)
    signed_at = status.signer_reported_dt
    if not intact:
        summary = _("The document was changed after it was sealed.")
    elif not valid:
        summary = _("The seal's signature is not valid.")
    elif not trusted:
        summary = _("The seal is intact, but its certificate is not trusted.")
    else:
        summary = _("Sealed by %(signer)s; the document is unchanged since.") % {
            "signer": signer
        }
    return SealStatus(
        sealed=True,
        intact=intact,
        valid=valid,
        trusted=trusted,
        signer=signer,
        signed_at=signed_at,
        summary=summary,
    )
