/* test-hostile.c: hostile text in every field of a sale (issue #7) — what validation refuses,
 * and that what it accepts never becomes iCalendar structure, a mail header or SQL
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The text fields are the client name, e-mail address, contact uid, service, currency, IBAN,
 * language and sale uid (single-line), and the note and payment instructions (multi-line: line
 * feeds and tabs allowed). Each gets CR, LF, CRLF, the other C0 and C1 controls, U+2028/U+2029
 * and very long text; then the accepted text goes through the projection (the calendar and the
 * .ics export), the client's reminder e-mail (serialised as it would be sent) and the store
 * (with SQL metacharacters). The importers meet a non-UTF-8 CSV, a CSV bomb and a JSON bomb.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include <glib/gstdio.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-autocleanups.h>
#include <recurring-sales/rs-reminder-message.h>
#include "rs-store-writer.h"
#include "rs-test-message.h"
#include "rs-test-sales.h"
#include "rs-test-util.h"

static char *config_home;

/* A failure that does not end the test: each one is listed, the test fails at its end. */
#define record_failure(...) \
  G_STMT_START { g_test_message (__VA_ARGS__); g_test_fail_printf (__VA_ARGS__); } G_STMT_END

static const RsSender sender = {
  "Maria Papadopoulou", "maria@papadopoulou.example", "Papadopoulou Web", NULL,
};

/* Put inside an otherwise valid value: every way to break a line or smuggle a control. */
static const struct {
  const char *name;
  const char *text;
} breakers[] = {
  { "CR", "\r" },
  { "LF", "\n" },
  { "CRLF", "\r\n" },
  { "TAB", "\t" },
  { "SOH", "\x01" },
  { "ESC", "\x1b[31m" },
  { "DEL", "\x7f" },
  { "NEL (U+0085)", "\xc2\x85" },
  { "LINE SEPARATOR (U+2028)", "\xe2\x80\xa8" },
  { "PARAGRAPH SEPARATOR (U+2029)", "\xe2\x80\xa9" },
  { "iCalendar property", "\r\nATTENDEE:mailto:evil@example.com" },
  { "mail header", "\r\nBcc: evil@example.com" },
};

typedef enum {
  FIELD_UID,
  FIELD_CLIENT,
  FIELD_EMAIL,
  FIELD_CONTACT_UID,
  FIELD_SERVICE,
  FIELD_CURRENCY,
  FIELD_IBAN,
  FIELD_LANGUAGE,
  FIELD_PAYMENT_INSTRUCTIONS,
  FIELD_NOTE,
  N_FIELDS
} Field;

/* Each field: a valid value, and what the refusal must say to name the field. */
static const struct {
  const char *name;
  const char *valid;
  const char *label;
  gboolean    multiline;
} fields[N_FIELDS] = {
  [FIELD_UID]                  = { "uid", "hostile-1", "The sale identifier", FALSE },
  [FIELD_CLIENT]               = { "client", "Acme Ltd", "The client name", FALSE },
  [FIELD_EMAIL]                = { "email", "billing@acme.example", "The e-mail address", FALSE },
  [FIELD_CONTACT_UID]          = { "contact uid", "pas-id-4B1D2C3E", "The contact identifier", FALSE },
  [FIELD_SERVICE]              = { "service", "Web hosting", "The service", FALSE },
  [FIELD_CURRENCY]             = { "currency", "EUR", "ISO 4217 currency code", FALSE },
  [FIELD_IBAN]                 = { "iban", "GR1601101250000000012300695", "IBAN", FALSE },
  [FIELD_LANGUAGE]             = { "language", "en", "The language", FALSE },
  [FIELD_PAYMENT_INSTRUCTIONS] = { "payment instructions", "Bank transfer.",
                                   "The payment instructions text", TRUE },
  [FIELD_NOTE]                 = { "note", "Renewal offered.", "The note", TRUE },
};

static void
set_field (RsSale     *sale,
           Field       field,
           const char *value)
{
  switch (field)
    {
    case FIELD_UID: rs_sale_set_uid (sale, value); break;
    case FIELD_CLIENT: rs_sale_set_client_name (sale, value); break;
    case FIELD_EMAIL: rs_sale_set_client_email (sale, value); break;
    case FIELD_CONTACT_UID: rs_sale_set_contact_uid (sale, value); break;
    case FIELD_SERVICE: rs_sale_set_service (sale, value); break;
    case FIELD_CURRENCY: rs_sale_set_currency (sale, value); break;
    case FIELD_IBAN: rs_sale_set_iban (sale, value); break;
    case FIELD_LANGUAGE: rs_sale_set_language (sale, value); break;
    case FIELD_PAYMENT_INSTRUCTIONS: rs_sale_set_payment_instructions (sale, value); break;
    case FIELD_NOTE: rs_sale_set_note (sale, value); break;
    case N_FIELDS:
    default: g_assert_not_reached ();
    }
}

