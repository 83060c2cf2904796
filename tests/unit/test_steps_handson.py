"""The hands-on Windows steps (see-isolation, iis-works, build-image) on the one fake.

The learner's own work is done through the fake's docker-py client (what the docker CLI asks the
engine for); wintut's checks must read it, never do it, and "Do it for me" must leave nothing.
"""

from __future__ import annotations

import http.server
import io
import socket
import threading

import pytest

from tests.engine_fake import FakeEngineAPI
from wintut.engine.workloads import dockerfile_context, parse_tasklist
from wintut.results import Outcome
from wintut.steps import get
from wintut.steps.build_image import dockerfile
from wintut.steps.iis_works import IisWorks

NANO_2022 = "mcr.microsoft.com/windows/nanoserver:ltsc2022"
IIS_2022 = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
PING = ["ping", "-t", "localhost"]


def windows(profile: str = "windows-server-2022") -> FakeEngineAPI:
    return FakeEngineAPI(profile)


def learner_runs(
    fake: FakeEngineAPI,
    image: str,
    command: list[str] | None,
    *,
    isolation: str | None = None,
    ports: dict[int, int] | None = None,
) -> str:
    """``docker run -d [--isolation=…] [-p HOST:80] IMAGE COMMAND`` as the learner types it."""
    api = fake.client
    host_config = api.create_host_config(isolation=isolation, port_bindings=ports)
    made = api.create_container(
        image, command=command, host_config=host_config, ports=list(ports or {})
    )
    api.start(made["Id"])
    return str(made["Id"])


def pull(fake: FakeEngineAPI, ref: str) -> None:
    repository, tag = ref.rsplit(":", 1)
    list(fake.client.pull(repository, tag=tag, stream=True, decode=True))


# -- see-isolation ------------------------------------------------------------------------------


def test_see_isolation_does_not_apply_on_linux_and_says_why():
    result = get("see-isolation").check(FakeEngineAPI.linux().engine())
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "Linux containers" in result.reason and "windows-engine" in (result.fix or "")


def test_see_isolation_without_a_run_names_both_commands_and_starts_nothing():
    fake = windows()
    result = get("see-isolation").check(fake.engine(simulated="windows-server-2022"))
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert f"--isolation=process {NANO_2022} ping -t localhost" in (result.fix or "")
    assert "--isolation=hyperv" in (result.fix or "")
    assert fake.state.created == []  # the check did not run anything


def test_see_isolation_half_way_asks_for_the_other_kind():
    fake = windows()
    learner_runs(fake, NANO_2022, PING, isolation="process")
    result = get("see-isolation").check(fake.engine(simulated="windows-server-2022"))
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "Half way" in result.reason and "--isolation=hyperv" in (result.fix or "")


def test_see_isolation_passes_on_the_learners_two_runs_with_the_walkthroughs_pids():
    fake = windows()
    process = learner_runs(fake, NANO_2022, PING, isolation="process")
    hyperv = learner_runs(fake, NANO_2022, PING, isolation="hyperv")
    before = len(fake.state.created)
    result = get("see-isolation").check(fake.engine(simulated="windows-server-2022"))
    assert result.outcome is Outcome.PASS and not result.solved
    assert len(fake.state.created) == before
    names = {c.id: c.name for c in fake.state.created}
    evidence = result.evidence
    assert evidence[f"{names[process]}: isolation (docker inspect)"] == "process"
    assert evidence[f"{names[hyperv]}: isolation (docker inspect)"] == "hyperv"
    # hyperv-container.md: docker top 3964 / 1732; host: PING 3964, no ping, vmwp 2376
    assert evidence[f"{names[process]}: docker top"] == "3964"
    assert evidence[f"{names[hyperv]}: docker top"] == "1732"
    assert evidence["vmwp on the host"] == "2376"
    assert "PID 3964 is on the host's own process list" in result.reason
    assert "PID 1732 is not on the host's process list" in result.reason
    assert "simulated host windows-server-2022" in evidence["host process list"]


def test_see_isolation_reads_the_isolation_the_engine_gives_a_default_run():
    # No --isolation: Windows Server's default is process (moby setDefaultIsolation).
    fake = windows()
    learner_runs(fake, NANO_2022, PING)
    result = get("see-isolation").check(fake.engine())
    assert "process" in result.reason.lower()
    assert any(v == "process" for k, v in result.evidence.items() if "docker inspect" in k)


