/* e-cal-backend-recurring-sales-private.h: what the files of the backend share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Not installed: e-cal-backend-recurring-sales.c holds the object, opening and refreshing (and
 * says which thread does what under which lock), e-cal-backend-recurring-sales-changes.c how
 * memory follows the store and the calendar's settings, e-cal-backend-recurring-sales-queries.c
 * what the backend answers.
 */
#pragma once

#include <sys/types.h>

#include "e-cal-backend-recurring-sales.h"
#include "rs-calendar-cache.h"
#include "rs-calendar-filter.h"
#include "rs-service-watch.h"
#include <recurring-sales/rs-store.h>

G_BEGIN_DECLS

struct _ECalBackendRecurringSales
{
  ECalBackendSync   parent_instance;

  GMutex            lock;
  GHashTable       *sales;           /* uid → RsSale; replaced, never changed in place */
  /* g_ascii_strdown (uid) → GPtrArray of the uids in `sales` that fold to it: (uid? …)
   * ignores case, and two sales may differ only in case. */
  GHashTable       *uids_by_folded;
  RsCalendarFilter *filter;
  guint64           revision;        /* the store revision the sales reflect */
  gboolean          opened;
  gboolean          catch_up_queued;

  GMutex            store_lock;
  RsStore          *store;
  dev_t             store_device;    /* which file the connection reads */
  ino_t             store_inode;
  /* The last file found unusable (damaged, foreign, newer), told about once; under `lock`,
   * store_unusable also makes any SalesChanged worth a catch-up (a restore's revisions need
   * not be above those of the file it replaced). */
  gboolean          store_unusable;
  dev_t             unusable_device;
  ino_t             unusable_inode;

  RsServiceWatch   *watch;
  gulong            source_changed_id;

  RsCalendarCache  *cache;           /* each sale's component texts; thread-safe */
};

/* e-cal-backend-recurring-sales.c */

/* New references to every sale in memory; the caller holds `lock`. */
GPtrArray *e_cal_backend_recurring_sales_ref_sales_locked  (ECalBackendRecurringSales *self);
/* New references to the sales whose uids, in ASCII lower case, are in the set @folded_uids;
 * the caller holds `lock`. */
GPtrArray *e_cal_backend_recurring_sales_ref_sales_by_folded_uids_locked
                                                           (ECalBackendRecurringSales *self,
                                                            GHashTable                *folded_uids);
/* Puts @sale in memory in place of the sale @uid, or (@sale NULL) removes that sale; the
 * caller holds `lock`. */
void       e_cal_backend_recurring_sales_replace_sale_locked (ECalBackendRecurringSales *self,
                                                              const char                *uid,
                                                              RsSale                    *sale);

/* e-cal-backend-recurring-sales-changes.c */

/* Brings memory (and the views) to the store's current state. */
gboolean e_cal_backend_recurring_sales_catch_up        (ECalBackendRecurringSales  *self,
                                                        GCancellable               *cancellable,
                                                        GError                    **error);
/* Creates the watch of the service, once, and catches up on what it reports. */
gboolean e_cal_backend_recurring_sales_watch_service   (ECalBackendRecurringSales  *self,
                                                        GCancellable               *cancellable,
                                                        GError                    **error);
/* Follows the settings of the calendar's source (which clients and reminders it shows). */
void     e_cal_backend_recurring_sales_watch_source    (ECalBackendRecurringSales  *self);

/* e-cal-backend-recurring-sales-queries.c */

/* Projects every sale into the cache in a thread of its own, at idle priority. */
void     e_cal_backend_recurring_sales_start_prewarm   (ECalBackendRecurringSales  *self);
void     e_cal_backend_recurring_sales_get_object_list (ECalBackendSync            *backend,
                                                        EDataCal                   *cal,
                                                        GCancellable               *cancellable,
                                                        const char                 *sexp_text,
                                                        GSList                    **calobjs,
                                                        GError                    **error);
void     e_cal_backend_recurring_sales_start_view      (ECalBackend                *backend,
                                                        EDataCalView               *view);
void     e_cal_backend_recurring_sales_get_object      (ECalBackendSync            *backend,
                                                        EDataCal                   *cal,
                                                        GCancellable               *cancellable,
                                                        const char                 *uid,
                                                        const char                 *rid,
                                                        char                      **calobj,
                                                        GError                    **error);

G_END_DECLS
