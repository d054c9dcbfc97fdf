//! Plain English news prose, built from sentence templates.
//!
//! A story has a topic (a flood, a strike, a budget vote...), a place, people with roles and a
//! handful of figures, all drawn from a seed. Its sentences come from the topic's templates and
//! from general news sentences, shuffled and cut into paragraphs, so two articles rarely read
//! alike while each one stays about one event with consistent figures.

use crate::util::Rng;

/// One generated news story.
#[derive(Clone, Debug)]
pub(crate) struct Story {
    pub(crate) headline: String,
    /// The first sentence of the story, used as the feed summary and the page description.
    pub(crate) summary: String,
    pub(crate) paragraphs: Vec<String>,
    pub(crate) author: String,
    pub(crate) section: &'static str,
}

struct Topic {
    section: &'static str,
    headlines: &'static [&'static str],
    ledes: &'static [&'static str],
    sentences: &'static [&'static str],
}

const PLACES: &[&str] = &[
    "Lyon", "Porto", "Leeds", "Gdansk", "Valencia", "Tampere", "Graz", "Bergen", "Cork", "Utrecht",
    "Bologna", "Brno", "Malmo", "Aarhus", "Bilbao", "Ghent", "Kaunas", "Split", "Plovdiv", "Cluj",
    "Tartu", "Lille", "Dundee", "Halifax",
];

const NAMES: &[&str] = &[
    "Maria Keller",
    "Tomas Novak",
    "Aisha Rahman",
    "Daniel Okafor",
    "Elena Petrova",
    "James Whitfield",
    "Sofia Marin",
    "Lukas Brandt",
    "Priya Nair",
    "Hannah Lindqvist",
    "Marco Bellini",
    "Grace Adeyemi",
    "Pieter de Vries",
    "Ana Sousa",
    "Mikko Virtanen",
    "Claire Dubois",
];

const ROLES: &[&str] = &[
    "the regional governor",
    "the mayor",
    "a spokesperson for the fire service",
    "the interior minister",
    "a senior police officer",
    "the head of the city hospital",
    "a local councillor",
    "the chief executive of the company",
    "a union representative",
    "an economist at the national bank",
];

