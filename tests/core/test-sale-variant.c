/* test-sale-variant.c: sales and agenda items as D-Bus dictionaries (a{sv})
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-sale-variant.h>
#include "rs-test-sales.h"

/* The six required keys of a new sale, as GVariant text. */
static const struct {
  const char *key;
  const char *entry;
} base_entries[] = {
  { "client", "'client': <'Acme'>" },
  { "service", "'service': <'Hosting'>" },
  { "amount_minor", "'amount_minor': <int64 12000>" },
  { "currency", "'currency': <'EUR'>" },
  { "period", "'period': <'1m'>" },
  { "start", "'start': <'2027-01-31'>" },
};

/* The required keys except @without_key, plus @extra (GVariant text of more entries). */
static GVariant *
parse_dict (const char *without_key,
            const char *extra)
{
  g_autoptr(GString) text = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  GVariant *dict;

  for (guint i = 0; i < G_N_ELEMENTS (base_entries); i++)
    {
      if (g_strcmp0 (base_entries[i].key, without_key) == 0)
        continue;
      if (text->len > 1)
        g_string_append (text, ", ");
      g_string_append (text, base_entries[i].entry);
    }
  if (extra != NULL)
    g_string_append_printf (text, "%s%s", text->len > 1 ? ", " : "", extra);
  g_string_append (text, "}");

  /* g_variant_parse () returns a full reference, not a floating one. */
  dict = g_variant_parse (G_VARIANT_TYPE_VARDICT, text->str, NULL, NULL, &error);
  g_assert_no_error (error);
  return dict;
}

/* The required keys plus @key → @value (consumed when floating, else referenced). */
static GVariant *
dict_with_value (const char *key,
                 GVariant   *value)
{
  g_autoptr(GVariant) base = parse_dict (NULL, NULL);
  g_autoptr(GVariantDict) dict = g_variant_dict_new (base);

  g_variant_dict_insert_value (dict, key, value);
  return g_variant_ref_sink (g_variant_dict_end (dict));
}

/* A sale with every field set; the term of @term_kind. */
static RsSale *
make_full_sale (RsTermKind term_kind)
{
  RsSale *sale = rs_sale_new ();
  g_autoptr(GError) error = NULL;
  RsSchedule schedule = { 0 };
  GDate date;

  rs_sale_set_uid (sale, "variant-full-1");
  rs_sale_set_client_name (sale, "Acme Ltd");
  rs_sale_set_client_email (sale, "billing@acme.example");
  rs_sale_set_contact_uid (sale, "pas-id-0123456789");
  rs_sale_set_service (sale, "Web hosting");
  rs_sale_set_amount_minor (sale, 12000);
  rs_sale_set_currency (sale, "EUR");

  /* Started on the last day of February, continuing on the 31st where months have one. */
  schedule.start = rs_test_date ("2027-02-28");
  g_assert_true (rs_period_parse ("1m", "period", &schedule.period, NULL));
  schedule.anchor_day = 31;
  schedule.term_kind = term_kind;
  g_date_clear (&schedule.until, 1);
  switch (term_kind)
    {
    case RS_TERM_UNTIL:
      schedule.until = rs_test_date ("2028-02-27");
      break;
    case RS_TERM_COUNT:
      schedule.count = 12;
      break;
    case RS_TERM_LENGTH:
      g_assert_true (rs_period_parse ("1y", "term", &schedule.term_length, NULL));
      break;
    case RS_TERM_OPEN:
    default:
      g_assert_not_reached ();
    }
  rs_sale_set_schedule (sale, &schedule);

  rs_sale_set_notice_days (sale, 30);
  rs_sale_set_draft (sale, FALSE);
  rs_sale_set_prepay (sale, TRUE);
  rs_sale_set_iban (sale, "GR1601101250000000012300695");
  rs_sale_set_payment_instructions (sale, "Pay within 10 days.");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_CLIENT);
  rs_sale_set_reminder_minutes (sale, 8 * 60 + 30);
  rs_sale_set_delivery (sale, RS_DELIVERY_SEND);
  rs_sale_set_language (sale, "el");
  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  rs_sale_set_predecessor_uid (sale, "older-sale");
  rs_sale_set_successor_uid (sale, "newer-sale");
  rs_sale_set_note (sale, "Line one\nLine two");
  rs_sale_set_created (sale, 1790000000);
  rs_sale_set_updated (sale, 1790000100);
  rs_sale_set_revision (sale, 42);
  date = rs_test_date ("2027-03-31");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_ISSUED);
  date = rs_test_date ("2027-04-30");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_PREPAID);
  date = rs_test_date ("2027-05-31");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_SKIPPED);

  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);
  return sale;
}

static GVariant *
sale_to_variant (RsSale *sale)
{
  return g_variant_ref_sink (rs_sale_to_variant (sale));
}

static void
assert_variants_equal (GVariant *expected,
                       GVariant *actual)
{
  if (!g_variant_equal (expected, actual))
    {
      g_autofree char *expected_text = g_variant_print (expected, TRUE);
      g_autofree char *actual_text = g_variant_print (actual, TRUE);

      g_error ("expected %s\nbut got  %s", expected_text, actual_text);
    }
}

static void
assert_refused (GError     *error,
                const char *message_part)
{
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, message_part);
}

/* Encoding */

