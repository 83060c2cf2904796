"""The Chinese edition of what the learner sees around the steps: the widgets, the results'
rendering, the doctor, the progress table, predictions, knowledge checks and the host diagram.

Each test builds the real view over the one Engine API fake in Chinese, reads what a learner
reads (widget labels, tooltips, placeholders, HTML text, the text twins) and asserts Chinese is
there and no run of English words is left (``tests/zh_text``). Words other modules translate
(a step's title and reasons, a host kind's description, the engine's problems, recorded
sources) are removed first with :func:`without`: their own zh tests check them.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from typing import Any

import pytest

from tests.engine_fake import FakeEngineAPI, linux_engine
from tests.zh_text import english_runs, has_chinese
from wintut import course, i18n
from wintut.assets import asset_path, files_in, stem
from wintut.course_answers import translated
from wintut.errors import Problem
from wintut.hosts import detect
from wintut.readiness import diagnose
from wintut.results import CheckResult, Outcome
from wintut.selftest import Row, table_text
from wintut.steps.base import Step
from wintut.views.progress import Line, QuizLine, progress_text, progress_view
from wintut.views.step import StepView

pytest.importorskip("ipywidgets")

READINESS_CODES = {
    "widgets-missing",
    "widget-extension-mismatch",
    "engine-windows-mode",
    "pywin32-missing",
    "lab-mirror-missing",
    "simulated-host-available",
}
"""The problems the doctor itself words (the rest come from the engine side)."""


@pytest.fixture
def zh(monkeypatch):
    """Chinese for this test: set now, and chosen again by any session the test makes."""
    monkeypatch.setenv("WINTUT_LANG", "zh_CN")
    i18n.set_language("zh_CN")
    try:
        yield
    finally:
        i18n.set_language("en")


@pytest.fixture
def on_engine(wintut_home):
    from wintut.session import current

    return lambda engine: current().point_at(engine) or engine


def widget_texts(widget: Any) -> list[str]:
    """Every string a learner can read on ``widget`` and its children."""
    found: list[str] = []
    for name in ("description", "tooltip", "placeholder", "label"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            found.append(value)
    value = getattr(widget, "value", None)
    if isinstance(value, str) and type(widget).__name__ in ("HTML", "LiveHTML"):
        found.append(value)
    labels = getattr(widget, "_options_labels", None)
    if labels is None and type(widget).__name__ == "RadioGroup":
        labels = widget.options
    found += [str(label) for label in labels or ()]
    for child in getattr(widget, "children", ()):
        found += widget_texts(child)
    return found


def page_text(widget: Any) -> str:
    return "\n".join(widget_texts(widget))


def without(text: str, *others: object) -> str:
    """``text`` without the words other modules give it (each checked by its own zh tests)."""
    text = readable(text)
    for other in sorted((str(o) for o in others if o), key=len, reverse=True):
        text = text.replace(other, " ")
    return text


def readable(text: str) -> str:
    """HTML as the learner reads it: ``<code>`` back to a code span, entities unescaped."""
    return html.unescape(re.sub(r"<code>(.*?)</code>", r"`\1`", text, flags=re.S))


def assert_chinese(text: str) -> None:
    text = readable(text)
    assert has_chinese(text), text[:500]
    assert english_runs(text) == [], text[:2000]


class Zhong(Step):
    """A step whose own words are Chinese already, so only the frame around it is under test."""

    id = "zh-echo"
    title = "说“是”"
    notebook = "99-test"
    answer_prompt = "输入 `yes`"

    def check(self, engine=None, answer=None):
        if answer == "yes":
            return self.result(Outcome.PASS, "你说了 yes。", evidence={"answer": answer})
        return self.result(
            Outcome.FAIL, "你没说 yes。", evidence={"answer": answer}, fix="输入 `yes`。"
        )

    def solve(self, engine=None, progress=None):
        return self.check(engine, "yes")

    def hints(self):
        return ["想想提示。", "再具体一点。", "输入 **yes**。"]


def test_outcome_labels_are_chinese_and_codes_stay_english(zh):
    labels = {o: o.label for o in Outcome}
    assert labels[Outcome.PASS] == "已通过" and labels[Outcome.FAIL] == "还没通过"
    assert labels[Outcome.ERROR] == "无法检查" and labels[Outcome.NOT_ATTEMPTED] == "尚未尝试"
    assert labels[Outcome.NOT_APPLICABLE] == "此处不适用"
    result = CheckResult("zh-echo", Outcome.PASS, "你说了 yes。", solved=True)
    assert result.label == "已替你完成"
    assert json.loads(result.to_json())["outcome"] == "pass"  # the code, never the label


def test_a_check_result_renders_in_chinese_with_its_icon(zh):
    problem = Problem("engine-not-running", "连不上引擎。", "启动 Docker。", detail="x" * 2100)
    result = CheckResult(
        "find-kernel",
        Outcome.ERROR,
        "引擎没有响应。",
        evidence={"kernel": "6.1.0-test"},
        fix="先运行 `wintut doctor`。",
        problem=problem,
    )
    text, page = str(result), result._repr_html_()
    assert text.startswith("⚠ find-kernel：无法检查：引擎没有响应。")
    assert "下一步：先运行 `wintut doctor`。" in text
    assert "引擎的原话：" in text and "还有 " in text and "个字符未显示" in text
    assert "⚠ 无法检查" in page and "<code>wintut doctor</code>" in page
    assert "详情（检查读到了什么）" in page
    for shown in (text, page):
        assert_chinese(shown)


def test_the_step_widget_speaks_chinese_before_and_after_a_check(zh):
    step = Zhong()
    engine = linux_engine()
    view = StepView(
        step,
        check=lambda answer: step.check(engine, answer),
        solve=lambda progress: replace(step.solve(engine, progress), solved=True),
        mark="模拟主机：docker-desktop-wsl2",
        switch_back=lambda: None,
    )
    assert view.check_button.description == "检查"
    assert view.solve_button.description == "替我完成"
    assert view.hint_button.description == "提示 1/3"
    before = page_text(view.widget) + "\n" + view.text()
    assert "还没检查" in before and "步骤：说“是”" in before
    assert_chinese(before)

    for _tier in step.hints():
        view.next_hint()
    assert view.hint_button.description == "没有更多提示了"
    view.answer.value = "no"
    view.check_button.click()
    view.join()
    assert view.result is not None and view.result.outcome is Outcome.FAIL
    view.solve_button.click()
    view.join()
    assert view.result.label == "已替你完成"
    view.switch_button.click()
    after = page_text(view.widget) + "\n" + view.text()
    assert "已替你完成" in after and "课程现在用的是你自己的引擎" in after
    assert_chinese(after)


def test_a_real_step_widget_frames_its_step_in_chinese(zh, on_engine):
    from wintut import steps

    on_engine(linux_engine())
    view = course.step("find-kernel")
    the_step = steps.get("find-kernel")
    own = [i18n._(the_step.title), i18n._(the_step.answer_prompt or ""), *the_step.hints()]
    own += [line for text in own for line in text.split("\n\n")]
    shown = page_text(view.widget) + "\n" + view.text()
    assert "检查" in shown and "替我完成" in shown
    assert_chinese(without(shown, *own))


@pytest.mark.parametrize("reachable", [True, False])
def test_the_doctor_reports_in_chinese(zh, tmp_path, reachable):
    from wintut.engine import Engine
    from wintut.views.doctor import doctor_view

    engine = linux_engine() if reachable else Engine(f"unix://{tmp_path}/none.sock")
    report = diagnose(engine)
    foreign = [p.message for p in report.problems if p.code not in READINESS_CODES]
    foreign += [p.fix for p in report.problems if p.code not in READINESS_CODES]
    foreign += [p.detail for p in report.problems]
    foreign += [report.status.endpoint, report.status.info.get("OperatingSystem")]
    if report.host is not None:
        foreign += [report.host.title, report.host.explanation]
    text = str(report)
    assert ("✔ 可以开始上课了。" if report.ready else "✖ 还没准备好：见上文。") in text
    assert_chinese(without(text, *foreign))

    view = doctor_view(lambda: diagnose(engine), [("a: 录制的主机", "a")], on_simulate=print)
    page = page_text(view.widget)
    assert "重新检查" in page
    if not reachable:
        assert "这里没有引擎？" in page and "在这台模拟主机上学习课程" in page
    assert_chinese(without(page, *foreign))


def test_the_doctor_on_a_simulated_host_says_so_in_chinese(zh, wintut_home):
    from wintut.session import current
    from wintut.views.doctor import doctor_html

    engine = FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022")
    report = current().diagnose(engine)
    assert report.simulated
    foreign: list[Any] = [*report.simulated["sources"].values(), report.simulated["all_sources"]]
    foreign += [report.simulated["title"], report.status.info.get("OperatingSystem")]
    foreign += [report.status.endpoint]
    foreign += [p.message for p in report.problems if p.code not in READINESS_CODES]
    foreign += [p.fix for p in report.problems if p.code not in READINESS_CODES]
    if report.host is not None:
        foreign += [report.host.title, report.host.explanation]
    for shown in (str(report), doctor_html(report)):
        assert "模拟主机：windows-server-2022" in shown
        assert_chinese(without(shown, *foreign))


def test_the_progress_table_and_its_quiz_scores_are_chinese(zh, on_engine):
    lines = [
        Line("run-ubuntu", "运行 Ubuntu 容器", "✔", Outcome.PASS.label, "你的引擎"),
        Line("find-kernel", "这是谁的内核？", "✖", Outcome.FAIL.label, "你的引擎", "已通过"),
    ]
    checks = [QuizLine("02-whose-kernel", 1, 3, 2, "你的引擎")]
    text = progress_text(lines, 1, 11, "模拟主机：x", checks)
    assert text.startswith("课程进度：共 11 步，已完成 1 步")
    assert "3 题答对 1 题（最好成绩 2/3）" in text and "（最近一次：已通过）" in text
    view = progress_view(lines, 1, 11, checks=checks)
    for shown in (text, page_text(view.widget)):
        assert_chinese(shown)

    from wintut import steps

    on_engine(linux_engine())
    real = course.progress()
    titles = [i18n._(s.title) for s in steps.all_steps()]
    shown = str(real) + "\n" + page_text(real.widget)
    assert "还没检查" in shown and "你的引擎" in shown
    assert_chinese(without(shown, *titles))


def _english(kind: str) -> list[str]:
    return [stem(p) for p in files_in(asset_path(kind), ".json")]


def _all_text(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [
            t
            for k, v in data.items()
            if k in ("question", "why", "options", "text")
            for t in _all_text(v)
        ]
    if isinstance(data, list):
        return [t for item in data for t in _all_text(item)]
    return [data] if isinstance(data, str) else []


def _chinese_or_verbatim(text: str) -> bool:
    """Chinese, or wholly the engine's own words in a code span (kept verbatim)."""
    return has_chinese(text) or re.fullmatch(r"`[^`]+`", text) is not None


