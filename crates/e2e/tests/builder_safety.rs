//! End to end: unsaved changes survive a reload (the local draft), and a
//! save that conflicts with someone else's lets the user reload theirs or
//! overwrite deliberately; leaving with unsaved changes warns first.

mod support;

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::{run_scenario_with, set_value, wait_for_css, wait_until, Result};

async fn set(client: &Client, selector: &str, value: &str) -> Result<()> {
    set_value(client, selector, value, "input").await
}

async fn name_shown(client: &Client) -> Result<String> {
    Ok(client
        .find(Locator::Css("#journey-name"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

async fn wait_name(client: &Client, want: &str) -> Result<()> {
    wait_until(&format!("the journey name reads {want:?}"), || async {
        Ok((name_shown(client).await? == want).then_some(()))
    })
    .await
}

/// Renames the journey through the API, as another person would.
async fn rename_elsewhere(app: &str, id: &str, name: &str) -> Result<u64> {
    let http = reqwest::Client::new();
    let doc: Value = http
        .get(format!("{app}/api/journeys/{id}"))
        .send()
        .await?
        .json()
        .await?;
    let version = doc["version"].as_u64().ok_or("no version")?;
    let spec = json!({"name": name, "description": doc["description"], "steps": doc["steps"]});
    let r = http
        .put(format!("{app}/api/journeys/{id}"))
        .header("If-Match", version.to_string())
        .json(&spec)
        .send()
        .await?;
    if !r.status().is_success() {
        return Err(format!("the API refused the rename: {}", r.text().await?).into());
    }
    Ok(version + 1)
}

async fn scenario(client: Client, app: String) -> Result<()> {
    let list: Value = reqwest::get(format!("{app}/api/journeys"))
        .await?
        .json()
        .await?;
    let id = list
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["name"] == "Onboarding flow"))
        .and_then(|r| r["id"].as_str())
        .ok_or("no seeded onboarding journey")?
        .to_string();
    client.goto(&format!("{app}/journeys/{id}/builder")).await?;
    wait_for_css(&client, ".node").await?;
    if warns_before_unload(&client).await? {
        return Err("a builder with nothing unsaved must not warn before leaving".into());
    }

    // An unsaved change survives a reload: the builder offers it back.
    set(&client, "#journey-name", "Onboarding (mine)").await?;
    if !warns_before_unload(&client).await? {
        return Err("unsaved changes must warn before leaving".into());
    }
    wait_until("the change is pending", || async {
        let s = client
            .find(Locator::Css(".save-status"))
            .await?
            .text()
            .await?;
        Ok(s.contains("Unsaved").then_some(()))
    })
    .await?;
    // A link inside the app asks too; staying keeps the builder and its changes.
    let builder_url = client.current_url().await?;
    client
        .find(Locator::Css("nav.topnav a[href='/destinations']"))
        .await?
        .click()
        .await?;
    let question = client.get_alert_text().await?;
    if !question.contains("unsaved changes") {
        return Err(format!("leaving through a link should ask; it asked {question:?}").into());
    }
    client.dismiss_alert().await?;
    if client.current_url().await? != builder_url
        || name_shown(&client).await? != "Onboarding (mine)"
    {
        return Err("staying should keep the builder and its unsaved name".into());
    }

    client.refresh().await?;
    let _ = client.accept_alert().await; // a "leave site?" prompt, if the browser shows one
    wait_for_css(&client, ".restore-dialog")
        .await?
        .find(Locator::Css(".restore-local"))
        .await?
        .click()
        .await?;
    wait_name(&client, "Onboarding (mine)").await?;

    // Someone else saves first: Save shows the conflict; reload takes theirs.
    rename_elsewhere(&app, &id, "Onboarding (theirs)").await?;
    wait_for_css(&client, "button.save-draft")
        .await?
        .click()
        .await?;
    wait_for_css(&client, ".conflict-dialog").await?;
    wait_for_css(&client, ".conflict-reload")
        .await?
        .click()
        .await?;
    wait_name(&client, "Onboarding (theirs)").await?;

    // Again, but this time overwrite theirs deliberately.
    set(&client, "#journey-name", "Onboarding (mine again)").await?;
    let theirs = rename_elsewhere(&app, &id, "Onboarding (theirs again)").await?;
    wait_for_css(&client, "button.save-draft")
        .await?
        .click()
        .await?;
    wait_for_css(&client, ".conflict-overwrite")
        .await?
        .click()
        .await?;
    let saved = wait_until("the overwrite is saved", || async {
        let doc: Value = reqwest::get(format!("{app}/api/journeys/{id}"))
            .await?
            .json()
            .await?;
        Ok((doc["name"] == "Onboarding (mine again)").then_some(doc))
    })
    .await?;
    if saved["version"].as_u64() != Some(theirs + 1) {
        return Err(format!(
            "expected version {} after the overwrite: {saved}",
            theirs + 1
        )
        .into());
    }
    wait_until("the builder is clean after saving", || async {
        Ok((!warns_before_unload(&client).await?).then_some(()))
    })
    .await?;

    Ok(())
}

/// Whether leaving the page now would warn: dispatches a cancelable
/// `beforeunload` and reports whether the builder cancelled it.
async fn warns_before_unload(client: &Client) -> Result<bool> {
    let prevented = client
        .execute(
            "const e = new Event('beforeunload', { cancelable: true });
             window.dispatchEvent(e);
             return e.defaultPrevented;",
            vec![],
        )
        .await?;
    prevented
        .as_bool()
        .ok_or_else(|| format!("not a boolean: {prevented}").into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsaved_changes_survive_a_reload_and_conflicts_are_resolved_deliberately() {
    run_scenario_with(true, scenario).await;
}
