"""``python main.py --check``: a real process on real folders, and kiosk.cli.main in-process."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.commands import REPO, run_python

from .conftest import ContentFolder, make_content, reference_yaml, slide_md

#: ``<path>:<line>: <message>``, or ``<path>: <message>`` where no line applies.
PROBLEM_LINE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?: (?P<message>.+)$")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?: \d+ slides? loaded, \d+ shown\.$")
SHIPPED_COUNTS = "6 slides loaded, 6 shown."
Reported = tuple[str, int | None, str]


#: Clear-communication advice and scores (tests/checks covers them): not problems.
SCORE_LINE = re.compile(r"^\S.*\.md(?::\d+: advice: |: score \([\w-]+\): clear communication \d)")


def without_advice(stdout: str) -> str:
    return "".join(line for line in stdout.splitlines(keepends=True) if not SCORE_LINE.match(line))


def parse(stdout: str) -> tuple[list[Reported], str]:
    """The problem lines as (path, line, message), and the closing summary line (each slide's
    clear-communication score lines left out)."""
    *lines, summary = stdout.rstrip("\n").split("\n")
    problems = []
    for text in lines:
        if SCORE_LINE.match(text):
            continue
        match = PROBLEM_LINE.match(text)
        assert match, f"not a file:line: message line: {text!r}"
        line = int(match["line"]) if match["line"] else None
        problems.append((match["path"], line, match["message"]))
    return problems, summary


def errors(problems: list[Reported]) -> list[Reported]:
    return [p for p in problems if not p[2].startswith("warning: ")]


def assert_shipped_deck_passes(stdout: str) -> None:
    """No errors; any lines are warnings (``--check`` adds reading-grade and review advice)."""
    problems, summary = parse(stdout)
    assert errors(problems) == []
    if problems:
        count = f"{len(problems)} warning" + ("" if len(problems) == 1 else "s")
        assert summary == f"0 errors, {count}: {SHIPPED_COUNTS}"
    else:
        assert summary == f"No problems found: {SHIPPED_COUNTS}"


def recently_reviewed() -> str:
    """A ``reviewed:`` block a few days old, so ``--check`` has no review advice to add."""
    return f"reviewed:\n  date: {dt.date.today() - dt.timedelta(days=3)}\n  by: Front desk\n"


@pytest.fixture
def broken(tmp_path: Path) -> ContentFolder:
    """A folder with one good slide and one of each kind of broken file."""
    content = make_content(tmp_path / "broken clinic")  # a space, as in "My Documents"
    content.settings("clinic_name: Riverside\ntheme: dark\n")
    content.slide("010-good.md", slide_md("good", extra="order: 1\n"))
    content.slide("020-unknown.md", slide_md("unknown", extra="order: 2\ndurration: 15\n"))
    content.slide("030-yaml.md", slide_md("yaml", extra="order: 3\nread_more: see: this\n"))
    content.slide("040-binary.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    content.slide("050-latin1.md", slide_md("latin", teaser="Caf\xe9").encode("latin-1"))
    with (content.slides_dir / "060-huge.md").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    content.slide("070-dup.md", slide_md("good"))
    content.slide("080-nofence.md", "id: nofence\ntitle: T\n")
    content.slide("090-image.md", slide_md("image", extra="image: ../../etc/passwd.png\n"))
    content.slide(
        "100-doi.md", slide_md("doi", extra="references:\n" + reference_yaml(doi="11.1/x"))
    )
    content.slide(".hidden.md", b"\x00 ignored")
    content.slide("010-good.md.swp", b"\x00 ignored")
    content.slide("010-good.md~", b"\x00 ignored")
    return content


def expected_problems(folder: Path) -> dict[tuple[str, int | None], str]:
    """Where each problem must be reported, and a key phrase of its message."""
    slides = folder / "slides"
    return {
        (str(folder / "settings.yaml"), 2): "'dark' is not one of the choices",
        (str(slides / "020-unknown.md"), 6): "Did you mean 'duration'?",
        (str(slides / "030-yaml.md"), 6): "The fields cannot be read",
        (str(slides / "040-binary.md"), 1): "not a text file",
        (str(slides / "050-latin1.md"), 4): "not saved as UTF-8",
        (str(slides / "060-huge.md"), None): "The file is too big (50.0 MB)",
        (str(slides / "070-dup.md"), 2): "id: 'good' is already used by slides/010-good.md",
        (str(slides / "080-nofence.md"), 1): "must start with a line of three dashes",
        (str(slides / "090-image.md"), 5): "is outside the content folder",
        (str(slides / "100-doi.md"), 10): "A DOI starts with 10.",
    }


def assert_reports_broken_folder(stdout: str, folder: Path) -> None:
    problems, summary = parse(stdout)
    found = {(path, line): message for path, line, message in errors(problems)}
    for place, phrase in expected_problems(folder).items():
        assert place in found, f"{place} not reported in:\n{stdout}"
        assert phrase in found[place]
    reported_files = {Path(path).name for path, _, _ in errors(problems)}
    assert reported_files == {Path(path).name for path, _ in expected_problems(folder)}
    # Advice (warnings) can only be about the slide that loaded.
    assert {Path(p[0]).name for p in problems if p not in errors(problems)} <= {"010-good.md"}
    assert SUMMARY.match(summary), summary
    assert summary.endswith(": 1 slide loaded, 1 shown.")


# --------------------------------------------------------------------------------------------
# A real process
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["main.py"], ["-m", "kiosk"]])
def test_shipped_deck_passes(command: list[str]) -> None:
    process = run_python(*command, "--check")
    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stderr == ""
    assert_shipped_deck_passes(process.stdout)


def test_shipped_deck_passes_when_named() -> None:
    process = run_python("main.py", "--content", "kiosk/resources/deck", "--check")
    assert process.returncode == 0
    assert process.stderr == ""
    assert_shipped_deck_passes(process.stdout)


def test_a_clean_folder_prints_no_problems_found(tmp_path: Path) -> None:
    content = make_content(tmp_path / "clinic")
    content.slide("010-a.md", slide_md("a", extra=recently_reviewed()))
    content.slide("020-b.md", slide_md("b", extra="enabled: false\n"))
    process = run_python("main.py", "--check", "--content", str(content.path))
    assert process.returncode == 0
    assert without_advice(process.stdout) == "No problems found: 2 slides loaded, 1 shown.\n"
    assert process.stderr == ""


def test_broken_folder_fails_naming_each_file_and_line(broken: ContentFolder) -> None:
    process = run_python("main.py", "--check", "--content", str(broken.path))
    assert process.returncode == 1, process.stdout + process.stderr
    assert "Traceback" not in process.stderr
    assert process.stderr == ""
    assert_reports_broken_folder(process.stdout, broken.path)


def test_relative_folder_is_named_as_given(tmp_path: Path) -> None:
    content = make_content(tmp_path / "clinic")
    content.slide("010-a.md", slide_md("a", extra="duration: 1\n"))
    process = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--check", "--content", "clinic"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert process.returncode == 1
    first = process.stdout.splitlines()[0]
    assert first.startswith(f"{Path('clinic') / 'slides' / '010-a.md'}:5: duration: ")


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda root: root / "missing", "The content folder does not exist"),
        (lambda root: root, "There is no 'slides' folder here"),
        (lambda root: (root / "slides").mkdir() or root, "The slides folder has no slide files"),
    ],
    ids=["missing", "empty", "no-slide-files"],
)
def test_unusable_folder_fails_without_a_traceback(
    tmp_path: Path, make: Callable[[Path], Path], phrase: str
) -> None:
    folder = make(tmp_path)
    process = run_python("main.py", "--check", "--content", str(folder))
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    problems, summary = parse(process.stdout)
    ((path, line, message),) = problems
    assert line is None
    assert phrase in message
    assert path in {str(folder), str(folder / "slides")}
    assert summary == "1 error, 0 warnings: 0 slides loaded, 0 shown."


def test_warnings_alone_pass(tmp_path: Path) -> None:
    content = make_content(tmp_path / "clinic")
    extra = "image: images/missing.png\n" + recently_reviewed()
    content.slide("010-a.md", slide_md("a", extra=extra))
    content.slide("020-b.md", slide_md("b", extra="enabled: false\n"))
    process = run_python("main.py", "--check", "--content", str(content.path))
    assert process.returncode == 0
    problems, summary = parse(process.stdout)
    assert problems == [
        (
            str(content.slides_dir / "010-a.md"),
            5,
            "warning: image: 'images/missing.png' was not found; a plain background is shown "
            "instead. Check the file name.",
        )
    ]
    assert summary == "0 errors, 1 warning: 2 slides loaded, 1 shown."


def test_a_never_reviewed_slide_is_advice_not_an_error(tmp_path: Path) -> None:
    content = make_content(tmp_path / "clinic")
    content.slide("010-a.md", slide_md("a"))
    process = run_python("main.py", "--check", "--content", str(content.path))
    assert process.returncode == 0
    problems, _ = parse(process.stdout)
    assert errors(problems) == []


def test_garbage_everywhere_fails_without_a_traceback(tmp_path: Path) -> None:
    content = make_content(tmp_path / "clinic")
    content.settings("? - :\n")  # once made the YAML library raise TypeError
    for n, data in enumerate(
        [
            bytes(range(256)),
            b"---\n? - :\n---\n",
            b"---\n&a x: &a y\n---\n",
            b"---\nid: [*a]\n---\n",
            "---\nid: a\ntitle: \u2028\nteaser: \x85\n---\n".encode(),
            b"---\n" + b"- " * 5000 + b"\n---\n",
            b"---\n" + b"[" * 500 + b"\n---\n",
        ]
    ):
        content.slide(f"{n:03d}.md", data)
    process = run_python("main.py", "--check", "--content", str(content.path))
    assert process.returncode == 1
    assert process.stderr == ""
    problems, _ = parse(process.stdout)
    assert {Path(path).name for path, _, _ in problems} >= {f"{n:03d}.md" for n in range(7)}
    assert all(line is None or line >= 1 for _, line, _ in problems)


def test_check_never_loads_qt() -> None:
    code = (
        "import sys\n"
        "from kiosk.cli import main\n"
        "status = main(['--check'])\n"
        "assert not any(m.split('.')[0] == 'PySide6' for m in sys.modules), 'Qt was imported'\n"
        "sys.exit(status)\n"
    )
    process = run_python("-c", code)
    assert process.returncode == 0, process.stderr
    assert "Qt was imported" not in process.stderr


# --------------------------------------------------------------------------------------------
# In-process
# --------------------------------------------------------------------------------------------


def test_main_on_the_shipped_deck(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert_shipped_deck_passes(out)


def test_main_on_a_broken_folder(broken: ContentFolder, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--content", str(broken.path)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert_reports_broken_folder(out, broken.path)


def test_main_on_a_folder_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert main(["--content", str(missing), "--check"]) == 1
    out, _ = capsys.readouterr()
    assert out.splitlines() == [
        f"{missing}: The content folder does not exist. Choose the folder that holds "
        "settings.yaml.",
        "1 error, 0 warnings: 0 slides loaded, 0 shown.",
    ]


def test_main_reports_settings_problems_with_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path / "clinic")
    content.settings("clinic_name: Riverside\n\nidle_timeout: 5\nthemee: calm\n")
    content.slide("010-a.md", slide_md("a", extra=recently_reviewed()))
    assert main(["--check", "--content", str(content.path)]) == 1
    problems, summary = parse(capsys.readouterr().out)
    settings = str(content.path / "settings.yaml")
    assert sorted((path, line) for path, line, _ in problems) == [(settings, 3), (settings, 4)]
    messages = {line: message for _, line, message in problems}
    assert "is too small: the smallest allowed is 10" in messages[3]
    assert "The default is used instead." in messages[3]
    assert "Did you mean 'theme'?" in messages[4]
    assert summary == "2 errors, 0 warnings: 1 slide loaded, 1 shown."


def test_main_singular_and_plural(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path / "clinic")
    content.slide("010-a.md", slide_md("a", extra=recently_reviewed()))
    assert main(["--check", "--content", str(content.path)]) == 0
    assert (
        without_advice(capsys.readouterr().out) == "No problems found: 1 slide loaded, 1 shown.\n"
    )


def test_check_reports_qr_codes_that_cannot_be_made_or_read_and_untranslated_kiosk_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 3,000-character DOI, an address no phone can open, a page address so long its code's
    squares would be too small, and a language whose buttons would show in English."""
    from tests.decks import reference, write_settings, write_slide

    folder = tmp_path / "deck"
    write_settings(folder, languages=["en", "ar"])
    refs = [
        reference("10.1001/" + "x" * 3000),
        {**reference("10.1000/y"), "doi": None, "url": "http://[::1"},
        reference("10.1001/archinternmed.2009.65"),
    ]
    long_page = "https://example.org/" + "a" * 1900
    write_slide(folder, "a.md", {"id": "a", "title": "T", "teaser": "t", "references": refs,
                                 "read_more": long_page})  # fmt: skip
    assert main(["--check", "--content", str(folder)]) == 0  # warnings only: it still shows
    out = capsys.readouterr().out
    assert "Reference 1 gets no QR code on the screen: The address is 3024 characters" in out
    assert "Reference 2 gets no QR code on the screen: 'http://[::1' is not a web address" in out
    assert "Reference 3" not in out  # a normal DOI is fine
    assert "page gets no QR code on the screen" in out and "too small for a phone" in out
    assert "have no ar translation: patients who choose ar see them in English" in out
    for line in out.splitlines():
        if "QR code" in line:
            assert re.match(r".*a\.md:\d+: warning: ", line), line  # with the file and line
