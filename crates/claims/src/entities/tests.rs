use super::names::{link, normalise_name};
use super::tagger::{entities_of, tags_of};
use super::*;
use model::EntityKind::{Organization, Other, Person, Place};
use model::{Entity, EntityKind};

fn sentence(text: &str, entities: &[(usize, usize, EntityKind)]) -> LabelledSentence {
    LabelledSentence {
        tokens: text.split(' ').map(String::from).collect(),
        entities: entities
            .iter()
            .map(|&(start, end, kind)| TokenEntity { start, end, kind })
            .collect(),
        convention: None,
    }
}

/// A few sentences a tiny model can learn in a few epochs.
fn toy_data() -> Vec<LabelledSentence> {
    let mut data = Vec::new();
    for (first, last) in [("Amara", "Okafor"), ("Helena", "Varga"), ("John", "Reyes")] {
        data.push(sentence(
            &format!("{first} {last} visited Paris on Monday ."),
            &[(0, 2, Person), (3, 4, Place)],
        ));
        data.push(sentence(
            &format!("The Acme Group hired {first} {last} ."),
            &[(1, 3, Organization), (4, 6, Person)],
        ));
    }
    data
}

fn train_toy(decoder: Decoder) -> NerModel {
    let options = TrainOptions {
        epochs: 8,
        bits: 12,
        decoder,
        seed: 7,
        orders: 1,
        place_dropout: 15,
        convention_bits: 10,
    };
    train_ner(&toy_data(), &options, |_| {}).unwrap()
}

#[test]
fn bio_tags_round_trip() {
    let entities = [
        TokenEntity {
            start: 0,
            end: 2,
            kind: Person,
        },
        TokenEntity {
            start: 2,
            end: 3,
            kind: Person,
        },
        TokenEntity {
            start: 4,
            end: 5,
            kind: Other,
        },
    ];
    let tags = tags_of(&entities, 6);
    assert_eq!(tags, [1, 2, 1, 0, 7, 0]);
    assert_eq!(entities_of(&tags), entities);
    // An I tag without its B starts an entity rather than being lost.
    assert_eq!(
        entities_of(&[0, 4]),
        [TokenEntity {
            start: 1,
            end: 2,
            kind: Organization
        }]
    );
}

#[test]
fn a_trained_model_learns_the_toy_data_and_survives_its_file() {
    for decoder in [Decoder::Viterbi, Decoder::Greedy] {
        let model = train_toy(decoder);
        assert_finds_the_person(&model, decoder);
        let bytes = model.to_bytes();
        let read = NerModel::from_bytes(&bytes);
        assert_eq!(read.as_ref().ok(), Some(&model));
    }
}

#[test]
fn training_is_deterministic() {
    assert_eq!(
        train_toy(Decoder::Viterbi).to_bytes(),
        train_toy(Decoder::Viterbi).to_bytes()
    );
}

#[test]
fn training_in_several_orders_is_deterministic_and_still_learns() {
    let options = TrainOptions {
        epochs: 8,
        bits: 12,
        decoder: Decoder::Viterbi,
        seed: 7,
        orders: 4,
        place_dropout: 15,
        convention_bits: 10,
    };
    let model = train_ner(&toy_data(), &options, |_| {}).unwrap();
    let again = train_ner(&toy_data(), &options, |_| {}).unwrap();
    assert_eq!(model.to_bytes(), again.to_bytes());
    assert_ne!(model.to_bytes(), train_toy(Decoder::Viterbi).to_bytes());
    assert_finds_the_person(&model, Decoder::Viterbi);
}

