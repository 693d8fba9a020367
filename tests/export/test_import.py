"""Import of doctors and absences: good files, every bad row reported, nothing applied early."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from legevakt_app.export.importer import (
    ABSENCE_COLUMNS,
    DOCTOR_COLUMNS,
    ImportRejected,
    apply_import,
    parse_date,
    parse_number,
    preview_absences,
    preview_doctors,
    preview_import,
    read_table,
)
from legevakt_app.export.templates import TEMPLATES_DIR
from legevakt_app.project_io import load_project
from tests.conftest import SAMPLES


@pytest.fixture
def project():
    return load_project(SAMPLES["liten-kommune"])  # kommune Lysfjord; Kari Nordeng, …


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding=encoding)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def messages(preview) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in preview.problems]


# ------------------------------------------------------------------ templates


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_example_templates_import_cleanly(project, suffix):
    doctors = preview_import(TEMPLATES_DIR / f"leger-eksempel.{suffix}", project)
    assert doctors.kind == "doctors" and doctors.ok, messages(doctors)
    assert [(r.row, r.action) for r in doctors.rows] == [
        (2, "finnes alt"),  # Kari is in the project just as in the file
        (3, "ny lege"),
        (4, "ny lege"),
    ]
    new = apply_import(project, doctors)
    assert len(new.doctors) == len(project.doctors) + 2
    jonas = next(d for d in new.doctors if d.name == "Jonas Bakke")
    assert jonas.kind == "lis1" and jonas.competence.years_allmennlege == 0.5
    aase = next(d for d in new.doctors if d.name == "Åse Øvrebø")
    assert aase.position_share == 0.5 and aase.id == "ase-ovrebo"
    kari_before = project.doctors[0]
    kari_after = next(d for d in new.doctors if d.id == kari_before.id)
    assert kari_after.unavailable == kari_before.unavailable  # kept on update

    absences = preview_import(TEMPLATES_DIR / f"fravaer-eksempel.{suffix}", project)
    assert absences.kind == "absences" and absences.ok, messages(absences)
    updated = apply_import(project, absences)
    kari = next(d for d in updated.doctors if d.name == "Kari Nordeng")
    assert kari.unavailable[-1].start == date(2027, 7, 1)
    assert kari.unavailable[-1].end == date(2027, 7, 21)
    ola = next(d for d in updated.doctors if d.name == "Ola Hallingset")
    assert len(ola.unavailable) == 1  # the same course was there already: not added twice


@pytest.mark.parametrize(
    ("stem", "layout"), [("leger", DOCTOR_COLUMNS), ("fravaer", ABSENCE_COLUMNS)]
)
def test_template_files_match_the_documented_layout(stem, layout):
    expected = [c.name for c in layout]
    for suffix in ("xlsx", "csv"):
        headers, rows = read_table(TEMPLATES_DIR / f"{stem}.{suffix}")
        assert headers == expected and rows == []
    readme = (TEMPLATES_DIR / "README.md").read_text(encoding="utf-8")
    for name in expected:
        assert f"`{name}`" in readme


def test_empty_template_is_not_an_import(project):
    preview = preview_import(TEMPLATES_DIR / "leger.xlsx", project)
    assert not preview.ok and "ingen leger" in str(preview.problems[0])


# ------------------------------------------------------------------ bad files


def test_every_bad_doctor_row_is_reported_at_once(project, tmp_path):
    path = write_csv(
        tmp_path / "leger.csv",
        [
            "Navn;Kommune;Fødselsår;Type;Stillingsandel",
            "Per Hansen;Lysfjord;1980;fastlege;0,8",
            "Lise Berg;Storby;1985;fastlege;1",
            "Per Hansen;Lysfjord;1981;vikar;1",
            ";Lysfjord;1970;;",
            "Tor Li;Lysfjord;nittensytti;overlege;abc",
            "",
            "Siri Moe;lysfjord;1990;ALIS;80 %",
        ],
    )
    preview = preview_doctors(path, project)
    assert not preview.ok
    got = messages(preview)
    assert (3, "Kommune", "ukjent kommune «Storby» (distriktet har: Lysfjord)") in got
    assert (4, "Navn", "legen «Per Hansen» står også i rad 2") in got
    assert (5, "Navn", "navnet mangler") in got
    assert any(r == 6 and c == "Fødselsår" and "nittensytti" in m and "helt tall" in m
               for r, c, m in got)
    assert any(r == 6 and c == "Type" and "overlege" in m for r, c, m in got)
    assert any(r == 6 and c == "Stillingsandel" and "abc" in m for r, c, m in got)
    assert {r for r, _, _ in got} == {3, 4, 5, 6}  # rows 2 and 8 are fine; 7 is empty
    assert [r.row for r in preview.rows] == [2, 8]
    siri = preview.rows[1].payload
    assert siri.kommune == "Lysfjord" and siri.kind == "alis" and siri.position_share == 0.8
    with pytest.raises(ImportRejected):
        apply_import(project, preview)


def test_wrong_and_missing_columns(project, tmp_path):
    path = write_xlsx(tmp_path / "leger.xlsx", [["Navn", "Kommunen", "Fødselsår", "Telefon"]])
    got = messages(preview_doctors(path, project))
    assert (1, "Kommunen", got[0][2]) in got and "ukjent kolonne" in got[0][2]
    assert any(c == "Telefon" and "ukjent kolonne" in m for _, c, m in got)
    assert (1, "kommune", "kolonnen mangler (den må være med)") in got


def test_doctor_already_in_project_under_another_id(project, tmp_path):
    path = write_csv(
        tmp_path / "l.csv", ["navn;kommune;fødselsår;id", "Kari Nordeng;Lysfjord;1971;kari"]
    )
    got = messages(preview_doctors(path, project))
    assert got == [(2, "navn", "«Kari Nordeng» finnes alt i prosjektet med id «lege01»")]


def with_two_kari(project):
    """The sample with lege02 renamed «Kari Nordeng»: two doctors share a name (allowed)."""
    doctors = [d.model_copy(update={"name": "Kari Nordeng"}) if d.id == "lege02" else d
               for d in project.doctors]
    return project.model_copy(update={"doctors": doctors})


def test_a_name_two_doctors_share_is_refused_and_the_id_picks_one(project, tmp_path):
    """A row naming «Kari Nordeng» when two doctors have that name must not go to whichever
    came last: the row is refused with the ids to choose from, and an id picks the doctor."""
    two = with_two_kari(project)
    absences = write_csv(tmp_path / "f.csv", ["lege;fra;til", "Kari Nordeng;01.03.2027;07.03.2027"])
    assert messages(preview_absences(absences, two)) == [
        (2, "lege", "2 leger i prosjektet heter «Kari Nordeng» (id «lege01» og «lege02»); "
                    "skriv id-en («lege01» eller «lege02») i stedet for navnet")]
    by_id = write_csv(tmp_path / "g.csv", ["lege;fra;til", "lege01;01.03.2027;07.03.2027"])
    new = apply_import(two, preview_absences(by_id, two))
    assert new.doctor("lege01").unavailable[-1].start == date(2027, 3, 1)
    assert new.doctor("lege02").unavailable == two.doctor("lege02").unavailable

    update = write_csv(tmp_path / "l.csv",
                       ["navn;kommune;fødselsår;vaktandel", "Kari Nordeng;Lysfjord;1971;0,5"])
    assert messages(preview_doctors(update, two)) == [
        (2, "navn", "2 leger i prosjektet heter «Kari Nordeng» (id «lege01» og «lege02»); "
                    "skriv id-en til den som skal oppdateres i en kolonne «id»")]
    both = write_csv(tmp_path / "m.csv", ["navn;kommune;fødselsår;vaktandel;id",
                                          "Kari Nordeng;Lysfjord;1971;0,5;lege02",
                                          "Kari Nordeng;Lysfjord;1972;0,8;lege01"])
    preview = preview_doctors(both, two)
    assert preview.ok, messages(preview)
    new = apply_import(two, preview)
    assert (new.doctor("lege02").birth_year, new.doctor("lege02").legevakt_share) == (1971, 0.5)
    assert (new.doctor("lege01").birth_year, new.doctor("lege01").legevakt_share) == (1972, 0.8)
    one_id = write_csv(tmp_path / "n.csv", ["navn;kommune;fødselsår;id",
                                            "Kari Nordeng;Lysfjord;1971;lege02",
                                            "Kari Nordeng;Lysfjord;1971;"])
    got = messages(preview_doctors(one_id, two))
    assert (3, "navn", "2 leger i prosjektet heter «Kari Nordeng» (id «lege01» og «lege02»); "
                       "skriv id-en til den som skal oppdateres i kolonnen «id»") in got


def test_an_update_keeps_what_the_file_does_not_give(project, tmp_path):
    """«The columns given replace the old values»: a file without a «type» column (or with
    the cell empty) leaves a LIS1 a LIS1, and every other column left out keeps its value."""
    per = project.doctor("lege04")
    changed = per.model_copy(update={
        "position_share": 0.8, "practice_hours_per_week": 30.0,
        "competence": per.competence.model_copy(update={"specialist_allmennmedisin": True,
                                                        "courses_done": False,
                                                        "years_allmennlege": 1.5})})
    project = project.model_copy(update={"doctors": [
        changed if d.id == "lege04" else d for d in project.doctors]})
    path = write_csv(tmp_path / "l.csv", ["navn;kommune;fødselsår;vaktandel;type",
                                          "Per Kroken;Lysfjord;1997;0,5;"])
    preview = preview_doctors(path, project)
    assert [r.action for r in preview.rows] == ["oppdaterer lege"]
    after = apply_import(project, preview).doctor("lege04")
    assert after.legevakt_share == 0.5
    assert after.model_dump(exclude={"legevakt_share"}) == changed.model_dump(
        exclude={"legevakt_share"})
    assert after.kind == "lis1"
    no_type = write_csv(tmp_path / "m.csv", ["navn;kommune;fødselsår", "Per Kroken;Lysfjord;1997"])
    assert [r.action for r in preview_doctors(no_type, project).rows] == ["finnes alt"]
    new = write_csv(tmp_path / "n.csv", ["navn;kommune;fødselsår", "Ny Lege;Lysfjord;1980"])
    assert preview_doctors(new, project).rows[0].payload.kind == "fastlege"


def test_out_of_range_values_name_the_column(project, tmp_path):
    path = write_csv(
        tmp_path / "l.csv", ["navn;kommune;fødselsår;vaktandel", "A B;Lysfjord;1920;4"]
    )
    got = messages(preview_doctors(path, project))
    assert (2, "fødselsår", "for lav verdi (minst 1930)") in got
    assert (2, "vaktandel", "for høy verdi (høyst 3)") in got


def test_bad_absence_rows(project, tmp_path):
    path = write_xlsx(
        tmp_path / "fravaer.xlsx",
        [
            ["Lege", "Fra", "Til", "Type"],
            ["Kari Nordeng", "01.03.2027", "07.03.2027", "ferie"],
            ["Kari Nordeng", "10.03.2027", "05.03.2027", "ferie"],
            ["Ukjent Lege", "01.03.2027", "02.03.2027", "kurs"],
            ["lege02", "31.02.2027", "2027-03-05", "hjemmekontor"],
            ["Kari Nordeng", "01.03.2027", "07.03.2027", "ferie"],
            ["Ola Hallingset", date(2027, 5, 3), "7.5.27", None],
        ],
    )
    preview = preview_absences(path, project)
    got = messages(preview)
    assert (3, "Til", "til 05.03.2027 er før fra 10.03.2027") in got
    assert (4, "Lege", "ingen lege «Ukjent Lege» i prosjektet") in got
    # a first name or a slip is not taken (a file names the doctor in full), but the likely
    # doctor is named
    slips = preview_absences(write_xlsx(tmp_path / "slips.xlsx", [
        ["Lege", "Fra", "Til", "Type"],
        ["Ola", "01.03.2027", "07.03.2027", "ferie"],
        ["Kari Nordheim", "01.03.2027", "07.03.2027", "ferie"],
    ]), project)
    assert messages(slips) == [
        (2, "Lege", "ingen lege «Ola» i prosjektet — mente du Ola Hallingset (lege02)? Skriv "
                    "hele navnet eller id-en"),
        (3, "Lege", "ingen lege «Kari Nordheim» i prosjektet — mente du Kari Nordeng (lege01)? "
                    "Skriv hele navnet eller id-en")]
    assert (5, "Fra", "«31.02.2027» er ingen gyldig dato") in got
    assert any(r == 5 and c == "Type" and "hjemmekontor" in m for r, c, m in got)
    # the same row twice is taken once (it was an error that stopped the whole import)
    assert not any(r == 6 for r, _c, _m in got)
    assert [(r.row, r.action) for r in preview.rows] == [
        (2, "nytt fravær"), (6, "finnes alt"), (7, "nytt fravær")]
    assert preview.rows[1].text.endswith("(samme som rad 2)")
    ola = preview.rows[2].payload[1]
    assert (ola.start, ola.end, ola.kind) == (date(2027, 5, 3), date(2027, 5, 7), "ferie")
    assert "rad 3, kolonne «Til»: til 05.03.2027 er før fra 10.03.2027" in [
        str(p) for p in preview.problems
    ]


def test_a_date_beyond_the_years_a_project_holds_is_a_row_problem(project, tmp_path):
    """«21.07.2207» (a typo for 2027) is refused for its row and column, in Norwegian: the
    absence could not be saved in a project, so it must not reach the import's last step."""
    path = write_xlsx(tmp_path / "f.xlsx", [["lege", "fra", "til"],
                                            ["Kari Nordeng", "01.07.2027", "21.07.2207"],
                                            ["lege02", "30.12.1899", "02.01.1900"]])
    assert messages(preview_absences(path, project)) == [
        (2, "til", "«21.07.2207»: året 2207 er utenfor 1900–2199; skriv en virkelig dato"),
        (3, "fra", "«30.12.1899»: året 1899 er utenfor 1900–2199; skriv en virkelig dato")]


