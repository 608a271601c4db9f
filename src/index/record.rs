//! A resource as the index's document store keeps it: a compact binary
//! form, so a search shows its hits without a store lookup or a JSON parse.
//!
//! Reading a hit's record from the store cost a lookup in sled's tree (in
//! the benchmark mix, about 4.7 µs a hit while the caches were cold) and a
//! JSON parse (about 3 µs); 20 hits of a place name alone cost twice the
//! rest of its search. In this form a record is read from the block of the
//! document store the search already reads for the hit, and decoded in a
//! fraction of a microsecond.
//!
//! The form is private to the index and versioned with it
//! ([`super::schema::SCHEMA_VERSION`]): an index written with another form
//! is rebuilt from the store. Every field is written in declaration order:
//! strings and lists as their length and contents, options and enums as a
//! tag byte, numbers (lengths, the bits of a float, seconds and
//! nanoseconds) six bits a byte. Every byte outside the strings is ASCII, so
//! a record is valid UTF-8 and is stored as text: tantivy reads a stored
//! text in one copy, and stored bytes one byte at a time (a tenth of a
//! search for a place name alone). `encode` and
//! `decode` destructure and build [`Resource`] and its parts field by field,
//! so a field added to the model does not compile until it is added here.
//! [`decode`] never panics: a bad byte is a [`RecordError`].

use chrono::{DateTime, Utc};

use crate::model::{
    Availability, AvailabilityStatus, Contact, Cost, CostKind, Eligibility, LegalStatus,
    LocalizedText, Location, Organization, Provenance, PublicationStatus, Resource, ResourceId,
    ServiceArea,
};

/// The first byte of every record; another value is refused.
const FORM: u8 = 1;

/// A record that is not in this form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored record unreadable at byte {at}: {message}")]
pub struct RecordError {
    /// Where reading stopped.
    pub at: usize,
    /// What was wrong.
    pub message: &'static str,
}

/// Appends `resource` in the index's form to `out`.
pub fn encode(resource: &Resource, out: &mut String) {
    let Resource {
        id,
        name,
        description,
        organization,
        categories,
        location,
        service_area,
        languages,
        interpreter_available,
        eligibility,
        cost,
        availability,
        contact,
        opening_hours,
        accessibility,
        provenance,
        status,
        synthetic,
    } = resource;
    let w = &mut Writer(out);
    w.u8(FORM);
    w.str(&id.0);
    w.str(name);
    let LocalizedText { uk, nl, en } = description;
    for text in [uk, nl, en] {
        w.opt_str(text);
    }
    let Organization { name, website } = organization;
    w.str(name);
    w.opt_str(website);
    w.strs(categories);
    match location {
        Location::Place {
            address,
            municipality,
            lat,
            lon,
            approximate,
        } => {
            w.u8(1);
            w.opt_str(address);
            w.str(municipality);
            w.f64(*lat);
            w.f64(*lon);
            w.bool(*approximate);
        }
        Location::Online => w.u8(0),
    }
    match service_area {
        None => w.u8(0),
        Some(ServiceArea::Radius { km }) => {
            w.u8(1);
            w.f64(*km);
        }
        Some(ServiceArea::Municipalities { municipalities }) => {
            w.u8(2);
            w.strs(municipalities);
        }
        Some(ServiceArea::National) => w.u8(3),
    }
    w.strs(languages);
    w.bool(*interpreter_available);
    let Eligibility {
        min_age,
        max_age,
        audience,
        legal_statuses,
        bsn_required,
        residents_only,
    } = eligibility;
    for age in [min_age, max_age] {
        match age {
            None => w.u8(0),
            Some(a) => {
                w.u8(1);
                w.uint(u64::from(*a));
            }
        }
    }
    w.opt_str(audience);
    w.len(legal_statuses.len());
    for s in legal_statuses {
        // Its place in `LegalStatus::ALL`, whose order is stable.
        let tag = LegalStatus::ALL.iter().position(|x| x == s).unwrap_or(0);
        w.u8(tag as u8);
    }
    w.bool(*bsn_required);
    w.strs(residents_only);
    match cost {
        None => w.u8(0),
        Some(Cost {
            kind,
            amount,
            currency,
            note,
        }) => {
            w.u8(1);
            w.u8(match kind {
                CostKind::Free => 0,
                CostKind::Paid => 1,
                CostKind::Reduced => 2,
            });
            match amount {
                None => w.u8(0),
                Some(a) => {
                    w.u8(1);
                    w.f64(*a);
                }
            }
            w.opt_str(currency);
            w.opt_str(note);
        }
    }
    match availability {
        None => w.u8(0),
        Some(Availability { status, stated_at }) => {
            w.u8(1);
            w.u8(match status {
                AvailabilityStatus::Accepting => 0,
                AvailabilityStatus::WaitingList => 1,
                AvailabilityStatus::Full => 2,
                AvailabilityStatus::TemporarilyClosed => 3,
            });
            w.opt_time(stated_at);
        }
    }
    let Contact {
        phone,
        email,
        website,
        telegram,
        whatsapp,
    } = contact;
    for c in [phone, email, website, telegram, whatsapp] {
        w.opt_str(c);
    }
    w.opt_str(opening_hours);
    w.opt_str(accessibility);
    let Provenance {
        source,
        created_at,
        updated_at,
        verified_at,
        verified_by,
    } = provenance;
    w.str(source);
    w.time(created_at);
    w.time(updated_at);
    w.opt_time(verified_at);
    w.opt_str(verified_by);
    w.u8(match status {
        PublicationStatus::Draft => 0,
        PublicationStatus::Pending => 1,
        PublicationStatus::Published => 2,
        PublicationStatus::Archived => 3,
    });
    w.bool(*synthetic);
}

