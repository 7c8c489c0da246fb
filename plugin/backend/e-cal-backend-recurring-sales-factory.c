/* e-cal-backend-recurring-sales-factory.c: the calendar factory's entry into the module
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * evolution-calendar-factory loads every module of its calendar-backends directory, calls
 * e_module_load (), and creates an ECalBackendRecurringSales for each source whose
 * [Calendar] BackendName is "recurring-sales".
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-cal-backend-recurring-sales.h"
#include "e-source-recurring-sales.h"
#include "eds-autocleanups.h"
#include <recurring-sales/rs-format.h>

#define E_TYPE_CAL_BACKEND_RECURRING_SALES_FACTORY \
  (e_cal_backend_recurring_sales_factory_get_type ())
G_DECLARE_FINAL_TYPE (ECalBackendRecurringSalesFactory, e_cal_backend_recurring_sales_factory,
                      E, CAL_BACKEND_RECURRING_SALES_FACTORY, ECalBackendFactory)

struct _ECalBackendRecurringSalesFactory
{
  ECalBackendFactory parent_instance;
};

/* The factory class tells EDS which module it came from, so the module stays loaded while a
 * backend of it exists. */
static EModule *e_module;

G_DEFINE_DYNAMIC_TYPE_EXTENDED (ECalBackendRecurringSalesFactory,
                                e_cal_backend_recurring_sales_factory,
                                E_TYPE_CAL_BACKEND_FACTORY, G_TYPE_FLAG_FINAL, {})

static void
e_cal_backend_recurring_sales_factory_class_init (ECalBackendRecurringSalesFactoryClass *klass)
{
  EBackendFactoryClass *backend_factory_class = E_BACKEND_FACTORY_CLASS (klass);
  ECalBackendFactoryClass *factory_class = E_CAL_BACKEND_FACTORY_CLASS (klass);

  backend_factory_class->e_module = e_module;
  /* Cheap and read-only: all calendars of this kind can share one subprocess (-b 1). */
  backend_factory_class->share_subprocess = TRUE;

  factory_class->factory_name = E_CAL_BACKEND_RECURRING_SALES_NAME;
  factory_class->component_kind = I_CAL_VEVENT_COMPONENT;
  factory_class->backend_type = E_TYPE_CAL_BACKEND_RECURRING_SALES;
}

static void
e_cal_backend_recurring_sales_factory_class_finalize (ECalBackendRecurringSalesFactoryClass *klass)
{
}

static void
e_cal_backend_recurring_sales_factory_init (ECalBackendRecurringSalesFactory *self)
{
}

G_MODULE_EXPORT void e_module_load   (GTypeModule *type_module);
G_MODULE_EXPORT void e_module_unload (GTypeModule *type_module);

/* May run more than once (EModule loads again after an unuse): everything here must be
 * idempotent, which g_type_module_register_type () and g_type_ensure () are. */
G_MODULE_EXPORT void
e_module_load (GTypeModule *type_module)
{
  rs_i18n_init ();

  e_module = E_MODULE (type_module);
  g_type_ensure (E_TYPE_SOURCE_RECURRING_SALES);
  e_cal_backend_recurring_sales_factory_register_type (type_module);
}

G_MODULE_EXPORT void
e_module_unload (GTypeModule *type_module)
{
  e_module = NULL;
}
