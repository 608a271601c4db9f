//! The tantivy schema and its field handles.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    INDEXED, STORED, STRING,
};

use tantivy::{IndexSettings, IndexSortByField, Order};

use super::tokenizer::TOKENIZER_NAME;
use crate::geo::BoundingBox;

/// Bumped whenever the schema or the analysis changes; an index with another
/// version is rebuilt.
pub const SCHEMA_VERSION: u32 = 14;

/// The text field of the category labels and synonyms.
pub const CATEGORIES_TEXT_FIELD: &str = "categories_text";

/// The text fields searched by a text query, with their boosts.
pub const TEXT_FIELDS: [(&str, f32); 5] = [
    ("name", 3.0),
    (CATEGORIES_TEXT_FIELD, 2.0),
    ("organization", 1.5),
    ("description", 1.0),
    ("place", 1.0),
];

/// Handles of every field.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The resource in [`super::record`]'s form: the one stored field, so a
    /// hit is shown from the block of the document store its search reads.
    pub record: Field,
    /// Store key (fast, indexed for deletes).
    pub key: Field,
    /// The text fields, in [`TEXT_FIELDS`] order.
    pub text: [Field; 5],
    /// Category ordinals (multi-valued).
    pub category: Field,
    /// Each category ordinal with the grid cell of the point, and with
    /// [`REMOTE_CELL`] when online or national (see [`category_cell`]).
    pub category_cell: Field,
    /// The grid cell of the point, and [`REMOTE_CELL`] when online or
    /// national: the same neighbourhood walk for a query without
    /// categories.
    pub cell: Field,
    /// Language codes packed into u64 (multi-valued).
    pub language: Field,
    /// Publication status ordinal.
    pub status: Field,
    /// 1 when free of charge.
    pub free: Field,
    /// Minimum age (0 when open).
    pub min_age: Field,
    /// Maximum age (255 when open).
    pub max_age: Field,
    /// 1 when online or national.
    pub remote: Field,
    /// 1 when the resource has a point.
    pub has_point: Field,
    /// Latitude (0 when no point).
    pub lat: Field,
    /// Longitude (0 when no point).
    pub lon: Field,
    /// `verified_at` as Unix seconds, 0 when never verified.
    pub verified: Field,
    /// [`crate::model::PackedFacts::flags`]: what the hard rules of
    /// matching read, with `created`, `verified` and `cost_amount`.
    pub facts: Field,
    /// `created_at` as Unix seconds.
    pub created: Field,
    /// The cost amount, 0 when none.
    pub cost_amount: Field,
    /// [`crate::text::organization_key`] of the organisation's name.
    pub organization: Field,
    /// [`place_order`]: what every segment is sorted by, so the documents
    /// within a radius lie in a few runs of doc ids.
    pub order: Field,
    /// Contact keys for finding likely duplicates: `p:` + phone key,
    /// `w:` + website key (see [`crate::duplicates`]).
    pub contact_key: Field,
    /// The regions a resource lies in, as an editor's token names them:
    /// its municipality and that municipality's province, each as
    /// [`crate::text::fold_key`] makes it (see [`super::document`]).
    pub region: Field,
}

/// Builds the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Frequencies, no positions: no query is a phrase (highlights are made
    // from the stored text), and recording positions was a fifth of the
    // indexing time.
    let text_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let num = NumericOptions::default() | INDEXED | FAST;
    // No field of the resource's id: nothing looks a document up by it
    // (the store does), and its million terms took 180 MiB of an import's
    // peak memory at a million, and a second (BENCHMARKS.md, twelfth
    // session).
    let record = b.add_text_field("record", STORED);
    let key = b.add_u64_field("key", num.clone());
    // The category labels and synonyms field (`categories_text`) holds no
    // document's text: see [`super::category_text`].
    let text = TEXT_FIELDS.map(|(name, _)| b.add_text_field(name, text_options.clone()));
    let fields = Fields {
        record,
        key,
        text,
        category: b.add_u64_field("category", num.clone()),
        category_cell: b.add_u64_field(CATEGORY_CELL_FIELD, INDEXED),
        cell: b.add_u64_field("cell", INDEXED),
        language: b.add_u64_field("language", num.clone()),
        status: b.add_u64_field("status", num.clone()),
        free: b.add_u64_field("free", num.clone()),
        min_age: b.add_u64_field("min_age", num.clone()),
        max_age: b.add_u64_field("max_age", num.clone()),
        remote: b.add_u64_field("remote", num.clone()),
        has_point: b.add_u64_field("has_point", FAST),
        lat: b.add_f64_field("lat", FAST),
        lon: b.add_f64_field("lon", FAST),
        verified: b.add_i64_field("verified", FAST),
        facts: b.add_u64_field("facts", FAST),
        created: b.add_i64_field("created", FAST),
        cost_amount: b.add_f64_field("cost_amount", FAST),
        organization: b.add_u64_field("organization_key", FAST),
        order: b.add_u64_field(ORDER_FIELD, FAST),
        contact_key: b.add_text_field("contact_key", STRING),
        region: b.add_text_field("region", STRING),
    };
    (b.build(), fields)
}

