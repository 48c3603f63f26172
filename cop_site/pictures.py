"""Pictures of plain data as static SVG: no script, no network, the same bytes for the same data.

Every picture is inline SVG, so the theme's CSS variables colour it (light and dark palettes alike, see
``assets/cop-site.css``: colours are classes, never attributes). Each one is an image with a title and a
description for screen readers, and ``figure()`` puts its data beside it as a table.

Only elements and attributes the sanitizer keeps are used (``svg``, ``g``, ``rect``, ``line``, ``polyline``,
``text``, ``title``, ``desc``; geometry, ``class``, ``role``, ``aria-*``), so pictures pass through it unchanged.
"""

from __future__ import annotations

import html
from typing import Sequence

from markupsafe import Markup


def escape(text: object) -> str:
    """Text for an element's content, escaped as the sanitizer writes it back (quotes stay), so it keeps every byte."""
    return html.escape(str(text), quote=False)

def _svg(key: str, width: int, height: int, title: str, description: str, body: list[str]) -> Markup:
    """The SVG element around ``body``: drawn at its own size (CSS shrinks it on a narrow screen, never stretches
    it), labelled by its title and description."""
    return Markup(
        f'<svg class="cop-chart__svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="cop-{key}-title cop-{key}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="cop-{key}-title">{escape(title)}</title><desc id="cop-{key}-desc">{escape(description)}</desc>'
        + "".join(body) + "</svg>")


def _rect(x: float, y: float, width: float, height: float, css: str, tip: str = "") -> str:
    tip_element = f"<title>{escape(tip)}</title>" if tip else ""
    return (f'<rect class="{css}" x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}">'
            f"{tip_element}</rect>")


def _text(x: float, y: float, text: str, css: str) -> str:
    return f'<text class="{css}" x="{x:g}" y="{y:g}">{escape(text)}</text>'


