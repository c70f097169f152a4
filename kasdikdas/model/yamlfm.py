"""Split YAML front matter from a Markdown file and parse it, remembering lines.

Editors need "file:line: field" messages, so parsing keeps, for every key path,
the line it was written on. Dates stay strings here: the typed model parses them,
so `2024-13-45` becomes a clear message instead of a YAML constructor crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:  # the C loader is several times faster on thousands of files
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """SafeLoader without the implicit timestamp type (dates are validated later)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

KeyPath = tuple


@dataclass
class ParsedYaml:
    data: object
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: KeyPath, default: int = 1) -> int:
        """The line of the deepest known prefix of `path` (1-based)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return default


class YamlError(ValueError):
    """A YAML syntax error with its 1-based line, what is wrong and how to fix it."""

    def __init__(self, line: int, message: str, hint: str = "", field: str = "front matter"):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message
        self.hint = hint
        self.field = field


# C0 controls except tab/newline/CR, DEL and C1: invisible, and invalid in XML feeds.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_names(text: str) -> str:
    return ", ".join(sorted({f"U+{ord(c):04X}" for c in CONTROL_CHARS.findall(text)}))


MAX_DEPTH = 20  # front matter nests two levels; deeper input is hostile or broken


def _precheck(text: str, line_offset: int) -> None:
    """Refuse aliases and deep nesting before composing a document.

    libyaml composes nested collections recursively (a long run of `[` crashes the
    interpreter) and an alias lets a few bytes expand into a huge structure, so both
    are caught on the flat event stream first.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(event.start_mark.line + 1 + line_offset,
                                f"YAML bertingkat lebih dari {MAX_DEPTH} lapis",
                                "data kiprah paling banyak dua tingkat; periksa kurung [ { dan indentasi")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and CONTROL_CHARS.search(event.value):
            raise YamlError(event.start_mark.line + 1 + line_offset,
                            "nilai memuat karakter kendali yang tak terlihat "
                            f"({_control_names(event.value)})",
                            "hapus lalu ketik ulang nilai ini (jangan tempel dari dokumen lain)")
        elif isinstance(event, yaml.AliasEvent):
            raise YamlError(event.start_mark.line + 1 + line_offset,
                            f"`*{event.anchor}` dibaca sebagai alias YAML",
                            f"beri tanda kutip pada nilai yang diawali *, mis. \"*{event.anchor}\"")