#[test]
fn each_convention_tags_as_its_own_set_was_annotated() {
    // CoNLL marks a nationality as another name; GUM does not. The same sentences, annotated
    // both ways, pull the shared weights apart and each convention's own weights back.
    let mut data = toy_data();
    for (nationality, team) in [
        ("Syrian", "Kuwaiti"),
        ("Danish", "Iraqi"),
        ("Welsh", "Omani"),
    ] {
        let text = format!("The {nationality} side beat the {team} team again .");
        let mut conll = sentence(&text, &[(1, 2, Other), (5, 6, Other)]);
        conll.convention = Some(Convention::Conll);
        let mut gum = sentence(&text, &[]);
        gum.convention = Some(Convention::Gum);
        data.extend([conll, gum]);
    }
    let options = TrainOptions {
        epochs: 10,
        bits: 12,
        decoder: Decoder::Viterbi,
        seed: 7,
        orders: 2,
        place_dropout: 0,
        convention_bits: 10,
    };
    let model = train_ner(&data, &options, |_| {}).unwrap();
    let tokens = [
        "The", "Danish", "side", "beat", "the", "Iraqi", "team", "again", ".",
    ];
    assert_eq!(model.convention(), (Some(DEFAULT_CONVENTION), NEWS_SHARE));
    let conll = model.with_convention(Some(Convention::Conll));
    assert_eq!(
        conll.entities(&tokens, Decoder::Viterbi),
        [
            TokenEntity {
                start: 1,
                end: 2,
                kind: Other
            },
            TokenEntity {
                start: 5,
                end: 6,
                kind: Other
            }
        ]
    );
    let gum = model.with_convention(Some(Convention::Gum));
    assert_eq!(gum.entities(&tokens, Decoder::Viterbi), []);
    // Both still find the people every convention marks.
    assert_finds_the_person(&conll, Decoder::Viterbi);
    assert_finds_the_person(&gum, Decoder::Viterbi);
    // The file keeps every convention's weights; it is read back in the default blend.
    let read = NerModel::from_bytes(&gum.to_bytes()).unwrap();
    assert_eq!(read, model);
    assert_eq!(read.with_convention(Some(Convention::Conll)), conll);
    assert_eq!(read.with_convention(Some(Convention::Gum)), gum);
    assert_ne!(read.with_convention(None), conll);
    assert_ne!(read.blended(Some(Convention::Conll), 0.5), conll);
}

/// The toy-trained `model` tags "Helena Varga" in a sentence it never saw as a person.
fn assert_finds_the_person(model: &NerModel, decoder: Decoder) {
    let tokens = ["The", "Acme", "Group", "hired", "Helena", "Varga", "."];
    let found = model.entities(&tokens, decoder);
    assert!(
        found.contains(&TokenEntity {
            start: 4,
            end: 6,
            kind: Person
        }),
        "{found:?}"
    );
}

#[test]
fn bad_model_files_are_errors() {
    let good = train_toy(Decoder::Viterbi).to_bytes();
    assert_eq!(NerModel::from_bytes(b""), Err(ModelError::NotAModel));
    assert_eq!(
        NerModel::from_bytes(b"GIF89a...."),
        Err(ModelError::NotAModel)
    );
    let mut version = good.clone();
    version[8] = 9;
    assert_eq!(NerModel::from_bytes(&version), Err(ModelError::Version(9)));
    let mut features = good.clone();
    features[12] = 200;
    assert_eq!(
        NerModel::from_bytes(&features),
        Err(ModelError::FeatureSet(200))
    );
    let mut bits = good.clone();
    bits[16] = 60;
    assert!(matches!(
        NerModel::from_bytes(&bits),
        Err(ModelError::Header(_))
    ));
    assert!(matches!(
        NerModel::from_bytes(&good[..good.len() - 1]),
        Err(ModelError::Length { .. })
    ));
    assert!(matches!(
        NerModel::from_bytes(&good[..20]),
        Err(ModelError::Length { .. })
    ));
    // The table of each convention may not be larger than the shared one, and every
    // convention has one.
    let mut convention_bits = good.clone();
    convention_bits[60] = 30;
    assert!(matches!(
        NerModel::from_bytes(&convention_bits),
        Err(ModelError::Header(_))
    ));
    let mut conventions = good.clone();
    conventions[64] = 3;
    assert!(matches!(
        NerModel::from_bytes(&conventions),
        Err(ModelError::Header(_))
    ));
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    assert_eq!(NerModel::from_bytes(&flipped), Err(ModelError::Checksum));
    // A model trained with other word clusters is refused, whatever its own checksum.
    let mut clusters = good.clone();
    clusters[28] ^= 1;
    let body = clusters.len() - 8;
    let checksum = super::features::fnv1a(&clusters[..body]);
    clusters[body..].copy_from_slice(&checksum.to_le_bytes());
    assert!(matches!(
        NerModel::from_bytes(&clusters),
        Err(ModelError::Clusters(_))
    ));
    // So is one trained with another place list.
    let mut places = good.clone();
    places[36] ^= 1;
    let checksum = super::features::fnv1a(&places[..body]);
    places[body..].copy_from_slice(&checksum.to_le_bytes());
    assert!(matches!(
        NerModel::from_bytes(&places),
        Err(ModelError::Places(_))
    ));
    // And one trained with another person list.
    let mut persons = good.clone();
    persons[44] ^= 1;
    let checksum = super::features::fnv1a(&persons[..body]);
    persons[body..].copy_from_slice(&checksum.to_le_bytes());
    assert!(matches!(
        NerModel::from_bytes(&persons),
        Err(ModelError::Persons(_))
    ));
    // And one trained with other proper names.
    let mut propers = good.clone();
    propers[52] ^= 1;
    let checksum = super::features::fnv1a(&propers[..body]);
    propers[body..].copy_from_slice(&checksum.to_le_bytes());
    assert!(matches!(
        NerModel::from_bytes(&propers),
        Err(ModelError::Propers(_))
    ));
    for error in [
        ModelError::Checksum,
        ModelError::Version(2),
        ModelError::Places("x".into()),
        ModelError::Persons("x".into()),
        ModelError::Propers("x".into()),
    ] {
        assert!(error.to_string().starts_with("named-entity model"));
    }
}

