"""The lab's signing identity: its key and certificate, from the settings or, when
none is configured, a self-signed development certificate.

- `lab_signer()` loads the identity the settings name (a PKCS#12 file, or a PEM/DER
  key and certificate with an optional chain), or else the development certificate
  kept in `settings.SIGNING_DEV_DIR`, created on first use.
- `create_development_certificate(directory, common_name)` makes that certificate.

pyHanko reads the files (`pyhanko.keys`, `SimpleSigner.load_pkcs12_data`) and
cryptography builds certificates; this module adds only what they leave to us:
errors that name the setting to fix, the check that the key belongs to the
certificate, the registry without the signer's own certificate, and the
development certificate's files.

Keys are EC P-256: signing costs ~25 ms against ~260 ms for RSA-3072.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

__all__ = [
    "DEV_CERT_NAME",
    "DEV_KEY_NAME",
    "LabSigner",
    "SigningError",
    "create_development_certificate",
    "document_signing_certificate",
    "fingerprint",
    "lab_signer",
    "signer_from_files",
    "signer_from_pkcs12",
]

logger = logging.getLogger(__name__)

DEV_KEY_NAME = "dev-key.pem"
DEV_CERT_NAME = "dev-cert.pem"
DEV_VALIDITY = timedelta(days=5 * 365)
# id-kp-documentSigning (RFC 9336): cryptography's ExtendedKeyUsageOID lacks it.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")


class SigningError(Exception):
    """The signing identity cannot be loaded or a document cannot be signed."""


@dataclass(frozen=True)
class LabSigner:
    signer: signers.SimpleSigner
    certificate: asn1_x509.Certificate
    is_development: bool
    fingerprint_sha256: str  # 64 lowercase hex digits of the DER certificate
    subject: str  # "Common Name: …, Organization: …"
    source: str = ""  # where it was loaded from, for people


def fingerprint(certificate: asn1_x509.Certificate) -> str:
    """SHA-256 of the DER certificate: 64 lowercase hex digits (as stored with
    signed plan jobs; `openssl x509 -fingerprint -sha256` prints the same digits in
    upper case with colons)."""
    return certificate.sha256.hex()


# ------------------------------------------------------------- loading files


def _read(path: str | Path, setting: str) -> bytes:
    # Read here rather than by pyHanko's file loaders: their OSError names no setting.
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(f"{setting}: cannot read {path}: {exc.strerror}.") from exc


def _load_key(
    data: bytes, passphrase: str | None, setting: str
) -> asn1_keys.PrivateKeyInfo:
    password = passphrase.encode() if passphrase else None
    try:
        return load_private_key_from_pemder_data(data, passphrase=password)
    except TypeError as exc:
        # cryptography refuses a passphrase for an unencrypted key; one
        # SIGNING_PASSPHRASE serves key and PKCS#12 files, so a leftover is ignored.
        if password is not None and "not encrypted" in str(exc):
            return _load_key(data, None, setting)
        raise SigningError(f"{setting} is encrypted: set SIGNING_PASSPHRASE.") from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SigningError(
            f"{setting} is not a readable private key or the passphrase is wrong "
            f"({exc})."
        ) from exc


def _load_certificates(data: bytes, problem: str) -> list[asn1_x509.Certificate]:
    """The certificates of a PEM (one or more) or DER file; SigningError(`problem`)
    when there are none or one is broken."""
    try:
        certificates = list(load_certs_from_pemder_data(data))
        for certificate in certificates:
            # asn1crypto parses lazily: parse it all now, so that a broken file
            # fails here with its setting's name rather than later while signing.
            certificate.native  # noqa: B018
    except (ValueError, TypeError) as exc:
        raise SigningError(problem) from exc
    if not certificates:
        raise SigningError(problem)
    return certificates


def _public_key_der(key: asn1_keys.PrivateKeyInfo | asn1_keys.PublicKeyInfo) -> bytes:
    # Through cryptography, which writes both in one canonical form.
    if isinstance(key, asn1_keys.PrivateKeyInfo):
        public = serialization.load_der_private_key(key.dump(), None).public_key()
    else:
        public = serialization.load_der_public_key(key.dump())
    return public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _identity(
    signing_key: asn1_keys.PrivateKeyInfo,
    certificate: asn1_x509.Certificate,
    others: list[asn1_x509.Certificate],
    *,
    is_development: bool,
    source: str,
) -> LabSigner:
    # pyHanko's SimpleSigner does not check this: a mismatch would only show as
    # signatures that never verify.
    if _public_key_der(signing_key) != _public_key_der(certificate.public_key):
        raise SigningError(
            f"The private key does not belong to the certificate ({source})."
        )
    own = certificate.dump()
    # pyHanko embeds the signer's certificate anyway: a second copy from the chain
    # or the PKCS#12 bag would be embedded twice and could hide a tampered one.
    registry = SimpleCertificateStore.from_certs([c for c in others if c.dump() != own])
    return LabSigner(
        signer=signers.SimpleSigner(
            signing_cert=certificate, signing_key=signing_key, cert_registry=registry
        ),
        certificate=certificate,
        is_development=is_development,
        fingerprint_sha256=fingerprint(certificate),
        subject=certificate.subject.human_friendly,
        source=source,
    )


def signer_from_files(
    key_file: str | Path,
    cert_file: str | Path,
    chain_file: str | Path | None = None,
    passphrase: str | None = None,
    *,
    is_development: bool = False,
) -> LabSigner:
    """A signer from a PEM/DER private key (encrypted with `passphrase` or not), its
    certificate (the first of the file: a full-chain file's others join the chain),
    and optionally a file of intermediate/root certificates.

    Not `SimpleSigner.load`: it returns None and only logs what went wrong, and
    the settings need a message naming the variable to fix."""
    key = _load_key(_read(key_file, "SIGNING_KEY_FILE"), passphrase, "SIGNING_KEY_FILE")
    certificate, *chain = _load_certificates(
        _read(cert_file, "SIGNING_CERT_FILE"),
        "SIGNING_CERT_FILE is not a readable X.509 certificate.",
    )
    if chain_file:
        chain += _load_certificates(
            _read(chain_file, "SIGNING_CHAIN_FILE"),
            f"SIGNING_CHAIN_FILE {chain_file} holds no readable certificates.",
        )
    return _identity(
        key,
        certificate,
        chain,
        is_development=is_development,
        source=f"key {key_file}, certificate {cert_file}"
        + (f", chain {chain_file}" if chain_file else ""),
    )


def signer_from_pkcs12(path: str | Path, passphrase: str | None = None) -> LabSigner:
    """A signer from a PKCS#12 file holding the key, its certificate and
    optionally the chain."""
    data = _read(path, "SIGNING_PKCS12_FILE")
    try:
        loaded = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=passphrase.encode() if passphrase else None
        )
    except ValueError as exc:
        raise SigningError(
            "SIGNING_PKCS12_FILE cannot be opened: wrong SIGNING_PASSPHRASE or not "
            "a PKCS#12 file."
        ) from exc
    except AttributeError as exc:
        # pyHanko converts the key and certificate without looking: a file holding
        # certificates only fails on None.
        raise SigningError(
            "SIGNING_PKCS12_FILE must hold a private key and its certificate."
        ) from exc
    return _identity(
        loaded.signing_key,
        loaded.signing_cert,
        list(loaded.cert_registry),
        is_development=False,
        source=f"PKCS#12 file {path}",
    )


# ------------------------------------------------- the development certificate


def _write_private(path: Path, data: bytes, mode: int) -> None:
    """Write atomically (a temporary file renamed over `path`) with `mode`."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def document_signing_certificate(
    *,
    subject: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    issuer: x509.Name,
    issuer_key: ec.EllipticCurvePrivateKey,
    valid_from: datetime,
    valid_until: datetime,
    document_signing_usage: bool = True,
) -> x509.Certificate:
    """An end-entity certificate for signing documents: digital signature and
    non-repudiation key usages (pyHanko's validator requires non-repudiation by
    default) and, unless told otherwise (many labs' certificates have none), the
    document-signing extended key usage."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
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
            True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False)
    )
    if document_signing_usage:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING]), False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def create_development_certificate(
    directory: Path, common_name: str
) -> tuple[Path, Path]:
    """A self-signed EC P-256 certificate (5 years, CN=O=`common_name`) and its key
    in `directory` as dev-key.pem (unencrypted, mode 0600) and dev-cert.pem.

    Idempotent: existing files are returned as they are. Safe between processes
    (a lock file serialises the creation; files appear whole, by rename)."""
    directory = Path(directory)
    key_path, cert_path = directory / DEV_KEY_NAME, directory / DEV_CERT_NAME
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(directory / ".dev-cert.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if key_path.exists() and cert_path.exists():
            return key_path, cert_path
        if key_path.exists():
            # A key without its certificate (an interrupted run): keep the key.
            key = serialization.load_pem_private_key(
                key_path.read_bytes(), password=None
            )
        else:
            if cert_path.exists():
                logger.warning(
                    "%s has no key next to it: making a new development pair.",
                    cert_path,
                )
            key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name[:64]),
                x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
            ]
        )
        now = datetime.now(UTC).replace(microsecond=0)
        certificate = document_signing_certificate(
            subject=name,
            public_key=key.public_key(),
            issuer=name,
            issuer_key=key,
            valid_from=now - timedelta(minutes=5),
            valid_until=now + DEV_VALIDITY,
        )
        if not key_path.exists():
            _write_private(
                key_path,
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ),
                0o600,
            )
        _write_private(
            cert_path, certificate.public_bytes(serialization.Encoding.PEM), 0o644
        )
        os.chmod(key_path, 0o600)
    logger.info("Created the development signing certificate %s.", cert_path)
    return key_path, cert_path


# ------------------------------------------------------------ from the settings


def lab_signer() -> LabSigner:
    """The lab's signing identity from the settings, loaded once per configuration:
    SIGNING_PKCS12_FILE (+ SIGNING_PASSPHRASE), else SIGNING_KEY_FILE +
    SIGNING_CERT_FILE (+ SIGNING_CHAIN_FILE, SIGNING_PASSPHRASE), else the
    development certificate in SIGNING_DEV_DIR (created when missing)."""
    from django.conf import settings

    return _load_lab_signer(
        settings.SIGNING_PKCS12_FILE or "",
        settings.SIGNING_KEY_FILE or "",
        settings.SIGNING_CERT_FILE or "",
        settings.SIGNING_CHAIN_FILE or "",
        settings.SIGNING_PASSPHRASE or "",
        str(settings.SIGNING_DEV_DIR),
        settings.LAB_NAME,
    )


# Keyed by the whole configuration, so that changed settings load anew. Two threads
# may load one configuration at once: harmless, the development certificate's
# creation is serialised by its lock file.
@functools.cache
def _load_lab_signer(
    pkcs12_file: str,
    key_file: str,
    cert_file: str,
    chain_file: str,
    passphrase: str,
    dev_dir: str,
    lab_name: str,
) -> LabSigner:
    if pkcs12_file:
        return signer_from_pkcs12(pkcs12_file, passphrase or None)
    if key_file or cert_file:
        if not (key_file and cert_file):
            missing = "SIGNING_CERT_FILE" if key_file else "SIGNING_KEY_FILE"
            raise SigningError(
                f"{missing} is not set: SIGNING_KEY_FILE and SIGNING_CERT_FILE go "
                "together."
            )
        return signer_from_files(
            key_file, cert_file, chain_file or None, passphrase or None
        )
    key_path, cert_path = create_development_certificate(
        Path(dev_dir), f"{lab_name} development certificate"
    )
    return replace(
        signer_from_files(key_path, cert_path, is_development=True),
        source=f"development certificate in {dev_dir}",
    )


lab_signer.cache_clear = _load_lab_signer.cache_clear  # type: ignore[attr-defined]
