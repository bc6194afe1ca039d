//! End to end: build the seeds' cart-abandonment journey from scratch in the
//! builder, save it as a draft, reload, and find it unchanged.

mod support;

use cairn_domain::{samples, Journey};
use fantoccini::{Client, Locator};
use serde_json::json;
use support::{run_scenario, wait_for_css, wait_until, Result};

/// Sets the value of the `index`th element matching `selector` the way typing
/// does (an `input` then a `change` event), for inputs and selects alike.
async fn set(client: &Client, selector: &str, index: usize, value: &str) -> Result<()> {
    let ok = client
        .execute(
            "const el = document.querySelectorAll(arguments[0])[arguments[1]];
             if (!el) { return false; }
             el.focus();
             el.value = arguments[2];
             el.dispatchEvent(new Event('input', { bubbles: true }));
             el.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            vec![json!(selector), json!(index), json!(value)],
        )
        .await?;
    if ok != json!(true) {
        return Err(format!("no element {selector} #{index}").into());
    }
    Ok(())
}

async fn click(client: &Client, selector: &str) -> Result<()> {
    let element = wait_for_css(client, selector).await?;
    if let Err(e) = element.click().await {
        if let Ok(png) = client.screenshot().await {
            let _ = std::fs::write(std::env::temp_dir().join("cairn-e2e-failure.png"), png);
        }
        return Err(format!("clicking {selector}: {e}").into());
    }
    Ok(())
}

async fn count(client: &Client, selector: &str) -> Result<usize> {
    Ok(client.find_all(Locator::Css(selector)).await?.len())
}

/// Adds a step of `ty` on the **+** leaving step `from` by `slot`; its panel opens.
async fn add(client: &Client, from: u32, slot: &str, ty: &str) -> Result<()> {
    click(
        client,
        &format!("button.add-button[data-from='{from}'][data-slot='{slot}']"),
    )
    .await?;
    click(
        client,
        &format!(".add-menu [role=menuitem][data-step-type='{ty}']"),
    )
    .await?;
    wait_for_css(client, ".step-panel").await?;
    Ok(())
}

/// Fills the `i`th event row of the open panel.
async fn event_row(
    client: &Client,
    i: usize,
    event: &str,
    op: &str,
    n: u32,
    window_days: Option<u32>,
) -> Result<()> {
    set(client, ".step-panel input.event-name", i, event).await?;
    set(client, ".step-panel select.count-op", i, op).await?;
    set(client, ".step-panel input.count-value", i, &n.to_string()).await?;
    if let Some(days) = window_days {
        let boxes = client
            .find_all(Locator::Css(".step-panel input.window-enabled"))
            .await?;
        let b = boxes.get(i).ok_or("no window checkbox")?;
        if b.prop("checked").await?.as_deref() != Some("true") {
            b.click().await?;
        }
        set(
            client,
            ".step-panel input.window-amount",
            i,
            &days.to_string(),
        )
        .await?;
        set(client, ".step-panel select.window-unit", i, "days").await?;
    }
    Ok(())
}

async fn name_step(client: &Client, name: &str) -> Result<()> {
    set(client, ".step-panel #step-name", 0, name).await
}

