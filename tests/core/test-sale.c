/* test-sale.c: the sale model — defaults, copies, reminders by status, and validation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The validation table builds every invalid sale from one valid base sale with a single
 * mutation, checks the sentence, and feeds the same sale to a store, which must stay exactly
 * as it was.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-language.h>
#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-text.h>
#include "rs-store-writer.h"
#include "rs-test-sales.h"

/* A store shared by the validation cases; it holds one valid sale. */
static RsStore *shared_store;
static char *shared_dir;

/* A sale that passes validation and uses every feature: a one-year term starting on the 31st,
 * notice days, prepayment by IBAN, reminders of every kind and for both audiences. */
static RsSale *
new_base_sale (const char *uid)
{
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule;

  memset (&schedule, 0, sizeof schedule);
  schedule.start = rs_test_date ("2026-01-31");
  g_date_clear (&schedule.until, 1);
  schedule.period.count = 1;
  schedule.period.unit = RS_PERIOD_UNIT_MONTH;
  schedule.term_kind = RS_TERM_LENGTH;
  schedule.term_length.count = 1;
  schedule.term_length.unit = RS_PERIOD_UNIT_YEAR;

  rs_sale_set_uid (sale, uid);
  rs_sale_set_client_name (sale, "Acme Ltd");
  rs_sale_set_client_email (sale, "billing@acme.example");
  rs_sale_set_contact_uid (sale, "pas-id-4B1D2C3E00000001");
  rs_sale_set_service (sale, "Hosting");
  rs_sale_set_amount_minor (sale, 12000);
  rs_sale_set_currency (sale, "EUR");
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, 30);
  rs_sale_set_prepay (sale, TRUE);
  rs_sale_set_iban (sale, "GR16 0110 1250 0000 0001 2300 695");
  rs_sale_set_payment_instructions (sale, "Bank transfer.\nReference: the invoice number.");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  rs_sale_set_note (sale, "Πελάτης από το 2020.\n\tΤιμή με έκπτωση.");
  return sale;
}

static void
test_new_defaults (void)
{
  g_autoptr(RsSale) sale = rs_sale_new ();
  g_autoptr(RsSale) other = rs_sale_new ();
  const RsSchedule *schedule = rs_sale_get_schedule (sale);

  g_assert_true (g_uuid_string_is_valid (rs_sale_get_uid (sale)));
  g_assert_cmpstr (rs_sale_get_uid (sale), !=, rs_sale_get_uid (other));
  g_assert_cmpint (rs_sale_get_status (sale), ==, RS_SALE_STATUS_ACTIVE);
  g_assert_true (rs_sale_get_draft (sale));
  g_assert_false (rs_sale_get_prepay (sale));
  g_assert_cmpuint (rs_sale_get_reminder_minutes (sale), ==, 540);
  g_assert_cmpint (rs_sale_get_notice_days (sale), ==, -1);
  g_assert_null (rs_sale_get_currency (sale));
  g_assert_null (rs_sale_get_client_name (sale));
  g_assert_false (g_date_valid (&schedule->start));
  g_assert_cmpint (schedule->term_kind, ==, RS_TERM_OPEN);
  g_assert_cmpuint (rs_sale_get_reminders (sale)->len, ==, 0);
  g_assert_cmpuint (rs_sale_get_marked_occurrences (sale)->len, ==, 0);
  g_assert_cmpuint (rs_sale_get_revision (sale), ==, 0);
  g_assert_cmpint (rs_sale_get_delivery (sale), ==, RS_DELIVERY_DEFAULT);
  g_assert_null (rs_sale_get_language (sale));

  /* An empty text is no text. */
  rs_sale_set_client_email (sale, "");
  g_assert_null (rs_sale_get_client_email (sale));
}

