"""Steps engine, run-ubuntu, find-kernel, search-microsoft and iis-failure on fake engines.

Every engine here is tests/engine_fake.py: real docker-py over the simulated host's routes, with
the host's state seeded per test.
"""

from __future__ import annotations

import time

import pytest
import requests

from tests.engine_fake import FakeEngineAPI, raising, refuse, stream
from tests.unit import hostdata
from wintut.engine import Engine
from wintut.results import Outcome
from wintut.steps import get

UNAME = "Linux 3f2a1b4c5d6e 6.1.0-test #1 SMP PREEMPT_DYNAMIC Debian 6.1.0 x86_64 GNU/Linux\n"
IIS = "mcr.microsoft.com/windows/servercore/iis"  # as microsoft/iis-docker#165 pulled it


def down() -> Engine:
    refused = requests.exceptions.ConnectionError("Connection refused")
    return FakeEngineAPI.linux().on("GET", "/version", raising(refused)).engine()


def windows() -> Engine:
    return FakeEngineAPI("windows-server-2022").engine()


def linux_with_run(
    image: str, *, ago: float = 60, removed: bool = False, image_shown: str = ""
) -> Engine:
    """A Linux engine where a container of ``image`` ran ``ago`` seconds back (the learner's)."""
    fake = FakeEngineAPI.linux()
    at = time.time() - ago
    fake.state.record_run(
        image, ["bash"], at=at, name="learner_box", removed=removed, image_shown=image_shown
    )
    return fake.engine()


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
    result = get("engine").check(FakeEngineAPI.linux().engine())
    assert result.outcome is Outcome.PASS
    assert result.evidence["host kind"].startswith("linux-native")
    assert result.evidence["os type"] == "linux"
    assert result.evidence["server version"] == "20.10.24+dfsg1"


def test_engine_shows_a_simulated_host():
    engine = FakeEngineAPI("docker-desktop-wsl2").engine(simulated="docker-desktop-wsl2")
    result = get("engine").check(engine)
    assert result.evidence["simulated"] == "docker-desktop-wsl2"
    assert result.evidence["host kind"].startswith("docker-desktop-wsl2")


# -- run-ubuntu ---------------------------------------------------------------------------------


def test_run_ubuntu_not_attempted_without_runs():
    result = get("run-ubuntu").check(linux_with_run("debian"))
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "docker run -it ubuntu bash" in result.fix


@pytest.mark.parametrize("image", ["ubuntu", "ubuntu:22.04", "docker.io/library/ubuntu"])
def test_run_ubuntu_finds_an_exited_container(image):
    # /containers/json lists the image as the learner typed it
    result = get("run-ubuntu").check(linux_with_run(image, image_shown=image))
    assert result.outcome is Outcome.PASS
    assert "learner_box" in result.evidence["latest run"]
    assert "container list" in result.evidence["latest run"]
    assert "started by you" in result.evidence["latest run"]


def test_run_ubuntu_counts_a_run_with_rm_from_events():
    result = get("run-ubuntu").check(linux_with_run("ubuntu", ago=30, removed=True))
    assert result.outcome is Outcome.PASS
    assert "engine events" in result.evidence["latest run"]
    assert "exit code 0" in result.evidence["latest run"]


def test_run_ubuntu_matches_by_image_id_after_retagging():
    fake = FakeEngineAPI.linux()
    ubuntu = fake.state.seed_image("ubuntu")
    # after the tag moved on, the list shows the image's id, not ubuntu
    fake.state.record_run("ubuntu", ["bash"], at=time.time() - 60, image_shown=ubuntu.id)
    assert get("run-ubuntu").check(fake.engine()).outcome is Outcome.PASS


def test_run_ubuntu_ignores_old_containers_and_other_steps():
    fake = FakeEngineAPI.linux()
    fake.state.record_run("ubuntu", ["bash"], at=time.time() - 3 * 24 * 3600)
    other = {"wintut": "1", "wintut.step": "find-kernel"}
    fake.state.record_run("ubuntu", ["uname"], at=time.time() - 30, labels=other, removed=True)
    result = get("run-ubuntu").check(fake.engine())
    assert result.outcome is Outcome.NOT_ATTEMPTED


def test_run_ubuntu_not_applicable_on_windows():
    result = get("run-ubuntu").check(windows())
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "Linux containers" in result.fix


