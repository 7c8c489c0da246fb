/* rs-sale-field-text.c: the fields of a sale as text, and back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The text forms are those of a CSV cell; JSON and D-Bus use the same ones for the fields
 * they carry as strings, so that every format accepts, refuses and explains the same things.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-text.h>

#include "rs-sale-fields-private.h"

/* The words of a flag, in pairs: what is written first. */
static const char * const yes_words[] = { "yes", "true", "1" };
static const char * const no_words[] = { "no", "false", "0" };

/* Written for a sale without reminders: an empty cell would mean "the defaults". */
#define NO_REMINDERS "none"

/* Accessors */

gint64
rs_sale_field_get_notice_days (RsSale *sale)
{
  return rs_sale_get_notice_days (sale);
}

/* 0 is "none" on D-Bus, -1 in the sale. Too many days stay too many, for rs_sale_validate ()
 * to name. */
void
rs_sale_field_set_notice_days (RsSale *sale,
                               gint64  notice_days)
{
  rs_sale_set_notice_days (sale,
                           notice_days == 0 ? -1 : (int) MIN (notice_days, (gint64) G_MAXINT));
}

gboolean
rs_sale_field_notice_days_has_value (RsSale *sale)
{
  return rs_sale_get_notice_days (sale) > 0;
}

/* Only compared and written, as D-Bus's t: the bits go through unchanged. */
gint64
rs_sale_field_get_revision (RsSale *sale)
{
  return (gint64) rs_sale_get_revision (sale);
}

void
rs_sale_field_set_revision (RsSale *sale,
                            gint64  revision)
{
  rs_sale_set_revision (sale, (guint64) revision);
}

gboolean
rs_sale_field_created_has_value (RsSale *sale)
{
  return rs_sale_get_created (sale) > 0;
}

gboolean
rs_sale_field_updated_has_value (RsSale *sale)
{
  return rs_sale_get_updated (sale) > 0;
}

gboolean
rs_sale_field_delivery_has_value (RsSale *sale)
{
  return rs_sale_get_delivery (sale) != RS_DELIVERY_DEFAULT;
}

gboolean
rs_sale_field_occurrences_has_value (RsSale *sale)
{
  return rs_sale_get_marked_occurrences (sale)->len > 0;
}

/* The parts of the schedule */

/* Where the part of @info is in @schedule. */
static gpointer
schedule_part (const RsSaleFieldInfo *info,
               RsSchedule            *schedule)
{
  return G_STRUCT_MEMBER_P (schedule, info->schedule_offset);
}

/* Puts the changed copy back, as the term when the part is one. */
static void
set_schedule (const RsSaleFieldInfo *info,
              RsSale                *sale,
              RsSchedule            *schedule)
{
  if (info->term_kind != RS_TERM_OPEN)
    schedule->term_kind = info->term_kind;
  rs_sale_set_schedule (sale, schedule);
}

static gboolean
schedule_has_value (const RsSaleFieldInfo *info,
                    RsSale                *sale)
{
  RsSchedule schedule = *rs_sale_get_schedule (sale);

  if (info->term_kind != RS_TERM_OPEN)
    return schedule.term_kind == info->term_kind;

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_DATE:
      return g_date_valid (schedule_part (info, &schedule));
    case RS_SALE_FIELD_TYPE_NUMBER:
      return *(guint *) schedule_part (info, &schedule) != 0;
    default:
      return TRUE;
    }
}

static char *
schedule_to_text (const RsSaleFieldInfo *info,
                  RsSale                *sale)
{
  RsSchedule schedule = *rs_sale_get_schedule (sale);
  gpointer part = schedule_part (info, &schedule);

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_DATE:
      return g_date_valid (part) ? rs_date_to_iso (part) : NULL;
    case RS_SALE_FIELD_TYPE_PERIOD:
      return rs_period_to_string (part);
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
schedule_from_text (const RsSaleFieldInfo  *info,
                    RsSale                 *sale,
                    const char             *text,
                    GError                **error)
{
  RsSchedule schedule = *rs_sale_get_schedule (sale);
  gpointer part = schedule_part (info, &schedule);

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_DATE:
      if (!rs_date_parse (text, _(info->label), part, error))
        return FALSE;
      break;
    case RS_SALE_FIELD_TYPE_PERIOD:
      /* Only the billing period is a period that must be given. */
      if (text == NULL)
        {
          g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                               _("The billing period is missing; write a number and a unit, "
                                 "like 1m, 3m, 1y, 2w or 10d."));
          return FALSE;
        }
      if (!rs_period_parse (text, _(info->label), part, error))
        return FALSE;
      break;
    default:
      g_return_val_if_reached (FALSE);
    }

  set_schedule (info, sale, &schedule);
  return TRUE;
}

