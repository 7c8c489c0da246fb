/* e-source-recurring-sales.c: the [Recurring Sales] settings of a calendar source
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * ESource turns each property flagged E_SOURCE_PARAM_SETTING into a key of the group
 * (show-invoices → ShowInvoices, e_source_parameter_to_key ()), so the properties are the
 * whole file format. The registry, the calendar factory and every client read the same
 * .source file from their own threads: the text property is guarded by the extension's
 * property lock, as EDS's own extensions do.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "e-source-recurring-sales.h"

struct _ESourceRecurringSales
{
  ESourceExtension parent_instance;

  gboolean show_invoices;
  gboolean show_expiries;
  gboolean show_notices;
  char    *client_filter;
};

enum {
  PROP_0,
  PROP_SHOW_INVOICES,
  PROP_SHOW_EXPIRIES,
  PROP_SHOW_NOTICES,
  PROP_CLIENT_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ESourceRecurringSales, e_source_recurring_sales, E_TYPE_SOURCE_EXTENSION)

static void
e_source_recurring_sales_get_property (GObject    *object,
                                       guint       property_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  ESourceRecurringSales *self = E_SOURCE_RECURRING_SALES (object);

  switch (property_id)
    {
    case PROP_SHOW_INVOICES:
      g_value_set_boolean (value, e_source_recurring_sales_get_show_invoices (self));
      break;
    case PROP_SHOW_EXPIRIES:
      g_value_set_boolean (value, e_source_recurring_sales_get_show_expiries (self));
      break;
    case PROP_SHOW_NOTICES:
      g_value_set_boolean (value, e_source_recurring_sales_get_show_notices (self));
      break;
    case PROP_CLIENT_FILTER:
      g_value_take_string (value, e_source_recurring_sales_dup_client_filter (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, property_id, pspec);
    }
}

static void
e_source_recurring_sales_set_property (GObject      *object,
                                       guint         property_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  ESourceRecurringSales *self = E_SOURCE_RECURRING_SALES (object);

  switch (property_id)
    {
    case PROP_SHOW_INVOICES:
      e_source_recurring_sales_set_show_invoices (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_EXPIRIES:
      e_source_recurring_sales_set_show_expiries (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_NOTICES:
      e_source_recurring_sales_set_show_notices (self, g_value_get_boolean (value));
      break;
    case PROP_CLIENT_FILTER:
      e_source_recurring_sales_set_client_filter (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, property_id, pspec);
    }
}

static void
e_source_recurring_sales_finalize (GObject *object)
{
  ESourceRecurringSales *self = E_SOURCE_RECURRING_SALES (object);

  g_clear_pointer (&self->client_filter, g_free);

  G_OBJECT_CLASS (e_source_recurring_sales_parent_class)->finalize (object);
}

static void
e_source_recurring_sales_class_init (ESourceRecurringSalesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ESourceExtensionClass *extension_class = E_SOURCE_EXTENSION_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                            G_PARAM_STATIC_STRINGS | E_SOURCE_PARAM_SETTING;

  object_class->get_property = e_source_recurring_sales_get_property;
  object_class->set_property = e_source_recurring_sales_set_property;
  object_class->finalize = e_source_recurring_sales_finalize;

  extension_class->name = E_SOURCE_EXTENSION_RECURRING_SALES;

  properties[PROP_SHOW_INVOICES] =
    g_param_spec_boolean ("show-invoices", NULL, NULL, TRUE, flags);
  properties[PROP_SHOW_EXPIRIES] =
    g_param_spec_boolean ("show-expiries", NULL, NULL, TRUE, flags);
  properties[PROP_SHOW_NOTICES] =
    g_param_spec_boolean ("show-notices", NULL, NULL, TRUE, flags);
  properties[PROP_CLIENT_FILTER] =
    g_param_spec_string ("client-filter", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
e_source_recurring_sales_init (ESourceRecurringSales *self)
{
}

gboolean
e_source_recurring_sales_get_show_invoices (ESourceRecurringSales *extension)
{
  g_return_val_if_fail (E_IS_SOURCE_RECURRING_SALES (extension), FALSE);

  return extension->show_invoices;
}

static void
set_boolean (ESourceRecurringSales *extension,
             gboolean              *field,
             gboolean               value,
             guint                  property_id)
{
  value = !!value;
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (extension), properties[property_id]);
}

void
e_source_recurring_sales_set_show_invoices (ESourceRecurringSales *extension,
                                            gboolean               show_invoices)
{
  g_return_if_fail (E_IS_SOURCE_RECURRING_SALES (extension));

  set_boolean (extension, &extension->show_invoices, show_invoices, PROP_SHOW_INVOICES);
}

gboolean
e_source_recurring_sales_get_show_expiries (ESourceRecurringSales *extension)
{
  g_return_val_if_fail (E_IS_SOURCE_RECURRING_SALES (extension), FALSE);

  return extension->show_expiries;
}

void
e_source_recurring_sales_set_show_expiries (ESourceRecurringSales *extension,
                                            gboolean               show_expiries)
{
  g_return_if_fail (E_IS_SOURCE_RECURRING_SALES (extension));

  set_boolean (extension, &extension->show_expiries, show_expiries, PROP_SHOW_EXPIRIES);
}

gboolean
e_source_recurring_sales_get_show_notices (ESourceRecurringSales *extension)
{
  g_return_val_if_fail (E_IS_SOURCE_RECURRING_SALES (extension), FALSE);

  return extension->show_notices;
}

void
e_source_recurring_sales_set_show_notices (ESourceRecurringSales *extension,
                                           gboolean               show_notices)
{
  g_return_if_fail (E_IS_SOURCE_RECURRING_SALES (extension));

  set_boolean (extension, &extension->show_notices, show_notices, PROP_SHOW_NOTICES);
}

char *
e_source_recurring_sales_dup_client_filter (ESourceRecurringSales *extension)
{
  char *client_filter;

  g_return_val_if_fail (E_IS_SOURCE_RECURRING_SALES (extension), NULL);

  e_source_extension_property_lock (E_SOURCE_EXTENSION (extension));
  client_filter = g_strdup (extension->client_filter);
  e_source_extension_property_unlock (E_SOURCE_EXTENSION (extension));

  return client_filter;
}

void
e_source_recurring_sales_set_client_filter (ESourceRecurringSales *extension,
                                            const char            *client_filter)
{
  g_return_if_fail (E_IS_SOURCE_RECURRING_SALES (extension));

  e_source_extension_property_lock (E_SOURCE_EXTENSION (extension));

  if (g_strcmp0 (extension->client_filter, client_filter) == 0)
    {
      e_source_extension_property_unlock (E_SOURCE_EXTENSION (extension));
      return;
    }

  g_free (extension->client_filter);
  /* e_util_strdup_strip (): NULL for "" and for blanks, so that "no filter" has one form. */
  extension->client_filter = e_util_strdup_strip (client_filter);

  e_source_extension_property_unlock (E_SOURCE_EXTENSION (extension));

  g_object_notify_by_pspec (G_OBJECT (extension), properties[PROP_CLIENT_FILTER]);
}