static void
test_encode_full_sale (void)
{
  g_autoptr(RsSale) sale = make_full_sale (RS_TERM_LENGTH);
  g_autoptr(GVariant) dict = sale_to_variant (sale);
  g_autoptr(GVariant) expected = g_variant_ref_sink (g_variant_new_parsed (
    "{'uid': <'variant-full-1'>, 'client': <'Acme Ltd'>, 'email': <'billing@acme.example'>,"
    " 'contact_uid': <'pas-id-0123456789'>, 'service': <'Web hosting'>,"
    " 'amount_minor': <int64 12000>, 'currency': <'EUR'>, 'period': <'1m'>,"
    " 'start': <'2027-02-28'>, 'term': <'1y'>, 'anchor_day': <uint32 31>,"
    " 'notice_days': <uint32 30>, 'draft': <false>, 'prepay': <true>,"
    " 'iban': <'GR1601101250000000012300695'>, 'payment_instructions': <'Pay within 10 days.'>,"
    " 'reminders': <[('invoice', uint32 7, 'owner'), ('expiry', 30, 'owner'), ('notice', 7, 'client')]>,"
    " 'reminder_time': <'08:30'>, 'status': <'paused'>, 'predecessor': <'older-sale'>,"
    " 'successor': <'newer-sale'>, 'note': <'Line one\\nLine two'>,"
    " 'created': <int64 1790000000>, 'updated': <int64 1790000100>, 'revision': <uint64 42>,"
    " 'occurrences': <{'2027-03-31': 'issued', '2027-04-30': 'prepaid', '2027-05-31': 'skipped'}>,"
    " 'delivery': <'send'>, 'language': <'el'>}"));

  g_assert_true (g_variant_is_of_type (dict, G_VARIANT_TYPE_VARDICT));
  assert_variants_equal (expected, dict);
}

static void
test_encode_term_kinds (void)
{
  g_autoptr(RsSale) until = make_full_sale (RS_TERM_UNTIL);
  g_autoptr(RsSale) count = make_full_sale (RS_TERM_COUNT);
  g_autoptr(GVariant) until_dict = sale_to_variant (until);
  g_autoptr(GVariant) count_dict = sale_to_variant (count);
  g_autoptr(GVariant) value = NULL;
  const char *text;

  g_assert_true (g_variant_lookup (until_dict, "until", "&s", &text));
  g_assert_cmpstr (text, ==, "2028-02-27");
  g_assert_false (g_variant_lookup (until_dict, "count", "u", NULL));
  g_assert_false (g_variant_lookup (until_dict, "term", "&s", NULL));

  value = g_variant_lookup_value (count_dict, "count", G_VARIANT_TYPE_UINT32);
  g_assert_nonnull (value);
  g_assert_cmpuint (g_variant_get_uint32 (value), ==, 12);
  g_assert_false (g_variant_lookup (count_dict, "until", "&s", NULL));
  g_assert_false (g_variant_lookup (count_dict, "term", "&s", NULL));
}

static void
test_encode_minimal_sale (void)
{
  g_autoptr(RsSale) sale = rs_sale_new ();
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GVariant) expected = g_variant_ref_sink (g_variant_new_parsed (
    "{'uid': <'minimal-1'>, 'client': <'A'>, 'service': <'S'>, 'amount_minor': <int64 0>,"
    " 'currency': <'JPY'>, 'period': <'2w'>, 'start': <'2027-01-01'>, 'draft': <true>,"
    " 'prepay': <false>, 'reminders': <@a(sus) []>, 'reminder_time': <'09:00'>,"
    " 'status': <'active'>, 'created': <int64 0>, 'updated': <int64 0>, 'revision': <uint64 0>,"
    " 'delivery': <'default'>}"));
  RsSchedule schedule = *rs_sale_get_schedule (sale);

  rs_sale_set_uid (sale, "minimal-1");
  rs_sale_set_client_name (sale, "A");
  rs_sale_set_service (sale, "S");
  rs_sale_set_currency (sale, "JPY");
  /* Empty texts count as unset and are left out like NULL ones. */
  rs_sale_set_note (sale, "");
  schedule.start = rs_test_date ("2027-01-01");
  g_assert_true (rs_period_parse ("2w", "period", &schedule.period, NULL));
  rs_sale_set_schedule (sale, &schedule);

  dict = sale_to_variant (sale);
  assert_variants_equal (expected, dict);
}

/* Round trips */

static void
round_trip (RsTermKind term_kind)
{
  g_autoptr(RsSale) sale = make_full_sale (term_kind);
  g_autoptr(RsSale) decoded = NULL;
  g_autoptr(GVariant) first = sale_to_variant (sale);
  g_autoptr(GVariant) second = NULL;
  g_autoptr(GError) error = NULL;

  decoded = rs_sale_new_from_variant (first, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoded);

  /* The store owns these: a new sale does not take them from the dictionary. */
  g_assert_cmpuint (rs_sale_get_revision (decoded), ==, 0);
  g_assert_cmpint (rs_sale_get_created (decoded), ==, 0);
  g_assert_cmpint (rs_sale_get_updated (decoded), ==, 0);
  rs_sale_set_revision (decoded, rs_sale_get_revision (sale));
  rs_sale_set_created (decoded, rs_sale_get_created (sale));
  rs_sale_set_updated (decoded, rs_sale_get_updated (sale));

  second = sale_to_variant (decoded);
  assert_variants_equal (first, second);
}

static void
test_round_trip_until (void)
{
  round_trip (RS_TERM_UNTIL);
}

static void
test_round_trip_count (void)
{
  round_trip (RS_TERM_COUNT);
}

static void
test_round_trip_length (void)
{
  round_trip (RS_TERM_LENGTH);
}

/* Decoding a new sale */

static void
test_decode_builtin_defaults (void)
{
  g_autoptr(GVariant) dict = parse_dict (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, NULL, &error);
  const RsReminderRule *rule;

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (rs_sale_get_uid (sale)));
  g_assert_cmpstr (rs_sale_get_client_name (sale), ==, "Acme");
  g_assert_cmpint (rs_sale_get_amount_minor (sale), ==, 12000);
  g_assert_true (rs_sale_get_draft (sale));
  g_assert_cmpuint (rs_sale_get_reminder_minutes (sale), ==, 9 * 60);
  g_assert_cmpint (rs_sale_get_notice_days (sale), ==, -1);
  g_assert_cmpint (rs_sale_get_schedule (sale)->term_kind, ==, RS_TERM_OPEN);
  /* Open-ended: only the default reminder before each invoice. */
  g_assert_cmpuint (rs_sale_get_reminders (sale)->len, ==, 1);
  rule = g_ptr_array_index (rs_sale_get_reminders (sale), 0);
  g_assert_cmpint (rule->kind, ==, RS_REMINDER_KIND_INVOICE);
  g_assert_cmpuint (rule->lead_days, ==, 7);
  g_assert_cmpint (rule->audience, ==, RS_AUDIENCE_OWNER);
}

