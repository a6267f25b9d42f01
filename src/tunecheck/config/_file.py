"""Reading a run file: YAML with line numbers, validated into ``RunConfig``.

Every problem is reported at once, each with file, line and key path, e.g.
``run.yaml:14: checks.task.outputs[0].metrics[1]: unknown metric 'rogue' (did you mean 'rouge1'?)``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

import yaml
from pydantic import ValidationError

from tunecheck.config._run import RunConfig
from tunecheck.errors import ConfigError, ConfigIssue

Path_ = tuple[str | int, ...]

#: Values a run file may hold once its aliases are expanded (real ones hold hundreds).
MAX_VALUES = 10_000


_KEYED = re.compile(r"^([a-z_]\w*(?:\.\w+)+): (.*)$", re.S)


def load_config(path: Path) -> RunConfig:
    """Parse and validate a run file; raise ``ConfigError`` listing every problem."""
    text = _read(path)
    data, lines = _parse(text, path)
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_issues(exc, data, lines, str(path))) from None


def schema_json() -> str:
    """The JSON Schema of the run file, for editors."""
    schema = RunConfig.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tunecheck run file"
    return json.dumps(schema, indent=2)


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError([ConfigIssue("", f"cannot read the run file: {exc.strerror}", str(path))]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the run file as UTF-8"
        raise ConfigError([ConfigIssue("", message, str(path), line)]) from None


def _parse(text: str, path: Path) -> tuple[object, dict[Path_, int]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            _expanded_size(node, set(), {}, str(path))
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError([ConfigIssue("", f"not valid YAML: {exc}", str(path), line)]) from None
    except RecursionError:
        raise ConfigError([ConfigIssue("", "nested too deeply to be a run file", str(path))]) from None
    if not isinstance(data, dict):
        raise ConfigError(
            [ConfigIssue("", "the run file must be a mapping with 'version: 1' at the top", str(path), 1)]
        )
    lines: dict[Path_, int] = {}
    if node is not None:
        _collect_lines(node, (), lines)
    return data, lines


def _expanded_size(node: yaml.Node, open_nodes: set[int], sizes: dict[int, int], file: str) -> int:
    """How many values ``node`` stands for once aliases are expanded; refuse cycles and bombs.

    An alias is the very node its anchor names, so a node met again inside itself is a
    recursive alias, and sizes are counted per node once (linear in the file's size).
    """
    if id(node) in sizes:
        return sizes[id(node)]
    line = node.start_mark.line + 1
    if id(node) in open_nodes:
        raise ConfigError([ConfigIssue("", "an alias refers to the value that contains it (a recursive "
                                           "anchor); copy the values instead", file, line)])
    open_nodes.add(id(node))
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    size = 1 + sum(_expanded_size(child, open_nodes, sizes, file) for child in children)
    open_nodes.discard(id(node))
    if size > MAX_VALUES:
        raise ConfigError([ConfigIssue("", f"aliases expand the value here to more than {MAX_VALUES} values; "
                                           "a run file needs far fewer (an alias bomb?)", file, line)])
    sizes[id(node)] = size
    return size


def _collect_lines(node: yaml.Node, at: Path_, lines: dict[Path_, int]) -> None:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = cast(str, key_node.value)
            lines[(*at, key)] = key_node.start_mark.line + 1
            _collect_lines(value_node, (*at, key), lines)
            lines[(*at, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*at, index), lines)


def _issues(exc: ValidationError, data: object, lines: dict[Path_, int], file: str) -> list[ConfigIssue]:
    issues = []
    for error in exc.errors():
        at = _data_path(error["loc"], data)
        message = str(error["msg"]).removeprefix("Value error, ")
        if message.startswith("[") and "]: " in message:  # an index inside a list field
            index, message = message[1:].split("]: ", 1)
            at = (*at, int(index))
        if error["type"] == "extra_forbidden":
            message = _unknown_key_message(at)
        if not at and (keyed := _KEYED.match(message)):  # a whole-file rule that names the key it is about
            at = tuple(int(part) if part.isdigit() else part for part in keyed[1].split("."))
            message = keyed[2]
        line = _nearest_line(at, lines)
        issues.append(ConfigIssue(format_key(at), message, file, line))
    return issues


def _data_path(loc: tuple[int | str, ...], data: object) -> Path_:
    """Drop the discriminator tags pydantic inserts into locations (``candidate.hf.dtype``)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        found, child = _child(current, part)
        if found:
            path.append(part)
            current = child
        elif isinstance(current, dict | list):
            continue  # a union tag, or a key that is missing (reported on its parent)
        else:
            path.append(part)
    if loc and loc[-1] not in path and isinstance(loc[-1], str) and isinstance(current, dict):
        path.append(loc[-1])  # a missing required key
    return tuple(path)


def _child(current: object, part: str | int) -> tuple[bool, object]:
    if isinstance(current, dict) and part in current:
        return True, current[part]
    if isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
        return True, current[part]
    return False, None


def _unknown_key_message(at: Path_) -> str:
    return f"unknown key '{at[-1]}' (check its spelling; `tunecheck schema` lists every key)"


def _nearest_line(at: Path_, lines: dict[Path_, int]) -> int | None:
    for end in range(len(at), -1, -1):
        if at[:end] in lines:
            return lines[at[:end]]
    return None


def format_key(at: Path_) -> str:
    """``('checks', 'task', 'outputs', 0)`` -> ``checks.task.outputs[0]``."""
    text = ""
    for part in at:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
