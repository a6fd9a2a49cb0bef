"""Installing as a deployer does: the lowest versions pyproject allows, the lock file, and an offline install
from a wheelhouse (deploy/build-wheelhouse.sh, then deploy/install-offline.sh with no network at all)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "deploy" / "requirements.lock"
# The store's tests and those of the parts whose lower bounds matter (paths: platformdirs; the guide's
# errors: jsonschema; Traditional Chinese: OpenCC), run in a venv holding the lowest allowed versions.
LOWEST_TESTS = [
    "tests/test_store.py",
    "tests/test_store_migrations.py",
    "tests/test_store_faults.py",
    "tests/test_staff_store.py",
    "tests/test_paths.py",
    "tests/test_guide_load.py",
    "tests/test_hant.py",
]


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without pip's settings (this machine's pip.conf adds local indexes)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_", "VIRTUAL_ENV", "PYTHON"))}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", **extra}


def run(command: list[str], *, timeout: float, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done  # type: ignore[no-any-return]


def locked() -> dict[str, tuple[str, int]]:
    """name -> (pinned version, number of hashes) in deploy/requirements.lock."""
    text = LOCK.read_text(encoding="utf-8")
    pins: dict[str, tuple[str, int]] = {}
    for block in re.split(r"\n(?=[a-z0-9])", text):
        match = re.match(r"([A-Za-z0-9._-]+)==(\S+)", block)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = (match.group(2), block.count("--hash=sha256:"))
    return pins


def test_the_lock_pins_every_dependency_within_pyprojects_bounds_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked()
    for line in project["dependencies"]:
        wanted = Requirement(line)
        name = wanted.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not in {LOCK.name}: run deploy/lock.sh"
        assert wanted.specifier.contains(pins[name][0]), (
            f"{name}=={pins[name][0]} is outside {line}: run deploy/lock.sh"
        )
    assert all(hashes >= 1 for _, hashes in pins.values()), pins


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One wheelhouse for the session, built as deploy/README.md says (this needs PyPI)."""
    folder = tmp_path_factory.mktemp("wheelhouse")
    run(["bash", str(ROOT / "deploy" / "build-wheelhouse.sh"), str(folder)], timeout=900, env=clean_env())
    return folder


def no_network() -> list[str]:
    """A prefix that runs a command with no network at all (a new network namespace), where we may make one."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    if os.environ.get("CI") == "true":
        pytest.fail("cannot run without a network here (unshare -n): the offline install would not be shown offline")
    return []


@pytest.mark.install
def test_an_offline_install_from_the_wheelhouse_checks_the_guide(wheelhouse: Path, tmp_path: Path) -> None:
    wheels = sorted(p.name for p in wheelhouse.glob("*.whl"))
    assert any(name.startswith("jiangsu_card_kiosk-") for name in wheels)
    assert len(wheels) == len(locked()) + 1, wheels  # every locked package as a wheel, and the kiosk's own
    prefix = tmp_path / "opt" / "jiangsu-card-kiosk"
    done = run(
        [*no_network(), "bash", str(wheelhouse / "install-offline.sh"), str(wheelhouse), str(prefix)],
        timeout=600,
        env=clean_env(HOME=str(tmp_path)),
        cwd=tmp_path,  # not this source tree, whose kiosk/ would be imported first
    )
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f"kiosk {version}\n" in done.stdout
    assert re.search(r"guide [0-9a-f]+: 9 procedures, \d+ paths, all end in a checklist", done.stdout), done.stdout
    # The installed kiosk is the wheel's, not this source tree's.
    where = run([str(prefix / "bin" / "python"), "-c", "import kiosk; print(kiosk.__file__)"], timeout=60, cwd=tmp_path)
    assert where.stdout.startswith(str(prefix))


@pytest.mark.install
def test_the_lowest_allowed_versions_pass_the_store_tests(tmp_path: Path) -> None:
    venv = tmp_path / "lowest"
    uv = [sys.executable, "-m", "uv"]
    env = clean_env(VIRTUAL_ENV=str(venv))
    run([*uv, "venv", "--quiet", "--python", sys.executable, str(venv)], timeout=120, env=env)
    # Named: `python -m uv` would otherwise install into the environment of the Python that runs it.
    target = ["--python", str(venv / "bin" / "python")]
    # The test tools these tests need, at their own lower bounds (not all of [dev]: the browser driver alone
    # is 40 MB that these tests never use).
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    tools = [line for line in dev["dev"] if Requirement(line).name in ("pytest", "pytest-asyncio", "hypothesis")]
    assert len(tools) == 3, tools
    run(
        [*uv, "pip", "install", "--quiet", *target, "--resolution", "lowest-direct", "--editable", str(ROOT), *tools],
        timeout=900,
        env=env,
    )
    shown = run([*uv, "pip", "freeze", *target], timeout=60, env=env).stdout
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    installed = {
        name.lower().replace("_", "-"): Version(version)
        for name, version in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)$", shown, re.MULTILINE)
    }
    for line in project["dependencies"]:
        wanted = Requirement(line)
        floor = next(Version(s.version) for s in wanted.specifier if s.operator in (">=", "=="))
        assert installed.get(wanted.name.lower()) == floor, (
            f"{wanted.name} is not at its lowest allowed {floor}: {shown}"
        )
    tests = run(
        [str(venv / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", *LOWEST_TESTS],
        timeout=900,
        cwd=ROOT,
        env={**env, "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}"},
    )
    assert re.search(r"\d+ passed", tests.stdout), tests.stdout
