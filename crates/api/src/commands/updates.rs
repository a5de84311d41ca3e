//! 软件更新: where this computer looks for the district's new versions, and the check. The
//! desktop shell opens the installer's place (`desktop.rs`) only as the manifest names it.

use stationdesk_core::roles::Action;
use stationdesk_core::updates::{self, UpdateCheck, UpdateSource};

use crate::ctx::AppCtx;
use crate::error::AppResult;

/// Where this computer looks for new versions, and this program's version.
pub async fn update_source(ctx: &AppCtx) -> AppResult<UpdateSource> {
    ctx.actor()?;
    Ok(updates::source()?)
}

/// Keeps (站长) where this computer looks for new versions: a shared folder, a file, or an
/// `http://` address; none stops the checks.
pub async fn save_update_source(ctx: &AppCtx, source: Option<String>) -> AppResult<UpdateSource> {
    ctx.actor()?.require(Action::Settings)?;
    updates::save_source(source.as_deref())?;
    Ok(updates::source()?)
}

/// The district's manifest read now and compared with this version; none when no source is set.
pub async fn check_for_update(ctx: &AppCtx) -> AppResult<Option<UpdateCheck>> {
    ctx.actor()?;
    match updates::load_source()? {
        Some(source) => Ok(Some(updates::check(&source).await?)),
        None => Ok(None),
    }
}
