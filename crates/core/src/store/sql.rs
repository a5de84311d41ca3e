//! One query text for both backends.
//!
//! The store writes each query once, with `$n` (or anonymous `?`) placeholders, and runs
//! it through [`Q`] on whichever database is open: the embedded SQLite file or the
//! district's PostgreSQL server. Values are bound as [`Arg`]s, which keep their type even
//! when NULL, so PostgreSQL gets typed parameters. Where the dialects differ (dates,
//! JSON, the search index, ids of new rows) the query carries PostgreSQL's own text
//! ([`Q::pg`]). On PostgreSQL a batch of several statements runs statement by statement,
//! each with its own share of the parameters, inside the caller's transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgConnection, PgPool, PgRow};
use sqlx::sqlite::{SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{AssertSqlSafe, SqlSafeStr, SqlStr};

use super::{Db, Tx};

/// A bound value with its SQL type, NULL included.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    I64(Option<i64>),
    I32(Option<i32>),
    F64(Option<f64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Ts(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    Bytes(Option<Vec<u8>>),
}

/// A Rust value the store binds.
pub(crate) trait IntoArg {
    fn into_arg(self) -> Arg;
    /// NULL of this value's type.
    fn null() -> Arg;
}

macro_rules! into_arg {
    ($t:ty, $variant:ident, $conv:expr) => {
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                #[allow(clippy::redundant_closure_call)]
                Arg::$variant(Some($conv(self)))
            }
            fn null() -> Arg {
                Arg::$variant(None)
            }
        }
    };
}

into_arg!(i64, I64, |v| v);
into_arg!(&i64, I64, |v: &i64| *v);
into_arg!(i32, I32, |v| v);
into_arg!(u32, I64, i64::from);
into_arg!(f64, F64, |v| v);
into_arg!(bool, Bool, |v| v);
into_arg!(String, Text, |v| v);
into_arg!(&String, Text, |v: &String| v.clone());
into_arg!(&str, Text, |v: &str| v.to_owned());
into_arg!(DateTime<Utc>, Ts, |v| v);
into_arg!(&DateTime<Utc>, Ts, |v: &DateTime<Utc>| *v);
into_arg!(NaiveDate, Date, |v| v);
into_arg!(Vec<u8>, Bytes, |v| v);
into_arg!(&[u8], Bytes, |v: &[u8]| v.to_vec());

macro_rules! ref_option_arg {
    ($t:ty, $variant:ident) => {
        impl IntoArg for &Option<$t> {
            fn into_arg(self) -> Arg {
                Arg::$variant(self.clone())
            }
            fn null() -> Arg {
                Arg::$variant(None)
            }
        }
    };
}

ref_option_arg!(i64, I64);
ref_option_arg!(String, Text);
ref_option_arg!(DateTime<Utc>, Ts);
ref_option_arg!(NaiveDate, Date);
ref_option_arg!(bool, Bool);

impl<T: IntoArg> IntoArg for Option<T> {
    fn into_arg(self) -> Arg {
        match self {
            Some(v) => v.into_arg(),
            None => T::null(),
        }
    }
    fn null() -> Arg {
        T::null()
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
    fn null() -> Arg {
        Arg::Text(None)
    }
}

/// Where a query runs: a pool (one statement, or its own transaction for a batch) or
/// the connection of an open transaction.
#[derive(Debug)]
pub(crate) enum On<'e> {
    SqlitePool(&'e SqlitePool),
    PgPool(&'e PgPool),
    Sqlite(&'e mut SqliteConnection),
    Pg(&'e mut PgConnection),
}

impl<'e> From<&'e super::Store> for On<'e> {
    fn from(store: &'e super::Store) -> Self {
        match &store.db {
            Db::Sqlite(pool) => On::SqlitePool(pool),
            Db::Postgres(pool) => On::PgPool(pool),
        }
    }
}

impl<'e> From<&'e SqlitePool> for On<'e> {
    fn from(pool: &'e SqlitePool) -> Self {
        On::SqlitePool(pool)
    }
}

impl<'e> From<&'e PgPool> for On<'e> {
    fn from(pool: &'e PgPool) -> Self {
        On::PgPool(pool)
    }
}

impl<'e> From<&'e mut PgConnection> for On<'e> {
    fn from(c: &'e mut PgConnection) -> Self {
        On::Pg(c)
    }
}

