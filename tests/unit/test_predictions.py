"""Predictions and knowledge checks: kept per engine, shown again beside what the engine showed,
never counted as steps done."""

from __future__ import annotations

import json

import pytest

from tests.engine_fake import FakeEngineAPI
from wintut import course
from wintut.assets import asset_path, files_in, stem
from wintut.results import CheckResult, Outcome
from wintut.session import current
from wintut.store import REAL, Store


@pytest.fixture
def on_engine(wintut_home):
    return lambda engine: current().point_at(engine) or engine


def test_every_prediction_file_has_ids_and_a_finding():
    from wintut.findings import FINDINGS

    names = [stem(p) for p in files_in(asset_path("predictions"), ".json")]
    assert sorted(names) == sorted(FINDINGS)
    for name in names:
        data = json.loads(asset_path("predictions", f"{name}.json").read_text())
        ids = [o["id"] for o in data["options"]]
        assert len(ids) == len(set(ids)) >= 3 and data["question"]


def test_a_pick_is_kept_and_shown_again_beside_the_engine(on_engine):
    on_engine(FakeEngineAPI.linux().engine())
    view = course.predict("whose-kernel")
    view.choice.value = view.options[0]["text"]  # "the OS I am using": wrong on this host
    view.button.click()
    assert "Kept" in view.feedback.value
    assert Store().pick("whose-kernel").choice == "os"
    again = course.predict("whose-kernel")  # a new kernel, same learner
    assert again.choice.value == again.options[0]["text"]
    shown = course.predicted("whose-kernel")
    assert "You predicted: The kernel of the operating system" in shown
    assert "✖ Not what you predicted" in shown
    assert "Docker Engine on Linux" in shown and "host's own" in shown
    assert Store().steps() == {}  # a prediction is not a step


def test_a_right_pick_says_so_and_no_pick_says_how(on_engine):
    on_engine(FakeEngineAPI.linux().engine())
    assert "○ You kept no prediction" in course.predicted("whose-kernel")
    assert "Kept" in course.predict("whose-kernel").choose(4)  # my own Linux kernel
    assert "✔ As you predicted." in course.predicted("whose-kernel")
    assert "Choose a number from 1 to 4" in course.predict("whose-kernel").choose(9)


def test_picks_are_kept_apart_per_engine(on_engine):
    on_engine(FakeEngineAPI.linux().engine())
    course.predict("will-the-pull-work").choose(3)
    on_engine(FakeEngineAPI("windows-server-2022").engine(simulated="windows-server-2022"))
    view = course.predict("will-the-pull-work")
    assert view.choice.value is None  # the simulated host has no pick of its own yet
    assert "[simulated: windows-server-2022]" in course.predicted("will-the-pull-work")
    assert Store().pick("will-the-pull-work", REAL).choice == "refused"


def test_the_pull_finding_reads_the_registry_and_never_pulls(on_engine):
    fake = FakeEngineAPI.linux()
    on_engine(fake.engine())
    course.predict("will-the-pull-work").choose(3)
    shown = course.predicted("will-the-pull-work")
    assert "lists no entry for linux/amd64" in shown and "✔ As you predicted." in shown
    assert not fake.asked("POST", "/images/create")


def test_the_search_finding_names_the_posts_images(on_engine):
    on_engine(FakeEngineAPI("docker-for-windows-2016").engine(simulated="docker-for-windows-2016"))
    course.predict("search-microsoft").choose(1)
    shown = course.predicted("search-microsoft")
    assert "microsoft/iis, microsoft/nanoserver" in shown and "✔ As you predicted." in shown


def test_a_search_the_simulated_host_never_recorded_is_not_called_a_failure(on_engine):
    on_engine(FakeEngineAPI.linux().engine(simulated="docker-engine-linux"))
    shown = course.predicted("search-microsoft")
    assert "recorded no answer to docker search microsoft" in shown
    assert "None of the answers can be matched" in shown


def test_a_learners_text_is_escaped_in_the_widget(on_engine):
    from wintut.views.prediction import PredictionView

    question = {"question": "<b>x</b>?", "options": [{"id": "a", "text": "<script>1</script>"}]}
    view = PredictionView(question, keep=lambda choice: f"kept <{choice}>")
    view.choice.value = "<script>1</script>"
    view.keep_selected()
    assert "<b>x</b>" not in view.widget.children[0].value
    assert view.feedback.value == "<p role='status'>kept &lt;a&gt;</p>"