gint64
rs_sale_field_get_number (const RsSaleFieldInfo *info,
                          RsSale                *sale)
{
  RsSchedule schedule;

  g_return_val_if_fail (info != NULL, 0);
  g_return_val_if_fail (RS_IS_SALE (sale), 0);

  if (info->get_number != NULL)
    return info->get_number (sale);

  g_return_val_if_fail (info->flags & RS_SALE_FIELD_SCHEDULE, 0);
  schedule = *rs_sale_get_schedule (sale);
  return *(guint *) schedule_part (info, &schedule);
}

void
rs_sale_field_set_number (const RsSaleFieldInfo *info,
                          RsSale                *sale,
                          gint64                 number)
{
  RsSchedule schedule;

  g_return_if_fail (info != NULL);
  g_return_if_fail (RS_IS_SALE (sale));

  if (info->set_number != NULL)
    {
      info->set_number (sale, number);
      return;
    }

  g_return_if_fail (info->flags & RS_SALE_FIELD_SCHEDULE);
  schedule = *rs_sale_get_schedule (sale);
  *(guint *) schedule_part (info, &schedule) = (guint) number;
  set_schedule (info, sale, &schedule);
}

/* What the readers share */

void
rs_sale_field_range_error (GError     **error,
                           const char  *name,
                           const char  *value_text,
                           gint64       min,
                           gint64       max)
{
  /* Formatted beforehand: G_GINT64_FORMAT inside _() would hide the message from xgettext. */
  g_autofree char *min_text = g_strdup_printf ("%" G_GINT64_FORMAT, min);
  g_autofree char *max_text = g_strdup_printf ("%" G_GINT64_FORMAT, max);

  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a JSON key or CSV column; %2$s a number; %3$s and
                * %4$s the limits */
               _("The field “%1$s” is %2$s; it must be between %3$s and %4$s."),
               name, value_text, min_text, max_text);
}

gboolean
rs_sale_field_parse_number (const char  *text,
                            const char  *name,
                            gint64       min,
                            gint64       max,
                            gint64      *out_value,
                            GError     **error)
{
  guint64 value = 0;
  gsize n_digits;

  for (n_digits = 0; g_ascii_isdigit (text[n_digits]); n_digits++)
    {
      /* Stops growing far above any limit, so that no length of digits can overflow. */
      if (value <= G_MAXUINT32)
        value = value * 10 + (guint64) (text[n_digits] - '0');
    }

  if (n_digits == 0 || text[n_digits] != '\0')
    {
      g_autofree char *shown = rs_text_for_message (text);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is a column name, %2$s what was given */
                   _("The field “%1$s” is “%2$s”, which is not a whole number."), name, shown);
      return FALSE;
    }

  if (value < (guint64) min || value > (guint64) max)
    {
      /* The digits as given: a long number was not kept whole. */
      g_autofree char *value_text = rs_text_for_message (text);

      rs_sale_field_range_error (error, name, value_text, min, max);
      return FALSE;
    }

  *out_value = (gint64) value;
  return TRUE;
}

gboolean
rs_sale_field_add_reminder (RsSale          *sale,
                            RsReminderKind   kind,
                            guint            lead_days,
                            RsAudience       audience,
                            GError         **error)
{
  if (rs_sale_get_reminders (sale)->len >= RS_SALE_MAX_REMINDERS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("A sale can have at most %d reminders."), RS_SALE_MAX_REMINDERS);
      return FALSE;
    }

  rs_sale_add_reminder (sale, kind, lead_days, audience);
  return TRUE;
}

