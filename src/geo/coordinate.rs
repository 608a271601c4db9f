//! A validated WGS 84 coordinate and great-circle distances.

use geo::Haversine;

/// A latitude/longitude pair in degrees, checked to lie on the earth.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Coordinate {
    lat: f64,
    lon: f64,
}

/// A latitude or longitude out of range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CoordinateError {
    /// Latitude not in -90..=90.
    #[error("lat: must be between -90 and 90")]
    Latitude,
    /// Longitude not in -180..=180.
    #[error("lon: must be between -180 and 180")]
    Longitude,
    /// Text that is not `LAT,LON`.
    #[error("must be two numbers LAT,LON such as 52.37,4.89")]
    Syntax,
}

/// An axis-aligned box in degrees: `[min_lat, min_lon]` to `[max_lat, max_lon]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    /// South-west corner (lat, lon).
    pub min: [f64; 2],
    /// North-east corner (lat, lon).
    pub max: [f64; 2],
}

/// The mean radius of the earth that geo's haversine distance uses.
pub(super) const EARTH_RADIUS_KM: f64 = 6371.0088;

impl Coordinate {
    /// A coordinate, if `lat` and `lon` are finite and in range.
    pub fn new(lat: f64, lon: f64) -> Result<Coordinate, CoordinateError> {
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(CoordinateError::Latitude);
        }
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return Err(CoordinateError::Longitude);
        }
        Ok(Coordinate { lat, lon })
    }

    /// Parses `LAT,LON`.
    pub fn parse(text: &str) -> Result<Coordinate, CoordinateError> {
        let (a, b) = text.split_once(',').ok_or(CoordinateError::Syntax)?;
        let lat = a
            .trim()
            .parse::<f64>()
            .map_err(|_| CoordinateError::Syntax)?;
        let lon = b
            .trim()
            .parse::<f64>()
            .map_err(|_| CoordinateError::Syntax)?;
        Coordinate::new(lat, lon)
    }

    /// Latitude in degrees.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Longitude in degrees.
    pub fn lon(self) -> f64 {
        self.lon
    }

    /// This point as the origin of many distances ([`DistanceFrom`]).
    pub fn distances(self) -> DistanceFrom {
        DistanceFrom {
            from: self,
            cos_lat: self.lat.to_radians().cos(),
        }
    }

    /// Great-circle (haversine) distance in kilometres: geo's, to the bit
    /// (see [`DistanceFrom::km`]).
    pub fn distance_km(self, other: Coordinate) -> f64 {
        self.distances().km(other)
    }

    /// A box that contains every point within `km` of this one. Generous near
    /// the poles and never crossing the antimeridian (we serve the Netherlands).
    pub fn bounding_box(self, km: f64) -> BoundingBox {
        let dlat = (km / EARTH_RADIUS_KM).to_degrees();
        let max_abs_lat = (self.lat.abs() + dlat).min(89.9);
        let dlon = (dlat / max_abs_lat.to_radians().cos()).min(180.0);
        BoundingBox {
            min: [(self.lat - dlat).max(-90.0), (self.lon - dlon).max(-180.0)],
            max: [(self.lat + dlat).min(90.0), (self.lon + dlon).min(180.0)],
        }
    }
}

/// A point distances are measured from, again and again (a query's
/// point, for every document a walk keeps): geo's haversine with the
/// point's cosine computed once, the same arithmetic in the same order,
/// so the same value to the bit.
#[derive(Debug, Clone, Copy)]
pub struct DistanceFrom {
    from: Coordinate,
    cos_lat: f64,
}

impl DistanceFrom {
    /// [`Coordinate::distance_km`] from the origin to `to`.
    #[inline]
    pub fn km(&self, to: Coordinate) -> f64 {
        // geo's haversine, term by term (origin = `from`).
        let theta2 = to.lat.to_radians();
        let delta_theta = (to.lat - self.from.lat).to_radians();
        let delta_lambda = (to.lon - self.from.lon).to_radians();
        let a = (delta_theta / 2.0).sin().powi(2)
            + self.cos_lat * theta2.cos() * (delta_lambda / 2.0).sin().powi(2);
        let c = 2.0 * a.sqrt().asin();
        Haversine.radius() * c / 1000.0
    }
}

impl std::fmt::Display for Coordinate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.5},{:.5}", self.lat, self.lon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Point};

    #[test]
    fn rejects_out_of_range() {
        assert_eq!(Coordinate::new(91.0, 0.0), Err(CoordinateError::Latitude));
        assert_eq!(
            Coordinate::new(0.0, f64::NAN),
            Err(CoordinateError::Longitude)
        );
        assert_eq!(Coordinate::parse("52.1"), Err(CoordinateError::Syntax));
    }

    #[test]
    fn amsterdam_to_utrecht_is_about_35_km() {
        let ams = Coordinate::new(52.3676, 4.9041).unwrap();
        let utr = Coordinate::new(52.0907, 5.1214).unwrap();
        let d = ams.distance_km(utr);
        assert!((d - 34.5).abs() < 1.5, "{d}");
    }

    proptest::proptest! {
        /// From an origin, a distance is geo's haversine to the bit:
        /// anywhere on the earth, and near the origin, where answers are
        /// ordered by it.
        #[test]
        fn distances_from_an_origin_are_distance_km_to_the_bit(
            from in (-90.0f64..=90.0, -180.0f64..=180.0),
            to in (-90.0f64..=90.0, -180.0f64..=180.0),
            near in (-0.5f64..0.5, -0.5f64..0.5),
        ) {
            let from = Coordinate::new(from.0, from.1).unwrap();
            let origin = from.distances();
            let to = Coordinate::new(to.0, to.1).unwrap();
            let geo_km = |a: Coordinate, b: Coordinate| {
                Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
            };
            proptest::prop_assert_eq!(origin.km(to).to_bits(), geo_km(from, to).to_bits());
            if let Ok(near) = Coordinate::new(from.lat + near.0, from.lon + near.1) {
                proptest::prop_assert_eq!(
                    origin.km(near).to_bits(),
                    geo_km(from, near).to_bits()
                );
            }
            proptest::prop_assert_eq!(origin.km(from), 0.0);
        }
    }
}
