"""The building blocks of reading a YAML file node by node: each node keeps
its line, so every problem can point at the exact key or value, in Chinese and
English. ``db.config_reader`` builds the street file's reader on these.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ConfigError

__all__ = ["NodeReader", "NodeMap", "STR", "INT", "FLOAT", "line_of", "show"]

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def show(node: Node) -> str:
    if isinstance(node, ScalarNode):
        raw = str(node.value)
        shown = repr(raw if len(raw) <= 40 else raw[:37] + "...")
        # '"60" in quotes' tells why a number written in quotes is refused as one
        return f"{shown} (in quotes)" if node.style in ("'", '"') else shown
    if isinstance(node, SequenceNode):
        return "a list"
    return "a mapping"


IDS_ZH = {"street id": "街道 id", "community id": "社区 id", "compound id": "小区 id",
          "building id": "楼栋 id", "unit id": "单元 id", "room": "房号",
          "area id": "管理区域 id"}


class NodeReader:
    """Checks the nodes of one file; raises ``ConfigError`` on the first problem."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: Node | int, zh: str, en: str) -> NoReturn:
        line = node if isinstance(node, int) else line_of(node)
        raise ConfigError(self.path, line, f"{zh} / {en}")

    def choice(self, node: Node, what: str, choices: tuple[str, ...]) -> str:
        value = self.text(node, what)
        if value not in choices:
            self.fail(node, f"未知的 {what} {value!r}",
                      f"unknown {what} {value!r}: use one of {' | '.join(choices)}")
        return value

    # -- building blocks ----------------------------------------------------

    def check_tree(self, node: Node, seen: set[int], stack: set[int]) -> None:
        """Refuse keys given twice (PyYAML would keep the last silently) and
        aliases that contain themselves (they would loop forever)."""
        if id(node) in stack:
            self.fail(node, "别名指向自身", "an alias refers to a node that contains it")
        if id(node) in seen or isinstance(node, ScalarNode):
            return
        seen.add(id(node))
        stack.add(id(node))
        if isinstance(node, MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in first:
                        self.fail(key, f"键 {key.value!r} 重复",
                                  f"key {key.value!r} is given twice in one mapping "
                                  f"(first at line {first[key.value]})")
                    first[key.value] = line_of(key)
                self.check_tree(key, seen, stack)
                self.check_tree(value, seen, stack)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                self.check_tree(item, seen, stack)
        stack.discard(id(node))

    def mapping(self, node: Node, where: str, required: Iterable[str],
                optional: Iterable[str] = ()) -> NodeMap:
        if not isinstance(node, MappingNode):
            self.fail(node, "应为映射(键: 值)",
                      f"{where} must be a mapping of key: value, not {show(node)}")
        required = tuple(required)
        allowed = required + tuple(optional)
        values: dict[str, Node] = {}
        keys: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else show(key_node)
            if key not in allowed:
                if key == "<<":
                    self.fail(key_node, "不支持合并键 <<", "merge keys (<<) are not "
                                                          "supported: write the keys out")
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                zh_hint = f"(是不是 {near[0]!r}?)" if near else ""
                self.fail(key_node, f"未知的键 {key!r}{zh_hint}",
                          f"unknown key {key!r} in {where}{hint} "
                          f"(allowed: {', '.join(allowed)})")
            values[key] = value
            keys[key] = key_node
        for key in required:
            if key not in values:
                self.fail(node, f"缺少键 {key!r}", f"{where} is missing the key {key!r}")
        return NodeMap(values, keys)

    def seq(self, node: Node, what: str, *, allow_empty: bool = False) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} 应为列表", f"{what} must be a list, not {show(node)}")
        if not node.value and not allow_empty:
            self.fail(node, f"{what} 不能为空", f"{what} is an empty list")
        return list(node.value)

    def scalar(self, node: ScalarNode, what: str) -> Any:
        try:
            return SafeConstructor().construct_object(node)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self.fail(node, "无法读取的值", f"{what}: cannot read {show(node)}: {problem}")

    def text(self, node: Node, what: str) -> str:
        if not (isinstance(node, ScalarNode) and node.tag == STR and node.value.strip()):
            hint = " (put quotes around it)" if isinstance(node, ScalarNode) else ""
            self.fail(node, f"{what} 应为文字", f"{what} must be non-empty text, not "
                                               f"{show(node)}{hint}")
        return str(node.value).strip()

    def ident(self, node: Node, what: str, pattern: re.Pattern[str], hint: str,
              zh_hint: str = "") -> str:
        # the raw text for numbers too: "0101" stays "0101", 1 becomes "1"
        if isinstance(node, ScalarNode) and node.tag in (STR, INT):
            raw = str(node.value).strip()
            if pattern.match(raw):
                return raw
        # said in Chinese too (before: 'compound id 无效', the why in English only)
        self.fail(node, f"{IDS_ZH.get(what, what)} {show(node)} 无效" +
                  (f"：{zh_hint}" if zh_hint else ""),
                  f"{what} {show(node)} is not a valid id: use {hint}")

    def count(self, node: Node, what: str, lo: int, hi: int | None) -> int:
        value: Any = self.scalar(node, what) if isinstance(node, ScalarNode) else None
        if node.tag != INT or not (lo <= value and (hi is None or value <= hi)):
            limit = f"from {lo} to {hi}" if hi is not None else f">= {lo}"
            zh = f"{lo} 到 {hi} 的" if hi is not None else f"不小于 {lo} 的"
            self.fail(node, f"{what} 应为 {zh}整数",
                      f"{what} must be a whole number {limit}, not {show(node)}")
        return int(value)

    def telegram_id(self, node: Node, what: str) -> int:
        value: Any = self.scalar(node, what) if isinstance(node, ScalarNode) else None
        if node.tag != INT or value <= 0:
            self.fail(node, f"{what} 应为 Telegram 数字 id",
                      f"{what} must be a Telegram id (a whole number like 900001, "
                      f"without quotes), not {show(node)}")
        return int(value)

    def unique(self, seen: dict[str, int], key: str, node: Node, zh: str, en: str,
               scope: str) -> None:
        if key in seen:
            self.fail(node, f"{zh} {key!r} 重复(第 {seen[key]} 行已有)",
                      f"duplicate {en} {key!r} {scope} (first at line {seen[key]})")
        seen[key] = line_of(node)


class NodeMap:
    """A checked mapping's value nodes by key, and its key nodes (for their lines)."""

    def __init__(self, values: dict[str, Node], keys: dict[str, Node]) -> None:
        self._values = values
        self.key_nodes = keys

    def __getitem__(self, key: str) -> Node:
        return self._values[key]

    def __contains__(self, key: str) -> bool:
        return key in self._values
