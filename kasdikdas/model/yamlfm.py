"""Split YAML front matter from a Markdown file and parse it, remembering lines.

Editors need "file:line: field" messages, so parsing keeps, for every key path,
the line it was written on. Dates stay strings here: the typed model parses them,
so `2024-13-45` becomes a clear message instead of a YAML constructor crash.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # one base class for mypy: the fallback below has the same API
    _BaseLoader = yaml.CSafeLoader
else:
    try:  # the C parser is several times faster on thousands of files
        _BaseLoader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - PyYAML built without libyaml
        _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """PyYAML's safe loader narrowed to the YAML 1.2 core schema, or stricter.

    Only `true`/`false` are booleans (not `yes`, `on`, `y`); integers are plain decimals
    of at most MAX_INT_DIGITS digits, so `0x…`, `0b…`, `017`, `1:59:59`, `20_300_001`
    and `+20300001` stay the text the editor typed (an NPSN is reported as typed, never
    as YAML 1.1's octal or base-60 number); floats need a decimal point or an exponent
    and stay finite; no timestamps (dates are validated by the typed model) and no merge
    keys. Every mapping key is the text written, so `true:` or `17:` are reported as
    written and `17:`/`021:` can never replace each other. PyYAML is kept (pinned, its C
    parser is fast, and every line-number and bomb check here is built on its event
    stream); the small `yamlcore` package does the same narrowing but is a one-person
    project last released years ago.
    """

    def construct_mapping(self, node: yaml.MappingNode,
                          deep: bool = False) -> dict[Hashable, Any]:
        mapping: dict[Hashable, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "found unhashable key", key_node.start_mark)
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping


MAX_INT_DIGITS = 18  # bounded before conversion: a longer number stays text (and is refused)
_IMPLICIT = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", rf"^-?(?:0|[1-9][0-9]{{0,{MAX_INT_DIGITS - 1}}})$", "-0123456789"),
    ("tag:yaml.org,2002:float",
     r"^-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,20}(?:[eE][-+]?[0-9]{1,2})?|[eE][-+]?[0-9]{1,2})$",
     "-0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
)
_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in _IMPLICIT:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
# YAML 1.1 words for yes/no that the core schema reads as text: named in messages.
YAML11_BOOLEANS = frozenset(("y", "yes", "n", "no", "on", "off"))

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)

KeyPath = tuple[str | int, ...]  # mapping keys (text) and list indexes


@dataclass
class ParsedYaml:
    data: object
    lines: dict[KeyPath, int] = field(default_factory=dict)
    # Key paths of values typed unquoted as a YAML 1.1 yes/no word (`consent: yes`): text
    # for the core schema, named in messages as typed.
    words: frozenset[KeyPath] = frozenset()

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
# Characters that hide or reorder text (bidi overrides and isolates, zero-width space,
# word joiner, BOM, soft hyphen): a title or a name holding one reads differently from
# what it is. The zero-width joiner (emoji sequences) is allowed.
HIDDEN_CHARS = re.compile("[\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e"
                          "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")
# Line breaks for YAML 1.1 (and PyYAML) but not for a text editor: shifting every later
# line number, they are refused before parsing.
ODD_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def char_names(text: str, pattern: re.Pattern[str] = CONTROL_CHARS) -> str:
    return ", ".join(sorted({f"U+{ord(c):04X}" for c in pattern.findall(text)}))


def hidden_problem(text: str) -> tuple[str, str] | None:
    """(what, how to fix) when `text` holds a control or hidden character, else None."""
    for pattern, what in ((CONTROL_CHARS, "karakter kendali yang tak terlihat"),
                          (HIDDEN_CHARS, "karakter tak terlihat atau pembalik arah teks"),
                          (ODD_LINE_BREAKS, "pemisah baris tak terlihat")):
        if pattern.search(text):
            return (f"nilai memuat {what} ({char_names(text, pattern)})",
                    "hapus lalu ketik ulang nilai ini (jangan tempel dari dokumen lain)")
    return None


MAX_DEPTH = 20  # front matter nests two levels; deeper input is hostile or broken
MAX_NODES = 20_000  # values in one front matter (a showcase has a few dozen)


def _refuse_odd_breaks(text: str, line_offset: int) -> None:
    found = ODD_LINE_BREAKS.search(text)
    if found:
        raise YamlError(text.count("\n", 0, found.start()) + 1 + line_offset,
                        f"ada pemisah baris tak terlihat (U+{ord(found.group()):04X})",
                        "hapus lalu ketik ulang baris ini (jangan tempel dari dokumen lain)")


def _precheck(text: str, line_offset: int, max_nodes: int) -> None:
    """Refuse aliases, explicit tags, hidden characters, deep nesting and too many
    values before composing a document.

    libyaml composes nested collections recursively (a long run of `[` crashes the
    interpreter) and an alias lets a few bytes expand into a huge structure, so both
    are caught on the flat event stream first. A tag (`!!binary`, `!!int`, `!!set`…)
    would let a value bypass the checks on what is typed: none is needed.
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = getattr(event, "start_mark", None)
        line = (line.line if line else 0) + 1 + line_offset
        tag = getattr(event, "tag", None)
        if tag is not None and isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            written = tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlError(line, f"tanda tipe YAML `{written[:40]}` tidak dipakai di sini",
                            "hapus tanda yang diawali ! dan tulis nilainya sebagai teks biasa")
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            nodes += 1
            if nodes > max_nodes:
                raise YamlError(line, f"terlalu banyak nilai (lebih dari {max_nodes:,})"
                                .replace(",", "."), "periksa berkasnya; data ini tidak wajar")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(line, f"YAML bertingkat lebih dari {MAX_DEPTH} lapis",
                                "data kiprah paling banyak dua tingkat; periksa kurung [ { dan indentasi")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and (problem := hidden_problem(event.value)):
            raise YamlError(line, *problem)
        elif isinstance(event, yaml.AliasEvent):
            anchor = (event.anchor or "")[:40]  # an alias always names its anchor
            raise YamlError(line, f"`*{anchor}` dibaca sebagai alias YAML",
                            f"beri tanda kutip pada nilai yang diawali *, mis. \"*{anchor}\"")


def _collect_lines(node: yaml.Node, path: KeyPath, offset: int, lines: dict[KeyPath, int],
                   words: set[KeyPath]) -> None:
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value.lower() in YAML11_BOOLEANS:  # plain: '' (C) or None
            words.add(path)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1 + offset
            if path + (key,) in lines:  # YAML would silently keep only the last value
                raise YamlError(line, f"kunci `{key[:60]}` ditulis dua kali (juga di baris "
                                f"{lines[path + (key,)]})", "hapus salah satunya")
            lines[path + (key,)] = line
            _collect_lines(value_node, path + (key,), offset, lines, words)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1 + offset
            _collect_lines(item, path + (index,), offset, lines, words)


# Errors found only at the end of the text: the editor's mistake is where the
# unclosed quote or bracket was opened (PyYAML's context mark), not where it ends.
_UNCLOSED = ("did not find expected ',' or", "found unexpected end of stream")


def _syntax_error(exc: yaml.YAMLError, line_offset: int, text: str = "") -> YamlError:
    if isinstance(exc, yaml.reader.ReaderError):  # a raw character YAML does not allow
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + line_offset
        return YamlError(line, f"nilai memuat karakter kendali yang tak terlihat (U+{exc.character:04X})"
                         if isinstance(exc.character, int) else "ada karakter yang tidak sah",
                         "hapus lalu ketik ulang nilai ini (jangan tempel dari dokumen lain)")
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context_mark", None)
    mark = getattr(exc, "problem_mark", None) or context
    if any(needle in problem for needle in _UNCLOSED) and context:
        mark = context
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


def parse_yaml(text: str, line_offset: int = 0, max_nodes: int = MAX_NODES) -> ParsedYaml:
    """Parse one YAML document; `line_offset` shifts reported lines (front matter);
    more than `max_nodes` values are refused before anything is built."""
    _refuse_odd_breaks(text, line_offset)
    loader = None
    try:
        _precheck(text, line_offset, max_nodes)
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _unclosed_quote_error(text, _syntax_error(exc, line_offset, text), line_offset) from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[KeyPath, int] = {}
    words: set[KeyPath] = set()
    if node is not None:
        _collect_lines(node, (), line_offset, lines, words)
    return ParsedYaml(data, lines, frozenset(words))


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