def test_a_control_character_in_a_name_is_refused_for_its_row(project, tmp_path):
    """A vertical tab inside a name cell (it breaks the Excel export) is a row problem."""
    path = write_csv(tmp_path / "l.csv", ["navn;kommune;fødselsår;id",
                                          "Kari\vNordeng;Lysfjord;1971;lege01"])
    assert messages(preview_doctors(path, project)) == [
        (2, "navn", "har et usynlig kontrolltegn (U+000B, tegn 5); skriv teksten uten det")]


def test_nothing_changes_until_applied_and_stale_preview_refused(project, tmp_path):
    path = write_csv(tmp_path / "f.csv", ["lege;fra;til", "Kari Nordeng;01.06.2027;02.06.2027"])
    before = project.model_dump_json()
    preview = preview_absences(path, project)
    assert preview.ok and project.model_dump_json() == before
    new = apply_import(project, preview)
    assert project.model_dump_json() == before and new is not project
    with pytest.raises(ImportRejected, match="endret"):
        apply_import(new, preview)


def test_windows_1252_csv_with_commas(project, tmp_path):
    path = write_csv(
        tmp_path / "l.csv",
        ["navn,kommune,fødselsår,år som allmennlege", 'Øyvind Å,Lysfjord,1977,"2,5"'],
        encoding="cp1252",
    )
    preview = preview_doctors(path, project)
    assert preview.ok, messages(preview)
    assert preview.rows[0].payload.name == "Øyvind Å"
    assert preview.rows[0].payload.competence.years_allmennlege == 2.5


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_excels_unicode_text_is_read_as_utf_16(project, tmp_path, encoding):
    """Excel's «Unicode-tekst» (.txt) is UTF-16 with a byte order mark, tab-separated; it was
    read as Windows-1252 and every header came out garbled («ÿþn a v n»)."""
    path = tmp_path / "leger.txt"
    text = "navn\tkommune\tfødselsår\r\nÅse Berg\tLysfjord\t1971\r\n"
    if encoding == "utf-16-be":  # "utf-16" writes the byte order mark itself
        text = "\ufeff" + text
    path.write_bytes(text.encode(encoding))
    preview = preview_doctors(path, project)
    assert preview.ok, messages(preview)
    assert preview.rows[0].payload.name == "Åse Berg"


