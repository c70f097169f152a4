"""The /admin/ editor (Decap CMS): its form is the model's, and an editor who uses it
writes a showcase that `invoke check` accepts, or is told what `invoke check` would say.

The browser test builds the development site (with /admin/), runs the CMS's local
backend (decap-server, the npm package pinned in package.json) on the scratch project,
serves the site with the site's CSP and /admin/ with its own (`CMS_CSP`), and fills the
form in Debian's chromium."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from typing import Literal

import pytest

import yaml
from pydantic import create_model

from support import ROOT
from support.cms_browser import choose, control, new_showcase_form, publish, served_editor
from support.hostile import scratch_content
from kasdikdas import cms
from kasdikdas.build import pelican_settings
from kasdikdas.model.entities import FrontMatter, InnovationEntry
from kasdikdas.model.registry import load_registry
from kasdikdas.model.vocab import CATEGORIES
from kasdikdas.state import with_defaults
from kasdikdas.validate import check_content


def _registry(content=ROOT / "content"):
    return load_registry(content / "data/kecamatan.yml", content / "data/schools.yml")


def _fields(config):
    return {f["name"]: f for f in config["collections"][0]["fields"]}


def _pattern_of(info):
    for item in info.metadata:
        if getattr(item, "pattern", None):
            return item.pattern
    for arg in getattr(info.annotation, "__args__", ()):
        for item in getattr(arg, "__metadata__", ()):
            if getattr(item, "pattern", None):
                return item.pattern
    return None


def _literal_codes(info):
    annotation = info.annotation
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is Literal:
        return list(args)
    return None


@pytest.mark.fast
@pytest.mark.parametrize("model, path", [(FrontMatter, ()), (InnovationEntry, ("innovation",))])
def test_config_is_the_models_fields_enumerations_and_patterns(model, path):
    settings = with_defaults(pelican_settings(ROOT / "pelicanconf.py"))
    fields = _fields(cms.config_for(settings, _registry()))
    for key in path:
        fields = {f["name"]: f for f in fields[key]["fields"]}
    assert list(fields)[:len(model.model_fields)] == list(model.model_fields)
    for name, info in model.model_fields.items():
        field = fields[name]
        # an optional block asks its own fields only when it is filled in
        assert field["required"] == (info.is_required() and not path), name
        codes = _literal_codes(info)
        if codes is not None:
            assert field["widget"] == "select"
            assert [o["value"] for o in field["options"]] == codes, name
        pattern = _pattern_of(info)
        if pattern and name != "school":
            assert field["pattern"][0] == pattern, name
    if not path:
        assert list(fields)[-1] == "body" and fields["body"]["required"]


@pytest.mark.fast
def test_school_is_chosen_from_the_registry_by_name_and_npsn():
    registry = _registry()
    settings = with_defaults(pelican_settings(ROOT / "pelicanconf.py"))
    school = _fields(cms.config_for(settings, registry))["school"]
    assert {o["value"] for o in school["options"]} == set(registry.schools)
    japah = next(o for o in school["options"] if o["value"] == "20300111")
    assert japah["label"] == "SD Negeri 1 Japah — NPSN 20300111"


@pytest.mark.fast
def test_a_category_added_to_the_model_reaches_the_form():
    extended = create_model("Extended", __base__=FrontMatter,
                            category=(Literal[(*CATEGORIES, "olahraga")], ...))
    settings = with_defaults(pelican_settings(ROOT / "pelicanconf.py"))
    config = cms.config_for(settings, _registry(), model=extended)
    options = [o["value"] for o in _fields(config)["category"]["options"]]
    assert options == [*CATEGORIES, "olahraga"]
    # names come from the vocabulary; an unknown code is shown as itself
    labels = {o["value"]: o["label"] for o in _fields(config)["category"]["options"]}
    assert labels["kreativitas-siswa"] == CATEGORIES["kreativitas-siswa"].name
    assert labels["olahraga"] == "olahraga"


@pytest.mark.fast
def test_pattern_messages_are_what_invoke_check_says(tmp_path):
    content = scratch_content(tmp_path / "content", showcases=False)
    (content / "kiprah/salah.md").write_text(
        "---\ntitle: Gamelan\ndate: 2024-10-11\nschool: \"20300001\"\ncategory: kreativitas-siswa\n"
        "video: videos/20300001-gamelan-cilik.mp4\nsummary: Murid.\nconsent: true\n"
        "slug: Gamelan Cilik!\nsocial:\n  instagram: bukan-alamat\n---\nIsi.\n", encoding="utf-8")
    _, problems = check_content(content, _registry(content))
    said = {p.field: f"{p.message} — {p.hint}" for p in problems}
    settings = with_defaults(pelican_settings(ROOT / "pelicanconf.py"))
    fields = _fields(cms.config_for(settings, _registry()))
    social = {f["name"]: f for f in fields["social"]["fields"]}
    assert said["slug"].endswith(fields["slug"]["pattern"][1])
    assert said["social.instagram"].endswith(social["instagram"]["pattern"][1])


@pytest.mark.fast
def test_the_locale_uses_the_checks_words_for_a_missing_field():
    from kasdikdas.model.messages import describe

    what, _ = describe({"type": "missing", "loc": ("title",), "input": None})
    locale = (ROOT / "kasdikdas/postbuild/admin/mulai.js").read_text(encoding="utf-8")
    assert f"required: '%{{fieldLabel}}: {what}.'" in locale


# --- in the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(scratch project, site URL): the site with /admin/ served, decap-server on it."""
    with served_editor(tmp_path_factory.mktemp("proyek")) as served:
        yield served


