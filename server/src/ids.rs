//! Identifiers, secrets and clock readings in Mattermost's formats.

use rand::RngCore;

/// Mattermost's base32 alphabet (z-base-32 order), which keeps ids lowercase and URL-safe.
const ALPHABET: &[u8; 32] = b"ybndrfg8ejkmcpqxot1uwisza345h769";

/// A new 26-character id: 16 random bytes in base32, as Mattermost's `NewId`.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    encode_base32(&bytes)
}

/// Length of a one-time token, Mattermost's `TokenSize`.
pub const TOKEN_LENGTH: usize = 64;

/// A new one-time secret (a password reset link's): 40 random bytes, 64 base32 characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 40];
    rand::thread_rng().fill_bytes(&mut bytes);
    encode_base32(&bytes)
}

/// Base32 without padding; 16 bytes give 26 characters (the last one carries 3 bits).
fn encode_base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk_model::rules::is_valid_id;

    #[test]
    fn ids_are_26_chars_from_the_mattermost_alphabet_and_unique() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.len(), 26);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert!(is_valid_id(&a));
        assert_ne!(a, b);
    }

    #[test]
    fn base32_matches_known_encoding() {
        // All-zero bytes map to the first letter of the alphabet.
        assert_eq!(encode_base32(&[0u8; 16]), "y".repeat(26));
        // 0xff.. maps to the last letter, with the 3 trailing bits padded with zeros.
        let ones = encode_base32(&[0xffu8; 16]);
        assert_eq!(&ones[..25], "9".repeat(25));
        assert_eq!(&ones[25..], "h"); // 0b11100 = 28 -> 'h'
    }
}
