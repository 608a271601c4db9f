//! The client threads of the crash test. Each owns its resources, streams
//! writes to them through the API until the server dies under it, and
//! remembers what the server acknowledged: the last acknowledged state of
//! every resource, and the one write whose answer the kill cut off.

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use super::server::{request, Outcome, Response};

/// The name of the editor token the workers write with.
pub const EDITOR: &str = "crash editor";

/// At most this many resources per worker, so that the checks after each
/// restart stay bounded however many cycles run.
const MAX_RESOURCES: usize = 150;
/// At most this many refused creates per worker.
const MAX_REFUSED: usize = 50;

/// The fields of a resource the workers set and compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// `name`: `Crashtest WORD vN`.
    pub name: String,
    /// `description.nl`: `versie N`, always the same N as the name.
    pub nl: String,
    /// `status`.
    pub status: String,
    /// `provenance.verified_by`.
    pub verified_by: Option<String>,
}

impl View {
    /// The view of a resource as the API returns it.
    pub fn of(resource: &Value) -> View {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        View {
            name: text(&resource["name"]),
            nl: text(&resource["description"]["nl"]),
            status: text(&resource["status"]),
            verified_by: resource["provenance"]["verified_by"]
                .as_str()
                .map(str::to_string),
        }
    }

    fn new(word: &str, version: u32, status: &str, verified_by: Option<String>) -> View {
        View {
            name: format!("Crashtest {word} v{version}"),
            nl: format!("versie {version}"),
            status: status.to_string(),
            verified_by,
        }
    }

    /// Whether the name and the description were written together: both
    /// fields carry the same version number.
    pub fn consistent(&self) -> bool {
        let from_name = self.name.rsplit(" v").next();
        let from_nl = self.nl.strip_prefix("versie ");
        from_name.is_some() && from_name == from_nl
    }
}

/// A state the server acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// What it holds.
    pub view: View,
    /// Its ETag (`provenance.updated_at`): every write changes it.
    pub etag: String,
}

impl Known {
    fn of(response: &Response) -> Result<Known, String> {
        let etag = response
            .header("etag")
            .ok_or_else(|| format!("{} without an ETag", response.status))?;
        Ok(Known {
            view: View::of(&response.json()),
            etag: etag.to_string(),
        })
    }
}

/// A write whose answer was lost: it landed or it did not.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The state if it landed.
    pub after: View,
    /// Its audit action.
    pub action: &'static str,
}

/// One resource a worker owns.
#[derive(Debug, Clone)]
pub struct Tracked {
    /// Its id.
    pub id: String,
    /// A word in its name found in no other resource of the test.
    pub word: String,
    /// The state last acknowledged (or found after a restart); `None` while
    /// it does not exist.
    pub known: Option<Known>,
    /// The write in flight when the server was killed.
    pub pending: Option<Pending>,
    /// The audit actions of every write known to have landed, in order.
    pub landed: Vec<&'static str>,
    versions: u32,
}

/// What a worker did, in numbers.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Writes answered 2xx.
    pub acknowledged: usize,
    /// Writes refused as expected (400 or 409).
    pub refused: usize,
    /// Writes whose answer the kill cut off.
    pub unknown: usize,
    /// Of those, the ones found to have landed after the restart.
    pub unknown_landed: usize,
    /// Searches answered during the writes.
    pub searches: usize,
}

/// A client thread's state, kept across restarts.
#[derive(Debug)]
pub struct Worker {
    number: usize,
    /// The resources it owns.
    pub resources: Vec<Tracked>,
    /// Ids of creates the server refused (or might have): they must never exist.
    pub refused_ids: Vec<String>,
    /// Totals so far.
    pub counts: Counts,
}

/// Whether the worker goes on after a request.
enum Next {
    Go,
    Stop,
}

fn body_of(id: &str, view: &View) -> Value {
    json!({
        "id": id,
        "name": view.name,
        "description": {"nl": view.nl, "uk": "Розмови з психологом"},
        "organization": {"name": "Stichting Crashtest"},
        "categories": ["health.mental_support"],
        "location": {"kind": "place", "municipality": "Utrecht", "lat": 52.0907, "lon": 5.1214},
        "languages": ["uk", "nl"],
        "cost": {"kind": "free"},
        "provenance": {"source": "https://example.org/crashtest"}
    })
}

