//! Points on the earth and distances between them.

mod coordinate;
mod disk;

pub use coordinate::{BoundingBox, Coordinate, CoordinateError, DistanceFrom};
pub use disk::{Disk, Within};
