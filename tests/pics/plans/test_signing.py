"""Signing plans with the lab's certificate and verifying them: real keys, real PDFs,
and the independent checkers (pyHanko's validator, poppler's pdfsig)."""

import asyncio
import io
import os
import re
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from pics.plans.identity import (
    DEV_CERT_NAME,
    DEV_KEY_NAME,
    SigningError,
    create_development_certificate,
    document_signing_certificate,
    lab_signer,
    signer_from_files,
)
from pics.plans.pdf import render_plan_pdf
from pics.plans.signing import sign_pdf, verify_pdf
from tests.pics.plans.test_pdf import plan_document

SUBMISSION = "SUB-2025-0042"


@pytest.fixture
def signing_settings(settings, tmp_path):
    """No configured certificate: the development one, in a fresh directory."""
    settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_KEY_FILE = ""
    settings.SIGNING_CERT_FILE = ""
    settings.SIGNING_CHAIN_FILE = ""
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_DEV_DIR = tmp_path / "signing"
    settings.LAB_NAME = "Test Certification Lab"
    return settings


@pytest.fixture
def signer(signing_settings):
    return lab_signer()


@pytest.fixture(scope="module")
def plan_pdf(catalogue):
    document = plan_document(
        catalogue, submission_code=SUBMISSION, revision=2, development_certificate=True
    )
    return document.plan["pics_sha256"], render_plan_pdf(document)


@pytest.fixture
def signed(plan_pdf, signer):
    _, pdf = plan_pdf
    return sign_pdf(pdf, signer, reason="Approved test plan", location="Test Lab")


def other_signer(directory: Path):
    key, cert = create_development_certificate(directory, "Somebody Else")
    return signer_from_files(key, cert)


def flip(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] = ord("0") if changed[position] != ord("0") else ord("1")
    return bytes(changed)


def byte_range(pdf: bytes) -> list[int]:
    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    return [int(n) for n in match.groups()]


# ------------------------------------------------------------ the certificate


def test_development_certificate_is_created_once_with_a_private_key(tmp_path):
    directory = tmp_path / "dev"
    key, cert = create_development_certificate(directory, "Lab development certificate")
    assert (key.name, cert.name) == (DEV_KEY_NAME, DEV_CERT_NAME)
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    key_bytes, cert_bytes = key.read_bytes(), cert.read_bytes()
    assert b"ENCRYPTED" not in key_bytes
    again = create_development_certificate(directory, "Another name")
    assert again == (key, cert)
    assert key.read_bytes() == key_bytes
    assert cert.read_bytes() == cert_bytes
    certificate = x509.load_pem_x509_certificate(cert_bytes)
    private = serialization.load_pem_private_key(key_bytes, password=None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    assert private.curve.name == "secp256r1"
    assert certificate.public_key().public_numbers() == (
        private.public_key().public_numbers()
    )
    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        [attribute] = certificate.subject.get_attributes_for_oid(oid)
        assert attribute.value == "Lab development certificate"
    assert certificate.issuer == certificate.subject
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert timedelta(days=5 * 365) <= lifetime <= timedelta(days=5 * 365 + 2)


def test_lab_signer_without_configuration_uses_the_development_certificate(
    signing_settings,
):
    signer = lab_signer()
    assert signer.is_development
    assert (signing_settings.SIGNING_DEV_DIR / DEV_KEY_NAME).exists()
    assert "Test Certification Lab development certificate" in signer.subject
    assert re.fullmatch(r"[0-9a-f]{64}", signer.fingerprint_sha256)
    assert lab_signer() is signer  # cached
    signing_settings.LAB_NAME = "Renamed Lab"
    signing_settings.SIGNING_DEV_DIR = signing_settings.SIGNING_DEV_DIR.parent / "b"
    assert lab_signer().fingerprint_sha256 != signer.fingerprint_sha256


def test_ensure_signing_certificate_prints_the_certificate(signing_settings):
    out = io.StringIO()
    call_command("ensure_signing_certificate", stdout=out)
    text = out.getvalue()
    signer = lab_signer()
    assert signer.fingerprint_sha256 in text
    assert signer.subject in text
    assert "development certificate" in text
    assert (signing_settings.SIGNING_DEV_DIR / DEV_CERT_NAME).exists()


def _ca_and_lab_certificate(directory: Path):
    """A CA and a lab certificate it issued, as a lab would have them."""
    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Root CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
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
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Certification Lab"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Test Certification Lab signing"),
        ]
    )
    cert = document_signing_certificate(
        subject=name,
        public_key=key.public_key(),
        issuer=ca_name,
        issuer_key=ca_key,
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=365),
        document_signing_usage=False,  # as many CA-issued lab certificates
    )
    pem = serialization.Encoding.PEM
    files = {
        "key": directory / "lab-key.pem",
        "cert": directory / "lab-cert.pem",
        "chain": directory / "chain.pem",
        "p12": directory / "lab.p12",
    }
    files["key"].write_bytes(
        key.private_bytes(
            pem,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"s3cret"),
        )
    )
    files["cert"].write_bytes(cert.public_bytes(pem))
    files["chain"].write_bytes(ca.public_bytes(pem))
    files["p12"].write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"lab",
            key,
            cert,
            [ca],
            serialization.BestAvailableEncryption(b"s3cret"),
        )
    )
    return files


