"""Steps engine, run-ubuntu, find-kernel, search-microsoft and iis-failure on fake engines."""

from __future__ import annotations

import time

import docker.errors
import pytest
import requests

from tests.fakes import FakeAPIClient, engine_with
from tests.unit import hostdata
from tests.unit.stepfakes import container, event, eventful_engine
from wintut.engine import Endpoint, Engine
from wintut.results import Outcome
from wintut.steps import get

UNAME = "Linux 3f2a1b4c5d6e 6.1.0-test #1 SMP PREEMPT_DYNAMIC Debian 6.1.0 x86_64 GNU/Linux\n"
UBUNTU = {"Id": "sha256:1111", "RepoTags": ["ubuntu:latest"]}
IIS = "mcr.microsoft.com/windows/servercore/iis"  # as microsoft/iis-docker#165 pulled it


def down() -> Engine:
    return engine_with(fail_with=requests.exceptions.ConnectionError("Connection refused"))


def windows() -> Engine:
    return engine_with(
        version=hostdata.WINDOWS_SERVER_2022_VERSION, info=hostdata.WINDOWS_SERVER_2022_INFO
    )


@pytest.mark.parametrize(
    "step", ["engine", "run-ubuntu", "find-kernel", "iis-failure", "windows-engine", "nanoserver"]
)
def test_unreachable_engine_is_an_error_with_a_fix(step):
    result = get(step).check(down(), answer="Linux x 6.1.0 #1")
    assert result.outcome is Outcome.ERROR
    assert result.problem is not None and result.problem.code == "engine-not-running"
    assert result.fix == result.problem.fix


# -- engine -------------------------------------------------------------------------------------


def test_engine_pass_names_host_kind_os_and_version():
    result = get("engine").check(engine_with())
    assert result.outcome is Outcome.PASS
    assert result.evidence["host kind"].startswith("linux-native")
    assert result.evidence["os type"] == "linux"
    assert result.evidence["server version"] == "20.10.24+dfsg1"


def test_engine_shows_a_simulated_host():
    engine = engine_with(version=hostdata.DESKTOP_WSL2_VERSION, info=hostdata.DESKTOP_WSL2_INFO)
    engine.simulated = "docker-desktop-wsl2"
    result = get("engine").check(engine)
    assert result.evidence["simulated"] == "docker-desktop-wsl2"
    assert result.evidence["host kind"].startswith("docker-desktop-wsl2")


# -- run-ubuntu ---------------------------------------------------------------------------------


def test_run_ubuntu_not_attempted_without_runs():
    result = get("run-ubuntu").check(engine_with(containers=[container("debian")]))
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "docker run -it ubuntu bash" in result.fix


@pytest.mark.parametrize("image", ["ubuntu", "ubuntu:22.04", "docker.io/library/ubuntu"])
def test_run_ubuntu_finds_an_exited_container(image):
    result = get("run-ubuntu").check(engine_with(containers=[container(image)]))
    assert result.outcome is Outcome.PASS
    assert "learner_box" in result.evidence["latest run"]
    assert "container list" in result.evidence["latest run"]
    assert "started by you" in result.evidence["latest run"]


def test_run_ubuntu_counts_a_run_with_rm_from_events():
    engine = engine_with(events=[event("ubuntu"), event("ubuntu", "die", exitCode="0")])
    result = get("run-ubuntu").check(engine)
    assert result.outcome is Outcome.PASS
    assert "engine events" in result.evidence["latest run"]
    assert "exit code 0" in result.evidence["latest run"]


def test_run_ubuntu_matches_by_image_id_after_retagging():
    engine = engine_with(
        containers=[container("sha256:1111", ImageID="sha256:1111")], images=[UBUNTU]
    )
    assert get("run-ubuntu").check(engine).outcome is Outcome.PASS


def test_run_ubuntu_ignores_old_containers_and_other_steps():
    old = container("ubuntu", Created=int(time.time()) - 3 * 24 * 3600)
    other = event("ubuntu", **{"wintut": "1", "wintut.step": "find-kernel"})
    result = get("run-ubuntu").check(engine_with(containers=[old], events=[other]))
    assert result.outcome is Outcome.NOT_ATTEMPTED


def test_run_ubuntu_not_applicable_on_windows():
    result = get("run-ubuntu").check(windows())
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "Linux containers" in result.fix


