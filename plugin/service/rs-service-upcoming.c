/* rs-service-upcoming.c: Upcoming and UpcomingPage
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Both read the agenda of the sales in memory, which rs-service-agenda.c keeps indexed from the
 * service's today; UpcomingPage continues where a client's last page stopped.
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

/* Ten years and a bit: any real question; a longer window only makes a huge reply. */
#define MAX_WINDOW_DAYS  3660
/* An UpcomingPage answer: a few MB at most, quick to build whatever the window. */
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

/* At most @limit items after the cursor @after, as the reply's aa{sv} once it is known to fit
 * in a message, and the next cursor. */
static GVariant *
service_upcoming (RsService              *self,
                  GDBusMethodInvocation  *invocation,
                  const char             *from_text,
                  const char             *to_text,
                  GVariant               *filter_dict,
                  guint                   limit,
                  const char             *after,
                  char                  **out_next,
                  GError                **error)
{
  g_autoptr(RsAgendaFilter) filter = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GDate from, to, today;

  if (!parse_window (from_text, to_text, &from, &to, error) ||
      (filter = rs_agenda_filter_new_from_variant (filter_dict, error)) == NULL)
    return NULL;

  rs_service_today (self, &today);
  items = rs_service_agenda_page (self->agenda, &today, &from, &to, filter_dict,
                                  g_steal_pointer (&filter), limit, after, out_next, error);
  if (items == NULL)
    return NULL;

  return rs_service_list_reply (invocation, items,
                                (RsServiceToVariantFunc) rs_agenda_item_to_variant, error);
}

static gboolean
handle_upcoming (RsService             *self,
                 GDBusMethodInvocation *invocation,
                 const char            *from_text,
                 const char            *to_text,
                 GVariant              *filter_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *next = NULL;

  if (!rs_service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  reply = service_upcoming (self, invocation, from_text, to_text, filter_dict,
                            RS_AGENDA_INDEX_NO_LIMIT, "", &next, &error);
  if (reply == NULL)
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_upcoming (self->skeleton, invocation, reply);
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
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *next = NULL;

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

  reply = service_upcoming (self, invocation, from_text, to_text, filter_dict, limit, after,
                            &next, &error);
  if (reply == NULL)
    return rs_service_return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_upcoming_page (self->skeleton, invocation, reply, next);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

const RsServiceHandler rs_service_upcoming_handlers[] = {
  { "handle-upcoming", G_CALLBACK (handle_upcoming) },
  { "handle-upcoming-page", G_CALLBACK (handle_upcoming_page) },
  { NULL, NULL }
};
