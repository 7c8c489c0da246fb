/* rs-sale-validate.c: what a sale must be before it is stored
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * rs_sale_validate () is the one place that decides what may be stored, so the service, the
 * importers and the store all refuse the same things with the same sentences.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-text.h>
#include "rs-sale-private.h"

#define UID_MAX_CHARS                   64
#define CONTACT_UID_MAX_CHARS           200
#define PAYMENT_INSTRUCTIONS_MAX_CHARS  1000
#define MINUTES_PER_DAY                 (24 * 60)

/* The first control character of @text that is not allowed, or 0. U+2028 and U+2029 break
 * lines as surely as "\n" in some views, so single-line fields refuse them too. */
static gunichar
find_control (const char *text,
              gboolean    multiline)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\n' || c == '\t'))
        continue;
      if (g_unichar_iscntrl (c) || (!multiline && (c == 0x2028 || c == 0x2029)))
        return c;
    }

  return 0;
}

/* NULL, empty or only white space (of any script), in valid UTF-8. */
static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

typedef enum {
  TEXT_OPTIONAL  = 0,
  TEXT_REQUIRED  = 1 << 0,
  TEXT_MULTILINE = 1 << 1,
} TextRules;

/* Checks a free-text field: presence, UTF-8, length in characters and control characters.
 * @label is a translated fragment such as "The client name". */
static gboolean
check_text (const char  *text,
            const char  *label,
            guint        max_chars,
            TextRules    rules,
            GError     **error)
{
  g_autofree char *shown = NULL;
  glong n_chars;
  gunichar control;

  if (text == NULL && !(rules & TEXT_REQUIRED))
    return TRUE;

  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      shown = rs_text_for_message (text);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: first %s is a field, e.g. "The client name"; second the
                    * text given */
                   _("%s “%s” is not valid UTF-8 text."), label, shown);
      return FALSE;
    }

  if ((rules & TEXT_REQUIRED) && is_blank (text))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a field, e.g. "The client name" */
                   _("%s is missing."), label);
      return FALSE;
    }

  n_chars = g_utf8_strlen (text, -1);
  if ((gulong) n_chars > max_chars)
    {
      shown = rs_text_for_message (text);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: first %s is a field, e.g. "The client name"; second the text
                    * given (cut short); %ld and %u are numbers of characters */
                   _("%s “%s” is too long: it has %ld characters, and at most %u are allowed."),
                   label, shown, n_chars, max_chars);
      return FALSE;
    }

  control = find_control (text, (rules & TEXT_MULTILINE) != 0);
  if (control != 0)
    {
      shown = rs_text_for_message (text);
      if (rules & TEXT_MULTILINE)
        g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                     /* Translators: first %s is a field, e.g. "The note"; second the text given;
                      * U+%04X is the code of the refused character */
                     _("%s “%s” contains the control character U+%04X; "
                       "only line breaks and tabs are allowed."),
                     label, shown, control);
      else
        g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                     /* Translators: first %s is a field, e.g. "The client name"; second the text
                      * given; U+%04X is the code of the refused character */
                     _("%s “%s” contains the control character U+%04X; "
                       "it must be a single line of text."),
                     label, shown, control);
      return FALSE;
    }

  return TRUE;
}

