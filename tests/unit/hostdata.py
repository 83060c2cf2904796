"""Recorded /info and /version fields of real hosts, for faking engines in step tests.

Each comes from shared/reference/engine-facts.md (the source is named on each); fields the
source did not show are left out.
"""

from __future__ import annotations

# engine-facts.md 1(d): docker/cli docs/reference/commandline/info.md @186dcf30, Windows Server
WINDOWS_SERVER_2022_INFO = {
    "OSType": "windows",
    "OperatingSystem": "Microsoft Windows Server Version 21H2 (OS Build 20348.707)",
    "KernelVersion": "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)",
    "Isolation": "process",
    "Architecture": "x86_64",
    "ServerVersion": "20.10.16",
    "Name": "WIN-V0V70C0LU5P",
}
WINDOWS_SERVER_2022_VERSION = {
    "Version": "20.10.16",
    "ApiVersion": "1.41",
    "Os": "windows",
    "Arch": "amd64",
    "KernelVersion": "10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)",
}

# engine-facts.md 1(c): moby/moby#38306, Windows 10 1809 in Windows-containers mode
WINDOWS_10_1809_INFO = {
    "OSType": "windows",
    "OperatingSystem": "Windows 10 Enterprise Version 1809 (OS Build 17763.107)",
    "KernelVersion": "10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)",
    "Isolation": "hyperv",
    "Architecture": "x86_64",
}
WINDOWS_10_1809_VERSION = {
    "Version": "18.09.0",
    "ApiVersion": "1.39",
    "Os": "windows",
    "Arch": "amd64",
    "KernelVersion": "10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)",
}

# engine-facts.md 1(a): hamitmizrak/workshop-docker Docker_Tutorials.md, Docker Desktop WSL 2
DESKTOP_WSL2_INFO = {
    "OSType": "linux",
    "OperatingSystem": "Docker Desktop",
    "KernelVersion": "5.15.153.1-microsoft-standard-WSL2",
    "Name": "docker-desktop",
    "Architecture": "x86_64",
    "ServerVersion": "20.10.21",
}
DESKTOP_WSL2_VERSION = {
    "Version": "20.10.21",
    "ApiVersion": "1.41",
    "Os": "linux",
    "Arch": "amd64",
    "KernelVersion": "5.15.153.1-microsoft-standard-WSL2",
}

# engine-facts.md 1(f): cygnu7/belajar-docker docker-cheatsheet.sh, Docker Desktop for Mac
DESKTOP_MAC_INFO = {
    "OSType": "linux",
    "OperatingSystem": "Docker Desktop",
    "KernelVersion": "5.10.104-linuxkit",
    "Name": "docker-desktop",
    "Architecture": "x86_64",
    # [DERIVED] label shape from 1(a)'s npipe example; a unix socket means macOS
    "Labels": ["com.docker.desktop.address=unix:///Users/x/docker-cli.sock"],
}

# engine-facts.md 3.1: the daemon's words (moby pull_v2.go noMatchesErr; iis-docker#165)
NO_MATCH_LINUX = "no matching manifest for linux/amd64 in the manifest list entries"

# engine-facts.md 4: microsoft/iis-docker#147 (2019-02-19), the IIS image's platforms then
IIS_PLATFORMS = [
    {"architecture": "amd64", "os": "windows", "os.version": "10.0.14393.2791"},
    {"architecture": "amd64", "os": "windows", "os.version": "10.0.16299.904"},
    {"architecture": "amd64", "os": "windows", "os.version": "10.0.17134.590"},
    {"architecture": "amd64", "os": "windows", "os.version": "10.0.17763.316"},
]
