"""safetynet import: every source row accounted for, nothing added twice, hostile files refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from safetynet.build.workbook import build_workbook
from safetynet.cli import main
from safetynet.importing.coerce import DAY_FIRST, MONTH_FIRST, date_order, propose_value, to_date
from safetynet.importing.headers import FULL_NAME, NOTES, find_header_row, match_header
from safetynet.importing.ids import IdMaker
from safetynet.importing.mapping import from_toml, propose_map, to_toml
from safetynet.importing.report import HEADER_ROW
from safetynet.importing.rows import split_name
from safetynet.model import SafetyNetError
from safetynet.schema import LISTS, MEETINGS, MEMBERS, YOUTHS
from safetynet.xlsx.backup import list_backups
from safetynet.xlsx.read import load_workbook

DATA = Path(__file__).parent / "data" / "import"
TODAY = dt.date(2026, 12, 1)
FIXTURES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".csv", ".xlsx"))


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYNET_TODAY", TODAY.isoformat())
    monkeypatch.setenv("SAFETYNET_LOG_DIR", str(tmp_path / "logs"))


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    return build_workbook(tmp_path_factory.mktemp("blank") / "SafetyNet.xlsm")


@pytest.fixture
def workbook(blank, tmp_path) -> Path:
    copy = tmp_path / "SafetyNet.xlsm"
    shutil.copyfile(blank, copy)
    return copy


def run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def imported(workbook: Path, source: Path, *extra) -> dict:
    import json

    result = run("import", workbook, source, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def report_sheet(source: Path, sheet: str) -> list[list]:
    path = source.with_name(f"{source.stem} - not imported.xlsx")
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def report_rows(source: Path, sheet: str) -> list[list]:
    """The entries of one tab of the report: below its title, explanation and header row."""
    return report_sheet(source, sheet)[HEADER_ROW + 1 :]


# --- the county trackers --------------------------------------------------------------


def test_there_are_three_tracker_shapes():
    assert FIXTURES == [
        "county-tracker-flat.csv",
        "county-tracker-spanish.csv",
        "county-tracker-two-sheets.xlsx",
    ]


def _data_rows(path: Path) -> int:
    """The rows below the header row holding anything, counted without the import's reader."""
    import csv

    if path.suffix == ".csv":
        text = path.read_text(encoding="utf-8-sig")
        rows = list(csv.reader(text.splitlines(), delimiter=";" if ";" in text[:200] else ","))
        return sum(1 for r in rows[1:] if any(c.strip() for c in r))
    book = CalamineWorkbook.from_path(str(path))
    count = 0
    for name in book.sheet_names:  # a title row, a blank row, the header row, the data
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        assert grid[0][0] and not any(grid[1]) and grid[0][1:] == [""] * (len(grid[0]) - 1)
        count += sum(1 for r in grid[3:] if any(str(c).strip() for c in r))
    return count


SOURCE_ROWS = {name: _data_rows(DATA / name) for name in FIXTURES}


def test_the_fixtures_hold_the_rows_their_readme_says():
    assert SOURCE_ROWS == {
        "county-tracker-flat.csv": 62,
        "county-tracker-spanish.csv": 30,
        "county-tracker-two-sheets.xlsx": 50,
    }


@pytest.mark.parametrize("name", FIXTURES)
def test_every_row_is_accounted_for_and_a_second_import_adds_nothing(workbook, tmp_path, name):
    source = tmp_path / name
    shutil.copyfile(DATA / name, source)
    first = imported(workbook, source)
    assert first["source_rows"] == SOURCE_ROWS[name]  # counted apart from the import
    assert first["added"] + first["matched"] + first["not_imported"] == first["source_rows"]
    assert first["added"] > 0
    assert len(load_workbook(workbook, today=TODAY)[YOUTHS.name]) == first["added"]
    assert len(report_rows(source, "Not imported")) == first["not_imported"]
    assert len(report_rows(source, "Matched")) == first["matched"]

    again = imported(workbook, source)
    assert again["added"] == 0
    assert again["matched"] == first["added"] + first["matched"]
    assert again["not_imported"] == first["not_imported"]
    assert len(load_workbook(workbook, today=TODAY)[YOUTHS.name]) == first["added"]


