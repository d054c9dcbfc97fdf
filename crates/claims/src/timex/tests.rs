use super::*;
use jiff::civil::date;

/// (text, value) of every expression found.
fn found(text: &str, dct: Date, language: &str) -> Vec<(String, String)> {
    timexes(text, Some(dct), Some(language))
        .into_iter()
        .map(|t| (t.text, t.value))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn calendar_dates_in_english() {
    let dct = date(1998, 2, 6);
    assert_eq!(
        found(
            "The deal closed Aug. 7, 1998, and again on May 12.",
            dct,
            "en"
        ),
        pairs(&[("Aug. 7, 1998", "1998-08-07"), ("May 12", "1997-05-12")])
    );
    assert_eq!(
        found("Sales rose in July 1997 and in 1990.", dct, "en"),
        pairs(&[("July 1997", "1997-07"), ("1990", "1990")])
    );
    assert_eq!(
        found("It will open in November.", dct, "en"),
        pairs(&[("November", "1998-11")])
    );
    assert!(found("You may go.", dct, "en").is_empty());
    assert!(found("It happened on February 30, 1998.", dct, "en").is_empty());
}

#[test]
fn weekdays_follow_the_tense() {
    let monday = date(1989, 10, 30);
    assert_eq!(
        found("Shares fell Friday.", monday, "en"),
        pairs(&[("Friday", "1989-10-27")])
    );
    assert_eq!(
        found("The board will meet Friday.", monday, "en"),
        pairs(&[("Friday", "1989-11-03")])
    );
    assert_eq!(
        found("He left last Monday and returns next Monday.", monday, "en"),
        pairs(&[("last Monday", "1989-10-23"), ("next Monday", "1989-11-06")])
    );
    assert_eq!(
        found("Talks ended Wednesday night.", monday, "en"),
        pairs(&[("Wednesday night", "1989-10-25")])
    );
}

#[test]
fn relative_references() {
    let dct = date(1989, 10, 26);
    assert_eq!(
        found(
            "Now prices are lower than yesterday and last year.",
            dct,
            "en"
        ),
        pairs(&[
            ("Now", "PRESENT_REF"),
            ("yesterday", "1989-10-25"),
            ("last year", "1988")
        ])
    );
    assert_eq!(
        found(
            "Profit rose in the third quarter from a year earlier.",
            dct,
            "en"
        ),
        pairs(&[
            ("the third quarter", "1989-Q3"),
            ("a year earlier", "1988-Q3")
        ])
    );
    assert_eq!(
        found("It was founded two years ago, early last week.", dct, "en"),
        pairs(&[("two years ago", "1987"), ("early last week", "1989-W42")])
    );
    assert_eq!(
        found("The plan is for the future.", dct, "en"),
        pairs(&[("the future", "FUTURE_REF")])
    );
}

#[test]
fn durations_and_sets() {
    let dct = date(1989, 10, 26);
    assert_eq!(
        found("In the past two months, over five-year terms.", dct, "en"),
        pairs(&[("the past two months", "P2M"), ("five-year", "P5Y")])
    );
    assert_eq!(
        found(
            "Net fell in the first nine months and for years.",
            dct,
            "en"
        ),
        pairs(&[("the first nine months", "P9M"), ("years", "PXY")])
    );
    assert_eq!(
        found("It lasted more than 24 hours.", dct, "en")[0],
        ("more than 24 hours".to_string(), "PT24H".to_string())
    );
    assert_eq!(
        found("They trade daily and every Monday.", dct, "en"),
        pairs(&[("daily", "P1D"), ("every Monday", "XXXX-WXX-1")])
    );
}

#[test]
fn clock_times() {
    let dct = date(1998, 2, 6);
    assert_eq!(
        found("The vote is at 3:30 p.m. and at noon.", dct, "en"),
        pairs(&[
            ("3:30 p.m.", "1998-02-06T15:30"),
            ("noon", "1998-02-06T12:00")
        ])
    );
    assert!(found("The score was 3 to 1.", dct, "en").is_empty());
}

#[test]
fn clock_times_in_words_and_with_seconds() {
    let dct = date(1998, 2, 6);
    let day = "1998-02-06";
    for (text, time) in [
        ("It was seven o'clock.", "T07:00"),
        ("He left at half past eight.", "T08:30"),
        ("It's a quarter past 9pm.", "T21:15"),
        ("It's three quarters past nine.", "T09:45"),
        ("They met 20 minutes past six.", "T06:20"),
        ("It was ten minutes to eight.", "T07:50"),
        ("She called at 8 in the morning.", "T08:00"),
        ("She called at 8 in the evening.", "T20:00"),
        ("The blast came at 7:56:30 p.m.", "T19:56:30"),
        ("The target time is 8.10 pm.", "T20:10"),
        ("We land at seven thirty pm.", "T19:30"),
        ("We land at 8.10 in the evening.", "T20:10"),
    ] {
        let all = found(text, dct, "en");
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        assert_eq!(all[0].1, format!("{day}{time}"), "{text}");
    }
    // A time zone and a following day belong to the time.
    assert_eq!(
        found("The offer runs until 5 p.m. EST, Feb. 9.", dct, "en"),
        pairs(&[("5 p.m. EST, Feb. 9", "1998-02-09T17:00")])
    );
    assert_eq!(
        found(
            "The floor gave way at about 9.40 a.m. on Tuesday.",
            dct,
            "en"
        ),
        pairs(&[("9.40 a.m. on Tuesday", "1998-02-03T09:40")])
    );
    assert_eq!(
        found("On Tuesday, at 9.40 a.m., the floor gave way.", dct, "en"),
        pairs(&[("Tuesday", "1998-02-03"), ("9.40 a.m.", "1998-02-03T09:40")])
    );
    assert_eq!(
        found("It hit at 10 a.m. local time.", dct, "en"),
        pairs(&[("10 a.m. local time", "1998-02-06T10:00")])
    );
    // A count before a part of the day is no time, nor is a bare "ten to eight".
    assert!(found("Troops killed 8 in the morning raid.", dct, "en").is_empty());
    assert!(found("The vote went ten to eight.", dct, "en").is_empty());
    // Spanish, Portuguese and French leads and parts of the day.
    assert_eq!(
        found("Volveré a las 7.", dct, "es"),
        pairs(&[("7", "1998-02-06T07:00")])
    );
    assert_eq!(
        found("Son las 8 de la tarde.", dct, "es"),
        pairs(&[("8 de la tarde", "1998-02-06T20:00")])
    );
    assert_eq!(
        found("Chegou às 9 da noite.", dct, "pt"),
        pairs(&[("9 da noite", "1998-02-06T21:00")])
    );
    assert_eq!(
        found("Il est parti à 8 du matin.", dct, "fr"),
        pairs(&[("8 du matin", "1998-02-06T08:00")])
    );
}

#[test]
fn modifiers_are_kept() {
    let dct = date(1999, 12, 1);
    let all = timexes("It opened in late November.", Some(dct), Some("en"));
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].value, "1999-11");
    assert_eq!(all[0].modifier.as_deref(), Some("END"));
    assert_eq!(all[0].text, "late November");
}

