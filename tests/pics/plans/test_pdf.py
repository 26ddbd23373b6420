"""The test-plan PDF, read back with poppler (pdfinfo, pdftotext) as a person's
viewer would: pages, page numbering, every applicable test case, the appendices,
and the draft and development-certificate notices only where they belong."""

import copy
import io
import re
import subprocess
from datetime import UTC, datetime

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from pics.plans.pdf import (
    DEVELOPMENT_NOTICE,
    DRAFT_NOTICE,
    INFO_PICS_SHA256,
    INFO_REVISION,
    INFO_SUBMISSION,
    PlanDocument,
    render_plan_pdf,
)
from rules.document import SUT_TYPES, read_document
from rules.planner import plan
from tests.pics.examples import example

LAB = "Demo Certification Lab"


def plan_document(catalogue, name="ac-charging-station", raw=None, **overrides):
    """The PlanDocument of an example PICS (or of `raw`), as the app builds it."""
    raw = raw if raw is not None else example(name)
    document, problems = read_document(raw)
    assert not [p for p in problems if p.severity == "error"]
    result = plan(catalogue, document)
    profiles = set(result["summary"]["by_profile"])
    values = {
        "lab_name": LAB,
        "organisation": raw["product"]["vendor"],
        "product": raw["product"],
        "sut_label": SUT_TYPES[raw["sut"]],
        "edition_code": catalogue["edition"]["code"],
        "edition_title": catalogue["edition"]["title"],
        "plan": result,
        "answers": document.to_json(),
        "controller_components": [
            c for c in catalogue["controller_components"] if c["profile"] in profiles
        ],
    }
    values.update(overrides)
    return PlanDocument(**values)


