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
 * what cannot be a text (how dates and amounts are written) is a small table below.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-reminder-message.h>
#include <recurring-sales/rs-text.h>

/* Larger than any sensible letter; a bigger file is more likely a mistake than a template. */
#define MAX_TEMPLATE_BYTES (64 * 1024)
#define SUBJECT_PREFIX     "Subject: "
#define FALLBACK_DOMAIN    "recurring-sales.invalid"
#define FALLBACK_LANGUAGE  "en"

typedef struct {
  const char         *language;
  /* NULL: numeric day/month/year; else "31 January 2027" with these names. */
  const char * const *month_names;
  const char         *group_mark;
  const char         *decimal_mark;
  /* Symbol or code before the number ("€1,200.50", "CHF 1,200.50"), else after it with a
   * space ("1.200,50 €"). */
  gboolean            currency_first;
} LanguageFormat;

static const char * const english_months[] = {
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
};

static const LanguageFormat language_formats[] = {
  { "el", NULL, ".", ",", FALSE },
  { "en", english_months, ",", ".", TRUE },
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

static const char *
choose_language (RsSale *sale)
{
  const char * const *names;
  const char *found;

  if ((found = find_shipped_language (rs_sale_get_language (sale))) != NULL)
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

/* LF line ends only: templates edited on other systems may carry CR LF or CR. */
static char *
normalize_newlines (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        {
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

/* The length of "{word}" at @p (word: a–z and '_'), or 0 when @p does not start one. */
static size_t
placeholder_length (const char *p)
{
  size_t n = 1;

  if (*p != '{')
    return 0;

  while (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z'))
    n++;

  return n > 1 && p[n] == '}' ? n + 1 : 0;
}

static const char *
lookup_placeholder (GHashTable *values,
                    const char *p,
                    size_t      length)
{
  g_autofree char *word = g_strndup (p + 1, length - 2);

  return g_hash_table_lookup (values, word);
}

/* Whether @line (without its newline) is one known placeholder, maybe with spaces around,
 * whose value is empty: such a line ("{payment}" when the client does not prepay) is left out
 * rather than leaving a gap in the letter. */
static gboolean
is_empty_placeholder_line (const char *line,
                           size_t      length,
                           GHashTable *values)
{
  size_t start = 0, end = length, n;
  const char *value;

  while (start < end && (line[start] == ' ' || line[start] == '\t'))
    start++;
  while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
    end--;

  n = placeholder_length (line + start);
  if (n == 0 || start + n != end)
    return FALSE;

  value = lookup_placeholder (values, line + start, n);
  return value != NULL && *value == '\0';
}

/* Replaces the known placeholders of @text in one pass: a value is inserted as it is, so a
 * client called "{client}" is not expanded again. Unknown words in braces stay. */
static char *
fill (const char *text,
      GHashTable *values)
{
  GString *out = g_string_sized_new (strlen (text) + 256);
  const char *line = text;

  while (*line != '\0')
    {
      const char *newline = strchr (line, '\n');
      size_t length = newline != NULL ? (size_t) (newline - line) : strlen (line);
      const char *next = newline != NULL ? newline + 1 : line + length;

      if (!is_empty_placeholder_line (line, length, values))
        {
          for (size_t i = 0; i < length;)
            {
              size_t n = placeholder_length (line + i);
              const char *value = NULL;

              if (n > 0 && i + n <= length)
                value = lookup_placeholder (values, line + i, n);

              if (value != NULL)
                {
                  g_string_append (out, value);
                  i += n;
                }
              else
                {
                  g_string_append_c (out, line[i]);
                  i++;
                }
            }
          if (newline != NULL)
            g_string_append_c (out, '\n');
        }

      line = next;
    }

  return g_string_free (out, FALSE);
}

static const char *
shipped_templates_dir (void)
{
  const char *dir = g_getenv ("RS_TEMPLATES_DIR");

  return dir != NULL && *dir != '\0' ? dir : RS_TEMPLATESDIR;
}

/* Reads one template file. FALSE with no error when it does not exist (the next place is
 * tried); FALSE with an error naming the file when it exists but cannot be used. */
static gboolean
read_template_file (const char  *path,
                    char       **out_text,
                    GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *start;
  GStatBuf st;
  gsize length;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        return FALSE;

      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %1$s is a file name, %2$s why it could not be read */
                   _("The message template %1$s could not be read: %2$s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  /* Checked before reading, so that a huge file is never loaded. */
  if ((guint64) st.st_size > MAX_TEMPLATE_BYTES)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name */
                   _("The message template %s is larger than 64 KiB."), display);
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   _("The message template %1$s could not be read: %2$s"),
                   display, local_error->message);
      return FALSE;
    }

  /* It may have grown since it was looked at. */
  if (length > MAX_TEMPLATE_BYTES)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("The message template %s is larger than 64 KiB."), display);
      return FALSE;
    }

  /* A NUL byte counts as invalid, so a binary file is refused here too. */
  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a file name */
                   _("The message template %s is not valid UTF-8 text."), display);
      return FALSE;
    }

  /* Some editors start UTF-8 files with a byte order mark. */
  start = g_str_has_prefix (contents, "\xEF\xBB\xBF") ? contents + 3 : contents;
  *out_text = normalize_newlines (start);
  return TRUE;
}

