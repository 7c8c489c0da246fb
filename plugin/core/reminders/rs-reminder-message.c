/* rs-reminder-message.c: the e-mail a client gets before an invoice, an expiry or a notice
 * deadline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Everything inside a message is in the message's language, which is the client's, not the
 * process locale's: nothing here goes through gettext except the errors, which are for the
 * owner. The sentences that {payment} and {renew} stand for are template files too
 * (payment-iban.txt, payment-instructions.txt, renew.txt next to invoice.txt…), so that a new
 * language is a folder of text files and the owner can reword them as freely as the rest. Only
 * what cannot be a text (how dates, months and amounts are written) is a small table below.
 * Finding, reading and filling the templates is rs-reminder-template.c's.
 *
 * A client who prepays gets a payment request rather than a notice before each invoice
 * (payment-request.txt): the agreement is that the invoice is paid by the day it is issued, so
 * the letter must say what a bank transfer needs — beneficiary, IBAN, amount, reference — and
 * by when.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-reminder-message.h>
#include <recurring-sales/rs-text.h>
#include "rs-reminder-template-private.h"

#define SUBJECT_PREFIX     "Subject: "
#define FALLBACK_DOMAIN    "recurring-sales.invalid"
#define FALLBACK_LANGUAGE  "en"

typedef struct {
  const char         *language;
  /* NULL: numeric day/month/year; else "31 January 2027" with these names. */
  const char * const *month_names;
  /* A month on its own, as an invoice names the month it is for ("February 2027"): Greek
   * writes the nominative there, not the genitive of a date. */
  const char * const *period_month_names;
  const char         *group_mark;
  const char         *decimal_mark;
  /* Symbol or code before the number ("€1,200.50", "CHF 1,200.50"), else after it with a
   * space ("1.200,50 €"). */
  gboolean            currency_first;
  /* {offer} in a team reminder, by RsOfferState; "%s" is the date. */
  const char * const *offer_words;
} LanguageFormat;

static const char * const english_months[] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

static const char * const greek_months[] = {
  "Ιανουάριος", "Φεβρουάριος", "Μάρτιος", "Απρίλιος", "Μάιος", "Ιούνιος",
  "Ιούλιος", "Αύγουστος", "Σεπτέμβριος", "Οκτώβριος", "Νοέμβριος", "Δεκέμβριος",
};

static const char * const english_offer_words[] = {
  "not sent yet", "sent on %s", "accepted on %s", "declined on %s",
};

static const char * const greek_offer_words[] = {
  "δεν έχει σταλεί ακόμα", "στάλθηκε στις %s", "έγινε δεκτή στις %s", "απορρίφθηκε στις %s",
};

static const LanguageFormat language_formats[] = {
  { "el", NULL, greek_months, ".", ",", FALSE, greek_offer_words },
  { "en", english_months, english_months, ",", ".", TRUE, english_offer_words },
};

static const char *
find_shipped_language (const char *name)
{
  const char * const *shipped_languages = rs_language_list_shipped ();

  for (guint i = 0; shipped_languages[i] != NULL; i++)
    {
      if (g_strcmp0 (name, shipped_languages[i]) == 0)
        return shipped_languages[i];
    }

  return NULL;
}

/* A client's message is in the sale's language; the team's in the owner's, which is the
 * desktop's (@sale NULL). */
static const char *
choose_language (RsSale *sale)
{
  const char * const *names;
  const char *found;

  if (sale != NULL && (found = find_shipped_language (rs_sale_get_language (sale))) != NULL)
    return found;

  /* g_get_language_names () lists "el_GR.UTF-8", "el_GR", "el.UTF-8", "el" for el_GR.UTF-8,
   * so an exact match finds the bare language too. */
  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if ((found = find_shipped_language (names[i])) != NULL)
        return found;
    }

  return FALLBACK_LANGUAGE;
}

static const LanguageFormat *
language_format (const char *language)
{
  for (guint i = 0; i < G_N_ELEMENTS (language_formats); i++)
    {
      if (g_strcmp0 (language_formats[i].language, language) == 0)
        return &language_formats[i];
    }

  return &language_formats[G_N_ELEMENTS (language_formats) - 1];
}

