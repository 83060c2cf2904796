"""The engine side in Chinese: every problem's reason and fix, what endpoint's preflight and the
pull stream can say, host kinds and compatibility rules (the notices: test_zh_notices.py), with
no English left but the daemon's (and Microsoft's) own words, kept verbatim in “”.

Each test sets the language with the ``zh`` fixture, which always puts English back (the
language is process-wide). The English side is held by the existing tests, unchanged.
"""

from __future__ import annotations

import socket
import threading

import docker.errors
import pytest
import requests

from tests.engine_fake import FakeEngineAPI
from tests.unit.test_hosts import CASES as HOST_CASES
from tests.zh_text import english_runs, has_chinese
from wintut import compat, i18n
from wintut.engine import problems, streams
from wintut.engine.endpoint import Endpoint, preflight, resolve_endpoint
from wintut.errors import EngineError, PullError
from wintut.findings import whose_kernel
from wintut.hosts import KINDS, detect
from wintut.images import PullProgress, pull, source_of

PRODUCT_NAMES = ("Rancher Desktop", "OrbStack", "Podman", "Colima", "Lima", "docker-py")
"""Products (and one library) Chinese text names in English, beyond tests/zh_text's list."""

REGISTRY_WORDS = (
    'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host'
)
"""How dockerd words an unreachable registry (moby's distribution error, Go's net error)."""


@pytest.fixture
def zh():
    i18n.set_language("zh_CN")
    try:
        yield
    finally:
        i18n.set_language("en")


def leaks(text: str) -> list[str]:
    for name in PRODUCT_NAMES:
        text = text.replace(name, " ")
    return english_runs(text)


def assert_chinese(text: str) -> None:
    assert has_chinese(text), text
    assert not leaks(text), f"English left: {leaks(text)} in {text!r}"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- the problems table --------------------------------------------------------------------


@pytest.mark.parametrize("code", problems.CODES)
def test_every_engine_problem_has_a_chinese_reason_and_fix(zh, code):
    found = problems.problem(
        code, url="tcp://127.0.0.1:9", name="desktop-linux", seconds=2.0, detail=REGISTRY_WORDS
    )
    assert_chinese(found.message)
    assert_chinese(found.fix)
    assert found.detail == REGISTRY_WORDS  # the daemon's words, untouched
    shown = str(EngineError(found))
    assert shown == f"{found.message}\n  解决办法：{found.fix}"


def test_the_socket_advice_in_chinese_fits_the_socket(zh):
    owned_by_root = problems.problem("socket-permission", url="unix:///etc/passwd")
    assert "加入用户组也没用" in owned_by_root.fix
    assert_chinese(owned_by_root.fix)
    no_socket = problems.problem("socket-permission", url="unix:///nonexistent/docker.sock")
    assert "`sudo usermod -aG docker $USER`" in no_socket.fix
    assert_chinese(no_socket.fix)


def test_a_timeout_says_its_seconds_in_chinese(zh):
    found = problems.problem("engine-timeout", url="tcp://127.0.0.1:9", seconds=2.5)
    assert "2.5 秒" in found.message


def _api_error(status: int, path: str, words: str) -> docker.errors.APIError:
    response = requests.Response()
    response.status_code = status
    response.url = f"http+docker://localhost/v1.41{path}"
    return docker.errors.APIError(f"{status} Server Error", response=response, explanation=words)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (requests.exceptions.ConnectionError("Connection refused"), "engine-not-running"),
        (requests.exceptions.ReadTimeout("read timed out"), "engine-timeout"),
        (PermissionError(13, "Permission denied"), "socket-permission"),
        (requests.exceptions.SSLError("bad handshake"), "tls-error"),
        (requests.exceptions.InvalidURL("no host"), "bad-endpoint"),
        (ValueError("Expecting value"), "odd-answer"),
        (_api_error(500, "/version", "starting"), "engine-starting"),
        (_api_error(404, "/images/nope/json", "No such image: nope:latest"), "not-found"),
        (_api_error(500, "/images/create", REGISTRY_WORDS), "registry-unreachable"),
        (
            _api_error(409, "/containers/x", "Conflict. The container name is in use"),
            "engine-error",
        ),
    ],
)
def test_what_the_engine_raises_is_told_in_chinese(zh, error, code):
    found = problems.translate(error, "tcp://127.0.0.1:9")
    assert found.code == code
    assert_chinese(found.message)
    assert_chinese(found.fix)
    if isinstance(error, docker.errors.APIError):
        assert found.detail == error.explanation  # verbatim


