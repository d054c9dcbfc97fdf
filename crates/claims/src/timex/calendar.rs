//! Calendar arithmetic and TIMEX3 value formatting, on jiff dates.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

/// How fine a resolved date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Point {
    Day(Date),
    Week(i16, i8),
    Month(i16, i8),
    Quarter(i16, i8),
    Half(i16, i8),
    Season(i16, &'static str),
    Year(i16),
    /// A decade as its first three digits: 199 for the 1990s.
    Decade(i16),
    /// A century as its first two digits: 19 for the 1900s.
    Century(i16),
}

/// The unit of a duration or a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Year,
    Quarter,
    Month,
    Week,
    Weekend,
    Day,
    Hour,
    Minute,
    Second,
    Decade,
    Century,
    Half,
}

impl Unit {
    pub fn parse(code: &str) -> Option<Unit> {
        Some(match code {
            "Y" => Unit::Year,
            "Q" => Unit::Quarter,
            "M" => Unit::Month,
            "W" => Unit::Week,
            "WE" => Unit::Weekend,
            "D" => Unit::Day,
            "H" => Unit::Hour,
            "MIN" => Unit::Minute,
            "S" => Unit::Second,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            "HALF" => Unit::Half,
            _ => return None,
        })
    }

    /// The letter of a TIMEX3 duration, and whether it goes after the `T`.
    fn duration_code(self) -> (&'static str, bool) {
        match self {
            Unit::Year => ("Y", false),
            Unit::Quarter => ("Q", false),
            Unit::Month => ("M", false),
            Unit::Week => ("W", false),
            Unit::Weekend => ("WE", false),
            Unit::Day => ("D", false),
            Unit::Hour => ("H", true),
            Unit::Minute => ("M", true),
            Unit::Second => ("S", true),
            Unit::Decade => ("DE", false),
            Unit::Century => ("CE", false),
            Unit::Half => ("H", false),
        }
    }
}

/// A TIMEX3 duration value: `P3D`, `PT2H`, `PXY` when the amount is unknown.
pub(crate) fn duration(amount: Option<f64>, unit: Unit) -> String {
    // Decades and centuries are written in years when the amount is known ("P20Y").
    let (amount, unit) = match (amount, unit) {
        (Some(n), Unit::Decade) => (Some(n * 10.0), Unit::Year),
        (Some(n), Unit::Century) => (Some(n * 100.0), Unit::Year),
        other => other,
    };
    let (code, time) = unit.duration_code();
    let amount = match amount {
        Some(n) if (0.0..1e9).contains(&n) => {
            if n.fract() == 0.0 {
                format!("{}", n as u64)
            } else {
                format!("{n}")
            }
        }
        _ => "X".to_string(),
    };
    format!("P{}{amount}{code}", if time { "T" } else { "" })
}

/// A fractional amount as whole units and a count of the next smaller unit, when that count
/// is whole: 2 1/2 years are `P2Y6M`, 5 1/2 hours `PT5H30M`, 1 1/2 days `P1DT12H`.
pub(crate) fn with_smaller_unit(n: f64, unit: Unit) -> Option<String> {
    if n.fract() == 0.0 || !(0.0..1e9).contains(&n) {
        return None;
    }
    let (smaller, per) = match unit {
        Unit::Year => (Unit::Month, 12.0),
        Unit::Day => (Unit::Hour, 24.0),
        Unit::Hour => (Unit::Minute, 60.0),
        Unit::Minute => (Unit::Second, 60.0),
        _ => return None,
    };
    let part = n.fract() * per;
    if part.fract() != 0.0 {
        return None;
    }
    let (whole, part) = (n.trunc() as u64, part as u64);
    let (code, time) = unit.duration_code();
    let (small_code, small_time) = smaller.duration_code();
    let head = if time { "PT" } else { "P" };
    let joint = if small_time && !time { "T" } else { "" };
    Some(if whole == 0 {
        let head = if small_time { "PT" } else { "P" };
        format!("{head}{part}{small_code}")
    } else {
        format!("{head}{whole}{code}{joint}{part}{small_code}")
    })
}

