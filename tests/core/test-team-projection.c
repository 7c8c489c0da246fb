/* test-team-projection.c: a sale's events in a team calendar, one per date, and how a
 * teammate's additions survive an update
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-autocleanups.h>
#include "rs-test-sales.h"

static RsSale *
make_sale (void)
{
  RsSale *sale = rs_test_sale_new ("sale-1", "Acme", "2027-01-15", "1m", "2027-06-14");

  rs_sale_set_created (sale, 1767225600);
  rs_sale_set_updated (sale, 1767225600);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_TEAM);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_TEAM);
  /* Rings in the owner's own calendar, not in the team's. */
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 14, RS_AUDIENCE_OWNER);
  rs_sale_set_client_email (sale, "client@example.com");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  return sale;
}

static guint
count_alarms (ICalComponent *event)
{
  return (guint) i_cal_component_count_components (event, I_CAL_VALARM_COMPONENT);
}

static ICalComponent *
find_event (GPtrArray  *events,
            const char *uid)
{
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (i_cal_component_get_uid (g_ptr_array_index (events, i)), uid) == 0)
      return g_ptr_array_index (events, i);

  return NULL;
}

static void
test_one_event_per_date (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  GDate from = rs_test_date ("2027-02-01");
  GDate to = rs_test_date ("2027-04-30");
  g_autoptr(GPtrArray) events = rs_team_projection_build (sale, &from, &to);
  const char * const uids[] = {
    "sale-1-invoice-20270215-team", "sale-1-invoice-20270315-team",
    "sale-1-invoice-20270415-team",
  };

  /* Three invoices; the expiry (2027-06-14) is outside the window. */
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (uids));
  for (guint i = 0; i < G_N_ELEMENTS (uids); i++)
    {
      ICalComponent *event = find_event (events, uids[i]);
      g_autoptr(ICalProperty) rrule = NULL;
      g_autoptr(ICalTime) start = NULL;
      g_autoptr(ICalTime) end = NULL;
      GDate date;

      g_assert_nonnull (event);
      g_assert_true (rs_team_projection_is_ours (event));
      rrule = i_cal_component_get_first_property (event, I_CAL_RRULE_PROPERTY);
      g_assert_null (rrule);
      g_assert_true (rs_team_projection_get_date (event, &date));
      g_assert_cmpuint (g_date_get_day (&date), ==, 15);
      g_assert_cmpuint (g_date_get_month (&date), ==, i + 2);
      start = i_cal_component_get_dtstart (event);
      end = i_cal_component_get_dtend (event);
      g_assert_true (i_cal_time_is_date (start));
      g_assert_cmpint (i_cal_time_get_day (end), ==, 16);
      /* The owner's 7-day reminder; not the client's e-mail. */
      g_assert_cmpuint (count_alarms (event), ==, 1);
    }
}

static void
test_expiry_skipped_and_issued (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  GDate from = rs_test_date ("2027-05-01");
  GDate to = rs_test_date ("2027-07-31");
  GDate may = rs_test_date ("2027-05-15");
  g_autoptr(GPtrArray) events = NULL;
  ICalComponent *expiry;

  rs_sale_set_occurrence_state (sale, &may, RS_OCCURRENCE_SKIPPED);
  events = rs_team_projection_build (sale, &from, &to);

  /* 2027-05-15 skipped, 2027-06-15 after the expiry: the expiry alone. */
  g_assert_cmpuint (events->len, ==, 1);
  expiry = find_event (events, "sale-1-expiry-team");
  g_assert_nonnull (expiry);
  g_assert_true (rs_team_projection_is_ours (expiry));
  g_assert_cmpuint (count_alarms (expiry), ==, 1);

  rs_sale_set_occurrence_state (sale, &may, RS_OCCURRENCE_ISSUED);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = rs_team_projection_build (sale, &from, &to);
  g_assert_cmpuint (events->len, ==, 2);
  /* An issued invoice reminds nobody. */
  g_assert_cmpuint (count_alarms (find_event (events, "sale-1-invoice-20270515-team")), ==, 0);
}

static void
test_deterministic (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  GDate from = rs_test_date ("2027-01-01");
  GDate to = rs_test_date ("2027-12-31");
  g_autoptr(GPtrArray) first = rs_team_projection_build (sale, &from, &to);
  g_autoptr(GPtrArray) second = rs_team_projection_build (sale, &from, &to);

  g_assert_cmpuint (first->len, ==, second->len);
  for (guint i = 0; i < first->len; i++)
    {
      g_autofree char *a = i_cal_component_as_ical_string (g_ptr_array_index (first, i));
      g_autofree char *b = i_cal_component_as_ical_string (g_ptr_array_index (second, i));

      g_assert_cmpstr (a, ==, b);
      g_assert_true (rs_team_projection_same (g_ptr_array_index (first, i),
                                              g_ptr_array_index (second, i)));
    }
}

