/* rs-service-main.c: recurring-sales-service, the process on the session bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * D-Bus activated (and autostarted at login, so that reminders to clients go out when nothing
 * else runs). The object is exported before the name is requested: the bus delivers the calls
 * that started the service as soon as the name is ours, and they must find it. Exits when idle,
 * on SIGTERM or SIGINT, when the bus goes away and when another instance has the name, always
 * the same way: the name is released first, so that no call is lost between two instances; the
 * calls that already arrived are answered; no new reminder is mailed, and one being mailed is
 * waited for until it is recorded (a stop in the middle would send it again at the next start),
 * within a bound. A second SIGTERM or SIGINT ends the wait.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <locale.h>

#include <recurring-sales/rs-format.h>
#include "rs-idle-monitor.h"
#include "rs-team-calendar.h"
#include "rs-service.h"
#include <recurring-sales/rs-store.h>

#define DEFAULT_IDLE_TIMEOUT_SECONDS 120
#define MAX_IDLE_TIMEOUT_SECONDS     (G_MAXINT / 1000)
/* How long a service that stopped taking calls waits for those already accepted. */
#define DRAIN_TIMEOUT_US             (10 * G_USEC_PER_SEC)
/* How long it waits for a reminder being mailed to be recorded: a server may think a while
 * about a message before it answers. Well within the time a session gives a program to end. */
#define DELIVERY_TIMEOUT_US          (20 * G_USEC_PER_SEC)
/* How long a cancelled delivery may take to notice. */
#define CANCEL_GRACE_US              (2 * G_USEC_PER_SEC)
#define DRAIN_CHECK_MS               20

typedef struct {
  GMainLoop       *loop;
  GDBusConnection *connection;
  RsService       *service;
  RsIdleMonitor   *idle_monitor;
  RsTeamCalendar  *team_calendar;  /* the shared calendar's publisher (rs-team-calendar.c) */
  guint            owner_id;
  guint            drain_id;
  gboolean         name_acquired;
  gboolean         exiting;
  gboolean         delivery_cancelled;
  gint64           drain_deadline;
  gint64           delivery_deadline;
  int              exit_status;
} ServiceProcess;

static char *opt_idle_timeout;
static gboolean opt_version;

static const GOptionEntry entries[] = {
  { "idle-timeout", 0, 0, G_OPTION_ARG_STRING, &opt_idle_timeout,
    N_("Exit after this many seconds without calls (default 120; 0: never)"), N_("SECONDS") },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, N_("Print the version and exit"), NULL },
  { NULL }
};

/* The option wins; else RS_SERVICE_IDLE_TIMEOUT, which reaches a D-Bus activated service
 * through the bus's environment (the tests use it); else the default. */
static gboolean
resolve_idle_timeout (guint   *out_seconds,
                      GError **error)
{
  const char *text = opt_idle_timeout != NULL ? opt_idle_timeout
                                              : g_getenv ("RS_SERVICE_IDLE_TIMEOUT");
  guint64 seconds;

  if (text == NULL || *text == '\0')
    {
      *out_seconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, MAX_IDLE_TIMEOUT_SECONDS, &seconds, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %s is the value given, %d the largest allowed */
                   _("The idle timeout “%s” is not a number of seconds from 0 to %d."),
                   text, MAX_IDLE_TIMEOUT_SECONDS);
      return FALSE;
    }

  *out_seconds = (guint) seconds;
  return TRUE;
}

/* The first reason to quit gives the exit status. */
static void
process_quit (ServiceProcess *process,
              int             exit_status)
{
  if (!g_main_loop_is_running (process->loop))
    return;

  process->exit_status = exit_status;
  g_main_loop_quit (process->loop);
}

static gboolean
on_drain_check (gpointer user_data)
{
  ServiceProcess *process = user_data;
  RsDispatcher *dispatcher = rs_service_get_dispatcher (process->service);
  gint64 now = g_get_monotonic_time ();
  gboolean calls_pending, delivering;

  /* A closed connection answers nothing any more. */
  calls_pending = rs_idle_monitor_get_n_pending (process->idle_monitor) > 0 &&
                  !g_dbus_connection_is_closed (process->connection) &&
                  now < process->drain_deadline;
  delivering = dispatcher != NULL && !rs_dispatcher_is_settled (dispatcher);

  if (delivering && now >= process->delivery_deadline)
    {
      if (!process->delivery_cancelled)
        {
          g_message ("A reminder to a client was still being mailed after %d s; it is stopped "
                     "and stays pending.", (int) (DELIVERY_TIMEOUT_US / G_USEC_PER_SEC));
          rs_dispatcher_cancel (dispatcher);
          process->delivery_cancelled = TRUE;
          process->delivery_deadline = now + CANCEL_GRACE_US;
        }
      else
        delivering = FALSE;
    }

  if (calls_pending || delivering)
    return G_SOURCE_CONTINUE;

  process->drain_id = 0;
  process_quit (process, process->exit_status);
  return G_SOURCE_REMOVE;
}