# -- endpoint: preflight and contexts ------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "code"),
    [
        (f"tcp://127.0.0.1:{closed_port()}", "engine-not-running"),
        ("unix:///nonexistent/docker.sock", "engine-not-running"),
        ("tcp://[::1", "bad-endpoint"),
        ("tcp://:2375", "bad-endpoint"),
        ("ftp://127.0.0.1:21", "bad-endpoint"),
    ],
)
def test_preflight_speaks_chinese(zh, url, code):
    found = preflight(Endpoint(url, "argument"))
    assert found is not None and found.code == code
    assert url in found.message or code == "bad-endpoint"
    assert_chinese(found.message)
    assert_chinese(found.fix)


ENDPOINT_SOURCES = [
    ("default", "unix:///var/run/docker.sock（平台默认地址）"),
    ("argument", "unix:///var/run/docker.sock（直接指定的地址）"),
    ("DOCKER_HOST", "unix:///var/run/docker.sock（来自 DOCKER_HOST）"),
    ("context desktop-linux", "unix:///var/run/docker.sock（来自 Docker 上下文 desktop-linux）"),
    (
        "simulated host windows-server-2022",
        "unix:///var/run/docker.sock（模拟主机 windows-server-2022）",
    ),
]


@pytest.mark.parametrize(("source", "said"), ENDPOINT_SOURCES)
def test_where_the_endpoint_comes_from_reads_chinese(zh, source, said):
    endpoint = Endpoint("unix:///var/run/docker.sock", source)
    assert str(endpoint) == said
    assert endpoint.source == source  # the field (JSON, evidence keys) stays as it was


@pytest.mark.parametrize(("source", "_said"), ENDPOINT_SOURCES)
def test_where_the_endpoint_comes_from_is_unchanged_in_english(source, _said):
    i18n.set_language("en")
    endpoint = Endpoint("unix:///var/run/docker.sock", source)
    assert str(endpoint) == f"unix:///var/run/docker.sock (from {source})"


def test_a_missing_context_is_told_in_chinese(zh, tmp_path):
    env = {"DOCKER_CONTEXT": "gone", "DOCKER_CONFIG": str(tmp_path)}
    with pytest.raises(EngineError) as raised:
        resolve_endpoint(env=env)
    assert raised.value.problem.code == "context-missing"
    assert "“gone”" in raised.value.problem.message
    assert_chinese(str(raised.value))


# -- pulls and pushes ----------------------------------------------------------------------

NO_MATCH = "no matching manifest for windows/amd64 in the manifest list entries"


@pytest.mark.parametrize(
    ("words", "cause"),
    [
        (NO_MATCH, ""),
        ("manifest for ubuntu:nope not found: manifest unknown", ""),
        ("unauthorized: authentication required", ""),
        ("not recorded on this simulated host", "not-recorded"),
        (REGISTRY_WORDS, "registry-unreachable"),
        ("no message from the engine for 120 s (wintut waits 120 s)", "stalled"),
        ("cancelled at: ubuntu: 25%", "cancelled"),
    ],
)
def test_every_pull_problem_reads_chinese_and_keeps_the_daemon_words(zh, words, cause):
    found = streams.pull_problem("ubuntu:22.04", words, cause)
    assert "ubuntu:22.04" in found.message
    assert_chinese(found.message)
    assert_chinese(found.fix)
    assert found.detail == words


