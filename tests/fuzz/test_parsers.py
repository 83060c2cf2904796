"""Fuzz the parsers: uname, builds and predictions, timestamps, image references, host detection.

Each target may answer "cannot read that" in its documented way (``None``, ``ValueError``) and
nothing else: any other exception is a bug a learner's paste or an odd engine would hit.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import payloads
from wintut import compat, refs
from wintut.hosts import KINDS, Host, detect
from wintut.steps.find_kernel import parse_uname
from wintut.steps.isolation import GRID, parse_marks
from wintut.timestamps import parse_timestamp

pytestmark = pytest.mark.fuzz

any_text = payloads.pasted


@given(any_text)
def test_parse_uname_reads_only_what_is_there(text):
    hostname, release = parse_uname(text)
    assert hostname is None or (isinstance(hostname, str) and hostname in text)
    assert release is None or (isinstance(release, str) and release in text)


@given(
    st.from_regex(r"[a-z0-9]{12}", fullmatch=True),
    st.from_regex(r"\d\.\d+\.\d+-[a-z0-9-]+", fullmatch=True),
)
def test_parse_uname_finds_the_release_in_a_true_line(host, release):
    line = f"root@{host}:/# uname -a\nLinux {host} {release} #1 SMP x86_64 GNU/Linux"
    assert parse_uname(line) == (host, release)


@given(any_text)
def test_parse_build_names_a_build_or_says_why_not(text):
    try:
        build = compat.parse_build(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert isinstance(build, int) and 10_000 <= build <= 99_999


@given(any_text)
def test_parse_marks_reads_one_mark_per_case_or_says_why_not(text):
    try:
        marks = parse_marks(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert all(isinstance(mark, bool) for mark in marks)
        assert len(marks) == len(GRID)


@given(
    st.one_of(st.integers(), st.sampled_from([b.build for b in compat.BUILDS])),
    st.one_of(st.integers(), st.sampled_from([b.build for b in compat.BUILDS])),
    st.one_of(st.sampled_from(["process", "hyperv", "Hyper-V", " PROCESS "]), payloads.text),
    st.one_of(st.none(), st.booleans()),
)
def test_compat_decides_every_pair_or_names_the_isolation(host, image, isolation, client):
    try:
        decision = compat.decide(host, image, isolation, host_client=client)
    except ValueError as exc:
        assert "isolation" in str(exc)
        return
    assert isinstance(decision.starts, bool) and decision.rule and decision.source
    if image > host:
        assert not decision.starts  # never a newer Windows on an older one


@given(any_text)
def test_compat_tag_parsing_never_raises(text):
    assert compat.build_of_tag(text) is None or isinstance(compat.build_of_tag(text), int)
    assert compat.build_of_image(text) is None or isinstance(compat.build_of_image(text), int)


@given(st.sampled_from([b.build for b in compat.BUILDS]) | st.integers(0, 99_999))
def test_compat_image_for_host_is_a_known_image_or_a_value_error(build):
    for repository in ("nanoserver", "servercore"):
        try:
            image = compat.image_for_host(build, repository)
        except ValueError:
            continue
        assert compat.build_of_image(image) is not None
        assert compat.decide(build, compat.build_of_image(image), "process").starts


@given(st.one_of(any_text, payloads.anything))
def test_parse_timestamp_is_a_float_or_none(value):
    moment = parse_timestamp(value)
    assert moment is None or isinstance(moment, float)


@given(
    st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2999, 1, 1), timezones=st.none()
    ),
    st.integers(0, 999),
    st.sampled_from(["Z", "+00:00", "+05:30", "-08:00"]),
)
def test_parse_timestamp_reads_the_engine_format_back(moment, nanos, zone):
    written = moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{moment.microsecond:06d}{nanos:03d}"
    offset = timedelta(0) if zone == "Z" else timedelta(hours=int(zone[:3]), minutes=int(zone[4:]))
    expected = moment.replace(tzinfo=timezone(offset)).timestamp()
    assert parse_timestamp(written + zone) == pytest.approx(expected, abs=1e-6)


@given(any_text)
def test_refs_parse_splits_every_reference(text):
    ref = refs.parse(text)
    assert ref.registry and ref.path
    assert ref.tag or ref.digest
    assert refs.split_tag(text)[1] in (ref.tag, ref.digest)
    refs.repository_of(text), refs.tag_of(text)


@given(
    st.one_of(
        st.none(), st.sampled_from(["localhost:5000", "127.0.0.1:5380", "mcr.microsoft.com"])
    ),
    st.from_regex(r"[a-z0-9]+(/[a-z0-9]+){0,2}", fullmatch=True),
    st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True)),
)
def test_refs_normalize_is_stable_on_valid_references(registry, path, tag):
    written = (f"{registry}/" if registry else "") + path + (f":{tag}" if tag else "")
    once = refs.normalize(written)
    assert refs.normalize(once) == once
    assert refs.parse(written).tag == (tag or "latest")


@given(
    st.one_of(
        payloads.anything,
        st.dictionaries(
            st.sampled_from(
                INFO_KEYS := [
                    "OSType",
                    "OperatingSystem",
                    "KernelVersion",
                    "Name",
                    "Labels",
                    "Isolation",
                    "RegistryConfig",
                    "Architecture",
                ]
            ),
            payloads.anything,
        ),
    ),
    st.one_of(
        payloads.anything,
        st.dictionaries(
            st.sampled_from(
                [
                    "Os",
                    "KernelVersion",
                    "Platform",
                    "Components",
                    "Version",
                    "ApiVersion",
                ]
            ),
            payloads.anything,
        ),
    ),
    st.one_of(st.none(), payloads.anything),
    st.one_of(st.none(), st.sampled_from(["windows", "darwin", "linux"]), payloads.anything),
)
def test_hosts_detect_names_a_kind_for_any_value_types(info, version, kernel, client_os):
    host = detect(info, version, kernel=kernel, client_os=client_os)
    assert isinstance(host, Host) and host.kind in KINDS
    json.dumps(host.to_dict(), default=str)
