//! What an event's printed notice (活动通知, the poster) says beyond its time and place:
//! who it is for (面向对象), what to bring (请携带), and the sign-up or contact link in its
//! QR code, the event's own or else the station's default one.

use crate::error::FieldError;
use crate::input;

/// 面向对象: `辖区60岁以上老人`.
pub const MAX_AUDIENCE_CHARS: usize = 50;
/// 请携带: `身份证、医保卡、既往病历`.
pub const MAX_BRING_CHARS: usize = 100;
/// 报名/咨询链接: an http(s) address or a short text such as a WeChat ID.
pub const MAX_LINK_CHARS: usize = 300;
/// Who a poster is for when the event names no one.
pub const DEFAULT_AUDIENCE: &str = "本社区居民";

/// The audience printed on the poster: the event's, else [`DEFAULT_AUDIENCE`].
pub fn audience(event: Option<&str>) -> &str {
    event.map(str::trim).filter(|a| !a.is_empty()).unwrap_or(DEFAULT_AUDIENCE)
}

/// The link in the poster's QR code: the event's, else the station's default, else none.
pub fn qr_link<'a>(event: Option<&'a str>, station: Option<&'a str>) -> Option<&'a str> {
    let given = |l: Option<&'a str>| l.map(str::trim).filter(|l| !l.is_empty());
    given(event).or_else(|| given(station))
}

/// The line under the QR code: an event with a capacity takes sign-ups (扫码报名); any
/// other event's code is for asking about it (扫码咨询).
pub fn qr_caption(has_capacity: bool) -> &'static str {
    if has_capacity { "扫码报名" } else { "扫码咨询" }
}

/// A sign-up or contact link as typed: empty is none; an address starting with
/// `http://` or `https://` must be a whole web address; anything else is kept as short
/// text (a WeChat ID, `微信号：sqfw2026`). Control and invisible characters are refused,
/// not dropped: a link that silently changed would lead elsewhere.
pub fn link(field: &str, label: &str, value: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let n = raw.chars().count();
    if n > MAX_LINK_CHARS {
        return Err(FieldError::new(field, format!("{label}过长（{n} 字），最多 {MAX_LINK_CHARS} 字")));
    }
    if input::clean_line(raw) != raw {
        return Err(FieldError::new(
            field,
            format!("{label}含有换行、控制字符或不可见字符，请重新输入（如：https://example.cn/signup 或 微信号）"),
        ));
    }
    let lower = raw.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let parsed = url::Url::parse(raw).ok().filter(|u| u.host_str().is_some_and(|h| !h.is_empty()));
        if parsed.is_none() || raw.contains(char::is_whitespace) {
            return Err(FieldError::new(
                field,
                format!("{label}“{}”不是完整的网址，请检查（如：https://example.cn/signup）", input::excerpt(raw)),
            ));
        }
    } else if lower.contains("://") || lower.starts_with("http:") || lower.starts_with("https:") {
        return Err(FieldError::new(
            field,
            format!("{label}只能是 http:// 或 https:// 开头的网址，或微信号等简短文字：“{}”", input::excerpt(raw)),
        ));
    }
    Ok(Some(raw.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_link_wins_then_the_station_default_then_none() {
        assert_eq!(qr_link(Some("https://a.cn/x"), Some("https://b.cn")), Some("https://a.cn/x"));
        assert_eq!(qr_link(Some("  "), Some("https://b.cn")), Some("https://b.cn"));
        assert_eq!(qr_link(None, None), None);
        assert_eq!(audience(None), "本社区居民");
        assert_eq!(audience(Some("辖区60岁以上老人")), "辖区60岁以上老人");
        assert_eq!(qr_caption(true), "扫码报名");
        assert_eq!(qr_caption(false), "扫码咨询");
    }

    #[test]
    fn a_link_is_a_whole_web_address_or_short_text() {
        assert_eq!(
            link("link", "报名链接", Some(" https://wj.qq.com/s2/123 ")).unwrap().as_deref(),
            Some("https://wj.qq.com/s2/123")
        );
        assert_eq!(link("link", "报名链接", Some("微信号：sqfw2026")).unwrap().as_deref(), Some("微信号：sqfw2026"));
        assert_eq!(link("link", "报名链接", Some("")).unwrap(), None);
        for bad in
            ["https://", "http:// exa mple.cn", "https://exa mple.cn/a", "ftp://x.cn", "javascript://x", "http:x"]
        {
            let e = link("link", "报名链接", Some(bad)).unwrap_err();
            assert_eq!(e.field, "link");
            assert!(e.message.contains("网址"), "{bad}: {}", e.message);
        }
        for bad in ["https://a.cn/\u{7}x", "微信\u{200B}号", "a\nb"] {
            assert!(link("link", "报名链接", Some(bad)).unwrap_err().message.contains("控制字符"), "{bad:?}");
        }
        let long = format!("https://a.cn/{}", "x".repeat(300));
        assert!(link("link", "报名链接", Some(&long)).unwrap_err().message.contains("最多 300 字"));
    }
}