def with_saved_values(path: Path, saved: dict[str, str]) -> Path:
    """The workbook at ``path`` as a spreadsheet program saves it: each formula cell in
    ``saved`` (cell → its sheet XML after the formula) with the value it computed."""
    import re
    import zipfile

    out = path.with_name("saved-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for ref, xml in saved.items():
                    text, n = re.subn(rf'<c r="{ref}"[^>]*>(<f>.*?</f>)<v\s*/>', rf'<c r="{ref}"{xml}', text)
                    assert n == 1, ref
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return out


def test_a_formula_without_a_saved_value_is_named_as_such(project, tmp_path):
    """A workbook made by a program (never opened and saved in Excel) has formulas but no
    values: the cell is not «missing», it holds a formula with no saved value; and an optional
    column's such cell does not silently become the default."""
    path = write_xlsx(tmp_path / "leger.xlsx", [
        ["navn", "kommune", "fødselsår", "vaktandel"],
        ["Ny Lege", "Lysfjord", "=1970+5", "=0.5"],
        ['="Per"', "", 1980, None],
        ["=A2", "=B2", "=C2", "=D2"],
    ])
    formula = ("cellen har en formel uten lagret verdi: åpne filen i Excel og lagre den, eller "
               "skriv inn verdien")
    assert messages(preview_doctors(path, project)) == [
        (2, "fødselsår", formula), (2, "vaktandel", formula),
        (3, "navn", formula), (3, "kommune", "kommunen mangler"),
        (4, "navn", formula), (4, "kommune", formula), (4, "fødselsår", formula),
        (4, "vaktandel", formula)]
    absences = write_xlsx(tmp_path / "fravaer.xlsx", [["lege", "fra", "til", "type"],
                                                      ["Kari Nordeng", "=TODAY()", "", '="kurs"']])
    assert messages(preview_absences(absences, project)) == [
        (2, "fra", formula), (2, "type", formula), (2, "til", "datoen mangler")]

    # saved by Excel: the values count, and a formula that gave an empty text is an empty cell
    saved = with_saved_values(path, {"C2": r">\1<v>1975</v>",
                                     "D2": r' t="str"><f>IF(1=1,"","x")</f><v></v>'})
    got = preview_doctors(saved, project)
    assert [p.row for p in got.problems] == [3, 3, 4, 4, 4, 4]
    assert got.rows[0].payload.birth_year == 1975 and got.rows[0].payload.legevakt_share == 1.0


def test_unreadable_files(project, tmp_path):
    with pytest.raises(ImportRejected, match="finnes ikke"):
        preview_import(tmp_path / "nope.xlsx", project, "doctors")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(ImportRejected, match="ukjent filtype"):
        preview_import(tmp_path / "x.pdf", project, "doctors")
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(ImportRejected, match="kan ikke lese"):
        preview_import(tmp_path / "broken.xlsx", project, "doctors")
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(ImportRejected, match="er ikke en fil"):
        preview_import(tmp_path / "folder.csv", project, "doctors")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tom.csv", b"", "filen er tom"),
        ("blank.csv", b"\r\n;;\r\n", "filen er tom"),
        ("binary.csv", b"navn;kommune\r\n\x81\x8d\x90;x\r\n", "ikke tekst i UTF-8"),
    ],
)
def test_empty_or_binary_csv_is_named_in_norwegian(project, tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ImportRejected) as err:
        preview_import(tmp_path / name, project)
    assert message in str(err.value) and name in str(err.value)