/* The text of template @name ("invoice", "renew"…) in @language: the owner's, else the
 * shipped one. */
static gboolean
load_template (const char  *language,
               const char  *name,
               char       **out_text,
               char       **out_path,
               GError     **error)
{
  g_autofree char *file_name = g_strconcat (name, ".txt", NULL);
  g_autofree char *user_path = g_build_filename (g_get_user_config_dir (), "evolution-recurring-sales",
                                                 "templates", language, file_name, NULL);
  g_autofree char *shipped_path = g_build_filename (shipped_templates_dir (), language, file_name, NULL);
  const char *paths[] = { user_path, shipped_path };
  g_autofree char *display = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      GError *local_error = NULL;

      if (read_template_file (paths[i], out_text, &local_error))
        {
          if (out_path != NULL)
            *out_path = g_strdup (paths[i]);
          return TRUE;
        }

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }

  display = g_filename_display_name (shipped_path);
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is a file name */
               _("The message template %s is missing."), display);
  return FALSE;
}

/* A sentence template ({payment}, {renew}): one paragraph, filled, without the line end the
 * file has. */
static char *
fill_sentence (const char  *language,
               const char  *name,
               GHashTable  *values,
               GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *filled = NULL;
  size_t length;

  if (!load_template (language, name, &text, NULL, error))
    return NULL;

  filled = fill (text, values);
  length = strlen (filled);
  while (length > 0 && g_ascii_isspace (filled[length - 1]))
    filled[--length] = '\0';

  return g_steal_pointer (&filled);
}

/* {payment}: how the client can pay in advance, or "" when the client does not prepay. As in
 * the calendar, the IBAN wins over the instructions when both are set. {iban} and
 * {instructions} exist in these sentence files only. */
static char *
payment_sentence (RsSale      *sale,
                  const char  *language,
                  GError     **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *iban = rs_sale_get_iban (sale);
  const char *instructions = rs_sale_get_payment_instructions (sale);

  if (!rs_sale_get_prepay (sale))
    return g_strdup ("");

  if (iban != NULL && *iban != '\0')
    {
      g_hash_table_insert (values, g_strdup ("iban"), rs_iban_format_print (iban));
      return fill_sentence (language, "payment-iban", values, error);
    }

  if (instructions != NULL && *instructions != '\0')
    {
      g_hash_table_insert (values, g_strdup ("instructions"), g_strdup (instructions));
      return fill_sentence (language, "payment-instructions", values, error);
    }

  return g_strdup ("");
}