def stacked_bars(key: str, title: str, description: str, labels: Sequence[str],
                 series: Sequence[tuple[str, str, Sequence[int]]], every: int = 3) -> Markup:
    """Vertical bars, one per label, each stacked from the series in order (the first at the bottom).

    Args:
        key: unique on the page; names the title and description ids.
        title: what the picture shows, in a few words.
        description: what it shows, in a sentence a screen reader says (the table has the numbers).
        labels: the x axis (months, say); every ``every``-th one is printed, counted back from the last.
        series: (name, css class, one value per label).
    """
    bar, gap, left, top, plot = 14, 4, 34, 26, 110
    width = left + len(labels) * (bar + gap) + 6
    height = top + plot + 34
    totals = [sum(values[i] for _n, _c, values in series) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    body = [_legend(series, left, 12)]
    body.append(f'<line class="cop-chart__axis" x1="{left - 4}" y1="{top + plot}" x2="{width - 4}" y2="{top + plot}"></line>')
    body.append(_text(left - 8, top + plot + 4, "0", "cop-chart__tick"))
    body.append(_text(left - 8, top + 8, str(peak), "cop-chart__tick"))
    body.append(f'<line class="cop-chart__grid" x1="{left - 4}" y1="{top}" x2="{width - 4}" y2="{top}"></line>')
    for i, label in enumerate(labels):
        x = left + i * (bar + gap)
        y = top + plot
        for name, css, values in series:
            value = values[i]
            if value:
                h = plot * value / peak
                y -= h
                body.append(_rect(x, round(y, 1), bar, round(h, 1), css, f"{label}: {value} {name}"))
        if (len(labels) - 1 - i) % every == 0:  # counted from the last label, which is always printed
            body.append(_text(x + bar / 2, top + plot + 16, label, "cop-chart__label"))
    return _svg(key, width, height, title, description, body)


def _legend(series: Sequence[tuple[str, str, Sequence[int]]], x: float, y: float) -> str:
    out = []
    for name, css, _values in series:
        out.append(_rect(x, y - 8, 10, 10, css))
        out.append(_text(x + 14, y + 1, name, "cop-chart__legend"))
        x += 14 + len(name) * 6.2 + 16
    return '<g class="cop-chart__key">' + "".join(out) + "</g>"


def sparkline(key: str, title: str, values: Sequence[int]) -> Markup:
    """A small line of ``values`` (oldest first), for a row of a list; ``title`` says what it is, with numbers."""
    width, height, pad = 96, 24, 2
    peak = max(values, default=0) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = " ".join(f"{pad + i * step:g},{round(height - pad - (height - 2 * pad) * v / peak, 1):g}"
                      for i, v in enumerate(values))
    body = [f'<line class="cop-chart__axis" x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}"></line>',
            f'<polyline class="cop-chart__line" points="{points}"></polyline>']
    return Markup(
        f'<svg class="cop-chart__spark" viewBox="0 0 {width} {height}" role="img" aria-labelledby="cop-{key}-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="cop-{key}-title">{escape(title)}</title>'
        + "".join(body) + "</svg>")


def heat_map(key: str, title: str, description: str, rows: Sequence[str], columns: Sequence[str],
             values: Sequence[Sequence[int]]) -> Markup:
    """A grid of counts: one row per item, one column per category; darker cells hold more."""
    label_width = min(max((len(r) for r in rows), default=4), 28) * 6.4 + 10
    cell_w, cell_h, top = 86, 20, 22
    width = int(label_width + cell_w * len(columns) + 4)
    height = top + cell_h * len(rows) + 4
    peak = max((v for row in values for v in row), default=0) or 1
    body = [_text(label_width + cell_w * j + cell_w / 2, 14, name, "cop-chart__label") for j, name in enumerate(columns)]
    for i, (row, counts) in enumerate(zip(rows, values)):
        y = top + i * cell_h
        shown = row if len(row) <= 28 else row[:27] + "…"
        body.append(_text(label_width - 6, y + 14, shown, "cop-chart__row"))
        for j, count in enumerate(counts):
            level = 0 if count == 0 else 1 + min(3, int(4 * count / (peak + 1)))
            x = label_width + j * cell_w
            body.append(_rect(x + 1, y + 1, cell_w - 2, cell_h - 2, f"cop-heat-{level}",
                              f"{row}, {columns[j]}: {count}"))
            body.append(_text(x + cell_w / 2, y + 14, str(count), f"cop-chart__cell cop-heat-text-{level}"))
    return _svg(key, width, height, title, description, body)


def bars(key: str, title: str, description: str, items: Sequence[tuple[str, float, str]], peak: float,
         css: str = "cop-k-bar") -> Markup:
    """Horizontal bars: (label, value, text printed after the bar) per item, scaled to ``peak``."""
    label_width = min(max((len(label) for label, _v, _t in items), default=4), 28) * 6.4 + 10
    bar_space, row, top = 220, 20, 4
    width = int(label_width + bar_space + 60)
    height = top + row * len(items) + 4
    body = []
    for i, (label, value, text) in enumerate(items):
        y = top + i * row
        shown = label if len(label) <= 28 else label[:27] + "…"
        body.append(_text(label_width - 6, y + 14, shown, "cop-chart__row"))
        length = bar_space * value / peak if peak else 0
        body.append(_rect(label_width, y + 3, round(max(length, 1), 1), row - 6, css, f"{label}: {text}"))
        body.append(_text(label_width + length + 6, y + 14, text, "cop-chart__value"))
    return _svg(key, width, height, title, description, body)


def figure(picture: Markup, caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Markup:
    """A picture with its caption and its data as a table, folded under "Data" (open it to read the numbers).

    The result is one HTML block for a Markdown page: no blank line inside, so Markdown leaves it as it is.
    """
    head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return Markup(f'<figure class="cop-chart">{picture}<figcaption>{escape(caption)}</figcaption>'
                  f'<details class="cop-chart__data"><summary>Data: {escape(caption)}</summary>'
                  f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details></figure>")


BADGE_COLOURS = {"healthy": "#1b5e20", "quiet": "#8a4b00", "at-risk": "#b71c1c"}
"""Badge colours by state; white text on each has a contrast ratio above 7:1."""


def badge(label: str, message: str, state: str) -> str:
    """A standalone SVG badge, like a CI status badge, for a README or a wiki elsewhere.

    It is shown as an image on other sites, where the theme's CSS cannot reach it, so unlike the pictures above
    it carries its own colours. Text widths are estimated (6.5 px a character at 11 px), so no font is needed.
    """
    left, right = int(len(label) * 6.5) + 12, int(len(message) * 6.5) + 12
    width = left + right
    colour = BADGE_COLOURS[state]
    text = escape(f"{label}: {message}")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" viewBox="0 0 {width} 20" '
            f'role="img" aria-label="{html.escape(f"{label}: {message}", quote=True)}"><title>{text}</title>'
            f'<rect width="{left}" height="20" fill="#424242"/><rect x="{left}" width="{right}" height="20" '
            f'fill="{colour}"/><g fill="#ffffff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
            f'<text x="6" y="14">{escape(label)}</text><text x="{left + 6}" y="14">{escape(message)}</text></g></svg>\n')
