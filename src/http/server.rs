//! Running the server: bind, serve until SIGTERM or Ctrl-C, then let the
//! requests in flight finish.
//!
//! Every write is durable before it is acknowledged, so a shutdown loses
//! nothing that a client was told succeeded; the store is closed (and sled
//! flushed once more) when the last handle to the engine is dropped.

use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::HttpServer;

use super::app::{app, AppState, HttpConfig};
use crate::engine::Engine;

/// Seconds in-flight requests get to finish after a shutdown signal.
const SHUTDOWN_GRACE_SECS: u64 = 30;

/// Serves `engine` on `bind` until a shutdown signal. Blocks.
pub fn serve(engine: Engine, bind: SocketAddr, config: HttpConfig) -> std::io::Result<()> {
    let engine = Arc::new(engine);
    let state = AppState::new(engine.clone(), &config);
    actix_web::rt::System::new().block_on(async move {
        let server = HttpServer::new(move || app(state.clone()))
            .shutdown_timeout(SHUTDOWN_GRACE_SECS)
            .bind(bind)?;
        for addr in server.addrs() {
            tracing::info!(target: "wegwijs::http", %addr, "listening");
            eprintln!("wegwijs listening on http://{addr}");
        }
        server.run().await
    })?;
    tracing::info!(target: "wegwijs::http", "stopped");
    drop(engine);
    Ok(())
}