static void
test_decode_term_reminders (void)
{
  g_autoptr(GVariant) dict = parse_dict (NULL, "'term': <'1y'>, 'uid': <'kept-uid'>");
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, NULL, &error);
  GDate expiry, expected;

  g_assert_no_error (error);
  g_assert_cmpstr (rs_sale_get_uid (sale), ==, "kept-uid");
  g_assert_cmpint (rs_sale_get_schedule (sale)->term_kind, ==, RS_TERM_LENGTH);
  g_assert_true (rs_schedule_expiry_date (rs_sale_get_schedule (sale), &expiry));
  expected = rs_test_date ("2028-01-30");
  g_assert_cmpint (g_date_compare (&expiry, &expected), ==, 0);
  /* The invoice reminder, then 30 and 7 days before the expiry. */
  g_assert_cmpuint (rs_sale_get_reminders (sale)->len, ==, 3);
}

static void
test_decode_custom_defaults (void)
{
  g_autoptr(RsDefaults) defaults = rs_defaults_new_builtin ();
  g_autoptr(GVariant) dict = parse_dict (NULL, "'term': <'1y'>");
  g_autoptr(GVariant) no_notice = parse_dict (NULL, "'term': <'1y'>, 'notice_days': <uint32 0>");
  g_autoptr(GVariant) no_reminders = parse_dict (NULL, "'term': <'1y'>, 'reminders': <@a(sus) []>");
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(RsSale) sale_no_notice = NULL;
  g_autoptr(RsSale) sale_no_reminders = NULL;

  defaults->draft = FALSE;
  defaults->reminder_minutes = 10 * 60;
  defaults->notice_days = 30;

  sale = rs_sale_new_from_variant (dict, defaults, &error);
  g_assert_no_error (error);
  g_assert_false (rs_sale_get_draft (sale));
  g_assert_cmpuint (rs_sale_get_reminder_minutes (sale), ==, 10 * 60);
  g_assert_cmpint (rs_sale_get_notice_days (sale), ==, 30);
  /* invoice 7; expiry 30 and 7; notice 7 */
  g_assert_cmpuint (rs_sale_get_reminders (sale)->len, ==, 4);

  /* An explicit 0 means no notice period, whatever the default. */
  sale_no_notice = rs_sale_new_from_variant (no_notice, defaults, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rs_sale_get_notice_days (sale_no_notice), ==, -1);
  g_assert_cmpuint (rs_sale_get_reminders (sale_no_notice)->len, ==, 3);

  /* Given reminders, even none, replace the defaults. */
  sale_no_reminders = rs_sale_new_from_variant (no_reminders, defaults, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rs_sale_get_reminders (sale_no_reminders)->len, ==, 0);
}

static void
test_decode_ignores_store_keys (void)
{
  g_autoptr(GVariant) dict = parse_dict (NULL,
    "'revision': <uint64 7>, 'created': <int64 1700000000>, 'updated': <int64 1700000001>");
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rs_sale_get_revision (sale), ==, 0);
  g_assert_cmpint (rs_sale_get_created (sale), ==, 0);
  g_assert_cmpint (rs_sale_get_updated (sale), ==, 0);
}

static void
test_decode_consumes_floating (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;

  /* Passed inline: the function must sink and drop it (valgrind and ASan see a leak else). */
  sale = rs_sale_new_from_variant (g_variant_new_parsed ("{'client': <'A'>, 'service': <'S'>,"
                                                         " 'amount_minor': <int64 1>, 'currency': <'EUR'>,"
                                                         " 'period': <'1y'>, 'start': <'2027-02-28'>,"
                                                         " 'term': <''>}"),
                                   NULL, &error);
  g_assert_no_error (error);
  /* "term" "" is open-ended. */
  g_assert_cmpint (rs_sale_get_schedule (sale)->term_kind, ==, RS_TERM_OPEN);
}

