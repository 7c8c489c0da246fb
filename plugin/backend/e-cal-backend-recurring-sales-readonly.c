/* e-cal-backend-recurring-sales-readonly.c: what a read-only projection answers besides reads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The calendar shows sales; it does not hold them. A sale is changed through the service
 * (the recurring-sales command, or any application on D-Bus), and the calendar follows. So
 * every write is refused, with a sentence that tells the user where to go instead — except
 * dismissing a reminder: reminder watchers call discard_alarm when the user dismisses one,
 * and keep the dismissal themselves (LastNotified, their list of past reminders).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-cal-backend-recurring-sales-readonly.h"
#include "eds-autocleanups.h"

const char *
e_cal_backend_recurring_sales_capabilities (void)
{
  /* Only DISPLAY reminders are projected (client reminders are mailed by the service);
   * recurrences come from the sale, so no range edits and no conversions. */
  return E_CAL_STATIC_CAPABILITY_NO_EMAIL_ALARMS ","
         E_CAL_STATIC_CAPABILITY_NO_PROCEDURE_ALARMS ","
         E_CAL_STATIC_CAPABILITY_NO_AUDIO_ALARMS ","
         E_CAL_STATIC_CAPABILITY_NO_ALARM_REPEAT ","
         E_CAL_STATIC_CAPABILITY_NO_ALARM_AFTER_START ","
         E_CAL_STATIC_CAPABILITY_ALARM_DESCRIPTION ","
         E_CAL_STATIC_CAPABILITY_NO_THISANDFUTURE ","
         E_CAL_STATIC_CAPABILITY_NO_THISANDPRIOR ","
         E_CAL_STATIC_CAPABILITY_NO_CONV_TO_ASSIGN_TASK ","
         E_CAL_STATIC_CAPABILITY_NO_CONV_TO_RECUR ","
         E_CAL_STATIC_CAPABILITY_NO_ORGANIZER ","
         E_CAL_STATIC_CAPABILITY_REFRESH_SUPPORTED;
}

static void
set_refused_error (GError **error)
{
  g_set_error_literal (error, E_CLIENT_ERROR, E_CLIENT_ERROR_PERMISSION_DENIED,
                       /* Translators: shown when someone edits, creates or deletes an event of
                        * the Recurring Sales calendar in Evolution; the menu items are those
                        * of the event's right-click menu in Evolution; keep the command and its
                        * options in English */
                       _("Recurring sales cannot be changed in the calendar’s event editor. "
                         "In Evolution, right-click the event and choose Edit Sale…, Renew "
                         "Sale… or Mark Issued. The recurring-sales command does the same, "
                         "for example “recurring-sales edit UID --amount 150.00”, and so can "
                         "an application that uses its D-Bus service."));
}

static void
refuse_create (ECalBackendSync    *backend,
               EDataCal           *cal,
               GCancellable       *cancellable,
               const GSList       *calobjs,
               ECalOperationFlags  opflags,
               GSList            **uids,
               GSList            **new_components,
               GError            **error)
{
  set_refused_error (error);
}

static void
refuse_modify (ECalBackendSync    *backend,
               EDataCal           *cal,
               GCancellable       *cancellable,
               const GSList       *calobjs,
               ECalObjModType      mod,
               ECalOperationFlags  opflags,
               GSList            **old_components,
               GSList            **new_components,
               GError            **error)
{
  set_refused_error (error);
}

static void
refuse_remove (ECalBackendSync    *backend,
               EDataCal           *cal,
               GCancellable       *cancellable,
               const GSList       *ids,
               ECalObjModType      mod,
               ECalOperationFlags  opflags,
               GSList            **old_components,
               GSList            **new_components,
               GError            **error)
{
  set_refused_error (error);
}

static void
refuse_receive (ECalBackendSync    *backend,
                EDataCal           *cal,
                GCancellable       *cancellable,
                const char         *calobj,
                ECalOperationFlags  opflags,
                GError            **error)
{
  set_refused_error (error);
}

static void
refuse_send (ECalBackendSync    *backend,
             EDataCal           *cal,
             GCancellable       *cancellable,
             const char         *calobj,
             ECalOperationFlags  opflags,
             GSList            **users,
             char              **modified_calobj,
             GError            **error)
{
  set_refused_error (error);
}

static void
discard_alarm (ECalBackendSync    *backend,
               EDataCal           *cal,
               GCancellable       *cancellable,
               const char         *uid,
               const char         *rid,
               const char         *auid,
               ECalOperationFlags  opflags,
               GError            **error)
{
  /* Nothing to store: the alarm UIDs are stable, so the watcher's own record of the dismissal
   * keeps matching the reminder after any refresh. */
}

static void
get_attachment_uris (ECalBackendSync  *backend,
                     EDataCal         *cal,
                     GCancellable     *cancellable,
                     const char       *uid,
                     const char       *rid,
                     GSList          **attachments,
                     GError          **error)
{
  *attachments = NULL;
}

static void
get_free_busy (ECalBackendSync  *backend,
               EDataCal         *cal,
               GCancellable     *cancellable,
               const GSList     *users,
               time_t            start,
               time_t            end,
               GSList          **freebusy,
               GError          **error)
{
  /* Every event is TRANSP:TRANSPARENT: invoices and renewals never make the owner busy, so
   * the answer is a VFREEBUSY without a single busy period. */
  g_autoptr(ICalComponent) vfreebusy = i_cal_component_new_vfreebusy ();
  ICalTimezone *utc = i_cal_timezone_get_utc_timezone ();
  g_autoptr(ICalTime) range_start = i_cal_time_new_from_timet_with_zone (start, FALSE, utc);
  g_autoptr(ICalTime) range_end = i_cal_time_new_from_timet_with_zone (end, FALSE, utc);

  i_cal_component_set_dtstart (vfreebusy, range_start);
  i_cal_component_set_dtend (vfreebusy, range_end);
  *freebusy = g_slist_prepend (NULL, i_cal_component_as_ical_string (vfreebusy));
}

static void
add_timezone (ECalBackendSync  *backend,
              EDataCal         *cal,
              GCancellable     *cancellable,
              const char       *tzobject,
              GError          **error)
{
  g_autoptr(ICalComponent) component = i_cal_parser_parse_string (tzobject);
  g_autoptr(ICalTimezone) zone = NULL;

  if (component == NULL || i_cal_component_isa (component) != I_CAL_VTIMEZONE_COMPONENT)
    {
      g_propagate_error (error,
                         e_cal_client_error_create (E_CAL_CLIENT_ERROR_INVALID_OBJECT, NULL));
      return;
    }

  /* Clients add the zones of the times they send before they ask with them; ECalBackend's
   * cache answers get_timezone and resolves TZIDs in queries. Our own events are all-day and
   * need none. */
  zone = i_cal_timezone_new ();
  if (i_cal_timezone_set_component (zone, component))
    e_timezone_cache_add_timezone (E_TIMEZONE_CACHE (backend), zone);
}

void
e_cal_backend_recurring_sales_readonly_install (ECalBackendSyncClass *klass)
{
  klass->create_objects_sync = refuse_create;
  klass->modify_objects_sync = refuse_modify;
  klass->remove_objects_sync = refuse_remove;
  klass->receive_objects_sync = refuse_receive;
  klass->send_objects_sync = refuse_send;
  klass->discard_alarm_sync = discard_alarm;
  klass->get_attachment_uris_sync = get_attachment_uris;
  klass->get_free_busy_sync = get_free_busy;
  klass->add_timezone_sync = add_timezone;
}
