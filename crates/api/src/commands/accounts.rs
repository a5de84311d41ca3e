//! 设置 → 账号 and 修改密码: one-line calls into the core's account services.

use stationdesk_core::accounts::{self, NewAccount};
use stationdesk_core::station::Staff;

use crate::ctx::AppCtx;
use crate::error::AppResult;

pub async fn list_accounts(ctx: &AppCtx) -> AppResult<Vec<Staff>> {
    Ok(accounts::list(&ctx.store()?, &ctx.actor()?).await?)
}

pub async fn create_account(ctx: &AppCtx, input: NewAccount) -> AppResult<Staff> {
    Ok(accounts::create_account(&ctx.store()?, &ctx.actor()?, &input).await?)
}

pub async fn reset_password(ctx: &AppCtx, staff_id: i64, password: String) -> AppResult<()> {
    Ok(accounts::reset_password(&ctx.store()?, &ctx.actor()?, staff_id, &password).await?)
}

pub async fn set_account_disabled(ctx: &AppCtx, staff_id: i64, disabled: bool) -> AppResult<Staff> {
    Ok(accounts::disable_account(&ctx.store()?, &ctx.actor()?, staff_id, disabled).await?)
}

pub async fn change_own_password(ctx: &AppCtx, current: String, password: String) -> AppResult<()> {
    Ok(accounts::change_own_password(&ctx.store()?, &ctx.actor()?, &current, &password).await?)
}
