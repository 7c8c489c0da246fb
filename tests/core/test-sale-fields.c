/* test-sale-fields.c: the table of a sale's fields, and the orders the formats keep
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/recurring-sales.h>

/* The names of @order's fields in its format, joined with commas. */
static char *
order_names (RsSaleOrder order)
{
  const RsSaleField *fields = rs_sale_fields_in_order (order);
  GString *names = g_string_new (NULL);

  for (guint i = 0; fields[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (fields[i]);
      const char *name;

      switch (order)
        {
        case RS_SALE_ORDER_DBUS_READ:
        case RS_SALE_ORDER_DBUS_WRITTEN:
          name = rs_sale_field_dbus_key (info);
          break;
        case RS_SALE_ORDER_OPTIONS:
          name = info->option.name;
          break;
        default:
          name = info->name;
          break;
        }
      g_string_append_printf (names, "%s%s", i > 0 ? "," : "", name);
    }

  return g_string_free (names, FALSE);
}

/* The formats' orders are what files, callers and people have seen; a change to one of them
 * is a change to the format, made here on purpose. */
static void
test_orders (void)
{
  static const struct {
    RsSaleOrder order;
    const char *names;
  } expected[] = {
    { RS_SALE_ORDER_CSV_READ,
      "uid,client,email,contact_uid,service,currency,amount,start,period,anchor_day,until,"
      "count,term,notice_days,draft,prepay,iban,payment_instructions,reminders,remind_client,"
      "remind_invoice,remind_expiry,reminder_time,delivery,language,status,predecessor,"
      "successor,note,occurrences,team,remind_team,offer,offer_date,offer_amount,offer_note" },
    { RS_SALE_ORDER_CSV_WRITTEN,
      "uid,client,email,contact_uid,service,amount,currency,period,start,until,count,term,"
      "anchor_day,notice_days,draft,prepay,iban,payment_instructions,reminders,reminder_time,"
      "delivery,language,status,predecessor,successor,note,occurrences,team,offer,offer_date,"
      "offer_amount,offer_note" },
    { RS_SALE_ORDER_JSON_READ,
      "uid,client,email,contact_uid,service,amount,currency,start,period,until,count,term,"
      "anchor_day,notice_days,draft,prepay,iban,payment_instructions,reminder_time,reminders,"
      "delivery,language,status,predecessor,successor,note,created,updated,occurrences,team,"
      "offer,offer_date,offer_amount,offer_note" },
    { RS_SALE_ORDER_JSON_WRITTEN,
      "uid,client,email,contact_uid,service,amount,currency,period,start,anchor_day,until,"
      "count,term,notice_days,draft,prepay,iban,payment_instructions,reminders,reminder_time,"
      "delivery,language,status,predecessor,successor,note,created,updated,occurrences,team,"
      "offer,offer_date,offer_amount,offer_note" },
    { RS_SALE_ORDER_DBUS_READ,
      "uid,revision,created,updated,client,email,contact_uid,service,amount_minor,currency,"
      "start,period,until,count,term,anchor_day,notice_days,draft,prepay,iban,"
      "payment_instructions,reminder_time,status,delivery,reminders,language,predecessor,"
      "successor,note,occurrences,team,offer,offer_date,offer_amount_minor,offer_note" },
    { RS_SALE_ORDER_DBUS_WRITTEN,
      "uid,client,email,contact_uid,service,amount_minor,currency,period,start,until,count,"
      "term,anchor_day,notice_days,draft,prepay,iban,payment_instructions,reminders,"
      "reminder_time,status,predecessor,successor,note,created,updated,revision,occurrences,"
      "delivery,language,team,offer,offer_date,offer_amount_minor,offer_note" },
    { RS_SALE_ORDER_OPTIONS,
      "client,service,amount,currency,every,start,until,count,for,email,notice,draft,prepay,"
      "iban,remind-invoice,remind-expiry,remind-client,remind-team,team,delivery,language,"
      "note" },
    { RS_SALE_ORDER_SHOWN,
      "client,email,service,amount,period,draft,prepay,iban,payment_instructions,reminders,"
      "reminder_time,team,delivery,language,occurrences,status,offer,offer_date,offer_amount,"
      "offer_note,predecessor,successor,note,contact_uid,created,updated,uid,revision" },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == RS_SALE_N_ORDERS);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *names = order_names (expected[i].order);

      g_assert_cmpint (expected[i].order, ==, i);
      g_assert_cmpstr (names, ==, expected[i].names);
    }
}

/* The written CSV header is the CSV_WRITTEN order. */
static void
test_csv_header_is_the_written_order (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *csv = rs_csv_write_sales (none);
  g_autofree char *names = order_names (RS_SALE_ORDER_CSV_WRITTEN);
  g_autofree char *header = g_strconcat (names, "\r\n", NULL);

  g_assert_cmpstr (csv, ==, header);
}

/* Each field is in each order of a format that carries it, once; names are unique within a
 * format, and found again from the name. */
