//! The journey list, end to end: the real server with an empty database, the
//! built app, headless Chromium driven through chromedriver.
//!
//! Needs the server binary and `dist/`: run through `make test`, or build them
//! and run `cargo test -p cairn-e2e` (see `support/mod.rs` for the variables).

#[macro_use]
mod support;

use fantoccini::{Client, Locator};
use support::{button_xpath, run_scenario, texts, wait_for_css, wait_until, Result};

const NEW_JOURNEY: &str = "+ New Journey";
const JOURNEY_NAME: &str = "Welcome series";
const ROW_NAMES: &str = "table.journey-table tbody tr.journey-row th[scope=row]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_a_journey_from_the_empty_state_and_see_it_listed() {
    run_scenario(create_and_list).await;
}

async fn create_and_list(client: Client, app: String) -> Result<()> {
    // A fresh database: the empty state, with its own "+ New Journey".
    client.goto(&format!("{app}/")).await?;
    let empty = wait_for_css(&client, ".empty-state").await?;
    let empty_text = empty.text().await?;
    ensure!(
        empty_text.contains("No journeys yet"),
        "the empty state should say there are no journeys yet; it says {empty_text:?}"
    );
    let new_buttons = client
        .find_all(Locator::XPath(&button_xpath(NEW_JOURNEY)))
        .await?;
    ensure!(
        new_buttons.len() == 1,
        "expected exactly one {NEW_JOURNEY:?} button on the empty page, found {}",
        new_buttons.len()
    );
    new_buttons[0].click().await?;

    // The form: type a name, watch the counter, create.
    let name = wait_for_css(&client, "#journey-name").await?;
    name.send_keys(JOURNEY_NAME).await?;
    let typed = JOURNEY_NAME.chars().count();
    let counter = wait_until("the name counter counts the typed name", || async {
        let text = client
            .find(Locator::Css("#journey-name-counter"))
            .await?
            .text()
            .await?;
        Ok(text.starts_with(&format!("{typed}/")).then_some(text))
    })
    .await?;
    ensure!(
        counter
            .split('/')
            .nth(1)
            .is_some_and(|max| max.parse::<usize>().is_ok()),
        "the counter should read \"N/MAX\"; it reads {counter:?}"
    );
    client
        .find(Locator::XPath(&button_xpath("Create")))
        .await?
        .click()
        .await?;

    // Create opens the new journey's builder, named as typed.
    let builder_url = wait_until("the new journey's builder opens", || async {
        let url = client.current_url().await?;
        Ok(url.path().ends_with("/builder").then(|| url.to_string()))
    })
    .await?;
    wait_until("the builder shows the name", || async {
        let value = client
            .find(Locator::Css(".builder #journey-name"))
            .await?
            .prop("value")
            .await?;
        Ok((value.as_deref() == Some(JOURNEY_NAME)).then_some(()))
    })
    .await?;
    wait_for_css(&client, "button.add-entry").await?;

    // Back returns to the list, which now shows the journey, as a draft with
    // its step budget; forward returns to the builder.
    client.back().await?;
    wait_until("the new journey is listed", || async {
        let names = texts(&client, ROW_NAMES).await?;
        Ok(names.iter().any(|n| n == JOURNEY_NAME).then_some(()))
    })
    .await?;
    client.forward().await?;
    wait_until("forward returns to the builder", || async {
        let url = client.current_url().await?.to_string();
        let shown = client
            .find_all(Locator::Css(".builder #journey-name"))
            .await?;
        Ok((url == builder_url && !shown.is_empty()).then_some(()))
    })
    .await?;
    client.back().await?;
    wait_until("back again shows the list", || async {
        let names = texts(&client, ROW_NAMES).await?;
        Ok(names.iter().any(|n| n == JOURNEY_NAME).then_some(()))
    })
    .await?;
    let row = client
        .find(Locator::XPath(&format!(
            "//table[contains(@class,'journey-table')]//tr[th[normalize-space(.)='{JOURNEY_NAME}']]"
        )))
        .await?;
    let badge = row.find(Locator::Css(".badge")).await?.text().await?;
    ensure!(
        badge.trim() == "Draft",
        "a new journey should be a Draft; its badge says {badge:?}"
    );
    let steps = row
        .find(Locator::Css(".journey-steps"))
        .await?
        .text()
        .await?;
    ensure!(
        is_step_usage(steps.trim()),
        "the steps cell should read \"N / LIMIT\"; it reads {steps:?}"
    );
    let updated = row.find(Locator::Css("time")).await?;
    ensure!(
        updated.attr("datetime").await?.is_some(),
        "the last-updated cell should carry a machine-readable datetime"
    );
    ensure!(
        client
            .find_all(Locator::Css("#journey-name"))
            .await?
            .is_empty(),
        "the form should close after a successful create"
    );
    ensure!(
        client
            .find_all(Locator::XPath(&button_xpath(NEW_JOURNEY)))
            .await?
            .len()
            == 1,
        "with journeys listed, the header offers {NEW_JOURNEY:?}"
    );

    // The server stored it.
    let stored: serde_json::Value = reqwest::get(format!("{app}/api/journeys"))
        .await?
        .error_for_status()?
        .json()
        .await?;
    let stored_names: Vec<&str> = stored
        .as_array()
        .map(|list| list.iter().filter_map(|j| j["name"].as_str()).collect())
        .unwrap_or_default();
    ensure!(
        stored_names == [JOURNEY_NAME],
        "GET /api/journeys should list exactly the new journey; it lists {stored_names:?}"
    );

    // A reload fetches it again from the server.
    client.refresh().await?;
    wait_until("the journey is listed after a reload", || async {
        let names = texts(&client, ROW_NAMES).await?;
        Ok((names == [JOURNEY_NAME]).then_some(()))
    })
    .await?;
    ensure!(
        client
            .find_all(Locator::Css(".empty-state"))
            .await?
            .is_empty(),
        "no empty state once a journey exists"
    );
    Ok(())
}

/// "3 / 20" and the like.
fn is_step_usage(text: &str) -> bool {
    match text.split_once(" / ") {
        Some((used, limit)) => used.parse::<u32>().is_ok() && limit.parse::<u32>().is_ok(),
        None => false,
    }
}
