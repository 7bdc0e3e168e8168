"""Static SVG line charts for metrics, with the change said in words.

No chart JavaScript: the SVG is drawn here, and every chart sits beside a
table of the same figures.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.model.journey import Better, Metric

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 24, 56


def format_number(value: float) -> str:
    """27 rather than 27.0; 4.5 stays 4.5; thousands get commas (1,250)."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str | None) -> str:
    number = format_number(value)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def describe_change(metric: Metric) -> str:
    """'Down from 107 in March 2022 to 27 in September 2022. Lower is better. Target: 20.'"""
    first, last = metric.points[0], metric.points[-1]
    unit = metric.unit
    if len(metric.points) == 1:
        sentence = f"{with_unit(last.value, unit)} in {last.period}."
    elif last.value == first.value:
        sentence = (f"No change: {with_unit(last.value, unit)} in {first.period} "
                    f"and in {last.period}.")
    else:
        direction = "Up" if last.value > first.value else "Down"
        sentence = (f"{direction} from {with_unit(first.value, unit)} in {first.period} "
                    f"to {with_unit(last.value, unit)} in {last.period}.")
    if metric.better is not None:
        sentence += f" {metric.better.value.capitalize()} is better."
    if metric.target is not None:
        sentence += f" Target: {with_unit(metric.target, unit)}."
    return sentence


def is_improving(metric: Metric) -> bool | None:
    """True if the latest value moved the right way since the first, None if unknowable."""
    if metric.better is None or len(metric.points) < 2:
        return None
    first, last = metric.points[0].value, metric.points[-1].value
    if first == last:
        return None
    return (last < first) == (metric.better is Better.LOWER)


def line_chart(metric: Metric) -> Markup:
    """An accessible SVG line chart; its title and description carry the words."""
    values = [p.value for p in metric.points]
    if metric.target is not None:
        values.append(metric.target)
    low, high = min(0.0, min(values)), max(values)
    high = high if high > low else low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(metric.points)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    ident = f"chart-{escape(metric.id.lower())}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" focusable="false">',
        f'<title id="{ident}-title">{escape(metric.title)}</title>',
        f'<desc id="{ident}-desc">{escape(describe_change(metric))}</desc>',
        f'<line class="chart__axis" x1="{LEFT}" y1="{y(low):.1f}" x2="{WIDTH - RIGHT}" '
        f'y2="{y(low):.1f}"/>',
        f'<text class="chart__label" x="{LEFT - 8}" y="{y(high) + 5:.1f}" text-anchor="end">'
        f"{escape(format_number(high))}</text>",
        f'<text class="chart__label" x="{LEFT - 8}" y="{y(low) + 5:.1f}" text-anchor="end">'
        f"{escape(format_number(low))}</text>",
    ]
    if metric.target is not None:
        ty = y(metric.target)
        parts.append(f'<line class="chart__target" x1="{LEFT}" y1="{ty:.1f}" '
                     f'x2="{WIDTH - RIGHT}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="chart__label chart__label--target" x="{WIDTH - RIGHT}" '
                     f'y="{ty - 6:.1f}" text-anchor="end">Target '
                     f"{escape(format_number(metric.target))}</text>")
    points = " ".join(f"{x(i):.1f},{y(p.value):.1f}" for i, p in enumerate(metric.points))
    parts.append(f'<polyline class="chart__line" points="{points}"/>')
    for i, point in enumerate(metric.points):
        parts.append(f'<circle class="chart__point" cx="{x(i):.1f}" '
                     f'cy="{y(point.value):.1f}" r="5"/>')
    for i in sorted({0, count - 1}):
        anchor = "start" if i == 0 and count > 1 else "end" if count > 1 else "middle"
        parts.append(f'<text class="chart__label" x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 24}" '
                     f'text-anchor="{anchor}">{escape(str(metric.points[i].period))}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))
