"""Showcase texts as an editor writes them, for tests to vary: a valid one with the
sample's local video, and one that links its video by address."""

GAMELAN_VIDEO = "videos/20300001-gamelan-cilik.mp4"

GAMELAN = f"""---
title: Gamelan Cilik Kelas 5
date: 2024-10-11
school: "20300001"
category: kreativitas-siswa
video: {GAMELAN_VIDEO}
summary: Murid kelas 5 memainkan gamelan.
consent: true
---
Murid berlatih karawitan setiap Jumat.
"""


def linked(url: str, n: int | str = "") -> str:
    """A showcase whose video is the file at `url` (title numbered by `n`)."""
    return f"""---
title: Klip Tertaut{f' {n}' if n != '' else ''}
date: 2024-10-11
school: "20300001"
category: kegiatan-sekolah
video: {url}
summary: Video dari alamat https.
consent: true
---
Penjelasan singkat.
"""