def test_run_ubuntu_solve_pulls_runs_labelled_and_passes():
    engine = eventful_engine(pulls={"ubuntu:latest": [{"status": "Pull complete", "id": "a"}]})
    seen = []
    result = get("run-ubuntu").solve(engine, progress=seen.append)
    assert result.outcome is Outcome.PASS
    assert "started by wintut" in result.evidence["latest run"]
    created = engine._client(0).created[0]
    assert created["labels"] == {"wintut": "1", "wintut.step": "run-ubuntu"}
    assert created["command"] == ["uname", "-a"]
    assert engine._client(0).removed == [created["id"]]
    assert seen and seen[-1].done


def test_run_ubuntu_solve_reports_a_failed_pull():
    result = get("run-ubuntu").solve(engine_with())  # the fake has nothing to pull
    assert result.outcome is Outcome.ERROR
    assert result.problem is not None and result.problem.code == "pull-failed"


# -- find-kernel --------------------------------------------------------------------------------


def kernel_engine(**kwargs):
    return engine_with(images=[UBUNTU], runs={("uname", "-a"): (0, UNAME)}, **kwargs)


def test_find_kernel_not_attempted_without_answer():
    assert get("find-kernel").check(kernel_engine(), answer="  ").outcome is Outcome.NOT_ATTEMPTED


def test_find_kernel_passes_for_the_true_kernel_and_names_the_host():
    engine = kernel_engine()
    result = get("find-kernel").check(engine, answer="root@3f2a1b4c5d6e:/# " + UNAME)
    assert result.outcome is Outcome.PASS
    assert result.evidence["kernel containers see"] == "6.1.0-test"
    assert result.evidence["kernel you pasted"] == "6.1.0-test"
    assert result.evidence["host kind"].startswith("linux-native")
    assert "host's own Linux kernel" in result.evidence["whose kernel"]
    assert "container id" in result.evidence["hostname you pasted"]
    created = engine._client(0).created[0]
    assert created["labels"]["wintut.step"] == "find-kernel"
    assert engine._client(0).removed == [created["id"]]


def test_find_kernel_fails_on_a_different_kernel():
    result = get("find-kernel").check(
        kernel_engine(), answer="Linux 821fbd6a43fa 6.6.87.2-microsoft-standard-WSL2 #1 SMP"
    )
    assert result.outcome is Outcome.FAIL
    assert "6.6.87.2-microsoft-standard-WSL2" in result.reason
    assert "6.1.0-test" in result.reason


def test_find_kernel_fails_on_text_that_is_not_uname():
    result = get("find-kernel").check(kernel_engine(), answer="I think it is Windows")
    assert result.outcome is Outcome.FAIL
    assert "does not look like" in result.reason


def test_find_kernel_accepts_a_bare_release():
    assert get("find-kernel").check(kernel_engine(), answer="6.1.0-test\n").passed


def test_find_kernel_names_docker_desktop_wsl2():
    uname = "Linux 821fbd6a43fa 5.15.153.1-microsoft-standard-WSL2 #1 SMP x86_64 GNU/Linux"
    engine = engine_with(
        version=hostdata.DESKTOP_WSL2_VERSION,
        info=hostdata.DESKTOP_WSL2_INFO,
        images=[UBUNTU],
        runs={("uname", "-a"): (0, uname)},
    )
    result = get("find-kernel").check(engine, answer=uname)
    assert result.outcome is Outcome.PASS
    assert result.evidence["host kind"].startswith("docker-desktop-wsl2")
    assert "WSL 2" in result.evidence["whose kernel"]


def test_find_kernel_without_ubuntu_reads_the_engine_kernel():
    engine = engine_with()  # no ubuntu image: nothing to run
    result = get("find-kernel").check(engine, answer=UNAME)
    assert result.outcome is Outcome.PASS
    assert "KernelVersion" in result.evidence["read from"]
    assert engine._client(0).created == []


def test_find_kernel_not_applicable_on_windows():
    result = get("find-kernel").check(windows(), answer=UNAME)
    assert result.outcome is Outcome.NOT_APPLICABLE


def test_find_kernel_solve_pastes_the_real_output():
    engine = kernel_engine(pulls={"ubuntu:latest": [{"status": "Pull complete", "id": "a"}]})
    result = get("find-kernel").solve(engine)
    assert result.outcome is Outcome.PASS


# -- search-microsoft ---------------------------------------------------------------------------

SEARCH_2016 = [  # engine-facts.md section 7, the 2016 listing (first lines)
    {"name": "microsoft/aspnet", "description": "ASP.NET is an open source server-side Web ..."},
    {"name": "mono", "description": "Mono is an open source implementation of M..."},
    {"name": "microsoft/iis", "description": "Internet Information Services (IIS) instal..."},
    {"name": "microsoft/dotnet", "description": "Official images for working with .NET Core..."},
]
DOTNET = [  # [DERIVED] a multi-OS manifest list, for the "linux and windows" verdict
    {"os": "linux", "architecture": "amd64"},
    {"os": "windows", "architecture": "amd64", "os.version": "10.0.17763.316"},
]