static const char *
get_field (RsSale *sale,
           Field   field)
{
  switch (field)
    {
    case FIELD_UID: return rs_sale_get_uid (sale);
    case FIELD_CLIENT: return rs_sale_get_client_name (sale);
    case FIELD_EMAIL: return rs_sale_get_client_email (sale);
    case FIELD_CONTACT_UID: return rs_sale_get_contact_uid (sale);
    case FIELD_SERVICE: return rs_sale_get_service (sale);
    case FIELD_CURRENCY: return rs_sale_get_currency (sale);
    case FIELD_IBAN: return rs_sale_get_iban (sale);
    case FIELD_LANGUAGE: return rs_sale_get_language (sale);
    case FIELD_PAYMENT_INSTRUCTIONS: return rs_sale_get_payment_instructions (sale);
    case FIELD_NOTE: return rs_sale_get_note (sale);
    case N_FIELDS:
    default: g_assert_not_reached ();
    }
}

/* A valid sale with every text field set, prepaid by IBAN, with a reminder of each kind to the
 * owner and one to the client. */
static RsSale *
make_sale (void)
{
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule = { 0 };

  for (Field field = 0; field < N_FIELDS; field++)
    set_field (sale, field, fields[field].valid);
  rs_sale_set_amount_minor (sale, 12000);
  schedule.start = rs_test_date ("2027-01-31");
  g_assert_true (rs_period_parse ("1m", "period", &schedule.period, NULL));
  schedule.term_kind = RS_TERM_UNTIL;
  schedule.until = rs_test_date ("2027-12-31");
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, 30);
  rs_sale_set_prepay (sale, TRUE);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  rs_sale_set_created (sale, 1798000000);
  rs_sale_set_updated (sale, 1798000000);
  return sale;
}

/* Whether @text holds a character that would end a line or a header in some reader: the C0 and
 * C1 controls (tab included) and U+2028/U+2029. */
static gboolean
has_line_breaker (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_ascii_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

/* Records a failure and goes on, so that one run lists every field and character that is not
 * refused as it should be. */
static void
assert_refused_naming (RsSale     *sale,
                       const char *label,
                       const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;

  if (rs_sale_validate (sale, &error))
    {
      record_failure ("%s was accepted", what);
      return;
    }
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  escaped = g_strescape (error->message, NULL);
  if (strstr (error->message, label) == NULL)
    record_failure ("%s: the sentence “%s” does not name the field (“%s”)", what, escaped, label);
  /* The echoed value cannot break the sentence's line either. */
  if (has_line_breaker (error->message))
    record_failure ("%s: the sentence “%s” breaks the line", what, escaped);
  if (strlen (error->message) >= 1000)
    record_failure ("%s: the sentence has %zu bytes", what, strlen (error->message));
}

/* Validation */

static void
test_valid_sale_is_valid (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);
}

static void
test_single_line_fields_refuse_controls (void)
{
  for (Field field = 0; field < N_FIELDS; field++)
    {
      if (fields[field].multiline)
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (breakers); i++)
        {
          /* In the middle and at the end: "Acme\r\nLtd" and "Acme Ltd\r\n". */
          g_autofree char *inside = g_strconcat ("A", breakers[i].text, fields[field].valid + 1, NULL);
          g_autofree char *after = g_strconcat (fields[field].valid, breakers[i].text, NULL);
          g_autofree char *what = g_strdup_printf ("%s with %s", fields[field].name, breakers[i].name);
          g_autoptr(RsSale) sale = make_sale ();
          g_autoptr(RsSale) sale_after = make_sale ();

          set_field (sale, field, inside);
          assert_refused_naming (sale, fields[field].label, what);
          set_field (sale_after, field, after);
          if (field == FIELD_EMAIL && is_ascii_space (breakers[i].text))
            {
              /* The address is stored without the white space around it (a pasted line end),
               * so what is stored is the plain address. */
              g_assert_true (rs_sale_validate (sale_after, NULL));
              g_assert_cmpstr (get_field (sale_after, field), ==, fields[field].valid);
            }
          else
            {
              assert_refused_naming (sale_after, fields[field].label, what);
            }
        }
    }
}

