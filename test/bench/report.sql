-- The monthly report's aggregation (SPEC §7) for one community and month, as a clerk would type it
-- into the sqlite3 shell: the baseline of `hongwu report` in `npm run bench`. run.mjs sets
-- @community, @start and @end (UTC ISO bounds of the month in the database's time zone).
-- cohort: demands received in the month, cancelled ones excluded, as of the month's end; the resolve
-- deadline is the one the latest event before the end set (intake, or assign --due), else the current one
SELECT count(*) AS demands_received,
       sum(responded_at IS NOT NULL AND responded_at <= response_due_at AND responded_at < @end) AS response_on_time,
       sum((responded_at > response_due_at) OR ((responded_at IS NULL OR responded_at >= @end) AND response_due_at < @end)) AS response_late,
       sum(first_resolved_at IS NOT NULL AND first_resolved_at <= due AND first_resolved_at < @end) AS resolve_on_time,
       sum((first_resolved_at > due) OR ((first_resolved_at IS NULL OR first_resolved_at >= @end) AND due < @end)) AS resolve_late,
       sum(kind = 'complaint') AS complaints
  FROM (SELECT d.*, coalesce((SELECT e.due_at FROM demand_events e WHERE e.demand_id = d.id AND e.due_at IS NOT NULL AND e.at < @end
                              ORDER BY e.at DESC, e.id DESC LIMIT 1), d.resolve_due_at) AS due
          FROM demands d
         WHERE d.community_id = @community AND d.received_at >= @start AND d.received_at < @end AND d.cancelled_at IS NULL);
SELECT channel, count(*) FROM demands
 WHERE community_id = @community AND received_at >= @start AND received_at < @end AND cancelled_at IS NULL GROUP BY channel;
SELECT category, count(*) FROM demands
 WHERE community_id = @community AND received_at >= @start AND received_at < @end AND cancelled_at IS NULL GROUP BY category;
SELECT kind, count(*) FROM demands
 WHERE community_id = @community AND received_at >= @start AND received_at < @end AND cancelled_at IS NULL GROUP BY kind;
SELECT tier, count(*) FROM demands
 WHERE community_id = @community AND received_at >= @start AND received_at < @end AND cancelled_at IS NULL GROUP BY tier;
-- status at the month's end: the last event at or before it
SELECT sum(s IN ('resolved', 'closed')) AS closed_by_end FROM (
  SELECT (SELECT status_after FROM demand_events e WHERE e.demand_id = d.id AND e.at < @end ORDER BY e.at DESC, e.id DESC LIMIT 1) AS s
    FROM demands d
   WHERE d.community_id = @community AND d.received_at >= @start AND d.received_at < @end AND d.cancelled_at IS NULL);
-- resolved in the month (any cohort), disputes mediated, ratings
SELECT count(DISTINCT e.demand_id) AS demands_resolved,
       count(DISTINCT CASE WHEN d.kind = 'dispute' THEN e.demand_id END) AS disputes_resolved,
       count(DISTINCT CASE WHEN d.kind = 'dispute' AND e.outcome = 'mediated' THEN e.demand_id END) AS disputes_mediated
  FROM demand_events e JOIN demands d ON d.id = e.demand_id
 WHERE e.type = 'resolve' AND e.at >= @start AND e.at < @end AND d.community_id = @community;
SELECT rating, count(*) FROM (
  SELECT e.demand_id, e.rating, max(e.at) FROM demand_events e JOIN demands d ON d.id = e.demand_id
   WHERE e.type = 'rate' AND e.at >= @start AND e.at < @end AND d.community_id = @community GROUP BY e.demand_id)
 GROUP BY rating;
-- open and overdue at the month's end, any month, by the resolve deadline as of the end
SELECT count(*) AS open_overdue FROM demands d
 WHERE d.community_id = @community AND d.received_at < @end AND d.cancelled_at IS NULL
   AND (d.first_resolved_at IS NULL OR (SELECT status_after FROM demand_events e WHERE e.demand_id = d.id AND e.at < @end ORDER BY e.at DESC, e.id DESC LIMIT 1) IN ('open', 'assigned'))
   AND coalesce((SELECT e.due_at FROM demand_events e WHERE e.demand_id = d.id AND e.due_at IS NOT NULL AND e.at < @end
                 ORDER BY e.at DESC, e.id DESC LIMIT 1), d.resolve_due_at) < @end;
-- complaints a year earlier: run.mjs sets @start_ly and @end_ly
SELECT count(*) AS complaints_last_year FROM demands
 WHERE community_id = @community AND received_at >= @start_ly AND received_at < @end_ly AND cancelled_at IS NULL AND kind = 'complaint';
