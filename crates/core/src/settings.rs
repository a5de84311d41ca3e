//! The station's settings for the case clocks: time limits per category and urgency, and
//! its changes to the official working-day calendar.

use chrono::{Datelike, NaiveDate};
use stationdesk_model::roles::Action;

use crate::deadlines::{CalendarDay, DayKind, Limits, TimeLimit, Urgency, default_limits, validate_limits};
use crate::error::{CoreError, Result};
use crate::store::{Actor, Store};
use stationdesk_model::holidays::official_days;

/// The limits in force: one row per urgency for every category, plus a row for each
/// category with limits of its own (set by the station, or built in like utilities').
pub async fn time_limits(store: &Store, station_id: i64) -> Result<Vec<TimeLimit>> {
    let set = store.station_time_limits(station_id).await?;
    let categories = store.categories(station_id).await?;
    let mut out = Vec::new();
    for &urgency in Urgency::ALL {
        let own = set.iter().find(|(c, u, _)| *c == 0 && *u == urgency).map(|(_, _, l)| *l);
        out.push(TimeLimit {
            category_id: None,
            category_name: None,
            urgency,
            limits: own.unwrap_or_else(|| default_limits(None, urgency)),
            built_in: own.is_none(),
        });
    }
    for c in categories.iter().filter(|c| c.active) {
        for &urgency in Urgency::ALL {
            let own = set.iter().find(|(id, u, _)| *id == c.id && *u == urgency).map(|(_, _, l)| *l);
            let built_in = default_limits(Some(&c.name), urgency);
            let general = default_limits(None, urgency);
            let limits = match own {
                Some(l) => l,
                None if built_in != general => built_in,
                None => continue,
            };
            out.push(TimeLimit {
                category_id: Some(c.id),
                category_name: Some(c.name.clone()),
                urgency,
                limits,
                built_in: own.is_none(),
            });
        }
    }
    Ok(out)
}

/// Sets the limits for a category (`None`: all categories) and urgency, or with
/// `limits` `None` returns them to the built-in default. Cases already logged keep
/// their deadlines.
pub async fn save_time_limit(
    store: &Store,
    actor: &Actor,
    category_id: Option<i64>,
    urgency: Urgency,
    limits: Option<&Limits>,
) -> Result<()> {
    actor.require(Action::Settings)?;
    if let Some(l) = limits {
        validate_limits(l)?;
    }
    if let Some(id) = category_id
        && !store.categories(actor.station_id).await?.iter().any(|c| c.id == id)
    {
        return Err(CoreError::invalid("categoryId", "分类不在本站的分类列表中"));
    }
    let mut w = store.begin_write(actor).await?;
    w.save_time_limit(category_id.unwrap_or(0), urgency, limits).await?;
    w.commit().await
}

/// The calendar entries of a year: the official schedule (shipped, or the station's import
/// of that year's notice) with the station's changes.
pub async fn calendar_days(store: &Store, station_id: i64, year: i32) -> Result<Vec<CalendarDay>> {
    let own = store.station_calendar_days(station_id).await?;
    let imported = store.official_holidays(station_id).await?;
    let mut days: Vec<CalendarDay> = official_days(&imported)
        .into_iter()
        .filter(|d| d.day.year() == year && !own.iter().any(|o| o.day == d.day))
        .collect();
    days.extend(own.into_iter().filter(|d| d.day.year() == year));
    days.sort_by_key(|d| d.day);
    Ok(days)
}

/// Marks a date a holiday, a make-up working day, or (`Normal`) back to the weekday
/// rule. Saving what the official schedule already says removes the station's entry.
pub async fn save_calendar_day(store: &Store, actor: &Actor, day: NaiveDate, kind: DayKind, name: &str) -> Result<()> {
    actor.require(Action::Settings)?;
    let name = stationdesk_model::input::clean_line(name);
    let name = name.as_str();
    if name.chars().count() > 20 {
        return Err(CoreError::invalid("name", "名称过长，最多 20 字"));
    }
    let day = stationdesk_model::input::date_in_range("day", "日期", day)?;
    let imported = store.official_holidays(actor.station_id).await?;
    let official =
        official_days(&imported).into_iter().find(|d| d.day == day).map(|d| d.kind).unwrap_or(DayKind::Normal);
    let mut w = store.begin_write(actor).await?;
    if official == kind {
        w.delete_calendar_day(day).await?;
    } else {
        let name = if name.is_empty() {
            match kind {
                DayKind::Holiday => "放假",
                DayKind::Workday => "调休上班",
                DayKind::Normal => "按平常",
            }
        } else {
            name
        };
        w.save_calendar_day(day, kind, name).await?;
    }
    w.commit().await
}
