"""Unit tests never see this machine's engine, its offline lab or the learner's files.

The lab may well be up while unit tests run (CI brings it up before `make test`); without this,
``wintut.images.resolve`` would rewrite references to the lab's names inside unit tests.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_learner(tmp_path_factory, monkeypatch):
    """A fresh data folder (so a fresh course session), no lab, and no engine: the session
    resolves to the address below, where nothing answers, and never to a simulated default."""
    monkeypatch.setenv("WINTUT_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("WINTUT_LAB_REGISTRY", "none")
    monkeypatch.setenv("WINTUT_SIMULATE", "none")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/wintut-unit-tests.sock")
