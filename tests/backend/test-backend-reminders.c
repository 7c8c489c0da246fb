/* test-backend-reminders.c: owner reminders through libecal's EReminderWatcher
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The watcher is the one evolution-alarm-notify and GNOME Shell use. Its clock cannot be
 * faked, so the test picks the user's time zone instead: one where it is now between 04:00
 * and 05:00, so that 09:00 yesterday has passed (those reminders fire at once) and 09:00
 * today is still to come (the watcher must schedule it for exactly then). A subclass records
 * instead of arming the timer; e_reminder_watcher_timer_elapsed () plays the timer.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "eds-test-util.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-projection.h>

/* The watcher, with its timer replaced by a record of what it asked for. */

#define TEST_TYPE_WATCHER (test_watcher_get_type ())
G_DECLARE_FINAL_TYPE (TestWatcher, test_watcher, TEST, WATCHER, EReminderWatcher)

struct _TestWatcher
{
  EReminderWatcher parent_instance;

  GArray          *timer_requests;  /* gint64, seconds */
  GPtrArray       *triggered;       /* EReminderData */
};

G_DEFINE_FINAL_TYPE (TestWatcher, test_watcher, E_TYPE_REMINDER_WATCHER)

static void
test_watcher_schedule_timer (EReminderWatcher *watcher,
                             gint64            at_time)
{
  g_array_append_val (TEST_WATCHER (watcher)->timer_requests, at_time);
}

static void
test_watcher_triggered (EReminderWatcher *watcher,
                        const GSList     *reminders,
                        gboolean          snoozed)
{
  for (const GSList *link = reminders; link != NULL; link = link->next)
    g_ptr_array_add (TEST_WATCHER (watcher)->triggered, e_reminder_data_copy (link->data));
}

static void
test_watcher_finalize (GObject *object)
{
  TestWatcher *self = TEST_WATCHER (object);

  g_array_unref (self->timer_requests);
  g_ptr_array_unref (self->triggered);
  G_OBJECT_CLASS (test_watcher_parent_class)->finalize (object);
}

static void
test_watcher_class_init (TestWatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_watcher_finalize;
  E_REMINDER_WATCHER_CLASS (klass)->schedule_timer = test_watcher_schedule_timer;
  E_REMINDER_WATCHER_CLASS (klass)->triggered = test_watcher_triggered;
}

static void
test_watcher_init (TestWatcher *self)
{
  self->timer_requests = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->triggered = g_ptr_array_new_with_free_func (e_reminder_data_free);
}

/* The world of the test */

static EdsTest eds;
static GTimeZone *zone;           /* where it is now between 04:00 and 05:00 */
static ICalTimezone *ical_zone;
static GDate today, yesterday;

typedef struct {
  char *due_yesterday;     /* invoice reminder at 09:00 yesterday: fires */
  char *expiring;          /* expiry reminder at 09:00 yesterday: fires */
  char *due_today;         /* invoice reminder at 09:00 today: scheduled */
  char *ended;             /* the client will not renew: no expiry reminder */
  char *renewed;           /* renewed: no expiry reminder */
  char *prepaid;           /* that invoice is prepaid: no reminder */
  char *client_only;       /* a reminder for the client, sent by the service: not shown */
  char *client_draft;      /* one that becomes a draft: the owner is told it waits */
} Sales;

static Sales sales;

