//! Sign-ups for an occurrence of an event: who gets a seat, who waits, who moves up.

use chrono::{DateTime, Utc};

use crate::error::{Checked, Invalid};
use crate::labelled;

labelled! {
    /// Where a sign-up stands.
    SignupStatus {
        Confirmed = "confirmed", "已报名";
        Waitlisted = "waitlisted", "候补";
        Cancelled = "cancelled", "已取消";
    }
}

/// Why an occurrence takes no more sign-ups, if it does not.
pub fn closed_for_signups(cancelled: bool, end: DateTime<Utc>, now: DateTime<Utc>) -> Option<&'static str> {
    if cancelled {
        Some("这次活动已取消，不能报名")
    } else if end <= now {
        Some("这次活动已经结束，不能再报名；现场参加的请登记为“现场参加”")
    } else {
        None
    }
}

/// A new sign-up: refused when the same person (name and phone) already holds one for
/// this occurrence; else confirmed while there are seats, on the waitlist when not.
pub fn admit(name: &str, already_signed_up: bool, confirmed: u32, capacity: Option<u32>) -> Checked<SignupStatus> {
    if already_signed_up {
        return Err(Invalid::field("name", format!("{name} 已报名这次活动，无需重复报名")));
    }
    Ok(match capacity {
        Some(c) if confirmed >= c => SignupStatus::Waitlisted,
        _ => SignupStatus::Confirmed,
    })
}

/// How many people on the waitlist move up, first come first served, when `confirmed`
/// hold seats of `capacity` (no capacity: everyone waiting).
pub fn seats_free(confirmed: u32, capacity: Option<u32>) -> u32 {
    capacity.map_or(u32::MAX, |c| c.saturating_sub(confirmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_seat_is_confirmed_and_the_next_person_waits() {
        assert_eq!(admit("王秀英", false, 19, Some(20)), Ok(SignupStatus::Confirmed));
        assert_eq!(admit("李桂兰", false, 20, Some(20)), Ok(SignupStatus::Waitlisted));
        assert_eq!(admit("李桂兰", false, 500, None), Ok(SignupStatus::Confirmed));
        let again = admit("王秀英", true, 3, Some(20)).map_err(|e| e.to_string());
        assert_eq!(again, Err("王秀英 已报名这次活动，无需重复报名".to_owned()));
    }

    #[test]
    fn a_freed_seat_moves_one_person_up() {
        assert_eq!(seats_free(19, Some(20)), 1);
        assert_eq!(seats_free(22, Some(20)), 0, "a capacity lowered below the confirmed moves nobody");
        assert_eq!(seats_free(5, None), u32::MAX);
    }
}
