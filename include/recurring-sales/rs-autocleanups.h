/* rs-autocleanups.h: g_autoptr() for libical-glib types, which 3.0 does not define itself
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libical-glib/libical-glib.h>

/* meson defines RS_HAVE_ICAL_AUTOPTR when libical-glib already provides these. */
#ifndef RS_HAVE_ICAL_AUTOPTR
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalComponent, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalProperty, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalParameter, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalTime, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalDuration, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalRecurrence, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalRecurIterator, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalTrigger, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalDatetimeperiod, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalTimezone, g_object_unref)
#endif
