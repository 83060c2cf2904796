"""Steps windows-engine, nanoserver and isolation on fake engines (Linux and Windows hosts).

Every engine here is tests/engine_fake.py: real docker-py over the simulated host's routes.
"""

from __future__ import annotations

import time

import pytest

from tests.engine_fake import FakeEngineAPI
from tests.unit import hostdata
from wintut import compat
from wintut.engine import Engine
from wintut.results import Outcome
from wintut.steps import get
from wintut.steps.isolation import EXAMPLE, GRID, parse_marks
from wintut.steps.windows_engine import GUIDANCE, SOURCES

NANO_2022 = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
NANO_2019 = "mcr.microsoft.com/windows/nanoserver:ltsc2019"
HCS = (  # engine-facts.md 3.4, microsoft/Windows-Containers#399
    "hcs::CreateComputeSystem 377c5ba8: The container operating system does not match the host "
    "operating system."
)


def server_2022_fake(*images: str) -> FakeEngineAPI:
    """Windows Server 2022 (engine-facts.md 1(d)) holding just these images."""
    fake = FakeEngineAPI(
        "windows-server-2022",
        version=hostdata.WINDOWS_SERVER_2022_VERSION,
        info=hostdata.WINDOWS_SERVER_2022_INFO,
        bare=True,
    )
    for ref in images:
        fake.state.seed_image(ref)
    return fake


def server_2022(*images: str) -> Engine:
    return server_2022_fake(*images).engine()


def linux() -> Engine:
    return FakeEngineAPI.linux().engine()


# -- windows-engine -----------------------------------------------------------------------------


def test_windows_engine_passes_on_windows():
    result = get("windows-engine").check(server_2022())
    assert result.outcome is Outcome.PASS
    assert result.evidence["default isolation"] == "process"
    assert result.evidence["host kind"].startswith("windows-server")


@pytest.mark.parametrize(
    ("version", "info"),
    [
        (hostdata.DESKTOP_WSL2_VERSION, hostdata.DESKTOP_WSL2_INFO),
        # engine-facts.md 1(b), docker/for-win#4805: the Hyper-V backend's LinuxKit kernel
        (
            None,
            {
                **hostdata.DESKTOP_WSL2_INFO,
                "KernelVersion": "4.14.131-linuxkit",
                "Labels": ["com.docker.desktop.address=npipe://\\\\.\\pipe\\docker_cli"],
            },
        ),
    ],
    ids=["wsl2", "hyperv"],
)
def test_windows_engine_on_docker_desktop_says_how_to_switch(version, info):
    # version None: the recorded WSL 2 host's own /version
    fake = FakeEngineAPI("docker-desktop-wsl2", version=version, info=info, bare=True)
    result = get("windows-engine").check(fake.engine())
    assert result.outcome is Outcome.FAIL
    assert result.evidence["can switch here"] == "yes"
    assert "Switch to Windows containers" in result.fix
    assert "DockerCli.exe -SwitchDaemon" in result.fix
    assert "docker desktop engine use windows" in result.fix
    assert "Home" in result.fix and "Hyper-V" in result.fix
    assert SOURCES["microsoft"] in result.evidence["sources"]


@pytest.mark.parametrize(
    ("info", "why"),
    [
        (None, "runs on Linux"),  # the fake's default: Debian, native
        (hostdata.DESKTOP_MAC_INFO, "Mac"),
    ],
    ids=["linux-native", "mac"],
)
def test_windows_engine_says_why_it_cannot_switch(info, why):
    fake = FakeEngineAPI.linux() if info is None else FakeEngineAPI.linux(info=info)
    result = get("windows-engine").check(fake.engine())
    assert result.outcome is Outcome.FAIL
    assert result.evidence["can switch here"] == "no"
    assert why in result.fix
    assert "Windows kernel" in result.fix
    assert "cannot switch" in result.reason