#[test]
fn without_a_reference_day() {
    let all = timexes("They met Friday, on March 3 and in 1998.", None, Some("en"));
    let values: Vec<&str> = all.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["XXXX-WXX-5", "XXXX-03-03", "1998"]);
}

#[test]
fn other_languages() {
    let dct = date(2026, 3, 4);
    assert_eq!(
        found(
            "El martes pasado, el 7 de agosto de 1998 y hace dos años.",
            dct,
            "es"
        ),
        pairs(&[
            ("martes pasado", "2026-03-03"),
            ("7 de agosto de 1998", "1998-08-07"),
            ("hace dos años", "2024")
        ])
    );
    assert_eq!(
        found("Am 7. August 1998 und letzte Woche.", dct, "de"),
        pairs(&[
            ("7. August 1998", "1998-08-07"),
            ("letzte Woche", "2026-W09")
        ])
    );
    assert_eq!(
        found("Le 7 août 1998 et la semaine dernière.", dct, "fr"),
        pairs(&[
            ("7 août 1998", "1998-08-07"),
            ("la semaine dernière", "2026-W09")
        ])
    );
    assert_eq!(
        found("Em 7 de agosto de 1998 e no ano passado.", dct, "pt"),
        pairs(&[
            ("7 de agosto de 1998", "1998-08-07"),
            ("ano passado", "2025")
        ])
    );
}

