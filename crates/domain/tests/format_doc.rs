//! docs/journey-format.md stays true: its example parses and is a seed example.

use cairn_domain::journey::parse_journey;
use cairn_domain::samples;

#[test]
fn the_documented_example_parses_as_the_cart_abandonment_seed() {
    let doc = include_str!("../../../docs/journey-format.md");
    let start = doc.rfind("```json\n").expect("an example block") + "```json\n".len();
    let end = start + doc[start..].find("```").expect("closed block");
    let journey = parse_journey(&doc.as_bytes()[start..end]).expect("the example parses");
    assert_eq!(journey.spec(), samples::cart_abandonment().expect("sample"));
}
