//! The SQLite side of [`crate::NewsroomStore`].

use super::{SqliteStore, parse_timestamp, timestamp_text};
use crate::newsroom::{
    BuiltReport, NewDecision, NewsroomCounts, NewsroomStore, StoryPage, StoryQuery, StoryRow,
};
use crate::{Result, StoreError};
use model::report::StoryReport;
use model::review::{Decision, ReviewAction};
use model::{ArticleId, Span, StoryId};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

/// The FTS5 query for free text: every word quoted (so no word is read as an operator), all
/// required. `None` when the text has no word.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The WHERE clause and its parameters for a story query (over `stories s` left-joined with
/// `story_reports r`).
fn story_filter(query: &StoryQuery) -> (String, Vec<Value>) {
    let mut clauses: Vec<&str> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(text) = query.text.as_deref().and_then(fts_query) {
        clauses.push("s.id IN (SELECT story_id FROM story_search WHERE story_search MATCH ?)");
        values.push(Value::Text(text));
    }
    for (facet, value) in [
        ("language", &query.language),
        ("outlet", &query.outlet),
        ("entity", &query.entity),
    ] {
        if let Some(value) = value {
            clauses.push(match facet {
                "language" => {
                    "s.id IN (SELECT story_id FROM story_facets WHERE facet = 'language' AND value = ?)"
                }
                "outlet" => {
                    "s.id IN (SELECT story_id FROM story_facets WHERE facet = 'outlet' AND value = ?)"
                }
                _ => {
                    "s.id IN (SELECT story_id FROM story_facets WHERE facet = 'entity' AND value = ?)"
                }
            });
            values.push(Value::Text(if facet == "entity" {
                value.to_lowercase()
            } else {
                value.clone()
            }));
        }
    }
    if let Some(since) = query.since {
        clauses.push("s.last_published_at >= ?");
        values.push(Value::Text(since.to_string()));
    }
    if let Some(until) = query.until {
        clauses.push("s.first_published_at <= ?");
        values.push(Value::Text(until.to_string()));
    }
    if query.pending_only {
        clauses.push("r.pending > 0");
    }
    let clause = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (clause, values)
}

const DECISION_COLUMNS: &str = "d.id, d.story_id, d.fact_id, d.action, d.value, d.article_id, \
     d.span_start, d.span_end, d.note, u.name, d.created_at";

fn decision_from_row(row: &Row<'_>) -> rusqlite::Result<(Decision, String, i64)> {
    let start: Option<i64> = row.get(6)?;
    let end: Option<i64> = row.get(7)?;
    Ok((
        Decision {
            id: row.get(0)?,
            story: StoryId(row.get(1)?),
            fact: row.get(2)?,
            action: ReviewAction::Note,
            value: row.get(4)?,
            article: row.get::<_, Option<String>>(5)?.map(ArticleId),
            span: match (start, end) {
                (Some(start), Some(end)) if start >= 0 && end >= start => Some(Span {
                    start: start as usize,
                    end: end as usize,
                }),
                _ => None,
            },
            note: row.get(8)?,
            by: row.get(9)?,
            at: jiff::Timestamp::UNIX_EPOCH,
        },
        row.get(3)?,
        row.get(10)?,
    ))
}

fn finish_decision((mut decision, action, at): (Decision, String, i64)) -> Result<Decision> {
    decision.action = ReviewAction::parse(&action)
        .ok_or_else(|| StoreError::Corrupt(format!("decision action {action:?}")))?;
    decision.at = jiff::Timestamp::from_second(at)
        .map_err(|e| StoreError::Corrupt(format!("decision time {at}: {e}")))?;
    Ok(decision)
}

fn insert_decision(
    transaction: &rusqlite::Transaction<'_>,
    decision: &NewDecision,
) -> Result<Decision> {
    transaction.execute(
        "INSERT INTO decisions (story_id, fact_id, action, value, article_id, span_start, span_end, note, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            decision.story.0,
            decision.fact,
            decision.action.as_str(),
            decision.value,
            decision.article.as_ref().map(|a| a.0.clone()),
            decision.span.map(|s| s.start as i64),
            decision.span.map(|s| s.end as i64),
            decision.note,
            decision.user_id,
            decision.at.as_second(),
        ],
    )?;
    let id = transaction.last_insert_rowid();
    let row = transaction.query_row(
        &format!(
            "SELECT {DECISION_COLUMNS} FROM decisions d JOIN users u ON u.id = d.user_id WHERE d.id = ?1"
        ),
        [id],
        decision_from_row,
    )?;
    finish_decision(row)
}

