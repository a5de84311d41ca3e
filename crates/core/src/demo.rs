//! Realistic synthetic cases for demos and benchmarks: varied categories, buildings,
//! channels, statuses and dates over two years, reproducible from a seed.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use stationdesk_model::roles::Action;

use crate::cases::{Address, CaseStatus, Channel, NewCase, ValidCase, validate};
use crate::deadlines::{Calendar, default_limits};
use crate::error::{CoreError, Result};
use crate::station;
use crate::store::{Actor, Flow, Store};
use stationdesk_model::workflow::anonymous;

/// (category, title, description) — `{b}` is a building, `{p}` any public place, `{q}` an
/// open-air one, `{s}` a square.
const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "市政设施",
        "{q}路面坑洼，雨后积水严重",
        "{p}地面多处坑洼，下雨后积水没过脚面，老人孩子出入不便，希望尽快修补路面。",
    ),
    ("市政设施", "{p}路灯不亮", "{p}两盏路灯已坏了一周，晚上出行看不清路，担心摔倒。"),
    ("市政设施", "{b}门前井盖松动", "{b}门前雨水井盖松动，踩上去有响声，存在安全隐患。"),
    (
        "市政设施",
        "地库楼梯台阶过多，老人上下困难",
        "{b}到地下车库要先上8级台阶再下8级台阶，推婴儿车和轮椅的居民很难通行，希望改造。",
    ),
    ("物业管理", "{b}楼道灯不亮", "{b}楼道感应灯不亮，晚上回家要摸黑上楼，已找过物业还没修。"),
    ("物业管理", "{b}单元门禁损坏", "{b}单元门禁刷卡没反应，门一直开着，外来人员随意进出。"),
    ("物业管理", "物业费收费标准咨询", "想了解今年物业费为什么上涨，收费依据是什么，希望物业公示。"),
    ("物业管理", "{b}楼顶漏水", "{b}顶层住户反映下雨时天花板渗水，墙皮脱落，请物业查看防水。"),
    ("环境卫生", "{p}垃圾清运不及时", "{p}垃圾桶满了没人清理，天热有异味，招苍蝇。"),
    ("环境卫生", "{b}楼道堆放杂物", "{b}楼道里堆了纸箱和旧家具，影响通行，也有消防隐患。"),
    ("环境卫生", "小区内宠物粪便无人清理", "{p}附近草坪和步道上经常有狗粪，希望加强文明养犬宣传。"),
    ("社保医保", "咨询城乡居民医保缴费", "老人想问明年的城乡居民医保怎么缴费，能不能在服务站代办。"),
    ("社保医保", "养老金资格认证不会操作", "家里老人不会用手机做养老金资格认证，希望工作人员帮忙。"),
    ("社保医保", "慢病门诊报销咨询", "高血压、糖尿病门诊用药报销比例是多少，需要带什么材料。"),
    ("邻里纠纷", "{b}楼上漏水影响楼下", "{b}楼上卫生间漏水，楼下天花板发霉，两家协商未果，请社区调解。"),
    ("邻里纠纷", "邻居在公共区域私搭乱建", "{b}一楼住户在门前私自搭建棚子，占用公共绿地。"),
    ("停车交通", "{p}车辆乱停占用消防通道", "{p}晚上经常有车停在消防通道上，救护车进不来。"),
    ("停车交通", "地下车库车位不足", "新能源车越来越多，地下车库没有充电桩，希望增设。"),
    ("停车交通", "{p}电动车乱停乱放", "{p}电动车随意停放，还有人从楼道拉线充电，很危险。"),
    ("电梯", "{b}电梯频繁停运", "{b}电梯这个月已经停了三次，家里有老人上下楼很困难，请督促维修。"),
    ("电梯", "{b}电梯运行有异响", "{b}电梯运行时有咯噔声，居民担心安全，希望尽快检修。"),
    ("电梯", "老旧小区加装电梯咨询", "{b}居民想了解加装电梯的政策、补贴和需要几户同意。"),
    ("噪音扰民", "{p}夜间广场舞噪音大", "{p}晚上九点以后还有广场舞音乐，声音很大，影响休息。"),
    ("噪音扰民", "{b}装修噪声扰民", "{b}有住户周末早上七点就开始装修电钻，噪音很大。"),
    ("供水供电", "{b}停水未提前通知", "{b}今天上午突然停水，没有提前通知，老人做饭洗漱都受影响。"),
    ("供水供电", "{b}自来水发黄", "{b}打开水龙头水是黄的，放一会儿才变清，担心水质。"),
    ("供水供电", "{b}单元频繁跳闸停电", "{b}这周停电两次，冰箱里的东西都坏了，希望供电部门查明原因。"),
    ("绿化养护", "{q}树枝遮挡窗户", "{q}旁边的大树枝叶太密，挡住低层住户采光，希望修剪。"),
    ("绿化养护", "{p}绿地被踩成土路", "{p}草坪被踩出一条土路，下雨一片泥泞。"),
    ("安全隐患", "{b}外墙瓷砖脱落", "{b}外墙有瓷砖掉下来，差点砸到人，请尽快处理。"),
    ("安全隐患", "{p}健身器材损坏", "{p}的健身器材螺丝松动，有孩子在上面玩，容易受伤。"),
    ("其他", "建议增加老年助餐点", "小区老人多，子女上班，希望社区能开老年食堂或者助餐点。"),
    ("其他", "希望多组织义诊活动", "上次医院来义诊很受欢迎，希望每月都能来一次，量血压测血糖。"),
    ("其他", "表扬社区工作人员", "感谢服务站工作人员帮忙办理社保认证，态度热情，办事效率高。"),
];

