//! End to end: in the seeded cart-abandonment journey, select the Send step,
//! connect the built-in Request inbox, open the Event tester, Send Event,
//! see `200 OK`, save, then find the payload (with the step's key) in the
//! request inbox view. And: a published journey's destinations change from
//! its overview ("Edit Destinations"); the Destinations page shows the
//! server's field errors beside their fields.

mod support;

use fantoccini::{Client, Locator};
use serde_json::json;
use support::{
    click, get_json, open_overview_tab, run_scenario_with, seeded_ids, text_of, wait_for_css,
    wait_until, Result,
};

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

/// Connects the inbox to every Send step through the API, then publishes.
async fn publish_with_inbox(app: &str, id: &str, inbox: &str) -> Result<()> {
    let http = reqwest::Client::new();
    let mut doc = get_json(&format!("{app}/api/journeys/{id}")).await?;
    let version = doc["version"].as_u64().ok_or("no version")?;
    if let Some(steps) = doc["steps"].as_object_mut() {
        for step in steps.values_mut() {
            if step["type"] == "send_to_destinations" {
                step["destinations"] =
                    json!([{"kind": "event", "destination_id": inbox, "call": "track"}]);
            }
        }
    }
    let spec =
        json!({"name": doc["name"], "description": doc["description"], "steps": doc["steps"]});
    let r = http
        .put(format!("{app}/api/journeys/{id}"))
        .header("If-Match", version.to_string())
        .json(&spec)
        .send()
        .await?;
    if !r.status().is_success() {
        return Err(format!("the API refused the save: {}", r.text().await?).into());
    }
    let r = http
        .post(format!("{app}/api/journeys/{id}/publish"))
        .send()
        .await?;
    if !r.status().is_success() {
        return Err(format!("the API refused to publish: {}", r.text().await?).into());
    }
    Ok(())
}

async fn published_scenario(client: Client, app: String) -> Result<()> {
    let (id, inbox) = seeded_ids(&app).await?;
    publish_with_inbox(&app, &id, &inbox).await?;

    // The overview's Steps: Edit Destinations on a Send step, identify instead of track.
    open_overview_tab(&client, &app, &id, "Steps").await?;
    click(&client, "button.edit-destinations").await?;
    let row = format!(".edit-destinations .connected-destination[data-destination-id='{inbox}']");
    wait_until("the inbox is listed with its name", || async {
        let t = text_of(&client, &format!("{row} .destination-name")).await?;
        Ok((t == "Request inbox").then_some(()))
    })
    .await?;
    client
        .execute(
            "const el = document.querySelector(arguments[0]);
             el.value = 'identify';
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(format!("{row} select.call-type"))],
        )
        .await?;
    click(&client, "button.save-destinations").await?;
    let doc = wait_until("the published journey is saved with identify", || async {
        let doc = get_json(&format!("{app}/api/journeys/{id}")).await?;
        Ok(doc.to_string().contains("\"identify\"").then_some(doc))
    })
    .await?;
    if doc["status"]["state"] != "published" {
        return Err(format!("the journey is no longer published: {}", doc["status"]).into());
    }
    wait_until("the editor closes", || async {
        Ok(client
            .find_all(Locator::Css("div.edit-destinations"))
            .await?
            .is_empty()
            .then_some(()))
    })
    .await?;

    // The Destinations page lists the inbox, and shows field errors beside fields.
    client.goto(&format!("{app}/destinations")).await?;
    wait_until("the inbox row shows", || async {
        let t = text_of(&client, "tr.destination-row").await?;
        Ok(t.contains("Request inbox").then_some(()))
    })
    .await?;
    click(&client, "button.new-destination").await?;
    client
        .execute(
            "for (const [sel, v] of [['#destination-name', 'Webhook'], ['#destination-url', 'not a url']]) {
                 const el = document.querySelector(sel);
                 el.value = v;
                 el.dispatchEvent(new Event('input', { bubbles: true }));
             }",
            vec![],
        )
        .await?;
    click(&client, "button.save-destination").await?;
    let message = wait_until("the URL error shows beside the URL", || async {
        let t = text_of(&client, "#dest-error-url").await?;
        Ok((!t.is_empty()).then_some(t))
    })
    .await?;
    if !message.contains("URL") {
        return Err(format!("unexpected URL error {message:?}").into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_journey_changes_destinations_from_its_overview() {
    run_scenario_with(true, published_scenario).await;
}