def test_run_ubuntu_solve_pulls_runs_labelled_and_passes():
    fake = FakeEngineAPI.linux()  # no ubuntu yet: solve pulls it
    fake.state.record_output("ubuntu", "uname -a", UNAME)
    seen = []
    result = get("run-ubuntu").solve(fake.engine(), progress=seen.append)
    assert result.outcome is Outcome.PASS
    assert "started by wintut" in result.evidence["latest run"]
    (created,) = fake.state.created
    assert created.labels == {"wintut": "1", "wintut.step": "run-ubuntu"}
    assert created.args == ["uname", "-a"]
    assert created.removed
    assert seen and seen[-1].done


def test_run_ubuntu_solve_reports_a_failed_pull():
    # [DERIVED] the daemon's words when Docker Hub cannot be reached, shape of dockerd 20.10
    offline = 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io'
    fake = FakeEngineAPI.linux().on("POST", "/images/create", refuse(500, offline))
    result = get("run-ubuntu").solve(fake.engine())
    assert result.outcome is Outcome.ERROR
    assert result.problem is not None and result.problem.code == "pull-failed"


# -- find-kernel --------------------------------------------------------------------------------


def kernel_fake() -> FakeEngineAPI:
    fake = FakeEngineAPI.linux()
    fake.state.seed_image("ubuntu")
    fake.state.record_output("ubuntu", "uname -a", UNAME)
    return fake


def kernel_engine() -> Engine:
    return kernel_fake().engine()


def test_find_kernel_not_attempted_without_answer():
    assert get("find-kernel").check(kernel_engine(), answer="  ").outcome is Outcome.NOT_ATTEMPTED


def test_find_kernel_passes_for_the_true_kernel_and_names_the_host():
    fake = kernel_fake()
    result = get("find-kernel").check(fake.engine(), answer="root@3f2a1b4c5d6e:/# " + UNAME)
    assert result.outcome is Outcome.PASS
    assert result.evidence["kernel containers see"] == "6.1.0-test"
    assert result.evidence["kernel you pasted"] == "6.1.0-test"
    assert result.evidence["host kind"].startswith("linux-native")
    assert "host's own Linux kernel" in result.evidence["whose kernel"]
    assert "container id" in result.evidence["hostname you pasted"]
    (created,) = fake.state.created
    assert created.labels["wintut.step"] == "find-kernel"
    assert created.removed


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
    engine = FakeEngineAPI("docker-desktop-wsl2").engine()  # the recorded host, as it is
    result = get("find-kernel").check(engine, answer=uname)
    assert result.outcome is Outcome.PASS
    assert result.evidence["host kind"].startswith("docker-desktop-wsl2")
    assert "WSL 2" in result.evidence["whose kernel"]


def test_find_kernel_without_ubuntu_reads_the_engine_kernel():
    fake = FakeEngineAPI.linux()  # no ubuntu image: nothing to run
    result = get("find-kernel").check(fake.engine(), answer=UNAME)
    assert result.outcome is Outcome.PASS
    assert "KernelVersion" in result.evidence["read from"]
    assert fake.state.created == []


def test_find_kernel_not_applicable_on_windows():
    result = get("find-kernel").check(windows(), answer=UNAME)
    assert result.outcome is Outcome.NOT_APPLICABLE


def test_find_kernel_solve_pastes_the_real_output():
    result = get("find-kernel").solve(kernel_engine())
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


def search_fake() -> FakeEngineAPI:
    fake = FakeEngineAPI.linux()
    fake.state.record_search("microsoft", SEARCH_2016)
    fake.state.record_search("127.0.0.1:5381/microsoft", SEARCH_2016)
    fake.state.record_registry("microsoft/iis", hostdata.IIS_PLATFORMS)
    fake.state.record_registry("microsoft/dotnet", DOTNET)
    # what a registry answers for a repository it does not have (distribution's error code)
    fake.on("GET", r"/distribution/microsoft/aspnet.*", refuse(404, "manifest unknown"))
    return fake


def search_engine() -> Engine:
    return search_fake().engine()


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
    fake = search_fake()
    offline = requests.exceptions.ConnectionError("dial tcp: lookup registry-1.docker.io")
    fake.on("GET", r"/distribution/.+", raising(offline))
    result = get("search-microsoft").check(fake.engine(), answer="microsoft")
    kinds = result.evidence["which are Windows images (from their platforms)"]
    assert set(kinds.values()) == {"unknown (registry not reachable)"}
    assert result.outcome is Outcome.PASS
    assert len(fake.asked("GET", r"/distribution/.+")) == 1  # not asked again for every name


def test_search_through_the_lab_index_says_so():
    result = get("search-microsoft").check(search_engine(), "127.0.0.1:5381/microsoft")
    assert result.outcome is Outcome.PASS
    assert "2016 listing" in result.evidence["index"]


