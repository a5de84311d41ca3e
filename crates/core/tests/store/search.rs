use stationdesk_core::cases::{self, Address, CaseQuery};

use crate::{Fixture, case};

async fn titles(f: &Fixture, text: &str) -> Vec<String> {
    let q = CaseQuery { text: Some(text.to_owned()), page_size: 50, ..CaseQuery::default() };
    let mut t: Vec<String> = cases::list(&f.store, f.actor.station_id, &q)
        .await
        .expect("search")
        .items
        .into_iter()
        .map(|r| r.title)
        .collect();
    t.sort();
    t
}

async fn seeded() -> Fixture {
    let f = Fixture::new().await;
    let mut square = case("南门广场路面坑洼", "雨后路面积水严重，老人出行不便");
    square.resident_name = Some("刘涵".into());
    square.address = Address { place: Some("南门广场".into()), ..Address::default() };
    cases::create(&f.store, &f.actor, square).await.expect("create");
    cases::create(&f.store, &f.actor, case("地库楼梯台阶过多", "1-4号楼到地下车库要上8级台阶再下8级"))
        .await
        .expect("create");
    cases::create(&f.store, &f.actor, case("夜间广场舞噪音大", "晚上九点以后音乐声很大")).await.expect("create");
    let mut phone = case("楼道灯不亮", "3号楼2单元楼梯间感应灯坏了");
    phone.phone = Some("13912345678".into());
    cases::create(&f.store, &f.actor, phone).await.expect("create");
    cases::create(&f.store, &f.actor, case("积分兑换咨询", "水电费能否用积分抵扣")).await.expect("create");
    f
}

#[tokio::test]
async fn one_character_queries_find_every_case_containing_it() {
    let f = seeded().await;
    assert_eq!(titles(&f, "噪").await, ["夜间广场舞噪音大"]);
    assert_eq!(titles(&f, "灯").await, ["楼道灯不亮"]);
    assert_eq!(titles(&f, "水").await, ["南门广场路面坑洼", "积分兑换咨询"]);
}

#[tokio::test]
async fn two_character_queries_match_the_word_not_its_characters_apart() {
    let f = seeded().await;
    assert_eq!(titles(&f, "积水").await, ["南门广场路面坑洼"], "积分…水电 must not match 积水");
    assert_eq!(titles(&f, "楼梯").await, ["地库楼梯台阶过多", "楼道灯不亮"]);
    assert_eq!(titles(&f, "刘涵").await, ["南门广场路面坑洼"], "resident names are searchable");
}

#[tokio::test]
async fn three_and_five_character_queries_match_exact_substrings() {
    let f = seeded().await;
    assert_eq!(titles(&f, "广场舞").await, ["夜间广场舞噪音大"]);
    assert_eq!(titles(&f, "路面积水严").await, ["南门广场路面坑洼"]);
    assert!(titles(&f, "广场积水").await.is_empty(), "pairs present but not adjacent must not match");
}

#[tokio::test]
async fn digits_words_and_punctuation_in_queries() {
    let f = seeded().await;
    assert_eq!(titles(&f, "5678").await, ["楼道灯不亮"], "part of a phone number");
    assert_eq!(titles(&f, "8级").await, ["地库楼梯台阶过多"]);
    assert_eq!(titles(&f, "广场 噪音").await, ["夜间广场舞噪音大"], "several words must all occur");
    assert_eq!(titles(&f, "“积水”").await, ["南门广场路面坑洼"], "quotes are ignored");
    assert_eq!(titles(&f, "，。").await.len(), 5, "nothing searchable means no text filter");
    assert!(titles(&f, "地铁").await.is_empty());
}

#[tokio::test]
async fn totals_of_very_common_words_stop_at_the_cap() {
    let f = Fixture::new().await;
    let actor = f.actor.clone();
    stationdesk_core::demo::load(&f.store, &actor, 12_000, 3, false).await.expect("demo");
    // Every case number starts with the station code, so RA is in all 12 000.
    let q = CaseQuery { text: Some("RA".into()), page_size: 50, ..CaseQuery::default() };
    let page = cases::list(&f.store, f.actor.station_id, &q).await.expect("search");
    let exact = f.store.reference_like_count(f.actor.station_id, "RA").await.expect("like");
    assert!(exact > 10_000, "the fixture must exceed the cap: {exact}");
    assert!(page.total_capped && page.total == 10_000, "{} capped={}", page.total, page.total_capped);
    assert_eq!(page.items.len(), 50);

    let q = CaseQuery { text: Some("噪音".into()), page_size: 50, ..CaseQuery::default() };
    let page = cases::list(&f.store, f.actor.station_id, &q).await.expect("search");
    let exact = f.store.reference_like_count(f.actor.station_id, "噪音").await.expect("like");
    assert!(!page.total_capped);
    assert_eq!(i64::from(page.total), exact, "below the cap the total is exact");
}

/// The core builds the server's index entry itself (`search::pg_document`); entries the
/// server built with `sd_search_doc` before that stay in the index, so both must be the
/// same document, or old and new cases would be found differently.
#[tokio::test]
async fn the_cores_index_entry_is_the_one_the_server_built_before() {
    use sqlx::Connection;
    use stationdesk_core::{Location, search};
    let f = Fixture::new().await;
    let Location::Postgres(url) = &f.location else { return };
    let mut c = sqlx::PgConnection::connect(url.expose()).await.expect("connect");
    let long = "雨后路面积水严重，老人出行不便。".repeat(700);
    let texts: [&[&str]; 5] = [
        &["RA-2026-0001", "南门广场路面坑洼", "雨后积水，Ａ区３号楼", "刘涵", "13812341234"],
        &["", "a'b\\c", "“引号”和\u{3000}全角空格"],
        &["噪"],
        &[""],
        &[long.as_str(), "楼道感应灯"],
    ];
    for fields in texts {
        let text = search::index_text(fields.iter().copied());
        let tags = "station1 statusaccepted category3 channelsuggestionbox";
        let (same, built): (bool, String) =
            sqlx::query_as("SELECT sd_search_doc($1, $2, $3) = CAST($4 AS tsvector), CAST($4 AS tsvector)::text")
                .bind(&text.uni)
                .bind(&text.bi)
                .bind(tags)
                .bind(search::pg_document(&text, tags))
                .fetch_one(&mut c)
                .await
                .expect("compare");
        assert!(same, "{fields:?}: the core built {}", built.chars().take(200).collect::<String>());
    }
}
