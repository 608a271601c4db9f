//! Points on the earth and distances between them.

mod coordinate;

pub use coordinate::{BoundingBox, Coordinate, CoordinateError};