static void
test_multi_line_fields_take_line_feeds_only (void)
{
  /* The note and the payment instructions hold paragraphs: LF, tab and U+2028 are text there.
   * CR (also in CRLF) and the other controls are refused with a sentence naming the field. */
  static const char * const accepted[] = { "\n", "\t", "\n\n", "\xe2\x80\xa8", "\xe2\x80\xa9" };
  static const struct {
    const char *text;
    const char *code;
  } refused[] = {
    { "\r", "U+000D" }, { "\r\n", "U+000D" }, { "\x01", "U+0001" }, { "\x1b[31m", "U+001B" },
    { "\x7f", "U+007F" }, { "\xc2\x85", "U+0085" }, { "\x0b", "U+000B" }, { "\x0c", "U+000C" },
  };

  for (Field field = 0; field < N_FIELDS; field++)
    {
      if (!fields[field].multiline)
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
        {
          g_autoptr(RsSale) sale = make_sale ();
          g_autoptr(GError) error = NULL;
          g_autofree char *text = g_strconcat ("First line.", accepted[i], "Second line.", NULL);

          set_field (sale, field, text);
          g_assert_true (rs_sale_validate (sale, &error));
          g_assert_no_error (error);
          /* Kept exactly: nothing is silently changed. */
          g_assert_cmpstr (get_field (sale, field), ==, text);
        }

      for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
        {
          g_autoptr(RsSale) sale = make_sale ();
          g_autoptr(GError) error = NULL;
          g_autofree char *text = g_strconcat ("First line.", refused[i].text, "Second line.", NULL);

          set_field (sale, field, text);
          g_assert_false (rs_sale_validate (sale, &error));
          g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
          g_assert_nonnull (strstr (error->message, fields[field].label));
          g_assert_nonnull (strstr (error->message, refused[i].code));
          g_assert_false (has_line_breaker (error->message));
        }
    }
}

static void
test_very_long_text_is_refused (void)
{
  /* Ten megabytes in every field; the sentence quotes at most a short, marked piece of it. */
  const gsize length = 10 * 1024 * 1024;
  g_autofree char *huge = g_malloc (length + 1);

  memset (huge, 'A', length);
  huge[length] = '\0';

  for (Field field = 0; field < N_FIELDS; field++)
    {
      g_autoptr(RsSale) sale = make_sale ();
      g_autofree char *what = g_strdup_printf ("10 MB of %s", fields[field].name);

      set_field (sale, field, huge);
      assert_refused_naming (sale, fields[field].label, what);
    }
}

static void
test_text_limits_are_exact (void)
{
  static const struct {
    Field field;
    guint max_chars;
  } limits[] = {
    { FIELD_CLIENT, RS_SALE_MAX_NAME_CHARS },
    { FIELD_SERVICE, RS_SALE_MAX_NAME_CHARS },
    { FIELD_NOTE, RS_SALE_MAX_NOTE_CHARS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autoptr(RsSale) at_limit = make_sale ();
      g_autoptr(RsSale) over_limit = make_sale ();
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;

      /* Characters, not bytes: two-byte Greek letters. */
      for (guint n = 0; n < limits[i].max_chars; n++)
        g_string_append (text, "Ω");
      set_field (at_limit, limits[i].field, text->str);
      g_assert_true (rs_sale_validate (at_limit, &error));
      g_assert_no_error (error);

      g_string_append (text, "Ω");
      set_field (over_limit, limits[i].field, text->str);
      assert_refused_naming (over_limit, fields[limits[i].field].label, "one character too many");
    }
}

/* The calendar */

#define INJECTED_LINES \
  "\nATTENDEE;CN=Evil:mailto:evil@example.com" \
  "\nBEGIN:VALARM\nACTION:EMAIL\nATTENDEE:mailto:evil@example.com\nEND:VALARM" \
  "\nEND:VEVENT\nBEGIN:VEVENT\nUID:injected\nSUMMARY:Injected" \
  "\n\tX-INJECTED:1\xe2\x80\xa8" "X-INJECTED:2; a, b\\n: c"

/* The lines of @ics, unfolded: no line may start with a property or component that nobody put
 * there, and there is no line break but the CRLF that ends lines. */
static void
assert_no_injected_line (const char *ics,
                         guint       expected_events,
                         guint       expected_alarms)
{
  g_auto(GStrv) lines = g_strsplit (ics, "\r\n", -1);
  guint n_events = 0, n_alarms = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      g_assert_null (strchr (line, '\r'));
      g_assert_null (strchr (line, '\n'));
      /* A folded continuation starts with a space: never a property of its own. */
      if (line[0] == ' ' || line[0] == '\t')
        continue;

      if (g_str_has_prefix (line, "ATTENDEE") || g_str_has_prefix (line, "ACTION:EMAIL") ||
          g_str_has_prefix (line, "UID:injected") || g_str_has_prefix (line, "SUMMARY:Injected") ||
          g_str_has_prefix (line, "X-INJECTED") || g_str_has_prefix (line, "Bcc"))
        record_failure ("An injected line in the iCalendar text: %s", line);

      n_events += g_str_equal (line, "BEGIN:VEVENT");
      n_alarms += g_str_equal (line, "BEGIN:VALARM");
    }

  g_assert_cmpuint (n_events, ==, expected_events);
  g_assert_cmpuint (n_alarms, ==, expected_alarms);
}

