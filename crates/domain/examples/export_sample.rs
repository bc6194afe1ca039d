//! Prints a seed example as a journey document (used to write docs/journey-format.md).
//! `cargo run -p cairn-domain --example export_sample`

use cairn_domain::{samples, Journey};
use chrono::{TimeZone, Utc};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .ok_or("date")?;
    let j = Journey::new_draft(
        "6f1c2b8e-58b1-4a4e-9f55-1d7a0f6c9a11".into(),
        samples::cart_abandonment()?,
        t0,
    );
    println!("{}", serde_json::to_string_pretty(&j)?);
    Ok(())
}
