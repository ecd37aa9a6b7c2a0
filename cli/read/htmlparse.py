"""The standard library's HTML parser, made linear and crash-free on hostile markup.

``html.parser`` gives up on a construct that never closes (``<a`` with no ``>`` after
it, ``<!--`` with no ``-->``) one character at a time, searching to the end of the
page each time: a page of such fragments takes quadratic time (35 KB of ``x <a y``
took 18 s). It also raises ``AssertionError`` on ``<![foo[``, and collects every
attribute of a tag however long. ``LinearHTMLParser.feed_all`` parses a whole page
in linear time: what cannot close is escaped to text first (as ``html.parser`` would
have shown it), ``<![...`` is a bogus comment as in the HTML standard, and a start
tag longer than ``MAX_TAG`` characters is skipped whole.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["MAX_TAG", "LinearHTMLParser", "defuse"]

MAX_TAG = 64 * 1024  # characters; no tag a person writes is longer
_COMMENT_CLOSE = re.compile(r"--!?\s*>")  # what html.parser (3.11 to 3.13) accepts


def defuse(markup: str) -> str:
    """``markup`` with every ``<`` that can start no complete construct written as
    ``&lt;``: those after the last ``>``, and comment openings after the last comment
    close. The text shown is the same; the parser never searches in vain."""
    last_gt = markup.rfind(">")
    if last_gt + 1 < len(markup) and "<" in markup[last_gt + 1:]:
        markup = markup[:last_gt + 1] + markup[last_gt + 1:].replace("<", "&lt;")
    last_close = -1
    for match in _COMMENT_CLOSE.finditer(markup):
        last_close = match.end()
    tail_start = max(last_close, 0)
    if "<!--" in markup[tail_start:]:
        markup = markup[:tail_start] + markup[tail_start:].replace("<!--", "&lt;!--")
    return markup


class LinearHTMLParser(HTMLParser):
    """An ``HTMLParser`` whose ``feed_all`` takes linear time on any page."""

    def feed_all(self, markup: str) -> None:
        """Parse a whole page (then ``close``)."""
        self.feed(defuse(markup))
        self.close()

    def parse_html_declaration(self, i: int) -> int:
        # Outside SVG and MathML, "<![" opens a bogus comment that ends at ">"; the
        # base class would parse a marked section and raise AssertionError on most.
        if self.rawdata.startswith("<![", i):
            return self.parse_bogus_comment(i)
        return super().parse_html_declaration(i)

    def parse_starttag(self, i: int) -> int:
        end = self.check_for_whole_start_tag(i)
        if end > i + MAX_TAG:
            return end  # skipped whole: its attributes would be held one by one
        return super().parse_starttag(i)