impl<'e> From<&'e mut SqliteConnection> for On<'e> {
    fn from(c: &'e mut SqliteConnection) -> Self {
        On::Sqlite(c)
    }
}

impl<'e> From<&'e mut Tx> for On<'e> {
    fn from(tx: &'e mut Tx) -> Self {
        match tx {
            Tx::Sqlite(t) => On::Sqlite(t),
            Tx::Postgres(t) => On::Pg(t),
        }
    }
}

/// A row type both backends can decode.
pub(crate) trait AnyRow:
    for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> AnyRow for T where T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}

/// A query with its parameters, run on either backend.
#[derive(Debug)]
pub(crate) struct Q {
    sql: SqlStr,
    pg: Option<SqlStr>,
    args: Vec<Arg>,
    together: bool,
}

/// Starts a query; `sql` is a `&'static str` or `AssertSqlSafe(text built from fixed fragments)`.
pub(crate) fn q(sql: impl SqlSafeStr) -> Q {
    Q { sql: sql.into_sql_str(), pg: None, args: Vec::new(), together: false }
}

/// [`q`], for functions where `q` names something else.
pub(crate) fn query(sql: impl SqlSafeStr) -> Q {
    q(sql)
}

type Result<T> = std::result::Result<T, sqlx::Error>;

macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for a in $args {
            query = match a {
                Arg::I64(v) => query.bind(v),
                Arg::I32(v) => query.bind(v),
                Arg::F64(v) => query.bind(v),
                Arg::Bool(v) => query.bind(v),
                Arg::Text(v) => query.bind(v),
                Arg::Ts(v) => query.bind(v),
                Arg::Date(v) => query.bind(v),
                Arg::Bytes(v) => query.bind(v),
            };
        }
        query
    }};
}

/// A write with its parameters already converted for the backend it will run on, so that a
/// pipeline of writes converts the next one while the database runs this one.
pub(crate) enum Ready {
    Sqlite(sqlx::query::Query<'static, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>),
    Pg(Vec<(String, Vec<Arg>)>),
}

impl Ready {
    /// Runs the write in the transaction; the rows it changed.
    pub(crate) async fn execute(self, tx: &mut Tx) -> Result<u64> {
        match (self, tx) {
            (Ready::Sqlite(query), Tx::Sqlite(c)) => Ok(query.execute(&mut **c).await?.rows_affected()),
            (Ready::Pg(statements), Tx::Postgres(c)) => {
                let mut n = 0;
                for (sql, args) in statements {
                    n += bind_args!(sqlx::query::<sqlx::Postgres>(AssertSqlSafe(sql)), args)
                        .execute(&mut **c)
                        .await?
                        .rows_affected();
                }
                Ok(n)
            }
            _ => Err(sqlx::Error::Protocol("a write prepared for the other database".into())),
        }
    }
}

impl Q {
    /// This write's parameters converted for PostgreSQL (`pg`) or SQLite.
    pub(crate) fn ready(self, pg: bool) -> Ready {
        if pg { Ready::Pg(self.pg_statements()) } else { Ready::Sqlite(bind_args!(sqlx::query(self.sql), self.args)) }
    }

    /// PostgreSQL's own text for this query, with the same parameters.
    pub(crate) fn pg(mut self, sql: impl SqlSafeStr) -> Self {
        self.pg = Some(sql.into_sql_str());
        self
    }

    /// On PostgreSQL, sends a batch of writes as one statement of writable CTEs: one round
    /// trip instead of one per statement. Only for writes that are independent of each
    /// other — all of them see the database as it was before the batch, so no statement
    /// may read what another writes, and no row may be written twice — and never past the
    /// server's 65 535 parameters (then the batch goes statement by statement).
    pub(crate) fn pg_together(mut self) -> Self {
        self.together = true;
        self
    }

    pub(crate) fn bind(mut self, value: impl IntoArg) -> Self {
        self.args.push(value.into_arg());
        self
    }

    pub(crate) fn bind_all(mut self, values: impl IntoIterator<Item = Arg>) -> Self {
        self.args.extend(values);
        self
    }

