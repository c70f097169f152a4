"""opendata: the showcases as open data at /data/ (kiprah.json + its JSON Schema,
kiprah.csv, sekolah.csv, inovasi.csv) and the page that documents every column.

Everything comes from the same validated model as the pages (`article.view`: the
showcase and its media; the registry).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kasdikdas.pages.generator import ModelPageGenerator

from .datapackage import data_package, metadata
from .files import write_csv, write_json, write_xlsx
from .innovations import innovation_columns, innovation_rows
from .media import media_facts
from .records import (
    KIPRAH_COLUMNS,
    Column,
    Entry,
    kiprah_csv_row,
    kiprah_document,
    school_columns,
    school_rows,
)
from .schema import SCHEMA_NAME, kiprah_schema
from ..inovasi.settings import InovasiSettings
from ..groups.settings import GroupsSettings
from .settings import OpenDataSettings

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class DataFile:
    """One published file, as the /data/ page lists it."""

    name: str
    title: str
    description: str
    rows: int
    size: int
    columns: tuple[Column, ...] = ()

    @property
    def counted(self) -> bool:
        """A table or a list of records (the schema is neither)."""
        return self.name.endswith((".csv", ".xlsx")) or self.name == "kiprah.json"

    @property
    def unit(self) -> str:
        return "rekaman" if self.name.endswith(".json") else "baris"


def entries_from(articles, settings: dict | None = None) -> list[Entry]:
    return [Entry(a.view.showcase, a.url, media_facts(a.view.media, settings)) for a in articles
            if hasattr(a, "view")]


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
        ("Satu baris per inovasi yang dicatat, apa pun status penjaringannya; kolomnya "
         "berurutan seperti isian Indeks Inovasi Daerah (profil, lalu level dan bukti setiap "
         "indikator), disusul status penjaringan dan kolom situs ini. Skor dan predikat "
         "hanya perkiraan."),
    ),
    "iid.csv": (
        "Isian Indeks Inovasi Daerah {year} (CSV)",
        ("Hanya inovasi yang diikutkan (status diikutkan) ke Indeks Inovasi Daerah {year}, "
         "kolomnya sama dengan inovasi.csv: salin baris demi baris ke aplikasi indeks."),
    ),
    "iid.xlsx": (
        "Isian Indeks Inovasi Daerah {year} (Excel)",
        ("Isi yang sama dengan CSV di atas sebagai buku kerja Excel; lembar `kolom` "
         "menjelaskan setiap kolom. Teks yang diawali = tetap teks, bukan rumus."),
    ),
    "datapackage.json": (
        "Paket data (Frictionless Data Package)",
        ("Deskripsi mesin untuk semua berkas CSV di atas: jenis setiap kolom, nilai yang "
         "sah, NPSN sebagai kunci sekolah, lisensi, penerbit dan tanggal pembaruan. Periksa "
         "dengan `frictionless validate datapackage.json`."),
    ),
    SCHEMA_NAME: (
        "Skema JSON (versi 1)",
        (
            "JSON Schema (draf 2020-12) yang dipenuhi kiprah.json. Bila strukturnya "
            "berubah tidak kompatibel, terbit versi baru dengan nama berkas baru."
        ),
    ),
}


def write_data_files(folder: Path, entries: list[Entry], schools, settings: dict,
                     index_rules: dict | None = None, kecamatan=(), meta: dict | None = None
                     ) -> list[DataFile]:
    """Write the data files and the schema into `folder`; describe them for the page."""
    siteurl = settings["SITEURL"]
    index_rules = index_rules or {}
    document = kiprah_document(entries, siteurl, SCHEMA_NAME)
    kiprah_rows = [kiprah_csv_row(r) for r in document["showcases"]]
    sekolah = school_rows(schools, entries, siteurl, GroupsSettings.read(settings).GROUPS_SCHOOL_URL)
    profile_url = InovasiSettings.read(settings).INOVASI_PROFILE_URL
    inovasi_columns = innovation_columns(index_rules)
    inovasi = innovation_rows(entries, siteurl, index_rules, profile_url)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[Path, int, Sequence[Column]]] = {  # name: (path, rows, columns)
        "kiprah.json": (write_json(folder / "kiprah.json", document), len(entries), KIPRAH_COLUMNS),
        "kiprah.csv": (write_csv(folder / "kiprah.csv", KIPRAH_COLUMNS, kiprah_rows),
                       len(entries), KIPRAH_COLUMNS),
        "sekolah.csv": (write_csv(folder / "sekolah.csv", school_columns(), sekolah),
                        len(sekolah), school_columns()),
        "inovasi.csv": (write_csv(folder / "inovasi.csv", inovasi_columns, inovasi),
                        len(inovasi), inovasi_columns),
    }
    described = {name: DESCRIPTIONS[name] for name in written}
    if index_rules:  # the index export of the latest year with rules
        year = max(index_rules)
        entered = innovation_rows(entries, siteurl, index_rules, profile_url, entered_in=year)
        for kind, write in (("csv", write_csv), ("xlsx", None)):
            name = f"iid-{year}.{kind}"
            path = (write_csv(folder / name, inovasi_columns, entered) if write
                    else write_xlsx(folder / name, inovasi_columns, entered, f"iid-{year}"))
            written[name] = (path, len(entered), ())  # the columns of inovasi.csv
            title, description = DESCRIPTIONS[f"iid.{kind}"]
            described[name] = (title.format(year=year), description.format(year=year))
    written[SCHEMA_NAME] = (write_json(folder / SCHEMA_NAME, kiprah_schema()), 0, ())
    described[SCHEMA_NAME] = DESCRIPTIONS[SCHEMA_NAME]
    files = [
        DataFile(name, *described[name], rows, path.stat().st_size, tuple(columns))
        for name, (path, rows, columns) in written.items()
    ]
    if meta is not None:  # last: it describes the files above
        package = data_package(files, kecamatan, index_rules, settings, meta)
        path = write_json(folder / "datapackage.json", package)
        files.append(DataFile("datapackage.json", *DESCRIPTIONS["datapackage.json"], 0,
                              path.stat().st_size))
    return files


class OpenDataGenerator(ModelPageGenerator):
    """Writes the data files, then the /data/ page that documents them."""

    def write_pages(self, writer, registry):
        s = self.settings
        entries = entries_from(self.context.get("articles", []), s)
        opendata = OpenDataSettings.read(s)
        folder = Path(self.output_path) / opendata.OPENDATA_DIR
        meta = metadata(s)
        files = write_data_files(folder, entries, registry.schools.values(), s,
                                 registry.index_rules, registry.kecamatan.values(), meta)
        logger.info("opendata: %d kiprah, %d sekolah diekspor", len(entries), len(registry.schools))
        self.write_page(
            writer,
            opendata.OPENDATA_SAVE_AS,
            opendata.OPENDATA_URL,
            "data",
            data_files=files,
            data_dir=opendata.OPENDATA_DIR,
            meta=meta,
        )

