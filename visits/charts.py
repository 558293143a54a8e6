"""Charts drawn on the server as SVG: no script, no CDN. Each chart carries a
title and description for screen readers and is always shown beside its data
table (the accessible form of the same numbers)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 720
HEIGHT = 240
MARGIN_LEFT = 64
MARGIN_BOTTOM = 28
MARGIN_TOP = 12
COLOURS = ("#2e5a88", "#c0392b", "#2a7f3f")


def _scale_max(values):
    top = max(values, default=0)
    if top <= 0:
        return 1
    magnitude = 10 ** (len(str(int(top))) - 1)
    return ((int(top) // magnitude) + 1) * magnitude


def line_chart(chart_id, title, labels, series):
    """A line chart: `labels` along the x axis, `series` [(name, values)]."""
    plot_width = WIDTH - MARGIN_LEFT - 8
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = _scale_max([value for _name, values in series for value in values])
    count = max(len(labels), 1)
    step = plot_width / max(count - 1, 1)

    def point(index, value):
        x = MARGIN_LEFT + index * step
        y = MARGIN_TOP + plot_height - value / top * plot_height
        return f"{x:.1f},{y:.1f}"

    parts = [_axes(top, plot_width, plot_height)]
    every = max(1, count // 8)
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                    f"{MARGIN_LEFT + index * step:.1f}",
                    HEIGHT - 8,
                    label,
                )
            )
    for number, (name, values) in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        points = " ".join(point(index, value) for index, value in enumerate(values))
        parts.append(
            format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2" points="{}">'
                "<title>{}</title></polyline>",
                colour,
                points,
                name,
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
                MARGIN_LEFT + 8 + number * 140,
                MARGIN_TOP + 12,
                colour,
                "— " + str(name),
            )
        )
    return _svg(chart_id, title, parts)


def bar_chart(chart_id, title, items):
    """Horizontal bars: `items` [(label, value)], largest first."""
    items = list(items)
    row = 22
    height = max(row * len(items) + 8, 40)
    top = max((value for _label, value in items), default=0) or 1
    label_width = 260
    bar_width = WIDTH - label_width - 80
    parts = []
    for index, (label, value) in enumerate(items):
        y = 4 + index * row
        text = str(label)
        if len(text) > 34:
            text = text[:33] + "…"
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="16" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="12">{}</text>',
                label_width - 6,
                y + 12,
                text,
                label_width,
                y,
                f"{value / top * bar_width:.1f}",
                COLOURS[0],
                f"{label_width + value / top * bar_width + 4:.1f}",
                y + 12,
                value,
            )
        )
    return _svg(chart_id, title, parts, height=height)


def _axes(top, plot_width, plot_height):
    lines = []
    for tick in range(5):
        value = top * tick / 4
        y = MARGIN_TOP + plot_height - plot_height * tick / 4
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"></line>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>',
                MARGIN_LEFT,
                MARGIN_LEFT + plot_width,
                f"{y:.1f}",
                f"{y:.1f}",
                MARGIN_LEFT - 6,
                f"{y + 4:.1f}",
                f"{value:g}",
            )
        )
    return mark_safe("".join(lines))  # noqa: S308 - built with format_html


def _svg(chart_id, title, parts, height=HEIGHT):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-labelledby="{}-title {}-desc" class="visits-chart">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        _("数据见下表"),
        format_html_join("", "{}", ((part,) for part in parts)),
    )
