//! Texts worked out once per key and then remembered (rendered markdown, formatted times): going
//! back to a channel shows the same ones again, and each costs more to make than to look up.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

/// At most `KEPT` texts by key; one more starts the memory over (what is on screen is soon made
/// again, and the rest was for screens left long ago).
#[derive(Default)]
pub struct Remembered<K, const KEPT: usize> {
    texts: HashMap<K, String>,
}

impl<K: Eq + Hash, const KEPT: usize> Remembered<K, KEPT> {
    /// The text of `key`: remembered, or made by `make` and remembered.
    pub fn get_or_make<Q>(&mut self, key: &Q, make: impl FnOnce() -> String) -> String
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(text) = self.texts.get(key) {
            return text.clone();
        }
        if self.texts.len() >= KEPT {
            self.texts.clear();
        }
        let text = make();
        self.texts.insert(key.to_owned(), text.clone());
        text
    }

    /// Forgets every text (they were made for something that changed).
    pub fn forget(&mut self) {
        self.texts.clear();
    }

    /// How many texts are remembered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.texts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_made_once_per_key_and_at_most_kept_are_remembered() {
        let mut remembered = Remembered::<String, 3>::default();
        let made = std::cell::Cell::new(0);
        let mut text_of = |key: &str| {
            remembered.get_or_make(key, || {
                made.set(made.get() + 1);
                key.to_uppercase()
            })
        };
        assert_eq!(text_of("a"), "A");
        assert_eq!(text_of("a"), "A");
        assert_eq!(made.get(), 1, "made once");
        for key in ["b", "c", "d"] {
            text_of(key);
        }
        assert!(remembered.len() <= 3, "bounded");
        remembered.forget();
        assert_eq!(remembered.len(), 0);
    }
}