#[test]
fn the_place_list_marks_the_tokens_of_a_name() {
    let places = super::places::Places::from_text("4\tLos Angeles\n1\tChad\n").unwrap();
    let clusters = super::features::ClusterLookup::default();
    let rows = |tokens: &[&str]| {
        let mut rows = Vec::new();
        super::features::sentence_rows(
            tokens,
            &clusters,
            super::features::NameLists {
                places: &places,
                persons: super::persons::no_persons(),
                propers: super::places::no_places(),
            },
            18,
            &mut rows,
            None,
        );
        rows
    };
    let none = super::places::Places::from_text("").unwrap();
    let without = |tokens: &[&str]| {
        let mut rows = Vec::new();
        super::features::sentence_rows(
            tokens,
            &clusters,
            super::features::NameLists {
                places: &none,
                persons: super::persons::no_persons(),
                propers: super::places::no_places(),
            },
            18,
            &mut rows,
            None,
        );
        rows
    };
    let width = super::features::FEATURES;
    let sentence = ["in", "Los", "Angeles", "Lakers", "and", "chad"];
    let (with, plain) = (rows(&sentence), without(&sentence));
    let differs = |t: usize| with[t * width..(t + 1) * width] != plain[t * width..(t + 1) * width];
    // "Los Angeles" is in the list; "in", "Lakers", "and" are not, nor "chad" without a capital.
    assert_eq!(
        (0..sentence.len()).map(differs).collect::<Vec<_>>(),
        [false, true, true, false, false, false]
    );
}

#[test]
fn a_kept_token_has_the_rows_it_has_when_every_token_is_kept() {
    // Tokens far from a capital are hashed in part only when tagging keeps tokens near one;
    // what a kept token reads must be the same either way.
    let lexicon = super::tagger::lexicon().expect("shipped clusters");
    let places = super::tagger::places().expect("shipped places");
    let persons = super::tagger::persons().expect("shipped persons");
    let propers = super::tagger::propers().expect("shipped proper names");
    let width = super::features::FEATURES;
    for sentence in [
        "the talks in the city went on for a long time before the Bank of England said no",
        "prices rose again , said the spokeswoman for von der Leyen , who left for Rio de Janeiro",
        "nothing here has a capital at all , not one word of it",
        "iPhone sales fell in the second quarter of the year as buyers waited",
    ] {
        let tokens: Vec<&str> = sentence.split(' ').collect();
        let (mut all, mut some, mut kept) = (Vec::new(), Vec::new(), Vec::new());
        let rows = |rows: &mut Vec<u32>, kept: Option<&mut Vec<bool>>| {
            super::features::sentence_rows(
                &tokens,
                &lexicon.lookup,
                super::features::NameLists {
                    places,
                    persons,
                    propers,
                },
                18,
                rows,
                kept,
            )
        };
        rows(&mut all, None);
        rows(&mut some, Some(&mut kept));
        // The table of word facts the attribution tagger shares gives the same rows.
        let mut shared = Vec::new();
        super::features::sentence_rows(
            &tokens,
            crate::senses::shipped_word_facts(),
            super::features::NameLists {
                places,
                persons,
                propers,
            },
            18,
            &mut shared,
            None,
        );
        assert_eq!(shared, all, "{sentence}");
        let expected: Vec<u32> = all
            .chunks_exact(width)
            .zip(&kept)
            .filter(|(_, kept)| **kept)
            .flat_map(|(row, _)| row.iter().copied())
            .collect();
        assert_eq!(some, expected, "{sentence}");
        assert_eq!(kept.len(), tokens.len());
    }
}

