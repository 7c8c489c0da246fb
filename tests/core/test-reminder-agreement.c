/* test-reminder-agreement.c: the agenda, the calendar, the dispatcher and the preview agree on
 * which reminders exist, date by date, whatever the sale's status
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Random sales (seeded: every run sees the same ones) are walked through the status changes a
 * user makes — active, paused, active again, then renewed or ended, with an occurrence marked
 * on the way — and at each step four readers of the one rule (rs_sale_reminder_verdict ()) are
 * compared over the sale's whole life:
 *   - the agenda (`upcoming`, Upcoming, UpcomingPage): its reminder items;
 *   - the calendar: the projection's alarms, expanded as a calendar does (the recurrence, its
 *     exceptions, the detached instances);
 *   - the dispatcher: the client reminders falling due (rs_client_reminders_due ()) that the
 *     rule keeps;
 *   - the preview: whether the e-mail of each client reminder will be sent.
 */
#include "config.h"

#include <libecal/libecal.h>
#include <stdlib.h>
#include <string.h>

#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-autocleanups.h>
#include <recurring-sales/rs-client-reminders.h>
#include <recurring-sales/rs-reminder-preview.h>
#include "rs-test-sales.h"
#include "rs-test-ical.h"

#define N_SALES        300
#define MAX_LEAD_DAYS  60

/* "client invoice 7d 2027-01-31": one reminder, as the four readers are compared. */
static char *
reminder_key (RsAudience      audience,
              RsReminderKind  kind,
              guint           lead_days,
              const GDate    *occurrence)
{
  char date[11];

  rs_date_to_iso_buf (occurrence, date);
  return g_strdup_printf ("%s %s %ud %s", rs_audience_to_string (audience),
                          rs_reminder_kind_to_string (kind), lead_days, date);
}

static GHashTable *
new_set (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
set_add (GHashTable *set,
         char       *key)
{
  g_hash_table_add (set, key);
}

/* The keys of @set of one audience ("owner " or "client "). */
static GHashTable *
set_of_audience (GHashTable *set,
                 RsAudience  audience)
{
  GHashTable *subset = new_set ();
  const char *prefix = rs_audience_to_string (audience);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix) && ((char *) key)[strlen (prefix)] == ' ')
      g_hash_table_add (subset, g_strdup (key));

  return subset;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @a missing from @b, sorted, as one line. */
static char *
missing_from (GHashTable *a,
              GHashTable *b)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (b, key))
      g_ptr_array_add (missing, key);

  g_ptr_array_sort (missing, compare_strings);
  g_ptr_array_add (missing, NULL);
  return g_strjoinv (", ", (char **) missing->pdata);
}

static char *
describe_sale (RsSale *sale)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  g_autofree char *period = rs_period_to_string (&schedule->period);
  g_autofree char *start = rs_date_to_iso (&schedule->start);
  g_autoptr(GString) rules = g_string_new (NULL);
  GPtrArray *reminders = rs_sale_get_reminders (sale);

  for (guint i = 0; i < reminders->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (reminders, i);

      g_string_append_printf (rules, " %s-%u-%s", rs_reminder_kind_to_string (rule->kind),
                              rule->lead_days, rs_audience_to_string (rule->audience));
    }

  return g_strdup_printf ("%s (%s, every %s from %s, term %s, notice %d, e-mail %s, delivery %s,"
                          " %u marks, rules%s)",
                          rs_sale_get_uid (sale), rs_sale_status_to_string (rs_sale_get_status (sale)),
                          period, start, rs_term_kind_to_string (schedule->term_kind),
                          rs_sale_get_notice_days (sale),
                          rs_sale_get_client_email (sale) != NULL ? "yes" : "no",
                          rs_delivery_to_string (rs_sale_get_delivery (sale)),
                          rs_sale_get_marked_occurrences (sale)->len, rules->str);
}

static void
assert_same_set (RsSale     *sale,
                 GHashTable *expected,
                 const char *expected_name,
                 GHashTable *actual,
                 const char *actual_name)
{
  g_autofree char *only_expected = NULL;
  g_autofree char *only_actual = NULL;
  g_autofree char *what = NULL;

  only_expected = missing_from (expected, actual);
  only_actual = missing_from (actual, expected);
  if (*only_expected == '\0' && *only_actual == '\0')
    return;

  what = describe_sale (sale);
  g_error ("%s: %s and %s disagree. Only in %s: [%s]. Only in %s: [%s].", what, expected_name,
           actual_name, expected_name, only_expected, actual_name, only_actual);
}

