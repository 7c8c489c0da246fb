/* store-tool.c: sets up a store's state for a test through the store's own write API, so that
 * no test writes SQL into a store (not installed; never run while the service has the store)
 *
 *   store-tool STORE forget-delivery UID KIND LEAD_DAYS DATE
 *   store-tool STORE set-setting KEY VALUE
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-types.h>
#include "rs-store-writer.h"

/* Forgets one ledger record, as if the service had died before writing it. A record that is not
 * there is an error: a set-up that changes nothing would let the test pass for the wrong reason. */
static gboolean
forget_delivery (RsStore  *store,
                 char    **args,
                 GError  **error)
{
  g_autoptr(RsDeliveryRecord) record = NULL;
  RsReminderKind kind;
  guint64 lead_days;
  GDate occurrence;

  if (!rs_reminder_kind_from_string (args[1], &kind))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a kind of reminder.", args[1]);
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (args[2], 10, 0, G_MAXUINT, &lead_days, error) ||
      !rs_date_parse (args[3], "The occurrence date", &occurrence, error))
    return FALSE;

  record = rs_store_get_delivery (store, args[0], kind, (guint) lead_days, &occurrence, error);
  if (record == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RS_ERROR, RS_ERROR_NOT_FOUND,
                     "The ledger has no %s reminder %s days before %s for the sale %s.",
                     args[1], args[2], args[3], args[0]);
      return FALSE;
    }

  return rs_store_delete_delivery (store, args[0], kind, (guint) lead_days, &occurrence, error);
}

static gboolean
set_setting (RsStore  *store,
             char    **args,
             GError  **error)
{
  gint64 value;

  return g_ascii_string_to_signed (args[1], 10, G_MININT64, G_MAXINT64, &value, error) &&
         rs_store_set_setting_int (store, args[0], value, error);
}

static const struct {
  const char *name;
  guint       n_args;
  gboolean  (*run) (RsStore *store, char **args, GError **error);
} commands[] = {
  { "forget-delivery", 4, forget_delivery },
  { "set-setting", 2, set_setting },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(RsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *help = NULL;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("STORE COMMAND ARGUMENTS… — set up a store for a test");
  g_option_context_set_description (context,
                                    "Commands:\n"
                                    "  forget-delivery UID KIND LEAD_DAYS DATE\n"
                                    "  set-setting KEY VALUE\n");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("store-tool: %s\n", error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; argc >= 3 && i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[2], commands[i].name))
        continue;

      if ((guint) argc - 3 != commands[i].n_args)
        break;

      /* A store that is not there is a mistake in the test, not one to create. */
      if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
        {
          g_printerr ("store-tool: there is no store %s\n", argv[1]);
          return EXIT_FAILURE;
        }

      store = rs_store_open_sync (argv[1], NULL, &error);
      if (store == NULL || !commands[i].run (store, argv + 3, &error))
        {
          g_printerr ("store-tool: %s\n", error->message);
          return EXIT_FAILURE;
        }
      return EXIT_SUCCESS;
    }

  help = g_option_context_get_help (context, TRUE, NULL);
  g_printerr ("%s", help);
  return EXIT_FAILURE;
}