    /// The PostgreSQL statements of this query, each with its own parameters numbered from 1.
    fn pg_statements(&self) -> Vec<(String, Vec<Arg>)> {
        let text = self.pg.as_ref().unwrap_or(&self.sql).as_str();
        let numbered = number_anonymous(text);
        let statements = split_statements(&numbered);
        if self.together
            && self.args.len() <= PG_MAX_PARAMETERS
            && let Some((last, writes)) = statements.split_last()
            && !writes.is_empty()
        {
            let ctes: Vec<String> = writes.iter().enumerate().map(|(i, w)| format!("w{i} AS ({w})")).collect();
            let (sql, used) = renumber(&format!("WITH {} {last}", ctes.join(", ")));
            let args = used.iter().filter_map(|&n| self.args.get(n - 1).cloned()).collect();
            return vec![(sql, args)];
        }
        statements
            .into_iter()
            .map(|stmt| {
                let (sql, used) = renumber(stmt);
                let args = used.iter().filter_map(|&n| self.args.get(n - 1).cloned()).collect();
                (sql, args)
            })
            .collect()
    }

    pub(crate) async fn execute<'e>(self, on: impl Into<On<'e>>) -> Result<u64> {
        match on.into() {
            On::SqlitePool(p) => {
                Ok(bind_args!(sqlx::query::<sqlx::Sqlite>(self.sql), self.args).execute(p).await?.rows_affected())
            }
            On::Sqlite(c) => {
                Ok(bind_args!(sqlx::query::<sqlx::Sqlite>(self.sql), self.args).execute(c).await?.rows_affected())
            }
            On::PgPool(p) => {
                let mut tx = p.begin().await?;
                let n = self.pg_execute(&mut tx).await?;
                tx.commit().await?;
                Ok(n)
            }
            On::Pg(c) => self.pg_execute(c).await,
        }
    }

    async fn pg_execute(self, c: &mut PgConnection) -> Result<u64> {
        let mut n = 0;
        for (sql, args) in self.pg_statements() {
            n += bind_args!(sqlx::query::<sqlx::Postgres>(AssertSqlSafe(sql)), args)
                .execute(&mut *c)
                .await?
                .rows_affected();
        }
        Ok(n)
    }

    /// Inserts one row and returns its new `id`: SQLite's rowid, PostgreSQL's `RETURNING id`.
    pub(crate) async fn insert_id<'e>(self, on: impl Into<On<'e>>) -> Result<i64> {
        match on.into() {
            On::SqlitePool(p) => {
                Ok(bind_args!(sqlx::query::<sqlx::Sqlite>(self.sql), self.args).execute(p).await?.last_insert_rowid())
            }
            On::Sqlite(c) => {
                Ok(bind_args!(sqlx::query::<sqlx::Sqlite>(self.sql), self.args).execute(c).await?.last_insert_rowid())
            }
            on => {
                let sql = format!("{} RETURNING id", self.pg.as_ref().unwrap_or(&self.sql).as_str());
                let (id,): (i64,) =
                    Q { sql: AssertSqlSafe(sql).into_sql_str(), pg: None, args: self.args, together: false }
                        .fetch_one(on)
                        .await?;
                Ok(id)
            }
        }
    }

    pub(crate) async fn fetch_all<'e, T: AnyRow>(self, on: impl Into<On<'e>>) -> Result<Vec<T>> {
        match on.into() {
            On::SqlitePool(p) => bind_args!(sqlx::query_as::<sqlx::Sqlite, T>(self.sql), self.args).fetch_all(p).await,
            On::Sqlite(c) => bind_args!(sqlx::query_as::<sqlx::Sqlite, T>(self.sql), self.args).fetch_all(c).await,
            On::PgPool(p) => {
                let statements = self.pg_statements();
                if statements.len() == 1 {
                    let Some((sql, args)) = statements.into_iter().next() else { return Ok(Vec::new()) };
                    return bind_args!(sqlx::query_as::<sqlx::Postgres, T>(AssertSqlSafe(sql)), args)
                        .fetch_all(p)
                        .await;
                }
                let mut tx = p.begin().await?;
                let rows = pg_fetch_all(&mut tx, statements).await?;
                tx.commit().await?;
                Ok(rows)
            }
            On::Pg(c) => pg_fetch_all(c, self.pg_statements()).await,
        }
    }

    /// [`Q::fetch_all`] for reads of many rows: on SQLite the rows come back packed into
    /// one JSON array (`columns` is how many the query selects; `T` takes them by place, and
    /// the rows' order is not kept). sqlx hands every row from SQLite's worker thread to the
    /// caller on its own, a few microseconds each, and the year's rates read some 4 000
    /// rows: 20–26 ms, of which the SQL was 12. On PostgreSQL rows already arrive together,
    /// so it is `fetch_all`.
    pub(crate) async fn fetch_packed<'e, T>(self, on: impl Into<On<'e>>, columns: usize) -> Result<Vec<T>>
    where
        T: AnyRow + serde::de::DeserializeOwned,
    {
        let on = on.into();
        let pool = match on {
            On::SqlitePool(p) => p,
            on => return self.fetch_all(on).await,
        };
        let names = (0..columns).map(|i| format!("c{i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "WITH packed ({names}) AS ({}) SELECT json_group_array(json_array({names})) FROM packed",
            self.sql.as_str()
        );
        let (json,): (String,) = bind_args!(sqlx::query_as::<sqlx::Sqlite, (String,)>(AssertSqlSafe(sql)), self.args)
            .fetch_one(pool)
            .await?;
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
    }

    pub(crate) async fn fetch_optional<'e, T: AnyRow>(self, on: impl Into<On<'e>>) -> Result<Option<T>> {
        Ok(self.fetch_all(on).await?.into_iter().next())
    }

    pub(crate) async fn fetch_one<'e, T: AnyRow>(self, on: impl Into<On<'e>>) -> Result<T> {
        self.fetch_optional(on).await?.ok_or(sqlx::Error::RowNotFound)
    }
}

