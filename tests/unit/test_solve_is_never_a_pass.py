"""Every "Do it for me" that ends in a pass is marked solved, never shown as the learner's pass
(issue 10; the browser suite found iis-failure's solve returning a plain pass)."""

from __future__ import annotations

import pytest

from tests.engine_fake import FakeEngineAPI
from wintut.results import SOLVED_LABEL
from wintut.steps import STEP_IDS, get, run_solve


@pytest.mark.parametrize("profile", ["test-linux", "windows-server-2022"])
@pytest.mark.parametrize("step_id", [s for s in STEP_IDS if get(s).can_solve])
def test_a_pass_after_do_it_for_me_is_marked_solved(step_id, profile):
    fake = FakeEngineAPI.linux() if profile == "test-linux" else FakeEngineAPI(profile)
    result = run_solve(step_id, fake.engine())
    if result.passed:
        assert result.solved and result.label == SOLVED_LABEL, str(result)
