/* rs-schedule.c: the date engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every date is computed from the start date, never from the previous issue date: that is what
 * keeps 31 January monthly on the 31st after February (no "ratchet" to the 28th), and what
 * lets any issue date be found in constant time.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-schedule.h>

static guint64
period_days (const RsPeriod *period)
{
  return period->unit == RS_PERIOD_UNIT_WEEK ? (guint64) period->count * 7 : period->count;
}

static gboolean
period_is_monthly (const RsPeriod *period)
{
  return period->unit == RS_PERIOD_UNIT_MONTH || period->unit == RS_PERIOD_UNIT_YEAR;
}

static guint64
period_months (const RsPeriod *period)
{
  return period->unit == RS_PERIOD_UNIT_YEAR ? (guint64) period->count * 12 : period->count;
}

static gboolean add_periods_aiming (const GDate *date, guint aimed_day, const RsPeriod *period,
                                    guint64 n, GDate *out_date);

gboolean
rs_schedule_add_periods (const GDate    *date,
                         const RsPeriod *period,
                         guint64         n,
                         GDate          *out_date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return add_periods_aiming (date, g_date_get_day (date), period, n, out_date);
}

static guint
schedule_anchor_day (const RsSchedule *schedule)
{
  return schedule->anchor_day != 0 ? schedule->anchor_day : g_date_get_day (&schedule->start);
}

static gboolean
add_periods_aiming (const GDate    *date,
                    guint           aimed_day,
                    const RsPeriod *period,
                    guint64         n,
                    GDate          *out_date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (period != NULL && period->count >= 1, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  if (period_is_monthly (period))
    {
      guint64 month_index, months;
      guint year, month, day, last_day;

      months = period_months (period);
      if (n > (guint64) RS_SCHEDULE_LAST_YEAR * 12 / months)
        return FALSE;

      month_index = (guint64) g_date_get_year (date) * 12 + (g_date_get_month (date) - 1) + n * months;
      year = (guint) (month_index / 12);
      month = (guint) (month_index % 12) + 1;
      if (year > RS_SCHEDULE_LAST_YEAR)
        return FALSE;

      /* Clamp to the month's last day, from the start's day each time: no ratchet. */
      day = aimed_day;
      last_day = rs_date_days_in_month (year, month);
      g_date_clear (out_date, 1);
      g_date_set_dmy (out_date, (GDateDay) MIN (day, last_day), (GDateMonth) month, (GDateYear) year);
      return TRUE;
    }
  else
    {
      guint64 julian, days;
      GDate last;

      days = period_days (period);
      g_date_clear (&last, 1);
      g_date_set_dmy (&last, 31, G_DATE_DECEMBER, RS_SCHEDULE_LAST_YEAR);
      if (n > (guint64) g_date_get_julian (&last) / days)
        return FALSE;

      julian = g_date_get_julian (date) + n * days;
      if (julian > g_date_get_julian (&last))
        return FALSE;

      g_date_clear (out_date, 1);
      g_date_set_julian (out_date, (guint32) julian);
      return TRUE;
    }
}

gboolean
rs_schedule_nth_date (const RsSchedule *schedule,
                      guint64           k,
                      GDate            *out_date)
{
  g_return_val_if_fail (schedule != NULL, FALSE);

  return add_periods_aiming (&schedule->start, schedule_anchor_day (schedule), &schedule->period,
                             k, out_date);
}

/* E for a term given as a length: start + length − 1 day, clamped like issue dates and aiming
 * for the same day of month (a renewal that starts on 28 February but belongs to a series on
 * the 31st runs to 30 March, so that the next renewal starts on 31 March: no gap). */
static gboolean
expiry_from_length (const RsSchedule *schedule,
                    GDate            *out_date)
{
  if (!add_periods_aiming (&schedule->start, schedule_anchor_day (schedule), &schedule->term_length,
                           1, out_date))
    return FALSE;
  g_date_subtract_days (out_date, 1);
  return TRUE;
}

