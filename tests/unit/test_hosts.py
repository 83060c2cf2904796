"""Host recognition from real engine outputs.

Every fixture below is copied from shared/reference/engine-facts.md, which names the public source
of each value; the source is repeated on each case. Values no source shows are marked DERIVED.
"""

from __future__ import annotations

import pytest

from wintut.hosts import KINDS, detect

CASES = [
    pytest.param(
        "docker-desktop-wsl2",
        {
            "OSType": "linux",
            "OperatingSystem": "Docker Desktop",
            "KernelVersion": "5.15.153.1-microsoft-standard-WSL2",
            "Name": "docker-desktop",
            "ServerVersion": "20.10.21",
        },
        {},
        None,
        # engine-facts 1(a): hamitmizrak/workshop-docker Docker_Tutorials.md @0333892f
        id="wsl2-hamitmizrak",
    ),
    pytest.param(
        "docker-desktop-wsl2",
        {
            "OSType": "linux",
            "OperatingSystem": "Docker Desktop",
            "KernelVersion": "6.6.87.2-microsoft-standard-WSL2",
            "Labels": ["com.docker.desktop.address=npipe://\\\\.\\pipe\\docker_cli"],
            "ServerVersion": "29.3.1",
        },
        # engine-facts 1(a): docker/desktop-feedback#317 (Platform.Name)
        {"Platform": {"Name": "Docker Desktop 4.69.0 (224084)"}},
        None,
        # engine-facts 1(a): unattributed public file id 54031402427 (weaker source)
        id="wsl2-29.3.1-labels",
    ),
    pytest.param(
        "docker-desktop-hyperv",
        {
            "OSType": "linux",
            "OperatingSystem": "Docker for Windows",
            "KernelVersion": "4.9.87-linuxkit-aufs",
            "Name": "linuxkit-00155d077017",
            "Architecture": "x86_64",
        },
        {},
        None,
        # engine-facts 1(b): wodby/docker4drupal#281 (2018-04-18, Windows 10, 18.03.0-ce)
        id="hyperv-docker-for-windows",
    ),
    pytest.param(
        "docker-desktop-hyperv",
        # engine-facts 1(b): docker/for-win#4805 shows only these two lines of docker info;
        # OSType linux is DERIVED (a Linux kernel); the client is Windows (the issue is on Win10).
        {"OSType": "linux", "KernelVersion": "4.14.131-linuxkit", "ServerVersion": "19.03.2"},
        {},
        "windows",
        id="hyperv-for-win-4805",
    ),
    pytest.param(
        "docker-for-windows-2016",
        # engine-facts 1(e): kernel 4.4.30-moby from docker/for-win#254 (MobyLinuxVM log);
        # OperatingSystem and Name from an unattributed public file (id 10897008829, weaker);
        # OSType linux DERIVED.
        {
            "OSType": "linux",
            "KernelVersion": "4.4.30-moby",
            "OperatingSystem": "Alpine Linux v3.4",
            "Name": "moby",
        },
        {},
        "windows",
        id="moby-2016",
    ),
    pytest.param(
        "docker-desktop-mac",
        {
            "OSType": "linux",
            "OperatingSystem": "Docker Desktop",
            "KernelVersion": "5.10.104-linuxkit",
            "Architecture": "x86_64",
            "Name": "docker-desktop",
        },
        {},
        "darwin",  # the cheatsheet's client is darwin/amd64
        # engine-facts 1(f): cygnu7/belajar-docker docker-cheatsheet.sh
        id="mac-cheatsheet",
    ),
    pytest.param(
        "docker-desktop-mac",
        # engine-facts 1(f)/2: docker/for-mac#7402: server linux/arm64 (so Architecture aarch64,
        # DERIVED), container kernel 6.10.0-linuxkit, Platform.Name Docker Desktop 4.33.0.
        {"OSType": "linux", "KernelVersion": "6.10.0-linuxkit", "Architecture": "aarch64"},
        {"Platform": {"Name": "Docker Desktop 4.33.0 (160616)"}, "Os": "linux", "Arch": "arm64"},
        None,
        id="mac-arm64-7402",
    ),
    pytest.param(
        "windows-client-containers",
        {
            "OSType": "windows",
            "Isolation": "hyperv",
            "KernelVersion": "10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)",
            "OperatingSystem": "Windows 10 Enterprise Version 1809 (OS Build 17763.107)",
        },
        {},
        None,
        # engine-facts 1(c): moby/moby#38306 (Windows 10 1809)
        id="win10-1809",
    ),
    pytest.param(
        "windows-client-containers",
        {
            "OSType": "windows",
            "Isolation": "hyperv",
            "KernelVersion": "10.0 14393 (14393.0.amd64fre.rs1_release.160715-1616)",
            "OperatingSystem": "Windows 10 Enterprise 2016 LTSB Evaluation",
        },
        {},
        None,
        # engine-facts 1(c): docker-archive-public/docker.kitematic#2879 (Windows 10 LTSB 2016)
        id="win10-ltsb-2016",
    ),
    pytest.param(
        "windows-server",
        {
            "OSType": "windows",
            "Isolation": "process",
            "KernelVersion": "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)",
            "OperatingSystem": "Microsoft Windows Server Version 21H2 (OS Build 20348.707)",
            "ServerVersion": "20.10.16",
        },
        {},
        None,
        # engine-facts 1(d): docker/cli docs/reference/commandline/info.md @186dcf30
        id="server-2022-cli-docs",
    ),
    pytest.param(
        "windows-server",
        {
            "OSType": "windows",
            "Isolation": "process",
            "KernelVersion": "10.0 14393 (14393.3024.amd64fre.rs1_release.190530-2002)",
            "OperatingSystem": "Windows Server 2016 Datacenter Version 1607 (OS Build 14393.3025)",
        },
        {},
        None,
        # engine-facts 1(d): docker/docs#9024 (Windows Server 2016, Docker EE 18.09.7)
        id="server-2016",
    ),
    pytest.param(
        "linux-native",
        {
            "OSType": "linux",
            "OperatingSystem": "Ubuntu 22.04 LTS",
            "KernelVersion": "5.15.0-25-generic",
            "Name": "ip-172-30-0-91.ec2.internal",
        },
        {},
        None,
        # engine-facts 1(g): docker/cli docs/reference/commandline/info.md @186dcf30
        id="ubuntu-cli-docs",
    ),
    pytest.param(
        "rancher-desktop",
        {
            "OSType": "linux",
            "OperatingSystem": "Rancher Desktop WSL Distribution",
            "KernelVersion": "6.6.87.2-microsoft-standard-WSL2",
        },
        {},
        None,
        # engine-facts 1(h): an unattributed public file (weaker source)
        id="rancher-wsl",
    ),
    pytest.param(
        "orbstack",
        {
            "OSType": "linux",
            "OperatingSystem": "Alpine Linux edge (containerized)",
            "KernelVersion": "6.1.23-orbstack-00113-g6614aaccb205-dirty",
        },
        {},
        None,
        # engine-facts 1(h): orbstack/orbstack#1 (2023-04-18)
        id="orbstack-1",
    ),
    pytest.param(
        "podman",
        # engine-facts 1(h): `podman version` prints "Server: Podman Engine"; the docker CLI
        # prints Platform.Name after "Server:" (docker/cli version.go template), so
        # Platform.Name = "Podman Engine" is DERIVED from those two facts. Other values DERIVED.
        {"OSType": "linux", "OperatingSystem": "fedora", "KernelVersion": "6.5.6-300.fc39.x86_64"},
        {"Platform": {"Name": "Podman Engine"}, "Version": "4.7.0"},
        None,
        id="podman-derived",
    ),
    pytest.param(
        "colima",
        # engine-facts 1(h) has no verified Colima docker info ([UNCERTAIN]); the FAQ says Colima
        # uses Ubuntu. Name "colima" and the kernel are DERIVED.
        {
            "OSType": "linux",
            "OperatingSystem": "Ubuntu 24.04 LTS",
            "Name": "colima",
            "KernelVersion": "6.8.0-39-generic",
        },
        {},
        None,
        id="colima-derived",
    ),
]


