"""YAML from people, read with its aliases' expansion bounded.

An alias repeats a whole subtree by name; nine levels of nine aliases are 368 bytes that expand
to hundreds of millions of values, and walking them took 22 s and 260 MB while holding the write
lock. The composed document is measured as it would be once expanded (each node counted once per
place it appears, with shared subtrees measured only once) and refused past MAX_NODES, before
anything walks it. Recursive aliases and nesting deeper than MAX_DEPTH are refused too.
"""

from __future__ import annotations

import yaml

MAX_NODES = 100_000
MAX_DEPTH = 200


class YamlTooLarge(ValueError):
    pass


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_size(root: yaml.Node | None) -> None:
    """Raises YamlTooLarge when the document, aliases expanded, has more than MAX_NODES values,
    refers to itself, or nests deeper than MAX_DEPTH."""
    if root is None:
        return
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            children = _children(node)
            sizes[key] = min(1 + sum(sizes[id(c)] for c in children), MAX_NODES + 1)
            depths[key] = 1 + max((depths[id(c)] for c in children), default=0)
            if sizes[key] > MAX_NODES:
                raise YamlTooLarge(f"the document would expand to more than {MAX_NODES} values")
            if depths[key] > MAX_DEPTH:
                raise YamlTooLarge(f"the document nests deeper than {MAX_DEPTH} levels")
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlTooLarge("the document refers to itself through an alias")
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return


def compose(text: str) -> yaml.Node | None:
    """The composed document, measured (see check_size); YAML errors pass through as they are."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise YamlTooLarge(f"the document nests deeper than {MAX_DEPTH} levels") from None
    check_size(root)
    return root


def safe_load(text: str) -> object:
    """yaml.safe_load, with the document measured before it is built."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except RecursionError:
            raise YamlTooLarge(f"the document nests deeper than {MAX_DEPTH} levels") from None
        check_size(root)
        return loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
