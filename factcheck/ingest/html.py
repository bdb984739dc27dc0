"""Web pages: the article as trafilatura finds it (``html_article.py``), else the visible text,
and the page's <title>."""

from __future__ import annotations

import html
import re

from factcheck.ingest._bytes import decode, one_document
from factcheck.ingest.html_article import article_text
from factcheck.ingest.reader import Reader

# HTML is read with linear-time regexes, not html.parser: the standard parser takes
# quadratic or worse time on broken markup such as "<a <a <a ..." (seconds at 15 kB).
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment (an unclosed one runs to the end, as in browsers)
    r"|<![^<>]{0,4000}>"  # doctype, CDATA opener, conditional comment
    r"|<\?[^<>]{0,4000}>"  # processing instruction
    r"|<(/?)([a-zA-Z][\w:.-]{0,60})((?:[^<>\"']|\"[^\"<]{0,4000}\"|'[^'<]{0,4000}'){0,2000})>",
    re.DOTALL,
)
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "title"})
# The head ends, as in browsers, where the body visibly starts even without </head>.
_HEAD_ENDS = r"|<(?:body|p|div|h[1-6]|article|main|section|table|ul|ol|header|nav|br)[\s/>]"
_TITLE = re.compile(r"<title\b[^<>]{0,2000}>([^<]{0,2000})</title\s*>", re.I)
_BLOCK = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "article", "section",
    "blockquote", "header", "footer", "ul", "ol", "table", "hr", "pre", "figcaption", "dd", "dt", "main",
    "aside", "nav", "figure", "body", "caption",
})


def _hidden_end(markup: str, name: str, start: int) -> int:
    """Where reading resumes after a hidden element opened just before ``start``."""
    close = re.compile(rf"</{re.escape(name)}\s*>" + (_HEAD_ENDS if name == "head" else ""), re.I)
    m = close.search(markup, start)
    if m is None:
        return len(markup)
    return m.end() if m.group().startswith("</") else m.start()


def html_text(markup: str) -> tuple[str | None, str]:
    """(title, visible text) of an HTML page; broken markup is read as far as it goes.

    Block elements break lines; scripts, styles and the head are dropped; entities are
    decoded. Linear in the size of the markup, however broken."""
    parts: list[str] = []
    pos = 0
    while pos < len(markup):
        m = _TAG.search(markup, pos)
        if m is None:
            parts.append(html.unescape(markup[pos:]))
            break
        parts.append(html.unescape(markup[pos:m.start()]))
        pos = m.end()
        name = (m.group(2) or "").lower()
        if not name:
            continue
        if name in _BLOCK:
            parts.append("\n")
        if name in _HIDDEN and not m.group(1) and not m.group(3).rstrip().endswith("/"):
            pos = _hidden_end(markup, name, pos)
    m = _TITLE.search(markup)
    title = (" ".join(html.unescape(m.group(1)).split()) or None) if m else None
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return title, "\n".join(line for line in lines if line)


# An attribute value this long is never text (a data: URI, a JSON blob, padding): it is emptied
# before the page is read, so the element's text is kept by both readers. The tag pattern
# (bounded for linear time) would not match such a tag, and libxml2 drops an element whose
# attribute passes 10 MB, with no error: either way the paragraph vanished.
_LONG_ATTRIBUTE = re.compile(r"""=(\s*)(?:"[^"]{4000,}"|'[^']{4000,}')""")


def _html_page(data: bytes) -> tuple[str | None, str]:
    """(title, article text) of a web page: the article as trafilatura finds it, else the visible text."""
    markup = _LONG_ATTRIBUTE.sub(r'=\1""', decode(data))
    title, visible = html_text(markup)  # linear in the markup: the title, and the fallback
    return title, article_text(markup) or visible


READER = Reader((".html", ".htm"), "web page: its article text (menus, banners, footers dropped) and <title>",
                one_document(_html_page))
