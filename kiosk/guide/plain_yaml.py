"""Limits on a guide file before its YAML is built: a size, a nesting depth, and no anchors or aliases.

The guide is edited by hand. YAML's anchors (`&name`) and aliases (`*name`) let a few lines stand for
billions of items (nine nested lists of nine aliases is 9^9), which validating or even printing runs out
of memory on; the guide never needs them, as each rule is written out where it applies. So a file is
refused at its first anchor or alias, while it is only being parsed, before anything is built from it."""

from __future__ import annotations

from typing import Any, NamedTuple

MAX_FILE_BYTES = 256 * 1024  # the largest guide file is ~10 kB
MAX_DEPTH = 32  # lists and mappings inside each other; the guide's deepest is 6


class Refusal(NamedTuple):
    """Why a file is refused, and where (1-based; line 0 when it is the whole file)."""

    line: int
    column: int
    problem: str


def too_large(size: int) -> Refusal | None:
    """A file of `size` bytes is refused above MAX_FILE_BYTES, before it is read."""
    if size <= MAX_FILE_BYTES:
        return None
    return Refusal(0, 0, f"the file is {size:,} bytes; a guide file may have at most {MAX_FILE_BYTES:,}")


def first_refusal(text: str, loader: type[Any]) -> Refusal | None:
    """The first anchor, alias or too-deep nesting in `text`, found from its YAML events (nothing is built)."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=loader):
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        if isinstance(event, yaml.AliasEvent):
            return Refusal(*where, f"YAML aliases (*{event.anchor}) are not allowed in the guide: write it out")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            return Refusal(*where, f"YAML anchors (&{event.anchor}) are not allowed in the guide: write it out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Refusal(*where, f"lists and mappings are nested more than {MAX_DEPTH} deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None