def test_values_without_a_header_are_reported_not_dropped(project, tmp_path):
    """A stray ';' in a CSV row, or a note typed next to the table, is a row-level problem
    naming the spreadsheet column, not a failure of the whole file nor silently ignored."""
    path = write_csv(
        tmp_path / "f.csv",
        ["lege;fra;til", "Kari Nordeng;01.06.2027;02.06.2027;ekstra", "Ola Hallingset;;"],
    )
    got = messages(preview_absences(path, project))
    assert (2, "D", "«ekstra» står i en kolonne uten overskrift") in got
    assert (3, "fra", "datoen mangler") in got
    sheet = write_xlsx(
        tmp_path / "f.xlsx",
        [["lege", "fra", None, "til"], ["Kari Nordeng", "01.06.2027", "husk!", "02.06.2027"]],
    )
    assert messages(preview_absences(sheet, project)) == [
        (2, "C", "«husk!» står i en kolonne uten overskrift")
    ]


def test_empty_first_row_says_where_the_headers_go(project, tmp_path):
    path = write_xlsx(tmp_path / "l.xlsx", [[None, None], ["Lege A", "Lysfjord"]])
    with pytest.raises(ImportRejected, match="rad 1 er tom; overskriftene"):
        preview_import(path, project, "doctors")
    # headers below an empty row are found (see test_a_title_above_the_headers_is_passed_over)
    below = write_xlsx(tmp_path / "under.xlsx", [[None, None], ["navn", "kommune"]])
    assert read_table(below)[0] == ["navn", "kommune"]
    empty = write_xlsx(tmp_path / "tom.xlsx", [])
    with pytest.raises(ImportRejected, match="filen er tom"):
        preview_import(empty, project, "doctors")