static void
test_copy_is_deep (void)
{
  g_autoptr(RsSale) sale = new_base_sale ("copy-me");
  g_autoptr(RsSale) copy = NULL;
  const RsReminderRule *rule;
  GDate issue_date;

  issue_date = rs_test_date ("2026-02-28");
  rs_sale_set_occurrence_state (sale, &issue_date, RS_OCCURRENCE_ISSUED);
  rs_sale_set_revision (sale, 7);
  rs_sale_set_created (sale, 1700000000);
  rs_sale_set_updated (sale, 1700000100);
  rs_sale_set_predecessor_uid (sale, "before");
  rs_sale_set_successor_uid (sale, "after");
  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  rs_sale_set_delivery (sale, RS_DELIVERY_SEND);
  rs_sale_set_language (sale, "el");

  copy = rs_sale_copy (sale);
  g_assert_true (copy != sale);
  g_assert_cmpstr (rs_sale_get_uid (copy), ==, "copy-me");
  g_assert_cmpstr (rs_sale_get_client_name (copy), ==, "Acme Ltd");
  g_assert_cmpstr (rs_sale_get_note (copy), ==, rs_sale_get_note (sale));
  g_assert_cmpstr (rs_sale_get_predecessor_uid (copy), ==, "before");
  g_assert_cmpstr (rs_sale_get_successor_uid (copy), ==, "after");
  g_assert_cmpint (rs_sale_get_status (copy), ==, RS_SALE_STATUS_PAUSED);
  g_assert_cmpint (rs_sale_get_delivery (copy), ==, RS_DELIVERY_SEND);
  g_assert_cmpstr (rs_sale_get_language (copy), ==, "el");
  g_assert_true (rs_sale_get_language (copy) != rs_sale_get_language (sale));
  g_assert_cmpuint (rs_sale_get_revision (copy), ==, 7);
  g_assert_cmpint (rs_sale_get_created (copy), ==, 1700000000);
  g_assert_cmpint (rs_sale_get_updated (copy), ==, 1700000100);
  g_assert_cmpint (rs_sale_get_notice_days (copy), ==, 30);
  g_assert_true (memcmp (rs_sale_get_schedule (copy), rs_sale_get_schedule (sale),
                         sizeof (RsSchedule)) == 0);
  g_assert_cmpuint (rs_sale_get_reminders (copy)->len, ==, 4);
  g_assert_cmpint (rs_sale_get_occurrence_state (copy, &issue_date), ==, RS_OCCURRENCE_ISSUED);

  /* Nothing is shared: changing the original leaves the copy alone. */
  g_assert_true (rs_sale_get_reminders (copy) != rs_sale_get_reminders (sale));
  g_assert_true (rs_sale_get_marked_occurrences (copy) != rs_sale_get_marked_occurrences (sale));
  g_assert_true (rs_sale_get_client_name (copy) != rs_sale_get_client_name (sale));
  rs_sale_set_client_name (sale, "Changed");
  ((RsReminderRule *) g_ptr_array_index (rs_sale_get_reminders (sale), 0))->lead_days = 99;
  rs_sale_clear_reminders (sale);
  rs_sale_set_occurrence_state (sale, &issue_date, RS_OCCURRENCE_OPEN);

  g_assert_cmpstr (rs_sale_get_client_name (copy), ==, "Acme Ltd");
  g_assert_cmpuint (rs_sale_get_reminders (copy)->len, ==, 4);
  rule = g_ptr_array_index (rs_sale_get_reminders (copy), 0);
  g_assert_cmpuint (rule->lead_days, ==, 7);
  g_assert_cmpint (rs_sale_get_occurrence_state (copy, &issue_date), ==, RS_OCCURRENCE_ISSUED);
}

static void
test_reminds_about_by_status (void)
{
  static const struct {
    RsSaleStatus status;
    gboolean     invoice, expiry, notice;
  } cases[] = {
    { RS_SALE_STATUS_ACTIVE,  TRUE,  TRUE,  TRUE },
    { RS_SALE_STATUS_PAUSED,  FALSE, FALSE, FALSE },
    { RS_SALE_STATUS_RENEWED, TRUE,  FALSE, FALSE },
    { RS_SALE_STATUS_ENDED,   TRUE,  FALSE, FALSE },
  };
  g_autoptr(RsSale) sale = new_base_sale ("reminds");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      rs_sale_set_status (sale, cases[i].status);
      g_assert_cmpint (rs_sale_reminds_about (sale, RS_REMINDER_KIND_INVOICE), ==,
                       cases[i].invoice);
      g_assert_cmpint (rs_sale_reminds_about (sale, RS_REMINDER_KIND_EXPIRY), ==, cases[i].expiry);
      g_assert_cmpint (rs_sale_reminds_about (sale, RS_REMINDER_KIND_NOTICE), ==, cases[i].notice);
    }
}

/* The one rule of what is reminded, as docs/dates.md tables it: for each status, kind and
 * audience, then the marks, the client's address, the rule and the date. */
/* The renewal offer's part of the one rule: accepted stops every expiry reminder, declined the
 * owner's and the team's (the client is still told the agreement ends). */
static void
test_reminder_verdict_offer (void)
{
  static const struct {
    RsOfferState      offer;
    RsSaleStatus      status;
    RsReminderVerdict owner, client, team;
  } cases[] = {
    { RS_OFFER_NONE, RS_SALE_STATUS_ACTIVE,
      RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_VERDICT_REMINDS },
    { RS_OFFER_OFFERED, RS_SALE_STATUS_ACTIVE,
      RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_VERDICT_REMINDS },
    { RS_OFFER_ACCEPTED, RS_SALE_STATUS_RENEWED,
      RS_REMINDER_VERDICT_OFFER_ACCEPTED, RS_REMINDER_VERDICT_OFFER_ACCEPTED,
      RS_REMINDER_VERDICT_OFFER_ACCEPTED },
    { RS_OFFER_DECLINED, RS_SALE_STATUS_ENDED,
      RS_REMINDER_VERDICT_OFFER_DECLINED, RS_REMINDER_VERDICT_REMINDS,
      RS_REMINDER_VERDICT_OFFER_DECLINED },
    /* Ended without an offer: nobody, the client included, as before. */
    { RS_OFFER_NONE, RS_SALE_STATUS_ENDED,
      RS_REMINDER_VERDICT_ENDED, RS_REMINDER_VERDICT_ENDED, RS_REMINDER_VERDICT_ENDED },
  };
  g_autoptr(RsSale) sale = new_base_sale ("offer-verdict");
  GDate expiry = rs_test_date ("2027-01-30");
  GDate invoice = rs_test_date ("2026-12-31");
  GDate deadline = rs_test_date ("2026-12-31");
  GDate offered = rs_test_date ("2026-11-20");

  rs_sale_clear_reminders (sale);
  for (guint audience = RS_AUDIENCE_OWNER; audience <= RS_AUDIENCE_TEAM; audience++)
    {
      rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, audience);
      rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, audience);
      rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, audience);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      rs_sale_set_offer_state (sale, cases[i].offer);
      rs_sale_set_offer_date (sale, cases[i].offer != RS_OFFER_NONE ? &offered : NULL);
      rs_sale_set_status (sale, cases[i].status);
      g_assert_true (rs_sale_validate (sale, NULL));
      g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_OWNER, 30, &expiry), ==, cases[i].owner);
      g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_CLIENT, 30, &expiry), ==, cases[i].client);
      g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_TEAM, 30, &expiry), ==, cases[i].team);
      /* The offer is about the expiry: the last invoices still remind everybody. */
      for (guint audience = RS_AUDIENCE_OWNER; audience <= RS_AUDIENCE_TEAM; audience++)
        g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, audience, 7, &invoice), ==, RS_REMINDER_VERDICT_REMINDS);
      if (cases[i].status != RS_SALE_STATUS_ACTIVE)
        g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_NOTICE, RS_AUDIENCE_TEAM, 7, &deadline), !=, RS_REMINDER_VERDICT_REMINDS);
    }
}