/// A boolean in a packed row: SQLite's JSON has its booleans as 0 and 1.
pub(crate) fn sql_bool<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<bool, D::Error> {
    Ok(sql_opt_bool(d)?.unwrap_or(false))
}

/// [`sql_bool`] for a column that may be NULL.
pub(crate) fn sql_opt_bool<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<bool>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Int(i64),
    }
    Ok(<Option<B> as serde::Deserialize>::deserialize(d)?.map(|b| match b {
        B::Bool(b) => b,
        B::Int(n) => n != 0,
    }))
}

/// The most parameters one PostgreSQL statement may carry.
const PG_MAX_PARAMETERS: usize = 65_535;

/// Runs every statement but the last for its effect and returns the last one's rows.
async fn pg_fetch_all<T: AnyRow>(c: &mut PgConnection, statements: Vec<(String, Vec<Arg>)>) -> Result<Vec<T>> {
    let last = statements.len().saturating_sub(1);
    let mut rows = Vec::new();
    for (i, (sql, args)) in statements.into_iter().enumerate() {
        if i == last {
            rows = bind_args!(sqlx::query_as::<sqlx::Postgres, T>(AssertSqlSafe(sql)), args).fetch_all(&mut *c).await?;
        } else {
            bind_args!(sqlx::query::<sqlx::Postgres>(AssertSqlSafe(sql)), args).execute(&mut *c).await?;
        }
    }
    Ok(rows)
}

/// Walks SQL text outside quotes and comments, calling `f` on each character's index.
fn outside_quotes(sql: &str, mut f: impl FnMut(usize, char)) {
    let mut quote: Option<char> = None;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        match quote {
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '\'' || ch == '"' => quote = Some(ch),
            None if ch == '-' && chars.peek().is_some_and(|&(_, c)| c == '-') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            None => f(i, ch),
        }
    }
}

/// Replaces anonymous `?` placeholders with `$1`, `$2`, … in order of appearance.
fn number_anonymous(sql: &str) -> String {
    let mut marks = Vec::new();
    outside_quotes(sql, |i, ch| {
        if ch == '?' {
            marks.push(i);
        }
    });
    if marks.is_empty() {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + marks.len() * 4);
    let mut last = 0;
    for (n, &i) in marks.iter().enumerate() {
        out.push_str(&sql[last..i]);
        out.push('$');
        out.push_str(&(n + 1).to_string());
        last = i + 1;
    }
    out.push_str(&sql[last..]);
    out
}

