/* rs-elorus-sync.h: one sync of the recurring invoices of Elorus into the store
 * (docs/elorus.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For the service, the store's only writer: it needs the store's write API.
 */
#pragma once

#include "rs-elorus-client.h"
#include "rs-store-writer.h"

G_BEGIN_DECLS

/* The store setting holding Elorus's `modified` (Unix time) of the newest invoice of the last
 * successful sync: where the next one starts (modified_after). */
#define RS_ELORUS_LAST_SUCCESS_KEY "elorus-last-success"

typedef struct
{
  guint      added;
  guint      updated;
  guint      unchanged;
  guint      ended;      /* sales whose invoice is gone from Elorus */
  guint      refused;    /* invoices that could not be read */
  GPtrArray *problems;   /* sentences: each refusal and each next_execution we disagree with */
} RsElorusSyncReport;

void     rs_elorus_sync_report_clear (RsElorusSyncReport *report);

/* Lists what changed since the last success, reads each of those invoices whole, adds or
 * updates its sale (each in a transaction of its own: an interrupted sync leaves whole sales,
 * and the next one resumes), and ends the sales whose invoice is gone upstream. With
 * @dry_run, counts what it would do and writes nothing. FALSE with the first error that
 * stopped it; @report still says what was done until then. */
gboolean rs_elorus_sync_run          (RsStore             *store,
                                      RsElorusClient      *client,
                                      GTimeZone           *zone,
                                      gboolean             dry_run,
                                      RsElorusSyncReport  *report,
                                      GCancellable        *cancellable,
                                      GError             **error);

G_END_DECLS
