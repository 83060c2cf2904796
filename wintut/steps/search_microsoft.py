"""Step ``search-microsoft``: ``docker search microsoft``, and which results are Windows images.

A name says little: ``microsoft/dotnet`` had Linux and Windows variants. What decides is the
platform list in the image's manifest list (engine-facts.md section 4), so the check asks the
registry (through the engine's ``/distribution`` endpoint) for each Microsoft result. Where the
registry cannot be reached it says "unknown", never a guess.

The term may name an index, as the offline lab's does (``127.0.0.1:5381/microsoft``); the
engine's search goes to that index instead of Docker Hub.
"""

from __future__ import annotations

from typing import Any

from wintut import images
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Step
from wintut.steps.common import LAB_INDEX, port_answers, repository_of

MAX_PLATFORM_LOOKUPS = 8
"""Bound on registry look-ups per check (each is one bounded engine call)."""


def is_microsoft(name: str) -> bool:
    """``microsoft/iis``, ``127.0.0.1:5381/microsoft/iis``, ``mcr.microsoft.com/…``."""
    if name.startswith("mcr.microsoft.com/"):
        return True
    return repository_of(name).split("/", 1)[0].lower() == "microsoft"


def kind_of(platforms: list[dict[str, Any]]) -> str:
    """``windows``, ``linux``, ``linux and windows`` from a platform list."""
    systems = sorted({str(p.get("os", "?")).lower() for p in platforms})
    return " and ".join(systems) if systems else "no platforms listed"


class SearchMicrosoft(Step):
    id = "search-microsoft"
    title = "Search for Microsoft's images"
    notebook = "03-search-microsoft"
    answer_prompt = (
        "The search term you gave `docker search` (e.g. microsoft, or 127.0.0.1:5381/microsoft "
        "with the offline lab):"
    )

    def check(self, engine: Engine | None = None, answer: str | None = None) -> CheckResult:
        engine = self.engine(engine)
        term = (answer or "").strip()
        if not term:
            return self.result(
                Outcome.NOT_ATTEMPTED,
                "No search term given yet.",
                fix="Run `docker search microsoft` in a terminal and type the term you used.",
            )
        try:
            results = engine.search(term)
        except EngineError as exc:
            result = self.engine_error(exc)
            lab = LAB_INDEX if "/" not in term and port_answers(LAB_INDEX) else None
            fix = (
                f"Search the offline lab's index instead: `docker search {LAB_INDEX}/{term}`."
                if lab
                else result.fix + " Offline? Start the lab (`wintut lab up`) and search "
                f"`{LAB_INDEX}/{term}`."
            )
            return self.result(
                Outcome.ERROR,
                f"The engine could not search for “{term}”: {exc.problem.message}",
                evidence={"term": term, "daemon": exc.problem.detail},
                fix=fix,
                problem=exc.problem,
            )
        names = [str(r.get("name", "")) for r in results]
        microsoft = [n for n in names if is_microsoft(n)]
        evidence: dict[str, Any] = {
            "term": term,
            "results": len(names),
            "Microsoft images": microsoft,
        }
        if not names:
            return self.result(
                Outcome.FAIL,
                f"“{term}” found no images.",
                evidence=evidence,
                fix="Search for `microsoft`.",
            )
        if not microsoft:
            return self.result(
                Outcome.FAIL,
                f"“{term}” found {len(names)} images, none of them Microsoft's "
                "(their names start with microsoft/).",
                evidence=evidence,
                fix="Search for `microsoft`.",
            )
        evidence["which are Windows images (from their platforms)"] = self._platforms(
            engine, microsoft
        )
        if len(microsoft) > MAX_PLATFORM_LOOKUPS:
            evidence["platforms not looked up"] = (
                f"{len(microsoft) - MAX_PLATFORM_LOOKUPS} more (only the first "
                f"{MAX_PLATFORM_LOOKUPS} are, to keep the check quick)"
            )
        if term.split("/", 1)[0] == LAB_INDEX:
            evidence["index"] = (
                f"the offline lab's index at {LAB_INDEX}: a recording of the 2016 listing, "
                "not Docker Hub today"
            )
        return self.result(
            Outcome.PASS,
            f"“{term}” found {len(microsoft)} Microsoft images among {len(names)} results.",
            evidence=evidence,
        )

    def _platforms(self, engine: Engine, names: list[str]) -> dict[str, str]:
        """Name -> what its manifest list says (or why we cannot tell)."""
        found: dict[str, str] = {}
        unreachable = False
        for name in names[:MAX_PLATFORM_LOOKUPS]:
            if unreachable:
                found[name] = "unknown (registry not reachable)"
                continue
            ref = images.resolve(name.split(f"{LAB_INDEX}/", 1)[-1])
            try:
                platforms = images.platforms(ref, engine)
            except EngineError as exc:
                detail = exc.problem.detail.lower()
                if "not found" in detail or "manifest unknown" in detail:
                    found[name] = f"unknown (the registry has no {ref})"
                else:
                    # One registry serves them all: don't wait on it again for each name.
                    unreachable = True
                    found[name] = "unknown (registry not reachable)"
                continue
            listed = ", ".join(images.platform_string(p) for p in platforms)
            verdict = "Windows image" if kind_of(platforms) == "windows" else kind_of(platforms)
            found[name] = f"{verdict} ({listed or 'no platforms listed'}; read from {ref})"
        return found

    def solve(
        self, engine: Engine | None = None, progress: ProgressCallback | None = None
    ) -> CheckResult:
        term = f"{LAB_INDEX}/microsoft" if port_answers(LAB_INDEX) else "microsoft"
        return self.check(engine, answer=term)
