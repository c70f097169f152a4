"""What a page was rendered from, as one digest: the render cache's key.

A page is `template.render(localcontext)`. Its key is built from

- the **site key** (`site_key`): Pelican and Jinja versions, every file of the theme,
  every module of this package (filters, generators, the model), the registry files
  and every setting. A change there falls back to a full render;
- the **template closure**: the source of the page's template and of every template it
  extends, includes or imports (a name that is not a constant makes the page
  uncacheable: it is always rendered);
- every **chain of names** the closure reads from the context (`article.showcase`,
  `groups.school.url`, `articles|length`, found in Jinja's syntax tree), resolved in
  this page's context and fingerprinted (`Fingerprints`). A name read bare (passed to a
  macro, iterated, tested) is fingerprinted whole.

A fingerprint covers an object's whole state, recursively, with three deliberate
limits, all about references *between* showcases (otherwise any edit would reach every
page): an article reached as a value carries its groups in outline (a group's own
state and the number of its showcases, not the showcases) and its neighbours as (url,
own state); a set of groups (`groups.level` …) carries its groups in outline; a
paginator's page carries its paginator as (name, url, size, page count), not the other
pages' showcases. A template that read a group's showcases through an article or a set
of groups, or another page's showcases through a page object, would escape the key;
the theme reads showcases only through the page's own `group`, `articles` and
`articles_page`, which are keyed whole (tests/incremental/test_incremental.py compares
every page of an incremental build with a full build after each kind of change).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import fractions
import hashlib
import re
import types
import uuid
from pathlib import PurePath

from jinja2 import meta, nodes

SKIPPED_ATTRIBUTES = frozenset({"settings", "_context", "context"})  # the site key holds them
# References between showcases (on an article or on its `view`), kept in outline
REFERENCES = frozenset({"groups", "neighbours", "translations"})
LENGTH_FILTERS = frozenset({"length", "count"})
MISSING = "<missing>"


# What Pelican and our reader make of a source file alone, given the site key (settings,
# registry, program): an article's own fingerprint holds the file's bytes instead of
# these. Everything else set on an article (media, its offline video, share image,
# URLs…) is fingerprinted as it is.
FROM_SOURCE = frozenset({
    "_content", "_summary", "metadata", "kiprah_source", "kiprah_problems", "showcase",
    "school", "title", "date", "locale_date", "modified", "locale_modified", "slug",
    "author", "authors", "category", "tags", "summary", "lang", "date_format",
    "timezone", "reader", "template", "in_default_lang", "status", "relative_source_path",
})


def _source_digest(path) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except (OSError, TypeError):
        return MISSING


_SIMPLE = frozenset({type(None), bool, int, float, bytes})


def _code_digest(code: types.CodeType) -> str:
    """A function's body (bytecode and constants, nested functions included), without
    the addresses a code object's repr carries."""
    consts = [_code_digest(c) if isinstance(c, types.CodeType) else repr(c)
              for c in code.co_consts]
    return sha(code.co_code.hex() + "\0".join(consts) + repr(code.co_names))


def _is_group(value) -> bool:
    return hasattr(value, "articles") and hasattr(value, "slug") and hasattr(value, "grouping")


class Uncacheable(Exception):
    """This page's inputs cannot be fingerprinted; it is rendered every time."""