static gboolean
in_window (const GDate *day,
           const GDate *from,
           const GDate *to)
{
  return g_date_compare (day, from) >= 0 && g_date_compare (day, to) <= 0;
}

/* The day a reminder @lead_days before @occurrence fires. */
static GDate
fire_day (const GDate *occurrence,
          guint        lead_days)
{
  GDate day = *occurrence;

  g_date_subtract_days (&day, lead_days);
  return day;
}

/* The agenda */

static GHashTable *
agenda_reminders (RsSale      *sale,
                  const GDate *from,
                  const GDate *to)
{
  g_autoptr(GPtrArray) sales = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = NULL;
  GHashTable *set = new_set ();

  g_ptr_array_add (sales, sale);
  items = rs_agenda_compute (sales, from, to);
  for (guint i = 0; i < items->len; i++)
    {
      const RsAgendaItem *item = g_ptr_array_index (items, i);
      GDate fires;

      if (item->kind != RS_AGENDA_ITEM_REMINDER)
        continue;
      fires = fire_day (&item->for_date, item->lead_days);
      g_assert_cmpint (g_date_compare (&fires, &item->date), ==, 0);
      set_add (set, reminder_key (item->audience, item->for_kind, item->lead_days, &item->for_date));
    }

  return set;
}

/* The calendar */

/* An alarm's audience and lead from its stable UID, "<component-uid>-[client-]<lead>d-HHMM":
 * the trigger alone would not tell the audience. */
static void
parse_alarm_uid (ICalComponent *alarm,
                 const char    *component_uid,
                 RsAudience    *out_audience,
                 guint         *out_lead_days)
{
  g_autoptr(ICalProperty) property = NULL;
  const char *text = NULL;
  char *end = NULL;

  /* The text belongs to the alarm, which outlives the property objects. */
  property = i_cal_component_get_first_property (alarm, I_CAL_X_PROPERTY);
  while (property != NULL && text == NULL)
    {
      if (g_strcmp0 (i_cal_property_get_x_name (property), "X-EVOLUTION-ALARM-UID") == 0)
        text = i_cal_property_get_x (property);
      g_object_unref (property);
      property = i_cal_component_get_next_property (alarm, I_CAL_X_PROPERTY);
    }

  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, component_uid));
  text += strlen (component_uid);
  g_assert_true (*text == '-');
  text++;
  *out_audience = RS_AUDIENCE_OWNER;
  if (g_str_has_prefix (text, "client-"))
    {
      *out_audience = RS_AUDIENCE_CLIENT;
      text += strlen ("client-");
    }
  *out_lead_days = (guint) strtoul (text, &end, 10);
  g_assert_true (end != text && *end == 'd');
}

/* Adds the alarms of @component, for its instance on @date, that fire in [@from, @to]. */
static void
add_alarms (GHashTable    *set,
            ICalComponent *component,
            RsReminderKind kind,
            const GDate   *date,
            const GDate   *from,
            const GDate   *to)
{
  const char *uid = i_cal_component_get_uid (component);
  ICalComponent *alarm, *next;

  /* Each child holds a reference to its parent: every one must be let go. */
  for (alarm = i_cal_component_get_first_component (component, I_CAL_VALARM_COMPONENT);
       alarm != NULL;
       alarm = next)
    {
      RsAudience audience;
      guint lead_days;
      GDate fires;

      parse_alarm_uid (alarm, uid, &audience, &lead_days);
      fires = fire_day (date, lead_days);
      if (in_window (&fires, from, to))
        set_add (set, reminder_key (audience, kind, lead_days, date));

      next = i_cal_component_get_next_component (component, I_CAL_VALARM_COMPONENT);
      g_object_unref (alarm);
    }
}

static gboolean
component_kind (ICalComponent  *component,
                RsReminderKind *out_kind)
{
  return rs_projection_parse_component_uid (i_cal_component_get_uid (component), NULL, out_kind);
}

static gboolean
dates_contain (GArray      *dates,
               const GDate *date)
{
  for (guint i = 0; i < dates->len; i++)
    if (g_date_compare (&g_array_index (dates, GDate, i), date) == 0)
      return TRUE;

  return FALSE;
}