@pytest.mark.parametrize(
    ("term", "why"), [("nothing-here", "found no images"), ("mono", "none of them Microsoft")]
)
def test_search_fails_without_microsoft_images(term, why):
    fake = FakeEngineAPI.linux()
    fake.state.record_search("mono", [SEARCH_2016[1]])
    fake.state.record_search("nothing-here", [])
    result = get("search-microsoft").check(fake.engine(), term)
    assert result.outcome is Outcome.FAIL
    assert why in result.reason


def lab_active(monkeypatch):
    import wintut.lab

    found = wintut.lab.FoundLab("127.0.0.1:5380", "127.0.0.1:5381", "state file")
    monkeypatch.setattr(wintut.lab, "find_lab", lambda mirrors=(): found)


def test_search_error_suggests_the_lab_when_offline(monkeypatch):
    lab_active(monkeypatch)
    fake = FakeEngineAPI.linux()  # reachable, but search fails
    fake.on("GET", "/images/search", refuse(500, "dial tcp: lookup index.docker.io"))
    result = get("search-microsoft").check(fake.engine(), "microsoft")
    assert result.outcome is Outcome.ERROR
    assert "127.0.0.1:5381/microsoft" in result.fix


def test_search_solve_uses_the_lab_index_when_a_lab_is_active(monkeypatch):
    assert get("search-microsoft").solve(search_engine()).evidence["term"] == "microsoft"
    lab_active(monkeypatch)
    assert get("search-microsoft").solve(search_engine()).evidence["term"].startswith("127.0.0.1")


def test_search_solve_on_a_simulated_host_asks_the_host_not_the_lab(monkeypatch):
    lab_active(monkeypatch)
    engine = search_fake().engine(simulated="docker-for-windows-2016")
    assert get("search-microsoft").solve(engine).evidence["term"] == "microsoft"


def not_recorded_engine() -> Engine:
    # The recorded Windows Server 2022 host has no search listing: it answers "not recorded".
    return FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022")


def test_search_not_recorded_on_a_simulated_host_does_not_apply():
    result = get("search-microsoft").check(not_recorded_engine(), "microsoft")
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "windows-server-2022 has no recorded listing" in result.reason
    assert "docker-for-windows-2016" in result.fix
    assert result.problem is not None and result.problem.code == "not-recorded"


def test_search_for_another_term_on_a_simulated_host_asks_for_microsoft():
    result = get("search-microsoft").check(not_recorded_engine(), "mono")
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert result.fix == "Search for `microsoft`."


# -- iis-failure --------------------------------------------------------------------------------

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

    assert image_for(FakeEngineAPI.linux(version={"Version": version}).engine()) == image


def test_iis_failure_solve_on_a_2017_engine_pulls_the_seeds_image():
    fake = FakeEngineAPI.linux(version={"Version": "17.06.0-ce", "ApiVersion": "1.30"})
    fake.state.record_pull_error("microsoft/iis", WINDOWS_OS)
    result = get("iis-failure").solve(fake.engine())
    assert result.outcome is Outcome.PASS and result.solved
    assert result.evidence["image"] == "microsoft/iis"
    assert result.evidence["you pasted"] == WINDOWS_OS


REFUSED = f"Error response from daemon: {hostdata.NO_MATCH_LINUX}"
"""What the docker CLI prints for the refused pull (the daemon's words after its prefix)."""


def refusing() -> FakeEngineAPI:
    fake = FakeEngineAPI.linux()
    fake.state.record_pull_error(IIS, hostdata.NO_MATCH_LINUX)
    fake.state.record_registry(IIS, hostdata.IIS_PLATFORMS)
    return fake


def test_iis_failure_check_never_pulls_and_waits_for_the_learners_attempt():
    fake = refusing()
    result = get("iis-failure").check(fake.engine())
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "paste the last line" in result.fix
    assert "leaves none" in result.evidence["your pull"]
    assert not fake.asked("POST", "/images/create")


def test_iis_failure_passes_on_the_learners_pasted_refusal_held_to_the_registry():
    fake = refusing()
    result = get("iis-failure").check(fake.engine(), answer=REFUSED)
    assert result.outcome is Outcome.PASS and not result.solved
    assert "checked what you pasted" in result.reason
    assert "none for linux/amd64" in result.reason
    assert result.evidence["platforms"][0] == "windows/amd64 10.0.14393.2791"
    assert result.evidence["entries for this engine"] == []
    assert result.evidence["engine platform"] == "linux/amd64"
    assert not fake.asked("POST", "/images/create")


