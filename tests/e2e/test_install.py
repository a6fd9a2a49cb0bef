"""Installing as a deployer does: the lowest versions pyproject allows, the lock file, and an offline install
from a wheelhouse (deploy/build-wheelhouse.sh, then deploy/install-offline.sh with no network at all)."""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from parts_helpers import require_program

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "deploy" / "requirements.lock"
# The store's tests and those of the parts whose lower bounds matter (paths: platformdirs; the guide's
# errors: jsonschema; Traditional Chinese: OpenCC), run in a venv holding the lowest allowed versions.
LOWEST_TESTS = [
    "tests/store/test_store.py",
    "tests/store/test_store_migrations.py",
    "tests/store/test_store_faults.py",
    "tests/store/test_staff_store.py",
    "tests/lobby/test_paths.py",
    "tests/guide/test_guide_load.py",
    "tests/guide/test_hant.py",
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


@dataclass(frozen=True)
class Installed:
    prefix: Path
    output: str


def terminal_python() -> str:
    """Debian 12's own Python 3.11, as on a lobby terminal (and readable by an unprivileged user), if here."""
    if Path("/usr/bin/python3").exists():
        return "/usr/bin/python3"
    if os.environ.get("CI") == "true":
        pytest.fail("Debian's python3 (packages python3, python3-venv) is missing")
    return sys.executable


@pytest.fixture(scope="session")
def installed(wheelhouse: Path) -> Iterator[Installed]:
    """The kiosk installed from the wheelhouse with no network, as deploy/README.md says, in a folder any
    user may read (the lobby session below runs it as an unprivileged user)."""
    folder = Path(tempfile.mkdtemp(prefix="ops-opt-"))
    folder.chmod(0o755)
    prefix = folder / "jiangsu-card-kiosk"
    done = run(
        [*no_network(), "bash", str(wheelhouse / "install-offline.sh"), str(wheelhouse), str(prefix)],
        timeout=900,
        env=clean_env(HOME=str(folder), PYTHON=terminal_python()),
        cwd=folder,  # not this source tree, whose kiosk/ would be imported first
    )
    yield Installed(prefix, done.stdout)
    shutil.rmtree(folder, ignore_errors=True)


# The tests of the wheelhouse's install share one worker (pyproject's --dist loadgroup): it is built once.
ONE_WHEELHOUSE = pytest.mark.xdist_group("wheelhouse")


@pytest.mark.install
@ONE_WHEELHOUSE
def test_an_offline_install_from_the_wheelhouse_checks_the_guide(wheelhouse: Path, installed: Installed) -> None:
    wheels = sorted(p.name for p in wheelhouse.glob("*.whl"))
    assert any(name.startswith("jiangsu_card_kiosk-") for name in wheels)
    assert len(wheels) == len(locked()) + 1, wheels  # every locked package as a wheel, and the kiosk's own
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f"kiosk {version}\n" in installed.output
    assert re.search(r"guide [0-9a-f]+: 9 procedures, \d+ paths, all end in a checklist", installed.output)
    # The installed kiosk is the wheel's, not this source tree's.
    python = installed.prefix / "bin" / "python"
    where = run([str(python), "-c", "import kiosk; print(kiosk.__file__)"], timeout=60, cwd=installed.prefix)
    assert where.stdout.startswith(str(installed.prefix))


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
    # pytest-xdist: pyproject's addopts name its --dist option (without -n it distributes nothing).
    names = ("pytest", "pytest-asyncio", "pytest-xdist", "hypothesis")
    tools = [line for line in dev["dev"] if Requirement(line).name in names]
    assert len(tools) == 4, tools
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


def lobby_command(prefix: Path, foot_ini: Path) -> list[str]:
    """The lobby unit's ExecStart, with the kiosk and foot.ini where this test installed them."""
    unit = (ROOT / "deploy" / "jiangsu-card-kiosk.service").read_text(encoding="utf-8")
    line = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    line = line.removeprefix("ExecStart=").replace("/opt/jiangsu-card-kiosk", str(prefix))
    return shlex.split(line.replace("/etc/jiangsu-card-kiosk/foot.ini", str(foot_ini)))


def ink_rows(ppm: bytes) -> int:
    """How many pixel rows of a binary PPM screenshot hold a bright pixel (text; the blank terminal has only
    its cursor, and the kiosk's "window too small" notice two lines)."""
    _, width, height, _, pixels = ppm.split(maxsplit=4)
    row = int(width) * 3
    return sum(1 for y in range(int(height)) if max(pixels[y * row : (y + 1) * row]) > 0x60)


def proc_cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it ended meanwhile
        return b""


def font_covers(font: str, text: str) -> list[str]:
    """The characters of `text` that fontconfig's best match for `font` has no glyph for."""
    charset = subprocess.run(
        ["fc-match", "--format=%{charset}", font], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    ranges = [tuple(int(end, 16) for end in part.split("-")) for part in charset.split()]
    return sorted({c for c in text if not c.isspace() and not any(r[0] <= ord(c) <= r[-1] for r in ranges)})


@pytest.mark.install
@ONE_WHEELHOUSE
def test_the_lobby_session_runs_the_kiosk_full_screen_with_chinese_as_an_unprivileged_user(
    installed: Installed,
) -> None:
    """The lobby unit's own command (cage, foot with deploy/foot.ini, `kiosk run --supervise`) on a headless
    display, as the unprivileged user `nobody`, with the folders systemd would give it."""
    for program in ("cage", "foot", "grim", "fc-match", "setpriv"):
        require_program(program)
    session = Path(tempfile.mkdtemp(prefix="ops-lobby-"))
    session.chmod(0o755)
    nobody = pwd.getpwnam("nobody")
    folders = {name: session / name for name in ("runtime", "state", "cache", "logs")}
    for folder in folders.values():
        folder.mkdir(mode=0o700)
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
    foot_ini = session / "foot.ini"
    shutil.copy(ROOT / "deploy" / "foot.ini", foot_ini)
    foot_ini.chmod(0o644)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(folders["state"]),
        "LANG": "C.UTF-8",
        "XDG_SESSION_TYPE": "wayland",
        "XDG_RUNTIME_DIR": str(folders["runtime"]),
        "STATE_DIRECTORY": str(folders["state"]),
        "CACHE_DIRECTORY": str(folders["cache"]),
        "LOGS_DIRECTORY": str(folders["logs"]),
        # No display or keyboard here: wlroots draws into memory, and grim reads it back.
        "WLR_BACKENDS": "headless",
        "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1",
    }
    as_nobody = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", "env", "-i"]
    as_nobody += [f"{key}={value}" for key, value in env.items()]
    output = session / "session.log"
    with output.open("wb") as sink:
        lobby = subprocess.Popen(
            [*as_nobody, *lobby_command(installed.prefix, foot_ini)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def screenshot(kind: str = "ppm") -> bytes:
        done = subprocess.run(
            [*as_nobody, "WAYLAND_DISPLAY=wayland-0", "grim", "-t", kind, "-"],
            capture_output=True,
            timeout=30,
            check=False,
        )
        return done.stdout if done.returncode == 0 else b""

    try:
        # Painted: many rows of text, the same in two screenshots in a row (not mid-draw).
        deadline = time.monotonic() + 120
        previous = b""
        while True:
            shot = screenshot()
            if shot and shot == previous and ink_rows(shot) > 150:
                break
            assert lobby.poll() is None, output.read_text(encoding="utf-8", errors="replace")
            assert time.monotonic() < deadline, f"the kiosk never painted:\n{output.read_text(errors='replace')}"
            previous = shot
            time.sleep(0.5)
        (session / "lobby.png").write_bytes(screenshot("png"))
        # The supervised child (`python -m kiosk run`) of this install, not any other kiosk on the machine.
        ours = f"{installed.prefix}/bin/python\0-m\0kiosk\0run".encode()
        kiosks = [pid for pid in os.listdir("/proc") if pid.isdigit() and ours in proc_cmdline(pid)]
        owners = {os.stat(f"/proc/{pid}").st_uid for pid in kiosks}
    finally:
        os.killpg(lobby.pid, signal.SIGTERM)
        lobby.wait(timeout=30)
    shown = output.read_text(encoding="utf-8", errors="replace")
    assert kiosks and owners == {nobody.pw_uid}  # the supervised kiosk, as the unprivileged user
    assert re.search(r"fcft\.c:\d+: /usr/share/fonts/opentype/noto/NotoSansCJK-Regular\.ttc", shown), shown
    # Every Chinese character the guide can show (its YAML files, as installed) has a glyph in that font.
    guide_files = sorted(installed.prefix.glob("lib/python3*/site-packages/kiosk/guide/**/*.yaml"))
    text = "".join(file.read_text(encoding="utf-8") for file in guide_files)
    chinese = "".join(re.findall(r"[\u3000-\u9fff\uff00-\uffef]", text)) + "江苏省社会保障卡办事指引"
    assert len(guide_files) >= 10 and len(set(chinese)) > 300
    assert font_covers("Noto Sans Mono CJK SC", chinese) == []
    # The supervisor logged the start in systemd's logs folder, the only log writer.
    log = (folders["logs"] / "kiosk.log").read_text(encoding="utf-8")
    assert "supervisor: starting the kiosk (start 1)" in log
    shutil.rmtree(session, ignore_errors=True)