const COMPOUNDS: &[&str] = &["润都荣园", "荣傲家园", "宋营新苑"];
const PLACES: &[&str] =
    &["南门广场", "北门", "地下车库", "小区花园", "中心广场", "东侧步道", "3号楼前空地", "儿童游乐场"];
const OPEN_AIR: &[&str] = &["南门广场", "中心广场", "小区花园", "东侧步道", "3号楼前空地", "儿童游乐场"];
const SQUARES: &[&str] = &["南门广场", "中心广场"];
const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
const GIVEN: &[&str] = &[
    "建国", "秀英", "桂兰", "志强", "丽华", "涵", "彩萍", "文博", "淑珍", "子坤", "海燕", "明", "玉梅", "国庆", "晓东",
    "静",
];

fn pick<'a, T>(rng: &mut SmallRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// Builds `count` demo cases received over the two years before `now`, oldest first.
pub fn generate(
    count: usize,
    seed: u64,
    now: DateTime<Utc>,
    category_ids: &[(String, i64)],
) -> Vec<(NewCase, CaseStatus)> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let span = Duration::days(730).num_seconds();
    let mut offsets: Vec<i64> = (0..count).map(|_| rng.random_range(60..span)).collect();
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    offsets
        .into_iter()
        .map(|back| {
            let (category, title, description) = *pick(&mut rng, TEMPLATES);
            let building = rng.random_range(1..=4u32);
            let entrance = rng.random_range(1..=6u32);
            let any_place = *pick(&mut rng, PLACES);
            let place = if title.contains("{s}") {
                *pick(&mut rng, SQUARES)
            } else if title.contains("{q}") {
                *pick(&mut rng, OPEN_AIR)
            } else {
                any_place
            };
            let b = format!("{building}号楼{entrance}单元");
            let fill = |t: &str| t.replace("{b}", &b).replace("{p}", place).replace("{q}", place).replace("{s}", place);
            let uses_place = ["{p}", "{q}", "{s}"].iter().any(|m| title.contains(m) || description.contains(m));
            let channel = match rng.random_range(0..100) {
                0..30 => Channel::Visit,
                30..50 => Channel::SuggestionBox,
                50..70 => Channel::Phone,
                70..82 => Channel::WeChat,
                82..87 => Channel::LiveStream,
                87..95 => Channel::Hotline12345,
                _ => Channel::GridPatrol,
            };
            let anonymous = channel == Channel::SuggestionBox && rng.random_bool(0.6);
            let resident_name = (!anonymous).then(|| format!("{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN)));
            let phone = (!anonymous && rng.random_bool(0.8))
                .then(|| format!("1{}{:09}", rng.random_range(3..=9u32), rng.random_range(0..1_000_000_000u64)));
            let age_days = back / 86_400;
            let status = match (age_days, rng.random_range(0..100)) {
                (0..3, 0..70) => CaseStatus::Accepted,
                (0..3, _) => CaseStatus::Investigating,
                (3..15, 0..15) => CaseStatus::Investigating,
                (3..15, 15..50) => CaseStatus::InProgress,
                (3..15, 50..75) => CaseStatus::Resolved,
                (3..15, _) => CaseStatus::FollowedUp,
                (_, 0..3) => CaseStatus::OnHold,
                (_, 3..6) => CaseStatus::Referred,
                (_, 6..9) => CaseStatus::Duplicate,
                (_, 9..25) => CaseStatus::FollowedUp,
                (_, 25..30) => CaseStatus::Resolved,
                _ => CaseStatus::Closed,
            };
            let input = NewCase {
                channel,
                resident_name,
                phone,
                address: Address {
                    compound: Some((*pick(&mut rng, COMPOUNDS)).to_owned()),
                    building: (!uses_place).then(|| building.to_string()),
                    entrance: (!uses_place).then(|| entrance.to_string()),
                    room: (!uses_place && rng.random_bool(0.5))
                        .then(|| format!("{}0{}", rng.random_range(1..=18u32), rng.random_range(1..=4u32))),
                    place: uses_place.then(|| place.to_owned()),
                },
                category_id: category_ids.iter().find(|(n, _)| n == category).map(|(_, id)| *id),
                title: fill(title),
                description: Some(fill(description)),
                received_at: Some(now - Duration::seconds(back)),
                ..NewCase::default()
            };
            (input, status)
        })
        .collect()
}

/// The workflow columns a demo case at `status` plausibly has: deadlines from the
/// built-in limits, a response mostly within its limit (a call, or an anonymous note's
/// first step), 办结 within about a week (some late).
fn demo_flow(
    c: &ValidCase,
    status: CaseStatus,
    category: Option<&str>,
    now: DateTime<Utc>,
    rng: &mut SmallRng,
) -> Flow {
    use CaseStatus::*;
    let limits = default_limits(category, c.urgency);
    let calendar = Calendar::default();
    let received = c.received_at;
    let mut f = Flow {
        respond_due_at: Some(calendar.due(received, limits.respond)),
        resolve_due_at: Some(calendar.due(received, limits.resolve)),
        ..Flow::default()
    };
    let capped = |t: DateTime<Utc>| t.min(now);
    // A resident with a phone is called within a day or two (often still at 受理); an
    // anonymous note is answered by its first step out of 受理 (the rule is the model's).
    // Most within the respond limit, some after it.
    let due = f.respond_due_at.unwrap_or(received + Duration::hours(24));
    let window = (due - received).num_minutes().max(30);
    let first = if rng.random_bool(0.9) {
        received + Duration::minutes(rng.random_range(10..window))
    } else {
        due + Duration::minutes(rng.random_range(10..36 * 60))
    };
    let called_early = !anonymous(c.phone.as_deref()) && rng.random_bool(0.6) && first <= now;
    if status != Accepted || called_early {
        f.responded_at = Some(capped(first));
    }
    if matches!(status, Resolved | FollowedUp | Closed) {
        let resolved = capped(received + Duration::hours(rng.random_range(4..10 * 24)));
        f.resolved_at = Some(resolved);
        f.resolution = Some("已会同物业现场处理完毕，并拍照留存。".to_owned());
        if status == Closed {
            f.closed_at = Some(capped(resolved + Duration::days(3)));
        }
    }
    match status {
        OnHold => {
            f.hold_reason = Some("等待开发商出具施工方案".to_owned());
            f.hold_until = Some((now + Duration::days(14)).date_naive());
            f.held_since = Some(capped(received + Duration::days(3)));
            f.status_before_hold = Some(InProgress.code());
        }
        Referred => f.referred_to = Some("区住建局".to_owned()),
        _ => {}
    }
    f
}

/// The most demo cases one load writes: the largest benchmark size. Beyond it a load
/// only exhausts memory and disk (`--cases 4294967296` once tried to allocate 1.9 TB).
pub const MAX_DEMO_CASES: usize = 1_000_000;

/// The name the demo loader writes in the audit columns of what it creates, so a
/// station's own records can be told from demo ones.
pub const DEMO_STAFF_NAME: &str = "演示数据";

/// Fills the store with `count` demo cases; returns how many were written. Cases past
/// 办结 get a follow-up call: mostly 满意, some 基本满意, a few 不满意.
///
/// Everything is written in one transaction, so a load that is killed or fails leaves
/// nothing behind. A database that already holds a station's own records (cases not
/// written by the demo loader, events, meetings, errands) is refused unless `force`:
/// demo cases would mix into its register and its reported figures.
pub async fn load(store: &Store, actor: &Actor, count: usize, seed: u64, force: bool) -> Result<usize> {
    actor.require(Action::Import)?;
    if count > MAX_DEMO_CASES {
        return Err(CoreError::invalid(
            "cases",
            format!("演示诉求一次最多 {MAX_DEMO_CASES} 条（收到 {count} 条），请减少 --cases"),
        ));
    }
    // The check and the load share one transaction, so nothing is entered in between;
    // it comes first, so a refusal costs no generating.
    let demo = Actor { staff_id: None, staff_name: DEMO_STAFF_NAME.to_owned(), ..actor.clone() };
    let mut w = store.begin_write(&demo).await?;
    let real = w.real_record_count(DEMO_STAFF_NAME).await?;
    if real > 0 && !force {
        return Err(CoreError::Conflict(format!(
            "这个数据库已有本站录入的 {real} 条记录，演示数据会混入台账和统计，未写入任何数据；\
             请换一个新的数据库（--db 新文件路径），确需写入时加 --force"
        )));
    }
    let categories: Vec<(String, i64)> =
        station::categories(store, actor.station_id).await?.into_iter().map(|c| (c.name, c.id)).collect();
    let now = Utc::now();
    let mut rng = SmallRng::seed_from_u64(seed.wrapping_add(1));
    let mut valid = Vec::with_capacity(count);
    for (input, status) in generate(count, seed, now, &categories) {
        let v = validate(input, now)?;
        let category = v.category_id.and_then(|id| categories.iter().find(|(_, c)| *c == id)).map(|(n, _)| n.as_str());
        let flow = demo_flow(&v, status, category, now, &mut rng);
        valid.push((v, status, flow));
    }
    for batch in valid.chunks(10_000) {
        w.insert_cases_bulk(batch).await?;
    }
    w.demo_first_steps().await?;
    w.demo_follow_ups().await?;
    w.commit().await?;
    Ok(valid.len())
}
