"""The texts `invoke new` writes for the editor to replace. They are here, beside the
model, so the check can refuse a showcase that still carries them."""

from __future__ import annotations

PLACEHOLDER_SUMMARY = "Tulis satu kalimat ringkasan untuk daftar dan pratinjau WhatsApp."
PLACEHOLDER_BODY = (
    "Tulis penjelasan singkat di sini: apa kegiatannya, siapa yang terlibat, dan\n"
    "mengapa penting bagi murid. Dua atau tiga paragraf sudah cukup.\n"
)


def _words(text: str) -> str:
    return " ".join(text.split())


def is_placeholder_summary(summary: str) -> bool:
    return _words(summary) == _words(PLACEHOLDER_SUMMARY)


def has_placeholder_body(body: str) -> int | None:
    """The 0-based line of the body where the placeholder text starts, or None."""
    first = PLACEHOLDER_BODY.split("\n", 1)[0]
    for number, line in enumerate(body.split("\n")):
        if _words(line) == _words(first):
            return number
    return None