impl Worker {
    /// Worker `number` (0 to 3), with nothing written yet.
    pub fn new(number: usize) -> Worker {
        assert!(number < 4, "four workers at most: words must stay unique");
        Worker {
            number,
            resources: Vec::new(),
            refused_ids: Vec::new(),
            counts: Counts::default(),
        }
    }

    /// Writes until the server stops answering. An answer other than the
    /// one expected is a failure.
    pub fn run(&mut self, addr: &str, token: &str, seed: u64) -> Result<(), String> {
        let mut rng = SmallRng::seed_from_u64(seed);
        loop {
            let next = match rng.gen_range(0..100) {
                0..=14 => self.create(addr, token),
                15..=34 => self.update(addr, token, &mut rng, "replace"),
                35..=54 => self.update(addr, token, &mut rng, "patch"),
                55..=62 => self.update(addr, token, &mut rng, "archive"),
                63..=77 => self.update(addr, token, &mut rng, "verify"),
                78..=83 => self.refused_update(addr, token, &mut rng, true),
                84..=89 => self.refused_update(addr, token, &mut rng, false),
                90..=94 => self.refused_create(addr, token),
                _ => self.search(addr, &mut rng),
            }?;
            if let Next::Stop = next {
                return Ok(());
            }
        }
    }

    fn create(&mut self, addr: &str, token: &str) -> Result<Next, String> {
        let n = self.resources.len();
        if n >= MAX_RESOURCES {
            return Ok(Next::Go);
        }
        // Four-digit words: short enough that search matches them exactly.
        let word = (1000 + self.number * 2000 + n).to_string();
        let id = format!("crash-{}-{n}", self.number);
        let after = View::new(&word, 0, "published", None);
        let body = body_of(&id, &after).to_string();
        let path = "/api/v1/resources?allow_duplicate=true";
        let outcome = request(addr, "POST", path, Some(token), &[], Some(&body));
        let mut tracked = Tracked {
            id,
            word,
            known: None,
            pending: None,
            landed: Vec::new(),
            versions: 0,
        };
        let next = match outcome {
            Outcome::NotSent => return Ok(Next::Stop),
            Outcome::Lost => {
                tracked.pending = Some(Pending {
                    after,
                    action: "create",
                });
                self.counts.unknown += 1;
                Next::Stop
            }
            Outcome::Answered(r) => {
                expect_status(&r, 201, &format!("create {}", tracked.id))?;
                let known = Known::of(&r)?;
                if known.view != after {
                    return Err(format!("create answered {known:?}, sent {after:?}"));
                }
                tracked.known = Some(known);
                tracked.landed.push("create");
                self.counts.acknowledged += 1;
                Next::Go
            }
        };
        self.resources.push(tracked);
        Ok(next)
    }

    /// A resource that exists and has no write in doubt.
    fn pick(&self, rng: &mut SmallRng) -> Option<usize> {
        let live: Vec<usize> = (0..self.resources.len())
            .filter(|&i| self.resources[i].known.is_some() && self.resources[i].pending.is_none())
            .collect();
        (!live.is_empty()).then(|| live[rng.gen_range(0..live.len())])
    }

    fn update(
        &mut self,
        addr: &str,
        token: &str,
        rng: &mut SmallRng,
        action: &'static str,
    ) -> Result<Next, String> {
        let Some(i) = self.pick(rng) else {
            return self.create(addr, token);
        };
        let t = &mut self.resources[i];
        let known = t.known.clone().expect("picked resources exist");
        let path = format!("/api/v1/resources/{}", t.id);
        let if_match = [("If-Match", known.etag.as_str())];
        let old = &known.view;
        let (after, outcome) = match action {
            "replace" | "patch" => {
                t.versions += 1;
                let v = t.versions;
                if action == "replace" {
                    // A whole new record: published again, never verified.
                    let after = View::new(&t.word, v, "published", None);
                    let body = body_of(&t.id, &after).to_string();
                    let o = request(addr, "PUT", &path, Some(token), &if_match, Some(&body));
                    (after, o)
                } else {
                    let after = View::new(&t.word, v, &old.status, old.verified_by.clone());
                    let body = json!({"name": after.name, "description": {"nl": after.nl}});
                    let body = body.to_string();
                    let o = request(addr, "PATCH", &path, Some(token), &if_match, Some(&body));
                    (after, o)
                }
            }
            "archive" => {
                let after = View {
                    status: "archived".into(),
                    ..old.clone()
                };
                (
                    after,
                    request(addr, "DELETE", &path, Some(token), &[], None),
                )
            }
            _ => {
                let after = View {
                    verified_by: Some(EDITOR.into()),
                    ..old.clone()
                };
                let path = format!("{path}/verify");
                (after, request(addr, "POST", &path, Some(token), &[], None))
            }
        };
        match outcome {
            Outcome::NotSent => Ok(Next::Stop),
            Outcome::Lost => {
                t.pending = Some(Pending { after, action });
                self.counts.unknown += 1;
                Ok(Next::Stop)
            }
            Outcome::Answered(r) => {
                expect_status(&r, 200, &format!("{action} {}", t.id))?;
                let now = Known::of(&r)?;
                if now.view != after || now.etag == known.etag {
                    return Err(format!("{action} answered {now:?}, expected {after:?}"));
                }
                t.known = Some(now);
                t.landed.push(action);
                self.counts.acknowledged += 1;
                Ok(Next::Go)
            }
        }
    }

