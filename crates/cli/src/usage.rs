//! The command line's own refusals and output: clap's parse errors in Chinese, values
//! that start with `-`, and printing that ends quietly when the reader goes away.
//!
//! clap renders its errors in English ("unexpected argument '-1' found", "invalid digit
//! found in string"); a community worker gets one Chinese line naming the argument and
//! what to write instead. A title such as `-1楼漏水` or a number such as `-5` is taken as
//! the value it is (a negative number is then refused by the rule that knows why).

use std::io::Write;
use std::num::{IntErrorKind, ParseIntError};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use stationdesk_core::input::excerpt;

/// Every option that takes a value accepts one starting with `-`; positional values
/// accept negative numbers (a free `-` there would swallow the flags after it).
pub fn accept_hyphen_values(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            if !arg.get_action().takes_values() {
                arg
            } else if arg.is_positional() {
                arg.allow_negative_numbers(true)
            } else {
                arg.allow_hyphen_values(true)
            }
        })
        .mut_subcommands(accept_hyphen_values)
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join("、")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `--cases <CASES>` → `--cases`: the argument as a person types it.
fn arg_name(e: &clap::Error) -> String {
    let raw = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let names: Vec<&str> = raw.split('、').map(|a| a.split(" <").next().unwrap_or(a).trim()).collect();
    names.join("、")
}

/// Why a value did not parse, for the parsers the CLI uses (integers).
fn why_invalid(e: &clap::Error, value: &str) -> &'static str {
    let source = std::error::Error::source(e).and_then(|s| s.downcast_ref::<ParseIntError>());
    if source.is_none() && value.trim().parse::<i128>().is_ok() {
        // A whole number that clap's ranged parser refused: negative, or past the type.
        return if value.trim().starts_with('-') {
            "不能为负数：请填写 0 或更大的整数"
        } else {
            "太大：请填写小一些的整数"
        };
    }
    match source.map(ParseIntError::kind) {
        Some(IntErrorKind::Empty) => "是空的：请填写一个整数",
        Some(IntErrorKind::PosOverflow) => "太大：请填写小一些的整数",
        Some(IntErrorKind::NegOverflow) => "太小：请填写不小于 0 的整数",
        Some(IntErrorKind::InvalidDigit) => "不是有效的整数：只能写数字（不带负号、小数点和单位）",
        _ => "无法识别：请按 --help 中的说明填写",
    }
}

/// One Chinese line for a refused command line, naming the argument and what to fix.
pub fn message(e: &clap::Error) -> String {
    let arg = arg_name(e);
    let value = context(e, ContextKind::InvalidValue).map(|v| excerpt(&v)).unwrap_or_default();
    let suggestion = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue))
        .map(|s| format!("；是不是想写 {}", excerpt(&s)))
        .unwrap_or_default();
    let text = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识参数“{}”{suggestion}", excerpt(&arg)),
        ErrorKind::InvalidSubcommand => {
            let name = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("没有“{}”这个命令{suggestion}", excerpt(&name))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("参数 {arg} 需要一个值"),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue).map(|v| format!("，可选：{v}")).unwrap_or_default();
            format!("参数 {arg} 的值“{value}”不可用{valid}")
        }
        ErrorKind::ValueValidation => format!("参数 {arg} 的值“{value}”{}", why_invalid(e, &value)),
        ErrorKind::MissingRequiredArgument => format!("缺少必填参数 {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let valid = context(e, ContextKind::ValidSubcommand).map(|v| format!("：{v}")).unwrap_or_default();
            format!("请写出要执行的命令{valid}")
        }
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg).unwrap_or_default();
            format!("参数 {arg} 不能与 {} 同时使用", other.split(" <").next().unwrap_or_default())
        }
        ErrorKind::NoEquals => format!("参数 {arg} 的值要用等号连写，如 {arg}=值"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值的个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数里有无法识别的字符，请用 UTF-8 编码输入".to_owned(),
        _ => "命令写得不完整或有误".to_owned(),
    };
    format!("参数有误：{text}（运行 {} --help 查看用法）", command_path(e))
}

/// `stationdesk-cli case add` from clap's usage line, so the hint names the command's own
/// help page.
fn command_path(e: &clap::Error) -> String {
    let usage = context(e, ContextKind::Usage).unwrap_or_default();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let words: Vec<&str> = usage.split_whitespace().take_while(|w| !w.starts_with(['-', '<', '['])).collect();
    match words.first() {
        Some(&"stationdesk-cli") => words.join(" "),
        _ => "stationdesk-cli".to_owned(),
    }
}

/// Writes one line to standard output. A reader that went away (`… | head`) ends the
/// program quietly: what it wanted has been printed. Any other failure (a full disk
/// behind a redirect) is said in Chinese and exits non-zero.
pub fn print_line(args: std::fmt::Arguments<'_>) {
    let text = args.to_string();
    let line = terminal_safe(&text);
    let mut out = std::io::stdout().lock();
    let written = out.write_all(line.as_bytes()).and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let _ = writeln!(std::io::stderr(), "无法输出结果：{}", stationdesk_core::error::io_reason(&e));
        std::process::exit(1);
    }
}

/// Text as a terminal may show it: records saved before the model cleaned free text can
/// still hold escape sequences (a title that clears the screen) or direction overrides;
/// their control characters are dropped on the way out. JSON escapes them itself.
fn terminal_safe(line: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if line.chars().any(unsafe_char) {
        std::borrow::Cow::Owned(line.chars().filter(|c| !unsafe_char(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(line)
    }
}

/// `println!` for the CLI's output: see [`print_line`].
#[macro_export]
macro_rules! outln {
    () => {
        $crate::usage::print_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::usage::print_line(format_args!($($arg)*))
    };
}

/// `eprintln!` for the CLI's messages: a closed standard error is not worth a panic (the
/// exit code still says what happened).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_drops_control_characters_but_keeps_layout() {
        assert_eq!(terminal_safe("  议程 1：楼梯\t改造"), "  议程 1：楼梯\t改造");
        assert_eq!(terminal_safe("RA-2026-0001  \u{1b}[2J清屏\u{202E}反转"), "RA-2026-0001  [2J清屏反转");
    }
}
