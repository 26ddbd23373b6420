"""The wizard's steps as plain data: their order and which apply to a document.

The forms that fill them live in wizard.py; services that only need to know the
steps (an import marks them all answered) read them here."""

from rules.document import PicsDocument

STEP_SLUGS = ("product", "profiles", "features", "questions", "hardware", "review")


def applies(slug: str, document: PicsDocument) -> bool:
    # Hardware features (Appendix B) exist for charging stations only.
    return slug != "hardware" or document.sut == "cs"


def step_slugs_for(document: PicsDocument) -> list[str]:
    return [slug for slug in STEP_SLUGS if applies(slug, document)]
