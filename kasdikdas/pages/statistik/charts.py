"""Horizontal bar charts as small, self-contained SVG files (no JavaScript, no fonts).

Phone first: 320 units wide, each label on its own line above its bar, so the text is
readable at 1:1 on a 320 px screen. The chart is a picture of a table that sits beside
it on the page; it carries role="img", a <title> and a <desc> with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 320
VALUE_WIDTH = 64  # room after the longest bar for its value ("100%", "1.234")
ROW = 40
LABEL_BASELINE = 15
BAR_TOP = 21
BAR = 14
PAD = 4
BAR_COLOUR = "#1b6b4a"
TEXT_COLOUR = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # in the chart's scale
    text: str  # the value as readers see it: "1.234" or "45,5%"


def chart_height(bars: list[Bar]) -> int:
    return PAD * 2 + ROW * max(1, len(bars))


def bar_chart(title: str, bars: list[Bar], scale_max: float | None = None) -> str:
    """An SVG bar chart; bars are scaled to `scale_max` (default: the largest value)."""
    top = scale_max if scale_max else max((b.value for b in bars), default=0) or 1
    room = WIDTH - VALUE_WIDTH
    height = chart_height(bars)
    description = "; ".join(f"{b.label}: {b.text}" for b in bars) or "belum ada data"
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="judul isi" '
            f'font-family="system-ui, sans-serif" font-size="14" fill="{TEXT_COLOUR}">'
        ),
        f'<title id="judul">{escape(title)}</title>',
        f'<desc id="isi">{escape(description)}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = PAD + i * ROW
        length = max(0.0, min(1.0, bar.value / top)) * room
        parts.append(f'<text x="0" y="{y + LABEL_BASELINE}">{escape(bar.label)}</text>')
        if length > 0:
            parts.append(
                f'<rect x="0" y="{y + BAR_TOP}" width="{length:.1f}" height="{BAR}" '
                f'fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{length + 5:.1f}" y="{y + BAR_TOP + BAR - 2}" '
            f'font-weight="bold">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
