"""A guide file is refused, by name and quickly, when it is too large, too deep or uses YAML anchors/aliases.

The alias bomb (nine nested lists of nine aliases, 9^9 items once built) ran the loader out of memory
(about 60 s, then MemoryError, under a 2 GB cap): it must be refused while it is only being parsed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from guide_cases import copy_guide

from kiosk.cli import run
from kiosk.guide.load import GuideError, load_guide
from kiosk.guide.plain_yaml import MAX_DEPTH, MAX_FILE_BYTES, first_refusal

REISSUE = "procedures/reissue.yaml"
SUMMARY = 'summary: {zh: "正式挂失后补办新卡"'
MEMORY_CAP = 1 << 30  # 1 GiB of address space for the loader under test


def alias_bomb() -> str:
    """`[&a [9 x "lol"], &b [9 x *a], ..., &i [9 x *h]]`: a line of YAML that stands for 9^9 strings."""
    items, previous = ['&a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'], "a"
    for name in "bcdefghi":
        items.append(f"&{name} [{', '.join([f'*{previous}'] * 9)}]")
        previous = name
    return f"[{', '.join(items)}]"


def put_in_reissue(root: Path, replace: str, by: str) -> str:
    file = root / REISSUE
    text = file.read_text(encoding="utf-8")
    assert replace in text
    text = text.replace(replace, by, 1)
    file.write_text(text, encoding="utf-8")
    return text


def refused(root: Path) -> GuideError:
    with pytest.raises(GuideError) as caught:
        load_guide(root)
    return caught.value


def load_under_a_memory_cap(root: Path) -> dict[str, object]:
    """load_guide(root) in a fresh process whose address space is capped: what it raised, and how long it took."""
    program = f"""
import json, resource, time
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}))
from pathlib import Path
from kiosk.guide.load import GuideError, load_guide
start = time.perf_counter()
try:
    load_guide(Path({str(root)!r}))
    found = {{"raised": None}}
except GuideError as err:
    found = {{"raised": "GuideError", "file": err.file, "path": err.path, "problem": err.problem}}
except MemoryError:
    found = {{"raised": "MemoryError"}}
found["seconds"] = time.perf_counter() - start
print(json.dumps(found))
"""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_the_alias_bomb_is_refused_by_file_and_line_in_well_under_a_second_under_a_memory_cap(
    tmp_path: Path,
) -> None:
    root = copy_guide(tmp_path)
    text = put_in_reissue(root, SUMMARY, "summary: {zh: " + alias_bomb())
    found = load_under_a_memory_cap(root)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("summary:"))
    assert found["raised"] == "GuideError", found
    assert (found["file"], found["path"]) == ("guide/procedures/reissue.yaml", f"line {line}, column 16")
    assert found["problem"] == "YAML anchors (&a) are not allowed in the guide: write it out"
    assert isinstance(found["seconds"], float) and found["seconds"] < 0.5, (
        found
    )  # the whole guide, from the first import
    started = time.perf_counter()
    assert first_refusal(text, yaml.CSafeLoader) is not None
    assert time.perf_counter() - started < 0.1  # the check itself, on the bomb's file


def test_an_alias_or_a_merge_key_is_refused_even_without_its_anchor_in_the_same_file(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    put_in_reissue(root, SUMMARY, "summary: {zh: *elsewhere")
    err = refused(root)
    assert err.file == "guide/procedures/reissue.yaml" and err.path.startswith("line ")
    # an alias to a missing anchor is not YAML at all: refused as such, still without building anything
    assert "not valid YAML" in err.problem or "aliases" in err.problem
    root = copy_guide(tmp_path / "merge")
    put_in_reissue(root, SUMMARY, 'base: &base {en: "x"}\nsummary: {<<: *base, zh: "正式挂失后补办新卡"')
    assert "YAML anchors (&base) are not allowed" in refused(root).problem


def test_nesting_deeper_than_the_limit_is_refused_and_the_limit_itself_is_far_above_the_guide(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    put_in_reissue(root, SUMMARY, "summary: {zh: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    err = refused(root)
    assert err.file == "guide/procedures/reissue.yaml"
    assert err.problem == f"lists and mappings are nested more than {MAX_DEPTH} deep"
    deepest = 0
    for file in sorted(root.glob("**/*.yaml")):
        if file.name == "reissue.yaml":
            continue
        depth = 0
        for event in yaml.parse(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            deepest = max(deepest, depth)
    assert 0 < deepest <= MAX_DEPTH // 4


def test_a_file_over_the_size_limit_is_refused_by_name_and_one_at_the_limit_loads(tmp_path: Path) -> None:
    root = copy_guide(tmp_path)
    file = root / REISSUE
    body = file.read_bytes()
    file.write_bytes(body + b"#" * (MAX_FILE_BYTES - len(body) - 1) + b"\n")  # a comment pads it to the limit
    assert file.stat().st_size == MAX_FILE_BYTES
    assert load_guide(root).procedure("reissue") is not None
    file.write_bytes(file.read_bytes() + b"\n")
    err = refused(root)
    assert (err.file, err.path) == ("guide/procedures/reissue.yaml", "")
    assert err.problem == f"the file is {MAX_FILE_BYTES + 1:,} bytes; a guide file may have at most {MAX_FILE_BYTES:,}"


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """8 GiB (sparse) would not even fit under the memory cap: the size is taken before any byte is read."""
    root = copy_guide(tmp_path)
    with (root / "catalogue.yaml").open("r+b") as catalogue:
        catalogue.truncate(8 << 30)
    found = load_under_a_memory_cap(root)
    assert (found["raised"], found["file"], found["path"]) == ("GuideError", "guide/catalogue.yaml", ""), found
    assert found["problem"] == f"the file is {8 << 30:,} bytes; a guide file may have at most {MAX_FILE_BYTES:,}"
    assert isinstance(found["seconds"], float) and found["seconds"] < 1.0, found


def test_guide_check_and_the_kiosk_refuse_the_bomb_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_guide(tmp_path)
    put_in_reissue(root, SUMMARY, "summary: {zh: " + alias_bomb())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert run(["--guide", str(root), "guide", "check"]) == 1
    assert "guide/procedures/reissue.yaml: line 6, column 16: YAML anchors (&a)" in capsys.readouterr().err
    assert run(["--guide", str(root), "checklist", "reissue"]) == 1
    err = capsys.readouterr().err
    assert "the guide is broken and the kiosk will not start" in err and "YAML anchors (&a)" in err
    assert not os.path.exists(tmp_path / "cache" / "jiangsu-card-kiosk")  # nothing validated to keep
