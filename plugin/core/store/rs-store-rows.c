/* rs-store-rows.c: a sale to the columns of its row, and a row back to a sale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Rows read back are parsed like outside input: every text form and range is checked, and the
 * errors name the field, not the sale (rs-store-read.c adds the sale and the store).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rs-store-private.h"

void
rs_store_bind_sale (sqlite3_stmt *stmt,
                    RsSale       *sale,
                    gint64        created,
                    gint64        updated,
                    guint64       revision)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  int notice_days = rs_sale_get_notice_days (sale);
  GDate offer_date;

  bind_text (stmt, COL_UID, rs_sale_get_uid (sale));
  bind_text (stmt, COL_CLIENT, rs_sale_get_client_name (sale));
  bind_text (stmt, COL_EMAIL, rs_sale_get_client_email (sale));
  bind_text (stmt, COL_CONTACT_UID, rs_sale_get_contact_uid (sale));
  bind_text (stmt, COL_SERVICE, rs_sale_get_service (sale));
  sqlite3_bind_int64 (stmt, COL_AMOUNT_MINOR + 1, rs_sale_get_amount_minor (sale));
  bind_text (stmt, COL_CURRENCY, rs_sale_get_currency (sale));
  bind_period (stmt, COL_PERIOD, &schedule->period);
  bind_date (stmt, COL_START_DATE, &schedule->start);
  sqlite3_bind_int64 (stmt, COL_ANCHOR_DAY + 1, schedule->anchor_day);
  bind_text (stmt, COL_TERM_KIND, rs_term_kind_to_string (schedule->term_kind));

  /* Only the fields of the term's kind are stored; the others stay NULL. */
  switch (schedule->term_kind)
    {
    case RS_TERM_UNTIL:
      bind_date (stmt, COL_UNTIL_DATE, &schedule->until);
      break;
    case RS_TERM_COUNT:
      sqlite3_bind_int64 (stmt, COL_TERM_COUNT + 1, schedule->count);
      break;
    case RS_TERM_LENGTH:
      bind_period (stmt, COL_TERM_LENGTH, &schedule->term_length);
      break;
    case RS_TERM_OPEN:
    default:
      break;
    }

  if (notice_days != -1)
    sqlite3_bind_int (stmt, COL_NOTICE_DAYS + 1, notice_days);
  sqlite3_bind_int (stmt, COL_DRAFT + 1, rs_sale_get_draft (sale) ? 1 : 0);
  sqlite3_bind_int (stmt, COL_PREPAY + 1, rs_sale_get_prepay (sale) ? 1 : 0);
  bind_text (stmt, COL_IBAN, rs_sale_get_iban (sale));
  bind_text (stmt, COL_PAYMENT_INSTRUCTIONS, rs_sale_get_payment_instructions (sale));
  sqlite3_bind_int64 (stmt, COL_REMINDER_MINUTES + 1, rs_sale_get_reminder_minutes (sale));
  bind_text (stmt, COL_STATUS, rs_sale_status_to_string (rs_sale_get_status (sale)));
  bind_text (stmt, COL_PREDECESSOR_UID, rs_sale_get_predecessor_uid (sale));
  bind_text (stmt, COL_SUCCESSOR_UID, rs_sale_get_successor_uid (sale));
  bind_text (stmt, COL_NOTE, rs_sale_get_note (sale));
  sqlite3_bind_int64 (stmt, COL_CREATED + 1, created);
  sqlite3_bind_int64 (stmt, COL_UPDATED + 1, updated);
  sqlite3_bind_int64 (stmt, COL_REVISION + 1, (sqlite3_int64) revision);
  bind_text (stmt, COL_DELIVERY, rs_delivery_to_string (rs_sale_get_delivery (sale)));
  bind_text (stmt, COL_LANGUAGE, rs_sale_get_language (sale));
  bind_text (stmt, COL_TEAM, rs_sale_get_team (sale));
  bind_text (stmt, COL_OFFER_STATE, rs_offer_state_to_string (rs_sale_get_offer_state (sale)));
  if (rs_sale_get_offer_date (sale, &offer_date))
    bind_date (stmt, COL_OFFER_DATE, &offer_date);
  bind_text (stmt, COL_OFFER_NOTE, rs_sale_get_offer_note (sale));
  if (rs_sale_get_offer_amount_minor (sale) >= 0)
    sqlite3_bind_int64 (stmt, COL_OFFER_AMOUNT_MINOR + 1, rs_sale_get_offer_amount_minor (sale));
}

