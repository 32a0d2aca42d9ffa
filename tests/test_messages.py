"""Messages: the Thai catalog is complete, and every command speaks the language it was asked for.

The catalog test extracts every message from the package with Babel (the keywords of
itagen.thai.messages: _, ngettext, N_), as babel.cfg at the repository root describes, and
compiles the .po in memory to compare with the shipped .mo.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from itagen.cli import main

from .conftest import REPO

PO = REPO / "itagen" / "locale" / "th" / "LC_MESSAGES" / "itagen.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
THAI = re.compile(r"[\u0e01-\u0e5b]")
FIELD = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[srd]|%[srd]")


def _extracted() -> dict[str, tuple[str, ...]]:
    """Return every message of the package: msgid → (msgid, msgid_plural?)."""
    with open(REPO / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords=KEYWORDS
    ):
        ids = (message,) if isinstance(message, str) else tuple(message)
        found[ids[0]] = ids
    return found


def _catalog():
    with open(PO, "rb") as fh:
        return read_po(fh, locale="th")


def test_every_message_has_thai_with_the_same_placeholders():
    catalog = _catalog()
    messages = _extracted()
    assert len(messages) > 150  # the extraction really reads the package
    missing, mismatched = [], []
    for msgid, ids in messages.items():
        entry = catalog.get(msgid)
        strings = (
            []
            if entry is None
            else ([entry.string] if isinstance(entry.string, str) else list(entry.string))
        )
        if not strings or not all(s.strip() for s in strings):
            missing.append(msgid)
            continue
        # The same names (a translation may use one twice, as word order asks).
        wanted = {frozenset(FIELD.findall(i)) for i in ids}
        for text in strings:
            if frozenset(FIELD.findall(text)) not in wanted:
                mismatched.append((msgid, text))
    assert not missing, "messages without Thai:\n" + "\n".join(missing)
    assert not mismatched, "placeholders differ:\n" + "\n".join(
        f"{a!r} → {b!r}" for a, b in mismatched
    )


def test_no_msgid_twice_and_the_thai_is_thai():
    text = PO.read_text(encoding="utf-8")
    ids = re.findall(r'^msgid "(.*)"$', text, re.M)
    repeated = {i for i in ids if ids.count(i) > 1 and i}
    assert not repeated
    for message in _catalog():
        if message.id and message.string:
            strings = [message.string] if isinstance(message.string, str) else message.string
            # Thai script in every translation, except codes and argparse's pure-format lines.
            assert all(
                THAI.search(s) or not re.search(r"[a-z]{4}", FIELD.sub("", s)) for s in strings
            ), message.id


def test_shipped_mo_is_the_compiled_po():
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(), use_fuzzy=False)
    buffer.seek(0)
    fresh = gettext.GNUTranslations(buffer)
    with open(MO, "rb") as fh:
        shipped = gettext.GNUTranslations(fh)
    # Every message of the .po, as the shipped .mo gives it (the same catalog, not an older one).
    for message in _catalog():
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert shipped.gettext(message.id) == fresh.gettext(message.id), (
                f"recompile: pybabel compile -d itagen/locale -D itagen ({message.id!r})"
            )
        else:
            assert shipped.ngettext(*message.id, 1) == fresh.ngettext(*message.id, 1), message.id
    assert len(MO.read_bytes()) == len(buffer.getvalue())


# --- every command's error paths, in both languages -------------------------------------------


def _broken_site(root: Path) -> Path:
    (root / "content" / "2566" / "9.1").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "agency:\n  name: อบต.ทดสอบ\nita:\n  current_year: 2566\n  eit_code: xgitdi\n"
        "eit_url: https://itas.nacc.go.th/go/eit/xgitdi\n",
        encoding="utf-8",
    )
    return root


def _item(root: Path, name: str, text: str) -> None:
    path = root / "content" / "2566" / "9.1" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _good_site(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "content" / "2566").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "agency:\n  name: อบต.ทดสอบ\nita:\n  current_year: 2566\n  eit_code: xgitdi\n",
        encoding="utf-8",
    )
    return root


def _cases(tmp: Path) -> list[tuple[str, list[str], int]]:
    broken = _broken_site(tmp / "broken")
    mistyped = _good_site(tmp / "mistyped")
    _item(mistyped, "O2.md", "---\ncode: O20\n---\n")
    (mistyped / "files" / "2566").mkdir(parents=True)
    (mistyped / "files" / "2566" / "Plan 2566.pdf").write_bytes(b"%PDF-1.4\n")
    _item(
        mistyped,
        "O1.md",
        "---\ncode: O1\ndocuments:\n  - title: แผน\n    file: files/2566/plan2566.pdf\n---\n",
    )
    gregorian = _good_site(tmp / "gregorian")
    (gregorian / "site.yaml").write_text(
        "agency:\n  name: x\nita:\n  current_year: 2023\n", encoding="utf-8"
    )
    iit = _good_site(tmp / "iit")
    (iit / "site.yaml").write_text(
        "agency:\n  name: x\nita:\n  current_year: 2566\n"
        "  eit_url: https://itas.nacc.go.th/go/iit/abcdef\n",
        encoding="utf-8",
    )
    good = _good_site(tmp / "good")
    empty = tmp / "empty"
    empty.mkdir()
    return [
        ("build of a broken site", ["build", str(broken)], 1),
        ("a mistyped code and a file name off by case", ["build", str(mistyped)], 1),
        ("a Gregorian current_year", ["build", str(gregorian)], 1),
        ("an IIT link as the EIT link", ["build", str(iit)], 1),
        ("build outside a site", ["build", str(empty)], 1),
        ("build of no folder", ["build", str(tmp / "nowhere")], 2),
        ("init without a name", ["init", str(tmp / "new"), "--year", "2566"], 2),
        (
            "init with a Gregorian year",
            ["init", str(tmp / "new2"), "--year", "2023", "--name", "อบต.ก"],
            2,
        ),
        ("init over a site", ["init", str(good), "--year", "2566", "--name", "อบต.ก"], 1),
        (
            "migrate from a missing year",
            ["migrate", str(good), "--from", "2565", "--to", "2566"],
            1,
        ),
        ("migrate outside a site", ["migrate", str(empty), "--from", "2565", "--to", "2566"], 1),
        ("export without base_url", ["export", "itas", str(good)], 1),
        ("serve outside a site", ["serve", str(empty)], 2),
        ("qr without https", ["qr", "example.org", "-o", str(tmp / "q.svg")], 2),
        ("qr to a wrong file type", ["qr", "https://example.org/", "-o", str(tmp / "q.gif")], 2),
        ("catalog of an unknown year", ["catalog", "2400"], 1),
        ("a usage error", ["build", "--nope"], 2),
        ("a missing argument", ["migrate", str(good)], 2),
        ("an unknown --lang", ["--lang", "fr", "build"], 2),
        ("init without a folder", ["init", "--year", "2566"], 2),
        (
            "init --upgrade-workflow of no folder",
            ["init", "--upgrade-workflow", str(tmp / "nowhere")],
            2,
        ),
        (
            "init --upgrade-workflow of a site without the workflow",
            ["init", "--upgrade-workflow", str(good)],
            1,
        ),
        ("edit outside a site", ["edit", str(empty), "--no-open"], 2),
        ("check of no folder", ["check", str(tmp / "nowhere"), "--verbose"], 2),
        (
            "catalog import of a missing table",
            ["catalog", "import", str(tmp / "none.csv"), "--year", "2570", str(good)],
            1,
        ),
        (
            "catalog new from a year with no catalog",
            ["catalog", "new", "2570", "--from", "2400", str(good)],
            1,
        ),
    ]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_error_path_speaks_the_language_asked(tmp_path, capsys, monkeypatch, lang):
    monkeypatch.delenv("ITAGEN_LANG", raising=False)
    failures = []
    for name, argv, code in _cases(tmp_path / lang):
        # Half the runs put --lang after the subcommand: it is global in either place.
        args = [*argv, "--lang", lang] if len(name) % 2 else ["--lang", lang, *argv]
        if name == "an unknown --lang":
            args = argv if lang == "th" else ["--lang", "xx", "build"]
        got = _run(args)
        out = capsys.readouterr()
        said = out.out + out.err
        thai = bool(
            THAI.search(
                said.replace(str(tmp_path), "")
                .replace("อบต.ทดสอบ", "")
                .replace("อบต.ก", "")
                .replace("องค์การบริหารส่วนตำบล", "")
            )
        )
        if got != code or not said.strip() or thai != (lang == "th"):
            failures.append(f"{name}: exit {got} (wanted {code}), Thai={thai}\n{said}")
    assert not failures, "\n\n".join(failures)


def _run(args: list[str]) -> int:
    """Return the exit code of `itagen ARGS` (argparse's usage errors exit rather than return)."""
    try:
        return main(args)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_hints_that_lead_the_right_way(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    cases = {c[0]: c[1] for c in _cases(tmp_path)}
    main(cases["build of a broken site"])
    err = capsys.readouterr().err
    assert "belongs under 'ita:'" in err
    main(cases["a mistyped code and a file name off by case"])
    err = capsys.readouterr().err
    assert "the file is named O2.md but its code is O20" in err
    assert "belongs in sub-indicator" not in err  # one error, not a second about moving
    assert "did you mean 'files/2566/Plan 2566.pdf'?" in err
    main(cases["a Gregorian current_year"])
    assert "use 2566" in capsys.readouterr().err
    assert main(cases["an IIT link as the EIT link"]) == 1
    assert "IIT survey" in capsys.readouterr().err


@pytest.mark.parametrize(
    "lang, numerals, shown",
    [("th", "thai", "เอกสารลำดับที่ ๑ → title"), ("th", "arabic", "เอกสารลำดับที่ 1 → title"),
     ("en", "thai", "document 1 → title")],
)
def test_a_document_is_named_by_its_place_in_the_sites_numerals(
    tmp_path, capsys, monkeypatch, lang, numerals, shown
):
    """Issue 19: "documents[0]" is "เอกสารลำดับที่ ๑" for a Thai reader, in the site's numerals."""
    monkeypatch.setenv("ITAGEN_LANG", lang)
    root = tmp_path / "site"
    assert main(["init", str(root), "--year", "2566", "--name", "อบต.ทดสอบ"]) == 0
    site_yaml = root / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    assert "numerals: thai\n" in text  # init writes the default out for the webmaster to see
    site_yaml.write_text(text.replace("numerals: thai\n", f"numerals: {numerals}\n"), "utf-8")
    (root / "content/2566/9.1/O1.md").write_text(
        '---\ncode: O1\ndocuments:\n  - title: ""\n    file: files/x.pdf\n---\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert shown in err and "documents[0]" not in err


def test_build_ends_with_the_empty_items(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    assert (
        main(
            [
                "init",
                str(tmp_path / "s"),
                "--year",
                "2566",
                "--name",
                "อบต.ก",
                "--base-url",
                "https://example.go.th/ita",
            ]
        )
        == 0
    )
    assert "base_url: \"https://example.go.th/ita/\"" in (tmp_path / "s" / "site.yaml").read_text(
        encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["build", str(tmp_path / "s")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("43 of 43 items of 2566 have no content yet") and "itagen check" in last
    assert main(["build", str(tmp_path / "s")]) == 0  # from the cache: the same line
    assert capsys.readouterr().out.strip().splitlines()[-1] == last
    # export works straight after init --base-url
    assert main(["export", "itas", str(tmp_path / "s")]) == 0


def test_help_is_thai_by_default_and_english_on_request(capsys, monkeypatch):
    monkeypatch.delenv("ITAGEN_LANG", raising=False)
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    thai = capsys.readouterr().out
    assert "วิธีใช้:" in thai and "ตัวเลือก" in thai and "แสดงคำอธิบายนี้แล้วจบ" in thai
    assert "usage:" not in thai
    monkeypatch.setenv("ITAGEN_LANG", "en")
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    english = capsys.readouterr().out
    assert english.startswith("usage:") and not THAI.search(english)


@pytest.mark.parametrize("encoding", ["ascii", "cp874"])
def test_consoles_that_cannot_print_everything_never_crash(tmp_path, encoding):
    site = _broken_site(tmp_path / "s")
    env = {k: v for k, v in os.environ.items() if k not in ("ITAGEN_LANG", "LANGUAGE")}
    env.update(PYTHONIOENCODING=encoding, PYTHONUTF8="0")
    for args in (["build", str(site)], ["--help"], ["catalog", "2566"]):
        run = subprocess.run(
            [sys.executable, "-m", "itagen", *args],
            capture_output=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert run.returncode in (0, 1), run.stderr.decode(encoding, "replace")
        said = (run.stdout + run.stderr).decode(encoding)  # what was written is valid there
        assert "Traceback" not in said and "UnicodeEncodeError" not in said
        if encoding == "cp874":  # a Thai Windows code page prints Thai as Thai
            assert THAI.search(said)
        else:  # nobody asked for Thai and the console has none: English
            assert "error" in said or "usage" in said or "O1" in said
