/* rs-service-elorus.h: the service's Elorus syncs (rs-service-elorus.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RsService RsService;
typedef struct _RsServiceElorus RsServiceElorus;

/* The syncs' state, and the timer of the setting elorus-sync-interval (not started yet). */
RsServiceElorus *rs_service_elorus_new         (RsService       *service);
void             rs_service_elorus_free        (RsServiceElorus *elorus);
/* Syncs every elorus-sync-interval seconds while someone is logged in. */
void             rs_service_elorus_start_timer (RsServiceElorus *elorus);
/* A sync runs, or the timer will start one for a login it knows of. */
gboolean         rs_service_elorus_has_syncs_ahead (RsServiceElorus *elorus);

G_END_DECLS
