"""Unit tests never see this machine's engine, its offline lab or the learner's files.

The lab may well be up while unit tests run (CI brings it up before `make test`); without this,
``wintut.images.resolve`` would rewrite references to the lab's names inside unit tests.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_real_lab(tmp_path_factory, monkeypatch):
    import wintut.lab

    monkeypatch.setenv("WINTUT_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("WINTUT_LAB_REGISTRY", raising=False)
    wintut.lab._cache.clear()


@pytest.fixture(autouse=True)
def _no_real_engine(monkeypatch):
    """Unit tests use tests/engine_fake.py; anything that reaches for a real daemon finds none."""
    from wintut.engine import current_engine, set_engine

    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/wintut-unit-tests.sock")
    before = current_engine()
    set_engine(None)  # resolved afresh, from the DOCKER_HOST above
    yield
    set_engine(before)
