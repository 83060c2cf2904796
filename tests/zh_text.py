"""English left in Chinese text: what the zh-CN tests look for.

What may stay English is stripped first: `code spans` and fenced code, “quoted words” (the
daemon's and engine's own, kept verbatim so learners can search for them), URLs, paths, image
references, version numbers, and the names Chinese documentation keeps in English. What is left
must hold no run of two or more English words.
"""

from __future__ import annotations

import re

KEPT_NAMES = (
    "Docker Desktop for Windows",
    "Docker Desktop for Mac",
    "Docker for Windows",
    "Docker Desktop",
    "Docker Engine",
    "Docker Hub",
    "Docker",
    "Hyper-V Manager",
    "Hyper-V",
    "WSL 2",
    "WSL",
    "Windows Server",
    "Windows 10",
    "Windows 11",
    "Windows",
    "Linux",
    "Ubuntu",
    "Nano Server",
    "Server Core",
    "IIS",
    "PowerShell",
    "JupyterLab",
    "JupyterHub",
    "Jupyter",
    "LinuxKit",
    "MobyLinuxVM",
    "DockerDesktopVM",
    "Microsoft",
    "MCR",
    "Registry",
    "LTSC",
    "VM",
    "macOS",
    "Mac",
    "Arm",
    "Python",
    "GitHub",
    "Binder",
    "Rancher Desktop",
    "OrbStack",
    "Podman",
    "Colima",
    "Lima",
    "docker-py",
    "Kata Containers",
    "manifest list",  # the glossary keeps both in English: engine errors use them
    "manifest",
    "Shift+Enter",
    "Ctrl+C",
)

_STRIP = [
    re.compile(r"```.*?```", re.S),
    re.compile(r"`[^`]*`"),
    re.compile(r"“[^”]*”"),
    re.compile(r'"[^"]*"'),
    re.compile(r"https?://\S+"),
    re.compile(r"\b[\w.-]+(?:/[\w.:@-]+)+"),  # paths and image references
    re.compile(r"<[^>]+>"),  # HTML tags of a rendered widget
    re.compile(r"&\w+;"),
]
_WORD_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*)+")


def english_runs(text: str) -> list[str]:
    """The runs of two or more English words left in ``text`` once what may stay is removed."""
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    for name in sorted(KEPT_NAMES, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
    return _WORD_RUN.findall(text)


def has_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None