def test_configured_lab_certificate_with_chain_signs_and_verifies(
    signing_settings, tmp_path, plan_pdf
):
    files = _ca_and_lab_certificate(tmp_path)
    signing_settings.SIGNING_KEY_FILE = str(files["key"])
    signing_settings.SIGNING_CERT_FILE = str(files["cert"])
    signing_settings.SIGNING_CHAIN_FILE = str(files["chain"])
    signing_settings.SIGNING_PASSPHRASE = "s3cret"
    signer = lab_signer()
    assert not signer.is_development
    assert "Test Certification Lab signing" in signer.subject
    assert not (signing_settings.SIGNING_DEV_DIR / DEV_KEY_NAME).exists()
    signed = sign_pdf(plan_pdf[1], signer, reason="Approved", location="Lab")
    result = verify_pdf(signed, signer)
    assert result.ok, result.problem
    assert result.trusted and result.is_lab_certificate

    # The same identity from a PKCS#12 file.
    signing_settings.SIGNING_KEY_FILE = signing_settings.SIGNING_CERT_FILE = ""
    signing_settings.SIGNING_CHAIN_FILE = ""
    signing_settings.SIGNING_PKCS12_FILE = str(files["p12"])
    from_p12 = lab_signer()
    assert from_p12.fingerprint_sha256 == signer.fingerprint_sha256
    assert verify_pdf(signed, from_p12).ok


def test_wrong_configuration_is_a_signing_error(signing_settings, tmp_path):
    files = _ca_and_lab_certificate(tmp_path)
    signing_settings.SIGNING_PKCS12_FILE = str(files["p12"])
    signing_settings.SIGNING_PASSPHRASE = "wrong"
    with pytest.raises(SigningError, match="SIGNING_PASSPHRASE"):
        lab_signer()
    signing_settings.SIGNING_PKCS12_FILE = ""
    signing_settings.SIGNING_KEY_FILE = str(files["key"])
    signing_settings.SIGNING_CERT_FILE = str(tmp_path / "missing.pem")
    signing_settings.SIGNING_PASSPHRASE = "s3cret"
    with pytest.raises(SigningError, match="SIGNING_CERT_FILE"):
        lab_signer()
    key, _ = create_development_certificate(tmp_path / "x", "X")
    signing_settings.SIGNING_KEY_FILE = str(key)
    signing_settings.SIGNING_CERT_FILE = str(files["cert"])
    with pytest.raises(SigningError, match="does not belong"):
        lab_signer()


