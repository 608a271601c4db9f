//! `wegwijs serve` as a child process, and a plain HTTP/1.1 client over a
//! socket that tells an answer from a connection cut by the kill.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long a server may take to start on a loaded machine before the test
/// gives up. Generous: this is a bound against hanging, not a measurement.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A running `wegwijs serve`. Dropping it kills the process.
pub struct Server {
    child: Child,
    /// `host:port` it listens on.
    pub addr: String,
    drain: Option<JoinHandle<Vec<String>>>,
}

impl Server {
    /// Starts `wegwijs serve` on `dir`, on a free port chosen by the system,
    /// and waits until `/healthz` answers 200.
    pub fn start(dir: &Path) -> Server {
        let mut child = command(dir)
            .stderr(Stdio::piped())
            .spawn()
            .expect("wegwijs serve starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let mut lines = BufReader::new(stderr).lines();
        let mut seen = Vec::new();
        let addr = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(rest) = line.split("listening on http://").nth(1) {
                        break rest.trim().to_string();
                    }
                    seen.push(line);
                }
                _ => {
                    let status = child.wait().expect("waits");
                    panic!("serve stopped before listening ({status}): {seen:?}");
                }
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        let drain = std::thread::spawn(move || lines.map_while(Result::ok).collect());
        let server = Server {
            child,
            addr,
            drain: Some(drain),
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Outcome::Answered(r) = request(&server.addr, "GET", "/healthz", None, &[], None)
            {
                assert_eq!(r.status, 200, "healthz: {}", r.text());
                return server;
            }
            assert!(Instant::now() < deadline, "serve does not answer");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts `wegwijs serve` on `dir` and kills it with SIGKILL after
    /// `delay`, most likely while it opens the store and brings the index up
    /// to it.
    pub fn kill_while_starting(dir: &Path, delay: Duration) {
        let mut child = command(dir)
            .stderr(Stdio::null())
            .spawn()
            .expect("wegwijs serve starts");
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL is sent");
        child.wait().expect("the killed server is reaped");
    }

    /// Kills the process with SIGKILL (no chance to flush or clean up) and
    /// reaps it, so that its locks on the data directory are gone.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL is sent");
        self.child.wait().expect("the killed server is reaped");
        if let Some(drain) = self.drain.take() {
            let log = drain.join().unwrap_or_default();
            // With `WEGWIJS_LOG=error`, anything logged is an error.
            assert!(log.is_empty(), "the server logged errors: {log:?}");
        }
    }
}

/// `wegwijs serve` on `dir`, on a free port chosen by the system.
fn command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wegwijs"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(["serve", "--bind", "127.0.0.1:0"])
        // No rate limit may turn a write into a 429 here.
        .args(["--rate-anonymous", "10000000", "--rate-token", "10000000"])
        .env_remove("WEGWIJS_BIND")
        .env_remove("WEGWIJS_DATA_DIR")
        .env("WEGWIJS_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    command
}

impl Drop for Server {
    fn drop(&mut self) {
        // Reached with the process alive only when a check failed: never leave
        // a server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response, read whole.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers, names lowercased.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Response {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{} body is not JSON ({e}): {}", self.status, self.text()))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What became of a request.
#[derive(Debug)]
pub enum Outcome {
    /// No connection: the server never saw the request.
    NotSent,
    /// Connected, but no whole answer came: the server may or may not have
    /// acted on it.
    Lost,
    /// A whole answer.
    Answered(Response),
}

/// Sends one request (`Connection: close`) and reads the whole answer.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Outcome {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return Outcome::NotSent;
    };
    // A killed server's socket is closed by the kernel at once; the timeout
    // only guards against a hang, it is not a measurement.
    let timeout = Some(Duration::from_secs(120));
    if stream.set_read_timeout(timeout).is_err() || stream.set_write_timeout(timeout).is_err() {
        return Outcome::Lost;
    }
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(token) = token {
        head.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || method != "GET" {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    head.push_str(body);
    if stream.write_all(head.as_bytes()).is_err() {
        return Outcome::Lost;
    }
    let mut raw = Vec::new();
    if stream.read_to_end(&mut raw).is_err() {
        return Outcome::Lost;
    }
    parse(&raw).map_or(Outcome::Lost, Outcome::Answered)
}

/// Parses a whole response; `None` when it is cut short.
fn parse(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let rest = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let find = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let body = if find("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        dechunk(rest)?
    } else if let Some(len) = find("content-length") {
        let len: usize = len.parse().ok()?;
        rest.get(..len)?.to_vec()
    } else {
        rest.to_vec()
    };
    Some(Response {
        status,
        headers,
        body,
    })
}

/// Decodes a chunked body; `None` when it is cut short.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}
