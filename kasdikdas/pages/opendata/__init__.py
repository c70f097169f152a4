"""opendata: the showcases as open data at /data/ (kiprah.json + its JSON Schema,
kiprah.csv, sekolah.csv, inovasi.csv) and the page that documents every column.

Everything comes from the same validated model as the pages (`article.showcase`,
the registry); video facts come from `article.media` when the video plugin set it.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.pages.generator import ModelPageGenerator

from .files import write_csv, write_json
from .media import media_facts
from .records import (
    INNOVATION_COLUMNS,
    KIPRAH_COLUMNS,
    Column,
    Entry,
    innovation_rows,
    kiprah_csv_row,
    kiprah_document,
    school_columns,
    school_rows,
)
from .settings import apply_defaults

logger = logging.getLogger(__name__)

SCHEMA_FILE = Path(__file__).with_name("kiprah.v1.schema.json")


@dataclass(frozen=True)
class DataFile:
    """One published file, as the /data/ page lists it."""

    name: str
    title: str
    description: str
    rows: int
    size: int
    columns: tuple[Column, ...] = ()


def entries_from(articles, settings: dict | None = None) -> list[Entry]:
    return [Entry(a.showcase, a.url, media_facts(a, settings)) for a in articles
            if hasattr(a, "showcase")]


# What the /data/ page says about each file: (title, description).
DESCRIPTIONS = {
    "kiprah.json": (
        "Semua kiprah (JSON)",
        (
            "Satu rekaman per kiprah, untuk program dan aplikasi. Strukturnya "
            "dijelaskan oleh skema JSON di bawah."
        ),
    ),
    "kiprah.csv": ("Semua kiprah (CSV)", "Satu baris per kiprah, untuk Excel atau LibreOffice."),
    "sekolah.csv": (
        "Sekolah dan partisipasinya",
        (
            "Setiap sekolah di daftar sekolah, juga yang belum berpartisipasi, dengan "
            "jumlah kiprahnya per kategori."
        ),
    ),
    "inovasi.csv": (
        "Inovasi sekolah",
        ("Satu baris per inovasi, kolomnya berurutan seperti isian Indeks Inovasi Daerah."),
    ),
    SCHEMA_FILE.name: (
        "Skema JSON (versi 1)",
        (
            "JSON Schema (draf 2020-12) yang dipenuhi kiprah.json. Bila strukturnya "
            "berubah tidak kompatibel, terbit versi baru dengan nama berkas baru."
        ),
    ),
}


def write_data_files(folder: Path, entries: list[Entry], schools, settings: dict) -> list[DataFile]:
    """Write the four data files and the schema into `folder`; describe them for the page."""
    siteurl = settings["SITEURL"]
    document = kiprah_document(entries, siteurl, SCHEMA_FILE.name)
    kiprah_rows = [kiprah_csv_row(r) for r in document["showcases"]]
    sekolah = school_rows(schools, entries, siteurl, settings["OPENDATA_SCHOOL_URL"])
    inovasi = innovation_rows(entries, siteurl)
    folder.mkdir(parents=True, exist_ok=True)
    written = {  # name: (path, rows, columns)
        "kiprah.json": (write_json(folder / "kiprah.json", document), len(entries), KIPRAH_COLUMNS),
        "kiprah.csv": (
            write_csv(folder / "kiprah.csv", KIPRAH_COLUMNS, kiprah_rows),
            len(entries),
            KIPRAH_COLUMNS,
        ),
        "sekolah.csv": (
            write_csv(folder / "sekolah.csv", school_columns(), sekolah),
            len(sekolah),
            school_columns(),
        ),
        "inovasi.csv": (
            write_csv(folder / "inovasi.csv", INNOVATION_COLUMNS, inovasi),
            len(inovasi),
            INNOVATION_COLUMNS,
        ),
        SCHEMA_FILE.name: (Path(shutil.copyfile(SCHEMA_FILE, folder / SCHEMA_FILE.name)), 0, ()),
    }
    return [
        DataFile(name, *DESCRIPTIONS[name], rows, path.stat().st_size, tuple(columns))
        for name, (path, rows, columns) in written.items()
    ]


class OpenDataGenerator(ModelPageGenerator):
    """Writes the data files, then the /data/ page that documents them."""

    def write_pages(self, writer, registry):
        s = self.settings
        entries = entries_from(self.context.get("articles", []), s)
        folder = Path(self.output_path) / s["OPENDATA_DIR"]
        files = write_data_files(folder, entries, registry.schools.values(), s)
        logger.info("opendata: %d kiprah, %d sekolah diekspor", len(entries), len(registry.schools))
        self.write_page(
            writer,
            s["OPENDATA_SAVE_AS"],
            s["OPENDATA_URL"],
            "data",
            data_files=files,
            data_dir=s["OPENDATA_DIR"],
        )


def add_defaults(settings: dict) -> None:
    apply_defaults(settings)