/* 1–64 characters of [A-Za-z0-9._-]: safe in file names, D-Bus strings and component UIDs. */
static gboolean
check_uid (const char  *uid,
           const char  *label,
           GError     **error)
{
  gsize length = uid != NULL ? strlen (uid) : 0;
  gboolean valid = length >= 1 && length <= UID_MAX_CHARS;

  for (gsize i = 0; valid && i < length; i++)
    valid = g_ascii_isalnum (uid[i]) || uid[i] == '.' || uid[i] == '_' || uid[i] == '-';

  if (!valid)
    {
      g_autofree char *shown = rs_text_for_message (uid);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: first %s is a field, e.g. "The sale identifier"; second the
                    * text given; %d is a number of characters */
                   _("%s “%s” is not valid: "
                     "use 1 to %d letters, digits, dots, hyphens or underscores."),
                   label, shown, UID_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_amount (gint64    amount_minor,
              GError  **error)
{
  g_autofree char *amount_text = NULL;
  g_autofree char *max_text = NULL;

  if (amount_minor >= 0 && amount_minor <= RS_MONEY_MAX_MINOR)
    return TRUE;

  /* Numbers are formatted beforehand: G_GINT64_FORMAT inside _() would hide the string from
   * xgettext. */
  amount_text = g_strdup_printf ("%" G_GINT64_FORMAT, amount_minor);
  max_text = g_strdup_printf ("%" G_GINT64_FORMAT, RS_MONEY_MAX_MINOR);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: both %s are whole numbers */
               _("The amount %s is not valid: "
                 "it must be between 0 and %s in minor units (such as cents)."),
               amount_text, max_text);
  return FALSE;
}

static gboolean
check_notice (RsSale  *self,
              GError **error)
{
  GDate deadline;

  if (self->notice_days == -1)
    return TRUE;

  if (self->notice_days < 1 || self->notice_days > RS_SALE_MAX_NOTICE_DAYS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d are numbers of days */
                   _("The notice period of %d days is not valid: "
                     "it must be between 1 and %d days."),
                   self->notice_days, RS_SALE_MAX_NOTICE_DAYS);
      return FALSE;
    }

  /* Refuses an open-ended term and a deadline before the start, with its own sentences. */
  return rs_schedule_notice_deadline (&self->schedule, (guint) self->notice_days, &deadline, error);
}

static gboolean
check_payment (RsSale  *self,
               GError **error)
{
  if (self->prepay && self->iban == NULL && self->payment_instructions == NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("A client who prepays needs an IBAN or payment instructions "
                             "to pay to."));
      return FALSE;
    }

  if (self->iban != NULL)
    {
      g_autofree char *normalized = NULL;

      if (!rs_iban_validate (self->iban, &normalized, error))
        return FALSE;
      /* Stored compact and upper case, as the header promises. */
      g_free (self->iban);
      self->iban = g_steal_pointer (&normalized);
    }

  return check_text (self->payment_instructions, _("The payment instructions text"),
                     PAYMENT_INSTRUCTIONS_MAX_CHARS, TEXT_OPTIONAL | TEXT_MULTILINE, error);
}

static gboolean
check_reminder (RsSale                *self,
                guint                  index,
                GError               **error)
{
  const RsReminderRule *rule = g_ptr_array_index (self->reminders, index);
  GDate date;

  if ((guint) rule->kind > RS_REMINDER_KIND_NOTICE || (guint) rule->audience > RS_AUDIENCE_TEAM)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %u is the position of the reminder in the list, from 1 */
                   _("Reminder %u is not of a known kind or audience."), index + 1);
      return FALSE;
    }

  if (rule->lead_days > RS_REMINDER_MAX_LEAD_DAYS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %u are numbers of days */
                   _("The reminder lead time of %u days is not valid: "
                     "it must be between 0 and %u days."),
                   rule->lead_days, RS_REMINDER_MAX_LEAD_DAYS);
      return FALSE;
    }

  for (guint j = 0; j < index; j++)
    {
      if (rs_reminder_rule_equal (rule, g_ptr_array_index (self->reminders, j)))
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: the first %s is "invoice", "expiry" or "notice" and
                        * the last "owner", "client" or "team" (these stay in English); %u is a
                        * number of days */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The reminder “%s, %u day before, to the %s” is listed twice.",
                                    "The reminder “%s, %u days before, to the %s” is listed twice.",
                                    rule->lead_days),
                       rs_reminder_kind_to_string (rule->kind), rule->lead_days,
                       rs_audience_to_string (rule->audience));
          return FALSE;
        }
    }

  if (rule->kind == RS_REMINDER_KIND_EXPIRY && !rs_schedule_expiry_date (&self->schedule, &date))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("A reminder before the expiry needs a term end, "
                             "but this sale is open-ended."));
      return FALSE;
    }

  if (rule->kind == RS_REMINDER_KIND_NOTICE && !rs_sale_get_notice_deadline (self, &date))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("A reminder before the notice deadline needs notice days "
                             "and a term end."));
      return FALSE;
    }

  if (rule->audience == RS_AUDIENCE_CLIENT && self->client_email == NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("A reminder to the client needs the client’s e-mail address."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_reminders (RsSale  *self,
                 GError **error)
{
  if (self->reminders->len > RS_SALE_MAX_REMINDERS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d and %u are numbers of reminders */
                   _("A sale can have at most %d reminders; this one has %u."),
                   RS_SALE_MAX_REMINDERS, self->reminders->len);
      return FALSE;
    }

  for (guint i = 0; i < self->reminders->len; i++)
    {
      if (!check_reminder (self, i, error))
        return FALSE;
    }

  if (self->reminder_minutes >= MINUTES_PER_DAY)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %u and %d are numbers of minutes */
                   _("The reminder time %u is not valid: "
                     "it must be between 0 and %d minutes after midnight."),
                   self->reminder_minutes, MINUTES_PER_DAY - 1);
      return FALSE;
    }

  return TRUE;
}