/* The calendar's reminders that fire in [@from, @to], with the setting client-delivery at
 * @default_delivery: each master expanded, its instances replaced by the detached ones. */
static GHashTable *
calendar_reminders (RsSale      *sale,
                    RsDelivery   default_delivery,
                    const GDate *from,
                    const GDate *to)
{
  g_autoptr(GPtrArray) components = rs_projection_build_full (sale, default_delivery);
  g_autoptr(GArray) detached = g_array_new (FALSE, FALSE, sizeof (GDate));
  GHashTable *set = new_set ();
  GDate last = *to;

  /* A reminder that fires by @to is about a date at most the longest lead later. */
  g_date_add_days (&last, MAX_LEAD_DAYS);

  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);
      g_autoptr(ICalTime) recurrence_id = i_cal_component_get_recurrenceid (component);
      RsReminderKind kind;
      GDate date;

      if (recurrence_id == NULL || i_cal_time_is_null_time (recurrence_id))
        continue;
      g_assert_true (component_kind (component, &kind));
      date = rs_test_ical_to_date (recurrence_id);
      g_array_append_val (detached, date);
      add_alarms (set, component, kind, &date, from, to);
    }

  for (guint i = 0; i < components->len; i++)
    {
      ICalComponent *component = g_ptr_array_index (components, i);
      g_autoptr(ICalTime) recurrence_id = i_cal_component_get_recurrenceid (component);
      g_autoptr(GArray) dates = NULL;
      RsReminderKind kind;

      if (recurrence_id != NULL && !i_cal_time_is_null_time (recurrence_id))
        continue;
      g_assert_true (component_kind (component, &kind));
      dates = rs_test_ical_expand (component, from, &last);
      for (guint d = 0; d < dates->len; d++)
        {
          const GDate *date = &g_array_index (dates, GDate, d);

          if (kind != RS_REMINDER_KIND_INVOICE || !dates_contain (detached, date))
            add_alarms (set, component, kind, date, from, to);
        }
    }

  return set;
}

/* The dispatcher */

static gint64
instant_of (const GDate *day,
            int          hour)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day),
                                                   g_date_get_day (day), hour, 0, 0);

  return g_date_time_to_unix (time);
}

/* The client reminders whose time comes in [@from, @to] (UTC days) and that the dispatcher
 * would mail rather than record cancelled: what falls due, kept by the rule. */
static GHashTable *
dispatcher_reminders (RsSale      *sale,
                      const GDate *from,
                      const GDate *to)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDate after_to = *to;
  g_autoptr(GArray) due = NULL;
  GHashTable *set = new_set ();

  g_date_add_days (&after_to, 1);
  due = rs_client_reminders_due (sale, instant_of (from, 0) - 1, instant_of (&after_to, 0) - 1, utc);
  for (guint i = 0; i < due->len; i++)
    {
      const RsDueReminder *reminder = &g_array_index (due, RsDueReminder, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (reminder->due);
      GDate fires = fire_day (&reminder->occurrence, reminder->lead_days);

      /* Due at the reminder time of the day the agenda and the calendar show. */
      g_assert_cmpint (g_date_time_get_year (when), ==, g_date_get_year (&fires));
      g_assert_cmpint (g_date_time_get_day_of_year (when), ==, g_date_get_day_of_year (&fires));

      if (rs_client_reminder_applies (sale, reminder->kind, reminder->lead_days, &reminder->occurrence))
        set_add (set, reminder_key (RS_AUDIENCE_CLIENT, reminder->kind, reminder->lead_days,
                                    &reminder->occurrence));
    }

  return set;
}

/* The preview */

/* Of each of the sale's dates of a kind a client rule has, whether its e-mail will be sent
 * (asked long before any is due, so that only the rule and the delivery answer), as the
 * keys of the first client rule of that kind: "client invoice 7d 2027-01-31". Dates whose
 * reminders fall due outside [@from, @to] are left out, as the others leave them out. */
