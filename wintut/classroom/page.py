"""The room view's HTML page. Every learner-supplied text goes through :func:`html.escape`.

The page reloads itself every ``refresh`` seconds (a ``<meta http-equiv="refresh">``: no script,
nothing for the teacher to press). Each cell shows an icon *and* words; simulated results carry
a dashed border and the word "simulated", real ones the word "real". The words are in the
service's language; learners' names and reasons are shown as they sent them, escaped.
"""

from __future__ import annotations

from html import escape

from wintut.classroom.grid import Cell, Learner, Room, ago
from wintut.i18n import _, language
from wintut.results import Outcome

STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}
table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left}
th{background:#eee}td.pass{background:#e3f4e3}td.fail{background:#fbe9e7}
td.error{background:#fff4d6}td.simulated{border:2px dashed #555}
tr.stuck th{background:#ffd8d2}small{color:#444}.legend{margin:.8rem 0}
"""


def _cell(cell: Cell | None) -> str:
    if cell is None:
        none = escape(_("no result yet"))
        return f'<td class="none" title="{none}">·</td>'
    kind = "simulated" if cell.simulated else "real"
    title = escape(f"{cell.source} · {cell.at.isoformat(timespec='seconds')} · {cell.reason}")
    return (
        f'<td class="{escape(cell.outcome.value)} {kind}" title="{title}" '
        f'data-outcome="{escape(cell.outcome.value)}" data-source="{escape(cell.source)}">'
        f"{escape(cell.words)}</td>"
    )


def _row(room: Room, learner: Learner) -> str:
    stuck = ""
    if learner.stuck_step:
        minutes = learner.stuck_minutes(room.now) or 0
        said = _("! stuck on {step} for {minutes} min").format(
            step=learner.stuck_step, minutes=f"{minutes:.0f}"
        )
        stuck = f"<br><strong>{escape(said)}</strong>"
    sources = escape(", ".join(learner.sources) or _("no results yet"))
    head = (
        f'<th scope="row">{escape(learner.name)}<br><small>{sources}</small>{stuck}</th>'
        f"<td>{escape(ago(room.minutes_since_last(learner)))}</td>"
    )
    cells = "".join(_cell(learner.cells.get(step)) for step in room.steps)
    klass = ' class="stuck"' if learner.stuck_step else ""
    return f'<tr data-learner="{escape(learner.name)}"{klass}>{head}{cells}</tr>'


def _legend() -> str:
    """The key under the summary; the outcome words are :attr:`Outcome.label`, as in the cells."""
    shown = [f"{o.icon} {o.label}" for o in Outcome]
    return (
        " · ".join(shown[:-1])
        + " ·\n"
        + shown[-1]
        + " · "
        + _("<em>(simulated)</em> = a recorded host, dashed border")
        + " ·\n"
        + _("<em>(real)</em> = the learner's own engine")
        + " · "
        + _('"done for them" = Do it for me was used')
    )


def _summary(room: Room, refresh: int) -> str:
    stuck = sum(1 for item in room.learners if item.stuck_step)
    return _(
        "{learners} learners · {stuck} stuck (same step not passing for\n"
        "more than {minutes} min) · {results} results ·\n"
        "updated {time} UTC, refreshes every {seconds} s ·"
    ).format(
        learners=len(room.learners),
        stuck=stuck,
        minutes=f"{room.stuck_minutes:g}",
        results=room.results,
        time=escape(room.now.strftime("%H:%M:%S")),
        seconds=int(refresh),
    )


def room_page(room: Room, *, refresh: int = 10, csv_href: str = "room.csv") -> str:
    """The whole page."""
    header = "".join(f'<th scope="col">{escape(step)}</th>' for step in room.steps)
    nobody = escape(_("No learner has sent a result yet."))
    rows = "".join(_row(room, learner) for learner in room.learners) or (
        f'<tr><td colspan="{len(room.steps) + 2}">{nobody}</td></tr>'
    )
    lang = escape(language().replace("_", "-"))
    # Babel reads no _() inside an f-string: every word is looked up here, then placed.
    title, heading = escape(_("wintut class: room view")), escape(_("Room view"))
    download, learner, last = (
        escape(_("Download CSV")),
        escape(_("learner")),
        escape(_("last result")),
    )
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{int(refresh)}">
<title>{title}</title><style>{STYLE}</style></head>
<body><h1>{heading}</h1>
<p id="summary">{_summary(room, refresh)}
<a href="{escape(csv_href)}" download>{download}</a></p>
<p class="legend">{_legend()}</p>
<table id="room"><thead><tr><th scope="col">{learner}</th><th scope="col">{last}</th>
{header}</tr></thead><tbody>{rows}</tbody></table></body></html>"""
