"""What each front-matter field is called where an editor reads it (the /admin/ form).
A field without a label here is shown by its key, so a new field in the model reaches
the form at once; give it a label here."""

from __future__ import annotations

FIELD_LABELS = {
    "title": "Judul",
    "date": "Tanggal kegiatan",
    "school": "Sekolah",
    "category": "Kategori",
    "video": "Video",
    "summary": "Ringkasan",
    "tags": "Kata kunci",
    "consent": "Izin publikasi dari orang tua",
    "slug": "Alamat halaman (slug)",
    "poster": "Gambar poster",
    "captions": "Teks video (WebVTT)",
    "social": "Video yang sama di media sosial",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "innovation": "Inovasi sekolah",
    "name": "Nama inovasi",
    "stage": "Tahapan",
    "initiator": "Inisiator",
    "kind": "Jenis",
    "form": "Bentuk",
    "started": "Mulai dijalankan",
    "body": "Penjelasan",
}

# Help shown under a field that FIELD_HELP (messages.py) does not describe.
EXTRA_HELP = {
    "slug": "opsional; kosongkan agar alamat halaman diambil dari nama berkas",
    "poster": "opsional; gambar JPEG, PNG atau WebP; tanpa ini poster diambil dari video",
    "captions": "opsional; berkas teks .vtt yang baris pertamanya `WEBVTT`",
    "social": "opsional; alamat lengkap yang diawali https://",
    "innovation": "isi hanya jika kiprah ini inovasi sekolah (indeks inovasi daerah)",
    "name": "opsional; bila kosong dipakai judul kiprah",
    "body": "apa kegiatannya, siapa yang terlibat, dan mengapa penting bagi murid",
}