const ORGANISATIONS: &[&str] = &[
    "the Red Cross",
    "the national weather service",
    "the transport ministry",
    "the regional council",
    "the port authority",
    "the health ministry",
    "the statistics office",
    "the chamber of commerce",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const TOPICS: &[Topic] = &[
    Topic {
        section: "World",
        headlines: &[
            "Floods force {n} people from their homes in {place}",
            "{place} evacuates {n} residents as river bursts its banks",
        ],
        ledes: &[
            "At least {n} people were evacuated from {place} on {day}, officials said.",
            "Rescue teams moved at least {n} residents out of low-lying parts of {place} on {day} after the river burst its banks.",
        ],
        sentences: &[
            "The river rose {small} metres above its normal level overnight, according to {org}.",
            "{name}, {role}, said emergency crews had rescued {k} people from rooftops.",
            "\"We have not seen water like this in {years} years,\" {name} said.",
            "Schools in {count} districts will stay closed until {day2}.",
            "About {p} percent of homes in the area were without drinking water.",
            "Forecasters expect another {m} millimetres of rain before the weekend.",
            "The army sent {count} helicopters and {k} soldiers to help with the evacuation.",
            "Damage to roads and bridges was estimated at {money} million euros.",
            "{name2}, who runs a bakery near the old bridge, said the water reached the counter within an hour.",
            "Officials said {deaths} people had died and {small} were still missing.",
        ],
    },
    Topic {
        section: "World",
        headlines: &[
            "Wildfire near {place} destroys {k} homes",
            "Thousands flee as fire spreads towards {place}",
        ],
        ledes: &[
            "A wildfire burning north of {place} had destroyed {k} homes by {day} evening, firefighters said.",
            "More than {n} people left their homes near {place} on {day} as a wildfire spread through dry forest.",
        ],
        sentences: &[
            "The fire has burned about {n} hectares since it started on {day2}, according to {org}.",
            "{name}, {role}, said {count} water-bombing aircraft were working over the area.",
            "\"The wind changed direction twice in the afternoon,\" {name} said.",
            "Temperatures reached {temp} degrees Celsius, and humidity fell below {p} percent.",
            "Police closed {count} roads leading into the hills.",
            "About {k} firefighters from neighbouring regions joined the effort.",
            "Investigators said it was too early to say how the fire started.",
            "{name2}, a farmer, said he had lost {m} hectares of olive trees.",
            "Officials said {deaths} people had been treated for smoke inhalation.",
        ],
    },
    Topic {
        section: "Business",
        headlines: &[
            "Carmaker to cut {k} jobs at its {place} plant",
            "{place} factory closure puts {k} jobs at risk",
        ],
        ledes: &[
            "A carmaker said on {day} it would cut {k} jobs at its plant in {place}, blaming weak demand.",
            "The largest employer in {place} announced on {day} that it would close its factory, putting {k} jobs at risk.",
        ],
        sentences: &[
            "Sales fell {p} percent in the first nine months of the year, the company said.",
            "{name}, {role}, said the decision had been \"painful but necessary\".",
            "The plant built about {n} vehicles last year, down from {n2} two years earlier.",
            "Workers will be offered retraining and severance of up to {count} months' pay.",
            "{name2}, who has worked on the assembly line for {years} years, said the news came as a shock.",
            "Shares in the company rose {small} percent in early trading.",
            "Unions called a meeting for {day2} to discuss a response.",
            "The company expects to save {money} million euros a year from the cuts.",
            "Local suppliers employ another {count} hundred people who depend on the plant.",
        ],
    },
    Topic {
        section: "Politics",
        headlines: &[
            "Council in {place} approves {money} million budget",
            "{place} budget passes after {hours}-hour debate",
        ],
        ledes: &[
            "The council in {place} approved a budget of {money} million euros on {day} after a long debate.",
            "Councillors in {place} passed next year's budget by {votes} votes to {against} on {day}.",
        ],
        sentences: &[
            "Spending on schools will rise {p} percent, while road repairs get {m} million euros.",
            "{name}, {role}, said the plan would keep property taxes unchanged.",
            "\"This budget protects the services people rely on,\" {name} said.",
            "The opposition said the plan relied on optimistic forecasts of tax revenue.",
            "The city expects to borrow {m} million euros, up from {small} million this year.",
            "{name2}, who leads the opposition group, called the vote \"a missed chance\".",
            "About {k} residents sent comments during the public consultation.",
            "The budget also funds {count} new bus routes and a second library.",
            "Debt will reach {p} percent of annual revenue by the end of the year, the finance office said.",
        ],
    },
    Topic {
        section: "World",
        headlines: &[
            "Strike halts trains across the {place} region",
            "Rail workers in {place} walk out over pay",
        ],
        ledes: &[
            "Trains across the {place} region stopped on {day} as rail workers began a {hours}-hour strike over pay.",
            "Rail workers in {place} walked out on {day}, cancelling about {k} services.",
        ],
        sentences: &[
            "The union is asking for a raise of {p2} percent, against the {small} percent offered.",
            "{name}, {role}, said talks would resume on {day2}.",
            "\"We are not asking for a favour, only for wages that keep up with prices,\" {name} said.",
            "About {n} commuters normally use the lines affected, according to {org}.",
            "Bus companies added {count} extra coaches on the busiest routes.",
            "{name2}, a nurse who commutes from the suburbs, said her journey took {hours} hours instead of one.",
            "The operator said it lost about {m} million euros a day during strikes.",
            "Unions have called {count} strikes on the network this year.",
            "Freight trains were also halted, leaving {k} containers waiting at the port.",
        ],
    },
    Topic {
        section: "Health",
        headlines: &[
            "{place} hospital opens new wing with {k} beds",
            "Waiting times fall at {place} hospital, report says",
        ],
        ledes: &[
            "The main hospital in {place} opened a new wing with {k} beds on {day}, easing pressure on its emergency department.",
            "Patients at the hospital in {place} waited {p} percent less for surgery this year, a report published on {day} said.",
        ],
        sentences: &[
            "The project cost {money} million euros and took {small} years to build.",
            "{name}, {role}, said the hospital had hired {count} hundred nurses since the spring.",
            "\"Every extra bed means someone does not wait on a trolley,\" {name} said.",
            "The emergency department treats about {n} patients a week, according to {org}.",
            "Average waits for a hip replacement fell to {p2} weeks.",
            "{name2}, whose mother was treated there in the summer, said the staff had been kind but stretched.",
            "The report found that {p} percent of patients were seen within four hours.",
            "Doctors warned that a winter flu season could undo the gains.",
            "The hospital plans to open a further {small} operating theatres next year.",
        ],
    },
    Topic {
        section: "Science",
        headlines: &[
            "Storm leaves {n} homes without power in {place}",
            "Gales of {speed} km/h hit {place}",
        ],
        ledes: &[
            "A storm left about {n} homes without electricity in and around {place} on {day}, the grid operator said.",
            "Winds of up to {speed} kilometres an hour struck {place} on {day}, bringing down trees and power lines.",
        ],
        sentences: &[
            "Crews had restored power to {p} percent of customers by the evening.",
            "{name}, {role}, urged residents to stay away from fallen cables.",
            "\"It will take days, not hours, to reconnect the last villages,\" {name} said.",
            "The national weather service recorded {m} millimetres of rain in six hours.",
            "Ferries to the islands were cancelled, stranding about {k} passengers.",
            "{name2}, who owns a cafe on the seafront, said the wind had torn off part of the roof.",
            "Insurers estimated the damage at {money} million euros.",
            "The storm is expected to weaken as it moves north on {day2}.",
            "Officials said {deaths} people were injured by falling branches.",
        ],
    },
    Topic {
        section: "Business",
        headlines: &[
            "Unemployment in {place} falls to {small} percent",
            "{place} adds {k} jobs as tourism recovers",
        ],
        ledes: &[
            "Unemployment in the {place} region fell to {small} percent in the third quarter, {org} said on {day}.",
            "Employers in {place} added {k} jobs in the past three months, led by hotels and restaurants.",
        ],
        sentences: &[
            "The number of people looking for work fell by {n} compared with a year earlier.",
            "{name}, {role}, said the figures showed the recovery was spreading beyond the capital.",
            "\"Growth is real, but wages are still catching up,\" {name} said.",
            "Average hourly pay rose {small} percent, slightly faster than prices.",
            "Hotels reported {count} percent more overnight stays than last summer.",
            "{name2}, who reopened her restaurant in March, said she had hired {count} more staff.",
            "Youth unemployment remained high at {p2} percent.",
            "The central bank expects the economy to keep growing next year.",
            "Construction lost about {count} hundred jobs as higher interest rates slowed building.",
        ],
    },
];

const GENERAL: &[&str] = &[
    "Officials said more details would be released on {day2}.",
    "{org} did not respond to a request for comment.",
    "A spokesperson for {org} said the situation was being monitored closely.",
    "Residents of {place} told reporters they had been given little warning.",
    "{name} is due to visit the area on {day2}.",
    "The figures could not be independently verified.",
    "Local radio reported that several streets near the centre of {place} were closed.",
    "A report on the causes is expected within {count} weeks.",
    "{name2} said neighbours had been helping each other since the morning.",
    "The opposition called for an inquiry.",
    "It was not immediately clear how the plans would be paid for.",
    "Similar events in {place2} {years} years ago led to changes in the law.",
];

/// The values one story's templates are filled with.
struct Values {
    place: &'static str,
    place2: &'static str,
    name: &'static str,
    name2: &'static str,
    role: &'static str,
    org: &'static str,
    day: &'static str,
    day2: &'static str,
    numbers: [(&'static str, u64); 16],
}

impl Values {
    fn draw(rng: &mut Rng, article_number: u64) -> Values {
        let place = rng.choose(PLACES);
        let mut place2 = rng.choose(PLACES);
        if place2 == place {
            place2 =
                PLACES[(PLACES.iter().position(|p| *p == place).unwrap_or(0) + 1) % PLACES.len()];
        }
        let name = rng.choose(NAMES);
        let mut name2 = rng.choose(NAMES);
        if name2 == name {
            name2 = NAMES[(NAMES.iter().position(|n| *n == name).unwrap_or(0) + 1) % NAMES.len()];
        }
        let day_index = rng.below(7) as usize;
        // The main figure moves with the article number, so consecutive articles of a feed
        // report different counts even when the rest of the draw is alike.
        let main = 40 + (article_number * 37 + rng.below(400)) % 4_960;
        let votes = rng.between(20, 40);
        let numbers = [
            ("n", main),
            ("n2", main + rng.between(100, 3_000)),
            ("m", rng.between(2, 90)),
            ("k", rng.between(12, 900)),
            ("p", rng.between(3, 60)),
            ("p2", rng.between(12, 35)),
            ("small", rng.between(2, 9)),
            ("count", rng.between(3, 19)),
            ("years", rng.between(11, 80)),
            ("money", rng.between(5, 950)),
            ("deaths", rng.between(2, 14)),
            ("hours", rng.between(3, 12)),
            ("temp", rng.between(31, 44)),
            ("speed", rng.between(90, 170)),
            ("votes", votes),
            ("against", rng.between(3, votes - 1)),
        ];
        Values {
            place,
            place2,
            name,
            name2,
            role: rng.choose(ROLES),
            org: rng.choose(ORGANISATIONS),
            day: DAYS[day_index],
            day2: DAYS[(day_index + 1 + rng.below(3) as usize) % 7],
            numbers,
        }
    }

    fn lookup(&self, key: &str) -> Option<String> {
        let text = match key {
            "place" => self.place,
            "place2" => self.place2,
            "name" => self.name,
            "name2" => self.name2,
            "role" => self.role,
            "org" => self.org,
            "day" => self.day,
            "day2" => self.day2,
            _ => {
                return self
                    .numbers
                    .iter()
                    .find(|(name, _)| *name == key)
                    .map(|(_, value)| group_thousands(*value));
            }
        };
        Some(text.to_string())
    }

    /// Fills `{key}` slots; a sentence that starts with a slot gets a capital letter.
    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let key = &after[..close];
                    match self.lookup(key) {
                        Some(value) => out.push_str(&value),
                        None => {
                            out.push('{');
                            out.push_str(key);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        capitalise(out)
    }
}

fn capitalise(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

/// Writes a number the way an English newspaper does: 4,960.
fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The story for one seed. `article_number` moves the main figure, so neighbouring articles of
/// a feed differ in their numbers as well as in their wording.
pub(crate) fn story(seed: u64, article_number: u64) -> Story {
    let mut rng = Rng::new(seed);
    let topic = rng.pick(TOPICS);
    let values = Values::draw(&mut rng, article_number);
    let headline = values.fill(rng.choose(topic.headlines));
    let lede = values.fill(rng.choose(topic.ledes));

    let mut pool: Vec<&str> = topic
        .sentences
        .iter()
        .chain(GENERAL.iter())
        .copied()
        .collect();
    rng.shuffle(&mut pool);
    let paragraph_count = rng.between(5, 10) as usize;
    let mut sentences = pool.into_iter().map(|template| values.fill(template));

    let mut paragraphs = Vec::with_capacity(paragraph_count);
    let mut first = lede.clone();
    if let Some(next) = sentences.next() {
        first.push(' ');
        first.push_str(&next);
    }
    paragraphs.push(first);
    while paragraphs.len() < paragraph_count {
        let per_paragraph = if rng.below(3) == 0 { 1 } else { 2 };
        let picked: Vec<String> = sentences.by_ref().take(per_paragraph).collect();
        if picked.is_empty() {
            break;
        }
        paragraphs.push(picked.join(" "));
    }

    Story {
        headline,
        summary: lede,
        paragraphs,
        author: rng.pick(NAMES).to_string(),
        section: topic.section,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_is_filled() {
        for seed in 0..500 {
            let story = story(seed, seed / 3);
            assert!(!story.headline.contains('{'), "{}", story.headline);
            assert!((5..=10).contains(&story.paragraphs.len()));
            for paragraph in &story.paragraphs {
                assert!(
                    !paragraph.contains('{') && !paragraph.contains('}'),
                    "{paragraph}"
                );
                assert!(paragraph.ends_with(['.', '"']), "{paragraph}");
            }
        }
    }

    #[test]
    fn stories_are_deterministic_and_varied() {
        assert_eq!(story(1, 1).paragraphs, story(1, 1).paragraphs);
        assert_ne!(story(1, 1).paragraphs, story(2, 2).paragraphs);
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(group_thousands(950), "950");
        assert_eq!(group_thousands(4960), "4960");
        assert_eq!(group_thousands(14960), "14,960");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}