static guint
count_alarms (GPtrArray *components)
{
  guint n = 0;

  for (guint i = 0; i < components->len; i++)
    n += (guint) i_cal_component_count_components (g_ptr_array_index (components, i),
                                                   I_CAL_VALARM_COMPONENT);
  return n;
}

/* The next VEVENT of @calendar after @event (unreffed), or the first when @event is NULL. */
static ICalComponent *
next_event (ICalComponent *calendar,
            ICalComponent *event)
{
  if (event == NULL)
    return i_cal_component_get_first_component (calendar, I_CAL_VEVENT_COMPONENT);

  g_object_unref (event);
  return i_cal_component_get_next_component (calendar, I_CAL_VEVENT_COMPONENT);
}

/* The sale's text as the calendar shows it: the invoice event's DESCRIPTION read back. No event
 * has an attendee or a UID nobody gave it. */
static char *
invoice_description (const char *ics)
{
  g_autoptr(ICalComponent) calendar = i_cal_component_new_from_string (ics);
  ICalComponent *event = NULL;
  char *description = NULL;

  g_assert_nonnull (calendar);
  while ((event = next_event (calendar, event)) != NULL)
    {
      g_autoptr(ICalProperty) attendee = i_cal_component_get_first_property (event, I_CAL_ATTENDEE_PROPERTY);

      g_assert_null (attendee);
      g_assert_cmpstr (i_cal_component_get_uid (event), !=, "injected");
      if (g_str_has_suffix (i_cal_component_get_uid (event), "-invoice"))
        {
          g_assert_null (description);
          description = g_strdup (i_cal_component_get_description (event));
        }
    }

  g_assert_nonnull (description);
  return description;
}

static void
test_projection_keeps_multi_line_text_as_text (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GPtrArray) sales = g_ptr_array_new ();
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *description = NULL;
  const char *note = "Call first." INJECTED_LINES;
  const char *payment = "Pay to account 42." INJECTED_LINES;
  guint n_alarms;

  /* Payment instructions reach the invoice event and its reminder only without an IBAN. */
  rs_sale_set_iban (sale, NULL);
  rs_sale_set_note (sale, note);
  rs_sale_set_payment_instructions (sale, payment);
  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);

  components = rs_projection_build (sale);
  g_assert_cmpuint (components->len, ==, 3);  /* invoice series, expiry, notice */
  n_alarms = count_alarms (components);
  g_assert_cmpuint (n_alarms, ==, 4);  /* three to the owner, one "a draft is waiting" */
  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);
      g_autofree char *text = i_cal_component_as_ical_string (component);

      assert_no_injected_line (text, 1, (guint) i_cal_component_count_components (component, I_CAL_VALARM_COMPONENT));
    }

  g_ptr_array_add (sales, sale);
  ics = rs_projection_export_ics (sales);
  assert_no_injected_line (ics, 3, n_alarms);

  /* And the text is all there, exactly, for whoever reads the event. */
  description = invoice_description (ics);
  g_assert_nonnull (strstr (description, note));
  g_assert_nonnull (strstr (description, payment));
}