#[test]
fn spans_index_the_text() {
    let text = "Él llegó ayer — el 3 de marzo — y se irá mañana.";
    for t in timexes(text, Some(date(2026, 3, 4)), Some("es")) {
        assert_eq!(t.span.slice(text), Some(t.text.as_str()));
        assert!(t.sentence.contains(t.span));
    }
}

#[test]
fn months_of_a_named_year() {
    let dct = date(1998, 2, 19);
    assert_eq!(
        found("In July last year Pol Pot was arrested.", dct, "en"),
        pairs(&[("July last year", "1997-07")])
    );
}

#[test]
fn day_mentions_after_an_article_are_nouns() {
    let dct = date(2026, 3, 2);
    // "la mañana" is the morning; "mañana" alone is tomorrow.
    assert!(found("Cantó por la mañana.", dct, "es").is_empty());
    assert_eq!(
        found("Cantará mañana.", dct, "es"),
        pairs(&[("mañana", "2026-03-03")])
    );
}

#[test]
fn anaphoric_dates_centuries_and_extra_counts() {
    let dct = date(1999, 10, 24);
    assert_eq!(
        found(
            "He was killed on Oct. 23, 1999 by a sniper. Earlier that day, the family sent a fax.",
            dct,
            "en"
        ),
        pairs(&[
            ("Oct. 23, 1999", "1999-10-23"),
            ("Earlier that day", "1999-10-23")
        ])
    );
    assert_eq!(
        found(
            "She fled in June 1998 and returned later that year.",
            dct,
            "en"
        ),
        pairs(&[("June 1998", "1998-06"), ("later that year", "1998")])
    );
    // Without a date named before, "that year" is left.
    assert!(found("That year was hard.", dct, "en").is_empty());
    assert_eq!(
        found("the 11th century temple of the 20th century", dct, "en"),
        pairs(&[("11th century", "10"), ("20th century", "19")])
    );
    assert_eq!(
        found(
            "It stays for two more weeks and an additional year.",
            dct,
            "en"
        ),
        pairs(&[("two more weeks", "P2W"), ("an additional year", "P1Y")])
    );
    // A part of the day after "mid" or "late": of the day named after it, else of today.
    assert_eq!(
        found(
            "Shares fell by mid-afternoon yesterday and late morning.",
            dct,
            "en"
        ),
        pairs(&[
            ("mid-afternoon yesterday", "1999-10-23TAF"),
            ("late morning", "1999-10-24TMO")
        ])
    );
    // "May" after a word is the month even before a lower-case word.
    assert_eq!(
        found(
            "The company disclosed in May that it was approached.",
            dct,
            "en"
        ),
        pairs(&[("May", "1999-05")])
    );
}

#[test]
fn days_after_on_and_numeric_dates_with_a_comma() {
    let dct = date(2016, 11, 7);
    assert_eq!(
        found("I'll go back on 15.", dct, "en"),
        pairs(&[("15", "2016-11-15")])
    );
    assert_eq!(
        found("They met on 4-22, and again on 4.25.", dct, "en"),
        pairs(&[("4-22", "2016-04-22"), ("4.25", "2016-04-25")])
    );
    assert!(
        found(
            "It traded on 4.22 million shares and on 15 counts.",
            dct,
            "en"
        )
        .is_empty()
    );
    assert_eq!(
        found("I'll go back 08/12,2015", dct, "en"),
        pairs(&[("08/12,2015", "2015-08-12")])
    );
}

