#![allow(clippy::unwrap_used)]

use cluster::{Assignment, ClusterConfig, ClusterDoc, Clusterer, cluster};

struct Owned {
    title: String,
    text: String,
    published_at: Option<jiff::Timestamp>,
    language: String,
}

fn sample() -> Vec<Owned> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/jsonl/coverage.jsonl");
    let mut docs: Vec<Owned> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            Owned {
                title: v["title"].as_str().unwrap().into(),
                text: v["text"].as_str().unwrap().into(),
                published_at: v["published_at"].as_str().map(|p| p.parse().unwrap()),
                language: v["lang"].as_str().unwrap().into(),
            }
        })
        .collect();
    docs.sort_by_key(|d| d.published_at);
    docs
}

fn as_docs(owned: &[Owned]) -> Vec<ClusterDoc<'_>> {
    owned
        .iter()
        .map(|d| ClusterDoc {
            title: &d.title,
            text: &d.text,
            published_at: d.published_at,
            language: Some(&d.language),
        })
        .collect()
}

#[test]
fn sample_coverage_is_one_story_plus_the_unrelated_one() {
    let owned = sample();
    let docs = as_docs(&owned);
    let result = cluster(&docs, &ClusterConfig::default());
    let tram = owned
        .iter()
        .position(|d| d.title.to_lowercase().contains("tram"))
        .unwrap();
    for (i, story) in result.story_of.iter().enumerate() {
        if i == tram {
            assert_ne!(
                *story, result.story_of[0],
                "the tram article joined the flood story"
            );
        } else {
            assert_eq!(
                *story, result.story_of[0],
                "{} left the flood story",
                owned[i].title
            );
        }
    }
    assert_eq!(result.story_count(), 2);
    assert_eq!(result.duplicate_of[..3], [None, Some(0), Some(0)]);
    assert!(
        result.duplicate_of[3..].iter().all(Option::is_none),
        "{:?}",
        result.duplicate_of
    );
}

#[test]
fn same_input_same_partition() {
    let owned = sample();
    let docs = as_docs(&owned);
    let config = ClusterConfig::default();
    assert_eq!(cluster(&docs, &config), cluster(&docs, &config));
}

/// Small documents drawn from a few overlapping vocabularies, so that stories, copies and
/// near misses all occur.
fn arbitrary_stream()
-> impl proptest::strategy::Strategy<Value = Vec<(String, String, i64, String)>> {
    use proptest::prelude::*;
    let word = prop::sample::select(vec![
        "flood", "river", "Veska", "dam", "rescue", "12", "2,000", "council", "tram", "budget",
        "Ortiz", "vote", "storm", "harbour", "fire", "police", "Lisbon", "Aldmere", "40", "57",
    ]);
    let text = prop::collection::vec(word.clone(), 0..40).prop_map(|w| w.join(" "));
    let title = prop::collection::vec(word, 0..6).prop_map(|w| w.join(" "));
    let language = prop::sample::select(vec!["en", "es", "de"]).prop_map(String::from);
    prop::collection::vec((title, text, 0i64..30, language), 0..60)
}