static char *
format_date (const LanguageFormat *format,
             const GDate          *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");

  if (format->month_names == NULL)
    return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (date), g_date_get_month (date),
                            g_date_get_year (date));

  return g_strdup_printf ("%u %s %04u", g_date_get_day (date),
                          format->month_names[g_date_get_month (date) - 1], g_date_get_year (date));
}

/* What an invoice issued on @issue_date is for: its month ("February 2027") when the sale is
 * invoiced by months or years, else the issue date itself, since several invoices of a sale
 * billed by days or weeks can fall in one month and each payment needs its own reference. */
static char *
format_period (const LanguageFormat *format,
               RsSale               *sale,
               const GDate          *issue_date)
{
  RsPeriodUnit unit = rs_sale_get_schedule (sale)->period.unit;

  if (unit != RS_PERIOD_UNIT_MONTH && unit != RS_PERIOD_UNIT_YEAR)
    return format_date (format, issue_date);

  return g_strdup_printf ("%s %04u", format->period_month_names[g_date_get_month (issue_date) - 1],
                          g_date_get_year (issue_date));
}

static char *
format_amount (const LanguageFormat *format,
               gint64                minor,
               const char           *currency)
{
  g_autofree char *decimal = rs_money_to_decimal (minor, currency);
  g_autoptr(GString) number = g_string_new (NULL);
  const char *digits = decimal;
  const char *point;
  const char *unit;
  size_t n_int;

  if (decimal == NULL)
    return g_strdup ("");

  if (*digits == '-')
    {
      g_string_append_c (number, '-');
      digits++;
    }

  point = strchr (digits, '.');
  n_int = point != NULL ? (size_t) (point - digits) : strlen (digits);
  for (size_t i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        g_string_append (number, format->group_mark);
      g_string_append_c (number, digits[i]);
    }
  if (point != NULL)
    {
      g_string_append (number, format->decimal_mark);
      g_string_append (number, point + 1);
    }

  if (currency == NULL || *currency == '\0')
    return g_string_free (g_steal_pointer (&number), FALSE);

  unit = rs_currency_symbol (currency);
  if (!format->currency_first)
    return g_strdup_printf ("%s %s", number->str, unit != NULL ? unit : currency);
  if (unit != NULL)
    return g_strdup_printf ("%s%s", unit, number->str);
  return g_strdup_printf ("%s %s", currency, number->str);
}

/* One line of text fit for a header or a display name: valid UTF-8, every control character
 * (CR, LF, TAB, the C1 set) and line separator a space, trimmed. */
static char *
single_line (const char *text)
{
  g_autofree char *valid = NULL;
  GString *line;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  line = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (line, ' ');
      else
        g_string_append_unichar (line, c);
    }

  return g_strstrip (g_string_free (line, FALSE));
}

static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

/* Whether the client pays in advance and the sale says how: then an invoice reminder is a
 * payment request. The sale's validation asks a prepaying sale for one of the two; an older
 * store may still hold one without. */
static gboolean
has_payment_details (RsSale *sale)
{
  return rs_sale_get_prepay (sale) &&
         (has_text (rs_sale_get_iban (sale)) || has_text (rs_sale_get_payment_instructions (sale)));
}

/* {payment}: how the client pays in advance, or "" when the client does not prepay. As in the
 * calendar, the IBAN wins over the instructions when both are set. {iban} and {instructions}
 * exist in these sentence files only; the letter's own placeholders ({beneficiary}, {amount},
 * {reference}, {pay_by}…) are there too. */
static char *
payment_sentence (RsSale      *sale,
                  const char  *language,
                  GHashTable  *letter_values,
                  GError     **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *iban = rs_sale_get_iban (sale);
  const char *instructions = rs_sale_get_payment_instructions (sale);
  GHashTableIter iter;
  gpointer key, value;

  if (!has_payment_details (sale))
    return g_strdup ("");

  g_hash_table_iter_init (&iter, letter_values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (values, g_strdup (key), g_strdup (value));

  if (has_text (iban))
    {
      g_hash_table_insert (values, g_strdup ("iban"), rs_iban_format_print (iban));
      return rs_reminder_template_fill_sentence (language, "payment-iban", values, error);
    }

  g_hash_table_insert (values, g_strdup ("instructions"), g_strdup (instructions));
  return rs_reminder_template_fill_sentence (language, "payment-instructions", values, error);
}

/* The name a login gives: GLib's g_get_real_name () falls back to it, and so does an account
 * set up without a name (root's is "root"). A client must never see it as a signature. */
static gboolean
is_login_name (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name));

  return g_strcmp0 (trimmed, g_get_user_name ()) == 0;
}