def _key_and_cert_settings(signing_settings, files, **overrides):
    signing_settings.SIGNING_KEY_FILE = str(files["key"])
    signing_settings.SIGNING_CERT_FILE = str(files["cert"])
    signing_settings.SIGNING_PASSPHRASE = "s3cret"
    for name, value in overrides.items():
        setattr(signing_settings, name, value)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("key missing", r"SIGNING_KEY_FILE: cannot read .*missing\.pem"),
        ("no passphrase", r"SIGNING_KEY_FILE is encrypted: set SIGNING_PASSPHRASE"),
        ("wrong passphrase", r"SIGNING_KEY_FILE is not a readable private key"),
        ("key is garbage", r"SIGNING_KEY_FILE is not a readable private key"),
        ("cert is garbage", r"SIGNING_CERT_FILE is not a readable X\.509"),
        ("cert is broken DER", r"SIGNING_CERT_FILE is not a readable X\.509"),
        ("cert is a key", r"SIGNING_CERT_FILE is not a readable X\.509"),
        ("chain missing", r"SIGNING_CHAIN_FILE: cannot read"),
        ("chain is garbage", r"SIGNING_CHAIN_FILE .* holds no readable certificates"),
        ("only the key", r"SIGNING_CERT_FILE is not set"),
        ("only the cert", r"SIGNING_KEY_FILE is not set"),
        ("p12 missing", r"SIGNING_PKCS12_FILE: cannot read"),
        ("p12 is garbage", r"SIGNING_PKCS12_FILE cannot be opened"),
        ("p12 without key", r"SIGNING_PKCS12_FILE must hold a private key"),
    ],
)
def test_each_bad_signing_setting_is_named_in_its_error(
    signing_settings, tmp_path, case, message
):
    files = _ca_and_lab_certificate(tmp_path)
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"this is not a key or a certificate\n")
    broken_der = tmp_path / "broken.der"
    broken_der.write_bytes(b"\x30\x03\x02\x01\x01")  # a SEQUENCE, not a certificate
    missing = str(tmp_path / "missing.pem")
    certificates_only = tmp_path / "certificates-only.p12"
    certificates_only.write_bytes(
        pkcs12.serialize_key_and_certificates(
            None,
            None,
            None,
            [x509.load_pem_x509_certificate(files["chain"].read_bytes())],
            serialization.BestAvailableEncryption(b"s3cret"),
        )
    )
    settings_for = {
        "key missing": {"SIGNING_KEY_FILE": missing},
        "no passphrase": {"SIGNING_PASSPHRASE": ""},
        "wrong passphrase": {"SIGNING_PASSPHRASE": "wrong"},
        "key is garbage": {"SIGNING_KEY_FILE": str(garbage)},
        "cert is garbage": {"SIGNING_CERT_FILE": str(garbage)},
        "cert is broken DER": {"SIGNING_CERT_FILE": str(broken_der)},
        "cert is a key": {"SIGNING_CERT_FILE": str(files["key"])},
        "chain missing": {"SIGNING_CHAIN_FILE": missing},
        "chain is garbage": {"SIGNING_CHAIN_FILE": str(garbage)},
        "only the key": {"SIGNING_CERT_FILE": ""},
        "only the cert": {"SIGNING_KEY_FILE": ""},
        "p12 missing": {"SIGNING_PKCS12_FILE": missing},
        "p12 is garbage": {"SIGNING_PKCS12_FILE": str(garbage)},
        "p12 without key": {"SIGNING_PKCS12_FILE": str(certificates_only)},
    }[case]
    _key_and_cert_settings(signing_settings, files, **settings_for)
    with pytest.raises(SigningError, match=message):
        lab_signer()


def test_a_passphrase_set_for_an_unencrypted_key_is_ignored(signing_settings, tmp_path):
    # One SIGNING_PASSPHRASE serves the key and the PKCS#12 file: a leftover one
    # must not stop a lab whose key is stored unencrypted.
    key, cert = create_development_certificate(tmp_path / "plain", "Plain Lab")
    signing_settings.SIGNING_KEY_FILE = str(key)
    signing_settings.SIGNING_CERT_FILE = str(cert)
    signing_settings.SIGNING_PASSPHRASE = "left over"
    assert "Plain Lab" in lab_signer().subject


