"""Who may open each view, declared next to the view, checked by the access matrix
(tests/test_access_matrix.py), which fails for any URL without a declaration.

An outcome is "ok" (served: 2xx, a redirect elsewhere than the login page, or a 4xx
about the input such as 400/409), "login" (sent to log in, or 401 from the API), or
the status the persona must get: 403 (wrong role), 404 (not theirs), 405.
"""

from __future__ import annotations

PERSONAS = ("anonymous", "vendor", "colleague", "other_vendor", "reviewer", "admin")

# Common shapes. "vendor" owns the object; "colleague" is in the same organisation.
EVERYONE = dict.fromkeys(PERSONAS, "ok")
LOGGED_IN = {**EVERYONE, "anonymous": "login"}
VENDORS = {**LOGGED_IN, "reviewer": 403, "admin": 403}
VENDORS_AND_ADMINS = {**LOGGED_IN, "reviewer": 403}
LAB = {**LOGGED_IN, "vendor": 403, "colleague": 403, "other_vendor": 403}
# An object of the vendor's organisation: outsiders learn nothing (404).
ORGANISATION = {**LOGGED_IN, "other_vendor": 404, "reviewer": 404}
ORGANISATION_EDIT = {**ORGANISATION, "admin": 404}  # only members edit answers
SUBMISSION = {**LOGGED_IN, "other_vendor": 404}
SUBMISSION_LAB = {**SUBMISSION, "vendor": 403, "colleague": 403}
NOT_ALLOWED = {**dict.fromkeys(PERSONAS, 405), "anonymous": "login"}
API_LOGGED_IN = {**LOGGED_IN}
API_VENDORS = {**LOGGED_IN, "reviewer": 403, "admin": 403}
API_NOT_ALLOWED = {**dict.fromkeys(PERSONAS, 405)}
# Vendors only, and only for their own organisation's objects.
DUPLICATE = {**ORGANISATION, "reviewer": 403, "admin": 403}
DRAFT_PDF = {**ORGANISATION, "reviewer": 403}


def access(*, get: dict, post: dict):
    """Declare the expected outcome of GET and POST for every persona."""
    for table in (get, post):
        missing = set(PERSONAS) - set(table)
        if missing:
            raise ValueError(f"access declaration misses {sorted(missing)}")

    def decorator(view):
        view.access = {"GET": get, "POST": post}
        return view

    return decorator
