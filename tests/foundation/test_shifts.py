"""Expanding shift templates: DST nights, Easter and Christmas, weekend templates, blocks."""

from datetime import date

from legevakt_app.calendar import high_day_group, holiday_names, is_high_day
from legevakt_app.domain import Rules, ShiftTemplate
from legevakt_app.shifts import expand_template

RULES = Rules()


def tpl(**kw):
    base = dict(id="natt", name="Natt", station="sentral", kind="night",
                weekdays=[0, 1, 2, 3, 4, 5, 6], start="23:00", end="08:00", end_day_offset=1)
    base.update(kw)
    return ShiftTemplate(**base)


def by_day(shifts):
    return {s.day: s for s in shifts}


def test_night_into_spring_dst_is_one_hour_shorter():
    shifts = by_day(expand_template(tpl(), date(2027, 3, 26), date(2027, 3, 29), RULES))
    assert shifts[date(2027, 3, 26)].hours == 9.0
    assert shifts[date(2027, 3, 27)].hours == 8.0  # clocks go forward 28 March 02:00
    assert shifts[date(2027, 3, 28)].hours == 9.0


def test_night_into_autumn_dst_is_one_hour_longer():
    shifts = by_day(expand_template(tpl(), date(2027, 10, 30), date(2027, 10, 31), RULES))
    assert shifts[date(2027, 10, 30)].hours == 10.0


def test_holiday_runs_as_a_sunday_by_default():
    weekday_evening = tpl(id="kveld", kind="evening", weekdays=[0, 1, 2, 3, 4],
                          start="16:00", end="23:00", end_day_offset=0)
    sunday_day = tpl(id="helg", kind="day", weekdays=[5, 6], start="08:00", end="16:00",
                     end_day_offset=0)
    easter = (date(2027, 3, 25), date(2027, 3, 29))  # Skjærtorsdag .. 2. påskedag
    evenings = by_day(expand_template(weekday_evening, *easter, RULES))
    days = by_day(expand_template(sunday_day, *easter, RULES))
    # Thu 25, Fri 26 and Mon 29 March are holidays: no weekday evening, a Sunday day shift.
    assert set(evenings) == set()
    assert set(days) == {date(2027, 3, d) for d in (25, 26, 27, 28, 29)}
    assert all(s.holiday and s.high_day for d, s in days.items() if d.day != 27)
    # påskeaften is no public holiday, but a høytid like the rest of Easter
    assert not days[date(2027, 3, 27)].holiday and days[date(2027, 3, 27)].high_day
    assert days[date(2027, 3, 27)].high_day_name == "påske"


def test_christmas_eve_and_new_years_eve_are_holidays():
    names = holiday_names(date(2027, 12, 20), date(2028, 1, 2))
    assert names[date(2027, 12, 24)] == "Julaften"
    assert names[date(2027, 12, 31)] == "Nyttårsaften"
    assert date(2027, 12, 25) in names and date(2028, 1, 1) in names
    assert high_day_group(date(2027, 12, 24)) == "jul"
    assert high_day_group(date(2027, 12, 31)) == "nyttår"


def test_hoytid_excludes_1_may_and_ascension_day():
    assert is_high_day(date(2027, 5, 17))
    assert high_day_group(date(2027, 5, 16)) == "pinse"  # 1. pinsedag 2027
    assert not is_high_day(date(2027, 5, 1))
    assert not is_high_day(date(2027, 5, 6))  # Kristi himmelfartsdag 2027
    assert not is_high_day(date(2027, 5, 5))


def test_skip_policy_leaves_holidays_out_and_normal_keeps_the_weekday():
    skip = by_day(expand_template(tpl(holiday_policy="skip"), date(2027, 12, 24),
                                  date(2027, 12, 27), RULES))
    assert date(2027, 12, 24) not in skip and date(2027, 12, 27) in skip
    fri_only = tpl(weekdays=[4], holiday_policy="normal")
    normal = by_day(expand_template(fri_only, date(2027, 12, 20), date(2027, 12, 26), RULES))
    assert list(normal) == [date(2027, 12, 24)]