static void
test_projection_of_unvalidated_single_line_text (void)
{
  /* Defence in depth: were a line break to slip past validation (an old store, a bug), the
   * projection still writes it as text and summaries stay one line. */
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(GPtrArray) sales = g_ptr_array_new ();
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(ICalComponent) calendar = NULL;
  ICalComponent *event = NULL;
  g_autofree char *ics = NULL;

  rs_sale_set_client_name (sale, "Acme\r\nATTENDEE:mailto:evil@example.com");
  rs_sale_set_service (sale, "Hosting\nBEGIN:VALARM\nACTION:EMAIL\nEND:VALARM");
  rs_sale_set_client_email (sale, "billing@acme.example\r\nATTENDEE:mailto:evil@example.com");
  rs_sale_set_uid (sale, "evil\r\nUID:injected");
  rs_sale_set_note (sale, "Note\r\nX-INJECTED:1");

  components = rs_projection_build (sale);
  g_ptr_array_add (sales, sale);
  ics = rs_projection_export_ics (sales);
  assert_no_injected_line (ics, components->len, count_alarms (components));

  calendar = i_cal_component_new_from_string (ics);
  g_assert_nonnull (calendar);
  while ((event = next_event (calendar, event)) != NULL)
    {
      const char *summary = i_cal_component_get_summary (event);

      g_assert_nonnull (summary);
      g_assert_null (strpbrk (summary, "\r\n"));
      g_assert_nonnull (strstr (summary, "Acme"));
    }
}

/* The client's e-mail */

/* The names of the header lines (not folded continuations), lower case, in order. */
static char *
header_names (const char *headers)
{
  g_auto(GStrv) lines = g_strsplit (headers, "\n", -1);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      g_autofree char *name = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == ' ' || lines[i][0] == '\t')
        continue;
      g_assert_nonnull (colon);
      name = g_ascii_strdown (lines[i], colon - lines[i]);
      if (names->len > 0)
        g_string_append_c (names, ' ');
      g_string_append (names, name);
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

#define EXPECTED_HEADERS \
  "from to subject date message-id x-recurring-sale-uid x-recurring-sale-reminder " \
  "content-type content-transfer-encoding mime-version"

static CamelMimeMessage *
build_message (RsSale *sale)
{
  g_autoptr(GError) error = NULL;
  GDate occurrence = rs_test_date ("2027-02-28");
  CamelMimeMessage *message;

  message = rs_reminder_message_build (sale, RS_REMINDER_KIND_INVOICE, 3, &occurrence, &sender,
                                       1803193200, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

static void
test_message_keeps_multi_line_text_in_the_body (void)
{
  /* Accepted multi-line text reaches the body only (quoted-printable), never the headers. */
  g_autoptr(RsSale) sale = make_sale ();
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RsTestRoundTrip) trip = { 0 };
  g_autofree char *names = NULL;
  g_autofree char *body = NULL;
  const char *payment = "Pay to account 42.\nBcc: evil@example.com\nX-Injected: 1\n\n"
                        "Content-Type: text/html\n\t<b>bold</b>\xe2\x80\xa8" "Subject: injected";

  rs_sale_set_iban (sale, NULL);
  rs_sale_set_payment_instructions (sale, payment);
  rs_sale_set_note (sale, "Internal.\nBcc: evil@example.com");
  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);

  message = build_message (sale);
  rs_test_round_trip (message, &trip);
  names = header_names (trip.headers);
  g_assert_cmpstr (names, ==, EXPECTED_HEADERS);
  rs_test_message_assert_only_recipient (trip.parsed, "billing@acme.example");

  body = rs_test_message_decoded_body (trip.parsed);
  g_assert_nonnull (strstr (body, payment));
  /* The note is the owner's: it is not in the client's e-mail at all. */
  g_assert_null (strstr (body, "Internal."));
}

static void
test_message_of_unvalidated_single_line_text (void)
{
  /* Defence in depth: a line break in a single-line field that slipped past validation still
   * cannot add a header, a recipient or a body part. */
  static const Field reached[] = {
    FIELD_UID, FIELD_CLIENT, FIELD_SERVICE, FIELD_CONTACT_UID, FIELD_LANGUAGE,
  };

  for (guint f = 0; f < G_N_ELEMENTS (reached); f++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (breakers); i++)
        {
          g_autoptr(RsSale) sale = make_sale ();
          g_autoptr(CamelMimeMessage) message = NULL;
          g_auto(RsTestRoundTrip) trip = { 0 };
          g_autofree char *names = NULL;
          g_autofree char *value = g_strconcat (fields[reached[f]].valid, breakers[i].text,
                                                "\r\nBcc: evil@example.com\r\nX-Injected: 1", NULL);

          set_field (sale, reached[f], value);
          message = build_message (sale);
          rs_test_round_trip (message, &trip);
          names = header_names (trip.headers);
          if (!g_str_equal (names, EXPECTED_HEADERS))
            record_failure ("%s with %s: the headers are %s", fields[reached[f]].name,
                                breakers[i].name, names);
          rs_test_message_assert_only_recipient (trip.parsed, "billing@acme.example");
        }
    }
}

