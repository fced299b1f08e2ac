//! Password throttling: too many failures for one account, or from one address, pause the
//! checking of that account's password (at sign-in and when changing it).
use super::password;
use crate::store::sign_in_failures::{FailureCounts, FailureLimits};
use crate::store::{now_ms, Store, StoreError};

pub const WINDOW_MS: i64 = 15 * 60 * 1000;
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;

/// What checking a password under the throttle found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordCheck {
    Right,
    Wrong,
    /// Not checked: too many failures; the message says how long to wait.
    Paused(String),
}

/// Checks `password` against `stored` (the hash of `email`'s account, `None` for an unknown
/// email) for a caller at `address`. The attempt is counted as a failure before the slow
/// hash runs, so parallel attempts cannot outrun the limit; a right password clears it.
pub async fn check_password(
    store: &Store,
    email: &str,
    address: &str,
    password: String,
    stored: Option<String>,
) -> Result<PasswordCheck, StoreError> {
    let email = email.trim().to_lowercase();
    let now = now_ms();
    let limits = FailureLimits {
        since: now - WINDOW_MS,
        per_account: MAX_FAILURES_PER_EMAIL,
        per_address: MAX_FAILURES_PER_ADDRESS,
    };
    if !store
        .reserve_sign_in_attempt(&email, address, now, limits)
        .await?
    {
        let counts = store
            .sign_in_failures_since(&email, address, limits.since)
            .await?;
        return Ok(PasswordCheck::Paused(wait_message(counts, now)));
    }
    if password::verify(password, stored).await {
        store.clear_sign_in_failures(&email).await?;
        Ok(PasswordCheck::Right)
    } else {
        Ok(PasswordCheck::Wrong)
    }
}

/// How long to wait: until the oldest failure of the limit that was reached drops out of
/// the window (the account's when it is at its limit, else the address's).
fn wait_message(counts: FailureCounts, now: i64) -> String {
    let oldest = if counts.for_email >= MAX_FAILURES_PER_EMAIL {
        counts.oldest_for_email
    } else {
        counts.oldest_for_address
    };
    let until = oldest.unwrap_or(now) + WINDOW_MS;
    let minutes = (((until - now).max(0) + 59_999) / 60_000).max(1);
    format!(
        "Too many failed password attempts. Try again in {minutes} minute{}, or ask an admin to reset your password.",
        if minutes == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(for_email: i64, oldest_for_email: i64, oldest_for_address: i64) -> FailureCounts {
        FailureCounts {
            for_email,
            for_address: MAX_FAILURES_PER_ADDRESS,
            oldest_for_email: Some(oldest_for_email),
            oldest_for_address: Some(oldest_for_address),
        }
    }

    #[test]
    fn the_message_says_how_long_to_wait() {
        let now = 10 * WINDOW_MS;
        let cases = [
            (counts(5, now - 60_000, now), "Try again in 14 minutes,"),
            (
                counts(5, now - WINDOW_MS + 1_000, now),
                "Try again in 1 minute,",
            ),
            // Paused by the address: its oldest failure is what has to expire.
            (counts(1, now, now - 5 * 60_000), "Try again in 10 minutes,"),
        ];
        for (c, expected) in cases {
            let message = wait_message(c, now);
            assert!(message.contains(expected), "{message}");
        }
    }
}
