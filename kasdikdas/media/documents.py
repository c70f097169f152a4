"""privacy for evidence PDFs (content/bukti/): published without document metadata.

Word and scanners write the author, the software, sometimes a path or a name into a
PDF's Info dictionary and its XMP metadata stream; qpdf (pikepdf) removes both, and any
XMP stream of a page or picture inside, and writes the file again (the same bytes for
the same input, so an unchanged site deploys nothing).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf


def _tagged(pdf: pikepdf.Pdf) -> list:
    """Every dictionary of `pdf` that carries metadata (the catalog's /Metadata, a page's
    or picture's own XMP, /PieceInfo of the program that wrote it)."""
    found = []
    for obj in pdf.objects:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and (
                "/Metadata" in obj or "/PieceInfo" in obj):
            found.append(obj)
    return found


def pdf_has_metadata(path: Path) -> bool:
    with pikepdf.open(path) as pdf:
        return bool(pdf.trailer.get("/Info")) or bool(_tagged(pdf))


def strip_pdf(path: Path, write) -> bool:
    """Rewrite the PDF without its document metadata through `write(save)` (the caller's
    replace-by-rename); False if it carried none."""
    if not pdf_has_metadata(path):
        return False
    with pikepdf.open(path) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        for obj in _tagged(pdf):
            for key in ("/Metadata", "/PieceInfo"):
                if key in obj:
                    del obj[key]
        write(lambda target: pdf.save(target, deterministic_id=True))
    return True
