"""wintut's own Engine (docker-py) against simulated hosts, and `wintut simulate` itself."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time

import pytest

import wintut
from wintut.engine import Engine
from wintut.errors import PullError
from wintut.replay import PROFILE_IDS, SimulatedHost, load
from wintut.session import current

pytestmark = pytest.mark.simulate


@pytest.fixture
def server_2022():
    with SimulatedHost("windows-server-2022") as host:
        yield host


@pytest.fixture
def engines():
    """Make engines that are closed after the test (docker-py keeps connections open)."""
    made: list[Engine] = []

    def make(url: str, **kwargs) -> Engine:
        made.append(Engine(url, **kwargs))
        return made[-1]

    yield make
    for engine in made:
        engine.close()


def test_engine_status_and_host_kind(server_2022, engines):
    engine = engines(server_2022.url, simulated="windows-server-2022")
    report = current().diagnose(engine)
    assert report.status.reachable, report.problems
    assert report.host is not None and report.host.kind == "windows-server"
    data = report.to_dict()
    assert data["simulated"]["profile"] == "windows-server-2022"
    assert data["simulated"]["sources"]["/info/KernelVersion"].startswith("docker/cli docs")
    assert "simulated: windows-server-2022" in str(report)


def test_engine_run_replays_and_cleans_up(server_2022, engines):
    engine = engines(server_2022.url, simulated="windows-server-2022")
    result = engine.run(
        "mcr.microsoft.com/windows/nanoserver:ltsc2022", ["cmd", "/c", "ver"], step="sim"
    )
    assert result.exit_code == 0
    assert result.output.strip() == "Microsoft Windows [Version 10.0.20348.5622]"
    assert engine.containers(all=True) == []  # removed in finally
    started = time.time() - 5
    actions = [e["Action"] for e in engine.events(since=started, filters={"label": "wintut=1"})]
    assert actions[:3] == ["create", "start", "die"] and "destroy" in actions


def test_engine_unrecorded_command_exits_127(server_2022, engines):
    engine = engines(server_2022.url)
    result = engine.run("mcr.microsoft.com/windows/nanoserver:ltsc2022", ["ping", "x"])
    assert result.exit_code == 127
    assert "not recorded on this simulated host: ping x" in result.output


# docker-py's streamed pull keeps its socket until garbage collection when the stream ends in an
# error (the generator holds the response); collect here so the warning stays in this test.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_engine_pull_stream_raises_the_recorded_error(server_2022, engines):
    engine = engines(server_2022.url)
    with pytest.raises(PullError) as caught:
        list(engine.pull_stream("ubuntu"))
    gc.collect()
    assert "no matching manifest for windows/amd64 10.0.20348" in caught.value.problem.detail


def test_engine_reads_registry_and_images(server_2022, engines):
    engine = engines(server_2022.url)
    platforms = engine.distribution("mcr.microsoft.com/windows/nanoserver:ltsc2022")["Platforms"]
    assert platforms == [
        {"architecture": "amd64", "os": "windows", "os.version": "10.0.20348.5622"}
    ]
    assert engine.inspect_image("ubuntu") is None
    assert engine.inspect_image("mcr.microsoft.com/windows/nanoserver:ltsc2022")["Os"] == "windows"
    messages = list(engine.pull_stream("mcr.microsoft.com/windows/servercore:ltsc2019"))
    assert messages[-1]["status"].startswith("Status: Downloaded newer image")


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_engine_talks_to_every_profile(profile_id, engines):
    with SimulatedHost(profile_id) as host:
        engine = engines(host.url, simulated=profile_id)
        status = engine.status()
        assert status.reachable, status.problems
        assert status.kernel == load(profile_id).info["KernelVersion"]
        search_recorded = "microsoft" in load(profile_id).search_terms
        if search_recorded:
            assert engine.search("microsoft", limit=3)[0]["name"] == "microsoft/aspnet"


def test_wintut_simulate_switches_engine_and_docker_host_and_back(wintut_home, monkeypatch):
    monkeypatch.setenv("DOCKER_HOST", "unix:///nowhere.sock")
    monkeypatch.delenv("WINTUT_SIMULATE", raising=False)
    engine = wintut.simulate("docker-for-windows-2016")
    try:
        assert os.environ["DOCKER_HOST"] == engine.endpoint.url
        assert current().engine().simulated == "docker-for-windows-2016"
        assert engine.info()["KernelVersion"] == "4.4.30-moby"
    finally:
        back = wintut.simulate(None)
    assert back.simulated is None
    assert os.environ["DOCKER_HOST"] == "unix:///nowhere.sock"


def test_cli_simulate_prints_docker_host_first_and_serves():
    with subprocess.Popen(
        [sys.executable, "-m", "wintut", "simulate", "docker-desktop-mac"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline().strip()
            assert first.startswith("DOCKER_HOST=tcp://127.0.0.1:")
            engine = Engine(first.split("=", 1)[1])
            try:
                assert engine.version()["Platform"]["Name"] == "Docker Desktop 4.33.0 (160616)"
            finally:
                engine.close()
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_cli_simulate_list_and_sources():
    listed = subprocess.run(
        [sys.executable, "-m", "wintut", "simulate", "--list"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert [line.split()[0] for line in listed.stdout.splitlines()] == list(PROFILE_IDS)
    sources = subprocess.run(
        [sys.executable, "-m", "wintut", "simulate", "--sources", "docker-desktop-wsl2"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert "/info/KernelVersion" in sources.stdout or "/info\n" in sources.stdout
    assert "hamitmizrak/workshop-docker" in sources.stdout


def test_wintut_simulate_env_starts_the_profile_on_first_use(wintut_home, monkeypatch):
    monkeypatch.setenv("WINTUT_SIMULATE", "windows-10-containers-2016")
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    session = current()
    try:
        engine = session.engine()
        assert engine.simulated == "windows-10-containers-2016"
        assert engine.info()["Isolation"] == "hyperv"
        assert os.environ["DOCKER_HOST"] == engine.endpoint.url
    finally:
        monkeypatch.delenv("WINTUT_SIMULATE")
        session.use(None)
    assert "DOCKER_HOST" not in os.environ


def test_doctor_widget_offers_a_simulated_host_when_no_engine_answers(wintut_home, monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nowhere.sock")
    monkeypatch.setenv("WINTUT_SIMULATE", "none")  # not the embedded default: the doctor's offer
    try:
        view = wintut.doctor()
        body, _recheck, offer = view.widget.children
        assert "✖ Not ready yet." in body.value
        _label, choice, use = offer.children
        assert "docker-for-windows-2016" in [value for _, value in choice.options]
        monkeypatch.delenv("WINTUT_SIMULATE")
        choice.value = "docker-for-windows-2016"
        use.click()
        assert "⚠ simulated: docker-for-windows-2016" in body.value
        assert "✔ Ready for the course." in body.value
        assert current().engine().simulated == "docker-for-windows-2016"
        (back,) = offer.children
        back.click()
        assert current().engine().simulated is None
        assert "✖ Not ready yet." in body.value
    finally:
        wintut.simulate(None)