def test_windows_engine_guidance_marks_its_own_reasoning():
    for kind, (can_switch, text, sources) in GUIDANCE.items():
        assert text, kind
        assert sources or "(derived)" in text, f"{kind}: neither sourced nor marked derived"
        assert all(key in SOURCES for key in sources)
        if can_switch:
            assert "SwitchDaemon" in text


# -- nanoserver ---------------------------------------------------------------------------------


def test_nanoserver_not_applicable_on_linux():
    result = get("nanoserver").check(linux())
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "no matching manifest" in result.reason


def test_nanoserver_not_attempted_suggests_the_tag_for_this_host():
    result = get("nanoserver").check(server_2022())
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert NANO_2022 in result.fix
    assert result.evidence["host build"] == 20348


def test_nanoserver_suggests_ltsc2019_on_windows_10_1809_hyperv():
    fake = FakeEngineAPI(
        "windows-server-2022",
        version=hostdata.WINDOWS_10_1809_VERSION,
        info=hostdata.WINDOWS_10_1809_INFO,
        bare=True,
    )
    result = get("nanoserver").check(fake.engine())
    assert result.evidence["default isolation"] == "hyperv"
    assert NANO_2019 in result.fix


def test_nanoserver_passes_on_a_run_with_rm_and_reads_the_image_build():
    fake = server_2022_fake(NANO_2022)  # the registry's platform: 10.0.20348
    fake.state.record_run(NANO_2022, ["cmd", "/c", "ver"], at=time.time() - 30, removed=True)
    result = get("nanoserver").check(fake.engine())
    assert result.outcome is Outcome.PASS
    assert result.evidence["image build"] == 20348
    assert "same build" in result.evidence["compatibility"]


def test_nanoserver_fails_on_a_failed_run():
    fake = server_2022_fake()
    at = time.time() - 30
    fake.state.record_run(NANO_2022, ["cmd", "/c", "ver"], at=at, exit_code=1, removed=True)
    result = get("nanoserver").check(fake.engine())
    assert result.outcome is Outcome.FAIL
    assert "exited with code 1" in result.reason
    assert result.evidence["image build"] == 20348  # from the tag, the image is gone


def test_nanoserver_solve_pulls_the_matching_tag_and_runs_ver():
    fake = server_2022_fake()  # nothing pulled yet
    ver = "Microsoft Windows [Version 10.0.20348.5622]"
    fake.state.record_output(NANO_2022, "cmd /c ver", ver)
    result = get("nanoserver").solve(fake.engine())
    assert result.outcome is Outcome.PASS
    (created,) = fake.state.created
    assert created.image.ref == NANO_2022
    assert created.args == ["cmd", "/c", "ver"]
    assert created.labels["wintut.step"] == "nanoserver"


def test_nanoserver_solve_on_linux_is_not_applicable():
    assert get("nanoserver").solve(linux()).outcome is Outcome.NOT_APPLICABLE


# -- isolation ----------------------------------------------------------------------------------