    /// A patch the server must refuse: with a version long gone (409), or
    /// with a latitude out of range (400). Either way nothing may change.
    fn refused_update(
        &mut self,
        addr: &str,
        token: &str,
        rng: &mut SmallRng,
        stale: bool,
    ) -> Result<Next, String> {
        let Some(i) = self.pick(rng) else {
            return self.create(addr, token);
        };
        let t = &mut self.resources[i];
        let known = t.known.as_ref().expect("picked resources exist");
        let path = format!("/api/v1/resources/{}", t.id);
        t.versions += 1;
        let name = format!("Crashtest {} v{}", t.word, t.versions);
        let (etag, body, status) = if stale {
            let body =
                json!({"name": name, "description": {"nl": format!("versie {}", t.versions)}});
            ("\"2020-01-01T00:00:00.000000000Z\"", body, 409)
        } else {
            let body = json!({"name": name, "location": {"lat": 123.0}});
            (known.etag.as_str(), body, 400)
        };
        let headers = [("If-Match", etag)];
        let body = body.to_string();
        match request(addr, "PATCH", &path, Some(token), &headers, Some(&body)) {
            Outcome::NotSent | Outcome::Lost => Ok(Next::Stop),
            Outcome::Answered(r) => {
                expect_status(&r, status, &format!("refused patch of {}", t.id))?;
                self.counts.refused += 1;
                Ok(Next::Go)
            }
        }
    }

    /// A create the server must refuse (a latitude out of range): its id must
    /// never exist.
    fn refused_create(&mut self, addr: &str, token: &str) -> Result<Next, String> {
        if self.refused_ids.len() >= MAX_REFUSED {
            return Ok(Next::Go);
        }
        let id = format!("crash-refused-{}-{}", self.number, self.refused_ids.len());
        let mut body = body_of(&id, &View::new("refused", 0, "published", None));
        body["location"]["lat"] = json!(-95.5);
        let path = "/api/v1/resources?allow_duplicate=true";
        let outcome = request(
            addr,
            "POST",
            path,
            Some(token),
            &[],
            Some(&body.to_string()),
        );
        match outcome {
            Outcome::NotSent => Ok(Next::Stop),
            Outcome::Lost => {
                self.refused_ids.push(id);
                Ok(Next::Stop)
            }
            Outcome::Answered(r) => {
                expect_status(&r, 400, &format!("refused create {id}"))?;
                self.refused_ids.push(id);
                self.counts.refused += 1;
                Ok(Next::Go)
            }
        }
    }

    fn search(&mut self, addr: &str, rng: &mut SmallRng) -> Result<Next, String> {
        let path = match self.pick(rng) {
            Some(i) => format!("/api/v1/search?q={}", self.resources[i].word),
            None => "/api/v1/search".to_string(),
        };
        match request(addr, "GET", &path, None, &[], None) {
            Outcome::NotSent | Outcome::Lost => Ok(Next::Stop),
            Outcome::Answered(r) => {
                expect_status(&r, 200, "search")?;
                self.counts.searches += 1;
                Ok(Next::Go)
            }
        }
    }
}

fn expect_status(r: &Response, status: u16, what: &str) -> Result<(), String> {
    if r.status == status {
        Ok(())
    } else {
        Err(format!(
            "{what}: expected {status}, got {}: {}",
            r.status,
            r.text()
        ))
    }
}