@pytest.fixture
def form(editor, browser):
    with new_showcase_form(browser, editor[1]) as page:
        yield page


def fill_required(page, title: str) -> None:
    """Every field a showcase needs, as an editor fills them in the form."""
    control(page, "Judul").fill(title)
    control(page, "Tanggal kegiatan").fill("2024-07-23")
    choose(page, "Sekolah", "Japah")
    choose(page, "Kategori", "Kreativitas")
    page.once("dialog", lambda dialog: dialog.accept("videos/20300001-gamelan-cilik.mp4"))
    page.locator("[data-testid], button", has_text="Tulis alamat/path").first.click()
    control(page, "Ringkasan").fill("Murid kelas 1 sampai 6 mewarnai tokoh cerita rakyat Blora.")
    control(page, "Izin publikasi dari orang tua").click()
    control(page, "Penjelasan").fill("Lomba mewarnai untuk Hari Anak Nasional di halaman sekolah.")


def saved_text(page, written, before: str | None = None) -> str:
    """The file decap-server wrote, once whole: it writes in place, so a file may be
    there, or differ from `before`, while still empty or half-written. Whole: front
    matter closed and the same on two reads 200 ms apart."""
    text, last = "", None
    for _ in range(150):
        text = written.read_text(encoding="utf-8") if written.exists() else ""
        if text != before and text.count("---\n") >= 2 and text == last:
            break
        last = text
        page.wait_for_timeout(200)
    return text


