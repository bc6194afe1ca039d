//! The writer thread: group commit of ingest requests.
//!
//! Requests queue on a channel. The thread takes every waiting request (up
//! to [`GROUP_MAX_ROWS`] messages), appends them in one transaction
//! (`synchronous=FULL`: on disk when the commit returns), applies the new
//! ones to the index, then answers each request. A request is answered only
//! after its messages are durable and visible to estimates.

use super::Stored;
use crate::estimate::Engine;
use crate::store::{self, EventRow, StoreError};
use rusqlite::Connection;
use std::sync::mpsc;
use tokio::sync::oneshot;

/// Most messages committed together.
pub const GROUP_MAX_ROWS: usize = 20_000;

struct Job {
    rows: Vec<EventRow>,
    reply: oneshot::Sender<Result<Stored, String>>,
}

/// A handle to the writer thread (it stops when every handle is dropped).
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the thread on `conn`.
    pub fn spawn(conn: Connection, engine: Engine) -> Result<Writer, StoreError> {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("cairn-ingest".into())
            .spawn(move || run(conn, engine, rx))
            .map_err(|e| StoreError::Task(e.to_string()))?;
        Ok(Writer { tx })
    }

    /// Stores `rows`; answers once they are committed and indexed.
    pub async fn submit(&self, rows: Vec<EventRow>) -> Result<Stored, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job { rows, reply })
            .map_err(|_| StoreError::Task("the ingest writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Task("the ingest writer has stopped".into()))?
            .map_err(StoreError::Task)
    }
}

fn run(mut conn: Connection, engine: Engine, rx: mpsc::Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        let mut n = jobs[0].rows.len();
        while n < GROUP_MAX_ROWS {
            match rx.try_recv() {
                Ok(j) => {
                    n += j.rows.len();
                    jobs.push(j);
                }
                Err(_) => break,
            }
        }
        let mut rows = Vec::with_capacity(n);
        let mut sizes = Vec::with_capacity(jobs.len());
        let mut replies = Vec::with_capacity(jobs.len());
        for j in jobs {
            sizes.push(j.rows.len());
            rows.extend(j.rows);
            replies.push(j.reply);
        }
        let result = store::append(&mut conn, &rows).and_then(|fresh| {
            apply(&engine, &rows, &fresh)?;
            Ok(fresh)
        });
        match result {
            Ok(fresh) => {
                let mut at = 0;
                for (size, reply) in sizes.into_iter().zip(replies) {
                    let part = &fresh[at..at + size];
                    at += size;
                    let accepted = part.iter().filter(|f| **f).count();
                    let _ = reply.send(Ok(Stored {
                        accepted,
                        duplicates: size - accepted,
                    }));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "ingest commit failed");
                for reply in replies {
                    let _ = reply.send(Err(e.to_string()));
                }
            }
        }
    }
}

/// Applies newly stored rows to the index.
fn apply(engine: &Engine, rows: &[EventRow], fresh: &[bool]) -> Result<(), StoreError> {
    let mut index = engine.write()?;
    for (r, _) in rows.iter().zip(fresh).filter(|(_, f)| **f) {
        index.profile_number(&r.profile_id);
        if r.kind == "identify" && !r.traits.is_empty() {
            index.merge_traits(&r.profile_id, &r.traits);
        }
        if let Some(e) = &r.event {
            index.add_event(e, r.ts, &r.profile_id, &r.properties);
        }
    }
    Ok(())
}
