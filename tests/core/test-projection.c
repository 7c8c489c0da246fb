/* test-projection.c: the calendar shows exactly the dates the schedule engine computes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <libecal/libecal.h>
#include <string.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-autocleanups.h>
#include "rs-test-sales.h"
#include "rs-test-ical.h"

static RsSale *
make_sale (const char *uid,
           const char *start,
           const char *period)
{
  RsSale *sale = rs_test_sale_new (uid, "Acme", start, period, NULL);

  rs_sale_set_created (sale, 1767225600);  /* 2026-01-01 */
  rs_sale_set_updated (sale, 1767225600);
  return sale;
}

static ICalComponent *
find_component (GPtrArray  *components,
                const char *uid,
                gboolean    detached)
{
  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);
      g_autoptr(ICalProperty) rid = i_cal_component_get_first_property (component, I_CAL_RECURRENCEID_PROPERTY);

      if (g_strcmp0 (i_cal_component_get_uid (component), uid) == 0 && (rid != NULL) == detached)
        return component;
    }

  return NULL;
}

/* Expands the RRULE alone with libical's iterator (what other iCalendar clients do). */
static GArray *
expand_rrule_with_libical (const RsSchedule *schedule,
                           const GDate      *to)
{
  GArray *dates = g_array_new (FALSE, FALSE, sizeof (GDate));
  g_autoptr(ICalRecurrence) rrule = rs_projection_rrule_for (schedule);
  g_autoptr(ICalTime) dtstart = rs_test_ical_date (&schedule->start);
  g_autoptr(ICalRecurIterator) iterator = NULL;

  g_assert_nonnull (rrule);
  iterator = i_cal_recur_iterator_new (rrule, dtstart);
  for (;;)
    {
      g_autoptr(ICalTime) next = i_cal_recur_iterator_next (iterator);
      GDate date;

      if (next == NULL || i_cal_time_is_null_time (next))
        break;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) i_cal_time_get_day (next), (GDateMonth) i_cal_time_get_month (next),
                      (GDateYear) i_cal_time_get_year (next));
      if (g_date_compare (&date, to) > 0)
        break;
      g_array_append_val (dates, date);
    }

  return dates;
}

static void
assert_same_dates (GArray     *engine,
                   GArray     *calendar,
                   const char *what)
{
  if (engine->len != calendar->len)
    g_error ("%s: the engine has %u dates, the calendar %u", what, engine->len, calendar->len);

  for (guint i = 0; i < engine->len; i++)
    {
      const GDate *a = &g_array_index (engine, GDate, i);
      const GDate *b = &g_array_index (calendar, GDate, i);

      if (g_date_compare (a, b) != 0)
        {
          g_autofree char *ta = rs_date_to_iso (a);
          g_autofree char *tb = rs_date_to_iso (b);
          g_error ("%s: date %u is %s in the engine but %s in the calendar", what, i, ta, tb);
        }
    }
}

static void
check_sale_projection (RsSale *sale)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  g_autoptr(GPtrArray) components = rs_projection_build (sale);
  g_autofree char *uid = rs_projection_component_uid (rs_sale_get_uid (sale), RS_REMINDER_KIND_INVOICE);
  g_autofree char *what = NULL;
  g_autofree char *period = rs_period_to_string (&schedule->period);
  g_autofree char *start = rs_date_to_iso (&schedule->start);
  g_autoptr(GArray) engine = g_array_new (FALSE, FALSE, sizeof (GDate));
  g_autoptr(GArray) calendar = NULL;
  g_autoptr(GArray) libical = NULL;
  ICalComponent *master;
  GDate to = schedule->start;

  what = g_strdup_printf ("%s every %s from %s (term %d, anchor %u)", rs_sale_get_uid (sale), period, start,
                          schedule->term_kind, schedule->anchor_day);
  g_date_add_years (&to, 12);
  rs_schedule_collect_issue_dates (schedule, &schedule->start, &to, engine);
  g_assert_cmpuint (engine->len, >, 0);

  master = find_component (components, uid, FALSE);
  g_assert_nonnull (master);
  calendar = rs_test_ical_expand (master, &schedule->start, &to);
  assert_same_dates (engine, calendar, what);

  libical = expand_rrule_with_libical (schedule, &to);
  assert_same_dates (engine, libical, what);
}

