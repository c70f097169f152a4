"""Defaults of the opendata plugin, in one place; pelicanconf.py may override any."""

DEFAULTS = {
    "OPENDATA_DIR": "data",  # the files, relative to the output folder
    "OPENDATA_URL": "data/",  # the page that explains them
    "OPENDATA_SAVE_AS": "data/index.html",
    # data/datapackage.json and the Satu Data Indonesia metadata on /data/.
    "OPENDATA_PACKAGE_NAME": "kas-dikdas-blora",
    "OPENDATA_PUBLISHER": "",  # empty: AUTHOR (Dinas Pendidikan Kabupaten Blora)
    "OPENDATA_LICENSE": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Atribusi 4.0 Internasional",
        "path": "https://creativecommons.org/licenses/by/4.0/deed.id",
    },
    "OPENDATA_COVERAGE": "Kabupaten Blora, Jawa Tengah (kode wilayah 33.16), 16 kecamatan; SD dan SMP",
    "OPENDATA_FREQUENCY": "setiap kali situs dibangun ulang (setiap ada kiprah atau data sekolah baru)",
    # Who answers questions about the data; set `email` in pelicanconf.py.
    "OPENDATA_CONTACT": {"name": "Dinas Pendidikan Kabupaten Blora", "email": "",
                         "url": "https://blorakab.go.id/"},
}


def apply_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings
