//! The `wegwijs` taxonomy: the HSDS attribute terms that carry our fields
//! without an HSDS home. `seed-data/hsds/wegwijs-taxonomy.md` documents them.

use super::ids::hsds_id;

/// The taxonomy name on every term of ours (`taxonomy_term.taxonomy`).
pub const TAXONOMY: &str = "wegwijs";

/// Our resource id (HSDS ids must be UUIDs, ours are not).
pub const ID: &str = "wegwijs:id";
/// The Ukrainian description.
pub const DESCRIPTION_UK: &str = "wegwijs:description_uk";
/// The Dutch description.
pub const DESCRIPTION_NL: &str = "wegwijs:description_nl";
/// The English description.
pub const DESCRIPTION_EN: &str = "wegwijs:description_en";
/// `true` when the point was derived from a place name.
pub const APPROXIMATE_LOCATION: &str = "wegwijs:approximate_location";
/// One accepted legal status per attribute (`temporary_protection`, …).
pub const LEGAL_STATUS: &str = "wegwijs:legal_status";
/// `true` or `false`: whether a BSN is required.
pub const BSN_REQUIRED: &str = "wegwijs:bsn_required";
/// One municipality per attribute whose residents alone are served.
pub const RESIDENTS_ONLY: &str = "wegwijs:residents_only";
/// The availability state (`accepting`, `waiting_list`, `full`, `temporarily_closed`).
pub const AVAILABILITY: &str = "wegwijs:availability";
/// When the availability was stated (RFC 3339).
pub const AVAILABILITY_STATED_AT: &str = "wegwijs:availability_stated_at";
/// The Telegram link.
pub const TELEGRAM: &str = "wegwijs:telegram";
/// The WhatsApp link.
pub const WHATSAPP: &str = "wegwijs:whatsapp";
/// Where the record comes from (`provenance.source`).
pub const SOURCE: &str = "wegwijs:source";
/// When the record was first stored (RFC 3339).
pub const CREATED_AT: &str = "wegwijs:created_at";
/// When a person last confirmed the record (RFC 3339, full precision).
pub const VERIFIED_AT: &str = "wegwijs:verified_at";
/// Who confirmed it.
pub const VERIFIED_BY: &str = "wegwijs:verified_by";
/// The exact publication status (`draft`, `pending`, `published`, `archived`).
pub const STATUS: &str = "wegwijs:status";
/// `true` for generated demo data.
pub const SYNTHETIC: &str = "wegwijs:synthetic";

/// Every field term with its description, in export order.
pub const FIELD_TERMS: [(&str, &str); 18] = [
    (ID, "the wegwijs resource id"),
    (DESCRIPTION_UK, "the description in Ukrainian"),
    (DESCRIPTION_NL, "the description in Dutch"),
    (DESCRIPTION_EN, "the description in English"),
    (
        APPROXIMATE_LOCATION,
        "true when the point was derived from a place name",
    ),
    (LEGAL_STATUS, "a legal status accepted by the service"),
    (
        BSN_REQUIRED,
        "whether a BSN (citizen service number) is required",
    ),
    (
        RESIDENTS_ONLY,
        "a municipality whose residents alone are served",
    ),
    (AVAILABILITY, "whether the service takes new people"),
    (AVAILABILITY_STATED_AT, "when the availability was stated"),
    (TELEGRAM, "the Telegram link of the service"),
    (WHATSAPP, "the WhatsApp link of the service"),
    (SOURCE, "where the record comes from"),
    (CREATED_AT, "when the record was first stored"),
    (VERIFIED_AT, "when a person last confirmed the record"),
    (VERIFIED_BY, "who last confirmed the record"),
    (STATUS, "the wegwijs publication status"),
    (SYNTHETIC, "true for generated demo data"),
];

/// The HSDS id of the `wegwijs` taxonomy.
pub fn taxonomy_id() -> String {
    hsds_id("taxonomy", TAXONOMY)
}

/// The HSDS id of a term of the `wegwijs` taxonomy: a field term above or a
/// category code.
pub fn term_id(code: &str) -> String {
    hsds_id("term", code)
}