/* Every way out: stop taking work, finish what was taken, then quit (on_drain_check ()).
 * @exit_status: the first reason's. */
static void
process_begin_exit (ServiceProcess *process,
                    int             exit_status)
{
  RsDispatcher *dispatcher = rs_service_get_dispatcher (process->service);
  gint64 now = g_get_monotonic_time ();

  if (process->exiting)
    return;
  process->exiting = TRUE;
  process->exit_status = exit_status;

  /* Synchronous: once it returns, every call the bus routed to this instance has arrived
   * (and is counted as pending); the next ones start a new instance, whose dispatcher waits
   * for this one's (rs-dispatcher.c). A name never ours, or lost, is not released: the bus
   * would answer that it is not ours while the loop still runs, and GLib warn about it. */
  if (process->name_acquired && !g_dbus_connection_is_closed (process->connection))
    g_clear_handle_id (&process->owner_id, g_bus_unown_name);
  if (dispatcher != NULL)
    rs_dispatcher_shut_down (dispatcher);

  process->drain_deadline = now + DRAIN_TIMEOUT_US;
  process->delivery_deadline = now + DELIVERY_TIMEOUT_US;
  process->drain_id = g_timeout_add (DRAIN_CHECK_MS, on_drain_check, process);
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ServiceProcess *process = user_data;

  process->name_acquired = TRUE;
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  ServiceProcess *process = user_data;
  gboolean was_ours = process->name_acquired;

  /* Not ours any more: nothing to release at the exit. */
  process->name_acquired = FALSE;

  /* The bus went away with the session: nothing to say. */
  if (connection == NULL || g_dbus_connection_is_closed (connection))
    {
      process_begin_exit (process, 0);
      return;
    }

  if (!was_ours)
    {
      /* Not a failure: autostart and activation may both start one. */
      g_printerr ("%s\n", _("Another recurring-sales-service already serves this session; "
                            "this one exits."));
      process_begin_exit (process, 0);
      return;
    }

  g_printerr ("%s\n", _("The recurring-sales-service lost its name on the session bus; "
                        "it exits."));
  process_begin_exit (process, 1);
}

static void
on_connection_closed (GDBusConnection *connection,
                      gboolean         remote_peer_vanished,
                      GError          *error,
                      gpointer         user_data)
{
  process_begin_exit (user_data, 0);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  ServiceProcess *process = user_data;
  RsDispatcher *dispatcher = rs_service_get_dispatcher (process->service);

  if (!process->exiting)
    {
      process_begin_exit (process, 0);
      return G_SOURCE_CONTINUE;
    }

  /* Asked twice: the delivery in flight, if any, stays pending for the next start. */
  if (dispatcher != NULL)
    rs_dispatcher_cancel (dispatcher);
  process_quit (process, process->exit_status);
  return G_SOURCE_CONTINUE;
}

static void
on_idle (RsIdleMonitor *idle_monitor,
         gpointer       user_data)
{
  g_debug ("No calls for a while: releasing the bus name and exiting.");
  process_begin_exit (user_data, 0);
}

static int
fail (GError *error,
      int     exit_status)
{
  g_printerr ("%s\n", error->message);
  return exit_status;
}

/* Reminders to clients go out on time, the team calendar is retried and Elorus syncs happen
 * only while the service runs. */
static void
update_idle_inhibition (ServiceProcess *process)
{
  RsDispatcher *dispatcher = rs_service_get_dispatcher (process->service);
  gboolean inhibited = FALSE;

  if (dispatcher != NULL)
    inhibited |= rs_dispatcher_has_work_ahead (dispatcher);
  if (process->team_calendar != NULL)
    inhibited |= rs_team_calendar_has_pending (process->team_calendar);
  inhibited |= rs_service_has_syncs_ahead (process->service);
  rs_idle_monitor_set_inhibited (process->idle_monitor, inhibited);
}