/* The team: addresses checked one by one and kept in one form; an offer's details need an
 * offer, and an offer its date. */
static void
test_validate_team_and_offer (void)
{
  g_autoptr(RsSale) sale = new_base_sale ("team-offer");
  g_autoptr(GError) error = NULL;
  GDate offered = rs_test_date ("2026-11-20");

  rs_sale_set_team (sale, " anna@owner.example ;nikos@owner.example, ");
  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rs_sale_get_team (sale), ==, "anna@owner.example,nikos@owner.example");

  rs_sale_set_team (sale, "anna@owner.example, not an address");
  g_assert_false (rs_sale_validate (sale, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, "The team’s addresses: "));
  g_clear_error (&error);
  rs_sale_set_team (sale, "anna@owner.example\nBcc: evil@attacker.example");
  g_assert_false (rs_sale_validate (sale, &error));
  g_clear_error (&error);
  rs_sale_set_team (sale, NULL);

  rs_sale_set_offer_note (sale, "Χωρίς προσφορά");
  g_assert_false (rs_sale_validate (sale, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  rs_sale_set_offer_state (sale, RS_OFFER_OFFERED);
  g_assert_false (rs_sale_validate (sale, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  rs_sale_set_offer_date (sale, &offered);
  rs_sale_set_offer_amount_minor (sale, 15000);
  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);
}

static void
test_reminder_verdict_table (void)
{
  static const struct {
    RsSaleStatus      status;
    RsReminderVerdict invoice, expiry, notice;
  } cases[] = {
    { RS_SALE_STATUS_ACTIVE, RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_VERDICT_REMINDS },
    { RS_SALE_STATUS_PAUSED, RS_REMINDER_VERDICT_PAUSED, RS_REMINDER_VERDICT_PAUSED, RS_REMINDER_VERDICT_PAUSED },
    { RS_SALE_STATUS_RENEWED, RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_VERDICT_RENEWED, RS_REMINDER_VERDICT_RENEWED },
    { RS_SALE_STATUS_ENDED, RS_REMINDER_VERDICT_REMINDS, RS_REMINDER_VERDICT_ENDED, RS_REMINDER_VERDICT_ENDED },
  };
  g_autoptr(RsSale) sale = new_base_sale ("verdict");
  /* Monthly from 2026-01-31 for a year: expires 2027-01-30, notice deadline 30 days before. */
  GDate invoice = rs_test_date ("2026-02-28");
  GDate last_invoice = rs_test_date ("2026-12-31");
  GDate expiry = rs_test_date ("2027-01-30");
  GDate deadline = rs_test_date ("2026-12-31");

  rs_sale_clear_reminders (sale);
  for (guint audience = RS_AUDIENCE_OWNER; audience <= RS_AUDIENCE_TEAM; audience++)
    {
      rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, audience);
      rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 60, audience);
      rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 7, audience);
    }
  g_assert_true (rs_sale_validate (sale, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint audience = RS_AUDIENCE_OWNER; audience <= RS_AUDIENCE_TEAM; audience++)
      {
        rs_sale_set_status (sale, cases[i].status);
        /* The same for the owner and the client, with a date and before any date. */
        g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, audience, 7, &invoice), ==, cases[i].invoice);
        g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, audience, 7, &last_invoice), ==, cases[i].invoice);
        g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, audience, 7, NULL), ==, cases[i].invoice);
        g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_EXPIRY, audience, 60, &expiry), ==, cases[i].expiry);
        g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_EXPIRY, audience, 60, NULL), ==, cases[i].expiry);
        g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_NOTICE, audience, 7, &deadline), ==, cases[i].notice);
        g_assert_cmpint (rs_sale_reminds_about (sale, RS_REMINDER_KIND_INVOICE), ==, cases[i].invoice == RS_REMINDER_VERDICT_REMINDS);
        g_assert_cmpint (rs_sale_reminds_about (sale, RS_REMINDER_KIND_EXPIRY), ==, cases[i].expiry == RS_REMINDER_VERDICT_REMINDS);
      }

  /* Marked invoices remind nobody, whatever the status that still reminds of invoices. */
  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  rs_sale_set_occurrence_state (sale, &invoice, RS_OCCURRENCE_PREPAID);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 7, &invoice), ==, RS_REMINDER_VERDICT_PREPAID);
  rs_sale_set_occurrence_state (sale, &invoice, RS_OCCURRENCE_ISSUED);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_OWNER, 7, &invoice), ==, RS_REMINDER_VERDICT_ISSUED);
  rs_sale_set_occurrence_state (sale, &invoice, RS_OCCURRENCE_SKIPPED);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 7, &invoice), ==, RS_REMINDER_VERDICT_SKIPPED);
  /* The status comes first: a paused sale's marked invoice says "paused". */
  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 7, &invoice), ==, RS_REMINDER_VERDICT_PAUSED);
  rs_sale_set_status (sale, RS_SALE_STATUS_ACTIVE);

  /* No such rule: another lead. Not the sale's dates: after the term, or not an issue date. */
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_CLIENT, 6, NULL), ==, RS_REMINDER_VERDICT_NO_RULE);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_INVOICE, RS_AUDIENCE_OWNER, 7, &expiry), ==, RS_REMINDER_VERDICT_NOT_A_DATE);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_OWNER, 60, &deadline), ==, RS_REMINDER_VERDICT_NOT_A_DATE);

  /* A client reminder needs the client's address; the owner's do not. */
  rs_sale_set_client_email (sale, NULL);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_CLIENT, 60, &expiry), ==, RS_REMINDER_VERDICT_NO_ADDRESS);
  g_assert_cmpint (rs_sale_reminder_verdict (sale, RS_REMINDER_KIND_EXPIRY, RS_AUDIENCE_OWNER, 60, &expiry), ==, RS_REMINDER_VERDICT_REMINDS);

  /* The stable words, as on D-Bus. */
  for (guint v = RS_REMINDER_VERDICT_REMINDS; v <= RS_REMINDER_VERDICT_DUE_PASSED; v++)
    {
      RsReminderVerdict back;

      g_assert_true (rs_reminder_verdict_from_string (rs_reminder_verdict_to_string (v), &back));
      g_assert_cmpint (back, ==, v);
    }
  g_assert_cmpstr (rs_reminder_verdict_to_string (RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF), ==, "delivery-setting-off");
}

