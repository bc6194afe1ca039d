//! End to end, the journey lifecycle: the seeded cart-abandonment draft gets
//! the Request inbox on every Send step in the builder, is saved as a draft
//! and published; then its steps are locked (the builder says why, the API
//! refuses a step change with 409 `published_steps_locked`), while its name
//! (overview Settings) and a Send step's call type (overview "Edit
//! Destinations") still change; finally Clone Journey from the overview's
//! **…** menu gives a draft with new Send step keys whose steps can change.

mod support;

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::{
    button_xpath, click, get_json, open_overview_tab, run_scenario_with, seeded_ids, set_value,
    text_of, wait_for_css, wait_until, Result,
};

/// The keys of a journey document's Send steps, sorted.
fn send_keys(doc: &Value) -> Vec<String> {
    let mut keys: Vec<String> = doc["steps"]
        .as_object()
        .map(|steps| {
            steps
                .values()
                .filter(|s| s["type"] == "send_to_destinations")
                .filter_map(|s| s["key"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    keys.sort();
    keys
}

async fn scenario(client: Client, app: String) -> Result<()> {
    let (id, inbox) = seeded_ids(&app).await?;
    let original = get_json(&format!("{app}/api/journeys/{id}")).await?;
    let original_keys = send_keys(&original);
    if original_keys.is_empty() {
        return Err("the seeded journey has no Send step".into());
    }

    // The builder: connect the inbox to every Send step.
    client.goto(&format!("{app}/journeys/{id}/builder")).await?;
    wait_for_css(&client, ".node").await?;
    click(&client, "button[aria-label='Fit to view']").await?;
    let sends = client
        .find_all(Locator::Css(".node[data-step-type='send_to_destinations']"))
        .await?;
    if sends.len() != original_keys.len() {
        return Err(format!(
            "{} Send nodes for {} keys",
            sends.len(),
            original_keys.len()
        )
        .into());
    }
    for i in 0..sends.len() {
        let node = client
            .find_all(Locator::Css(".node[data-step-type='send_to_destinations']"))
            .await?
            .into_iter()
            .nth(i)
            .ok_or("a Send node went away")?;
        node.click().await?;
        click(&client, "button.connect-destinations").await?;
        click(
            &client,
            &format!("input.pick-destination[data-destination-id='{inbox}']"),
        )
        .await?;
        let row = format!(".connected-destination[data-destination-id='{inbox}']");
        wait_for_css(&client, &row).await?;
        click(&client, "button.close-panel").await?;
    }
    click(&client, "button.save-draft").await?;
    wait_until(
        "the draft is saved with the inbox on every Send step",
        || async {
            let doc = get_json(&format!("{app}/api/journeys/{id}")).await?;
            let connected = doc["steps"]
                .as_object()
                .map(|steps| {
                    steps
                        .values()
                        .filter(|s| s["type"] == "send_to_destinations")
                        .all(|s| s["destinations"].to_string().contains(&inbox))
                })
                .unwrap_or(false);
            Ok(connected.then_some(()))
        },
    )
    .await?;

    // Publish, confirming.
    click(&client, "button.publish").await?;
    let dialog = text_of(&client, ".publish-dialog").await?;
    if !dialog.contains("locked") || !dialog.contains("destinations") {
        return Err(
            format!("the confirmation does not say what publishing means: {dialog}").into(),
        );
    }
    click(&client, "button.confirm-publish").await?;
    wait_for_css(&client, ".locked-banner").await?;
    let doc = get_json(&format!("{app}/api/journeys/{id}")).await?;
    if doc["status"]["state"] != "published" {
        return Err(format!("not published: {}", doc["status"]).into());
    }

    // Locked: a step's fields are disabled, with the reason.
    click(&client, ".node[data-step-type='send_to_destinations']").await?;
    let note = text_of(&client, ".step-panel #locked-note").await?;
    if !note.contains("Clone the journey") {
        return Err(format!("unexpected locked note {note:?}").into());
    }
    let name = wait_for_css(&client, ".step-panel #step-name").await?;
    if name.attr("disabled").await?.is_none() {
        return Err("a published step's name is editable".into());
    }
    let title = name.attr("title").await?.unwrap_or_default();
    if !title.contains("Published journeys' steps are locked") {
        return Err(format!("the disabled name field says {title:?}").into());
    }
    let described = name.attr("aria-describedby").await?.unwrap_or_default();
    if !described.split(' ').any(|id| id == "locked-note") {
        return Err(format!("the name field is described by {described:?}").into());
    }
    let delete = wait_for_css(&client, ".step-panel button.delete-step").await?;
    if delete.attr("disabled").await?.is_none()
        || !delete
            .attr("title")
            .await?
            .unwrap_or_default()
            .contains("locked")
    {
        return Err("Delete step is not disabled with the reason".into());
    }

    // The API refuses a step change.
    let doc = get_json(&format!("{app}/api/journeys/{id}")).await?;
    let version = doc["version"].as_u64().ok_or("no version")?;
    let mut steps = doc["steps"].clone();
    if let Some(step) = steps
        .as_object_mut()
        .and_then(|s| s.values_mut().find(|s| s["type"] == "send_to_destinations"))
    {
        step["name"] = json!("Renamed step");
    }
    let r = reqwest::Client::new()
        .put(format!("{app}/api/journeys/{id}"))
        .header("If-Match", version.to_string())
        .json(&json!({"name": doc["name"], "description": doc["description"], "steps": steps}))
        .send()
        .await?;
    let status = r.status().as_u16();
    let body: Value = r.json().await?;
    if status != 409 || body["error"]["code"] != "published_steps_locked" {
        return Err(format!("a step change answered {status} {body}").into());
    }

    // The overview's Settings: rename.
    open_overview_tab(&client, &app, &id, "Settings").await?;
    set_value(
        &client,
        "#settings-name",
        "Cart abandonment (live)",
        "input",
    )
    .await?;
    click(&client, "button.save-settings").await?;
    wait_until("the API shows the new name, still published", || async {
        let doc = get_json(&format!("{app}/api/journeys/{id}")).await?;
        Ok(
            (doc["name"] == "Cart abandonment (live)" && doc["status"]["state"] == "published")
                .then_some(()),
        )
    })
    .await?;
    wait_until("the overview heading follows", || async {
        Ok((text_of(&client, ".overview h1").await? == "Cart abandonment (live)").then_some(()))
    })
    .await?;

    // "Edit Destinations": identify instead of track.
    client
        .wait()
        .for_element(Locator::XPath(&button_xpath("Steps")))
        .await?
        .click()
        .await?;
    click(&client, "button.edit-destinations").await?;
    let row = format!(".edit-destinations .connected-destination[data-destination-id='{inbox}']");
    wait_for_css(&client, &format!("{row} select.call-type")).await?;
    set_value(
        &client,
        &format!("{row} select.call-type"),
        "identify",
        "change",
    )
    .await?;
    click(&client, "button.save-destinations").await?;
    wait_until("the call type is saved, still published", || async {
        let doc = get_json(&format!("{app}/api/journeys/{id}")).await?;
        Ok(
            (doc.to_string().contains("\"identify\"") && doc["status"]["state"] == "published")
                .then_some(()),
        )
    })
    .await?;

    // Clone Journey from the … menu: old → new keys, then the copy's builder.
    click(&client, ".overview-status button.row-menu-button").await?;
    click(&client, "button.clone-journey").await?;
    wait_for_css(&client, ".clone-dialog .key-change").await?;
    let old_keys = client
        .find_all(Locator::Css(".clone-dialog .old-key"))
        .await?
        .len();
    let new_keys = client
        .find_all(Locator::Css(".clone-dialog .new-key"))
        .await?
        .len();
    if old_keys != original_keys.len() || new_keys != original_keys.len() {
        return Err(format!("the clone dialog lists {old_keys} → {new_keys} keys").into());
    }
    click(&client, ".clone-dialog a.open-copy").await?;
    let copy_id = wait_until("the copy's builder opens", || async {
        let url = client.current_url().await?;
        let path = url.path().to_string();
        let copy = path
            .strip_prefix("/journeys/")
            .and_then(|rest| rest.strip_suffix("/builder"))
            .filter(|copy| *copy != id)
            .map(str::to_string);
        Ok(copy)
    })
    .await?;
    let copy = get_json(&format!("{app}/api/journeys/{copy_id}")).await?;
    if copy["status"]["state"] != "draft" {
        return Err(format!("the copy is not a draft: {}", copy["status"]).into());
    }
    let copy_keys = send_keys(&copy);
    if copy_keys.len() != original_keys.len() || copy_keys.iter().any(|k| original_keys.contains(k))
    {
        return Err(format!("copy keys {copy_keys:?} vs original {original_keys:?}").into());
    }

    // The copy's steps are editable: rename a step and Save as Draft.
    wait_for_css(&client, ".node").await?;
    click(&client, "button[aria-label='Fit to view']").await?;
    click(&client, ".node[data-step-type='send_to_destinations']").await?;
    let name = wait_for_css(&client, ".step-panel #step-name").await?;
    if name.attr("disabled").await?.is_some() {
        return Err("the copy's step name is disabled".into());
    }
    set_value(
        &client,
        ".step-panel #step-name",
        "Renamed in the copy",
        "input",
    )
    .await?;
    click(&client, "button.save-draft").await?;
    wait_until("the copy is saved with the new step name", || async {
        let doc = get_json(&format!("{app}/api/journeys/{copy_id}")).await?;
        Ok(doc
            .to_string()
            .contains("Renamed in the copy")
            .then_some(()))
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_published_locked_renamed_and_cloned() {
    run_scenario_with(true, scenario).await;
}
