"""What a Markdown text would cost Python-Markdown: the shapes it renders in more than linear time, found block by
block, in linear time, before anything is rendered.

Python-Markdown splits a text into blocks at blank lines and works block by block; most of its slow shapes are
many of one thing in one block (each heading, rule or admonition opener re-splits the rest of its block; each
inline match copies the rest of its paragraph) or in one page (headings that share an id, highlighted code).
Each limit below was set by measuring the shape's growth (``benchmarks/shapes.py``, figures in
``benchmarks/README.md``) so that a text at the limit costs little; what no limit catches, the render budget
(``budget.py``) stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

_FENCE_LINE = re.compile(r"^[ \t]*(`{3,}|~{3,})(?:([ \t]*)$)?", re.M)


def fenced_code(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last + 1) line indexes of every fenced code block, fences included.

    As pymdownx.superfences reads them: a fence of three or more backticks or tildes is closed by a line holding
    the same fence alone; one never closed is no fence. Only lines that start like a fence are looked at.
    """
    text = "\n".join(lines)
    if "```" not in text and "~~~" not in text:
        return []
    candidates = []  # (line index, fence, alone on its line)
    line, offset = 0, 0
    for match in _FENCE_LINE.finditer(text):
        line += text.count("\n", offset, match.start())
        offset = match.start()
        candidates.append((line, match.group(1), match.group(2) is not None))
    last_closer = {fence: index for index, fence, alone in candidates if alone}
    spans = []
    opened: tuple[int, str] | None = None
    for index, fence, alone in candidates:
        if opened is not None:
            if alone and fence == opened[1]:
                spans.append((opened[0], index + 1))
                opened = None
        elif last_closer.get(fence, -1) > index:
            opened = (index, fence)
    return spans


@dataclass(frozen=True)
class MarkdownLimits:
    """How much of each costly shape one text may hold; see ``benchmarks/README.md`` for what each one costs."""

    nesting: int = 32
    """Quotes or list levels: Python-Markdown recurses on each (RecursionError near 400)."""
    specials: int = 1_000
    """Characters of inline syntax (``* _ ` [ ] < & \\ !``) in one paragraph, list item or table row: each match
    copies the rest of its paragraph."""
    scan: int = 8
    """Characters read to find where links and images end, per character of their paragraph: an unclosed ``[`` or
    ``(`` is read to the paragraph's end, once per pattern that tries it."""
    splits: int = 50
    """Lines inside one block that start a heading, rule, admonition, definition...: each one re-splits the rest."""
    tags: int = 8
    """Characters read to find where HTML tags and comments end, per character of the page: the HTML reader reads
    a tag never closed to the page's end, once per tag."""
    same_headings: int = 100
    """Headings that share an id: toc tries ``id_1``, ``id_2``... for each, so they cost the square of their number."""
    highlighted: int = 1_000
    """Code blocks and spans that Pygments highlights in one page: a few milliseconds each."""
    html_characters: int = 50_000
    """``< > & "`` in one paragraph or code block: they become character references, and the HTML parser under the
    sanitizer takes time that grows faster than their number in one run of text."""


@dataclass(frozen=True)
class Finding:
    """A costly shape: where it starts (a 0-based line of the text), its problem code, and what to do."""

    line: int
    code: str
    message: str


_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ \t]+")
_TABLE_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*\Z")
_SPLITTING = re.compile(
    r"[ ]{0,3}(?:#{1,6}(?![^ \t])"  # an ATX heading (HashHeaderProcessor searches the whole block)
    r"|(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})\Z"  # a rule
    r"|[=-]+[ \t]*\Z"  # a setext underline
    r"|\*?\[[^\]\n]*\]:"  # an abbreviation, footnote or link reference definition
    r"|(?:!!!|\?\?\?\+?|===\+?!?)(?:[ \t]|\Z))")  # an admonition, details or tab opener