def test_an_editor_creates_a_showcase_in_the_browser_and_check_passes(editor, form):
    project, _ = editor
    page = form
    fill_required(page, "Lomba Mewarnai Hari Anak")
    publish(page)

    text = saved_text(page, project / "content/kiprah/20300111-lomba-mewarnai-hari-anak.md")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts/admin-kiprah-baru.md").write_text(text, encoding="utf-8")
    # the model's key order, the NPSN quoted, and nothing for what was left empty: no
    # `tags: []`, no empty innovation block (issue 24)
    assert text == (
        "---\n"
        "title: Lomba Mewarnai Hari Anak\n"
        "date: 2024-07-23\n"
        'school: "20300111"\n'
        "category: kreativitas-siswa\n"
        "video: videos/20300001-gamelan-cilik.mp4\n"
        "summary: Murid kelas 1 sampai 6 mewarnai tokoh cerita rakyat Blora.\n"
        "consent: true\n"
        "---\n"
        "Lomba mewarnai untuk Hari Anak Nasional di halaman sekolah.\n"), text
    checked = subprocess.run([sys.executable, "-m", "invoke", "check", "--content",
                              str(project / "content")], cwd=ROOT, capture_output=True,
                             text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Semua konten valid." in checked.stdout
    assert page.csp_errors == []


def test_a_keyword_typed_and_then_cleared_writes_no_tags_line(editor, form):
    project, _ = editor
    page = form
    fill_required(page, "Lomba Mewarnai Kedua")
    keywords = control(page, "Kata kunci")
    keywords.fill("seni, budaya")
    keywords.fill("")
    publish(page)
    text = saved_text(page, project / "content/kiprah/20300111-lomba-mewarnai-kedua.md")
    assert text.startswith("---\ntitle: Lomba Mewarnai Kedua\n"), text
    assert "tags" not in text, text


def test_an_editor_on_a_320_px_phone_fills_the_whole_form_and_publishes(editor, browser):
    project, url = editor
    with new_showcase_form(browser, url, width=320) as page:
        # Decap's own layout is 800 px wide at least: layar-kecil.css fits it to the phone
        assert page.evaluate("document.documentElement.scrollWidth") == 320
        # no preview pane on a phone, so no button to show it either
        assert not page.get_by_title("Tampilkan/sembunyikan pratinjau").is_visible()
        fill_required(page, "Lomba Mewarnai di Ponsel")
        for name in ("Terbitkan", "Judul"):
            box = page.get_by_role("button", name="Terbitkan") if name == "Terbitkan" else control(page, name)
            left, right = box.bounding_box()["x"], box.bounding_box()["x"] + box.bounding_box()["width"]
            assert 0 <= left and right <= 320, (name, left, right)
        publish(page)
        text = saved_text(page, project / "content/kiprah/20300111-lomba-mewarnai-di-ponsel.md")
        assert text.startswith("---\ntitle: Lomba Mewarnai di Ponsel\n"), text
        assert page.csp_errors == []


def test_a_date_is_typed_as_the_file_holds_it_and_read_back_in_indonesian(editor, form):
    """Not the browser's date box, which orders the parts by the browser's language
    (mm/dd/yyyy in English): 11/10/2024 would be saved as 10 November."""
    project, _ = editor
    page = form
    date = control(page, "Tanggal kegiatan")
    assert date.get_attribute("type") == "text"
    date.fill("2024-10-11")
    page.get_by_text("Terbaca: 11 Oktober 2024").wait_for()
    date.fill("11/10/2024")
    assert page.get_by_text("Terbaca:").count() == 0
    publish(page)
    error = page.locator("li", has_text="Tanggal kegiatan: tanggal tidak valid").first
    error.wait_for()
    assert "TAHUN-BULAN-TANGGAL, mis. 2024-10-11" in error.text_content()
    assert all("11/10/2024" not in f.read_text(encoding="utf-8")
               for f in (project / "content/kiprah").glob("*.md"))


def test_a_wrong_value_is_refused_with_the_checks_words(editor, form):
    project, _ = editor
    page = form
    control(page, "Alamat halaman (slug)").fill("Gamelan Cilik!")
    publish(page)
    slug_error = page.locator("li", has_text="tidak sesuai format").first
    slug_error.wait_for()
    page.screenshot(path=str(ROOT / "test-artifacts/admin-salah.png"), full_page=True)
    slug_message = slug_error.text_content()  # as written (the page shows it in capitals)
    title_message = page.locator("li", has_text="Judul: wajib diisi").first.text_content()
    assert slug_message.startswith("Alamat halaman (slug): ")
    assert not list((project / "content/kiprah").glob("*gamelan-cilik-*.md"))

    # the same mistakes in a file: `invoke check` uses the same words
    broken = project / "content/kiprah/20300001-tanpa-judul.md"
    broken.write_text("---\ndate: 2024-10-11\nschool: \"20300001\"\ncategory: kreativitas-siswa\n"
                      "video: videos/20300001-gamelan-cilik.mp4\nsummary: Murid.\nconsent: true\n"
                      "slug: Gamelan Cilik!\n---\nIsi.\n", encoding="utf-8")
    try:
        checked = subprocess.run([sys.executable, "-m", "invoke", "check", "--content",
                                  str(project / "content")], cwd=ROOT, capture_output=True,
                                 text=True, timeout=300)
    finally:
        broken.unlink()
    assert checked.returncode == 1
    form_words = slug_message.split(": ", 1)[1]
    assert form_words in checked.stdout, (form_words, checked.stdout)
    assert title_message.split(": ", 1)[1].rstrip(".") in checked.stdout
    assert page.csp_errors == []


@pytest.mark.fast
def test_the_git_host_comes_from_the_environment():
    assert cms.backend_from_env({}) is None
    backend, mode = cms.backend_from_env({"KASDIKDAS_CMS_REPO": "diknas/kasdikdas"})
    assert backend == {"name": "github", "repo": "diknas/kasdikdas", "branch": "main"}
    assert mode == "editorial_workflow"  # a pull request per showcase
    backend, mode = cms.backend_from_env({
        "KASDIKDAS_CMS_REPO": "diknas/kasdikdas", "KASDIKDAS_CMS_BACKEND": "gitea",
        "KASDIKDAS_CMS_BRANCH": "kiriman", "KASDIKDAS_CMS_APP_ID": "id-aplikasi",
        "KASDIKDAS_CMS_BASE_URL": "https://git.blorakab.go.id",
        "KASDIKDAS_CMS_API_ROOT": "https://git.blorakab.go.id/api/v1"})
    assert mode == "simple" and backend["branch"] == "kiriman"  # Decap's gitea: no workflow
    assert backend["auth_type"] == "pkce" and backend["app_id"] == "id-aplikasi"


@pytest.mark.fast
def test_published_admin_has_its_own_csp_for_apache(tmp_path):
    from kasdikdas.postbuild.admin import bundle_dir, write_admin

    settings = with_defaults(pelican_settings(ROOT / "publishconf.py"))
    if not (bundle_dir({**cms.DEFAULTS, **settings}) / "decap-cms.js").exists():
        pytest.skip("Decap CMS is not installed (npm ci)")
    settings["CMS_BACKEND"] = {"name": "gitea", "repo": "diknas/kasdikdas", "branch": "main",
                               "api_root": "https://git.blorakab.go.id/api/v1"}
    admin = write_admin(tmp_path, settings)
    page = html.unescape((admin / "index.html").read_text(encoding="utf-8"))
    assert "https://git.blorakab.go.id" in page and "'unsafe-eval'" in page
    assert "script-src 'self' 'unsafe-eval';" in page  # no inline script, no hash (issue 24)
    assert "frame-ancestors" not in page  # ignored in a meta element
    htaccess = (admin / ".htaccess").read_text(encoding="utf-8")
    assert "Header always set Content-Security-Policy" in htaccess
    assert "frame-ancestors 'none'" in htaccess and "git.blorakab.go.id" in htaccess
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "gitea" and "local_backend" not in config


@pytest.mark.fast
def test_new_kinds_of_fields_reach_the_form_without_touching_the_cms():
    extended = create_model("Extended", __base__=FrontMatter, murid=(int | None, None),
                            inovasi_lain=(list[InnovationEntry], []))
    settings = with_defaults(pelican_settings(ROOT / "pelicanconf.py"))
    fields = _fields(cms.config_for(settings, _registry(), model=extended))
    assert fields["murid"]["widget"] == "number" and fields["murid"]["required"] is False
    assert fields["murid"]["label"] == "murid"  # no label yet: shown by its key
    listed = fields["inovasi_lain"]
    assert listed["widget"] == "list"
    assert [f["name"] for f in listed["fields"]] == list(InnovationEntry.model_fields)


def test_editing_an_existing_showcase_changes_only_what_was_edited(editor, form):
    project, url = editor
    page = form
    path = project / "content/kiprah/20300003-laboratorium-jagung.md"
    before = path.read_text(encoding="utf-8")
    page.goto(f"{url}/admin/#/collections/kiprah")
    page.get_by_text("Laboratorium Jagung di Halaman Sekolah").first.click()
    page.get_by_text("Halaman belakang sekolah diubah").first.wait_for()
    summary = control(page, "Ringkasan")
    summary.fill("Murid SMP mengamati pertumbuhan jagung lokal Blora.")
    publish(page)
    after = saved_text(page, path, before)
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-artifacts/admin-kiprah-diubah.png"), full_page=True)
    (ROOT / "test-artifacts/admin-kiprah-diubah.md").write_text(after, encoding="utf-8")
    old_front, old_body = before.split("---\n")[1:]
    new_front, new_body = after.split("---\n")[1:]
    edited = "Murid SMP mengamati pertumbuhan jagung lokal Blora."
    # Decap writes the evidence map's indicator numbers as quoted keys ("16":), which the
    # model reads as the same numbers; the rest of the front matter stays as written.
    new_front = re.sub(r'^(\s+)"(\d+)":', r"\1\2:", new_front, flags=re.M)
    assert yaml.safe_load(new_front) == {**yaml.safe_load(old_front), "summary": edited}
    assert new_body == old_body
    # As written outside the innovation block: key order and quoting (the NPSN) stay; the
    # one other change is Decap writing a flow list `[ipa, pertanian]` as a block list.
    # Inside the innovation block Decap keeps every value (checked above) but writes its
    # keys in the form's order and wraps long texts (docs/panduan-editor.md says so).
    def outside_innovation(front: str) -> str:
        return front.split("\ninnovation:")[0]

    assert outside_innovation(new_front).replace("tags:\n  - ipa\n  - pertanian\n",
                                                 "tags: [ipa, pertanian]\n") \
        == outside_innovation(old_front).replace(yaml.safe_load(old_front)["summary"], edited)


def test_the_editors_words_use_only_characters_every_laptop_font_draws():
    """The Indonesian UI strings (mulai.js) are ASCII but for typographic quotes and the
    ellipsis: a fullwidth ＋ showed as a missing-glyph box on an office laptop."""
    text = (ROOT / "kasdikdas/postbuild/admin/mulai.js").read_text(encoding="utf-8")
    assert {c for c in text if ord(c) > 127} <= set("‘’“”…—–·")


@pytest.mark.fast
def test_the_form_shows_no_raw_backticks_and_examples_as_values():
    """Decap prints a hint's or a description's `code` as it is: the form quotes it, and
    an example's `title: …` (the YAML line) becomes the value the form asks for."""
    config = cms.config_for(with_defaults(pelican_settings(ROOT / "pelicanconf.py")), _registry())
    assert "`" not in json.dumps(config, ensure_ascii=False)
    fields = _fields(config)
    assert fields["title"]["hint"].endswith("mis. “Gamelan Cilik Kelas 5”")
    assert "“invoke check”" in config["collections"][0]["description"]


@pytest.mark.fast
def test_a_pick_list_shows_names_and_no_hint_listing_codes():
    """The choices are shown by name (`Kreativitas Siswa`); a hint listing the codes
    (`kreativitas-siswa, …`) or the YAML file says nothing the editor can use there."""
    config = cms.config_for(with_defaults(pelican_settings(ROOT / "pelicanconf.py")), _registry())
    picks = []

    def walk(fields):
        for field in fields:
            if field["widget"] == "select":
                picks.append(field)
            walk(field.get("fields", []))

    walk(config["collections"][0]["fields"])
    assert {f["name"] for f in picks} >= {"school", "category", "stage", "theme"}
    hints = {f["name"]: f.get("hint") for f in picks if f.get("hint")}
    assert hints == {"school": "ketik nama sekolah atau NPSN-nya, lalu pilih"}


@pytest.mark.fast
def test_the_preview_names_come_from_the_registry_and_the_vocabularies():
    from kasdikdas.model.vocab import LEVELS
    from kasdikdas.postbuild.admin.names import preview_data_script, preview_names

    registry = _registry()
    names = preview_names(registry, ".profil{display:grid}")
    assert set(names["schools"]) == set(registry.schools)
    assert names["schools"]["20300111"] == {"name": "SD Negeri 1 Japah",
                                            "level": LEVELS["SD"].name}
    assert names["categories"] == {code: c.name for code, c in CATEGORIES.items()}
    assert names["months"][9] == "Oktober"  # the site's dates: "11 Oktober 2024"
    assert names["stylesheet"] == ".profil{display:grid}"
    script = preview_data_script({**names, "categories": {"x": "</script><b>"}})
    assert "</script>" not in script and "KASDIKDAS_PRATINJAU" in script


def test_the_preview_pane_shows_the_showcase_with_names_and_the_sites_style(editor, form):
    page = form
    control(page, "Judul").fill("Pentas Gamelan Cilik")
    control(page, "Tanggal kegiatan").fill("2024-10-11")
    choose(page, "Sekolah", "Japah")
    choose(page, "Kategori", "Kreativitas")
    control(page, "Penjelasan").fill("Murid kelas 5 memainkan gamelan.\n\nPentas di pendopo.")
    preview = page.frame_locator("iframe").first
    article = preview.locator("article.kiprah")
    article.get_by_text("11 Oktober 2024").wait_for()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-artifacts/admin-pratinjau.png"))
    assert article.locator("h1").text_content() == "Pentas Gamelan Cilik"
    meta = article.locator(".keterangan").text_content()
    assert meta == "SD Negeri 1 Japah · Kreativitas Siswa · 11 Oktober 2024"
    facts = article.locator(".profil").text_content()
    assert "Sekolah Dasar" in facts and "20300111" not in facts
    assert "kreativitas-siswa" not in article.text_content()
    assert article.locator("p", has_text="Pentas di pendopo.").count() == 1
    # the site's stylesheet is in the pane, and applied (.profil is a grid there)
    display = article.locator(".profil").evaluate("e => getComputedStyle(e).display")
    assert display == "grid"
    assert page.csp_errors == []
