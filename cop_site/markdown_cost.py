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

import math
import re
from dataclasses import dataclass
from itertools import islice

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
    """How much of each costly shape one text may hold; ``benchmarks/README.md`` has what each one costs.

    Limits per paragraph or block are constants: a paragraph's cost is then at most a constant times its length.
    Limits per page grow with the page's length, so that a page's cost stays linear in it (elements), or
    within a constant of it where the cost is quadratic (headings that share an id).
    """

    nesting: int = 32
    """Quotes or list levels: Python-Markdown recurses on each (RecursionError near 400)."""
    specials: int = 1_000
    """Characters of inline syntax (``* _ ` [ ] < & \\ !`` and hard line breaks) in one paragraph, list item or
    table row: each match copies the rest of its paragraph."""
    html_characters: int = 50_000
    """``< > & "`` in one paragraph or code block: each becomes a character reference, and the HTML parser under
    the sanitizer takes time that grows faster than their number in one run of text."""
    scan: int = 8
    """Characters read to find where links and images end, per character of their paragraph: an unclosed ``[`` or
    ``(`` is read to the paragraph's end, once per link pattern."""
    splits: int = 50
    """Lines inside one block that start a heading, rule, admonition or definition: each re-splits the rest of it."""
    tags: int = 8
    """Characters read to find where HTML tags and comments end, per character of the page: the HTML reader reads a
    tag never closed to the page's end, then again from the next '<'."""
    elements: int = 64
    """Blocks (each blank line after a block starts one, empty or not), list items and table rows in a page, plus
    one per ``element_bytes`` characters: each costs Python-Markdown time of its own, and taking a block off the
    front of its list of blocks costs time that grows with their number."""
    element_bytes: int = 16
    heavy: int = 64
    """Headings, rules, admonitions, details, tabs, footnotes, abbreviations (and their uses), Markdown-in-HTML
    blocks and highlighted code in a page, plus one per ``heavy_bytes`` characters: each costs about a millisecond."""
    heavy_bytes: int = 128
    same_headings: int = 32
    """Headings that share an id (toc tries ``id_1``, ``id_2``... for each), plus twice the square root of the
    page's length."""


@dataclass(frozen=True)
class Finding:
    """A costly shape: where it starts (a 0-based line of the text), its problem code, and what to do."""

    line: int
    code: str
    message: str


_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ \t]+")
_SPLITTING = re.compile(
    r"[ ]{0,3}(?:#{1,6}(?![^ \t])"  # an ATX heading (HashHeaderProcessor searches the whole block)
    r"|(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})\Z"  # a rule
    r"|[=-]+[ \t]*\Z"  # a setext underline
    r"|\*?\[[^\]\n]*\]:"  # an abbreviation, footnote or link reference definition
    r"|(?:!!!|\?\?\?\+?|===\+?!?)(?:[ \t]|\Z))")  # an admonition, details or tab opener
_SPLIT_LEADS = frozenset(" #-_*=[!?")
_ATX = re.compile(r"[ ]{0,3}#{1,6}(?![^ \t])(.*)")
_SETEXT = re.compile(r"[ ]{0,3}[=-]+[ \t]*\Z")
_SPECIALS = "*_`[]<&\\!"
_OF_INTEREST = re.compile(r"^(?:[ \t>#=*_+\-\[!?|]|\d+\.)", re.M)
"""What makes a block more than one plain paragraph: a line that may start a heading, list, quote, table,
definition, admonition or indented code."""
# Each starts with a line break (the text is read with one put in front), so that the regular expression engine
# jumps from one line break to the next instead of trying every character.
_ELEMENT = re.compile(r"\n(?:\n|[ ]*(?:[*+-]|\d+\.)[ \t]|[ \t]*\|)")
_HEAVY = re.compile(
    r"\n(?:[ ]{0,3}(?:#{1,6}(?![^ \t])|[=-]+[ \t]*$|(?:[-*_][ ]{0,2}){3,}$|!!!|\?\?\?|===|\*\[[^\]\n]*\]:)"
    r"|\n(?: {4}|\t))", re.M)