gboolean
rs_sale_field_mark_occurrence (RsSale      *sale,
                               const char  *date_text,
                               const char  *state_text,
                               GError     **error)
{
  RsOccurrenceState state;
  GDate date;

  if (!rs_date_parse (date_text, _("The occurrence date"), &date, error) ||
      !rs_occurrence_state_parse (state_text, &state, error))
    return FALSE;

  rs_sale_set_occurrence_state (sale, &date, state);
  return TRUE;
}

void
rs_sale_field_term_error (GError **error)
{
  g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("Give at most one of “until”, “count” and “term”."));
}

/* The next word of a space-separated list, newly allocated, or NULL at its end. */
static char *
next_word (const char **cursor)
{
  const char *p = *cursor, *start;

  while (*p == ' ')
    p++;
  if (*p == '\0')
    return NULL;

  start = p;
  while (*p != '\0' && *p != ' ')
    p++;
  *cursor = p;

  return g_strndup (start, (gsize) (p - start));
}

/* Text forms by type */

static char *
number_to_text (const RsSaleFieldInfo *info,
                RsSale                *sale)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, rs_sale_field_get_number (info, sale));
}

static gboolean
number_from_text (const RsSaleFieldInfo  *info,
                  RsSale                 *sale,
                  const char             *text,
                  GError                **error)
{
  gint64 value;

  if (!rs_sale_field_parse_number (text, info->name, info->min, info->max, &value, error))
    return FALSE;

  rs_sale_field_set_number (info, sale, value);
  return TRUE;
}

gboolean
rs_sale_field_parse_flag (const char  *text,
                          const char  *name,
                          gboolean    *out_value,
                          GError     **error)
{
  g_autofree char *shown = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (yes_words); i++)
    {
      gboolean yes = g_ascii_strcasecmp (text, yes_words[i]) == 0;

      if (yes || g_ascii_strcasecmp (text, no_words[i]) == 0)
        {
          *out_value = yes;
          return TRUE;
        }
    }

  shown = rs_text_for_message (text);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a column name, %2$s what was given; yes and no are the
                * words to write, keep them in English */
               _("The field “%1$s” is “%2$s”; write yes or no."), name, shown);
  return FALSE;
}

static gboolean
flag_from_text (const RsSaleFieldInfo  *info,
                RsSale                 *sale,
                const char             *text,
                GError                **error)
{
  gboolean flag;

  if (!rs_sale_field_parse_flag (text, info->name, &flag, error))
    return FALSE;

  info->set_flag (sale, flag);
  return TRUE;
}

/* Stored compact (rs_sale_validate ()); people copy it from a file the way banks print it. */
char *
rs_sale_field_iban_to_file_text (const RsSaleFieldInfo *info,
                                 RsSale                *sale)
{
  const char *iban = info->get_text (sale);
  g_auto(GStrv) words = NULL;
  g_autofree char *compact = NULL;

  if (iban == NULL)
    return NULL;

  /* A sale not validated yet may hold the spaces it was given. */
  words = g_strsplit (iban, " ", -1);
  compact = g_strjoinv ("", words);
  return rs_iban_format_print (compact);
}

char *
rs_sale_field_to_file_text (const RsSaleFieldInfo *info,
                            RsSale                *sale)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->to_file_text != NULL)
    return info->to_file_text (info, sale);
  return rs_sale_field_to_text (info, sale);
}

char *
rs_sale_field_to_text (const RsSaleFieldInfo *info,
                       RsSale                *sale)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  if (info->to_text != NULL)
    return info->to_text (info, sale);

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_TEXT:
      return g_strdup (info->get_text (sale));
    case RS_SALE_FIELD_TYPE_NUMBER:
      return number_to_text (info, sale);
    case RS_SALE_FIELD_TYPE_FLAG:
      return g_strdup (info->get_flag (sale) ? yes_words[0] : no_words[0]);
    case RS_SALE_FIELD_TYPE_AMOUNT:
      return rs_money_to_decimal (rs_sale_field_get_number (info, sale),
                                  rs_sale_get_currency (sale));
    case RS_SALE_FIELD_TYPE_DATE:
    case RS_SALE_FIELD_TYPE_PERIOD:
      return schedule_to_text (info, sale);
    case RS_SALE_FIELD_TYPE_TIME:
    case RS_SALE_FIELD_TYPE_WORD:
    case RS_SALE_FIELD_TYPE_REMINDERS:
    case RS_SALE_FIELD_TYPE_LEAD_DAYS:
    case RS_SALE_FIELD_TYPE_OCCURRENCES:
    default:
      /* Their own text forms, or none: a shorthand is never written. */
      return NULL;
    }
}

