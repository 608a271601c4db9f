//! Open Referral HSDS 3.0: import and export of resources.
//!
//! One [`Resource`](crate::model::Resource) is one HSDS `service_at_location`
//! with its `service`, `organization` and `location`. The export
//! ([`service`], [`write_json`], [`write_package`]) writes the shape of the
//! official compiled schema `schema/compiled/service.json` and the tabular
//! data package; the import ([`parse_json`], [`read_package`]) reads every
//! JSON form (a service, a page or array of services, an organization with
//! its services, a service_at_location, the tabular form as one JSON object
//! of tables) and the tabular package.
//!
//! Our fields without an HSDS home travel as `attribute` records under the
//! `wegwijs` taxonomy ([`terms`]; documented in
//! `seed-data/hsds/wegwijs-taxonomy.md`), so native → HSDS → native is
//! lossless. Terms of other vocabularies are mapped onto our categories by
//! [`TermMapping`]; a service left without a category is imported as
//! `pending` with a note in `provenance.source`.
//!
//! This module is pure: no storage, no index, no HTTP.

mod export;
mod ids;
mod import;
mod mapping;
mod package;
mod package_reader;
mod read_fields;
mod read_parts;
mod reader;
pub mod terms;

pub use export::{service, service_at_location, write_json, write_service_at_locations};
pub use ids::hsds_id;
pub use import::{parse_json, Parsed};
pub use mapping::{MappingError, TermMapping};
pub use package::{write_package, PackageError};
pub use package_reader::read_package;