/// Degrees of a grid cell of [`category_cell`], north–south and east–west
/// (about 11 by 7 km here).
pub const CELL_DEGREES: f64 = 0.1;

/// The cell of [`category_cell`] that stands for "online or national".
pub const REMOTE_CELL: u64 = (1 << 24) - 1;

/// The grid cell of a point: 12 bits of row, 12 of column.
pub fn cell_of(lat: f64, lon: f64) -> u64 {
    let row = ((lat / CELL_DEGREES).floor() as i64 + 1024).clamp(0, 4095) as u64;
    let column = ((lon / CELL_DEGREES).floor() as i64 + 2048).clamp(0, 4095) as u64;
    row << 12 | column
}

/// The name of the `category_cell` field (see [`category_cell`]).
pub const CATEGORY_CELL_FIELD: &str = "category_cell";

/// The fast field every segment is sorted by (see [`place_order`]).
pub const ORDER_FIELD: &str = "order";

/// Degrees of a square of [`place_order`], north–south and east–west
/// (about 1.1 by 0.7 km here): a tenth of a cell's, so a small radius's
/// box holds few documents beyond its own.
pub const ORDER_DEGREES: f64 = 0.01;

/// Rows and columns of sub-squares a square of [`place_order`] is cut
/// into (each about 140 by 85 m here): the documents of a square lie in
/// the order of its sub-squares, so the few nearest a place name alone
/// looks for (often within 100 m in a town) are found without reading
/// the whole square.
pub const SUBSQUARES: u64 = 8;

/// Bits of [`place_order`] below the square: a sub-square's row, then its
/// column, three bits each.
const SUB_BITS: u32 = 6;

/// Where the documents offered online or nationally begin in the
/// [`place_order`]: after every local one.
pub const REMOTE_ORDER: u64 = 1 << (32 + SUB_BITS);

/// The [`place_order`] of a remote document without a point: the last of
/// the remote ones.
pub const REMOTE_WITHOUT_POINT: u64 = REMOTE_ORDER << 1;

/// The [`place_order`] of a local document without a point, which no
/// query with a radius can find: last of all.
pub const NOWHERE: u64 = REMOTE_WITHOUT_POINT + 1;

/// Where a point lies in the grid of sub-squares: its row, counted from
/// the south pole, and its column, from the antimeridian. A square's
/// row and column are these divided by [`SUBSQUARES`]; both are computed
/// from this one rounding, so they always agree.
fn subsquare(lat: f64, lon: f64) -> (u64, u64) {
    let step = ORDER_DEGREES / SUBSQUARES as f64;
    let n = SUBSQUARES as i64;
    let row = ((lat / step).floor() as i64 + 9000 * n).clamp(0, 0x10000 * n - 1) as u64;
    let column = ((lon / step).floor() as i64 + 18000 * n).clamp(0, 0x10000 * n - 1) as u64;
    (row, column)
}

/// The order of sub-square (`row`, `column`) of [`subsquare`]: 16 bits
/// of the square's row, 16 of its column, then the sub-square's row and
/// column within it.
fn order_of(row: u64, column: u64) -> u64 {
    let (square_row, square_column) = (row / SUBSQUARES, column / SUBSQUARES);
    let within = (row % SUBSQUARES) * SUBSQUARES + column % SUBSQUARES;
    (square_row << 16 | square_column) << SUB_BITS | within
}

