"""One step result as the class service stores it: the record both sides agree on.

``{"step", "outcome", "reason", "at", "source", "solved"}``: ``source`` is ``"real"`` or
``"simulated:PROFILE"``, taken from the engine the check ran on; ``solved`` says "Do it for me"
was used. :func:`validate` is what the service applies to what arrives.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from wintut.results import Outcome

if TYPE_CHECKING:
    from wintut.results import CheckResult

OUTCOMES = frozenset(o.value for o in Outcome)
STEP_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
SOURCE_PATTERN = re.compile(r"^(real|simulated:[A-Za-z0-9._-]{1,80})$")
MAX_REASON = 2000


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def record_of(result: CheckResult, source: str) -> dict:
    """The class record of ``result``, checked on ``source`` (:func:`wintut.store.source_of`)."""
    return {
        "step": result.step,
        "outcome": result.outcome.value,
        "reason": result.reason,
        "at": now(),
        "source": source,
        "solved": bool(result.solved),
    }


class BadRecord(ValueError):
    """What arrived is not a class record; the message says which field."""


def parse_at(value: Any) -> datetime:
    if not isinstance(value, str):
        raise BadRecord("“at” must be an ISO-8601 time")
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadRecord("“at” must be an ISO-8601 time") from None
    if at.tzinfo is None:
        raise BadRecord("“at” must carry its time zone (UTC)")
    return at.astimezone(timezone.utc)


def validate(data: Any) -> dict[str, Any]:
    """The record in ``data``, checked and normalised.

    Raises:
        BadRecord: a field is missing or wrong.
    """
    if not isinstance(data, dict):
        raise BadRecord("the body must be a JSON object")
    step = data.get("step")
    if not isinstance(step, str) or not STEP_PATTERN.match(step):
        raise BadRecord("“step” must be a step id such as run-ubuntu")
    if data.get("outcome") not in OUTCOMES:
        raise BadRecord(f"“outcome” must be one of {', '.join(sorted(OUTCOMES))}")
    reason = data.get("reason", "")
    if not isinstance(reason, str):
        raise BadRecord("“reason” must be text")
    source = data.get("source")
    if not isinstance(source, str) or not SOURCE_PATTERN.match(source):
        raise BadRecord("“source” must be real or simulated:PROFILE")
    solved = data.get("solved", False)
    if not isinstance(solved, bool):
        raise BadRecord("“solved” must be true or false")
    record_id = data.get("id")
    if record_id is not None and (not isinstance(record_id, str) or len(record_id) > 64):
        raise BadRecord("“id” must be short text")
    return {
        "id": record_id,
        "step": step,
        "outcome": data["outcome"],
        "reason": reason[:MAX_REASON],
        "at": parse_at(data.get("at")),
        "source": source,
        "solved": solved,
    }
