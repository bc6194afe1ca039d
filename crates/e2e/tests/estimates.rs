//! End to end: on a server holding sample data, the entry step of a draft
//! shows the estimate the API computes (with and without historical data),
//! Preview lists matching users, the condition builder suggests the data's
//! event names, and Settings lists the write key seeding created.

mod support;

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::{run_scenario_with_args, wait_for_css, wait_until, Result};

/// A count as the app writes it: "1,873 users".
fn users(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} {}", if n == 1 { "user" } else { "users" })
}

async fn api_estimate(app: &str, condition: &Value, historical: bool) -> Result<Value> {
    let r = reqwest::Client::new()
        .post(format!("{app}/api/estimate"))
        .json(&json!({"condition": condition, "use_historical_data": historical}))
        .send()
        .await?;
    if !r.status().is_success() {
        return Err(format!("estimate refused: {}", r.text().await?).into());
    }
    Ok(r.json().await?)
}

async fn count_shown(client: &Client) -> Result<String> {
    Ok(client
        .find(Locator::Css(".estimate-count"))
        .await?
        .text()
        .await?)
}

async fn scenario(client: Client, app: String) -> Result<()> {
    let list: Value = reqwest::get(format!("{app}/api/journeys"))
        .await?
        .json()
        .await?;
    let id = list
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|r| r["name"].as_str().is_some_and(|n| n.contains("abandon")))
        })
        .and_then(|r| r["id"].as_str())
        .ok_or("no seeded cart-abandonment journey")?
        .to_string();
    let doc: Value = reqwest::get(format!("{app}/api/journeys/{id}"))
        .await?
        .json()
        .await?;
    let entry = doc["steps"]
        .as_object()
        .and_then(|steps| {
            steps
                .iter()
                .find(|(_, s)| s["type"] == "entry_condition")
                .map(|(k, s)| (k.clone(), s.clone()))
        })
        .ok_or_else(|| format!("no entry step in {doc}"))?;
    let (entry_id, entry_step) = entry;
    let historical = entry_step["use_historical_data"].as_bool().unwrap_or(false);
    let expected = api_estimate(&app, &entry_step["condition"], historical).await?;
    let expected_count = expected["count"].as_u64().ok_or("no count")?;
    if expected["matching_now"].as_u64().unwrap_or(0) == 0 {
        return Err(format!("the sample data should match the seed example: {expected}").into());
    }

    client.goto(&format!("{app}/journeys/{id}/builder")).await?;
    wait_for_css(&client, &format!(".node[data-step-id=\"{entry_id}\"]"))
        .await?
        .click()
        .await?;
    wait_for_css(&client, ".estimate").await?;
    let want = users(expected_count);
    wait_until(&format!("the estimate reads {want:?}"), || async {
        Ok((count_shown(&client).await? == want).then_some(()))
    })
    .await?;

    // Flip "use historical data": the estimate follows the API's.
    let flipped = api_estimate(&app, &entry_step["condition"], !historical).await?;
    let want_flipped = users(flipped["count"].as_u64().ok_or("no count")?);
    client
        .find(Locator::Css("#use-historical-data"))
        .await?
        .click()
        .await?;
    wait_until(
        &format!("the estimate without/with history reads {want_flipped:?}"),
        || async {
            let detail = client
                .find(Locator::Css(".estimate-detail"))
                .await?
                .text()
                .await?;
            let meaning = flipped["meaning"].as_str().unwrap_or_default();
            Ok((count_shown(&client).await? == want_flipped && detail == meaning).then_some(()))
        },
    )
    .await?;
    // Back, and preview the users who match.
    client
        .find(Locator::Css("#use-historical-data"))
        .await?
        .click()
        .await?;
    wait_until("the estimate is back", || async {
        Ok((count_shown(&client).await? == want).then_some(()))
    })
    .await?;
    client
        .find(Locator::Css("button.preview-users"))
        .await?
        .click()
        .await?;
    let shown = wait_until("matching users are listed", || async {
        let rows = client.find_all(Locator::Css(".preview-user-id")).await?;
        Ok((!rows.is_empty()).then_some(rows.len()))
    })
    .await?;
    let sample = expected["sample"].as_array().map_or(0, Vec::len);
    if shown != sample {
        return Err(format!("Preview lists {shown} users, the API sampled {sample}").into());
    }

    // The condition builder suggests event names from the data.
    let events: Value = client
        .execute(
            "return Array.from(document.querySelectorAll('#cairn-event-names option')).map(o => o.value);",
            vec![],
        )
        .await?;
    let events = events.as_array().cloned().unwrap_or_default();
    for name in ["Product Added", "Order Completed", "Page Viewed"] {
        if !events.iter().any(|e| e == name) {
            return Err(format!("{name} is not suggested: {events:?}").into());
        }
    }

    // Settings lists the write key seeding created.
    client.goto(&format!("{app}/settings")).await?;
    let keys: Value = reqwest::get(format!("{app}/api/write-keys"))
        .await?
        .json()
        .await?;
    let key = keys[0]["key"].as_str().ok_or("no write key")?.to_string();
    wait_until("the write key is listed", || async {
        let shown = client.find_all(Locator::Css(".write-key-value")).await?;
        for el in shown {
            if el.text().await? == key {
                return Ok(Some(()));
            }
        }
        Ok(None)
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_entry_step_shows_real_counts_from_the_sample_data() {
    run_scenario_with_args(
        &["--seed", "--sample-data", "--sample-profiles", "3000"],
        scenario,
    )
    .await;
}
