//! A real-browser test: the pages served on a free port, driven through
//! headless Chromium by chromedriver (WebDriver, via fantoccini). Searches
//! "психолог" near Utrecht, switches the language, copies a message, submits
//! a correction, and saves screenshots under `target/`.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).
//! Without them the test fails and says so: a browser test that skips
//! itself silently would prove nothing.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::HttpServer;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use wegwijs::engine::Engine;
use wegwijs::http::{AppState, HttpConfig};
use wegwijs::model::{Role, SuggestionKind, SuggestionStatus};
use wegwijs::seed::{synthetic_resources, SyntheticOptions};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The whole test must finish within this time.
const TEST_TIMEOUT: Duration = Duration::from_secs(180);

/// A phone-sized window, as volunteers use.
const PHONE: (u32, u32) = (390, 844);

/// chromedriver, killed when the test ends however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn start_driver() -> (Driver, u16) {
    for tool in [CHROMIUM, CHROMEDRIVER] {
        assert!(
            Path::new(tool).exists(),
            "{tool} is missing: install Debian's chromium and chromium-driver \
             (apt-get install -y chromium chromium-driver), as .ci/run does"
        );
    }
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, port)
}

fn engine_with_synthetic_data(dir: &Path) -> Arc<Engine> {
    let (engine, _) = Engine::open(dir).expect("engine opens");
    let records = synthetic_resources(
        SyntheticOptions {
            count: 400,
            seed: 7,
        },
        engine.taxonomy(),
        engine.gazetteer(),
    );
    engine.put_all(&records).expect("synthetic data stored");
    Arc::new(engine)
}

async fn browser(driver_port: u16, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
            ],
            // A phone's viewport: desktop headless windows are at least 500 px wide.
            "mobileEmulation": {
                "deviceMetrics": { "width": PHONE.0, "height": PHONE.1, "pixelRatio": 2.0 },
            },
        }),
    );
    ClientBuilder::rustls()
        .expect("TLS setup")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a browser session")
}

fn screenshot_path(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).expect("target dir");
    dir.join(name)
}

async fn save_screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_path(name), png).expect("screenshot saved");
}

async fn html_lang(client: &Client) -> String {
    client
        .find(Locator::Css("html"))
        .await
        .expect("html element")
        .attr("lang")
        .await
        .expect("lang read")
        .unwrap_or_default()
}

async fn drive(client: &Client, base: &str, engine: &Engine) {
    // Search in Ukrainian.
    client
        .goto(&format!("{base}/?lang=uk"))
        .await
        .expect("search page");
    assert_eq!(html_lang(client).await, "uk");
    let q = client.find(Locator::Id("q")).await.expect("search box");
    q.send_keys("психолог").await.expect("typed");
    // The place in Cyrillic: the autocomplete (script + /api/v1/places)
    // offers the Dutch name.
    let place = client.find(Locator::Id("place")).await.expect("place box");
    place.send_keys("Утрехт").await.expect("typed");
    let option = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#place-options option"))
        .await
        .expect("place suggestions appear");
    assert_eq!(
        option.attr("value").await.expect("option value").as_deref(),
        Some("Utrecht")
    );
    client
        .find(Locator::Css("form.search button[type=submit]"))
        .await
        .expect("search button")
        .click()
        .await
        .expect("search submitted");
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("article.card"))
        .await
        .expect("results appear");
    let cards = client
        .find_all(Locator::Css("article.card"))
        .await
        .expect("cards");
    assert!(!cards.is_empty(), "no results for психолог near Utrecht");
    let heading = client
        .find(Locator::Id("results-heading"))
        .await
        .expect("results heading")
        .text()
        .await
        .expect("heading text");
    assert!(heading.contains("Utrecht"), "{heading}");
    save_screenshot(client, "browser-search-uk.png").await;

    // Switch to English: the same search, English texts.
    client
        .find(Locator::Css("nav.langs a[hreflang=en]"))
        .await
        .expect("language switch")
        .click()
        .await
        .expect("switched");
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("html[lang=en] article.card"))
        .await
        .expect("English results");
    let url = client.current_url().await.expect("url");
    assert!(url.as_str().contains("lang=en"), "{url}");
    assert_eq!(
        client
            .find(Locator::Id("q"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("психолог"),
        "the search is kept"
    );

    // Copy the first result as a message.
    let first = client
        .find(Locator::Css("article.card"))
        .await
        .expect("a card");
    let name = first
        .find(Locator::Css("h3"))
        .await
        .expect("name")
        .text()
        .await
        .expect("name text");
    let summary = first
        .find(Locator::Css("details.copy summary"))
        .await
        .expect("copy button");
    assert_eq!(summary.text().await.unwrap(), "Copy as message");
    summary.click().await.expect("copy clicked");
    let details = first.find(Locator::Css("details.copy")).await.unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("details.copy[data-copied]"))
        .await
        .expect("the script handled the copy");
    let text = first
        .find(Locator::Css("textarea.message"))
        .await
        .expect("message text")
        .prop("value")
        .await
        .expect("value read")
        .unwrap_or_default();
    assert!(
        text.starts_with(name.trim()),
        "message starts with the name: {text}"
    );
    assert!(text.contains("Where: "), "{text}");
    assert!(text.contains("Link: http"), "{text}");
    assert!(text.chars().count() <= 4096);
    assert!(
        details.attr("open").await.unwrap().is_some(),
        "the text is shown"
    );
    save_screenshot(client, "browser-search.png").await;

    // Open the result and suggest a correction.
    first
        .find(Locator::Css("h3 a"))
        .await
        .expect("result link")
        .click()
        .await
        .expect("opened");
    let message = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id("message"))
        .await
        .expect("correction form");
    message
        .send_keys("Номер телефону змінився")
        .await
        .expect("typed");
    client
        .find(Locator::Css("section.suggest button[type=submit]"))
        .await
        .expect("send button")
        .click()
        .await
        .expect("sent");
    let notice = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("thank-you notice")
        .text()
        .await
        .expect("notice text");
    assert!(notice.contains("Thank you"), "{notice}");
    save_screenshot(client, "browser-resource.png").await;
    let pending = engine
        .suggestions(Some(SuggestionStatus::Pending))
        .expect("suggestions listed");
    assert!(
        pending.iter().any(|s| matches!(&s.kind,
            SuggestionKind::Correction { message, .. } if message == "Номер телефону змінився")),
        "the correction is pending"
    );

    // The add form renders, in the remembered language.
    client.goto(&format!("{base}/add")).await.expect("add page");
    assert_eq!(html_lang(client).await, "en");
    client.find(Locator::Id("name")).await.expect("name field");
    save_screenshot(client, "browser-add.png").await;

    // A moderator signs in (the cookie must survive the redirect) and
    // approves the correction from the queue.
    let (_, secret) = engine
        .create_token(Role::Moderator, "browser test", Vec::new())
        .expect("token");
    client
        .goto(&format!("{base}/signin"))
        .await
        .expect("sign-in page");
    client
        .find(Locator::Id("token"))
        .await
        .expect("token field")
        .send_keys(&secret)
        .await
        .expect("typed");
    client
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("sign-in button")
        .click()
        .await
        .expect("signed in");
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("nav.main a[href='/moderation']"))
        .await
        .expect("signed in: the moderation link shows")
        .click()
        .await
        .expect("moderation opened");
    let item = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("article.card"))
        .await
        .expect("a pending suggestion");
    assert!(item
        .text()
        .await
        .unwrap()
        .contains("Номер телефону змінився"));
    save_screenshot(client, "browser-moderation.png").await;
    item.find(Locator::Css(".decide button.primary"))
        .await
        .expect("approve button")
        .click()
        .await
        .expect("approved");
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("approved notice");
    assert!(engine
        .suggestions(Some(SuggestionStatus::Pending))
        .expect("suggestions listed")
        .is_empty());
    let approved = engine
        .suggestions(Some(SuggestionStatus::Approved))
        .expect("suggestions listed");
    assert!(
        approved.iter().any(|s| matches!(&s.kind,
            SuggestionKind::Correction { message, .. } if message == "Номер телефону змінився")),
        "the correction was approved"
    );
}

