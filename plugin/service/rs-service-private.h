/* rs-service-private.h: what the service's method handlers share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * rs-service.c is the object: the in-memory copy of the sales and its catch-up with other
 * writers (the Revision property, SalesChanged), and the steps every handler takes. The handlers
 * live by area, each file with a table of its own that rs_service_init () connects:
 *   rs-service-sales.c      AddSale UpdateSale RemoveSale GetSale ListSales ListSalesPage
 *   rs-service-lifecycle.c  Renew EndSale MarkOccurrence
 *   rs-service-upcoming.c   Upcoming UpcomingPage (over the index of rs-service-agenda.c)
 *   rs-service-transfer.c   Import ImportSales Export Backup Restore
 *   rs-service-reminders.c  ListDeliveries PreviewReminder PreviewReminderDetails, and what
 *                           the dispatcher tells
 *   rs-service-rescue.c     ListBackups, and Restore while the store is unusable
 *   rs-service-elorus.c     ElorusSync ElorusStatus, and the syncs the service starts itself
 * A new method goes into its area's file, and into its table of handlers.
 */
#pragma once

#include <gio/gio.h>

#include "rs-backup-rotation.h"
#include "rs-dbus-generated.h"
#include "rs-dispatcher.h"
#include "rs-service.h"
#include "rs-service-access.h"
#include "rs-service-agenda.h"
#include "rs-service-elorus.h"
#include "rs-service-reads.h"
#include "rs-service-snapshot.h"
#include <recurring-sales/rs-sale.h>
#include "rs-store-writer.h"

G_BEGIN_DECLS

struct _RsService
{
  GObject                parent_instance;

  char                  *store_path;
  RsStore               *store;        /* NULL when it could not be opened or read */
  GError                *store_error;  /* then: why, the answer to every call;
                                        * RS_ERROR_STORE_UNUSABLE: only a restore helps */
  RsServiceClock        *clock;        /* for a dispatcher started once the store opens */
  GHashTable            *sales;        /* uid → RsSale, every stored sale */
  RsServiceAgenda       *agenda;       /* the same sales, indexed for Upcoming */
  RsServiceReads        *reads;        /* GetSale and ListSales outside the main thread */
  RsServiceSnapshot     *published;    /* the sales as reads last got them */
  GHashTable            *unpublished;  /* uids changed in sales since (a set) */
  gboolean               unpublished_all;  /* or maybe any */
  gboolean               commit_noted;  /* reads were told of the change being published */
  gboolean               catching_up;   /* reading back other writers' changes */
  RsServiceAccess       *access;       /* who may call */
  guint64                revision;     /* the store revision that sales reflects */
  RsDBusRecurringSales1 *skeleton;
  RsDispatcher          *dispatcher;   /* NULL until started, and without a store */
  GPtrArray             *missed;       /* RsDeliveryRecord: told at the end of the run */
  RsBackupRotation      *backups;      /* NULL until started, and without a store */
  RsServiceElorus       *elorus;       /* the Elorus syncs */
};

/* One handle-* signal of the skeleton and its handler, which takes the service first. */
typedef struct {
  const char *signal;
  GCallback   handler;
} RsServiceHandler;

/* Each area's handlers, ending with { NULL, NULL }; rs_service_init () connects them all. */
extern const RsServiceHandler rs_service_sales_handlers[];
extern const RsServiceHandler rs_service_lifecycle_handlers[];
extern const RsServiceHandler rs_service_upcoming_handlers[];
extern const RsServiceHandler rs_service_transfer_handlers[];
extern const RsServiceHandler rs_service_reminders_handlers[];
extern const RsServiceHandler rs_service_rescue_handlers[];
extern const RsServiceHandler rs_service_elorus_handlers[];

/* A dispatcher over the sales in memory whose deliveries, misses and progress are told on the
 * bus (ReminderDelivered, ReminderMissed, RemindersCheckedUntil). */
RsDispatcher *rs_service_reminders_new_dispatcher (RsService      *self,
                                                   RsServiceClock *clock);

/* Every handler starts here, in the main thread and so in the order the calls came: FALSE
 * when the call is answered already (a caller of another user, no store). */
gboolean   rs_service_begin_call         (RsService              *self,
                                          GDBusMethodInvocation  *invocation);
/* For what rescues an unusable store (ListBackups, Restore): as rs_service_begin_call (), but
 * TRUE also when the store is unusable (RS_ERROR_STORE_UNUSABLE in store_error; store NULL). */
