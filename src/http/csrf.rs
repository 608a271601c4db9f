//! Cross-site request forgery protection for the HTML forms, without any
//! state on the server.
//!
//! A browser that shows one of our forms holds a random nonce in the
//! `wegwijs_csrf` cookie. The form carries, in a hidden field, the time it
//! was made and an HMAC-SHA256 over that nonce and that time, keyed with a
//! secret made at start-up. A post is accepted only when the field's MAC is
//! right for the cookie's nonce and the field is younger than
//! [`CSRF_MAX_AGE_SECS`]. Another site can make a browser post to us, but it
//! can read neither our cookie nor our pages, so it cannot produce the field;
//! and without the key, a nonce it planted in the cookie is of no use either.
//!
//! The key lives in memory only: a restart makes open forms stale, and the
//! visitor is told to reload the form (nothing is lost that the browser's
//! back button does not keep).

use rand::RngCore;
use sha2::{Digest, Sha256};

/// The cookie holding the browser's nonce.
pub const CSRF_COOKIE: &str = "wegwijs_csrf";

/// The hidden form field holding the signed token.
pub const CSRF_FIELD: &str = "csrf";

/// How long a rendered form stays valid: a volunteer may keep a long form
/// open for a working day.
pub const CSRF_MAX_AGE_SECS: i64 = 24 * 60 * 60;

/// How far in the future a token's time may be (clock steps).
const CLOCK_SLACK_SECS: i64 = 5 * 60;

/// The key that signs form tokens.
pub struct CsrfKey {
    key: [u8; 32],
}

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.write_str("CsrfKey(..)")
    }
}

impl Default for CsrfKey {
    fn default() -> CsrfKey {
        CsrfKey::random()
    }
}

impl CsrfKey {
    /// A fresh key from the operating system's random source.
    pub fn random() -> CsrfKey {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        CsrfKey { key }
    }

    /// A fresh nonce for a browser's cookie: 128 random bits in hex.
    pub fn new_nonce() -> String {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        hex(&bytes)
    }

    /// The form token for `nonce` made at `now` (Unix seconds):
    /// `TIME.MAC`, MAC in hex.
    pub fn token(&self, nonce: &str, now: i64) -> String {
        format!("{now}.{}", hex(&self.mac(nonce, now)))
    }

    /// Whether `token` was made by this key for `nonce`, at most
    /// [`CSRF_MAX_AGE_SECS`] before `now`.
    pub fn verify(&self, nonce: &str, token: &str, now: i64) -> bool {
        if !is_nonce(nonce) {
            return false;
        }
        let Some((time, mac)) = token.split_once('.') else {
            return false;
        };
        let Ok(time) = time.parse::<i64>() else {
            return false;
        };
        if time > now + CLOCK_SLACK_SECS || now - time > CSRF_MAX_AGE_SECS {
            return false;
        }
        let Some(mac) = unhex(mac) else {
            return false;
        };
        constant_time_eq(&mac, &self.mac(nonce, time))
    }

    fn mac(&self, nonce: &str, time: i64) -> [u8; 32] {
        let message = format!("wegwijs-form\n{nonce}\n{time}");
        hmac_sha256(&self.key, message.as_bytes())
    }
}

/// Whether `s` looks like a nonce we make (so a planted cookie of any other
/// shape is replaced, not signed).
pub fn is_nonce(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

/// Compares two byte strings in time that depends only on their lengths,
/// so a wrong MAC does not reveal how many of its leading bytes were right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // black_box keeps the optimiser from turning the fold into an early exit.
    std::hint::black_box(diff) == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hmac_hashes_a_long_key_first() {
        // RFC 4231 test case 6: a 131-byte key.
        let key = [0xaau8; 131];
        let mac = hmac_sha256(
            &key,
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex(&mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_token_verifies_for_its_nonce_and_time_only() {
        let key = CsrfKey::random();
        let nonce = CsrfKey::new_nonce();
        let token = key.token(&nonce, 1_000_000);
        assert!(key.verify(&nonce, &token, 1_000_000));
        assert!(key.verify(&nonce, &token, 1_000_000 + CSRF_MAX_AGE_SECS));
        assert!(!key.verify(&nonce, &token, 1_000_001 + CSRF_MAX_AGE_SECS));
        assert!(!key.verify(&nonce, &token, 1_000_000 - CLOCK_SLACK_SECS - 1));
        assert!(!key.verify(&CsrfKey::new_nonce(), &token, 1_000_000));
        assert!(!CsrfKey::random().verify(&nonce, &token, 1_000_000));
        // A changed time breaks the MAC.
        let (_, mac) = token.split_once('.').unwrap();
        assert!(!key.verify(&nonce, &format!("1000001.{mac}"), 1_000_001));
        for bad in ["", ".", "x.y", "1000000.", "1000000.zz", "1000000.00"] {
            assert!(!key.verify(&nonce, bad, 1_000_000), "{bad}");
        }
    }

    #[test]
    fn nonces_are_fresh_and_well_formed() {
        let a = CsrfKey::new_nonce();
        assert!(is_nonce(&a));
        assert_ne!(a, CsrfKey::new_nonce());
        assert!(!is_nonce("ABCDEF0123456789abcdef0123456789"));
        assert!(!is_nonce("short"));
    }

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