def test_each_notebook_quiz_has_three_valid_questions():
    for name in ("02-whose-kernel", "03-search-microsoft", "04-the-iis-failure"):
        questions = json.loads(asset_path("quiz", f"{name}.json").read_text())
        assert len(questions) == 3
        for q in questions:
            assert 0 <= q["answer"] < len(q["options"]) and q["why"]


def test_a_quiz_score_is_kept_with_its_best_and_shown_in_progress_not_as_done(on_engine):
    on_engine(FakeEngineAPI.linux().engine())
    quiz = course.quiz("02-whose-kernel")
    for choice, q in zip(quiz.choices, quiz.questions, strict=True):
        choice.value = q["options"][q["answer"]]
    quiz.button.click()
    assert "best so far: 3 of 3" in quiz.feedback.value
    assert "1 of 3 right." in course.quiz("02-whose-kernel").answer(2, 1, 2)  # text fallback
    score = Store().scores()["02-whose-kernel"][REAL]
    assert (score.right, score.best, score.attempts) == (1, 3, 2)
    view = course.progress()
    assert "Knowledge checks" in str(view) and "1 of 3 right (best 3 of 3)" in str(view)
    assert "02-whose-kernel" in view.widget.children[1].value
    _lines, done, _total = course.progress_lines(current())
    assert done == 0  # a quiz is not a step


def test_steps_and_answers_survive_each_other(wintut_home):
    store = Store()
    store.keep_pick("whose-kernel", "vm")
    store.record(CheckResult("engine", Outcome.PASS, "ok"))
    store.keep_score("q", 2, 3)
    store.record(CheckResult("engine", Outcome.FAIL, "later"))
    assert store.pick("whose-kernel").choice == "vm"
    assert store.scores()["q"][REAL].right == 2
    assert store.get("engine").attempts == 2
    store.reset()
    assert store.kept() == {} and store.steps() == {}


def test_a_bad_kept_record_is_skipped_and_the_rest_kept(wintut_home):
    store = Store()
    store.keep_pick("whose-kernel", "vm")
    data = json.loads(store.path.read_text())
    data["kept"]["quiz:q"] = {"real": {"right": 9, "total": 3}}  # out of range
    data["kept"]["nonsense:x"] = {"real": {}}
    store.path.write_text(json.dumps(data))
    assert store.pick("whose-kernel").choice == "vm"
    assert "2 record(s)" in " ".join(store.notices())
    with pytest.raises(ValueError, match="out of range"):
        store.keep_score("q", 4, 3)


def test_a_format_2_file_without_kept_still_reads(wintut_home):
    store = Store()
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({"format": 2, "steps": {}}))
    assert store.kept() == {} and store.notices() == []


def test_the_isolation_grid_checks_and_records_through_the_session(on_engine):
    on_engine(FakeEngineAPI.linux().engine())
    grid = course.isolation_grid()
    assert len(grid.toggles) == 4 and "Windows 11 23H2 (22631)" in grid.cases[2]
    grid.toggles[0].value = "fails"
    grid.button.click()  # three cases unmarked: it cannot pass
    assert grid.result.outcome is Outcome.FAIL and "marked 1" in grid.result.reason
    result = grid.answer("fails", "runs", "runs", "fails")
    assert result.outcome is Outcome.PASS and "✔ Passed" in grid.panel.value
    assert Store().get("isolation").best.outcome is Outcome.PASS
    assert "Live" not in result.evidence["case 1"]  # a Linux engine: the rules alone


def test_the_isolation_grid_escapes_and_has_no_do_it_for_me():
    from wintut.views.isolation_grid import IsolationGridView

    grid = IsolationGridView(
        ["<img src=x>"], check=lambda marks: CheckResult("x", Outcome.FAIL, marks)
    )
    assert "<img" not in grid.widget.children[1].value
    buttons = [c.description for c in grid.widget.children if hasattr(c, "on_click")]
    assert buttons == ["Check my grid"]


def test_no_engine_gives_one_line_not_a_traceback(on_engine):
    from wintut.engine import Endpoint, Engine

    on_engine(Engine(Endpoint("unix:///nonexistent/docker.sock", "argument")))
    assert "Kept" in course.predict("will-the-pull-work").choose(3)  # a pick needs no engine
    shown = course.predicted("will-the-pull-work")
    assert shown.splitlines()[0].startswith("You predicted: No: the engine refuses")
    assert shown.splitlines()[1].startswith("⚠ Your engine could not be read:")
    assert len(shown.splitlines()) == 2