static GHashTable *
preview_reminders (RsSale      *sale,
                   RsDelivery   default_delivery,
                   const GDate *from,
                   const GDate *to)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GPtrArray *rules = rs_sale_get_reminders (sale);
  GHashTable *set = new_set ();
  GDate first = *from;

  g_date_add_days (&first, MAX_LEAD_DAYS);
  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);
      g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));
      GDate date;

      if (rule->audience != RS_AUDIENCE_CLIENT)
        continue;

      switch (rule->kind)
        {
        case RS_REMINDER_KIND_INVOICE:
          rs_schedule_collect_issue_dates (rs_sale_get_schedule (sale), &first, to, dates);
          break;
        case RS_REMINDER_KIND_EXPIRY:
          if (rs_schedule_expiry_date (rs_sale_get_schedule (sale), &date) && in_window (&date, &first, to))
            g_array_append_val (dates, date);
          break;
        case RS_REMINDER_KIND_NOTICE:
        default:
          if (rs_sale_get_notice_deadline (sale, &date) && in_window (&date, &first, to))
            g_array_append_val (dates, date);
          break;
        }

      for (guint d = 0; d < dates->len; d++)
        {
          const GDate *occurrence = &g_array_index (dates, GDate, d);
          RsReminderVerdict verdict = rs_reminder_preview_verdict (sale, rule->kind, occurrence,
                                                                   default_delivery, 0, utc, NULL);

          /* The rule says the same of every lead; the delivery comes after it. */
          g_assert_cmpint (verdict == RS_REMINDER_VERDICT_REMINDS ||
                           verdict == RS_REMINDER_VERDICT_DELIVERY_OFF ||
                           verdict == RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF, ==,
                           rs_sale_reminder_verdict (sale, rule->kind, RS_AUDIENCE_CLIENT,
                                                     rule->lead_days, occurrence) ==
                           RS_REMINDER_VERDICT_REMINDS);
          if (verdict == RS_REMINDER_VERDICT_REMINDS)
            set_add (set, reminder_key (RS_AUDIENCE_CLIENT, rule->kind, rule->lead_days, occurrence));
        }
    }

  return set;
}

/* Whether the date a key is about (its last word) is one preview_reminders () looks at. */
static gboolean
key_date_in_preview (const char  *key,
                     const GDate *from,
                     const GDate *to)
{
  GDate first = *from, date = rs_test_date (strrchr (key, ' ') + 1);

  g_date_add_days (&first, MAX_LEAD_DAYS);
  return in_window (&date, &first, to);
}

/* The sales */

