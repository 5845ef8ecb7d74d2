"""Templates: every field renders, odd text survives, broken templates are explained."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from helpers.packet_books import MEETING, TODAY, D, book, meeting
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetynet.core import facesheet as fs
from safetynet.core.agenda_sheet import EditedRow
from safetynet.documents import fields
from safetynet.documents.default_templates import make_default_templates
from safetynet.documents.docx_parts import CONFIDENTIAL
from safetynet.documents.render import BrokenTemplate, render, template_tags
from safetynet.resources import templates_dir

COMMITTED = templates_dir()
ODD_TEXT = "Ana & <Bo> \"quoted\" 'single' 🙂 Łódź Дарья 李小龍 عائشة"


def _all_text(document) -> str:
    """Body, headers and footers, as saved (docxtpl swaps the header parts python-docx cached)."""
    buffer = io.BytesIO()
    document.save(buffer)
    document = Document(buffer)
    parts = [document.element.body.xpath("string(.)")]
    for section in document.sections:
        parts.append(section.header._element.xpath("string(.)"))
        parts.append(section.footer._element.xpath("string(.)"))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("templates")
    make_default_templates(folder)
    return folder


@pytest.mark.parametrize("name", fields.TEMPLATE_NAMES)
def test_every_listed_field_renders_in_the_committed_template(name):
    document = render(COMMITTED, name, fields.sample_context(name, text="Filled"))
    text = _all_text(document)
    assert "{{" not in text and "{%" not in text
    assert CONFIDENTIAL in text
    assert "Filled" in text


@pytest.mark.parametrize("name", fields.TEMPLATE_NAMES)
def test_templates_use_only_listed_fields(name):
    """A tag in a default template that fields.py does not list would surprise staff."""
    listed = {f.path.replace("[]", "").split(".")[0] for f in fields.template_fields()[name]}
    document = Document(str(COMMITTED / name))
    used = set()
    for tag in template_tags(document):
        inner = tag.strip("{}% ").removeprefix("p ").removeprefix("tr ")
        for word in inner.replace("(", " ").split():
            used.add(word.split(".")[0])
    loop_words = {"for", "in", "endfor", "if", "not", "else", "endif", "r", "m", "w", "s", "y"}
    assert used - loop_words <= listed


def test_odd_characters_render_escaped_and_intact():
    document = render(
        COMMITTED, "face_sheet.docx", fields.sample_context("face_sheet.docx", text=ODD_TEXT)
    )
    assert ODD_TEXT in _all_text(document)


def test_line_breaks_in_a_cell_become_line_breaks_in_word():
    context = fields.sample_context("face_sheet.docx")
    context["youth"]["notes"] = "first line\nsecond line"
    document = render(COMMITTED, "face_sheet.docx", context)
    xml = document.element.body.xml
    assert "first line" in xml and "<w:br/>" in xml


def _context_paths(name: str) -> set[str]:
    """A context where every list has an item, so every field shows."""
    workbook = book(Meetings=[meeting("Y-0001", D(2026, 11, 4))])
    data = fs.gather(workbook.frames, ["Y-0001", "Y-0002"])
    if name == "face_sheet.docx":
        context = fs.face_sheet_context(
            data, "Y-0001", meeting_date=MEETING, settings=workbook.settings
        )
    elif name == "agenda.docx":
        items = [EditedRow(1, "New case", "Y-0001")]
        context = fs.agenda_context(items, data, meeting_date=MEETING, settings=workbook.settings)
    elif name == "sign_in.docx":
        context = fs.sign_in_context(
            workbook.frames["Members"], meeting_date=MEETING, settings=workbook.settings
        )
    elif name == "mou.docx":
        context = fs.mou_context(
            workbook.frames["Agencies"].iloc[0].to_dict(), settings=workbook.settings, today=TODAY
        )
    else:
        context = fs.confidentiality_context(
            workbook.frames["Members"].iloc[0].to_dict(), settings=workbook.settings, today=TODAY
        )
    return fields.context_paths(context)


@pytest.mark.parametrize("name", fields.TEMPLATE_NAMES)
def test_the_field_list_matches_what_the_program_provides(name):
    listed = {f.path for f in fields.template_fields()[name]}
    assert _context_paths(name) == listed


def test_readme_is_generated_from_the_schema_and_up_to_date():
    readme = (COMMITTED / "README.md").read_text(encoding="utf-8")
    assert readme == fields.readme_text()
    assert "`youth.risk_runaway`" in readme and "`settings.lead_agency`" in readme


def _edit_tag(folder: Path, name: str, old: str, new: str) -> None:
    document = Document(str(folder / name))
    for paragraph in document.paragraphs:
        if old in paragraph.text:
            paragraph.text = paragraph.text.replace(old, new)
            document.save(str(folder / name))
            return
    raise AssertionError(f"{old} not in {name}")


def test_an_unknown_field_names_the_template_and_the_tag(tmp_path, fresh):
    shutil.copytree(fresh, tmp_path, dirs_exist_ok=True)
    _edit_tag(tmp_path, "face_sheet.docx", "{{ youth.notes }}", "{{ youth.fist_name }}")
    with pytest.raises(BrokenTemplate) as caught:
        render(tmp_path, "face_sheet.docx", fields.sample_context("face_sheet.docx"))
    message = caught.value.message
    assert message.startswith(
        "The template face_sheet.docx has a tag Word cannot fill: "
        "{{ youth.fist_name }} (unknown field 'fist_name')"
    )
    assert "templates/README.md" in message


def test_a_typo_in_a_tag_names_the_template_and_the_tag(tmp_path, fresh):
    shutil.copytree(fresh, tmp_path, dirs_exist_ok=True)
    _edit_tag(tmp_path, "agenda.docx", "{{ youth_count }}", "{{ youth count }}")
    with pytest.raises(BrokenTemplate) as caught:
        render(tmp_path, "agenda.docx", fields.sample_context("agenda.docx"))
    assert "The template agenda.docx has a tag Word cannot fill: {{ youth count }}" in (
        caught.value.message
    )


def test_a_deleted_template_says_which_and_how_to_get_it_back(tmp_path):
    with pytest.raises(BrokenTemplate) as caught:
        render(tmp_path, "mou.docx", fields.sample_context("mou.docx"))
    assert "The template mou.docx is missing" in caught.value.message
    assert "make_templates.py" in caught.value.message


def test_a_damaged_template_is_a_plain_message(tmp_path):
    (tmp_path / "sign_in.docx").write_bytes(b"not a word file")
    with pytest.raises(BrokenTemplate, match=r"sign_in\.docx could not be read as a Word document"):
        render(tmp_path, "sign_in.docx", fields.sample_context("sign_in.docx"))


def test_the_committed_templates_are_what_the_script_makes(fresh):
    """Guards against editing default_templates.py without running make_templates.py."""
    for name in fields.TEMPLATE_NAMES:
        ours = Document(str(COMMITTED / name))
        made = Document(str(fresh / name))
        assert _all_text(ours) == _all_text(made), name


def test_a_zip_that_is_not_a_word_file_is_a_plain_message(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "mou.docx", "w") as archive:
        archive.writestr("hello.txt", "not word")
    with pytest.raises(BrokenTemplate, match=r"mou\.docx could not be read as a Word document"):
        render(tmp_path, "mou.docx", fields.sample_context("mou.docx"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_printable_text_reads_back_exactly(text):
    """Whatever staff type (quotes, &, <, emoji, any script) comes out as typed."""
    context = fields.sample_context("mou.docx")
    context["agency"]["agency"] = text
    document = render(COMMITTED, "mou.docx", context)
    expected = " ".join(text.split())
    assert expected in " ".join(document.element.body.xpath("string(.)").split())


def test_a_templates_folder_beside_the_workbook_wins_over_the_defaults(tmp_path):
    from safetynet.documents.render import templates_folder

    workbook = tmp_path / "SafetyNet.xlsm"
    assert templates_folder(workbook) == COMMITTED
    (tmp_path / "templates").mkdir()
    assert templates_folder(workbook) == tmp_path / "templates"