/* An integer column that must fit [@min, @max]; anything else (text, a real) is refused. */
gboolean
rs_store_column_int_in_range (sqlite3_stmt  *stmt,
                              int            column,
                              gint64         min,
                              gint64         max,
                              gint64        *out_value,
                              GError       **error)
{
  gint64 value = sqlite3_column_int64 (stmt, column);

  if (sqlite3_column_type (stmt, column) != SQLITE_INTEGER || value < min || value > max)
    return rs_store_set_bad_value_error (error, sqlite3_column_name (stmt, column),
                                         column_text (stmt, column));

  *out_value = value;
  return TRUE;
}

static gboolean
read_term (sqlite3_stmt  *stmt,
           RsSchedule    *schedule,
           GError       **error)
{
  const char *kind_text = column_text (stmt, COL_TERM_KIND);
  gint64 count;

  if (!rs_term_kind_from_string (kind_text, &schedule->term_kind))
    return rs_store_set_bad_value_error (error, "term_kind", kind_text);

  switch (schedule->term_kind)
    {
    case RS_TERM_UNTIL:
      return rs_date_parse (column_text (stmt, COL_UNTIL_DATE), _("The expiry date"),
                            &schedule->until, error);
    case RS_TERM_COUNT:
      if (!rs_store_column_int_in_range (stmt, COL_TERM_COUNT, 0, G_MAXUINT, &count, error))
        return FALSE;
      schedule->count = (guint) count;
      return TRUE;
    case RS_TERM_LENGTH:
      return rs_period_parse (column_text (stmt, COL_TERM_LENGTH), _("The term"),
                              &schedule->term_length, error);
    case RS_TERM_OPEN:
    default:
      return TRUE;
    }
}

static gboolean
read_schedule (sqlite3_stmt  *stmt,
               RsSchedule    *schedule,
               GError       **error)
{
  gint64 anchor_day;

  memset (schedule, 0, sizeof *schedule);
  g_date_clear (&schedule->start, 1);
  g_date_clear (&schedule->until, 1);

  if (!rs_period_parse (column_text (stmt, COL_PERIOD), _("The billing period"),
                        &schedule->period, error) ||
      !rs_date_parse (column_text (stmt, COL_START_DATE), _("The start date"),
                      &schedule->start, error) ||
      !rs_store_column_int_in_range (stmt, COL_ANCHOR_DAY, 0, 31, &anchor_day, error))
    return FALSE;

  schedule->anchor_day = (guint) anchor_day;
  return read_term (stmt, schedule, error);
}

