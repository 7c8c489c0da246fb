/* test-zones.c: the zones of the in-process query tests, as the backend would give them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <libecal/libecal.h>

#include "test-zones.h"

struct _TestZones
{
  GObject parent_instance;
};

static ICalTimezone *
test_zones_get_timezone (ETimezoneCache *cache,
                         const char     *tzid)
{
  return i_cal_timezone_get_builtin_timezone (tzid);
}

static void
test_zones_add_timezone (ETimezoneCache *cache,
                         ICalTimezone   *zone)
{
}

static GList *
test_zones_list_timezones (ETimezoneCache *cache)
{
  return NULL;
}

static void
test_zones_interface_init (ETimezoneCacheInterface *iface)
{
  iface->tzcache_get_timezone = test_zones_get_timezone;
  iface->tzcache_add_timezone = test_zones_add_timezone;
  iface->tzcache_list_timezones = test_zones_list_timezones;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestZones, test_zones, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (E_TYPE_TIMEZONE_CACHE,
                                                      test_zones_interface_init))

static void
test_zones_class_init (TestZonesClass *klass)
{
}

static void
test_zones_init (TestZones *self)
{
}

TestZones *
test_zones_new (void)
{
  return g_object_new (TEST_TYPE_ZONES, NULL);
}