def test_the_flat_tracker_as_it_lands(workbook, tmp_path):
    source = tmp_path / "county-tracker-flat.csv"
    shutil.copyfile(DATA / source.name, source)
    counts = imported(workbook, source)
    assert {k: counts[k] for k in ("source_rows", "added", "matched", "not_imported")} == {
        "source_rows": 62,
        "added": 60,
        "matched": 1,
        "not_imported": 1,
    }
    youths = load_workbook(workbook, today=TODAY)[YOUTHS.name]
    first = youths.iloc[0]
    assert first[YOUTHS.cols.youth_id] == "Y-0001"
    assert youths[YOUTHS.cols.youth_id].is_unique
    assert set(youths[YOUTHS.cols.gender].dropna()) <= set(LISTS["Gender"])
    assert set(youths[YOUTHS.cols.race_ethnicity].dropna()) <= set(LISTS["Race/Ethnicity"])
    assert set(youths[YOUTHS.cols.status]) == {"Active"}  # the map's default
    assert first[YOUTHS.cols.notes].startswith("Mom's Phone: 555-")
    # the unreadable birth date (source row 13) is kept in Notes and listed
    unreadable = youths.iloc[11]
    assert pd.isna(unreadable[YOUTHS.cols.date_of_birth])
    assert "DOB: 13/45/2009" in unreadable[YOUTHS.cols.notes]
    kept = report_rows(source, "Kept in Notes")
    assert kept == [
        [
            "county-tracker-flat",
            13.0,
            "DOB",
            "13/45/2009",
            "This is not a date the program can read. (kept in Notes)",
        ]
    ]
    [left] = report_rows(source, "Not imported")
    assert left[:3] == ["county-tracker-flat", 63.0, YOUTHS.cols.first_name]
    assert left[4] == "There is no name and no Youth ID, so the row cannot be told from any other."
    # the row as the file has it, so the coordinator can find it and tell what it was
    assert left[5] == "Sex: F; Race: AA; City: Marlow; Date Referred: 1/2/2025; Comments: ?"
    [matched] = report_rows(source, "Matched")
    assert matched[1] == 62.0 and matched[3] == "Y-0005"
    # the problems the import announced are the ones Validate Entries then lists
    import json

    found = json.loads(run("validate", workbook, "--json").output)["problems"]
    assert counts["problems"] == sum(p["sheet"] == YOUTHS.name for p in found) == 61
    assert list_backups(workbook)  # a copy taken before the write, as every write does
    assert matched[5].startswith("Client Name: Gina Torres; DOB: 9/25/2011; Sex: F;")


def test_the_message_counts_in_words_and_names_the_problem_columns(workbook, tmp_path):
    source = tmp_path / "county-tracker-flat.csv"
    shutil.copyfile(DATA / source.name, source)
    result = run("import", workbook, source)
    assert result.exit_code == 0
    assert result.output.splitlines()[:4] == [
        "county-tracker-flat.csv into the Youths sheet: 62 source rows, 60 added, 1 matched to "
        "rows already there, 1 not imported.",
        "1 cell could not go in its column and was kept in Notes (or listed in the report).",
        "The new rows bring 61 problems (by column: Exploitation Status 60, Date of Birth 1): "
        "Validate Entries lists them.",
        "The import map below was proposed for this file: edit it and import again to change "
        "where columns go.",
    ]


def test_each_tab_of_the_report_says_what_it_lists(workbook, tmp_path):
    source = tmp_path / "county-tracker-two-sheets.xlsx"
    shutil.copyfile(DATA / source.name, source)
    imported(workbook, source)
    summary = report_sheet(source, "Summary")
    assert summary[0][0] == (
        "Import of county-tracker-two-sheets.xlsx into the Youths sheet of SafetyNet.xlsm"
    )
    assert summary[1][0] == "Written to the workbook on 1 December 2026"
    left = report_sheet(source, "Not imported")
    assert left[0][0] == "Not imported (0)"
    assert left[1][0].startswith("These rows of county-tracker-two-sheets.xlsx are not in the")
    assert left[2][0] == "None."
    assert left[HEADER_ROW] == [
        "Source sheet",
        "Source row",
        "Column",
        "Value",
        "Why",
        "The row in your file",
    ]