fn docs_of(stream: &[(String, String, i64, String)]) -> Vec<ClusterDoc<'_>> {
    stream
        .iter()
        .map(|(title, text, day, language)| ClusterDoc {
            title,
            text,
            published_at: Some(jiff::Timestamp::from_second(1_700_000_000 + day * 86_400).unwrap()),
            language: Some(language),
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn the_same_stream_gives_the_same_partition(stream in arbitrary_stream()) {
        let docs = docs_of(&stream);
        let config = ClusterConfig::default();
        let first = cluster(&docs, &config);
        proptest::prop_assert_eq!(&first, &cluster(&docs, &config));
        // A copy always lands in its original's story.
        for (i, original) in first.duplicate_of.iter().enumerate() {
            if let Some(original) = original {
                proptest::prop_assert!(*original < i);
                proptest::prop_assert_eq!(first.story_of[i], first.story_of[*original]);
            }
        }
    }

    #[test]
    fn a_restored_snapshot_continues_as_if_never_stopped(
        stream in arbitrary_stream(),
        cut in 0usize..60,
    ) {
        let docs = docs_of(&stream);
        let cut = cut.min(docs.len());
        let config = ClusterConfig {
            live_capacity: 4,
            duplicate_capacity: 5,
            housekeeping_every: 3,
            window_days: 5,
            revive_days: 12,
            // Small sums, so stories drop terms and names (and keep their postings) on the way.
            story_terms: 4,
            story_names: 2,
            // And few full scores, so the rough first look decides which.
            rough_terms: 3,
            full_scores: 2,
            ..Default::default()
        };
        let mut straight = Clusterer::new(config.clone());
        let expected: Vec<Assignment> = docs.iter().map(|d| straight.push(d)).collect();
        let mut first = Clusterer::new(config.clone());
        let mut got: Vec<Assignment> = docs[..cut].iter().map(|d| first.push(d)).collect();
        let mut resumed = Clusterer::restore(&first.snapshot(), config).unwrap();
        got.extend(docs[cut..].iter().map(|d| resumed.push(d)));
        proptest::prop_assert_eq!(got, expected);
    }
}

#[test]
fn a_damaged_snapshot_is_refused() {
    let clusterer = Clusterer::new(ClusterConfig::default());
    let mut snapshot = clusterer.snapshot();
    assert!(Clusterer::restore(&snapshot, ClusterConfig::default()).is_ok());
    assert!(Clusterer::restore(&[], ClusterConfig::default()).is_err());
    snapshot[0] = 99;
    assert!(matches!(
        Clusterer::restore(&snapshot, ClusterConfig::default()),
        Err(cluster::SnapshotError::Version { found: 99, .. })
    ));
    // The right format byte before a body that is not one.
    let format = clusterer.snapshot()[0];
    assert!(matches!(
        Clusterer::restore(&[format, 0xff, 0xff], ClusterConfig::default()),
        Err(cluster::SnapshotError::Damaged(_))
    ));
}

#[test]
fn stories_go_dormant_and_late_reports_revive_them() {
    let day = |d: i64| Some(jiff::Timestamp::from_second(1_700_000_000 + d * 86_400).unwrap());
    let flood = "Floods in Veska: the Aldmere river burst its banks, twelve dead, rescue teams search the valley villages";
    let mut clusterer = Clusterer::new(ClusterConfig::default());
    let mut push = |text: &str, d: i64| {
        clusterer.push(&ClusterDoc {
            title: "",
            text,
            published_at: day(d),
            language: Some("en"),
        })
    };
    let first = push(flood, 0);
    // Unrelated traffic moves the clock on and sweeps the flood story to sleep.
    for i in 0..ClusterConfig::default().housekeeping_every + 100 {
        push(
            &format!("council meeting number {i} approved the budget item {i}"),
            20,
        );
    }
    let stats = clusterer.stats();
    assert!(stats.dormant_stories >= 1, "{stats:?}");
    let late = clusterer.push(&ClusterDoc {
        title: "",
        text: "A month on, Veska counts the cost: the Aldmere river floods left twelve dead; rescue teams searched the valley villages",
        published_at: day(30),
        language: Some("en"),
    });
    assert_eq!(late.story, first.story);
}

#[test]
fn a_story_past_the_window_is_revived_before_any_sweep_puts_it_to_sleep() {
    let day = |d: i64| Some(jiff::Timestamp::from_second(1_700_000_000 + d * 86_400).unwrap());
    let flood = "Floods in Veska: the Aldmere river burst its banks, twelve dead, rescue teams search the valley villages";
    let config = ClusterConfig::default();
    let mut clusterer = Clusterer::new(config.clone());
    let mut push = |text: &str, d: i64| {
        clusterer
            .push(&ClusterDoc {
                title: "",
                text,
                published_at: day(d),
                language: Some("en"),
            })
            .story
    };
    let first = push(flood, 0);
    // Far fewer documents than a sweep waits for: the story is still live, but past the window.
    let weaker = push(
        "Veska council debates the budget for the new harbour tram line and the bus depot",
        config.window_days + 5,
    );
    assert_ne!(
        weaker, first,
        "a document below the revival bar joined a stale story"
    );
    let late = push(
        "A month on, Veska counts the cost: the Aldmere river floods left twelve dead; rescue teams searched the valley villages",
        config.window_days + 6,
    );
    assert_eq!(late, first);
    assert_eq!(clusterer.stats().dormant_stories, 0);
}

#[test]
fn one_story_across_languages_when_names_and_numbers_line_up() {
    let day = |h: i64| Some(jiff::Timestamp::from_second(1_772_400_000 + h * 3_600).unwrap());
    let docs = [
        (
            "en",
            "Flood kills 12 in Veska as the Aldmere bursts its banks",
            "At least 12 people died in Veska Province after the River Aldmere burst its banks near Lindqvist and Ostmark on Sunday night. Governor Ilse Marrow said 2,000 residents were evacuated to shelters in Kestrel Bay.",
        ),
        (
            "en",
            "Portmere council approves harbour tram line",
            "The Portmere city council approved the new harbour tram line on Thursday after a four-hour debate about its cost of 340 million and the route through the old docks.",
        ),
        (
            "es",
            "Inundaciones en Veska: al menos 12 muertos",
            "Al menos 12 personas murieron en la provincia de Veska después de que el río Aldmere se desbordara cerca de Lindqvist y Ostmark. La gobernadora Ilse Marrow dijo que 2.000 vecinos fueron evacuados a Kestrel Bay.",
        ),
        (
            "de",
            "Hochwasser in Veska: mindestens 12 Tote",
            "Mindestens 12 Menschen sind in der Provinz Veska gestorben, nachdem der Fluss Aldmere bei Lindqvist und Ostmark über die Ufer trat. Gouverneurin Ilse Marrow sagte, 2.000 Einwohner seien nach Kestrel Bay gebracht worden.",
        ),
        (
            "es",
            "El Banco Central de Orlandia sube los tipos",
            "El Banco Central de Orlandia subió el jueves los tipos de interés al 4,5 por ciento para frenar la inflación, según anunció su presidente Tomás Ibarra en Ciudad Nueva.",
        ),
    ];
    let input: Vec<ClusterDoc<'_>> = docs
        .iter()
        .enumerate()
        .map(|(i, (language, title, text))| ClusterDoc {
            title,
            text,
            published_at: day(i as i64),
            language: Some(language),
        })
        .collect();
    let result = cluster(&input, &ClusterConfig::default());
    assert_eq!(result.story_of, [0, 1, 0, 0, 2], "{result:?}");
}

/// A headline that shares only one name with a story (here a number) is weak evidence: with
/// the names channel at full weight it joins, with the weight scaled by how many names the
/// headline holds it starts its own story.
#[test]
fn one_shared_name_does_not_carry_a_headline_into_a_story() {
    let titles = [
        "Mayor Petr Novak says Ostrava budget vote will go ahead",
        "Ostrava budget vote delayed, Novak blames 10 absent councillors",
        "Novak wins Ostrava budget vote after late session",
        "Copper prices slide 10% as mine output rebounds strongly across the region",
    ];
    let docs: Vec<ClusterDoc<'_>> = titles
        .iter()
        .map(|title| ClusterDoc {
            title,
            text: "",
            published_at: None,
            language: Some("en"),
        })
        .collect();
    let scaled = cluster(&docs, &ClusterConfig::default());
    assert_eq!(scaled.story_of[0], scaled.story_of[1]);
    assert_eq!(scaled.story_of[0], scaled.story_of[2]);
    assert_ne!(
        scaled.story_of[3], scaled.story_of[0],
        "{:?}",
        scaled.story_of
    );
    let full = cluster(
        &docs,
        &ClusterConfig {
            full_name_count: 0.0,
            ..ClusterConfig::default()
        },
    );
    assert_eq!(full.story_of[3], full.story_of[0], "{:?}", full.story_of);
}

/// Two reports of one champion's title defences against different challengers share most of
/// their words; what tells them apart is who the fight was against. A full-length report
/// whose leading name is not in a story (and the story's not in it) is held to a higher bar,
/// while a third report of the first fight still joins it.
#[test]
fn a_report_about_someone_else_starts_its_own_story() {
    let reports = [
        (
            "Klitschko stops Rahman in seventh round",
            concat!(
                "Wladimir Klitschko defended his heavyweight titles on Saturday night when the referee ",
                "stopped the fight against Hasim Rahman in the seventh round. Rahman, the former ",
                "champion, was knocked down twice before the stoppage. Rahman had promised an upset, ",
                "but Rahman landed few punches as the champion controlled the distance with his jab. ",
                "The crowd of twelve thousand in the arena cheered as the champion raised his belts. ",
                "Rahman said after the bout that he would consider retirement, while promoters said a ",
                "rematch was unlikely. The champion has not lost in four years and plans to fight again ",
                "in the spring."
            ),
        ),
        (
            "Klitschko stops Thompson in sixth round",
            concat!(
                "Wladimir Klitschko defended his heavyweight titles on Saturday night when the referee ",
                "stopped the fight against Tony Thompson in the sixth round. Thompson, the American ",
                "challenger, was knocked down twice before the stoppage. Thompson had promised an ",
                "upset, but Thompson landed few punches as the champion controlled the distance with ",
                "his jab. Thirty thousand fans filled the football stadium. Thompson told reporters he ",
                "was proud to have fought twice for the titles. The champion's manager said talks with ",
                "the next mandatory challenger would begin in the autumn."
            ),
        ),
        (
            "Rahman beaten by Klitschko",
            concat!(
                "Hasim Rahman was beaten by Wladimir Klitschko on Saturday night, the referee stopping ",
                "the heavyweight fight in the seventh round after Rahman was knocked down twice. ",
                "Rahman, the former champion, landed few punches as Klitschko controlled the distance ",
                "with his jab in front of twelve thousand fans. Rahman said he would consider ",
                "retirement after the bout. Promoters said a rematch with Rahman was unlikely and that ",
                "the champion, unbeaten in four years, plans to fight again in the spring when a new ",
                "challenger is chosen."
            ),
        ),
    ];
    let docs: Vec<ClusterDoc<'_>> = reports
        .iter()
        .map(|(title, text)| ClusterDoc {
            title,
            text,
            published_at: None,
            language: Some("en"),
        })
        .collect();
    let held = cluster(&docs, &ClusterConfig::default());
    assert_ne!(held.story_of[1], held.story_of[0], "{:?}", held.story_of);
    assert_eq!(held.story_of[2], held.story_of[0], "{:?}", held.story_of);
    let words_only = cluster(
        &docs,
        &ClusterConfig {
            name_conflict_penalty: 0.0,
            ..ClusterConfig::default()
        },
    );
    assert_eq!(
        words_only.story_of[1], words_only.story_of[0],
        "{:?}",
        words_only.story_of
    );
}

/// Across languages a name is spelled several ways ("Moscow", "Moscú"), so a story's
/// heaviest name missing from a report in another language is no sign of another event: the
/// Spanish report of the talks joins the English one on the names they share.
/// Reports given as (language, title, text), with no publication time.
fn undated<'a>(reports: &'a [(&'a str, &'a str, &'a str)]) -> Vec<ClusterDoc<'a>> {
    reports
        .iter()
        .map(|(language, title, text)| ClusterDoc {
            title,
            text,
            published_at: None,
            language: Some(language),
        })
        .collect()
}

#[test]
fn a_name_spelled_another_way_in_another_language_is_no_conflict() {
    let reports = [
        (
            "en",
            "Talks in Moscow end without a deal on the Kestrel pipeline",
            concat!(
                "Negotiators left Moscow on Thursday without an agreement on the Kestrel ",
                "pipeline, after three days of talks that both sides had called decisive. Energy ",
                "minister Pavel Orlov told reporters in Moscow that the price of 340 dollars per ",
                "thousand cubic metres offered by the buyers was far too low. The buyers wanted ",
                "twelve years of fixed supply, while the sellers asked for shorter contracts and ",
                "a review every year. Orlov said talks would resume in Moscow next month, and ",
                "that nothing had been signed. Observers in Moscow expect a compromise before ",
                "winter, when demand for gas peaks and storage runs low across the region."
            ),
        ),
        (
            "en",
            "Harbour council approves tram line",
            concat!(
                "The Portmere city council approved the new harbour tram line on Thursday after a ",
                "debate about its cost and the route through the old docks."
            ),
        ),
        (
            "es",
            "Las negociaciones en Moscú terminan sin acuerdo sobre el gasoducto Kestrel",
            concat!(
                "Los negociadores abandonaron Moscú el jueves sin un acuerdo sobre el gasoducto ",
                "Kestrel, tras tres días de conversaciones que ambas partes habían calificado de ",
                "decisivas. El ministro de Energía, Pavel Orlov, dijo a los periodistas en Moscú ",
                "que el precio de 340 dólares por cada mil metros cúbicos ofrecido por los ",
                "compradores era demasiado bajo. Los compradores querían doce años de suministro ",
                "fijo, mientras que los vendedores pedían contratos más cortos y una revisión ",
                "cada año. Orlov dijo que las conversaciones se reanudarán en Moscú el mes que ",
                "viene. Los observadores en Moscú esperan un compromiso antes del invierno."
            ),
        ),
    ];
    let result = cluster(&undated(&reports), &ClusterConfig::default());
    assert_eq!(result.story_of, [0, 1, 0], "{result:?}");
}

/// Across languages only names line stories up, and a city is written as each language
/// writes it: "Moscú" and "Moskau" count as "Moscow" (GeoNames' names of the larger cities in
/// other languages), so the reports of one fire join, and a report of a fire in another city
/// does not.
#[test]
fn a_city_named_in_another_language_is_the_same_name() {
    let reports = [
        (
            "en",
            "Fire destroys a warehouse in Moscow",
            concat!(
                "A fire destroyed a large warehouse in Moscow on Monday night. Firefighters in ",
                "Moscow fought the flames for nine hours, and the city's emergency service said ",
                "that nobody was hurt. Residents of the district were asked to keep their windows ",
                "closed, as smoke drifted over the north of Moscow until the morning. The cause ",
                "of the fire is not known, and the owners of the warehouse have not commented.",
            ),
        ),
        (
            "es",
            "Un incendio destruye un almacén en Moscú",
            concat!(
                "Un incendio destruyó un gran almacén en Moscú en la noche del lunes. Los bomberos ",
                "de Moscú lucharon contra las llamas durante nueve horas, y el servicio de ",
                "emergencias de la ciudad dijo que no hubo heridos. Se pidió a los vecinos que ",
                "mantuvieran las ventanas cerradas, mientras el humo cubría el norte de Moscú ",
                "hasta la mañana. Se desconoce la causa del incendio.",
            ),
        ),
        (
            "fr",
            "Un entrepôt détruit par le feu à Lisbonne",
            concat!(
                "Un incendie a détruit un grand entrepôt à Lisbonne lundi soir. Les pompiers de ",
                "Lisbonne ont combattu les flammes pendant neuf heures, et personne n'a été ",
                "blessé. Les habitants du quartier ont dû garder leurs fenêtres fermées, la fumée ",
                "couvrant le nord de Lisbonne jusqu'au matin. La cause de l'incendie est inconnue.",
            ),
        ),
        (
            "de",
            "Großbrand in einem Lagerhaus in Moskau",
            concat!(
                "Ein Feuer hat in der Nacht zum Montag ein großes Lagerhaus in Moskau zerstört. ",
                "Die Feuerwehr in Moskau kämpfte neun Stunden gegen die Flammen, verletzt wurde ",
                "niemand. Anwohner sollten die Fenster geschlossen halten, während Rauch über den ",
                "Norden von Moskau zog. Die Ursache des Feuers ist unbekannt.",
            ),
        ),
    ];
    let result = cluster(&undated(&reports), &ClusterConfig::default());
    assert_eq!(result.story_of, [0, 0, 1, 0], "{result:?}");
}

/// A country named in several words is one name in every language: "Estados Unidos",
/// "États-Unis" and "United States" (and "Corea del Sur", "Corée du Sud", "South Korea") line
/// the reports of one round of talks up, while a report of other talks, between New Zealand
/// and Australia, stays apart.
#[test]
fn a_country_named_in_several_words_is_one_name_across_languages() {
    let reports = [
        (
            "en",
            "United States and South Korea end tariff talks in Seoul",
            concat!(
                "Negotiators from the United States and South Korea ended two days of talks in ",
                "Seoul on Tuesday without a deal on tariffs. Officials of the United States said ",
                "South Korea had refused to cut its duties on steel, while South Korea said the ",
                "United States wanted too much too soon. Both sides will meet again in Seoul ",
                "next month, and South Korea said the United States had agreed to that date.",
            ),
        ),
        (
            "es",
            "Estados Unidos y Corea del Sur cierran sin acuerdo sus negociaciones en Seúl",
            concat!(
                "Los negociadores de Estados Unidos y Corea del Sur terminaron el martes dos días ",
                "de conversaciones en Seúl sin un acuerdo sobre aranceles. Funcionarios de ",
                "Estados Unidos dijeron que Corea del Sur se negó a rebajar sus aranceles al ",
                "acero, mientras Corea del Sur dijo que Estados Unidos pedía demasiado. Ambas ",
                "partes volverán a reunirse en Seúl el mes próximo.",
            ),
        ),
        (
            "fr",
            "La Nouvelle-Zélande et l'Australie concluent leurs discussions à Wellington",
            concat!(
                "Les négociateurs de la Nouvelle-Zélande et de l'Australie ont conclu mardi deux ",
                "jours de discussions à Wellington sans accord sur les droits de douane. La ",
                "Nouvelle-Zélande a déclaré que l'Australie refusait de baisser ses droits sur ",
                "l'acier, et l'Australie a répondu que la Nouvelle-Zélande demandait trop. Les ",
                "deux parties se retrouveront à Wellington le mois prochain.",
            ),
        ),
        (
            "fr",
            "Les États-Unis et la Corée du Sud se quittent sans accord à Séoul",
            concat!(
                "Les négociateurs des États-Unis et de la Corée du Sud ont achevé mardi deux ",
                "jours de discussions à Séoul sans accord sur les droits de douane. Les ",
                "États-Unis ont déclaré que la Corée du Sud refusait de baisser ses droits sur ",
                "l'acier, tandis que la Corée du Sud jugeait que les États-Unis demandaient trop. ",
                "Les deux parties se retrouveront à Séoul le mois prochain.",
            ),
        ),
    ];
    let result = cluster(&undated(&reports), &ClusterConfig::default());
    assert_eq!(result.story_of, [0, 0, 1, 0], "{result:?}");
}
