"""Reading HTML the way a browser would, to prove a payload was shown escaped."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED_TAGS = {
    "a",
    "b",
    "br",
    "code",
    "details",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    # markdown's own elements (strikethrough, images, table parts), never raw HTML
    "s",
    "img",
    "thead",
    "tbody",
    "h5",
    "h6",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "small",
    "span",
    "strong",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"class", "style", "role", "aria-live", "href", "title", "src", "alt"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def assert_only_markup_of_ours(page: str) -> str:
    """Every element and attribute in ``page`` is one wintut writes (none from a payload: no
    ``script``, ``img``, ``svg``, no ``on…`` handler, no ``javascript:`` link); returns the text a
    reader sees."""
    parser = _Tags()
    parser.feed(page)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"a payload became a <{tag}> element: {page[:2000]}"
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES, f"a payload became an attribute {name}="
            if name in ("href", "src"):
                assert not (value or "").strip().lower().startswith("javascript:")
    return "".join(parser.text)