gboolean
rs_schedule_expiry_date (const RsSchedule *schedule,
                         GDate            *out_date)
{
  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  switch (schedule->term_kind)
    {
    case RS_TERM_OPEN:
      return FALSE;
    case RS_TERM_UNTIL:
      *out_date = schedule->until;
      return g_date_valid (out_date);
    case RS_TERM_COUNT:
      /* The day before issue date N: the last period is paid for up to then. */
      if (schedule->count < 1 || !rs_schedule_nth_date (schedule, schedule->count, out_date))
        return FALSE;
      g_date_subtract_days (out_date, 1);
      return TRUE;
    case RS_TERM_LENGTH:
      return expiry_from_length (schedule, out_date);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* The number of issue dates on or before @day (the index of the first one after it). */
static guint64
count_dates_until (const RsSchedule *schedule,
                   const GDate      *day)
{
  gint64 diff = (gint64) g_date_get_julian (day) - (gint64) g_date_get_julian (&schedule->start);
  guint64 k;
  GDate date;

  if (diff < 0)
    return 0;

  if (period_is_monthly (&schedule->period))
    {
      gint64 month_diff = ((gint64) g_date_get_year (day) * 12 + g_date_get_month (day)) -
                          ((gint64) g_date_get_year (&schedule->start) * 12 +
                           g_date_get_month (&schedule->start));
      k = (guint64) (month_diff / (gint64) period_months (&schedule->period));
    }
  else
    {
      k = (guint64) diff / period_days (&schedule->period);
    }

  /* k is exact for days and weeks, and at most one too high for months (the clamped day of
   * the target month may fall after @day). */
  while (k > 0 && (!rs_schedule_nth_date (schedule, k, &date) || g_date_compare (&date, day) > 0))
    k--;

  return k + 1;
}

guint64
rs_schedule_n_issues (const RsSchedule *schedule)
{
  GDate expiry;

  g_return_val_if_fail (schedule != NULL, 0);

  switch (schedule->term_kind)
    {
    case RS_TERM_OPEN:
      return G_MAXUINT64;
    case RS_TERM_COUNT:
      return schedule->count;
    case RS_TERM_UNTIL:
    case RS_TERM_LENGTH:
      if (!rs_schedule_expiry_date (schedule, &expiry))
        return 0;
      return count_dates_until (schedule, &expiry);
    default:
      g_return_val_if_reached (0);
    }
}

gboolean
rs_schedule_issue_date (const RsSchedule *schedule,
                        guint64           k,
                        GDate            *out_date)
{
  g_return_val_if_fail (schedule != NULL, FALSE);

  if (schedule->term_kind == RS_TERM_COUNT && k >= schedule->count)
    return FALSE;

  if (!rs_schedule_nth_date (schedule, k, out_date))
    return FALSE;

  if (schedule->term_kind == RS_TERM_UNTIL || schedule->term_kind == RS_TERM_LENGTH)
    {
      GDate expiry;

      if (!rs_schedule_expiry_date (schedule, &expiry) || g_date_compare (out_date, &expiry) > 0)
        return FALSE;
    }

  return TRUE;
}

gboolean
rs_schedule_next_issue_on_or_after (const RsSchedule *schedule,
                                    const GDate      *day,
                                    GDate            *out_date,
                                    guint64          *out_index)
{
  guint64 k;
  GDate date;

  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  if (g_date_compare (day, &schedule->start) <= 0)
    {
      k = 0;
    }
  else
    {
      GDate before = *day;

      g_date_subtract_days (&before, 1);
      k = count_dates_until (schedule, &before);
    }

  if (!rs_schedule_issue_date (schedule, k, &date))
    return FALSE;

  if (out_date != NULL)
    *out_date = date;
  if (out_index != NULL)
    *out_index = k;
  return TRUE;
}

gboolean
rs_schedule_validate (const RsSchedule  *schedule,
                      GError           **error)
{
  GDate expiry;

  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!g_date_valid (&schedule->start))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The start date is missing; write it as YYYY-MM-DD."));
      return FALSE;
    }

  if (g_date_get_year (&schedule->start) < 1900 || g_date_get_year (&schedule->start) > RS_SCHEDULE_LAST_YEAR)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("The start date must fall between the years 1900 and %d."), RS_SCHEDULE_LAST_YEAR);
      return FALSE;
    }

  if ((guint) schedule->period.unit > RS_PERIOD_UNIT_YEAR ||
      schedule->period.count < 1 || schedule->period.count > RS_PERIOD_MAX_COUNT)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("The billing period must be between 1 and %d days, weeks, months or years."),
                   RS_PERIOD_MAX_COUNT);
      return FALSE;
    }

  /* An anchor only continues a series whose own start was clamped: a month-based start on the
   * last day of a shorter month (for yearly periods, only February has shorter years). */
  if (schedule->anchor_day != 0 &&
      (!period_is_monthly (&schedule->period) || schedule->anchor_day > 31 ||
       schedule->anchor_day <= g_date_get_day (&schedule->start) ||
       !g_date_is_last_of_month (&schedule->start) ||
       (schedule->period.unit == RS_PERIOD_UNIT_YEAR &&
        g_date_get_month (&schedule->start) != G_DATE_FEBRUARY)))
    {
      g_autofree char *start_text = NULL;

      start_text = rs_date_to_local (&schedule->start);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$u is a day of month, %2$s a date as the user's
                    * language writes it (31/01/2027 in Greek) */
                   _("The day of month %1$u can only continue a monthly or yearly schedule that starts "
                     "on the last day of a shorter month, not one that starts on %2$s."),
                   schedule->anchor_day, start_text);
      return FALSE;
    }

  switch (schedule->term_kind)
    {
    case RS_TERM_OPEN:
      return TRUE;

    case RS_TERM_UNTIL:
      {
        g_autofree char *start_text = NULL;
        g_autofree char *until_text = NULL;

        if (!g_date_valid (&schedule->until))
          {
            g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                                 _("The expiry date is missing; write it as YYYY-MM-DD."));
            return FALSE;
          }
        if (g_date_compare (&schedule->until, &schedule->start) < 0)
          {
            start_text = rs_date_to_local (&schedule->start);
            until_text = rs_date_to_local (&schedule->until);
            g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                         /* Translators: both %s are dates as the user's language writes them
                          * (31/01/2027 in Greek) */
                         _("The expiry date %s falls before the start date %s."), until_text, start_text);
            return FALSE;
          }
        if (g_date_get_year (&schedule->until) > RS_SCHEDULE_LAST_YEAR)
          {
            g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                         _("The expiry date must fall before the year %d."), RS_SCHEDULE_LAST_YEAR + 1);
            return FALSE;
          }
        return TRUE;
      }

    case RS_TERM_COUNT:
      if (schedule->count < 1 || schedule->count > RS_SCHEDULE_MAX_COUNT)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %u is what was given, %d the maximum */
                       _("The number of invoices %u is not allowed; give between 1 and %d."),
                       schedule->count, RS_SCHEDULE_MAX_COUNT);
          return FALSE;
        }
      if (!rs_schedule_expiry_date (schedule, &expiry))
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %1$u is a number of invoices, %2$d a year */
                       g_dngettext (GETTEXT_PACKAGE, "%1$u invoice would run past the year %2$d.",
                                    "%1$u invoices would run past the year %2$d.", schedule->count),
                       schedule->count, RS_SCHEDULE_LAST_YEAR);
          return FALSE;
        }
      return TRUE;

    case RS_TERM_LENGTH:
      if ((guint) schedule->term_length.unit > RS_PERIOD_UNIT_YEAR ||
          schedule->term_length.count < 1 || schedule->term_length.count > RS_PERIOD_MAX_COUNT)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("The term must be between 1 and %d days, weeks, months or years."),
                       RS_PERIOD_MAX_COUNT);
          return FALSE;
        }
      if (!rs_schedule_expiry_date (schedule, &expiry))
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("The term would run past the year %d."), RS_SCHEDULE_LAST_YEAR);
          return FALSE;
        }
      return TRUE;

    default:
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The term of the sale is not one of: open-ended, until a date, a number of invoices, or a length."));
      return FALSE;
    }
}