def test_a_norwegian_workbook_as_typed_by_hand(project, tmp_path):
    """Numbers typed as numbers or as text with a decimal comma, dates typed as text
    (dd.mm.yyyy) or as real dates, headers with capitals and without æøå: all understood;
    the one bad row is reported, and nothing is imported until every row is right."""
    doctors = write_xlsx(
        tmp_path / "leger.xlsx",
        [
            ["Navn", "KOMMUNE", "Fodselsar", "Stillingsandel", "Ar som allmennlege", "LIS1 fullført"],
            ["Nina Nilsen", "Lysfjord", 1980, 0.8, 2.5, "Ja"],
            ["Odd Olsen", "lysfjord", 1975.0, "80 %", "3,5", "nei"],
            ["Pia Pan", "Lysfjord", "1990", "0,5", "", "kanskje"],
        ],
    )  # fmt: skip
    preview = preview_doctors(doctors, project)
    assert messages(preview) == [(4, "LIS1 fullført", "«kanskje»: skriv ja eller nei")]
    with pytest.raises(ImportRejected):
        apply_import(project, preview)
    nina, odd = (r.payload for r in preview.rows)
    assert (nina.position_share, nina.competence.years_allmennlege) == (0.8, 2.5)
    assert (odd.birth_year, odd.position_share) == (1975, 0.8)
    assert odd.competence.years_allmennlege == 3.5
    assert nina.competence.lis1_completed and not odd.competence.lis1_completed

    absences = write_xlsx(
        tmp_path / "fravaer.xlsx",
        [
            ["Lege", "Fra", "Til", "Type"],
            ["Kari Nordeng", date(2027, 3, 1), "07.03.2027", "Ferie"],
            ["lege02", "1.4.27", date(2027, 4, 2), "KURS"],
        ],
    )
    preview = preview_absences(absences, project)
    assert preview.ok, messages(preview)
    got = [(r.payload[0], r.payload[1].start, r.payload[1].end, r.payload[1].kind)
           for r in preview.rows]  # fmt: skip
    assert got == [
        ("lege01", date(2027, 3, 1), date(2027, 3, 7), "ferie"),
        ("lege02", date(2027, 4, 1), date(2027, 4, 2), "kurs"),
    ]
    new = apply_import(project, preview)
    assert new.doctors[0].unavailable[-1].start == date(2027, 3, 1)


