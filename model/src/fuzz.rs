//! A seeded input generator for the fuzz-style tests of the parsers that read outside input (the
//! client's markdown, the server's search language, OpenGraph reader, IRC lines and request
//! bodies). Small and without dependencies; a run is repeatable from its seed, which every failure
//! message names.

/// xorshift64*: small, seeded, good enough to mix fragments.
#[derive(Clone, Debug)]
pub struct Generator {
    seed: u64,
    state: u64,
}

impl Generator {
    /// Seeded with `default_seed`, or with `BRISK_FUZZ_SEED` (decimal, or hex after `0x`) when
    /// that is set: the same seed gives the same cases, another seed explores others.
    pub fn new(default_seed: u64) -> Self {
        let seed = std::env::var("BRISK_FUZZ_SEED")
            .ok()
            .and_then(|raw| match raw.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => raw.parse().ok(),
            })
            .unwrap_or(default_seed);
        Self::with_seed(seed)
    }

    /// Seeded with `seed` whatever the environment says.
    pub fn with_seed(seed: u64) -> Self {
        // Zero is xorshift's one fixed point.
        Self {
            seed,
            state: seed.max(1),
        }
    }

    /// The seed this run started from, for failure messages ("BRISK_FUZZ_SEED=0x… replays it").
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Names case `case` of this run in a failure message.
    pub fn case(&self, case: usize) -> String {
        format!("case {case} of BRISK_FUZZ_SEED={:#x}", self.seed)
    }

    /// The next number of the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Up to `max_pieces` fragments, each sometimes cut at a random character.
    pub fn text(&mut self, fragments: &[&str], max_pieces: usize) -> String {
        let mut out = String::new();
        for _ in 0..self.below(max_pieces + 1) {
            let fragment = fragments[self.below(fragments.len())];
            let keep = self.below(fragment.chars().count() + 1);
            out.extend(fragment.chars().take(keep.max(1)));
        }
        out
    }

    /// Up to `max_chars` characters of any kind, mostly ASCII (where syntax lives), some control
    /// characters and some from anywhere in Unicode.
    pub fn any_chars(&mut self, max_chars: usize) -> String {
        (0..self.below(max_chars + 1))
            .map(|_| match self.below(10) {
                0 => char::from(self.below(32) as u8),
                1 => char::from_u32(self.below(0x11_0000) as u32).unwrap_or('\u{fffd}'),
                _ => char::from(32 + self.below(95) as u8),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_cases_and_fragments_stay_whole_characters() {
        let (mut a, mut b) = (Generator::with_seed(7), Generator::with_seed(7));
        let fragments = ["é🦀", "<a>", " "];
        for _ in 0..100 {
            let text = a.text(&fragments, 8);
            assert_eq!(text, b.text(&fragments, 8));
            assert_eq!(a.any_chars(20), b.any_chars(20));
        }
        assert_ne!(
            Generator::with_seed(0).next_u64(),
            0,
            "a zero seed still moves"
        );
    }
}
