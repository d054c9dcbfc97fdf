//! Keeps every story's built report current: a background task rebuilds the reports whose
//! story gained articles, got a decision, or was read by an older claims stage, and tells the
//! live pages that the list changed.

use crate::{ApiError, AppState};
use model::StoryId;
use store::NewsroomStore;

/// Stories rebuilt per store task, so readers get a connection in between.
const BATCH: usize = 16;

/// Rebuilds up to `limit` stale reports; returns how many were rebuilt.
pub(crate) async fn refresh_stale(state: &AppState, limit: usize) -> Result<usize, ApiError> {
    let version = pipeline::report_inputs_version();
    let mut done = 0;
    while done < limit {
        let version = version.clone();
        let take = BATCH.min(limit - done);
        let rebuilt = state
            .pool
            .run(move |store| {
                let stale = store.stale_reports(&version, take)?;
                let mut rebuilt = 0;
                for id in &stale {
                    if let Some(built) = pipeline::build_story(store, id, jiff::Timestamp::now())? {
                        store.save_report(&built)?;
                        rebuilt += 1;
                    }
                }
                Ok((stale.len(), rebuilt))
            })
            .await?;
        done += rebuilt.1;
        if rebuilt.1 > 0 {
            state.changes.send_modify(|n| *n += 1);
        }
        if rebuilt.0 < take {
            break;
        }
    }
    Ok(done)
}

/// The report of one story, built now if the stored one is stale.
pub(crate) async fn current(
    state: &AppState,
    id: StoryId,
) -> Result<model::report::StoryReport, ApiError> {
    let version = pipeline::report_inputs_version();
    let (report, rebuilt) = state
        .pool
        .run(move |store| {
            if let Some(report) = store.current_report(&id, &version)? {
                return Ok((report, false));
            }
            let built = pipeline::build_story(store, &id, jiff::Timestamp::now())?
                .ok_or_else(|| ApiError::not_found(format!("no story {id}")))?;
            store.save_report(&built)?;
            Ok((built.report, true))
        })
        .await?;
    if rebuilt {
        state.changes.send_modify(|n| *n += 1);
    }
    Ok(report)
}

/// The background task: rebuild what is stale, then wait.
pub(crate) async fn run(state: AppState) {
    const ROUND: usize = 256;
    loop {
        let more = match refresh_stale(&state, ROUND).await {
            Ok(n) => {
                if n > 0 {
                    tracing::debug!("rebuilt {n} story reports");
                }
                // A full round may have left more behind (a new store): go on at once.
                n == ROUND
            }
            Err(e) => {
                tracing::warn!("refreshing story reports: {}", e.message);
                false
            }
        };
        if !more {
            tokio::time::sleep(state.config.refresh_every).await;
        }
    }
}