def test_der_key_and_certificate_are_read_like_pem(
    signing_settings, tmp_path, plan_pdf
):
    files = _ca_and_lab_certificate(tmp_path)
    key = serialization.load_pem_private_key(files["key"].read_bytes(), b"s3cret")
    cert = x509.load_pem_x509_certificate(files["cert"].read_bytes())
    key_der, cert_der = tmp_path / "lab-key.der", tmp_path / "lab-cert.der"
    key_der.write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"s3cret"),
        )
    )
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    _key_and_cert_settings(
        signing_settings,
        files,
        SIGNING_KEY_FILE=str(key_der),
        SIGNING_CERT_FILE=str(cert_der),
    )
    signer = lab_signer()
    assert "Test Certification Lab signing" in signer.subject
    signed = sign_pdf(plan_pdf[1], signer, reason="R", location="L")
    assert verify_pdf(signed, signer).ok


def test_the_signers_certificate_is_kept_out_of_its_registry(
    signing_settings, tmp_path
):
    # A chain file (or PKCS#12 file) that repeats the lab's certificate must not get
    # it embedded twice: a second copy could hide a tampered one.
    files = _ca_and_lab_certificate(tmp_path)
    with_leaf = tmp_path / "chain-with-leaf.pem"
    with_leaf.write_bytes(files["cert"].read_bytes() + files["chain"].read_bytes())
    _key_and_cert_settings(signing_settings, files, SIGNING_CHAIN_FILE=str(with_leaf))
    signer = lab_signer()
    registry = [c.dump() for c in signer.signer.cert_registry]
    assert signer.certificate.dump() not in registry
    assert len(registry) == 1  # the CA


def test_a_full_chain_certificate_file_signs_with_its_first_certificate(
    signing_settings, tmp_path, plan_pdf
):
    files = _ca_and_lab_certificate(tmp_path)
    full_chain = tmp_path / "fullchain.pem"
    full_chain.write_bytes(files["cert"].read_bytes() + files["chain"].read_bytes())
    _key_and_cert_settings(signing_settings, files, SIGNING_CERT_FILE=str(full_chain))
    signer = lab_signer()
    assert "Test Certification Lab signing" in signer.subject
    [ca] = signer.signer.cert_registry
    assert ca.subject.human_friendly == "Common Name: Test Root CA"
    signed = sign_pdf(plan_pdf[1], signer, reason="R", location="L")
    assert verify_pdf(signed, signer).ok
    [embedded] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert len(embedded.signed_data["certificates"]) == 2  # the lab's and the CA's


# --------------------------------------------------------------- sign, verify


