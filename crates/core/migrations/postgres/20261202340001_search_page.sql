-- A page of search results and their count from one scan of the index. The register asked
-- twice before (the page through sd_search_newest/oldest, then sd_search_count), and each
-- visited every matching row: a four-character phrase's 2 900 hits on 100 000 cases were
-- read and rechecked twice.
--
-- Here the hits' keys are collected once, up to `cap` + 1 of them, through the GIN index;
-- the count is their number and the page is sorted from them in memory. Only when there
-- are more than `cap` hits (the register then shows "10000+") is the page asked of the
-- table in key order, where the newest hits of so common a word come first. (A single
-- query with `count(*) OVER ()` was tried: the planner costs its LIMIT as if it stopped
-- early, chose the key index with a filter, and read all 100 000 rows: 80 ms.)

CREATE FUNCTION sd_search_page(q tsquery, lim bigint, skip bigint, newest boolean, cap bigint)
    RETURNS TABLE (k bigint, total bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = public SET plan_cache_mode = force_custom_plan
    AS $$
DECLARE
    me bigint := sd_station();
    district boolean := sd_district();
    hits bigint[];
    n bigint;
BEGIN
    hits := ARRAY(SELECT h.search_key FROM case_search h
                  WHERE h.doc @@ q AND (district OR h.station_id = me) LIMIT cap + 1);
    n := cardinality(hits);
    IF n <= cap THEN
        IF newest THEN
            RETURN QUERY SELECT x.key, n FROM unnest(hits) AS x(key) ORDER BY x.key DESC LIMIT lim OFFSET skip;
        ELSE
            RETURN QUERY SELECT x.key, n FROM unnest(hits) AS x(key) ORDER BY x.key LIMIT lim OFFSET skip;
        END IF;
    ELSIF newest THEN
        RETURN QUERY SELECT h.search_key, n FROM case_search h
                     WHERE h.doc @@ q AND (district OR h.station_id = me)
                     ORDER BY h.search_key DESC LIMIT lim OFFSET skip;
    ELSE
        RETURN QUERY SELECT h.search_key, n FROM case_search h
                     WHERE h.doc @@ q AND (district OR h.station_id = me)
                     ORDER BY h.search_key LIMIT lim OFFSET skip;
    END IF;
END
$$;
