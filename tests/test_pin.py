"""The site's workflow installs the itagen that wrote it, and moves to a newer one when asked."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from itagen import __version__
from itagen.cli import main
from itagen.commands.init import init_site
from itagen.commands.pin import requirement, upgrade_workflow

from .conftest import REPO
from .test_workflows import CURRENT

FLOW = ".github/workflows/itagen.yml"


@pytest.fixture
def new_site(tmp_path):
    root = tmp_path / "ita"
    init_site(root, 2566, "องค์การบริหารส่วนตำบลทดลอง")
    return root


def _steps(root):
    flow = yaml.safe_load((root / FLOW).read_text(encoding="utf-8"))
    return flow["jobs"]["build"]["steps"]


def test_init_pins_the_version_that_wrote_it_and_caches_pip_by_the_workflow(new_site):
    steps = _steps(new_site)
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs == [f"pip install itagen=={__version__}"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    # setup-python hashes this file for the cache key: it must exist, and it holds the pin.
    assert (new_site / python["with"]["cache-dependency-path"]).is_file()
    assert python["with"]["cache-dependency-path"] == FLOW
    readme = (new_site / "README.md").read_text(encoding="utf-8")
    assert "itagen init --upgrade-workflow" in readme
    for use in (s["uses"] for s in steps if "uses" in s):
        action, ref = use.split("@")
        assert action not in CURRENT or ref == f"v{CURRENT[action]}", use


def _age(root, old: str, crlf: bool = False) -> bytes:
    """Make the site look as an older itagen wrote it; return the file's bytes."""
    text = (root / FLOW).read_text(encoding="utf-8").replace(requirement(), old)
    data = text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8")
    (root / FLOW).write_bytes(data)
    return data


def test_upgrade_workflow_rewrites_only_the_pin_and_says_what_changed(
    new_site, capsys, monkeypatch
):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    before = _age(new_site, "itagen==0.0.9", crlf=True)
    assert main(["init", "--upgrade-workflow", str(new_site)]) == 0
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(before.split(b"\r\n"), 1) if b"itagen==0.0.9" in text)
    assert f"{FLOW}:{line}: itagen==0.0.9 → itagen=={__version__}" in out
    assert f"itagen {__version__}" in out.splitlines()[-1]
    after = (new_site / FLOW).read_bytes()
    assert after == before.replace(b"itagen==0.0.9", f"itagen=={__version__}".encode())
    assert b"\r\n" in after and b"\n" not in after.replace(b"\r\n", b"")  # line endings kept


def test_upgrade_workflow_pins_an_unpinned_workflow_and_defaults_to_the_current_folder(
    new_site, capsys, monkeypatch
):
    _age(new_site, "itagen")  # what init wrote before it pinned
    monkeypatch.chdir(new_site)
    assert main(["init", "--upgrade-workflow"]) == 0
    assert f": itagen → itagen=={__version__}" in capsys.readouterr().out
    assert [s["run"] for s in _steps(new_site) if "pip install" in s.get("run", "")] == [
        f"pip install itagen=={__version__}"
    ]


def test_upgrade_workflow_at_the_current_version_changes_nothing(new_site, capsys, monkeypatch):
    before = (new_site / FLOW).read_bytes()
    assert main(["init", "--upgrade-workflow", str(new_site)]) == 0
    assert f"เป็น itagen=={__version__} อยู่แล้ว" in capsys.readouterr().out  # Thai by default
    monkeypatch.setenv("ITAGEN_LANG", "en")
    assert main(["init", "--upgrade-workflow", str(new_site)]) == 0
    assert f"already itagen=={__version__}" in capsys.readouterr().out
    assert (new_site / FLOW).read_bytes() == before


def test_upgrade_workflow_reads_requirements_files_and_leaves_other_names_alone(tmp_path):
    (tmp_path / ".github/workflows").mkdir(parents=True)
    flow = (
        "jobs:\n  b:\n    steps:\n"
        "      - run: python -m pip install -r requirements-itagen.txt\n"
        "      - run: pip install 'itagen-tools==1.0' itagenx\n"
    )
    (tmp_path / ".github/workflows/site.yaml").write_text(flow, encoding="utf-8")
    (tmp_path / "requirements-itagen.txt").write_text(
        "# pinned\nitagen >= 0.1 ; python_version >= '3.11'\njinja2\n", encoding="utf-8"
    )
    changes = upgrade_workflow(tmp_path, "9.9.9")
    assert [(c.path, c.line, c.old) for c in changes] == [
        ("requirements-itagen.txt", 2, "itagen >= 0.1")
    ]
    assert (tmp_path / ".github/workflows/site.yaml").read_text(encoding="utf-8") == flow
    assert (tmp_path / "requirements-itagen.txt").read_text(
        encoding="utf-8"
    ) == "# pinned\nitagen==9.9.9 ; python_version >= '3.11'\njinja2\n"


def test_upgrade_workflow_refuses_a_folder_without_one(tmp_path, capsys):
    assert main(["init", "--upgrade-workflow", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"ในโฟลเดอร์ {tmp_path} ไม่มีไฟล์ขั้นตอนเผยแพร่ที่ติดตั้ง itagen" in err
    assert "Traceback" not in err
    assert main(["init", "--upgrade-workflow", str(tmp_path / "nowhere")]) == 2
    assert main(["init", "--year", "2566"]) == 2
    assert main(["init", str(tmp_path / "x"), "--name", "อบต."]) == 2


_SAFE_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).filter(
    lambda s: "itagen" not in s.lower()
)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(_SAFE_LINE, max_size=8),
    at=st.integers(0, 8),
    old=st.sampled_from(["itagen", "itagen==0.0.1", "itagen>=0.1,<1", "itagen~=0.1"]),
)
def test_upgrade_rewrites_the_pin_line_and_no_other(tmp_path_factory, lines, at, old):
    root = tmp_path_factory.mktemp("p")
    (root / ".github/workflows").mkdir(parents=True)
    at = min(at, len(lines))
    lines = lines[:at] + [f"      - run: pip install {old}  # the tool"] + lines[at:]
    text = "\n".join(lines) + "\n"
    (root / ".github/workflows/x.yml").write_bytes(text.encode("utf-8"))
    (change,) = upgrade_workflow(root, "2.0.0")
    assert change.line == at + 1 and change.old == old
    after = (root / ".github/workflows/x.yml").read_bytes().decode("utf-8").split("\n")
    before = text.split("\n")
    assert [i for i, (a, b) in enumerate(zip(before, after)) if a != b] == [at]
    assert re.fullmatch(r"      - run: pip install itagen==2\.0\.0  # the tool", after[at])


def test_the_workspace_docs_pin_this_version():
    docs = (REPO / "docs/workspace.md").read_text(encoding="utf-8")
    assert re.findall(r"- run: pip install (itagen\S*)", docs) == [requirement()]