static void
choose_zone (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *name = NULL;
  int offset = 4 - g_date_time_get_hour (now);

  if (offset < -12)
    offset += 24;
  if (offset > 14)
    offset -= 24;
  /* Etc/GMT-3 is three hours ahead of UTC (POSIX signs). */
  name = offset == 0 ? g_strdup ("Etc/GMT")
                     : g_strdup_printf ("Etc/GMT%+d", -offset);
  zone = g_time_zone_new_identifier (name);
  g_assert_nonnull (zone);
  /* The user's zone, for EDS and the service too (they inherit it); set before any thread
   * exists. The watcher gets it as its default zone below, as evolution-alarm-notify takes
   * the desktop's. */
  g_setenv ("TZ", name, TRUE);
  ical_zone = i_cal_timezone_get_builtin_timezone (name);
  g_assert_nonnull (ical_zone);

  local_now = g_date_time_to_timezone (now, zone);
  g_assert_cmpint (g_date_time_get_hour (local_now), ==, 4);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (local_now),
                  (GDateMonth) g_date_time_get_month (local_now),
                  (GDateYear) g_date_time_get_year (local_now));
  yesterday = today;
  g_date_subtract_days (&yesterday, 1);
  g_test_message ("zone %s, local date %04d-%02d-%02d", name, g_date_get_year (&today),
                  g_date_get_month (&today), g_date_get_day (&today));
}

static char *
iso_plus (const GDate *date,
          int          days)
{
  GDate shifted = *date;

  if (days >= 0)
    g_date_add_days (&shifted, (guint) days);
  else
    g_date_subtract_days (&shifted, (guint) -days);
  return rs_date_to_iso (&shifted);
}

/* 09:00 on @date in the zone, as seconds. */
static gint64
nine_on (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new (zone, g_date_get_year (date),
                                               g_date_get_month (date), g_date_get_day (date),
                                               9, 0, 0);

  return g_date_time_to_unix (time);
}

static char *
add (const char *client,
     const char *period,
     const char *start,
     const char *extra)
{
  return eds_test_add_sale (&eds, eds_test_sale_dict (client, period, start, extra));
}

static void
add_sales (void)
{
  g_autofree char *invoice_in_7 = iso_plus (&yesterday, 7);
  g_autofree char *invoice_today_in_7 = iso_plus (&today, 7);
  g_autofree char *long_ago = iso_plus (&yesterday, -200);
  g_autofree char *expiry_in_30 = iso_plus (&yesterday, 30);
  g_autofree char *expiring_extra =
    g_strdup_printf ("{'until': <'%s'>, 'reminders': <[('expiry', @u 30, 'owner')]>, "
                     "'reminder_time': <'09:00'>}", expiry_in_30);
  const char *invoice_extra =
    "{'reminders': <[('invoice', @u 7, 'owner')]>, 'reminder_time': <'09:00'>}";
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  sales.due_yesterday = add ("Due Yesterday", "1m", invoice_in_7, invoice_extra);
  sales.due_today = add ("Due Today", "1m", invoice_today_in_7, invoice_extra);
  sales.expiring = add ("Expiring", "1y", long_ago, expiring_extra);
  sales.ended = add ("Ended", "1y", long_ago, expiring_extra);
  sales.renewed = add ("Renewed", "1y", long_ago, expiring_extra);
  sales.prepaid = add ("Prepaid", "1m", invoice_in_7, invoice_extra);
  sales.client_only = add ("Client Only", "1m", invoice_in_7,
                           "{'reminders': <[('invoice', @u 7, 'client')]>, "
                           "'email': <'client@example.com'>, 'delivery': <'send'>}");
  sales.client_draft = add ("Client Draft", "1m", invoice_in_7,
                            "{'reminders': <[('invoice', @u 7, 'client')]>, "
                            "'email': <'draft@example.com'>, 'reminder_time': <'09:00'>}");

  eds_test_call_ok (&eds, "EndSale", g_variant_new ("(ss)", sales.ended, "Not renewing"));
  reply = eds_test_call (&eds, "Renew", g_variant_new_parsed ("(%s, @a{sv} {})", sales.renewed),
                         "(s)", &error);
  g_assert_no_error (error);
  eds_test_call_ok (&eds, "MarkOccurrence",
                    g_variant_new ("(sss)", sales.prepaid, invoice_in_7, "prepaid"));
}