gboolean
rs_sale_field_from_text (const RsSaleFieldInfo  *info,
                         RsSale                 *sale,
                         const char             *text,
                         GError                **error)
{
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);

  if (info->from_text != NULL)
    return info->from_text (info, sale, text, error);

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_TEXT:
      info->set_text (sale, text);
      return TRUE;
    case RS_SALE_FIELD_TYPE_NUMBER:
      return number_from_text (info, sale, text, error);
    case RS_SALE_FIELD_TYPE_FLAG:
      return flag_from_text (info, sale, text, error);
    case RS_SALE_FIELD_TYPE_DATE:
    case RS_SALE_FIELD_TYPE_PERIOD:
      return schedule_from_text (info, sale, text, error);
    case RS_SALE_FIELD_TYPE_TIME:
    case RS_SALE_FIELD_TYPE_WORD:
    case RS_SALE_FIELD_TYPE_AMOUNT:
    case RS_SALE_FIELD_TYPE_REMINDERS:
    case RS_SALE_FIELD_TYPE_LEAD_DAYS:
    case RS_SALE_FIELD_TYPE_OCCURRENCES:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
rs_sale_field_has_value (const RsSaleFieldInfo *info,
                         RsSale                *sale)
{
  const char *text;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);

  if (info->has_value != NULL)
    return info->has_value (sale);
  if (info->flags & RS_SALE_FIELD_SCHEDULE)
    return schedule_has_value (info, sale);
  if (info->type != RS_SALE_FIELD_TYPE_TEXT)
    return TRUE;

  text = info->get_text (sale);
  return text != NULL && *text != '\0';
}

/* The fields' own text forms */

gboolean
rs_sale_field_currency_from_text (const RsSaleFieldInfo  *info,
                                  RsSale                 *sale,
                                  const char             *text,
                                  GError                **error)
{
  if (!rs_currency_validate (text, error))
    return FALSE;

  info->set_text (sale, text);
  return TRUE;
}

char *
rs_sale_field_reminder_time_to_text (const RsSaleFieldInfo *info,
                                     RsSale                *sale)
{
  guint minutes = rs_sale_get_reminder_minutes (sale);

  return g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
}

gboolean
rs_sale_field_reminder_time_from_text (const RsSaleFieldInfo  *info,
                                       RsSale                 *sale,
                                       const char             *text,
                                       GError                **error)
{
  guint minutes;

  if (!rs_parse_time_of_day (text, &minutes, error))
    return FALSE;

  rs_sale_set_reminder_minutes (sale, minutes);
  return TRUE;
}

char *
rs_sale_field_delivery_to_text (const RsSaleFieldInfo *info,
                                RsSale                *sale)
{
  return g_strdup (rs_delivery_to_string (rs_sale_get_delivery (sale)));
}

gboolean
rs_sale_field_delivery_from_text (const RsSaleFieldInfo  *info,
                                  RsSale                 *sale,
                                  const char             *text,
                                  GError                **error)
{
  RsDelivery delivery;

  /* rs_delivery_parse () ignores case itself. */
  if (!rs_delivery_parse (text, &delivery, error))
    return FALSE;

  rs_sale_set_delivery (sale, delivery);
  return TRUE;
}

char *
rs_sale_field_status_to_text (const RsSaleFieldInfo *info,
                              RsSale                *sale)
{
  return g_strdup (rs_sale_status_to_string (rs_sale_get_status (sale)));
}

gboolean
rs_sale_field_status_from_text (const RsSaleFieldInfo  *info,
                                RsSale                 *sale,
                                const char             *text,
                                GError                **error)
{
  RsSaleStatus status;

  /* rs_sale_status_parse () ignores case itself. */
  if (!rs_sale_status_parse (text, &status, error))
    return FALSE;

  rs_sale_set_status (sale, status);
  return TRUE;
}