# ------------------------------------------------------------------ cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24.12.2027", date(2027, 12, 24)),
        ("1.5.2027", date(2027, 5, 1)),
        ("01.05.27", date(2027, 5, 1)),
        ("2027-05-17", date(2027, 5, 17)),
        ("17/05/2027", date(2027, 5, 17)),
    ],
)
def test_norwegian_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0,5", 0.5), ("0.5", 0.5), ("80 %", 0.8), ("1 234,5", 1234.5), ("1.234,5", 1234.5), (3, 3.0)],
)
def test_decimal_commas(text, expected):
    assert parse_number(text) == pytest.approx(expected)


# ------------------------------------------------------------------ a QA audit's lists


def test_a_ferie_list_with_fra_og_med_headers_is_read_as_absences(project, tmp_path):
    """«Navn | Fra og med | Til og med | Fraværstype» are the absence columns' own aliases;
    the list was taken for a doctor list («ukjent kolonne «Fra og med»»)."""
    path = write_xlsx(tmp_path / "ferie.xlsx", [
        ["Navn", "Fra og med", "Til og med", "Fraværstype"],
        ["Kari Nordeng", "01.03.2027", "07.03.2027", "ferie"],
    ])
    preview = preview_import(path, project)
    assert preview.kind == "absences" and preview.ok


def test_an_update_keeps_the_saved_name_and_says_what_it_changes(project, tmp_path):
    """Found by its name in other case or spacing, a doctor keeps the name as saved; the
    preview says each change (the command line said only «oppdaterer lege»)."""
    from legevakt_app.export.importer import row_details

    kari = next(d for d in project.doctors if d.name == "Kari Nordeng")
    path = write_xlsx(tmp_path / "leger.xlsx", [
        ["navn", "kommune", "fødselsår", "stillingsandel"],
        ["kari  NORDENG", "", 1970, "80"],  # «80» without the sign is 80 %
    ])
    preview = preview_doctors(path, project)
    assert preview.ok, messages(preview)
    (row,) = preview.rows
    assert row.action == "oppdaterer lege"
    doctor = row.payload
    assert (doctor.name, doctor.kommune) == ("Kari Nordeng", kari.kommune)  # empty: kept
    assert doctor.position_share == 0.8
    assert doctor.practice_hours_per_week == 39.2  # 49 t × 0,8, as the Leger table does
    assert row_details(preview, project)[2] == (
        f"endrer fødselsår {kari.birth_year} → 1970, stillingsandel 100 % → 80 %, "
        "praksistimer per uke 49 → 39,2")


