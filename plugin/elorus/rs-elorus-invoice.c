/* rs-elorus-invoice.c: an Elorus recurring invoice as one of our sales (docs/elorus.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-schedule.h>

#include "rs-elorus-invoice.h"

void
rs_elorus_invoice_free (RsElorusInvoice *invoice)
{
  if (invoice == NULL)
    return;
  g_free (invoice->id);
  g_clear_object (&invoice->sale);
  g_clear_pointer (&invoice->modified, g_date_time_unref);
  g_free (invoice);
}

static gboolean
refuse_type (const char  *field,
             const char  *expected,
             GError     **error)
{
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: the first %s is a field of Elorus's API (start_datetime), the
                * second what it should hold ("text", "a whole number", "true or false"). */
               _("Its field “%s” is missing or is not %s."), field, expected);
  return FALSE;
}

/* A string member; absent or null is NULL when @optional, refused otherwise. */
static gboolean
read_string (JsonObject  *object,
             const char  *field,
             gboolean     optional,
             const char **out_text,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, field);

  *out_text = NULL;
  if (optional && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return refuse_type (field, _("text"), error);
  *out_text = json_node_get_string (node);
  return TRUE;
}

/* A boolean member; absent or null leaves *@out_known FALSE. */
static gboolean
read_boolean (JsonObject  *object,
              const char  *field,
              gboolean    *out_value,
              gboolean    *out_known,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, field);

  *out_value = FALSE;
  *out_known = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return refuse_type (field, _("true or false"), error);
  *out_value = json_node_get_boolean (node);
  *out_known = TRUE;
  return TRUE;
}

/* Elorus writes instants in ISO 8601 with their zone ("2019-01-01T06:00:00Z") and plain dates
 * as YYYY-mm-dd (its introduction, "Localization"); both are read, and an instant becomes the
 * calendar day it falls on in @zone, where the user lives. */
static gboolean
read_date (JsonObject  *object,
           const char  *field,
           gboolean     optional,
           GTimeZone   *zone,
           GDate       *out_date,
           GError     **error)
{
  const char *text;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) instant = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_date_clear (out_date, 1);
  if (!read_string (object, field, optional, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    return rs_date_parse (text, field, out_date, error);

  instant = g_date_time_new_from_iso8601 (text, utc);
  if (instant == NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: the first %s is a field of Elorus's API, the second its
                    * value. */
                   _("Its field “%s” holds “%s”, which is not a date and time."),
                   field, text);
      return FALSE;
    }
  local = g_date_time_to_timezone (instant, zone);
  rs_date_set_date_time (out_date, local);
  return TRUE;
}

char *
rs_elorus_invoice_listed_end (JsonObject *listed,
                              GTimeZone  *zone)
{
  GDate end;

  g_return_val_if_fail (listed != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  /* An end that cannot be read is no end: the invoice is read whole, and refused, elsewhere. */
  if (!read_date (listed, "end_datetime", TRUE, zone, &end, NULL) || !g_date_valid (&end))
    return NULL;
  return rs_date_to_iso (&end);
}

/* Elorus has days, weeks and months, no years: 12 months is a year, 24 two years. */
static gboolean
read_period (JsonObject  *object,
             RsPeriod    *out_period,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "interval");
  const char *unit;
  gint64 interval;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return refuse_type ("interval", _("a whole number"), error);
  interval = json_node_get_int (node);
  if (!read_string (object, "period", FALSE, &unit, error))
    return FALSE;

  if (interval < 1 || interval > RS_PERIOD_MAX_COUNT)
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, interval);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("Its interval %s is not a number from 1 to %d."),
                   shown, RS_PERIOD_MAX_COUNT);
      return FALSE;
    }

  out_period->count = (guint) interval;
  if (g_strcmp0 (unit, "days") == 0)
    out_period->unit = RS_PERIOD_UNIT_DAY;
  else if (g_strcmp0 (unit, "weeks") == 0)
    out_period->unit = RS_PERIOD_UNIT_WEEK;
  else if (g_strcmp0 (unit, "months") == 0 && interval % 12 == 0)
    {
      out_period->unit = RS_PERIOD_UNIT_YEAR;
      out_period->count = (guint) (interval / 12);
    }
  else if (g_strcmp0 (unit, "months") == 0)
    out_period->unit = RS_PERIOD_UNIT_MONTH;
  else
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("Its period “%s” is not one of days, weeks or months."), unit);
      return FALSE;
    }
  return TRUE;
}

/* The first line of @text without the spaces around it; NULL when that is empty. */
static char *
first_line (const char *text)
{
  g_autofree char *line = NULL;

  if (text == NULL)
    return NULL;
  line = g_strndup (text, strcspn (text, "\r\n"));
  g_strstrip (line);
  return line[0] != '\0' ? g_steal_pointer (&line) : NULL;
}

/* What the owner calls the service: the invoice's custom ID when it has one (people set it to
 * name the agreement), else the title, else the description of its first line. */
