"""The package's modules depend on each other without cycles, and nothing is wired by importing.

Every import counts, at the top of a module or inside a function: a cycle hidden in a function
is still two modules that cannot be understood (or changed) one without the other.
"""

import ast
from pathlib import Path

import ksdesk

SRC = Path(ksdesk.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    found = set()
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            # "from a.b import c" depends on the module a.b.c when there is one, else on a.b.
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names}
    return {target for target in found if target in modules and target != name}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_between_modules():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert [sorted(c) for c in _cycles(graph)] == []


FEATURES = ("ksdesk.registry", "ksdesk.screening", "ksdesk.desk", "ksdesk.assessment", "ksdesk.portfolio")


def test_the_web_kit_depends_on_no_feature_and_no_domain_on_the_application():
    modules = _modules()
    upward = []
    for name, path in modules.items():
        for target in _imports(name, path, modules):
            if name.startswith("ksdesk.web") and target.startswith(FEATURES + ("ksdesk.app",)):
                upward.append(f"{name} -> {target}")
            if not name.startswith("ksdesk.app") and target.startswith("ksdesk.app"):
                upward.append(f"{name} -> {target}")
    assert upward == []


def test_no_module_is_imported_for_its_side_effects():
    # An import that is never used would be flagged by ruff (F401); silencing that means the
    # import is there for what it does on import.
    silenced = [f"{path.relative_to(SRC)}:{n}" for path in sorted(SRC.rglob("*.py"))
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if "import" in line and "noqa" in line and ("F401" in line or "E402" in line)]
    assert silenced == []


def test_session_and_mapper_listeners_are_registered_only_by_wiring():
    registered_elsewhere = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level: registered by importing the module
            decorators = getattr(node, "decorator_list", [])
            if any("listens_for" in ast.unparse(d) for d in decorators):
                registered_elsewhere.append(f"{path.relative_to(SRC)}:{node.lineno}")
        if path.name != "wiring.py":
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and ast.unparse(node.func) == "event.listen":
                    registered_elsewhere.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert registered_elsewhere == []


def test_the_wiring_installs_every_listener_once(engine):
    from sqlalchemy import event

    from ksdesk.wiring import MAPPER_LISTENERS, SESSION_LISTENERS, install

    factory = install(engine)
    assert install(factory) is factory
    assert all(event.contains(factory, name, listener) for name, listener in SESSION_LISTENERS)
    assert all(event.contains(model, name, listener) for model, name, listener in MAPPER_LISTENERS)


def test_every_sessionmaker_gets_the_listeners_even_after_others_were_collected(engine):
    import gc

    from ksdesk.portfolio import upkeep
    from ksdesk.wiring import install

    for _ in range(30):
        factory = install(engine)
        session = factory()
        assert any(fn is upkeep.settle_before_commit for fn in session.dispatch.before_commit)
        session.close()
        del factory, session
        gc.collect()
