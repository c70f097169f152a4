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
    """A YAML syntax error with its 1-based line and an Indonesian explanation."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def _collect_lines(node, path, offset, lines):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1 + offset
            _collect_lines(value_node, path + (key,), offset, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1 + offset
            _collect_lines(item, path + (index,), offset, lines)


def parse_yaml(text: str, line_offset: int = 0) -> ParsedYaml:
    """Parse one YAML document; `line_offset` shifts reported lines (front matter)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = exc.problem or str(exc)
        raise YamlError(line, _explain_yaml(problem)) from None
    except yaml.YAMLError as exc:
        raise YamlError(1 + line_offset, _explain_yaml(str(exc))) from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _collect_lines(node, (), line_offset, lines)
    return ParsedYaml(data, lines)


def _explain_yaml(problem: str) -> str:
    hints = {
        "mapping values are not allowed": "ada titik dua (:) yang tidak diharapkan; "
        "beri tanda kutip pada nilai yang memuat titik dua",
        "could not find expected ':'": "baris ini tidak berbentuk `kunci: nilai`",
        "found character '\\t'": "gunakan spasi, bukan tab, untuk indentasi",
        "found undefined alias": "tanda * di awal nilai dibaca sebagai alias YAML; "
        "beri tanda kutip pada nilai",
        "did not find expected key": "indentasi tidak rata atau tanda kutip tidak ditutup",
        "found unexpected end of stream": "tanda kutip tidak ditutup",
        "did not find expected node content": "nilai kosong atau tanda - tanpa isi",
    }
    for needle, hint in hints.items():
        if needle in problem:
            return f"YAML tidak valid: {hint} ({problem})"
    return f"YAML tidak valid ({problem})"


@dataclass
class FrontMatterDocument:
    """A Markdown file split into its front matter and body."""

    front_matter: ParsedYaml
    body: str
    body_line: int  # 1-based line where the body starts


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def split_front_matter(text: str) -> FrontMatterDocument:
    """Split `---` fenced YAML front matter from the Markdown body.

    Raises FrontMatterError (missing or unclosed front matter) or YamlError.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.startswith("---"):
        raise FrontMatterError(
            1,
            "front matter YAML tidak ditemukan — awali berkas dengan baris `---`, "
            "isi data kiprah, lalu tutup dengan `---` (lihat `invoke new`)",
        )
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].strip() != "---":
        raise FrontMatterError(1, "baris pertama harus tepat `---`")
    closing = _FENCE.search(text, first_newline + 1)
    if closing is None:
        raise FrontMatterError(
            1, "front matter tidak ditutup — tambahkan baris `---` setelah data kiprah"
        )
    yaml_text = text[first_newline + 1 : closing.start()]
    parsed = parse_yaml(yaml_text, line_offset=1)
    body_start = text.find("\n", closing.end())
    body = "" if body_start == -1 else text[body_start + 1 :]
    body_line = text.count("\n", 0, closing.end()) + 2
    return FrontMatterDocument(parsed, body, body_line)