static void
test_decode_required_keys (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (base_entries); i++)
    {
      g_autoptr(GVariant) dict = parse_dict (base_entries[i].key, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, NULL, &error);
      g_autofree char *expected = g_strdup_printf ("The key “%s” is missing.", base_entries[i].key);

      g_assert_null (sale);
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_decode_wrong_types (void)
{
  /* A wrong type for every key, each a mistake a client could make (int32 for int64, an
   * object path for a string, …). */
  static const struct {
    const char *key;
    const char *value;
    const char *expected_type;
    const char *given_type;
  } cases[] = {
    { "uid", "<42>", "s", "i" },
    { "client", "<int64 5>", "s", "x" },
    { "email", "<true>", "s", "b" },
    { "contact_uid", "<uint32 1>", "s", "u" },
    { "service", "<['a', 'b']>", "s", "as" },
    { "amount_minor", "<12000>", "x", "i" },
    { "currency", "<byte 0x45>", "s", "y" },
    { "period", "<(1, 'm')>", "s", "(is)" },
    { "start", "<objectpath '/2027/01/31'>", "s", "o" },
    { "until", "<uint64 5>", "s", "t" },
    { "count", "<int32 3>", "u", "i" },
    { "term", "<12>", "s", "i" },
    { "anchor_day", "<int64 31>", "u", "x" },
    { "notice_days", "<30>", "u", "i" },
    { "draft", "<'yes'>", "b", "s" },
    { "prepay", "<1>", "b", "i" },
    { "iban", "<['GR16']>", "s", "as" },
    { "payment_instructions", "<42>", "s", "i" },
    { "reminders", "<[('invoice', int32 7, 'owner')]>", "a(sus)", "a(sis)" },
    { "reminder_time", "<540>", "s", "i" },
    { "status", "<uint32 0>", "s", "u" },
    { "predecessor", "<42>", "s", "i" },
    { "successor", "<42>", "s", "i" },
    { "note", "<<'nested'>>", "s", "v" },
    { "created", "<uint64 5>", "x", "t" },
    { "updated", "<5>", "x", "i" },
    { "revision", "<int64 1>", "t", "x" },
    { "occurrences", "<{'2027-01-31': 1}>", "a{ss}", "a{si}" },
    { "delivery", "<uint32 1>", "s", "u" },
    { "language", "<['el']>", "s", "as" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *entry = g_strdup_printf ("'%s': %s", cases[i].key, cases[i].value);
      g_autoptr(GVariant) dict = parse_dict (cases[i].key, entry);
      g_autoptr(GError) error = NULL;
      g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, NULL, &error);
      g_autofree char *expected = g_strdup_printf ("The key “%s” must be of type %s, not %s.",
                                                   cases[i].key, cases[i].expected_type,
                                                   cases[i].given_type);

      g_assert_null (sale);
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_decode_bad_values (void)
{
  static const struct {
    const char *without_key;  /* a required key the case gives itself */
    const char *extra;
    const char *message_part;
  } cases[] = {
    { NULL, "'bogus': <1>", "The key “bogus” is not known." },
    { NULL, "'Client': <'B'>", "The key “Client” is not known." },
    { NULL, "'\\u0007bell': <1>", "The key “\xEF\xBF\xBD" "bell” is not known." },
    { NULL, "'client': <'Beta'>", "The key “client” is given more than once." },
    { "start", "'start': <'2027-02-30'>", "The start date 2027-02-30 is not a valid date." },
    { "start", "'start': <'31/01/2027'>", "The start date “31/01/2027” is not written as YYYY-MM-DD." },
    { "start", "'start': <''>", "The start date is missing" },
    { NULL, "'until': <'2027-13-01'>", "The expiry date 2027-13-01 is not a valid date." },
    { NULL, "'until': <'2026-12-31'>", "The expiry date 2026-12-31 falls before the start date 2027-01-31." },
    { "period", "'period': <'1 month'>", "The billing period “1 month” is not a period" },
    { "period", "'period': <'0m'>", "The billing period “0m” must be between 1 and 1000 units." },
    { NULL, "'term': <'1q'>", "The term “1q” is not a period" },
    { NULL, "'until': <'2027-12-31'>, 'count': <uint32 3>", "Give at most one of “until”, “count” and “term”." },
    { NULL, "'count': <uint32 3>, 'term': <'1y'>", "Give at most one of “until”, “count” and “term”." },
    { NULL, "'count': <uint32 0>", "The number of invoices 0 is not allowed" },
    { NULL, "'status': <'gone'>", "The status “gone” is not one of active, paused, renewed or ended." },
    { NULL, "'status': <''>", "The status “” is not one of" },
    { NULL, "'reminders': <[('later', uint32 7, 'owner')]>", "The reminder kind “later” is not one of invoice, expiry or notice." },
    { NULL, "'reminders': <[('invoice', uint32 7, 'boss')]>", "The reminder audience “boss” is not one of owner, client or team." },
    { NULL, "'reminders': <[('invoice', uint32 400, 'owner')]>", "The reminder lead time of 400 days is not valid" },
    { NULL, "'reminders': <[('expiry', uint32 30, 'owner')]>", "A reminder before the expiry needs a term end" },
    { NULL, "'reminders': <[('invoice', uint32 7, 'client')]>", "A reminder to the client needs the client’s e-mail address." },
    { NULL, "'notice_days': <uint32 30>", "A notice period needs an expiry date: this sale is open-ended." },
    { NULL, "'term': <'1y'>, 'notice_days': <uint32 400>", "The notice period of 400 days is not valid" },
    { "amount_minor", "'amount_minor': <int64 -5>", "The amount -5 is not valid" },
    { "currency", "'currency': <'EURO'>", "“EURO” is not a current ISO 4217 currency code." },
    { NULL, "'email': <'not-an-address'>", "“not-an-address” must contain exactly one “@”." },
    { NULL, "'anchor_day': <uint32 31>", "The day of month 31 can only continue" },
    { "client", "'client': <''>", "The client name is missing." },
    { "client", "'client': <'Acme\\r\\nATTENDEE:x'>", "contains the control character U+000D" },
    { NULL, "'uid': <'a b'>", "The sale identifier “a b” is not valid" },
    { NULL, "'predecessor': <'bad uid!'>", "The predecessor sale identifier “bad uid!” is not valid" },
    { NULL, "'iban': <'GR00'>", "An IBAN starting with GR must have 27 characters; this one has 4." },
    { NULL, "'prepay': <true>", "A client who prepays needs an IBAN or payment instructions" },
    /* rs_parse_time_of_day () has its own sentence. */
    { NULL, "'reminder_time': <'nine in the morning'>", "The reminder time “nine in the morning” is not a time of day" },
    { NULL, "'reminder_time': <'25:00'>", "The reminder time “25:00” is not a time of day" },
    { NULL, "'occurrences': <{'2027-02-30': 'issued'}>", "The occurrence date 2027-02-30 is not a valid date." },
    { NULL, "'occurrences': <{'2027-01-31': 'paid'}>", "The occurrence state “paid” is not one of open, issued, prepaid or skipped." },
    { NULL, "'note': <'\\u0001'>", "The note “\xEF\xBF\xBD” contains the control character U+0001" },
    { NULL, "'delivery': <'mail'>", "The delivery “mail” is not one of default, draft, send or off." },
    { NULL, "'delivery': <''>", "The delivery “” is not one of" },
    { NULL, "'language': <'fr'>", "The language “fr” has no reminder templates; use one of: el, en." },
    { NULL, "'language': <'EL'>", "The language “EL” has no reminder templates" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GVariant) dict = parse_dict (cases[i].without_key, cases[i].extra);
      g_autoptr(GError) error = NULL;
      g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, NULL, &error);

      g_assert_null (sale);
      if (error == NULL || error->domain != RS_ERROR || error->code != RS_ERROR_INVALID_ARGUMENT ||
          strstr (error->message, cases[i].message_part) == NULL)
        g_error ("case %u (%s): got “%s”, expected “%s”", i, cases[i].extra,
                 error != NULL ? error->message : "no error", cases[i].message_part);
    }
}

static void
test_decode_long_unknown_key_is_cut (void)
{
  g_autofree char *key = g_strnfill (100000, 'k');
  g_autoptr(GVariant) dict = dict_with_value (key, g_variant_new_boolean (TRUE));
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_sale_new_from_variant (dict, NULL, &error);
  g_autofree char *shown = g_strnfill (60, 'k');
  g_autofree char *expected = g_strdup_printf ("The key “%s…” is not known.", shown);

  g_assert_null (sale);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_decode_long_string (void)
{
  g_autoptr(GVariant) huge = dict_with_value ("note", g_variant_new_take_string (g_strnfill (10 * 1024 * 1024, 'n')));
  g_autoptr(GVariant) over = dict_with_value ("note", g_variant_new_take_string (g_strnfill (RS_VARIANT_MAX_STRING + 1, 'n')));
  g_autoptr(GVariant) at_limit = dict_with_value ("note", g_variant_new_take_string (g_strnfill (RS_VARIANT_MAX_STRING, 'n')));
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;

  sale = rs_sale_new_from_variant (huge, NULL, &error);
  g_assert_null (sale);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The value of “note” is too long.");
  g_clear_error (&error);

  sale = rs_sale_new_from_variant (over, NULL, &error);
  g_assert_null (sale);
  g_assert_cmpstr (error->message, ==, "The value of “note” is too long.");
  g_clear_error (&error);

  /* Within the transport limit, the sale's own rule (4000 characters) speaks. */
  sale = rs_sale_new_from_variant (at_limit, NULL, &error);
  g_assert_null (sale);
  assert_refused (error, "The note “nnn");
  assert_refused (error, "is too long: it has 65536 characters, and at most 4000 are allowed.");
}

/* A serialized a(sus) of @n_elements copies of ("invoice", 7, "owner"), written directly
 * rather than built element by element, which would be slow under valgrind. Each element is
 * "invoice\0", the uint32 (at offset 8, aligned), "owner\0" and a one-byte framing offset to
 * the end of the first string: 19 bytes, padded to 20. The array ends with the end offset of
 * every element, 4 bytes each since the whole is larger than 64 KiB. */
static GVariant *
new_serialized_reminders (guint n_elements)
{
  const gsize element_size = 19, stride = 20, offset_size = 4;
  gsize elements_end = (n_elements - 1) * stride + element_size;
  gsize size = elements_end + n_elements * offset_size;
  guint8 *data = g_malloc0 (size);
  g_autoptr(GBytes) bytes = NULL;
  guint32 lead_days = 7;

  g_assert_cmpuint (size, >, G_MAXUINT16);
  for (gsize i = 0; i < n_elements; i++)
    {
      guint8 *element = data + i * stride;
      guint32 end = GUINT32_TO_LE ((guint32) (i * stride + element_size));

      memcpy (element, "invoice", 8);
      memcpy (element + 8, &lead_days, sizeof lead_days);
      memcpy (element + 12, "owner", 6);
      element[18] = 8;
      memcpy (data + elements_end + i * offset_size, &end, offset_size);
    }

  bytes = g_bytes_new_take (data, size);
  return g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE ("a(sus)"), bytes, FALSE));
}

static void
test_serialized_reminders_helper (void)
{
  g_autoptr(GVariant) crafted = new_serialized_reminders (4000);
  g_autoptr(GVariant) built = NULL;
  GVariantBuilder builder;

  /* The helper writes exactly what GLib would. */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sus)"));
  for (guint i = 0; i < 4000; i++)
    g_variant_builder_add (&builder, "(sus)", "invoice", 7, "owner");
  built = g_variant_ref_sink (g_variant_builder_end (&builder));

  g_assert_true (g_variant_is_normal_form (crafted));
  assert_variants_equal (built, crafted);
}

