"""The `synthesis` command line, run as a user runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from synthesis import Project


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "synthesis", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env=env)


def test_init_info_json(tmp_path):
    assert run("init", str(tmp_path / "r")).returncode == 0
    out = run("info", "--json", "--project", str(tmp_path / "r"))
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout)
    for key in ("studies", "sources", "segments", "codes", "codings", "reviewers", "memos"):
        assert counts[key] == 0 and isinstance(counts[key], int)


def test_info_in_a_readers_words():
    out = run("info", "--project", str(Path(__file__).parents[1]))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("SEND partnerships review") and ", in " in lines[0]
    names = [line.rsplit(None, 1)[0].strip() for line in lines[1:]]
    assert "sentences" in names and "analytical themes" in names and "actions recorded" in names
    assert not any("_" in name or name in ("segments", "events") for name in names)


def test_init_twice_and_not_a_project(tmp_path):
    run("init", str(tmp_path / "r"))
    again = run("init", str(tmp_path / "r"))
    assert again.returncode == 2 and "already a review project" in again.stderr
    missing = run("info", "--project", str(tmp_path))
    assert missing.returncode == 2 and "not a review project" in missing.stderr


def test_export_codings_csv_and_xlsx(tmp_path):
    root = tmp_path / "r"
    with Project.init(root, reviewer="NT") as p:
        p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
        p.apply_code("note", 0, 5, p.create_code("Trust"))
    out = run("export", "codings", "--format", "csv", "--project", str(root))
    assert out.returncode == 0, out.stderr
    assert "Trust" in out.stdout and out.stdout.startswith("coding_id,")
    xlsx = tmp_path / "c.xlsx"
    out = run("export", "codings", "--format", "xlsx", "--out", str(xlsx), "--project", str(root))
    assert out.returncode == 0, out.stderr
    frame = pd.read_excel(xlsx)
    assert list(frame["quote"]) == ["Trust"] and list(frame["reviewer"]) == ["NT"]


def test_import_error_names_file_row_and_field(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    bad = tmp_path / "studies.csv"
    bad.write_text("study_id,citation\ngreen2012,\"Green and Dicks, 2012\"\ngreen2012,\"Green, 2012\"\n", encoding="utf-8")
    out = run("import", str(bad), "--project", str(root))
    assert out.returncode == 2
    assert "studies.csv" in out.stderr and "row 3" in out.stderr and "study_id" in out.stderr
    assert not (root / "corpus" / "studies.csv").exists()


def test_import_studies_then_source(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    studies = tmp_path / "studies.csv"
    studies.write_text("study_id,citation,year,design\ngreen2012,\"Green and Dicks, 2012\",2012,qualitative\n", encoding="utf-8")
    doc = tmp_path / "findings.txt"
    doc.write_text("[p. 10] Both partners could act on the ground within a short timescale.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SYNTHESIS_REVIEWER"}
    first = run("import", str(studies), "--project", str(root), env={**env, "SYNTHESIS_REVIEWER": "AG"})
    assert first.returncode == 0 and "1 study\n" in first.stdout and "AG's log" in first.stdout
    out = run("import", str(doc), "--study", "green2012", "--project", str(root), "--reviewer", "NT")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""  # no warnings, no library noise
    counts = json.loads(run("info", "--json", "--project", str(root)).stdout)
    assert counts["studies"] == 1 and counts["sources"] == 1 and counts["segments"] == 1
    assert counts["reviewers"] == 2  # each import is in its reviewer's log
    logs = root / "codebooks" / "logs"
    assert '"corpus.import"' in (logs / "AG.jsonl").read_text() and '"corpus.import"' in (logs / "NT.jsonl").read_text()


def test_an_import_without_a_reviewer_is_recorded_for_the_login_name(tmp_path):
    import getpass
    import re

    root = tmp_path / "r"
    run("init", str(root))
    doc = tmp_path / "notes.txt"
    doc.write_text("Partners met every week.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SYNTHESIS_REVIEWER"}
    out = run("import", str(doc), "--project", str(root), env=env)
    assert out.returncode == 0, out.stderr
    login = re.sub(r"[^A-Za-z0-9_.-]", "", getpass.getuser())
    assert (root / "codebooks" / "logs" / f"{login}.jsonl").exists()
    assert f"recorded in {login}'s log" in out.stdout


def test_import_warnings_name_the_file_and_what_was_chosen(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    studies = tmp_path / "studies.csv"
    studies.write_text("study_id,citation,Yr\ngreen2012,\"Green and Dicks, 2012\",2012\n", encoding="utf-8")
    out = run("import", str(studies), "--project", str(root), "--reviewer", "NT")
    assert out.returncode == 0, out.stderr
    assert "synthesis: warning: " in out.stderr and "studies.csv, row 1, field 'Yr'" in out.stderr
    assert "'Yr' is not imported" in out.stderr
    doc = tmp_path / "notes.txt"
    doc.write_text("Partners met every week.\n", encoding="utf-8")
    out = run("import", str(doc), "--project", str(root), "--reviewer", "NT")
    assert out.returncode == 0 and "notes.txt, field 'study_id': is not linked to a study" in out.stderr
    assert "--study" in out.stderr


def test_a_text_file_named_pdf_gets_one_plain_error(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    fake = tmp_path / "report.pdf"
    fake.write_text("This is not a PDF at all.\n", encoding="utf-8")
    out = run("import", str(fake), "--project", str(root), "--reviewer", "NT")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [f"synthesis: error: {fake}: is not a PDF (it does not start "
                                               "with %PDF-; is it a text file with a .pdf name?)"]


def test_duplicate_study_error_names_a_flag_that_exists(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    studies = tmp_path / "studies.csv"
    studies.write_text("study_id,citation\ngreen2012,\"Green and Dicks, 2012\"\n", encoding="utf-8")
    run("import", str(studies), "--project", str(root), "--reviewer", "NT")
    assert run("import", str(studies), "--project", str(root), "--reviewer", "NT").returncode == 0  # same again
    studies.write_text("study_id,citation\ngreen2012,\"Green & Dicks, 2012\"\n", encoding="utf-8")
    again = run("import", str(studies), "--project", str(root), "--reviewer", "NT")
    assert again.returncode == 2 and "--replace" in again.stderr
    for flag in re.findall(r"--[a-z-]+", again.stderr):
        assert flag in run("import", "--help").stdout, flag
    assert run("import", str(studies), "--project", str(root), "--reviewer", "NT", "--replace").returncode == 0


def test_version_and_help_in_plain_words():
    version = run("--version")
    assert version.returncode == 0 and re.match(r"synthesis \d+\.\d+", version.stdout)
    top = run("--help").stdout
    assert "``" not in top and "COMMAND --help" in top
    for command in ("init", "import", "info", "export", "lab", "app", "agreement", "figures"):
        text = run(command, "--help").stdout
        assert "example:" in text and f"synthesis {command}" in text.split("example:")[1], command
        assert "``" not in text and ":meth:" not in text and ":func:" not in text, command


def test_figures_say_what_they_wrote_and_fail_when_asked_for_the_impossible(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    nothing = run("figures", "--project", str(root), "--out", str(tmp_path / "f"))
    assert nothing.returncode == 2 and "no data for any figure" in nothing.stderr
    assert "wrote 0 figures" in nothing.stdout and "prisma-flow: no PRISMA counts yet" in nothing.stdout
    (root / "corpus" / "prisma.csv").write_text(
        (Path(__file__).parents[1] / "corpus" / "prisma.csv").read_text(encoding="utf-8"), encoding="utf-8")
    one = run("figures", "--project", str(root), "--out", str(tmp_path / "f"), "--format", "svg")
    assert one.returncode == 0 and "wrote 1 figure to" in one.stdout and "prisma-flow: svg" in one.stdout
    asked = run("figures", "--project", str(root), "--out", str(tmp_path / "f"), "--only", "prisma-flow,matrix")
    assert asked.returncode == 2 and "could not draw matrix" in asked.stderr
    assert "matrix: the codebook does not place elements on the 2x2 matrix" in asked.stdout


def test_lab_serves_the_project_on_loopback(tmp_path):
    import os
    import socket
    import time
    import urllib.error
    import urllib.request

    root = tmp_path / "r"
    run("init", str(root))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"))
    server = subprocess.Popen([sys.executable, "-m", "synthesis", "lab", "--project", str(root), "--no-browser",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2).status
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.time() < deadline and server.poll() is None, "JupyterLab did not start"
                time.sleep(0.3)
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_report_of_a_million_characters_imports_and_the_project_still_opens(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    report = tmp_path / "report.txt"
    report.write_text("\n\n".join(["Partners met weekly and agreed what each would do. " * 8] * 2_700),
                      encoding="utf-8")
    assert report.stat().st_size > 1_050_000
    assert run("import", str(report), "--project", str(root), "--reviewer", "NT").returncode == 0
    info = run("info", "--json", "--project", str(root))
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["segments"] == 8 * 2_700


def test_dry_run_shows_the_text_with_its_pages_and_imports_nothing(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    doc = tmp_path / "notes.txt"
    doc.write_text("[p. 3] Trust grew.\n[p. 4] Then it went.\n", encoding="utf-8")
    out = run("import", str(doc), "--dry-run", "--project", str(root))
    assert out.returncode == 0, out.stderr
    assert "--- page 3 ---\nTrust grew.\n--- page 4 ---\nThen it went." in out.stdout
    assert "nothing was imported" in out.stdout
    assert not list((root / "corpus" / "sources").iterdir()) and not list((root / "codebooks" / "logs").iterdir())


def test_a_folder_of_documents_imports_with_progress_and_a_table(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(3):
        (folder / f"report{n}.txt").write_text(f"Report {n}. Partners met weekly.\n", encoding="utf-8")
    (folder / "notes.csv").write_text("not a document\n", encoding="utf-8")
    out = run("import", str(folder), "--project", str(root), "--reviewer", "NT")
    assert out.returncode == 0, out.stderr
    assert "[1/3] report0.txt" in out.stderr and "[3/3] report2.txt" in out.stderr
    table = out.stdout.split("report2.txt: source 'report2'\n", 1)[1]
    assert table.splitlines()[0].split() == ["file", "source", "pages", "characters", "warnings"]
    assert len([line for line in table.splitlines() if line.startswith("report")]) == 3


def test_codings_exports_never_carry_a_formula(tmp_path):
    import zipfile

    root = tmp_path / "r"
    with Project.init(root, reviewer="NT") as p:
        p.add_text("=HYPERLINK(\"http://x\") grew between partners.", title="Notes", source_id="notes")
        p.apply_code("notes", 0, 22, p.create_code("@risk"))
    csv_out = run("export", "codings", "--project", str(root))
    assert csv_out.returncode == 0, csv_out.stderr
    frame = pd.read_csv(__import__("io").StringIO(csv_out.stdout))
    assert frame.loc[0, "code"] == "'@risk" and frame.loc[0, "quote"].startswith("'=HYPERLINK")
    out = tmp_path / "c.xlsx"
    assert run("export", "codings", "--format", "xlsx", "--out", str(out), "--project", str(root)).returncode == 0
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "=HYPERLINK" in sheet


def test_a_bad_file_in_a_folder_is_named_and_the_others_still_import(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in (0, 2):
        (folder / f"report{n}.txt").write_text(f"Report {n}. Partners met weekly.\n", encoding="utf-8")
    (folder / "report1.pdf").write_text("Notes saved with the wrong name.\n", encoding="utf-8")
    out = run("import", str(folder), "--project", str(root), "--reviewer", "NT")
    assert out.returncode == 2
    assert "report1.pdf: is not a PDF" in out.stderr
    assert "2 files of 3 imported; not imported (errors above): report1.pdf" in out.stderr
    assert sorted(Project.open(root).sources) == ["report0", "report2"]  # each file whole or not at all
    assert [line.split()[0] for line in out.stdout.splitlines() if line.startswith("report")][-2:] == \
        ["report0.txt", "report2.txt"]  # the table of what was imported
    assert "recorded in NT's log (codebooks/logs/NT.jsonl)" in out.stdout


def test_the_same_file_again_says_it_changed_nothing_and_no_study_on_purpose_is_no_warning(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    studies = tmp_path / "studies.csv"
    studies.write_text("study_id,citation\ngreen2012,\"Green and Dicks, 2012\"\n", encoding="utf-8")
    run("import", str(studies), "--project", str(root), "--reviewer", "NT")
    doc = tmp_path / "guide.txt"
    doc.write_text("A guide to partnership working.\n", encoding="utf-8")
    first = run("import", str(doc), "--study", "", "--project", str(root), "--reviewer", "NT")
    assert first.returncode == 0 and "warning" not in first.stderr and "unchanged" not in first.stdout
    again = run("import", str(doc), "--study", "", "--project", str(root), "--reviewer", "NT")
    assert again.returncode == 0 and "guide.txt: source 'guide' (unchanged: the project had it already)" in again.stdout


def test_mistakes_on_the_command_line_get_the_commands_own_words(tmp_path):
    typo = run("figures", "--fromat", "svg")
    assert typo.returncode == 2 and "usage: synthesis figures" in typo.stderr
    assert "synthesis figures: error: unrecognized arguments: --fromat svg" in typo.stderr
    app = run("app")
    assert app.returncode == 2 and "required: WORKFLOW" in app.stderr
    root = tmp_path / "r"
    run("init", str(root))
    qdpx = run("export", "qdpx", "--format", "csv", "--project", str(root), "--out", str(tmp_path / "x.qdpx"))
    assert qdpx.returncode == 2 and "leave --format out" in qdpx.stderr and not (tmp_path / "x.qdpx").exists()


def test_output_piped_into_a_reader_that_stops_early_ends_quietly():
    root = Path(__file__).parents[1]
    # the reader is gone before the first line is written (as `| head -1` is after its line)
    proc = subprocess.Popen([sys.executable, "-m", "synthesis", "export", "codings"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) != 0 and "Broken pipe" not in err and "Traceback" not in err, err


def test_a_figure_can_be_asked_for_by_the_name_it_is_written_under(tmp_path):
    root = Path(__file__).parents[1]
    out = run("figures", "--project", str(root), "--only", "self-evaluation-illustrative", "--format", "svg",
              "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "self-evaluation-illustrative.svg").exists()
    empty = tmp_path / "empty"
    run("init", str(empty))
    nothing = run("figures", "--project", str(empty), "--out", str(tmp_path / "f"))
    for name in ("theme-coverage", "theme-codings"):  # every figure not drawn says why
        assert f"  {name}: no analytical themes yet" in nothing.stdout


def test_the_codes_the_help_examples_name_are_in_the_example_review():
    from synthesis.query.relations_cli import CODED_EXAMPLES, COOCCURRENCE_EXAMPLES
    from synthesis.query.search_cli import SEARCH_EXAMPLES
    from synthesis.suggest.cli import EXAMPLES as SUGGEST_EXAMPLES

    labels = {c.label for c in Project.open(Path(__file__).parents[1]).codes.values()}
    named = re.findall(r'(?:--similar|--within-code) "([^"]+)"', SEARCH_EXAMPLES + SUGGEST_EXAMPLES)
    named += re.findall(r'"([^"]+)"', CODED_EXAMPLES)  # every quoted name there is a code's
    named += re.findall(r'--pair "([^"]+)" "([^"]+)"', COOCCURRENCE_EXAMPLES)[0]
    assert named and not set(named) - labels, set(named) - labels
