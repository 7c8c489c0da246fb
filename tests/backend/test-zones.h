/* test-zones.h: the zones of the in-process query tests, as the backend would give them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedataserver/libedataserver.h>

G_BEGIN_DECLS

/* EDS resolves a query's zone through the backend, an ETimezoneCache; this one answers with
 * libical's built-in zones, as the backend's would. */
#define TEST_TYPE_ZONES (test_zones_get_type ())
G_DECLARE_FINAL_TYPE (TestZones, test_zones, TEST, ZONES, GObject)

TestZones *test_zones_new (void);

G_END_DECLS
