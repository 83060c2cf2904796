"""Streamed pulls: progress copes with missing and -1 totals; in-stream errors are raised."""

from __future__ import annotations

import pytest

from tests.engine_fake import FakeEngineAPI, stream
from wintut.errors import PullError
from wintut.images import PullProgress, pull


def test_missing_totals_give_an_indeterminate_bar():
    progress = PullProgress("ubuntu")
    progress.update({"status": "Pulling from library/ubuntu", "id": "latest"})
    progress.update({"status": "Downloading", "id": "a1", "progressDetail": {}})
    progress.update({"status": "Downloading", "id": "a1"})
    assert progress.fraction is None
    assert "…" in str(progress)


def test_the_pulling_from_line_is_not_counted_as_a_layer():
    # The daemon sends {"status": "Pulling from REPO", "id": TAG} first (engine-facts.md 3.3).
    progress = PullProgress("ubuntu")
    progress.update({"status": "Pulling from library/ubuntu", "id": "latest"})
    assert "(0/0 layers)" in str(progress)
    progress.update({"status": "Pull complete", "id": "a1"})
    assert "(1/1 layers)" in str(progress)


def test_minus_one_totals_are_ignored_not_divided_by():
    progress = PullProgress("ubuntu")
    progress.update(
        {"status": "Downloading", "id": "a1", "progressDetail": {"current": 500, "total": -1}}
    )
    assert progress.fraction is None
    progress.update(
        {"status": "Downloading", "id": "b2", "progressDetail": {"current": 25, "total": 100}}
    )
    assert progress.fraction == pytest.approx(0.25)


def test_completed_layers_count_fully_and_done_is_one():
    progress = PullProgress("ubuntu")
    progress.update(
        {"status": "Downloading", "id": "a1", "progressDetail": {"current": 10, "total": 100}}
    )
    progress.update({"status": "Pull complete", "id": "a1", "progressDetail": {}})
    assert progress.fraction == 1.0
    assert progress.layers_done == 1
    progress.done = True
    assert progress.fraction == 1.0


def test_pull_reports_progress_and_returns_the_last_status():
    seen = []
    messages = [
        {"status": "Pulling from library/ubuntu", "id": "latest"},
        {"status": "Downloading", "id": "a1", "progressDetail": {"current": 1}},
        {"status": "Pull complete", "id": "a1"},
        {"status": "Status: Downloaded newer image for ubuntu:latest"},
    ]
    engine = FakeEngineAPI.linux().on("POST", "/images/create", stream(*messages)).engine()
    result = pull("ubuntu", engine, on_progress=lambda p: seen.append(p.fraction))
    assert result.status == "Status: Downloaded newer image for ubuntu:latest"
    assert result.messages == 4
    assert seen[-1] == 1.0
    assert None in seen  # no totals at first: indeterminate


@pytest.mark.parametrize(
    "error",
    [
        {
            "errorDetail": {
                "message": "no matching manifest for linux/amd64 in the manifest list entries"
            },
            "error": "no matching manifest for linux/amd64 in the manifest list entries",
        },
        {"error": "no matching manifest for linux/amd64 in the manifest list entries"},
    ],
)
def test_an_error_inside_the_stream_is_raised_with_the_daemons_words(error, wintut_home):
    pulling = {"status": "Pulling from windows/nanoserver", "id": "ltsc2022"}
    engine = FakeEngineAPI.linux().on("POST", "/images/create", stream(pulling, error)).engine()
    with pytest.raises(PullError) as caught:
        pull("mcr.microsoft.com/windows/nanoserver:ltsc2022", engine)
    assert caught.value.daemon_message == (
        "no matching manifest for linux/amd64 in the manifest list entries"
    )
    assert caught.value.problem.code == "pull-failed"
    assert "another operating system" in caught.value.problem.fix