static void
test_message_refuses_an_unvalidated_address (void)
{
  /* The address goes into To as given: one that holds a second address or a header (from a
   * store written before validation, or a bug) must give no message at all, not a message to
   * two people. Validation refuses the same addresses. */
  static const char * const addresses[] = {
    "billing@acme.example\r\nBcc: evil@example.com",
    "billing@acme.example\nBcc: evil@example.com",
    "billing@acme.example, evil@example.com",
    "Acme <billing@acme.example>, evil@example.com",
  };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(RsSale) sale = make_sale ();
      g_autoptr(RsSale) copy = NULL;
      g_autoptr(CamelMimeMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      GDate occurrence = rs_test_date ("2027-02-28");

      rs_sale_set_client_email (sale, addresses[i]);
      copy = rs_sale_copy (sale);
      assert_refused_naming (copy, "e-mail address", addresses[i]);

      message = rs_reminder_message_build (sale, RS_REMINDER_KIND_INVOICE, 3, &occurrence, &sender,
                                           1803193200, &error);
      if (message != NULL)
        {
          g_auto(RsTestRoundTrip) trip = { 0 };
          g_autofree char *shown = g_strescape (addresses[i], NULL);
          g_autofree char *to_text = NULL;

          rs_test_round_trip (message, &trip);
          to_text = camel_address_encode (CAMEL_ADDRESS (
            camel_mime_message_get_recipients (trip.parsed, CAMEL_RECIPIENT_TYPE_TO)));
          record_failure ("A message was built for the address “%s”: To: %s", shown, to_text);
          continue;
        }
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "e-mail address"));
    }
}

/* The store */

static const char * const sql_texts[] = {
  "'; DROP TABLE sales; --",
  "\" OR 1=1; --",
  "%",
  "_",
  "Robert'); DELETE FROM sales WHERE ('1'='1",
  "?1 :name @p $x \\ ' '' \"\"",
  "100% _done_; SELECT * FROM sales /* */",
};

static void
assert_sales_table (const char *path,
                    guint       expected_rows)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM sqlite_master "
                                           "WHERE type = 'table' AND name = 'sales'), "
                                           "(SELECT count(*) FROM sales)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, expected_rows);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Every field that can hold the text after validation holds it; the e-mail address holds the
 * metacharacters its syntax allows. */
static RsSale *
make_sql_sale (guint       index,
               const char *text)
{
  RsSale *sale = make_sale ();
  /* LIKE would read "_" as any character. */
  g_autofree char *uid = g_strdup_printf ("sql_%u.x-_", index);
  g_autofree char *payment = g_strconcat (text, "\n", text, NULL);

  rs_sale_set_uid (sale, uid);
  rs_sale_set_client_name (sale, text);
  rs_sale_set_client_email (sale, index % 2 == 0 ? "o'hara%_--x@acme.example" : "a*b=c'd@acme.example");
  rs_sale_set_contact_uid (sale, text);
  rs_sale_set_service (sale, text);
  rs_sale_set_payment_instructions (sale, payment);
  rs_sale_set_note (sale, text);
  return sale;
}

static void
assert_same_text (RsSale *expected,
                  RsSale *actual)
{
  static const Field compared[] = {
    FIELD_UID, FIELD_CLIENT, FIELD_EMAIL, FIELD_CONTACT_UID, FIELD_SERVICE, FIELD_CURRENCY,
    FIELD_IBAN, FIELD_LANGUAGE, FIELD_PAYMENT_INSTRUCTIONS, FIELD_NOTE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (compared); i++)
    {
      const char *a = get_field (expected, compared[i]);
      const char *b = get_field (actual, compared[i]);

      /* Byte for byte. */
      g_assert_nonnull (a);
      g_assert_nonnull (b);
      g_assert_cmpmem (a, strlen (a), b, strlen (b));
    }
}

