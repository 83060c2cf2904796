"""The course steps in Chinese: every check and solve, on every simulated host, says its reason,
fix and "Next:" in Chinese, with no English left but what stays English on purpose (commands,
image names, the daemon's quoted words); and the language changes words only, never outcomes
or evidence keys. Hints have a Chinese file for every English tier.

Each scenario runs twice on a fresh fake engine (tests/engine_fake.py): in English, then in
Chinese. Words that other modules give the steps (a host kind's title and explanation, an engine
problem's message) are placeholders' values here: their own tests check their Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.engine_fake import FakeEngineAPI
from tests.zh_text import english_runs, has_chinese
from wintut import compat, hosts, i18n
from wintut.replay.profiles import PROFILE_IDS
from wintut.results import CheckResult
from wintut.steps import STEP_IDS, all_steps, get, iis_works, run_solve
from wintut.steps.base import Window, isolation_label, os_label, sentences
from wintut.steps.isolation import GRID, parse_marks
from wintut.steps.windows_engine import GUIDANCE, guidance

PROFILES = ("test-linux", *PROFILE_IDS)
ANSWERS: dict[str, tuple[str, ...]] = {
    "find-kernel": (
        "Linux 3f2a1b4c5d6e 6.1.0-test #1 SMP x86_64 GNU/Linux",
        "root@3f2a1b4c5d6e:/# uname -a\nLinux 3f2a1b4c5d6e 4.4.5 #1 SMP x86_64 GNU/Linux",
    ),
    "search-microsoft": ("docker search microsoft", "mono", "microsoft/iis"),
    "iis-failure": (
        "Error response from daemon: no matching manifest for linux/amd64 in the manifest list "
        "entries",
        'exec: "cmd": executable file not found in $PATH',
    ),
    "isolation": ("fails runs runs fails", "runs runs runs runs", "runs fails", "能 不能 能 能"),
}
"""Right and wrong answers per step, beside the empty answer and "garbage" every step gets."""

NAMES_KEPT = ("Rancher Desktop", "OrbStack", "Colima", "Podman")
"""Product names Chinese text keeps (not yet in tests/zh_text.KEPT_NAMES)."""


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.set_language("zh_CN")
    try:
        yield
    finally:
        i18n.set_language("en")


def fake_for(profile: str) -> FakeEngineAPI:
    return FakeEngineAPI.linux() if profile == "test-linux" else FakeEngineAPI(profile)


def scenarios(step_id: str) -> list[tuple[str, str | None]]:
    answers: list[str | None] = [None, "", "garbage", *ANSWERS.get(step_id, ())]
    return [("check", answer) for answer in answers] + [("solve", None)]


def run(profile: str, step_id: str, action: str, answer: str | None) -> CheckResult:
    engine = fake_for(profile).engine()
    if action == "solve":
        return run_solve(step_id, engine)
    return get(step_id).check(engine, answer=answer, window=Window(0.0))


def keys(result: CheckResult) -> list[str]:
    """The evidence keys, with the generated container names in some of them made equal."""
    return [_GENERATED.sub("NAME", key) for key in result.evidence]


_DOCKERFILE_LINE = re.compile(r"^(FROM|LABEL|CMD) .*$", re.MULTILINE)
_GENERATED = re.compile(r"\b(simulated|wintut-[a-z-]+)[_-][0-9a-f]{8}\b")


def others_words(result: CheckResult | None) -> list[str]:
    """Text the steps take from modules other helpers translate (placeholders' values)."""
    words = [text for pair in hosts.KINDS.values() for text in pair]
    if result is not None and result.problem is not None:
        words += [result.problem.message, result.problem.fix, result.problem.detail]
    return sorted((w for w in words if w), key=len, reverse=True)


def leaks(text: str, result: CheckResult | None = None) -> list[str]:
    text = _DOCKERFILE_LINE.sub(" ", text)  # build-image's Dockerfile is code, shown as it is
    for words in [*others_words(result), *NAMES_KEPT]:
        text = text.replace(words, " ")
    return english_runs(text)


def said_by_the_step(result: CheckResult, text: str) -> bool:
    """False when ``text`` is wholly an engine problem's (another module's words)."""
    problem = result.problem
    return not (problem is not None and text in (problem.message, problem.fix))


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("step_id", STEP_IDS)
def test_every_check_and_solve_speaks_chinese(step_id, profile, monkeypatch):
    monkeypatch.setattr(iis_works, "PAGE_WAIT", 0.0)  # a simulated page that never comes
    for action, answer in scenarios(step_id):
        english = run(profile, step_id, action, answer)
        i18n.set_language("zh_CN")
        try:
            result = run(profile, step_id, action, answer)
        finally:
            i18n.set_language("en")
        where = f"{profile} {step_id} {action} {answer!r}: {result.reason} | {result.fix}"
        assert result.outcome is english.outcome, where
        assert result.solved == english.solved, where
        assert keys(result) == keys(english), where
        codes = [r.problem.code if r.problem else None for r in (result, english)]
        assert codes[0] == codes[1], where
        for text in (result.reason, result.fix):
            if text and said_by_the_step(result, text):
                assert has_chinese(text), where
                assert leaks(text, result) == [], where
        if result.fix:
            assert result.fix != english.fix or not said_by_the_step(result, result.fix), where


@pytest.mark.parametrize("step_id", STEP_IDS)
def test_titles_and_prompts_are_chinese(step_id, chinese):
    step = get(step_id)
    assert has_chinese(step.title) and english_runs(step.title) == [], step.title
    if step.answer_prompt is not None:
        prompt = step.answer_prompt
        for case in GRID:  # the grid's build names are compat's words
            for build in (case.host_build, case.image_build):
                prompt = prompt.replace(compat.build_title(build), " ")
        assert has_chinese(prompt) and english_runs(prompt) == [], prompt


def test_titles_and_prompts_stay_english_in_english():
    i18n.set_language("en")
    assert [step.title for step in all_steps()][:3] == [
        "Reach your Docker engine",
        "Run an Ubuntu container",
        "Whose kernel is it?",
    ]
    assert not any(has_chinese(step.answer_prompt or "") for step in all_steps())


def test_os_guards_and_guidance_are_chinese(chinese):
    for step in all_steps():
        for text in step.wrong_os:
            if text:
                shown = i18n._(text)
                assert has_chinese(shown) and english_runs(shown) == [], shown
    for kind in [*GUIDANCE, "unknown"]:
        _can_switch, text, _sources = guidance(kind)
        assert has_chinese(text) and leaks(text) == [], (kind, text)
        assert "。 " not in text and "： " not in text, text  # no space after full-width marks
    _can_switch, text, _sources = guidance("linux-native", "Linux (WSL 2)")
    assert "WSL 2" in text and has_chinese(text)


def test_enumerated_values_become_chinese_labels(chinese):
    assert os_label("linux") == "Linux" and os_label("windows") == "Windows"
    assert isolation_label("process") == "进程隔离"
    assert isolation_label("hyperv") == "Hyper-V 隔离"


def test_enumerated_values_keep_their_english_words():
    i18n.set_language("en")
    assert os_label("linux") == "linux"
    assert isolation_label("hyperv") == "hyperv isolation"


def test_sentences_join_as_each_language_does():
    assert sentences("One.", "Two.") == "One. Two."
    assert sentences("一。", "二。") == "一。二。"
    assert sentences("“words”", "then") == "“words” then"
    assert sentences("“words”", "然后") == "“words”然后"
    assert sentences("", "Two.") == "Two."


def test_the_grid_takes_chinese_marks_and_explains_itself_in_chinese(chinese):
    assert parse_marks("不能，能，能，不能") == [False, True, True, False]
    with pytest.raises(ValueError, match="表中有 4 种情况，你标了 3 个"):
        parse_marks("runs fails runs")
    with pytest.raises(ValueError, match="不能是“maybe”"):
        parse_marks("runs fails runs maybe")


def test_the_not_attempted_cases_read_as_the_reference_gives_them(chinese):
    fake = FakeEngineAPI.linux()
    result = get("run-ubuntu").check(fake.engine(), window=Window(0.0))
    assert result.fix == "在终端中运行 `docker run -it ubuntu bash`，然后输入 `exit`。"
    pasted = get("find-kernel").check(fake.engine(), answer="Linux abc 4.4.5 #1")
    assert pasted.reason == "你粘贴的内核版本是 4.4.5，但这个引擎上的容器看到的是 6.1.0-test。"


@pytest.mark.parametrize("step_id", STEP_IDS)
def test_every_hint_tier_has_a_chinese_file(step_id, chinese):
    step = get(step_id)
    chinese_tiers = step.hints()
    i18n.set_language("en")
    english_tiers = step.hints()
    assert len(chinese_tiers) == len(english_tiers) == 3
    for number, (zh, en) in enumerate(zip(chinese_tiers, english_tiers, strict=True), 1):
        assert zh != en, f"{step_id} tier {number} is not translated"
        assert has_chinese(zh) and english_runs(zh) == [], f"{step_id} tier {number}"
        assert not has_chinese(en)


def test_a_missing_chinese_tier_falls_back_to_english(tmp_path, monkeypatch, chinese):
    import wintut.assets

    folder = tmp_path / "hints" / "engine"
    (folder / "zh_CN").mkdir(parents=True)
    for tier in (1, 2):
        (folder / f"{tier}.md").write_text(f"tier {tier}")
    (folder / "zh_CN" / "1.md").write_text("第 1 层")
    monkeypatch.setattr(wintut.assets, "ROOT", tmp_path)
    assert get("engine").hints() == ["第 1 层", "tier 2"]