def search_engine(**kwargs):
    return engine_with(
        search={"microsoft": SEARCH_2016, "127.0.0.1:5381/microsoft": SEARCH_2016},
        distribution={
            "microsoft/iis": {"Platforms": hostdata.IIS_PLATFORMS},
            "microsoft/dotnet": {"Platforms": DOTNET},
        },
        **kwargs,
    )


def test_search_not_attempted_without_a_term():
    assert get("search-microsoft").check(search_engine(), "").outcome is Outcome.NOT_ATTEMPTED


def test_search_passes_and_tells_windows_images_by_platforms():
    result = get("search-microsoft").check(search_engine(), "microsoft")
    assert result.outcome is Outcome.PASS
    assert result.evidence["Microsoft images"] == [
        "microsoft/aspnet",
        "microsoft/iis",
        "microsoft/dotnet",
    ]
    kinds = result.evidence["which are Windows images (from their platforms)"]
    assert kinds["microsoft/iis"].startswith("Windows image (windows/amd64 10.0.14393.2791")
    assert kinds["microsoft/dotnet"].startswith("linux and windows")
    assert kinds["microsoft/aspnet"] == "unknown (the registry has no microsoft/aspnet)"


def test_search_says_unknown_when_the_registry_is_unreachable():
    class Offline(FakeAPIClient):
        calls = 0

        def inspect_distribution(self, ref, auth_config=None):
            Offline.calls += 1
            raise requests.exceptions.ConnectionError("dial tcp: lookup registry-1.docker.io")

    api = Offline(search={"microsoft": SEARCH_2016})
    result = get("search-microsoft").check(
        Engine(Endpoint("unix:///f", "argument"), api=api), answer="microsoft"
    )
    kinds = result.evidence["which are Windows images (from their platforms)"]
    assert set(kinds.values()) == {"unknown (registry not reachable)"}
    assert result.outcome is Outcome.PASS
    assert Offline.calls == 1  # not asked again for every name


def test_search_through_the_lab_index_says_so():
    result = get("search-microsoft").check(search_engine(), "127.0.0.1:5381/microsoft")
    assert result.outcome is Outcome.PASS
    assert "2016 listing" in result.evidence["index"]


@pytest.mark.parametrize(
    ("term", "why"), [("nothing-here", "found no images"), ("mono", "none of them Microsoft")]
)
def test_search_fails_without_microsoft_images(term, why):
    engine = engine_with(search={"mono": [SEARCH_2016[1]]})
    result = get("search-microsoft").check(engine, term)
    assert result.outcome is Outcome.FAIL
    assert why in result.reason


def lab_active(monkeypatch):
    import wintut.lab

    monkeypatch.setattr(wintut.lab, "active_registry", lambda: "127.0.0.1:5380")
    monkeypatch.setattr(
        "wintut.lab.state.read_state",
        lambda: {"registry": "127.0.0.1:5380", "index": "127.0.0.1:5381"},
    )


def test_search_error_suggests_the_lab_when_offline(monkeypatch):
    lab_active(monkeypatch)
    engine = engine_with(
        fail_with=docker.errors.APIError("500 Server Error: dial tcp: lookup index.docker.io")
    )
    engine._version = dict(engine._client(0).version_data)  # reachable, but search fails
    result = get("search-microsoft").check(engine, "microsoft")
    assert result.outcome is Outcome.ERROR
    assert "127.0.0.1:5381/microsoft" in result.fix


def test_search_solve_uses_the_lab_index_when_a_lab_is_active(monkeypatch):
    assert get("search-microsoft").solve(search_engine()).evidence["term"] == "microsoft"
    lab_active(monkeypatch)
    assert get("search-microsoft").solve(search_engine()).evidence["term"].startswith("127.0.0.1")


def test_search_solve_on_a_simulated_host_asks_the_host_not_the_lab(monkeypatch):
    lab_active(monkeypatch)
    engine = search_engine()
    engine.simulated = "docker-for-windows-2016"
    assert get("search-microsoft").solve(engine).evidence["term"] == "microsoft"


