/* rs-cli-team-calendar.c: `recurring-sales team-calendar`: the user's writable calendars, and
 * which one the service keeps the team's events in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Like `settings`, this command does not ask the service: the choice is the GSettings key
 * team-calendar (an ESource UID), which the service watches. The calendars are Evolution's
 * (ESourceRegistry): a calendar is offered only when EDS opens it writable, because the
 * service could not publish into any other. Our own calendars (backend "recurring-sales") are
 * never offered: publishing the sales into the calendar that shows them would show them twice.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libecal/libecal.h>
#include <string.h>

#include "rs-cli.h"
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>

#define TEAM_CALENDAR_KEY "team-calendar"
/* The backend name of our own calendars (plugin/backend). */
#define OUR_BACKEND_NAME "recurring-sales"

static gboolean
is_ours (ESource *source)
{
  ESourceBackend *extension = e_source_get_extension (source, E_SOURCE_EXTENSION_CALENDAR);

  return g_strcmp0 (e_source_backend_get_backend_name (extension), OUR_BACKEND_NAME) == 0;
}

/* Whether EDS opens @source for writing: the only sure way, since read-only is a property
 * of the open calendar (a webcal, a birthdays calendar, a CalDAV collection without write
 * rights), not of its ESource. */
static gboolean
opens_writable (ESource  *source,
                GError  **error)
{
  g_autoptr(EClient) client = NULL;

  /* (guint32) -1: do not wait for the network; a positive value blocks the whole time in a
   * program without a main loop. */
  client = e_cal_client_connect_sync (source, E_CAL_CLIENT_SOURCE_TYPE_EVENTS, (guint32) -1,
                                      NULL, error);
  if (client == NULL)
    return FALSE;

  return !e_client_is_readonly (client);
}

/* The display name with its account's, as Evolution lists it: "Team CalDAV: Office". */
static char *
describe_source (ESourceRegistry *registry,
                 ESource         *source)
{
  const char *parent_uid = e_source_get_parent (source);
  g_autoptr(ESource) parent = NULL;

  if (parent_uid != NULL)
    parent = e_source_registry_ref_source (registry, parent_uid);
  if (parent != NULL && e_source_get_display_name (parent) != NULL &&
      *e_source_get_display_name (parent) != '\0' &&
      g_strcmp0 (e_source_get_display_name (parent), e_source_get_display_name (source)) != 0)
    return g_strdup_printf ("%s: %s", e_source_get_display_name (parent),
                            e_source_get_display_name (source));

  return g_strdup (e_source_get_display_name (source));
}

static int
compare_sources (gconstpointer a,
                 gconstpointer b)
{
  ESource *source_a = *(ESource * const *) a;
  ESource *source_b = *(ESource * const *) b;

  return g_utf8_collate (e_source_get_display_name (source_a),
                         e_source_get_display_name (source_b));
}

/* The enabled calendars EDS opens writable, ours left out, by display name. */
static GPtrArray *
list_writable (ESourceRegistry *registry)
{
  GList *sources = e_source_registry_list_enabled (registry, E_SOURCE_EXTENSION_CALENDAR);
  GPtrArray *writable = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *link = sources; link != NULL; link = link->next)
    {
      ESource *source = link->data;
      g_autoptr(GError) error = NULL;

      if (is_ours (source))
        continue;
      if (opens_writable (source, &error))
        g_ptr_array_add (writable, g_object_ref (source));
      else if (error != NULL)
        g_debug ("Calendar %s left out: %s", e_source_get_uid (source), error->message);
    }
  g_list_free_full (sources, g_object_unref);

  g_ptr_array_sort (writable, compare_sources);
  return writable;
}