fn story_exists(transaction: &rusqlite::Transaction<'_>, story: &StoryId) -> Result<()> {
    let found: Option<i64> = transaction
        .query_row("SELECT 1 FROM stories WHERE id = ?1", [&story.0], |r| {
            r.get(0)
        })
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NoSuchStory(story.0.clone())),
    }
}

/// Sets a story's first and latest publication times from its members.
fn recompute_times(transaction: &rusqlite::Transaction<'_>, story: &StoryId) -> Result<()> {
    transaction.execute(
        "UPDATE stories SET
            first_published_at = (SELECT min(a.published_at) FROM story_articles sa
                                  JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ?1),
            last_published_at = (SELECT max(a.published_at) FROM story_articles sa
                                 JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ?1)
         WHERE id = ?1",
        [&story.0],
    )?;
    Ok(())
}

impl NewsroomStore for SqliteStore {
    fn story_page(&self, query: &StoryQuery) -> Result<StoryPage> {
        let (clause, values) = story_filter(query);
        let total: i64 = self.connection.query_row(
            &format!(
                "SELECT count(*) FROM stories s LEFT JOIN story_reports r ON r.story_id = s.id {clause}"
            ),
            params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        let mut page_values = values;
        page_values.push(Value::Integer(query.limit.min(1000) as i64));
        page_values.push(Value::Integer(query.offset.min(i64::MAX as usize) as i64));
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT s.id, s.title, s.first_published_at, s.last_published_at,
                    coalesce(r.members, (SELECT count(*) FROM story_articles WHERE story_id = s.id)),
                    coalesce(r.outlets, 0), coalesce(r.languages, ''), coalesce(r.disputed, 0),
                    coalesce(r.pending, 0), r.story_id IS NOT NULL
             FROM stories s LEFT JOIN story_reports r ON r.story_id = s.id
             {clause}
             ORDER BY s.last_published_at DESC, s.id
             LIMIT ? OFFSET ?"
        ))?;
        let rows = statement.query_map(params_from_iter(page_values.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, i64>(8)?,
                r.get::<_, bool>(9)?,
            ))
        })?;
        let mut stories = Vec::new();
        for row in rows {
            let (id, title, first, last, members, outlets, languages, disputed, pending, built) =
                row?;
            stories.push(StoryRow {
                id: StoryId(id),
                title,
                first_published_at: parse_timestamp(first)?,
                last_published_at: parse_timestamp(last)?,
                article_count: members.max(0) as usize,
                outlet_count: outlets.max(0) as usize,
                languages: languages
                    .split(',')
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                disputed: disputed.max(0) as usize,
                pending: pending.max(0) as usize,
                built,
            });
        }
        Ok(StoryPage {
            total: total.max(0) as usize,
            stories,
        })
    }

    fn current_report(&self, story: &StoryId, claims_version: &str) -> Result<Option<StoryReport>> {
        let json: Option<String> = self
            .connection
            .prepare_cached(
                "SELECT r.report FROM story_reports r
                 WHERE r.story_id = ?1 AND r.claims_version = ?2
                   AND r.members = (SELECT count(*) FROM story_articles WHERE story_id = ?1)
                   AND r.decisions = (SELECT count(*) FROM decisions WHERE story_id = ?1)",
            )?
            .query_row(params![story.0, claims_version], |r| r.get(0))
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::Corrupt(format!("built report of {story}: {e}")))
        })
        .transpose()
    }

    fn save_report(&mut self, built: &BuiltReport) -> Result<()> {
        let story = &built.report.id;
        let json = serde_json::to_string(&built.report)
            .map_err(|e| StoreError::Corrupt(format!("report does not serialize: {e}")))?;
        let last = built
            .report
            .articles
            .iter()
            .filter_map(|a| a.published_at)
            .max();
        let titles: Vec<&str> = built
            .report
            .articles
            .iter()
            .filter_map(|a| a.title.as_deref())
            .collect();
        let transaction = self.write()?;
        // The story may have been merged away since its report began building.
        let exists: Option<i64> = transaction
            .query_row("SELECT 1 FROM stories WHERE id = ?1", [&story.0], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Ok(());
        }
        transaction.execute(
            "INSERT INTO story_reports (story_id, members, outlets, languages, decisions, claims_version, built_at, last_published, disputed, pending, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (story_id) DO UPDATE SET members = excluded.members, outlets = excluded.outlets,
                 languages = excluded.languages, decisions = excluded.decisions,
                 claims_version = excluded.claims_version, built_at = excluded.built_at,
                 last_published = excluded.last_published, disputed = excluded.disputed,
                 pending = excluded.pending, report = excluded.report",
            params![
                story.0,
                built.members as i64,
                built.outlets.len() as i64,
                built.languages.join(","),
                built.decisions as i64,
                built.claims_version,
                built.built_at,
                timestamp_text(last),
                built.disputed as i64,
                built.pending as i64,
                json,
            ],
        )?;
        transaction.execute("DELETE FROM story_facets WHERE story_id = ?1", [&story.0])?;
        {
            let mut facet = transaction.prepare_cached(
                "INSERT OR IGNORE INTO story_facets (story_id, facet, value) VALUES (?1, ?2, ?3)",
            )?;
            for (name, values) in [
                ("language", &built.languages),
                ("outlet", &built.outlets),
                ("entity", &built.entities),
            ] {
                for value in values {
                    facet.execute(params![story.0, name, value])?;
                }
            }
        }
        transaction.execute("DELETE FROM story_search WHERE story_id = ?1", [&story.0])?;
        transaction.execute(
            "INSERT INTO story_search (story_id, title, body) VALUES (?1, ?2, ?3)",
            params![story.0, titles.join("\n"), built.search_text],
        )?;
        transaction.commit()?;
        Ok(())
    }

    fn stale_reports(&self, claims_version: &str, limit: usize) -> Result<Vec<StoryId>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT s.id FROM stories s LEFT JOIN story_reports r ON r.story_id = s.id
             WHERE r.story_id IS NULL OR r.claims_version != ?1
                OR r.members != (SELECT count(*) FROM story_articles WHERE story_id = s.id)
                OR r.decisions != (SELECT count(*) FROM decisions WHERE story_id = s.id)
             ORDER BY s.last_published_at DESC, s.id
             LIMIT ?2",
        )?;
        let rows = statement.query_map(params![claims_version, limit as i64], |r| {
            r.get::<_, String>(0)
        })?;
        rows.map(|r| Ok(StoryId(r?))).collect()
    }

    fn pending_reports(&self, limit: usize) -> Result<Vec<StoryReport>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT story_id, report FROM story_reports WHERE pending > 0
             ORDER BY last_published IS NULL, last_published DESC, story_id LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (id, json) = row?;
            serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("built report of {id}: {e}")))
        })
        .collect()
    }

    fn add_decision(&mut self, decision: &NewDecision) -> Result<Decision> {
        let transaction = self.write()?;
        story_exists(&transaction, &decision.story)?;
        let stored = insert_decision(&transaction, decision)?;
        transaction.commit()?;
        Ok(stored)
    }

    fn decisions(&self, story: &StoryId) -> Result<Vec<Decision>> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions d JOIN users u ON u.id = d.user_id
             WHERE d.story_id = ?1 ORDER BY d.id"
        ))?;
        let rows = statement.query_map([&story.0], decision_from_row)?;
        rows.map(|row| finish_decision(row?)).collect()
    }

    fn recent_decisions(&self, limit: usize) -> Result<Vec<Decision>> {
        let mut statement = self.connection.prepare_cached(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions d JOIN users u ON u.id = d.user_id
             ORDER BY d.id DESC LIMIT ?1"
        ))?;
        let rows = statement.query_map([limit as i64], decision_from_row)?;
        rows.map(|row| finish_decision(row?)).collect()
    }

    fn merge_stories(
        &mut self,
        from: &StoryId,
        into: &StoryId,
        user_id: i64,
        note: Option<&str>,
        at: jiff::Timestamp,
    ) -> Result<Decision> {
        if from == into {
            return Err(StoreError::Refused(format!(
                "story {from} cannot be merged into itself"
            )));
        }
        let transaction = self.write()?;
        story_exists(&transaction, from)?;
        story_exists(&transaction, into)?;
        transaction.execute(
            "UPDATE story_articles
             SET story_id = ?2,
                 position = position + (SELECT coalesce(max(position) + 1, 0)
                                        FROM story_articles WHERE story_id = ?2)
             WHERE story_id = ?1",
            params![from.0, into.0],
        )?;
        // The clusterer's numbers of `from` now lead to `into`.
        transaction.execute(
            "UPDATE story_numbers SET story_id = ?2 WHERE story_id = ?1",
            params![from.0, into.0],
        )?;
        transaction.execute(
            "INSERT OR REPLACE INTO story_numbers (number, story_id)
             SELECT number, ?2 FROM stories WHERE id = ?1 AND number IS NOT NULL",
            params![from.0, into.0],
        )?;
        transaction.execute("DELETE FROM story_search WHERE story_id = ?1", [&from.0])?;
        transaction.execute("DELETE FROM stories WHERE id = ?1", [&from.0])?;
        recompute_times(&transaction, into)?;
        let decision = insert_decision(
            &transaction,
            &NewDecision {
                story: into.clone(),
                fact: None,
                action: ReviewAction::Merge,
                value: Some(from.0.clone()),
                article: None,
                span: None,
                note: note.map(str::to_string),
                user_id,
                at,
            },
        )?;
        transaction.commit()?;
        Ok(decision)
    }

    fn split_story(
        &mut self,
        story: &StoryId,
        articles: &[ArticleId],
        user_id: i64,
        note: Option<&str>,
        at: jiff::Timestamp,
    ) -> Result<(StoryId, Decision)> {
        let transaction = self.write()?;
        story_exists(&transaction, story)?;
        let members: Vec<(String, Option<String>)> = {
            let mut statement = transaction.prepare(
                "SELECT sa.article_id, a.title FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                 WHERE sa.story_id = ?1 ORDER BY sa.position",
            )?;
            statement
                .query_map([&story.0], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        if articles.is_empty() {
            return Err(StoreError::Refused(
                "a split needs at least one article to move".into(),
            ));
        }
        for article in articles {
            if !members.iter().any(|(id, _)| id == &article.0) {
                return Err(StoreError::Refused(format!(
                    "article {article} is not in story {story}"
                )));
            }
        }
        if members
            .iter()
            .all(|(id, _)| articles.iter().any(|a| &a.0 == id))
        {
            return Err(StoreError::Refused(format!(
                "a split must leave at least one article in story {story}"
            )));
        }
        let moved: Vec<&(String, Option<String>)> = members
            .iter()
            .filter(|(id, _)| articles.iter().any(|a| &a.0 == id))
            .collect();
        let (first_id, first_title) = match moved.first() {
            Some((id, title)) => (id.clone(), title.clone().unwrap_or_else(|| id.clone())),
            None => return Err(StoreError::Refused("nothing to move".into())),
        };
        let new_id = StoryId(format!(
            "s-{}",
            &blake3::hash(format!("split:{}:{first_id}", story.0).as_bytes()).to_hex()[..12]
        ));
        transaction.execute(
            "INSERT INTO stories (id, title, first_published_at, number) VALUES (?1, ?2, NULL, NULL)",
            params![new_id.0, first_title],
        )?;
        {
            let mut update = transaction.prepare(
                "UPDATE story_articles SET story_id = ?2, position = ?3 WHERE article_id = ?1",
            )?;
            for (position, (id, _)) in moved.iter().enumerate() {
                update.execute(params![id, new_id.0, position as i64])?;
            }
        }
        // A copy whose original stayed behind is no longer a copy within its story.
        for side in [story, &new_id] {
            transaction.execute(
                "UPDATE story_articles SET duplicate_of = NULL
                 WHERE story_id = ?1 AND duplicate_of IS NOT NULL
                   AND duplicate_of NOT IN (SELECT article_id FROM story_articles WHERE story_id = ?1)",
                [&side.0],
            )?;
            recompute_times(&transaction, side)?;
        }
        let decision = insert_decision(
            &transaction,
            &NewDecision {
                story: story.clone(),
                fact: None,
                action: ReviewAction::Split,
                value: Some(new_id.0.clone()),
                article: None,
                span: None,
                note: note.map(str::to_string),
                user_id,
                at,
            },
        )?;
        insert_decision(
            &transaction,
            &NewDecision {
                story: new_id.clone(),
                fact: None,
                action: ReviewAction::Split,
                value: Some(story.0.clone()),
                article: None,
                span: None,
                note: note.map(str::to_string),
                user_id,
                at,
            },
        )?;
        transaction.commit()?;
        Ok((new_id, decision))
    }

    fn newsroom_counts(&self, claims_version: &str) -> Result<NewsroomCounts> {
        let count = |sql: &str| -> Result<usize> {
            let n: i64 = self.connection.query_row(sql, [], |r| r.get(0))?;
            Ok(n.max(0) as usize)
        };
        let stale: i64 = self.connection.query_row(
            "SELECT count(*) FROM stories s LEFT JOIN story_reports r ON r.story_id = s.id
             WHERE r.story_id IS NULL OR r.claims_version != ?1
                OR r.members != (SELECT count(*) FROM story_articles WHERE story_id = s.id)
                OR r.decisions != (SELECT count(*) FROM decisions WHERE story_id = s.id)",
            [claims_version],
            |r| r.get(0),
        )?;
        Ok(NewsroomCounts {
            articles: count("SELECT count(*) FROM articles")?,
            stories: count("SELECT count(*) FROM stories")?,
            reports: count("SELECT count(*) FROM story_reports")?,
            stale_reports: stale.max(0) as usize,
            disputed_facts: count("SELECT coalesce(sum(disputed), 0) FROM story_reports")?,
            pending_facts: count("SELECT coalesce(sum(pending), 0) FROM story_reports")?,
            decisions: count("SELECT count(*) FROM decisions")?,
            sources: count("SELECT count(*) FROM sources")?,
        })
    }
}