static void
test_decode_million_reminders (void)
{
  g_autoptr(GVariant) reminders = new_serialized_reminders (1000000);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;
  gint64 started;

  g_assert_cmpuint (g_variant_n_children (reminders), ==, 1000000);
  dict = dict_with_value ("reminders", reminders);

  started = g_get_monotonic_time ();
  sale = rs_sale_new_from_variant (dict, NULL, &error);

  g_assert_null (sale);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  /* Counted before reading: reading would have found the duplicates (or the 21st) first. */
  g_assert_cmpstr (error->message, ==, "The key “reminders” has 1000000 entries; at most 20 are allowed.");
  /* The count costs the same as for 20 elements; a generous bound, valgrind included. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
}

static void
test_decode_too_many_elements (void)
{
  g_autoptr(GVariant) reminders_dict = NULL;
  g_autoptr(GVariant) occurrences_dict = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;
  GVariantBuilder builder;
  GDate date;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sus)"));
  for (guint i = 0; i <= RS_SALE_MAX_REMINDERS; i++)
    g_variant_builder_add (&builder, "(sus)", "invoice", i, "owner");
  reminders_dict = dict_with_value ("reminders", g_variant_builder_end (&builder));

  sale = rs_sale_new_from_variant (reminders_dict, NULL, &error);
  g_assert_null (sale);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The key “reminders” has 21 entries; at most 20 are allowed.");
  g_clear_error (&error);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  date = rs_test_date ("2027-01-31");
  for (guint i = 0; i <= RS_VARIANT_MAX_OCCURRENCES; i++)
    {
      char text[11];

      rs_date_to_iso_buf (&date, text);
      g_variant_builder_add (&builder, "{ss}", text, "issued");
      g_date_add_days (&date, 1);
    }
  occurrences_dict = dict_with_value ("occurrences", g_variant_builder_end (&builder));

  sale = rs_sale_new_from_variant (occurrences_dict, NULL, &error);
  g_assert_null (sale);
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "The key “occurrences” has 10001 entries; at most 10000 are allowed.");
}

/* Applying changes */

static RsSale *
apply_ok (RsTermKind  term_kind,
          const char *changes_text)
{
  RsSale *sale = make_full_sale (term_kind);
  g_autoptr(GError) error = NULL;

  g_assert_true (rs_sale_apply_variant (sale, g_variant_new_parsed (changes_text), &error));
  g_assert_no_error (error);
  return sale;
}

static void
test_apply_amount (void)
{
  g_autoptr(RsSale) original = make_full_sale (RS_TERM_UNTIL);
  g_autoptr(RsSale) sale = apply_ok (RS_TERM_UNTIL, "{'amount_minor': <int64 15000>}");
  g_autoptr(GVariant) expected = sale_to_variant (original);
  g_autoptr(GVariant) actual = NULL;

  g_assert_cmpint (rs_sale_get_amount_minor (sale), ==, 15000);
  /* Nothing else moved, the revision included (the store increases it). */
  rs_sale_set_amount_minor (sale, 12000);
  actual = sale_to_variant (sale);
  assert_variants_equal (expected, actual);
}

static void
test_apply_clear_note (void)
{
  g_autoptr(RsSale) original = make_full_sale (RS_TERM_UNTIL);
  g_autoptr(RsSale) sale = apply_ok (RS_TERM_UNTIL, "{'note': <''>, 'contact_uid': <''>}");
  g_autoptr(GVariant) dict = sale_to_variant (sale);
  g_autoptr(GVariant) expected = sale_to_variant (original);
  g_autoptr(GVariant) actual = NULL;

  g_assert_null (rs_sale_get_note (sale));
  g_assert_null (rs_sale_get_contact_uid (sale));
  g_assert_false (g_variant_lookup (dict, "note", "&s", NULL));
  g_assert_false (g_variant_lookup (dict, "contact_uid", "&s", NULL));

  rs_sale_set_note (sale, rs_sale_get_note (original));
  rs_sale_set_contact_uid (sale, rs_sale_get_contact_uid (original));
  actual = sale_to_variant (sale);
  assert_variants_equal (expected, actual);
}

/* "delivery" "default" goes back to the setting; "language" "" to the user's language. */
static void
test_apply_delivery_and_language (void)
{
  g_autoptr(RsSale) changed = apply_ok (RS_TERM_UNTIL, "{'delivery': <'OFF'>, 'language': <'en'>}");
  g_autoptr(RsSale) reset = apply_ok (RS_TERM_UNTIL, "{'delivery': <'default'>, 'language': <''>}");
  g_autoptr(RsSale) untouched = apply_ok (RS_TERM_UNTIL, "{'note': <'Other'>}");
  g_autoptr(GVariant) dict = sale_to_variant (reset);
  const char *text;

  g_assert_cmpint (rs_sale_get_delivery (changed), ==, RS_DELIVERY_OFF);
  g_assert_cmpstr (rs_sale_get_language (changed), ==, "en");

  g_assert_cmpint (rs_sale_get_delivery (reset), ==, RS_DELIVERY_DEFAULT);
  g_assert_null (rs_sale_get_language (reset));
  g_assert_true (g_variant_lookup (dict, "delivery", "&s", &text));
  g_assert_cmpstr (text, ==, "default");
  g_assert_false (g_variant_lookup (dict, "language", "&s", NULL));

  /* Changes that do not name them leave them alone. */
  g_assert_cmpint (rs_sale_get_delivery (untouched), ==, RS_DELIVERY_SEND);
  g_assert_cmpstr (rs_sale_get_language (untouched), ==, "el");
}

static void
test_apply_term (void)
{
  g_autoptr(RsSale) by_length = apply_ok (RS_TERM_UNTIL, "{'term': <'2y'>}");
  g_autoptr(RsSale) by_count = apply_ok (RS_TERM_UNTIL, "{'count': <uint32 6>}");
  g_autoptr(RsSale) open = apply_ok (RS_TERM_COUNT,
                                     "{'term': <''>, 'notice_days': <uint32 0>,"
                                     " 'reminders': <[('invoice', uint32 3, 'owner')]>}");
  g_autoptr(GVariant) dict = sale_to_variant (by_length);
  const RsSchedule *schedule;
  const char *text;

  schedule = rs_sale_get_schedule (by_length);
  g_assert_cmpint (schedule->term_kind, ==, RS_TERM_LENGTH);
  g_assert_cmpuint (schedule->term_length.count, ==, 2);
  g_assert_cmpint (schedule->term_length.unit, ==, RS_PERIOD_UNIT_YEAR);
  g_assert_true (g_variant_lookup (dict, "term", "&s", &text));
  g_assert_cmpstr (text, ==, "2y");
  g_assert_false (g_variant_lookup (dict, "until", "&s", NULL));

  schedule = rs_sale_get_schedule (by_count);
  g_assert_cmpint (schedule->term_kind, ==, RS_TERM_COUNT);
  g_assert_cmpuint (schedule->count, ==, 6);

  schedule = rs_sale_get_schedule (open);
  g_assert_cmpint (schedule->term_kind, ==, RS_TERM_OPEN);
  g_assert_cmpint (rs_sale_get_notice_days (open), ==, -1);
  g_assert_cmpuint (rs_sale_get_reminders (open)->len, ==, 1);
}

static void
test_apply_reminders_and_marks (void)
{
  g_autoptr(RsSale) sale = apply_ok (RS_TERM_UNTIL,
                                     "{'reminders': <[('invoice', uint32 14, 'owner'), ('expiry', 60, 'client')]>,"
                                     " 'occurrences': <{'2027-06-30': 'issued', '2027-03-31': 'open'}>,"
                                     " 'iban': <'gr16 0110 1250 0000 0001 2300 695'>}");
  GPtrArray *reminders = rs_sale_get_reminders (sale);
  GArray *marked = rs_sale_get_marked_occurrences (sale);
  const RsReminderRule *rule;
  GDate date;

  g_assert_cmpuint (reminders->len, ==, 2);
  rule = g_ptr_array_index (reminders, 0);
  g_assert_cmpint (rule->kind, ==, RS_REMINDER_KIND_INVOICE);
  g_assert_cmpuint (rule->lead_days, ==, 14);
  g_assert_cmpint (rule->audience, ==, RS_AUDIENCE_OWNER);
  rule = g_ptr_array_index (reminders, 1);
  g_assert_cmpint (rule->kind, ==, RS_REMINDER_KIND_EXPIRY);
  g_assert_cmpuint (rule->lead_days, ==, 60);
  g_assert_cmpint (rule->audience, ==, RS_AUDIENCE_CLIENT);

  /* The marks are replaced: the old ones are gone, "open" marks nothing. */
  g_assert_cmpuint (marked->len, ==, 1);
  date = rs_test_date ("2027-06-30");
  g_assert_cmpint (rs_sale_get_occurrence_state (sale, &date), ==, RS_OCCURRENCE_ISSUED);

  /* What validation normalized on the trial copy is what the sale keeps. */
  g_assert_cmpstr (rs_sale_get_iban (sale), ==, "GR1601101250000000012300695");
}

static void
test_apply_whole_dict_unchanged (void)
{
  static const RsTermKind kinds[] = { RS_TERM_UNTIL, RS_TERM_COUNT, RS_TERM_LENGTH };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(RsSale) sale = make_full_sale (kinds[i]);
      g_autoptr(GVariant) before = sale_to_variant (sale);
      g_autoptr(GVariant) after = NULL;
      g_autoptr(GError) error = NULL;

      /* A GetSale result sent back as UpdateSale changes: uid, revision, links and
       * timestamps are equal, so accepted. */
      g_assert_true (rs_sale_apply_variant (sale, before, &error));
      g_assert_no_error (error);
      after = sale_to_variant (sale);
      assert_variants_equal (before, after);
    }
}