def test_the_two_sheet_tracker_keeps_its_own_ids_and_skips_the_title_rows(workbook, tmp_path):
    source = tmp_path / "county-tracker-two-sheets.xlsx"
    shutil.copyfile(DATA / source.name, source)
    counts = imported(workbook, source)
    assert counts["source_rows"] == 50
    youths = load_workbook(workbook, today=TODAY)[YOUTHS.name]
    assert list(youths[YOUTHS.cols.youth_id][:2]) == ["LC-101", "LC-102"]
    assert youths[YOUTHS.cols.referral_date].notna().all()  # the serial number too
    assert set(youths[YOUTHS.cols.safety_level]) <= {"High", "Medium", "Low"}
    assert set(youths[YOUTHS.cols.status]) <= {"Active", "Closed"}


def test_the_spanish_tracker_reads_day_first_dates_and_spanish_values(workbook, tmp_path):
    source = tmp_path / "county-tracker-spanish.csv"
    shutil.copyfile(DATA / source.name, source)
    imported(workbook, source)
    youths = load_workbook(workbook, today=TODAY)[YOUTHS.name]
    assert set(youths[YOUTHS.cols.gender]) == {"Female"}
    assert set(youths[YOUTHS.cols.status]) <= {"Active", "Closed"}
    assert youths[YOUTHS.cols.date_of_birth].notna().all()
    plan = (tmp_path / "county-tracker-spanish - import map.toml").read_text(encoding="utf-8")
    assert 'dates = "day first"' in plan
    assert '"sí" = "Y"' in plan


def test_a_dry_run_writes_the_report_and_leaves_the_workbook_alone(workbook, tmp_path):
    source = tmp_path / "county-tracker-flat.csv"
    shutil.copyfile(DATA / source.name, source)
    before = digest(workbook)
    result = run("import", workbook, source, "--dry-run")
    assert result.exit_code == 0
    assert result.output.startswith(
        "Dry run: the workbook is unchanged. county-tracker-flat.csv into the Youths sheet: 62 "
        "source rows, 60 would be added, 1 matched to rows already there, 1 not imported."
    )
    # the report and the map are written: the message names them
    assert result.output.splitlines()[-2:] == [
        f"  {source.with_name('county-tracker-flat - not imported.xlsx')}",
        f"  {source.with_name('county-tracker-flat - import map.toml')}",
    ]
    assert digest(workbook) == before
    assert not (tmp_path / "SafetyNet backups").exists()
    summary = report_sheet(source, "Summary")
    assert summary[1][0] == "Dry run on 1 December 2026: the workbook was not changed"
    assert summary[4][:2] == ["Would be added", 60.0]


def test_an_edited_map_is_used(workbook, tmp_path):
    source = tmp_path / "t.csv"
    source.write_text("Client Name,DOB,Sex,Shoe Size\nJane Doe,3/4/2010,X,7\n", encoding="utf-8")
    run("import", workbook, source, "--dry-run")
    plan = source.with_name("t - import map.toml")
    text = plan.read_text(encoding="utf-8")
    assert '"X" = ""  # no match: kept as typed' in text
    plan.write_text(text.replace('"X" = ""', '"X" = "Non-binary"'), encoding="utf-8")
    imported(workbook, source)
    youth = load_workbook(workbook, today=TODAY)[YOUTHS.name].iloc[0]
    assert youth[YOUTHS.cols.gender] == "Non-binary"
    assert youth[YOUTHS.cols.notes] == "Shoe Size: 7"
    assert youth[YOUTHS.cols.first_name] == "Jane"