_ATX = re.compile(r"[ ]{0,3}#{1,6}(?![^ \t])[ \t]*(.*?)[ \t#]*\Z")
_SETEXT = re.compile(r"[ ]{0,3}[=-]+[ \t]*\Z")
_INDENTED = re.compile(r"(?: {4}|\t)")
_INLINE_HIGHLIGHT = re.compile(r"`#!\w")
_SPECIALS = "*_`[]<&\\!"
_SPLIT_LEADS = frozenset(" #-_*=[!?")
_OF_INTEREST = re.compile(r"^(?:[ \t>#=*_+\-\[!?|]|\d+\.)|`#!", re.M)
"""What makes a block more than one plain paragraph: a line that may start a heading, list, quote, table,
definition, admonition or indented code, or inline highlighting."""
_BRACKETS = re.compile(r"(?<!\\)[\[\]]")
_LINK_OPEN = re.compile(r"(?<!\\)\]\(")
_TAG_START = re.compile(r"<[A-Za-z/?!]")
_COMMENT_START = re.compile(r"<!--")
_CDATA_START = re.compile(r"<!\[CDATA\[")
_SLUG_NOISE = re.compile(r"[\W_]+")
_TRAILING_NUMBERS = re.compile(r"(?: \d+)+\Z")
_TITLE_END = {'"': re.compile(r'"[ ]*\)'), "'": re.compile(r"'[ ]*\)")}