gboolean
rs_schedule_notice_deadline (const RsSchedule  *schedule,
                             guint              notice_days,
                             GDate             *out_date,
                             GError           **error)
{
  GDate expiry;

  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  if (!rs_schedule_expiry_date (schedule, &expiry))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("A notice period needs an expiry date: this sale is open-ended."));
      return FALSE;
    }

  if ((gint64) g_date_get_julian (&expiry) - (gint64) notice_days <
      (gint64) g_date_get_julian (&schedule->start))
    {
      g_autofree char *expiry_text = NULL;
      g_autofree char *start_text = NULL;

      expiry_text = rs_date_to_local (&expiry);
      start_text = rs_date_to_local (&schedule->start);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$u is a number of days, %2$s and %3$s are dates as the
                    * user's language writes them (31/01/2027 in Greek) */
                   g_dngettext (GETTEXT_PACKAGE,
                                "A notice period of %1$u day before the expiry on %2$s would put the "
                                "notice deadline before the start date %3$s.",
                                "A notice period of %1$u days before the expiry on %2$s would put the "
                                "notice deadline before the start date %3$s.", notice_days),
                   notice_days, expiry_text, start_text);
      return FALSE;
    }

  *out_date = expiry;
  g_date_subtract_days (out_date, notice_days);
  return TRUE;
}

