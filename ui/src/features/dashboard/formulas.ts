// The three rates' definitions as the dashboard's tooltips show them.
// Copied from the Rust consts RESPONSE_RATE_FORMULA, RESOLUTION_RATE_FORMULA and
// SATISFACTION_RATE_FORMULA in crates/core/src/rates.rs: KEEP THE TEXT IDENTICAL to those
// (the core computes the figures; this only explains them). If a command ever returns the
// formulas, use it instead of this copy.

export const RESPONSE_RATE_FORMULA =
  "响应率 = 在响应时限内联系到居民（匿名来件为开始办理）的诉求数 ÷ 期间受理的诉求数（不含重复件）";
export const RESOLUTION_RATE_FORMULA =
  "解决率 = 回访时居民认为已解决的诉求数 ÷ 期间回访联系到居民的诉求数（每件按最后一次联系到居民的回访计）";
export const SATISFACTION_RATE_FORMULA =
  "满意率 = 回访评价为“满意”或“基本满意”的诉求数 ÷ 期间回访联系到居民的诉求数（每件按最后一次联系到居民的回访计）";