def test_a_new_doctor_without_competence_facts_is_said_to_need_bakvakt(project, tmp_path):
    from legevakt_app.export.importer import row_details

    path = write_xlsx(tmp_path / "leger.xlsx", [
        ["navn", "kommune", "fødselsår", "vaktandel", "kliniske måneder", "legevakter"],
        ["Ny Lege", "Lysfjord", date(1988, 5, 12), "0,5", None, None],
        ["Erfaren Lege", "Lysfjord", 1975, 1, 120, 300],
    ])
    preview = preview_doctors(path, project)
    assert preview.ok, messages(preview)
    new, seasoned = preview.rows
    assert new.payload.birth_year == 1988  # a birth date in «fødselsår»: its year
    details = row_details(preview, project)
    assert details[new.row].startswith("stilling 100 %, vaktandel 50 %, praksis 49 t/uke; "
                                       "trenger bakvakt (")
    assert details[seasoned.row] == "stilling 100 %, vaktandel 100 %, praksis 49 t/uke"


def test_an_edited_ferie_list_imported_again_extends_the_ferie(project, tmp_path):
    """Jon's ferie 01.02–07.02, then the list again with 01.02–10.02: one ferie 01.02–10.02,
    not two overlapping; a corrected kind changes the kind; one inside is already there."""
    first = write_xlsx(tmp_path / "v1.xlsx", [
        ["Lege", "Fra", "Til", "Type"],
        ["Kari Nordeng", "01.02.2027", "07.02.2027", "ferie"],
        ["Kari Nordeng", "01.03.2027", "02.03.2027", "ferie"],
    ])
    once = apply_import(project, preview_import(first, project))
    second = write_xlsx(tmp_path / "v2.xlsx", [
        ["Lege", "Fra", "Til", "Type"],
        ["Kari Nordeng", "01.02.2027", "10.02.2027", "ferie"],
        ["Kari Nordeng", "01.03.2027", "02.03.2027", "kurs"],
        ["Kari Nordeng", "03.02.2027", "04.02.2027", "ferie"],
    ])
    preview = preview_import(second, once)
    assert [(r.action, r.text) for r in preview.rows] == [
        ("utvider fravær", "Kari Nordeng: ferie 01.02.2027–07.02.2027 → 01.02.2027–10.02.2027"),
        ("endrer type", "Kari Nordeng: 01.03.2027–02.03.2027 ferie → kurs"),
        ("finnes alt", "Kari Nordeng: ferie 03.02.2027–04.02.2027 (innenfor ferie "
                       "01.02.2027–07.02.2027)"),
    ]
    twice = apply_import(once, preview)
    kari = next(d for d in twice.doctors if d.name == "Kari Nordeng")
    before = next(d for d in project.doctors if d.name == "Kari Nordeng").unavailable
    assert [(a.start, a.end, a.kind) for a in kari.unavailable[len(before):]] == [
        (date(2027, 2, 1), date(2027, 2, 10), "ferie"), (date(2027, 3, 1), date(2027, 3, 2), "kurs")]
    assert kari.unavailable[:len(before)] == before  # what was saved before stays as it was


def test_a_title_above_the_headers_is_passed_over(project, tmp_path):
    """The QA audit: a «Legeliste» title in row 1 made the whole file fail («ukjent kolonne
    «Legeliste …»», «kolonnen «navn» mangler»). The headers are found below it, and rows keep
    the numbers Excel shows."""
    path = write_xlsx(tmp_path / "leger.xlsx", [
        ["Legeliste Lysfjord 2027"],
        [None],
        ["navn", "kommune", "fødselsår"],
        ["Ny Lege", "Lysfjord", 1980],
        ["Feil Lege", "Atlantis", 1980],
    ])
    preview = preview_doctors(path, project)
    assert [(r.row, r.action) for r in preview.rows] == [(4, "ny lege")]
    assert [(p.row, p.column) for p in preview.problems] == [(5, "kommune")]


