//! Whether a point lies within a radius, decided without trigonometry for
//! nearly every point.
//!
//! A radius query tests every document its walk brings near the circle.
//! [`Coordinate::distance_km`] (the haversine formula) spends two sines,
//! two cosines and an arc sine on each. Here the haversine's `a` is
//! computed from short Taylor series of the differences in latitude and
//! longitude, whose error is far below a margin of one part in 10⁹ of the
//! radius's own `a`. A point that falls inside the margin is
//! [`Within::Unsure`], and the caller computes the exact distance: the
//! decisions are the exact formula's, only cheaper.

use super::coordinate::EARTH_RADIUS_KM;
use super::Coordinate;

/// How far from the center (in radians of latitude or longitude) the
/// series are used: about 300 km. Beyond it a point is
/// [`Within::Unsure`].
const SERIES_LIMIT: f64 = 0.05;

/// The relative margin around the radius's `a` within which a point is
/// [`Within::Unsure`]. The series' error is below 10⁻¹² of `a`, and the
/// rounding of either computation below 10⁻¹⁴.
const MARGIN: f64 = 1e-9;

/// A circle on the earth: a center and a radius.
#[derive(Debug, Clone, Copy)]
pub struct Disk {
    lat: f64,
    lon: f64,
    cos_lat: f64,
    sin_lat: f64,
    /// Below this `a`, a point is surely inside.
    inside: f64,
    /// Above this `a`, a point is surely outside.
    outside: f64,
}

/// What [`Disk::test`] says of a point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Within {
    /// Within the radius, at no less than `lower_km` from the center.
    Inside {
        /// A lower bound of [`Coordinate::distance_km`] from the center.
        lower_km: f64,
    },
    /// Beyond the radius.
    Outside,
    /// Too near the radius, or too far from the center, to tell cheaply.
    Unsure,
}

impl Disk {
    /// The circle of `radius_km` around `center`.
    pub fn new(center: Coordinate, radius_km: f64) -> Disk {
        let half_angle = radius_km / (2.0 * EARTH_RADIUS_KM);
        // Past a quarter of the earth's circumference `a` no longer grows
        // with the distance, and a radius that is not a number tells
        // nothing: every point is then unsure.
        let (inside, outside) = if (0.0..1.0).contains(&half_angle) {
            let a = half_angle.sin().powi(2);
            (a * (1.0 - MARGIN), a * (1.0 + MARGIN))
        } else {
            (f64::NEG_INFINITY, f64::INFINITY)
        };
        let lat = center.lat().to_radians();
        Disk {
            lat: center.lat(),
            lon: center.lon(),
            cos_lat: lat.cos(),
            sin_lat: lat.sin(),
            inside,
            outside,
        }
    }

    /// Whether the point at `lat`, `lon` (degrees) lies within the radius.
    #[inline]
    pub fn test(&self, lat: f64, lon: f64) -> Within {
        let x = (lat - self.lat).to_radians();
        let y = (lon - self.lon).to_radians();
        if !(x.abs() <= SERIES_LIMIT && y.abs() <= SERIES_LIMIT) {
            return Within::Unsure;
        }
        let (x2, y2) = (x * x, y * y);
        // cos(lat + x) = cos lat · cos x − sin lat · sin x
        let cos_x = 1.0 - x2 / 2.0 + x2 * x2 / 24.0 - x2 * x2 * x2 / 720.0;
        let sin_x = x * (1.0 - x2 / 6.0 + x2 * x2 / 120.0);
        let cos_other = self.cos_lat * cos_x - self.sin_lat * sin_x;
        let a = half_sine_squared(x2) + self.cos_lat * cos_other * half_sine_squared(y2);
        if a < self.inside {
            // asin(s) ≥ s, so 2R·√a is at most the distance; the margin
            // covers the series' error.
            let lower_km = 2.0 * EARTH_RADIUS_KM * a.sqrt() * (1.0 - MARGIN);
            Within::Inside { lower_km }
        } else if a > self.outside {
            Within::Outside
        } else {
            Within::Unsure
        }
    }
}