_HEAVY_INLINE = ("[^", "`#!")
"""Footnote references and inline highlighting, counted with str.count."""
_MARKDOWN_IN_HTML = re.compile(r"<[A-Za-z][^<>]*\bmarkdown\b")
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[([^\]\n]+)\]:", re.M)
_BRACKETS = re.compile(r"(?<!\\)[\[\]]")
_LINK_OPEN = re.compile(r"(?<!\\)\]\(")
_TAG_START = re.compile(r"<[A-Za-z/?!]")
_COMMENT_START = re.compile(r"<!--")
_CDATA_START = re.compile(r"<!\[CDATA\[")
_SLUG_DROP = re.compile(r"[^\w\s-]+")
_SLUG_SEPARATORS = re.compile(r"[-\s]+")
_ID_COUNT = re.compile(r"_\d+\Z")
_TITLE_END = {'"': re.compile(r'"[ ]*\)'), "'": re.compile(r"'[ ]*\)")}
_WHITE_LINES = re.compile(r"^[ \t]+$", re.M)
_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)


def costly_shape(text: str, limits: MarkdownLimits = MarkdownLimits(), *, inline: bool = False) -> Finding | None:
    """The first shape in ``text`` that would cost Python-Markdown (or the sanitizer) more than its limit, if any.

    Linear in the length of ``text``, whatever it holds.

    Args:
        text: Markdown, as a page body (or, with ``inline``, one inline value such as a bio).
        limits: how much of each shape is allowed.
        inline: ``text`` is rendered as one paragraph: no blocks, headings or code blocks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if inline:
        return _unit_problem(text, 0, limits)
    size = len(text)
    lines = text.split("\n")
    fences = fenced_code(lines)
    findings: list[Finding | None] = []
    for first, end in fences:
        if _html_characters("\n".join(lines[first:end])) > limits.html_characters:
            findings.append(_too_many_html_characters(first, "code block", limits))
            break
    for first, end in reversed(fences):  # one line, as the block parser sees it, padded to keep line numbers
        lines[first:end] = ["."] * (end - first)
    text = _WHITE_LINES.sub("", "\n".join(lines)) if fences or "\n " in text or "\n\t" in text else text
    findings.append(_tag_problem(text, limits))
    findings.append(_page_problem(text, size, [first for first, _ in fences], limits))
    found = min((f for f in findings if f is not None), key=lambda f: f.line, default=None)
    # The blocks are read one by one, the slowest part: only up to what the whole-page checks found.
    return _blocks_problem(text, limits, found.line if found else len(lines)) or found


def _page_problem(text: str, size: int, fences: list[int], limits: MarkdownLimits) -> Finding | None:
    """Too many elements, or too many costly ones, for the page's length (``size``, code blocks included; ``text``
    has them reduced to a line of dots each): the first place where either is."""
    findings = []
    lined = "\n" + text  # see _ELEMENT
    allowed = limits.elements + size // limits.element_bytes
    if text.count("\n") >= allowed and len(_ELEMENT.findall(lined)) > allowed:  # each one after a line break
        findings.append(Finding(
            _nth_line(lined, [_ELEMENT], [], allowed), "too-complex",
            f"this page has more than {allowed:,} blocks (paragraphs, and runs of blank lines), list items and table "
            f"rows for its length ({limits.elements} and one per {limits.element_bytes} characters), and each one "
            "costs the renderer time of its own; write fewer, longer ones, or split the page"))
    allowed = limits.heavy + size // limits.heavy_bytes
    patterns = [_HEAVY, *(re.compile(re.escape(mark)) for mark in _HEAVY_INLINE if mark in text)]
    if "markdown" in text:
        patterns.append(_MARKDOWN_IN_HTML)
    abbreviations = set(_ABBREVIATION.findall(text)) if "*[" in text else set()
    if abbreviations and len(abbreviations) <= allowed:  # each use of one becomes an element, as costly as these
        names = sorted(abbreviations, key=len, reverse=True)
        patterns.append(re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)"))
    if len(fences) + sum(len(p.findall(lined)) for p in patterns) > allowed:
        findings.append(Finding(
            _nth_line(lined, patterns, fences, allowed), "too-complex",
            f"this page has more than {allowed:,} headings, rules, admonitions, tabs, footnotes, abbreviations and "
            f"highlighted code blocks for its length ({limits.heavy} and one per {limits.heavy_bytes} characters), "
            "each of which costs the renderer about a millisecond; split the page"))
    return min(findings, key=lambda f: f.line, default=None)


def _nth_line(lined: str, patterns: list[re.Pattern], fences: list[int], index: int) -> int:
    """The line, in the text after ``lined``'s first line break, of match number ``index`` (from 0) of
    ``patterns`` and ``fences`` (lines) together, in order."""
    offsets = sorted(m.start() for p in patterns for m in islice(p.finditer(lined), index + 1))[:index + 1]
    lines, line, counted = [], 0, 0
    for offset in offsets:  # in order, so that each character is counted once
        line, counted = line + lined.count("\n", counted, offset + 1), offset + 1
        lines.append(line - 1)
    lines = sorted(lines + fences)
    return lines[min(index, len(lines) - 1)]


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


def _blocks_problem(text: str, limits: MarkdownLimits, until: int) -> Finding | None:
    """The first costly shape in one of the blocks of ``text`` (fenced code dotted out, blank lines empty) that
    start before line ``until``, if any."""
    # When the whole text passes the inline checks, every paragraph in it does: most texts end here, or only look
    # at their blocks that can hold more than one paragraph.
    plain = _QUOTE_MARKS.sub("", text) if ">" in text else text
    units_pass = (_specials(plain) <= limits.specials and _html_characters(plain) <= limits.html_characters
                  and plain.count("[") <= limits.scan)
    same_headings = limits.same_headings + 2 * math.isqrt(len(text))
    headings: dict[str, int] = {}
    position = 0
    line, counted = 0, 0  # text[:counted] holds ``line`` line breaks
    while position < len(text):
        start = position
        if units_pass:  # the next block with a line of interest, if any
            hit = _OF_INTEREST.search(text, position)
            if hit is None:
                break
            found = text.rfind("\n\n", position, hit.start())
            start = found + 2 if found >= 0 else position
        while start < len(text) and text[start] == "\n":
            start += 1
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        position = end + 2
        chunk = text[start:end]
        if not chunk:
            continue
        line, counted = line + text.count("\n", counted, start), start
        first = line
        if first >= until:
            return None
        if _OF_INTEREST.search(chunk) is None:  # a plain paragraph: one inline unit
            problem = _unit_problem(chunk, first, limits)
        else:
            problem = _block_problem(chunk.split("\n", until - first)[:until - first], first, limits, headings,
                                     same_headings, units_pass)
        if problem is not None:
            return problem
    return None


def _block_problem(block: list[str], first: int, limits: MarkdownLimits, headings: dict[str, int],
                   same_headings: int, units_pass: bool) -> Finding | None:
    """The costly shape in one block (its lines; the first is line ``first`` of the text), if any; counts its
    headings in ``headings``."""
    as_list = bool(_LIST_ITEM.match(block[0]))
    as_table = len(block) > 1 and "|" in block[0] and "-" in block[1] and not block[1].strip(" \t|:-")
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
            title = atx.group(1).strip(" \t#")
        elif position > 0 and lead in " =-" and _SETEXT.match(line):
            title = block[position - 1]
        if title is not None:
            key = _heading_key(title)
            headings[key] = headings.get(key, 0) + 1
            if headings[key] > same_headings:
                return Finding(first + position, "too-complex",
                               f"more than {same_headings:,} headings in this page have the same text (and so the "
                               "same id), which costs time that grows with the square of their number; make them "
                               "distinct")
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
    """The id toc gives a heading, near enough (markdown/extensions/toc.py, slugify), without the '_N' that its
    unique() adds: headings with the same key compete for 'key', 'key_1', 'key_2'..."""
    slug = _SLUG_SEPARATORS.sub("-", _SLUG_DROP.sub("", title).strip().lower())
    return _ID_COUNT.sub("", slug)


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


def _tag_problem(text: str, limits: MarkdownLimits) -> Finding | None:
    """Where HTML tags never closed would make the HTML reader read the rest of the page again for each one.

    Python's HTML parser, which Python-Markdown feeds the whole page, reads a closed tag once; a tag whose '>' (or a
    comment whose '-->') comes nowhere after it is read to the end of the page, then again from the next '<'.
    """
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
