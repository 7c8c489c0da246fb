/* rs-service.c: the recurring sales on the session bus — the store's only writer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One short handler per method of io.github.recurring_sales.RecurringSales1 (see the
 * introspection XML for what each promises). Every sale is also kept in memory, replaced after
 * each committed write, so that ListSales, Upcoming and Export never read the database: the
 * store is the truth, the memory a copy that is never changed in place. A refused call changes
 * nothing: each write is one store transaction, and memory follows only after it committed.
 *
 * The service is meant to be the store's only writer, but the same user may run a second
 * instance on another session bus (a remote login), and an instance that has just released its
 * name still answers the calls it had accepted. So each call first compares the store's
 * revision with the one the memory reflects, and reads back (and announces) what another
 * writer committed.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include <recurring-sales/rs-agenda.h>
#include <recurring-sales/rs-agenda-index.h>
#include "rs-backup-rotation.h"
#include <recurring-sales/rs-csv.h>
#include <recurring-sales/rs-date.h>
#include "rs-dbus-generated.h"
#include <recurring-sales/rs-defaults.h>
#include "rs-dispatcher.h"
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-json.h>
#include "rs-owner-notification.h"
#include <recurring-sales/rs-projection.h>
#include <recurring-sales/rs-reminder-preview.h>
#include <recurring-sales/rs-sale-variant.h>
#include <recurring-sales/rs-schedule.h>
#include "rs-service-access.h"
#include "rs-service-agenda.h"
#include "rs-service-args.h"
#include "rs-dbus-errors.h"
#include "rs-service.h"
#include <recurring-sales/rs-store.h>
#include <recurring-sales/rs-text.h>

/* Ten years and a bit: any real question; a longer window only makes a huge reply. */
#define MAX_WINDOW_DAYS  3660
#define MAX_IMPORT_BYTES (256 * 1024 * 1024)
/* An UpcomingPage answer: a few MB at most, quick to build whatever the window. */
#define MAX_PAGE_ITEMS   10000

/* A bus disconnects a sender whose message is larger than it accepts, which would end the
 * service for every client: a reply that big becomes an error instead. D-Bus itself allows
 * 128 MiB messages and 64 MiB arrays; the session bus's configuration accepts those, but
 * dbus-daemon's built-in limit (buses without a <limit> block, such as GTestDBus's) is 32 MiB,
 * and that is the one every bus accepts. Below CHEAP_REPLY_BYTES of GVariant data no reply
 * comes near (the D-Bus form of a dictionary takes at most a few times as much). */
#define MAX_REPLY_BYTES        (32 * 1024 * 1024 - 64 * 1024)
#define CHEAP_REPLY_BYTES      (8 * 1024 * 1024)

struct _RsService
{
  GObject                parent_instance;

  char                  *store_path;
  RsStore               *store;        /* NULL when it could not be opened or read */
  GError                *store_error;  /* then: why, the answer to every call */
  RsServiceClock        *clock;        /* for a dispatcher started once the store opens */
  GHashTable            *sales;        /* uid → RsSale, every stored sale */
  RsServiceAgenda       *agenda;       /* the same sales, indexed for Upcoming */
  RsServiceAccess       *access;       /* who may call */
  guint64                revision;     /* the store revision that sales reflects */
  RsDBusRecurringSales1 *skeleton;
  RsDispatcher          *dispatcher;   /* NULL until started, and without a store */
  GPtrArray             *missed;       /* RsDeliveryRecord: told at the end of the run */
  RsBackupRotation      *backups;      /* NULL until started, and without a store */
};

G_DEFINE_FINAL_TYPE (RsService, rs_service, G_TYPE_OBJECT)

/* Helpers */

/* Answers @invocation with @error; a handler ends with it. Errors outside RS_ERROR (none are
 * expected) still get a name of ours rather than GDBus's "UnmappedGError". */