/// sin²(x / 2), from x², for |x| ≤ [`SERIES_LIMIT`]: the next term,
/// x⁸/80640, is below 10⁻¹² of the value.
#[inline]
fn half_sine_squared(x2: f64) -> f64 {
    x2 / 4.0 - x2 * x2 / 48.0 + x2 * x2 * x2 / 1440.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(lat: f64, lon: f64) -> Coordinate {
        Coordinate::new(lat, lon).expect("test coordinate")
    }

    /// The exact decision, as the collector takes it without a disk.
    fn exact(center: Coordinate, radius_km: f64, lat: f64, lon: f64) -> bool {
        center.distance_km(at(lat, lon)) <= radius_km
    }

    fn agrees(center: Coordinate, radius_km: f64, lat: f64, lon: f64) -> Result<(), String> {
        let truth = exact(center, radius_km, lat, lon);
        match Disk::new(center, radius_km).test(lat, lon) {
            Within::Inside { lower_km } => {
                let d = center.distance_km(at(lat, lon));
                if !truth {
                    return Err(format!("inside, but {d} km > {radius_km}"));
                }
                if lower_km > d {
                    return Err(format!("lower bound {lower_km} above {d}"));
                }
            }
            Within::Outside if truth => return Err("outside, but within".into()),
            _ => {}
        }
        Ok(())
    }

    #[test]
    fn decides_plain_cases_and_leaves_the_edge_to_the_exact_formula() {
        let amsterdam = at(52.3676, 4.9041);
        let disk = Disk::new(amsterdam, 25.0);
        assert!(
            matches!(disk.test(52.3676, 4.9041), Within::Inside { lower_km } if lower_km == 0.0)
        );
        // Utrecht is about 35 km away.
        assert_eq!(disk.test(52.0907, 5.1214), Within::Outside);
        assert!(matches!(disk.test(52.45, 4.95), Within::Inside { .. }));
        // A point on the circle, found by bisection along the meridian:
        // the series cannot tell it, and say so.
        let (mut low, mut high) = (52.3676, 52.8);
        for _ in 0..80 {
            let mid = (low + high) / 2.0;
            if exact(amsterdam, 25.0, mid, 4.9041) {
                low = mid;
            } else {
                high = mid;
            }
        }
        assert_eq!(disk.test(low, 4.9041), Within::Unsure);
        assert_eq!(disk.test(high, 4.9041), Within::Unsure);
        // Far away, or with a radius past a quarter of the earth.
        assert_eq!(disk.test(40.0, 4.9), Within::Unsure);
        assert_eq!(
            Disk::new(amsterdam, 30_000.0).test(52.4, 4.9),
            Within::Unsure
        );
        assert_eq!(
            Disk::new(amsterdam, f64::NAN).test(52.4, 4.9),
            Within::Unsure
        );
        // A radius of nothing: only the center itself is within, and the
        // disk leaves even that to the exact formula.
        assert_eq!(
            Disk::new(amsterdam, 0.0).test(52.3676, 4.9041),
            Within::Unsure
        );
        assert_eq!(
            Disk::new(amsterdam, 0.0).test(52.3677, 4.9041),
            Within::Outside
        );
    }

    proptest! {
        #[test]
        fn agrees_with_the_haversine_distance(
            lat in 50.0f64..54.0,
            lon in 3.0f64..7.5,
            dlat in -1.0f64..1.0,
            dlon in -1.5f64..1.5,
            radius_km in 0.0f64..150.0,
        ) {
            let center = at(lat, lon);
            prop_assert_eq!(agrees(center, radius_km, lat + dlat, lon + dlon), Ok(()));
        }

        #[test]
        fn agrees_on_the_circle_itself(
            lat in -60.0f64..60.0,
            lon in -170.0f64..170.0,
            bearing in 0.0f64..std::f64::consts::TAU,
            radius_km in 0.1f64..250.0,
            nudge in 3.0f64..13.0,
            farther: bool,
        ) {
            // A point at about `radius_km` on the bearing, by the
            // spherical destination formula, nudged in or out by between
            // 10⁻³ and 10⁻¹³ of the radius: around the margin.
            let nudge = radius_km * 10f64.powf(-nudge) * if farther { 1.0 } else { -1.0 };
            let (phi, delta) = (lat.to_radians(), (radius_km + nudge) / EARTH_RADIUS_KM);
            let phi2 = (phi.sin() * delta.cos() + phi.cos() * delta.sin() * bearing.cos()).asin();
            let lambda2 = lon.to_radians()
                + (bearing.sin() * delta.sin() * phi.cos()).atan2(delta.cos() - phi.sin() * phi2.sin());
            prop_assert_eq!(
                agrees(at(lat, lon), radius_km, phi2.to_degrees(), lambda2.to_degrees()),
                Ok(())
            );
        }
    }
}
