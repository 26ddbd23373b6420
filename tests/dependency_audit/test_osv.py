"""OSV range semantics, checked against the schema's rules and a brute force."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from dependency_audit.osv import affects, in_range, matching

TWO_SERIES = [
    {"introduced": "5.2"},
    {"fixed": "5.2.16"},
    {"introduced": "6.0"},
    {"fixed": "6.0.7"},
]


@pytest.mark.parametrize(
    ("events", "version", "expected"),
    [
        ([{"introduced": "0"}, {"fixed": "1.2"}], "1.1.9", True),
        ([{"introduced": "0"}, {"fixed": "1.2"}], "1.2", False),
        ([{"introduced": "0"}, {"fixed": "1.2"}], "1.2.0.post1", False),
        ([{"introduced": "0"}, {"fixed": "1.2"}], "1.2rc1", True),
        (TWO_SERIES, "5.1.15", False),
        (TWO_SERIES, "5.2", True),
        (TWO_SERIES, "5.2.15", True),
        (TWO_SERIES, "5.2.16", False),
        (TWO_SERIES, "5.2.19", False),
        (TWO_SERIES, "6.0.6", True),
        (TWO_SERIES, "6.0.7", False),
        # Events need not come in order.
        (list(reversed(TWO_SERIES)), "5.2.3", True),
        ([{"introduced": "1.0"}, {"last_affected": "1.4"}], "1.4", True),
        ([{"introduced": "1.0"}, {"last_affected": "1.4"}], "1.4.1", False),
        ([{"introduced": "1.0"}], "99.0", True),  # never fixed
        ([{"introduced": "1.0"}], "0.9", False),
        ([{"introduced": "0"}, {"fixed": "not a version"}], "5.0", True),
        ([{"introduced": "1.0-weird!"}, {"fixed": "2.0"}], "1.5", True),
        ([{"introduced": "0"}, {"limit": "2.0"}, {"fixed": "3.0"}], "2.5", True),
    ],
)
def test_ranges_follow_the_osv_evaluation(events, version, expected):
    assert in_range(Version(version), events) is expected


versions = st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4)).map(
    lambda parts: Version(".".join(map(str, parts)))
)


@given(st.lists(versions, min_size=1, max_size=8, unique=True), versions)
def test_sorted_pairs_mean_half_open_intervals(bounds, version):
    bounds = sorted(bounds)
    events = [
        {"introduced" if index % 2 == 0 else "fixed": str(bound)}
        for index, bound in enumerate(bounds)
    ]
    intervals = [
        (bounds[i], bounds[i + 1] if i + 1 < len(bounds) else None)
        for i in range(0, len(bounds), 2)
    ]
    brute = any(
        low <= version and (high is None or version < high) for low, high in intervals
    )
    assert in_range(version, events) is brute


def record(**overrides):
    base = {
        "id": "PYSEC-TEST-1",
        "affected": [
            {
                "package": {"name": "Django", "ecosystem": "PyPI"},
                "ranges": [{"type": "ECOSYSTEM", "events": TWO_SERIES}],
                "versions": ["4.2.0"],
            }
        ],
    }
    return base | overrides


def test_names_compare_canonically_and_listed_versions_count():
    advisory = record()
    assert affects(advisory, "django", "5.2.1")
    assert affects(advisory, "DJANGO", "5.2.1")
    assert affects(advisory, "django", "4.2")  # listed as 4.2.0
    assert not affects(advisory, "django", "4.2.1")
    assert not affects(advisory, "django-formtools", "5.2.1")


def test_withdrawn_records_and_other_ecosystems_affect_nothing():
    assert not affects(record(withdrawn="2026-01-01T00:00:00Z"), "django", "5.2.1")
    other = record()
    other["affected"][0]["package"]["ecosystem"] = "npm"
    assert not affects(other, "django", "5.2.1")


def test_a_version_pep_440_cannot_read_matches_only_the_listed_versions():
    advisory = record()
    advisory["affected"][0]["versions"].append("5.2-custom-build")
    assert affects(advisory, "django", "5.2-custom-build")
    assert not affects(advisory, "django", "banana")


def test_matching_without_a_version_returns_every_record_about_the_package():
    about_django, about_celery = record(), record(id="PYSEC-TEST-2")
    about_celery["affected"][0]["package"]["name"] = "celery"
    records = [about_django, about_celery]
    assert matching(records, "django", None) == [about_django]
    assert matching(records, "django", "5.2.19") == []
    assert matching(records, "django", "6.0.1") == [about_django]
