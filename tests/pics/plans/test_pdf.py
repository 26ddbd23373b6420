"""The test-plan PDF, read back with poppler (pdfinfo, pdftotext) as a person's
viewer would: pages, page numbering, every applicable test case, the appendices,
and the draft and development-certificate notices only where they belong; and any
PICS at all, however long its texts, lays out."""

import copy
import dataclasses
import io
import re
import subprocess
import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.pdfbase import pdfmetrics

from pics.plans.pdf import (
    DEVELOPMENT_NOTICE,
    DRAFT_NOTICE,
    INFO_PICS_SHA256,
    INFO_REVISION,
    INFO_SUBMISSION,
    PlanDocument,
    PlanRenderError,
    render_plan_pdf,
)
from pics.plans.pdf.fit import FULL_TEXTS_LIMIT, clean_text, fit_line
from rules.document import MAX_TEXT, SUT_TYPES, PicsDocument, read_document
from rules.planner import plan
from rules.validation import validate
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


# ------------------------------------------------------------ texts of any length


def hostile_document(catalogue, *, product=None, values=None, **answers):
    """The AC example's PlanDocument with texts no validation would let through,
    as a revision frozen before the limits (or a draft preview with errors) has."""
    # Issued, not a draft: the draft's watermark would be read into the texts.
    document = plan_document(catalogue, submission_code="SUB-2025-0042", revision=1)
    product = {**document.product, **(product or {})}
    changed = {**document.answers, "product": product, **answers}
    if values is not None:
        changed["values"] = values
    return dataclasses.replace(
        document,
        product=product,
        organisation=product["vendor"],
        answers=changed,
    )


def flat(text: str) -> str:
    """The text without its line breaks and spaces: long words wrap anywhere."""
    return "".join(text.split())