static void
test_merge_keeps_theirs (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  GDate from = rs_test_date ("2027-02-01");
  GDate to = rs_test_date ("2027-02-28");
  g_autoptr(GPtrArray) before = rs_team_projection_build (sale, &from, &to);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(ICalComponent) theirs = NULL;
  g_autoptr(ICalComponent) their_alarm = NULL;
  g_autoptr(ICalComponent) merged = NULL;
  g_autoptr(ICalProperty) comment = NULL;
  g_autofree char *text = NULL;
  ICalProperty *x_property;

  /* A teammate adds a comment and an alarm of their own, and edits our summary. */
  theirs = i_cal_component_clone (g_ptr_array_index (before, 0));
  i_cal_component_take_property (theirs, i_cal_property_new_comment ("Call Maria first"));
  i_cal_component_set_summary (theirs, "Edited by a teammate");
  their_alarm = i_cal_component_new_valarm ();
  i_cal_component_take_property (their_alarm, i_cal_property_new_action (I_CAL_ACTION_DISPLAY));
  x_property = i_cal_property_new_x ("0b6c2a1e-their-own");
  i_cal_property_set_x_name (x_property, "X-EVOLUTION-ALARM-UID");
  i_cal_component_take_property (their_alarm, x_property);
  i_cal_component_add_component (theirs, their_alarm);
  x_property = i_cal_property_new_x ("\"etag-1\"");
  i_cal_property_set_x_name (x_property, "X-EVOLUTION-CALDAV-ETAG");
  i_cal_component_take_property (theirs, x_property);
  g_assert_false (rs_team_projection_same (theirs, g_ptr_array_index (before, 0)));

  /* Meanwhile the amount changed: our fields win, theirs stay. */
  rs_sale_set_amount_minor (sale, 15000);
  after = rs_team_projection_build (sale, &from, &to);
  merged = rs_team_projection_merge (theirs, g_ptr_array_index (after, 0));
  g_assert_true (rs_team_projection_same (merged, g_ptr_array_index (after, 0)));
  g_assert_true (rs_team_projection_is_ours (merged));
  comment = i_cal_component_get_first_property (merged, I_CAL_COMMENT_PROPERTY);
  g_assert_nonnull (comment);
  g_assert_cmpstr (i_cal_property_get_comment (comment), ==, "Call Maria first");
  g_assert_cmpstr (i_cal_component_get_summary (merged), ==,
                   i_cal_component_get_summary (g_ptr_array_index (after, 0)));
  /* Ours and theirs: two alarms; the calendar's ETag is kept for the conditional write. */
  g_assert_cmpuint (count_alarms (merged), ==, 2);
  text = i_cal_component_as_ical_string (merged);
  g_assert_nonnull (strstr (text, "0b6c2a1e-their-own"));
  g_assert_nonnull (strstr (text, "X-EVOLUTION-CALDAV-ETAG:\"etag-1\""));
  g_assert_nonnull (strstr (text, "150"));
}

static void
test_copy_is_theirs (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  GDate from = rs_test_date ("2027-02-01");
  GDate to = rs_test_date ("2027-02-28");
  g_autoptr(GPtrArray) events = rs_team_projection_build (sale, &from, &to);
  g_autoptr(ICalComponent) copy = i_cal_component_clone (g_ptr_array_index (events, 0));
  g_autoptr(ICalComponent) theirs = i_cal_component_new_vevent ();

  g_assert_true (rs_team_projection_is_ours (g_ptr_array_index (events, 0)));
  /* Evolution's "Copy to calendar" gives the copy a new UID, and keeps the X-properties. */
  i_cal_component_set_uid (copy, "20270201T101010Z-1234-0-0@teammate");
  g_assert_false (rs_team_projection_is_ours (copy));
  i_cal_component_set_uid (theirs, "sale-1-invoice-20270215-team");
  g_assert_false (rs_team_projection_is_ours (theirs));
}

static void
test_published_rules (void)
{
  g_autoptr(RsSale) sale = make_sale ();
  GPtrArray *rules = rs_sale_get_reminders (sale);
  guint published = 0;

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);

      if (rs_team_projection_rule_is_published (sale, rule))
        {
          g_assert_cmpint (rule->audience, ==, RS_AUDIENCE_TEAM);
          published++;
        }
    }
  g_assert_cmpuint (published, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/team-projection/invoices/one-event-per-date", test_one_event_per_date);
  g_test_add_func ("/team-projection/expiry/skipped-and-issued", test_expiry_skipped_and_issued);
  g_test_add_func ("/team-projection/deterministic", test_deterministic);
  g_test_add_func ("/team-projection/merge/keeps-teammates-fields", test_merge_keeps_theirs);
  g_test_add_func ("/team-projection/alarms/team-rules-only", test_published_rules);
  g_test_add_func ("/team-projection/ours/a-copy-is-theirs", test_copy_is_theirs);

  return g_test_run ();
}
