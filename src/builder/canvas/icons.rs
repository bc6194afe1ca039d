//! One small line icon per step type (24 × 24, drawn with `currentColor`).

use cairn_domain::step::StepType;

/// The SVG path data of a step type's icon.
pub fn icon_path(ty: StepType) -> &'static str {
    match ty {
        // A flag: where users start.
        StepType::EntryCondition => "M5 21V4M5 4h11l-2 4 2 4H5",
        // A funnel: held until a condition holds.
        StepType::WaitForCondition => "M4 5h16l-6 7.5V18l-4 2v-7.5z",
        // A clock: held for a time.
        StepType::WaitForDuration => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 7v5l3.5 2",
        // A fork in two.
        StepType::TrueFalseSplit => "M12 3v7M12 10l-6 6v5M12 10l6 6v5",
        // A fork in three.
        StepType::MultiBranchSplit => "M12 3v6M12 9l-7 7v5M12 9v12M12 9l7 7v5",
        // A paper plane: sent on.
        StepType::SendToDestinations => "M21 3L3 10.5l7 3 3 7.5zM10 13.5L21 3",
    }
}

/// The icon of a step type as SVG markup, decorative (the type is also
/// written out). Markup, not a view: one DOM write per icon.
pub fn icon_markup(ty: StepType) -> String {
    format!(
        r#"<svg class="step-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"><path d="{}"></path></svg>"#,
        icon_path(ty)
    )
}