def _collect_lines(node, path, offset, lines):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1 + offset
            if path + (key,) in lines:  # YAML would silently keep only the last value
                raise YamlError(line, f"kunci `{key}` ditulis dua kali (juga di baris "
                                f"{lines[path + (key,)]})", "hapus salah satunya")
            lines[path + (key,)] = line
            _collect_lines(value_node, path + (key,), offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1 + offset
            _collect_lines(item, path + (index,), offset, lines)


# Errors found only at the end of the text: the editor's mistake is where the
# unclosed quote or bracket was opened (PyYAML's context mark), not where it ends.
_UNCLOSED = ("did not find expected ',' or", "found unexpected end of stream")


def _syntax_error(exc: yaml.YAMLError, line_offset: int) -> YamlError:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if any(needle in problem for needle in _UNCLOSED) and getattr(exc, "context_mark", None):
        mark = exc.context_mark
    line = (mark.line + 1 if mark else 1) + line_offset
    return YamlError(line, *_explain_yaml(problem))


_OPENING_QUOTE = re.compile(r"""^[ \t]*(?:-[ \t]+)?([\w.-]+):[ \t]+(["'])(.*)$""")


def _unclosed_quote(text: str) -> tuple[int, str, str] | None:
    """(0-based line, key, quote) of the first `key: "value` whose quote is not closed on
    its own line. YAML lets a quoted value run on over the next lines, so it fails only
    later (or not at all); front matter never needs that."""
    for number, line in enumerate(text.split("\n")):
        match = _OPENING_QUOTE.match(line)
        if not match:
            continue
        key, quote, rest = match.groups()
        if quote == '"':
            rest = re.sub(r'\\.', "", rest)
            closed = '"' in rest
        else:
            closed = "'" in rest.replace("''", "")
        if not closed:
            return number, key, quote
    return None


def _unclosed_quote_error(text: str, error: YamlError, line_offset: int) -> YamlError:
    """The editor's mistake when a quoted value opened earlier swallowed later lines."""
    found = _unclosed_quote(text)
    if found is None or found[0] + 1 + line_offset > error.line:
        return error
    number, key, quote = found
    return YamlError(number + 1 + line_offset,
                     f"YAML tidak valid: tanda kutip {quote} pada `{key}` dibuka tetapi tidak ditutup",
                     f"tutup tanda kutip di akhir baris ini, mis. `{key}: {quote}…{quote}`",
                     field=key)


def parse_yaml(text: str, line_offset: int = 0) -> ParsedYaml:
    """Parse one YAML document; `line_offset` shifts reported lines (front matter)."""
    loader = None
    try:
        _precheck(text, line_offset)
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _unclosed_quote_error(text, _syntax_error(exc, line_offset), line_offset) from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _collect_lines(node, (), line_offset, lines)
    return ParsedYaml(data, lines)


# PyYAML's problem text → (what is wrong, how to fix it), in the editor's words.
_YAML_PROBLEMS = {
    "mapping values are not allowed": (
        "ada titik dua (:) di tengah nilai",
        'beri tanda kutip pada nilai yang memuat titik dua (mis. title: "Gamelan: Kelas 5") '
        "atau ratakan indentasi baris ini"),
    "could not find expected ':'": (
        "baris ini tidak berbentuk `kunci: nilai`", "tulis `kunci: nilai`, mis. `title: Judul`"),
    "cannot start any token": (
        "ada karakter yang tidak boleh mengawali nilai (tab, @ atau `)",
        "gunakan spasi untuk indentasi; beri tanda kutip pada nilai yang diawali @ atau `"),
    "found undefined alias": (
        "tanda * di awal nilai dibaca sebagai alias YAML",
        "beri tanda kutip pada nilai yang diawali *"),
    "did not find expected key": (
        "indentasi tidak rata atau tanda kutip tidak ditutup",
        "ratakan indentasi dan tutup setiap tanda kutip"),
    "found unexpected end of stream": (
        "tanda kutip dibuka tetapi tidak ditutup", "tutup tanda kutip yang terbuka"),
    "did not find expected node content": (
        "nilai kosong atau tanda - tanpa isi", "isi nilai setelah titik dua atau tanda -"),
    "did not find expected ',' or ']'": ("kurung [ dibuka tetapi tidak ditutup", "tutup kurung [ dengan ]"),
    "did not find expected ',' or '}'": ("kurung { dibuka tetapi tidak ditutup", "tutup kurung { dengan }"),
    "found unhashable key": (
        "kunci berupa daftar atau pasangan", "kunci harus satu kata, mis. `title:`"),
    "control characters are not allowed": (
        "ada karakter kendali yang tak terlihat", "hapus lalu ketik ulang baris ini"),
    "expected <document start>": (
        "ada baris `...` di tengah front matter", "hapus baris `...` itu"),
    "expected a single document": (
        "ada lebih dari satu dokumen YAML (baris `---` atau `...` di tengah)",
        "biarkan hanya `---` pembuka dan penutup di awal berkas"),
}


def _explain_yaml(problem: str) -> tuple[str, str]:
    """(what is wrong, how to fix it) for a PyYAML problem text."""
    for needle, (what, hint) in _YAML_PROBLEMS.items():
        if needle in problem:
            return f"YAML tidak valid: {what}", hint
    return f"YAML tidak valid ({problem})", "bandingkan dengan contoh dari `invoke new`"


@dataclass
class FrontMatterDocument:
    """A Markdown file split into its front matter and body."""

    front_matter: ParsedYaml
    body: str
    body_line: int  # 1-based line where the body starts


class FrontMatterError(YamlError):
    """The `---` fences around the front matter are missing or broken."""


def split_front_matter(text: str) -> FrontMatterDocument:
    """Split `---` fenced YAML front matter from the Markdown body.

    Raises FrontMatterError (missing or unclosed front matter) or YamlError.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---"):
        raise FrontMatterError(
            1, "front matter YAML tidak ditemukan",
            "awali berkas dengan baris `---`, isi data kiprah, lalu tutup dengan `---` "
            "(lihat `invoke new`)")
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].strip() != "---":
        raise FrontMatterError(1, "baris pertama bukan tepat `---`",
                               "tulis `---` sendirian di baris pertama")
    closing = _FENCE.search(text, first_newline + 1)
    if closing is None:
        raise FrontMatterError(1, "front matter tidak ditutup",
                               "tambahkan baris `---` setelah data kiprah")
    yaml_text = text[first_newline + 1 : closing.start()]
    parsed = parse_yaml(yaml_text, line_offset=1)
    body_start = text.find("\n", closing.end())
    body = "" if body_start == -1 else text[body_start + 1 :]
    body_line = text.count("\n", 0, closing.end()) + 2
    return FrontMatterDocument(parsed, body, body_line)