/* A few hundred generated sales: every day of month, month ends in leap and common years,
 * all periods, counts, expiries, term lengths, open-ended, and renewals. */
static void
test_projection_equals_engine (void)
{
  const char *periods[] = { "1m", "2m", "3m", "6m", "12m", "1y", "2y", "1w", "2w", "10d", "1d" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  guint n_checked = 0;

  for (guint day = 1; day <= 31; day++)
    for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
      {
        const guint months[] = { 1, 2, 3, 8, 11, 12 };
        guint month = months[g_rand_int_range (rand, 0, G_N_ELEMENTS (months))];
        guint year = (guint) g_rand_int_range (rand, 2026, 2030);
        g_autoptr(RsSale) sale = NULL;
        g_autofree char *uid = g_strdup_printf ("gen-%u-%u", day, p);
        g_autofree char *start = NULL;
        RsSchedule schedule;

        if (day > rs_date_days_in_month (year, month))
          month = 1;
        start = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
        sale = make_sale (uid, start, periods[p]);
        schedule = *rs_sale_get_schedule (sale);

        switch (g_rand_int_range (rand, 0, 4))
          {
          case 0:
            schedule.term_kind = RS_TERM_COUNT;
            schedule.count = (guint) g_rand_int_range (rand, 1, 40);
            break;
          case 1:
            schedule.term_kind = RS_TERM_UNTIL;
            schedule.until = schedule.start;
            g_date_add_days (&schedule.until, (guint) g_rand_int_range (rand, 0, 3000));
            break;
          case 2:
            schedule.term_kind = RS_TERM_LENGTH;
            g_assert_true (rs_period_parse (g_rand_boolean (rand) ? "1y" : "3y", "term", &schedule.term_length, NULL));
            break;
          default:
            schedule.term_kind = RS_TERM_OPEN;
            break;
          }
        g_assert_true (rs_schedule_validate (&schedule, NULL));
        rs_sale_set_schedule (sale, &schedule);
        check_sale_projection (sale);
        n_checked++;

        /* Its renewal, which continues the phase (anchored when its start was clamped). */
        if (schedule.term_kind != RS_TERM_OPEN)
          {
            RsSchedule successor;

            if (rs_schedule_renew (&schedule, NULL, &successor, NULL))
              {
                g_autoptr(RsSale) renewed = rs_sale_copy (sale);

                rs_sale_set_schedule (renewed, &successor);
                check_sale_projection (renewed);
                n_checked++;
              }
          }
      }

  g_test_message ("%u generated sales expanded by libecal and libical", n_checked);
  g_assert_cmpuint (n_checked, >=, 300);
}

static void
test_design_examples (void)
{
  struct { const char *start; const char *period; const char *rule; } cases[] = {
    { "2027-01-31", "1m", "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1" },
    { "2027-11-30", "1m", "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1" },
    { "2026-11-30", "3m", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28,29,30;BYSETPOS=-1" },
    /* libical writes BYMONTHDAY before BYMONTH; the rule is the one DESIGN.md gives */
    { "2028-02-29", "1y", "FREQ=YEARLY;BYMONTHDAY=28,29;BYMONTH=2;BYSETPOS=-1" },
    { "2027-01-15", "1m", "FREQ=MONTHLY" },
    { "2026-12-17", "2w", "FREQ=WEEKLY;INTERVAL=2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RsSale) sale = make_sale ("design", cases[i].start, cases[i].period);
      g_autoptr(ICalRecurrence) rrule = rs_projection_rrule_for (rs_sale_get_schedule (sale));
      g_autofree char *text = i_cal_recurrence_to_string (rrule);

      g_assert_cmpstr (text, ==, cases[i].rule);
      check_sale_projection (sale);
    }
}

static void
test_components_are_all_day_transparent_and_tagged (void)
{
  g_autoptr(RsSale) sale = make_sale ("acme-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) components = NULL;
  RsSchedule schedule = *rs_sale_get_schedule (sale);

  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 12;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, 30);
  components = rs_projection_build (sale);
  g_assert_cmpuint (components->len, ==, 3);

  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);
      g_autoptr(ICalTime) start = i_cal_component_get_dtstart (component);
      g_autoptr(ICalTime) end = i_cal_component_get_dtend (component);
      g_autoptr(ICalProperty) transp = i_cal_component_get_first_property (component, I_CAL_TRANSP_PROPERTY);
      g_autofree char *sale_uid = NULL;
      g_autofree char *kind = NULL;

      g_assert_true (i_cal_time_is_date (start));
      g_assert_true (i_cal_time_is_date (end));
      g_assert_cmpint (i_cal_time_compare_date_only (start, end), <, 0);
      g_assert_cmpint (i_cal_property_get_transp (transp), ==, I_CAL_TRANSP_TRANSPARENT);
      sale_uid = e_cal_util_component_dup_x_property (component, RS_X_SALE_UID);
      kind = e_cal_util_component_dup_x_property (component, RS_X_SALE_KIND);
      g_assert_cmpstr (sale_uid, ==, "acme-1");
      g_assert_nonnull (kind);
      {
        g_autofree char *expected = g_strconcat ("acme-1-", kind, NULL);
        g_assert_cmpstr (i_cal_component_get_uid (component), ==, expected);
      }
    }

  g_assert_nonnull (find_component (components, "acme-1-invoice", FALSE));
  g_assert_nonnull (find_component (components, "acme-1-expiry", FALSE));
  g_assert_nonnull (find_component (components, "acme-1-notice", FALSE));
  {
    ICalComponent *expiry = find_component (components, "acme-1-expiry", FALSE);
    ICalComponent *notice = find_component (components, "acme-1-notice", FALSE);
    g_autoptr(ICalTime) e = i_cal_component_get_dtstart (expiry);
    g_autoptr(ICalTime) n = i_cal_component_get_dtstart (notice);
    g_autofree char *et = i_cal_time_as_ical_string (e);
    g_autofree char *nt = i_cal_time_as_ical_string (n);

    g_assert_cmpstr (et, ==, "20280130");
    g_assert_cmpstr (nt, ==, "20271231");
    g_assert_cmpstr (i_cal_component_get_summary (expiry), ==, "Expires: Hosting for Acme");
  }
}

static void
test_draft_invoice_is_tentative_and_says_so (void)
{
  g_autoptr(RsSale) sale = make_sale ("draft-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) components = rs_projection_build (sale);
  ICalComponent *invoice = find_component (components, "draft-1-invoice", FALSE);

  g_assert_true (rs_sale_get_draft (sale));
  g_assert_cmpint (i_cal_component_get_status (invoice), ==, I_CAL_STATUS_TENTATIVE);
  g_assert_cmpstr (i_cal_component_get_summary (invoice), ==, "Draft invoice to Acme: Hosting (120.00 EUR)");
  g_assert_nonnull (strstr (i_cal_component_get_description (invoice), "approve"));

  rs_sale_set_draft (sale, FALSE);
  g_clear_pointer (&components, g_ptr_array_unref);
  components = rs_projection_build (sale);
  invoice = find_component (components, "draft-1-invoice", FALSE);
  g_assert_cmpint (i_cal_component_get_status (invoice), ==, I_CAL_STATUS_CONFIRMED);
  g_assert_cmpstr (i_cal_component_get_summary (invoice), ==, "Invoice to Acme: Hosting (120.00 EUR)");
}

static char *
dup_color (ICalComponent *component)
{
  g_autoptr(ICalProperty) color = i_cal_component_get_first_property (component, I_CAL_COLOR_PROPERTY);

  return color != NULL ? g_strdup (i_cal_property_get_color (color)) : NULL;
}

/* Neither Evolution nor GNOME Calendar draws STATUS:TENTATIVE differently: the draft series
 * carries an RFC 7986 colour (Evolution draws it), and nothing else does — not an occurrence
 * marked issued (approved), not the expiry or the notice deadline. */
static void
test_draft_invoice_has_its_own_colour (void)
{
  g_autoptr(RsSale) sale = make_sale ("colour-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) components = NULL;
  RsSchedule schedule = *rs_sale_get_schedule (sale);
  g_autofree char *series_color = NULL;
  g_autofree char *instance_color = NULL;
  g_autofree char *text = NULL;
  GDate issued;

  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 12;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_notice_days (sale, 30);
  g_assert_true (rs_date_parse ("2027-03-31", "d", &issued, NULL));
  rs_sale_set_occurrence_state (sale, &issued, RS_OCCURRENCE_ISSUED);
  g_assert_true (rs_sale_get_draft (sale));

  components = rs_projection_build (sale);
  series_color = dup_color (find_component (components, "colour-1-invoice", FALSE));
  instance_color = dup_color (find_component (components, "colour-1-invoice", TRUE));
  g_assert_cmpstr (series_color, ==, RS_PROJECTION_DRAFT_COLOR);
  g_assert_null (instance_color);
  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);
      g_autofree char *color = dup_color (component);

      if (!g_str_has_suffix (i_cal_component_get_uid (component), "-invoice"))
        g_assert_null (color);
    }

  /* The colour is a CSS3 colour name (RFC 7986), which the clients' parsers read. */
  text = i_cal_component_as_ical_string (find_component (components, "colour-1-invoice", FALSE));
  g_assert_nonnull (strstr (text, "\r\nCOLOR:" RS_PROJECTION_DRAFT_COLOR "\r\n"));

  rs_sale_set_draft (sale, FALSE);
  g_clear_pointer (&components, g_ptr_array_unref);
  g_clear_pointer (&series_color, g_free);
  components = rs_projection_build (sale);
  series_color = dup_color (find_component (components, "colour-1-invoice", FALSE));
  g_assert_null (series_color);
}

static const char *
first_alarm_text (GPtrArray  *components,
                  const char *uid)
{
  ICalComponent *component = find_component (components, uid, FALSE);
  g_autoptr(ICalComponent) alarm = i_cal_component_get_first_component (component, I_CAL_VALARM_COMPONENT);

  g_assert_nonnull (alarm);
  /* The text belongs to the event, which outlives the alarm's wrapper. */
  return i_cal_component_get_description (alarm);
}

/* A draft's reminder asks for the owner's approval; an invoice that is not a draft is about
 * to be issued. */
static void
test_draft_reminder_asks_for_approval (void)
{
  g_autoptr(RsSale) sale = make_sale ("approve-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) components = NULL;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  g_assert_true (rs_sale_get_draft (sale));
  components = rs_projection_build (sale);
  g_assert_cmpstr (first_alarm_text (components, "approve-1-invoice"), ==,
                   "Needs your approval: Draft invoice to Acme: Hosting (120.00 EUR)");

  /* With how the client prepays on the next line, as before. */
  rs_sale_set_prepay (sale, TRUE);
  rs_sale_set_payment_instructions (sale, "cash at the office");
  g_clear_pointer (&components, g_ptr_array_unref);
  components = rs_projection_build (sale);
  g_assert_cmpstr (first_alarm_text (components, "approve-1-invoice"), ==,
                   "Needs your approval: Draft invoice to Acme: Hosting (120.00 EUR)\n"
                   "The client pays in advance: cash at the office");

  rs_sale_set_prepay (sale, FALSE);
  rs_sale_set_draft (sale, FALSE);
  g_clear_pointer (&components, g_ptr_array_unref);
  components = rs_projection_build (sale);
  g_assert_cmpstr (first_alarm_text (components, "approve-1-invoice"), ==,
                   "About to be issued: Invoice to Acme: Hosting (120.00 EUR)");
}

static void
test_trigger_lands_at_reminder_time (void)
{
  struct { guint lead; guint minutes; const char *expected; } cases[] = {
    { 7, 9 * 60, "-P6DT15H" },
    { 30, 9 * 60, "-P29DT15H" },
    { 1, 0, "-P1D" },
    { 0, 9 * 60, "PT9H" },
    { 0, 0, "PT0S" },
    { 90, 17 * 60 + 30, "-P89DT6H30M" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ICalDuration) duration = rs_projection_trigger_for (cases[i].lead, cases[i].minutes);
      g_autofree char *text = i_cal_duration_as_ical_string (duration);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static GPtrArray *
alarm_uids (RsSale     *sale,
            const char *component_uid)
{
  g_autoptr(GPtrArray) components = rs_projection_build (sale);
  ICalComponent *component = find_component (components, component_uid, FALSE);
  GPtrArray *uids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ICalComponent) alarm = NULL;

  g_assert_nonnull (component);
  for (alarm = i_cal_component_get_first_component (component, I_CAL_VALARM_COMPONENT);
       alarm != NULL;
       g_object_unref (alarm), alarm = i_cal_component_get_next_component (component, I_CAL_VALARM_COMPONENT))
    {
      g_autoptr(ICalProperty) action = i_cal_component_get_first_property (alarm, I_CAL_ACTION_PROPERTY);

      g_assert_cmpint (i_cal_property_get_action (action), ==, I_CAL_ACTION_DISPLAY);
      g_ptr_array_add (uids, e_cal_util_component_dup_x_property (alarm, "X-EVOLUTION-ALARM-UID"));
    }

  return uids;
}

static void
test_alarm_uids_are_stable_and_follow_rules (void)
{
  g_autoptr(RsSale) sale = make_sale ("alarm-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) client_only = NULL;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 1, RS_AUDIENCE_OWNER);
  first = alarm_uids (sale, "alarm-1-invoice");
  second = alarm_uids (sale, "alarm-1-invoice");
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpuint (second->len, ==, 2);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (g_ptr_array_index (first, i), ==, g_ptr_array_index (second, i));
  g_assert_cmpstr (g_ptr_array_index (first, 0), !=, g_ptr_array_index (first, 1));

  rs_sale_clear_reminders (sale);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 5, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 1, RS_AUDIENCE_OWNER);
  changed = alarm_uids (sale, "alarm-1-invoice");
  g_assert_cmpstr (g_ptr_array_index (changed, 0), !=, g_ptr_array_index (first, 0));
  g_assert_cmpstr (g_ptr_array_index (changed, 1), ==, g_ptr_array_index (first, 1));

  /* Changing the time of day is a different reminder too. */
  rs_sale_set_reminder_minutes (sale, 10 * 60);
  g_clear_pointer (&changed, g_ptr_array_unref);
  changed = alarm_uids (sale, "alarm-1-invoice");
  g_assert_cmpstr (g_ptr_array_index (changed, 1), !=, g_ptr_array_index (first, 1));

  /* Client reminders are the service's job. A draft waits for the owner's approval, so the
   * owner is reminded at that instant (the shipped default and an explicit "draft"); a sent
   * one or none at all gives no alarm in the calendar. */
  rs_sale_clear_reminders (sale);
  rs_sale_set_client_email (sale, "a@example.com");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);
  client_only = alarm_uids (sale, "alarm-1-invoice");
  g_assert_cmpuint (client_only->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (client_only, 0), ==, "alarm-1-invoice-client-7d-1000");
  g_clear_pointer (&client_only, g_ptr_array_unref);

  rs_sale_set_delivery (sale, RS_DELIVERY_SEND);
  client_only = alarm_uids (sale, "alarm-1-invoice");
  g_assert_cmpuint (client_only->len, ==, 0);
  g_clear_pointer (&client_only, g_ptr_array_unref);

  rs_sale_set_delivery (sale, RS_DELIVERY_OFF);
  client_only = alarm_uids (sale, "alarm-1-invoice");
  g_assert_cmpuint (client_only->len, ==, 0);
}

static void
test_client_draft_alarm_follows_the_setting (void)
{
  g_autoptr(RsSale) sale = make_sale ("draft-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(ICalComponent) alarm = NULL;
  ICalComponent *series;

  rs_sale_set_client_name (sale, "Acme");
  rs_sale_set_client_email (sale, "a@example.com");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_CLIENT);

  /* Following a "send" setting: nothing for the owner to approve. */
  components = rs_projection_build_full (sale, RS_DELIVERY_SEND);
  series = find_component (components, "draft-1-invoice", FALSE);
  g_assert_cmpint (i_cal_component_count_components (series, I_CAL_VALARM_COMPONENT), ==, 0);
  g_clear_pointer (&components, g_ptr_array_unref);

  components = rs_projection_build_full (sale, RS_DELIVERY_DRAFT);
  series = find_component (components, "draft-1-invoice", FALSE);
  alarm = i_cal_component_get_first_component (series, I_CAL_VALARM_COMPONENT);
  g_assert_nonnull (alarm);
  g_assert_nonnull (strstr (i_cal_component_get_description (alarm), "waiting in Drafts"));
  g_assert_nonnull (strstr (i_cal_component_get_description (alarm), "Acme"));
}

static void
test_status_silences_reminders (void)
{
  g_autoptr(RsSale) sale = make_sale ("status-1", "2027-01-31", "1m");
  RsSchedule schedule = *rs_sale_get_schedule (sale);
  g_autoptr(GPtrArray) uids = NULL;

  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 12;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);

  uids = alarm_uids (sale, "status-1-expiry");
  g_assert_cmpuint (uids->len, ==, 1);
  g_clear_pointer (&uids, g_ptr_array_unref);

  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  uids = alarm_uids (sale, "status-1-expiry");
  g_assert_cmpuint (uids->len, ==, 0);
  g_clear_pointer (&uids, g_ptr_array_unref);
  uids = alarm_uids (sale, "status-1-invoice");
  g_assert_cmpuint (uids->len, ==, 1);
  g_clear_pointer (&uids, g_ptr_array_unref);

  rs_sale_set_status (sale, RS_SALE_STATUS_PAUSED);
  uids = alarm_uids (sale, "status-1-invoice");
  g_assert_cmpuint (uids->len, ==, 0);
}

/* The expiry's event says where the renewal offer stands (in the C locale of the tests: ISO
 * dates, the currency's code); the team's rules are mailed, never
 * alarms in the owner's calendar; an accepted offer silences the expiry's alarms. */
static void
test_expiry_shows_the_offer (void)
{
  g_autoptr(RsSale) sale = make_sale ("offer-1", "2027-01-31", "1m");
  RsSchedule schedule = *rs_sale_get_schedule (sale);
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(GPtrArray) uids = NULL;
  GDate offered;
  const char *description;

  schedule.term_kind = RS_TERM_COUNT;
  schedule.count = 12;
  rs_sale_set_schedule (sale, &schedule);
  rs_sale_set_currency (sale, "EUR");
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 45, RS_AUDIENCE_TEAM);
  g_assert_true (rs_date_parse ("2027-12-01", "d", &offered, NULL));

  components = rs_projection_build_full (sale, RS_DELIVERY_DRAFT);
  description = i_cal_component_get_description (find_component (components, "offer-1-expiry", FALSE));
  g_assert_null (strstr (description, "Offer"));
  g_clear_pointer (&components, g_ptr_array_unref);
  uids = alarm_uids (sale, "offer-1-expiry");
  g_assert_cmpuint (uids->len, ==, 1);
  g_clear_pointer (&uids, g_ptr_array_unref);

  rs_sale_set_offer_state (sale, RS_OFFER_OFFERED);
  rs_sale_set_offer_date (sale, &offered);
  rs_sale_set_offer_amount_minor (sale, 13500);
  rs_sale_set_offer_note (sale, "With SSL.");
  components = rs_projection_build (sale);
  description = i_cal_component_get_description (find_component (components, "offer-1-expiry", FALSE));
  g_assert_nonnull (strstr (description, "Offer sent on 2027-12-01. Amount offered: 135.00 EUR. With SSL.\n"));
  g_assert_null (strstr (i_cal_component_get_description (find_component (components, "offer-1-invoice", FALSE)),
                         "Offer sent"));
  g_clear_pointer (&components, g_ptr_array_unref);

  rs_sale_set_offer_state (sale, RS_OFFER_ACCEPTED);
  rs_sale_set_status (sale, RS_SALE_STATUS_RENEWED);
  rs_sale_set_successor_uid (sale, "offer-2");
  components = rs_projection_build (sale);
  description = i_cal_component_get_description (find_component (components, "offer-1-expiry", FALSE));
  g_assert_nonnull (strstr (description, "Accepted on 2027-12-01, renewed as offer-2.\n"));
  g_clear_pointer (&components, g_ptr_array_unref);
  uids = alarm_uids (sale, "offer-1-expiry");
  g_assert_cmpuint (uids->len, ==, 0);
  g_clear_pointer (&uids, g_ptr_array_unref);

  rs_sale_set_offer_state (sale, RS_OFFER_DECLINED);
  rs_sale_set_status (sale, RS_SALE_STATUS_ENDED);
  rs_sale_set_successor_uid (sale, NULL);
  components = rs_projection_build (sale);
  description = i_cal_component_get_description (find_component (components, "offer-1-expiry", FALSE));
  g_assert_nonnull (strstr (description, "Declined on 2027-12-01: the sale ends at its expiry.\n"));
}

