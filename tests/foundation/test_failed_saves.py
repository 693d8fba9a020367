"""A save that fails changes nothing: not the file, not its older ``.bak``, and it leaves no
temporary file; the failure names the file and the reason in Norwegian. A target that is not
a regular file (a named pipe here; a device in real life) is refused, never replaced."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys

import pytest

from legevakt_app.file_errors import WriteFailed, cannot_write, os_reason, output_problem
from legevakt_app.project_io import atomic_write_text, load_project, save_project
from tests.conftest import ROOT, SAMPLES
from tests.foundation.full_disk import fill, full_disk, no_write_caps


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_save_on_a_full_disk_keeps_the_file_and_its_older_backup(tmp_path):
    with full_disk(tmp_path / "full") as folder:
        target = folder / "p.legevakt.json"
        target.write_bytes(SAMPLES["liten-kommune"].read_bytes())
        (folder / "p.legevakt.json.bak").write_text("GAMMEL-VERSJON")
        project = load_project(target)
        project.district.name = "Nytt navn"  # about 5 KB to write, 4 KB free
        before = target.read_bytes()
        fill(folder, free_kb=4)
        with pytest.raises(WriteFailed) as caught:
            save_project(project, target)
        assert caught.value.errno == errno.ENOSPC
        assert str(caught.value) == f"{target}: kan ikke skrive (ingen plass igjen på disken)"
        assert target.read_bytes() == before
        assert (folder / "p.legevakt.json.bak").read_text() == "GAMMEL-VERSJON"
        assert _leftovers(folder) == []


def test_a_successful_save_keeps_the_previous_version_as_bak(tmp_path):
    target = tmp_path / "p.legevakt.json"
    atomic_write_text(target, "en\n")
    atomic_write_text(target, "to\n")
    atomic_write_text(target, "tre\n")
    assert target.read_text() == "tre\n"
    assert (tmp_path / "p.legevakt.json.bak").read_text() == "to\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # personal data: owner only
    assert _leftovers(tmp_path) == []


def test_a_named_pipe_is_refused_not_replaced(tmp_path):
    fifo = tmp_path / "rør.legevakt.json"
    os.mkfifo(fifo)
    with pytest.raises(WriteFailed) as caught:
        save_project(load_project(SAMPLES["liten-kommune"]), fifo)
    assert "ikke en vanlig fil" in str(caught.value) and str(fifo) in str(caught.value)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert not (tmp_path / "rør.legevakt.json.bak").exists() and _leftovers(tmp_path) == []
    assert "ikke en vanlig fil" in output_problem(fifo)


def test_a_file_where_the_folder_should_be_and_a_missing_calendar_parent(tmp_path):
    """The QA audit: «--out resultat.json/r.json» said the folder «resultat.json» did not
    exist (it is a file); «--ics-dir /finnes/ikke/dypt» made the whole tree of folders."""
    from legevakt_app.file_errors import ics_dir_problem

    a_file = tmp_path / "resultat.json"
    a_file.write_text("{}", encoding="utf-8")
    assert output_problem(a_file / "r.json") == f"{a_file} er en fil, ikke en mappe"
    assert output_problem(tmp_path / "mangler" / "r.json") == \
        f"mappen {tmp_path / 'mangler'} finnes ikke"
    assert ics_dir_problem(tmp_path / "mangler" / "dypt") == \
        f"mappen {tmp_path / 'mangler'} finnes ikke"
    assert ics_dir_problem(tmp_path / "kalender") is None  # one new folder is made
    assert not (tmp_path / "mangler").exists()


def test_a_folder_or_missing_folder_is_refused_in_norwegian(tmp_path):
    with pytest.raises(WriteFailed, match="er en mappe"):
        atomic_write_text(tmp_path, "x")
    with pytest.raises(WriteFailed, match="finnes ikke"):
        atomic_write_text(tmp_path / "mangler" / "p.legevakt.json", "x")


def test_every_reason_is_norwegian():
    for code, words in [(errno.ENOSPC, "ingen plass igjen på disken"),
                        (errno.EACCES, "ingen skrivetilgang"), (errno.ENOENT, "mappen finnes ikke"),
                        (errno.EBUSY, "filen er låst eller i bruk"), (errno.EPERM, "låst")]:
        err = OSError(code, os.strerror(code), "/x/.p.tmp")
        assert words in os_reason(err)
        assert os.strerror(code) not in cannot_write("/x/p", err)
    assert "kode 9999" in os_reason(OSError(9999, "Weird English"))


def test_a_save_into_a_read_only_folder_says_so_and_leaves_nothing(tmp_path):
    prefix = no_write_caps()
    folder = tmp_path / "lesbar"
    folder.mkdir()
    target = folder / "p.legevakt.json"
    target.write_bytes(SAMPLES["liten-kommune"].read_bytes())
    before = target.read_bytes()
    folder.chmod(0o555)
    try:
        code = ("import sys; from legevakt_app.project_io import load_project, save_project\n"
                "try:\n    save_project(load_project(sys.argv[1]), sys.argv[1])\n"
                "except OSError as err:\n    print(err)\n")
        done = subprocess.run([*prefix, sys.executable, "-c", code, str(target)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    finally:
        folder.chmod(0o755)
    assert done.stdout.strip() == f"{target}: kan ikke skrive (ingen skrivetilgang)", done
    assert target.read_bytes() == before and _leftovers(folder) == []
