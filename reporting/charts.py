"""Bar charts drawn on the server as inline SVG: no script, readable without colour, and each
one rendered next to a table with the same numbers."""

from dataclasses import dataclass
from datetime import date


def _svg(number: float) -> str:
    """A coordinate as SVG wants it (formatted here: cheaper than a template filter)."""
    return f"{number:.1f}"


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    def __post_init__(self) -> None:
        # Ready-made attribute values for the template.
        self.svg = {
            "x": _svg(self.x),
            "y": _svg(self.y),
            "width": _svg(self.width),
            "height": _svg(self.height),
            "center_x": _svg(self.x + self.width / 2),
            "end_x": _svg(self.x + self.width),
            "middle_y": _svg(self.y + self.height / 2),
        }


@dataclass
class BarChart:
    title: str
    description: str
    bars: list[Bar]
    width: int
    height: int
    maximum: int
    horizontal: bool
    gridlines: list[tuple[str, int]]  # position, value
    axis: float  # column chart: y of the baseline; row chart: x where bars start
    plot_start: float  # column chart: x where the plot starts; row chart: y of the first bar
    plot_end: float  # column chart: right edge; row chart: bottom edge

    @property
    def is_empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def _nice_max(value: int) -> int:
    """A round axis maximum at or above `value` (1, 2, 5 x 10^n, so five gridline steps are
    whole numbers)."""
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def column_chart(
    title: str, description: str, series: list[tuple[str, int]], width: int = 720, height: int = 260
) -> BarChart:
    """Vertical bars, left to right (a trend over months)."""
    left, bottom, top = 40.0, 40.0, 10.0
    plot_height = height - bottom - top
    maximum = _nice_max(max((value for _, value in series), default=0))
    slot = (width - left - 10) / max(len(series), 1)
    bars = []
    for index, (label, value) in enumerate(series):
        bar_height = plot_height * value / maximum
        bars.append(
            Bar(
                label=label,
                value=value,
                x=left + index * slot + slot * 0.15,
                y=top + plot_height - bar_height,
                width=slot * 0.7,
                height=bar_height,
            )
        )
    grid = [(_svg(top + plot_height * (1 - step / 5)), maximum * step // 5) for step in range(6)]
    return BarChart(
        title, description, bars, width, height, maximum, False, grid,
        axis=top + plot_height, plot_start=left, plot_end=width - 10,
    )  # fmt: skip


def row_chart(
    title: str, description: str, series: list[tuple[str, int]], width: int = 720
) -> BarChart:
    """Horizontal bars, top to bottom (counts by category), with room for long labels."""
    label_width, row_height = 220.0, 28.0
    height = int(row_height * max(len(series), 1) + 30)
    maximum = _nice_max(max((value for _, value in series), default=0))
    plot_width = width - label_width - 60
    bars = [
        Bar(
            label=label,
            value=value,
            x=label_width,
            y=10 + index * row_height,
            width=plot_width * value / maximum,
            height=row_height * 0.65,
        )
        for index, (label, value) in enumerate(series)
    ]
    grid = [(_svg(label_width + plot_width * step / 5), maximum * step // 5) for step in range(6)]
    return BarChart(
        title, description, bars, width, height, maximum, True, grid,
        axis=label_width, plot_start=5, plot_end=height - 20,
    )  # fmt: skip


def month_label(month: date) -> str:
    return month.strftime("%b %Y")