/// What a segment's documents are sorted by: local documents by the
/// square of [`ORDER_DEGREES`] their point lies in, row by row, and
/// within a square by sub-square ([`SUBSQUARES`]), row by row; then the
/// remote ones (online or national) by theirs; then remote ones without a
/// point; then local ones without a point. The documents of a row of
/// squares are one run of doc ids, so a radius's box is a few runs (one a
/// row it spans, twice: local and remote), or its rows and all remote
/// documents; a small box is a few runs of sub-squares.
pub fn place_order(point: Option<(f64, f64)>, remote: bool) -> u64 {
    match (point, remote) {
        (Some((lat, lon)), false) => {
            let (row, column) = subsquare(lat, lon);
            order_of(row, column)
        }
        (Some((lat, lon)), true) => {
            let (row, column) = subsquare(lat, lon);
            REMOTE_ORDER | order_of(row, column)
        }
        (None, true) => REMOTE_WITHOUT_POINT,
        (None, false) => NOWHERE,
    }
}

/// Most rows of squares [`box_orders`] makes runs for; a wider box (some
/// 1,100 km north to south) walks every document.
const MAX_ORDER_ROWS: u64 = 1000;

/// Most ranges of sub-squares [`box_orders`] names for the local
/// documents of a box; a box that would need more is named by whole
/// squares. Each range costs two searches of every segment's doc table.
const MAX_SUBSQUARE_RANGES: u64 = 8;

/// The [`place_order`] ranges (inclusive, increasing) that hold every
/// document a query with box `b` around its radius may keep: in each row
/// of squares the box spans, the squares it spans (or, for a small box,
/// the sub-squares), local and remote (a remote resource with a point
/// inside the radius counts like any other); with `include_remote`, every
/// remote document instead. `None` for a box of more than
/// [`MAX_ORDER_ROWS`] rows.
pub fn box_orders(b: &BoundingBox, include_remote: bool) -> Option<Vec<(u64, u64)>> {
    let (south, west) = subsquare(b.min[0], b.min[1]);
    let (north, east) = subsquare(b.max[0], b.max[1]);
    let (low_row, high_row) = (south / SUBSQUARES, north / SUBSQUARES);
    if high_row - low_row >= MAX_ORDER_ROWS {
        return None;
    }
    let columns = east / SUBSQUARES - west / SUBSQUARES + 1;
    let mut local: Vec<(u64, u64)> = Vec::new();
    if (north - south + 1) * columns <= MAX_SUBSQUARE_RANGES {
        // Row of squares, then square, then row of sub-squares: the
        // order's own, so the ranges come out increasing.
        for square_row in low_row..=high_row {
            let rows = south.max(square_row * SUBSQUARES)
                ..=north.min(square_row * SUBSQUARES + SUBSQUARES - 1);
            for square_column in west / SUBSQUARES..=east / SUBSQUARES {
                let first = west.max(square_column * SUBSQUARES);
                let last = east.min(square_column * SUBSQUARES + SUBSQUARES - 1);
                for row in rows.clone() {
                    local.push((order_of(row, first), order_of(row, last)));
                }
            }
        }
    } else {
        let last_within = (1 << SUB_BITS) - 1;
        for square_row in low_row..=high_row {
            let first = order_of(square_row * SUBSQUARES, west / SUBSQUARES * SUBSQUARES);
            let last = order_of(square_row * SUBSQUARES, east / SUBSQUARES * SUBSQUARES);
            local.push((first, last | last_within));
        }
    }
    let mut orders = local.clone();
    if include_remote {
        orders.push((REMOTE_ORDER, REMOTE_WITHOUT_POINT));
    } else {
        orders.extend(
            local
                .iter()
                .map(|&(from, to)| (REMOTE_ORDER | from, REMOTE_ORDER | to)),
        );
    }
    Some(orders)
}

/// Bytes of a block of the document store (tantivy's default is 16 KiB).
/// A search reads its hits' records from blocks far apart: each read of a
/// 16 KiB block decompressed a dozen records for one, and tantivy's cache
/// of 100 blocks held no more than the hits of a few searches. The blocks
/// are not compressed ([`settings`]): LZ4 made the store a third of its
/// size (613 against 922 MiB at a million), but decompressing was a tenth
/// of a search for a place name alone.
pub const DOCSTORE_BLOCK: usize = 1024;