static void
test_apply_refused_leaves_sale (void)
{
  static const struct {
    const char *changes;
    const char *message_part;
  } cases[] = {
    { "{'uid': <'other-uid'>}", "The key “uid” cannot be changed." },
    { "{'revision': <uint64 41>}", "The key “revision” cannot be changed." },
    { "{'created': <int64 1>}", "The key “created” cannot be changed." },
    { "{'updated': <int64 1>}", "The key “updated” cannot be changed." },
    { "{'predecessor': <'someone-else'>}", "The key “predecessor” cannot be changed." },
    { "{'successor': <''>}", "The key “successor” cannot be changed." },
    { "{'amount_minor': <int64 -1>}", "The amount -1 is not valid" },
    /* Fails late, after the amount and the note were applied to the trial copy. */
    { "{'amount_minor': <int64 1>, 'note': <''>, 'start': <'bad'>}", "The start date “bad” is not written as YYYY-MM-DD." },
    { "{'amount_minor': <int64 1>, 'note': <''>, 'currency': <'XXXX'>}", "“XXXX” is not a current ISO 4217 currency code." },
    { "{'term': <''>}", "A notice period needs an expiry date: this sale is open-ended." },
    { "{'until': <'2027-12-31'>, 'term': <'1y'>}", "Give at most one of “until”, “count” and “term”." },
    { "{'client': <''>}", "The client name is missing." },
    { "{'email': <''>}", "A reminder to the client needs the client’s e-mail address." },
    { "{'reminders': <[('invoice', uint32 7, 'owner'), ('invoice', 7, 'owner')]>}", "is listed twice." },
    { "{'occurrences': <{'2027-03-31': 'done'}>}", "The occurrence state “done” is not one of" },
    { "{'draft': <'no'>}", "The key “draft” must be of type b, not s." },
    { "{'colour': <'red'>}", "The key “colour” is not known." },
    { "{'status': <'finished'>}", "The status “finished” is not one of" },
    { "{'prepay': <true>, 'iban': <''>, 'payment_instructions': <''>}", "A client who prepays needs an IBAN" },
    { "{'delivery': <'later'>}", "The delivery “later” is not one of default, draft, send or off." },
    { "{'note': <''>, 'language': <'de'>}", "The language “de” has no reminder templates; use one of: el, en." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RsSale) sale = make_full_sale (RS_TERM_UNTIL);
      g_autoptr(GVariant) before = sale_to_variant (sale);
      g_autoptr(GVariant) after = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (rs_sale_apply_variant (sale, g_variant_new_parsed (cases[i].changes), &error));
      if (error == NULL || error->domain != RS_ERROR || error->code != RS_ERROR_INVALID_ARGUMENT ||
          strstr (error->message, cases[i].message_part) == NULL)
        g_error ("case %u (%s): got “%s”, expected “%s”", i, cases[i].changes,
                 error != NULL ? error->message : "no error", cases[i].message_part);

      after = sale_to_variant (sale);
      assert_variants_equal (before, after);
    }
}