static gboolean
return_error (GDBusMethodInvocation *invocation,
              const GError          *error)
{
  if (error->domain == RS_ERROR)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    g_dbus_method_invocation_return_error_literal (invocation, RS_ERROR, RS_ERROR_FAILED,
                                                   error->message);

  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
set_not_found_error (const char  *uid,
                     GError     **error)
{
  g_autofree char *shown = rs_text_for_message (uid);

  g_set_error (error, RS_ERROR, RS_ERROR_NOT_FOUND,
               /* Translators: %s is a sale identifier */
               _("There is no sale with the identifier %s."), shown);
}

/* The sales in memory change only through these four, which keep the agenda's index in step. */
static void
service_keep (RsService *self,
              RsSale    *sale)
{
  g_hash_table_replace (self->sales, g_strdup (rs_sale_get_uid (sale)), g_object_ref (sale));
  rs_service_agenda_set_sale (self->agenda, sale);
}

static void
service_keep_all (RsService *self,
                  GPtrArray *sales)
{
  for (guint i = 0; i < sales->len; i++)
    {
      RsSale *sale = g_ptr_array_index (sales, i);

      g_hash_table_replace (self->sales, g_strdup (rs_sale_get_uid (sale)), g_object_ref (sale));
    }
  rs_service_agenda_set_sales (self->agenda, sales);
}

static void
service_forget (RsService  *self,
                const char *uid)
{
  rs_service_agenda_remove_sale (self->agenda, uid);
  g_hash_table_remove (self->sales, uid);
}

static void
service_forget_all (RsService *self)
{
  rs_service_agenda_remove_all (self->agenda);
  g_hash_table_remove_all (self->sales);
}

/* For changes the store makes itself (marks, the renewed sale) and changes by other writers:
 * the stored sale is the truth, and a sale no longer stored is forgotten. */
static void
service_reload (RsService  *self,
                const char *uid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = rs_store_get_sale (self->store, uid, &error);

  if (sale != NULL)
    {
      service_keep (self, sale);
      return;
    }

  if (!g_error_matches (error, RS_ERROR, RS_ERROR_NOT_FOUND))
    g_warning ("The sale %s changed but could not be read back: %s", uid, error->message);
  service_forget (self, uid);
}

static void
service_set_revision (RsService *self,
                      guint64    revision)
{
  self->revision = revision;
  rs_dbus_recurring_sales1_set_revision (self->skeleton, revision);
}

/* Reads back what other writers committed after the memory's revision, up to @revision, and
 * announces it. @ours (NULL-terminated, or NULL) are the uids the current call changed itself,
 * already in memory. */
static void
service_catch_up (RsService          *self,
                  const char * const *ours,
                  guint64             revision)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = rs_store_list_changed_since (self->store, self->revision, &error);
  g_autoptr(GHashTable) our_uids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) their_uids = g_ptr_array_new ();

  if (changed == NULL)
    {
      g_warning ("Could not read which sales changed in the store: %s", error->message);
      return;
    }

  for (guint i = 0; ours != NULL && ours[i] != NULL; i++)
    g_hash_table_add (our_uids, (gpointer) ours[i]);

  for (guint i = 0; i < changed->len; i++)
    {
      const char *uid = g_ptr_array_index (changed, i);

      if (g_hash_table_contains (our_uids, uid))
        continue;
      service_reload (self, uid);
      g_ptr_array_add (their_uids, (gpointer) uid);
    }

  service_set_revision (self, revision);
  if (their_uids->len == 0)
    return;

  g_debug ("%u sales were changed by another writer.", their_uids->len);
  g_ptr_array_add (their_uids, NULL);
  rs_dbus_recurring_sales1_emit_sales_changed (self->skeleton,
                                               (const char * const *) their_uids->pdata, revision);
}

static gboolean service_load (RsService   *self,
                              const char  *store_path,
                              GError     **error);

/* A store that could not be opened (a full disk, another program's lock) is tried again at
 * each call, so that freeing space is enough; opening only reads a file that is not ours.
 * (rs-service-main.c watches only a dispatcher that started with the process: one started
 * here does not keep the process alive while reminders lie ahead; the next start does.) */
static gboolean
service_open_again (RsService *self)
{
  g_autoptr(GError) error = NULL;

  if (!service_load (self, self->store_path, &error))
    {
      service_forget_all (self);
      g_clear_error (&self->store_error);
      self->store_error = g_steal_pointer (&error);
      return FALSE;
    }

  g_clear_error (&self->store_error);
  if (self->clock != NULL)
    {
      rs_service_start_dispatcher (self, self->clock);
      rs_service_start_backups (self, self->clock);
    }
  return TRUE;
}

/* Every handler starts here, in the main thread and so in the order the calls came: a caller
 * of another user is refused, a service without a store answers each call with why, and one
 * with a store first catches up with other writers. */
static gboolean
service_begin_call (RsService             *self,
                    GDBusMethodInvocation *invocation)
{
  guint64 revision;

  if (!rs_service_access_check (self->access, invocation))
    return FALSE;

  if (self->store == NULL && !service_open_again (self))
    {
      return_error (invocation, self->store_error);
      return FALSE;
    }

  revision = rs_store_get_revision (self->store);
  if (revision != self->revision)
    service_catch_up (self, NULL, revision);

  return TRUE;
}

/* After each committed change of @uids (in memory already): the Revision property, then
 * SalesChanged. Each changed sale moves the store's revision by one; a larger step means that
 * another writer committed meanwhile. */
static void
service_announce (RsService          *self,
                  const char * const *uids)
{
  guint64 revision = rs_store_get_revision (self->store);

  if (revision != self->revision + g_strv_length ((char **) uids))
    service_catch_up (self, uids, revision);
  else
    service_set_revision (self, revision);

  rs_dbus_recurring_sales1_emit_sales_changed (self->skeleton, uids, revision);

  /* A changed sale may have a reminder due now (say, a delivery turned on), or none ahead. */
  if (self->dispatcher != NULL)
    rs_dispatcher_queue_run_after_changes (self->dispatcher);
}

typedef gboolean (*SaleMatchFunc) (gconstpointer  filter,
                                   RsSale        *sale);

/* The sales in memory that @match accepts (all when it is NULL), as new references. */
static GPtrArray *
service_collect (RsService     *self,
                 SaleMatchFunc  match,
                 gconstpointer  filter)
{
  GPtrArray *sales = g_ptr_array_new_full (g_hash_table_size (self->sales), g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (match == NULL || match (filter, value))
        g_ptr_array_add (sales, g_object_ref (value));
    }

  return sales;
}

static gboolean
match_sale_filter (gconstpointer  filter,
                   RsSale        *sale)
{
  return rs_sale_filter_matches (filter, sale);
}

static int
compare_uid (gconstpointer a,
             gconstpointer b)
{
  RsSale *sale_a = *(RsSale * const *) a;
  RsSale *sale_b = *(RsSale * const *) b;

  return strcmp (rs_sale_get_uid (sale_a), rs_sale_get_uid (sale_b));
}