/* How client reminders go out, and in which language (one with shipped templates). */
static gboolean
check_delivery (RsSale  *self,
                GError **error)
{
  if ((guint) self->delivery > RS_DELIVERY_OFF)
    {
      /* Only code can set a value outside the enumeration; the sentence is the parser's. */
      g_autofree char *number = g_strdup_printf ("%d", (int) self->delivery);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what was given; keep the four words untranslated */
                   _("The delivery “%s” is not one of default, draft, send or off."), number);
      return FALSE;
    }

  return rs_language_check (self->language, error);
}

/* A mark on a date that is not an issue date would project an instance that matches nothing
 * (a stray event in the calendar); it happens when marks come from a file or the schedule
 * changed under them. */
static gboolean
check_occurrences (RsSale  *self,
                   GError **error)
{
  for (guint i = 0; i < self->occurrences->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (self->occurrences, RsOccurrence, i);
      GDate next;
      g_autofree char *date_text = NULL;

      if (rs_schedule_next_issue_on_or_after (&self->schedule, &occurrence->issue_date, &next, NULL) &&
          g_date_compare (&next, &occurrence->issue_date) == 0)
        continue;

      date_text = rs_date_to_local (&occurrence->issue_date);
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a date as the user's language writes it
                    * (31/01/2027 in Greek) */
                   _("The date %s is marked as issued, prepaid or skipped, but it is not an issue date of this sale."),
                   date_text);
      return FALSE;
    }

  return TRUE;
}

gboolean
rs_sale_validate (RsSale  *self,
                  GError **error)
{
  g_return_val_if_fail (RS_IS_SALE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The order is the order of a form, so that the first problem reported is the first one
   * a person filling it in would meet. */
  if (!check_uid (self->uid, _("The sale identifier"), error))
    return FALSE;

  if (!check_text (self->client_name, _("The client name"), RS_SALE_MAX_NAME_CHARS,
                   TEXT_REQUIRED, error))
    return FALSE;

  if (self->client_email != NULL && !rs_email_validate (self->client_email, error))
    return FALSE;

  if (!check_text (self->contact_uid, _("The contact identifier"), CONTACT_UID_MAX_CHARS,
                   TEXT_OPTIONAL, error))
    return FALSE;

  if (!check_text (self->service, _("The service"), RS_SALE_MAX_NAME_CHARS, TEXT_REQUIRED, error))
    return FALSE;

  if (!check_amount (self->amount_minor, error) ||
      !rs_currency_validate (self->currency, error) ||
      !rs_schedule_validate (&self->schedule, error) ||
      !check_notice (self, error) ||
      !check_payment (self, error) ||
      !check_reminders (self, error) ||
      !check_delivery (self, error) ||
      !rs_sale_check_team (self, error))
    return FALSE;

  if (self->predecessor_uid != NULL &&
      !check_uid (self->predecessor_uid, _("The predecessor sale identifier"), error))
    return FALSE;

  if (self->successor_uid != NULL &&
      !check_uid (self->successor_uid, _("The successor sale identifier"), error))
    return FALSE;

  if (!check_occurrences (self, error) || !rs_sale_check_offer (self, error) ||
      !check_text (self->offer_note, _("The note of the renewal offer"), RS_SALE_MAX_NOTE_CHARS,
                   TEXT_OPTIONAL | TEXT_MULTILINE, error))
    return FALSE;

  return check_text (self->note, _("The note"), RS_SALE_MAX_NOTE_CHARS,
                     TEXT_OPTIONAL | TEXT_MULTILINE, error);
}
