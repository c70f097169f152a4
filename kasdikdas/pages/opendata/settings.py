"""The settings of the opendata plugin, in one place; pelicanconf.py may override any."""

from __future__ import annotations

from kasdikdas.config import PhaseSettings


class OpenDataSettings(PhaseSettings):
    """Every OPENDATA_* setting."""

    OPENDATA_DIR: str = "data"  # the files, relative to the output folder
    OPENDATA_URL: str = "data/"  # the page that explains them
    OPENDATA_SAVE_AS: str = "data/index.html"
    # data/datapackage.json and the Satu Data Indonesia metadata on /data/.
    OPENDATA_PACKAGE_NAME: str = "kas-dikdas-blora"
    OPENDATA_PUBLISHER: str = ""  # empty: AUTHOR (Dinas Pendidikan Kabupaten Blora)
    OPENDATA_LICENSE: dict[str, str] = {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Atribusi 4.0 Internasional",
        "path": "https://creativecommons.org/licenses/by/4.0/deed.id",
    }
    OPENDATA_COVERAGE: str = "Kabupaten Blora, Jawa Tengah (kode wilayah 33.16), 16 kecamatan; SD dan SMP"
    OPENDATA_FREQUENCY: str = "setiap kali situs dibangun ulang (setiap ada kiprah atau data sekolah baru)"
    # Who answers questions about the data; set `email` in pelicanconf.py.
    OPENDATA_CONTACT: dict[str, str] = {"name": "Dinas Pendidikan Kabupaten Blora", "email": "",
                         "url": "https://blorakab.go.id/"}


DEFAULTS = OpenDataSettings.defaults()