/* Agenda items */

static void
test_agenda_invoice (void)
{
  g_autoptr(RsSale) sale = make_full_sale (RS_TERM_UNTIL);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GVariant) expected = g_variant_ref_sink (g_variant_new_parsed (
    "{'uid': <'variant-full-1'>, 'kind': <'invoice'>, 'date': <'2027-03-31'>,"
    " 'client': <'Acme Ltd'>, 'service': <'Web hosting'>, 'amount_minor': <int64 12000>,"
    " 'currency': <'EUR'>, 'draft': <false>, 'state': <'issued'>, 'status': <'paused'>}"));
  RsAgendaItem item = { 0 };

  item.kind = RS_AGENDA_ITEM_INVOICE;
  item.sale = sale;
  item.state = RS_OCCURRENCE_ISSUED;
  item.date = rs_test_date ("2027-03-31");
  g_date_clear (&item.for_date, 1);

  dict = g_variant_ref_sink (rs_agenda_item_to_variant (&item));
  assert_variants_equal (expected, dict);
}

static void
test_agenda_reminder (void)
{
  g_autoptr(RsSale) sale = make_full_sale (RS_TERM_UNTIL);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GVariant) expected = g_variant_ref_sink (g_variant_new_parsed (
    "{'uid': <'variant-full-1'>, 'kind': <'reminder'>, 'date': <'2028-01-21'>,"
    " 'client': <'Acme Ltd'>, 'service': <'Web hosting'>, 'amount_minor': <int64 12000>,"
    " 'currency': <'EUR'>, 'draft': <false>, 'state': <'open'>, 'status': <'paused'>,"
    " 'for_kind': <'notice'>, 'for_date': <'2028-01-28'>, 'audience': <'client'>,"
    " 'lead_days': <uint32 7>}"));
  RsAgendaItem item = { 0 };

  item.kind = RS_AGENDA_ITEM_REMINDER;
  item.sale = sale;
  item.state = RS_OCCURRENCE_OPEN;
  item.date = rs_test_date ("2028-01-21");
  item.for_kind = RS_REMINDER_KIND_NOTICE;
  item.for_date = rs_test_date ("2028-01-28");
  item.audience = RS_AUDIENCE_CLIENT;
  item.lead_days = 7;

  dict = g_variant_ref_sink (rs_agenda_item_to_variant (&item));
  assert_variants_equal (expected, dict);
}

