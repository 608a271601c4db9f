//! Engine calls run on actix's blocking pool, but only a few at a time.
//!
//! The pool grows a thread per waiting call, so 32 concurrent searches ran
//! as 32 threads on 2 cores: the same throughput, each request slower by
//! the 31 it shared the cores with, and 32 queries' working memory alive
//! at once. Calls beyond the slots wait here, in arrival order, without a
//! thread.

use std::sync::OnceLock;

use actix_web::error::BlockingError;
use tokio::sync::Semaphore;

/// Engine calls that run at once: twice the cores, so a call waiting on
/// the disk leaves its core to another.
fn slot_count() -> usize {
    (crate::cores() * 2).max(2)
}

fn slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| Semaphore::new(slot_count()))
}

/// Runs `f` on the blocking pool once a slot is free.
pub async fn run<T, F>(f: F) -> Result<T, BlockingError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    // The semaphore is never closed, so acquiring cannot fail; the permit
    // is held until the call returns.
    let _slot = slots().acquire().await.ok();
    actix_web::web::block(f).await
}

/// A call that could not run: the pool is gone, or the call panicked.
#[derive(Debug)]
pub struct Unavailable;

impl From<BlockingError> for Unavailable {
    fn from(_: BlockingError) -> Unavailable {
        Unavailable
    }
}

/// Runs `f` at once, on this worker thread, when no engine call is
/// running anywhere (the server is idle); otherwise as [`run`]. For calls
/// that take a fraction of a millisecond, to which handing over to the
/// pool and back adds 70–100 µs on a small VM. Under load the slots are
/// taken and such calls go to the pool like any other: a worker running
/// one serves none of its other connections meanwhile (running every
/// short call on the workers made a 32-connection load slower).
pub async fn run_short<T, F>(f: F) -> Result<T, Unavailable>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let idle = slots().available_permits() == slot_count();
    if idle {
        if let Ok(_slot) = slots().try_acquire() {
            // As on the pool, a call that panics answers "unavailable"
            // and leaves the worker serving.
            return std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
                .map_err(|_| Unavailable);
        }
    }
    Ok(run(f).await?)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    /// The slots are the process's: tests that count them run one at a time.
    static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    #[actix_web::test]
    async fn a_short_call_runs_on_the_worker_when_idle_and_in_the_pool_when_not() {
        let _serial = SERIAL.lock().await;
        let worker = std::thread::current().id();
        let ran_on = run_short(move || std::thread::current().id())
            .await
            .expect("runs");
        assert_eq!(ran_on, worker, "an idle server runs a short call at once");
        // With a call running in the pool, a short call goes there too.
        let (started, release) = (
            Arc::new(tokio::sync::Notify::new()),
            Arc::new(std::sync::Barrier::new(2)),
        );
        let long = {
            let (started, release) = (Arc::clone(&started), Arc::clone(&release));
            actix_web::rt::spawn(run(move || {
                started.notify_one();
                release.wait();
            }))
        };
        started.notified().await;
        let ran_on = run_short(move || std::thread::current().id())
            .await
            .expect("runs");
        assert_ne!(
            ran_on, worker,
            "a busy server hands a short call to the pool"
        );
        release.wait();
        long.await.expect("joins").expect("runs");
        // A call that panics on the worker is an error, as in the pool.
        let panicked = run_short(|| -> u8 { panic!("a failing call") }).await;
        assert!(panicked.is_err());
        assert_eq!(run_short(|| 7).await.expect("runs"), 7);
    }

    #[actix_web::test]
    async fn no_more_calls_run_at_once_than_there_are_slots_and_all_finish() {
        let _serial = SERIAL.lock().await;
        let limit = slot_count();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let calls: Vec<_> = (0..limit * 4)
            .map(|i| {
                let (running, most) = (Arc::clone(&running), Arc::clone(&most));
                actix_web::rt::spawn(run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                    i
                }))
            })
            .collect();
        let mut done = Vec::new();
        for call in calls {
            done.push(call.await.expect("joins").expect("the pool runs the call"));
        }
        assert_eq!(done, (0..limit * 4).collect::<Vec<_>>());
        let most = most.load(Ordering::SeqCst);
        assert!(most <= limit, "{most} calls ran at once, {limit} slots");
        assert!(most > 1, "calls still run side by side");
    }
}
