/* eds-test-util.h: a private session bus with a real EDS, the build tree's modules and service
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libecal/libecal.h>

#include "eds-autocleanups.h"
#include <recurring-sales/rs-sale.h>
#include "rs-test-eds.h"

G_BEGIN_DECLS

#define EDS_TEST_DEFAULT_UID     "recurring-sales"
#define EDS_TEST_SERVICE_NAME    RS_TEST_SERVICE_NAME
/* Long enough for a slow machine under sanitizers; tests that time things say so. */
#define EDS_TEST_TIMEOUT_MS      30000

typedef struct {
  RsTestSession    session;       /* HOME, XDG directories, the bus, logs */
  GSubprocess     *registry;
  GSubprocess     *factory;
  ESourceRegistry *sources;
  gint64           started_at;    /* real time in seconds, before the registry started */
} EdsTest;

typedef struct {
  /* LC_ALL and LANGUAGE of the registry, which names the default calendar (NULL: as the test). */
  const char *registry_locale;
  const char *registry_language;
} EdsTestOptions;

/* g_test_init (); then, unless this build cannot run EDS (rs_test_eds_skip_if_sanitized ():
 * FALSE, after a TAP plan that skips everything), the locale and the core's translations.
 * Call it first in main (). */
gboolean     eds_test_init              (int                  *argc,
                                         char               ***argv);
/* Puts HOME and the XDG directories in a new temporary directory (rs_test_session_init ():
 * before anything reads them), starts a dbus-daemon whose services directories can activate
 * the registry, the calendar factory and the build tree's recurring-sales-service, then the
 * registry and the factory with EDS_EXTRA_PREFIXES pointing at the staged modules, and waits
 * for their bus names and for the default calendar source. */
void         eds_test_start             (EdsTest              *self,
                                         const EdsTestOptions *options);
/* Stops the factory, the registry, the service and the bus (by PID), removes the directory
 * unless RS_TEST_KEEP is set. */
void         eds_test_stop              (EdsTest              *self);
/* Starts the registry again (after it was killed). */
void         eds_test_restart_registry  (EdsTest              *self,
                                         const EdsTestOptions *options);

/* The source @uid, waiting for it to appear (fails after EDS_TEST_TIMEOUT_MS). */
ESource     *eds_test_ref_source        (EdsTest              *self,
                                         const char           *uid);
ECalClient  *eds_test_connect           (EdsTest              *self,
                                         const char           *uid);

/* Calls of the service's D-Bus API (activating it when needed). */
GVariant    *eds_test_call              (EdsTest              *self,
                                         const char           *method,
                                         GVariant             *parameters,
                                         const char           *reply_type,
                                         GError              **error);
/* The same, with no reply type, asserting success. */
void         eds_test_call_ok           (EdsTest              *self,
                                         const char           *method,
                                         GVariant             *parameters);
/* AddSale of @sale (a{sv}, consumed when floating); the new uid. */
char        *eds_test_add_sale          (EdsTest              *self,
                                         GVariant             *sale);
/* A sale dictionary: @client, "Hosting", 120.00 EUR, @period from @start, plus @extra keys
 * (a GVariant text format dictionary such as "{'count': <@u 3>}", or NULL). */
GVariant    *eds_test_sale_dict         (const char           *client,
                                         const char           *period,
                                         const char           *start,
                                         const char           *extra);
/* GetSale, as an RsSale of the test process (for computing what the calendar must show). */
RsSale      *eds_test_get_sale          (EdsTest              *self,
                                         const char           *uid);
/* The sale @uid as the store has it (read-only, as the backend reads it); NULL when absent. */
RsSale      *eds_test_read_sale         (EdsTest              *self,
                                         const char           *uid);
/* The revision of the sale @uid as the store has it (for UpdateSale's compare-and-swap). */
guint64      eds_test_sale_revision     (EdsTest              *self,
                                         const char           *uid);
guint64      eds_test_service_revision  (EdsTest              *self);
/* Waits until @client's calendar reflects the service's revision (what the calendar factory
 * has read of the store); fails the test after EDS_TEST_TIMEOUT_MS. */
void         eds_test_wait_for_client   (EdsTest              *self,
                                         ECalClient           *client);
/* The PID of the running service, 0 when none runs. */
GPid         eds_test_service_pid       (EdsTest              *self);
GPid         eds_test_factory_pid       (EdsTest              *self);
/* Starts the service if it does not run (Peer.Ping, answered once it owns its name). */
void         eds_test_ping_service      (EdsTest              *self);
/* Kills the service (starting it first if needed) with SIGKILL and waits until its name is
 * gone. */
void         eds_test_kill_service      (EdsTest              *self);

/* A UTC midnight as the S-expression time "20270131T000000Z"; newly allocated. */
char        *eds_test_make_time         (const GDate          *date);

/* Expected components, as the backend must show them: the projection of @sale, keyed
 * "uid" or "uid@YYYYMMDD" (detached instances) → iCalendar text. */
GHashTable  *eds_test_projection_by_id  (RsSale               *sale);
/* The UID of @sale's component of @kind ("<sale-uid>-invoice" …). */
char        *eds_test_component_uid     (RsSale               *sale,
                                         RsReminderKind        kind);
/* The same key for a component the calendar returned. */
char        *eds_test_component_key     (ICalComponent        *component);

G_END_DECLS
