//! Send-step keys: `j_o_first_purchase__opened_email_dje83h`.
//!
//! A key names the step downstream: the property of `Audience Entered` /
//! `Audience Exited` track calls and the trait of identify calls. It is
//! generated from the journey and step names, unique within the workspace
//! and never changes once created (a clone gets new ones).

use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// The prefix every generated key starts with ("journey output").
pub const KEY_PREFIX: &str = "j_o_";
/// Characters of the random suffix.
pub const SUFFIX_LEN: usize = 6;
const SUFFIX_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Why a string is not a key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// The key is empty.
    #[error("the key is empty")]
    Empty,
    /// The key has a character other than a-z, 0-9 and `_`.
    #[error("the key may only contain a-z, 0-9 and _ (found {0:?})")]
    BadCharacter(char),
}

/// A Send step's key: non-empty, only `a-z`, `0-9` and `_`.
/// (Its length limit is a workspace setting, checked by validation.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StepKey(String);

impl StepKey {
    /// Parses a key.
    pub fn parse(s: impl Into<String>) -> Result<Self, KeyError> {
        let s = s.into();
        if s.is_empty() {
            return Err(KeyError::Empty);
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
        {
            return Err(KeyError::BadCharacter(c));
        }
        Ok(StepKey(s))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StepKey {
    type Error = KeyError;
    fn try_from(s: String) -> Result<Self, KeyError> {
        StepKey::parse(s)
    }
}

impl From<StepKey> for String {
    fn from(k: StepKey) -> String {
        k.0
    }
}

impl fmt::Display for StepKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Lower-case ASCII slug: letters and digits kept, runs of anything else become one `_`.
/// Accented Latin letters lose their accent where ASCII has the base letter.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_sep = false;
    for c in text.chars() {
        let mapped = fold_ascii(c);
        match mapped {
            Some(m) if m.is_ascii_alphanumeric() => {
                if pending_sep && !out.is_empty() {
                    out.push('_');
                }
                pending_sep = false;
                out.push(m.to_ascii_lowercase());
            }
            _ => pending_sep = true,
        }
    }
    out
}

fn fold_ascii(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    let base = match c {
        'à'..='å' | 'À'..='Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è'..='ë' | 'È'..='Ë' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ß' => 's',
        _ => return None,
    };
    Some(base)
}

fn random_suffix(rng: &mut dyn RngCore) -> String {
    (0..SUFFIX_LEN)
        .map(|_| {
            let i = (rng.next_u32() as usize) % SUFFIX_ALPHABET.len();
            char::from(SUFFIX_ALPHABET[i])
        })
        .collect()
}

/// Truncates an ASCII slug to at most `max` bytes without leaving a trailing `_`.
fn clip(s: &str, max: usize) -> &str {
    let cut = &s[..s.len().min(max)];
    cut.trim_end_matches('_')
}

/// Builds `j_o_<journey slug>__<step slug>_<suffix>` within `max_len`
/// (at least 16), shortening the slugs, the journey's first.
fn assemble(journey_name: &str, step_name: &str, suffix: &str, max_len: usize) -> StepKey {
    let journey = slug(journey_name);
    let step = slug(step_name);
    let step = if step.is_empty() {
        "step".to_string()
    } else {
        step
    };
    let max_len = max_len.max(KEY_PREFIX.len() + 2 * SUFFIX_LEN + 4);
    // prefix + journey + "__" + step + "_" + suffix
    let fixed = KEY_PREFIX.len() + 2 + 1 + suffix.len();
    let budget = max_len.saturating_sub(fixed);
    let step_part = clip(&step, budget.max(1));
    let journey_part = clip(&journey, budget.saturating_sub(step_part.len()));
    // Built only from [a-z0-9_], never empty.
    StepKey(if journey_part.is_empty() {
        format!("{KEY_PREFIX}{step_part}_{suffix}")
    } else {
        format!("{KEY_PREFIX}{journey_part}__{step_part}_{suffix}")
    })
}

/// Generates a key `j_o_<journey slug>__<step slug>_<random>` of at most
/// `max_len` characters (at least 16 are needed) that `taken` says is free.
///
/// Slugs are shortened to fit, journey first. Tries new suffixes until one is
/// free; after 64 collisions (practically impossible at 36⁶ suffixes) a longer
/// suffix is used.
pub fn generate_key(
    journey_name: &str,
    step_name: &str,
    max_len: usize,
    rng: &mut dyn RngCore,
    taken: &dyn Fn(&str) -> bool,
) -> StepKey {
    let mut attempt = 0u32;
    loop {
        let mut suffix = random_suffix(rng);
        if attempt >= 64 {
            suffix.push_str(&random_suffix(rng));
        }
        let key = assemble(journey_name, step_name, &suffix, max_len);
        if !taken(key.as_str()) {
            return key;
        }
        attempt += 1;
    }
}

/// The key `generate_key` would build for these names, keeping `old`'s
/// random suffix: the key of a step not yet saved follows its name.
pub fn regenerate_key(
    journey_name: &str,
    step_name: &str,
    old: &StepKey,
    max_len: usize,
) -> StepKey {
    let suffix = old
        .as_str()
        .rsplit('_')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("x");
    assemble(journey_name, step_name, suffix, max_len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::SmallRng;
    use rand::SeedableRng;

    #[test]
    fn key_looks_like_the_seed_example() {
        let mut rng = SmallRng::seed_from_u64(7);
        let key = generate_key("First purchase", "Opened email", 255, &mut rng, &|_| false);
        let s = key.as_str();
        assert!(s.starts_with("j_o_first_purchase__opened_email_"), "{s}");
        assert_eq!(
            s.len(),
            "j_o_first_purchase__opened_email_".len() + SUFFIX_LEN
        );
        assert!(StepKey::parse(s).is_ok());
    }

    #[test]
    fn slug_folds_accents_and_punctuation() {
        assert_eq!(slug("  Café — Crème brûlée!! 2x "), "cafe_creme_brulee_2x");
        assert_eq!(slug("日本"), "");
    }

    #[test]
    fn long_names_fit_the_limit() {
        let mut rng = SmallRng::seed_from_u64(1);
        let long = "x".repeat(400);
        for max in [20usize, 64, 255] {
            let key = generate_key(&long, &long, max, &mut rng, &|_| false);
            assert!(key.as_str().len() <= max, "{} > {max}", key.as_str().len());
            assert!(!key.as_str().ends_with('_'));
        }
    }

    #[test]
    fn taken_keys_are_skipped() {
        let mut rng = SmallRng::seed_from_u64(3);
        let first = generate_key("J", "S", 255, &mut rng, &|_| false);
        let mut rng = SmallRng::seed_from_u64(3);
        let second = generate_key("J", "S", 255, &mut rng, &|k| k == first.as_str());
        assert_ne!(first, second);
    }

    #[test]
    fn regenerated_keys_follow_the_name_and_keep_the_suffix() {
        let mut rng = SmallRng::seed_from_u64(5);
        let first = generate_key("Cart", "Send to destinations", 255, &mut rng, &|_| false);
        let suffix = &first.as_str()[first.as_str().len() - SUFFIX_LEN..];
        let renamed = regenerate_key("Cart", "Opened email", &first, 255);
        assert_eq!(renamed.as_str(), format!("j_o_cart__opened_email_{suffix}"));
        assert!(
            regenerate_key(&"j".repeat(300), &"s".repeat(300), &first, 255)
                .as_str()
                .len()
                <= 255
        );
    }

    #[test]
    fn parse_rejects_bad_keys() {
        assert_eq!(StepKey::parse(""), Err(KeyError::Empty));
        assert_eq!(StepKey::parse("J_o"), Err(KeyError::BadCharacter('J')));
        assert!(serde_json::from_str::<StepKey>("\"a b\"").is_err());
    }
}
