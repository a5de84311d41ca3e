//! What can go wrong while making a notice, in words a station worker can act on.

use std::path::PathBuf;

/// Every failure of the notice engine. `Display` is the Chinese message for the user: what
/// was wrong and what to do; it carries no trailing period.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// A template names a placeholder the document kind does not have (often a typo).
    #[error("模板第 {line} 行的占位符“{{{name}}}”不认识，请改成可用的占位符之一：{known}")]
    UnknownPlaceholder { name: String, line: usize, known: String },
    /// A `{` without its `}` (or the other way round) in a template.
    #[error("模板第 {line} 行有一个“{brace}”没有配对，请补全占位符，或把它写成“{brace}{brace}”表示字面的括号")]
    UnbalancedBrace { line: usize, brace: char },
    /// A placeholder that may only stand on a line of its own, used inside a sentence.
    #[error("模板第 {line} 行的“{{{name}}}”是表格或二维码，只能单独占一行")]
    BlockPlaceholderInline { name: String, line: usize },
    /// A required field of the input is empty.
    #[error("请填写“{field}”")]
    MissingField { field: &'static str },
    /// A date that is not a real `YYYY-MM-DD` date.
    #[error("“{field}”的日期“{value}”无法识别，请写成 2025-07-10")]
    BadDate { field: &'static str, value: String },
    /// The input file is not valid JSON for the document kind.
    #[error("输入内容有误：{0}")]
    BadInput(String),
    /// An unknown document kind name.
    #[error("没有“{0}”这种通知，可选：meeting（会议通知）、event（活动通知）、receipt（受理回执）、reply（答复函）")]
    UnknownKind(String),
    /// A batch without any addressee.
    #[error("批量打印需要至少一个主送对象（例如“1栋1单元”）")]
    NoAddressees,
    /// A preferred system font that cannot be found or read.
    #[error("找不到或无法读取字体“{0}”，请检查字体设置，或改用内置字体")]
    SystemFont(String),
    /// A font file that cannot be read from disk.
    #[error("无法读取字体文件 {}：{reason}", path.display())]
    FontFile { path: PathBuf, reason: String },
    /// The fonts folder installed beside the program is missing or incomplete.
    #[error("找不到内置字体（需要 {files}），已查找：{looked}。无法生成通知，请重新安装本程序")]
    FontsMissing { looked: String, files: String },
    /// The bundled fonts cannot be parsed (a broken build); nothing can be printed.
    #[error("内置字体无法读取，无法生成通知，请重新安装本程序")]
    BundledFonts,
    /// The PDF could not be assembled (should not happen; nothing the user can fix).
    #[error("通知无法生成 PDF，请重试；如仍不行，请联系技术支持")]
    Write,
    /// The QR code text is too long for a QR code.
    #[error("二维码内容太长（{0} 个字节），请换成短一些的链接")]
    QrTooLong(usize),
}