def pdf_pages(pdf: bytes) -> int:
    out = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)$", out, re.MULTILINE).group(1))


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def page_texts(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")[: pdf_pages(pdf)]


@pytest.fixture(scope="module")
def draft_pdf(catalogue):
    return render_plan_pdf(plan_document(catalogue, draft=True))


@pytest.fixture(scope="module")
def issued(catalogue):
    document = plan_document(
        catalogue,
        submission_code="SUB-2025-0042",
        revision=3,
        approved_at=datetime(2025, 11, 20, 14, 3, tzinfo=UTC),
        reviewer="Rita Reviewer",
    )
    return document, render_plan_pdf(document)


def test_every_page_is_numbered_page_i_of_n(draft_pdf):
    pages = page_texts(draft_pdf)
    total = len(pages)
    assert total > 5
    assert "page 1 of" in pdf_text(draft_pdf)
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {total}" in text
        assert LAB in text  # header
        assert "Wallbox AC22 Duo" in text


def test_the_plan_is_complete(issued):
    document, pdf = issued
    text = pdf_text(pdf)
    rows = document.plan["test_cases"]
    for label in ("Voltwerk Charging GmbH", "Wallbox AC22 Duo", "3.1", "2.4.0"):
        assert label in text
    assert "Charging Station" in text
    assert document.plan["pics_sha256"] in text
    assert "SUB-2025-0042" in text
    assert "Rita Reviewer" in text
    assert "2025-11-20" in text
    for row in rows:
        assert row["id"] in text, row["id"]
    summary = document.plan["summary"]
    assert str(summary["applicable"]) in text
    assert "Summary" in text
    assert "Controller components" in text
    assert "OCPPCommCtrlr" in text
    assert "SecurityCtrlr" in text
    assert "LocalAuthListCtrlr" in text


def test_not_applicable_appendix_lists_each_case_with_its_reason(issued):
    document, pdf = issued
    pages = page_texts(pdf)
    start = next(
        i for i, t in enumerate(pages) if "Appendix A" in t and "do not apply" in t
    )
    end = next(i for i, t in enumerate(pages) if i > start and "Appendix B" in t)
    appendix = "".join(pages[start:end])
    not_applicable = [r for r in document.plan["test_cases"] if not r["applicable"]]
    assert len(not_applicable) == 45
    for row in not_applicable:
        assert row["id"] in appendix
    # Reasons wrap inside their cells: compare without the line breaks.
    flat = " ".join(appendix.split())
    assert "NOT C-13: C-13 yes → does not apply" in flat
    before = "".join(pages[:start])
    assert "TC_B_28" not in before  # not applicable: not in the applicable tables


def test_pics_answers_appendix(issued):
    _, pdf = issued
    pages = page_texts(pdf)
    appendix = " ".join(" ".join(pages[-2:]).split())
    assert "PICS answers" in appendix
    for item in ("C-09.2", "AS-3", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"):
        assert item in appendix
    assert "AQ-9" in appendix
    assert "HFS-8" in appendix


def test_draft_watermark_only_on_drafts(draft_pdf, issued):
    _, official = issued
    pages = page_texts(draft_pdf)
    for text in pages:
        assert "DRAFT" in text
    assert DRAFT_NOTICE in pdf_text(draft_pdf)
    assert "DRAFT" not in pdf_text(official)
    assert DEVELOPMENT_NOTICE not in pdf_text(official)
    assert "development certificate" not in pdf_text(draft_pdf)


def test_development_certificate_notice_only_when_set(catalogue):
    pdf = render_plan_pdf(
        plan_document(
            catalogue,
            submission_code="SUB-2025-0001",
            revision=1,
            development_certificate=True,
        )
    )
    pages = page_texts(pdf)
    for text in pages:
        assert DEVELOPMENT_NOTICE in text  # footer of every page
    assert "DRAFT" not in pdf_text(pdf)


def test_footer_names_submission_and_revision(issued):
    _, pdf = issued
    for text in page_texts(pdf):
        assert "Submission SUB-2025-0042 · revision 3" in text


def test_document_info_carries_submission_revision_and_pics_hash(issued):
    document, pdf = issued
    info = PdfFileReader(io.BytesIO(pdf)).trailer["/Info"]
    assert str(info[f"/{INFO_SUBMISSION}"]) == "SUB-2025-0042"
    assert str(info[f"/{INFO_REVISION}"]) == "3"
    assert str(info[f"/{INFO_PICS_SHA256}"]) == document.plan["pics_sha256"]
    assert "SUB-2025-0042" in str(info["/Subject"])
    assert f"pics_sha256={document.plan['pics_sha256']}" in str(info["/Keywords"])
    assert str(info["/Author"]) == LAB


def test_csms_plan_and_undetermined_cases(catalogue):
    csms = pdf_text(render_plan_pdf(plan_document(catalogue, "csms", draft=True)))
    assert "CSMS" in csms
    assert "Hardware features" not in csms
    raw = example("ac-charging-station")
    del raw["questions"]["AQ-2"]  # unanswered: its test cases are undetermined
    document = plan_document(catalogue, raw=raw, draft=True)
    undetermined = [r for r in document.plan["test_cases"] if r["applicable"] is None]
    assert undetermined
    text = " ".join(pdf_text(render_plan_pdf(document)).split())
    assert "Undetermined test cases" in text
    assert "undetermined (answer AQ-2)" in text
    for row in undetermined:
        assert row["id"] in text


def test_markup_and_non_ascii_text_is_printed_as_written(catalogue):
    raw = example("ac-charging-station")
    raw["product"] = {
        "vendor": "Ströme & <Söhne> AG",
        "model": "Ladesäule “Zwölf” → 2",
        "hardware_version": "rév. 3",
        "firmware_version": "2.4.0-β",
    }
    text = pdf_text(render_plan_pdf(plan_document(catalogue, raw=raw)))
    for value in raw["product"].values():
        assert value in text


def test_long_plan_renders_every_row_and_numbers_its_pages(catalogue):
    # Its speed is measured by `./dev bench pdf`, not asserted here.
    document = plan_document(catalogue)
    rows = document.plan["test_cases"]
    more = []
    for i in range(250 - len(rows)):
        row = copy.deepcopy(rows[i])
        row["id"] = f"TC_X_{i:03d}"
        row["reason"] = "(C-30 or C-31 or C-32 or C-35) and NOT AQ-2: " * 3 + "→ ok"
        more.append(row)
    long_plan = {**document.plan, "test_cases": rows + more}
    assert len(long_plan["test_cases"]) == 250
    long_document = PlanDocument(**{**document.__dict__, "plan": long_plan})
    pdf = render_plan_pdf(long_document)
    text = pdf_text(pdf)
    assert "TC_X_000" in text and "TC_X_019" in text
    assert f"page {pdf_pages(pdf)} of {pdf_pages(pdf)}" in text