def test_the_map_says_what_a_column_takes_and_what_the_file_lacks(workbook, tmp_path):
    source = tmp_path / "t.csv"
    source.write_text("Client Name,DOB,Sex,Shoe Size\nJane Doe,3/4/2010,X,7\n", encoding="utf-8")
    run("import", workbook, source, "--dry-run")
    plan = source.with_name("t - import map.toml")
    text = plan.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines() if line.startswith("#")) <= 86
    assert 'to = "Gender"  # a name other trackers use for it' in text
    assert (
        '[columns."Sex".values]\n'
        "# Gender takes: Female, Male, Transgender female, Transgender male, Non-binary, Other,\n"
        "# Not reported\n"
        '"X" = ""  # no match: kept as typed; type one of the values above\n'
    ) in text
    assert (
        'to = "Keep as note"  # no column of the sheet matches: kept in Notes as "Header: value"'
    ) in text
    hint = '# "Exploitation Status" = ""'
    assert f"# Exploitation Status takes: At risk, Suspected, Confirmed\n{hint}\n" in text
    assert hint in text.split("[defaults]")[1]
    plan.write_text(text.replace(hint, '"Exploitation Status" = "At risk"'), encoding="utf-8")
    imported(workbook, source)
    youth = load_workbook(workbook, today=TODAY)[YOUTHS.name].iloc[0]
    assert youth[YOUTHS.cols.exploitation_status] == "At risk"


def test_a_map_named_with_dash_dash_map_is_written_there_and_used(workbook, tmp_path):
    source = tmp_path / "t.csv"
    source.write_text("Client Name,DOB,Sex\nJane Doe,3/4/2010,X\n", encoding="utf-8")
    plan = tmp_path / "maps" / "our county.toml"
    plan.parent.mkdir()
    run("import", workbook, source, "--map", plan, "--dry-run")
    assert plan.exists() and not source.with_name("t - import map.toml").exists()
    plan.write_text(
        plan.read_text(encoding="utf-8").replace('"X" = ""', '"X" = "Non-binary"'), "utf-8"
    )
    imported(workbook, source, "--map", plan)
    youth = load_workbook(workbook, today=TODAY)[YOUTHS.name].iloc[0]
    assert youth[YOUTHS.cols.gender] == "Non-binary"


def test_new_ids_follow_the_ones_the_workbook_has(workbook, tmp_path):
    for name in ("county-tracker-two-sheets.xlsx", "county-tracker-spanish.csv"):
        shutil.copyfile(DATA / name, tmp_path / name)
        imported(workbook, tmp_path / name)
    ids = list(load_workbook(workbook, today=TODAY)[YOUTHS.name][YOUTHS.cols.youth_id])
    assert ids[:2] == ["LC-101", "LC-102"]  # the county's own, kept
    assert ids[50:52] == ["LC-151", "LC-152"]  # made in the same pattern, none reused
    assert len(set(ids)) == 80


def test_a_wrong_map_entry_is_a_sentence(workbook, tmp_path):
    source = tmp_path / "t.csv"
    source.write_text("DOB,First\n3/4/2010,Ann\n", encoding="utf-8")
    plan = tmp_path / "m.toml"
    plan.write_text('sheet = "Youths"\n[columns."DOB"]\nto = "Birthday"\n', encoding="utf-8")
    result = run("import", workbook, source, "--map", plan)
    assert result.exit_code == 2
    assert result.output.strip() == (
        'm.toml, column "DOB": "Birthday" is not a column of the Youths sheet. Use one of its '
        f'headers, or "{NOTES}".'
    )


def test_meetings_find_their_youth_by_name_and_birth_date(workbook, tmp_path):
    youths = tmp_path / "y.csv"
    youths.write_text("Name,DOB\nJane Doe,3/4/2010\nAnn Roe,5/6/2011\n", encoding="utf-8")
    imported(workbook, youths)
    meetings = tmp_path / "m.csv"
    meetings.write_text(
        "Client Name,DOB,Date of Meeting,Discussed?,Notes\n"
        "Jane Doe,3/4/2010,11/4/2026,yes,Safety plan agreed\n"
        "Ann Roe,,11/4/2026,no,\n"
        "Zed Nobody,1/1/2010,11/4/2026,yes,\n",
        encoding="utf-8",
    )
    counts = imported(workbook, meetings, "--sheet", "meetings")
    assert (counts["added"], counts["matched"], counts["not_imported"]) == (2, 0, 1)
    frame = load_workbook(workbook, today=TODAY)[MEETINGS.name]
    assert list(frame[MEETINGS.cols.youth_id]) == ["Y-0001", "Y-0002"]
    assert frame[MEETINGS.cols.decisions].iloc[0] == "Notes: Safety plan agreed"
    [left] = report_rows(meetings, "Not imported")
    assert left[4] == "No youth on the Youths sheet has this name and birth date."
    assert imported(workbook, meetings, "--sheet", "Meetings")["added"] == 0