static int
compare_client_then_uid (gconstpointer a,
                         gconstpointer b)
{
  RsSale *sale_a = *(RsSale * const *) a;
  RsSale *sale_b = *(RsSale * const *) b;
  int order = g_strcmp0 (rs_sale_get_client_name (sale_a), rs_sale_get_client_name (sale_b));

  return order != 0 ? order : compare_uid (a, b);
}

/* Whether @body (the reply's one value) fits in a message every bus accepts. */
static gboolean
check_reply_size (GDBusMethodInvocation  *invocation,
                  GVariant               *body,
                  GError                **error)
{
  g_autoptr(GDBusMessage) reply = NULL;
  g_autofree guchar *blob = NULL;
  g_autofree char *size_text = NULL;
  gsize size = 0;

  if (g_variant_get_size (body) <= CHEAP_REPLY_BYTES)
    return TRUE;

  /* Measured exactly, the way GDBus will send it. */
  reply = g_dbus_message_new_method_reply (g_dbus_method_invocation_get_message (invocation));
  g_dbus_message_set_body (reply, g_variant_new_tuple (&body, 1));
  blob = g_dbus_message_to_blob (reply, &size, G_DBUS_CAPABILITY_FLAGS_NONE, NULL);
  if (blob != NULL && size <= MAX_REPLY_BYTES)
    return TRUE;

  size_text = g_format_size (blob != NULL ? size : g_variant_get_size (body));
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is a size such as "79.2 MB" */
               _("The answer would take %s, more than a D-Bus message can carry; ask for less, "
                 "for example with a filter or a shorter window."), size_text);
  return FALSE;
}

static GVariant *
sales_to_variant (GPtrArray *sales)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < sales->len; i++)
    g_variant_builder_add_value (&builder, rs_sale_to_variant (g_ptr_array_index (sales, i)));

  return g_variant_builder_end (&builder);
}

/* Sales */

