"""The wheel stands alone: built from this checkout, installed into a fresh venv outside it, run.

What `pip install itagen` gives a webmaster must hold everything itagen reads at run time:
the built-in themes, the catalogs, the message catalogs and the check report's template. A
test run from the checkout cannot tell, since the checkout has them all beside the code; so
the wheel is built once a session (offline: hatchling from the test extra, no build
isolation), installed without the network into a venv in a temporary folder, and each command
a webmaster types runs from that venv in a temporary working folder. The dependencies come from
the test venv's site-packages through a .pth file: they are not what is tested, and a path
entry there does not run the test venv's own .pth files, so its editable itagen stays out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path
from urllib.request import urlopen

import pytest

import itagen

from .conftest import REPO

pytestmark = pytest.mark.wheel

DEPENDENCIES = (
    "jinja2",
    "markupsafe",
    "markdown_it",
    "mdit_py_plugins",
    "mdurl",
    "yaml",
    "qrcode",
    "watchdog",
    "pydantic",
    "pydantic_core",
)


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, capture_output=True, text=True, encoding="utf-8", timeout=300, **kwargs
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built once a session without the network.

    ITAGEN_WHEEL names a wheel built already (release.yml: the one it is about to publish).
    """
    if os.environ.get("ITAGEN_WHEEL"):
        return Path(os.environ["ITAGEN_WHEEL"]).resolve()
    out = tmp_path_factory.mktemp("dist")
    done = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ]
    )
    assert done.returncode == 0, done.stderr
    (found,) = out.glob("itagen-*.whl")
    return found


def _dependency_folders() -> list[str]:
    """The folders the dependencies are imported from in this process (a venv's site-packages)."""
    folders = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    for name in DEPENDENCIES:
        module = __import__(name)
        folders.add(str(Path(module.__file__).resolve().parents[1]))
    return sorted(folders)


def _env() -> dict[str, str]:
    """The environment of a webmaster's shell: nothing points into this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    # UTF-8 pipes only, for this test to read them; files keep the platform's defaults.
    env.update(PYTHONIOENCODING="utf-8", PYTHONNOUSERSITE="1")
    return env


@pytest.fixture(scope="session")
def fresh(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A venv outside the repository with only the wheel installed: its python and itagen."""
    root = tmp_path_factory.mktemp("fresh")
    venv = root / "venv"
    assert not venv.resolve().is_relative_to(REPO)
    done = _run([sys.executable, "-m", "venv", str(venv)])
    assert done.returncode == 0, done.stderr
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    done = _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        env=_env(),
    )
    assert done.returncode == 0, done.stderr
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], env=_env()
    ).stdout.strip()
    (Path(purelib) / "itagen-test-dependencies.pth").write_text(
        "\n".join(_dependency_folders()) + "\n", encoding="utf-8"
    )
    itagen_exe = scripts / ("itagen.exe" if os.name == "nt" else "itagen")
    assert itagen_exe.is_file(), "the wheel's console script was not installed"
    return {"python": python, "itagen": itagen_exe, "venv": venv, "work": root / "work"}


