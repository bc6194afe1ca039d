//! End to end: in the seeded cart-abandonment journey, select the Send step,
//! connect the built-in Request inbox, open the Event tester, Send Event,
//! see `200 OK`, save, then find the payload (with the step's key) in the
//! request inbox view.

mod support;

use fantoccini::{Client, Locator};
use serde_json::Value;
use support::{run_scenario_with, wait_for_css, wait_until, Result};

async fn get_json(url: &str) -> Result<Value> {
    Ok(reqwest::get(url).await?.json().await?)
}

async fn click(client: &Client, selector: &str) -> Result<()> {
    wait_for_css(client, selector)
        .await?
        .click()
        .await
        .map_err(|e| format!("clicking {selector}: {e}").into())
}

async fn text_of(client: &Client, selector: &str) -> Result<String> {
    Ok(client.find(Locator::Css(selector)).await?.text().await?)
}

async fn scenario(client: Client, app: String) -> Result<()> {
    let journeys = get_json(&format!("{app}/api/journeys")).await?;
    let id = journeys
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["name"] == "Cart abandonment"))
        .and_then(|r| r["id"].as_str())
        .ok_or("the seeded cart-abandonment journey is missing")?
        .to_string();
    let destinations = get_json(&format!("{app}/api/destinations")).await?;
    let inbox = destinations
        .as_array()
        .and_then(|all| all.iter().find(|d| d["builtin"] == "inbox"))
        .and_then(|d| d["id"].as_str())
        .ok_or("the seeded request inbox is missing")?
        .to_string();

    // The Send step's panel.
    client.goto(&format!("{app}/journeys/{id}/builder")).await?;
    wait_for_css(&client, ".node").await?;
    click(&client, "button[aria-label='Fit to view']").await?;
    click(&client, ".node[data-step-type='send_to_destinations']").await?;
    let key = wait_for_css(&client, ".step-panel #step-key")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    if key.is_empty() {
        return Err("the Send step shows no key".into());
    }

    // Connect the built-in inbox.
    click(&client, "button.connect-destinations").await?;
    click(
        &client,
        &format!("input.pick-destination[data-destination-id='{inbox}']"),
    )
    .await?;
    let row = format!(".connected-destination[data-destination-id='{inbox}']");
    let name = wait_until("the inbox is connected", || async {
        let t = text_of(&client, &format!("{row} .destination-name")).await?;
        Ok((t == "Request inbox").then_some(t))
    })
    .await?;
    assert_eq!(name, "Request inbox");

    // The tester: the preview carries the key; Send Event answers 200 OK.
    click(&client, &format!("{row} button.open-tester")).await?;
    wait_until("the payload preview names the key", || async {
        let t = text_of(&client, ".event-tester .payload-preview").await?;
        Ok(t.contains(&key).then_some(()))
    })
    .await?;
    let user = client
        .find(Locator::Css(".event-tester input.tester-user-id"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    if !user.starts_with("test-user-") {
        return Err(format!("unexpected test user id {user:?}").into());
    }
    click(&client, ".event-tester button.send-event").await?;
    let status = wait_until("the tester shows the status line", || async {
        let t = text_of(&client, ".tester-result .status-line").await?;
        Ok((!t.is_empty()).then_some(t))
    })
    .await?;
    if status != "200 OK" {
        let page = text_of(&client, ".tester-result").await.unwrap_or_default();
        return Err(format!("the tester shows {status:?}:\n{page}").into());
    }
    let body = text_of(&client, ".tester-result .response-body").await?;
    if !body.contains("\"received\": true") {
        return Err(format!("unexpected response body {body}").into());
    }

    // Save: the journey now sends to the inbox.
    click(&client, "button.save-draft").await?;
    wait_until("the journey is saved with the inbox", || async {
        let doc = get_json(&format!("{app}/api/journeys/{id}")).await?;
        Ok(doc.to_string().contains(&inbox).then_some(()))
    })
    .await?;

    // The inbox view shows the payload, with the key and the test user.
    click(&client, ".tester-result .inbox-link a").await?;
    wait_until("the inbox shows the test event", || async {
        let t = text_of(&client, ".inbox-entry .inbox-body").await?;
        Ok((t.contains(&key) && t.contains(&user) && t.contains("Audience Entered")).then_some(()))
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_tester_sends_to_the_request_inbox_and_the_inbox_shows_it() {
    run_scenario_with(true, scenario).await;
}