/* @uid names a calendar the service can publish into; else a sentence for the user. */
static gboolean
check_calendar (ESourceRegistry  *registry,
                const char       *uid,
                GError          **error)
{
  g_autoptr(ESource) source = e_source_registry_ref_source (registry, uid);
  g_autoptr(GError) open_error = NULL;
  g_autofree char *shown = rs_cli_shown (uid);

  if (source == NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_NOT_FOUND,
                   /* Translators: %s is a calendar identifier; keep `recurring-sales
                    * team-calendar` */
                   _("There is no calendar with the identifier %s. “recurring-sales team-calendar” lists the calendars you can choose."),
                   shown);
      return FALSE;
    }

  if (!e_source_has_extension (source, E_SOURCE_EXTENSION_CALENDAR))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is an identifier of an Evolution source */
                   _("%s is not a calendar (it is an address book, a mail account or another source)."),
                   shown);
      return FALSE;
    }

  if (is_ours (source))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a calendar identifier */
                   _("%s is a calendar of recurring sales itself; choose a calendar the team shares."),
                   shown);
      return FALSE;
    }

  if (!e_source_get_enabled (source))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a calendar identifier */
                   _("The calendar %s is turned off in Evolution; turn it on first."), shown);
      return FALSE;
    }

  if (!opens_writable (source, &open_error))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a calendar identifier */
                   _("The calendar %s cannot be written to (it is read-only, or its server cannot be reached now)."),
                   shown);
      return FALSE;
    }

  return TRUE;
}

gboolean
rs_cli_team_calendar_check (const char  *uid,
                            GError     **error)
{
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autoptr(GError) registry_error = NULL;

  registry = e_source_registry_new_sync (NULL, &registry_error);
  if (registry == NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is an error message of Evolution Data Server */
                   _("Evolution’s calendars cannot be read: %s"), registry_error->message);
      return FALSE;
    }

  return check_calendar (registry, uid, error);
}

static int
show_calendars (ESourceRegistry *registry,
                GSettings       *settings,
                gboolean         json)
{
  g_autoptr(GPtrArray) calendars = list_writable (registry);
  g_autofree char *chosen = g_settings_get_string (settings, TEAM_CALENDAR_KEY);
  g_autoptr(RsCliTable) table = NULL;

  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < calendars->len; i++)
        {
          ESource *source = g_ptr_array_index (calendars, i);
          JsonObject *object = json_object_new ();
          g_autofree char *name = describe_source (registry, source);

          json_object_set_string_member (object, "uid", e_source_get_uid (source));
          json_object_set_string_member (object, "name", name);
          json_object_set_boolean_member (object, "chosen",
                                          g_str_equal (chosen, e_source_get_uid (source)));
          json_array_add_object_element (array, object);
        }
      json_node_take_array (node, array);
      rs_cli_print_json (node);
      return RS_CLI_EXIT_OK;
    }

  if (calendars->len == 0)
    {
      /* Translators: `recurring-sales team-calendar` when there is nothing to choose */
      g_print ("%s\n", _("You have no writable calendar to share with your team. Add your team’s CalDAV calendar in Evolution (File → New → Calendar, type CalDAV) and run this command again."));
      return RS_CLI_EXIT_OK;
    }

  /* Translators: the headings of `recurring-sales team-calendar`; the first column marks the
   * chosen calendar */
  table = rs_cli_table_new (_("Team"), _("Identifier"), _("Calendar"), NULL);
  /* Identifiers are typed back as they are: never shortened. */
  rs_cli_table_set_column (table, 1, FALSE, TRUE);
  for (guint i = 0; i < calendars->len; i++)
    {
      ESource *source = g_ptr_array_index (calendars, i);
      g_autofree char *name = describe_source (registry, source);

      rs_cli_table_add_row (table, (const char *[]) {
        g_str_equal (chosen, e_source_get_uid (source)) ? "*" : "",
        e_source_get_uid (source),
        name,
      });
    }
  rs_cli_table_print (table, rs_cli_output_width ());

  if (*chosen == '\0')
    /* Translators: under the list of `recurring-sales team-calendar`; keep the command */
    g_print ("%s\n", _("No team calendar is chosen. Choose one with: recurring-sales team-calendar IDENTIFIER"));
  else
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < calendars->len; i++)
        listed |= g_str_equal (chosen, e_source_get_uid (g_ptr_array_index (calendars, i)));
      if (!listed)
        {
          g_autofree char *shown = rs_cli_shown (chosen);

          g_print (/* Translators: %s is a calendar identifier */
                   _("The chosen team calendar %s is not among them now (removed, turned off or read-only); the service keeps its events pending until it is back."),
                   shown);
          g_print ("\n");
        }
    }

  return RS_CLI_EXIT_OK;
}