#[test]
fn search_copy_and_suggest_in_a_real_browser() {
    let (driver, driver_port) = start_driver();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let profile = tempfile::tempdir().expect("profile dir");
    let engine = engine_with_synthetic_data(data_dir.path());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // The server runs on its own actix system in its own thread, as
    // `wegwijs serve` would, and tells us its port.
    let (tx, rx) = std::sync::mpsc::channel();
    let server_engine = engine.clone();
    let server_thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let state = AppState::new(server_engine, &HttpConfig::default());
            let server = HttpServer::new(move || wegwijs::http::app(state.clone()))
                .workers(2)
                .disable_signals()
                .bind(("127.0.0.1", 0))
                .expect("bind a free port");
            let port = server.addrs()[0].port();
            let server = server.run();
            tx.send((port, server.handle())).expect("port sent");
            server.await
        })
    });
    let (port, handle) = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the server started");
    let base = format!("http://127.0.0.1:{port}");

    rt.block_on(async {
        let outcome = tokio::time::timeout(TEST_TIMEOUT, async {
            let client = browser(driver_port, profile.path()).await;
            // Close the session even when an assertion fails, then re-raise.
            let result = catch_panic(drive(&client, &base, &engine)).await;
            let _ = client.close().await;
            result
        })
        .await;
        match outcome {
            Err(_) => panic!("the browser test took longer than {TEST_TIMEOUT:?}"),
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Ok(Ok(())) => {}
        }
    });
    rt.block_on(handle.stop(true));
    let _ = server_thread.join();
    drop(driver);
}

/// Runs `f`, catching a panic so the browser session can be closed first.
async fn catch_panic<F: std::future::Future<Output = ()>>(
    f: F,
) -> Result<(), Box<dyn std::any::Any + Send>> {
    let f = std::pin::pin!(f);
    CatchUnwind(f).await
}

struct CatchUnwind<F>(F);

impl<F: std::future::Future<Output = ()> + Unpin> std::future::Future for CatchUnwind<F> {
    type Output = Result<(), Box<dyn std::any::Any + Send>>;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let inner = &mut self.0;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::pin::Pin::new(&mut *inner).poll(cx)
        })) {
            Ok(std::task::Poll::Pending) => std::task::Poll::Pending,
            Ok(std::task::Poll::Ready(())) => std::task::Poll::Ready(Ok(())),
            Err(panic) => std::task::Poll::Ready(Err(panic)),
        }
    }
}