static void
test_sql_metacharacters_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rs-test-hostile-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sales.db", NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = G_N_ELEMENTS (sql_texts);

  g_assert_no_error (error);

  {
    g_autoptr(RsStore) store = rs_store_open_sync (path, NULL, &error);
    g_assert_no_error (error);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(RsSale) sale = make_sql_sale (i, sql_texts[i]);

        g_assert_true (rs_store_add_sale (store, sale, &error));
        g_assert_no_error (error);
        g_ptr_array_add (expected, rs_sale_copy (sale));
      }

    /* An update (compare-and-swap) binds the same text again. */
    {
      g_autoptr(RsSale) sale = rs_store_get_sale (store, rs_sale_get_uid (g_ptr_array_index (expected, 0)), &error);
      g_assert_no_error (error);
      rs_sale_set_note (sale, sql_texts[n - 1]);
      g_assert_true (rs_store_update_sale (store, sale, rs_sale_get_revision (sale), &error));
      g_assert_no_error (error);
      g_object_unref (g_ptr_array_index (expected, 0));
      g_ptr_array_index (expected, 0) = rs_sale_copy (sale);
    }

    /* Lookups by a key that is only SQL find nothing, and remove nothing. */
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(RsSale) none = rs_store_get_sale (store, sql_texts[i], &error);

        g_assert_null (none);
        g_assert_true (error != NULL && error->domain == RS_ERROR);
        g_assert_true (error->code == RS_ERROR_NOT_FOUND || error->code == RS_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
        g_assert_false (rs_store_remove_sale (store, sql_texts[i], &error));
        g_assert_nonnull (error);
        g_clear_error (&error);
      }
    g_assert_cmpuint (rs_store_count_sales (store, NULL), ==, n);

    /* The store's own small settings take any key as text too. */
    for (guint i = 0; i < n; i++)
      {
        gint64 value = 0;

        g_assert_true (rs_store_set_setting_int (store, sql_texts[i], (gint64) i + 1, &error));
        g_assert_no_error (error);
        g_assert_true (rs_store_get_setting_int (store, sql_texts[i], &value, &error));
        g_assert_cmpint (value, ==, (gint64) i + 1);
      }
  }

  /* Read back from the file by a new connection. */
  {
    g_autoptr(RsStore) store = rs_store_open_sync (path, NULL, &error);
    g_autoptr(GPtrArray) listed = NULL;

    g_assert_no_error (error);
    listed = rs_store_list_sales (store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (listed->len, ==, n);

    for (guint i = 0; i < n; i++)
      {
        RsSale *want = g_ptr_array_index (expected, i);
        g_autoptr(RsSale) got = rs_store_get_sale (store, rs_sale_get_uid (want), &error);

        g_assert_no_error (error);
        assert_same_text (want, got);
      }
  }

  assert_sales_table (path, n);
  rs_test_remove_tree (dir);
}

static void
test_sql_metacharacters_through_csv_and_json (void)
{
  /* The export formats carry the same text back: quotes, separators and line feeds. */
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) from_csv = NULL;
  g_autoptr(GPtrArray) from_json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sql_texts); i++)
    {
      RsSale *sale = make_sql_sale (i, sql_texts[i]);
      g_autofree char *note = g_strconcat (sql_texts[i], ",\"x\";\n\ty\xe2\x80\xa8z", NULL);

      rs_sale_set_note (sale, note);
      g_assert_true (rs_sale_validate (sale, &error));
      g_assert_no_error (error);
      g_ptr_array_add (sales, sale);
    }

  csv = rs_csv_write_sales (sales);
  from_csv = rs_csv_parse_sales (csv, strlen (csv), NULL, NULL, &error);
  g_assert_no_error (error);
  json = rs_json_write_sales (sales);
  from_json = rs_json_parse_sales (json, -1, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (from_csv->len, ==, sales->len);
  g_assert_cmpuint (from_json->len, ==, sales->len);
  for (guint i = 0; i < sales->len; i++)
    {
      assert_same_text (g_ptr_array_index (sales, i), g_ptr_array_index (from_csv, i));
      assert_same_text (g_ptr_array_index (sales, i), g_ptr_array_index (from_json, i));
    }
}

/* The importers */

static GPtrArray *
new_problems (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
}