static void
test_marked_occurrences (void)
{
  g_autoptr(RsSale) sale = make_sale ("marks-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) components = NULL;
  g_autoptr(GArray) dates = NULL;
  GDate skipped, issued, from, to;
  ICalComponent *master, *instance;

  g_assert_true (rs_date_parse ("2027-02-28", "d", &skipped, NULL));
  g_assert_true (rs_date_parse ("2027-03-31", "d", &issued, NULL));
  rs_sale_set_occurrence_state (sale, &skipped, RS_OCCURRENCE_SKIPPED);
  rs_sale_set_occurrence_state (sale, &issued, RS_OCCURRENCE_PREPAID);
  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  components = rs_projection_build (sale);

  master = find_component (components, "marks-1-invoice", FALSE);
  instance = find_component (components, "marks-1-invoice", TRUE);
  g_assert_nonnull (master);
  g_assert_nonnull (instance);
  g_assert_cmpint (i_cal_component_count_components (instance, I_CAL_VALARM_COMPONENT), ==, 0);
  g_assert_cmpstr (i_cal_component_get_summary (instance), ==, "Prepaid: Invoice to Acme: Hosting (120.00 EUR)");
  g_assert_null (strstr (i_cal_component_get_description (instance), "draft"));
  g_assert_nonnull (strstr (i_cal_component_get_description (instance), "paid in advance"));
  {
    g_autoptr(ICalTime) rid = i_cal_component_get_recurrenceid (instance);
    g_autofree char *text = i_cal_time_as_ical_string (rid);
    g_assert_cmpstr (text, ==, "20270331");
  }

  g_assert_true (rs_date_parse ("2027-01-01", "d", &from, NULL));
  g_assert_true (rs_date_parse ("2027-04-30", "d", &to, NULL));
  dates = rs_test_ical_expand (master, &from, &to);
  /* 31 Jan, (28 Feb skipped), 31 Mar (the detached instance replaces it in a calendar), 30 Apr */
  g_assert_cmpuint (dates->len, ==, 3);
}

static void
test_hostile_text_stays_one_property (void)
{
  const char *hostile = "Acme\r\nATTENDEE:mailto:evil@example.com; \"x\", back\\slash Ελληνικά 日本";
  g_autoptr(RsSale) sale = make_sale ("hostile-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ICalComponent) parsed = NULL;
  g_autoptr(ICalComponent) event = NULL;
  g_autofree char *ics = NULL;
  g_auto(GStrv) lines = NULL;
  const char *summary;
  const char *description;
  guint n_events = 0;

  rs_sale_set_client_name (sale, hostile);
  rs_sale_set_service (sale, "Web; hosting, \\ \n SEQUENCE:99");
  rs_sale_set_note (sale, "line one\r\nEND:VEVENT\r\nBEGIN:VEVENT");
  g_ptr_array_add (sales, g_object_ref (sale));
  ics = rs_projection_export_ics (sales);

  /* No physical line may start a property that the text smuggled in. */
  lines = g_strsplit (ics, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (lines[i], "ATTENDEE"));
      g_assert_false (g_str_has_prefix (lines[i], "SEQUENCE"));
      g_assert_null (strchr (lines[i], '\r'));
      g_assert_null (strchr (lines[i], '\n'));
      if (g_str_equal (lines[i], "BEGIN:VEVENT"))
        n_events++;
    }
  g_assert_cmpuint (n_events, ==, 1);

  parsed = i_cal_component_new_from_string (ics);
  g_assert_nonnull (parsed);
  g_assert_cmpint (i_cal_component_count_components (parsed, I_CAL_VEVENT_COMPONENT), ==, 1);
  event = i_cal_component_get_first_component (parsed, I_CAL_VEVENT_COMPONENT);
  g_assert_cmpint (i_cal_component_count_properties (event, I_CAL_ATTENDEE_PROPERTY), ==, 0);
  g_assert_cmpint (i_cal_component_count_properties (event, I_CAL_SUMMARY_PROPERTY), ==, 1);
  g_assert_cmpint (i_cal_component_count_properties (event, I_CAL_SEQUENCE_PROPERTY), ==, 0);

  /* The summary is one line: line breaks became spaces, everything else is kept. */
  summary = i_cal_component_get_summary (event);
  g_assert_null (strchr (summary, '\n'));
  g_assert_null (strchr (summary, '\r'));
  g_assert_nonnull (strstr (summary, "ATTENDEE:mailto:evil@example.com; \"x\", back\\slash Ελληνικά 日本"));
  g_assert_nonnull (strstr (summary, "Web; hosting, \\"));

  /* The description keeps the client's name exactly, escaped inside one property value. */
  description = i_cal_component_get_description (event);
  g_assert_nonnull (strstr (description, "ATTENDEE:mailto:evil@example.com; \"x\", back\\slash Ελληνικά 日本"));
  g_assert_nonnull (strstr (description, "END:VEVENT"));
}

static void
test_component_uid_round_trip (void)
{
  g_autofree char *sale_uid = NULL;
  RsReminderKind kind;

  g_assert_true (rs_projection_parse_component_uid ("0f6c-11-aa-expiry", &sale_uid, &kind));
  g_assert_cmpstr (sale_uid, ==, "0f6c-11-aa");
  g_assert_cmpint (kind, ==, RS_REMINDER_KIND_EXPIRY);
  g_assert_false (rs_projection_parse_component_uid ("something-else", NULL, NULL));
  g_assert_false (rs_projection_parse_component_uid ("-invoice", NULL, NULL));
}

static void
test_export_is_stable (void)
{
  g_autoptr(RsSale) sale = make_sale ("stable-1", "2027-01-31", "1m");
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  g_ptr_array_add (sales, g_object_ref (sale));
  first = rs_projection_export_ics (sales);
  second = rs_projection_export_ics (sales);
  g_assert_cmpstr (first, ==, second);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/projection/engine/equals-libecal-and-libical-expansion", test_projection_equals_engine);
  g_test_add_func ("/projection/engine/design-examples", test_design_examples);
  g_test_add_func ("/projection/components/all-day-transparent-tagged", test_components_are_all_day_transparent_and_tagged);
  g_test_add_func ("/projection/invoice/draft-is-tentative-and-says-so", test_draft_invoice_is_tentative_and_says_so);
  g_test_add_func ("/projection/invoice/draft-has-its-own-colour", test_draft_invoice_has_its_own_colour);
  g_test_add_func ("/projection/alarm/draft-reminder-asks-for-approval", test_draft_reminder_asks_for_approval);
  g_test_add_func ("/projection/alarm/trigger-lands-at-reminder-time", test_trigger_lands_at_reminder_time);
  g_test_add_func ("/projection/alarm/uids-stable-and-follow-rules", test_alarm_uids_are_stable_and_follow_rules);
  g_test_add_func ("/projection/alarm/client-draft-follows-the-setting",
                   test_client_draft_alarm_follows_the_setting);
  g_test_add_func ("/projection/alarm/status-silences-reminders", test_status_silences_reminders);
  g_test_add_func ("/projection/invoice/marked-occurrences", test_marked_occurrences);
  g_test_add_func ("/projection/expiry/shows-the-renewal-offer", test_expiry_shows_the_offer);
  g_test_add_func ("/projection/escaping/hostile-text-stays-one-property", test_hostile_text_stays_one_property);
  g_test_add_func ("/projection/uid/round-trip", test_component_uid_round_trip);
  g_test_add_func ("/projection/export/stable", test_export_is_stable);

  return g_test_run ();
}