static TestWatcher *
new_watcher (void)
{
  TestWatcher *watcher = g_object_new (TEST_TYPE_WATCHER, "registry", eds.sources, NULL);

  e_reminder_watcher_set_default_zone (E_REMINDER_WATCHER (watcher), ical_zone);
  return watcher;
}

static gboolean
timer_requested_for (gpointer user_data)
{
  TestWatcher *watcher = user_data;
  gint64 nine_today = nine_on (&today);

  for (guint i = 0; i < watcher->timer_requests->len; i++)
    if (g_array_index (watcher->timer_requests, gint64, i) == nine_today)
      return TRUE;
  return FALSE;
}

static char *
dup_sale_uid (const EReminderData *reminder)
{
  ECalComponent *component = e_reminder_data_get_component (reminder);
  ICalComponent *icomp = e_cal_component_get_icalcomponent (component);

  return e_cal_util_component_dup_x_property (icomp, RS_X_SALE_UID);
}

static void
set_last_notified (gint64 seconds)
{
  g_autoptr(ESource) source = eds_test_ref_source (&eds, EDS_TEST_DEFAULT_UID);
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);
  g_autofree char *text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  ESourceAlarms *alarms = e_source_get_extension (source, E_SOURCE_EXTENSION_ALARMS);
  g_autoptr(GError) error = NULL;

  e_source_alarms_set_last_notified (alarms, text);
  e_source_write_sync (source, NULL, &error);
  g_assert_no_error (error);
}

/* Tests */

static void
test_no_flood_and_scheduled_at_reminder_time (void)
{
  g_autoptr(TestWatcher) watcher = new_watcher ();

  /* The default calendar was created just now (LastNotified): yesterday's reminders are
   * history, today's is scheduled for 09:00 local. */
  g_assert_true (rs_test_wait_until (timer_requested_for, watcher, EDS_TEST_TIMEOUT_MS));
  rs_test_spin (1000);
  for (guint i = 0; i < watcher->triggered->len; i++)
    {
      g_autofree char *sale = dup_sale_uid (watcher->triggered->pdata[i]);

      g_error ("a reminder of %s from before the calendar existed fired", sale);
    }
}

typedef struct {
  TestWatcher *watcher;
  guint        count;
} TriggerWait;

static gboolean
triggered_at_least (gpointer user_data)
{
  TriggerWait *wait = user_data;

  return wait->watcher->triggered->len >= wait->count;
}

static const EReminderData *
find_reminder (GPtrArray  *reminders,
               const char *sale_uid)
{
  for (guint i = 0; i < reminders->len; i++)
    {
      g_autofree char *uid = dup_sale_uid (reminders->pdata[i]);

      if (g_strcmp0 (uid, sale_uid) == 0)
        return reminders->pdata[i];
    }
  return NULL;
}