static GHashTable *
placeholder_values (RsSale               *sale,
                    RsReminderKind        kind,
                    const GDate          *occurrence,
                    const RsSender       *sender,
                    const LanguageFormat *format)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *business = NULL;
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

  if (sender != NULL)
    business = sender->business_name != NULL && *sender->business_name != '\0'
               ? sender->business_name : sender->name;

  /* Names are one-line fields: a stray line break in one must not split the greeting (or a
   * subject) in two. The payment instructions alone may span lines. */
  g_hash_table_insert (values, g_strdup ("client"), single_line (rs_sale_get_client_name (sale)));
  g_hash_table_insert (values, g_strdup ("service"), single_line (rs_sale_get_service (sale)));
  g_hash_table_insert (values, g_strdup ("amount"),
                       format_amount (format, rs_sale_get_amount_minor (sale), rs_sale_get_currency (sale)));
  g_hash_table_insert (values, g_strdup ("issue_date"),
                       format_date (format, kind == RS_REMINDER_KIND_INVOICE ? occurrence : NULL));
  g_hash_table_insert (values, g_strdup ("expiry_date"), format_date (format, has_expiry ? &expiry : NULL));
  g_hash_table_insert (values, g_strdup ("notice_date"), format_date (format, has_deadline ? &deadline : NULL));
  g_hash_table_insert (values, g_strdup ("business"), single_line (business));
  return values;
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
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *payment = NULL;
  g_autofree char *renew = NULL;
  const LanguageFormat *format;
  const char *language;
  const char *newline;
  const char *body;

  g_return_val_if_fail (RS_IS_SALE (sale), FALSE);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, FALSE);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  language = choose_language (sale);
  format = language_format (language);
  values = placeholder_values (sale, kind, occurrence, sender, format);

  if (!load_template (language, rs_reminder_kind_to_string (kind), &text, &path, error))
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
      if ((payment = payment_sentence (sale, language, error)) == NULL)
        return FALSE;
      g_hash_table_insert (values, g_strdup ("payment"), g_steal_pointer (&payment));
    }
  if (strstr (text, "{renew}") != NULL)
    {
      if ((renew = fill_sentence (language, "renew", values, error)) == NULL)
        return FALSE;
      g_hash_table_insert (values, g_strdup ("renew"), g_steal_pointer (&renew));
    }

  newline = strchr (text, '\n');
  if (newline != NULL)
    {
      g_autofree char *line = g_strndup (text + strlen (SUBJECT_PREFIX),
                                         (gsize) (newline - text) - strlen (SUBJECT_PREFIX));
      g_autofree char *filled = fill (line, values);

      subject = single_line (filled);
      body = newline + 1;
      /* The empty line that separates the subject from the body is not part of the body. */
      if (*body == '\n')
        body++;
    }
  else
    {
      g_autofree char *filled = fill (text + strlen (SUBJECT_PREFIX), values);

      subject = single_line (filled);
      body = "";
    }

  if (out_body != NULL)
    {
      g_autofree char *filled = fill (body, values);

      /* Values may hold CR (a pasted note); the body has LF line ends only. */
      *out_body = normalize_newlines (filled);
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
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(CamelInternetAddress) from = NULL;
  g_autoptr(CamelInternetAddress) to = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *reminder = NULL;
  const char *client_email;
  char iso[11];

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);
  g_return_val_if_fail ((guint) kind <= RS_REMINDER_KIND_NOTICE, NULL);
  g_return_val_if_fail (occurrence != NULL && g_date_valid (occurrence), NULL);
  g_return_val_if_fail (sender != NULL && sender->address != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  client_email = rs_sale_get_client_email (sale);
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

  if (!rs_reminder_message_compose (sale, kind, occurrence, sender, &subject, &body, error))
    return NULL;

  message = camel_mime_message_new ();
  from = new_address (sender->name, sender->address);
  to = new_address (rs_sale_get_client_name (sale), client_email);
  camel_mime_message_set_from (message, from);
  camel_mime_message_set_recipients (message, CAMEL_RECIPIENT_TYPE_TO, to);
  /* Camel encodes a non-ASCII subject (RFC 2047) itself. */
  camel_mime_message_set_subject (message, subject);
  camel_mime_message_set_date (message, (time_t) date, local_offset_hhmm (date));

  /* Camel adds the angle brackets. */
  message_id = rs_reminder_message_id (rs_sale_get_uid (sale), kind, lead_days, occurrence, sender->address);
  message_id[strlen (message_id) - 1] = '\0';
  camel_mime_message_set_message_id (message, message_id + 1);

  uid = single_line (rs_sale_get_uid (sale));
  rs_date_to_iso_buf (occurrence, iso);
  reminder = g_strdup_printf ("%s %u %s", rs_reminder_kind_to_string (kind), lead_days, iso);
  camel_medium_add_header (CAMEL_MEDIUM (message), "X-Recurring-Sale-UID", uid);
  camel_medium_add_header (CAMEL_MEDIUM (message), "X-Recurring-Sale-Reminder", reminder);

  camel_mime_part_set_content (CAMEL_MIME_PART (message), body, (int) strlen (body),
                               "text/plain; charset=utf-8");
  /* 7-bit safe on any transport, and still readable as source for mostly-ASCII English. */
  camel_mime_part_set_encoding (CAMEL_MIME_PART (message), CAMEL_TRANSFER_ENCODING_QUOTEDPRINTABLE);

  return g_steal_pointer (&message);
}
