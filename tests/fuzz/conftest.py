"""The fuzz suite: hypothesis profiles and a learner who has no engine, no lab and no files.

``HYPOTHESIS_PROFILE=ci`` gives every target 10,000 examples, and is the default when
``CI=true`` (.ci/run); otherwise the ``dev`` profile gives 300, so ``make test`` stays quick on
a laptop. Deadlines are off: the machine is shared,
and a slow example is not a bug here; an exception is.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "derandomize": False,
}
settings.register_profile("ci", max_examples=10_000, **_COMMON)
settings.register_profile("dev", max_examples=300, **_COMMON)
_IN_CI = os.environ.get("CI", "").lower() == "true"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _IN_CI else "dev"))


@pytest.fixture(autouse=True, scope="package")
def _no_engine_no_lab(tmp_path_factory):
    """As in tests/unit: a fresh data folder, no lab, nothing answering at DOCKER_HOST, so
    nothing a target does can reach this machine's engine or the learner's own files."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINTUT_HOME", str(tmp_path_factory.mktemp("fuzz-home")))
        patch.setenv("WINTUT_LAB_REGISTRY", "none")
        patch.setenv("WINTUT_SIMULATE", "none")
        patch.setenv("DOCKER_HOST", "unix:///nonexistent/wintut-fuzz.sock")
        yield