def test_the_words_of_a_real_list_and_a_garbled_encoding(project, tmp_path):
    """«Lysfjord kommune» and «LYSFJORD» are the kommune, «Turnuslege» is a LIS1,
    «Sommerferie» a ferie; a name whose æøå came out as «Ã˜» is refused, not imported so."""
    doctors = write_csv(tmp_path / "leger.csv", [
        "navn;kommune;fødselsår;type", "Ny Lege;Lysfjord kommune;1990;Turnuslege",
        "Andre Lege;LYSFJORD;1980;", "Ã˜ystein Ã…sheim;Lysfjord;1970;"])
    preview = preview_doctors(doctors, project)
    assert [(p.row, p.column) for p in preview.problems] == [(4, "navn")]
    assert "ser ut som feil tegnkoding" in preview.problems[0].message
    absences = write_csv(tmp_path / "ferie.csv", [
        "lege;fra;til;type", "Kari Nordeng;01.07.2027;21.07.2027;Sommerferie",
        "Kari Nordeng;01.03.2027;01.03.2027;avspasering",
        "Kari Nordeng;08.03.2027;12.03.2027;Sykdom", "Kari Nordeng;15.03.2027;15.03.2027;syk"])
    # illness is «annet»: the kind is kept, the reason is not
    assert [r.payload[1].kind for r in preview_absences(absences, project).rows] == [
        "ferie", "annet", "annet", "annet"]
    fixed = write_csv(tmp_path / "leger2.csv", ["navn;kommune;fødselsår;type",
                                                "Ny Lege;Lysfjord kommune;1990;Turnuslege"])
    (row,) = preview_doctors(fixed, project).rows
    assert (row.payload.kommune, row.payload.kind) == ("Lysfjord", "lis1")


def test_a_whole_ferie_list_imported_with_replace_shortens_and_cancels(project, tmp_path):
    """The HR list, re-imported as the whole list («--replace»): Kari's summer ferie is now a
    week shorter and her winter ferie (22.–28.02, saved) is cancelled; her kurs, another
    kind, and Ola, not in the file, stay. Without replace the same file changes nothing (a
    shorter ferie lies inside the saved one)."""
    from legevakt_app.domain import Absence

    kari = project.doctors[0]  # the period: 04.01–04.07.2027
    kari.unavailable.append(Absence(start=date(2027, 6, 7), end=date(2027, 6, 27), kind="ferie"))
    kari.unavailable.append(Absence(start=date(2027, 3, 8), end=date(2027, 3, 9), kind="kurs"))
    path = write_csv(tmp_path / "ferie.csv", ["lege;fra;til;type",
                                              "Kari Nordeng;07.06.2027;20.06.2027;ferie"])
    added_only = preview_absences(path, project)
    assert not added_only.changes
    preview = preview_absences(path, project, replace=True)
    assert [(r.row, r.action, r.text) for r in preview.rows] == [
        (2, "endrer fravær", "Kari Nordeng: ferie 07.06.2027–27.06.2027 → 07.06.2027–20.06.2027"),
        (0, "fjerner fravær", "Kari Nordeng: ferie 22.02.2027–28.02.2027 (står ikke i filen)")]
    assert preview.summary() == "1 fravær klart til import, 1 fravær fjernes"
    updated = apply_import(project, preview)
    assert sorted(updated.doctors[0].unavailable, key=lambda a: a.start) == [
        Absence(start=date(2027, 3, 8), end=date(2027, 3, 9), kind="kurs"),
        Absence(start=date(2027, 6, 7), end=date(2027, 6, 20), kind="ferie")]
    assert updated.doctors[1].unavailable == project.doctors[1].unavailable  # Ola's kurs


def test_replace_keeps_what_lies_outside_the_period(project, tmp_path):
    """A ferie saved from before the period into it: the file (the period's list) without it
    takes away only its days in the period."""
    from legevakt_app.domain import Absence

    kari = project.doctors[0]
    kari.unavailable = [Absence(start=date(2026, 12, 28), end=date(2027, 1, 8), kind="ferie")]
    path = write_csv(tmp_path / "ferie.csv", ["lege;fra;til;type",
                                              "Kari Nordeng;01.03.2027;05.03.2027;ferie"])
    updated = apply_import(project, preview_absences(path, project, replace=True))
    assert sorted(updated.doctors[0].unavailable, key=lambda a: a.start) == [
        Absence(start=date(2026, 12, 28), end=date(2027, 1, 3), kind="ferie"),
        Absence(start=date(2027, 3, 1), end=date(2027, 3, 5), kind="ferie")]
