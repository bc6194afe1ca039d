//! Evaluating a condition over the index: one bit per profile.

use super::index::Index;
use super::value::{is_member, matches, Val};
use cairn_domain::condition::{Comparison, EventCondition};
use cairn_domain::Condition;

/// A set of profiles (by dense number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// No profile of `len`.
    pub fn none(len: usize) -> Bits {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Every profile of `len`.
    pub fn all(len: usize) -> Bits {
        let mut b = Bits {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        b.trim();
        b
    }

    fn trim(&mut self) {
        let rem = self.len % 64;
        if rem != 0 {
            if let Some(last) = self.words.last_mut() {
                *last &= (1u64 << rem) - 1;
            }
        }
    }

    /// Adds profile `i`.
    pub fn set(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Whether profile `i` is in.
    pub fn get(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// How many profiles are in.
    pub fn count(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// Keeps only profiles also in `o`.
    pub fn and(&mut self, o: &Bits) {
        self.words
            .iter_mut()
            .zip(&o.words)
            .for_each(|(a, b)| *a &= b);
    }

    /// Adds the profiles of `o`.
    pub fn or(&mut self, o: &Bits) {
        self.words
            .iter_mut()
            .zip(&o.words)
            .for_each(|(a, b)| *a |= b);
    }

    /// Removes the profiles of `o`.
    pub fn and_not(&mut self, o: &Bits) {
        self.words
            .iter_mut()
            .zip(&o.words)
            .for_each(|(a, b)| *a &= !b);
    }

    /// The complement.
    pub fn not(&mut self) {
        self.words.iter_mut().for_each(|w| *w = !*w);
        self.trim();
    }

    /// The profiles in, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(i * 64 + b)
            })
        })
    }
}

impl Index {
    /// The profiles matching `c` at time `now_ms`.
    pub fn matching(&self, c: &Condition, now_ms: i64) -> Bits {
        let n = self.profile_count();
        match c {
            Condition::Event(e) => self.event_bits(e, now_ms),
            Condition::Trait(t) => {
                let col = self.traits.get(&t.trait_name);
                let mut b = Bits::none(n);
                for i in 0..n {
                    if matches(&t.compare, self.trait_value(col, i)) {
                        b.set(i);
                    }
                }
                b
            }
            Condition::Audience(a) => {
                let col = self.traits.get(&a.audience);
                let mut b = Bits::none(n);
                for i in 0..n {
                    if is_member(self.trait_value(col, i)) {
                        b.set(i);
                    }
                }
                if !a.member {
                    b.not();
                }
                b
            }
            Condition::AllOf(g) => {
                let mut b = Bits::all(n);
                for m in &g.conditions {
                    b.and(&self.matching(m, now_ms));
                }
                b
            }
            Condition::AnyOf(g) => {
                let mut b = Bits::none(n);
                for m in &g.conditions {
                    b.or(&self.matching(m, now_ms));
                }
                b
            }
        }
    }

    fn event_bits(&self, e: &EventCondition, now_ms: i64) -> Bits {
        let n = self.profile_count();
        let mut counts = vec![0u32; n];
        if let Some(table) = self.events.get(&e.event) {
            let lo = e
                .within
                .map(|w| now_ms.saturating_sub((w.as_seconds() as i64).saturating_mul(1000)));
            let filters: Vec<(Option<u32>, &Comparison)> = e
                .filters
                .iter()
                .map(|f| (self.name_id(&f.property), &f.compare))
                .collect();
            table.each_in(lo, now_ms, |r| {
                let props = table.props(r);
                let ok = filters.iter().all(|(name, cmp)| {
                    let v: Option<&Val> = name.and_then(|name| {
                        props
                            .iter()
                            .find(|(k, _)| *k == name)
                            .map(|(_, v)| &self.values[*v as usize])
                    });
                    matches(cmp, v)
                });
                if ok {
                    let c = &mut counts[r.user as usize];
                    *c = c.saturating_add(1);
                }
            });
        }
        let mut b = Bits::none(n);
        for (i, c) in counts.iter().enumerate() {
            if e.count.matches(u64::from(*c)) {
                b.set(i);
            }
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_sets_combine_and_trim() {
        let mut a = Bits::none(70);
        a.set(1);
        a.set(69);
        assert_eq!(a.count(), 2);
        let mut c = a.clone();
        c.not();
        assert_eq!(c.count(), 68);
        assert!(!c.get(69) && c.get(68));
        let all = Bits::all(70);
        assert_eq!(all.count(), 70);
        c.or(&a);
        assert_eq!(c, all);
        c.and_not(&a);
        assert_eq!(c.count(), 68);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![1, 69]);
    }
}
