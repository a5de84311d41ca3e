//! `stationdesk-cli notice`: render printed notices from JSON input files (the fields are
//! documented in crates/notice/README.md), one PDF per run, or one PDF with a copy per
//! addressee; `notice bench` times the engine beside Typst.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use clap::{Args, Subcommand};
use stationdesk_core::CoreError;
use stationdesk_core::error::io_reason;
use stationdesk_notice::{FontSet, Notice, NoticeError, NoticeKind, RenderOptions, Rendered, render, render_batch};

#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// Make a PDF notice from a JSON file.
    Render(RenderArgs),
    /// Time one-page, batch and cold-process rendering (and Typst, if installed).
    Bench(BenchArgs),
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// meeting（会议通知）、event（活动通知）、receipt（受理回执）、reply（答复函）
    #[arg(long)]
    kind: String,
    /// The JSON input (see crates/notice/examples/).
    #[arg(long, required_unless_present_any = ["case", "meeting", "event"], conflicts_with_all = ["case", "meeting", "event"])]
    input: Option<PathBuf>,
    /// A case number: write its 受理回执 (`--kind receipt`) or 答复函 (`--kind reply`) from
    /// the database (a file, not a print: nothing is recorded in the case's history).
    #[arg(long, conflicts_with = "meeting")]
    case: Option<String>,
    /// A meeting's id: write its 会议通知 (`--kind meeting`) from the database (a file, not a
    /// print: nothing is recorded in the meeting's history).
    #[arg(long, conflicts_with = "event")]
    meeting: Option<i64>,
    /// An event's id: write the 活动通知 (poster, `--kind event`) of its occurrence at `--at`
    /// (default: its first; a file, not a print: nothing is recorded).
    #[arg(long, conflicts_with = "case")]
    event: Option<i64>,
    /// With `--event`: the occurrence's start, `2026-12-03 09:00`.
    #[arg(long, requires = "event")]
    at: Option<String>,
    /// With `--meeting`: one copy per invited organisation, each addressed to it.
    #[arg(long, requires = "meeting", conflicts_with = "addressees")]
    each_party: bool,
    /// Where to write the PDF.
    #[arg(long)]
    out: PathBuf,
    /// A batch: one copy per addressee, from a file with one addressee per line (or a JSON
    /// array of strings).
    #[arg(long)]
    addressees: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Repetitions of each in-process measurement.
    #[arg(long, default_value_t = 50)]
    runs: usize,
    /// Repetitions of each cold-process measurement.
    #[arg(long, default_value_t = 10)]
    process_runs: usize,
    /// Folder with meeting-one-page.json and meeting.typ (default: crates/notice/examples).
    #[arg(long, default_value = "crates/notice/examples")]
    examples: PathBuf,
}

fn invalid(e: NoticeError) -> CoreError {
    CoreError::invalid("notice", e.to_string())
}

fn read(path: &Path, what: &str) -> Result<String, CoreError> {
    std::fs::read_to_string(path)
        .map_err(|e| CoreError::invalid("notice", format!("无法读取{what} {}：{}", path.display(), io_reason(&e))))
}

/// One addressee per line (blank lines and lines starting with `#` skipped), or a JSON
/// array of strings.
pub fn parse_addressees(text: &str) -> Result<Vec<String>, CoreError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('[') {
        return serde_json::from_str::<Vec<String>>(trimmed)
            .map_err(|e| CoreError::invalid("addressees", format!("主送名单不是有效的 JSON 字符串数组（第 {} 行第 {} 列附近有误），请写成 [\"1栋1单元\", \"2栋\"]，或每行一个", e.line(), e.column())));
    }
    Ok(trimmed.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect())
}

fn render_file(args: &RenderArgs) -> Result<Rendered, CoreError> {
    let kind = stationdesk_core::notices::kind(&args.kind)?;
    let Some(input) = &args.input else {
        return Err(CoreError::invalid("input", "请用 --input 给出 JSON 输入文件，或用 --case 给出诉求编号"));
    };
    let notice = Notice::from_json(kind, &read(input, "输入文件")?).map_err(invalid)?;
    let fonts = FontSet::bundled();
    let options = RenderOptions::default();
    match &args.addressees {
        Some(path) => {
            let list = parse_addressees(&read(path, "主送名单")?)?;
            render_batch(fonts, &notice, &list, &options, &mut |_, _| {}).map_err(invalid)
        }
        None => render(fonts, &notice, &options).map_err(invalid),
    }
}

/// Whether the command reads the database (`render --case`).
pub fn needs_database(command: &NoticeCommand) -> bool {
    matches!(
        command,
        NoticeCommand::Render(
            RenderArgs { case: Some(_), .. } | RenderArgs { meeting: Some(_), .. } | RenderArgs { event: Some(_), .. }
        )
    )
}