/* "invoice:7:owner expiry:30:client" */
char *
rs_sale_field_reminders_to_text (const RsSaleFieldInfo *info,
                                 RsSale                *sale)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);
  GString *text;

  if (rules->len == 0)
    return g_strdup (NO_REMINDERS);

  text = g_string_new (NULL);
  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);

      g_string_append_printf (text, "%s%s:%u:%s", i > 0 ? " " : "",
                              rs_reminder_kind_to_string (rule->kind), rule->lead_days,
                              rs_audience_to_string (rule->audience));
    }

  return g_string_free (text, FALSE);
}

/* One word of the reminders: "invoice:7:owner" (the audience may be left out). */
static gboolean
reminder_from_word (const RsSaleFieldInfo  *info,
                    RsSale                 *sale,
                    char                   *word,
                    GError                **error)
{
  g_autofree char *lower = g_ascii_strdown (word, -1);
  char *lead_text = strchr (lower, ':');
  char *audience_text = lead_text != NULL ? strchr (lead_text + 1, ':') : NULL;
  RsReminderKind kind;
  RsAudience audience = RS_AUDIENCE_OWNER;
  gint64 lead_days;

  if (lead_text == NULL || (audience_text != NULL && strchr (audience_text + 1, ':') != NULL))
    {
      g_autofree char *shown = rs_text_for_message (word);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given; keep invoice:7:owner as it is */
                   _("The reminder “%s” is not written as kind:days:audience, like invoice:7:owner."),
                   shown);
      return FALSE;
    }
  *lead_text++ = '\0';
  if (audience_text != NULL)
    *audience_text++ = '\0';

  if (!rs_reminder_kind_parse (lower, &kind, error))
    return FALSE;
  if (audience_text != NULL && !rs_audience_parse (audience_text, &audience, error))
    return FALSE;

  return rs_sale_field_parse_number (lead_text, info->name, 0, RS_REMINDER_MAX_LEAD_DAYS,
                                     &lead_days, error) &&
         rs_sale_field_add_reminder (sale, kind, (guint) lead_days, audience, error);
}

/* The words the writer writes, or "none" for no reminders at all; they replace the sale's. */
gboolean
rs_sale_field_reminders_from_text (const RsSaleFieldInfo  *info,
                                   RsSale                 *sale,
                                   const char             *text,
                                   GError                **error)
{
  const char *cursor = text;
  char *word;

  rs_sale_clear_reminders (sale);
  if (g_ascii_strcasecmp (text, NO_REMINDERS) == 0)
    return TRUE;

  while ((word = next_word (&cursor)) != NULL)
    {
      g_autofree char *owned = word;

      if (!reminder_from_word (info, sale, owned, error))
        return FALSE;
    }

  return TRUE;
}

/* "2027-01-31:issued 2027-02-28:skipped" */
char *
rs_sale_field_occurrences_to_text (const RsSaleFieldInfo *info,
                                   RsSale                *sale)
{
  GArray *marked = rs_sale_get_marked_occurrences (sale);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < marked->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (marked, RsOccurrence, i);
      char date[11];

      rs_date_to_iso_buf (&occurrence->issue_date, date);
      g_string_append_printf (text, "%s%s:%s", i > 0 ? " " : "", date,
                              rs_occurrence_state_to_string (occurrence->state));
    }

  return g_string_free (text, FALSE);
}

gboolean
rs_sale_field_occurrences_from_text (const RsSaleFieldInfo  *info,
                                     RsSale                 *sale,
                                     const char             *text,
                                     GError                **error)
{
  const char *cursor = text;
  char *word;

  while ((word = next_word (&cursor)) != NULL)
    {
      g_autofree char *owned = word;
      char *colon = strchr (owned, ':');

      if (colon == NULL)
        {
          g_autofree char *shown = rs_text_for_message (owned);
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is what was given; keep 2027-01-31:issued as it is */
                       _("The occurrence “%s” is not written as date:state, like 2027-01-31:issued."),
                       shown);
          return FALSE;
        }
      *colon = '\0';

      if (!rs_sale_field_mark_occurrence (sale, owned, colon + 1, error))
        return FALSE;
    }

  return TRUE;
}
