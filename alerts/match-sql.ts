/**
 * Whether a resident's active subscriptions match an announcement, as a SQL condition (used when
 * deliveries are planned, when recipients are previewed, and when a resident unsubscribes). A
 * recommendation needs the `recommendations` topic; an announcement needs `all`, one of its topics
 * (any, when it names none) or its area; and a resident who chose areas gets area-bound
 * announcements only for those. Written out rather than as a SQL function: PostgreSQL does not
 * inline a function with subqueries, and calling one per resident is ten times slower.
 *
 * @param a alias of the alert_announcements row
 * @param channel SQL expression of the resident's channel id
 * @param user SQL expression of the resident's user id
 */
export function subscribedSql(a: string, channel: string, user: string): string {
  const active = (alias: string) => `${alias}.channel_id = ${channel} AND ${alias}.user_id = ${user} AND ${alias}.status = 'active'`;
  return `(
    (${a}.kind = 'recommendation' AND EXISTS (SELECT 1 FROM alert_subscriptions m WHERE ${active('m')} AND m.topic = 'recommendations'))
    OR (${a}.kind <> 'recommendation'
        AND EXISTS (SELECT 1 FROM alert_subscriptions m WHERE ${active('m')} AND m.topic <> 'recommendations'
                      AND (m.topic = 'all' OR cardinality(${a}.topics) = 0 OR m.topic = ANY (${a}.topics) OR (${a}.area IS NOT NULL AND m.topic = 'area:' || ${a}.area)))
        AND (${a}.area IS NULL
             OR NOT EXISTS (SELECT 1 FROM alert_subscriptions m WHERE ${active('m')} AND m.topic LIKE 'area:%')
             OR EXISTS (SELECT 1 FROM alert_subscriptions m WHERE ${active('m')} AND m.topic = 'area:' || ${a}.area))))`;
}