/// `notice render --case NO --kind receipt|reply`, `--meeting ID --kind meeting` or
/// `--event ID [--at TIME] --kind event`, with `--out FILE.pdf`: from the database, with the
/// station's wording and fonts. Writing the file is not a print (like 保存PDF in the window),
/// so nothing is recorded.
pub async fn run_for_case(
    command: &NoticeCommand,
    store: &stationdesk_core::Store,
    actor: &stationdesk_core::Actor,
    json: bool,
) -> Result<(), CoreError> {
    let NoticeCommand::Render(args) = command else { return Ok(()) };
    let printed = match (&args.case, args.meeting) {
        _ if let Some(id) = args.event => {
            if args.kind != "event" {
                return Err(CoreError::invalid("kind", "活动只能打印活动通知（--kind event）"));
            }
            let at = match &args.at {
                Some(t) => crate::schedule::parse_time("at", t)?,
                None => stationdesk_core::schedule::events::get(store, actor.station_id, id).await?.start,
            };
            stationdesk_core::notices::render_event_notice(store, actor, id, at).await?
        }
        (Some(number), _) => {
            let case = stationdesk_core::cases::get_by_number(store, actor.station_id, number).await?;
            stationdesk_core::notices::render_case_notice(store, actor, case.id, &args.kind).await?
        }
        (None, Some(id)) => {
            if args.kind != "meeting" {
                return Err(CoreError::invalid("kind", "会议只能打印会议通知（--kind meeting）"));
            }
            if args.each_party {
                stationdesk_core::notices::render_meeting_notices(store, actor, id).await?
            } else {
                stationdesk_core::notices::render_meeting_notice(store, actor, id).await?
            }
        }
        (None, None) => return Ok(()),
    };
    stationdesk_core::private_files::write(&args.out, &printed.pdf)
        .map_err(|e| CoreError::invalid("out", format!("无法写入 {}：{}", args.out.display(), io_reason(&e))))?;
    for w in &printed.warnings {
        crate::errln!("注意：{w}");
    }
    if json {
        let summary = serde_json::json!({
            "out": args.out, "pages": printed.pages, "bytes": printed.pdf.len(), "warnings": printed.warnings,
        });
        crate::outln!("{summary}");
    } else {
        crate::outln!("已生成 {}（{} 页，{} KB）", args.out.display(), printed.pages, printed.pdf.len().div_ceil(1024));
    }
    Ok(())
}

pub fn run(command: &NoticeCommand, json: bool) -> Result<(), CoreError> {
    match command {
        NoticeCommand::Render(args) => {
            let out = render_file(args)?;
            stationdesk_core::private_files::write(&args.out, &out.pdf).map_err(|e| {
                CoreError::invalid("out", format!("无法写入 {}：{}", args.out.display(), io_reason(&e)))
            })?;
            for w in &out.warnings {
                crate::errln!("注意：{}", w.message);
            }
            if json {
                let summary = serde_json::json!({
                    "out": args.out, "pages": out.pages, "bytes": out.pdf.len(), "warnings": out.warnings,
                });
                crate::outln!("{summary}");
            } else {
                crate::outln!("已生成 {}（{} 页，{} KB）", args.out.display(), out.pages, out.pdf.len().div_ceil(1024));
            }
            Ok(())
        }
        NoticeCommand::Bench(args) => bench(args),
    }
}

fn ms(total: std::time::Duration, n: usize) -> f64 {
    total.as_secs_f64() * 1000.0 / n.max(1) as f64
}