def test_the_wheel_holds_themes_catalogs_messages_and_the_report_template(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    themes = {
        f"itagen/builtin_themes/{p.relative_to(REPO / 'themes').as_posix()}"
        for p in (REPO / "themes").rglob("*")
        if p.is_file()
    }
    assert themes and themes <= names, sorted(themes - names)[:5]
    years = {
        f"itagen/catalog/years/{p.name}" for p in (REPO / "itagen/catalog/years").glob("*.yaml")
    }
    assert years and years <= names
    messages = {p.relative_to(REPO).as_posix() for p in (REPO / "itagen/locale").rglob("*.mo")}
    assert "itagen/locale/th/LC_MESSAGES/itagen.mo" in messages and messages <= names
    assert {
        "itagen/commands/check/report.html",
        "itagen/commands/check/report.schema.json",
    } <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    metadata = zipfile.ZipFile(wheel).read(f"itagen-{itagen.__version__}.dist-info/METADATA")
    assert f"\nVersion: {itagen.__version__}\n".encode() in metadata.replace(b"\r\n", b"\n")
    assert wheel.name == f"itagen-{itagen.__version__}-py3-none-any.whl"


def test_the_fresh_venv_imports_the_wheel_not_the_checkout(fresh):
    work = fresh["work"]
    work.mkdir(exist_ok=True)
    done = _run(
        [
            str(fresh["python"]),
            "-c",
            "import sys, itagen, jinja2; print(itagen.__file__); print(itagen.__version__); "
            "print('\\n'.join(sys.path))",
        ],
        cwd=work,
        env=_env(),
    )
    assert done.returncode == 0, done.stderr
    where, version, *path = done.stdout.splitlines()
    assert Path(where).resolve().is_relative_to(fresh["venv"].resolve())
    assert version == itagen.__version__
    assert not any(p and Path(p).resolve() == REPO for p in path)
    assert (
        _run([str(fresh["itagen"]), "--version"], cwd=work, env=_env()).stdout.strip()
        == f"itagen {itagen.__version__}"
    )


def test_a_webmaster_session_from_the_wheel(fresh):
    """init, build, check (text and HTML report), export itas, serve and qr from the wheel alone."""
    work = fresh["work"]
    work.mkdir(exist_ok=True)
    exe = str(fresh["itagen"])

    def itagen_(*args: str) -> subprocess.CompletedProcess:
        return _run([exe, *args], cwd=work, env=_env())

    done = itagen_(
        "init",
        "ita",
        "--year",
        "2566",
        "--name",
        "องค์การบริหารส่วนตำบลทดลอง",
        "--eit-url",
        "https://itas.nacc.go.th/go/eit/abc123",
    )
    assert done.returncode == 0, done.stderr
    flow = (work / "ita/.github/workflows/itagen.yml").read_text(encoding="utf-8")
    assert f"itagen=={itagen.__version__}" in flow

    done = itagen_("build", "ita")
    assert done.returncode == 0, done.stderr
    index = (work / "ita/build/2566/index.html").read_text(encoding="utf-8")
    assert "องค์การบริหารส่วนตำบลทดลอง" in index and "abc123" in index
    assert (work / "ita/build/2566/o43/index.html").is_file()
    assets = [p for p in (work / "ita/build").rglob("*") if p.suffix in (".css", ".woff2")]
    assert assets, "the built-in theme's assets are missing"

    done = itagen_("check", "ita")
    assert done.returncode == 1 and "O1" in done.stdout, done.stderr  # the stubs are still empty
    done = itagen_("check", "ita", "--format", "html", "--out", "report.html")
    report = (work / "report.html").read_text(encoding="utf-8")
    assert done.returncode == 1 and report.lstrip().lower().startswith("<!doctype html")
    assert "O43" in report

    done = itagen_(
        "export", "itas", "ita", "-o", "itas.csv", "--base-url", "https://example.go.th/ita/"
    )
    assert done.returncode == 0, done.stderr
    assert len((work / "itas.csv").read_text(encoding="utf-8-sig").splitlines()) >= 44

    for name in ("eit.svg", "eit.png"):
        done = itagen_("qr", "https://itas.nacc.go.th/go/eit/abc123", "-o", name)
        assert done.returncode == 0, done.stderr
    assert (work / "eit.svg").read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
    assert (work / "eit.png").read_bytes().startswith(b"\x89PNG")

    _serve_and_stop(exe, work)


def _serve_and_stop(exe: str, work: Path) -> None:
    """Start `itagen serve` on a free loopback port, fetch the year page, stop it."""
    flags = subprocess.CREATE_NEW_PROCESS_GROUP if os.name == "nt" else 0
    proc = subprocess.Popen(
        [exe, "serve", "ita", "--port", "0"],
        cwd=work,
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        creationflags=flags,
    )
    try:
        port, deadline = None, time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                break
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            port = int(found.group(1)) if found else None
        assert port is not None, f"serve did not start: {proc.stderr.read()}"
        with urlopen(f"http://127.0.0.1:{port}/2566/", timeout=10) as response:
            assert response.status == 200
            assert "องค์การบริหารส่วนตำบลทดลอง" in response.read().decode("utf-8")
        if os.name == "nt":
            import signal

            proc.send_signal(signal.CTRL_BREAK_EVENT)
            proc.wait(timeout=20)
        else:
            import signal

            proc.send_signal(signal.SIGINT)
            assert (
                proc.wait(timeout=20) == 130
            )  # stopped by Ctrl-C (SIGINT), as test_serve holds it
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