def test_weekend_template_friday_to_monday():
    weekend = tpl(id="helg", kind="weekend", weekdays=[4], start="16:00", end="08:00",
                  end_day_offset=3, on_site=False)
    shifts = expand_template(weekend, date(2027, 1, 4), date(2027, 1, 17), RULES)
    assert [s.day for s in shifts] == [date(2027, 1, 8), date(2027, 1, 15)]
    first = shifts[0]
    assert first.hours == 64.0
    assert first.weekend and first.night and not first.on_site
    assert first.end.date() == date(2027, 1, 11)


def test_flags_for_evening_and_night():
    evening = tpl(id="kveld", kind="evening", weekdays=[0, 4], start="16:00", end="23:00",
                  end_day_offset=0)
    shifts = by_day(expand_template(evening, date(2027, 1, 4), date(2027, 1, 8), RULES))
    assert not shifts[date(2027, 1, 4)].night and not shifts[date(2027, 1, 4)].weekend
    assert shifts[date(2027, 1, 8)].weekend  # Friday from 16:00 counts as weekend
    night = by_day(expand_template(tpl(), date(2027, 1, 4), date(2027, 1, 4), RULES))
    assert night[date(2027, 1, 4)].night


def test_week_block_groups_a_stations_shifts_by_iso_week():
    week = tpl(block="week", start="16:00")
    shifts = expand_template(week, date(2027, 1, 4), date(2027, 1, 17), RULES)
    blocks = {s.block for s in shifts}
    assert blocks == {"sentral:uke-2027-W01", "sentral:uke-2027-W02"}


def test_holiday_and_weekend_weights_multiply_the_template_weight():
    rules = Rules(holiday_weight=2.0, weekend_weight=1.5)
    day = tpl(id="dag", kind="day", start="08:00", end="16:00", end_day_offset=0, weight=1.2)
    shifts = by_day(expand_template(day, date(2027, 5, 14), date(2027, 5, 17), rules))
    assert shifts[date(2027, 5, 14)].weight == 1.2  # Friday 08–16 is not weekend
    assert shifts[date(2027, 5, 15)].weight == 1.2 * 1.5
    assert shifts[date(2027, 5, 17)].weight == 1.2 * 2.0


def test_each_høytid_shift_knows_which_høytid_it_is():
    # the ledger's "who had Christmas" needs the høytid of every shift: a night starting on
    # Christmas Eve is Christmas, one starting on 27 December is no høytid at all
    nights = by_day(expand_template(tpl(), date(2027, 12, 23), date(2028, 1, 1), RULES))
    assert nights[date(2027, 12, 23)].high_day_name == ""
    assert {nights[date(2027, 12, d)].high_day_name for d in (24, 25, 26)} == {"jul"}
    assert nights[date(2027, 12, 27)].high_day_name == ""
    assert nights[date(2027, 12, 31)].high_day_name == nights[date(2028, 1, 1)].high_day_name == "nyttår"
    easter = by_day(expand_template(tpl(), date(2027, 3, 25), date(2027, 3, 29), RULES))
    # påskeaften too: no public holiday, but the Easter everybody wants off
    assert {s.high_day_name for s in easter.values()} == {"påske"}


def test_a_new_projects_period_is_the_next_half_year_from_its_first_monday():
    from datetime import date

    from legevakt_app.calendar import next_half_year

    assert next_half_year(date(2026, 11, 27)) == (date(2027, 1, 4), date(2027, 7, 4))
    assert next_half_year(date(2027, 1, 2)) == (date(2027, 7, 5), date(2028, 1, 2))
    assert next_half_year(date(2027, 6, 30)) == (date(2027, 7, 5), date(2028, 1, 2))
    assert next_half_year(date(2027, 7, 1)) == (date(2028, 1, 3), date(2028, 7, 2))
    assert next_half_year(date(2029, 12, 31)) == (date(2030, 1, 7), date(2030, 7, 7))


