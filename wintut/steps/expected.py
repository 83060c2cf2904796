"""What each step should give after ``solve`` on a kind of host: the notebooks' closing asserts.

Why each outcome (Linux engines: Docker Desktop's Linux mode, native Linux, Podman, …):

- ``engine``, ``run-ubuntu``, ``find-kernel``: a Linux engine runs ubuntu, and solve runs it.
- ``search-microsoft``: the search reaches Docker Hub, or the offline lab's index that solve
  picks when it answers; either lists microsoft/ images.
- ``iis-failure``: a Linux engine refuses the Windows-only IIS image; that refusal *is* the pass.
- ``windows-engine``: ``fail`` — the engine is Linux; the fail carries the switch guidance.
- ``nanoserver``: ``not-applicable`` — a Windows image cannot run on a Linux engine.
- ``isolation``: ``pass`` — solve predicts by Microsoft's rules (no live run on Linux).

Windows engines (Windows 10/11 in Windows-containers mode, Windows Server) mirror this:
``run-ubuntu``, ``find-kernel`` and ``iis-failure`` are ``not-applicable`` (no Linux
containers), ``windows-engine`` and ``nanoserver`` pass.

Simulated hosts (``wintut simulate``) follow their kind, with one difference: they answer only
what was recorded. ``docker search microsoft`` was recorded on the 2016 hosts (the seed's
listing); what Docker Hub lists today never was (engine-facts.md section 7, [UNCERTAIN]), so on
the other profiles ``search-microsoft`` is ``not-applicable``.
"""

from __future__ import annotations

from wintut.results import Outcome
from wintut.steps import STEP_IDS

WINDOWS_KINDS = ("windows-client-containers", "windows-server")

LINUX_ENGINE: dict[str, Outcome] = {
    "engine": Outcome.PASS,
    "run-ubuntu": Outcome.PASS,
    "find-kernel": Outcome.PASS,
    "search-microsoft": Outcome.PASS,
    "iis-failure": Outcome.PASS,
    "windows-engine": Outcome.FAIL,
    "nanoserver": Outcome.NOT_APPLICABLE,
    "isolation": Outcome.PASS,
}
WINDOWS_ENGINE: dict[str, Outcome] = {
    "engine": Outcome.PASS,
    "run-ubuntu": Outcome.NOT_APPLICABLE,
    "find-kernel": Outcome.NOT_APPLICABLE,
    "search-microsoft": Outcome.PASS,
    "iis-failure": Outcome.NOT_APPLICABLE,
    "windows-engine": Outcome.PASS,
    "nanoserver": Outcome.PASS,
    "isolation": Outcome.PASS,
}
assert tuple(LINUX_ENGINE) == STEP_IDS and tuple(WINDOWS_ENGINE) == STEP_IDS


def expected_outcomes(
    host_kind: str, os_type: str | None = None, simulated: str | None = None
) -> dict[str, Outcome]:
    """Each step's outcome after ``solve`` on an engine of ``host_kind``.

    Args:
        host_kind: a :data:`wintut.hosts.KINDS` id.
        os_type: the engine's ``OSType``; only consulted for ``unknown`` hosts.
        simulated: the profile id when the engine is a simulated host.
    """
    if host_kind in WINDOWS_KINDS or (host_kind == "unknown" and os_type == "windows"):
        expected = dict(WINDOWS_ENGINE)
    else:
        expected = dict(LINUX_ENGINE)
    if simulated:
        from wintut.replay.profiles import load

        if "microsoft" not in load(simulated).search_terms:
            expected["search-microsoft"] = Outcome.NOT_APPLICABLE
    return expected
