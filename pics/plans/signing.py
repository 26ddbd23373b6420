"""The lab's signature on test-plan PDFs (pyHanko, PAdES B-B) and its verification.

- `lab_signer()` loads the lab's signing identity from the settings (a PKCS#12 file,
  or a PEM/DER key and certificate with an optional chain), or else a self-signed
  development certificate kept in `settings.SIGNING_DEV_DIR`, created on first use.
- `sign_pdf(pdf, signer, reason=..., location=...)` returns the signed PDF: one
  certification signature (PAdES, `SigSeedSubFilter.PADES`, no later changes
  permitted), appended as an incremental update.
- `verify_pdf(pdf, signer)` tells whether a file is a plan signed by that lab
  certificate and untouched since; it never raises for bad input, and `problem`
  says in a sentence what is wrong.

pyHanko's synchronous entry points (`sign_pdf`, `validate_pdf_signature`) call
`asyncio.run()`, so both functions here fail inside a running event loop: async
callers (async views, Playwright's sync API in a test) must call them in a worker
thread, e.g. `await asyncio.to_thread(verify_pdf, data, signer)` or
`asgiref.sync.sync_to_async(verify_pdf)(data, signer)`.

Keys are EC P-256: signing costs ~25 ms against ~260 ms for RSA-3072.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import io
import logging
import os
import re
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID, ObjectIdentifier
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from pics.plans.pdf import INFO_PICS_SHA256, INFO_REVISION, INFO_SUBMISSION

__all__ = [
    "DEV_CERT_NAME",
    "DEV_KEY_NAME",
    "LabSigner",
    "SigningError",
    "Verification",
    "create_development_certificate",
    "fingerprint",
    "lab_signer",
    "sign_pdf",
    "signer_from_files",
    "signer_from_pkcs12",
    "verify_pdf",
]

logger = logging.getLogger(__name__)

DEV_KEY_NAME = "dev-key.pem"
DEV_CERT_NAME = "dev-cert.pem"
DEV_VALIDITY = timedelta(days=5 * 365)
SIGNATURE_FIELD = "CertplannerLabSignature"
# id-kp-documentSigning (RFC 9336)
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
# No PDF is bigger than this in practice; larger input is refused unread.
MAX_PDF_BYTES = 64 * 1024 * 1024


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


@dataclass(frozen=True)
class Verification:
    signed: bool
    intact: bool
    valid: bool
    trusted: bool  # chains to (or is) the lab's configured certificate
    signer_subject: str
    signer_fingerprint: str
    is_lab_certificate: bool
    modified_after_signing: bool
    submission_code: str | None
    revision: int | None
    pics_sha256: str | None
    signed_at: datetime | None
    problem: str  # a sentence for a person; "" when all is fine

    @property
    def ok(self) -> bool:
        """Signed by the lab's certificate and not changed since."""
        return (
            self.signed
            and self.intact
            and self.valid
            and self.trusted
            and self.is_lab_certificate
            and not self.modified_after_signing
            and not self.problem
        )


# ------------------------------------------------------------------- identities


def fingerprint(certificate: asn1_x509.Certificate) -> str:
    """SHA-256 of the DER certificate: 64 lowercase hex digits (as stored with
    signed plan jobs; `openssl x509 -fingerprint -sha256` prints the same digits in
    upper case with colons)."""
    return hashlib.sha256(certificate.dump()).hexdigest()


def _subject(certificate: asn1_x509.Certificate) -> str:
    return certificate.subject.human_friendly