async fn build_cart_abandonment(client: Client, app: String) -> Result<()> {
    // From the (empty) journey list: + New Journey, then straight to the builder.
    client.goto(&format!("{app}/")).await?;
    wait_for_css(&client, ".empty-state").await?;
    click(&client, ".empty-state button").await?;
    click(&client, "a.form-alt-link").await?;
    wait_until("the builder of a new journey opens", || async {
        let url = client.current_url().await?;
        Ok((url.path() == "/journeys/new").then_some(()))
    })
    .await?;
    wait_for_css(&client, "button.add-entry").await?;
    set(&client, "#journey-name", 0, "Cart abandonment").await?;

    // 1. Entry: Product Added ≥ 1 within 1 day, Order Completed exactly 0 within 1 day.
    click(&client, "button.add-entry").await?;
    wait_for_css(&client, ".step-panel").await?;
    name_step(&client, "Cart abandoners").await?;
    click(
        &client,
        ".step-panel button.add-condition[data-kind='event']",
    )
    .await?;
    click(
        &client,
        ".step-panel button.add-condition[data-kind='event']",
    )
    .await?;
    event_row(&client, 0, "Product Added", "at_least", 1, Some(1)).await?;
    event_row(&client, 1, "Order Completed", "exactly", 0, Some(1)).await?;
    click(&client, ".step-panel #use-historical-data").await?;

    // 2. Wait 1 hour.
    add(&client, 1, "next", "wait_for_duration").await?;
    set(&client, "#duration-amount", 0, "1").await?;
    set(&client, "#duration-unit", 0, "hours").await?;
    // 3. Send.
    add(&client, 2, "next", "send_to_destinations").await?;
    name_step(&client, "Retarget cart abandoners").await?;
    // 4. Wait 1 day.
    add(&client, 3, "next", "wait_for_duration").await?;
    set(&client, "#duration-amount", 0, "1").await?;
    set(&client, "#duration-unit", 0, "days").await?;
    // 5. True/false split: Page Viewed ≥ 1 where utm_source = facebook within 1 day.
    add(&client, 4, "next", "true_false_split").await?;
    name_step(&client, "Clicked the ad").await?;
    click(
        &client,
        ".step-panel button.add-condition[data-kind='event']",
    )
    .await?;
    event_row(&client, 0, "Page Viewed", "at_least", 1, Some(1)).await?;
    click(&client, ".step-panel button.add-filter").await?;
    set(
        &client,
        ".step-panel input.filter-property",
        0,
        "utm_source",
    )
    .await?;
    set(&client, ".step-panel select.filter-op", 0, "equals").await?;
    set(&client, ".step-panel input.filter-value", 0, "facebook").await?;
    // 6, 7. A Send step on each branch.
    add(&client, 5, "true", "send_to_destinations").await?;
    name_step(&client, "Engaged with ad").await?;
    add(&client, 5, "false", "send_to_destinations").await?;
    name_step(&client, "Did not engage").await?;

    let drawn = count(&client, ".node").await?;
    if drawn != 7 {
        return Err(format!("expected 7 steps on the canvas, found {drawn}").into());
    }
    let counter = client
        .find(Locator::Css(".step-counter"))
        .await?
        .text()
        .await?;
    if !counter.starts_with("5 / 20") {
        return Err(format!("the step counter says {counter:?}, expected 5 / 20").into());
    }

    // Save as Draft: the journey gets its id and the URL follows.
    click(&client, "button.save-draft").await?;
    let id = wait_until("the saved journey's builder URL", || async {
        let url = client.current_url().await?;
        Ok(url
            .path()
            .strip_prefix("/journeys/")
            .and_then(|rest| rest.strip_suffix("/builder"))
            .filter(|id| *id != "new")
            .map(str::to_string))
    })
    .await?;

    // Reload: the same journey comes back from the server.
    client.refresh().await?;
    wait_until("the reloaded canvas shows 7 steps", || async {
        Ok((count(&client, ".node").await? == 7).then_some(()))
    })
    .await?;
    let saved: Journey = reqwest::get(format!("{app}/api/journeys/{id}"))
        .await?
        .json()
        .await?;
    let expected = samples::cart_abandonment()?;
    if saved.name != expected.name {
        return Err(format!("name {:?}", saved.name).into());
    }
    let shape =
        |j: &cairn_domain::JourneyGraph| -> Vec<(u32, String, String, String, Vec<String>)> {
            j.depth_first()
                .into_iter()
                .filter_map(|id| j.get(id).map(|s| (id, s)))
                .map(|(id, s)| {
                    let links = s
                        .slots()
                        .into_iter()
                        .map(|(slot, next)| format!("{slot:?}->{next:?}"))
                        .collect();
                    (
                        id.0,
                        s.step_type().label().to_string(),
                        s.title(),
                        s.summary(),
                        links,
                    )
                })
                .collect()
        };
    let (got, want) = (shape(&saved.steps), shape(&expected.steps));
    if got != want {
        return Err(format!("saved steps differ:\n got  {got:#?}\n want {want:#?}").into());
    }
    for (_, s) in saved.steps.steps() {
        if let Some(key) = s.key() {
            if !key.as_str().starts_with("j_o_cart_abandonment__") {
                return Err(format!("unexpected key {key}").into());
            }
        }
    }
    // The page shows what was saved, and nothing is pending.
    let status = client
        .find(Locator::Css(".save-status"))
        .await?
        .text()
        .await?;
    if status.contains("Unsaved") {
        return Err(format!("after reload the builder says {status:?}").into());
    }

    // Publish Journey lists every problem (three Send steps without a
    // destination) and publishes nothing; a problem's link selects its step.
    click(&client, "button.publish").await?;
    wait_for_css(&client, ".publish-problems").await?;
    let problems = client
        .find_all(Locator::Css(".publish-problems .problem-link"))
        .await?;
    if problems.len() != 3 {
        return Err(format!(
            "expected 3 problems before publishing, found {}",
            problems.len()
        )
        .into());
    }
    problems[0].click().await?;
    wait_for_css(
        &client,
        ".node.selected[data-step-type='send_to_destinations']",
    )
    .await?;
    wait_for_css(&client, ".step-panel[data-type='send']").await?;
    let still: Journey = reqwest::get(format!("{app}/api/journeys/{id}"))
        .await?
        .json()
        .await?;
    if still.is_published() {
        return Err("an invalid journey was published".into());
    }

    // The overview shows every step's definition, read-only.
    client.goto(&format!("{app}/journeys/{id}")).await?;
    wait_for_css(&client, ".overview .node").await?;
    if count(&client, ".overview button.add-button").await? != 0 {
        return Err("the overview offers + buttons".into());
    }
    click(&client, ".tabs button:nth-child(2)").await?;
    wait_until("every step's definition is listed", || async {
        Ok((count(&client, ".step-definition").await? == 7).then_some(()))
    })
    .await?;
    let steps_text = client
        .find(Locator::Css(".step-definitions"))
        .await?
        .text()
        .await?;
    for expected in [
        "Product Added ≥ 1 time within 1 day",
        "utm_source = \"facebook\"",
        "j_o_cart_abandonment__",
    ] {
        if !steps_text.contains(expected) {
            return Err(format!("the overview's steps lack {expected:?}:\n{steps_text}").into());
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn build_the_cart_abandonment_journey_save_reload_and_find_it_unchanged() {
    run_scenario(build_cart_abandonment).await;
}