def test_a_holiday_vakttype_runs_on_the_holidays_among_its_days_and_on_no_other_day():
    """«Bare på helligdager»: a day vakt 08–16 man–fre for the holidays the practices are
    closed (a helgevakt fre–man has the weekend's): Easter's weekdays, Kristi himmelfart and
    17. mai in the spring of 2027; not the Saturday 1. mai, not an ordinary Tuesday."""
    from legevakt_app.calendar import is_holiday

    day = tpl(id="hdag", kind="day", weekdays=[0, 1, 2, 3, 4], start="08:00", end="16:00",
              end_day_offset=0, holiday_policy="only")
    start, end = date(2027, 1, 4), date(2027, 7, 4)
    days = sorted(s.day for s in expand_template(day, start, end, RULES))
    assert days == [date(2027, 3, 25), date(2027, 3, 26), date(2027, 3, 29),
                    date(2027, 5, 6), date(2027, 5, 17)]
    assert all(is_holiday(d) for d in days) and is_holiday(date(2027, 5, 1))


def test_a_holiday_vakttype_closes_the_holes_a_weekend_vakt_leaves():
    """The QA's district: vakter man–tor and a helgevakt from Friday, none on holidays (the
    weekend vakter «Ingen vakt» on a holiday): Kontroll lists holes on the weekday holidays;
    one vakttype «Bare på helligdager» for the whole day closes them all and adds nothing on
    an ordinary day."""
    from legevakt_app.coverage import coverage_gaps
    from legevakt_app.project_io import load_project
    from legevakt_app.shifts import expand_shifts
    from tests.conftest import SAMPLES

    project = load_project(SAMPLES["liten-kommune"])
    for t in project.templates:
        if t.id.startswith("helg"):
            t.holiday_policy = "skip"
    gaps = coverage_gaps(project)
    assert {g.day for g in gaps} >= {date(2027, 3, 25), date(2027, 5, 17)}
    station = project.templates[0].station
    before = len(expand_shifts(project))
    project.templates += [
        tpl(id="hdag", name="Helligdag dag", station=station, kind="day", start="08:00",
            end="16:00", end_day_offset=0, holiday_policy="only"),
        tpl(id="hnatt", name="Helligdag natt", station=station, kind="night", start="16:00",
            end="08:00", end_day_offset=1, holiday_policy="only")]
    assert coverage_gaps(project) == []
    holidays = {g.day for g in gaps}
    added = [s for s in expand_shifts(project) if s.template in ("hdag", "hnatt")]
    assert {s.day for s in added} == holidays and len(expand_shifts(project)) == before + len(added)


def test_the_days_a_vakt_continues_are_those_it_runs_through_at_noon():
    """A helgevakt fre 16 – man 08 continues Saturday and Sunday (a calendar shows it there);
    a night 16–08 continues nowhere; an ukevakt man 08 – man 08 the six days after its first."""
    from legevakt_app.shifts import continued_days

    helg = tpl(id="helg", kind="dogn", weekdays=[4], start="16:00", end="08:00",
               end_day_offset=3)
    [friday] = expand_template(helg, date(2027, 1, 4), date(2027, 1, 10), RULES)
    assert continued_days(friday) == [date(2027, 1, 9), date(2027, 1, 10)]
    night = tpl(start="16:00", end="08:00")
    assert all(continued_days(s) == []
               for s in expand_template(night, date(2027, 1, 4), date(2027, 1, 10), RULES))
    week = tpl(id="uke", kind="dogn", weekdays=[0], start="08:00", end="08:00", end_day_offset=7)
    [monday] = expand_template(week, date(2027, 1, 4), date(2027, 1, 10), RULES)
    assert continued_days(monday) == [date(2027, 1, d) for d in range(5, 11)]
