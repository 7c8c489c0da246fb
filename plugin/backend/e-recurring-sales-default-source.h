/* e-recurring-sales-default-source.h: the Recurring Sales calendar every user gets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libebackend/libebackend.h>

#include "eds-autocleanups.h"

G_BEGIN_DECLS

#define E_TYPE_RECURRING_SALES_DEFAULT_SOURCE (e_recurring_sales_default_source_get_type ())
G_DECLARE_FINAL_TYPE (ERecurringSalesDefaultSource, e_recurring_sales_default_source,
                      E, RECURRING_SALES_DEFAULT_SOURCE, EExtension)

/* Registers the extension of the registry server in @type_module (idempotent). */
void e_recurring_sales_default_source_type_register (GTypeModule *type_module);

G_END_DECLS