def body_text(pdf: bytes) -> str:
    """The pages' text without their header and footer (which would interrupt a
    text running over pages): the frame, 25 mm from the top, 24 mm from the foot."""
    crop = ["-x", "0", "-y", "70", "-W", "595", "-H", "702"]
    return subprocess.run(
        ["pdftotext", *crop, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def assert_numbered(pdf: bytes) -> list[str]:
    pages = page_texts(pdf)
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in text
    return pages


WORDS = " ".join(f"Ladetechnik{i}" for i in range(420))  # 5,000 characters

# The shapes that stopped the draft PDF and the signed plan: their tallest table
# rows were 966 to 1,745,468 points high, the page's frame 703.
ISSUE_SHAPES = {
    "vendor of 5,000 characters in words": {"product": {"vendor": WORDS}},
    "model of one 10,000-character word": {"product": {"model": "W" * 10_000}},
    "firmware version of 50,000 characters": {
        "product": {"firmware_version": "2.4.0-rc" * 6_250}
    },
    "vendor of 200,000 characters": {"product": {"vendor": "V" * 200_000}},
    "5,000 values in one list and a 20,000-character feature id": {
        "values": {"C-23": [f"NTP-{i}" for i in range(5_000)]},
        "features": ["C-01", "F" * 20_000],
    },
}


@pytest.mark.parametrize("shape", ISSUE_SHAPES.values(), ids=ISSUE_SHAPES)
def test_texts_taller_than_a_page_are_shortened_and_printed_whole(catalogue, shape):
    pdf = render_plan_pdf(hostile_document(catalogue, **shape))
    pages = assert_numbered(pdf)
    text = " ".join(pages)
    everything = flat(body_text(pdf))
    for value in shape.get("product", {}).values():
        assert flat(value) in everything
    for value in shape.get("features", []):
        assert value in everything
    for listed in shape.get("values", {}).values():
        for value in listed:
            assert value in everything
    full_texts = [
        i for i, page in enumerate(pages) if "Appendix C \N{EN DASH} Full texts" in page
    ]
    if full_texts:  # the appendix comes last and holds what the tables shortened
        assert full_texts[0] > next(
            i for i, page in enumerate(pages) if "PICS answers" in page
        )
        assert "[full text: Appendix C, text 1]" in text
    else:  # nothing was shortened: the long list runs over several rows instead
        assert "values" in shape


def test_normal_plans_need_no_full_texts(draft_pdf):
    assert "Appendix C" not in pdf_text(draft_pdf)
    assert "full text" not in pdf_text(draft_pdf)


def test_a_shortened_cell_ends_with_a_reference_to_its_full_text(catalogue):
    vendor = " ".join(["Voltwerk"] * 1_000)
    pdf = render_plan_pdf(hostile_document(catalogue, product={"vendor": vendor}))
    flattened = " ".join(body_text(pdf).split())
    assert "… [full text: Appendix C, text 1]" in flattened
    assert "Text 1: Organisation, Vendor · 8,999 characters" in flattened
    assert vendor in flattened


def test_more_text_than_a_plan_can_print_is_refused_with_what_to_shorten(catalogue):
    half = FULL_TEXTS_LIMIT // 2
    long = {"vendor": "v" * half, "model": "m" * half, "hardware_version": "h" * half}
    with pytest.raises(PlanRenderError) as refused:
        render_plan_pdf(hostile_document(catalogue, product=long))
    message = str(refused.value)
    assert "Shorten the product's names and versions" in message
    assert "Organisation, Vendor: 200,000 characters" in message
    assert "Hardware version: 200,000 characters" in message


def test_header_line_is_shortened_to_its_room():
    assert fit_line("Wallbox", "DejaVuSans", 8, 200) == "Wallbox"
    shortened = fit_line("Wallbox AC22 Duo " * 20_000, "DejaVuSans", 8, 200)
    assert shortened.endswith("…") and shortened.startswith("Wallbox AC22 Duo")
    assert len(shortened) < 60


def test_control_characters_and_lone_surrogates_are_printed_as_replacements():
    assert clean_text("Wall\x00box\nAC\ud800") == "Wall\ufffdbox AC\ufffd"
    assert clean_text("Ströme “Zwölf” → 2") == "Ströme “Zwölf” → 2"


# Hypothesis: any PICS at all lays out, and so does every PICS the validation accepts.

RTL = "אבגדשת العربية"
piece = st.one_of(
    st.text(max_size=30),  # any characters, control characters included
    st.text(alphabet=RTL, min_size=1, max_size=40),
    # One long word without spaces, up to 10,000 characters.
    st.builds(
        lambda char, count: char * count,
        st.characters(codec="utf-8", exclude_categories=["Zs", "Cc"]),
        st.integers(100, 10_000),
    ),
)
long_texts = st.lists(piece, min_size=1, max_size=3).map(" ".join)
short_texts = st.text(max_size=30)


def many():
    """A list of `count` distinct values: thousands cost no more to draw than ten."""
    return st.builds(
        lambda stem, count: [f"{stem}-{i}" for i in range(count)],
        st.text(max_size=12),
        st.integers(0, 3_000),
    )


@st.composite
def any_pics(draw, catalogue):
    """A PICS as a stored draft may hold it: any texts, any ids, any number of
    values, the catalogue's own ids among them so that test cases apply. Its long
    texts add up to at most 270,000 characters, within what a plan prints."""
    side = "cs"
    features = [f["id"] for f in catalogue["features"] if f["side"] == side]
    value_lists = [f["id"] for f in catalogue["features"] if f["kind"] == "value_list"]
    return PicsDocument(
        sut=side,
        edition=catalogue["edition"]["code"],
        product={
            name: draw(long_texts)
            for name in ("vendor", "model", "hardware_version", "firmware_version")
        },
        profiles=tuple(
            draw(st.lists(st.sampled_from([p["name"] for p in catalogue["profiles"]])))
        ),
        features=tuple(
            draw(st.lists(st.one_of(st.sampled_from(features), short_texts)))
            + draw(st.lists(long_texts, max_size=1))
        ),
        values=draw(
            st.dictionaries(
                st.one_of(st.sampled_from(value_lists), short_texts),
                st.one_of(many(), st.lists(long_texts, max_size=1)),
                max_size=3,
            )
        ),
        questions=draw(
            st.dictionaries(
                st.one_of(st.sampled_from(["AQ-1", "AQ-2", "AQ-9"]), short_texts),
                st.booleans(),
                max_size=5,
            )
        ),
        hardware=draw(
            st.dictionaries(
                st.one_of(st.sampled_from(["HFS-1", "HFS-8"]), short_texts),
                st.one_of(st.booleans(), st.integers(0, 10**9)),
                max_size=5,
            )
        ),
        product_subtype=draw(st.one_of(st.none(), long_texts)),
    )


def document_for(catalogue, document: PicsDocument, draft: bool) -> PlanDocument:
    result = plan(catalogue, document)
    profiles = set(result["summary"]["by_profile"])
    return PlanDocument(
        lab_name=LAB,
        organisation=document.product["vendor"],
        product=document.product,
        sut_label=SUT_TYPES[document.sut],
        edition_code=catalogue["edition"]["code"],
        edition_title=catalogue["edition"]["title"],
        plan=result,
        answers=document.to_json(),
        controller_components=[
            c for c in catalogue["controller_components"] if c["profile"] in profiles
        ],
        draft=draft,
    )


RENDERS = settings(
    max_examples=12,
    deadline=None,
    # No shrinking: each example costs up to seconds of rendering, and shrinking
    # one failure took more than five minutes; the failing example is reported.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@RENDERS
@given(data=st.data())
def test_any_pics_lays_out(catalogue, data):
    # The draft preview renders a PICS with errors too, so this is any PICS at all.
    document = data.draw(any_pics(catalogue))
    pdf = render_plan_pdf(document_for(catalogue, document, draft=True))
    pages = assert_numbered(pdf)
    assert "Appendix B \N{EN DASH} PICS answers" in " ".join(pages)


def accepted_text(draw) -> str:
    """A product text the validation takes: printable, one line, any script, one
    long word or many short ones."""
    text = draw(
        st.one_of(
            st.text(
                st.characters(codec="utf-8", categories=["L", "N", "P", "S"]),
                min_size=1,
                max_size=MAX_TEXT,
            ),
            st.text(alphabet=RTL, min_size=1, max_size=MAX_TEXT),
            st.builds(
                lambda c: c * MAX_TEXT,
                st.characters(codec="utf-8", categories=["L", "N"]),
            ),
        )
    )
    assume(text.strip())
    return text.strip()


@RENDERS
@given(data=st.data())
def test_every_pics_the_validation_accepts_lays_out(catalogue, data):
    raw = example(data.draw(st.sampled_from(["ac-charging-station", "csms"])))
    raw["product"] = {name: accepted_text(data.draw) for name in raw["product"]}
    # Every value of every list the PICS answers: the longest lists there are.
    lists = {f["id"]: f["value_list"] for f in catalogue["features"]}
    allowed = {v["name"]: v["values"] for v in catalogue["value_lists"]}
    for key in raw.get("values", {}):
        if data.draw(st.booleans()):
            raw["values"][key] = list(allowed[lists[key]])
    document, problems = read_document(raw)
    problems += validate(document, catalogue)
    assume(not [p for p in problems if p.severity == "error"])
    pdf = render_plan_pdf(document_for(catalogue, document, draft=False))
    text = flat(body_text(pdf))
    for value in document.product.values():
        if readable_back(value):
            assert flat(value) in text


def readable_back(text: str) -> bool:
    """Whether pdftotext gives `text` back as written: every character in the font
    (others print as a blank box) and none right-to-left (pdftotext reorders those
    lines; ReportLab prints them in the order they are stored)."""
    glyphs = pdfmetrics.getFont("DejaVuSans").face.charToGlyph
    return all(
        ord(c) in glyphs and unicodedata.bidirectional(c) not in ("R", "AL")
        for c in text
    )