def not_recorded_engine(term: str):
    # As wintut.replay answers a search its profile did not record (404 + message).
    engine = engine_with(
        fail_with=docker.errors.APIError(
            "404 Client Error", explanation=f"not recorded on this simulated host: search {term}"
        )
    )
    engine._version = dict(engine._client(0).version_data)
    engine.simulated = "windows-server-2022"
    return engine


def test_search_not_recorded_on_a_simulated_host_does_not_apply():
    result = get("search-microsoft").check(not_recorded_engine("microsoft"), "microsoft")
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "windows-server-2022 has no recorded listing" in result.reason
    assert "docker-for-windows-2016" in result.fix
    assert result.problem is not None and result.problem.code == "not-recorded"


def test_search_for_another_term_on_a_simulated_host_asks_for_microsoft():
    result = get("search-microsoft").check(not_recorded_engine("mono"), "mono")
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert result.fix == "Search for `microsoft`."


# -- iis-failure --------------------------------------------------------------------------------

REFUSED = [
    {"status": "Pulling from windows/servercore/iis", "id": "latest"},
    {"errorDetail": {"message": hostdata.NO_MATCH_LINUX}, "error": hostdata.NO_MATCH_LINUX},
]
# docker.kitematic#2696 (2017-05-30), the single-manifest microsoft/iis on a Linux engine.
WINDOWS_OS = 'image operating system "windows" cannot be used on this platform'


@pytest.mark.parametrize(
    ("version", "image"),
    [
        ("1.12.1", "microsoft/iis"),  # the 2016 beta (engine-facts.md 1(e))
        ("17.06.0-ce", "microsoft/iis"),
        ("18.03.0-ce", IIS),
        ("20.10.24+dfsg1", IIS),
        ("", IIS),
        ("dev", IIS),
    ],
)
def test_iis_image_is_the_one_of_the_engines_day(version, image):
    from wintut.steps.iis_failure import image_for

    assert image_for(engine_with(version={"Version": version, "ApiVersion": "1.24"})) == image


def test_iis_failure_on_a_2016_engine_pulls_the_seeds_image():
    engine = engine_with(
        version={"Version": "1.12.1", "ApiVersion": "1.24", "Os": "linux", "Arch": "amd64"},
        pulls={"microsoft/iis": [{"errorDetail": {"message": WINDOWS_OS}, "error": WINDOWS_OS}]},
    )
    result = get("iis-failure").check(engine)
    assert result.outcome is Outcome.PASS
    assert result.evidence["image"] == "microsoft/iis"
    assert result.evidence["daemon said"] == WINDOWS_OS


def test_iis_failure_passes_on_the_platform_mismatch():
    engine = engine_with(
        pulls={IIS: REFUSED}, distribution={IIS: {"Platforms": hostdata.IIS_PLATFORMS}}
    )
    result = get("iis-failure").check(engine)
    assert result.outcome is Outcome.PASS
    assert result.evidence["daemon said"] == hostdata.NO_MATCH_LINUX
    assert result.evidence["platforms"][0] == "windows/amd64 10.0.14393.2791"
    assert result.evidence["entries for this engine"] == []
    assert result.evidence["engine platform"] == "linux/amd64"


def test_iis_failure_passes_without_platforms_when_distribution_fails():
    result = get("iis-failure").check(engine_with(pulls={IIS: REFUSED}))
    assert result.outcome is Outcome.PASS
    assert result.evidence["platforms"].startswith("unknown")


def test_iis_failure_fails_when_the_pull_succeeds():
    engine = engine_with(pulls={IIS: [{"status": "Status: Downloaded newer image"}]})
    result = get("iis-failure").check(engine)
    assert result.outcome is Outcome.FAIL
    assert "succeeded" in result.reason


def test_iis_failure_fails_before_pulling_an_image_with_a_linux_entry():
    engine = engine_with(distribution={IIS: {"Platforms": DOTNET}})
    result = get("iis-failure").check(engine)
    assert result.outcome is Outcome.FAIL
    assert result.evidence["entries for this engine"] == ["linux/amd64"]


def test_iis_failure_unreachable_registry_is_an_error_with_a_fix():
    lookup = 'Get "https://mcr.microsoft.com/v2/": dial tcp: lookup mcr.microsoft.com: no such host'
    engine = engine_with(pulls={IIS: [{"errorDetail": {"message": lookup}, "error": lookup}]})
    result = get("iis-failure").check(engine)
    assert result.outcome is Outcome.ERROR
    assert "wintut lab up" in result.fix
    assert result.evidence["daemon said"] == lookup


def test_iis_failure_not_applicable_on_windows():
    result = get("iis-failure").check(windows())
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.evidence["engine platform"] == "windows/amd64"