gboolean   rs_service_begin_rescue_call  (RsService              *self,
                                          GDBusMethodInvocation  *invocation);
/* Opens the store at store_path into memory, then starts the dispatcher and the backups (once
 * the clock is known); FALSE, with store_error set, when it cannot be opened. */
gboolean   rs_service_open_store         (RsService              *self);
/* Restore while the store is unusable: sets its file aside, restores @path into a new store
 * and opens it; answers @invocation either way. */
gboolean   rs_service_rescue_restore     (RsService              *self,
                                          GDBusMethodInvocation  *invocation,
                                          const char             *path);
/* Answers @invocation with @error; a handler ends with it (G_DBUS_METHOD_INVOCATION_HANDLED). */
gboolean   rs_service_return_error       (GDBusMethodInvocation  *invocation,
                                          const GError           *error);
/* Whether @body (the reply's one value) fits in a message every bus accepts; else @error. */
gboolean   rs_service_check_reply_size   (GDBusMethodInvocation  *invocation,
                                          GVariant               *body,
                                          GError                **error);

typedef GVariant *(*RsServiceToVariantFunc) (gconstpointer item);

/* @items as the reply's aa{sv}, one dictionary each by @to_variant, once it is known to fit
 * in a message (else NULL with @error). */
GVariant  *rs_service_list_reply         (GDBusMethodInvocation  *invocation,
                                          GPtrArray              *items,
                                          RsServiceToVariantFunc  to_variant,
                                          GError                **error);
/* The same two for a call answered outside the main thread, by its message (any thread). */
gboolean   rs_service_check_message_reply_size (GDBusMessage            *call,
                                                GVariant                *body,
                                                GError                 **error);
GVariant  *rs_service_list_message_reply (GDBusMessage           *call,
                                          GPtrArray              *items,
                                          RsServiceToVariantFunc  to_variant,
                                          GError                **error);
/* The sale @uid in memory, or NULL with RS_ERROR_NOT_FOUND. */
RsSale    *rs_service_lookup_sale        (RsService              *self,
                                          const char             *uid,
                                          GError                **error);
/* The service's today: the local date of its clock (the dispatcher's, which tests set). */
void       rs_service_today              (RsService              *self,
                                          GDate                  *out_today);

typedef gboolean (*RsServiceMatchFunc) (gconstpointer  filter,
                                        RsSale        *sale);

/* The sales in memory that @match accepts (all when it is NULL), as new references. */
GPtrArray *rs_service_collect            (RsService              *self,
                                          RsServiceMatchFunc      match,
                                          gconstpointer           filter);
/* Orders a GPtrArray of RsSale by uid. */
int        rs_service_compare_uid        (gconstpointer           a,
                                          gconstpointer           b);
/* Orders a GPtrArray of RsSale as ListSales answers: by client, then uid. */
int        rs_service_compare_client_then_uid (gconstpointer      a,
                                               gconstpointer      b);

/* The sales in memory change only through these, which keep the agenda's index in step. */
void       rs_service_keep               (RsService              *self,
                                          RsSale                 *sale);
void       rs_service_keep_all           (RsService              *self,
                                          GPtrArray              *sales);
void       rs_service_forget             (RsService              *self,
                                          const char             *uid);
void       rs_service_forget_all         (RsService              *self);
/* Reads @uid back from the store: for changes the store makes itself (marks, the renewed
 * sale); a sale no longer stored is forgotten. */
void       rs_service_reload             (RsService              *self,
                                          const char             *uid);
/* Sets the store revision that the memory reflects, and the Revision property; publishes the
 * sales in memory to GetSale's readers. */
void       rs_service_set_revision       (RsService              *self,
                                          guint64                 revision);
/* After each committed change of @uids (NULL-terminated, in memory already): the Revision
 * property, then SalesChanged, then a dispatcher run. */
void       rs_service_announce           (RsService              *self,
                                          const char * const     *uids);
/* The two steps after a call changed @sale alone: rs_service_keep (), then
 * rs_service_announce () of its uid. */
void       rs_service_keep_and_announce  (RsService              *self,
                                          RsSale                 *sale);

/* After rs_service_has_syncs_ahead () may have changed. */
void       rs_service_notify_syncs_ahead (RsService              *self);

/* Uids in byte order: a GCompareFunc for a GPtrArray of strings, and every uid in memory
 * (borrowed from the sales; free the array only). */
int        rs_service_compare_uids       (gconstpointer           a,
                                          gconstpointer           b);
GPtrArray *rs_service_sorted_uids        (RsService              *self);

G_END_DECLS
