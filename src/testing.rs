//! Test-only helpers (compiled under `cfg(test)` only): a seeded text mutator for the
//! fuzz-style tests that run thousands of damaged inputs through the parsers. Deterministic,
//! so a failure names the seed and iteration that reproduce it; no fuzz framework needed.

/// A small xorshift generator: reproducible, and good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// Characters that mean something to the parsers, and some that are wider than a byte.
const ALPHABET: &[char] = &[
    'é', '日', '\u{0}', '\n', '\r', '\t', ' ', '[', ']', '=', '#', ';', '"', '{', '}', ',', ':',
    '+', '-', '.', 'T', 'Z', '0', '1', '9', 'a', '\\',
];

/// `seed` with one to four random edits: delete, insert, replace, duplicate or cut.
pub fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        let c = ALPHABET[rng.below(ALPHABET.len())];
        match rng.below(5) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, c),
            2 if at < chars.len() => chars[at] = c,
            3 => {
                let end = (at + rng.below(16)).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}