def costly_shape(text: str, limits: MarkdownLimits = MarkdownLimits(), *, inline: bool = False) -> Finding | None:
    """The first shape in ``text`` that would cost Python-Markdown (or the sanitizer) more than its limit, if any.

    Args:
        text: Markdown, as a page body (or, with ``inline``, one inline value such as a bio).
        limits: how much of each shape is allowed.
        inline: ``text`` is rendered as one paragraph: no blocks, headings or code blocks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if inline:
        return _unit_problem(text, 0, limits)
    lines = text.split("\n")
    skipped = [False] * len(lines)
    findings: list[Finding | None] = []
    fences = fenced_code(lines)
    for number, (first, end) in enumerate(fences, start=1):
        skipped[first:end] = [True] * (end - first)
        if number > limits.highlighted:
            findings.append(_too_many_highlighted(first, limits))
            break
        if _html_characters("\n".join(lines[first:end])) > limits.html_characters:
            findings.append(_too_many_html_characters(first, "code block", limits))
            break
    findings.append(_tag_problem(lines, skipped, limits))
    findings.append(_blocks_problem(lines, skipped, limits, len(fences)))
    return min((f for f in findings if f is not None), key=lambda f: f.line, default=None)


def _too_many_highlighted(line: int, limits: MarkdownLimits) -> Finding:
    return Finding(line, "too-complex", f"this page has more than {limits.highlighted:,} code blocks and spans to "
                                        "highlight, each of which takes a few milliseconds; split it into several pages")


def _too_many_html_characters(line: int, what: str, limits: MarkdownLimits) -> Finding:
    return Finding(line, "too-complex",
                   f"this {what} has more than {limits.html_characters:,} of the characters < > & \" (written as "
                   "HTML references), and the sanitizer's HTML parser takes time that grows faster than their number "
                   "in one run of text; split it")


def _specials(text: str) -> int:
    """Characters of inline syntax in ``text``, and hard line breaks."""
    return sum(text.count(c) for c in _SPECIALS) + text.count("  \n")


def _html_characters(text: str) -> int:
    return text.count("<") + text.count(">") + text.count("&") + text.count('"')


_WHITE_LINES = re.compile(r"^[ \t]+$", re.M)
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)


def _blocks_problem(lines: list[str], skipped: list[bool], limits: MarkdownLimits,
                    highlighted: int) -> Finding | None:
    """The first costly shape in the blocks (lines between blank lines, outside fenced code), if any."""
    text = _WHITE_LINES.sub("", _blank_skipped(lines, skipped))  # so that blocks end at '\n\n'
    # When the whole text passes the inline checks, every paragraph in it does: most texts end here, or only look
    # at their blocks that can hold more than one paragraph.
    plain = _QUOTE_MARKS.sub("", text) if ">" in text else text
    units_pass = (_specials(plain) <= limits.specials and _html_characters(plain) <= limits.html_characters
                  and plain.count("[") <= limits.scan)
    headings: dict[str, int] = {}
    position = 0
    while position < len(text):
        if units_pass:  # the next block with a line of interest, if any
            hit = _OF_INTEREST.search(text, position)
            if hit is None:
                break
            found = text.rfind("\n\n", position, hit.start())
            start = found + 2 if found >= 0 else position
        else:
            start = position
        while start < len(text) and text[start] == "\n":
            start += 1
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        position = end + 2
        chunk = text[start:end]
        if not chunk:
            continue
        first = text.count("\n", 0, start)
        if _OF_INTEREST.search(chunk) is None:  # a plain paragraph: one inline unit
            problem = _unit_problem(chunk, first, limits)
        else:
            problem = _block_problem(chunk.split("\n"), first, limits, headings, units_pass)
            highlighted += len(_INLINE_HIGHLIGHT.findall(chunk)) + bool(_INDENTED.match(chunk))
            if problem is None and highlighted > limits.highlighted:
                problem = _too_many_highlighted(first, limits)
        if problem is not None:
            return problem
    return None


def _blank_skipped(lines: list[str], skipped: list[bool]) -> str:
    """The lines as one text, with the skipped ones (fenced code) left empty, so that line numbers stay."""
    if not any(skipped):
        return "\n".join(lines)
    return "\n".join("" if skip else line for line, skip in zip(lines, skipped))


def _block_problem(block: list[str], first: int, limits: MarkdownLimits, headings: dict[str, int],
                   units_pass: bool) -> Finding | None:
    """The costly shape in one block (its lines; the first is line ``first`` of the text), if any; counts its
    headings in ``headings``."""
    as_list = bool(_LIST_ITEM.match(block[0]))
    as_table = len(block) > 1 and "|" in block[0] and bool(_TABLE_DELIMITER.match(block[1]))
    splits = 0
    unit: list[str] = []
    unit_start = 0
    for position, line in enumerate(block):
        lead = line[:1]
        if lead in " \t>" and len(line) - len(line.lstrip(" \t>")) > limits.nesting:  # else it cannot be too deep
            stripped = line.lstrip(" \t>")
            quotes = line[: len(line) - len(stripped)].count(">")
            indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
            if quotes > limits.nesting or indent // 4 > limits.nesting:
                return Finding(first + position, "too-deep",
                               f"quotes or lists are nested more than {limits.nesting} levels deep here; flatten them")
        splitting = position > 0 and lead in _SPLIT_LEADS and bool(_SPLITTING.match(line))
        splits += splitting
        if splits > limits.splits:
            return Finding(first, "too-complex",
                           f"this block has more than {limits.splits} headings, rules, admonitions or definitions "
                           "without a blank line between them, and each one makes the renderer read the rest of the "
                           "block again; put a blank line before each")
        title = None
        if lead in " #" and (atx := _ATX.match(line)) is not None:
            title = atx.group(1)
        elif position > 0 and lead in " =-" and _SETEXT.match(line):
            title = block[position - 1]
        if title is not None:
            key = _heading_key(title)
            headings[key] = headings.get(key, 0) + 1
            if headings[key] > limits.same_headings:
                return Finding(first + position, "too-complex",
                               f"more than {limits.same_headings} headings in this page have the same text "
                               "(and so the same id), which costs time that grows with the square of their number; "
                               "make them distinct")
        if units_pass:
            continue
        if unit and (splitting or as_table or title is not None
                     or (as_list and (lead in " *+-" or lead.isdigit()) and _LIST_ITEM.match(line))):
            problem = _unit_problem(_QUOTE_MARKS.sub("", "\n".join(unit)), first + unit_start, limits)
            if problem is not None:
                return problem
            unit, unit_start = [], position
        unit.append(line)
    return _unit_problem(_QUOTE_MARKS.sub("", "\n".join(unit)), first + unit_start, limits) if unit else None


def _heading_key(title: str) -> str:
    """What toc makes of a heading's id, near enough: 'A b', 'a-b', 'a_b 2' and 'A B_3' all compete for 'a-b_N'."""
    return _TRAILING_NUMBERS.sub("", _SLUG_NOISE.sub(" ", title).strip().casefold())