@pytest.mark.parametrize("name", _english("quiz"))
def test_each_quiz_has_chinese_words_of_the_same_shape(name):
    english = json.loads(asset_path("quiz", f"{name}.json").read_text(encoding="utf-8"))
    words = json.loads(asset_path("quiz", "zh_CN", f"{name}.json").read_text(encoding="utf-8"))
    assert len(words) == len(english)
    for q, w in zip(english, words, strict=True):
        assert set(w) == {"question", "options", "why"}  # words only: the key stays English
        assert len(w["options"]) == len(q["options"]) == len(set(w["options"]))
    for text in _all_text(words):
        assert _chinese_or_verbatim(text) and english_runs(text) == [], text
    merged = translated("quiz", name, "zh_CN")
    assert [q["answer"] for q in merged] == [q["answer"] for q in english]
    assert translated("quiz", name, "en") == english


@pytest.mark.parametrize("name", _english("predictions"))
def test_each_prediction_has_chinese_words_for_the_same_options(name):
    english = json.loads(asset_path("predictions", f"{name}.json").read_text(encoding="utf-8"))
    path = asset_path("predictions", "zh_CN", f"{name}.json")
    words = json.loads(path.read_text(encoding="utf-8"))
    assert [o["id"] for o in words["options"]] == [o["id"] for o in english["options"]]
    for text in _all_text(words):
        assert has_chinese(text) and english_runs(text) == [], text
    merged = translated("predictions", name, "zh_CN")
    assert [o["id"] for o in merged["options"]] == [o["id"] for o in english["options"]]
    assert translated("predictions", name, "en") == english