def test_see_isolation_does_not_count_a_hyperv_run_the_engine_refused():
    fake = windows()
    fake.state.record_run_error(NANO_2022, "hyperv", "hcs::System::Start: no hypervisor (test)")
    learner_runs(fake, NANO_2022, PING, isolation="process")
    with pytest.raises(Exception, match="no hypervisor"):
        learner_runs(fake, NANO_2022, PING, isolation="hyperv")
    result = get("see-isolation").check(fake.engine())
    assert result.outcome is Outcome.NOT_ATTEMPTED
    (refusal,) = result.evidence["did not start"]
    assert refusal.endswith("(hyperv): hcs::System::Start: no hypervisor (test)")
    assert "Hyper-V feature" in (result.fix or "")


def test_see_isolation_does_not_count_wintuts_own_containers():
    fake = windows()
    engine = fake.engine()
    engine.start_detached(NANO_2022, PING, step="see-isolation", isolation="process")
    engine.start_detached(NANO_2022, PING, step="see-isolation", isolation="hyperv")
    assert get("see-isolation").check(engine).outcome is Outcome.NOT_ATTEMPTED


def test_see_isolation_on_a_2016_client_needs_only_the_hyperv_run():
    # Windows 10 1607: "Windows client operating systems earlier than version 1809 can only
    # run Hyper-V containers" (compat.decide).
    fake = windows("windows-10-containers-2016")
    learner_runs(fake, "microsoft/nanoserver:latest", PING, isolation="hyperv")
    result = get("see-isolation").check(fake.engine())
    assert result.outcome is Outcome.PASS
    assert "not possible on this host" in result.evidence["process isolation"]


def test_see_isolation_solve_is_marked_solved_and_leaves_nothing_running():
    fake = windows()
    result = get("see-isolation").solve(fake.engine(simulated="windows-server-2022"))
    assert result.outcome is Outcome.PASS and result.solved
    made = fake.state.created
    assert {c.isolation for c in made} == {"process", "hyperv"}
    for container in made:
        assert container.labels == {"wintut": "1", "wintut.step": "see-isolation"}
        host_config = container.config["HostConfig"]
        assert not host_config.get("Privileged") and not host_config.get("Binds")
        assert container.removed
    assert fake.state.containers == {}


def test_top_of_a_stopped_container_is_the_daemons_conflict():
    fake = windows()
    cid = learner_runs(fake, NANO_2022, ["cmd", "/c", "ver"])
    with pytest.raises(Exception, match="is not running"):
        fake.client.top(cid)


# -- iis-works ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "image"),
    [
        ("windows-server-2022", IIS_2022),
        (
            "windows-11-24h2-windows-containers",
            "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2025",
        ),
        (
            "windows-server-2016",
            "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2016",
        ),
        ("windows-10-containers-2016", "microsoft/iis"),  # engine 17.06: before MCR
    ],
)
def test_iis_image_follows_the_hosts_build(profile, image):
    assert IisWorks().image(windows(profile).engine()) == image


def test_iis_works_not_running_says_what_to_run():
    fake = windows()
    result = get("iis-works").check(fake.engine(simulated="windows-server-2022"))
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert f"docker run -d -p 8080:80 {IIS_2022}" in (result.fix or "")


def test_iis_works_without_a_published_port_fails_with_the_fix():
    fake = windows()
    pull(fake, IIS_2022)
    learner_runs(fake, IIS_2022, None)
    result = get("iis-works").check(fake.engine(simulated="windows-server-2022"))
    assert result.outcome is Outcome.FAIL
    assert "publishes no port" in result.reason and "-p 8080:80" in (result.fix or "")


def test_iis_works_on_a_simulated_host_reads_the_recorded_page_and_says_so():
    fake = windows()
    pull(fake, IIS_2022)
    learner_runs(fake, IIS_2022, None, ports={80: 8080})
    result = get("iis-works").check(fake.engine(simulated="windows-server-2022"))
    assert result.outcome is Outcome.PASS and not result.solved
    assert "IIS Windows Server" in result.reason
    assert "not a real fetch" in result.evidence["page fetched from"]
    assert result.evidence["published port"] == "127.0.0.1:8080 → 80/tcp"


