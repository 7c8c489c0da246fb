/* rs-elorus-sync.h: one sync of the recurring invoices of Elorus into the store
 * (docs/elorus.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For the service, the store's only writer: it needs the store's write API.
 *
 * A sync has two halves. The network half (rs_elorus_sync_fetch ()) touches no store and may
 * run in a thread of its own: it lists what changed, reads each invoice whole and hands it on
 * one by one. The store half (rs_elorus_sync_begin (), _write_invoice (), _refuse (),
 * _end_gone (), _finish ()) runs where the store is written, the service's main thread.
 * rs_elorus_sync_run () does both in turn, in the calling thread.
 */
#pragma once

#include "rs-elorus-client.h"
#include "rs-elorus-invoice.h"
#include "rs-store-writer.h"

G_BEGIN_DECLS

/* The store setting holding Elorus's `modified` (Unix time) of the newest invoice of the last
 * successful sync: where the next one starts (modified_after). */
#define RS_ELORUS_LAST_SUCCESS_KEY "elorus-last-success"
/* The store setting holding when (Unix time, our clock) the last sync succeeded. */
#define RS_ELORUS_LAST_SYNC_KEY    "elorus-last-sync"

typedef struct
{
  guint      added;
  guint      updated;
  guint      unchanged;
  guint      ended;      /* sales whose invoice is gone from Elorus */
  guint      refused;    /* invoices that could not be read */
  GPtrArray *problems;   /* sentences: each refusal and each next_execution we disagree with */
  GPtrArray *changed;    /* the uids of the sales added, updated or ended (none in a dry run) */

  /* Where the sync stands, for the store half. */
  gboolean   dry_run;
  gint64     last_success;  /* RS_ELORUS_LAST_SUCCESS_KEY when the sync began */
  gint64     newest;        /* the newest `modified` seen so far */
} RsElorusSyncReport;

void     rs_elorus_sync_report_clear (RsElorusSyncReport *report);

/* Called by rs_elorus_sync_fetch () for each changed invoice, in its thread: @invoice (transfer
 * full) read whole, or NULL and @problem, why it was refused. FALSE with @error stops the
 * fetch. */
typedef gboolean (*RsElorusInvoiceFunc) (RsElorusInvoice  *invoice,
                                         const GError     *problem,
                                         gpointer          user_data,
                                         GError          **error);

/* The store half begins: fills @report (dry run, where the last sync stopped) and gives the
 * modified_after to list from (NULL: everything, the first sync) in @out_modified_after. */
gboolean     rs_elorus_sync_begin         (RsStore             *store,
                                           gboolean             dry_run,
                                           RsElorusSyncReport  *report,
                                           char               **out_modified_after,
                                           GError             **error);

/* The network half: lists the invoices modified since @modified_after (everything when NULL),
 * reads each whole and calls @func with it, then lists the ids of every invoice. Returns those
 * ids, each with its last day in @zone (YYYY-MM-DD, or NULL when it runs on), or NULL with
 * the first error. No store. */
GHashTable  *rs_elorus_sync_fetch         (RsElorusClient      *client,
                                           GTimeZone           *zone,
                                           const char          *modified_after,
                                           RsElorusInvoiceFunc  func,
                                           gpointer             user_data,
                                           GCancellable        *cancellable,
                                           GError             **error);

/* Adds or updates the sale of one invoice, in a transaction of its own (none in a dry run),
 * and reports a next_execution our engine disagrees with. */
gboolean     rs_elorus_sync_write_invoice (RsStore             *store,
                                           RsElorusInvoice     *invoice,
                                           RsElorusSyncReport  *report,
                                           GError             **error);
/* Counts an invoice that could not be read, and says why. */
void         rs_elorus_sync_refuse        (RsElorusSyncReport  *report,
                                           const GError        *problem);
/* Ends the sales whose invoice is not among @listed_ids (id → its last day, YYYY-MM-DD, or NULL),
 * or whose last day is before @today (expired upstream); never removes them or their history. */
gboolean     rs_elorus_sync_end_gone      (RsStore             *store,
                                           GHashTable          *listed_ids,
                                           const GDate         *today,
                                           RsElorusSyncReport  *report,
                                           GError             **error);
/* After the last page and the last sale: records where the next sync starts and @now, when this
 * one succeeded (nothing in a dry run). */
gboolean     rs_elorus_sync_finish        (RsStore             *store,
                                           RsElorusSyncReport  *report,
                                           gint64               now,
                                           GError             **error);

/* Lists what changed since the last success, reads each of those invoices whole, adds or
 * updates its sale (each in a transaction of its own: an interrupted sync leaves whole sales,
 * and the next one resumes), and ends the sales whose invoice is gone upstream. With
 * @dry_run, counts what it would do and writes nothing. FALSE with the first error that
 * stopped it; @report still says what was done until then. */
gboolean rs_elorus_sync_run          (RsStore             *store,
                                      RsElorusClient      *client,
                                      GTimeZone           *zone,
                                      const GDate         *today,
                                      gboolean             dry_run,
                                      RsElorusSyncReport  *report,
                                      GCancellable        *cancellable,
                                      GError             **error);

G_END_DECLS
