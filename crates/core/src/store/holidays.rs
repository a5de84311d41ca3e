//! SQL for the holiday schedules a station imported (`official_holidays`).

use chrono::NaiveDate;

use super::{Store, WriteTx};
use crate::deadlines::{CalendarDay, DayKind};
use crate::error::Result;
use crate::store::{FieldChange, q};
use stationdesk_model::holidays::HolidayYear;

/// Rows as (notice year, day, kind, name) into years, in year and date order.
fn years_of(rows: Vec<(i64, NaiveDate, String, String)>) -> Vec<HolidayYear> {
    let mut years: Vec<HolidayYear> = Vec::new();
    for (year, day, kind, name) in rows {
        let (Ok(year), Some(kind)) = (i32::try_from(year), DayKind::parse(&kind)) else { continue };
        let entry = CalendarDay { day, kind, name, built_in: true };
        match years.last_mut() {
            Some(y) if y.year == year => y.days.push(entry),
            _ => years.push(HolidayYear { year, days: vec![entry] }),
        }
    }
    years
}

const SELECT: &str =
    "SELECT notice_year, day, kind, name FROM official_holidays WHERE station_id = $1 ORDER BY notice_year, day";

impl Store {
    /// The notices the station imported, by year.
    pub(crate) async fn official_holidays(&self, station_id: i64) -> Result<Vec<HolidayYear>> {
        Ok(years_of(q(SELECT).bind(station_id).fetch_all(self).await?))
    }
}

impl WriteTx<'_> {
    /// The notices the station imported, read inside this transaction.
    pub(crate) async fn official_holidays(&mut self) -> Result<Vec<HolidayYear>> {
        let station_id = self.actor().station_id;
        Ok(years_of(q(SELECT).bind(station_id).fetch_all(&mut self.tx).await?))
    }

    /// Replaces the station's import of `year.year`'s notice with `year`, and audits it
    /// (entity `official_holidays`, id the year): how many days before and after.
    pub(crate) async fn replace_official_year(&mut self, year: &HolidayYear) -> Result<()> {
        let station_id = self.actor().station_id;
        let (before,): (i64,) = q("SELECT count(*) FROM official_holidays WHERE station_id = $1 AND notice_year = $2")
            .bind(station_id)
            .bind(i64::from(year.year))
            .fetch_one(&mut self.tx)
            .await?;
        q("DELETE FROM official_holidays WHERE station_id = $1 AND notice_year = $2")
            .bind(station_id)
            .bind(i64::from(year.year))
            .execute(&mut self.tx)
            .await?;
        for d in &year.days {
            // A day an earlier notice named too (a 元旦 crossing the new year): this one says.
            q("INSERT INTO official_holidays (station_id, day, notice_year, kind, name) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (station_id, day) DO UPDATE SET notice_year = excluded.notice_year,
                 kind = excluded.kind, name = excluded.name")
            .bind(station_id)
            .bind(d.day)
            .bind(i64::from(year.year))
            .bind(d.kind.code())
            .bind(d.name.as_str())
            .execute(&mut self.tx)
            .await?;
        }
        let holidays = year.days.iter().filter(|d| d.kind == DayKind::Holiday).count();
        let workdays = year.days.len() - holidays;
        let after = format!("放假 {holidays} 天，调休上班 {workdays} 天");
        let changes: Vec<FieldChange> = [FieldChange::change(
            "officialHolidays",
            (before > 0).then(|| format!("已导入 {before} 天")).as_deref(),
            Some(after.as_str()),
        )]
        .into_iter()
        .flatten()
        .collect();
        let note = format!("导入{}年节假日安排", year.year);
        self.audit_note("official_holidays", i64::from(year.year), "import", &changes, Some(&note)).await
    }
}