/// The index's settings: every segment sorted by [`place_order`], and
/// small, uncompressed blocks in the document store.
pub fn settings() -> IndexSettings {
    IndexSettings {
        sort_by_field: Some(IndexSortByField {
            field: ORDER_FIELD.to_string(),
            order: Order::Asc,
        }),
        docstore_blocksize: DOCSTORE_BLOCK,
        docstore_compression: tantivy::store::Compressor::None,
        ..IndexSettings::default()
    }
}

/// Whether an index written with `found` settings is one [`settings`]
/// would write.
pub fn settings_match(found: &IndexSettings) -> bool {
    let wanted = settings();
    found.sort_by_field == wanted.sort_by_field
        && found.docstore_blocksize == wanted.docstore_blocksize
        && found.docstore_compression == wanted.docstore_compression
}

/// A term of the `category_cell` field: a category ordinal in a cell, so a
/// query for some categories within a radius reads only the postings of
/// the cells its box covers, not of the whole country.
pub fn category_cell(ordinal: u64, cell: u64) -> u64 {
    ordinal << 24 | cell
}

/// Packs a two-letter language code into a number.
pub fn language_number(code: &str) -> u64 {
    code.bytes().fold(0u64, |acc, b| (acc << 8) | u64::from(b))
}

/// Unpacks a number made by [`language_number`].
pub fn language_code(number: u64) -> String {
    let bytes: Vec<u8> = number
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::Coordinate;
    use proptest::prelude::*;

    proptest! {
        /// Every point inside a box has a place order its ranges name,
        /// local and remote alike, whether the box is named by
        /// sub-squares or by squares; the ranges increase and do not
        /// overlap.
        #[test]
        fn a_box_names_the_order_of_every_point_inside_it(
            lat in 50.5f64..53.7,
            lon in 3.2f64..7.3,
            km in prop_oneof![0.005f64..0.5, 0.5f64..150.0],
            inside in proptest::collection::vec((0f64..=1.0, 0f64..=1.0), 1..40),
            include_remote in any::<bool>(),
        ) {
            let b = Coordinate::new(lat, lon).unwrap().bounding_box(km);
            let orders = box_orders(&b, include_remote).unwrap();
            prop_assert!(orders.windows(2).all(|w| w[0].1 < w[1].0), "{:?}", orders);
            let named = |order: u64| orders.iter().any(|&(f, t)| f <= order && order <= t);
            for (a, c) in inside {
                let p = (
                    b.min[0] + a * (b.max[0] - b.min[0]),
                    b.min[1] + c * (b.max[1] - b.min[1]),
                );
                prop_assert!(named(place_order(Some(p), false)), "{:?} local", p);
                prop_assert!(named(place_order(Some(p), true)), "{:?} remote", p);
            }
            prop_assert_eq!(named(REMOTE_WITHOUT_POINT), include_remote);
            prop_assert!(!named(NOWHERE));
        }
    }

    /// A box of a hundred metres is named by a few sub-squares, which
    /// leave out most of its square; a box of kilometres by whole rows of
    /// squares.
    #[test]
    fn a_small_box_is_named_by_subsquares() {
        let utrecht = Coordinate::new(52.0907, 5.1214).unwrap();
        let small = box_orders(&utrecht.bounding_box(0.05), false).unwrap();
        let width = |orders: &[(u64, u64)]| orders.iter().map(|&(f, t)| t - f + 1).sum::<u64>();
        assert!(small.len() <= 2 * MAX_SUBSQUARE_RANGES as usize);
        // Two sides (local and remote), each at most a few sub-squares of
        // the 64 in a square.
        assert!(width(&small) <= 2 * 2 * 2 * 2, "{small:?}");
        let wide = box_orders(&utrecht.bounding_box(5.0), false).unwrap();
        let squares_a_row = |orders: &[(u64, u64)]| (orders[0].1 - orders[0].0 + 1) >> SUB_BITS;
        assert!(squares_a_row(&wide) >= 14, "{wide:?}");
        // A row of squares a range: ten kilometres are nine or ten rows
        // of squares, local and remote.
        assert_eq!(wide.len() % 2, 0);
        assert!((9..=10).contains(&(wide.len() / 2)), "{}", wide.len());
    }
}