static void
on_work_ahead_changed (GObject        *object,
                       GParamSpec     *pspec,
                       ServiceProcess *process)
{
  update_idle_inhibition (process);
}

/* The real clock, or RS_SERVICE_CLOCK_FILE's (tests that simulate days). */
static RsServiceClock *
create_clock (GError **error)
{
  const char *clock_file = g_getenv ("RS_SERVICE_CLOCK_FILE");

  if (clock_file == NULL || *clock_file == '\0')
    return rs_service_clock_new_real ();

  return rs_service_clock_new_from_file (clock_file, error);
}

static int
run (guint idle_timeout_seconds)
{
  ServiceProcess process = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(RsServiceClock) clock = NULL;
  RsDispatcher *dispatcher;
  guint sigterm_id, sigint_id;

  process.connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (process.connection == NULL)
    {
      /* Translators: GLib's reason follows */
      g_prefix_error (&error, _("The service could not connect to the session bus: "));
      return fail (error, 1);
    }
  /* Closing is handled here, as a clean exit, rather than by GDBus raising SIGTERM. */
  g_dbus_connection_set_exit_on_close (process.connection, FALSE);

  clock = create_clock (&error);
  if (clock == NULL)
    return fail (error, 1);

  store_path = rs_store_default_path ();
  process.service = rs_service_new (store_path);
  /* Before the export: the monitor's connection filter must count each call before the
   * service's own filter answers GetSale and ListSales in place of the main thread. */
  process.idle_monitor = rs_idle_monitor_new (process.connection, idle_timeout_seconds);
  if (!rs_service_export (process.service, process.connection, &error))
    {
      g_clear_object (&process.service);
      g_clear_object (&process.idle_monitor);
      g_clear_object (&process.connection);
      return fail (error, 1);
    }

  process.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (process.idle_monitor, "idle", G_CALLBACK (on_idle), &process);
  rs_service_start_dispatcher (process.service, clock);
  rs_service_start_backups (process.service, clock);
  rs_service_start_elorus_timer (process.service);
  process.team_calendar = rs_team_calendar_new (process.service);
  g_signal_connect (process.team_calendar, "notify::pending", G_CALLBACK (on_work_ahead_changed),
                    &process);
  update_idle_inhibition (&process);
  dispatcher = rs_service_get_dispatcher (process.service);
  if (dispatcher != NULL)
    g_signal_connect (dispatcher, "notify::has-work-ahead", G_CALLBACK (on_work_ahead_changed),
                      &process);
  g_signal_connect (process.service, "notify::syncs-ahead", G_CALLBACK (on_work_ahead_changed),
                    &process);
  g_signal_connect (process.connection, "closed", G_CALLBACK (on_connection_closed), &process);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, &process);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, &process);
  process.owner_id = g_bus_own_name_on_connection (process.connection, RS_SERVICE_BUS_NAME,
                                                   G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                   on_name_acquired, on_name_lost,
                                                   &process, NULL);

  g_main_loop_run (process.loop);

  /* The name first, so that a new instance can start while this one closes the store. */
  g_clear_handle_id (&process.owner_id, g_bus_unown_name);
  rs_service_unexport (process.service);
  if (!g_dbus_connection_is_closed (process.connection))
    g_dbus_connection_flush_sync (process.connection, NULL, NULL);

  g_clear_handle_id (&process.drain_id, g_source_remove);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  g_signal_handlers_disconnect_by_data (process.connection, &process);
  if (dispatcher != NULL)
    g_signal_handlers_disconnect_by_data (dispatcher, &process);
  g_signal_handlers_disconnect_by_data (process.service, &process);
  g_clear_object (&process.idle_monitor);
  g_signal_handlers_disconnect_by_data (process.team_calendar, &process);
  g_clear_object (&process.team_calendar);
  g_clear_object (&process.service);
  g_clear_object (&process.connection);
  g_clear_pointer (&process.loop, g_main_loop_unref);

  return process.exit_status;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  guint idle_timeout_seconds;

  setlocale (LC_ALL, "");
  rs_i18n_init ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Keeps the recurring sales of this user and serves "
                                           "them on the session bus."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error, 2);

  if (opt_version)
    {
      g_print ("recurring-sales-service %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (!resolve_idle_timeout (&idle_timeout_seconds, &error))
    return fail (error, 2);
  g_clear_pointer (&opt_idle_timeout, g_free);

  return run (idle_timeout_seconds);
}
