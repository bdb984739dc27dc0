"""Titles and roles attached to person mentions (layer ``titles``)."""

from __future__ import annotations

from factcheck.core.model import Document
from factcheck.extract import _names, _roles


def extract(doc: Document) -> None:
    _names.extract_titles(doc)
    _roles.with_ranks(doc, doc.titles)
    # a sentence-case role before a name ("Council leader Tom Hargreaves") where no capitalised title is
    taken = {t.mention for t in doc.titles if t.form in ("premodifier", "the_x_y")}
    doc.titles.extend(_roles.premodifiers(doc, taken))
    doc.titles.sort(key=lambda x: (x.start, x.end))
    doc.layers.add("titles")