static void
test_names_are_unique_and_found (void)
{
  for (RsSaleOrder order = 0; order < RS_SALE_N_ORDERS; order++)
    {
      const RsSaleField *fields = rs_sale_fields_in_order (order);
      gboolean seen[RS_SALE_N_FIELDS] = { FALSE };

      for (guint i = 0; fields[i] != RS_SALE_FIELD_NONE; i++)
        {
          g_assert_false (seen[fields[i]]);
          seen[fields[i]] = TRUE;
        }
    }

  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (field);
      const char *column = rs_sale_field_csv_column (info);
      const char *member = rs_sale_field_json_member (info);
      const char *key = rs_sale_field_dbus_key (info);

      g_assert_cmpint (info->field, ==, field);
      g_assert_nonnull (info->name);
      if (column != NULL)
        {
          g_autofree char *upper = g_ascii_strup (column, -1);

          g_assert_true (rs_sale_field_find_csv_column (column) == info);
          /* Header names are read in any case. */
          g_assert_true (rs_sale_field_find_csv_column (upper) == info);
        }
      if (member != NULL)
        g_assert_true (rs_sale_field_find_json_member (member) == info);
      if (key != NULL)
        {
          g_assert_true (rs_sale_field_find_dbus_key (key) == info);
          g_assert_cmpstr (rs_sale_field_key (field), ==, key);
          g_assert_true (g_variant_type_string_is_valid (info->dbus_type));
        }
      /* A flag has --NAME (and maybe --no-NAME); everything else takes a value. */
      if (info->option.name != NULL)
        {
          g_assert_nonnull (info->option.help);
          g_assert_true ((info->option.arg == NULL) == (info->type == RS_SALE_FIELD_TYPE_FLAG));
        }
    }

  g_assert_null (rs_sale_field_find_csv_column ("colour"));
  g_assert_null (rs_sale_field_find_json_member ("Client"));
  g_assert_null (rs_sale_field_find_dbus_key ("amount"));
  g_assert_true (rs_sale_field_find_dbus_key ("amount_minor") == rs_sale_field_get_info (RS_SALE_FIELD_AMOUNT));
}

static RsSale *
every_field_sale (void)
{
  g_autoptr(GError) error = NULL;
  RsSale *sale = rs_sale_new_from_variant (g_variant_new_parsed (
      "{'uid': <'every-field'>, 'client': <'Acme'>, 'email': <'a@acme.example'>, "
      "'contact_uid': <'pas-1'>, 'service': <'Hosting'>, 'amount_minor': <int64 12050>, "
      "'currency': <'EUR'>, 'period': <'1m'>, 'start': <'2026-02-28'>, 'count': <uint32 24>, "
      "'anchor_day': <uint32 31>, 'notice_days': <uint32 30>, 'draft': <false>, "
      "'prepay': <true>, 'iban': <'GR16 0110 1250 0000 0001 2300 695'>, "
      "'payment_instructions': <'Ref'>, "
      "'reminders': <[('invoice', uint32 7, 'owner'), ('expiry', 30, 'client')]>, "
      "'reminder_time': <'08:30'>, 'delivery': <'send'>, 'language': <'el'>, "
      "'status': <'paused'>, 'predecessor': <'older'>, 'note': <'A note'>, "
      "'occurrences': <{'2026-02-28': 'issued', '2026-03-31': 'skipped'}>}"), NULL, &error);

  g_assert_no_error (error);
  return sale;
}

/* Every text form reads back what it writes. */
static void
test_text_forms_round_trip (void)
{
  g_autoptr(RsSale) sale = every_field_sale ();
  static const struct {
    RsSaleField field;
    const char *text;
  } expected[] = {
    { RS_SALE_FIELD_AMOUNT, "120.50" },
    { RS_SALE_FIELD_PERIOD, "1m" },
    { RS_SALE_FIELD_START, "2026-02-28" },
    { RS_SALE_FIELD_COUNT, "24" },
    { RS_SALE_FIELD_ANCHOR_DAY, "31" },
    { RS_SALE_FIELD_NOTICE_DAYS, "30" },
    { RS_SALE_FIELD_DRAFT, "no" },
    { RS_SALE_FIELD_PREPAY, "yes" },
    { RS_SALE_FIELD_IBAN, "GR1601101250000000012300695" },
    { RS_SALE_FIELD_REMINDERS, "invoice:7:owner expiry:30:client" },
    { RS_SALE_FIELD_REMINDER_TIME, "08:30" },
    { RS_SALE_FIELD_DELIVERY, "send" },
    { RS_SALE_FIELD_STATUS, "paused" },
    { RS_SALE_FIELD_OCCURRENCES, "2026-02-28:issued 2026-03-31:skipped" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *text = rs_sale_field_to_text (rs_sale_field_get_info (expected[i].field), sale);

      g_assert_cmpstr (text, ==, expected[i].text);
    }

  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (field);
      g_autoptr(RsSale) copy = rs_sale_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;

      /* The amount is read in its currency, and a shorthand is never written. */
      if (info->type == RS_SALE_FIELD_TYPE_AMOUNT || (info->flags & RS_SALE_FIELD_SHORTHAND) ||
          !rs_sale_field_has_value (info, sale))
        continue;

      text = rs_sale_field_to_text (info, sale);
      g_assert_nonnull (text);
      g_assert_true (rs_sale_field_from_text (info, copy, text, &error));
      g_assert_no_error (error);
      g_assert_true (rs_sale_field_has_value (info, copy));
      again = rs_sale_field_to_text (info, copy);
      g_assert_cmpstr (again, ==, text);
    }
}

