"""Pathological shapes of Markdown: text that Python-Markdown, its extensions or the HTML sanitizer handle in more
than linear time (or in linear time at a high price), each repeated to any size.

Found by measuring and fuzzing (``benchmarks/shapes.py`` prints each shape's growth); used by the tests, which
check and build one practice of each shape at the size limit, and by the benchmarks. A shape is a unit repeated
between a prefix and a suffix, so that its size can be chosen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    """A unit of Markdown repeated: ``prefix + unit * n + suffix``."""

    name: str
    unit: str
    what: str
    prefix: str = ""
    suffix: str = ""
    costly: bool = True
    """Whether a practice of it at the size limit costs so much that it is reported and published without its
    body; the others render within their budget, and are published whole."""

    def body(self, size: int) -> str:
        """The shape at about ``size`` characters (never more)."""
        room = max(1, size - len(self.prefix) - len(self.suffix))
        text = (self.unit * (room // len(self.unit) + 1))[:room]
        if "\n" in self.unit:  # whole lines only
            text = text[:text.rfind("\n") + 1]
        else:  # whole units only
            text = text[:len(text) - len(text) % len(self.unit)]
        return self.prefix + text + self.suffix


def _numbered(template: str, count: int) -> str:
    return "".join(template.format(i) for i in range(count))


# Units with a number in them (distinct headings, footnotes, abbreviations) are written out for 100,000 numbers;
# a shape's unit is then the whole run, repeated if a bigger size is asked for.
SHAPES: tuple[Shape, ...] = (
    # Inline: one paragraph.
    Shape("emphasis-mix", "*_", "'*_' repeated: emphasis that never closes"),
    Shape("strong-open", "**a", "'**a' repeated: strong emphasis that never closes"),
    Shape("underscore-words", "_a", "'_a' repeated"),
    Shape("emphasis-closed", "*a* ", "closed emphasis, many in one paragraph"),
    Shape("backticks", "`", "a run of backticks"),
    Shape("code-spans", "`a` ", "closed code spans, many in one paragraph"),
    Shape("backslashes", "\\", "a run of backslashes"),
    Shape("escapes", "\\*", "escaped characters, many in one paragraph"),
    Shape("brackets", "[", "'[' that never closes"),
    Shape("links-open", "[a](", "links whose '(' never closes"),
    Shape("links-closed", "[a](b) ", "closed links, many in one paragraph"),
    Shape("images-open", "![", "'![' that never closes"),
    Shape("reference-links", "[a][b] ", "reference links to an undefined label"),
    Shape("less-than", "<", "'<' repeated"),
    Shape("inline-html", "<a>", "inline HTML tags, many in one paragraph"),
    Shape("open-tags", "<a ", "tags that never close ('<a ' repeated)"),
    Shape("autolinks-open", "<http://", "autolinks that never close"),
    Shape("autolinks", "<http://a> ", "closed autolinks, many in one paragraph"),
    Shape("emails-open", "<a@b", "e-mail autolinks that never close"),
    Shape("entities", "&amp;", "character references, many in one paragraph"),
    Shape("ampersands", "&", "'&' repeated"),
    Shape("inline-highlight", "`#!python x` ", "inline code highlighted by pymdownx.inlinehilite"),
    Shape("attribute-lists", "a{: .x }", "attr_list's '{: }', many in one paragraph", costly=False),
    Shape("footnote-references", "[^a]", "references to an undefined footnote"),
    Shape("abbreviations-used", "ABBR ", "one abbreviation used many times", prefix="*[ABBR]: An abbreviation\n\n"),
    Shape("line-breaks", "a  \n", "hard line breaks (two trailing spaces), many in one paragraph"),
    Shape("tildes", "~", "'~' repeated", costly=False),
    Shape("prose", "The quick brown fox jumps over the lazy dog. ", "ordinary prose, for comparison", costly=False),
    # Blocks: many lines in one block, or many blocks.
    Shape("headings-same", "# a\n", "the same heading on every line of one block"),
    Shape("headings-same-apart", "# a\n\n", "the same heading, each in its own block (toc's unique ids)"),
    Shape("headings-distinct", _numbered("# h{}\n", 100_000), "distinct headings on every line of one block"),
    Shape("setext-headings", "a\n=\n", "setext headings in one block"),
    Shape("rules", "***\n", "horizontal rules in one block"),
    Shape("admonitions", "!!! note\n", "admonition openers in one block"),
    Shape("details", "??? note\n", "pymdownx.details openers in one block"),
    Shape("tabs", '=== "a"\n', "pymdownx.tabbed openers in one block"),
    Shape("fences", "```\n", "fence lines: empty fenced code blocks"),
    Shape("tilde-fences", "~~~\n", "fence lines of tildes"),
    Shape("fences-highlighted", "```python\nx\n```\n", "short fenced blocks, each highlighted"),
    Shape("fence-unclosed", "x\n", "a fence that never closes", prefix="```\n", costly=False),
    Shape("html-blocks", "<div>\n", "HTML block openers"),
    Shape("markdown-in-html", '<div markdown="1">\n', "md_in_html blocks that never close"),
    Shape("comments-open", "<!--", "HTML comments that never close"),
    Shape("list-items", "- x\n", "list items"),
    Shape("quotes", "> a\n", "quoted lines", costly=False),
    Shape("indented-code", "    x\n", "indented code lines", costly=False),
    Shape("table-rows", "| a | b |\n", "table rows", prefix="| a | b |\n|---|---|\n"),
    Shape("table-columns", "|a", "one table row of many columns", suffix="\n|-|-\n", costly=False),
    Shape("footnote-definitions", _numbered("[^{}]: x\n", 100_000), "footnote definitions in one block"),
    Shape("abbreviation-definitions", _numbered("*[A{}]: x\n", 100_000), "distinct abbreviation definitions"),
    Shape("abbreviations-same", "*[A]: x\n", "the same abbreviation defined on every line"),
    Shape("reference-definitions", _numbered("[r{}]: https://a\n", 100_000), "link reference definitions"),
    Shape("headings-distinct-apart", _numbered("# h{}\n\n", 100_000), "distinct headings, each in its own block"),
    Shape("rules-apart", "***\n\n", "horizontal rules, each in its own block"),
    Shape("admonitions-apart", "!!! note\n\n", "empty admonitions, each in its own block"),
    Shape("admonitions-nested", "!!! note\n    ", "admonitions, each inside the one before", suffix="x\n"),
    Shape("details-apart", "??? note\n\n", "empty details, each in its own block"),
    Shape("tabs-apart", '=== "a"\n\n', "empty tabs, each in its own block"),
    Shape("footnotes-apart", _numbered("[^{0}]: x\n\nx[^{0}]\n\n", 100_000), "footnotes, defined and used"),
    Shape("abbreviations-apart", _numbered("*[A{}]: x\n\n", 100_000), "distinct abbreviations, apart"),
    Shape("markdown-in-html-apart", '<div markdown="1">\n\n', "md_in_html blocks that never close, apart"),
    Shape("html-blocks-closed", "<div>x</div>\n\n", "closed HTML blocks"),
    Shape("blank-lines", "\n", "blank lines, between two paragraphs", prefix="x\n", suffix="x\n"),
    Shape("paragraphs", "x\n\n", "one-letter paragraphs"),
    # HTML that the sanitizer's parser would rebuild many times over.
    Shape("formatting-reconstruction", "<p>x", "elements a parser reopens in each paragraph",
          prefix="<p>" + "".join(f"<b id=b{i}>" for i in range(200))),
)

BY_NAME = {shape.name: shape for shape in SHAPES}
assert len(BY_NAME) == len(SHAPES)


LIMIT = 1024 * 1024
"""A practice file's size limit (``Limits.max_markdown_bytes``): every shape is tried at it."""


def practice_file(shape: Shape, size: int = LIMIT) -> str:
    """A practice of one shape: front matter, then the shape, ``size`` characters in all (bytes: they are ASCII)."""
    front = f"---\ntitle: {shape.name}\nsummary: A practice of one shape.\nstewards: [ada-okafor]\n---\n\n"
    return front + shape.body(size - len(front))


def shape_corpus(root, names, size: int = LIMIT) -> None:
    """Write a community under ``root`` with one practice of each shape named (``practices/shapes/<name>.md``)."""
    from pathlib import Path

    root = Path(root)
    from . import MKDOCS_YML  # the example community's Markdown extensions

    files = {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# Shapes\n\nOne practice of each shape.\n",
             "members/ada-okafor.yml": "name: Ada Okafor\n",
             "practices/shapes/domain.yml": "title: Shapes\nsummary: One of each.\nstewards: [ada-okafor]\n"}
    files |= {f"practices/shapes/{name}.md": practice_file(BY_NAME[name], size) for name in names}
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