static gboolean
handle_add_sale (RsService             *self,
                 GDBusMethodInvocation *invocation,
                 GVariant              *dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsDefaults) defaults = NULL;
  g_autoptr(RsSale) sale = NULL;
  const char *uids[2] = { NULL, NULL };

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* Read for every sale: a changed setting applies to the next one. */
  defaults = rs_defaults_load ();
  sale = rs_sale_new_from_variant (dict, defaults, &error);
  if (sale == NULL || !rs_store_add_sale (self->store, sale, &error))
    return return_error (invocation, error);

  service_keep (self, sale);
  uids[0] = rs_sale_get_uid (sale);
  service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_add_sale (self->skeleton, invocation, uids[0]);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_update_sale (RsService             *self,
                    GDBusMethodInvocation *invocation,
                    const char            *uid,
                    guint64                expected_revision,
                    GVariant              *changes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;
  const char *uids[2] = { uid, NULL };

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* The store compares the revision again inside its transaction. */
  sale = rs_store_get_sale (self->store, uid, &error);
  if (sale == NULL ||
      !rs_sale_apply_variant (sale, changes, &error) ||
      !rs_store_update_sale (self->store, sale, expected_revision, &error))
    return return_error (invocation, error);

  service_keep (self, sale);
  service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_update_sale (self->skeleton, invocation,
                                                 rs_sale_get_revision (sale));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_remove_sale (RsService             *self,
                    GDBusMethodInvocation *invocation,
                    const char            *uid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *predecessor = NULL;
  const char *uids[3] = { uid, NULL, NULL };
  RsSale *sale;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* Removing a renewal changes its predecessor too (the store makes it active again). */
  sale = g_hash_table_lookup (self->sales, uid);
  if (sale != NULL)
    predecessor = g_strdup (rs_sale_get_predecessor_uid (sale));

  if (!rs_store_remove_sale (self->store, uid, &error))
    return return_error (invocation, error);

  service_forget (self, uid);
  if (predecessor != NULL && g_hash_table_contains (self->sales, predecessor))
    {
      service_reload (self, predecessor);
      uids[1] = predecessor;
    }
  service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_remove_sale (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_get_sale (RsService             *self,
                 GDBusMethodInvocation *invocation,
                 const char            *uid)
{
  g_autoptr(GError) error = NULL;
  RsSale *sale;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sale = g_hash_table_lookup (self->sales, uid);
  if (sale == NULL)
    {
      set_not_found_error (uid, &error);
      return return_error (invocation, error);
    }

  rs_dbus_recurring_sales1_complete_get_sale (self->skeleton, invocation,
                                              rs_sale_to_variant (sale));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_sales (RsService             *self,
                   GDBusMethodInvocation *invocation,
                   GVariant              *filter_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSaleFilter) filter = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GVariant) reply = NULL;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  filter = rs_sale_filter_new_from_variant (filter_dict, &error);
  if (filter == NULL)
    return return_error (invocation, error);

  sales = service_collect (self, match_sale_filter, filter);
  g_ptr_array_sort (sales, compare_client_then_uid);
  reply = g_variant_ref_sink (sales_to_variant (sales));
  if (!check_reply_size (invocation, reply, &error))
    return return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_list_sales (self->skeleton, invocation, reply);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The agenda */

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

/* The service's today: the local date of its clock (the dispatcher's, which tests set). */
static void
service_today (RsService *self,
               GDate     *out_today)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->clock == NULL)
    {
      rs_date_set_today (out_today);
      return;
    }

  now = g_date_time_new_from_unix_local (rs_service_clock_now (self->clock));
  g_date_clear (out_today, 1);
  g_date_set_dmy (out_today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* Upcoming and UpcomingPage: at most @limit items after the cursor @after, as the reply's
 * aa{sv}, and the next cursor. */
static GVariant *
service_upcoming (RsService   *self,
                  const char  *from_text,
                  const char  *to_text,
                  GVariant    *filter_dict,
                  guint        limit,
                  const char  *after,
                  char       **out_next,
                  GError     **error)
{
  g_autoptr(RsAgendaFilter) filter = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GVariantBuilder builder;
  GDate from, to, today;

  if (!parse_window (from_text, to_text, &from, &to, error) ||
      (filter = rs_agenda_filter_new_from_variant (filter_dict, error)) == NULL)
    return NULL;

  service_today (self, &today);
  items = rs_service_agenda_page (self->agenda, &today, &from, &to, filter_dict,
                                  g_steal_pointer (&filter), limit, after, out_next, error);
  if (items == NULL)
    return NULL;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < items->len; i++)
    g_variant_builder_add_value (&builder, rs_agenda_item_to_variant (g_ptr_array_index (items, i)));

  return g_variant_ref_sink (g_variant_builder_end (&builder));
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

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  reply = service_upcoming (self, from_text, to_text, filter_dict, RS_AGENDA_INDEX_NO_LIMIT, "",
                            &next, &error);
  if (reply == NULL || !check_reply_size (invocation, reply, &error))
    return return_error (invocation, error);

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

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (limit < 1 || limit > MAX_PAGE_ITEMS)
    {
      g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$u is the number given, %2$u the largest allowed (10000) */
                   _("The page size %1$u is not valid: ask for between 1 and %2$u items."),
                   limit, MAX_PAGE_ITEMS);
      return return_error (invocation, error);
    }

  reply = service_upcoming (self, from_text, to_text, filter_dict, limit, after, &next, &error);
  if (reply == NULL || !check_reply_size (invocation, reply, &error))
    return return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_upcoming_page (self->skeleton, invocation, reply, next);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The life of a sale */

/* The successor of @sale: a copy under a new uid with the renewed schedule, active, linked
 * back, nothing marked yet, and the new terms. */
static RsSale *
new_successor (RsSale                *sale,
               const RsRenewalTerms  *terms,
               GError               **error)
{
  g_autoptr(RsSale) successor = rs_sale_copy (sale);
  g_autofree char *uid = g_uuid_string_random ();
  GArray *marked = rs_sale_get_marked_occurrences (sale);
  RsSchedule schedule;

  if (!rs_schedule_renew (rs_sale_get_schedule (sale), terms->has_term ? &terms->term : NULL,
                          &schedule, error))
    return NULL;

  rs_sale_set_uid (successor, uid);
  rs_sale_set_schedule (successor, &schedule);
  rs_sale_set_status (successor, RS_SALE_STATUS_ACTIVE);
  rs_sale_set_predecessor_uid (successor, rs_sale_get_uid (sale));
  rs_sale_set_successor_uid (successor, NULL);
  rs_sale_set_revision (successor, 0);
  for (guint i = 0; i < marked->len; i++)
    rs_sale_set_occurrence_state (successor, &g_array_index (marked, RsOccurrence, i).issue_date,
                                  RS_OCCURRENCE_OPEN);
  rs_renewal_terms_apply (terms, successor);

  if (!rs_sale_validate (successor, error))
    return NULL;

  return g_steal_pointer (&successor);
}

static gboolean
handle_renew (RsService             *self,
              GDBusMethodInvocation *invocation,
              const char            *uid,
              GVariant              *terms_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsRenewalTerms) terms = NULL;
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(RsSale) successor = NULL;
  const char *uids[3] = { uid, NULL, NULL };

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if ((terms = rs_renewal_terms_new_from_variant (terms_dict, &error)) == NULL ||
      (sale = rs_store_get_sale (self->store, uid, &error)) == NULL ||
      (successor = new_successor (sale, terms, &error)) == NULL ||
      !rs_store_renew_sale (self->store, uid, rs_sale_get_revision (sale), successor, &error))
    return return_error (invocation, error);

  service_reload (self, uid);
  service_keep (self, successor);
  uids[1] = rs_sale_get_uid (successor);
  service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_renew (self->skeleton, invocation, uids[1]);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_end_sale (RsService             *self,
                 GDBusMethodInvocation *invocation,
                 const char            *uid,
                 const char            *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsSale) sale = NULL;
  const char *uids[2] = { uid, NULL };

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sale = rs_store_get_sale (self->store, uid, &error);
  if (sale == NULL)
    return return_error (invocation, error);

  rs_sale_set_status (sale, RS_SALE_STATUS_ENDED);
  /* The reason joins the note's history rather than replacing it. */
  if (*reason != '\0')
    {
      const char *note = rs_sale_get_note (sale);
      g_autofree char *new_note = note != NULL ? g_strconcat (note, "\n", reason, NULL)
                                               : g_strdup (reason);

      rs_sale_set_note (sale, new_note);
    }

  if (!rs_store_update_sale (self->store, sale, rs_sale_get_revision (sale), &error))
    return return_error (invocation, error);

  service_keep (self, sale);
  service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_end_sale (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_mark_occurrence (RsService             *self,
                        GDBusMethodInvocation *invocation,
                        const char            *uid,
                        const char            *date_text,
                        const char            *state_text)
{
  g_autoptr(GError) error = NULL;
  const char *uids[2] = { uid, NULL };
  RsOccurrenceState state;
  GDate date;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  if (!rs_date_parse (date_text, _("The occurrence date"), &date, &error) ||
      !rs_occurrence_state_parse (state_text, &state, &error) ||
      !rs_store_mark_occurrence (self->store, uid, &date, state, &error))
    return return_error (invocation, error);

  service_reload (self, uid);
  service_announce (self, uids);
  rs_dbus_recurring_sales1_complete_mark_occurrence (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* Client reminders */

static GVariant *
delivery_to_variant (const RsDeliveryRecord *record)
{
  g_autofree char *date = rs_delivery_record_dup_occurrence_string (record);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "uid", g_variant_new_string (record->sale_uid));
  g_variant_builder_add (&builder, "{sv}", "kind",
                         g_variant_new_string (rs_reminder_kind_to_string (record->kind)));
  g_variant_builder_add (&builder, "{sv}", "lead_days", g_variant_new_uint32 (record->lead_days));
  g_variant_builder_add (&builder, "{sv}", "date", g_variant_new_string (date));
  g_variant_builder_add (&builder, "{sv}", "due", g_variant_new_int64 (record->due));
  g_variant_builder_add (&builder, "{sv}", "state",
                         g_variant_new_string (rs_delivery_state_to_string (record->state)));
  if (record->mode == RS_DELIVERY_DRAFT || record->mode == RS_DELIVERY_SEND)
    g_variant_builder_add (&builder, "{sv}", "mode",
                           g_variant_new_string (rs_delivery_to_string (record->mode)));
  if (record->message_id != NULL && *record->message_id != '\0')
    g_variant_builder_add (&builder, "{sv}", "message_id",
                           g_variant_new_string (record->message_id));
  g_variant_builder_add (&builder, "{sv}", "attempts", g_variant_new_uint32 (record->attempts));
  if (record->state == RS_DELIVERY_STATE_PENDING)
    g_variant_builder_add (&builder, "{sv}", "next_attempt",
                           g_variant_new_int64 (record->next_attempt));
  if (record->last_error != NULL)
    g_variant_builder_add (&builder, "{sv}", "error", g_variant_new_string (record->last_error));
  g_variant_builder_add (&builder, "{sv}", "updated", g_variant_new_int64 (record->updated));

  return g_variant_builder_end (&builder);
}

static gboolean
handle_list_deliveries (RsService             *self,
                        GDBusMethodInvocation *invocation,
                        GVariant              *filter_dict)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsDeliveryFilter) filter = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder builder;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  filter = rs_delivery_filter_new_from_variant (filter_dict, &error);
  if (filter == NULL)
    return return_error (invocation, error);

  records = rs_store_list_deliveries (self->store, filter->uid, filter->state, filter->due_from,
                                     filter->due_until, filter->limit, &error);
  if (records == NULL)
    return return_error (invocation, error);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < records->len; i++)
    g_variant_builder_add_value (&builder, delivery_to_variant (g_ptr_array_index (records, i)));

  reply = g_variant_ref_sink (g_variant_builder_end (&builder));
  if (!check_reply_size (invocation, reply, &error))
    return return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_list_deliveries (self->skeleton, invocation, reply);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
on_preview_ready (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  if (!rs_dispatcher_preview_finish (RS_DISPATCHER (source_object), result, &subject, &body,
                                     &error))
    {
      return_error (invocation, error);
      return;
    }

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ss)", subject, body));
}

static gboolean
handle_preview_reminder (RsService             *self,
                         GDBusMethodInvocation *invocation,
                         const char            *uid,
                         const char            *kind_text,
                         const char            *date_text)
{
  g_autoptr(GError) error = NULL;
  gboolean given = date_text != NULL && *date_text != '\0';
  RsReminderKind kind;
  RsSale *sale;
  GDate wanted, today, occurrence;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sale = g_hash_table_lookup (self->sales, uid);
  if (sale == NULL)
    {
      set_not_found_error (uid, &error);
      return return_error (invocation, error);
    }

  /* Without a date, the next occurrence from the service's today (its clock, which tests set). */
  service_today (self, &today);
  if (!rs_reminder_kind_parse (kind_text, &kind, &error) ||
      (given && !rs_date_parse (date_text, _("The reminder date"), &wanted, &error)) ||
      !rs_reminder_preview_occurrence (sale, kind, given ? &wanted : NULL, &today, &occurrence,
                                       &error))
    return return_error (invocation, error);

  if (self->dispatcher == NULL)
    {
      g_set_error_literal (&error, RS_ERROR, RS_ERROR_FAILED,
                           _("The service is not ready to compose reminders yet."));
      return return_error (invocation, error);
    }

  /* Composed in a thread: finding the sender may ask Evolution's registry. */
  rs_dispatcher_preview_async (self->dispatcher, sale, kind, &occurrence, NULL, on_preview_ready,
                               g_object_ref (invocation));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static GPtrArray *
dispatcher_list_sales (gpointer user_data)
{
  RsService *self = user_data;

  return service_collect (self, NULL, NULL);
}

static void
on_reminder_delivered (RsService              *self,
                       const RsDeliveryRecord *record)
{
  g_autofree char *date = rs_delivery_record_dup_occurrence_string (record);

  rs_dbus_recurring_sales1_emit_reminder_delivered (self->skeleton, record->sale_uid,
                                                    rs_reminder_kind_to_string (record->kind),
                                                    date, rs_delivery_to_string (record->mode),
                                                    record->message_id);
}

static void
on_reminder_missed (RsService              *self,
                    const RsDeliveryRecord *record)
{
  g_autofree char *date = rs_delivery_record_dup_occurrence_string (record);

  rs_dbus_recurring_sales1_emit_reminder_missed (self->skeleton, record->sale_uid,
                                                 rs_reminder_kind_to_string (record->kind),
                                                 date, record->due);
  g_ptr_array_add (self->missed, rs_delivery_record_copy (record));
}

/* The end of a dispatcher run: the owner hears once about what it missed. */
static void
on_checked_until (RsService *self)
{
  GDBusConnection *connection =
    g_dbus_interface_skeleton_get_connection (G_DBUS_INTERFACE_SKELETON (self->skeleton));

  if (self->missed->len > 0 && connection != NULL)
    rs_owner_notification_missed (connection, self->missed, self->sales);
  g_ptr_array_set_size (self->missed, 0);

  rs_dbus_recurring_sales1_set_reminders_checked_until (
    self->skeleton, rs_dispatcher_get_checked_until (self->dispatcher));
}

/* Import, export, backup */

static GVariant *
problems_to_variant (GPtrArray *problems)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const RsCsvProblem *problem = g_ptr_array_index (problems, i);

      g_variant_builder_open (&builder, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&builder, "{sv}", "line", g_variant_new_uint32 (problem->line));
      g_variant_builder_add (&builder, "{sv}", "column",
                             g_variant_new_string (problem->column != NULL ? problem->column : ""));
      g_variant_builder_add (&builder, "{sv}", "message", g_variant_new_string (problem->message));
      g_variant_builder_close (&builder);
    }

  return g_variant_builder_end (&builder);
}

