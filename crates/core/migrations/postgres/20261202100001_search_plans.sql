-- The search functions in PL/pgSQL instead of SQL. A SECURITY DEFINER SQL function is
-- never inlined and its body was planned once with the query as an unknown parameter: the
-- planner guessed a common gram rare and scanned the whole table (60 ms on 100 000 cases
-- where the GIN index answers in 2-13 ms). PL/pgSQL statements go through the plan cache,
-- and `plan_cache_mode = force_custom_plan` plans each call with its own query. The
-- station is looked up once per call, and the district's unfiltered read is a branch of
-- its own rather than an OR the planner cannot use.

CREATE OR REPLACE FUNCTION sd_search_newest(q tsquery, lim bigint, skip bigint) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = public SET plan_cache_mode = force_custom_plan
    AS $$
DECLARE
    me bigint := sd_station();
BEGIN
    IF sd_district() THEN
        RETURN QUERY SELECT search_key FROM case_search WHERE doc @@ q
                     ORDER BY search_key DESC LIMIT lim OFFSET skip;
    ELSE
        RETURN QUERY SELECT search_key FROM case_search WHERE doc @@ q AND station_id = me
                     ORDER BY search_key DESC LIMIT lim OFFSET skip;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION sd_search_oldest(q tsquery, lim bigint, skip bigint) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = public SET plan_cache_mode = force_custom_plan
    AS $$
DECLARE
    me bigint := sd_station();
BEGIN
    IF sd_district() THEN
        RETURN QUERY SELECT search_key FROM case_search WHERE doc @@ q
                     ORDER BY search_key LIMIT lim OFFSET skip;
    ELSE
        RETURN QUERY SELECT search_key FROM case_search WHERE doc @@ q AND station_id = me
                     ORDER BY search_key LIMIT lim OFFSET skip;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION sd_search_count(q tsquery, cap bigint) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = public SET plan_cache_mode = force_custom_plan
    AS $$
DECLARE
    me bigint := sd_station();
    n bigint;
BEGIN
    IF sd_district() THEN
        SELECT count(*) INTO n FROM (SELECT FROM case_search WHERE doc @@ q LIMIT cap) AS hits;
    ELSE
        SELECT count(*) INTO n FROM (SELECT FROM case_search WHERE doc @@ q AND station_id = me LIMIT cap) AS hits;
    END IF;
    RETURN n;
END
$$;