/// Median of `n` timings of `f`, in ms.
fn median_ms(n: usize, mut f: impl FnMut() -> Result<(), CoreError>) -> Result<f64, CoreError> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n.max(1) {
        let t = Instant::now();
        f()?;
        times.push(ms(t.elapsed(), 1));
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn bench(args: &BenchArgs) -> Result<(), CoreError> {
    let meeting_path = args.examples.join("meeting-one-page.json");
    let notice = Notice::from_json(NoticeKind::Meeting, &read(&meeting_path, "示例")?).map_err(invalid)?;
    let fonts = FontSet::bundled();
    let options = RenderOptions::default();
    let t = Instant::now();
    fonts.preload().map_err(invalid)?;
    let first = render(fonts, &notice, &options).map_err(invalid)?;
    crate::outln!("fonts parsed + first render: {:.1} ms", ms(t.elapsed(), 1));
    let one = median_ms(args.runs, || render(fonts, &notice, &options).map(|_| ()).map_err(invalid))?;
    crate::outln!(
        "one-page meeting notice, fonts loaded: {one:.2} ms (median of {}), {} page(s), {:.1} KB   [target ≤ 5 ms, ≤ 110 KB]",
        args.runs,
        first.pages,
        first.pdf.len() as f64 / 1024.0
    );
    let entrances: Vec<String> = (1..=4).flat_map(|b| (1..=6).map(move |u| format!("{b}栋{u}单元"))).take(21).collect();
    let batch_runs = (args.runs / 5).max(3);
    let mut batch_bytes = 0;
    let batch = median_ms(batch_runs, || {
        let out = render_batch(fonts, &notice, &entrances, &options, &mut |_, _| {}).map_err(invalid)?;
        batch_bytes = out.pdf.len();
        Ok(())
    })?;
    crate::outln!(
        "21-page batch (1栋1单元 … 4栋3单元): {batch:.1} ms (median of {batch_runs}), {:.1} KB   [target ≤ 150 ms]",
        batch_bytes as f64 / 1024.0
    );

    let dir = tempfile::tempdir().map_err(CoreError::Io)?;
    let input = dir.path().join("meeting.json");
    let json = serde_json::to_string(match &notice {
        Notice::Meeting(m) => m,
        _ => return Ok(()),
    })
    .map_err(|_| CoreError::invalid("notice", "会议通知无法转换为 JSON：程序内部出错"))?;
    std::fs::write(&input, json)?;
    let out = dir.path().join("meeting.pdf");
    let exe = std::env::current_exe()?;
    let cold = median_ms(args.process_runs, || {
        let status = Command::new(&exe)
            .args(["notice", "render", "--kind", "meeting", "--input"])
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .status()?;
        if status.success() { Ok(()) } else { Err(CoreError::invalid("bench", "stationdesk-cli notice render 失败")) }
    })?;
    crate::outln!(
        "cold `stationdesk-cli notice render` process: {cold:.1} ms (median of {})   [target ≤ 100 ms]",
        args.process_runs
    );
    typst_reference(args, &notice, dir.path())
}

fn typst_reference(args: &BenchArgs, notice: &Notice, dir: &Path) -> Result<(), CoreError> {
    let Notice::Meeting(m) = notice else { return Ok(()) };
    let probe = Command::new("python3").args(["-c", "import typst"]).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        crate::outln!("Typst: not installed (pip install typst==0.15.2), skipped");
        return Ok(());
    }
    let template = read(&args.examples.join("meeting.typ"), "Typst 模板")?;
    // The same bundled fonts, so both engines set the same faces.
    let fonts = std::fs::canonicalize(args.examples.join("../fonts"))?;
    std::fs::write(dir.join("meeting.typ"), template)?;
    let data =
        serde_json::to_string(m).map_err(|_| CoreError::invalid("notice", "会议通知无法转换为 JSON：程序内部出错"))?;
    std::fs::write(dir.join("meeting.json"), data)?;
    let script = format!(
        "import time, typst, statistics\n\
         c = typst.Compiler('meeting.typ', font_paths=[{fonts:?}])\n\
         pdf = c.compile()\n\
         times = []\n\
         for _ in range({runs}):\n    t = time.perf_counter(); pdf = c.compile(); times.append((time.perf_counter() - t) * 1000)\n\
         open('typst.pdf', 'wb').write(pdf)\n\
         print(f'{{statistics.median(times):.2f}} {{len(pdf)}}')\n",
        runs = args.runs,
        fonts = fonts.display().to_string()
    );
    let out = Command::new("python3").arg("-c").arg(&script).current_dir(dir).output()?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() {
        crate::outln!("Typst: failed: {}", String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or_default());
        return Ok(());
    }
    let mut parts = text.split_whitespace();
    let (t, size) = (parts.next().unwrap_or("?"), parts.next().and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0));
    crate::outln!("Typst (python typst, same content, in-process, warm): {t} ms, {:.1} KB", size / 1024.0);
    let cold_script = format!(
        "import typst; typst.compile('meeting.typ', output='typst.pdf', font_paths=[{:?}])",
        fonts.display().to_string()
    );
    let cold = median_ms(args.process_runs, || {
        let status = Command::new("python3").args(["-c", &cold_script]).current_dir(dir).status()?;
        if status.success() { Ok(()) } else { Err(CoreError::invalid("bench", "Typst 失败")) }
    })?;
    crate::outln!(
        "Typst cold process (python3 -c 'typst.compile(...)'): {cold:.1} ms (median of {})",
        args.process_runs
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_addressee_list_is_explained_in_chinese() {
        let e = parse_addressees("[\"1栋\", ").err().map(|e| e.user_message()).unwrap_or_default();
        assert!(e.starts_with("主送名单不是有效的 JSON 字符串数组（第 1 行第"), "{e}");
        assert!(!e.contains("EOF") && !e.contains("expected"), "serde's English reached the user: {e}");
    }
}