def _unit_problem(text: str, line: int, limits: MarkdownLimits) -> Finding | None:
    """The costly shape in one inline unit (a paragraph, list item, table row or heading), if any."""
    if _specials(text) > limits.specials:
        return Finding(line, "too-complex",
                       f"this paragraph has more than {limits.specials:,} characters of inline syntax "
                       f"({' '.join(_SPECIALS)}), each of which can make the renderer copy the rest of the paragraph; "
                       "split it with blank lines, or put such text in a fenced code block")
    if _html_characters(text) > limits.html_characters:
        return _too_many_html_characters(line, "paragraph", limits)
    if "[" in text and _link_scan(text, limits.scan * len(text) + 4096):
        return Finding(line, "too-complex",
                       "'[' or '](' here are not closed (or nest too deeply), so the renderer reads the rest of "
                       "this paragraph once for each of them; close them, or write them as \\[ and \\(")
    return None


class _Next:
    """The next place of a string in a text at or after a position, for positions that only grow: each
    character is searched once, so many lookups cost what one does."""

    def __init__(self, text: str, what: str) -> None:
        self.text, self.what, self.found = text, what, -2

    def at(self, position: int) -> int:
        if self.found == -1 or (self.found >= position):
            return self.found
        self.found = self.text.find(self.what, position)
        return self.found


def _link_scan(text: str, budget: int) -> bool:
    """Whether Python-Markdown's link patterns would read more than ``budget`` characters of ``text``: for each
    '[' up to its matching ']' (or the end), for each '](' up to its ')' (past a quoted title, or to the end)."""
    total, opened = 0, []
    for match in _BRACKETS.finditer(text):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            total += match.start() - opened.pop()
    total += sum(len(text) - start for start in opened)
    paren, quotes = _Next(text, ")"), (_Next(text, '"'), _Next(text, "'"))
    for match in _LINK_OPEN.finditer(text):
        if total > budget:
            return True
        start = match.end()
        end = paren.at(start)
        quote = min((q for q in (quotes[0].at(start), quotes[1].at(start)) if q >= 0), default=-1)
        if end >= 0 and 0 <= quote < end:  # a title: read to a quote followed by ')', or to the end
            closing = _TITLE_END[text[quote]].search(text, quote + 1)
            end = closing.end() if closing else -1
        total += (end if end >= 0 else len(text)) - start
    return total > budget


def _tag_problem(lines: list[str], skipped: list[bool], limits: MarkdownLimits) -> Finding | None:
    """Where HTML tags never closed would make the HTML reader read the rest of the page again for each one.

    Python's HTML parser, which Python-Markdown feeds the whole page, reads a closed tag once; a tag whose '>' (or a
    comment whose '-->') comes nowhere after it is read to the end of the page, then again from the next '<'.
    """
    text = _blank_skipped(lines, skipped)
    if "<" not in text:
        return None
    budget = limits.tags * len(text) + 65536
    total, first = 0, -1
    ends = ((_TAG_START, ">"), (_COMMENT_START, "-->"), (_CDATA_START, "]]>"))
    for pattern, end in ends:
        for match in pattern.finditer(text, text.rfind(end) + 1):
            total += len(text) - match.start()
            first = match.start() if first < 0 else min(first, match.start())
            if total > budget:
                return Finding(text.count("\n", 0, first), "too-complex",
                               "'<' here starts an HTML tag or comment that is never closed, and the HTML reader "
                               "reads the rest of the page again for each one like it; close them, or write '<' "
                               "as &lt;")
    return None
