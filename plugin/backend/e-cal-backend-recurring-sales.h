/* e-cal-backend-recurring-sales.h: the recurring-sales calendar backend
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedata-cal/libedata-cal.h>

#include "eds-autocleanups.h"

G_BEGIN_DECLS

/* The backend name in a source's [Calendar] BackendName, and the fixed UID of the calendar
 * source that is created for every user. */
#define E_CAL_BACKEND_RECURRING_SALES_NAME        "recurring-sales"
#define E_CAL_BACKEND_RECURRING_SALES_DEFAULT_UID "recurring-sales"

#define E_TYPE_CAL_BACKEND_RECURRING_SALES (e_cal_backend_recurring_sales_get_type ())
G_DECLARE_FINAL_TYPE (ECalBackendRecurringSales, e_cal_backend_recurring_sales,
                      E, CAL_BACKEND_RECURRING_SALES, ECalBackendSync)

G_END_DECLS