RIGHT = "fails runs runs fails"
"""The grid's answer by Microsoft's rules (cases: WS2022 host + WS2019 image, process; the same
with Hyper-V; Windows 11 23H2 + WS2022, process (preview); WS2019 host + WS2022 image, Hyper-V)."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RIGHT, [False, True, True, False]),
        ("1. no 2. yes 3. yes 4. no", [False, True, True, False]),
        ("does not run, runs, runs, doesn't start", [False, True, True, False]),
        ("✖ ✔ ✔ ✖", [False, True, True, False]),
    ],
)
def test_parse_marks(text, expected):
    assert parse_marks(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("runs fails runs", "has 4 cases and you marked 3"),
        ("runs fails runs maybe", "runs or fails, not “maybe”"),
        ("ltsc2022 ltsc2019 process no", "not “ltsc2022”"),  # the old one-case answer
    ],
)
def test_parse_marks_rejects(text, why):
    with pytest.raises(ValueError, match=why):
        parse_marks(text)


def test_the_grid_answer_follows_compat():
    assert parse_marks(RIGHT) == [
        compat.decide(c.host_build, c.image_build, c.isolation).starts for c in GRID
    ]
    assert len({compat.decide(c.host_build, c.image_build, c.isolation).rule for c in GRID}) == 4


def test_pasting_the_prompts_example_or_the_old_answer_does_not_pass():
    step = get("isolation")
    assert EXAMPLE in step.answer_prompt
    assert step.check(linux(), EXAMPLE).outcome is Outcome.FAIL
    hint = step.hints()[0]
    example = hint.split("e.g. `", 1)[1].split("`", 1)[0]  # the first hint's example, too
    assert step.check(linux(), example).outcome is Outcome.FAIL
    old = step.check(linux(), "ltsc2022 ltsc2019 process no")
    assert old.outcome is Outcome.FAIL and "cannot read" in old.reason


def test_the_prompt_shows_every_case():
    prompt = get("isolation").answer_prompt
    assert prompt.count("\n| ") == len(GRID) + 1  # the header and one row per case
    assert "Windows 11 23H2 (22631)" in prompt and "`hyperv`" in prompt


def test_isolation_not_attempted_and_unreadable():
    assert get("isolation").check(linux(), "").outcome is Outcome.NOT_ATTEMPTED
    result = get("isolation").check(linux(), "it starts")
    assert result.outcome is Outcome.FAIL
    assert "cannot read" in result.reason


def test_isolation_right_grid_and_per_case_reasons_on_linux():
    right = get("isolation").check(linux(), RIGHT)
    assert right.outcome is Outcome.PASS and not right.solved
    assert "builds differ" in right.evidence["case 1"]
    assert right.evidence["case 1"].startswith("✔ you marked fails;")
    assert "preview" in right.evidence["case 3"]
    assert "newer than the host" in right.evidence["case 4"]
    assert "version-compatibility" in right.evidence["source"]
    wrong = get("isolation").check(linux(), "runs runs runs fails")
    assert wrong.outcome is Outcome.FAIL
    assert wrong.reason.startswith("3 of 4 right; not case 1")
    assert wrong.evidence["case 1"].startswith("✖ you marked runs; host Windows Server 2022")


def test_isolation_on_windows_tries_its_own_host_rows_live():
    fake = server_2022_fake(NANO_2019)
    fake.state.record_run_error(NANO_2019, "process", HCS)
    result = get("isolation").check(fake.engine(), RIGHT)
    assert result.outcome is Outcome.PASS
    assert "Live: refused:" in result.evidence["case 1"]
    assert "does not match the host" in result.evidence["case 1"]
    assert "Live: started (" in result.evidence["case 2"]
    assert "Live" not in result.evidence["case 3"]  # another host: rules only
    isolations = [c.config["HostConfig"]["Isolation"] for c in fake.state.created]
    assert isolations == ["process", "hyperv"]


def test_isolation_live_run_wins_over_the_rules():
    fake = server_2022_fake(NANO_2019)
    fake.state.record_run_error(NANO_2019, "hyperv", "Hyper-V is not installed")
    result = get("isolation").check(fake.engine(), RIGHT)
    assert result.outcome is Outcome.FAIL
    assert "disagrees" in result.evidence["case 2"]
    assert get("isolation").solve(fake.engine()).outcome is Outcome.PASS  # solve follows it


def test_isolation_on_windows_says_why_it_did_not_try():
    result = get("isolation").check(server_2022(), RIGHT)
    assert result.outcome is Outcome.PASS
    assert "not tried: pull" in result.evidence["case 1"]


def test_isolation_solve_passes_on_linux_and_windows_for_the_self_test():
    assert get("isolation").solve(linux()).outcome is Outcome.PASS
    result = get("isolation").solve(server_2022(NANO_2019))
    assert result.outcome is Outcome.PASS
    assert "Live: started (" in result.evidence["case 2"]


def test_isolation_cannot_be_done_for_the_learner():
    from wintut.steps import run_solve

    result = run_solve("isolation", linux())
    assert result.outcome is Outcome.NOT_ATTEMPTED and not result.solved