fn year_text(year: i16) -> String {
    format!("{year:04}")
}

/// The TIMEX3 value of a point.
pub(crate) fn format(point: Point) -> String {
    match point {
        Point::Day(d) => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        Point::Week(y, w) => format!("{}-W{w:02}", year_text(y)),
        Point::Month(y, m) => format!("{}-{m:02}", year_text(y)),
        Point::Quarter(y, q) => format!("{}-Q{q}", year_text(y)),
        Point::Half(y, h) => format!("{}-H{h}", year_text(y)),
        Point::Season(y, s) => format!("{}-{s}", year_text(y)),
        Point::Year(y) => year_text(y),
        Point::Decade(d) => format!("{d:03}"),
        Point::Century(c) => format!("{c:02}"),
    }
}

/// True when a year can be written as a TIMEX3 value.
pub(crate) fn plausible_year(year: i64) -> bool {
    (1..=9999).contains(&year)
}

/// The ISO week of a day.
pub(crate) fn week_of(day: Date) -> Point {
    let iso = day.iso_week_date();
    Point::Week(iso.year(), iso.week())
}

pub(crate) fn quarter_of(day: Date) -> i8 {
    (day.month() - 1) / 3 + 1
}

/// Moves a point by `n` of `unit`, keeping the point's own grain when it is coarser than a
/// day ("a year earlier" than 1989-Q3 is 1988-Q3).
pub(crate) fn shift(point: Point, n: i64, unit: Unit) -> Option<Point> {
    let months = match unit {
        Unit::Year => n.checked_mul(12)?,
        Unit::Half => n.checked_mul(6)?,
        Unit::Quarter => n.checked_mul(3)?,
        Unit::Month => n,
        Unit::Decade => n.checked_mul(120)?,
        Unit::Century => n.checked_mul(1200)?,
        Unit::Week | Unit::Weekend | Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
            let days = match unit {
                Unit::Week | Unit::Weekend => n.checked_mul(7)?,
                Unit::Day => n,
                _ => 0,
            };
            return match point {
                Point::Day(d) => d.checked_add(days.days()).ok().map(Point::Day),
                Point::Week(y, w) => {
                    let monday = jiff::civil::ISOWeekDate::new(y, w, Weekday::Monday).ok()?;
                    let moved = monday.date().checked_add(days.days()).ok()?;
                    Some(week_of(moved))
                }
                _ => None,
            };
        }
    };
    let months_of = |y: i16, m: i8| i64::from(y) * 12 + i64::from(m) - 1 + months;
    let split = |total: i64| -> Option<(i16, i8)> {
        let year = total.div_euclid(12);
        plausible_year(year).then_some((year as i16, (total.rem_euclid(12) + 1) as i8))
    };
    Some(match point {
        Point::Day(d) => {
            let (y, m) = split(months_of(d.year(), d.month()))?;
            let last = Date::new(y, m, 1).ok()?.days_in_month();
            Point::Day(Date::new(y, m, d.day().min(last)).ok()?)
        }
        Point::Week(y, w) => {
            let monday = jiff::civil::ISOWeekDate::new(y, w, Weekday::Monday).ok()?;
            let (y, m) = split(months_of(monday.date().year(), monday.date().month()))?;
            week_of(Date::new(y, m, monday.date().day().min(28)).ok()?)
        }
        Point::Month(y, m) => {
            let (y, m) = split(months_of(y, m))?;
            Point::Month(y, m)
        }
        Point::Quarter(y, q) => {
            let (y, m) = split(months_of(y, (q - 1) * 3 + 1))?;
            Point::Quarter(y, (m - 1) / 3 + 1)
        }
        Point::Half(y, h) => {
            let (y, m) = split(months_of(y, (h - 1) * 6 + 1))?;
            Point::Half(y, (m - 1) / 6 + 1)
        }
        Point::Season(y, s) => Point::Season(split(months_of(y, 1))?.0, s),
        Point::Year(y) => Point::Year(split(months_of(y, 1))?.0),
        Point::Decade(d) => Point::Decade(i16::try_from(i64::from(d) + months / 120).ok()?),
        Point::Century(c) => Point::Century(i16::try_from(i64::from(c) + months / 1200).ok()?),
    })
}