def test_members_join_a_first_and_a_last_name(workbook, tmp_path):
    source = tmp_path / "members.csv"
    source.write_text("First,Last,Agency,E-mail\nPat,Lee,Probation,pat@example.org\n", "utf-8")
    counts = imported(workbook, source, "--sheet", "Members")
    assert counts["added"] == 1
    member = load_workbook(workbook, today=TODAY)[MEMBERS.name].iloc[0]
    assert member[MEMBERS.cols.name] == "Pat Lee"
    assert member[MEMBERS.cols.email] == "pat@example.org"


def test_refuses_while_excel_holds_the_workbook(workbook, tmp_path):
    source = tmp_path / "t.csv"
    source.write_text("Name,DOB\nJane Doe,3/4/2010\n", encoding="utf-8")
    (workbook.parent / f"~${workbook.name}").write_text("")
    before = digest(workbook)
    result = run("import", workbook, source)
    assert result.exit_code == 1
    assert "open in Excel" in result.output
    assert digest(workbook) == before


# --- hostile sources -------------------------------------------------------------------


def _refused(workbook: Path, source: Path) -> object:
    before = digest(workbook)
    result = run("import", workbook, source)
    assert digest(workbook) == before
    assert not (workbook.parent / "SafetyNet backups").exists()
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize(
    "content",
    [b"", b"\r\n \r\n", b"\xef\xbb\xbf", b"\xff\xfe\r\x00\n\x00"],
    ids=["nothing", "blank lines", "utf-8 mark only", "utf-16 mark and a blank line"],
)
def test_an_empty_file(workbook, tmp_path, content):
    source = tmp_path / "empty.csv"
    source.write_bytes(content)
    result = _refused(workbook, source)
    assert result.exit_code == 1
    assert result.output.strip() == "empty.csv is empty: there is nothing to import."


def test_an_empty_spreadsheet_and_one_of_only_headers(workbook, tmp_path):
    import xlsxwriter

    empty, headers = tmp_path / "empty.xlsx", tmp_path / "headers.xlsx"
    xlsxwriter.Workbook(str(empty)).close()
    book = xlsxwriter.Workbook(str(headers))
    book.add_worksheet("2024").write_row(2, 0, ["Client Name", "DOB", "Sex"])
    book.close()
    result = _refused(workbook, empty)
    assert (result.exit_code, result.output.strip()) == (
        1,
        "empty.xlsx is empty: there is nothing to import.",
    )
    result = _refused(workbook, headers)
    assert (result.exit_code, result.output.strip()) == (
        1,
        "headers.xlsx has a header row but no rows below it: there is nothing to import.",
    )


def test_a_file_of_only_headers(workbook, tmp_path):
    source = tmp_path / "headers.csv"
    source.write_text("First Name,Last Name,DOB\n", encoding="utf-8")
    result = _refused(workbook, source)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "headers.csv has a header row but no rows below it: there is nothing to import."
    )


def test_fifty_thousand_rows(workbook, tmp_path):
    source = tmp_path / "big.csv"
    body = "".join(f"Youth{i},Doe,1/1/2010\n" for i in range(50_000))
    source.write_text("First Name,Last Name,DOB\n" + body, encoding="utf-8")
    result = _refused(workbook, source)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "big.csv has 50,000 rows, more than the 20,000 one import takes (a large county's ten "
        "years hold about 3,000 youths). Check that it is the right file, or split it and "
        "import each part."
    )