@pytest.mark.parametrize("name", _english("quiz"))
def test_a_knowledge_check_is_asked_and_graded_in_chinese(zh, on_engine, name):
    on_engine(linux_engine())
    quiz = course.quiz(name)
    quiz.choices[0].value = quiz.questions[0]["options"][quiz.questions[0]["answer"]]
    quiz.button.click()
    assert quiz.button.description == "核对答案" and "✔ 答对了" in quiz.feedback.value
    assert "已记入你的进度" in quiz.feedback.value
    answered = quiz.answer(*[1] * len(quiz.questions))
    for shown in (page_text(quiz.widget), quiz.text(), answered):
        assert_chinese(shown)


@pytest.mark.parametrize("name", _english("predictions"))
def test_a_prediction_is_kept_and_compared_in_chinese(zh, on_engine, name):
    from wintut.findings import FINDINGS

    engine = on_engine(linux_engine())
    view = course.predict(name)
    assert view.button.description == "保存我的预测"
    assert view.choose(99) == f"○ 请选 1 到 {len(view.options)} 之间的一个编号。"
    kept = view.choose(1)
    assert kept.startswith("✔ 已记下：")
    finding = FINDINGS[name](engine)
    compared = str(course.predicted(name))
    assert compared.startswith("你的预测：")
    for shown in (page_text(view.widget), view.text(), without(compared, finding.shown)):
        assert_chinese(shown)