/* {business} and {beneficiary}: the business-name setting, else the identity's organization,
 * else its full name unless that is a login name; NULL when none is known, and then the
 * lines that show them are left out. */
static const char *
sender_business (const RsSender *sender)
{
  if (sender == NULL)
    return NULL;
  if (has_text (sender->business_name))
    return sender->business_name;
  if (has_text (sender->organization))
    return sender->organization;
  if (has_text (sender->name) && !is_login_name (sender->name))
    return sender->name;
  return NULL;
}

/* {reference}: what the client writes on the transfer, so that the owner can tell whose
 * payment it is and for which invoice: "Acme Ltd — Web hosting — February 2027". */
static char *
payment_reference (RsSale     *sale,
                   const char *period)
{
  g_autofree char *client = single_line (rs_sale_get_client_name (sale));
  g_autofree char *service = single_line (rs_sale_get_service (sale));

  return g_strdup_printf ("%s — %s — %s", client, service, period);
}

static GHashTable *
placeholder_values (RsSale               *sale,
                    RsReminderKind        kind,
                    const GDate          *occurrence,
                    const RsSender       *sender,
                    const LanguageFormat *format)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *business = sender_business (sender);
  const GDate *issue_date = kind == RS_REMINDER_KIND_INVOICE ? occurrence : NULL;
  g_autofree char *period = NULL;
  GDate expiry, deadline;
  gboolean has_expiry, has_deadline;

  has_expiry = rs_schedule_expiry_date (rs_sale_get_schedule (sale), &expiry);
  has_deadline = rs_sale_get_notice_deadline (sale, &deadline);
  /* The message is about @occurrence, even if the sale changed since it fell due. */
  if (kind == RS_REMINDER_KIND_EXPIRY)
    {
      expiry = *occurrence;
      has_expiry = TRUE;
    }
  else if (kind == RS_REMINDER_KIND_NOTICE)
    {
      deadline = *occurrence;
      has_deadline = TRUE;
    }

  /* Names are one-line fields: a stray line break in one must not split the greeting (or a
   * subject) in two. The payment instructions alone may span lines. */
  g_hash_table_insert (values, g_strdup ("client"), single_line (rs_sale_get_client_name (sale)));
  g_hash_table_insert (values, g_strdup ("service"), single_line (rs_sale_get_service (sale)));
  g_hash_table_insert (values, g_strdup ("amount"),
                       format_amount (format, rs_sale_get_amount_minor (sale), rs_sale_get_currency (sale)));
  g_hash_table_insert (values, g_strdup ("issue_date"), format_date (format, issue_date));
  g_hash_table_insert (values, g_strdup ("expiry_date"), format_date (format, has_expiry ? &expiry : NULL));
  g_hash_table_insert (values, g_strdup ("notice_date"), format_date (format, has_deadline ? &deadline : NULL));
  g_hash_table_insert (values, g_strdup ("business"), single_line (business));
  g_hash_table_insert (values, g_strdup ("beneficiary"), single_line (business));

  /* What a payment needs exists for an invoice only: a prepaying client pays it by the day it
   * is issued. */
  period = issue_date != NULL ? format_period (format, sale, issue_date) : NULL;
  g_hash_table_insert (values, g_strdup ("pay_by"), format_date (format, issue_date));
  g_hash_table_insert (values, g_strdup ("period"), g_strdup (period != NULL ? period : ""));
  g_hash_table_insert (values, g_strdup ("reference"),
                       period != NULL ? payment_reference (sale, period) : g_strdup (""));
  return values;
}