def test_iis_failure_other_words_do_not_pass():
    result = get("iis-failure").check(refusing().engine(), answer="it worked fine")
    assert result.outcome is Outcome.FAIL
    assert "Error response from daemon" in result.fix


def test_iis_failure_solve_pulls_and_is_marked_solved():
    fake = refusing()
    result = get("iis-failure").solve(fake.engine())
    assert result.outcome is Outcome.PASS and result.solved
    assert result.evidence["you pasted"] == hostdata.NO_MATCH_LINUX
    assert fake.asked("POST", "/images/create")


def test_iis_failure_passes_without_platforms_when_distribution_fails():
    fake = FakeEngineAPI.linux()
    fake.on("GET", r"/distribution/.+", refuse(404, f"manifest unknown: {IIS}"))
    result = get("iis-failure").check(fake.engine(), answer=REFUSED)
    assert result.outcome is Outcome.PASS
    assert result.evidence["platforms"].startswith("unknown")
    assert "rests on your words" in result.reason


def test_iis_failure_fails_when_the_engine_holds_the_image():
    fake = FakeEngineAPI.linux()
    fake.state.seed_image(IIS)
    result = get("iis-failure").check(fake.engine(), answer=REFUSED)
    assert result.outcome is Outcome.FAIL
    assert "succeeded" in result.reason
    assert "holds" in result.evidence["your pull"]


def test_iis_failure_solve_fails_when_the_pull_succeeds():
    fake = FakeEngineAPI.linux()
    fake.on("POST", "/images/create", stream({"status": "Status: Downloaded newer image"}))
    fake.state.seed_image(IIS)
    result = get("iis-failure").solve(fake.engine())
    assert result.outcome is Outcome.FAIL
    assert "succeeded" in result.reason


def test_iis_failure_fails_before_pulling_an_image_with_a_linux_entry():
    fake = FakeEngineAPI.linux()
    fake.state.record_registry(IIS, DOTNET)
    result = get("iis-failure").check(fake.engine(), answer=REFUSED)
    assert result.outcome is Outcome.FAIL
    assert result.evidence["entries for this engine"] == ["linux/amd64"]


def test_iis_failure_unreachable_registry_is_an_error_with_a_fix():
    lookup = 'Get "https://mcr.microsoft.com/v2/": dial tcp: lookup mcr.microsoft.com: no such host'
    fake = FakeEngineAPI.linux()
    fake.state.record_pull_error(IIS, lookup)
    result = get("iis-failure").solve(fake.engine())
    assert result.outcome is Outcome.ERROR
    assert "wintut lab up" in result.fix
    assert result.evidence["daemon said"] == lookup


def test_iis_failure_not_applicable_on_windows():
    result = get("iis-failure").check(windows())
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.evidence["engine platform"] == "windows/amd64"


def test_iis_failure_on_the_2016_host_sees_the_learners_own_pull_then_asks_for_the_run():
    fake = FakeEngineAPI("docker-for-windows-2016")
    engine = fake.engine()
    list(engine.pull_stream("microsoft/iis"))  # the learner's `docker pull microsoft/iis`
    result = get("iis-failure").check(engine)
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "microsoft/iis" in result.evidence["your pull"]  # the 2016 host holds it
    assert "docker run -it microsoft/iis cmd" in result.fix
    words = 'oci runtime error: exec: "cmd": executable file not found in $PATH'
    result = get("iis-failure").check(engine, answer=words)
    assert result.outcome is Outcome.PASS and "2016 failure" in result.reason


def test_iis_failure_finds_the_learners_pull_in_the_engines_image_events():
    fake = FakeEngineAPI.linux(version={"Version": "1.12.1", "ApiVersion": "1.24"})
    # a registry entry this engine can pull, so the pull leaves its event (API 1.24: no
    # /distribution, so the step cannot read the platforms and goes by the engine's history)
    fake.state.record_registry("microsoft/iis", [{"os": "linux", "architecture": "amd64"}])
    for ref in ("microsoft/iis", "microsoft/iis:latest"):  # this host's copy of the recordings
        fake.state.profile.pull_errors.pop(ref, None)
    engine = fake.engine()
    assert get("iis-failure").check(engine).evidence["your pull"].startswith("no trace")
    list(engine.pull_stream("microsoft/iis"))
    result = get("iis-failure").check(engine)
    assert result.evidence["your pull"].startswith("an image pull event for microsoft/iis")
