//! The soft keyboard's model, without the DOM: which keys there are, their shuffled order,
//! Shift and Caps, and what a key press does to the password.
//!
//! The shuffle is Fisher–Yates driven by an unbiased `below(n)` (rejection sampling), fed by
//! the browser's cryptographic random source in the app and by a seeded generator in tests.

/// A key of the soft keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// A lower-case letter (typed upper-case under Shift or Caps).
    Letter(char),
    /// A digit.
    Digit(char),
    /// A symbol the password rules allow.
    Symbol(char),
    /// Upper case for the next letter only.
    Shift,
    /// Upper case until pressed again.
    Caps,
    /// 「1文字クリア」: delete the last character.
    Backspace,
    /// 「すべてクリア」: delete everything.
    Clear,
    /// 「閉じる」.
    Close,
}

/// The upper-case state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    /// Shift: the next letter only.
    pub shift: bool,
    /// Caps: until Caps is pressed again.
    pub caps: bool,
}

impl Modifiers {
    /// Whether letters type in upper case now.
    pub const fn upper(self) -> bool {
        self.shift != self.caps
    }
}

/// The order of the character keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The 26 letters, in display order.
    pub letters: Vec<char>,
    /// The 10 digits, in display order.
    pub digits: Vec<char>,
    /// The allowed symbols, in their standard order (they never move).
    pub symbols: Vec<char>,
}

/// A source of uniformly distributed 32-bit values.
pub trait RandomSource {
    /// The next value.
    fn next_u32(&mut self) -> u32;

    /// A uniform value in `0..n` without modulo bias (rejection sampling).
    fn below(&mut self, n: u32) -> u32 {
        assert!(n > 0);
        // The largest multiple of n that fits: values at or above it would favour small results.
        let zone = u32::MAX - (u32::MAX % n + 1) % n;
        loop {
            let v = self.next_u32();
            if v <= zone {
                return v % n;
            }
        }
    }
}

/// Shuffles `items` in place (Fisher–Yates): every permutation equally likely.
pub fn shuffle<T>(items: &mut [T], random: &mut impl RandomSource) {
    for i in (1..items.len()).rev() {
        let j = random.below(i as u32 + 1) as usize;
        items.swap(i, j);
    }
}

impl Layout {
    /// a–z, 0–9 and `symbols` in their usual order.
    pub fn standard(symbols: &str) -> Self {
        let mut symbols: Vec<char> = symbols
            .chars()
            .filter(|c| c.is_ascii_punctuation())
            .collect();
        symbols.dedup();
        Self {
            letters: ('a'..='z').collect(),
            digits: ('0'..='9').collect(),
            symbols,
        }
    }

    /// The standard layout with the letters and the digits each shuffled.
    pub fn shuffled(symbols: &str, random: &mut impl RandomSource) -> Self {
        let mut layout = Self::standard(symbols);
        shuffle(&mut layout.letters, random);
        shuffle(&mut layout.digits, random);
        layout
    }

    /// Every character key, digits first, then letters, then symbols.
    pub fn keys(&self) -> Vec<Key> {
        self.digits
            .iter()
            .map(|c| Key::Digit(*c))
            .chain(self.letters.iter().map(|c| Key::Letter(*c)))
            .chain(self.symbols.iter().map(|c| Key::Symbol(*c)))
            .collect()
    }
}

/// The character a key types with `modifiers`, if it types one.
pub fn typed_char(key: Key, modifiers: Modifiers) -> Option<char> {
    match key {
        Key::Letter(c) if modifiers.upper() => Some(c.to_ascii_uppercase()),
        Key::Letter(c) | Key::Digit(c) | Key::Symbol(c) => Some(c),
        _ => None,
    }
}

/// What a press did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The value or the modifiers changed.
    Changed,
    /// Nothing happened (the value is at its maximum length, or there is nothing to delete).
    Ignored,
    /// The keyboard should close.
    Close,
}

