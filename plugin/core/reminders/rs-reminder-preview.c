/* rs-reminder-preview.c: which date a client reminder preview is about
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-reminder-preview.h>
#include <recurring-sales/rs-schedule.h>

/* The sale's date of @kind: for an invoice the first issue date on or after @from; the expiry
 * date and the notice deadline are single dates. */
static gboolean
find_date_of_kind (RsSale         *sale,
                   RsReminderKind  kind,
                   const GDate    *from,
                   GDate          *out_date)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      return rs_schedule_next_issue_on_or_after (schedule, from, out_date, NULL);
    case RS_REMINDER_KIND_EXPIRY:
      return rs_schedule_expiry_date (schedule, out_date);
    case RS_REMINDER_KIND_NOTICE:
    default:
      return rs_sale_get_notice_deadline (sale, out_date);
    }
}

static void
set_not_a_date_error (RsReminderKind   kind,
                      const GDate     *wanted,
                      GError         **error)
{
  g_autofree char *date_text = rs_date_to_local (wanted);

  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a date as the user's language writes it
                    * (31/01/2027 in Greek) */
                   _("%s is not an issue date of this sale."), date_text);
      break;
    case RS_REMINDER_KIND_EXPIRY:
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a date as the user's language writes it
                    * (31/01/2027 in Greek) */
                   _("%s is not the expiry date of this sale."), date_text);
      break;
    case RS_REMINDER_KIND_NOTICE:
    default:
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a date as the user's language writes it
                    * (31/01/2027 in Greek) */
                   _("%s is not the notice deadline of this sale."), date_text);
      break;
    }
}

static void
set_no_date_error (RsReminderKind   kind,
                   GError         **error)
{
  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("This sale has no invoice left to remind about."));
      break;
    case RS_REMINDER_KIND_EXPIRY:
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("This sale has no expiry date."));
      break;
    case RS_REMINDER_KIND_NOTICE:
    default:
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("This sale has no notice deadline."));
      break;
    }
}

gboolean
rs_reminder_preview_occurrence (RsSale          *sale,
                                RsReminderKind   kind,
                                const GDate     *wanted,
                                const GDate     *today,
                                GDate           *out_occurrence,
                                GError         **error)
{
  gboolean found_one;
  GDate found;

  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail (wanted == NULL || g_date_valid (wanted), FALSE);
  g_return_val_if_fail (wanted != NULL || (today != NULL && g_date_valid (today)), FALSE);
  g_return_val_if_fail (out_occurrence != NULL, FALSE);

  /* An asked-for issue date is looked for from that date on: it is one when it is found. */
  found_one = find_date_of_kind (sale, kind, wanted != NULL ? wanted : today, &found);
  if (found_one && (wanted == NULL || g_date_compare (&found, wanted) == 0))
    {
      *out_occurrence = found;
      return TRUE;
    }

  /* A sale without an expiry (or notice deadline) says so even about a given date; a given
   * date that is not an issue date says which date it was. */
  if (wanted != NULL && (found_one || kind == RS_REMINDER_KIND_INVOICE))
    set_not_a_date_error (kind, wanted, error);
  else
    set_no_date_error (kind, error);
  return FALSE;
}