/* {offer}: where the renewal offer stands, "sent on 1 December 2026, €135.00: a note". */
static char *
offer_text (RsSale               *sale,
            const LanguageFormat *format)
{
  RsOfferState state = rs_sale_get_offer_state (sale);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *date = NULL;
  GDate offered;

  date = rs_sale_get_offer_date (sale, &offered) ? format_date (format, &offered) : g_strdup ("");
  /* The words are ours, one "%s" at most: not a format from outside. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_string_append_printf (text, format->offer_words[state], date);
#pragma GCC diagnostic pop
  if (rs_sale_get_offer_amount_minor (sale) >= 0)
    {
      g_autofree char *amount = format_amount (format, rs_sale_get_offer_amount_minor (sale),
                                               rs_sale_get_currency (sale));
      g_string_append_printf (text, ", %s", amount);
    }
  if (has_text (rs_sale_get_offer_note (sale)))
    {
      g_autofree char *note = single_line (rs_sale_get_offer_note (sale));
      g_string_append_printf (text, ": %s", note);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What a team reminder says besides the client's letter: the client's address (whom to
 * contact), the period in words and the offer. */
static void
add_team_values (GHashTable           *values,
                 RsSale               *sale,
                 const LanguageFormat *format)
{
  g_hash_table_insert (values, g_strdup ("client_email"),
                       single_line (rs_sale_get_client_email (sale)));
  g_hash_table_insert (values, g_strdup ("period_words"),
                       rs_period_describe (&rs_sale_get_schedule (sale)->period));
  g_hash_table_insert (values, g_strdup ("offer"), offer_text (sale, format));
}

gboolean
rs_reminder_message_compose (RsSale          *sale,
                             RsReminderKind   kind,
                             const GDate     *occurrence,
                             const RsSender  *sender,
                             char           **out_subject,
                             char           **out_body,
                             GError         **error)
{
  return rs_reminder_message_compose_for (sale, kind, RS_AUDIENCE_CLIENT, occurrence, sender,
                                          out_subject, out_body, error);
}

gboolean
rs_reminder_message_compose_for (RsSale          *sale,
                                 RsReminderKind   kind,
                                 RsAudience       audience,
                                 const GDate     *occurrence,
                                 const RsSender  *sender,
                                 char           **out_subject,
                                 char           **out_body,
                                 GError         **error)
{
  g_autofree char *team_name = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *renew = NULL;
  const char *names[] = { rs_reminder_kind_to_string (kind), NULL, NULL };
  gboolean for_team = audience == RS_AUDIENCE_TEAM;
  const LanguageFormat *format;
  const char *language;
  const char *newline;
  const char *body;

  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, FALSE);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  language = choose_language (for_team ? NULL : sale);
  format = language_format (language);
  values = placeholder_values (sale, kind, occurrence, sender, format);

  if (for_team)
    {
      /* team-expiry.txt…: an internal note, in the owner's language. */
      team_name = g_strconcat ("team-", rs_reminder_kind_to_string (kind), NULL);
      names[0] = team_name;
      add_team_values (values, sale, format);
    }
  /* The owner's own invoice.txt, written before payment requests existed, still wins over the
   * shipped payment request: it is their letter. */
  else if (kind == RS_REMINDER_KIND_INVOICE && has_payment_details (sale))
    {
      names[0] = "payment-request";
      names[1] = rs_reminder_kind_to_string (kind);
    }

  if (!rs_reminder_template_load (language, names, &text, &path, error))
    return FALSE;

  if (!g_str_has_prefix (text, SUBJECT_PREFIX))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name; keep "Subject: " in English, it is what the
                    * file must start with */
                   _("The message template %s must start with a line “Subject: …”."), display);
      return FALSE;
    }

  /* The sentence files are read only for a template that uses them: a broken renew.txt does
   * not stop the invoice reminders. */
  if (strstr (text, "{payment}") != NULL)
    {
      if ((payment = payment_sentence (sale, language, values, error)) == NULL)
        return FALSE;
      g_hash_table_insert (values, g_strdup ("payment"), g_steal_pointer (&payment));
    }
  if (strstr (text, "{renew}") != NULL)
    {
      if ((renew = rs_reminder_template_fill_sentence (language, "renew", values, error)) == NULL)
        return FALSE;
      g_hash_table_insert (values, g_strdup ("renew"), g_steal_pointer (&renew));
    }

  newline = strchr (text, '\n');
  if (newline != NULL)
    {
      g_autofree char *line = g_strndup (text + strlen (SUBJECT_PREFIX),
                                         (gsize) (newline - text) - strlen (SUBJECT_PREFIX));
      g_autofree char *filled = rs_reminder_template_fill (line, values);

      subject = single_line (filled);
      body = newline + 1;
      /* The empty line that separates the subject from the body is not part of the body. */
      if (*body == '\n')
        body++;
    }
  else
    {
      g_autofree char *filled = rs_reminder_template_fill (text + strlen (SUBJECT_PREFIX), values);

      subject = single_line (filled);
      body = "";
    }

  if (out_body != NULL)
    {
      g_autofree char *filled = rs_reminder_template_fill (body, values);

      /* Values may hold CR (a pasted note); the body has LF line ends only. */
      *out_body = rs_reminder_template_normalize_newlines (filled);
    }
  if (out_subject != NULL)
    *out_subject = g_steal_pointer (&subject);
  return TRUE;
}