static void
test_occurrences_sorted_open_removes (void)
{
  g_autoptr(RsSale) sale = new_base_sale ("occurrences");
  const char *dates[] = { "2026-05-31", "2026-02-28", "2026-03-31", "2026-01-31" };
  GArray *marked;
  GDate date;

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      date = rs_test_date (dates[i]);
      rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_PREPAID);
    }

  marked = rs_sale_get_marked_occurrences (sale);
  g_assert_cmpuint (marked->len, ==, 4);
  for (guint i = 1; i < marked->len; i++)
    g_assert_cmpint (g_date_compare (&g_array_index (marked, RsOccurrence, i - 1).issue_date,
                                     &g_array_index (marked, RsOccurrence, i).issue_date), <, 0);

  date = rs_test_date ("2026-03-31");
  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_SKIPPED);
  g_assert_cmpint (rs_sale_get_occurrence_state (sale, &date), ==, RS_OCCURRENCE_SKIPPED);
  g_assert_cmpuint (marked->len, ==, 4);

  rs_sale_set_occurrence_state (sale, &date, RS_OCCURRENCE_OPEN);
  g_assert_cmpint (rs_sale_get_occurrence_state (sale, &date), ==, RS_OCCURRENCE_OPEN);
  g_assert_cmpuint (marked->len, ==, 3);
}

static void
test_validate_accepts_base (void)
{
  g_autoptr(RsSale) sale = new_base_sale ("base-sale.1");
  g_autoptr(GError) error = NULL;

  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);
}

static void
test_validate_normalizes_iban (void)
{
  g_autoptr(RsSale) sale = new_base_sale ("iban");
  g_autoptr(GError) error = NULL;

  rs_sale_set_iban (sale, "gr16 0110 1250 0000 0001 2300 695");
  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rs_sale_get_iban (sale), ==, "GR1601101250000000012300695");
}