static RsSale *
random_sale (GRand *rand,
             guint  n)
{
  static const char * const periods[] = { "1m", "1m", "2m", "3m", "6m", "1y", "1w", "2w", "10d" };
  static const guint leads[] = { 0, 1, 3, 7, 14, 30, MAX_LEAD_DAYS };
  g_autofree char *uid = g_strdup_printf ("agree-%03u", n);
  g_autofree char *start = NULL;
  RsSale *sale;
  RsSchedule schedule;
  guint n_rules;
  gboolean has_email;
  int year = g_rand_int_range (rand, 2026, 2029), month = g_rand_int_range (rand, 1, 13);
  int day = g_rand_boolean (rand) ? g_rand_int_range (rand, 28, 32) : g_rand_int_range (rand, 1, 29);

  day = MIN (day, (int) rs_date_days_in_month ((guint) year, (guint) month));
  start = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
  sale = rs_test_sale_new (uid, "Client", start, periods[g_rand_int_range (rand, 0, G_N_ELEMENTS (periods))], NULL);
  rs_sale_set_created (sale, 1577836800);  /* 2020-01-01: before any reminder */
  schedule = *rs_sale_get_schedule (sale);

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      schedule.term_kind = RS_TERM_OPEN;
      break;
    case 1:
    case 2:
      schedule.term_kind = RS_TERM_COUNT;
      schedule.count = (guint) g_rand_int_range (rand, 1, 25);
      break;
    case 3:
    case 4:
      schedule.term_kind = RS_TERM_UNTIL;
      schedule.until = schedule.start;
      g_date_add_days (&schedule.until, (guint) g_rand_int_range (rand, 0, 800));
      break;
    default:
      schedule.term_kind = RS_TERM_LENGTH;
      g_assert_true (rs_period_parse (g_rand_boolean (rand) ? "1y" : "6m", "term", &schedule.term_length, NULL));
      break;
    }
  g_assert_true (rs_schedule_validate (&schedule, NULL));
  rs_sale_set_schedule (sale, &schedule);

  /* A notice period, when it fits in the term. */
  if (schedule.term_kind != RS_TERM_OPEN && g_rand_boolean (rand))
    {
      rs_sale_set_notice_days (sale, g_rand_int_range (rand, 1, 90));
      if (!rs_sale_validate (sale, NULL))
        rs_sale_set_notice_days (sale, -1);
    }

  has_email = g_rand_int_range (rand, 0, 5) != 0;
  if (has_email)
    rs_sale_set_client_email (sale, "billing@client.example");
  rs_sale_set_delivery (sale, (RsDelivery) g_rand_int_range (rand, 0, 4));
  rs_sale_set_reminder_minutes (sale, (guint) g_rand_int_range (rand, 0, 24 * 60));

  n_rules = (guint) g_rand_int_range (rand, 1, 7);
  for (guint i = 0; i < n_rules; i++)
    {
      RsReminderKind kind = (RsReminderKind) g_rand_int_range (rand, 0, 3);
      guint lead = leads[g_rand_int_range (rand, 0, G_N_ELEMENTS (leads))];
      RsAudience audience = (RsAudience) g_rand_int_range (rand, 0, 2);
      g_autoptr(RsReminderRule) rule = NULL;
      GPtrArray *rules = rs_sale_get_reminders (sale);
      gboolean listed = FALSE;
      GDate date;

      /* What a valid sale can have: a client's reminders need the address, the expiry's and
       * the notice deadline's need those dates. */
      if (!has_email)
        audience = RS_AUDIENCE_OWNER;
      if ((kind == RS_REMINDER_KIND_EXPIRY && !rs_schedule_expiry_date (&schedule, &date)) ||
          (kind == RS_REMINDER_KIND_NOTICE && !rs_sale_get_notice_deadline (sale, &date)))
        kind = RS_REMINDER_KIND_INVOICE;
      rule = rs_reminder_rule_new (kind, lead, audience);

      for (guint j = 0; j < rules->len; j++)
        listed |= rs_reminder_rule_equal (rule, g_ptr_array_index (rules, j));
      if (!listed)
        rs_sale_add_reminder (sale, kind, lead, audience);
    }

  /* Marks on a few issue dates. */
  for (guint i = 0; i < 3; i++)
    {
      GDate day_of_term = schedule.start, issue;

      g_date_add_days (&day_of_term, (guint) g_rand_int_range (rand, 0, 400));
      if (rs_schedule_next_issue_on_or_after (&schedule, &day_of_term, &issue, NULL))
        rs_sale_set_occurrence_state (sale, &issue, (RsOccurrenceState) g_rand_int_range (rand, 0, 4));
    }

  g_assert_true (rs_sale_validate (sale, NULL));

  /* The rule answers for any sale in memory, valid or not: one in ten loses its address. */
  if (has_email && g_rand_int_range (rand, 0, 10) == 0)
    rs_sale_set_client_email (sale, NULL);

  return sale;
}

/* The sale's whole life: from before the longest lead ahead of its start to its expiry, or
 * three years for an open-ended sale. */
static void
life_window (RsSale *sale,
             GDate  *out_from,
             GDate  *out_to)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);

  *out_from = schedule->start;
  g_date_subtract_days (out_from, MAX_LEAD_DAYS + 1);
  if (!rs_schedule_expiry_date (schedule, out_to))
    {
      *out_to = schedule->start;
      g_date_add_years (out_to, 3);
    }
}

/* How many client reminders the four agreed on for renewed or ended sales: the test is about
 * them, so they must not be rare. */
static guint n_kept_after_the_term_was_settled;