/* The domain of @address when it is a plain host name, else the fallback: it ends up inside a
 * header, so nothing but letters, digits, dots and hyphens may pass. */
static const char *
message_id_domain (const char *address)
{
  const char *at = address != NULL ? strrchr (address, '@') : NULL;
  const char *domain;

  if (at == NULL || at[1] == '\0')
    return FALLBACK_DOMAIN;

  domain = at + 1;
  for (const char *p = domain; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
        return FALLBACK_DOMAIN;
    }

  return domain;
}

char *
rs_reminder_message_id (const char     *sale_uid,
                        RsReminderKind  kind,
                        guint           lead_days,
                        const GDate    *occurrence,
                        const char     *sender_address)
{
  return rs_reminder_message_id_for (sale_uid, kind, RS_AUDIENCE_CLIENT, lead_days, occurrence,
                                     sender_address);
}

char *
rs_reminder_message_id_for (const char     *sale_uid,
                            RsReminderKind  kind,
                            RsAudience      audience,
                            guint           lead_days,
                            const GDate    *occurrence,
                            const char     *sender_address)
{
  g_autofree char *key = NULL;
  g_autofree char *digest = NULL;
  char date[11];

  g_return_val_if_fail (sale_uid != NULL, NULL);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, NULL);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), NULL);

  /* Deterministic: a message delivered before a crash is recognised by its Message-ID when the
   * reminder is delivered again. */
  rs_date_to_iso_buf (occurrence, date);
  key = g_strdup_printf ("%s\n%s\n%u\n%s", sale_uid, rs_reminder_kind_to_string (kind), lead_days, date);
  /* The client's key is as it always was: messages sent before teams existed keep their ids. */
  if (audience == RS_AUDIENCE_TEAM)
    {
      char *team_key = g_strconcat (key, "\nteam", NULL);

      g_free (key);
      key = team_key;
    }
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("<rs.%.32s@%s>", digest, message_id_domain (sender_address));
}

/* camel_mime_message_set_date () wants the offset as a decimal ±HHMM. */
static int
local_offset_hhmm (gint64 date)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (date);
  gint64 seconds;
  int sign = 1;

  if (when == NULL)
    return 0;

  seconds = g_date_time_get_utc_offset (when) / G_TIME_SPAN_SECOND;
  if (seconds < 0)
    {
      sign = -1;
      seconds = -seconds;
    }

  return sign * (int) ((seconds / 3600) * 100 + (seconds / 60) % 60);
}

/* An address for a header: the display name cleaned to one line, the address as given. Both
 * go to Camel separately, which quotes and encodes the name: no text a user typed is ever
 * parsed as an address list. */
static CamelInternetAddress *
new_address (const char *name,
             const char *address)
{
  CamelInternetAddress *result = camel_internet_address_new ();
  g_autofree char *clean_name = single_line (name);
  g_autofree char *clean_address = single_line (address);

  camel_internet_address_add (result, *clean_name != '\0' ? clean_name : NULL, clean_address);
  return result;
}

CamelMimeMessage *
rs_reminder_message_build (RsSale          *sale,
                           RsReminderKind   kind,
                           guint            lead_days,
                           const GDate     *occurrence,
                           const RsSender  *sender,
                           gint64           date,
                           GError         **error)
{
  return rs_reminder_message_build_for (sale, kind, RS_AUDIENCE_CLIENT, lead_days, occurrence,
                                        sender, NULL, date, error);
}