/// Reads a record written by [`encode`]; every byte must belong to it.
pub fn decode(text: &str) -> Result<Resource, RecordError> {
    let r = &mut Reader { text, at: 0 };
    if r.u8()? != FORM {
        return Err(r.error("not a record of this form"));
    }
    let id = ResourceId(r.string()?);
    let name = r.string()?;
    let description = LocalizedText {
        uk: r.opt_string()?,
        nl: r.opt_string()?,
        en: r.opt_string()?,
    };
    let organization = Organization {
        name: r.string()?,
        website: r.opt_string()?,
    };
    let categories = r.strings()?;
    let location = match r.u8()? {
        0 => Location::Online,
        1 => Location::Place {
            address: r.opt_string()?,
            municipality: r.string()?,
            lat: r.f64()?,
            lon: r.f64()?,
            approximate: r.bool()?,
        },
        _ => return Err(r.error("unknown location kind")),
    };
    let service_area = match r.u8()? {
        0 => None,
        1 => Some(ServiceArea::Radius { km: r.f64()? }),
        2 => Some(ServiceArea::Municipalities {
            municipalities: r.strings()?,
        }),
        3 => Some(ServiceArea::National),
        _ => return Err(r.error("unknown service area kind")),
    };
    let languages = r.strings()?;
    let interpreter_available = r.bool()?;
    let mut ages = [None, None];
    for age in &mut ages {
        *age = match r.u8()? {
            0 => None,
            1 => Some(r.small()?),
            _ => return Err(r.error("bad option tag")),
        };
    }
    let audience = r.opt_string()?;
    let n = r.len()?;
    let mut legal_statuses = Vec::with_capacity(n);
    for _ in 0..n {
        let tag = r.u8()?;
        let status = LegalStatus::ALL
            .get(usize::from(tag))
            .copied()
            .ok_or_else(|| r.error("unknown legal status"))?;
        legal_statuses.push(status);
    }
    let eligibility = Eligibility {
        min_age: ages[0],
        max_age: ages[1],
        audience,
        legal_statuses,
        bsn_required: r.bool()?,
        residents_only: r.strings()?,
    };
    let cost = match r.u8()? {
        0 => None,
        1 => {
            let kind = match r.u8()? {
                0 => CostKind::Free,
                1 => CostKind::Paid,
                2 => CostKind::Reduced,
                _ => return Err(r.error("unknown cost kind")),
            };
            let amount = match r.u8()? {
                0 => None,
                1 => Some(r.f64()?),
                _ => return Err(r.error("bad option tag")),
            };
            Some(Cost {
                kind,
                amount,
                currency: r.opt_string()?,
                note: r.opt_string()?,
            })
        }
        _ => return Err(r.error("bad option tag")),
    };
    let availability = match r.u8()? {
        0 => None,
        1 => {
            let status = match r.u8()? {
                0 => AvailabilityStatus::Accepting,
                1 => AvailabilityStatus::WaitingList,
                2 => AvailabilityStatus::Full,
                3 => AvailabilityStatus::TemporarilyClosed,
                _ => return Err(r.error("unknown availability status")),
            };
            Some(Availability {
                status,
                stated_at: r.opt_time()?,
            })
        }
        _ => return Err(r.error("bad option tag")),
    };
    let contact = Contact {
        phone: r.opt_string()?,
        email: r.opt_string()?,
        website: r.opt_string()?,
        telegram: r.opt_string()?,
        whatsapp: r.opt_string()?,
    };
    let opening_hours = r.opt_string()?;
    let accessibility = r.opt_string()?;
    let provenance = Provenance {
        source: r.string()?,
        created_at: r.time()?,
        updated_at: r.time()?,
        verified_at: r.opt_time()?,
        verified_by: r.opt_string()?,
    };
    let status = match r.u8()? {
        0 => PublicationStatus::Draft,
        1 => PublicationStatus::Pending,
        2 => PublicationStatus::Published,
        3 => PublicationStatus::Archived,
        _ => return Err(r.error("unknown publication status")),
    };
    let synthetic = r.bool()?;
    if r.at != text.len() {
        return Err(r.error("bytes after the record"));
    }
    Ok(Resource {
        id,
        name,
        description,
        organization,
        categories,
        location,
        service_area,
        languages,
        interpreter_available,
        eligibility,
        cost,
        availability,
        contact,
        opening_hours,
        accessibility,
        provenance,
        status,
        synthetic,
    })
}