def sha(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# --- template closures ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Closure:
    digest: str  # the sources of the template and of every template it reaches
    chains: tuple  # ((name, path), ...) read from the context; path steps are
    #                ("attr", x), ("item", x) or ("len",)


def _chain(node):
    """(name, path) for Name.attr[const]… , or None."""
    path = []
    while True:
        if isinstance(node, nodes.Getattr):
            path.append(("attr", node.attr))
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            path.append(("item", node.arg.value))
            node = node.node
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            return node.name, tuple(reversed(path))
        else:
            return None


def _chains(ast, names: set[str]) -> set:
    found = set()

    def visit(node):
        if isinstance(node, nodes.Filter) and node.name in LENGTH_FILTERS and node.node is not None:
            chain = _chain(node.node)
            if chain and chain[0] in names:
                found.add((chain[0], chain[1] + (("len",),)))
                for arg in (*node.args, *node.kwargs):
                    visit(arg)
                return
        if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            chain = _chain(node)
            if chain is not None:
                if chain[0] in names:
                    found.add(chain)
                return
        for child in node.iter_child_nodes():
            visit(child)

    visit(ast)
    return found


def template_closure(environment, name: str) -> Closure:
    """The closure of template `name` (raises Uncacheable when a referenced template's
    name is computed at render time)."""
    sources, chains, todo, seen = [], set(), [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source, _, _ = environment.loader.get_source(environment, current)
        sources.append(f"{current}\0{source}")
        ast = environment.parse(source)
        chains |= _chains(ast, meta.find_undeclared_variables(ast))
        for referenced in meta.find_referenced_templates(ast):
            if referenced is None:
                raise Uncacheable(f"{current}: a template name computed at render time")
            todo.append(referenced)
    return Closure(sha("\0\0".join(sorted(sources))), tuple(sorted(chains, key=repr)))


def resolve(context: dict, name: str, path: tuple):
    """The value a chain has in `context`, as Jinja's attribute rules find it."""
    if name not in context:
        return MISSING
    value = context[name]
    for step in path:
        try:
            if step[0] == "len":
                value = len(value)
            elif step[0] == "attr":
                try:
                    value = getattr(value, step[1])
                except AttributeError:
                    value = value[step[1]]
            else:
                try:
                    value = value[step[1]]
                except (TypeError, LookupError):
                    value = getattr(value, step[1])
        except Exception:  # undefined in Jinja too: the page shows nothing for it
            return MISSING
    return value


# --- fingerprints --------------------------------------------------------------------


class Fingerprints:
    """Fingerprints of values, remembered by identity for one build (every object a
    page reads lives until the build ends and is not changed while pages are written;
    `fresh` recomputes one anyway)."""

    def __init__(self) -> None:
        # By id(value); a group's outline and a content's own state by (what, id).
        self._memo: dict[int | tuple[str, int], tuple[object, str]] = {}
        self._active: set[int] = set()

    def of(self, value) -> str:
        kind = type(value)
        if kind is str:
            return f"s:{sha(value)}" if len(value) > 64 else f"s:{value!r}"
        if kind in _SIMPLE:
            return f"{kind.__name__}:{value!r}"
        hit = self._memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        if isinstance(value, (bool, int, float, str, bytes)):  # subclasses (Markup …)
            return f"{kind.__qualname__}:{value!r}" if not isinstance(value, str) else \
                f"{kind.__qualname__}:{sha(value)}"
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            return f"{type(value).__name__}:{value.isoformat()}"
        if isinstance(value, dt.tzinfo):
            return f"tz:{value}"
        if isinstance(value, (decimal.Decimal, fractions.Fraction, uuid.UUID, complex)):
            return f"{type(value).__name__}:{value}"
        if isinstance(value, re.Pattern):
            return f"re:{value.pattern!r}:{value.flags}"
        if isinstance(value, enum.Enum):
            return f"enum:{type(value).__qualname__}.{value.name}"
        if isinstance(value, PurePath):
            return f"path:{value}"
        if isinstance(value, types.FunctionType):  # its body too: a filter in the settings file
            return f"code:{value.__module__}.{value.__qualname__}:{_code_digest(value.__code__)}"
        if isinstance(value, (types.BuiltinFunctionType, type, types.ModuleType)):
            return f"code:{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value.__name__)}"
        if isinstance(value, types.MethodType):
            return f"method:{value.__func__.__qualname__}({self.of(value.__self__)})"
        key = id(value)
        if key in self._active:
            raise Uncacheable(f"a cycle through {type(value).__qualname__}")
        self._active.add(key)
        try:
            digest = sha(self._compute(value))
        finally:
            self._active.discard(key)
        self._memo[key] = (value, digest)
        return digest

    def fresh(self, value) -> str:
        self._memo.pop(id(value), None)
        return self.of(value)

    def _compute(self, value) -> str:
        from pelican.contents import Content
        from pelican.paginator import Page, Paginator
        from pelican.urlwrappers import URLWrapper

        kind = type(value).__qualname__
        if isinstance(value, (list, tuple)):
            return f"{kind}[" + ",".join(self.of(v) for v in value) + "]"
        if isinstance(value, (set, frozenset)):
            return f"{kind}{{" + ",".join(sorted(self.of(v) for v in value)) + "}"
        if isinstance(value, dict):
            return f"{kind}{{" + ",".join(sorted(f"{self.of(k)}:{self.of(v)}"
                                                 for k, v in value.items())) + "}"
        if isinstance(value, Content):
            return self._content(value)
        if isinstance(value, Page):
            p = value.paginator
            return (f"page({value.full_name},{value.base_url},{value.number},"
                    f"{self._paginator(p)},{self.of(value.object_list)})")
        if isinstance(value, Paginator):
            return self._paginator(value)
        if hasattr(value, "grouping") and isinstance(getattr(value, "groups", None), list):
            # a set of groups (groups.school, groups.level …): its groups in outline
            state = {k: v for k, v in vars(value).items() if k not in ("groups", "_by_slug")}
            return (f"{kind}{self._attributes(state)}["
                    + ",".join(self.group_outline(g) for g in value.groups) + "]")
        if isinstance(value, URLWrapper) and not hasattr(value, "articles"):
            return f"{kind}({value.name},{value.slug},{value.url},{value.save_as})"
        if dataclasses.is_dataclass(value):
            state = {f.name: getattr(value, f.name, None) for f in dataclasses.fields(value)}
            if REFERENCES & state.keys():  # a showcase's view: its references in outline
                return f"{kind}{self.own_state(state)}{self._references(state)}"
            return kind + self._attributes(state)
        found = getattr(value, "__dict__", None)
        if found is None:
            slots = getattr(type(value), "__slots__", None)
            if slots is None:
                raise Uncacheable(f"no state to read in {kind}")
            found = {name: getattr(value, name, MISSING) for name in slots}
        return kind + self._attributes(found)

    def _attributes(self, state: dict, shallow=()) -> str:
        parts = []
        for name in sorted(state):
            if name in SKIPPED_ATTRIBUTES:
                continue
            item = state[name]
            parts.append(f"{name}={self._shallow(item) if name in shallow else self.of(item)}")
        return "(" + ",".join(parts) + ")"

    def _paginator(self, p) -> str:
        return f"paginator({p.name},{p.url},{p.per_page},{p.orphans},{p.count},{p.num_pages})"

    def _content(self, content) -> str:
        """An article or page: all its own state; its groups and neighbours by reference
        (on the article or on its `view`)."""
        state = vars(content)
        view = state.get("view")
        view_refs = self._references(vars(view) if not dataclasses.is_dataclass(view) else
                                     {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
                                     ) if view is not None and not isinstance(view, (str, int)) else ""
        return f"{self.own(content)}{self._references(state)}{view_refs}"

    def _references(self, state: dict) -> str:
        refs = {k: state[k] for k in REFERENCES if k in state}
        return self._attributes(refs, shallow=tuple(refs))

    def own_state(self, state: dict) -> str:
        """Attributes without the references between showcases; a nested view likewise."""
        parts = []
        for name in sorted(state):
            if name in SKIPPED_ATTRIBUTES or name in REFERENCES:
                continue
            item = state[name]
            if dataclasses.is_dataclass(item) and not isinstance(item, type) and \
                    REFERENCES & {f.name for f in dataclasses.fields(item)}:
                inner = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
                parts.append(f"{name}={type(item).__qualname__}{self.own_state(inner)}")
            else:
                parts.append(f"{name}={self.of(item)}")
        return "(" + ",".join(parts) + ")"

    def _shallow(self, value) -> str:
        """Groups as (kind, slug, name, url, count); articles as (url, own state)."""
        from pelican.contents import Content

        if isinstance(value, dict):
            return "{" + ",".join(f"{k}:{self._shallow(v)}" for k, v in sorted(value.items())) + "}"
        if isinstance(value, (list, tuple)):
            return "[" + ",".join(self._shallow(v) for v in value) + "]"
        if isinstance(value, Content):
            return f"ref({self.own(value)})"  # its own state holds its URL
        if _is_group(value):
            return self.group_outline(value)
        return self.of(value)

    def group_outline(self, group) -> str:
        """A group without its showcases: its own state, the number of its showcases and
        the outlines of its schools (what a list of groups shows)."""
        key = ("outline", id(group))
        hit = self._memo.get(key)
        if hit is not None and hit[0] is group:
            return hit[1]
        state = dict(vars(group))
        state["articles"] = len(state.get("articles") or ())
        if "schools" in state:
            state["schools"] = [self.group_outline(g) for g in state["schools"]]
        digest = sha(type(group).__qualname__ + self._attributes(state))
        self._memo[key] = (group, digest)
        return digest

    def own(self, content) -> str:
        """An article's own state, without groups, neighbours or translations."""
        key = ("own", id(content))
        hit = self._memo.get(key)
        if hit is not None and hit[0] is content:
            return hit[1]
        source = _source_digest(getattr(content, "source_path", None))
        derived = FROM_SOURCE if source != MISSING else ()  # no file: keep everything
        state = {k: v for k, v in vars(content).items() if k not in derived}
        digest = sha(f"{type(content).__qualname__}:{getattr(content, 'source_path', None)}:"
                     f"{source}{self.own_state(state)}")
        self._memo[key] = (content, digest)
        return digest