#[test]
fn proper_names_mark_the_tokens_of_a_name() {
    let nouns = "08000001 14 n 01 Hamas 0 000 | a group\n\
        08000002 11 n 01 French_Revolution 0 000 | a revolution\n";
    let list = super::propers::write_propers(&super::propers::proper_list(nouns, "").unwrap());
    let propers = super::places::Places::from_names(
        super::propers::read_propers(&list)
            .unwrap()
            .iter()
            .map(|(name, code)| (name.as_str(), *code, None)),
        0,
    );
    let clusters = super::features::ClusterLookup::default();
    let rows = |tokens: &[&str], propers: &super::places::Places| {
        let mut rows = Vec::new();
        super::features::sentence_rows(
            tokens,
            &clusters,
            super::features::NameLists {
                places: super::places::no_places(),
                persons: super::persons::no_persons(),
                propers,
            },
            18,
            &mut rows,
            None,
        );
        rows
    };
    let width = super::features::FEATURES;
    let sentence = [
        "Hamas",
        "hailed",
        "the",
        "French",
        "Revolution",
        "and",
        "French",
        "wine",
    ];
    let with = rows(&sentence, &propers);
    let plain = rows(&sentence, super::places::no_places());
    let differs = |t: usize| with[t * width..(t + 1) * width] != plain[t * width..(t + 1) * width];
    // The names' tokens read their classes; "French" before "wine" opens no name.
    let marked: Vec<usize> = (0..sentence.len()).filter(|t| differs(*t)).collect();
    assert_eq!(marked, [0, 3, 4]);
}

#[test]
fn the_person_list_marks_capitalised_names_and_their_neighbours() {
    let persons = super::persons::Persons::from_text("ana\tf1\t-\nruiz\t-\ts2\n").unwrap();
    let places = super::places::Places::from_text("").unwrap();
    let clusters = super::features::ClusterLookup::default();
    let rows = |tokens: &[&str], persons: &super::persons::Persons| {
        let mut rows = Vec::new();
        super::features::sentence_rows(
            tokens,
            &clusters,
            super::features::NameLists {
                places: &places,
                persons,
                propers: super::places::no_places(),
            },
            18,
            &mut rows,
            None,
        );
        rows
    };
    let width = super::features::FEATURES;
    let sentence = ["said", "Ana", "Ruiz", "and", "ana", "Lopez", "left"];
    let with = rows(&sentence, &persons);
    let plain = rows(&sentence, super::persons::no_persons());
    let differs = |t: usize| with[t * width..(t + 1) * width] != plain[t * width..(t + 1) * width];
    // "said" is next to a given name and "and" to a surname: they read their neighbour's
    // class. "ana" in lower case is no name, and "Lopez" is not listed, nor is anything next to
    // it; "left" is two words from the nearest listed one.
    assert_eq!(
        (0..sentence.len()).map(differs).collect::<Vec<_>>(),
        [true, true, true, true, false, false, false]
    );
}

