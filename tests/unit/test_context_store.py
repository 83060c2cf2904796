"""A context made by `docker context create` works before any config.json exists.

`docker context create NAME --docker host=…` writes only ``contexts/`` under the config folder
(checked with docker CLI 28.2.2: the folder then holds ``contexts`` alone), and the docker CLI
then uses ``DOCKER_CONTEXT=NAME``. docker-py looks for the store beside config.json, so without
one it found nothing and wintut said the context "cannot be read".
"""

from __future__ import annotations

import hashlib
import json

import pytest

from wintut.engine import resolve_endpoint
from wintut.errors import EngineError


def create_context(config_dir, name, host, tls=False):
    """What `docker context create NAME --docker host=HOST` leaves behind (no config.json)."""
    context_id = hashlib.sha256(name.encode()).hexdigest()
    meta = config_dir / "contexts" / "meta" / context_id
    meta.mkdir(parents=True)
    document = {"Name": name, "Metadata": {}, "Endpoints": {"docker": {"Host": host}}}
    (meta / "meta.json").write_text(json.dumps(document), encoding="utf-8")
    if tls:
        (config_dir / "contexts" / "tls" / context_id / "docker").mkdir(parents=True)


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    folder = tmp_path / "docker-config"
    monkeypatch.setenv("DOCKER_CONFIG", str(folder))
    monkeypatch.chdir(tmp_path)  # docker-py's fallback looks in ./contexts: keep it empty
    return folder


def test_docker_context_without_config_json(config_dir):
    create_context(config_dir, "classroom", "tcp://127.0.0.1:2999")
    assert not (config_dir / "config.json").exists()
    env = {"DOCKER_CONFIG": str(config_dir), "DOCKER_CONTEXT": "classroom"}
    endpoint = resolve_endpoint(None, env)
    assert (endpoint.url, endpoint.source) == ("tcp://127.0.0.1:2999", "context classroom")


def test_a_context_that_does_not_exist_is_still_a_problem(config_dir):
    create_context(config_dir, "classroom", "tcp://127.0.0.1:2999")
    with pytest.raises(EngineError) as caught:
        resolve_endpoint(None, {"DOCKER_CONFIG": str(config_dir), "DOCKER_CONTEXT": "other"})
    assert caught.value.problem.code == "context-missing"


def test_a_tls_context_is_left_to_docker_py(config_dir):
    # Its certificates need docker-py's TLS setup; without config.json that still fails, and
    # says so, rather than connecting without TLS.
    create_context(config_dir, "secure", "tcp://127.0.0.1:2376", tls=True)
    with pytest.raises(EngineError) as caught:
        resolve_endpoint(None, {"DOCKER_CONFIG": str(config_dir), "DOCKER_CONTEXT": "secure"})
    assert caught.value.problem.code == "context-missing"


def test_a_broken_meta_file_is_a_problem_not_a_crash(config_dir):
    create_context(config_dir, "broken", "tcp://127.0.0.1:2999")
    meta = next((config_dir / "contexts" / "meta").iterdir()) / "meta.json"
    meta.write_text("{not json", encoding="utf-8")
    with pytest.raises(EngineError) as caught:
        resolve_endpoint(None, {"DOCKER_CONFIG": str(config_dir), "DOCKER_CONTEXT": "broken"})
    assert caught.value.problem.code == "context-missing"