def test_a_binary_file_renamed_csv(workbook, tmp_path):
    source = tmp_path / "photo.csv"
    source.write_bytes(bytes(range(256)) * 40)
    result = _refused(workbook, source)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "photo.csv is not a CSV text file (it holds binary data, perhaps another kind of file "
        "renamed). Open the original in Excel and save it as CSV or .xlsx, then import that."
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
        ("scan.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n" + bytes(300)),
    ],
)
def test_other_binary_files_renamed_csv(workbook, tmp_path, name, content):
    source = tmp_path / name
    source.write_bytes(content)
    result = _refused(workbook, source)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{name} is not a CSV text file (it holds binary data, perhaps another kind of file "
        "renamed). Open the original in Excel and save it as CSV or .xlsx, then import that."
    )


def test_a_word_document_renamed_csv(workbook, tmp_path):
    source = tmp_path / "letter.csv"
    shutil.copyfile(Path(__file__).parent.parent / "templates" / "agenda.docx", source)
    result = _refused(workbook, source)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "letter.csv could not be read as a spreadsheet: it is damaged, or not a spreadsheet. "
        "Open it in Excel and save it again as .xlsx or CSV (without a password), then import "
        "that copy."
    )


def test_a_workbook_renamed_csv_is_read_as_the_workbook_it_is(workbook, tmp_path):
    source = tmp_path / "tracker.csv"
    shutil.copyfile(DATA / "county-tracker-two-sheets.xlsx", source)
    assert imported(workbook, source)["added"] == 50


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_csv_in_another_encoding(workbook, tmp_path, encoding):
    source = tmp_path / f"{encoding}.csv"
    text = "Nombre,Apellidos,Fecha de nacimiento\r\nJosé,Núñez,3/4/2010\r\nRenée,Côté,5/6/2011\r\n"
    source.write_bytes(text.encode(encoding))
    counts = imported(workbook, source)
    assert counts["added"] == 2
    youths = load_workbook(workbook, today=TODAY)[YOUTHS.name]
    assert list(youths[YOUTHS.cols.first_name]) == ["José", "Renée"]
    assert list(youths[YOUTHS.cols.last_name]) == ["Núñez", "Côté"]


def test_a_password_protected_spreadsheet(workbook, tmp_path):
    source = tmp_path / "locked.xlsx"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    result = _refused(workbook, source)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "locked.xlsx could not be read as a spreadsheet: it is protected with a password, or "
        "damaged. Open it in Excel and save it again as .xlsx or CSV (without a password), "
        "then import that copy."
    )


# --- the pure parts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("DOB", YOUTHS.cols.date_of_birth),
        ("Birthdate", YOUTHS.cols.date_of_birth),
        ("Fecha de nacimiento", YOUTHS.cols.date_of_birth),
        ("Date of Brith", YOUTHS.cols.date_of_birth),
        ("Client Name", FULL_NAME),
        ("Nombre", YOUTHS.cols.first_name),
        ("Probation?", YOUTHS.cols.probation),
        ("Youth #", YOUTHS.cols.youth_id),
        ("Case #", YOUTHS.cols.case_number),
        ("Race", YOUTHS.cols.race_ethnicity),
        ("Runaway", YOUTHS.cols.risk_runaway),
        ("Shoe Size", NOTES),
        ("Age", NOTES),  # computed by the workbook: never typed into
    ],
)
def test_header_matching(header, target):
    assert match_header(YOUTHS, header)[0] == target


@pytest.mark.parametrize(
    ("raw", "list_name", "value"),
    [
        ("F", "Gender", "Female"),
        ("female", "Gender", "Female"),
        ("Mujer", "Gender", "Female"),
        ("T", "Gender", ""),  # Transgender female or male: staff choose
        ("AA", "Race/Ethnicity", "Black/African American"),
        ("Latina", "Race/Ethnicity", "Hispanic/Latino"),
        ("Whte", "Race/Ethnicity", "White Non-Latino/Caucasian"),
        ("AWOL", "Custody Status", "Missing"),
        ("Med", "Safety Level", "Medium"),
    ],
)
def test_value_proposals(raw, list_name, value):
    assert propose_value(raw, LISTS[list_name], list_name)[0] == value