/* Every delivery, and every language with templates or none, passes. */
static void
test_validate_accepts_delivery_and_languages (void)
{
  const char * const *languages = rs_language_list_shipped ();
  g_autoptr(RsSale) sale = new_base_sale ("delivery");
  g_autoptr(GError) error = NULL;

  g_assert_true (g_strv_contains (languages, "el"));
  g_assert_true (g_strv_contains (languages, "en"));

  for (RsDelivery delivery = RS_DELIVERY_DEFAULT; delivery <= RS_DELIVERY_OFF; delivery++)
    {
      rs_sale_set_delivery (sale, delivery);
      g_assert_true (rs_sale_validate (sale, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; languages[i] != NULL; i++)
    {
      rs_sale_set_language (sale, languages[i]);
      g_assert_true (rs_sale_validate (sale, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (rs_sale_get_language (sale), ==, languages[i]);
    }

  /* "" is no language: the user's. */
  rs_sale_set_language (sale, "");
  g_assert_null (rs_sale_get_language (sale));
  g_assert_true (rs_sale_validate (sale, &error));
  g_assert_no_error (error);
}

static void
test_validate_language_sentence (void)
{
  g_autoptr(RsSale) sale = new_base_sale ("language");
  g_autoptr(GError) error = NULL;

  rs_sale_set_language (sale, "de");
  g_assert_false (rs_sale_validate (sale, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "The language “de” has no reminder templates; use one of: el, en.");
}

/* The settings for client reminders: the built-in values, what GSettings says, and that a new
 * sale follows the setting rather than copying it. */
static void
test_defaults_client_settings (void)
{
  g_autoptr(RsDefaults) builtin = rs_defaults_new_builtin ();
  g_autoptr(RsDefaults) loaded = NULL;
  g_autoptr(RsDefaults) changed = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(RsSale) sale = NULL;

  g_assert_cmpint (builtin->delivery, ==, RS_DELIVERY_DRAFT);
  g_assert_cmpuint (builtin->catch_up_days, ==, 3);
  g_assert_null (builtin->business_name);

  /* The test environment has the schema (memory backend): its defaults are the built-in ones. */
  loaded = rs_defaults_load ();
  g_assert_cmpint (loaded->delivery, ==, RS_DELIVERY_DRAFT);
  g_assert_cmpuint (loaded->catch_up_days, ==, 3);
  g_assert_null (loaded->business_name);

  settings = g_settings_new (RS_SETTINGS_SCHEMA_ID);
  g_assert_true (g_settings_set_string (settings, "client-delivery", "send"));
  g_assert_true (g_settings_set_uint (settings, "catch-up-days", 7));
  g_assert_true (g_settings_set_string (settings, "business-name", " Ωμέγα Α.Ε. "));
  changed = rs_defaults_load ();
  g_assert_cmpint (changed->delivery, ==, RS_DELIVERY_SEND);
  g_assert_cmpuint (changed->catch_up_days, ==, 7);
  g_assert_cmpstr (changed->business_name, ==, "Ωμέγα Α.Ε.");

  sale = rs_defaults_new_sale (changed);
  g_assert_cmpint (rs_sale_get_delivery (sale), ==, RS_DELIVERY_DEFAULT);
  g_assert_null (rs_sale_get_language (sale));

  g_settings_reset (settings, "client-delivery");
  g_settings_reset (settings, "catch-up-days");
  g_settings_reset (settings, "business-name");
}

static void
test_notice_deadline (void)
{
  g_autoptr(RsSale) sale = new_base_sale ("notice");
  GDate deadline, expected;

  /* Start 2026-01-31, one year: expires 2027-01-30; 30 days before is 2026-12-31. */
  expected = rs_test_date ("2026-12-31");
  g_assert_true (rs_sale_get_notice_deadline (sale, &deadline));
  g_assert_cmpint (g_date_compare (&deadline, &expected), ==, 0);

  rs_sale_set_notice_days (sale, -1);
  g_assert_false (rs_sale_get_notice_deadline (sale, &deadline));
}

/* The table of invalid sales */

typedef struct _InvalidCase InvalidCase;

struct _InvalidCase {
  const char *name;
  void      (*mutate) (RsSale *sale, const InvalidCase *c, GError **parse_error);
  const char *text;
  gint64      number;
  const char *expected;   /* a part of the message: the field or the value */
};

/* @c->text, or when it is NULL, @c->number times "x". */
static char *
case_text (const InvalidCase *c)
{
  return c->text != NULL ? g_strdup (c->text) : g_strnfill ((gsize) c->number, 'x');
}

static RsSchedule
get_schedule (RsSale *sale)
{
  return *rs_sale_get_schedule (sale);
}

static void
set_uid (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  g_autofree char *text = case_text (c);
  rs_sale_set_uid (sale, text);
}

static void
set_client (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  g_autofree char *text = case_text (c);
  rs_sale_set_client_name (sale, text);
}

static void
set_email (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_client_email (sale, c->text);
}

static void
set_contact (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  g_autofree char *text = case_text (c);
  rs_sale_set_contact_uid (sale, text);
}

static void
set_service (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  g_autofree char *text = case_text (c);
  rs_sale_set_service (sale, text);
}

static void
set_amount (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_amount_minor (sale, c->number);
}

static void
set_currency (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_currency (sale, c->text);
}

/* As a parser would do it: a date that does not parse leaves the field unset. */
static void
set_start_text (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  RsSchedule schedule = get_schedule (sale);

  if (!rs_date_parse (c->text, "The start date", &schedule.start, parse_error))
    g_date_clear (&schedule.start, 1);
  rs_sale_set_schedule (sale, &schedule);
}

static void
set_until_text (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  RsSchedule schedule = get_schedule (sale);

  schedule.term_kind = RS_TERM_UNTIL;
  if (!rs_date_parse (c->text, "The expiry date", &schedule.until, parse_error))
    g_date_clear (&schedule.until, 1);
  rs_sale_set_schedule (sale, &schedule);
}

static void
set_period_count (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  RsSchedule schedule = get_schedule (sale);

  schedule.period.count = (guint) c->number;
  rs_sale_set_schedule (sale, &schedule);
}

static void
set_term_count (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  RsSchedule schedule = get_schedule (sale);

  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = (guint) c->number;
  rs_sale_set_schedule (sale, &schedule);
}

static void
set_term_length_count (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  RsSchedule schedule = get_schedule (sale);

  schedule.term_length.count = (guint) c->number;
  rs_sale_set_schedule (sale, &schedule);
}

static void
set_notice_days (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_notice_days (sale, (int) c->number);
}

/* Notice days on a sale whose term never ends (reminders that need an expiry removed). */
static void
make_open_ended (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  RsSchedule schedule = get_schedule (sale);

  schedule.term_kind = RS_TERM_OPEN;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_clear_reminders (sale);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
}

/* A one-month term: the notice deadline falls before the start for most notice periods. */
static void
set_short_term (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  RsSchedule schedule = get_schedule (sale);

  schedule.term_length.count = 1;
  schedule.term_length.unit = RS_PERIOD_UNIT_MONTH;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, (int) c->number);
}

static void
clear_payment (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_iban (sale, NULL);
  rs_sale_set_payment_instructions (sale, NULL);
}

static void
set_iban (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_iban (sale, c->text);
}

static void
set_instructions (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  g_autofree char *text = case_text (c);
  rs_sale_set_payment_instructions (sale, text);
}

static void
add_owner_invoice_reminder (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, (guint) c->number, RS_AUDIENCE_OWNER);
}

static void
add_many_reminders (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_clear_reminders (sale);
  for (guint i = 0; i < (guint) c->number; i++)
    rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, i, RS_AUDIENCE_OWNER);
}

/* The base sale has a client reminder: without an address it cannot go out. */
static void
clear_email (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_client_email (sale, NULL);
}

/* An open-ended sale keeping its expiry reminder. */
static void
open_ended_keeping_expiry_rule (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  RsSchedule schedule = get_schedule (sale);

  schedule.term_kind = RS_TERM_OPEN;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, -1);
  rs_sale_clear_reminders (sale);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
}

static void
clear_notice_days (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_notice_days (sale, -1);
}

static void
set_minutes (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_reminder_minutes (sale, (guint) c->number);
}

static void
set_predecessor (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  g_autofree char *text = case_text (c);
  rs_sale_set_predecessor_uid (sale, text);
}

static void
set_successor (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_successor_uid (sale, c->text);
}

static void
set_delivery (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  rs_sale_set_delivery (sale, (RsDelivery) c->number);
}

static void
set_language (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  g_autofree char *text = case_text (c);
  rs_sale_set_language (sale, text);
}

static void
set_note (RsSale *sale, const InvalidCase *c, GError **parse_error)
{
  g_autofree char *text = case_text (c);
  rs_sale_set_note (sale, text);
}

static const InvalidCase invalid_cases[] = {
  /* identifiers */
  { "uid/empty", set_uid, "", 0, "The sale identifier" },
  { "uid/slash", set_uid, "a/b", 0, "“a/b”" },
  { "uid/space", set_uid, "a b", 0, "“a b”" },
  { "uid/newline", set_uid, "abc\ndef", 0, "The sale identifier" },
  { "uid/65-chars", set_uid, NULL, 65, "The sale identifier" },
  { "uid/greek", set_uid, "πώληση", 0, "πώληση" },
  /* client name */
  { "client/empty", set_client, "", 0, "The client name is missing" },
  { "client/blank", set_client, " \t ", 0, "The client name is missing" },
  { "client/201-chars", set_client, NULL, 201, "201 characters" },
  { "client/crlf", set_client, "Acme\r\nATTENDEE:mailto:x@example.com", 0, "U+000D" },
  { "client/tab", set_client, "Acme\tLtd", 0, "The client name" },
  { "client/line-separator", set_client, "Acme\u2028Ltd", 0, "U+2028" },
  { "client/invalid-utf8", set_client, "Acme \xff\xfe Ltd", 0, "UTF-8" },
  /* e-mail */
  { "email/no-at", set_email, "billing.acme.example", 0, "billing.acme.example" },
  { "email/display-name", set_email, "Acme <billing@acme.example>", 0, "billing@acme.example" },
  { "email/list", set_email, "a@acme.example, b@acme.example", 0, "a@acme.example" },
  { "email/no-dot", set_email, "billing@localhost", 0, "billing@localhost" },
  { "email/header-injection", set_email, "billing@acme.example\r\nBcc: x@evil.example", 0,
    "billing@acme.example" },
  /* contact */
  { "contact/201-chars", set_contact, NULL, 201, "The contact identifier" },
  { "contact/control", set_contact, "pas-id\x01", 0, "The contact identifier" },
  /* service */
  { "service/empty", set_service, "", 0, "The service is missing" },
  { "service/control", set_service, "Hosting\x01", 0, "U+0001" },
  { "service/201-chars", set_service, NULL, 201, "The service" },
  /* amount and currency */
  { "amount/negative", set_amount, NULL, -1, "-1" },
  { "amount/too-large", set_amount, NULL, G_GINT64_CONSTANT (1000000000000000),
    "1000000000000000" },
  { "currency/EURO", set_currency, "EURO", 0, "EURO" },
  { "currency/lower-case", set_currency, "eur", 0, "eur" },
  { "currency/unknown", set_currency, "XYZ", 0, "XYZ" },
  { "currency/missing", set_currency, NULL, 0, "currency" },
  /* schedule */
  { "start/2026-02-30", set_start_text, "2026-02-30", 0, "2026-02-30" },
  { "start/2026-13-01", set_start_text, "2026-13-01", 0, "2026-13-01" },
  { "start/not-iso", set_start_text, "31/01/2026", 0, "31/01/2026" },
  { "start/missing", set_start_text, "", 0, "The start date" },
  { "until/2027-02-29", set_until_text, "2027-02-29", 0, "2027-02-29" },
  { "until/before-start", set_until_text, "2026-01-30", 0, "2026-01-30" },
  { "period/count-0", set_period_count, NULL, 0, "billing period" },
  { "period/count-1001", set_period_count, NULL, 1001, "billing period" },
  { "term/count-0", set_term_count, NULL, 0, "number of invoices" },
  { "term/count-100001", set_term_count, NULL, 100001, "100001" },
  { "term/length-0", set_term_length_count, NULL, 0, "term" },
  /* notice */
  { "notice/0-days", set_notice_days, NULL, 0, "notice period of 0 days" },
  { "notice/367-days", set_notice_days, NULL, 367, "367" },
  { "notice/without-expiry", make_open_ended, NULL, 0, "open-ended" },
  { "notice/deadline-before-start", set_short_term, NULL, 60, "2026-01-31" },
  /* payment */
  { "prepay/without-iban-or-instructions", clear_payment, NULL, 0, "prepays" },
  { "iban/wrong-length", set_iban, "GR16 0110 1250 0000 0001 2300 69", 0, "27" },
  { "iban/check-digits", set_iban, "GR17 0110 1250 0000 0001 2300 695", 0, "GR17" },
  { "iban/unknown-country", set_iban, "XX16 0110 1250 0000 0001 2300 695", 0, "XX" },
  { "iban/punctuation", set_iban, "GR16-0110-1250-0000-0001-2300-695", 0, "IBAN" },
  { "instructions/1001-chars", set_instructions, NULL, 1001, "1001 characters" },
  { "instructions/escape", set_instructions, "Pay to\x1b[31m red", 0, "U+001B" },
  /* reminders */
  { "reminder/lead-367", add_owner_invoice_reminder, NULL, 367, "367" },
  { "reminder/duplicate", add_owner_invoice_reminder, NULL, 7, "listed twice" },
  { "reminder/too-many", add_many_reminders, NULL, 21, "21" },
  { "reminder/client-without-email", clear_email, NULL, 0, "e-mail address" },
  { "reminder/expiry-on-open-ended", open_ended_keeping_expiry_rule, NULL, 0, "open-ended" },
  { "reminder/notice-without-notice-days", clear_notice_days, NULL, 0, "notice deadline" },
  { "reminder/minutes-1440", set_minutes, NULL, 1440, "1440" },
  /* delivery and language */
  { "delivery/unknown", set_delivery, NULL, 4, "The delivery “4” is not one of default, draft" },
  { "delivery/negative", set_delivery, NULL, -1, "The delivery “-1”" },
  { "language/no-templates", set_language, "fr", 0, "“fr” has no reminder templates; use one of: el, en" },
  { "language/upper-case", set_language, "EL", 0, "“EL” has no reminder templates" },
  { "language/region", set_language, "el_GR", 0, "“el_GR”" },
  { "language/control", set_language, "e\nl", 0, "has no reminder templates" },
  { "language/long", set_language, NULL, 500, "has no reminder templates" },
  /* links */
  { "predecessor/dot-dot-slash", set_predecessor, "../x", 0, "“../x”" },
  { "predecessor/65-chars", set_predecessor, NULL, 65, "The predecessor sale identifier" },
  { "successor/space", set_successor, "x y", 0, "The successor sale identifier" },
  /* note */
  { "note/4001-chars", set_note, NULL, 4001, "4001 characters" },
  { "note/bell", set_note, "Ring\x07", 0, "U+0007" },
  { "note/escape", set_note, "a\x1b" "b", 0, "U+001B" },
  { "note/invalid-utf8", set_note, "\xc3\x28", 0, "UTF-8" },
  { "note/carriage-return", set_note, "line\r\nline", 0, "U+000D" },
};

static GBytes *
read_file_or_null (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static gboolean
bytes_equal_or_both_null (GBytes *a,
                          GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_bytes_equal (a, b);
}

static void
assert_message_fit (const char *message)
{
  /* Echoed text is made safe: valid UTF-8 and no control characters at all. */
  g_assert_true (g_utf8_validate (message, -1, NULL));
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
}

static void
test_validate_refuses (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr(RsSale) sale = new_base_sale ("base-sale.1");
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autofree char *wal_path = g_strconcat (rs_store_get_path (shared_store), "-wal", NULL);
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GBytes) wal_before = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autoptr(GBytes) wal_after = NULL;
  const GError *reported;
  guint64 revision_before;
  guint count_before;

  c->mutate (sale, c, &parse_error);

  g_assert_false (rs_sale_validate (sale, &error));
  g_assert_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);

  /* A date that does not even parse is reported by the parser; the sale is refused anyway. */
  reported = parse_error != NULL ? parse_error : error;
  g_assert_error (reported, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s: %s", c->name, reported->message);
  g_assert_nonnull (strstr (reported->message, c->expected));
  assert_message_fit (error->message);

  /* The store refuses the same sale and stays exactly as it was. */
  revision_before = rs_store_get_revision (shared_store);
  count_before = rs_store_count_sales (shared_store, NULL);
  db_before = read_file_or_null (rs_store_get_path (shared_store));
  wal_before = read_file_or_null (wal_path);

  g_assert_false (rs_store_add_sale (shared_store, sale, &store_error));
  g_assert_error (store_error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (store_error->message, ==, error->message);

  db_after = read_file_or_null (rs_store_get_path (shared_store));
  wal_after = read_file_or_null (wal_path);
  g_assert_cmpuint (rs_store_get_revision (shared_store), ==, revision_before);
  g_assert_cmpuint (rs_store_count_sales (shared_store, NULL), ==, count_before);
  g_assert_cmpuint (rs_sale_get_revision (sale), ==, 0);
  g_assert_true (bytes_equal_or_both_null (db_before, db_after));
  g_assert_true (bytes_equal_or_both_null (wal_before, wal_after));
}

static void
remove_shared_store (void)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (shared_dir, "/sales.db", suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (shared_dir);
}

/* The search of a client's name: the same folding for ASCII (the fast path) as the Unicode
 * tables give, Greek matched without case or accent-form differences, and a renamed client
 * searched by the new name, never by a folded copy of the old one. */
static void
test_client_name_search (void)
{
  g_autoptr(RsSale) sale = rs_sale_new ();
  g_autofree char *greek = rs_text_fold_for_search ("ΚΑΦΕΤΈΡΙΑ");
  g_autofree char *latin = rs_text_fold_for_search ("ACME");
  g_autofree char *other = rs_text_fold_for_search ("Beta");

  for (int c = 1; c < 0x80; c++)
    {
      char text[2] = { (char) c, '\0' };
      g_autofree char *fast = rs_text_fold_for_search (text);
      g_autofree char *casefolded = g_utf8_casefold (text, -1);
      g_autofree char *slow = g_utf8_normalize (casefolded, -1, G_NORMALIZE_DEFAULT_COMPOSE);

      g_assert_cmpstr (fast, ==, slow);
    }

  rs_sale_set_client_name (sale, "Acme Ltd");
  g_assert_true (rs_sale_client_name_matches (sale, latin));
  g_assert_false (rs_sale_client_name_matches (sale, other));
  rs_sale_set_client_name (sale, "Beta SA");
  g_assert_false (rs_sale_client_name_matches (sale, latin));
  g_assert_true (rs_sale_client_name_matches (sale, other));
  /* "έ" composed in the name, "Έ" in the needle: both fold to the same form. */
  rs_sale_set_client_name (sale, "Η καφετέρια του Γιώργου");
  g_assert_true (rs_sale_client_name_matches (sale, greek));
  g_assert_false (rs_sale_client_name_matches (sale, latin));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) stored = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  shared_dir = g_dir_make_tmp ("rs-test-sale-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (shared_dir, "sales.db", NULL);
  shared_store = rs_store_open_sync (path, NULL, &error);
  g_assert_no_error (error);

  /* A different uid than the cases': a case wrongly accepted would be inserted and noticed. */
  stored = new_base_sale ("stored-sale");
  g_assert_true (rs_store_add_sale (shared_store, stored, &error));
  g_assert_no_error (error);

  g_test_add_func ("/sale/new/defaults", test_new_defaults);
  g_test_add_func ("/sale/copy/is-deep", test_copy_is_deep);
  g_test_add_func ("/sale/client-name/search", test_client_name_search);
  g_test_add_func ("/sale/reminds-about/by-status", test_reminds_about_by_status);
  g_test_add_func ("/sale/reminder-verdict/the-one-rule", test_reminder_verdict_table);
  g_test_add_func ("/sale/reminder-verdict/renewal-offer", test_reminder_verdict_offer);
  g_test_add_func ("/sale/validate/team-and-offer", test_validate_team_and_offer);
  g_test_add_func ("/sale/occurrences/sorted-and-open-removes",
                   test_occurrences_sorted_open_removes);
  g_test_add_func ("/sale/notice-deadline/from-expiry", test_notice_deadline);
  g_test_add_func ("/sale/validate/accepts-base", test_validate_accepts_base);
  g_test_add_func ("/sale/validate/normalizes-iban", test_validate_normalizes_iban);
  g_test_add_func ("/sale/validate/accepts-every-delivery-and-language",
                   test_validate_accepts_delivery_and_languages);
  g_test_add_func ("/sale/validate/language-lists-the-templates", test_validate_language_sentence);
  g_test_add_func ("/sale/defaults/client-reminder-settings", test_defaults_client_settings);

  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *test_path = g_strconcat ("/sale/validate/refuses/", invalid_cases[i].name,
                                                NULL);
      g_test_add_data_func (test_path, &invalid_cases[i], test_validate_refuses);
    }

  status = g_test_run ();

  g_clear_object (&shared_store);
  remove_shared_store ();
  g_clear_pointer (&shared_dir, g_free);
  return status;
}
