"""Which engine the notebooks run on under nbval, and what the run skipped: a pytest plugin.

Loaded from the repository's root ``conftest.py``, so it works for ``pytest notebooks`` alone
as well as for ``make test``.

- When no engine answers and ``CI`` is not ``true``, the notebooks' kernels get
  ``WINTUT_SIMULATE=docker-engine-linux``: the course runs on that simulated host, as it would
  for a learner with no engine. Under ``CI=true`` nothing is swapped in: an absent engine
  fails the notebooks. A ``WINTUT_SIMULATE`` the caller set is always kept.
- Only the kernels see the variable (it is set while nbval starts a notebook's kernel, then
  put back), so unit and integration tests in the same run are untouched.
- The terminal summary names the engine the notebooks ran on, and counts the tests skipped
  for want of each real part.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

FALLBACK_PROFILE = "docker-engine-linux"
"""The simulated host for a Linux machine with no engine (issue 11)."""

# Most specific first: "docker-registry" must not count as "docker CLI".
PARTS: tuple[tuple[str, str], ...] = (
    (r"busybox", "busybox-static"),
    (r"bash-static", "bash-static"),
    (r"docker-registry", "docker-registry"),
    (r"offline lab", "the offline lab (`wintut lab up`)"),
    (r"chromium", "chromium"),
    (r"configurable-http-proxy", "configurable-http-proxy"),
    (r"playwright", "the playwright package"),
    (r"docker (\d+\.\d+ )?CLI|docker binary", "the docker CLI"),
    (r"no Docker engine", "a Docker engine"),
    (r"IPv6", "IPv6 loopback"),
)


def part_wanted(reason: str) -> str:
    """The real part a skip reason says is missing (``other`` when it names none)."""
    for pattern, part in PARTS:
        if re.search(pattern, reason, re.IGNORECASE):
            return part
    return "other"


def skip_reason(report: Any) -> str:
    """The reason text of a skipped test's report."""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
    else:
        reason = str(longrepr)
    return reason.removeprefix("Skipped: ")


def count_parts(reports: Iterable[Any]) -> Counter[str]:
    """How many skipped tests wanted each part."""
    return Counter(part_wanted(skip_reason(r)) for r in reports)


@dataclass
class Choice:
    """The engine the notebooks' kernels get, and why."""

    simulate: str | None
    """The profile to put in the kernels' ``WINTUT_SIMULATE``, or None for the real engine."""
    said: str
    """One line for the run's summary."""


def choose(env: dict[str, str] | os._Environ[str], probe: Any) -> Choice:
    """Decide where the notebooks run.

    Args:
        env: the environment (``CI``, ``WINTUT_SIMULATE``).
        probe: a callable returning an object with ``reachable`` and ``endpoint`` (an
            :class:`wintut.engine.EngineStatus`); called only when it matters.
    """
    chosen = env.get("WINTUT_SIMULATE")
    if chosen:
        return Choice(None, f"the simulated host {chosen} (WINTUT_SIMULATE is set)")
    status = probe()
    if status.reachable:
        return Choice(None, f"the real engine at {status.endpoint}")
    if env.get("CI", "").lower() == "true":
        # "none": the course session must not take its embedded default either
        return Choice(
            "none", f"no engine: none answers at {status.endpoint}, and CI=true forbids a stand-in"
        )
    return Choice(
        FALLBACK_PROFILE,
        f"the simulated host {FALLBACK_PROFILE}: no engine answers at {status.endpoint} "
        "(CI is not true, so the embedded default stands in)",
    )


def _is_notebook_cell(item: pytest.Item) -> bool:
    return type(item).__module__.startswith("nbval")


def _probe() -> Any:
    from wintut.engine import Engine

    engine = Engine()
    try:
        return engine.status()
    finally:
        engine.close()


_CHOICE_KEY = pytest.StashKey[Choice]()


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items):
    if any(_is_notebook_cell(item) for item in items):
        config.stash[_CHOICE_KEY] = choose(os.environ, _probe)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    # nbval starts a notebook's kernel while setting up its first cell; the kernel copies
    # os.environ then, so the variable is set only for that moment.
    choice = item.config.stash.get(_CHOICE_KEY, None)
    if choice is None or choice.simulate is None or not _is_notebook_cell(item):
        yield
        return
    before = os.environ.get("WINTUT_SIMULATE")
    os.environ["WINTUT_SIMULATE"] = choice.simulate
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("WINTUT_SIMULATE", None)
        else:
            os.environ["WINTUT_SIMULATE"] = before


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config):
    choice = config.stash.get(_CHOICE_KEY, None)
    skipped = terminalreporter.stats.get("skipped", [])
    if choice is None and not skipped:
        return
    terminalreporter.write_sep("-", "wintut: engine and skips")
    if choice is not None:
        terminalreporter.write_line(f"notebooks ran on {choice.said}")
    counts = count_parts(skipped)
    if counts:
        listed = ", ".join(f"{part}: {n}" for part, n in counts.most_common())
        terminalreporter.write_line(f"skipped for want of {listed}")