def _to_asn1_cert(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(
        certificate.public_bytes(serialization.Encoding.DER)
    )


def _to_asn1_key(key) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _public_der(key) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _build(
    key,
    certificate: x509.Certificate,
    chain: list[asn1_x509.Certificate],
    *,
    is_development: bool,
    source: str,
) -> LabSigner:
    if _public_der(key.public_key()) != _public_der(certificate.public_key()):
        raise SigningError(
            f"The private key does not belong to the certificate ({source})."
        )
    cert = _to_asn1_cert(certificate)
    own = cert.dump()
    # The signer's own certificate stays out of the registry: pyHanko embeds it
    # anyway, and a second copy could hide a tampered one.
    registry = SimpleCertificateStore.from_certs([c for c in chain if c.dump() != own])
    signer = signers.SimpleSigner(
        signing_cert=cert, signing_key=_to_asn1_key(key), cert_registry=registry
    )
    return LabSigner(
        signer=signer,
        certificate=cert,
        is_development=is_development,
        fingerprint_sha256=fingerprint(cert),
        subject=_subject(cert),
        source=source,
    )


def _read(path: Path, setting: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(f"{setting}: cannot read {path}: {exc.strerror}.") from exc


def _load_key(data: bytes, passphrase: str | None, setting: str):
    password = passphrase.encode() if passphrase else None
    loaders = (
        (serialization.load_pem_private_key, serialization.load_der_private_key)
        if b"-----BEGIN" in data
        else (serialization.load_der_private_key,)
    )
    for loader in loaders:
        try:
            return loader(data, password=password)
        except TypeError as exc:
            # A passphrase for a key that has none, or none for one that needs it.
            if password is not None and "not encrypted" in str(exc):
                return loader(data, password=None)
            raise SigningError(
                f"{setting} is encrypted: set SIGNING_PASSPHRASE."
            ) from exc
        except ValueError as exc:
            last = exc
    raise SigningError(
        f"{setting} is not a readable private key or the passphrase is wrong ({last})."
    )


def _load_cert(data: bytes, setting: str) -> x509.Certificate:
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise SigningError(f"{setting} is not a readable X.509 certificate.") from exc


def signer_from_files(
    key_file: str | Path,
    cert_file: str | Path,
    chain_file: str | Path | None = None,
    passphrase: str | None = None,
    *,
    is_development: bool = False,
) -> LabSigner:
    """A signer from a PEM/DER private key (encrypted with `passphrase` or not), its
    certificate, and optionally a file of intermediate/root certificates."""
    key = _load_key(_read(key_file, "SIGNING_KEY_FILE"), passphrase, "SIGNING_KEY_FILE")
    certificate = _load_cert(_read(cert_file, "SIGNING_CERT_FILE"), "SIGNING_CERT_FILE")
    chain: list[asn1_x509.Certificate] = []
    if chain_file:
        _read(chain_file, "SIGNING_CHAIN_FILE")
        try:
            chain = list(load_certs_from_pemder([str(chain_file)]))
        except Exception as exc:
            raise SigningError(
                f"SIGNING_CHAIN_FILE {chain_file} holds no readable certificates."
            ) from exc
    return _build(
        key,
        certificate,
        chain,
        is_development=is_development,
        source=f"key {key_file}, certificate {cert_file}"
        + (f", chain {chain_file}" if chain_file else ""),
    )


def signer_from_pkcs12(path: str | Path, passphrase: str | None = None) -> LabSigner:
    data = _read(path, "SIGNING_PKCS12_FILE")
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(
            data, passphrase.encode() if passphrase else None
        )
    except ValueError as exc:
        raise SigningError(
            "SIGNING_PKCS12_FILE cannot be opened: wrong SIGNING_PASSPHRASE or not "
            "a PKCS#12 file."
        ) from exc
    if key is None or certificate is None:
        raise SigningError(
            "SIGNING_PKCS12_FILE must hold a private key and its certificate."
        )
    return _build(
        key,
        certificate,
        [_to_asn1_cert(c) for c in others],
        is_development=False,
        source=f"PKCS#12 file {path}",
    )


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
    public_key,
    issuer: x509.Name,
    issuer_key,
    valid_from: datetime,
    valid_until: datetime,
    document_signing_usage: bool = True,
) -> x509.Certificate:
    """An end-entity certificate for signing documents: digital signature and
    non-repudiation key usages and, unless told otherwise (many labs' certificates
    have none), the document-signing extended key usage."""
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


_cache: dict[tuple, LabSigner] = {}
_cache_lock = threading.Lock()


def lab_signer() -> LabSigner:
    """The lab's signing identity from the settings, loaded once per configuration:
    SIGNING_PKCS12_FILE (+ SIGNING_PASSPHRASE), else SIGNING_KEY_FILE +
    SIGNING_CERT_FILE (+ SIGNING_CHAIN_FILE, SIGNING_PASSPHRASE), else the
    development certificate in SIGNING_DEV_DIR (created when missing)."""
    from django.conf import settings

    config = (
        settings.SIGNING_PKCS12_FILE or "",
        settings.SIGNING_KEY_FILE or "",
        settings.SIGNING_CERT_FILE or "",
        settings.SIGNING_CHAIN_FILE or "",
        settings.SIGNING_PASSPHRASE or "",
        str(settings.SIGNING_DEV_DIR),
        settings.LAB_NAME,
    )
    with _cache_lock:
        signer = _cache.get(config)
        if signer is None:
            signer = _cache[config] = _load_lab_signer(*config)
        return signer


lab_signer.cache_clear = _cache.clear  # type: ignore[attr-defined]


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
    signer = signer_from_files(key_path, cert_path, is_development=True)
    return LabSigner(
        signer=signer.signer,
        certificate=signer.certificate,
        is_development=True,
        fingerprint_sha256=signer.fingerprint_sha256,
        subject=signer.subject,
        source=f"development certificate in {dev_dir}",
    )


# ---------------------------------------------------------------------- signing


def _refuse_inside_event_loop(name: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return  # no loop running: pyHanko's asyncio.run() works
    raise RuntimeError(
        f"{name}() runs pyHanko's asyncio.run() and cannot be called inside a "
        f"running event loop: use `await asyncio.to_thread({name}, ...)`."
    )


def sign_pdf(pdf: bytes, signer: LabSigner, *, reason: str, location: str) -> bytes:
    """`pdf` with the lab's PAdES B-B certification signature (invisible field).

    Synchronous: from async code, call it in a thread (see the module docstring)."""
    _refuse_inside_event_loop("sign_pdf")
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason,
        location=location,
        name=signer.certificate.subject.native.get("common_name"),
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        output = signers.sign_pdf(writer, meta, signer=signer.signer)
    except Exception as exc:
        raise SigningError(f"The PDF could not be signed: {exc}") from exc
    return output.getvalue()


# ----------------------------------------------------------------- verification


def _unsigned(problem: str, **values) -> Verification:
    fields_ = {
        "signed": False,
        "intact": False,
        "valid": False,
        "trusted": False,
        "signer_subject": "",
        "signer_fingerprint": "",
        "is_lab_certificate": False,
        "modified_after_signing": False,
        "submission_code": None,
        "revision": None,
        "pics_sha256": None,
        "signed_at": None,
        "problem": problem,
    }
    fields_.update(values)
    return Verification(**fields_)


def _info_text(info, key: str) -> str | None:
    try:
        value = info.get(f"/{key}")
    except Exception:
        return None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_KEYWORD = re.compile(r"(submission|revision|pics_sha256)=([^;\s]+)")


def _document_info(reader: PdfFileReader, revision: int | None) -> dict:
    """Submission, revision and PICS hash from the document info of the signed
    revision (a later update cannot change what is reported)."""
    try:
        handler = (
            reader.get_historical_resolver(revision) if revision is not None else reader
        )
        trailer = handler.trailer_view
        info = trailer.raw_get("/Info") if "/Info" in trailer else None
        if isinstance(info, generic.IndirectObject):
            # Resolved in that revision: a later update cannot change it.
            info = handler.get_object(info.reference)
    except Exception:
        info = None
    if not isinstance(info, generic.DictionaryObject):
        return {"submission_code": None, "revision": None, "pics_sha256": None}
    keywords = dict(_KEYWORD.findall(_info_text(info, "Keywords") or ""))
    submission = _info_text(info, INFO_SUBMISSION) or keywords.get("submission")
    raw_revision = _info_text(info, INFO_REVISION) or keywords.get("revision")
    sha = _info_text(info, INFO_PICS_SHA256) or keywords.get("pics_sha256")
    try:
        revision_number = int(raw_revision) if raw_revision else None
    except ValueError:
        revision_number = None
    return {
        "submission_code": submission,
        "revision": revision_number,
        "pics_sha256": sha,
    }


def verify_pdf(pdf: bytes, signer: LabSigner) -> Verification:
    """Whether `pdf` carries an intact, valid signature of `signer`'s certificate
    and was not changed after signing. Never raises for bad input.

    Synchronous (pyHanko runs `asyncio.run()`): from async code, call it in a
    thread (`await asyncio.to_thread(verify_pdf, pdf, signer)`); called inside a
    running event loop it raises RuntimeError (a programming error, not bad input)."""
    _refuse_inside_event_loop("verify_pdf")
    if not isinstance(pdf, bytes | bytearray | memoryview):
        return _unsigned("No file was given.")
    pdf = bytes(pdf)
    if not pdf.lstrip()[:5].startswith(b"%PDF-"):
        return _unsigned("The file is not a PDF document.")
    if len(pdf) > MAX_PDF_BYTES:
        return _unsigned("The file is too large to be a test plan.")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        logger.info("Unreadable PDF: %s", exc)
        return _unsigned(
            "The PDF is damaged or incomplete and cannot be read "
            "(was it truncated or altered?)."
        )
    if not signatures:
        return _unsigned(
            "The PDF carries no digital signature: it is not a signed test plan.",
            **_document_info(reader, None),
        )
    lab_fingerprint = signer.fingerprint_sha256
    chosen = signatures[0]
    for candidate in signatures:
        try:
            if fingerprint(candidate.signer_cert) == lab_fingerprint:
                chosen = candidate
                break
        except Exception:  # noqa: S112 - a broken candidate: try the next one
            continue
    return _verify_signature(reader, chosen, signer, len(signatures))


def _verify_signature(reader, embedded, signer: LabSigner, count: int) -> Verification:
    try:
        signed_revision = embedded.signed_revision
    except Exception:
        signed_revision = None
    info = _document_info(reader, signed_revision)
    try:
        cert = embedded.signer_cert
        subject, signer_fingerprint = _subject(cert), fingerprint(cert)
    except Exception:
        subject, signer_fingerprint = "", ""
    is_lab = bool(signer_fingerprint) and signer_fingerprint == (
        signer.fingerprint_sha256
    )
    base = {
        "signed": True,
        "signer_subject": subject,
        "signer_fingerprint": signer_fingerprint,
        "is_lab_certificate": is_lab,
        **info,
    }
    others = [
        c for c in signer.signer.cert_registry if c.dump() != signer.certificate.dump()
    ]
    context = ValidationContext(
        trust_roots=[signer.certificate],
        other_certs=others,
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except SignatureValidationError as exc:
        logger.info("Signature validation error: %s", exc)
        return _unsigned(
            "The signature is broken: its data (certificate or signature value) "
            "was altered, so the document cannot be trusted.",
            **base,
            modified_after_signing=True,
        )
    except Exception as exc:
        logger.info("Signature could not be validated: %s", exc)
        return _unsigned(
            "The signature cannot be checked: the file is damaged or was altered "
            "after signing.",
            **base,
            modified_after_signing=True,
        )
    coverage = status.coverage
    modified = (
        coverage != SignatureCoverageLevel.ENTIRE_FILE
        or count > 1
        or (
            signed_revision is not None
            and reader.xrefs.total_revisions > signed_revision + 1
        )
    )
    signed_at = status.signer_reported_dt
    verification = Verification(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        signer_subject=subject,
        signer_fingerprint=signer_fingerprint,
        is_lab_certificate=is_lab,
        modified_after_signing=modified,
        submission_code=info["submission_code"],
        revision=info["revision"],
        pics_sha256=info["pics_sha256"],
        signed_at=signed_at,
        problem="",
    )
    problem = _problem(verification, status, signer)
    if problem:
        return replace(verification, problem=problem)
    return verification


def _problem(v: Verification, status, signer: LabSigner) -> str:
    if not v.intact:
        return (
            "The document was changed after it was signed: its content no longer "
            "matches the signature."
        )
    if not v.valid:
        return "The signature value is invalid: the signature was altered or forged."
    if not v.is_lab_certificate:
        who = v.signer_subject or "an unknown certificate"
        return (
            f"The document is signed by {who} (SHA-256 {v.signer_fingerprint}), "
            f"not with the lab's certificate ({signer.subject})."
        )
    if not v.trusted:
        indication = status.trust_problem_indic
        detail = f" ({indication.name.lower().replace('_', ' ')})" if indication else ""
        return (
            "The lab's certificate cannot be trusted for this signature"
            f"{detail}: it may have expired or be unusable for signing."
        )
    if v.modified_after_signing:
        return (
            "The file was changed after it was signed (content was appended to the "
            "signed document): only the signed part is covered by the signature."
        )
    return ""
