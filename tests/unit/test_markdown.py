"""Hints are rendered without raw HTML: nothing a hint file holds can run on the page."""

from __future__ import annotations

from wintut.markdown import render


def test_raw_script_is_shown_as_text_not_run():
    html = render("Try this:\n\n<script>alert(1)</script>\n\nand <b>this</b>")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>" not in html


def test_javascript_links_are_not_links():
    html = render("[click](javascript:alert(1)) and [ok](https://docs.docker.com/)")
    assert 'href="javascript:' not in html
    assert 'href="https://docs.docker.com/"' in html


def test_data_and_vbscript_links_are_refused():
    html = render("[a](vbscript:msgbox) [b](data:text/html;base64,PHNjcmlwdD4=)")
    assert "href=" not in html


def test_ordinary_markdown_still_renders():
    html = render("Run `uname -a`:\n\n```\ndocker run --rm ubuntu uname -a\n```\n")
    assert "<code>uname -a</code>" in html
    assert "<pre><code>docker run --rm ubuntu uname -a" in html
