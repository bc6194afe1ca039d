//! Code splitting, end to end: the journey list loads only the main module;
//! the builder's code is fetched when the builder first opens, and the app
//! works across the boundary (client-side navigation, then a direct load).
//! Also the server's side of the download: gzip copies and revalidation.

#[macro_use]
mod support;

use fantoccini::Client;
use support::{click, get_json, run_scenario_with, seeded_ids, wait_for_css, wait_until, Result};

/// The file names of every resource the page has fetched so far.
async fn fetched(client: &Client) -> Result<Vec<String>> {
    let names = client
        .execute(
            "return performance.getEntriesByType('resource')
                .map(e => new URL(e.name).pathname.split('/').pop());",
            vec![],
        )
        .await?;
    Ok(names
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|n| n.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

fn builder_module(names: &[String]) -> bool {
    names
        .iter()
        .any(|n| n.starts_with("split_builder_page") && n.ends_with(".wasm"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_builder_code_loads_when_the_builder_opens() {
    run_scenario_with(true, scenario).await;
}

async fn scenario(client: Client, app: String) -> Result<()> {
    let (id, _) = seeded_ids(&app).await?;

    // The journey list: main module only.
    client.goto(&format!("{app}/")).await?;
    wait_for_css(&client, "tr.journey-row").await?;
    let first = fetched(&client).await?;
    ensure!(
        first.iter().any(|n| n == "cairn-app_bg.wasm"),
        "the main module should be loaded; fetched {first:?}"
    );
    ensure!(
        !first.iter().any(|n| n.starts_with("split_")),
        "the journey list should not fetch any page's split module; fetched {first:?}"
    );

    // Open the builder through the app: its module is fetched, the canvas works.
    let link = format!("a.button[href=\"/journeys/{id}/builder\"]");
    client.goto(&format!("{app}/journeys/{id}")).await?;
    wait_for_css(&client, &link).await?;
    click(&client, &link).await?;
    wait_for_css(&client, ".canvas .node[data-step-type=\"entry_condition\"]").await?;
    let now = fetched(&client).await?;
    ensure!(
        builder_module(&now),
        "opening the builder should fetch its module; fetched {now:?}"
    );

    // Select the entry node: the panel (also split-off code) opens.
    click(&client, ".canvas .node[data-step-type=\"entry_condition\"]").await?;
    wait_for_css(&client, ".step-panel").await?;

    // A direct load of the builder URL works too: every step is drawn.
    let steps = get_json(&format!("{app}/api/journeys/{id}")).await?["steps"]
        .as_object()
        .map(|steps| steps.len())
        .ok_or("the journey has no steps")?;
    ensure!(steps > 1, "the seeded journey should have several steps");
    client.goto(&format!("{app}/journeys/{id}/builder")).await?;
    wait_until(
        "the canvas draws every step of the seeded journey",
        || async {
            let nodes = client
                .find_all(fantoccini::Locator::Css(".canvas .node"))
                .await?;
            Ok((nodes.len() == steps).then_some(()))
        },
    )
    .await?;

    // The server sends the gzip copy, to be revalidated on every load.
    let response = reqwest::Client::new()
        .get(format!("{app}/cairn-app_bg.wasm"))
        .header("Accept-Encoding", "gzip")
        .send()
        .await?;
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    ensure!(
        headers
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            == Some("gzip"),
        "the wasm should be sent gzip-encoded; headers {headers:?}"
    );
    ensure!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()) == Some("no-cache"),
        "the wasm should be revalidated (no-cache); headers {headers:?}"
    );
    ensure!(
        body.starts_with(&[0x1f, 0x8b]),
        "the body should be the gzip stream itself"
    );
    Ok(())
}