#[test]
fn a_couple_is_two() {
    let dct = date(1998, 2, 6);
    assert_eq!(
        found("The plant will close for a couple of years.", dct, "en"),
        pairs(&[("a couple of years", "P2Y")])
    );
}

#[test]
fn weekday_tense_beyond_the_nearest_cue() {
    let wednesday = date(1989, 11, 1);
    // An evening keeps its part of the day.
    assert_eq!(
        found("Talks ended Monday evening.", wednesday, "en"),
        pairs(&[("Monday evening", "1989-10-30TEV")])
    );
    // A plan seen from the past ("had been due to") is past.
    assert_eq!(
        found(
            "The offer had been due to expire Friday, but it was extended.",
            wednesday,
            "en"
        ),
        pairs(&[("Friday", "1989-10-27")])
    );
    // "could" is as often the past of "can" as a future.
    assert_eq!(
        found("Officials could not find him Tuesday.", wednesday, "en"),
        pairs(&[("Tuesday", "1989-10-31")])
    );
    // A day after a time given again in brackets.
    let saturday = date(1998, 8, 8);
    assert_eq!(
        found(
            "The fire started at 10:35 a.m. (0735 GMT) Friday.",
            saturday,
            "en"
        ),
        pairs(&[("10:35 a.m.", "1998-08-07T10:35"), ("Friday", "1998-08-07")])
    );
}

#[test]
fn the_following_year_counts_from_a_named_day() {
    let dct = date(1998, 4, 18);
    assert_eq!(
        found(
            "She joined on May 22, 1995, and the following year she was promoted.",
            dct,
            "en"
        ),
        pairs(&[
            ("May 22, 1995", "1995-05-22"),
            ("the following year", "1996")
        ])
    );
}

#[test]
fn ages_are_not_lengths() {
    let dct = date(1989, 11, 1);
    assert!(found("Mr. Smith, 52 years old, will retire.", dct, "en").is_empty());
}

#[test]
fn counts_later_are_lengths() {
    let dct = date(1998, 4, 18);
    assert_eq!(
        found(
            "The plant closed, and three days later it reopened.",
            dct,
            "en"
        ),
        pairs(&[("three days", "P3D")])
    );
}

#[test]
fn words_that_only_look_like_times() {
    let dct = date(1989, 11, 1);
    assert!(found("He won a second round.", dct, "en").is_empty());
    assert_eq!(
        found("Wait a second.", dct, "en"),
        pairs(&[("a second", "PT1S")])
    );
    assert!(
        found(
            "The town imports about three quarters of its food.",
            dct,
            "en"
        )
        .is_empty()
    );
    assert!(
        found(
            "He said on \"This Week\" that he had watched \"60 Minutes\" and \"High Noon.\"",
            dct,
            "en"
        )
        .is_empty()
    );
    assert!(found("Police watched this march closely.", dct, "en").is_empty());
}

#[test]
fn each_month_is_a_set() {
    let dct = date(1989, 11, 1);
    assert_eq!(
        found("Crowds gather in the square each July.", dct, "en"),
        pairs(&[("each July", "XXXX-07")])
    );
}

#[test]
fn spoken_years_after_a_month_or_season() {
    let dct = date(1998, 2, 23);
    assert_eq!(
        found(
            "Prices fell in January nineteen ninety-seven and in the winter of nineteen ninety-four.",
            dct,
            "en"
        ),
        pairs(&[
            ("January nineteen ninety-seven", "1997-01"),
            ("the winter of nineteen ninety-four", "1994-WI")
        ])
    );
}

#[test]
fn election_day_is_the_tuesday_after_the_first_monday_of_november() {
    let dct = date(2002, 10, 20);
    assert_eq!(
        found(
            "The race is going to stay close until Election Day.",
            dct,
            "en"
        ),
        pairs(&[("Election Day", "2002-11-05")])
    );
}
