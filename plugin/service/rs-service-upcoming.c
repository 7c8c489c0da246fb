/* rs-service-upcoming.c: Upcoming and UpcomingPage
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Both read the agenda of the sales in memory, which rs-service-agenda.c keeps indexed from the
 * service's today; UpcomingPage continues where a client's last page stopped. The arguments
 * are checked here, in the main thread; the page is read, and the call answered, in a reading
 * thread (rs-service-agenda.c), so that a long agenda delays no other call.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-agenda.h>
#include <recurring-sales/rs-agenda-index.h>
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-sale-variant.h>
#include "rs-service-args.h"
#include "rs-service-private.h"
#include "rs-service-sale-pages.h"

/* Ten years and a bit: any real question; a longer window only makes a huge reply. */
#define MAX_WINDOW_DAYS  3660
/* The largest page size UpcomingPage takes; a page holds at most RS_SERVICE_MAX_PAGE_ITEMS. */
#define MAX_PAGE_ITEMS   10000

static gboolean
parse_window (const char  *from_text,
              const char  *to_text,
              GDate       *from,
              GDate       *to,
              GError     **error)
{
  if (!rs_date_parse (from_text, _("The first day of the window"), from, error) ||
      !rs_date_parse (to_text, _("The last day of the window"), to, error))
    return FALSE;

  if (g_date_compare (to, from) < 0)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s and %2$s are dates (YYYY-MM-DD) */
                   _("The window ends on %1$s, before it begins on %2$s."), to_text, from_text);
      return FALSE;
    }

  if (g_date_days_between (from, to) > MAX_WINDOW_DAYS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s and %2$s are dates (YYYY-MM-DD), %3$d a number of days
                    * (3660) */
                   _("The window from %1$s to %2$s is too long: it may end at most %3$d days "
                     "after it begins."), from_text, to_text, MAX_WINDOW_DAYS);
      return FALSE;
    }

  return TRUE;
}

/* A call being answered from a reading thread. */
typedef struct {
  GDBusMethodInvocation *invocation;  /* the handler's reference, which the answer takes */
  RsDBusRecurringSales1 *skeleton;
  gboolean               page;       /* UpcomingPage, else Upcoming */
} UpcomingCall;

static void
upcoming_call_free (gpointer data)
{
  UpcomingCall *call = data;

  g_clear_object (&call->invocation);
  g_object_unref (call->skeleton);
  g_free (call);
}

/* In the reading thread: the page as the reply's aa{sv}, once it is known to fit in a
 * message. Completing an invocation is safe from any thread. */
static void
on_page_read (GPtrArray    *items,
              const char   *next,
              const GError *read_error,
              gpointer      user_data)
{
  UpcomingCall *call = user_data;
  g_autoptr(GError) error = NULL;
  GDBusMethodInvocation *invocation = g_steal_pointer (&call->invocation);
  g_autoptr(GVariant) reply = NULL;

  if (items == NULL)
    {
      rs_service_return_error (invocation, read_error);
      return;
    }

  reply = rs_service_list_reply (invocation, items,
                                 (RsServiceToVariantFunc) rs_agenda_item_to_variant, &error);
  if (reply == NULL)
    rs_service_return_error (invocation, error);
  else if (call->page)
    rs_dbus_recurring_sales1_complete_upcoming_page (call->skeleton, invocation, reply, next);
  else
    rs_dbus_recurring_sales1_complete_upcoming (call->skeleton, invocation, reply);
}

/* At most @limit items after the cursor @after, answered from a reading thread; FALSE (the
 * call not answered) with @error when the arguments are wrong. */
static gboolean
service_upcoming (RsService              *self,
                  GDBusMethodInvocation  *invocation,
                  gboolean                page,
                  const char             *from_text,
                  const char             *to_text,
                  GVariant               *filter_dict,
                  guint                   limit,
                  const char             *after,
                  GError                **error)
{
  g_autoptr(RsAgendaFilter) filter = NULL;
  UpcomingCall *call;
  GDate from, to, today;

  if (!parse_window (from_text, to_text, &from, &to, error) ||
      (filter = rs_agenda_filter_new_from_variant (filter_dict, error)) == NULL)
    return FALSE;

  call = g_new0 (UpcomingCall, 1);
  call->invocation = invocation;
  call->skeleton = g_object_ref (self->skeleton);
  call->page = page;
  rs_service_today (self, &today);
  rs_service_agenda_page_async (self->agenda, &today, &from, &to, filter_dict,
                                g_steal_pointer (&filter), limit, after, on_page_read, call,
                                upcoming_call_free);
  return TRUE;
}

static gboolean
handle_upcoming (RsService             *self,
                 GDBusMethodInvocation *invocation,
                 const char            *from_text,
                 const char            *to_text,
                 GVariant              *filter_dict)
{
  g_autoptr(GError) error = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (!service_upcoming (self, invocation, FALSE, from_text, to_text, filter_dict,
                         RS_AGENDA_INDEX_NO_LIMIT, "", &error))
    return rs_service_return_error (invocation, error);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_upcoming_page (RsService             *self,
                      GDBusMethodInvocation *invocation,
                      const char            *from_text,
                      const char            *to_text,
                      GVariant              *filter_dict,
                      guint                  limit,
                      const char            *after)
{
  g_autoptr(GError) error = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (limit < 1 || limit > MAX_PAGE_ITEMS)
    {
      g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$u is the number given, %2$u the largest allowed (10000) */
                   _("The page size %1$u is not valid: ask for between 1 and %2$u items."),
                   limit, MAX_PAGE_ITEMS);
      return rs_service_return_error (invocation, error);
    }

  if (!service_upcoming (self, invocation, TRUE, from_text, to_text, filter_dict,
                         MIN (limit, RS_SERVICE_MAX_PAGE_ITEMS), after, &error))
    return rs_service_return_error (invocation, error);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const RsServiceHandler rs_service_upcoming_handlers[] = {
  { "handle-upcoming", G_CALLBACK (handle_upcoming) },
  { "handle-upcoming-page", G_CALLBACK (handle_upcoming_page) },
  { NULL, NULL }
};
