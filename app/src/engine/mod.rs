//! The automation engine (server only): the outbox of changes matched against published
//! triggers, durable runs claimed by workers (several servers may share them), each step
//! applied with its log entry in one transaction, waits, retries and schedules.
pub mod webhook;
