"""The room view's HTML page. Every learner-supplied text goes through :func:`html.escape`.

The page reloads itself every ``refresh`` seconds (a ``<meta http-equiv="refresh">``: no script,
nothing for the teacher to press). Each cell shows an icon *and* words; simulated results carry
a dashed border and the word "simulated", real ones the word "real".
"""

from __future__ import annotations

from html import escape

from wintut.classroom.grid import Cell, Learner, Room, ago

STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}
table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left}
th{background:#eee}td.pass{background:#e3f4e3}td.fail{background:#fbe9e7}
td.error{background:#fff4d6}td.simulated{border:2px dashed #555}
tr.stuck th{background:#ffd8d2}small{color:#444}.legend{margin:.8rem 0}
"""


def _cell(cell: Cell | None) -> str:
    if cell is None:
        return '<td class="none" title="no result yet">·</td>'
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
        stuck = (
            f"<br><strong>! stuck on {escape(learner.stuck_step)} for {minutes:.0f} min</strong>"
        )
    sources = escape(", ".join(learner.sources) or "no results yet")
    head = (
        f'<th scope="row">{escape(learner.name)}<br><small>{sources}</small>{stuck}</th>'
        f"<td>{escape(ago(room.minutes_since_last(learner)))}</td>"
    )
    cells = "".join(_cell(learner.cells.get(step)) for step in room.steps)
    klass = ' class="stuck"' if learner.stuck_step else ""
    return f'<tr data-learner="{escape(learner.name)}"{klass}>{head}{cells}</tr>'


def room_page(room: Room, *, refresh: int = 10, csv_href: str = "room.csv") -> str:
    """The whole page."""
    stuck = sum(1 for item in room.learners if item.stuck_step)
    header = "".join(f'<th scope="col">{escape(step)}</th>' for step in room.steps)
    rows = "".join(_row(room, learner) for learner in room.learners) or (
        f'<tr><td colspan="{len(room.steps) + 2}">No learner has sent a result yet.</td></tr>'
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{int(refresh)}">
<title>wintut class: room view</title><style>{STYLE}</style></head>
<body><h1>Room view</h1>
<p id="summary">{len(room.learners)} learners · {stuck} stuck (same step not passing for
more than {room.stuck_minutes:g} min) · {room.results} results ·
updated {escape(room.now.strftime("%H:%M:%S"))} UTC, refreshes every {int(refresh)} s ·
<a href="{escape(csv_href)}" download>Download CSV</a></p>
<p class="legend">✔ Passed · ✖ Not yet · ⚠ Could not check · ○ Not attempted ·
– Does not apply here · <em>(simulated)</em> = a recorded host, dashed border ·
<em>(real)</em> = the learner's own engine · "done for them" = Do it for me was used</p>
<table id="room"><thead><tr><th scope="col">learner</th><th scope="col">last result</th>
{header}</tr></thead><tbody>{rows}</tbody></table></body></html>"""
