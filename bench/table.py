"""The benchmark's one table (plain text, also valid Markdown) from the JSON figures."""

from __future__ import annotations


def _n(value, digits=1, unit=""):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "TIDAK"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".") + unit
    return f"{value:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".") + unit


def _kb(value):
    return _n(value / 1000 if value is not None else None, 1, " KB")


def _mb(value):
    return _n(value / 1_000_000 if value is not None else None, 1, " MB")


def _first_query(point, name: str = "literasi") -> str:
    """'gzip host / brotli host / budget', ⚠ after a figure over the budget."""
    query = point.get("search_first_query", {}).get("queries", {}).get(name)
    if not query:
        return "—"
    figures = [query, *([query["brotli"]] if "brotli" in query else [])]
    sent = " / ".join(f"{_kb(f['search_bytes'])}{'' if f['within_budget'] else ' ⚠'}"
                      for f in figures)
    return f"{sent} / {_kb(point['search_first_query']['budget'])}"


def _phase(point, phase) -> str:
    """'CPU s (share of the full build's CPU)'."""
    figures = point["ours"].get(phase)
    share = point.get("share_of_full_cpu", {}).get(phase)
    if not figures:
        return "—"
    return f"{_n(figures['cpu_s'], 1, ' s')} ({_n(100 * share if share is not None else None, 0, ' %')})"


def _offloaded(point, cell) -> str:
    """A cell from the offloaded publish build (bench/offload.py), when it ran."""
    figures = point.get("page_host_offloaded")
    return cell(figures) if figures and figures.get("ok") else "—"


def _first_paint(point) -> str:
    """Slowest first contentful paint of any page type on 3G / the budget."""
    fcp = point.get("first_paint")
    if not fcp or not fcp["pages"]:
        return "—"
    values = [r["fcp_ms"] for r in fcp["pages"].values()]
    if None in values:
        return "tidak terukur ⚠"
    worst = max(values)
    mark = "" if worst <= fcp["budget_ms"] else " ⚠"
    return f"{_n(min(values) / 1000, 2)}–{_n(worst / 1000, 2)} s / {_n(fcp['budget_ms'] / 1000, 1)} s{mark}"


def rows(result: dict) -> list[tuple[str, list[str]]]:
    points = result["points"]

    def each(fn):
        return [fn(p) for p in points]

    def budget(name):
        def cell(p):
            w = p["page_weight"][name]
            if w["sent"] is None:
                return "—"
            mark = "" if w["within_budget"] else " ⚠"
            return f"{_kb(w['sent'])} / {_kb(w['budget'])}{mark}"

        return cell

    return [
        (
            "build penuh, situs kita (dinding)",
            each(lambda p: _n(p["ours"]["full"]["wall_s"], 1, " s")),
        ),
        ("build penuh, situs kita (CPU)", each(lambda p: _n(p["ours"]["full"]["cpu_s"], 1, " s"))),
        (
            "  di antaranya kernel (membuat berkas)",
            each(lambda p: _n(p["ours"]["full"].get("sys_s"), 1, " s")),
        ),
        (
            "build penuh, Pelican standar (dinding)",
            each(lambda p: _n(p["stock"]["full"]["wall_s"], 1, " s")),
        ),
        (
            "build penuh, Pelican standar (CPU)",
            each(lambda p: _n(p["stock"]["full"]["cpu_s"], 1, " s")),
        ),
        (
            "  di antaranya kernel (membuat berkas)",
            each(lambda p: _n(p["stock"]["full"].get("sys_s"), 1, " s")),
        ),
        (
            "build penuh, Pelican standar + Pagefind (CPU)",
            each(lambda p: _n(p.get("stock_pagefind", {}).get("full", {}).get("cpu_s"), 1, " s")),
        ),
        (
            "build penuh, Pelican standar + Pagefind (dinding)",
            each(lambda p: _n(p.get("stock_pagefind", {}).get("full", {}).get("wall_s"), 1, " s")),
        ),
        ("rasio kita ÷ standar (CPU)", each(lambda p: _n(p["ratio"]["cpu_s"], 2, "×"))),
        ("rasio kita ÷ standar (dinding)", each(lambda p: _n(p["ratio"]["wall_s"], 2, "×"))),
        (
            "rasio kita ÷ standar + Pagefind (CPU)",
            each(lambda p: _n(p.get("ratio_pagefind", {}).get("cpu_s"), 2, "×")),
        ),
        (
            "rasio kita ÷ standar + Pagefind (dinding)",
            each(lambda p: _n(p.get("ratio_pagefind", {}).get("wall_s"), 2, "×")),
        ),
        ("pencarian pertama \"literasi\" (gzip / brotli / anggaran)", each(_first_query)),
        (
            "pencarian pertama \"murid\" (gzip / brotli / anggaran)",
            each(lambda p: _first_query(p, "murid")),
        ),
        (
            "CPU per kiprah, kita",
            each(lambda p: _n(1000 * p["ours"]["full"]["cpu_s"] / p["showcases"], 1, " ms")),
        ),
        (
            "build ulang tanpa perubahan (CPU)",
            each(lambda p: _n(p["ours"]["rebuild_nochange"]["cpu_s"], 1, " s")),
        ),
        (
            "build ulang tanpa perubahan (dinding)",
            each(lambda p: _n(p["ours"]["rebuild_nochange"]["wall_s"], 1, " s")),
        ),
        (
            "build ulang, 1 kiprah disentuh (CPU, % build penuh)",
            each(lambda p: _phase(p, "rebuild_touch_one")),
        ),
        (
            "build ulang, judul 1 kiprah diubah (CPU, % build penuh)",
            each(lambda p: _phase(p, "rebuild_edit_one")),
        ),
        (
            "  sampai halaman dan indeks cari tertulis (dinding)",
            each(lambda p: _n(p["ours"].get("rebuild_edit_one", {}).get("wall_s"), 1, " s")),
        ),
        (
            "build ulang + 1 kiprah (CPU, % build penuh)",
            each(lambda p: _phase(p, "rebuild_add_one")),
        ),
        (
            "build ulang + 1 kiprah (dinding)",
            each(lambda p: _n(p["ours"]["rebuild_add_one"]["wall_s"], 1, " s")),
        ),
        (
            "invoke check, hangat / dingin (CPU)",
            each(lambda p: f"{_n(p['ours'].get('check', {}).get('cpu_s'), 2, ' s')} / "
                           f"{_n(p['ours'].get('check_cold', {}).get('cpu_s'), 2, ' s')}"),
        ),
        ("memori puncak, kita", each(lambda p: _n(p["ours"]["full"]["max_rss_mb"], 0, " MB"))),
        (
            "memori puncak, kita, build ulang 1 kiprah diubah",
            each(lambda p: _n(p["ours"].get("rebuild_edit_one", {}).get("max_rss_mb"), 0, " MB")),
        ),
        ("memori puncak, standar", each(lambda p: _n(p["stock"]["full"]["max_rss_mb"], 0, " MB"))),
        ("berkas keluaran, kita", each(lambda p: _n(p["ours"]["output"]["files"]))),
        ("berkas keluaran, standar", each(lambda p: _n(p["stock"]["output"]["files"]))),
        (
            "ukuran keluaran tanpa video, kita",
            each(lambda p: _mb(p["ours"]["output"]["bytes"] - p["ours"]["output"]["video_bytes"])),
        ),
        ("video di keluaran, kita", each(lambda p: _mb(p["ours"]["output"]["video_bytes"]))),
        (
            "host halaman, media di bucket: berkas / ukuran (tanpa .br/.gz)",
            each(lambda p: _offloaded(p, lambda o: f"{_n(o['files_without_twins'])} / "
                                                   f"{_mb(o['bytes_without_twins'])}")),
        ),
        (
            "  muat GitHub Pages (1 GB) / Cloudflare Pages (20.000 berkas)",
            each(lambda p: _offloaded(p, lambda o: f"{_n(o['fits']['github_pages'])} / "
                                                   f"{_n(o['fits']['cloudflare_pages_free'])}")),
        ),
        (
            "halaman kiprah gzip / brotli",
            each(
                lambda p: (
                    f"{_kb(p['ours']['output']['showcase_page_gzip'])} / "
                    f"{_kb(p['ours']['output']['showcase_page_brotli'])}"
                )
            ),
        ),
        ("bobot beranda sebelum putar / anggaran", each(budget("home"))),
        ("bobot halaman daftar / anggaran", each(budget("list"))),
        ("bobot halaman kiprah sebelum putar / anggaran", each(budget("showcase"))),
        ("first contentful paint 3G, semua jenis halaman / anggaran", each(_first_paint)),
        (
            "enkode video saat build penuh",
            each(lambda p: _n(p["ours"]["encodes_during_full_builds"])),
        ),
    ]


