"""Require Releases = Y: each agency's packet names exactly the youths released to it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers.packet_books import (
    MEETING,
    TODAY,
    D,
    agenda_grid,
    book,
    meeting,
    member,
    on_agenda,
    referral,
    youth,
)

from safetynet.core.deidentify import WITHHELD, WITHHELD_IN_TABLE
from safetynet.documents.pdf import find_office
from safetynet.operations.packet import print_packet
from safetynet.schema import MEMBERS, RELEASES, SET
from safetynet.tables import coerce_frame

LEAD = "District Attorney's Office"
AGENCIES = ("Probation Department", "Public Defender", "Bay Rape Crisis Center")
ZIPS = {1: "94601", 2: "94602", 3: "94603", 4: "94604", 5: "94605"}
# Birth dates whose day and month differ, so each way of writing one is its own string.
BORN = {1: D(2009, 2, 17), 2: D(2010, 6, 21), 3: D(2010, 3, 14), 4: D(2009, 11, 23),
        5: D(2011, 8, 30)}  # fmt: skip
ON_AGENDA = (1, 2, 3, 4)  # youth 5 is not on it, but youth 1's notes name her
# Youth 1 released to Probation; youth 2 to Probation and the Public Defender; youth 3 to the
# Public Defender but Non-identifying only; youth 4 to Probation, expired before the meeting;
# youth 5, off the agenda, to the Public Defender.
RELEASE_ROWS = [
    ("Y-0001", "Probation Department", D(2026, 9, 1), D(2027, 3, 1), None, "Identifying"),
    ("Y-0002", "probation department", D(2026, 9, 1), D(2027, 3, 1), None, "Identifying"),
    ("Y-0002", "Public Defender", D(2026, 11, 1), D(2027, 3, 1), None, "Identifying"),
    ("Y-0003", "Public Defender", D(2026, 11, 1), D(2027, 3, 1), None, "Non-identifying"),
    ("Y-0004", "Probation Department", D(2025, 1, 1), D(2026, 11, 30), None, "Identifying"),
    ("Y-0004", "Bay Rape Crisis Center", D(2026, 1, 1), D(2027, 1, 1), D(2026, 11, 2),
     "Identifying"),
    ("Y-0005", "Public Defender", D(2026, 1, 1), D(2027, 6, 1), None, "Identifying"),
]  # fmt: skip
RELEASED = {
    LEAD: {1, 2, 3, 4, 5},
    "Probation Department": {1, 2},
    "Public Defender": {2, 5},
    "Bay Rape Crisis Center": set(),
}
GRID = agenda_grid(
    [
        ("In custody", "Y-0001", "Court date 9 Dec; Custody changed 2 Oct (now In custody); "
         "Action 'Drive Zeynep Kowalczyk to court' 3 days overdue; "
        "Action 'Ask Officer Dee whether Liesel Montag…' 5 days overdue"),
        ("Out of custody", "Y-0002", "Action 'Call Tamsin Oakhurst's aunt' 12 days overdue"),
        ("New case", "Y-0003", "New referral on 1 Jun 2025 from Probation Department"),
        ("Out of custody", "Y-0004", "Flagged to discuss"),
    ]
)  # fmt: skip


def the_youth(n: int) -> dict:
    return youth(n, ZIP=ZIPS[n], **{"Date of Birth": BORN[n]})


def us(day) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def long(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


# Free text about youth 1 (shown in full to Probation) that names youths Probation may not
# see: youth 3 and youth 4 on the agenda, youth 5 off it, in the forms staff type.
MENTIONS = {
    "Notes": f"Cousin of Ngozi Fairweather (born {long(BORN[4])}, ZIP {ZIPS[4]}).",
    "Decisions": f"Seen with Zeynep Kowalczyk, born {us(BORN[3])}, and with Montague, Liesel "
    f"(case JV-26-7005) near the bus station.",
    "Action Item": f"Ask about Kowalczyk's hearing, case JV-26-7003, born {BORN[3].isoformat()}",
}


def releases_book(require: str = "Y", **frames):
    youths = [the_youth(n) for n in range(1, 6)]
    youths[0]["Notes"] = MENTIONS["Notes"]
    members = [
        member("Dana Lead", D(2026, 1, 2), Agency=LEAD),
        member("Mia Cleared", D(2026, 1, 5)),
        member("Noel Pending", None),
        member("Pat Defender", D(2026, 2, 1), Agency="Public Defender"),
        member("Rae Advocate", D(2026, 2, 1), Agency="Bay Rape Crisis Center"),
        member("Olga Former", D(2020, 1, 1), active=False, Agency="Child Welfare Services"),
    ]
    meetings = [
        meeting("Y-0002", D(2026, 11, 4)),
        meeting(
            "Y-0001",
            D(2026, 11, 18),
            Decisions=MENTIONS["Decisions"],
            **{"Action Item": MENTIONS["Action Item"]},
        ),
    ]
    frames = {"Youths": youths, "Members": members, "Meetings": meetings, **frames}
    workbook = book(5, **frames)
    releases = coerce_frame(
        RELEASES, [dict(zip(RELEASES.headers, (*r, None), strict=True)) for r in RELEASE_ROWS]
    )
    settings = {**workbook.settings, SET.require_releases: require, SET.lead_agency: LEAD}
    return workbook.replace(frames={**workbook.frames, RELEASES.name: releases}, settings=settings)


def secrets(n: int) -> list[str]:
    """What must not appear of youth ``n``: names, case number, ZIP, the birth date however
    written. Spelled out here, not taken from the program's own list."""
    row = the_youth(n)
    born = row["Date of Birth"]
    return [
        row["First Name"],
        row["Last Name"],
        row["Case Number"],
        row["ZIP"],
        f"{born.day} {born:%b %Y}",  # as the packet prints dates
        f"{born.day} {born:%B %Y}",
        born.isoformat(),
        us(born),
        f"{born:%m/%d/%Y}",
        f"{born.month}/{born.day}/{born:%y}",
        long(born),
        f"{born:%b} {born.day}, {born.year}",
    ]


def normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def docx_text(path: Path) -> str:
    """Every part of the Word file (body, headers, footers, comments, properties), tags
    dropped, entities decoded, and the parts' own names. A part that is not XML must be
    a picture (a secret cannot hide in an embedded document)."""
    texts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            texts.append(name)
            if not data.lstrip().startswith(b"<"):
                assert name.endswith((".jpeg", ".jpg", ".png", ".emf", ".wmf")), name
                continue
            xml = data.decode("utf-8")
            texts.append(html.unescape(re.sub(r"<[^>]+>", "", xml)))
            # Attribute values too (a comment's author, a property's value).
            texts.extend(html.unescape(v) for v in re.findall(r'="([^"]*)"', xml))
    return " ".join(texts)


def packet_for(outcome, agency: str, suffix: str = ".docx") -> Path:
    (found,) = [
        p for p in outcome.files if p.name == f"SafetyNet packet 2026-12-02 for {agency}{suffix}"
    ]
    return found


def check_packet(agency: str, text: str, name: str) -> None:
    """Names exactly the agenda youths released to ``agency``; nothing of any other youth,
    in the text or the file name. Every agenda youth is there, by Youth ID at least."""
    seen = normal(text)
    for n in range(1, 6):
        row = the_youth(n)
        if n in ON_AGENDA:
            assert row["Youth ID"].casefold() in seen, (agency, n)
        if n in RELEASED[agency]:
            if n in ON_AGENDA:
                assert normal(f"{row['First Name']} {row['Last Name']}") in seen, (agency, n)
            continue
        for secret in secrets(n):
            assert normal(secret) not in seen, (agency, n, secret)
            assert normal(secret) not in normal(name), (agency, n, secret)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("packets")
    with_pdf = find_office() is not None and shutil.which("pdftotext") is not None
    outcome = print_packet(
        on_agenda(releases_book(), GRID), out_dir=out, pdf=with_pdf, copies=2, today=TODAY
    )
    return outcome, with_pdf


