"""Engine: endpoint resolution, error translation, preflight, safe runs, cleanup, pull errors.

docker-py is real: its APIClient talks to the simulated host's routes in-process
(tests/engine_fake.py); the exceptions fed to ``translate`` are the real docker-py / requests /
OS types with the texts engine-facts.md quotes.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import time

import docker.errors
import pytest
import requests
from urllib3.exceptions import ProtocolError

from tests.engine_fake import LINUX_INFO, FakeEngineAPI, answer, raising, refuse
from wintut.engine import (
    DEFAULT_UNIX,
    LABEL,
    STEP_LABEL,
    Endpoint,
    Engine,
    preflight,
    resolve_endpoint,
)
from wintut.engine import translate as translate_url
from wintut.errors import EngineError, Problem, PullError
from wintut.refs import split_tag
from wintut.timestamps import parse_timestamp

UNIX = Endpoint("unix:///var/run/docker.sock", "default")


def translate(exc: BaseException, endpoint: Endpoint, **kwargs) -> Problem:
    return translate_url(exc, endpoint.url, scheme=endpoint.scheme, **kwargs)


# -- resolution ---------------------------------------------------------------------------------


def test_explicit_argument_wins(tmp_path):
    env = {"DOCKER_HOST": "tcp://127.0.0.1:1", "DOCKER_CONFIG": str(tmp_path)}
    assert resolve_endpoint("unix:///x.sock", env) == Endpoint("unix:///x.sock", "argument")


def test_docker_host_comes_next(tmp_path):
    endpoint = resolve_endpoint(None, {"DOCKER_HOST": "tcp://127.0.0.1:2375"})
    assert (endpoint.url, endpoint.source) == ("tcp://127.0.0.1:2375", "DOCKER_HOST")


def _write_context(config_dir, name, host):
    """A context as `docker context create NAME --docker host=HOST` stores it."""
    meta = config_dir / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
    meta.mkdir(parents=True)
    endpoint = {"Host": host, "SkipTLSVerify": False}
    document = {"Name": name, "Metadata": {}, "Endpoints": {"docker": endpoint}}
    (meta / "meta.json").write_text(json.dumps(document))


def test_current_context_comes_before_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))  # docker-py reads contexts from here
    _write_context(tmp_path, "classroom", "tcp://127.0.0.1:2999")
    _write_context(tmp_path, "other", "unix:///run/other.sock")
    (tmp_path / "config.json").write_text('{"currentContext": "classroom"}')
    endpoint = resolve_endpoint(None, {"DOCKER_CONFIG": str(tmp_path)})
    assert (endpoint.url, endpoint.source) == ("tcp://127.0.0.1:2999", "context classroom")
    # DOCKER_CONTEXT names the context too, and wins over config.json
    endpoint = resolve_endpoint(None, {"DOCKER_CONFIG": str(tmp_path), "DOCKER_CONTEXT": "other"})
    assert endpoint.url == "unix:///run/other.sock"


def test_missing_context_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    with pytest.raises(EngineError) as caught:
        resolve_endpoint(None, {"DOCKER_CONFIG": str(tmp_path), "DOCKER_CONTEXT": "gone"})
    assert caught.value.problem.code == "context-missing"
    assert "docker context use default" in caught.value.problem.fix


def test_platform_default(tmp_path):
    endpoint = resolve_endpoint(None, {"DOCKER_CONFIG": str(tmp_path)})
    assert endpoint.source == "default"
    assert endpoint.url == (DEFAULT_UNIX if sys.platform != "win32" else endpoint.url)


# -- translation -------------------------------------------------------------------------------


def _fetch_error(cause: BaseException) -> docker.errors.DockerException:
    """What docker-py raises when it cannot fetch /version (docker/api/client.py)."""
    try:
        raise requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", cause))
    except requests.exceptions.ConnectionError as exc:
        error = docker.errors.DockerException(f"Error while fetching server API version: {exc}")
        error.__cause__ = exc
        return error


def test_socket_missing_is_engine_not_running():
    # engine-facts 3.6: docker/docker-py#3219
    exc = _fetch_error(FileNotFoundError(2, "No such file or directory"))
    problem = translate(exc, UNIX)
    assert problem.code == "engine-not-running"
    assert "Error while fetching server API version" in problem.detail
    assert problem.fix


def test_permission_denied_points_at_the_docker_group():
    exc = _fetch_error(PermissionError(13, "Permission denied"))
    # a socket whose owner cannot be read (this machine's own socket would decide the advice)
    problem = translate(exc, Endpoint("unix:///nonexistent/docker.sock", "default"))
    assert problem.code == "socket-permission"
    assert "docker group" in problem.fix and "rootless" in problem.fix


def test_read_timeout_is_engine_timeout():
    exc = requests.exceptions.ReadTimeout("Read timed out. (read timeout=2.0)")
    assert translate(exc, UNIX, seconds=2.0).code == "engine-timeout"


def test_http_500_on_version_means_still_starting():
    # engine-facts 1(c): docker/for-win#14869 — 500 on /version while Docker Desktop starts
    response = requests.Response()
    response.status_code = 500
    response.url = "http+docker://localnpipe/version"
    exc = docker.errors.APIError(
        "500 Server Error for http+docker://localnpipe/version: Internal Server Error",
        response=response,
    )
    assert translate(exc, UNIX).code == "engine-starting"


def test_missing_pywin32():
    # dependency-pitfalls 1.4: docker/docker-py#2454
    exc = docker.errors.DockerException("Install pypiwin32 package to enable npipe:// support")
    problem = translate(exc, Endpoint("npipe:////./pipe/docker_engine", "default"), stage="connect")
    assert problem.code == "pywin32-missing"


def test_tls_and_ssh_problems():
    tls = translate(requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED"), UNIX)
    assert tls.code == "tls-error"
    ssh = translate(
        docker.errors.DockerException("Install paramiko package to enable ssh:// support"),
        Endpoint("ssh://me@host", "context remote"),
        stage="connect",
    )
    assert ssh.code == "ssh-error"


def test_unrecognised_errors_keep_the_raw_text():
    problem = translate(RuntimeError("something new"), UNIX)
    assert problem.code == "engine-error"
    assert problem.detail == "RuntimeError: something new"


# -- preflight ---------------------------------------------------------------------------------


def test_preflight_missing_socket(tmp_path):
    problem = preflight(Endpoint(f"unix://{tmp_path}/none.sock", "argument"))
    assert problem is not None and problem.code == "engine-not-running"


def test_preflight_listening_socket_passes(tmp_path):
    path = str(tmp_path / "d.sock")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        server.listen(1)
        assert preflight(Endpoint(f"unix://{path}", "argument")) is None


def test_preflight_stale_socket_file_is_not_running(tmp_path):
    path = str(tmp_path / "stale.sock")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)  # bound, never listening: connect is refused
        problem = preflight(Endpoint(f"unix://{path}", "argument"))
    assert problem is not None and problem.code == "engine-not-running"


def test_preflight_refused_tcp_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    problem = preflight(Endpoint(f"tcp://127.0.0.1:{port}", "argument"))
    assert problem is not None and problem.code == "engine-not-running"


def test_preflight_rejects_unknown_schemes():
    problem = preflight(Endpoint("gopher://x", "argument"))
    assert problem is not None and problem.code == "bad-endpoint"


# -- status and calls --------------------------------------------------------------------------


def test_status_of_a_reachable_engine():
    status = FakeEngineAPI.linux().engine().status()
    assert status.reachable and status.os_type == "linux" and status.problems == []
    assert status.server_version == "20.10.24+dfsg1"


def test_status_never_raises():
    # What requests raises when the socket file is gone (docker/docker-py#3219).
    missing = FileNotFoundError(2, "No such file or directory")
    gone = requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", missing))
    fake = FakeEngineAPI.linux().on("GET", "/version", raising(gone))
    status = fake.engine().status()
    assert not status.reachable
    assert [p.code for p in status.problems] == ["engine-not-running"]


def test_a_500_on_version_is_an_engine_still_starting():
    fake = FakeEngineAPI.linux().on("GET", "/version", refuse(500, "Internal Server Error"))
    assert [p.code for p in fake.engine().status().problems] == ["engine-starting"]


def test_a_read_timeout_is_reported_as_one():
    late = requests.exceptions.ReadTimeout("Read timed out. (read timeout=2.0)")
    fake = FakeEngineAPI.linux().on("GET", "/info", raising(late))
    assert [p.code for p in fake.engine().status().problems] == ["engine-timeout"]


def test_absent_engine_is_reported_without_docker_py(tmp_path):
    status = Engine(f"unix://{tmp_path}/nothing.sock").status()
    assert not status.reachable and status.problems[0].code == "engine-not-running"


def test_what_a_simulated_host_did_not_record_is_its_own_problem():
    engine = FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022")
    with pytest.raises(EngineError) as caught:
        engine.search("microsoft")
    assert caught.value.problem.code == "not-recorded"
    assert "search microsoft" in caught.value.problem.detail


# -- running containers safely ----------------------------------------------------------------


def test_run_labels_and_removes_the_container():
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    fake.state.record_output("ubuntu", "uname -r", "6.1.0-test\n")
    result = fake.engine().run("ubuntu", ["uname", "-r"], step="find-kernel")
    (created,) = fake.state.created
    assert created.labels == {LABEL: "1", STEP_LABEL: "find-kernel"}
    host_config = created.config["HostConfig"]
    assert not host_config.get("Privileged")
    assert not host_config.get("Binds") and not host_config.get("Mounts")
    assert not created.config.get("Volumes")
    assert result.output == "6.1.0-test\n" and result.exit_code == 0
    assert created.removed and fake.state.containers == {}


def test_run_removes_the_container_even_on_interrupt():
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    fake.on("POST", r"/containers/[^/]+/wait", raising(KeyboardInterrupt()))
    engine = fake.engine()
    with pytest.raises(KeyboardInterrupt):
        engine.run("ubuntu", ["sleep", "100"])
    (created,) = fake.state.created
    assert created.removed
    assert engine.containers(all=True, filters={"label": "wintut=1"}) == []


def test_cleanup_removes_only_wintut_containers():
    fake = FakeEngineAPI.linux()
    now = time.time()
    fake.state.record_run("ubuntu", ["bash"], at=now - 60, name="wintut-x", labels={"wintut": "1"})
    mine = fake.state.record_run("ubuntu", ["bash"], at=now - 30, name="mine")
    engine = fake.engine()
    assert engine.cleanup() == ["wintut-x"]
    assert [c["Id"] for c in engine.containers()] == [mine.id]


# -- pulls -------------------------------------------------------------------------------------


def test_error_inside_the_pull_stream_is_raised():
    # engine-facts 8: FormatError writes {"errorDetail":{"message":…},"error":…} into a 200 stream
    words = "no matching manifest for linux/amd64 in the manifest list entries"
    fake = FakeEngineAPI.linux()
    fake.state.record_pull_error("mcr.microsoft.com/windows/servercore/iis:ltsc2022", words)
    with pytest.raises(PullError) as caught:
        list(fake.engine().pull_stream("mcr.microsoft.com/windows/servercore/iis:ltsc2022"))
    assert caught.value.daemon_message == words
    assert "another operating system" in caught.value.problem.fix


def test_http_error_on_pull_keeps_the_daemon_words():
    words = 'image operating system "windows" cannot be used on this platform'
    fake = FakeEngineAPI.linux().on("POST", "/images/create", refuse(500, words))
    with pytest.raises(PullError) as caught:
        list(fake.engine().pull_stream("microsoft/iis"))
    assert caught.value.daemon_message == words


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("ubuntu", ("ubuntu", "latest")),
        ("ubuntu:22.04", ("ubuntu", "22.04")),
        (
            "127.0.0.1:5380/windows/nanoserver:ltsc2022",
            ("127.0.0.1:5380/windows/nanoserver", "ltsc2022"),
        ),
        ("127.0.0.1:5380/library/ubuntu", ("127.0.0.1:5380/library/ubuntu", "latest")),
        ("a/b@sha256:abc", ("a/b", "sha256:abc")),
    ],
)
def test_split_tag(ref, expected):
    assert split_tag(ref) == expected


# -- events window ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("2026-11-27T21:24:44.089770072Z", 1795814684.08977),  # dockerd 20.10 on this machine
        ("2026-11-27T21:24:44Z", 1795814684.0),
        ("2026-11-27T22:24:44.5+01:00", 1795814684.5),
        ("", None),
        ("not a time", None),
        ("2026-13-40T21:24:44Z", None),
    ],
)
def test_parse_timestamp(text, seconds):
    assert parse_timestamp(text) == (None if seconds is None else pytest.approx(seconds))


def test_events_end_at_the_engines_clock_not_in_the_future():
    # A daemon streams events until `until`: a window ending in the future is a wait.
    clock = {**LINUX_INFO, "SystemTime": "2026-11-27T21:24:44.5Z"}
    fake = FakeEngineAPI.linux().on("GET", "/info", answer(clock))
    fake.engine().events(since=1795814000.25)
    (asked,) = fake.asked("GET", "/events")
    assert (asked.arg("since"), asked.arg("until")) == (
        "1795814000.250000000",
        "1795814684.500000000",
    )


# -- bad input and odd answers (issue 12) ------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["tcp://127.0.0.1:2375x", "tcp://127.0.0.1:99999", "tcp://[::1", "tcp://:2375"]
)
def test_a_mistyped_docker_host_is_a_bad_endpoint_not_a_crash(url):
    problem = preflight(Endpoint(url, "DOCKER_HOST"))
    assert problem is not None and problem.code == "bad-endpoint"
    status = Engine(url).status()
    assert not status.reachable and status.problems[0].code == "bad-endpoint"


@pytest.mark.parametrize("body", ['"x"', "[1, 2]", "null"])
def test_an_answer_that_is_not_an_object_is_an_odd_answer(body):
    fake = FakeEngineAPI.linux().on("GET", "/info", answer(json.loads(body)))
    status = fake.engine().status()
    assert not status.reachable
    assert status.problems[0].code == "odd-answer"


def test_a_registry_the_engine_cannot_reach_says_so_and_offers_the_lab():
    # dockerd's words offline (moby distribution errors carry Go's net error verbatim)
    words = (
        'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on '
        "127.0.0.53:53: no such host"
    )
    fake = FakeEngineAPI.linux().on("POST", "/images/create", refuse(500, words))
    with pytest.raises(PullError) as caught:
        list(fake.engine().pull_stream("ubuntu"))
    problem = caught.value.problem
    assert "cannot reach the image registry" in problem.message
    assert "wintut lab up" in problem.fix
    assert problem.detail == words


def test_a_root_only_socket_gets_no_docker_group_advice(tmp_path, monkeypatch):
    import wintut.engine.problems as problems

    monkeypatch.setattr(problems, "_socket_owner", lambda url: ("root", "srw-rw----"))
    fix = problems.problem("socket-permission", url="unix:///var/run/docker.sock").fix
    assert "docker group" not in fix and "rootless" in fix


def test_podmans_oci_permission_denied_is_the_daemons_words_not_a_socket_problem():
    words = "crun: open executable: Operation not permitted: OCI permission denied"
    fake = FakeEngineAPI.linux().on("POST", "/containers/create", refuse(500, words))
    with pytest.raises(EngineError) as caught:
        fake.engine().run("ubuntu", ["true"])
    assert caught.value.problem.code == "engine-error"
    assert caught.value.problem.detail == words
