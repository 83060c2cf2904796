"""Steps windows-engine, nanoserver and isolation on fake engines (Linux and Windows hosts)."""

from __future__ import annotations

import pytest

from tests.fakes import engine_with
from tests.unit import hostdata
from tests.unit.stepfakes import event, eventful_engine
from wintut.results import Outcome
from wintut.steps import get
from wintut.steps.isolation import parse_prediction
from wintut.steps.windows_engine import GUIDANCE, SOURCES

NANO_2022 = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
NANO_2019 = "mcr.microsoft.com/windows/nanoserver:ltsc2019"
HCS = (  # engine-facts.md 3.4, microsoft/Windows-Containers#399
    "hcs::CreateComputeSystem 377c5ba8: The container operating system does not match the host "
    "operating system."
)


def server_2022(**kwargs):
    return engine_with(
        version=hostdata.WINDOWS_SERVER_2022_VERSION,
        info=hostdata.WINDOWS_SERVER_2022_INFO,
        **kwargs,
    )


def eventful_server_2022(**kwargs):
    return eventful_engine(
        version=hostdata.WINDOWS_SERVER_2022_VERSION,
        info=hostdata.WINDOWS_SERVER_2022_INFO,
        **kwargs,
    )


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
    result = get("windows-engine").check(engine_with(version=version, info=info))
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
    result = get("windows-engine").check(engine_with(info=info))
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
    result = get("nanoserver").check(engine_with())
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "no matching manifest" in result.reason


def test_nanoserver_not_attempted_suggests_the_tag_for_this_host():
    result = get("nanoserver").check(server_2022())
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert NANO_2022 in result.fix
    assert result.evidence["host build"] == 20348


def test_nanoserver_suggests_ltsc2019_on_windows_10_1809_hyperv():
    engine = engine_with(
        version=hostdata.WINDOWS_10_1809_VERSION, info=hostdata.WINDOWS_10_1809_INFO
    )
    result = get("nanoserver").check(engine)
    assert result.evidence["default isolation"] == "hyperv"
    assert NANO_2019 in result.fix


def test_nanoserver_passes_on_a_run_with_rm_and_reads_the_image_build():
    engine = server_2022(
        events=[event(NANO_2022), event(NANO_2022, "die", exitCode="0")],
        images=[{"Id": "sha256:2", "RepoTags": [NANO_2022], "OsVersion": "10.0.20348.5622"}],
    )
    result = get("nanoserver").check(engine)
    assert result.outcome is Outcome.PASS
    assert result.evidence["image build"] == 20348
    assert "same build" in result.evidence["compatibility"]


def test_nanoserver_fails_on_a_failed_run():
    engine = server_2022(events=[event(NANO_2022, "die", exitCode="1")])
    result = get("nanoserver").check(engine)
    assert result.outcome is Outcome.FAIL
    assert "exited with code 1" in result.reason
    assert result.evidence["image build"] == 20348  # from the tag, the image is gone


def test_nanoserver_solve_pulls_the_matching_tag_and_runs_ver():
    engine = eventful_server_2022(
        pulls={NANO_2022: [{"status": "Pull complete", "id": "x"}]},
        runs={("cmd", "/c", "ver"): (0, "Microsoft Windows [Version 10.0.20348.5622]")},
    )
    result = get("nanoserver").solve(engine)
    assert result.outcome is Outcome.PASS
    created = engine._client(0).created[0]
    assert created["image"] == NANO_2022
    assert created["command"] == ["cmd", "/c", "ver"]
    assert created["labels"]["wintut.step"] == "nanoserver"


def test_nanoserver_solve_on_linux_is_not_applicable():
    assert get("nanoserver").solve(engine_with()).outcome is Outcome.NOT_APPLICABLE