def video_rows(v: dict) -> list[tuple[str, str]]:
    tiers = ", ".join(f"{t} {_mb(b)}" for t, b in v["tier_bytes_per_60s"].items()) or "—"
    return [
        ("video: waktu enkode ÷ durasi klip (dinding)", _n(v["encode_x_realtime"], 2, "×")),
        ("video: waktu CPU enkode ÷ durasi klip", _n(v["encode_cpu_x_realtime"], 2, "×")),
        ("video: byte per tier per 60 s", tiers),
        (
            "video: tier hemat per 60 s (maks) / anggaran",
            f"{_mb(v['hemat_bytes_per_60s'])} / {_mb(v['hemat_budget_bytes_per_60s'])}",
        ),
        ("video: VMAF tier hemat (rata-rata)", _n(v["hemat_vmaf"], 1)),
        ("video: enkode saat build ulang ber-cache", _n(v["cached_rebuild_encodes"])),
    ] + av1_rows(v.get("av1"))


def av1_rows(av1: dict | None) -> list[tuple[str, str]]:
    """Issue 15: per clip, tier and codec, bytes per 60 s and VMAF (synthetic clips)."""
    if not av1:
        return []
    rows = [(f"video: {r['clip']} {r['tier']} {r['codec']} (byte/60 s, VMAF)",
             f"{_mb(r['bytes_per_60s'])}, {_n(r['vmaf'], 1)}") for r in av1["renditions"]]
    saving = av1["saving"]
    rows.append(("video: hemat AV1 menghemat (dari byte H.264)", _n(saving["hemat"], 3)))
    rows.append(("video: semua tier AV1 menghemat (dari byte H.264)", _n(saving["all"], 3)))
    return rows


def render(result: dict) -> str:
    header = ["kiprah"] + [_n(p["showcases"]) for p in result["points"]]
    body = [[label, *cells] for label, cells in rows(result)]
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"

    out = [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in body]
    v = result["video"]
    out.append("")
    if not v["available"]:
        out.append(f"Video: tidak tersedia ({v['reason']}).")
    label_width = max(len(label) for label, _ in video_rows(v))
    out += [f"{label.ljust(label_width)}  {value}" for label, value in video_rows(v)]
    m = result["meta"]
    out.append("")
    out.append(
        f"Mesin: {m['machine']['cpu']}, {m['machine']['cores']} inti, Python {m['machine']['python']}, "
        f"Pelican {m['machine']['pelican']}; median dari {m['runs']} kali; commit {m['commit']}."
    )
    return "\n".join(out)
