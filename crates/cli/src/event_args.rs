//! The arguments of `event add` and `event edit`, and the edit's form: the stored event
//! with the options given laid over it.

use chrono::{DateTime, Utc};
use clap::Args;
use stationdesk_core::schedule::EditScope;
use stationdesk_core::schedule::events::{Event, EventEdit, EventInput};

/// What the event's printed notice (the poster) says beyond its time and place.
#[derive(Debug, Args)]
pub struct PosterArgs {
    /// 面向对象, e.g. 辖区60岁以上老人 (default on the poster: 本社区居民).
    #[arg(long)]
    pub audience: Option<String>,
    /// 请携带, e.g. 身份证、医保卡、既往病历.
    #[arg(long)]
    pub bring: Option<String>,
    /// 报名/咨询链接 in the poster's QR code: https://… or a WeChat ID (default: the
    /// station's 二维码链接).
    #[arg(long)]
    pub link: Option<String>,
}

#[derive(Debug, Args)]
pub struct EventAddArgs {
    /// 义诊 政务服务进小区 志愿服务 文化活动 讲座/沙龙 其他
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub title: String,
    /// `2026-12-03 09:00` (China time).
    #[arg(long)]
    pub start: String,
    /// `2026-12-03 11:00`, or `11:00` on the start's day.
    #[arg(long)]
    pub end: String,
    #[arg(long)]
    pub place: String,
    /// RFC 5545 rule, e.g. `FREQ=WEEKLY;BYDAY=TH` or `FREQ=MONTHLY;BYDAY=2SA`.
    #[arg(long)]
    pub rrule: Option<String>,
    /// Dates the series skips (holidays), comma-separated YYYY-MM-DD.
    #[arg(long, value_delimiter = ',')]
    pub except: Vec<String>,
    /// 节假日不举办: leave out the occurrences on official holidays (not weekends; make-up
    /// working days are held).
    #[arg(long)]
    pub skip_holidays: bool,
    #[arg(long)]
    pub capacity: Option<u32>,
    /// A partner organisation; repeat for more.
    #[arg(long)]
    pub partner: Vec<String>,
    /// A staff member on duty, by name; repeat for more.
    #[arg(long)]
    pub on_duty: Vec<String>,
    /// A volunteer on duty; repeat for more.
    #[arg(long)]
    pub volunteer: Vec<String>,
    #[arg(long)]
    pub description: Option<String>,
    #[command(flatten)]
    pub poster: PosterArgs,
}

#[derive(Debug, Args)]
pub struct EventEditArgs {
    /// The event id.
    #[arg(long)]
    pub event: i64,
    /// The occurrence's start, `2026-12-03 09:00`, for `--scope this` or `following`.
    #[arg(long)]
    pub at: Option<String>,
    /// this (仅此次), following (此次及以后) or all (全部, the default).
    #[arg(long)]
    pub scope: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub place: Option<String>,
    /// Seats; 0 removes the limit.
    #[arg(long)]
    pub capacity: Option<u32>,
    #[arg(long)]
    pub description: Option<String>,
    /// 节假日不举办: from now on leave out the occurrences on official holidays.
    #[arg(long, conflicts_with = "hold_on_holidays")]
    pub skip_holidays: bool,
    /// Hold the occurrences on official holidays again (undoes --skip-holidays).
    #[arg(long)]
    pub hold_on_holidays: bool,
    #[command(flatten)]
    pub poster: PosterArgs,
}

/// An option given replaces the stored value; an empty one removes it.
fn replace(given: &Option<String>, stored: &Option<String>) -> Option<String> {
    given.clone().or_else(|| stored.clone()).filter(|v| !v.trim().is_empty())
}

impl EventEditArgs {
    /// The whole form again: the series as stored (at the occurrence's time for one
    /// occurrence or the following ones) with the given options laid over it.
    pub fn edit(&self, e: &Event, at: Option<DateTime<Utc>>, scope: EditScope) -> EventEdit {
        let start = if scope == EditScope::All { e.start } else { at.unwrap_or(e.start) };
        let input = EventInput {
            kind: e.kind,
            title: self.title.clone().unwrap_or_else(|| e.title.clone()),
            start,
            end: start + (e.end - e.start),
            place: self.place.clone().unwrap_or_else(|| e.place.clone()),
            partner_ids: e.partner_ids.clone(),
            // Names past the directory's ids are free text typed before the directory.
            partners: e.partners.iter().skip(e.partner_ids.len()).cloned().collect(),
            staff_ids: e.staff.iter().map(|s| s.id).collect(),
            volunteers: e.volunteers.clone(),
            description: replace(&self.description, &e.description),
            rrule: e.rrule.clone(),
            exdates: e.exdates.clone(),
            skip_holidays: (e.skip_holidays || self.skip_holidays) && !self.hold_on_holidays,
            capacity: match self.capacity {
                Some(0) => None,
                Some(n) => Some(n),
                None => e.capacity,
            },
            audience: replace(&self.poster.audience, &e.audience),
            bring: replace(&self.poster.bring, &e.bring),
            link: replace(&self.poster.link, &e.link),
        };
        EventEdit { event_id: e.id, occurrence_start: at, scope, input }
    }
}