/// The statements of a batch, split at top-level semicolons, blanks left out.
fn split_statements(sql: &str) -> Vec<&str> {
    let mut cuts = Vec::new();
    outside_quotes(sql, |i, ch| {
        if ch == ';' {
            cuts.push(i);
        }
    });
    let mut out = Vec::new();
    let mut last = 0;
    for i in cuts.into_iter().chain(std::iter::once(sql.len())) {
        let stmt = sql[last..i].trim();
        if !stmt.is_empty() {
            out.push(stmt);
        }
        last = (i + 1).min(sql.len());
    }
    out
}

/// Numbers a statement's `$n` placeholders from 1 in order of first use; returns the new
/// text and, for each new number, the original one.
fn renumber(stmt: &str) -> (String, Vec<usize>) {
    let mut marks: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, original n)
    let bytes = stmt.as_bytes();
    outside_quotes(stmt, |i, ch| {
        if ch == '$' {
            let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0
                && let Ok(n) = stmt[i + 1..i + 1 + digits].parse::<usize>()
            {
                marks.push((i, i + 1 + digits, n));
            }
        }
    });
    let mut used: Vec<usize> = Vec::new();
    let mut out = String::with_capacity(stmt.len());
    let mut last = 0;
    for (start, end, n) in marks {
        let new = match used.iter().position(|&u| u == n) {
            Some(p) => p + 1,
            None => {
                used.push(n);
                used.len()
            }
        };
        out.push_str(&stmt[last..start]);
        out.push('$');
        out.push_str(&new.to_string());
        last = end;
    }
    out.push_str(&stmt[last..]);
    (out, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_splits_into_statements_with_their_own_parameters() {
        let query = q("INSERT INTO a VALUES ($1, $2); SELECT x FROM b WHERE y = $2 AND z = ';' AND w = $3")
            .bind(1_i64)
            .bind("two")
            .bind(3_i64);
        let statements = query.pg_statements();
        assert_eq!(statements.len(), 2);
        assert_eq!(statements[0].0, "INSERT INTO a VALUES ($1, $2)");
        assert_eq!(statements[1].0, "SELECT x FROM b WHERE y = $1 AND z = ';' AND w = $2");
        assert!(matches!(&statements[1].1[0], Arg::Text(Some(t)) if t == "two"));
        assert!(matches!(statements[1].1[1], Arg::I64(Some(3))));
    }

    #[test]
    fn independent_writes_go_together_as_one_statement() {
        let query = q("INSERT INTO a VALUES (?, ?); INSERT INTO b VALUES (?);\n INSERT INTO c VALUES (?, ?);")
            .bind(1_i64)
            .bind(2_i64)
            .bind("three")
            .bind(4_i64)
            .bind(5_i64)
            .pg_together();
        let statements = query.pg_statements();
        assert_eq!(statements.len(), 1);
        assert_eq!(
            statements[0].0,
            "WITH w0 AS (INSERT INTO a VALUES ($1, $2)), w1 AS (INSERT INTO b VALUES ($3)) INSERT INTO c VALUES ($4, $5)"
        );
        assert!(matches!(&statements[0].1[2], Arg::Text(Some(t)) if t == "three"));
        assert_eq!(statements[0].1.len(), 5);
        // Past the server's limit the batch is sent statement by statement.
        let mut big = q("INSERT INTO a VALUES (?); INSERT INTO b VALUES (?)").pg_together();
        big.args = vec![Arg::I64(Some(1)); PG_MAX_PARAMETERS + 1];
        assert_eq!(big.pg_statements().len(), 2);
    }

    #[test]
    fn anonymous_placeholders_are_numbered_in_order() {
        assert_eq!(number_anonymous("VALUES (?, ?), ('?', ?)"), "VALUES ($1, $2), ('?', $3)");
        let query = q("INSERT INTO a VALUES (?, ?); INSERT INTO b VALUES (?)").bind(1_i64).bind(2_i64).bind(3_i64);
        let statements = query.pg_statements();
        assert_eq!(statements[1].0, "INSERT INTO b VALUES ($1)");
        assert!(matches!(statements[1].1[0], Arg::I64(Some(3))));
    }
}