@pytest.mark.parametrize(("kind", "info", "version", "client_os"), CASES)
def test_detect_kind(kind, info, version, client_os):
    host = detect(info, version, client_os=client_os)
    assert host.kind == kind, host.reasons
    assert host.explanation == KINDS[kind][1] or host.kind == "linux-native"
    assert host.reasons


def test_every_kind_is_covered_by_a_sourced_case():
    covered = {case.values[0] for case in CASES}
    assert covered | {"unknown"} == set(KINDS)


def test_the_seed_container_kernel_alone_names_the_2016_vm():
    # The seed: `uname -a` in the container showed a 4.4.5 kernel; the "-moby" suffix is
    # DERIVED from docker/for-win#254's 4.4.30-moby (engine-facts 1(e)). Only that is known.
    host = detect({"OSType": "linux"}, kernel="Linux 0f3c 4.4.5-moby #1 SMP x86_64 GNU/Linux")
    assert host.kind == "docker-for-windows-2016"
    assert "MobyLinuxVM" in host.explanation


def test_windows_build_is_read_from_the_kernel_string():
    host = detect(
        next(c.values[1] for c in CASES if c.id == "server-2022-cli-docs")
    )  # Windows Server 2022, docker/cli info.md
    assert host.windows_build == 20348


@pytest.mark.parametrize(
    ("info", "version"),
    [
        (None, None),
        ({}, {}),
        ("not a dict", 42),
        ({"OSType": "plan9", "KernelVersion": "4"}, {}),
        (
            {"OSType": "linux", "OperatingSystem": "Docker Desktop", "KernelVersion": "5-linuxkit"},
            {},
        ),
        ({"OSType": "windows"}, {"Components": "garbage"}),
        ({"OSType": None, "KernelVersion": ["x"], "Labels": "nope"}, {"Platform": "x"}),
    ],
)
def test_unknown_strings_give_unknown_with_raw_values(info, version):
    host = detect(info, version)
    assert host.kind == "unknown"
    assert host.explanation == KINDS["unknown"][1]
    if isinstance(info, dict) and info.get("OSType") == "plan9":
        assert host.raw["OSType"] == "plan9"


def test_wsl2_engine_outside_docker_desktop_is_linux_native_with_its_own_explanation():
    # DERIVED case: an engine installed in one's own WSL 2 distribution.
    host = detect(
        {
            "OSType": "linux",
            "OperatingSystem": "Ubuntu 22.04.5 LTS",
            "KernelVersion": "5.15.153.1-microsoft-standard-WSL2",
        }
    )
    assert host.kind == "linux-native"
    assert "WSL 2" in host.explanation
