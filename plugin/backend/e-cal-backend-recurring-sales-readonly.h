/* e-cal-backend-recurring-sales-readonly.h: what a read-only projection answers besides reads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libedata-cal/libedata-cal.h>

G_BEGIN_DECLS

/* The static capabilities, comma-separated (CLIENT_BACKEND_PROPERTY_CAPABILITIES). */
const char *e_cal_backend_recurring_sales_capabilities (void);

/* Sets the methods of @klass that do not read sales: writes are refused with a message that
 * says how to change a sale, dismissing a reminder succeeds, free/busy is always free,
 * timezones are kept in the backend's cache. */
void        e_cal_backend_recurring_sales_readonly_install (ECalBackendSyncClass *klass);

G_END_DECLS