/* The fields of one row of sales; the errors name the field, not the sale. */
RsSale *
rs_store_sale_from_row (sqlite3_stmt  *stmt,
                        GError       **error)
{
  g_autoptr(RsSale) sale = rs_sale_new ();
  RsSchedule schedule;
  RsSaleStatus status;
  RsDelivery delivery;
  RsOfferState offer_state;
  const char *status_text, *delivery_text, *offer_text;
  gint64 amount, notice_days = -1, minutes, created, updated, revision, draft, prepay;

  rs_sale_set_uid (sale, column_text (stmt, COL_UID));
  rs_sale_set_client_name (sale, column_text (stmt, COL_CLIENT));
  rs_sale_set_client_email (sale, column_text (stmt, COL_EMAIL));
  rs_sale_set_contact_uid (sale, column_text (stmt, COL_CONTACT_UID));
  rs_sale_set_service (sale, column_text (stmt, COL_SERVICE));
  rs_sale_set_currency (sale, column_text (stmt, COL_CURRENCY));
  rs_sale_set_iban (sale, column_text (stmt, COL_IBAN));
  rs_sale_set_payment_instructions (sale, column_text (stmt, COL_PAYMENT_INSTRUCTIONS));
  rs_sale_set_predecessor_uid (sale, column_text (stmt, COL_PREDECESSOR_UID));
  rs_sale_set_successor_uid (sale, column_text (stmt, COL_SUCCESSOR_UID));
  rs_sale_set_note (sale, column_text (stmt, COL_NOTE));
  rs_sale_set_language (sale, column_text (stmt, COL_LANGUAGE));
  rs_sale_set_team (sale, column_text (stmt, COL_TEAM));
  rs_sale_set_offer_note (sale, column_text (stmt, COL_OFFER_NOTE));

  offer_text = column_text (stmt, COL_OFFER_STATE);
  if (!rs_offer_state_from_string (offer_text, &offer_state))
    {
      rs_store_set_bad_value_error (error, "offer_state", offer_text);
      return NULL;
    }
  rs_sale_set_offer_state (sale, offer_state);
  if (column_text (stmt, COL_OFFER_DATE) != NULL)
    {
      GDate offer_date;

      if (!rs_date_parse (column_text (stmt, COL_OFFER_DATE), _("The date of the renewal offer"),
                          &offer_date, error))
        return NULL;
      rs_sale_set_offer_date (sale, &offer_date);
    }
  if (sqlite3_column_type (stmt, COL_OFFER_AMOUNT_MINOR) != SQLITE_NULL)
    {
      gint64 offer_amount;

      if (!rs_store_column_int_in_range (stmt, COL_OFFER_AMOUNT_MINOR, 0, G_MAXINT64,
                                         &offer_amount, error))
        return NULL;
      rs_sale_set_offer_amount_minor (sale, offer_amount);
    }

  status_text = column_text (stmt, COL_STATUS);
  if (!rs_sale_status_from_string (status_text, &status))
    {
      rs_store_set_bad_value_error (error, "status", status_text);
      return NULL;
    }

  delivery_text = column_text (stmt, COL_DELIVERY);
  if (!rs_delivery_from_string (delivery_text, &delivery))
    {
      rs_store_set_bad_value_error (error, "delivery", delivery_text);
      return NULL;
    }

  /* The ranges only keep values inside their C types; rs_sale_validate () judges them. */
  if (!rs_store_column_int_in_range (stmt, COL_AMOUNT_MINOR, G_MININT64, G_MAXINT64, &amount,
                                     error) ||
      (sqlite3_column_type (stmt, COL_NOTICE_DAYS) != SQLITE_NULL &&
       !rs_store_column_int_in_range (stmt, COL_NOTICE_DAYS, G_MININT, G_MAXINT, &notice_days,
                                      error)) ||
      !rs_store_column_int_in_range (stmt, COL_DRAFT, 0, 1, &draft, error) ||
      !rs_store_column_int_in_range (stmt, COL_PREPAY, 0, 1, &prepay, error) ||
      !rs_store_column_int_in_range (stmt, COL_REMINDER_MINUTES, 0, G_MAXUINT, &minutes, error) ||
      !rs_store_column_int_in_range (stmt, COL_CREATED, G_MININT64, G_MAXINT64, &created, error) ||
      !rs_store_column_int_in_range (stmt, COL_UPDATED, G_MININT64, G_MAXINT64, &updated, error) ||
      !rs_store_column_int_in_range (stmt, COL_REVISION, 0, G_MAXINT64, &revision, error) ||
      !read_schedule (stmt, &schedule, error))
    return NULL;

  rs_sale_set_status (sale, status);
  rs_sale_set_delivery (sale, delivery);
  rs_sale_set_amount_minor (sale, amount);
  rs_sale_set_notice_days (sale, (int) notice_days);
  rs_sale_set_draft (sale, draft != 0);
  rs_sale_set_prepay (sale, prepay != 0);
  rs_sale_set_reminder_minutes (sale, (guint) minutes);
  rs_sale_set_created (sale, created);
  rs_sale_set_updated (sale, updated);
  rs_sale_set_revision (sale, (guint64) revision);
  rs_sale_set_schedule (sale, &schedule);

  return g_steal_pointer (&sale);
}

/* Adds the rule of a row of RULE_COLUMNS to @sale. */
gboolean
rs_store_add_rule_from_row (RsSale        *sale,
                            sqlite3_stmt  *stmt,
                            GError       **error)
{
  const char *kind_text = column_text (stmt, 1);
  const char *audience_text = column_text (stmt, 3);
  RsReminderKind kind;
  RsAudience audience;
  gint64 lead_days;

  if (!rs_reminder_kind_from_string (kind_text, &kind))
    return rs_store_set_bad_value_error (error, "kind", kind_text);
  if (!rs_audience_from_string (audience_text, &audience))
    return rs_store_set_bad_value_error (error, "audience", audience_text);
  if (!rs_store_column_int_in_range (stmt, 2, 0, G_MAXUINT, &lead_days, error))
    return FALSE;

  rs_sale_add_reminder (sale, kind, (guint) lead_days, audience);
  return TRUE;
}

/* Adds the occurrence of a row of OCCURRENCE_COLUMNS to @sale. */
gboolean
rs_store_add_occurrence_from_row (RsSale        *sale,
                                  sqlite3_stmt  *stmt,
                                  GError       **error)
{
  const char *state_text = column_text (stmt, 2);
  RsOccurrenceState state;
  GDate issue_date;

  if (!rs_date_parse (column_text (stmt, 1), _("The issue date"), &issue_date, error))
    return FALSE;
  if (!rs_occurrence_state_from_string (state_text, &state))
    return rs_store_set_bad_value_error (error, "state", state_text);

  rs_sale_set_occurrence_state (sale, &issue_date, state);
  return TRUE;
}
