/* eds-autocleanups.h: g_autoptr() for the EDS types the backend and its tests use
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * EDS 3.46 defines cleanup functions for libedataserver and libebackend types, not for the
 * calendar libraries; G_DECLARE_FINAL_TYPE () needs them for the parent types too. meson
 * defines RS_HAVE_EDS_AUTOPTR when libecal provides them itself.
 */
#pragma once

#include <libebackend/libebackend.h>
#include <libecal/libecal.h>
#include <libedata-cal/libedata-cal.h>

#include <recurring-sales/rs-autocleanups.h>

#ifndef RS_HAVE_EDS_AUTOPTR
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ECalBackendFactory, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ECalBackendSync, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ECalBackendSExp, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ECalClient, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ECalClientView, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ECalComponent, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ECalComponentId, e_cal_component_id_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EReminderWatcher, g_object_unref)
#endif
