//! Sign-in throttling: too many failures for one account or one address pause sign-in.
use crate::store::sign_in_failures::FailureCounts;

pub const WINDOW_MS: i64 = 15 * 60 * 1000;
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;

/// `Some(message)` when sign-in must wait, saying for how long.
pub fn refusal(counts: FailureCounts, now: i64) -> Option<String> {
    if counts.for_email < MAX_FAILURES_PER_EMAIL && counts.for_address < MAX_FAILURES_PER_ADDRESS {
        return None;
    }
    let until = counts.oldest.unwrap_or(now) + WINDOW_MS;
    let minutes = ((until - now).max(0) + 59_999) / 60_000;
    let minutes = minutes.max(1);
    Some(format!(
        "Too many failed sign-in attempts. Try again in {minutes} minute{}, or ask an admin to reset your password.",
        if minutes == 1 { "" } else { "s" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(for_email: i64, for_address: i64, oldest: i64) -> FailureCounts {
        FailureCounts {
            for_email,
            for_address,
            oldest: Some(oldest),
        }
    }

    #[test]
    fn limits_per_account_and_per_address() {
        let now = 10 * WINDOW_MS;
        let cases = [
            (counts(0, 0, now), false),
            (counts(MAX_FAILURES_PER_EMAIL - 1, 0, now), false),
            (counts(MAX_FAILURES_PER_EMAIL, 0, now), true),
            (counts(0, MAX_FAILURES_PER_ADDRESS - 1, now), false),
            (counts(0, MAX_FAILURES_PER_ADDRESS, now), true),
        ];
        for (c, refused) in cases {
            assert_eq!(refusal(c, now).is_some(), refused, "{c:?}");
        }
    }

    #[test]
    fn the_message_says_how_long_to_wait() {
        let now = 10 * WINDOW_MS;
        let msg = refusal(counts(5, 0, now - 60_000), now).unwrap();
        assert!(msg.contains("Try again in 14 minutes"), "{msg}");
        let msg = refusal(counts(5, 0, now - WINDOW_MS + 1_000), now).unwrap();
        assert!(msg.contains("Try again in 1 minute,"), "{msg}");
    }
}
