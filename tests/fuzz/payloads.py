"""Hostile text for the fuzz targets: what a learner can paste, and what an engine can answer.

Random unicode (surrogates included: a non-UTF-8 ``--answer`` arrives as them), NUL and other
controls, ANSI/OSC escapes, HTML and script payloads, and huge pastes, mixed with fragments of
the real thing (``uname -a`` lines, build numbers, image references) so the parsers' happy paths
are reached too.
"""

from __future__ import annotations

from hypothesis import strategies as st

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"'><svg onload=alert(1)>",
    "</pre></details><b>owned</b>",
    "`<script>x</script>`",
    "&lt;already escaped&gt; &amp;",
    "javascript:alert(1)",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\",
    "\x00",
    "\r\n",
    "\u202e",  # right-to-left override
    "\ud800",
    "\udcff",
    "\ufeff",
    "$(rm -rf ~)",
    "; ls #",
    "{{7*7}}",
    "%s%n",
)
REAL = (
    "Linux 4c1a2b3d4e5f 6.6.87.2-microsoft-standard-WSL2 #1 SMP x86_64 GNU/Linux",
    "root@4c1a2b3d4e5f:/# uname -a",
    "6.1.0-test",
    "5.15.153.1-microsoft-standard-WSL2",
    "ltsc2022 ltsc2019 process no",
    "host=20348 image=17763 isolation=hyperv starts=yes",
    "10.0.20348.1787",
    "10.0 26100 (26100.1.amd64fre.ge_release.240331-1435)",
    "24H2",
    "25H2",
    "1809",
    "win11-23h2",
    "docker search microsoft",
    "microsoft",
    "mcr.microsoft.com/windows/nanoserver:ltsc2022",
    "127.0.0.1:5380/library/ubuntu:22.04@sha256:" + "a" * 64,
    "2026-11-27T21:24:44.089770072Z",
    "2016-10-13T12:00:00+02:00",
    "process",
    "hyper-v",
    "yes",
    "no",
    "=",
    ":",
    "@",
    "/",
)

fragment = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(REAL),
    st.text(max_size=40),  # any code point but surrogates
    st.text(st.characters(categories=["Cs", "Cc", "Zs"]), max_size=8),
)

text = st.lists(fragment, max_size=8).map("".join)
"""Mixed hostile and plausible text, usually short."""


def _repeated(sizes: list[int]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda part, size: (part * (size // len(part) + 1))[:size],
        text.filter(bool),
        st.sampled_from(sizes),
    )


huge = _repeated([25_000] * 6 + [250_000] * 3 + [5_000_000])
"""A huge paste: a short text repeated to 25 kB, 250 kB or 5 MB (issue 12's 5 MB paste)."""

long = _repeated([25_000] * 3 + [250_000])
"""A long paste, for targets fed directly (the answer box's text is cut to 20,000 characters
before any parser sees it: wintut.answers.clean); 5 MB strings there only cost minutes."""

answer = st.one_of(st.none(), *[text] * 8, huge)
"""What a learner can put in an answer box (``None``: the box is empty or absent); one in ten
is a huge paste."""

pasted = st.one_of(*[text] * 9, long)
"""Text, one in ten a long paste."""

json_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        text,
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
"""Any JSON-shaped value (NaN included), as an odd engine may answer."""

anything = st.one_of(json_value, st.binary(max_size=20), st.tuples(text), st.just(object()))
"""Values of random types, not only JSON's."""