/* What a sale without a value writes: nothing, but where the format says otherwise. */
static void
test_has_value (void)
{
  g_autoptr(RsSale) sale = rs_sale_new ();
  static const RsSaleField without[] = {
    RS_SALE_FIELD_CLIENT, RS_SALE_FIELD_START, RS_SALE_FIELD_UNTIL, RS_SALE_FIELD_COUNT,
    RS_SALE_FIELD_TERM, RS_SALE_FIELD_ANCHOR_DAY, RS_SALE_FIELD_NOTICE_DAYS,
    RS_SALE_FIELD_DELIVERY, RS_SALE_FIELD_LANGUAGE, RS_SALE_FIELD_CREATED,
    RS_SALE_FIELD_OCCURRENCES,
  };
  static const RsSaleField with[] = {
    RS_SALE_FIELD_UID, RS_SALE_FIELD_AMOUNT, RS_SALE_FIELD_PERIOD, RS_SALE_FIELD_DRAFT,
    RS_SALE_FIELD_REMINDERS, RS_SALE_FIELD_REMINDER_TIME, RS_SALE_FIELD_STATUS,
    RS_SALE_FIELD_REVISION,
  };
  g_autofree char *reminders = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (without); i++)
    g_assert_false (rs_sale_field_has_value (rs_sale_field_get_info (without[i]), sale));
  for (guint i = 0; i < G_N_ELEMENTS (with); i++)
    g_assert_true (rs_sale_field_has_value (rs_sale_field_get_info (with[i]), sale));

  /* An empty cell would mean "the defaults". */
  reminders = rs_sale_field_to_text (rs_sale_field_get_info (RS_SALE_FIELD_REMINDERS), sale);
  g_assert_cmpstr (reminders, ==, "none");
}

/* The sentences of the text forms, as the CSV import gives them. */
static void
test_text_forms_refuse (void)
{
  static const struct {
    RsSaleField field;
    const char *text;
    const char *message;
  } cases[] = {
    { RS_SALE_FIELD_NOTICE_DAYS, "30d", "The field “notice_days” is “30d”, which is not a whole number." },
    { RS_SALE_FIELD_NOTICE_DAYS, "0", "The field “notice_days” is 0; it must be between 1 and 366." },
    { RS_SALE_FIELD_ANCHOR_DAY, "99999999999999999999", "The field “anchor_day” is 99999999999999999999; it must be between 29 and 31." },
    { RS_SALE_FIELD_DRAFT, "maybe", "The field “draft” is “maybe”; write yes or no." },
    { RS_SALE_FIELD_PERIOD, NULL, "The billing period is missing; write a number and a unit, like 1m, 3m, 1y, 2w or 10d." },
    { RS_SALE_FIELD_START, "2027-02-30", "The start date 2027-02-30 is not a valid date." },
    { RS_SALE_FIELD_UNTIL, "", "The expiry date is missing; write it as YYYY-MM-DD." },
    { RS_SALE_FIELD_CURRENCY, "EUD", "“EUD” is not a current ISO 4217 currency code." },
    { RS_SALE_FIELD_STATUS, "gone", "The status “gone” is not one of active, paused, renewed or ended." },
    { RS_SALE_FIELD_DELIVERY, "mail", "The delivery “mail” is not one of default, draft, send or off." },
    { RS_SALE_FIELD_REMINDERS, "invoice", "The reminder “invoice” is not written as kind:days:audience, like invoice:7:owner." },
    { RS_SALE_FIELD_REMINDERS, "invoice:367", "The field “reminders” is 367; it must be between 0 and 366." },
    { RS_SALE_FIELD_OCCURRENCES, "2027-01-31:paid", "The occurrence state “paid” is not one of open, issued, prepaid or skipped." },
    { RS_SALE_FIELD_OCCURRENCES, "2027-01-31", "The occurrence “2027-01-31” is not written as date:state, like 2027-01-31:issued." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RsSale) sale = rs_sale_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (rs_sale_field_from_text (rs_sale_field_get_info (cases[i].field), sale,
                                               cases[i].text, &error));
      g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sale-fields/orders/as-the-formats-have-them", test_orders);
  g_test_add_func ("/sale-fields/orders/csv-header", test_csv_header_is_the_written_order);
  g_test_add_func ("/sale-fields/names/unique-and-found", test_names_are_unique_and_found);
  g_test_add_func ("/sale-fields/text/round-trip", test_text_forms_round_trip);
  g_test_add_func ("/sale-fields/text/has-value", test_has_value);
  g_test_add_func ("/sale-fields/text/refuses-with-sentences", test_text_forms_refuse);

  return g_test_run ();
}