def test_signed_plan_verifies_with_its_submission(signed, signer, plan_pdf):
    sha, _ = plan_pdf
    result = verify_pdf(signed, signer)
    assert result.signed and result.intact and result.valid and result.trusted
    assert result.is_lab_certificate
    assert not result.modified_after_signing
    assert result.problem == ""
    assert result.ok
    assert result.submission_code == SUBMISSION
    assert result.revision == 2
    assert result.pics_sha256 == sha
    assert result.signer_fingerprint == signer.fingerprint_sha256
    assert result.signer_subject == signer.subject
    assert abs(result.signed_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_pyhanko_validator_accepts_the_signed_plan(signed, signer):
    reader = PdfFileReader(io.BytesIO(signed))
    [embedded] = reader.embedded_signatures
    status = validate_pdf_signature(
        embedded, ValidationContext(trust_roots=[signer.certificate])
    )
    assert status.bottom_line
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # The signer's certificate is embedded once.
    certificates = list(embedded.signed_data["certificates"])
    assert [c.chosen.dump() for c in certificates].count(signer.certificate.dump()) == 1


def test_pdfsig_lists_one_signature(signed, tmp_path):
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    out = subprocess.run(
        ["pdfsig", str(path)], capture_output=True, text=True, check=False
    ).stdout
    assert out.count("Signature #") == 1
    assert "Signature is Valid" in out
    assert "Total document signed" in out


def test_one_byte_changed_in_the_signed_range_is_detected(signed, signer):
    offset, length, _, _ = byte_range(signed)
    position = signed.index(SUBMISSION.encode())
    assert offset <= position < offset + length  # inside the signed range
    tampered = bytearray(signed)
    tampered[position + len(SUBMISSION) - 1] = ord("3")  # SUB-2025-0043
    result = verify_pdf(bytes(tampered), signer)
    assert result.signed
    assert not result.intact
    assert not result.ok
    assert "changed after it was signed" in result.problem


def test_a_changed_signature_value_is_invalid(signed, signer):
    reader = PdfFileReader(io.BytesIO(signed))
    [embedded] = reader.embedded_signatures
    value = embedded.signer_info["signature"].native
    hex_value = value.hex().encode()
    lower = signed.lower()
    position = lower.index(hex_value) + len(hex_value) // 2
    result = verify_pdf(flip(signed, position), signer)
    assert result.signed
    assert result.intact  # the document bytes are those signed…
    assert not result.valid  # …but the signature over them is not
    assert not result.ok
    assert "invalid" in result.problem


def test_a_changed_embedded_certificate_is_invalid_without_an_exception(signed, signer):
    der = signer.certificate.dump()
    # A byte inside the certificate's public key, as hex in /Contents.
    needle = der[-80:-70].hex().encode()
    position = signed.lower().index(needle) + 4
    result = verify_pdf(flip(signed, position), signer)
    assert result.signed
    assert not result.ok
    assert result.problem


def test_an_appended_update_is_reported_and_cannot_change_the_submission(
    signed, signer
):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    info_ref = writer.prev.trailer_view.raw_get("/Info")
    info = info_ref.get_object()
    info[generic.NameObject("/CertplannerSubmission")] = generic.TextStringObject(
        "SUB-FORGED"
    )
    writer.mark_update(info_ref)
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert updated.startswith(signed)
    result = verify_pdf(updated, signer)
    assert result.signed and result.intact and result.valid
    assert result.modified_after_signing
    assert not result.ok
    assert "changed after it was signed" in result.problem
    assert result.submission_code == SUBMISSION  # read from the signed revision

    appended = verify_pdf(signed + b"\n% appended\n", signer)
    assert appended.modified_after_signing
    assert appended.problem


def test_a_plan_signed_by_another_certificate_is_not_the_labs(
    plan_pdf, signer, tmp_path
):
    someone = other_signer(tmp_path / "other")
    signed = sign_pdf(plan_pdf[1], someone, reason="Forged", location="Elsewhere")
    result = verify_pdf(signed, signer)
    assert result.signed and result.intact and result.valid
    assert not result.is_lab_certificate
    assert not result.trusted
    assert not result.ok
    assert result.signer_fingerprint == someone.fingerprint_sha256
    assert "Somebody Else" in result.problem
    assert "not with the lab's certificate" in result.problem


@pytest.mark.parametrize(
    "case",
    ["unsigned", "truncated", "random", "empty", "header only", "not bytes"],
)
def test_bad_input_gives_a_problem_not_an_exception(case, plan_pdf, signed, signer):
    data = {
        "unsigned": plan_pdf[1],
        "truncated": signed[: len(signed) // 2],
        "random": os.urandom(4096),
        "empty": b"",
        "header only": b"%PDF-1.7\n%%EOF\n",
        "not bytes": None,
    }[case]
    result = verify_pdf(data, signer)
    assert not result.signed
    assert not result.ok
    assert result.problem.endswith(".")
    if case == "unsigned":
        assert "no digital signature" in result.problem


def test_every_truncation_of_a_signed_plan_is_handled(signed, signer):
    for size in range(0, len(signed), max(1, len(signed) // 97)):
        result = verify_pdf(signed[:size], signer)
        assert not result.ok
        assert result.problem


def test_async_callers_verify_in_a_thread(signed, signer):
    async def main():
        with pytest.raises(RuntimeError, match="to_thread"):
            verify_pdf(signed, signer)
        return await asyncio.to_thread(verify_pdf, signed, signer)

    assert asyncio.run(main()).ok