/// The point of grain `unit` holding `day`.
pub(crate) fn containing(day: Date, unit: Unit) -> Point {
    match unit {
        Unit::Year => Point::Year(day.year()),
        Unit::Half => Point::Half(day.year(), if day.month() <= 6 { 1 } else { 2 }),
        Unit::Quarter => Point::Quarter(day.year(), quarter_of(day)),
        Unit::Month => Point::Month(day.year(), day.month()),
        Unit::Week | Unit::Weekend => week_of(day),
        Unit::Decade => Point::Decade(day.year() / 10),
        Unit::Century => Point::Century(day.year() / 100),
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => Point::Day(day),
    }
}

/// The weekday `weekday` nearest to `reference` in the direction `direction`: -1 on or before,
/// 1 on or after; `strict` leaves out the reference day itself.
pub(crate) fn weekday_near(reference: Date, weekday: Weekday, direction: i8, strict: bool) -> Date {
    let from = i64::from(reference.weekday().to_monday_zero_offset());
    let to = i64::from(weekday.to_monday_zero_offset());
    let mut delta = if direction < 0 {
        -(from - to).rem_euclid(7)
    } else {
        (to - from).rem_euclid(7)
    };
    if strict && delta == 0 {
        delta = if direction < 0 { -7 } else { 7 };
    }
    reference.checked_add(delta.days()).unwrap_or(reference)
}

/// Easter Sunday of a year (the Gregorian computus).
pub(crate) fn easter(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// The `n`-th `weekday` of a month (n = -1 for the last one).
pub(crate) fn nth_weekday(year: i16, month: i8, weekday: Weekday, n: i8) -> Option<Date> {
    let first = Date::new(year, month, 1).ok()?;
    first.nth_weekday_of_month(n, weekday).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn formats_values() {
        assert_eq!(format(Point::Day(date(1998, 8, 7))), "1998-08-07");
        assert_eq!(format(Point::Week(1998, 6)), "1998-W06");
        assert_eq!(format(Point::Quarter(1989, 3)), "1989-Q3");
        assert_eq!(format(Point::Decade(199)), "199");
        assert_eq!(duration(Some(2.0), Unit::Month), "P2M");
        assert_eq!(duration(Some(24.0), Unit::Hour), "PT24H");
        assert_eq!(duration(None, Unit::Year), "PXY");
        assert_eq!(duration(Some(1.5), Unit::Year), "P1.5Y");
    }

    #[test]
    fn shifts_keep_the_grain() {
        assert_eq!(
            shift(Point::Quarter(1989, 3), -1, Unit::Year),
            Some(Point::Quarter(1988, 3))
        );
        assert_eq!(
            shift(Point::Quarter(1989, 1), -1, Unit::Quarter),
            Some(Point::Quarter(1988, 4))
        );
        assert_eq!(
            shift(Point::Day(date(2024, 3, 31)), -1, Unit::Month),
            Some(Point::Day(date(2024, 2, 29)))
        );
        assert_eq!(
            shift(Point::Day(date(1998, 1, 1)), -1, Unit::Day),
            Some(Point::Day(date(1997, 12, 31)))
        );
        assert_eq!(shift(Point::Year(9999), 1, Unit::Year), None);
        assert_eq!(shift(Point::Year(2000), i64::MAX, Unit::Year), None);
    }

    #[test]
    fn finds_weekdays_and_feasts() {
        let monday = date(1989, 10, 30);
        assert_eq!(
            weekday_near(monday, Weekday::Friday, -1, false),
            date(1989, 10, 27)
        );
        assert_eq!(weekday_near(monday, Weekday::Monday, -1, false), monday);
        assert_eq!(
            weekday_near(monday, Weekday::Monday, 1, true),
            date(1989, 11, 6)
        );
        assert_eq!(easter(2024), Some(date(2024, 3, 31)));
        assert_eq!(
            nth_weekday(1999, 11, Weekday::Thursday, 4),
            Some(date(1999, 11, 25))
        );
    }
}