/* Parses @data as @format; NULL with @error, or with problems in @problems (CSV rows). */
static GPtrArray *
parse_import (const char  *format,
              const char  *data,
              GPtrArray   *problems,
              GError     **error)
{
  g_autoptr(RsDefaults) defaults = NULL;
  gsize length = strlen (data);

  if (length > MAX_IMPORT_BYTES)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is a size in mebibytes (256) */
                   _("The data to import is larger than %d MiB; split it into smaller files."),
                   MAX_IMPORT_BYTES / (1024 * 1024));
      return NULL;
    }

  defaults = rs_defaults_load ();
  if (g_str_equal (format, "csv"))
    return rs_csv_parse_sales (data, length, defaults, problems, error);
  if (g_str_equal (format, "json"))
    return rs_json_parse_sales (data, (gssize) length, defaults, error);

  {
    g_autofree char *shown = rs_text_for_message (format);

    g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is the format given */
                 _("The import format “%s” is not one of csv or json."), shown);
    return NULL;
  }
}

static gboolean
handle_import (RsService             *self,
               GDBusMethodInvocation *invocation,
               const char            *format,
               const char            *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_csv_problem_free);
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GPtrArray) uids = NULL;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sales = parse_import (format, data, problems, &error);
  /* Bad rows are an answer, not a failure: the caller shows them all. */
  if (sales == NULL && problems->len > 0)
    {
      rs_dbus_recurring_sales1_complete_import (self->skeleton, invocation, 0,
                                                problems_to_variant (problems));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  /* One transaction: all the sales, or none. */
  if (sales == NULL || !rs_store_add_sales (self->store, sales, &error))
    return return_error (invocation, error);

  if (sales->len > 0)
    {
      service_keep_all (self, sales);
      uids = g_ptr_array_new_full (sales->len + 1, NULL);
      for (guint i = 0; i < sales->len; i++)
        g_ptr_array_add (uids, (gpointer) rs_sale_get_uid (g_ptr_array_index (sales, i)));
      g_ptr_array_add (uids, NULL);
      service_announce (self, (const char * const *) uids->pdata);
    }

  rs_dbus_recurring_sales1_complete_import (self->skeleton, invocation, sales->len,
                                            problems_to_variant (NULL));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_export (RsService             *self,
               GDBusMethodInvocation *invocation,
               const char            *format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *data = NULL;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  sales = service_collect (self, NULL, NULL);
  g_ptr_array_sort (sales, compare_uid);

  if (g_str_equal (format, "ics"))
    data = rs_projection_export_ics (sales);
  else if (g_str_equal (format, "csv"))
    data = rs_csv_write_sales (sales);
  else if (g_str_equal (format, "json"))
    data = rs_json_write_sales (sales);
  else
    {
      g_autofree char *shown = rs_text_for_message (format);

      g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the format given */
                   _("The export format “%s” is not one of ics, csv or json."), shown);
      return return_error (invocation, error);
    }

  reply = g_variant_ref_sink (g_variant_new_take_string (g_steal_pointer (&data)));
  if (!check_reply_size (invocation, reply, &error))
    return return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_export (self->skeleton, invocation,
                                            g_variant_get_string (reply, NULL));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_backup (RsService             *self,
               GDBusMethodInvocation *invocation,
               const char            *path)
{
  g_autoptr(GError) error = NULL;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* A relative path would be relative to the service's directory, which the caller cannot
   * know. */
  if (!g_path_is_absolute (path))
    {
      g_autofree char *shown = rs_text_for_message (path);

      g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the path given */
                   _("The backup path “%s” is not absolute; give the full path of the file "
                     "to write."), shown);
      return return_error (invocation, error);
    }

  if (!rs_store_backup_sync (self->store, path, NULL, &error))
    return return_error (invocation, error);

  rs_dbus_recurring_sales1_complete_backup (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Reads every sale again, for when the change log cannot say which changed; the uids that were
 * in memory or are in the store now, ordered. */
static GPtrArray *
service_reload_all (RsService *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = rs_store_list_sales (self->store, &error);
  g_autoptr(GHashTable) uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *ordered = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer uid;

  g_hash_table_iter_init (&iter, self->sales);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    g_hash_table_add (uids, g_strdup (uid));

  if (sales == NULL)
    {
      g_warning ("The sales could not be read back: %s", error->message);
      return ordered;
    }

  service_forget_all (self);
  service_keep_all (self, sales);
  for (guint i = 0; i < sales->len; i++)
    g_hash_table_add (uids, g_strdup (rs_sale_get_uid (g_ptr_array_index (sales, i))));

  g_hash_table_iter_init (&iter, uids);
  while (g_hash_table_iter_next (&iter, &uid, NULL))
    {
      g_ptr_array_add (ordered, uid);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (ordered, compare_strings);
  return ordered;
}

/* Keeps the sales as they are into backups/before-restore.db.new; renamed over
 * before-restore.db only once the restore succeeded, so that restoring before-restore.db
 * itself (undoing a restore) reads the file as it was. */
static char *
save_before_restore (RsService  *self,
                     GError    **error)
{
  g_autofree char *directory = rs_backup_rotation_dup_directory (self->store);
  g_autofree char *path = g_build_filename (directory, RS_BACKUP_BEFORE_RESTORE_NAME ".new", NULL);

  if (!rs_backup_rotation_prepare_directory (directory, error) ||
      !rs_store_backup_sync (self->store, path, NULL, error))
    {
      /* Translators: a sentence saying why follows */
      g_prefix_error (error, _("Nothing was restored, because the sales as they are now could "
                               "not be saved first: "));
      return NULL;
    }

  return g_steal_pointer (&path);
}

static void
keep_before_restore (const char *saved_path)
{
  g_autofree char *kept_path = g_strndup (saved_path, strlen (saved_path) - strlen (".new"));

  if (g_rename (saved_path, kept_path) != 0)
    g_warning ("The sales as they were before the restore could not be kept in %s: %s",
               kept_path, g_strerror (errno));
}

static gboolean
handle_restore (RsService             *self,
                GDBusMethodInvocation *invocation,
                const char            *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autofree char *saved_path = NULL;
  guint64 revision;

  if (!service_begin_call (self, invocation))
    return G_DBUS_METHOD_INVOCATION_HANDLED;

  /* The service reads the file itself, from a directory the caller cannot know. */
  if (!g_path_is_absolute (path))
    {
      g_autofree char *shown = rs_text_for_message (path);

      g_set_error (&error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the path given */
                   _("The backup path “%s” is not absolute; give the full path of the file "
                     "to restore."), shown);
      return return_error (invocation, error);
    }

  /* A restore of the wrong file must not lose today's sales: they can be restored back. */
  saved_path = save_before_restore (self, &error);
  if (saved_path == NULL)
    return return_error (invocation, error);

  if (!rs_store_restore_sync (self->store, path, NULL, &error))
    {
      g_unlink (saved_path);
      return return_error (invocation, error);
    }
  keep_before_restore (saved_path);

  /* Every sale of the old store and of the backup is in the change log after the revision the
   * memory reflects (service_begin_call caught up with other writers just now). */
  changed = rs_store_list_changed_since (self->store, self->revision, &error);
  if (changed != NULL)
    {
      for (guint i = 0; i < changed->len; i++)
        service_reload (self, g_ptr_array_index (changed, i));
    }
  else
    {
      g_warning ("Could not read which sales the restore changed: %s", error->message);
      g_clear_error (&error);
      changed = service_reload_all (self);
    }

  revision = rs_store_get_revision (self->store);
  service_set_revision (self, revision);
  if (changed->len > 0)
    {
      g_ptr_array_add (changed, NULL);
      rs_dbus_recurring_sales1_emit_sales_changed (self->skeleton,
                                                   (const char * const *) changed->pdata,
                                                   revision);
    }

  /* Restored sales may have reminders due now, or none ahead any more. */
  if (self->dispatcher != NULL)
    rs_dispatcher_queue_run (self->dispatcher);

  rs_dbus_recurring_sales1_complete_restore (self->skeleton, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

/* The object */

static void
rs_service_dispose (GObject *object)
{
  RsService *self = RS_SERVICE (object);

  if (self->dispatcher != NULL)
    g_signal_handlers_disconnect_by_data (self->dispatcher, self);
  g_clear_object (&self->dispatcher);
  if (self->skeleton != NULL)
    rs_service_unexport (self);
  g_clear_object (&self->skeleton);
  g_clear_pointer (&self->sales, g_hash_table_unref);
  g_clear_object (&self->agenda);
  g_clear_pointer (&self->access, rs_service_access_free);
  g_clear_pointer (&self->missed, g_ptr_array_unref);
  g_clear_object (&self->backups);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->store_path, g_free);

  G_OBJECT_CLASS (rs_service_parent_class)->dispose (object);
}

static void
rs_service_class_init (RsServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rs_service_dispose;
}

static void
rs_service_init (RsService *self)
{
  static const struct {
    const char *signal;
    GCallback   handler;
  } handlers[] = {
    { "handle-add-sale", G_CALLBACK (handle_add_sale) },
    { "handle-update-sale", G_CALLBACK (handle_update_sale) },
    { "handle-remove-sale", G_CALLBACK (handle_remove_sale) },
    { "handle-get-sale", G_CALLBACK (handle_get_sale) },
    { "handle-list-sales", G_CALLBACK (handle_list_sales) },
    { "handle-upcoming", G_CALLBACK (handle_upcoming) },
    { "handle-upcoming-page", G_CALLBACK (handle_upcoming_page) },
    { "handle-renew", G_CALLBACK (handle_renew) },
    { "handle-end-sale", G_CALLBACK (handle_end_sale) },
    { "handle-mark-occurrence", G_CALLBACK (handle_mark_occurrence) },
    { "handle-import", G_CALLBACK (handle_import) },
    { "handle-export", G_CALLBACK (handle_export) },
    { "handle-backup", G_CALLBACK (handle_backup) },
    { "handle-restore", G_CALLBACK (handle_restore) },
    { "handle-list-deliveries", G_CALLBACK (handle_list_deliveries) },
    { "handle-preview-reminder", G_CALLBACK (handle_preview_reminder) },
  };

  rs_dbus_errors_register ();

  self->sales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->agenda = rs_service_agenda_new ();
  self->missed = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_delivery_record_free);
  self->skeleton = rs_dbus_recurring_sales1_skeleton_new ();
  rs_dbus_recurring_sales1_set_version (self->skeleton, PACKAGE_VERSION);
  self->access = rs_service_access_new ();

  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_connect_object (self->skeleton, handlers[i].signal, handlers[i].handler, self,
                             G_CONNECT_SWAPPED);
}

static gboolean
service_load (RsService   *self,
              const char  *store_path,
              GError     **error)
{
  g_autoptr(RsStore) store = rs_store_open_sync (store_path, NULL, error);
  g_autoptr(GPtrArray) sales = NULL;

  if (store == NULL || (sales = rs_store_list_sales (store, error)) == NULL)
    return FALSE;

  service_keep_all (self, sales);
  self->store = g_steal_pointer (&store);
  service_set_revision (self, rs_store_get_revision (self->store));
  return TRUE;
}

RsService *
rs_service_new (const char *store_path)
{
  g_autoptr(RsService) self = NULL;

  g_return_val_if_fail (store_path != NULL, NULL);

  self = g_object_new (RS_TYPE_SERVICE, NULL);
  self->store_path = g_strdup (store_path);
  if (!service_load (self, store_path, &self->store_error))
    {
      g_warning ("%s", self->store_error->message);
      service_forget_all (self);
    }

  return g_steal_pointer (&self);
}

gboolean
rs_service_export (RsService        *self,
                   GDBusConnection  *connection,
                   GError          **error)
{
  g_return_val_if_fail (RS_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);

  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton),
                                           connection, RS_SERVICE_OBJECT_PATH, error);
}

void
rs_service_unexport (RsService *self)
{
  GDBusInterfaceSkeleton *skeleton;

  g_return_if_fail (RS_IS_SERVICE (self));

  skeleton = G_DBUS_INTERFACE_SKELETON (self->skeleton);
  if (g_dbus_interface_skeleton_get_connection (skeleton) != NULL)
    g_dbus_interface_skeleton_unexport (skeleton);
}

void
rs_service_start_dispatcher (RsService      *self,
                             RsServiceClock *clock)
{
  g_return_if_fail (RS_IS_SERVICE (self));
  g_return_if_fail (RS_IS_SERVICE_CLOCK (clock));
  g_return_if_fail (self->dispatcher == NULL);

  /* Without a store there is no ledger, hence nothing may be sent (until it opens). */
  g_set_object (&self->clock, clock);
  if (self->store == NULL)
    return;

  self->dispatcher = rs_dispatcher_new (self->store, clock, dispatcher_list_sales, self);
  g_signal_connect_swapped (self->dispatcher, "delivered", G_CALLBACK (on_reminder_delivered),
                            self);
  g_signal_connect_swapped (self->dispatcher, "missed", G_CALLBACK (on_reminder_missed), self);
  g_signal_connect_swapped (self->dispatcher, "notify::checked-until",
                            G_CALLBACK (on_checked_until), self);
  rs_dispatcher_queue_run (self->dispatcher);
}

void
rs_service_start_backups (RsService      *self,
                          RsServiceClock *clock)
{
  g_return_if_fail (RS_IS_SERVICE (self));
  g_return_if_fail (RS_IS_SERVICE_CLOCK (clock));
  g_return_if_fail (self->backups == NULL);

  /* A store that could not be opened is left as it is, and so are its backups. */
  if (self->store == NULL)
    return;

  self->backups = rs_backup_rotation_new (self->store, clock);
}

RsDispatcher *
rs_service_get_dispatcher (RsService *self)
{
  g_return_val_if_fail (RS_IS_SERVICE (self), NULL);

  return self->dispatcher;
}
