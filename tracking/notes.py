"""Analysts' notes are Markdown; readers see them as sanitised HTML.

Pure: no database. Markdown-it renders (raw HTML in the note is escaped, not
passed through), then nh3 keeps only a small set of tags and attributes and
http(s)/mailto links, so nothing a note says can run in a reader's browser.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr", "del",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
# What is left of "javascript:" after sanitising is text (no link may use it); its
# colon becomes an entity, so the page reads the same and no later reuse of the HTML
# (a feed reader, a copy into an attribute) can turn it into a script URL.
_SCRIPT_SCHEME = re.compile(r"(java|vb)(script):", re.IGNORECASE)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # CommonMark with strikethrough and tables off; "html": False escapes raw HTML.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        "strikethrough"
    )


def render_note(markdown: str) -> SafeString:
    """Render a note's Markdown as HTML safe to put in a page.

    Headings come out one level down (a note sits under the page's own h2), links
    carry rel="nofollow noopener", and anything outside the allowed tags,
    attributes and URL schemes (scripts, event handlers, javascript: links,
    images) is dropped.
    """
    if not markdown.strip():
        return mark_safe("")
    html = _markdown().render(markdown)
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
    )
    cleaned = _SCRIPT_SCHEME.sub(r"\1\2&#58;", cleaned)
    return mark_safe(cleaned)  # noqa: S308 -- sanitised by nh3 just above
