"""The project's GitHub workflows: valid YAML, the jobs and steps a release needs, current actions.

release.yml publishes to PyPI by trusted publishing from a version tag, after building,
checking and testing exactly the files it uploads; test.yml runs the README's test command on
Linux, Windows and macOS. The majors of the official actions are the current ones (checkout and
setup-python v7, upload-artifact v7 with download-artifact v8: the two move as a pair).
"""

from __future__ import annotations

import re
import runpy

import pytest
import yaml

from itagen import __version__

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
CURRENT = {
    "actions/checkout": 7,
    "actions/setup-python": 7,
    "actions/upload-artifact": 7,
    "actions/download-artifact": 8,
}


def _load(name: str) -> dict:
    flow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    flow["on"] = flow.pop(True)  # YAML 1.1 reads the key `on` as true
    return flow


def _steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def _uses(flow: dict) -> list[str]:
    return [s["uses"] for job in flow["jobs"].values() for s in _steps(job) if "uses" in s]


def _readme_test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Install and run the tests:\n\n```sh\n(.+?)\n```", readme, re.S)
    assert block, "the README's test command moved; keep test.yml and .ci/run in step with it"
    return block.group(1).strip()


@pytest.mark.parametrize("name", ["release.yml", "test.yml"])
def test_workflows_use_the_current_majors_of_the_official_actions(name):
    for use in _uses(_load(name)):
        action, ref = use.split("@")
        if action in CURRENT:
            assert ref == f"v{CURRENT[action]}", f"{name}: {use}"
        elif action.startswith("actions/"):
            raise AssertionError(f"{name}: {use} is not in CURRENT: look its major up and add it")


def test_release_builds_checks_tests_and_publishes_on_a_version_tag():
    flow = _load("release.yml")
    assert flow["on"] == {"push": {"tags": ["v*"]}}
    assert flow["permissions"] == {"contents": "read"}
    jobs = flow["jobs"]
    build = " ".join(s.get("run", "") for s in _steps(jobs["build"]))
    for command in (
        "python -m build",
        "twine check --strict dist/*",
        "release_notes.py",
        "ITAGEN_WHEEL=",
        "-m wheel",
        "__version__",
        "GITHUB_REF_NAME",
    ):
        assert command in build, command
    upload = next(
        s for s in _steps(jobs["build"]) if s.get("uses", "").startswith("actions/upload")
    )
    assert upload["with"]["path"] == "dist/"
    assert jobs["tests"]["uses"] == "./.github/workflows/test.yml"
    publish = jobs["publish"]
    assert set(publish["needs"]) == {"build", "tests"}
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}
    (pypi,) = [s for s in _steps(publish) if s.get("uses", "").startswith("pypa/")]
    assert pypi["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert not {"password", "user", "username"} & set(pypi.get("with", {}))  # trusted publishing
    assert "secrets." not in (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    # Only the publishing job may ask for an OIDC token.
    assert [n for n, j in jobs.items() if "id-token" in j.get("permissions", {})] == ["publish"]
    release = " ".join(s.get("run", "") for s in _steps(jobs["github-release"]))
    assert "release_notes.py" in release and "--notes-file" in release
    assert jobs["github-release"]["needs"] == "publish"


def test_the_test_workflow_runs_the_readme_command_on_three_systems_and_three_pythons():
    flow = _load("test.yml")
    assert {"push", "pull_request", "workflow_call"} <= set(flow["on"])
    runs: set[tuple[str, str]] = set()
    linux, others = flow["jobs"]["linux"], flow["jobs"]["windows-macos"]
    assert linux["container"] == "python:${{ matrix.python }}-bookworm"  # Debian: its chromium
    runs |= {("linux", p) for p in linux["strategy"]["matrix"]["python"]}
    matrix = others["strategy"]["matrix"]
    runs |= {(o.split("-")[0], p) for o in matrix["os"] for p in matrix["python"]}
    assert runs == {(o, p) for o in ("linux", "windows", "macos") for p in ("3.11", "3.12", "3.13")}
    assert linux["strategy"]["fail-fast"] is False and others["strategy"]["fail-fast"] is False
    readme = _readme_test_command()
    assert "bash .ci/run" in [s.get("run") for s in _steps(linux)]
    assert readme in (REPO / ".ci/run").read_text(encoding="utf-8")
    script = next(s["run"] for s in _steps(others) if "pytest" in s.get("run", ""))
    # The README's command, with `python` (Windows has no python3) and the venv's folder of
    # scripts of the runner's system (Scripts on Windows).
    assert readme.replace("python3 ", "python ").replace(".venv/bin/", ".venv/$bin/") in script


def test_release_notes_come_from_the_tags_changelog_section():
    notes = runpy.run_path(str(REPO / ".github/release_notes.py"))["section"]
    text = (
        "# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2027-01-05\n### Fixed\n- a thing\n\n"
        "## [0.1.0] - 2026-12-20\n### Added\n- all\n\n[0.2.0]: https://example.org/v0.2.0\n"
    )
    assert notes(text, "v0.2.0") == "### Fixed\n- a thing\n"
    assert notes(text, "0.1.0") == "### Added\n- all\n"
    with pytest.raises(LookupError, match=r"no section ## \[0\.3\.0\]"):
        notes(text, "v0.3.0")
    with pytest.raises(LookupError, match="empty"):
        notes(text, "Unreleased")
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    # Before a release the entries wait under Unreleased; a released version has its section.
    assert notes(changelog, "Unreleased").strip() or notes(changelog, __version__).strip()
    headings = re.findall(r"^## \[([^\]]+)\](.*)$", changelog, re.M)
    for version, rest in headings:
        assert version == "Unreleased" or re.fullmatch(r" - \d{4}-\d{2}-\d{2}", rest), version


def test_the_readme_describes_both_workflows_and_installing_before_and_after_the_release():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for words in (
        ".github/workflows/test.yml",
        ".github/workflows/release.yml",
        "trusted publishing",
        "pip install itagen",
        "Until the first release",
        "pip install .",
        "Add python.exe to PATH",
        "py -m pip install itagen",
        "pipx install itagen",
        "py -m itagen",
        "Scripts",
        "itagen init --upgrade-workflow",
    ):
        assert words in readme, words