def test_each_pull_cause_has_its_own_chinese_sentence(zh):
    said = {streams.pull_problem("ubuntu", "x", cause).message for cause in streams.PULL_CAUSES}
    assert len(said) == len(streams.PULL_CAUSES) - 1  # the daemon's refusal and "" share one


def test_a_push_problem_reads_chinese(zh):
    found = streams.push_problem("127.0.0.1:5380/ubuntu", "connection refused")
    assert_chinese(found.message)
    assert_chinese(found.fix)
    assert found.detail == "connection refused"


def test_a_stalled_stream_is_given_up_in_chinese(zh):
    release = threading.Event()

    def frozen():
        yield {"status": "Downloading", "id": "a1"}
        release.wait(10)

    stream = streams.progress_stream(
        frozen, "ubuntu", streams.pull_problem, notice_after=0.05, give_up_after=0.4
    )
    seen = []
    with pytest.raises(PullError) as raised:
        for message in stream:
            seen.append(message)
    release.set()
    assert any(streams.STALLED in m for m in seen)
    assert raised.value.problem.code == "pull-failed"
    assert "卡住了" in raised.value.problem.message
    assert_chinese(str(raised.value))
    # the daemon said nothing: what stands in its place is wintut's own, in Chinese
    assert raised.value.daemon_message == "引擎已经 0 秒没有发来任何消息（wintut 最多等 0 秒）"


def test_a_cancelled_pull_is_said_in_chinese(zh):
    engine = FakeEngineAPI.linux().engine()
    with pytest.raises(PullError) as raised:
        pull("ubuntu", engine, on_progress=lambda progress: False)
    assert raised.value.problem.message == "你取消了 ubuntu 的拉取。"
    assert raised.value.daemon_message == "还没开始就取消了"
    assert_chinese(raised.value.problem.fix)


def test_a_refusal_inside_the_stream_keeps_the_daemon_words(zh):
    refusal = {"errorDetail": {"message": NO_MATCH}, "error": NO_MATCH}
    stream = streams.progress_stream(
        lambda: iter([{"status": "Pulling from library/iis"}, refusal]),
        "microsoft/iis",
        streams.pull_problem,
    )
    with pytest.raises(PullError) as raised:
        list(stream)
    assert raised.value.daemon_message == NO_MATCH
    assert_chinese(raised.value.problem.message)
    assert "另一种操作系统" in raised.value.problem.fix


def test_a_registry_out_of_reach_while_pulling_keeps_the_daemon_words(zh):
    def unreachable():
        cause = _api_error(500, "/images/create", REGISTRY_WORDS)
        raise EngineError(problems.translate(cause, "tcp://127.0.0.1:9")) from cause

    with pytest.raises(PullError) as raised:
        list(streams.progress_stream(unreachable, "ubuntu", streams.pull_problem))
    assert raised.value.problem.message == "引擎没能拉取 ubuntu：它连不上镜像仓库。"
    assert raised.value.daemon_message == REGISTRY_WORDS
    assert "`wintut lab up`" in raised.value.problem.fix


def test_pull_progress_reads_chinese_with_the_daemon_status_quoted(zh):
    progress = PullProgress("ubuntu", source="Docker Hub（docker.io），通过互联网")
    assert_chinese(str(progress))
    progress.update(
        {"status": "Downloading", "id": "a1", "progressDetail": {"current": 25, "total": 100}}
    )
    assert str(progress) == "ubuntu：25%（0/1 层）“a1: Downloading”"
    progress.update({"wintut.stalled": 37.0})
    assert "35 秒" in progress.reason
    assert_chinese(progress.reason)
    assert_chinese(str(progress))