#[test]
fn the_person_list_is_built_read_and_written() {
    use super::persons::*;
    let census = |rows: &[(&str, f64)]| -> Vec<CensusName> {
        rows.iter()
            .map(|(name, percent)| CensusName {
                name: name.to_string(),
                percent: *percent,
            })
            .collect()
    };
    let male = census(&[("JAMES", 3.3), ("JORDAN", 0.2), ("TROY", 0.03)]);
    let female = census(&[("MARY", 2.6), ("JORDAN", 0.05), ("ROSE", 0.02)]);
    let mut surnames = vec![("SMITH", 1.0), ("ROSE", 0.01)];
    surnames.extend((0..10_050).map(|_| ("FILLER", 0.0)));
    surnames.push(("ZYLSTRA", 0.0001));
    let list = person_list(&male, &female, &census(&surnames));
    let find = |name: &str| list.iter().find(|n| n.name == name).cloned();
    assert_eq!(find("james").map(|n| n.given), Some(Some(GivenClass::Male)));
    assert_eq!(
        find("mary").map(|n| n.given),
        Some(Some(GivenClass::Female))
    );
    // A fifth as often among women: a name of both.
    assert_eq!(
        find("jordan").map(|n| n.given),
        Some(Some(GivenClass::Both))
    );
    assert_eq!(
        find("troy").map(|n| n.given),
        Some(Some(GivenClass::RareMale))
    );
    let rose = find("rose").unwrap();
    assert_eq!(
        (rose.given, rose.surname),
        (Some(GivenClass::RareFemale), Some(SurnameClass::Top1000))
    );
    assert_eq!(
        find("smith").and_then(|n| n.surname),
        Some(SurnameClass::Top1000)
    );
    assert_eq!(
        find("zylstra").and_then(|n| n.surname),
        Some(SurnameClass::Other)
    );
    // The first row of a name that comes twice gives its rank.
    assert_eq!(
        find("filler").and_then(|n| n.surname),
        Some(SurnameClass::Top1000)
    );
    assert!(list.windows(2).all(|w| w[0].name < w[1].name));
    let file = write_persons(&list);
    assert_eq!(read_persons(&file).unwrap(), list);
    assert!(file.starts_with("# "));
    // Bad lines say where and why.
    for bad in [
        "ana\tf1\n",
        "Ana\tf1\t-\n",
        "ana\tx9\t-\n",
        "ana\t-\ts7\n",
        "ana\t-\t-\n",
        "ana\tf1\t-\textra\n",
    ] {
        let error = read_persons(&format!("# header\nbob\tm1\t-\n{bad}")).unwrap_err();
        assert!(
            error.to_string().starts_with("line 3: "),
            "{bad:?}: {error}"
        );
    }
    assert_eq!(
        read_census("MARY           2.629  2.629      1\n\nPATRICIA       1.073  3.702      2\n")
            .unwrap(),
        census(&[("MARY", 2.629), ("PATRICIA", 1.073)])
    );
    for bad in ["MARY\n", "MARY many 2.6 1\n", "<html> 1.0 1.0 1\n"] {
        assert!(read_census(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn the_shipped_person_list_is_read_and_genders_given_names() {
    use crate::genders::Gender;
    let persons = super::persons::shipped_persons().unwrap();
    let code = |name: &str| persons.code(super::features::lower_hash(name));
    // "Mary" is a common given name of women, "Smith" the commonest surname.
    assert_eq!(code("Mary") / 4, 2);
    assert_eq!(code("Smith") % 4, 1);
    assert_eq!(code("Xqzv"), 0);
    assert_eq!(super::persons::given_name_sex("Mary"), Some(Gender::Female));
    assert_eq!(super::persons::given_name_sex("JAMES"), Some(Gender::Male));
    assert_eq!(super::persons::given_name_sex("Xqzv"), None);
}

/// The entities the shipped model finds in `text`, as (text, kind, entity).
fn found(text: &str) -> Vec<(String, EntityKind, usize)> {
    let outcome = entities(text, Some("en"));
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    outcome
        .value
        .into_iter()
        .map(|e| (e.text, e.kind, e.entity))
        .collect()
}

#[test]
fn the_shipped_model_finds_people_and_organisations() {
    let text = "Amara Okafor, a spokeswoman for the United Nations, spoke in Geneva on Tuesday.";
    let found = found(text);
    assert!(
        found.contains(&("Amara Okafor".into(), Person, 0)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(t, k, _)| t == "United Nations" && *k == Organization),
        "{found:?}"
    );
}

#[test]
fn names_with_particles_are_one_person() {
    let text = "Osama bin Laden was killed in 2011. Saudi official Adel al-Jubeir spoke in \
                Riyadh, and Commission chief Ursula von der Leyen spoke in Brussels. Von der \
                Leyen later flew to Madrid, where Leonardo da Vinci is on show.";
    let people: Vec<String> = found(text)
        .into_iter()
        .filter(|(_, kind, _)| *kind == Person)
        .map(|(text, _, _)| text)
        .collect();
    for name in [
        "Osama bin Laden",
        "Adel al-Jubeir",
        "Ursula von der Leyen",
        "Von der Leyen",
        "Leonardo da Vinci",
    ] {
        assert!(people.iter().any(|p| p == name), "{name}: {people:?}");
    }
}

#[test]
fn a_surname_of_several_words_is_the_person_named_in_full() {
    let text = "Mexican President Andrés Manuel López Obrador met Brazil's president, Luiz \
                Inácio Lula da Silva, and Commission President Ursula von der Leyen. \
                \"We agreed,\" von der Leyen said. López Obrador said Lula would host the \
                next summit. De Blasio did not attend. Former New York Mayor Bill de Blasio \
                was in Albany.";
    let found = entities(text, Some("en")).value;
    let entity_of = |written: &str| {
        found
            .iter()
            .filter(|e| e.text == written)
            .map(|e| (e.entity, e.name.clone()))
            .collect::<Vec<_>>()
    };
    for (short, full) in [
        ("López Obrador", "Andrés Manuel López Obrador"),
        ("Lula", "Luiz Inácio Lula da Silva"),
        ("von der Leyen", "Ursula von der Leyen"),
        ("De Blasio", "Bill de Blasio"),
    ] {
        let (short, full) = (entity_of(short), entity_of(full));
        assert!(!short.is_empty() && !full.is_empty(), "{found:?}");
        assert_eq!(short[0], full[0], "{found:?}");
    }
    assert_eq!(
        entity_of("López Obrador")[0].1,
        "andres manuel lopez obrador"
    );
}

#[test]
fn countries_named_as_other_languages_name_them_are_the_countries() {
    let places = |text: &str, language: &str| -> Vec<(String, String)> {
        entities(text, Some(language))
            .value
            .into_iter()
            .filter(|e| e.kind == Place)
            .map(|e| (e.text, e.name))
            .collect()
    };
    let spanish = places(
        "El presidente de México viajó a Alemania y luego a Estados Unidos.",
        "es",
    );
    for (written, name) in [
        ("México", "mexico"),
        ("Alemania", "germany"),
        ("Estados Unidos", "united states"),
    ] {
        assert!(
            spanish.contains(&(written.to_string(), name.to_string())),
            "{written}: {spanish:?}"
        );
    }
    let english = places("She moved to the USA in 2001 and later to Mexico.", "en");
    assert!(
        english.contains(&("USA".to_string(), "united states".to_string())),
        "{english:?}"
    );
}

#[test]
fn a_preposition_opening_a_sentence_in_another_language_names_no_one() {
    let text = "Lluvias en el sur En Brasil, el gobierno dijo que ayudará. Según Reuters, la lluvia siguió. \
                Para Alemania, el problema es otro. El Salvador también.";
    let found: Vec<(String, EntityKind)> = entities(text, Some("es"))
        .value
        .into_iter()
        .map(|e| (e.text, e.kind))
        .collect();
    assert!(
        found.iter().all(|(t, _)| !t.starts_with("En ")
            && !t.starts_with("Según")
            && !t.starts_with("Para")),
        "{found:?}"
    );
    for place in ["Brasil", "Alemania"] {
        assert!(
            found.contains(&(place.to_string(), Place)),
            "{place}: {found:?}"
        );
    }
    assert!(found.iter().any(|(t, _)| t == "Reuters"), "{found:?}");
    // A name that opens with an article keeps it.
    assert!(
        found.contains(&("El Salvador".to_string(), Place)),
        "{found:?}"
    );
}

#[test]
fn particles_join_a_surname_only_where_they_are_a_name() {
    // After a word, "de" is taken in only when the article names the person in full; in
    // another language it is "of".
    let people = |text: &str, language: &str| -> Vec<String> {
        entities(text, Some(language))
            .value
            .into_iter()
            .filter(|e| e.kind == Person)
            .map(|e| e.text)
            .collect()
    };
    let alone = people("The menu lists empanadas de Borrego and tacos.", "en");
    assert!(!alone.iter().any(|p| p.starts_with("de ")), "{alone:?}");
    let named = people(
        "Former New York Mayor Bill de Blasio was in Albany. Reporters asked de Blasio \
         about the budget.",
        "en",
    );
    assert!(named.iter().any(|p| p == "de Blasio"), "{named:?}");
    let spanish = people(
        "El alcalde Bill de Blasio habló. Según de Blasio, la ciudad ayudará.",
        "es",
    );
    assert!(!spanish.iter().any(|p| p == "de Blasio"), "{spanish:?}");
}

#[test]
fn a_particle_reads_as_a_capital_only_inside_a_name() {
    use super::features::particle_as_capital;
    let words = |text: &'static str| text.split(' ').collect::<Vec<_>>();
    let ursula = words("President Ursula von der Leyen spoke");
    let read: Vec<Option<String>> = (0..ursula.len())
        .map(|i| particle_as_capital(&ursula, i))
        .collect();
    assert_eq!(
        read,
        [
            None,
            None,
            Some("Von".into()),
            Some("Der".into()),
            None,
            None
        ]
    );
    // A particle that leads to no capitalised word, or follows none, stays as written.
    let plain = words("Ursula de la mer and la Paz");
    assert!((0..plain.len()).all(|i| particle_as_capital(&plain, i).is_none()));
    // Four particles in a row are no name's.
    let long = words("Ana de la de la Cruz");
    assert!((0..long.len()).all(|i| particle_as_capital(&long, i).is_none()));
    let joined = words("Adel al-Jubeir and al-Qaeda");
    assert_eq!(
        particle_as_capital(&joined, 1).as_deref(),
        Some("Al-Jubeir")
    );
    assert_eq!(particle_as_capital(&joined, 3), None);
}

#[test]
fn a_surname_refers_to_the_full_name() {
    let text = "Amara Okafor, the health minister, arrived in Lagos on Monday. \
                Okafor said the vaccines would arrive within a week.";
    let all = entities(text, Some("en")).value;
    let full = all.iter().find(|e| e.text == "Amara Okafor");
    let surname = all.iter().find(|e| e.text == "Okafor");
    let (Some(full), Some(surname)) = (full, surname) else {
        panic!("{all:?}");
    };
    assert_eq!(full.entity, surname.entity);
    assert_eq!(surname.name, "amara okafor");
    assert_eq!(surname.kind, Person);
}

fn mention(text: &str, kind: EntityKind) -> Entity {
    Entity {
        span: model::Span::new(0, 0),
        sentence: model::Span::new(0, 0),
        text: text.into(),
        kind,
        name: String::new(),
        entity: 0,
    }
}

#[test]
fn mentions_link_to_their_entity() {
    let mut mentions = vec![
        mention("Okafor", Person),
        mention("Dr. Amara Okafor", Person),
        mention("United Nations", Organization),
        mention("Apple Inc.", Organization),
        mention("UN", Organization),
        mention("Apple", Organization),
        mention("Okafor's", Organization),
        mention("Jordan", Place),
        mention("LINDQVIST", Organization),
        mention("Lindqvist", Place),
        mention("U.N.", Organization),
        mention("Lindqvist", Place),
    ];
    link(&mut mentions);
    let summary: Vec<(usize, &str, EntityKind)> = mentions
        .iter()
        .map(|m| (m.entity, m.name.as_str(), m.kind))
        .collect();
    assert_eq!(
        summary,
        [
            (0, "amara okafor", Person),
            (0, "amara okafor", Person),
            (1, "united nations", Organization),
            (2, "apple", Organization),
            (1, "united nations", Organization),
            (2, "apple", Organization),
            (0, "amara okafor", Person),
            (3, "jordan", Place),
            (4, "lindqvist", Place),
            (4, "lindqvist", Place),
            (1, "united nations", Organization),
            (4, "lindqvist", Place),
        ]
    );
}

#[test]
fn names_normalise_case_diacritics_titles_and_possessives() {
    assert_eq!(
        normalise_name("President José Núñez's", Person),
        "jose nunez"
    );
    assert_eq!(normalise_name("Mr. Søren Ørsted", Person), "soren orsted");
    assert_eq!(normalise_name("ACME Corp.", Organization), "acme");
    assert_eq!(normalise_name("The Hague", Place), "hague");
    // Places named as other languages name them go by their own name.
    assert_eq!(normalise_name("Moskau", Place), "moscow");
    assert_eq!(normalise_name("Moscú", Place), "moscow");
    assert_eq!(normalise_name("Londres", Place), "london");
    assert_eq!(normalise_name("Moskau", Person), "moskau");
    assert_eq!(normalise_name("President", Person), "president");
}

#[test]
fn odd_input_never_panics() {
    let long_token = "A".repeat(100_000);
    let inputs = [
        String::new(),
        "...!?;:".into(),
        "\u{301}\u{301} ’s 's . .".into(),
        long_token.clone(),
        format!("{long_token} said Okafor."),
        "A. B. C. D. E. F.".repeat(1000),
        "ÉÇ ß ǅ İstanbul 東京 Okafor's".into(),
    ];
    for input in &inputs {
        check_entities(input.as_bytes());
    }
    // Sentences that do not belong to the text are skipped.
    let model = train_toy(Decoder::Viterbi);
    let text = "Amara Okafor visited Paris.";
    let spans = [
        model::Span::new(0, 200),
        model::Span::new(30, 40),
        model::Span::new(0, text.len()),
    ];
    let found = find_with(&model, text, &spans, Some("en"));
    assert!(
        found
            .iter()
            .all(|e| e.span.slice(text) == Some(e.text.as_str()))
    );
}

#[test]
fn shipped_clusters_are_read() {
    let lexicon = shipped_clusters().unwrap();
    // The shipped file holds the common words of English news.
    for word in ["the", "said", "president", "london"] {
        let hash = super::features::folded_hash(word);
        assert!(lexicon.lookup.contains_key(&hash), "{word}");
    }
}

#[test]
fn folding_matches_the_feature_hash() {
    for token in ["Okafor", "U.S.", "2024", "don’t", "ÉCOLE", "İstanbul", "x"] {
        let folded = super::features::fold(token);
        assert_eq!(
            super::features::folded_hash(&folded),
            super::features::lower_hash(token),
            "{token}"
        );
    }
}

/// Text in which "alpha" and "beta" share contexts, as do "red" and "blue".
fn cluster_fixture() -> Vec<String> {
    let mut texts = Vec::new();
    for i in 0..40 {
        let who = ["alpha", "beta"][i % 2];
        let colour = ["red", "blue"][i % 2];
        texts.push(format!(
            "Yesterday {who} met the board. The car is {colour} and fast. {who} said the car was {colour} today."
        ));
    }
    texts
}

#[test]
fn words_in_like_contexts_share_clusters() {
    let options = ClusterOptions {
        min_count: 2,
        min_leaf: 2,
        depth: 8,
        dimensions: 8,
        ..ClusterOptions::default()
    };
    let words = build_clusters(&cluster_fixture(), &options);
    let path = |word: &str| {
        words
            .iter()
            .find(|w| w.word == word)
            .map(|w| w.path.clone())
            .unwrap()
    };
    let shared = |a: &str, b: &str| {
        path(a)
            .bytes()
            .zip(path(b).bytes())
            .take_while(|(x, y)| x == y)
            .count()
    };
    assert!(shared("alpha", "beta") > shared("alpha", "red"));
    assert!(shared("red", "blue") > shared("red", "alpha"));
    assert_eq!(
        words.iter().find(|w| w.word == "the").map(|w| w.count),
        Some(120)
    );
    // "Yesterday" only opens sentences, so all its occurrences count; "the" is capitalised
    // only where it opens one, and "alpha" never.
    let share = |word: &str| words.iter().find(|w| w.word == word).map(|w| w.capitalised);
    assert_eq!(share("yesterday"), Some(100));
    assert_eq!(share("the"), Some(0));
    assert_eq!(share("alpha"), Some(0));
    // The same text gives the same file, and the file reads back.
    let file = write_clusters(&words);
    assert_eq!(
        file,
        write_clusters(&build_clusters(&cluster_fixture(), &options))
    );
    assert_eq!(read_clusters(&file), Ok(words));
    assert!(build_clusters::<&str>(&[], &options).is_empty());
}

#[test]
fn bad_cluster_files_are_errors() {
    assert_eq!(read_clusters(""), Ok(Vec::new()));
    for bad in [
        "0101\tword\t3",
        "0102\tword\t3\t0",
        "\tword\t3\t0",
        "01\t\t3\t0",
        "01\tword\tmany\t0",
        "01\tword\t3\t0\textra",
        "01\tword\t3\t101",
        "01010101010101010101010101010101\tword\t3\t0",
    ] {
        let error = read_clusters(&format!("0\tok\t1\t50\n{bad}\n")).unwrap_err();
        assert_eq!(error.line, 2, "{bad}");
        assert!(error.to_string().starts_with("word cluster file, line 2"));
    }
}

#[test]
fn a_name_written_twice_in_a_row_is_two_mentions() {
    let text = "16. Edward Burtynsky Edward Burtynsky (b. 1955, St. Catharines, Canada) is \
                known for his photographs of industry.";
    let all = entities(text, Some("en")).value;
    let named: Vec<(&str, &str)> = all
        .iter()
        .filter(|e| e.text.contains("Burtynsky"))
        .map(|e| (e.text.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("Edward Burtynsky", "edward burtynsky"),
            ("Edward Burtynsky", "edward burtynsky"),
        ],
        "{all:?}"
    );
    assert_eq!(super::repeated_half(&["Bora", "Bora"]), None);
    assert_eq!(super::repeated_half(&["A", "B", "A", "B"]), Some(2));
    assert_eq!(super::repeated_half(&["A", "B", "A", "C"]), None);
}

#[test]
fn folded_weights_take_one_byte_on_the_transitions_scale() {
    use super::tagger::{Folded, Table};
    // The largest weight (254) becomes 127, so the step is 2: every weight and transition is
    // halved and rounded, and their sums keep their order.
    let table = Table {
        transitions: vec![508, -7, 0],
        weights: vec![254, -100, 3, 0, -254, 1],
    };
    let folded = Folded::of(&table);
    assert_eq!(folded.weights, [127, -50, 2, 0, -127, 1]);
    assert_eq!(folded.transitions, [254, -4, 0]);
    // An all-zero table stays zero.
    let zero = Table {
        transitions: vec![3],
        weights: vec![0; 9],
    };
    assert_eq!(Folded::of(&zero).weights, [0; 9]);
    assert_eq!(Folded::of(&zero).transitions, [3]);
}