@pytest.mark.parametrize(
    ("text", "order", "day"),
    [
        ("3/4/2024", MONTH_FIRST, dt.date(2024, 3, 4)),
        ("3/4/2024", DAY_FIRST, dt.date(2024, 4, 3)),
        ("2024-03-04", MONTH_FIRST, dt.date(2024, 3, 4)),
        ("March 3, 2024", MONTH_FIRST, dt.date(2024, 3, 3)),
        ("3 de marzo de 2024", DAY_FIRST, dt.date(2024, 3, 3)),
        ("45354", MONTH_FIRST, dt.date(2024, 3, 3)),
        (45354.0, MONTH_FIRST, dt.date(2024, 3, 3)),
        ("3/4/09", MONTH_FIRST, dt.date(2009, 3, 4)),
        ("2024-03-04T00:00:00.000Z", MONTH_FIRST, dt.date(2024, 3, 4)),
    ],
)
def test_dates_in_their_written_forms(text, order, day):
    assert to_date(text, order, TODAY) == (day, None)


def test_an_unreadable_date_says_so():
    assert to_date("13/45/2009", MONTH_FIRST, TODAY) == (
        None,
        "This is not a date the program can read.",
    )


def test_day_first_only_when_a_date_proves_it():
    assert date_order(["1/2/2020", "13/03/2024"]) == DAY_FIRST
    assert date_order(["1/2/2020", "3/13/2024"]) == MONTH_FIRST
    assert date_order(["1/2/2020"]) == MONTH_FIRST


def test_names_split():
    assert split_name("Doe, Jane") == ("Jane", "Doe")
    assert split_name("Jane Marie Doe") == ("Jane Marie", "Doe")
    assert split_name("Cher") == ("Cher", "")


def test_ids_follow_the_workbook_pattern_and_skip_the_ones_taken():
    maker = IdMaker.from_ids(YOUTHS.cols.youth_id, ["SN-007", "SN-010", "odd"], "Y-", 4)
    maker.reserve(["SN-011"])
    assert [maker.next(), maker.next()] == ["SN-012", "SN-013"]
    assert IdMaker.from_ids(YOUTHS.cols.youth_id, [], "Y-", 4).next() == "Y-0001"


def test_header_row_below_titles():
    grid = [["County tracker 2024", None, None], [None, None, None], ["Name", "DOB", "Sex"]]
    assert find_header_row(grid) == 2


def test_the_map_reads_back_as_written():
    plan, _ = propose_map({"s": ("Client Name", "DOB", "Sex", "Shoe Size")}, None)
    again = from_toml(to_toml(plan, "s.csv"), "s.toml")
    assert again.sheet == plan.sheet == YOUTHS.name
    assert [(r.source, r.target) for r in again.columns] == [
        (r.source, r.target) for r in plan.columns
    ]
    assert again.defaults == {YOUTHS.cols.status: "Active"}


def test_a_near_spelling_is_flagged_for_checking():
    plan, _ = propose_map({"s": ("Client Name", "Date of Brith")}, None)
    text = to_toml(plan, "s.csv")
    assert '[columns."Date of Brith"]\nto = "Date of Birth"  # a near spelling (' in text
    assert "% alike): check it\n" in text


def test_headers_that_fit_no_sheet():
    with pytest.raises(SafetyNetError) as caught:
        propose_map({"s": ("Foo", "Bar")}, None)
    assert caught.value.message.startswith("The source's headers do not look like any sheet")


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_an_ods_or_xls_tracker(workbook, tmp_path, kind):
    import subprocess

    shutil.copyfile(DATA / "county-tracker-two-sheets.xlsx", tmp_path / "tracker.xlsx")
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--convert-to",
            kind if kind == "ods" else "xls:MS Excel 97",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "tracker.xlsx"),
        ],
        check=True,
        capture_output=True,
        env={**__import__("os").environ, "HOME": str(tmp_path)},
        timeout=180,
    )
    counts = imported(workbook, tmp_path / f"tracker.{kind}")
    assert (counts["source_rows"], counts["added"]) == (50, 50)


def test_the_log_names_runs_of_ids_briefly():
    from safetynet.importing.ids import compact_ids

    ids = [f"Y-{n:04d}" for n in range(1, 3001)] + ["LC-7", "Y-3005"]
    assert compact_ids(ids) == ["Y-0001 to Y-3000", "LC-7", "Y-3005"]
