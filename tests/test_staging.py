"""Documents reach the output folder only after the workbook has recorded them."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetynet.documents.staging import Staging, staged_documents
from safetynet.model import SafetyNetError
from safetynet.operations import Outcome


def _outcome(folder: Path, *names: str) -> Outcome:
    files = []
    for name in names:
        (folder / name).write_text("a document")
        files.append(folder / name)
    return Outcome("Print Packet", "Ready.", files=files, data={"files": [str(f) for f in files]})


def test_documents_move_in_once_the_workbook_update_succeeded(tmp_path):
    out = tmp_path / "out"
    options = {"out_dir": out}
    recorded = []
    with staged_documents(options, stage=True) as staging:
        assert options["out_dir"] != out and options["out_dir"].name.startswith(".safetynet-")
        outcome = _outcome(options["out_dir"], "packet.docx", "packet.pdf")
        done = staging.commit(outcome, recorded.append)
    assert [o.files for o in recorded] == [[out / "packet.docx", out / "packet.pdf"]]
    assert done.data["files"] == [str(out / "packet.docx"), str(out / "packet.pdf")]
    assert sorted(p.name for p in out.iterdir()) == ["packet.docx", "packet.pdf"]


def test_a_refused_update_keeps_no_document_and_says_so(tmp_path):
    out = tmp_path / "out"
    options = {"out_dir": out}

    def refuse(outcome: Outcome) -> None:
        raise SafetyNetError("The Log sheet has a Total Row.", exit_code=1)

    with pytest.raises(SafetyNetError) as refused, staged_documents(options, True) as staging:
        staging.commit(_outcome(options["out_dir"], "packet.docx"), refuse)
    assert refused.value.message == (
        "The Log sheet has a Total Row. packet.docx was not written either, since the workbook "
        "could not record it."
    )
    assert list(out.iterdir()) == []


def test_an_older_pdf_of_a_document_made_again_without_one_is_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "packet.pdf").write_text("last week's")
    staging = Staging(out)
    staging.commit(_outcome(staging.folder, "packet.docx"), lambda o: None)
    assert sorted(p.name for p in out.iterdir()) == ["packet.docx"]


def test_a_document_that_cannot_be_moved_in_is_named(tmp_path):
    out = tmp_path / "out"
    (out / "packet.docx").mkdir(parents=True)  # in the way, as a file open in Word would be
    staging = Staging(out)
    done = staging.commit(_outcome(staging.folder, "packet.docx"), lambda o: None)
    assert done.exit_code == 1
    assert done.message == (
        f"Ready. The workbook was updated, but packet.docx could not be put in {out}: a file of "
        f"that name is open in another program. Close it and run the command again."
    )


def test_a_killed_run_leaves_no_staging_folder_for_long(tmp_path):
    out = tmp_path / "out"
    abandoned = out / ".safetynet-staging-999999999-0123abcd"
    abandoned.mkdir(parents=True)
    (abandoned / "packet.docx").write_text("half")
    Staging(out).discard()
    assert list(out.iterdir()) == []


def test_another_computers_run_is_judged_by_age_and_a_reused_id_too(tmp_path, monkeypatch):
    """A process id means nothing for a folder another computer sharing the drive is using."""
    import os
    import time

    from safetynet.documents import staging

    out = tmp_path / "out"
    elsewhere = out / ".safetynet-staging-0badc0de-999999999-0123abcd"  # its id: not alive here
    reused = out / f".safetynet-staging-{staging._this_computer()}-{os.getppid()}-0123abcd"
    for folder in (elsewhere, reused):
        folder.mkdir(parents=True)
        (folder / "packet.docx").write_text("being made, or left")
    Staging(out).discard()
    assert elsewhere.exists() and reused.exists()  # another computer's run may be going on
    hours_ago = time.time() - 2 * staging.ABANDONED_AFTER_SECONDS
    for folder in (elsewhere, reused):
        os.utime(folder, (hours_ago, hours_ago))
    Staging(out).discard()
    assert list(out.iterdir()) == []
