//! The default wording of each kind of notice (what "reset to default" restores) and the
//! placeholder names its template may use.

use crate::documents::NoticeKind;
use crate::error::NoticeError;
use crate::template::{self, Placeholders};

pub(crate) const MEETING_TEMPLATE: &str = "# 关于召开{会议名称}的通知
> {主送}：
为{会议目的}，经研究，定于{会议时间}在{会议地点}召开{会议名称}。现将有关事项通知如下：
## 会议时间
{会议时间}。
## 会议地点
{会议地点}。
## 参会人员
{参会人员}
{参会人员表}
## 会议议程
{会议议程}
## 有关要求
{有关要求}
## 联系方式
联系人：{联系人}，联系电话：{联系电话}。
{补充说明}
";

pub(crate) const EVENT_TEMPLATE: &str = "# {活动名称}
> {主送}：
{活动简介}
- 活动时间：{活动时间}
- 活动地点：{活动地点}
- 服务对象：{服务对象}
- 请您携带：{携带物品}
- 报名方式：{报名方式}
{二维码}
- 联系方式：{联系人}，{联系电话}
";

pub(crate) const RECEIPT_TEMPLATE: &str = "# 受理回执
> {居民称呼}：
您于{受理时间}通过{受理渠道}反映的“{诉求标题}”，本站已受理，受理编号为{诉求编号}。
## 反映内容
{诉求内容}
## 涉及地址
{地址}
## 答复时限
本站将于{答复期限}向您答复办理情况。
## 查询方式
{查询方式}
查询时请告知受理编号{诉求编号}。联系人：{联系人}，联系电话：{联系电话}。
";

pub(crate) const REPLY_TEMPLATE: &str = "# 关于“{诉求标题}”的答复
> {居民称呼}：
您于{受理时间}反映的“{诉求标题}”（受理编号：{诉求编号}）收悉。经调查核实，现将办理情况答复如下：
{办理结果}
如对本答复有疑问，请与我站联系。联系人：{联系人}，联系电话：{联系电话}。
感谢您对社区工作的理解和支持！
";

pub(crate) const MEETING_NAMES: Placeholders = Placeholders {
    inline: &[
        "会议名称",
        "主送",
        "会议目的",
        "会议时间",
        "会议地点",
        "参会人员",
        "联系人",
        "联系电话",
        "补充说明",
        "回执截止",
        "发文机关",
        "成文日期",
    ],
    blocks: &["参会人员表", "会议议程", "有关要求"],
};
pub(crate) const EVENT_NAMES: Placeholders = Placeholders {
    inline: &[
        "活动名称",
        "主送",
        "活动简介",
        "活动时间",
        "活动地点",
        "服务对象",
        "携带物品",
        "报名方式",
        "二维码内容",
        "联系人",
        "联系电话",
        "发文机关",
        "成文日期",
    ],
    blocks: &["二维码"],
};
pub(crate) const CASE_NAMES: Placeholders = Placeholders {
    inline: &[
        "诉求编号",
        "受理时间",
        "受理渠道",
        "诉求标题",
        "诉求内容",
        "居民称呼",
        "地址",
        "答复期限",
        "查询方式",
        "办理结果",
        "联系人",
        "联系电话",
        "发文机关",
        "成文日期",
    ],
    blocks: &[],
};

/// The default wording of a kind (what "reset to default" restores).
pub fn default_template(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::Meeting => MEETING_TEMPLATE,
        NoticeKind::Event => EVENT_TEMPLATE,
        NoticeKind::Receipt => RECEIPT_TEMPLATE,
        NoticeKind::Reply => REPLY_TEMPLATE,
    }
}

/// The placeholder names a kind's template may use.
pub fn placeholders(kind: NoticeKind) -> Placeholders {
    match kind {
        NoticeKind::Meeting => MEETING_NAMES,
        NoticeKind::Event => EVENT_NAMES,
        NoticeKind::Receipt | NoticeKind::Reply => CASE_NAMES,
    }
}

/// Check an edited template of a kind: unknown names and unpaired braces are errors.
pub fn validate_template(kind: NoticeKind, template: &str) -> Result<(), NoticeError> {
    template::validate(template, &placeholders(kind))
}