def test_the_isolation_grid_is_labelled_in_chinese_and_answers_with_the_codes(zh, on_engine):
    from wintut.steps.isolation import GRID

    on_engine(linux_engine())
    grid = course.isolation_grid()
    assert grid.toggles[0].description == "情形 1"
    assert grid.toggles[0]._options_labels == ("能启动", "启动失败")
    grid.toggles[0].value = "fails"
    assert grid.marks() == "fails"  # the answer keeps the step's own words
    cases = [str(case) for case in GRID]
    for shown in (page_text(grid.widget), grid.text()):
        assert_chinese(without(shown, *cases))


def test_the_host_diagram_is_drawn_in_chinese(zh):
    from wintut.diagram import host_svg

    kinds = ("docker-desktop-wsl2", "windows-server-2022")
    for profile in kinds:
        fake = FakeEngineAPI(profile)
        host = detect(fake.engine().info(), fake.engine().version(), client_os="windows")
        svg = host_svg(host, "模拟主机：" + profile)
        if svg is None:
            continue
        words = " ".join(re.findall(r">([^<]+)<", svg))
        assert "你的容器用的" in words
        kernel = str(host.raw.get("KernelVersion") or "")
        assert_chinese(without(words, host.title, host.explanation, kernel))
    linux = detect(linux_engine().info(), linux_engine().version(), client_os="linux")
    svg = host_svg(linux)
    assert svg is not None and "硬件（你的电脑）" in svg


def test_the_layers_diagram_has_a_chinese_twin_with_the_same_drawing():
    english = asset_path("diagrams", "layers.svg").read_text(encoding="utf-8")
    chinese = course.diagram_path("layers", "zh_CN").read_text(encoding="utf-8")
    assert course.diagram_path("layers", "en").read_text(encoding="utf-8") == english
    tag = re.compile(r"<(?!/)(\w+)")
    assert tag.findall(chinese) == tag.findall(english)  # same shapes, only the words differ
    texts = re.findall(r"<(?:text|title|desc)[^>]*>([^<]+)<", chinese)
    assert texts and all(english_runs(t) == [] for t in texts), texts
    assert has_chinese(" ".join(texts))


def test_the_selftest_and_the_looks_speak_chinese(zh, on_engine, monkeypatch):
    from wintut.course_looks import kernel_report

    monkeypatch.delenv("WINTUT_SELFTEST", raising=False)  # as a learner runs the closing cell
    note = course.selftest(["run-ubuntu"])
    assert_chinese(str(note))
    result = CheckResult("run-ubuntu", Outcome.PASS, "通过了。")
    table = table_text("linux 引擎", [Row("run-ubuntu", Outcome.PASS, result)])
    assert "pass            pass" in table  # the codes a maintainer compares stay English
    assert_chinese(without(table, "run-ubuntu", "pass"))

    engine = on_engine(linux_engine())
    host = detect(engine.info(), engine.version(), client_os="linux")
    report = str(kernel_report(engine))
    assert "主机类型：" in report
    assert_chinese(without(report, host.title, host.explanation))


def test_chinese_columns_line_up_and_no_space_goes_before_full_width_brackets():
    from wintut.columns import after, cells, pad

    assert cells("内核来自") == 8 and pad("内核来自", 12) == "内核来自    "
    assert pad("kernel", 12) == f"{'kernel':<12}"  # English exactly as before
    assert after("（最近一次：已通过）") == "（最近一次：已通过）"
    assert after("(latest: Passed)") == " (latest: Passed)"


def test_the_doctor_text_columns_line_up_in_chinese(zh):
    from wintut.columns import cells

    lines = str(diagnose(linux_engine())).splitlines()
    python = next(line for line in lines if line.startswith("  python "))
    kernel = next(line for line in lines if line.startswith("  内核 "))
    # the value column starts at the same cell under an English and a Chinese label
    assert cells(python[: python.rindex(" ") + 1]) == cells(kernel[: kernel.rindex(" ") + 1]) == 22