# -- isolation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ltsc2022 1809 process no", (20348, 17763, "process", False)),
        ("20348, 17763, hyper-v, yes", (20348, 17763, "hyperv", True)),
        (
            "host=win11-23h2 image=ltsc2022 isolation=process starts=yes",
            (22631, 20348, "process", True),
        ),
        ("24H2 ltsc2025 process yes", (26100, 26100, "process", True)),
        ("25H2 ltsc2025 process yes", (26200, 26100, "process", True)),
        ("host=25h2 image=ltsc2022 isolation=hyperv starts=yes", (26200, 20348, "hyperv", True)),
        ("Win11-24H2 ltsc2019 process no", (26100, 17763, "process", False)),
    ],
)
def test_parse_prediction(text, expected):
    p = parse_prediction(text)
    assert (p.host_build, p.image_build, p.isolation, p.starts) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("ltsc2022 1809 process", "four words"),
        ("ltsc2022 1809 default no", "process or hyperv"),
        ("ltsc2022 1809 process maybe", "yes or no"),
        ("ltsc2022 latest process no", "not a Windows build"),
        ("host=ltsc2022 image=1809", "missing isolation, starts"),
    ],
)
def test_parse_prediction_rejects(text, why):
    with pytest.raises(ValueError, match=why):
        parse_prediction(text)


def test_isolation_not_attempted_and_unreadable():
    assert get("isolation").check(engine_with(), "").outcome is Outcome.NOT_ATTEMPTED
    result = get("isolation").check(engine_with(), "it starts")
    assert result.outcome is Outcome.FAIL
    assert "cannot read" in result.reason


def test_isolation_right_and_wrong_predictions_on_linux():
    right = get("isolation").check(engine_with(), "ltsc2022 1809 process no")
    assert right.outcome is Outcome.PASS
    assert "builds differ" in right.evidence["rule"]
    assert "version-compatibility" in right.evidence["source"]
    assert right.evidence["live"].startswith("not tried: this engine runs Linux")
    wrong = get("isolation").check(engine_with(), "ltsc2022 1809 process yes")
    assert wrong.outcome is Outcome.FAIL
    assert wrong.reason.startswith("Not quite: it does not start")


def test_isolation_on_windows_is_verified_live():
    images = [{"Id": "sha256:3", "RepoTags": [NANO_2019]}]
    engine = eventful_server_2022(images=images, refuse={"process": HCS})
    result = get("isolation").check(engine, "ltsc2022 1809 process no")
    assert result.outcome is Outcome.PASS
    assert result.evidence["live"].startswith("refused:")
    assert "does not match the host" in result.evidence["live"]
    assert engine._client(0).created[0]["host_config"]["isolation"] == "process"
    started = get("isolation").check(engine, "ltsc2022 1809 hyperv yes")
    assert started.outcome is Outcome.PASS
    assert started.evidence["live"].startswith("started (")


def test_isolation_live_run_wins_over_the_rules():
    images = [{"Id": "sha256:3", "RepoTags": [NANO_2019]}]
    engine = eventful_server_2022(images=images, refuse={"hyperv": "Hyper-V is not installed"})
    result = get("isolation").check(engine, "ltsc2022 1809 hyperv yes")
    assert result.outcome is Outcome.FAIL
    assert "disagrees" in result.evidence["note"]


@pytest.mark.parametrize(
    ("images", "text", "why"),
    [
        ([], "ltsc2022 1809 process no", "pull"),
        ([{"Id": "x", "RepoTags": [NANO_2019]}], "ltsc2025 1809 process no", "this host is build"),
        ([], "ltsc2022 14393 hyperv yes", "pull microsoft/nanoserver:latest"),  # 2016's Hub image
        ([], "ltsc2022 19045 hyperv yes", "no nanoserver image of build 19045"),
    ],
)
def test_isolation_on_windows_says_why_it_did_not_try(images, text, why):
    result = get("isolation").check(server_2022(images=images), text)
    assert result.outcome is Outcome.PASS
    assert why in result.evidence["live"]


def test_isolation_solve_passes_on_linux_and_windows():
    assert get("isolation").solve(engine_with()).outcome is Outcome.PASS
    engine = eventful_server_2022(
        pulls={NANO_2022: [{"status": "Pull complete", "id": "x"}]},
        images=[{"Id": "sha256:2", "RepoTags": [NANO_2022]}],
    )
    result = get("isolation").solve(engine)
    assert result.outcome is Outcome.PASS
    assert result.evidence["live"].startswith("started (")
