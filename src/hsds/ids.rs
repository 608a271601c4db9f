//! Stable HSDS identifiers (UUID v5) derived from our resource ids.

use uuid::Uuid;

/// The namespace of every UUID we derive; fixed forever so exports are stable.
const NAMESPACE: Uuid = Uuid::from_u128(0x3c0f_6d2a_8e41_5b7c_9a10_52e4_d7f3_0b86);

/// A UUID (HSDS ids have `format: uuid`) derived from the kind of HSDS
/// record (`service`, `location`, `term`, …) and a key of ours, such as a
/// resource id. The same inputs always give the same id.
pub fn hsds_id(kind: &str, key: &str) -> String {
    let name = format!("{kind}/{key}");
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuids_and_differ_by_kind() {
        let a = hsds_id("service", "r-1");
        assert_eq!(a, hsds_id("service", "r-1"));
        assert_ne!(a, hsds_id("location", "r-1"));
        assert!(Uuid::parse_str(&a).is_ok());
    }
}