static gboolean
write_choice (GSettings   *settings,
              const char  *uid,
              GError     **error)
{
  if (!g_settings_is_writable (settings, TEAM_CALENDAR_KEY))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   _("The setting %s is locked and cannot be changed."), TEAM_CALENDAR_KEY);
      return FALSE;
    }
  if (!rs_cli_settings_check_saved (settings, error))
    return FALSE;
  if (!g_settings_set_string (settings, TEAM_CALENDAR_KEY, uid))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   _("The setting %s is locked and cannot be changed."), TEAM_CALENDAR_KEY);
      return FALSE;
    }
  /* dconf writes in the background: the change must be out before the command exits. */
  g_settings_sync ();
  return TRUE;
}

int
rs_cli_team_calendar (const char  *command,
                      int          argc,
                      char       **argv)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(ESourceRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  gboolean off = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "off", 0, 0, G_OPTION_ARG_NONE, &off,
      /* Translators: help of --off in `recurring-sales team-calendar --help` */
      N_("Stop keeping the sales in a team calendar"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      /* Translators: help of --json in `recurring-sales team-calendar --help` */
      N_("Print the calendars as JSON"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command,
                             /* Translators: the arguments of `recurring-sales team-calendar`, in
                              * its --help */
                             _("[IDENTIFIER]"),
                             /* Translators: the summary of `recurring-sales team-calendar --help` */
                             _("Lists your writable Evolution calendars and marks the team calendar, where the service keeps the invoices, expiries and notice deadlines of the coming months for your team. With IDENTIFIER, chooses that calendar; with --off, none."),
                             entries, &argc, &argv))
    return RS_CLI_EXIT_USAGE;

  if (argc > 2)
    {
      g_autofree char *shown = rs_cli_shown (argv[2]);

      return rs_cli_usage (command, _("The argument “%s” is not expected here."), shown);
    }
  if (argc == 2 && !g_utf8_validate (argv[1], -1, NULL))
    {
      g_autofree char *shown = rs_cli_shown (argv[1]);

      return rs_cli_usage (command, _("The argument “%s” is not valid UTF-8 text."), shown);
    }
  if (off && argc == 2)
    /* Translators: a usage error of `recurring-sales team-calendar`; keep --off */
    return rs_cli_usage (command, "%s", _("Give either a calendar or --off, not both."));
  if (json && (off || argc == 2))
    /* Translators: a usage error of `recurring-sales team-calendar`; keep --json */
    return rs_cli_usage (command, "%s", _("--json lists the calendars; it does not go with a choice."));

  schema = rs_defaults_lookup_schema ();
  if (schema == NULL || !g_settings_schema_has_key (schema, TEAM_CALENDAR_KEY))
    {
      g_set_error (&error, RS_ERROR, RS_ERROR_FAILED,
                   _("The settings schema %s is not installed."), RS_SETTINGS_SCHEMA_ID);
      return rs_cli_refused (error);
    }
  settings = g_settings_new_full (schema, NULL, NULL);

  if (off)
    {
      if (!write_choice (settings, "", &error))
        return rs_cli_refused (error);
      /* Translators: after `recurring-sales team-calendar --off` */
      g_print ("%s\n", _("No team calendar: the events already there stay as they are, and no more are kept up to date."));
      return RS_CLI_EXIT_OK;
    }

  registry = e_source_registry_new_sync (NULL, &error);
  if (registry == NULL)
    {
      g_autoptr(GError) refused = g_error_new (RS_ERROR, RS_ERROR_FAILED,
                                               _("Evolution’s calendars cannot be read: %s"),
                                               error->message);
      return rs_cli_refused (refused);
    }

  if (argc == 1)
    return show_calendars (registry, settings, json);

  if (!check_calendar (registry, argv[1], &error) || !write_choice (settings, argv[1], &error))
    return rs_cli_refused (error);

  {
    g_autoptr(ESource) source = e_source_registry_ref_source (registry, argv[1]);
    g_autofree char *name = describe_source (registry, source);

    /* Translators: after `recurring-sales team-calendar ID`; %s is the calendar's name */
    g_print (_("The team calendar is now “%s”. The service puts the coming invoices, expiries and notice deadlines there."),
             name);
    g_print ("\n");
  }
  return RS_CLI_EXIT_OK;
}