class _IisPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><head><title>IIS Windows Server</title></head></html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_iis_works_on_a_real_engine_fetches_the_page_over_loopback():
    server = http.server.HTTPServer(("127.0.0.1", 0), _IisPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        fake = windows()
        pull(fake, IIS_2022)
        learner_runs(fake, IIS_2022, None, ports={80: server.server_address[1]})
        result = get("iis-works").check(fake.engine())  # not marked simulated: a real GET
        assert result.outcome is Outcome.PASS
        assert result.evidence["page fetched from"].startswith("http://127.0.0.1:")
    finally:
        server.shutdown()
        server.server_close()


def test_iis_works_on_a_real_engine_with_nothing_listening_fails():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # closed when the block ends: nothing listens there
    fake = windows()
    pull(fake, IIS_2022)
    learner_runs(fake, IIS_2022, None, ports={80: closed})
    result = get("iis-works").check(fake.engine())
    assert result.outcome is Outcome.FAIL
    assert "wait, then check again" in (result.fix or "")


def test_iis_works_solve_publishes_on_loopback_only_and_cleans_up():
    fake = windows()
    result = get("iis-works").solve(fake.engine(simulated="windows-server-2022"))
    assert result.outcome is Outcome.PASS and result.solved
    (made,) = fake.state.created
    bindings = made.config["HostConfig"]["PortBindings"]["80/tcp"]
    assert [b["HostIp"] for b in bindings] == ["127.0.0.1"]
    assert made.image.ref == IIS_2022 and made.removed


# -- build-image --------------------------------------------------------------------------------


def test_build_image_without_a_build_gives_the_dockerfile_for_this_host():
    fake = windows("windows-server-2025")
    pull(fake, "mcr.microsoft.com/windows/nanoserver:ltsc2025")
    result = get("build-image").check(fake.engine())
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert "FROM mcr.microsoft.com/windows/nanoserver:ltsc2025" in (result.fix or "")


def test_build_image_passes_on_the_learners_build_and_shows_its_history():
    fake = windows()
    context = dockerfile_context(dockerfile(NANO_2022))
    list(fake.client.build(fileobj=io.BytesIO(context), custom_context=True, tag="mine"))
    result = get("build-image").check(fake.engine())
    assert result.outcome is Outcome.PASS and not result.solved
    assert result.evidence["your image"] == "mine:latest"
    assert result.evidence["built on"] == NANO_2022
    history = result.evidence["docker history (newest first)"]
    assert history[0].endswith('CMD ["cmd", "/c", "echo Hello from my own Windows image"]')
    assert history[-1].startswith("Apply image 10.0.20348")
    assert "org.opencontainers.image.title=my first Windows image" in result.evidence["labels"]


def test_build_image_on_another_base_does_not_count():
    fake = windows()
    servercore = "mcr.microsoft.com/windows/servercore:ltsc2022"
    context = dockerfile_context(f"FROM {servercore}\nLABEL a=b\n")
    list(fake.client.build(fileobj=io.BytesIO(context), custom_context=True, tag="other"))
    result = get("build-image").check(fake.engine())
    assert result.outcome is Outcome.NOT_ATTEMPTED
    assert result.evidence["images built since, on another base"] == ["other:latest"]


def test_simulated_build_refuses_what_it_never_recorded():
    fake = windows()
    context = dockerfile_context(f"FROM {NANO_2022}\nRUN echo hi > C:\\hi.txt\n")
    messages = list(
        fake.client.build(fileobj=io.BytesIO(context), custom_context=True, decode=True)
    )
    assert "not recorded on this simulated host: RUN echo hi" in messages[-1]["error"]


def test_build_image_solve_builds_labelled_then_removes_its_image():
    fake = windows()
    result = get("build-image").solve(fake.engine())
    assert result.outcome is Outcome.PASS and result.solved
    assert "wintut-build-image:latest" not in fake.state.images
    (build,) = fake.asked("POST", "/build")
    assert '"wintut": "1"' in build.arg("labels")


def test_build_image_cleanup_removes_an_image_an_interrupt_left():
    fake = windows()
    engine = fake.engine()
    engine.build(dockerfile(NANO_2022), "wintut-build-image:latest", step="build-image")
    assert "wintut-build-image:latest" in fake.state.images
    get("build-image").cleanup(engine)
    assert "wintut-build-image:latest" not in fake.state.images


def test_every_hands_on_step_is_not_applicable_on_linux():
    engine = FakeEngineAPI.linux().engine()
    for step_id in ("see-isolation", "iis-works", "build-image"):
        for outcome in (get(step_id).check(engine), get(step_id).solve(engine)):
            assert outcome.outcome is Outcome.NOT_APPLICABLE, step_id


def test_tasklist_rows_are_read_from_csv():
    text = (
        '"System Idle Process","0","Services","0","8 K"\r\n'
        '"vmwp.exe","2376","Services","0","19,620 K"\r\n'
    )
    assert parse_tasklist(text) == [
        {"name": "System Idle Process", "pid": 0},
        {"name": "vmwp.exe", "pid": 2376},
    ]


# -- the tag helper notebook 05 prints ----------------------------------------------------------


@pytest.fixture
def on_engine(wintut_home):
    from wintut.session import current

    return lambda engine: current().point_at(engine) or engine


@pytest.mark.parametrize(
    ("profile", "tag"),
    [
        ("windows-server-2022", "nanoserver:ltsc2022"),
        ("windows-server-2025", "nanoserver:ltsc2025"),
        ("windows-11-24h2-windows-containers", "nanoserver:ltsc2025"),
        ("windows-10-containers-2016", "microsoft/nanoserver:latest"),
    ],
)
def test_notebook_05_prints_the_tag_the_host_needs(on_engine, profile, tag):
    from wintut.course import host_command

    on_engine(windows(profile).engine())
    text = host_command("docker run --rm {image} cmd /c ver")
    first, why = text.splitlines()[0], text.splitlines()[-1]
    assert first.startswith("docker run --rm ") and first.endswith(f"{tag} cmd /c ver")
    assert why.startswith("# the tag for your host")


def test_the_tag_helper_on_linux_and_with_no_engine_names_an_example(on_engine):
    from tests.engine_fake import unreachable_engine
    from wintut.course import host_dockerfile, host_image

    on_engine(FakeEngineAPI.linux().engine())
    ref, why = host_image("iis")
    assert ref.endswith(":windowsservercore-ltsc2022") and "runs Linux containers" in why
    assert "as an example" in why
    on_engine(unreachable_engine())
    ref, why = host_image()
    assert "does not answer" in why and "\n" not in why
    assert host_dockerfile().startswith("FROM mcr.microsoft.com/windows/nanoserver:")


def test_windows_10_is_said_to_be_out_of_support_where_the_tag_is_offered(on_engine):
    # A Windows 10 22H2 host (build 19045): Hyper-V only, the 2019 image; end of support said.
    from wintut.course import host_image
    from wintut.replay.profiles import load

    info = {
        **load("docker-desktop-windows-containers").info,
        "KernelVersion": "10.0 19045 (19041.1.amd64fre.vb_release.191206-1406)",
        "OperatingSystem": "Microsoft Windows Version 22H2 (OS Build 19045.3693)",
    }
    fake = FakeEngineAPI("docker-desktop-windows-containers", info=info)

    on_engine(fake.engine())
    ref, why = host_image()
    assert ref.endswith("nanoserver:ltsc2019")
    assert "end of support" in why.lower() or "ended" in why.lower()


def test_the_host_list_cell_shows_the_walkthroughs_rows_on_a_simulated_host(on_engine):
    from wintut.course import host_processes

    fake = windows()
    on_engine(fake.engine(simulated="windows-server-2022"))
    assert "(none called ping, vmwp)" in host_processes("ping", "vmwp")
    learner_runs(fake, NANO_2022, PING, isolation="process")
    learner_runs(fake, NANO_2022, PING, isolation="hyperv")
    text = host_processes("ping", "vmwp")
    assert "   3964  PING" in text and "   2376  vmwp" in text
    assert "simulated host windows-server-2022" in text.splitlines()[-1]


def test_the_host_list_cell_off_windows_says_why_in_one_line(on_engine):
    from wintut.course import host_processes

    on_engine(FakeEngineAPI.linux().engine())
    text = host_processes("ping")
    assert text.count("\n") == 0 and "named pipe" in text