def test_where_a_pull_comes_from_is_said_in_chinese(zh):
    plain = FakeEngineAPI.linux().engine()
    assert source_of("ubuntu", plain) == "Docker Hub（docker.io），通过互联网"
    assert (
        source_of("127.0.0.1:5380/library/ubuntu", plain) == "离线实验环境的镜像仓库 127.0.0.1:5380"
    )
    assert source_of("mcr.microsoft.com/windows/nanoserver:ltsc2022", plain) == (
        "镜像仓库 mcr.microsoft.com"
    )
    mirrored = FakeEngineAPI.linux(info={"RegistryConfig": {"Mirrors": ["http://127.0.0.1:5380/"]}})
    said = source_of("ubuntu", mirrored.engine())
    assert said == "Docker Hub（docker.io），经由引擎的镜像加速器 http://127.0.0.1:5380/"


# -- host kinds ----------------------------------------------------------------------------


def test_the_cases_cover_every_host_kind():
    assert {case.values[0] for case in HOST_CASES} | {"unknown"} == set(KINDS)


@pytest.mark.parametrize(("kind", "info", "version", "client_os"), HOST_CASES)
def test_every_host_kind_is_described_in_chinese(zh, kind, info, version, client_os):
    host = detect(info, version, client_os=client_os)
    assert host.kind == kind
    assert not leaks(host.title), host.title
    assert_chinese(host.explanation)
    assert host.to_dict()["explanation"] == host.explanation


def test_an_unknown_engine_and_a_wsl_distribution_are_described_in_chinese(zh):
    unknown = detect({})
    assert unknown.title == "wintut 认不出的引擎"
    assert_chinese(unknown.explanation)
    own = detect(
        {
            "OSType": "linux",
            "OperatingSystem": "Ubuntu 24.04 LTS",
            "KernelVersion": "5.15.153.1-microsoft-standard-WSL2",
        }
    )
    assert own.title == "WSL 2 发行版里的 Docker 引擎"
    assert_chinese(own.explanation)


def test_whose_kernel_is_said_in_chinese(zh):
    said = whose_kernel(FakeEngineAPI.linux().engine())
    assert said.option == "host"
    assert said.shown.startswith("Linux 上的 Docker 引擎，内核 6.1.0-test。")
    assert_chinese(said.shown)


# -- compatibility -------------------------------------------------------------------------

IMAGE_BUILDS = sorted({build for pairs in compat.TAGS.values() for _tag, build in pairs})
HOST_BUILDS = sorted({b.build for b in compat.BUILDS} | {10586, 26200})


@pytest.mark.parametrize("isolation", compat.ISOLATIONS)
@pytest.mark.parametrize("host_build", HOST_BUILDS)
def test_every_compatibility_rule_reads_chinese(zh, host_build, isolation):
    for image_build in IMAGE_BUILDS:
        decision = compat.decide(host_build, image_build, isolation)
        assert_chinese(decision.rule)


def test_microsofts_words_stay_verbatim_in_the_chinese_rule(zh):
    rule = compat.decide(20348, 17763, "process").rule
    assert rule.startswith("进程隔离共享主机的内核，而两者的内部版本不同（主机 20348，镜像 17763）")
    assert (
        "“Windows Server containers are blocked from starting when the build number between the "
        "container host and the container image are different.”"
    ) in rule


def test_a_windows_10_host_is_said_to_be_out_of_support_in_chinese(zh):
    rule = compat.decide(19045, 17763, "hyperv").rule
    assert "Windows 10 已于 2025 年 10 月 14 日终止支持" in rule
    assert "。 " not in rule  # no space after a full-width stop
    assert_chinese(compat.support_note(19045))


def test_build_names_and_refusals_read_chinese(zh):
    assert compat.build_title(12345) == "内部版本 12345"
    with pytest.raises(ValueError) as not_a_build:
        compat.parse_build("garbage")
    assert_chinese(str(not_a_build.value))
    with pytest.raises(ValueError) as no_tag:
        compat.tag_for_host(10586)
    assert_chinese(str(no_tag.value))
    with pytest.raises(ValueError) as bad_isolation:
        compat.decide(20348, 20348, "vm")
    assert_chinese(str(bad_isolation.value))