gboolean
rs_schedule_successor_start (const RsSchedule  *schedule,
                             GDate             *out_date,
                             GError           **error)
{
  GDate expiry;
  guint64 k;

  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  if (!rs_schedule_expiry_date (schedule, &expiry))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("An open-ended sale has no expiry, so it cannot be renewed."));
      return FALSE;
    }

  /* The phase carries on: the next date of the old series after E, computed from the old start
   * (so a sale started on the 31st renews on a 31st or its month's last day). */
  k = count_dates_until (schedule, &expiry);
  if (!rs_schedule_nth_date (schedule, k, out_date))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("A renewal would start past the year %d."), RS_SCHEDULE_LAST_YEAR);
      return FALSE;
    }

  return TRUE;
}

gboolean
rs_schedule_renew (const RsSchedule  *schedule,
                   const RsPeriod    *new_term_length,
                   RsSchedule        *out_successor,
                   GError           **error)
{
  RsSchedule successor;
  guint64 old_issues;

  g_return_val_if_fail (schedule != NULL, FALSE);
  g_return_val_if_fail (out_successor != NULL, FALSE);

  successor = *schedule;
  if (!rs_schedule_successor_start (schedule, &successor.start, error))
    return FALSE;

  /* The successor's dates are the old series' dates continued: when its first date was clamped
   * (the 31st in February, 29 February in a common year) it keeps aiming for the old day. */
  successor.anchor_day = 0;
  if (period_is_monthly (&schedule->period))
    {
      guint aimed_day = schedule_anchor_day (schedule);

      if (g_date_get_day (&successor.start) != aimed_day)
        successor.anchor_day = aimed_day;
    }

  old_issues = rs_schedule_n_issues (schedule);

  if (new_term_length != NULL)
    {
      successor.term_kind = RS_TERM_LENGTH;
      successor.term_length = *new_term_length;
    }
  else if (schedule->term_kind == RS_TERM_UNTIL)
    {
      /* Keep the same number of periods: the successor expires the day before the old series'
       * issue date 2n, which is the successor's issue date n. */
      if (!rs_schedule_nth_date (schedule, old_issues * 2, &successor.until))
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("A renewal would run past the year %d."), RS_SCHEDULE_LAST_YEAR);
          return FALSE;
        }
      g_date_subtract_days (&successor.until, 1);
    }

  if (!rs_schedule_validate (&successor, error))
    return FALSE;

  *out_successor = successor;
  return TRUE;
}

void
rs_schedule_collect_issue_dates (const RsSchedule *schedule,
                                 const GDate      *from,
                                 const GDate      *to,
                                 GArray           *dates)
{
  GDate date;
  guint64 k;

  g_return_if_fail (schedule != NULL);
  g_return_if_fail (from != NULL && to != NULL && dates != NULL);

  if (!rs_schedule_next_issue_on_or_after (schedule, from, &date, &k))
    return;

  while (g_date_compare (&date, to) <= 0)
    {
      g_array_append_val (dates, date);
      if (!rs_schedule_issue_date (schedule, ++k, &date))
        break;
    }
}