static void
assert_reminder (const EReminderData *reminder,
                 const char          *sale_uid,
                 RsReminderKind       kind,
                 const char          *client,
                 const char          *text_start)
{
  const ECalComponentAlarmInstance *instance = e_reminder_data_get_instance (reminder);
  ECalComponent *component = e_reminder_data_get_component (reminder);
  g_autofree char *component_uid = rs_projection_component_uid (sale_uid, kind);
  g_autoptr(RsSale) sale = eds_test_read_sale (&eds, sale_uid);
  g_autoptr(GPtrArray) projection = rs_projection_build (sale);
  g_autofree char *expected_text = NULL;
  ECalComponentAlarm *alarm;
  ECalComponentText *description;

  g_assert_nonnull (reminder);
  g_assert_cmpstr (e_reminder_data_get_source_uid (reminder), ==, EDS_TEST_DEFAULT_UID);
  g_assert_cmpstr (e_cal_component_get_uid (component), ==, component_uid);
  /* 09:00 local, on the right day. */
  g_assert_cmpint (e_cal_component_alarm_instance_get_time (instance), ==, nine_on (&yesterday));

  /* The text the projection gives that alarm. */
  for (guint i = 0; i < projection->len && expected_text == NULL; i++)
    {
      ICalComponent *event = projection->pdata[i];
      ICalComponent *valarm;

      if (g_strcmp0 (i_cal_component_get_uid (event), component_uid) != 0)
        continue;
      for (valarm = i_cal_component_get_first_component (event, I_CAL_VALARM_COMPONENT);
           valarm != NULL && expected_text == NULL;
           valarm = i_cal_component_get_next_component (event, I_CAL_VALARM_COMPONENT))
        {
          g_autofree char *alarm_uid =
            e_cal_util_component_dup_x_property (valarm, "X-EVOLUTION-ALARM-UID");

          if (g_strcmp0 (alarm_uid, e_cal_component_alarm_instance_get_uid (instance)) == 0)
            expected_text = g_strdup (i_cal_component_get_description (valarm));
          g_object_unref (valarm);
        }
    }
  g_assert_nonnull (expected_text);

  alarm = e_cal_component_get_alarm (component, e_cal_component_alarm_instance_get_uid (instance));
  g_assert_nonnull (alarm);
  g_assert_cmpint (e_cal_component_alarm_get_action (alarm), ==, E_CAL_COMPONENT_ALARM_DISPLAY);
  description = e_cal_component_alarm_get_description (alarm);
  g_assert_cmpstr (e_cal_component_text_get_value (description), ==, expected_text);
  g_assert_true (g_str_has_prefix (expected_text, text_start));
  g_assert_nonnull (strstr (expected_text, client));
  e_cal_component_alarm_free (alarm);
}

static gboolean
last_notified_written (gpointer user_data)
{
  g_autoptr(ESource) source = eds_test_ref_source (&eds, EDS_TEST_DEFAULT_UID);
  ESourceAlarms *alarms = e_source_get_extension (source, E_SOURCE_EXTENSION_ALARMS);
  g_autofree char *text = e_source_alarms_dup_last_notified (alarms);
  g_autoptr(GDateTime) time = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return time != NULL && g_date_time_to_unix (time) == nine_on (&yesterday);
}

/* A refresh, and a change to the sales whose reminders fired: the watcher looks at them again. */
static void
refresh_and_touch (void)
{
  g_autoptr(ECalClient) client = eds_test_connect (&eds, EDS_TEST_DEFAULT_UID);
  g_autoptr(GError) error = NULL;

  e_client_refresh_sync (E_CLIENT (client), NULL, &error);
  g_assert_no_error (error);
  eds_test_call_ok (&eds, "UpdateSale",
                    g_variant_new_parsed ("(%s, %t, {'note': <'touched'>})",
                                          sales.due_yesterday,
                                          eds_test_sale_revision (&eds, sales.due_yesterday)));
  eds_test_call_ok (&eds, "UpdateSale",
                    g_variant_new_parsed ("(%s, %t, {'note': <'touched'>})",
                                          sales.expiring,
                                          eds_test_sale_revision (&eds, sales.expiring)));
}

static gboolean
past_holds (EReminderWatcher *watcher,
            const char       *sale_uid)
{
  GSList *past = e_reminder_watcher_dup_past (watcher);
  gboolean found = FALSE;

  for (GSList *link = past; link != NULL; link = link->next)
    {
      g_autofree char *uid = dup_sale_uid (link->data);

      found |= g_strcmp0 (uid, sale_uid) == 0;
    }
  g_slist_free_full (past, e_reminder_data_free);
  return found;
}

