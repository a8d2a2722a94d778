"""Reads the project's imports and names what breaks docs/architecture.md.

The checker works on source text (a mapping of dotted module name to code), so
the test can run it on the real tree and on a tree with a violation planted in it.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cms", "portal", "api", "search")
# The project-level URLconf and settings wire cms/ and portal/ together.
WIRING = ("cms.settings", "cms.urls", "cms.wsgi", "cms.asgi")
# A Wagtail page's own view: what these methods import is the page's face.
PAGE_FACE_METHODS = {"get_context", "serve", "serve_preview", "route"}
# Kinds of module a model may not import, and a selector may not import.
NOT_FOR_MODELS = {
    "views",
    "selectors",
    "services",
    "forms",
    "tasks",
    "wagtail_hooks",
    "api",
}
NOT_FOR_SELECTORS = {"services", "forms", "views", "tasks", "wagtail_hooks"}
ORM_ENTRY = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


@dataclass(frozen=True)
class Violation:
    rule: str
    module: str
    detail: str

    def __str__(self):
        return f"{self.rule}: {self.module}: {self.detail}"


def project_sources(root: Path = ROOT) -> dict[str, str]:
    """Every project module (migrations aside) by dotted name, with its source."""
    sources = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            sources[".".join(parts)] = path.read_text(encoding="utf-8")
    return sources


def kind(module: str) -> str:
    """What a module is by its name: models, selectors, views, api, ..."""
    parts = module.split(".")
    if parts[0] == "api":
        return "api"
    if "management" in parts:
        return "command"
    last = parts[-1]
    if last == "views" or last.endswith("_views") or "views" in parts[:-1]:
        return "views"
    if "models" in parts:
        return "models"
    return last


def is_face(module: str) -> bool:
    """Site and admin views, admin hooks, API views and management commands."""
    parts = module.split(".")
    if parts[:2] == ["api", "views"]:
        return True
    last = parts[-1]
    return kind(module) in {"views", "wagtail_hooks", "command"} or last.startswith(
        "admin_"
    )


@dataclass(frozen=True)
class Import:
    target: str
    line: int
    in_page_face: bool


class _ImportReader(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, known: set[str]):
        self.module = module
        self.is_package = is_package
        self.known = known
        self.imports: list[Import] = []
        self.orm: list[tuple[int, str]] = []
        self.request_params: list[tuple[int, str]] = []
        self._stack: list[ast.AST] = []

    def _in_page_face(self) -> bool:
        for outer, inner in zip(self._stack, self._stack[1:], strict=False):
            if (
                isinstance(outer, ast.ClassDef)
                and isinstance(inner, ast.FunctionDef)
                and inner.name in PAGE_FACE_METHODS
            ):
                return True
        return False

    def _project_module(self, dotted: str) -> str | None:
        parts = dotted.split(".")
        while parts and ".".join(parts) not in self.known:
            parts.pop()
        return ".".join(parts) or None

    def _add(self, dotted: str, node: ast.AST):
        target = self._project_module(dotted)
        if target and target != self.module:
            self.imports.append(Import(target, node.lineno, self._in_page_face()))

    def visit_If(self, node: ast.If):
        test = node.test
        name = getattr(test, "id", None) or getattr(test, "attr", None)
        if name == "TYPE_CHECKING":
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import):
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom):
        if node.level:
            base = self.module.split(".")
            if not self.is_package:
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            package = ".".join(base + ([node.module] if node.module else []))
        else:
            package = node.module or ""
        for alias in node.names:
            submodule = f"{package}.{alias.name}"
            self._add(submodule if submodule in self.known else package, node)

    def _scoped(self, node):
        self._stack.append(node)
        self.generic_visit(node)
        self._stack.pop()

    def visit_ClassDef(self, node):
        self._scoped(node)

    def visit_FunctionDef(self, node):
        for arg in node.args.args + node.args.kwonlyargs:
            if arg.arg == "request":
                self.request_params.append((node.lineno, node.name))
        self._scoped(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Attribute(self, node: ast.Attribute):
        if node.attr in ORM_ENTRY:
            value = node.value
            if isinstance(value, ast.Name):
                self.orm.append((node.lineno, value.id))
            elif isinstance(value, ast.Attribute):
                self.orm.append((node.lineno, value.attr))
            elif (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "type"
            ):
                self.orm.append((node.lineno, "type()"))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call):
        func = node.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        if name in SHORTCUTS and node.args:
            first = node.args[0]
            model = getattr(first, "id", None) or getattr(first, "attr", None)
            if model:
                self.orm.append((node.lineno, model))
        self.generic_visit(node)


def read(sources: dict[str, str]) -> dict[str, _ImportReader]:
    known = set(sources)
    readers = {}
    for module, source in sources.items():
        is_package = any(other.startswith(module + ".") for other in known)
        reader = _ImportReader(module, is_package, known)
        reader.visit(ast.parse(source))
        readers[module] = reader
    return readers


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in graph:
                    continue
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def violations(sources: dict[str, str], personal: set[str]) -> list[Violation]:
    """Every break of the layering rules in these modules.

    `personal` names the model classes that hold personal data; faces may not
    query them with the ORM.
    """
    readers = read(sources)
    found = []
    graph = {}
    for module, reader in readers.items():
        graph[module] = set()
        for imp in reader.imports:
            # A module importing its own package (or a parent) is no edge.
            if module.startswith(imp.target + "."):
                continue
            target_kind = kind(imp.target)
            if (
                module.startswith("cms.")
                and not module.startswith(WIRING)
                and imp.target.startswith("portal.")
            ):
                found.append(Violation("cms-imports-portal", module, imp.target))
            if imp.target.startswith("portal.demo") and not module.startswith(
                "portal.demo"
            ):
                found.append(Violation("demo-is-imported", module, imp.target))
            if (
                kind(module) == "models"
                and not imp.in_page_face
                and target_kind in NOT_FOR_MODELS
            ):
                found.append(Violation("model-imports-face", module, imp.target))
            if kind(module) == "selectors" and target_kind in NOT_FOR_SELECTORS:
                found.append(Violation("selector-imports-service", module, imp.target))
            if not imp.in_page_face:
                graph[module].add(imp.target)
        if kind(module) == "selectors":
            for line, function in reader.request_params:
                found.append(
                    Violation(
                        "selector-takes-request", module, f"{function} (line {line})"
                    )
                )
        if is_face(module) and not module.startswith("portal.demo"):
            for line, model in reader.orm:
                if model in personal or model == "type()":
                    found.append(
                        Violation(
                            "face-queries-personal-data",
                            module,
                            f"{model} (line {line})",
                        )
                    )
    for component in _cycles(graph):
        found.append(Violation("cycle", component[0], " <-> ".join(component)))
    return found


def personal_models() -> set[str]:
    """Portal models that are a person's data: Person, or rows owned by a person.

    A row is owned when it links to a person's data and goes with it (a link
    set to NULL on delete, like `created_by`, only records who acted).
    """
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import models

    portal = [m for m in apps.get_models() if m.__module__.startswith("portal.")]
    personal = {get_user_model()}
    personal |= {m for m in portal if m._meta.model_name == "person"}
    changed = True
    while changed:
        changed = False
        for model in portal:
            if model in personal:
                continue
            for field in model._meta.get_fields():
                if (
                    field.concrete
                    and field.is_relation
                    and (field.many_to_one or field.one_to_one)
                    and field.related_model in personal
                    and field.model.__module__.startswith("portal.")
                    and field.remote_field.on_delete is not models.SET_NULL
                ):
                    personal.add(model)
                    changed = True
                    break
    return {m.__name__ for m in personal}