/// Applies a key press to the password `value` (at most `max_len` characters), exactly as
/// physical typing at the end of the field would.
pub fn press(key: Key, value: &mut String, modifiers: &mut Modifiers, max_len: usize) -> Outcome {
    match key {
        Key::Shift => {
            modifiers.shift = !modifiers.shift;
            Outcome::Changed
        }
        Key::Caps => {
            modifiers.caps = !modifiers.caps;
            modifiers.shift = false;
            Outcome::Changed
        }
        Key::Backspace => {
            if value.pop().is_some() {
                Outcome::Changed
            } else {
                Outcome::Ignored
            }
        }
        Key::Clear => {
            if value.is_empty() {
                Outcome::Ignored
            } else {
                value.clear();
                Outcome::Changed
            }
        }
        Key::Close => {
            *modifiers = Modifiers::default();
            Outcome::Close
        }
        _ => {
            if value.chars().count() >= max_len {
                return Outcome::Ignored;
            }
            let Some(c) = typed_char(key, *modifiers) else {
                return Outcome::Ignored;
            };
            value.push(c);
            // Shift lasts for one character, as on a physical keyboard.
            modifiers.shift = false;
            Outcome::Changed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64: a small, well-distributed, seeded generator for the tests.
    struct SplitMix(u64);

    impl RandomSource for SplitMix {
        fn next_u32(&mut self) -> u32 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 32) as u32
        }
    }

    const SYMBOLS: &str = "!#$%&()*+,-./:;<=>?@[]^_{|}~";

    #[test]
    fn the_standard_layout_has_every_key_once() {
        let l = Layout::standard(SYMBOLS);
        assert_eq!(l.letters.len(), 26);
        assert_eq!(l.digits, ('0'..='9').collect::<Vec<_>>());
        assert_eq!(l.symbols.len(), 28);
        assert_eq!(l.keys().len(), 64);
        // Only what the rules allow: letters never appear among symbols, spaces are dropped.
        assert_eq!(Layout::standard("! a#").symbols, vec!['!', '#']);
    }

    #[test]
    fn a_shuffle_is_a_permutation() {
        let mut rng = SplitMix(7);
        for _ in 0..200 {
            let l = Layout::shuffled(SYMBOLS, &mut rng);
            let mut letters = l.letters.clone();
            letters.sort_unstable();
            assert_eq!(letters, ('a'..='z').collect::<Vec<_>>());
            let mut digits = l.digits.clone();
            digits.sort_unstable();
            assert_eq!(digits, ('0'..='9').collect::<Vec<_>>());
            assert_eq!(
                l.symbols,
                Layout::standard(SYMBOLS).symbols,
                "symbols stay in place"
            );
        }
        let a = Layout::shuffled(SYMBOLS, &mut rng);
        let b = Layout::shuffled(SYMBOLS, &mut rng);
        assert_ne!(a, b, "two openings differ");
    }

    /// Chi-square test of where each digit lands over many seeded shuffles: 100 cells
    /// (digit × position), 81 degrees of freedom. The critical value at p = 0.001 is 124.8; a
    /// biased shuffle (e.g. the naive `swap(i, random % len)`) scores in the thousands.
    #[test]
    fn the_shuffle_is_not_biased() {
        fn chi_square(counts: &[[u32; 10]; 10], trials: u32) -> f64 {
            let expected = f64::from(trials) / 10.0;
            counts
                .iter()
                .flatten()
                .map(|&c| (f64::from(c) - expected).powi(2) / expected)
                .sum()
        }
        let trials = 100_000;
        let mut rng = SplitMix(20_261_126);
        let mut counts = [[0u32; 10]; 10];
        for _ in 0..trials {
            let mut digits: Vec<u8> = (0..10).collect();
            shuffle(&mut digits, &mut rng);
            for (position, digit) in digits.iter().enumerate() {
                counts[usize::from(*digit)][position] += 1;
            }
        }
        let unbiased = chi_square(&counts, trials);
        assert!(unbiased < 124.8, "chi-square {unbiased:.1}");

        // The same statistic catches the classic mistake, so the test can fail.
        let mut rng = SplitMix(20_261_126);
        let mut naive = [[0u32; 10]; 10];
        for _ in 0..trials {
            let mut digits: Vec<u8> = (0..10).collect();
            for i in 0..10 {
                let j = (rng.next_u32() % 10) as usize;
                digits.swap(i, j);
            }
            for (position, digit) in digits.iter().enumerate() {
                naive[usize::from(*digit)][position] += 1;
            }
        }
        assert!(chi_square(&naive, trials) > 124.8);
    }

    #[test]
    fn below_is_uniform_even_for_awkward_ranges() {
        struct Fixed(Vec<u32>);
        impl RandomSource for Fixed {
            fn next_u32(&mut self) -> u32 {
                self.0.remove(0)
            }
        }
        // u32::MAX is in the biased tail for n = 3 (2^32 mod 3 = 1): it is rejected.
        let mut r = Fixed(vec![u32::MAX, 4]);
        assert_eq!(r.below(3), 1);
        assert_eq!(Fixed(vec![u32::MAX]).below(1 << 31), (u32::MAX) % (1 << 31));
    }

    #[test]
    fn typing_appends_like_a_physical_keyboard() {
        let mut value = String::from("ab");
        let mut m = Modifiers::default();
        assert_eq!(
            press(Key::Letter('c'), &mut value, &mut m, 16),
            Outcome::Changed
        );
        assert_eq!(
            press(Key::Digit('1'), &mut value, &mut m, 16),
            Outcome::Changed
        );
        assert_eq!(
            press(Key::Symbol('#'), &mut value, &mut m, 16),
            Outcome::Changed
        );
        assert_eq!(value, "abc1#");
    }

    #[test]
    fn shift_is_for_one_letter_and_caps_stays() {
        let mut value = String::new();
        let mut m = Modifiers::default();
        press(Key::Shift, &mut value, &mut m, 16);
        assert!(m.upper());
        press(Key::Letter('a'), &mut value, &mut m, 16);
        press(Key::Letter('b'), &mut value, &mut m, 16);
        assert_eq!(value, "Ab");
        press(Key::Caps, &mut value, &mut m, 16);
        press(Key::Letter('c'), &mut value, &mut m, 16);
        press(Key::Digit('5'), &mut value, &mut m, 16);
        press(Key::Letter('d'), &mut value, &mut m, 16);
        assert_eq!(value, "AbC5D");
        // Shift under Caps gives one lower-case letter.
        press(Key::Shift, &mut value, &mut m, 16);
        press(Key::Letter('e'), &mut value, &mut m, 16);
        press(Key::Letter('f'), &mut value, &mut m, 16);
        assert_eq!(value, "AbC5DeF");
        press(Key::Caps, &mut value, &mut m, 16);
        assert!(!m.upper());
    }

    #[test]
    fn clearing_and_the_length_limit() {
        let mut value = String::from("abc");
        let mut m = Modifiers::default();
        assert_eq!(
            press(Key::Backspace, &mut value, &mut m, 16),
            Outcome::Changed
        );
        assert_eq!(value, "ab");
        assert_eq!(press(Key::Clear, &mut value, &mut m, 16), Outcome::Changed);
        assert_eq!(value, "");
        assert_eq!(
            press(Key::Backspace, &mut value, &mut m, 16),
            Outcome::Ignored
        );
        let mut full = "a".repeat(16);
        assert_eq!(
            press(Key::Letter('b'), &mut full, &mut m, 16),
            Outcome::Ignored
        );
        assert_eq!(full.len(), 16);
    }

    #[test]
    fn close_resets_the_modifiers() {
        let mut value = String::from("x");
        let mut m = Modifiers {
            shift: true,
            caps: true,
        };
        assert_eq!(press(Key::Close, &mut value, &mut m, 16), Outcome::Close);
        assert_eq!(m, Modifiers::default());
        assert_eq!(value, "x", "closing keeps what was typed in the field");
    }
}
