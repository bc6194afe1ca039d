//! The five example journeys `make run` starts with (from the seeds).

use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use cairn_domain::{samples, Journey};
use chrono::Utc;

/// Adds the seed examples as drafts if the workspace has no journeys yet.
/// Returns how many were added.
pub async fn seed_examples(state: &AppState) -> Result<usize, ApiError> {
    let specs = samples::all_examples().map_err(|e| ApiError::Internal(e.to_string()))?;
    state
        .store
        .run(move |c| {
            if !store::list(c)?.is_empty() {
                return Ok(0);
            }
            let now = Utc::now();
            for (i, spec) in specs.into_iter().enumerate() {
                // Spread the times so the list shows them in the seeds' order.
                let at = now - chrono::Duration::minutes(i as i64);
                let j = Journey::new_draft(uuid::Uuid::new_v4().to_string(), spec, at);
                store::insert(c, &j)?;
            }
            Ok(5)
        })
        .await
}

/// Returns the workspace's first write key, creating one if there is none.
pub async fn ensure_write_key(state: &AppState) -> Result<String, ApiError> {
    let keys = state.store.run(|c| Ok(store::list_write_keys(c)?)).await?;
    if let Some(k) = keys.into_iter().next() {
        return Ok(k.key);
    }
    Ok(crate::routes::estimate::create_key(state, "Default source")
        .await?
        .key)
}
