"""The course progress: a bar and a table, one line per step and engine, with a text twin; and
below it the knowledge checks' scores, which are not steps (they never count as done)."""

from __future__ import annotations

from dataclasses import dataclass

from wintut.columns import after, pad
from wintut.i18n import _
from wintut.views.common import View, badge_html, esc


@dataclass(frozen=True)
class Line:
    """One line of the progress table (the session and the store decide what it says)."""

    step: str
    title: str
    icon: str
    label: str
    """``Passed``, ``Solved for you``, ``Not yet``, … (the best outcome so far)."""
    where: str
    """``your engine``, ``⚠ simulated: PROFILE`` or ``recorded by an earlier wintut``."""
    latest: str = ""
    """The latest attempt, when it differs from the best."""


@dataclass(frozen=True)
class QuizLine:
    """One knowledge check's score on one engine."""

    name: str
    right: int
    total: int
    best: int
    where: str

    @property
    def words(self) -> str:
        if self.best != self.right:
            return _("{right} of {total} right (best {best} of {total})").format(
                right=self.right, total=self.total, best=self.best
            )
        return _("{right} of {total} right").format(right=self.right, total=self.total)


def progress_text(
    lines: list[Line],
    done: int,
    total: int,
    mark: str = "",
    checks: list[QuizLine] | None = None,
) -> str:
    """The progress as a text table: icon and words on every line."""
    heading = _("Course progress: {done} of {total} steps done").format(done=done, total=total)
    out = [heading + (f"   [{mark}]" if mark else "")]
    for line in lines:
        latest = after(_("(latest: {latest})").format(latest=line.latest)) if line.latest else ""
        label, where = pad(line.label, 20), pad(line.where, 28)
        out.append(f"  {line.icon} {line.step:<18} {label} {where} {line.title}{latest}")
    if checks:
        out.append(_("Knowledge checks (not steps):"))
        out += [f"  ? {c.name:<22} {pad(c.words, 26)} {c.where}" for c in checks]
    return "\n".join(out)


def progress_view(
    lines: list[Line],
    done: int,
    total: int,
    mark: str = "",
    checks: list[QuizLine] | None = None,
) -> View:
    """A progress bar over ``done`` of ``total`` steps and the table of ``lines``."""
    import ipywidgets as w

    bar = w.IntProgress(
        value=done,
        min=0,
        max=max(total, 1),
        description=_("{done}/{total} steps").format(done=done, total=total),
    )
    pad = "style='padding:0 0.6em'"
    rows = "".join(
        f"<tr><td>{esc(line.icon)}</td><td {pad}><code>{esc(line.step)}</code></td>"
        f"<td {pad}>{esc(line.label)}</td><td {pad}>{esc(line.where)}</td>"
        f"<td {pad}>{esc(line.title)}"
        + (
            "<small>" + esc(after(_("(latest: {latest})").format(latest=line.latest))) + "</small>"
            if line.latest
            else ""
        )
        + "</td></tr>"
        for line in lines
    )
    quiz_rows = "".join(
        f"<tr><td>?</td><td {pad}><code>{esc(c.name)}</code></td><td {pad}>{esc(c.words)}</td>"
        f"<td {pad}>{esc(c.where)}</td></tr>"
        for c in checks or []
    )
    quizzes = (
        "<b>" + esc(_("Knowledge checks")) + "</b> <small>" + esc(_("(not steps)")) + "</small>"
        f"<table>{quiz_rows}</table>"
        if quiz_rows
        else ""
    )
    heading = esc(_("Course progress"))
    body = w.HTML(f"<b>{heading}</b>{badge_html(mark)}<table>{rows}</table>{quizzes}")
    return View(w.VBox([bar, body]), lambda: progress_text(lines, done, total, mark, checks))