static void
test_agenda_computed_items (void)
{
  g_autoptr(RsSale) sale = make_full_sale (RS_TERM_UNTIL);
  g_autoptr(GPtrArray) sales = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = NULL;
  guint n_reminders = 0;
  GDate from, to;

  /* Paused sales remind of nothing; an active one does. */
  rs_sale_set_status (sale, RS_SALE_STATUS_ACTIVE);
  g_ptr_array_add (sales, sale);
  from = rs_test_date ("2028-01-01");
  to = rs_test_date ("2028-02-29");
  items = rs_agenda_compute (sales, &from, &to);
  g_assert_cmpuint (items->len, >, 0);

  for (guint i = 0; i < items->len; i++)
    {
      const RsAgendaItem *item = g_ptr_array_index (items, i);
      g_autoptr(GVariant) dict = g_variant_ref_sink (rs_agenda_item_to_variant (item));
      char date[11];
      const char *text;

      g_assert_true (g_variant_lookup (dict, "kind", "&s", &text));
      g_assert_cmpstr (text, ==, rs_agenda_item_kind_to_string (item->kind));
      g_assert_true (g_variant_lookup (dict, "date", "&s", &text));
      rs_date_to_iso_buf (&item->date, date);
      g_assert_cmpstr (text, ==, date);
      g_assert_cmpuint (g_variant_n_children (dict), ==, item->kind == RS_AGENDA_ITEM_REMINDER ? 14 : 10);
      n_reminders += item->kind == RS_AGENDA_ITEM_REMINDER;
    }
  g_assert_cmpuint (n_reminders, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sale-variant/encode/every-field", test_encode_full_sale);
  g_test_add_func ("/sale-variant/encode/term-kinds", test_encode_term_kinds);
  g_test_add_func ("/sale-variant/encode/leaves-out-unset-keys", test_encode_minimal_sale);
  g_test_add_func ("/sale-variant/round-trip/until", test_round_trip_until);
  g_test_add_func ("/sale-variant/round-trip/count", test_round_trip_count);
  g_test_add_func ("/sale-variant/round-trip/term", test_round_trip_length);
  g_test_add_func ("/sale-variant/decode/builtin-defaults", test_decode_builtin_defaults);
  g_test_add_func ("/sale-variant/decode/term-reminders-and-uid", test_decode_term_reminders);
  g_test_add_func ("/sale-variant/decode/custom-defaults", test_decode_custom_defaults);
  g_test_add_func ("/sale-variant/decode/ignores-store-keys", test_decode_ignores_store_keys);
  g_test_add_func ("/sale-variant/decode/consumes-floating", test_decode_consumes_floating);
  g_test_add_func ("/sale-variant/decode/required-keys", test_decode_required_keys);
  g_test_add_func ("/sale-variant/decode/wrong-types", test_decode_wrong_types);
  g_test_add_func ("/sale-variant/decode/bad-values", test_decode_bad_values);
  g_test_add_func ("/sale-variant/decode/long-unknown-key-is-cut", test_decode_long_unknown_key_is_cut);
  g_test_add_func ("/sale-variant/decode/long-string", test_decode_long_string);
  g_test_add_func ("/sale-variant/decode/serialized-helper", test_serialized_reminders_helper);
  g_test_add_func ("/sale-variant/decode/million-reminders", test_decode_million_reminders);
  g_test_add_func ("/sale-variant/decode/too-many-elements", test_decode_too_many_elements);
  g_test_add_func ("/sale-variant/apply/amount", test_apply_amount);
  g_test_add_func ("/sale-variant/apply/clear-texts", test_apply_clear_note);
  g_test_add_func ("/sale-variant/apply/delivery-and-language", test_apply_delivery_and_language);
  g_test_add_func ("/sale-variant/apply/term", test_apply_term);
  g_test_add_func ("/sale-variant/apply/reminders-and-marks", test_apply_reminders_and_marks);
  g_test_add_func ("/sale-variant/apply/whole-dict-unchanged", test_apply_whole_dict_unchanged);
  g_test_add_func ("/sale-variant/apply/refused-leaves-sale", test_apply_refused_leaves_sale);
  g_test_add_func ("/sale-variant/agenda/invoice", test_agenda_invoice);
  g_test_add_func ("/sale-variant/agenda/reminder", test_agenda_reminder);
  g_test_add_func ("/sale-variant/agenda/computed-items", test_agenda_computed_items);

  return g_test_run ();
}