static void
test_fire_once_and_stay_dismissed (void)
{
  g_autoptr(TestWatcher) watcher = NULL;
  g_autoptr(TestWatcher) restarted = NULL;
  TriggerWait wait;
  g_autoptr(GError) error = NULL;
  const EReminderData *invoice_reminder;

  /* As if the calendar had existed since the day before yesterday. */
  set_last_notified (g_get_real_time () / G_USEC_PER_SEC - 40 * 3600);
  watcher = new_watcher ();

  wait = (TriggerWait) { watcher, 3 };
  g_assert_true (rs_test_wait_until (triggered_at_least, &wait, EDS_TEST_TIMEOUT_MS));
  rs_test_spin (1000);
  g_assert_cmpuint (watcher->triggered->len, ==, 3);

  /* Its invoices are drafts (the default): the reminder asks for the owner's approval. */
  invoice_reminder = find_reminder (watcher->triggered, sales.due_yesterday);
  assert_reminder (invoice_reminder, sales.due_yesterday, RS_REMINDER_KIND_INVOICE, "Due Yesterday",
                   "Needs your approval: Draft invoice to Due Yesterday");
  assert_reminder (find_reminder (watcher->triggered, sales.expiring), sales.expiring,
                   RS_REMINDER_KIND_EXPIRY, "Expiring", "Expires: ");
  /* The client's reminder went to Drafts (the default): the owner hears that it waits. */
  assert_reminder (find_reminder (watcher->triggered, sales.client_draft), sales.client_draft,
                   RS_REMINDER_KIND_INVOICE, "Client Draft", "A reminder e-mail to Client Draft");
  g_assert_true (timer_requested_for (watcher));

  /* The watcher wrote LastNotified back: the calendar stayed writable. */
  g_assert_true (rs_test_wait_until (last_notified_written, NULL, EDS_TEST_TIMEOUT_MS));

  /* Exactly once: not again after a refresh, a change of the sales, or the timer. */
  refresh_and_touch ();
  rs_test_spin (1000);
  e_reminder_watcher_timer_elapsed (E_REMINDER_WATCHER (watcher));
  rs_test_spin (500);
  g_assert_cmpuint (watcher->triggered->len, ==, 3);

  /* Dismissed (the backend accepts discard_alarm), and it stays dismissed. */
  g_assert_true (past_holds (E_REMINDER_WATCHER (watcher), sales.due_yesterday));
  g_assert_true (e_reminder_watcher_dismiss_sync (E_REMINDER_WATCHER (watcher), invoice_reminder,
                                                  NULL, &error));
  g_assert_no_error (error);
  g_assert_false (past_holds (E_REMINDER_WATCHER (watcher), sales.due_yesterday));
  g_assert_true (past_holds (E_REMINDER_WATCHER (watcher), sales.expiring));

  refresh_and_touch ();
  rs_test_spin (1000);
  e_reminder_watcher_timer_elapsed (E_REMINDER_WATCHER (watcher));
  rs_test_spin (500);
  g_assert_false (past_holds (E_REMINDER_WATCHER (watcher), sales.due_yesterday));
  g_assert_cmpuint (watcher->triggered->len, ==, 3);

  /* A watcher that starts again (a new login) neither. */
  g_clear_object (&watcher);
  restarted = new_watcher ();
  g_assert_true (rs_test_wait_until (timer_requested_for, restarted, EDS_TEST_TIMEOUT_MS));
  rs_test_spin (1000);
  g_assert_cmpuint (restarted->triggered->len, ==, 0);
  g_assert_false (past_holds (E_REMINDER_WATCHER (restarted), sales.due_yesterday));
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!eds_test_init (&argc, &argv))
    return 0;

  choose_zone ();
  eds_test_start (&eds, NULL);
  add_sales ();

  g_test_add_func ("/backend/reminders/no-flood-and-scheduled-at-reminder-time",
                   test_no_flood_and_scheduled_at_reminder_time);
  g_test_add_func ("/backend/reminders/fire-once-and-stay-dismissed",
                   test_fire_once_and_stay_dismissed);
  status = g_test_run ();

  g_free (sales.due_yesterday);
  g_free (sales.expiring);
  g_free (sales.due_today);
  g_free (sales.ended);
  g_free (sales.renewed);
  g_free (sales.prepaid);
  g_free (sales.client_only);
  g_free (sales.client_draft);
  g_time_zone_unref (zone);
  eds_test_stop (&eds);
  return status;
}
