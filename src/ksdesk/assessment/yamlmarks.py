"""YAML parsing that remembers on which line every value stands.

Rule sets are edited by hand by an administrator; an error that says "factors.3.theme" is
much less useful than one that says "line 57". PyYAML's nodes carry their position, so the
document is composed once, turned into plain data, and every path is mapped to its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ksdesk import yaml_limits

Path = tuple[Any, ...]


class YamlError(ValueError):
    """A document that cannot be read; ``code`` names the reason (ksdesk.reasons) for people."""

    def __init__(self, line: int | None, problem: str, code: str = "yaml_syntax", **params: Any) -> None:
        self.code = code
        self.params = params
        self.line = line
        self.problem = problem
        super().__init__(f"line {line}: {problem}" if line else problem)


@dataclass
class MarkedDocument:
    data: object
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, loc: tuple) -> int | None:
        """The line of the deepest part of a (pydantic) location that exists in the document.

        Pydantic puts union tags and validator names into locations; parts that do not lead
        anywhere in the data are skipped rather than ending the walk.
        """
        path: Path = ()
        best = self.lines.get(path)
        node = self.data
        for part in loc:
            child = _child(node, part)
            if child is _MISSING:
                continue
            node = child
            path = path + (part,)
            best = self.lines.get(path, best)
        return best


_MISSING = object()


def _child(node: object, part: object) -> object:
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


def parse(text: str) -> MarkedDocument:
    try:
        root = yaml_limits.compose(text)
    except yaml_limits.YamlTooLarge as exc:
        raise YamlError(None, str(exc), "yaml_too_large") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(line, f"YAML syntax: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(None, f"YAML syntax: {exc}") from None
    if root is None:
        raise YamlError(1, "the document is empty", "yaml_empty")
    lines: dict[Path, int] = {}
    data = _build(root, (), lines)
    return MarkedDocument(data, lines)


def _build(node: yaml.Node, path: Path, lines: dict[Path, int]) -> object:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in out:
                raise YamlError(key_node.start_mark.line + 1, f"the key {key!r} appears twice in one mapping",
                                "yaml_key_twice", key=key)
            # A key's own line is where an editor looks for it, not where its value begins.
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise YamlError(node.start_mark.line + 1, "a mapping key must be a plain value", "yaml_key_not_plain")
    # The safe constructor resolves the scalar's tag (int, float, bool, null, date, str).
    return yaml.SafeLoader("").construct_object(node, deep=True)