/// The id of a record written by [`encode`], without reading the rest.
pub fn id_of(text: &str) -> Result<String, RecordError> {
    let r = &mut Reader { text, at: 0 };
    if r.u8()? != FORM {
        return Err(r.error("not a record of this form"));
    }
    r.string()
}

struct Writer<'a>(&'a mut String);

impl Writer<'_> {
    /// A small tag or flag, as one ASCII byte.
    fn u8(&mut self, v: u8) {
        debug_assert!(v < 0x40);
        self.0.push(char::from(v));
    }

    fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }

    /// An unsigned number, six bits a byte, lowest first, `0x40` on every
    /// byte but the last: always ASCII.
    fn uint(&mut self, mut n: u64) {
        while n >= 0x40 {
            self.0.push(char::from((n & 0x3f) as u8 | 0x40));
            n >>= 6;
        }
        self.0.push(char::from(n as u8));
    }

    fn len(&mut self, n: usize) {
        self.uint(n as u64);
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.push_str(s);
    }

    fn opt_str(&mut self, s: &Option<String>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    fn strs(&mut self, list: &[String]) {
        self.len(list.len());
        for s in list {
            self.str(s);
        }
    }

    fn f64(&mut self, v: f64) {
        self.uint(v.to_bits());
    }

    fn time(&mut self, t: &DateTime<Utc>) {
        let secs = t.timestamp();
        // Zigzag: small magnitudes either side of 1970 stay short.
        self.uint(((secs << 1) ^ (secs >> 63)) as u64);
        self.uint(u64::from(t.timestamp_subsec_nanos()));
    }

    fn opt_time(&mut self, t: &Option<DateTime<Utc>>) {
        match t {
            None => self.u8(0),
            Some(t) => {
                self.u8(1);
                self.time(t);
            }
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, message: &'static str) -> RecordError {
        RecordError {
            at: self.at,
            message,
        }
    }

    fn u8(&mut self) -> Result<u8, RecordError> {
        let b = *self
            .text
            .as_bytes()
            .get(self.at)
            .ok_or_else(|| self.error("record ends early"))?;
        self.at += 1;
        Ok(b)
    }

    fn bool(&mut self) -> Result<bool, RecordError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(self.error("bad boolean")),
        }
    }

    fn uint(&mut self) -> Result<u64, RecordError> {
        let mut n: u64 = 0;
        for shift in (0..66).step_by(6) {
            let b = self.u8()?;
            if b >= 0x80 {
                return Err(self.error("not a number"));
            }
            let bits = u64::from(b & 0x3f);
            // The eleventh group holds the top four bits.
            if shift == 60 && bits > 0xf {
                return Err(self.error("number too large"));
            }
            n |= bits << shift;
            if b & 0x40 == 0 {
                return Ok(n);
            }
        }
        Err(self.error("number too long"))
    }

    /// A length: no more than the bytes left could hold (every item takes
    /// at least one), so a bad length cannot ask for memory.
    fn len(&mut self) -> Result<usize, RecordError> {
        let n = self.uint()?;
        if n > (self.text.len() - self.at) as u64 {
            return Err(self.error("length beyond the record"));
        }
        Ok(n as usize)
    }

    fn small(&mut self) -> Result<u8, RecordError> {
        u8::try_from(self.uint()?).map_err(|_| self.error("number too large"))
    }

    fn string(&mut self) -> Result<String, RecordError> {
        let n = self.len()?;
        let text = self
            .text
            .get(self.at..self.at + n)
            .ok_or_else(|| self.error("text cut inside a character"))?;
        self.at += n;
        Ok(text.to_string())
    }

    fn opt_string(&mut self) -> Result<Option<String>, RecordError> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(self.error("bad option tag")),
        }
    }

    fn strings(&mut self) -> Result<Vec<String>, RecordError> {
        let n = self.len()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }

    fn f64(&mut self) -> Result<f64, RecordError> {
        Ok(f64::from_bits(self.uint()?))
    }

    fn time(&mut self) -> Result<DateTime<Utc>, RecordError> {
        let z = self.uint()?;
        let secs = (z >> 1) as i64 ^ -((z & 1) as i64);
        let nanos = u32::try_from(self.uint()?).map_err(|_| self.error("number too large"))?;
        DateTime::from_timestamp(secs, nanos).ok_or_else(|| self.error("time out of range"))
    }

    fn opt_time(&mut self) -> Result<Option<DateTime<Utc>>, RecordError> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.time().map(Some),
            _ => Err(self.error("bad option tag")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![Just(String::new()), "\\PC{0,40}", "[a-z ]{0,300}"]
    }

    fn opt_text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(text())
    }

    fn time() -> impl Strategy<Value = DateTime<Utc>> {
        (-62_000_000_000i64..250_000_000_000, 0u32..1_000_000_000)
            .prop_map(|(s, n)| DateTime::from_timestamp(s, n).expect("in range"))
    }

    fn location() -> impl Strategy<Value = Location> {
        prop_oneof![
            Just(Location::Online),
            (
                opt_text(),
                text(),
                any::<f64>(),
                any::<f64>(),
                any::<bool>()
            )
                .prop_map(|(address, municipality, lat, lon, approximate)| {
                    Location::Place {
                        address,
                        municipality,
                        lat,
                        lon,
                        approximate,
                    }
                }),
        ]
    }

    fn service_area() -> impl Strategy<Value = Option<ServiceArea>> {
        prop_oneof![
            Just(None),
            any::<f64>().prop_map(|km| Some(ServiceArea::Radius { km })),
            proptest::collection::vec(text(), 0..4)
                .prop_map(|municipalities| Some(ServiceArea::Municipalities { municipalities })),
            Just(Some(ServiceArea::National)),
        ]
    }

    fn eligibility() -> impl Strategy<Value = Eligibility> {
        (
            proptest::option::of(any::<u8>()),
            proptest::option::of(any::<u8>()),
            opt_text(),
            proptest::collection::vec(proptest::sample::select(LegalStatus::ALL.to_vec()), 0..7),
            any::<bool>(),
            proptest::collection::vec(text(), 0..3),
        )
            .prop_map(
                |(min_age, max_age, audience, legal_statuses, bsn_required, residents_only)| {
                    Eligibility {
                        min_age,
                        max_age,
                        audience,
                        legal_statuses,
                        bsn_required,
                        residents_only,
                    }
                },
            )
    }

    fn cost() -> impl Strategy<Value = Option<Cost>> {
        proptest::option::of(
            (
                proptest::sample::select(vec![CostKind::Free, CostKind::Paid, CostKind::Reduced]),
                proptest::option::of(any::<f64>()),
                opt_text(),
                opt_text(),
            )
                .prop_map(|(kind, amount, currency, note)| Cost {
                    kind,
                    amount,
                    currency,
                    note,
                }),
        )
    }

    fn availability() -> impl Strategy<Value = Option<Availability>> {
        proptest::option::of(
            (
                proptest::sample::select(vec![
                    AvailabilityStatus::Accepting,
                    AvailabilityStatus::WaitingList,
                    AvailabilityStatus::Full,
                    AvailabilityStatus::TemporarilyClosed,
                ]),
                proptest::option::of(time()),
            )
                .prop_map(|(status, stated_at)| Availability { status, stated_at }),
        )
    }

    fn resource() -> impl Strategy<Value = Resource> {
        let head = (
            text(),
            text(),
            (opt_text(), opt_text(), opt_text()),
            (text(), opt_text()),
            proptest::collection::vec(text(), 0..4),
            location(),
            service_area(),
            proptest::collection::vec("[a-z]{2}", 0..5),
            any::<bool>(),
        );
        let tail = (
            eligibility(),
            cost(),
            availability(),
            (opt_text(), opt_text(), opt_text(), opt_text(), opt_text()),
            (opt_text(), opt_text()),
            (
                text(),
                time(),
                time(),
                proptest::option::of(time()),
                opt_text(),
            ),
            proptest::sample::select(vec![
                PublicationStatus::Draft,
                PublicationStatus::Pending,
                PublicationStatus::Published,
                PublicationStatus::Archived,
            ]),
            any::<bool>(),
        );
        (head, tail).prop_map(
            |(
                (
                    id,
                    name,
                    (uk, nl, en),
                    (org, org_site),
                    categories,
                    location,
                    area,
                    languages,
                    interp,
                ),
                (
                    eligibility,
                    cost,
                    availability,
                    (phone, email, website, telegram, whatsapp),
                    (hours, access),
                    (source, created, updated, verified, by),
                    status,
                    synthetic,
                ),
            )| Resource {
                id: ResourceId(id),
                name,
                description: LocalizedText { uk, nl, en },
                organization: Organization {
                    name: org,
                    website: org_site,
                },
                categories,
                location,
                service_area: area,
                languages,
                interpreter_available: interp,
                eligibility,
                cost,
                availability,
                contact: Contact {
                    phone,
                    email,
                    website,
                    telegram,
                    whatsapp,
                },
                opening_hours: hours,
                accessibility: access,
                provenance: Provenance {
                    source,
                    created_at: created,
                    updated_at: updated,
                    verified_at: verified,
                    verified_by: by,
                },
                status,
                synthetic,
            },
        )
    }

    /// Equal as stored: floats compared by their bits, so NaN equals itself.
    fn same(a: &Resource, b: &Resource) -> bool {
        let (mut x, mut y) = (String::new(), String::new());
        encode(a, &mut x);
        encode(b, &mut y);
        x == y
    }

    proptest! {
        #[test]
        fn every_resource_reads_back_as_written(r in resource()) {
            let mut text = String::new();
            encode(&r, &mut text);
            let back = decode(&text).expect("own record");
            prop_assert!(same(&back, &r));
            let finite = |x: f64| !x.is_nan();
            let comparable = match &r.location {
                Location::Place { lat, lon, .. } => finite(*lat) && finite(*lon),
                Location::Online => true,
            } && match &r.service_area {
                Some(ServiceArea::Radius { km }) => finite(*km),
                _ => true,
            } && r.cost.as_ref().and_then(|c| c.amount).is_none_or(finite);
            if comparable {
                prop_assert_eq!(back, r);
            }
        }

        #[test]
        fn a_record_cut_short_or_with_a_byte_changed_never_panics(
            r in resource(),
            cut in any::<prop::sample::Index>(),
            flip in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let mut text = String::new();
            encode(&r, &mut text);
            let cut = cut.index(text.len());
            if let Some(short) = text.get(..cut) {
                prop_assert!(decode(short).is_err());
            }
            let mut bytes = text.into_bytes();
            let at = flip.index(bytes.len());
            bytes[at] = byte;
            // Either an error or some resource: what matters is no panic
            // and no allocation beyond the record's own size.
            if let Ok(changed) = String::from_utf8(bytes) {
                let _ = decode(&changed);
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}", ascii in "[\\x00-\\x7f]{0,200}") {
            let _ = decode(&text);
            let _ = decode(&ascii);
        }

        #[test]
        fn numbers_read_back_as_written(n in any::<u64>(), secs in any::<i64>()) {
            let mut text = String::new();
            Writer(&mut text).uint(n);
            prop_assert!(text.is_ascii());
            prop_assert_eq!(Reader { text: &text, at: 0 }.uint(), Ok(n));
            let z = ((secs << 1) ^ (secs >> 63)) as u64;
            prop_assert_eq!((z >> 1) as i64 ^ -((z & 1) as i64), secs);
        }
    }

    #[test]
    fn seed_records_read_back_as_written() {
        for r in crate::seed::real_resources().expect("seed parses") {
            let mut text = String::new();
            encode(&r, &mut text);
            assert_eq!(decode(&text), Ok(r));
        }
    }

    #[test]
    fn another_form_or_trailing_bytes_are_refused() {
        let r = crate::seed::real_resources()
            .expect("seed parses")
            .remove(0);
        let mut text = String::new();
        encode(&r, &mut text);
        let other = format!("{}{}", char::from(FORM + 1), &text[1..]);
        assert_eq!(
            decode(&other).unwrap_err().message,
            "not a record of this form"
        );
        text.push('\0');
        assert_eq!(decode(&text).unwrap_err().message, "bytes after the record");
    }
}