static gboolean
read_service (JsonObject  *object,
              char       **out_service,
              GError     **error)
{
  const char *custom_id;
  JsonNode *items;

  *out_service = NULL;
  if (!read_string (object, "custom_id", TRUE, &custom_id, error))
    return FALSE;
  *out_service = first_line (custom_id);
  if (*out_service != NULL)
    return TRUE;

  items = json_object_get_member (object, "items");
  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items) &&
      json_array_get_length (json_node_get_array (items)) > 0)
    {
      JsonNode *line = json_array_get_element (json_node_get_array (items), 0);
      const char *text;

      if (!JSON_NODE_HOLDS_OBJECT (line))
        return refuse_type ("items", _("a list of objects"), error);
      if (!read_string (json_node_get_object (line), "title", TRUE, &text, error))
        return FALSE;
      *out_service = first_line (text);
      if (*out_service == NULL)
        {
          if (!read_string (json_node_get_object (line), "description", TRUE, &text, error))
            return FALSE;
          *out_service = first_line (text);
        }
    }
  if (*out_service != NULL)
    return TRUE;

  g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("It has no custom ID and no line with a title or description to name "
                         "the service."));
  return FALSE;
}

static gboolean
read_invoice (JsonObject       *object,
              GTimeZone        *zone,
              RsElorusInvoice  *invoice,
              GError          **error)
{
  const char *client_name, *client_email, *currency, *total, *modified;
  g_autofree char *service = NULL;
  RsSchedule schedule = { 0 };
  gboolean paused, paused_known, draft;
  gint64 amount_minor;

  if (!read_string (object, "client_display_name", FALSE, &client_name, error) ||
      !read_string (object, "client_email", TRUE, &client_email, error) ||
      !read_service (object, &service, error) ||
      !read_string (object, "currency_code", FALSE, &currency, error) ||
      !read_string (object, "total", FALSE, &total, error) ||
      !read_date (object, "start_datetime", FALSE, zone, &schedule.start, error) ||
      !read_period (object, &schedule.period, error) ||
      !read_date (object, "end_datetime", TRUE, zone, &schedule.until, error) ||
      !read_date (object, "last_execution", TRUE, zone, &invoice->last_execution, error) ||
      !read_date (object, "next_execution", TRUE, zone, &invoice->next_execution, error) ||
      !read_boolean (object, "paused", &paused, &paused_known, error) ||
      !read_boolean (object, "draft", &draft, &invoice->has_draft, error) ||
      !read_string (object, "modified", TRUE, &modified, error))
    return FALSE;

  /* Elorus writes amounts with "." as the point whatever the language (its introduction,
   * "Localization"); rs_money_parse () reads the digits into minor units, never via a float. */
  if (!rs_currency_validate (currency, error) ||
      !rs_money_parse (total, currency, FALSE, &amount_minor, error))
    return FALSE;

  schedule.term_kind = g_date_valid (&schedule.until) ? RS_TERM_UNTIL : RS_TERM_OPEN;

  if (modified != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      invoice->modified = g_date_time_new_from_iso8601 (modified, utc);
      if (invoice->modified == NULL)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("Its field “%s” holds “%s”, which is not a date and time."),
                       "modified", modified);
          return FALSE;
        }
    }

  invoice->sale = rs_sale_new ();
  rs_sale_set_client_name (invoice->sale, client_name);
  rs_sale_set_client_email (invoice->sale, client_email);
  rs_sale_set_service (invoice->sale, service);
  rs_sale_set_currency (invoice->sale, currency);
  rs_sale_set_amount_minor (invoice->sale, amount_minor);
  rs_sale_set_schedule (invoice->sale, &schedule);
  rs_sale_set_status (invoice->sale,
                      paused ? RS_SALE_STATUS_PAUSED : RS_SALE_STATUS_ACTIVE);
  if (invoice->has_draft)
    rs_sale_set_draft (invoice->sale, draft);

  return rs_sale_validate (invoice->sale, error);
}

RsElorusInvoice *
rs_elorus_invoice_new_from_json (JsonObject  *object,
                                 GTimeZone   *zone,
                                 GError     **error)
{
  g_autoptr(RsElorusInvoice) invoice = g_new0 (RsElorusInvoice, 1);
  const char *id = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_date_clear (&invoice->last_execution, 1);
  g_date_clear (&invoice->next_execution, 1);

  if (!read_string (object, "id", FALSE, &id, error) || id[0] == '\0')
    {
      g_clear_error (error);
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("A recurring invoice from Elorus has no id."));
      return NULL;
    }
  invoice->id = g_strdup (id);

  if (!read_invoice (object, zone, invoice, error))
    {
      /* Translators: %s is Elorus's id of a recurring invoice; a sentence follows. */
      g_prefix_error (error, _("The recurring invoice %s from Elorus cannot be read: "), id);
      return NULL;
    }
  return g_steal_pointer (&invoice);
}

GArray *
rs_elorus_invoice_issued_dates (const RsElorusInvoice *invoice)
{
  GArray *dates = g_array_new (FALSE, FALSE, sizeof (GDate));
  const RsSchedule *schedule;

  g_return_val_if_fail (invoice != NULL, dates);

  schedule = rs_sale_get_schedule (invoice->sale);
  if (g_date_valid (&invoice->last_execution))
    rs_schedule_collect_issue_dates (schedule, &schedule->start, &invoice->last_execution,
                                     dates);
  return dates;
}

