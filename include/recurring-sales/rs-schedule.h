/* rs-schedule.h: the date engine — issue dates, expiry, notice deadline, renewal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pure functions on GDate; no time zones are involved. The rules:
 *  - issue date k is computed from the start S, never from the previous date: S + k·n days
 *    (·7 for weeks), or for months and years the day of month of S in the target month,
 *    clamped to that month's last day (no ratchet: after February the 31st comes back);
 *  - a term ends at an inclusive expiry date E, after exactly N issue dates (E is the day
 *    before issue date N), after a length (E = S + length − 1 day, clamped), or never;
 *  - the notice deadline is E − notice days;
 *  - a renewal's first issue date is the first date of the old schedule after E.
 */
#pragma once

#include <glib.h>
#include <recurring-sales/rs-period.h>

G_BEGIN_DECLS

/* Issue dates never go past this year, whatever the term says. */
#define RS_SCHEDULE_LAST_YEAR 9999
#define RS_SCHEDULE_MAX_COUNT 100000

typedef struct {
  GDate      start;
  RsPeriod   period;
  /* 0, or for month- and year-based periods the day of month (29–31) that issue dates aim for
   * when the start itself was clamped to a month end: a renewal of a sale started on the 31st
   * that begins on 28 February still continues on 31 March. */
  guint      anchor_day;
  RsTermKind term_kind;
  GDate      until;        /* RS_TERM_UNTIL: the inclusive expiry date */
  guint      count;        /* RS_TERM_COUNT: number of issue dates */
  RsPeriod   term_length;  /* RS_TERM_LENGTH */
} RsSchedule;

/* Checks the combination (start valid, period count ≥ 1, expiry not before start, count 1–100000…). */
gboolean rs_schedule_validate            (const RsSchedule *schedule,
                                          GError          **error);
/* @date + @n periods, clamped to the month end for months and years; FALSE past year 9999. */
gboolean rs_schedule_add_periods         (const GDate      *date,
                                          const RsPeriod   *period,
                                          guint64           n,
                                          GDate            *out_date);
/* Issue date k of the series, ignoring the term end; FALSE only past year 9999. */
gboolean rs_schedule_nth_date            (const RsSchedule *schedule,
                                          guint64           k,
                                          GDate            *out_date);
/* Issue date k within the term; FALSE when the term has ended by then. */
gboolean rs_schedule_issue_date          (const RsSchedule *schedule,
                                          guint64           k,
                                          GDate            *out_date);
/* The inclusive expiry date E; FALSE for an open-ended sale. */
gboolean rs_schedule_expiry_date         (const RsSchedule *schedule,
                                          GDate            *out_date);
/* How many issue dates the term holds; G_MAXUINT64 when open-ended. */
guint64  rs_schedule_n_issues            (const RsSchedule *schedule);
/* The first issue date ≥ @day within the term, and its index; FALSE when none. */
gboolean rs_schedule_next_issue_on_or_after (const RsSchedule *schedule,
                                             const GDate      *day,
                                             GDate            *out_date,
                                             guint64          *out_index);
/* E − @notice_days. Errors when there is no expiry or the deadline falls before the start. */
gboolean rs_schedule_notice_deadline     (const RsSchedule *schedule,
                                          guint             notice_days,
                                          GDate            *out_date,
                                          GError          **error);
/* The first date of the old schedule after E: where a renewal's schedule starts. */
gboolean rs_schedule_successor_start     (const RsSchedule *schedule,
                                          GDate            *out_date,
                                          GError          **error);
/* The successor's schedule: same period, same kind of term and length unless @new_term_length
 * is given; a count term keeps its count; an explicit expiry keeps the same term length. */
gboolean rs_schedule_renew               (const RsSchedule *schedule,
                                          const RsPeriod   *new_term_length,
                                          RsSchedule       *out_successor,
                                          GError          **error);
/* Appends (as GDate) every issue date in [@from, @to] within the term to @dates. */
void     rs_schedule_collect_issue_dates (const RsSchedule *schedule,
                                          const GDate      *from,
                                          const GDate      *to,
                                          GArray           *dates);

G_END_DECLS
