"""Every step, through wintut's own Engine (docker-py), on every simulated host (issue 5).

The steps' outcomes after ``solve`` must be the ones expected for the profile's kind of host;
the seed's particular machines must say what the seed saw. The lab may be up while these run
(CI): a simulated host must answer for the real names itself, never send them to the lab.
"""

from __future__ import annotations

import pytest

from wintut import steps
from wintut.engine import Engine
from wintut.hosts import detect
from wintut.replay import PROFILE_IDS, SimulatedHost, load
from wintut.results import Outcome

pytestmark = pytest.mark.simulate


@pytest.fixture
def simulated():
    """``simulated(PROFILE)`` -> an Engine on a fresh simulated host, closed afterwards."""
    opened: list[tuple[SimulatedHost, Engine]] = []

    def start(profile_id: str) -> Engine:
        host = SimulatedHost(profile_id)
        host.start()
        engine = Engine(host.url, simulated=profile_id)
        opened.append((host, engine))
        return engine

    yield start
    for host, engine in opened:
        engine.close()
        host.stop()


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_every_step_gives_the_outcome_expected_on_the_simulated_host(profile_id, simulated):
    engine = simulated(profile_id)
    info, version = engine.info(), engine.version()
    kind = detect(info, version).kind
    recorded = {"search_terms": load(profile_id).search_terms}
    expected = {s.id: s.expected_on(str(info.get("OSType")), recorded) for s in steps.all_steps()}
    got = {step_id: steps.get(step_id).solve(engine) for step_id in steps.STEP_IDS}
    wrong = {
        step_id: f"{result.outcome.value}: {result.reason}"
        for step_id, result in got.items()
        if result.outcome is not expected[step_id]
    }
    assert not wrong, f"{profile_id} ({kind}): {wrong}"
    if str(info.get("OSType")) == "windows":  # the issue's own list
        for step_id in ("windows-engine", "nanoserver", "isolation"):
            assert got[step_id].outcome is Outcome.PASS
        for step_id in ("see-isolation", "iis-works", "build-image"):  # issue 10, part 3
            assert got[step_id].outcome is Outcome.PASS and got[step_id].solved
        assert got["iis-failure"].outcome is Outcome.NOT_APPLICABLE
    else:
        for step_id in ("see-isolation", "iis-works", "build-image"):
            assert got[step_id].outcome is Outcome.NOT_APPLICABLE
            assert "Linux containers" in got[step_id].reason


def test_find_kernel_names_mobylinuxvm_on_the_2016_beta(simulated):
    # engine-facts.md 1(e): 4.4.x-moby kernels in MobyLinuxVM; the seed, lines 37-41.
    result = steps.get("find-kernel").solve(simulated("docker-for-windows-2016"))
    assert result.outcome is Outcome.PASS
    assert "4.4.30-moby" in result.reason and "MobyLinuxVM" in result.reason


def test_iis_failure_on_the_2016_beta_is_the_seeds_path_failure(simulated):
    # The seed (lines 85-91): 1.12 pulled microsoft/iis, then `cmd` was not found in $PATH.
    # 2017's refusal at pull (docker.kitematic#2696) must not appear on this 2016 engine.
    result = steps.get("iis-failure").solve(simulated("docker-for-windows-2016"))
    assert result.outcome is Outcome.PASS
    assert result.evidence["image"] == "microsoft/iis"
    assert result.evidence["you pasted"] == (
        'oci runtime error: exec: "cmd": executable file not found in $PATH'
    )
    assert "2016 failure" in result.reason
    assert "older than 1.30" in result.evidence["platforms"]  # API 1.24 has no /distribution


@pytest.mark.parametrize(
    ("profile_id", "isolation", "image"),
    [
        # Client SKUs before 1809 run Hyper-V containers only (Virtualization-Documentation#981).
        ("windows-10-containers-2016", "hyperv", "microsoft/nanoserver:latest"),
        ("windows-server-2016", "process", "microsoft/nanoserver:latest"),
        # docker/cli docs info.md: "Default Isolation: process" on Windows Server.
        ("windows-server-2022", "process", "mcr.microsoft.com/windows/nanoserver:ltsc2022"),
        (
            "docker-desktop-windows-containers",
            "hyperv",
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
        ),
    ],
)
def test_default_isolation_of_each_windows_host(profile_id, isolation, image, simulated):
    engine = simulated(profile_id)
    result = steps.get("nanoserver").solve(engine)
    assert result.outcome is Outcome.PASS
    assert result.evidence["default isolation"] == isolation
    assert result.evidence["run"].split(" from ", 1)[1].startswith(image)
    grid = steps.get("isolation").solve(engine)  # the self-test's answer: rules and live runs
    assert grid.outcome is Outcome.PASS and not grid.solved  # a prediction is never done for you
    host_cases = [v for k, v in grid.evidence.items() if k.startswith("case ") and "Live:" in v]
    for line in host_cases:  # a case of this host's own build was tried, or says why not
        assert "started (" in line or "not tried" in line or "refused" in line


def test_search_on_a_modern_simulated_host_is_not_invented(simulated):
    # engine-facts.md 7: what `docker search microsoft` returns today is [UNCERTAIN].
    result = steps.get("search-microsoft").solve(simulated("windows-server-2022"))
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert result.problem is not None and result.problem.code == "not-recorded"
    assert "not recorded on this simulated host: search microsoft" in result.evidence["daemon"]