def test_one_packet_per_agency_at_the_table_and_the_lead_first(printed):
    outcome, _ = printed
    words = [p.name for p in outcome.files if p.suffix == ".docx"]
    assert words == [
        f"SafetyNet packet 2026-12-02 for {agency}{copy}.docx"
        for agency in (LEAD, "Bay Rape Crisis Center", "Probation Department", "Public Defender")
        for copy in ("", " copy 1 of 2", " copy 2 of 2")
    ]
    # Inactive Child Welfare Services has no packet.
    assert not any("Child Welfare" in p.name for p in outcome.files)


@pytest.mark.parametrize("agency", [LEAD, *AGENCIES])
def test_each_word_packet_names_exactly_the_youths_released_to_its_agency(printed, agency):
    outcome, _ = printed
    for path in [p for p in outcome.files if p.suffix == ".docx" and f" for {agency}" in p.name]:
        check_packet(agency, docx_text(path), path.name)


@pytest.mark.libreoffice
@pytest.mark.parametrize("agency", [LEAD, *AGENCIES])
def test_each_pdf_packet_names_exactly_the_youths_released_to_its_agency(printed, agency):
    outcome, with_pdf = printed
    if not with_pdf:
        pytest.skip("LibreOffice or pdftotext is not installed")
    pdfs = [p for p in outcome.files if p.suffix == ".pdf" and f" for {agency}" in p.name]
    assert len(pdfs) == 3  # the agency's packet and its two numbered copies
    for pdf in pdfs:
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        info = subprocess.run(
            ["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        check_packet(agency, text + info, pdf.name)


def test_the_cover_says_whom_it_de_identifies_and_why_without_names(printed):
    outcome, _ = printed
    text = " ".join(docx_text(packet_for(outcome, "Public Defender")).split())
    assert (
        "Copy for Public Defender: Y-0002 appears in full; the other 3 youths appear without "
        "identifying details, because they have no current release of information to Public "
        "Defender. “Withheld” means left out on purpose, not missing."
    ) in text
    half = " ".join(docx_text(packet_for(outcome, "Probation Department")).split())
    assert (
        "Copy for Probation Department: Y-0003, Y-0004 appear without identifying details, "
        "because they have no current release of information to Probation Department."
    ) in half
    nobody = " ".join(docx_text(packet_for(outcome, "Bay Rape Crisis Center")).split())
    assert (
        "Copy for Bay Rape Crisis Center: All 4 youths appear without identifying details, "
        "because none has a current release of information to Bay Rape Crisis Center."
    ) in nobody
    lead = " ".join(docx_text(packet_for(outcome, LEAD)).split())
    assert f"Complete copy for {LEAD}, the lead agency." in lead
    assert WITHHELD not in lead and WITHHELD_IN_TABLE not in lead


def test_each_face_sheet_says_why_its_details_are_shown_or_withheld(printed):
    outcome, _ = printed
    with zipfile.ZipFile(packet_for(outcome, "Probation Department")) as archive:
        body = html.unescape(re.sub(r"<[^>]+>", " ", archive.read("word/document.xml").decode()))
    sheets = {
        part.split()[0]: " ".join(part.split())
        for part in " ".join(body.split()).split("Face sheet: ")[1:]
    }
    assert sorted(sheets) == ["Y-0001", "Y-0002", "Y-0003", "Y-0004"]
    for youth_id in ("Y-0001", "Y-0002"):
        assert (
            "Shown in full: a current release of information to Probation Department."
        ) in sheets[youth_id]
        assert "Identifying details withheld" not in sheets[youth_id]
    for youth_id in ("Y-0003", "Y-0004"):
        assert (
            "Identifying details withheld: no current release of information to Probation "
            "Department."
        ) in sheets[youth_id]
        assert "Shown in full" not in sheets[youth_id]
    lead = " ".join(docx_text(packet_for(outcome, LEAD)).split())
    assert "Shown in full" not in lead and "Identifying details withheld" not in lead


def test_numbered_copies_are_issued_to_the_agencys_own_members(printed):
    outcome, _ = printed
    (first,) = [
        p for p in outcome.files if p.name.endswith("Probation Department copy 1 of 2.docx")
    ]
    (second,) = [
        p for p in outcome.files if p.name.endswith("Probation Department copy 2 of 2.docx")
    ]
    # Mia has her confidentiality form on file; Noel does not, so copy 2 has a blank holder.
    assert "Copy 1 of 2 for Probation Department — issued to Mia Cleared" in docx_text(first)
    assert "Copy 2 of 2 for Probation Department — issued to ____" in docx_text(second)
    (defender,) = [p for p in outcome.files if p.name.endswith("Public Defender copy 1 of 2.docx")]
    assert "issued to Pat Defender" in docx_text(defender)


def test_a_sister_shown_in_full_keeps_the_surname_and_zip_she_shares_with_a_withheld_youth(
    tmp_path,
):
    """Youth 1 is released to Probation, her sister youth 2 is not: same surname, same ZIP.
    Youth 1's page keeps her own name and ZIP; youth 2's first name and birth date go, and so
    does her full name in youth 1's notes. An advocate who shares youth 2's first name keeps
    hers (a member's name is not a youth's), and so does an agency called Tamsin House."""
    sisters = [
        youth(1, ZIP="94601", Advocate="Tamsin Reyes", Notes="Lives with Tamsin Barrowmere, 94601"),
        youth(2, ZIP="94601", **{"Last Name": "Barrowmere", "Date of Birth": D(2010, 6, 21)}),
    ]
    members = [
        member("Dana Lead", D(2026, 1, 2), Agency=LEAD),
        member("Mia Cleared", D(2026, 1, 5)),
        member("Tamsin Reyes", D(2026, 1, 5), Agency=LEAD),
    ]
    agencies = [{"Agency": "Tamsin House", "Type": "Community-based", "Active": True}]
    referrals = [referral(1, "Y-0001", **{"Referred To": "Tamsin House"})]
    workbook = book(2, Youths=sisters, Members=members, Agencies=agencies, Referrals=referrals)
    release = dict(zip(RELEASES.headers, RELEASE_ROWS[0] + (None,), strict=True))
    workbook = workbook.replace(
        frames={**workbook.frames, RELEASES.name: coerce_frame(RELEASES, [release])},
        settings={**workbook.settings, SET.require_releases: "Y", SET.lead_agency: LEAD},
    )
    grid = agenda_grid([(None, "Y-0001", "Flagged to discuss"), (None, "Y-0002", "Review due")])
    outcome = print_packet(on_agenda(workbook, grid), out_dir=tmp_path, pdf=False, today=TODAY)
    text = " ".join(docx_text(packet_for(outcome, "Probation Department")).split())
    assert "Quilla Barrowmere" in text and "Tamsin Reyes" in text
    assert f"Lives with {WITHHELD}, 94601" in text
    assert "Tamsin Barrowmere" not in text and "21 Jun 2010" not in text
    assert "Tamsin House" in text  # an agency's name is nobody's secret
    assert text.count("Tamsin") == text.count("Tamsin Reyes") + text.count("Tamsin House")


def test_a_name_build_agenda_cut_short_in_a_reason_goes_too(printed):
    """Build Agenda cuts an action's words at 40 characters: "Liesel Montag…" is youth 5's
    name all the same. Youth 1's reasons are read in full by the lead and by Probation, and
    Probation may not see youth 5."""
    outcome, _ = printed
    for agency in (LEAD, *AGENCIES):
        text = " ".join(docx_text(packet_for(outcome, agency)).split())
        assert ("Ask Officer Dee whether" in text) is (agency in (LEAD, "Probation Department"))
        assert ("Montag" in text) is (agency == LEAD), agency


def test_a_de_identified_youth_keeps_what_the_table_needs(printed):
    outcome, _ = printed
    text = " ".join(docx_text(packet_for(outcome, "Bay Rape Crisis Center")).split())
    for kept in ("Y-0004", "Safety level", "High", "Runaway", "In custody", "Out of custody"):
        assert kept in text
    # Reasons lose their dates, sources and action text, not their kind.
    assert "Court date soon; Custody changed (now In custody)" in text
    assert "Overdue action" in text and "aunt" not in text
    assert "New referral" in text and "1 Jun 2025" not in text
    assert "bus station" not in text and "Loitering" not in text and "Sexual abuse" not in text


def test_the_log_records_which_agency_copy_identified_which_youths(printed):
    outcome, with_pdf = printed
    notes = {note.what: note for note in outcome.log_notes}
    assert {what: list(note.youth_ids) for what, note in notes.items()} == {
        "Waiting list 2026-12-02": [],
        f"{LEAD} copy identified": ["Y-0003", "Y-0001", "Y-0002", "Y-0004"],
        "Bay Rape Crisis Center copy identified": [],
        "Probation Department copy identified": ["Y-0001", "Y-0002"],
        "Public Defender copy identified": ["Y-0002"],
    }
    pd_files = [p.name for p in notes["Public Defender copy identified"].files]
    assert "SafetyNet packet 2026-12-02 for Public Defender.docx" in pd_files
    assert ("SafetyNet packet 2026-12-02 for Public Defender.pdf" in pd_files) is with_pdf


def test_the_log_rows_the_adapters_write(printed):
    from safetynet.adapters.common import log_rows

    outcome, _ = printed
    rows = log_rows(outcome)
    assert len(rows) == 6
    assert rows[0][2] == "Print Packet"
    assert rows[1][2] == "Print Packet: Waiting list 2026-12-02"
    assert rows[4][2:4] == ["Print Packet: Probation Department copy identified", "Y-0001, Y-0002"]


def test_without_required_releases_the_packet_is_as_before(tmp_path):
    outcome = print_packet(
        on_agenda(releases_book("N"), GRID), out_dir=tmp_path, pdf=False, copies=2, today=TODAY
    )
    assert [p.name for p in outcome.files] == [
        "SafetyNet packet 2026-12-02.docx",
        "SafetyNet packet 2026-12-02 copy 1 of 2.docx",
        "SafetyNet packet 2026-12-02 copy 2 of 2.docx",
    ]
    assert [note.what for note in outcome.log_notes] == ["Waiting list 2026-12-02"]
    text = " ".join(docx_text(outcome.files[0]).split())
    for n in range(1, 5):
        assert all(secret in text for secret in secrets(n)[:3])  # names, case number
    # Free text in full: the other youths named in youth 1's notes and reasons stay.
    assert "Drive Zeynep Kowalczyk to court" in text and "Liesel Montag…" in text
    assert MENTIONS["Decisions"] in text
    for words in (WITHHELD, WITHHELD_IN_TABLE, "Copy for", "Shown in full", "Shown without"):
        assert words not in text
    # The numbered copies go to members of any agency (by agency, then name), as before.
    assert "Copy 1 of 2 — issued to Rae Advocate" in docx_text(outcome.files[1])
    assert MEETING.isoformat() in outcome.data["meeting_date"]
    # No paragraph is left where a release note would go: the agenda's text runs straight on.
    with zipfile.ZipFile(outcome.files[0]) as archive:
        body = archive.read("word/document.xml").decode()
    assert 'Youths to discuss: 4</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading1"' in body


def test_validate_warns_about_agenda_youths_without_a_release_to_an_agency_at_the_table():
    from safetynet.operations.validate import validate_entries

    outcome = validate_entries(on_agenda(releases_book(), GRID), today=TODAY)
    found = [p for p in outcome.problems if p.rule == "agenda-no-release"]
    assert [(p.sheet, p.value) for p in found] == [
        ("Agenda", "Y-0001"),
        ("Agenda", "Y-0002"),
        ("Agenda", "Y-0003"),
        ("Agenda", "Y-0004"),
    ]
    assert found[1].message == (
        "Youth Y-0002 is on the agenda without a current release of information to Bay Rape "
        "Crisis Center: that packet will show the youth without identifying details."
    )
    assert "Bay Rape Crisis Center, Public Defender: those packets" in found[0].message
    assert all(not p.is_error for p in found)
    # Require Releases = N: no such warning.
    plain = validate_entries(on_agenda(releases_book("N"), GRID), today=TODAY)
    assert not [p for p in plain.problems if p.rule == "agenda-no-release"]


def test_with_many_agencies_at_the_table_the_warning_counts_them_instead_of_listing_them():
    from safetynet.operations.validate import validate_entries

    others = ["Girls Court", "County Hospital", "School District", "Youth Shelter"]
    workbook = releases_book()
    members = workbook.frames["Members"].to_dict("records")
    members += [member(f"Member {n}", D(2026, 1, 5), Agency=a) for n, a in enumerate(others)]
    clean = [{k: (None if str(v) in ("NaT", "<NA>") else v) for k, v in r.items()} for r in members]
    workbook = workbook.replace(frames={**workbook.frames, "Members": coerce_frame(MEMBERS, clean)})
    outcome = validate_entries(on_agenda(workbook, GRID), today=TODAY)
    said = {p.value: p.message for p in outcome.problems if p.rule == "agenda-no-release"}
    assert said["Y-0002"] == (
        "Youth Y-0002 is on the agenda without a current release of information to 5 of the 7 "
        "agencies at the table (only Probation Department and Public Defender have one): their "
        "packets will show the youth without identifying details."
    )
    assert said["Y-0003"] == (
        "Youth Y-0003 is on the agenda without a current release of information to any of the "
        "7 agencies at the table: every packet but the lead agency's will show the youth "
        "without identifying details."
    )


def test_validate_warns_about_releases_expiring_within_thirty_days_of_the_next_meeting():
    from safetynet.operations.validate import validate_entries

    # Today is 28 Nov, the next meeting Wednesday 2 Dec 2026. Youth 4's Probation release is
    # current today and lapses on 30 Nov, before the meeting: renewed now, Probation's packet
    # could still name her. A release expiring 1 Jan 2027 is within 30 days of the meeting,
    # one of 3 Jan 2027 is not.
    workbook = releases_book()
    extra = [
        ("Y-0001", "Public Defender", D(2026, 6, 1), D(2027, 1, 1), None, "Identifying", None),
        ("Y-0003", "Public Defender", D(2026, 6, 1), D(2027, 1, 3), None, "Identifying", None),
    ]
    frame = workbook.frames[RELEASES.name]
    rows = frame.to_dict("records") + [dict(zip(RELEASES.headers, r, strict=True)) for r in extra]
    clean = [
        {k: (None if str(v) in ("NaT", "<NA>", "nan") else v) for k, v in r.items()} for r in rows
    ]
    workbook = workbook.replace(
        frames={**workbook.frames, RELEASES.name: coerce_frame(RELEASES, clean)}
    )
    outcome = validate_entries(workbook, today=TODAY)
    found = [p for p in outcome.problems if p.rule == "release-expiring"]
    assert [(p.sheet, p.row, p.column) for p in found] == [
        ("Releases", 6, "Expires"),
        ("Releases", 9, "Expires"),
    ]
    assert [p.message for p in found] == [
        "This release to Probation Department expires on 30 Nov 2026, before the next meeting "
        "(2 Dec 2026).",
        "This release to Public Defender expires on 1 Jan 2027, within 30 days of the next "
        "meeting.",
    ]
    # The day after it lapsed, it is expired: no more warning.
    later = validate_entries(workbook, today=D(2026, 12, 1))
    assert [p.row for p in later.problems if p.rule == "release-expiring"] == [9]


def test_the_dashboard_counts_youths_with_a_current_release_per_agency():
    from safetynet.core.dashboard_layout import TABLE, WIDTHS, dashboard_grid
    from safetynet.operations.dashboard import refresh_dashboard

    outcome = refresh_dashboard(releases_book(), today=TODAY)
    assert outcome.data["tables"]["releases"] == [
        ["Probation Department", 3, 3],  # on 28 Nov youth 4's release there is still current
        ["Public Defender", 2, 3],  # youth 3's is Non-identifying
    ]
    table = TABLE["releases"]
    grid = outcome.sheets["Dashboard"]
    assert grid[table.first_row][:3] == ["Probation Department", 3, 3]
    assert table.last_row == len(dashboard_grid()) - 1  # the last table: no chart range moved
    # Each count's header fits its column (the first version's were cut off: "Youths (identifyi").
    assert all(len(h) <= WIDTHS[c] for c, h in enumerate(table.headers) if c)


@pytest.mark.parametrize(("require", "words"), [("Y", "only while that youth"), ("N", "full case")])
def test_the_mou_and_confidentiality_form_state_the_release_rule(tmp_path, require, words):
    from safetynet.core.releases import release_rule
    from safetynet.operations.documents import confidentiality, mou

    workbook = releases_book(require)
    rule = release_rule(workbook.settings)
    assert words in rule
    made = [
        mou(workbook, agency="Probation Department", out_dir=tmp_path, pdf=False, today=TODAY),
        confidentiality(workbook, member="Mia Cleared", out_dir=tmp_path, pdf=False, today=TODAY),
    ]
    for outcome in made:
        assert rule in " ".join(docx_text(outcome.files[0]).split())


# --- agencies that see the youths the same way share one build ---------------------------

SAME_WAY = ("Children & Family <Services>", "Bay Rape Crisis Center")  # no releases, either


def two_alike_book():
    workbook = releases_book()
    frames = dict(workbook.frames)
    extra = coerce_frame(MEMBERS, [member("Cy Welfare", D(2026, 3, 1), Agency=SAME_WAY[0])])
    frames[MEMBERS.name] = coerce_frame(
        MEMBERS, [*frames[MEMBERS.name].to_dict("records"), *extra.to_dict("records")]
    )
    return on_agenda(workbook.replace(frames=frames), GRID)


def test_agencies_that_see_the_youths_alike_share_one_build_each_under_its_own_name(
    tmp_path, monkeypatch
):
    import safetynet.documents.packet as packet_module

    builds = []
    real = packet_module.build_packet
    monkeypatch.setattr(packet_module, "build_packet", lambda *a: builds.append(a) or real(*a))
    outcome = print_packet(two_alike_book(), out_dir=tmp_path, pdf=False, copies=1, today=TODAY)
    # Five agencies at the table, four ways of seeing the youths: the two without a release
    # share a packet, built once (numbered copies are stamped from it too).
    assert len(builds) == 4
    for agency, other in (SAME_WAY, SAME_WAY[::-1]):
        for path in [p for p in outcome.files if f" for {agency.split(' <')[0]}" in p.name]:
            text = " ".join(docx_text(path).split())
            assert f"Copy for {agency}: All 4 youths appear" in text, path.name
            assert f"for {other}" not in text, path.name  # its sign-in sheet lists the other
            assert "§" not in text  # no stand-in left
            check_packet("Bay Rape Crisis Center", docx_text(path), path.name)
    numbered = packet_for(outcome, "Children & Family Services", " copy 1 of 1.docx")
    assert "Copy 1 of 1 for Children & Family <Services> — issued to Cy Welfare" in " ".join(
        docx_text(numbered).split()
    )


def test_a_stamped_packet_reads_as_the_one_built_for_the_agency_itself(tmp_path, monkeypatch):
    """Stamping is only a shortcut: with it taken away, every file says the same."""
    import safetynet.documents.packet as packet_module

    stamped = print_packet(two_alike_book(), out_dir=tmp_path / "a", pdf=False, today=TODAY)
    monkeypatch.setattr(packet_module, "stamp", lambda packet, marks: None)
    whole = print_packet(two_alike_book(), out_dir=tmp_path / "b", pdf=False, today=TODAY)
    assert [p.name for p in stamped.files] == [p.name for p in whole.files]
    for a, b in zip(stamped.files, whole.files, strict=True):
        # the text of every part alike; the core properties' times aside
        drop_times = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?")
        assert drop_times.sub("", docx_text(a)) == drop_times.sub("", docx_text(b)), a.name


def test_a_stand_in_a_template_changed_is_not_stamped():
    from docx import Document

    from safetynet.documents.packet import AGENCY_MARK, LABEL_MARK, document_data, stamp

    kept = Document()
    kept.add_paragraph(f"Copy for {AGENCY_MARK}")
    kept.sections[0].header.add_paragraph(LABEL_MARK)
    data = stamp(document_data(kept), {AGENCY_MARK: "A & B", LABEL_MARK: "Copy 1 of 2"})
    assert data is not None
    stamped = Document(__import__("io").BytesIO(data))
    assert stamped.paragraphs[-1].text == "Copy for A & B"
    assert stamped.sections[0].header.paragraphs[-1].text == "Copy 1 of 2"
    lowered = Document()
    lowered.add_paragraph(f"copy for {AGENCY_MARK.lower()}")  # a |lower filter in a template
    assert stamp(document_data(lowered), {AGENCY_MARK: "A & B"}) is None
