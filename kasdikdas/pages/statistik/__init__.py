"""statistik: counts by level, category, kecamatan and month, the coverage of the
school registry and the "1 sekolah 1 inovasi" progress at /statistik/, each figure
as a build-time SVG chart with the same numbers in a table.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.idformat import angka, persen, tanggal
from kasdikdas.pages.generator import ModelPageGenerator

from . import stats
from .charts import Bar, bar_chart, chart_height
from .settings import StatistikSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figure:
    """A chart and its table: rows are `stats.Tally` (counts) or `stats.Share` (coverage)."""

    slug: str  # file name of the chart, and the section's id
    heading: str
    dimension: str  # header of the label column: Jenjang, Kecamatan…
    rows: list
    is_share: bool = False
    covered_heading: str = "Sekolah ikut serta"

    @property
    def height(self) -> int:
        return chart_height(self.rows)

    def bars(self) -> list[Bar]:
        if self.is_share:
            return [
                Bar(r.label, r.fraction or 0, persen(r.fraction) if r.total else "—")
                for r in self.rows
            ]
        return [Bar(r.label, r.count, angka(r.count)) for r in self.rows]

    def svg(self) -> str:
        return bar_chart(self.heading, self.bars(), scale_max=1 if self.is_share else None)


@dataclass(frozen=True)
class Statistics:
    showcases: int
    schools: int
    participation: stats.Coverage
    innovation: stats.Coverage
    figures: dict[str, Figure]


def month_label(month) -> str:
    return tanggal(month, "MMMM y")


def statistics(showcases, registry) -> Statistics:
    """Everything /statistik/ shows, from the showcases and the registry."""
    schools = list(registry.schools.values())
    taking_part = stats.coverage(schools, registry.kecamatan, stats.participating(showcases))
    innovating = stats.coverage(schools, registry.kecamatan, stats.innovating(showcases))
    figures = [
        Figure("jenjang", "Jumlah kiprah per jenjang", "Jenjang", stats.by_level(showcases)),
        Figure("kategori", "Jumlah kiprah per kategori", "Kategori", stats.by_category(showcases)),
        Figure(
            "kecamatan",
            "Jumlah kiprah per kecamatan",
            "Kecamatan",
            stats.by_kecamatan(showcases, registry.kecamatan),
        ),
        Figure("bulan", "Jumlah kiprah per bulan", "Bulan", stats.by_month(showcases, month_label)),
        Figure(
            "cakupan-jenjang",
            "Sekolah yang berpartisipasi per jenjang",
            "Jenjang",
            taking_part.by_level,
            True,
        ),
        Figure(
            "cakupan-kecamatan",
            "Sekolah yang berpartisipasi per kecamatan",
            "Kecamatan",
            taking_part.by_kecamatan,
            True,
        ),
        Figure(
            "inovasi-jenjang",
            "Sekolah yang punya inovasi per jenjang",
            "Jenjang",
            innovating.by_level,
            True,
            "Sekolah dengan inovasi",
        ),
        Figure(
            "inovasi-tahun",
            "Sekolah yang punya inovasi per tahun",
            "Tahun",
            stats.innovation_by_year(showcases, schools),
            True,
            "Sekolah dengan inovasi",
        ),
    ]
    return Statistics(
        len(showcases), len(schools), taking_part, innovating, {f.slug: f for f in figures}
    )


def write_charts(folder: Path, figures) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for figure in figures:
        path = folder / f"{figure.slug}.svg"
        path.write_text(figure.svg(), encoding="utf-8")
        written.append(path)
    return written


class StatistikGenerator(ModelPageGenerator):
    """Writes the SVG charts, then /statistik/."""

    def write_pages(self, writer, registry):
        s = StatistikSettings.read(self.settings)
        result = statistics(self.context.get("showcases", []), registry)
        write_charts(Path(self.output_path) / s.STATISTIK_DIR, result.figures.values())
        logger.info("statistik: %d grafik ditulis", len(result.figures))
        self.write_page(
            writer,
            s.STATISTIK_SAVE_AS,
            s.STATISTIK_URL,
            "statistik",
            statistik=result,
            chart_dir=s.STATISTIK_DIR,
        )

