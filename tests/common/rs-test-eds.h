/* rs-test-eds.h: the real EDS in a test's private session — its programs from EDS's own
 * libexecdir, the registry started by the test, sources waited for
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedataserver/libedataserver.h>

#include "rs-test-bus.h"

G_BEGIN_DECLS

#define RS_TEST_REGISTRY_NAME "org.gnome.evolution.dataserver.Sources5"
#define RS_TEST_CALENDAR_NAME "org.gnome.evolution.dataserver.Calendar8"

/* TRUE (after printing a TAP plan that skips everything) when this build cannot run EDS: with
 * AddressSanitizer the modules need its runtime preloaded into EDS's uninstrumented
 * processes, and the registry then hangs at start in bindtextdomain () (a known ASan
 * interceptor problem with LD_PRELOAD, llvm/llvm-project#49223). Call it first in main (). */
gboolean     rs_test_eds_skip_if_sanitized (void);

/* EDS's program @name ("evolution-calendar-factory") in EDS's libexecdir; newly allocated. */
char        *rs_test_eds_program           (const char      *name);
/* .service files in @services_dir with which the bus can activate the registry and the
 * calendar factory. */
void         rs_test_eds_write_services    (const char      *services_dir);

/* Starts evolution-source-registry (its log is log/registry.log) with LC_ALL and LANGUAGE
 * set to @locale and @language (NULL: as the test's), and waits for its bus name. Write the
 * .source files first: the registry batches the folder's events for seconds. */
GSubprocess *rs_test_eds_start_registry    (RsTestSession   *session,
                                            const char      *locale,
                                            const char      *language);

/* The source @uid, waiting for it to appear (fails after @timeout_ms). */
ESource     *rs_test_eds_ref_source        (ESourceRegistry *registry,
                                            const char      *uid,
                                            guint            timeout_ms);

G_END_DECLS