/* To: the client, or each of the team; every address checked again, since it goes into a
 * header as it is. */
static CamelInternetAddress *
message_recipients (RsSale             *sale,
                    RsAudience          audience,
                    const char * const *team,
                    GError            **error)
{
  g_autoptr(CamelInternetAddress) to = NULL;
  const char *client_email = rs_sale_get_client_email (sale);

  if (audience == RS_AUDIENCE_TEAM)
    {
      if (team == NULL || team[0] == NULL)
        {
          g_autofree char *shown = rs_text_for_message (rs_sale_get_uid (sale));

          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is the identifier of a sale */
                       _("The sale %s has no team to send the reminder to: give it one with "
                         "--team, or set team-addresses."), shown);
          return NULL;
        }

      to = camel_internet_address_new ();
      for (guint i = 0; team[i] != NULL; i++)
        {
          g_autofree char *address = single_line (team[i]);

          if (!rs_email_validate (address, error))
            return NULL;
          camel_internet_address_add (to, NULL, address);
        }
      return g_steal_pointer (&to);
    }

  if (client_email == NULL || *client_email == '\0')
    {
      g_autofree char *shown = rs_text_for_message (rs_sale_get_uid (sale));

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the identifier of a sale */
                   _("The sale %s has no client e-mail address to send the reminder to."), shown);
      return NULL;
    }

  /* The address goes into To as it is: one that is not a single valid address (from a store
   * written before validation, or a bug) gives no message, rather than one to someone else. */
  if (!rs_email_validate (client_email, error))
    return NULL;

  return new_address (rs_sale_get_client_name (sale), client_email);
}

CamelMimeMessage *
rs_reminder_message_build_for (RsSale             *sale,
                               RsReminderKind      kind,
                               RsAudience          audience,
                               guint               lead_days,
                               const GDate        *occurrence,
                               const RsSender     *sender,
                               const char * const *team,
                               gint64              date,
                               GError            **error)
{
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(CamelInternetAddress) from = NULL;
  g_autoptr(CamelInternetAddress) to = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *reminder = NULL;
  char iso[11];

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, NULL);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), NULL);
  g_return_val_if_fail (sender != NULL && sender->address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  to = message_recipients (sale, audience, team, error);
  if (to == NULL)
    return NULL;

  if (!rs_reminder_message_compose_for (sale, kind, audience, occurrence, sender, &subject, &body,
                                        error))
    return NULL;

  message = camel_mime_message_new ();
  from = new_address (sender->name, sender->address);
  camel_mime_message_set_from (message, from);
  camel_mime_message_set_recipients (message, CAMEL_RECIPIENT_TYPE_TO, to);
  /* Camel encodes a non-ASCII subject (RFC 2047) itself. */
  camel_mime_message_set_subject (message, subject);
  camel_mime_message_set_date (message, (time_t) date, local_offset_hhmm (date));

  /* Camel adds the angle brackets. */
  message_id = rs_reminder_message_id_for (rs_sale_get_uid (sale), kind, audience, lead_days,
                                           occurrence, sender->address);
  message_id[strlen (message_id) - 1] = '\0';
  camel_mime_message_set_message_id (message, message_id + 1);

  uid = single_line (rs_sale_get_uid (sale));
  rs_date_to_iso_buf (occurrence, iso);
  /* The team's says so: a filter on the team's side can sort them. The client's is as it was. */
  reminder = g_strdup_printf ("%s %u %s%s", rs_reminder_kind_to_string (kind), lead_days, iso,
                              audience == RS_AUDIENCE_TEAM ? " team" : "");
  camel_medium_add_header (CAMEL_MEDIUM (message), "X-Recurring-Sale-UID", uid);
  camel_medium_add_header (CAMEL_MEDIUM (message), "X-Recurring-Sale-Reminder", reminder);

  camel_mime_part_set_content (CAMEL_MIME_PART (message), body, (int) strlen (body),
                               "text/plain; charset=utf-8");
  /* 7-bit safe on any transport, and still readable as source for mostly-ASCII English. */
  camel_mime_part_set_encoding (CAMEL_MIME_PART (message), CAMEL_TRANSFER_ENCODING_QUOTEDPRINTABLE);

  return g_steal_pointer (&message);
}