static void
check_agreement (RsSale *sale)
{
  g_autoptr(GHashTable) agenda = NULL;
  g_autoptr(GHashTable) calendar = NULL;
  g_autoptr(GHashTable) dispatcher = NULL;
  g_autoptr(GHashTable) agenda_owner = NULL;
  g_autoptr(GHashTable) agenda_client = NULL;
  g_autoptr(GHashTable) calendar_owner = NULL;
  g_autoptr(GHashTable) calendar_client = NULL;
  g_autoptr(GHashTable) nothing = new_set ();
  RsDelivery delivery = rs_sale_get_delivery (sale);
  GDate from, to;

  life_window (sale, &from, &to);
  agenda = agenda_reminders (sale, &from, &to);
  agenda_owner = set_of_audience (agenda, RS_AUDIENCE_OWNER);
  agenda_client = set_of_audience (agenda, RS_AUDIENCE_CLIENT);

  /* The calendar shows the owner's reminders, and a client's when it becomes a draft (the
   * owner is told it waits): the setting says drafts here, so "default" means a draft. */
  calendar = calendar_reminders (sale, RS_DELIVERY_DRAFT, &from, &to);
  calendar_owner = set_of_audience (calendar, RS_AUDIENCE_OWNER);
  calendar_client = set_of_audience (calendar, RS_AUDIENCE_CLIENT);
  assert_same_set (sale, agenda_owner, "the agenda (owner)", calendar_owner, "the calendar (owner)");
  if (delivery == RS_DELIVERY_DRAFT || delivery == RS_DELIVERY_DEFAULT)
    assert_same_set (sale, agenda_client, "the agenda (client)", calendar_client,
                     "the calendar (client drafts)");
  else
    assert_same_set (sale, nothing, "nothing", calendar_client, "the calendar (client drafts)");

  dispatcher = dispatcher_reminders (sale, &from, &to);
  assert_same_set (sale, agenda_client, "the agenda (client)", dispatcher, "the dispatcher");
  if (rs_sale_get_status (sale) == RS_SALE_STATUS_RENEWED ||
      rs_sale_get_status (sale) == RS_SALE_STATUS_ENDED)
    n_kept_after_the_term_was_settled += g_hash_table_size (dispatcher);

  /* The preview: an e-mail that exists by the rule will be sent unless the delivery is off,
   * here the sale's own or the setting's. */
  for (guint setting = 0; setting < 2; setting++)
    {
      RsDelivery default_delivery = setting == 0 ? RS_DELIVERY_SEND : RS_DELIVERY_OFF;
      RsDelivery effective = delivery == RS_DELIVERY_DEFAULT ? default_delivery : delivery;
      g_autoptr(GHashTable) preview = preview_reminders (sale, default_delivery, &from, &to);
      g_autoptr(GHashTable) expected = new_set ();
      GHashTableIter iter;
      gpointer key;

      if (effective != RS_DELIVERY_OFF)
        {
          g_hash_table_iter_init (&iter, dispatcher);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (key_date_in_preview (key, &from, &to))
              g_hash_table_add (expected, g_strdup (key));
        }
      assert_same_set (sale, expected, "the dispatcher (mailed)", preview, "the preview");
    }
}

static void
test_four_readers_agree_through_status_changes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20270131);
  guint n_checks = 0;

  for (guint n = 0; n < N_SALES; n++)
    {
      g_autoptr(RsSale) sale = random_sale (rand, n);
      RsSaleStatus last = g_rand_boolean (rand) ? RS_SALE_STATUS_RENEWED : RS_SALE_STATUS_ENDED;
      const RsSaleStatus walk[] = {
        RS_SALE_STATUS_ACTIVE, RS_SALE_STATUS_PAUSED, RS_SALE_STATUS_ACTIVE, last,
      };

      for (guint step = 0; step < G_N_ELEMENTS (walk); step++)
        {
          rs_sale_set_status (sale, walk[step]);
          if (walk[step] == RS_SALE_STATUS_RENEWED)
            rs_sale_set_successor_uid (sale, "agree-successor");
          check_agreement (sale);
          n_checks++;
        }

      /* Once renewed or ended, the owner marks one more invoice prepaid. */
      {
        GDate issue;

        if (rs_schedule_next_issue_on_or_after (rs_sale_get_schedule (sale),
                                                &rs_sale_get_schedule (sale)->start, &issue, NULL))
          {
            rs_sale_set_occurrence_state (sale, &issue, RS_OCCURRENCE_PREPAID);
            check_agreement (sale);
            n_checks++;
          }
      }
    }

  g_test_message ("%u sales, %u states compared; %u client reminders of renewed or ended sales",
                  N_SALES, n_checks, n_kept_after_the_term_was_settled);
  g_assert_cmpuint (n_kept_after_the_term_was_settled, >=, 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reminders/agree/agenda-calendar-dispatcher-preview/random-sales-through-status-changes",
                   test_four_readers_agree_through_status_changes);

  return g_test_run ();
}
