"""The lab's signature on test-plan PDFs (pyHanko, PAdES B-B) and its verification.

- `sign_pdf(pdf, signer, reason=..., location=...)` returns the signed PDF: one
  certification signature (PAdES, `SigSeedSubFilter.PADES`, no later changes
  permitted), appended as an incremental update.
- `verify_pdf(pdf, signer)` tells whether a file is a plan signed by that lab
  certificate and untouched since; it never raises for bad input, and `problem`
  says in a sentence what is wrong.

The signer is the lab's identity, `pics.plans.identity.lab_signer()`.

pyHanko's synchronous entry points (`sign_pdf`, `validate_pdf_signature`) call
`asyncio.run()`, so both functions here fail inside a running event loop: async
callers (async views, Playwright's sync API in a test) must call them in a worker
thread, e.g. `await asyncio.to_thread(verify_pdf, data, signer)` or
`asgiref.sync.sync_to_async(verify_pdf)(data, signer)`.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from pics.plans.identity import LabSigner, SigningError, fingerprint
from pics.plans.pdf import INFO_PICS_SHA256, INFO_REVISION, INFO_SUBMISSION

__all__ = ["Verification", "sign_pdf", "verify_pdf"]

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "CertplannerLabSignature"
# No PDF is bigger than this in practice; larger input is refused unread.
MAX_PDF_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Verification:
    # The defaults describe a file that is not a signed plan at all.
    signed: bool = False
    intact: bool = False
    valid: bool = False
    trusted: bool = False  # chains to (or is) the lab's configured certificate
    signer_subject: str = ""
    signer_fingerprint: str = ""
    is_lab_certificate: bool = False
    modified_after_signing: bool = False
    submission_code: str | None = None
    revision: int | None = None
    pics_sha256: str | None = None
    signed_at: datetime | None = None
    problem: str = ""  # a sentence for a person; "" when all is fine

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


# ---------------------------------------------------------------------- signing


def _refuse_inside_event_loop(name: str) -> None:
    # pyHanko's own RuntimeError names no way out, and verify_pdf would report it
    # as a damaged file: a programming error must say what to do instead.
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
            # Through the revision's own resolver: the historical trailer's
            # `["/Info"]` returns the latest revision's object, forged or not.
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
        return Verification(problem="No file was given.")
    pdf = bytes(pdf)
    if not pdf.lstrip()[:5].startswith(b"%PDF-"):
        return Verification(problem="The file is not a PDF document.")
    if len(pdf) > MAX_PDF_BYTES:
        return Verification(problem="The file is too large to be a test plan.")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        logger.info("Unreadable PDF: %s", exc)
        return Verification(
            problem="The PDF is damaged or incomplete and cannot be read "
            "(was it truncated or altered?)."
        )
    if not signatures:
        return Verification(
            problem="The PDF carries no digital signature: it is not a signed test "
            "plan.",
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
        subject, signer_fingerprint = cert.subject.human_friendly, fingerprint(cert)
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
    context = ValidationContext(
        trust_roots=[signer.certificate],
        # The chain only: the lab's own certificate is kept out of the registry.
        other_certs=list(signer.signer.cert_registry),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except SignatureValidationError as exc:
        logger.info("Signature validation error: %s", exc)
        return Verification(
            problem="The signature is broken: its data (certificate or signature "
            "value) was altered, so the document cannot be trusted.",
            **base,
            modified_after_signing=True,
        )
    except Exception as exc:
        logger.info("Signature could not be validated: %s", exc)
        return Verification(
            problem="The signature cannot be checked: the file is damaged or was "
            "altered after signing.",
            **base,
            modified_after_signing=True,
        )
    # ENTIRE_FILE: the signed bytes end where the file ends, so no revision (and
    # no byte) was appended after signing.
    modified = status.coverage != SignatureCoverageLevel.ENTIRE_FILE or count > 1
    verification = Verification(
        **base,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        modified_after_signing=modified,
        signed_at=status.signer_reported_dt,
    )
    return replace(verification, problem=_problem(verification, status, signer))


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
