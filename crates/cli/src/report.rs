//! `report monthly` / `report yearly`: the work report (工作报告) as a PDF in the notices'
//! official layout or its figures as an .xlsx, chosen by the output's extension.

use std::path::{Path, PathBuf};

use clap::Args;
use stationdesk_core::error::io_reason;
use stationdesk_core::rates::Figures;
use stationdesk_core::report::{self, RateLine, ReportPeriod};
use stationdesk_core::{CoreError, Store, station};

#[derive(Debug, Args)]
pub(crate) struct MonthlyArgs {
    /// The month, `2026-11`.
    #[arg(long)]
    month: String,
    #[command(flatten)]
    out: OutArgs,
}

#[derive(Debug, Args)]
pub(crate) struct YearlyArgs {
    /// The year, `2026`.
    #[arg(long)]
    year: String,
    #[command(flatten)]
    out: OutArgs,
}

#[derive(Debug, Args)]
pub(crate) struct OutArgs {
    /// Where to write: `X.pdf` (the report) or `X.xlsx` (its figures).
    #[arg(long)]
    out: PathBuf,
    /// A case number (`RA-2026-0012`) whose drafted paragraph goes under 典型案例;
    /// repeat for several (at most 5). PDF only.
    #[arg(long = "typical")]
    typical: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct DistrictWorkArgs {
    /// The month, `2026-11`.
    #[arg(long, conflicts_with = "year", required_unless_present = "year")]
    month: Option<String>,
    /// The year, `2026`.
    #[arg(long)]
    year: Option<String>,
    /// The report's signature (发文机关署名), the street office's name.
    #[arg(long)]
    issuer: String,
    /// Where to write: `X.pdf` (the report) or `X.xlsx` (its figures).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Pdf,
    Xlsx,
}

fn format_of(out: &Path) -> Result<Format, CoreError> {
    match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("pdf") => Ok(Format::Pdf),
        Some("xlsx") => Ok(Format::Xlsx),
        _ => Err(CoreError::invalid(
            "out",
            format!("不认识输出文件“{}”的类型：请以 .pdf（报告）或 .xlsx（数据表）结尾", out.display()),
        )),
    }
}

pub(crate) async fn monthly(store: &Store, json: bool, args: &MonthlyArgs) -> Result<(), CoreError> {
    let period = ReportPeriod::parse_month(&args.month)?;
    run(store, json, period, &args.out).await
}

pub(crate) async fn yearly(store: &Store, json: bool, args: &YearlyArgs) -> Result<(), CoreError> {
    let period = ReportPeriod::parse_year(&args.year)?;
    run(store, json, period, &args.out).await
}

async fn run(store: &Store, json: bool, period: ReportPeriod, args: &OutArgs) -> Result<(), CoreError> {
    let format = format_of(&args.out)?;
    if format == Format::Xlsx && !args.typical.is_empty() {
        return Err(CoreError::invalid("typical", "典型案例只印在 PDF 报告里：请把 --out 改成 .pdf，或去掉 --typical"));
    }
    let station_id = station::current(store).await?.id;
    let r = report::work_report(store, station_id, period).await?;
    let (bytes, pages, warnings) = match format {
        Format::Pdf => {
            let typical = report::draft_by_numbers(store, station_id, &args.typical).await?;
            let printed = report::pdf(store, station_id, &r, &typical).await?;
            (printed.pdf, Some(printed.pages), printed.warnings)
        }
        Format::Xlsx => (report::xlsx(&r)?, None, Vec::new()),
    };
    stationdesk_core::private_files::write(&args.out, &bytes)
        .map_err(|e| CoreError::invalid("out", format!("无法写入 {}：{}", args.out.display(), io_reason(&e))))?;
    for w in &warnings {
        crate::errln!("注意：{w}");
    }
    let extra = serde_json::json!({ "warnings": warnings });
    say_written(json, &args.out, (&bytes, pages), &r.figures, &r.rates, "", extra);
    Ok(())
}

/// What was written, and the figures in it: one line, or JSON with `extra`'s fields too.
fn say_written(
    json: bool,
    out: &Path,
    (bytes, pages): (&[u8], Option<u32>),
    f: &Figures,
    rates: &[RateLine],
    stations: &str,
    extra: serde_json::Value,
) {
    if json {
        let mut said = serde_json::json!({
            "out": out, "pages": pages, "bytes": bytes.len(),
            "received": f.received, "resolved": f.resolved, "overdue": f.overdue,
        });
        if let (Some(said), serde_json::Value::Object(extra)) = (said.as_object_mut(), extra) {
            said.extend(extra);
        }
        crate::print_json(&said);
    } else {
        let rate = |i: usize| rates.get(i).map_or("—", |l| l.text.as_str());
        crate::outln!(
            "已生成 {}：{stations}受理 {} 件，办结 {} 件，超期 {} 件，响应率 {}，解决率 {}，满意率 {}",
            out.display(),
            f.received,
            f.resolved,
            f.overdue,
            rate(0),
            rate(1),
            rate(2)
        );
    }
}

pub(crate) async fn district_work(store: &Store, json: bool, args: &DistrictWorkArgs) -> Result<(), CoreError> {
    let period = match (&args.month, &args.year) {
        (Some(m), _) => ReportPeriod::parse_month(m)?,
        (None, Some(y)) => ReportPeriod::parse_year(y)?,
        (None, None) => return Err(CoreError::invalid("month", "请用 --month 2026-11 或 --year 2026 指明报告期间")),
    };
    let format = format_of(&args.out)?;
    let r = report::district_report(store, period, &args.issuer).await?;
    let (bytes, pages) = match format {
        Format::Pdf => {
            let printed = report::district_pdf(&r)?;
            (printed.pdf, Some(printed.pages))
        }
        Format::Xlsx => (report::district_xlsx(&r)?, None),
    };
    stationdesk_core::private_files::write(&args.out, &bytes)
        .map_err(|e| CoreError::invalid("out", format!("无法写入 {}：{}", args.out.display(), io_reason(&e))))?;
    let stations = format!("{} 个服务站，", r.stations.len());
    let extra = serde_json::json!({ "stations": r.stations.len() });
    say_written(json, &args.out, (&bytes, pages), &r.figures, &r.rates, &stations, extra);
    Ok(())
}