static void
test_csv_not_utf8_names_the_line (void)
{
  /* Latin-1 "Café" on line 3: refused, naming the line, and no sale at all. */
  static const char data[] = "client,service,amount,currency,period,start\n"
                             "Good Co,Support,10.00,EUR,1m,2027-01-01\n"
                             "Caf\xe9 Ltd,Support,10.00,EUR,1m,2027-01-01\n";
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) error = NULL;
  const RsCsvProblem *problem;

  sales = rs_csv_parse_sales (data, sizeof data - 1, NULL, problems, &error);
  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->line, ==, 3);
  g_assert_cmpstr (problem->column, ==, "client");
  g_assert_nonnull (strstr (problem->message, "UTF-8"));
  g_assert_true (g_str_has_prefix (error->message, "Line 3"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_csv_bomb_is_refused_quickly (void)
{
  /* A header and one line of five million commas (5 MB): refused at the 65th field. */
  const gsize n_commas = 5000000;
  const char *header = "client,service,amount,currency,period,start\n";
  gsize header_length = strlen (header);
  g_autofree char *data = g_malloc (header_length + n_commas + 2);
  g_autoptr(GPtrArray) problems = new_problems ();
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) error = NULL;
  const RsCsvProblem *problem;
  gint64 started;
  char *limit;

  memcpy (data, header, header_length);
  memset (data + header_length, ',', n_commas);
  memcpy (data + header_length + n_commas, "\n", 2);

  started = g_get_monotonic_time ();
  sales = rs_csv_parse_sales (data, header_length + n_commas + 1, NULL, problems, &error);
  g_test_message ("5 MB CSV bomb refused in %.3f s",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->line, ==, 2);
  limit = g_strdup_printf ("%d", RS_CSV_MAX_COLUMNS);
  g_assert_nonnull (strstr (problem->message, limit));
  g_free (limit);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

static void
parse_deep_json (void)
{
  /* One megabyte of "[": json-glib's parser recurses once per level, so without a depth limit
   * this overflows the stack of the process that parses it (the service). */
  const gsize depth = 1000000;
  g_autofree char *data = g_malloc (depth + 1);
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) error = NULL;

  memset (data, '[', depth);
  data[depth] = '\0';
  sales = rs_json_parse_sales (data, (gssize) depth, NULL, &error);
  g_assert_null (sales);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (strlen (error->message), <, 1000);
  g_print ("%s\n", error->message);
}

static void
test_json_bomb_is_refused (void)
{
  /* In a child process: a crash must fail this test, not end the whole program. */
  if (g_test_subprocess ())
    {
      parse_deep_json ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  if (!g_test_trap_has_passed ())
    {
      record_failure ("Parsing a million nested arrays ended the process (a stack overflow); "
                      "it must be refused");
      return;
    }
  g_test_trap_assert_stdout ("*JSON*");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char **args = NULL;
  int result;

  /* Before anything asks GLib for the user's config dir: no owner's templates from outside. */
  config_home = g_dir_make_tmp ("rs-test-hostile-config-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  /* One run reports every hostile input that is not handled, not only the first. */
  args = g_new0 (char *, argc + 2);
  memcpy (args, argv, sizeof (char *) * (gsize) argc);
  args[argc++] = (char *) "--keep-going";
  argv = args;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/validation/the-test-sale-is-valid", test_valid_sale_is_valid);
  g_test_add_func ("/hostile/validation/single-line-fields-refuse-line-breaks-and-controls",
                   test_single_line_fields_refuse_controls);
  g_test_add_func ("/hostile/validation/multi-line-fields-take-line-feeds-and-tabs-only",
                   test_multi_line_fields_take_line_feeds_only);
  g_test_add_func ("/hostile/validation/ten-megabytes-refused-naming-the-field", test_very_long_text_is_refused);
  g_test_add_func ("/hostile/validation/limits-count-characters", test_text_limits_are_exact);
  g_test_add_func ("/hostile/projection/multi-line-text-stays-text", test_projection_keeps_multi_line_text_as_text);
  g_test_add_func ("/hostile/projection/unvalidated-line-breaks-inject-nothing",
                   test_projection_of_unvalidated_single_line_text);
  g_test_add_func ("/hostile/message/multi-line-text-stays-in-the-body", test_message_keeps_multi_line_text_in_the_body);
  g_test_add_func ("/hostile/message/unvalidated-line-breaks-add-no-header",
                   test_message_of_unvalidated_single_line_text);
  g_test_add_func ("/hostile/message/unvalidated-address-gives-no-message", test_message_refuses_an_unvalidated_address);
  g_test_add_func ("/hostile/store/sql-metacharacters-round-trip-byte-identical", test_sql_metacharacters_round_trip);
  g_test_add_func ("/hostile/store/sql-metacharacters-through-csv-and-json", test_sql_metacharacters_through_csv_and_json);
  g_test_add_func ("/hostile/import/csv-not-utf8-names-the-line", test_csv_not_utf8_names_the_line);
  g_test_add_func ("/hostile/import/csv-bomb-refused-quickly", test_csv_bomb_is_refused_quickly);
  g_test_add_func ("/hostile/import/json-nested-a-million-deep-refused", test_json_bomb_is_refused);

  result = g_test_run ();

  rs_test_remove_tree (config_home);
  g_free (config_home);
  return result;
}