gboolean
rs_elorus_invoice_check_next_execution (const RsElorusInvoice  *invoice,
                                        GError                **error)
{
  const RsSchedule *schedule;
  g_autofree char *theirs = NULL;
  g_autofree char *ours = NULL;
  GDate after, expected;
  gboolean has_expected;

  g_return_val_if_fail (invoice != NULL, FALSE);

  if (!g_date_valid (&invoice->next_execution))
    return TRUE;

  schedule = rs_sale_get_schedule (invoice->sale);
  after = schedule->start;
  if (g_date_valid (&invoice->last_execution))
    {
      after = invoice->last_execution;
      g_date_add_days (&after, 1);
    }
  has_expected = rs_schedule_next_issue_on_or_after (schedule, &after, &expected, NULL);
  if (has_expected && g_date_compare (&expected, &invoice->next_execution) == 0)
    return TRUE;

  theirs = rs_date_to_local (&invoice->next_execution);
  if (!has_expected)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
                   /* Translators: %s is Elorus's id of a recurring invoice, then a date. */
                   _("Elorus will issue the recurring invoice %s again on %s, but by its "
                     "schedule it has ended."), invoice->id, theirs);
      return FALSE;
    }
  ours = rs_date_to_local (&expected);
  g_set_error (error, RS_ERROR, RS_ERROR_CONFLICT,
               /* Translators: %s is Elorus's id of a recurring invoice, then two dates. */
               _("Elorus will issue the recurring invoice %s next on %s, but its schedule "
                 "gives %s."), invoice->id, theirs, ours);
  return FALSE;
}

static gboolean
schedule_equal (const RsSchedule *a,
                const RsSchedule *b)
{
  /* A new sale has no start yet. */
  if (!g_date_valid (&a->start) || !g_date_valid (&b->start))
    return FALSE;
  if (g_date_compare (&a->start, &b->start) != 0 ||
      !rs_period_equal (&a->period, &b->period) ||
      a->anchor_day != b->anchor_day ||
      a->term_kind != b->term_kind)
    return FALSE;
  if (a->term_kind == RS_TERM_UNTIL)
    return g_date_compare (&a->until, &b->until) == 0;
  return TRUE;
}

/* Sets a text field when it differs; counts the change. */
static void
apply_text (RsSale      *sale,
            const char  *(*get) (RsSale *),
            void         (*set) (RsSale *, const char *),
            const char  *value,
            gboolean    *changed)
{
  if (g_strcmp0 (get (sale), value) == 0)
    return;
  set (sale, value);
  *changed = TRUE;
}

gboolean
rs_elorus_invoice_apply (const RsElorusInvoice *invoice,
                         RsSale                *sale)
{
  RsSale *from;
  RsSaleStatus status;
  g_autoptr(GArray) issued = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (invoice != NULL, FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);

  from = invoice->sale;
  apply_text (sale, rs_sale_get_client_name, rs_sale_set_client_name,
              rs_sale_get_client_name (from), &changed);
  apply_text (sale, rs_sale_get_client_email, rs_sale_set_client_email,
              rs_sale_get_client_email (from), &changed);
  apply_text (sale, rs_sale_get_service, rs_sale_set_service,
              rs_sale_get_service (from), &changed);
  apply_text (sale, rs_sale_get_currency, rs_sale_set_currency,
              rs_sale_get_currency (from), &changed);

  if (rs_sale_get_amount_minor (sale) != rs_sale_get_amount_minor (from))
    {
      rs_sale_set_amount_minor (sale, rs_sale_get_amount_minor (from));
      changed = TRUE;
    }
  if (!schedule_equal (rs_sale_get_schedule (sale), rs_sale_get_schedule (from)))
    {
      rs_sale_set_schedule (sale, rs_sale_get_schedule (from));
      changed = TRUE;
    }
  if (invoice->has_draft && rs_sale_get_draft (sale) != rs_sale_get_draft (from))
    {
      rs_sale_set_draft (sale, rs_sale_get_draft (from));
      changed = TRUE;
    }

  /* Renewed and ended are the owner's decisions (or the sync's, for an invoice gone upstream):
   * Elorus's paused flag only moves a sale between active and paused. */
  status = rs_sale_get_status (sale);
  if ((status == RS_SALE_STATUS_ACTIVE || status == RS_SALE_STATUS_PAUSED) &&
      status != rs_sale_get_status (from))
    {
      rs_sale_set_status (sale, rs_sale_get_status (from));
      changed = TRUE;
    }

  /* Only open occurrences become issued: prepaid and skipped are what the owner knows. */
  issued = rs_elorus_invoice_issued_dates (invoice);
  for (guint i = 0; i < issued->len; i++)
    {
      const GDate *date = &g_array_index (issued, GDate, i);

      if (rs_sale_get_occurrence_state (sale, date) != RS_OCCURRENCE_OPEN)
        continue;
      rs_sale_set_occurrence_state (sale, date, RS_OCCURRENCE_ISSUED);
      changed = TRUE;
    }
  return changed;
}
