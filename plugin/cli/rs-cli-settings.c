/* rs-cli-settings.c: `recurring-sales settings`: every setting with its value; set one, or give
 * it back its default
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Unlike the other commands this one does not ask the service: the settings are the user's
 * GSettings (schema io.github.recurring_sales), which the service and the calendar backend read
 * each time they need them. A value is checked as GSettings checks it (type, range, choices)
 * and then as the programs that read it would (a time of day, lead days a sale can have, a
 * one-line name): nothing is written that a reader would ignore with a warning.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rs-cli.h"
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-email.h>
#include <recurring-sales/rs-reminder-rule.h>
#include <recurring-sales/rs-sale.h>

/* A name that signs letters; longer is a paste gone wrong. */
#define MAX_BUSINESS_NAME_CHARS 200

/* The order of docs/settings.md; the keys of a newer schema follow, sorted. */
static const char * const documented_keys[] = {
  "invoice-lead-days", "expiry-lead-days", "notice-lead-days", "reminder-time",
  "draft-by-default", "notice-days", "client-delivery", "catch-up-days", "business-name",
  "backup-count", "team-addresses", "team-delivery", "team-calendar", "team-calendar-months",
  "elorus-sync-interval", NULL,
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_keys (GSettingsSchema *schema)
{
  g_auto(GStrv) names = g_settings_schema_list_keys (schema);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; documented_keys[i] != NULL; i++)
    {
      if (g_settings_schema_has_key (schema, documented_keys[i]))
        g_ptr_array_add (keys, g_strdup (documented_keys[i]));
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!g_strv_contains (documented_keys, names[i]))
        g_ptr_array_add (others, g_strdup (names[i]));
    }
  g_ptr_array_sort (others, compare_names);
  for (guint i = 0; i < others->len; i++)
    g_ptr_array_add (keys, g_strdup (g_ptr_array_index (others, i)));

  return keys;
}

/* Showing */

/* A value as the user reads it, and may type it back. */
static char *
format_value (GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    /* Translators: the value of an on/off setting in `recurring-sales settings`; the command
     * also accepts this word when it is typed back */
    return g_strdup (g_variant_get_boolean (value) ? C_("setting", "yes") : C_("setting", "no"));

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return g_strdup_printf ("%u", g_variant_get_uint32 (value));

  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("au")))
    {
      gsize n_days = 0;
      const guint32 *days = g_variant_get_fixed_array (value, &n_days, sizeof (guint32));
      GString *text;

      if (n_days == 0)
        /* Translators: the value of a list of reminder days that is empty, in `recurring-sales
         * settings`; the command also accepts this word when it is typed back */
        return g_strdup (C_("setting", "none"));

      text = g_string_new (NULL);
      for (gsize i = 0; i < n_days; i++)
        g_string_append_printf (text, i > 0 ? ", %u" : "%u", days[i]);
      return g_string_free (text, FALSE);
    }

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return g_variant_dup_string (value, NULL);

  /* The team's addresses, as they are typed: "anna@x.gr, nikos@x.gr". */
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **addresses = g_variant_get_strv (value, NULL);

      if (addresses[0] == NULL)
        return g_strdup (C_("setting", "none"));
      return g_strjoinv (", ", (char **) addresses);
    }

  return g_variant_print (value, FALSE);
}

/* What the schema allows beyond the type: "from 0 to 30", "draft, send, off"; NULL if nothing. */
static char *
describe_range (GSettingsSchemaKey *key)
{
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
  g_autoptr(GVariant) allowed = NULL;
  const char *kind;

  g_variant_get (range, "(&sv)", &kind, &allowed);

  if (g_str_equal (kind, "range") && g_variant_is_of_type (allowed, G_VARIANT_TYPE ("(uu)")))
    {
      guint32 min, max;

      g_variant_get (allowed, "(uu)", &min, &max);
      /* Translators: the values a setting allows; %1$u and %2$u are numbers */
      return g_strdup_printf (_("from %1$u to %2$u"), min, max);
    }

  if (g_str_equal (kind, "enum") && g_variant_is_of_type (allowed, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **choices = g_variant_get_strv (allowed, NULL);

      return g_strjoinv (", ", (char **) choices);
    }

  return NULL;
}

static int
show_all (GSettings       *settings,
          GSettingsSchema *schema,
          gboolean         json)
{
  g_autoptr(GPtrArray) keys = list_keys (schema);
  g_autoptr(RsCliTable) table = NULL;

  if (json)
    {
      JsonObject *object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      for (guint i = 0; i < keys->len; i++)
        {
          const char *name = g_ptr_array_index (keys, i);
          g_autoptr(GVariant) value = g_settings_get_value (settings, name);

          json_object_set_member (object, name, json_gvariant_serialize (value));
        }
      json_node_take_object (node, object);
      rs_cli_print_json (node);
      return RS_CLI_EXIT_OK;
    }

  /* Translators: the headings of `recurring-sales settings` */
  table = rs_cli_table_new (_("Setting"), _("Value"), _("What it is"), NULL);
  /* Names are typed back as they are: never shortened. */
  rs_cli_table_set_column (table, 0, FALSE, TRUE);
  rs_cli_table_keep_whole (table, 1);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = g_ptr_array_index (keys, i);
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, name);
      g_autoptr(GVariant) value = g_settings_get_value (settings, name);
      g_autofree char *text = format_value (value);
      const char *summary = g_settings_schema_key_get_summary (key);

      rs_cli_table_add_row (table, (const char *[]) {
        name,
        /* Translators: the value of a text setting that is empty, in `recurring-sales
         * settings` */
        *text != '\0' ? text : _("(empty)"),
        summary != NULL ? summary : "",
      });
    }

  rs_cli_table_print (table, RS_CLI_TABLE_WIDTH);
  return RS_CLI_EXIT_OK;
}

static int
show_one (GSettings       *settings,
          GSettingsSchema *schema,
          const char      *name,
          gboolean         json)
{
  g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, name);
  g_autoptr(GVariant) value = g_settings_get_value (settings, name);
  g_autoptr(GVariant) default_value = g_settings_schema_key_get_default_value (key);
  g_autofree char *text = format_value (value);
  g_autofree char *default_text = format_value (default_value);
  g_autofree char *range = describe_range (key);
  const char *summary = g_settings_schema_key_get_summary (key);
  const char *description = g_settings_schema_key_get_description (key);

  if (json)
    {
      JsonObject *object = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_member (object, name, json_gvariant_serialize (value));
      json_node_take_object (node, object);
      rs_cli_print_json (node);
      return RS_CLI_EXIT_OK;
    }

  g_print ("%s: %s\n", name, *text != '\0' ? text : _("(empty)"));
  if (summary != NULL)
    g_print ("%s\n", summary);
  if (description != NULL)
    g_print ("%s\n", description);
  /* Translators: in `recurring-sales settings KEY`; %s is the value the setting has when
   * nobody set it */
  g_print (_("Default: %s"), *default_text != '\0' ? default_text : _("(empty)"));
  g_print ("\n");
  if (range != NULL)
    {
      /* Translators: in `recurring-sales settings KEY`; %s is “from 0 to 30” or a list of
       * words */
      g_print (_("Allowed: %s"), range);
      g_print ("\n");
    }

  return RS_CLI_EXIT_OK;
}

/* Reading what the user typed */

/* @text without case and accents: Greek capitals drop the accent ("ΟΧΙ" is "όχι"). */
static char *
fold_word (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  g_autoptr(GString) bare = g_string_new (NULL);

  if (decomposed == NULL)
    return g_strdup ("");

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }

  return g_utf8_casefold (bare->str, -1);
}

static gboolean
matches_word (const char *text,
              const char *word)
{
  g_autofree char *folded_text = fold_word (text);
  g_autofree char *folded_word = fold_word (word);

  return g_strcmp0 (folded_text, folded_word) == 0;
}

static GVariant *
parse_boolean (const char  *name,
               const char  *text,
               GError     **error)
{
  static const char * const yes_words[] = { "yes", "true", "on", "1" };
  static const char * const no_words[] = { "no", "false", "off", "0" };
  g_autofree char *shown = NULL;

  /* The English words, GSettings's own, and the user's language's. */
  for (guint i = 0; i < G_N_ELEMENTS (yes_words); i++)
    {
      if (g_ascii_strcasecmp (text, yes_words[i]) == 0)
        return g_variant_new_boolean (TRUE);
      if (g_ascii_strcasecmp (text, no_words[i]) == 0)
        return g_variant_new_boolean (FALSE);
    }
  if (matches_word (text, C_("setting", "yes")))
    return g_variant_new_boolean (TRUE);
  if (matches_word (text, C_("setting", "no")))
    return g_variant_new_boolean (FALSE);

  shown = rs_cli_shown (text);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a setting, %2$s what was given; %3$s and %4$s are the
                * words yes and no of `recurring-sales settings` */
               _("The value “%2$s” of %1$s is not %3$s or %4$s."),
               name, shown, C_("setting", "yes"), C_("setting", "no"));
  return NULL;
}

static GVariant *
parse_uint (GSettingsSchemaKey  *key,
            const char          *name,
            const char          *text,
            GError             **error)
{
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
  g_autoptr(GVariant) allowed = NULL;
  guint min = 0, max = G_MAXUINT32, value;
  const char *kind;

  g_variant_get (range, "(&sv)", &kind, &allowed);
  if (g_str_equal (kind, "range") && g_variant_is_of_type (allowed, G_VARIANT_TYPE ("(uu)")))
    g_variant_get (allowed, "(uu)", &min, &max);

  if (!rs_cli_parse_uint (text, name, min, max, &value, error))
    return NULL;

  return g_variant_new_uint32 (value);
}

/* The lists of days of the schema are lead days of reminders: each at most
 * RS_REMINDER_MAX_LEAD_DAYS, none twice, and no more than a new sale can take, as
 * rs_defaults_load () expects. "30,7", "30, 7" and GSettings's "[30, 7]" all do. */
static GVariant *
parse_lead_days (const char  *name,
                 const char  *text,
                 GError     **error)
{
  g_autofree char *inner = g_strstrip (g_strdup (text));
  g_autoptr(GArray) days = NULL;
  size_t length = strlen (inner);

  if (length >= 2 && inner[0] == '[' && inner[length - 1] == ']')
    {
      inner[length - 1] = '\0';
      memmove (inner, inner + 1, length - 1);
      g_strstrip (inner);
    }

  if (*inner == '\0' || g_ascii_strcasecmp (inner, "none") == 0 ||
      matches_word (inner, C_("setting", "none")))
    return g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, NULL, 0, sizeof (guint32));

  days = rs_cli_parse_lead_days (inner, name, error);
  if (days == NULL)
    return NULL;

  for (guint i = 0; i < days->len; i++)
    for (guint j = 0; j < i; j++)
      if (g_array_index (days, guint, i) == g_array_index (days, guint, j))
        {
          g_autofree char *shown = rs_cli_shown (text);

          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %1$s is what was given, %2$s a setting, %3$u a number */
                       _("The reminder days “%1$s” of %2$s give %3$u twice; give each day once."),
                       shown, name, g_array_index (days, guint, i));
          return NULL;
        }

  if (days->len > RS_SALE_MAX_REMINDERS / 2)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %1$s is a setting, %2$u a number */
                   g_dngettext (GETTEXT_PACKAGE, "%1$s takes at most %2$u reminder day.",
                                "%1$s takes at most %2$u reminder days.", RS_SALE_MAX_REMINDERS / 2),
                   name, RS_SALE_MAX_REMINDERS / 2);
      return NULL;
    }

  return g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, days->data, days->len, sizeof (guint32));
}

/* It signs every e-mail to a client: one line, as a name is. */
static GVariant *
parse_business_name (const char  *text,
                     GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (text));

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        {
          g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                               _("The business name must be one line, without tabs or other control characters."));
          return NULL;
        }
    }

  if (g_utf8_strlen (name, -1) > MAX_BUSINESS_NAME_CHARS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %d is a number of characters */
                   _("The business name is longer than %d characters."), MAX_BUSINESS_NAME_CHARS);
      return NULL;
    }

  return g_variant_new_string (name);
}

static GVariant *
parse_string (const char  *name,
              const char  *text,
              GError     **error)
{
  if (g_str_equal (name, "reminder-time"))
    return rs_parse_time_of_day (text, NULL, error) ? g_variant_new_string (text) : NULL;
  if (g_str_equal (name, "business-name"))
    return parse_business_name (text, error);
  /* The same checks as `recurring-sales team-calendar UID`: the service can publish there. */
  if (g_str_equal (name, "team-calendar") && *text != '\0' &&
      !rs_cli_team_calendar_check (text, error))
    return NULL;

  return g_variant_new_string (text);
}

/* A list of e-mail addresses (team-addresses): "a@x.gr, b@x.gr", each checked; "none" or
 * nothing empties it. */
static GVariant *
parse_addresses (const char  *text,
                 GError     **error)
{
  g_autofree char *inner = g_strstrip (g_strdup (text));
  g_auto(GStrv) addresses = NULL;

  if (*inner == '\0' || g_ascii_strcasecmp (inner, "none") == 0 ||
      matches_word (inner, C_("setting", "none")))
    return g_variant_new_strv (NULL, 0);

  addresses = rs_email_parse_list (inner, RS_SALE_MAX_TEAM, error);
  if (addresses == NULL)
    return NULL;
  return g_variant_new_strv ((const char * const *) addresses, -1);
}

/* The value of @name that @text stands for, checked; NULL with a sentence for the user. */
static GVariant *
parse_value (GSettingsSchemaKey  *key,
             const char          *name,
             const char          *text,
             GError             **error)
{
  const GVariantType *type = g_settings_schema_key_get_value_type (key);
  g_autoptr(GVariant) value = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *range = NULL;

  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    value = parse_boolean (name, text, error);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
    value = parse_uint (key, name, text, error);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE ("au")))
    value = parse_lead_days (name, text, error);
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
    value = parse_string (name, text, error);
  else if (g_str_equal (name, "team-addresses"))
    value = parse_addresses (text, error);
  else
    {
      /* A key of a newer schema: GSettings's own text form, as `gsettings set` takes it. */
      value = g_variant_parse (type, text, NULL, NULL, NULL);
      if (value == NULL)
        {
          g_autofree char *type_text = g_variant_type_dup_string (type);

          shown = rs_cli_shown (text);
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %1$s is a setting, %2$s what was given, %3$s a GVariant
                        * type such as "as" */
                       _("The value “%2$s” of %1$s is not a value of type %3$s."),
                       name, shown, type_text);
        }
    }

  if (value == NULL)
    return NULL;
  g_variant_ref_sink (value);

  /* The schema's own range and choices, as `gsettings set` checks them. */
  if (g_settings_schema_key_range_check (key, value))
    return g_steal_pointer (&value);

  shown = rs_cli_shown (text);
  range = describe_range (key);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a setting, %2$s what was given, %3$s what it allows: a
                * list of words or “from 0 to 30” */
               _("The value “%2$s” of %1$s is not allowed; it takes: %3$s."),
               name, shown, range != NULL ? range : "");
  return NULL;
}

/* Writing */

/* Whether what is written outlives this process: GLib falls back to its memory backend when it
 * has no other (or GSETTINGS_BACKEND=memory says so), and a change there is silently lost. */
gboolean
rs_cli_settings_check_saved (GSettings  *settings,
                             GError    **error)
{
  g_autoptr(GObject) backend = NULL;
  const char *type;

  g_object_get (settings, "backend", &backend, NULL);
  type = backend != NULL ? G_OBJECT_TYPE_NAME (backend) : "";
  if (g_strcmp0 (type, "GMemorySettingsBackend") != 0 && g_strcmp0 (type, "GNullSettingsBackend") != 0)
    return TRUE;

  g_set_error_literal (error, RS_ERROR, RS_ERROR_FAILED,
                       _("Settings cannot be saved in this session: GSettings keeps them in memory only, and they would be lost."));
  return FALSE;
}

static gboolean
check_writable (GSettings   *settings,
                const char  *name,
                GError     **error)
{
  if (!g_settings_is_writable (settings, name))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is a setting */
                   _("The setting %s is locked and cannot be changed."), name);
      return FALSE;
    }

  return rs_cli_settings_check_saved (settings, error);
}

static void
print_now (const char *name,
           GVariant   *value,
           gboolean    reset)
{
  g_autofree char *text = format_value (value);

  if (*text == '\0' && reset)
    /* Translators: %s is a setting whose default is an empty text */
    g_print (_("The setting %s is empty again, its default."), name);
  else if (*text == '\0')
    /* Translators: %s is a setting */
    g_print (_("The setting %s is now empty."), name);
  else if (reset)
    /* Translators: %1$s is a setting, %2$s its value */
    g_print (_("The setting %1$s is back to its default, “%2$s”."), name, text);
  else
    /* Translators: %1$s is a setting, %2$s its value */
    g_print (_("The setting %1$s is now “%2$s”."), name, text);
  g_print ("\n");
}

static int
set_value (GSettings       *settings,
           GSettingsSchema *schema,
           const char      *name,
           const char      *text)
{
  g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, name);
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariant) now = NULL;
  g_autoptr(GError) error = NULL;

  value = parse_value (key, name, text, &error);
  if (value == NULL || !check_writable (settings, name, &error))
    return rs_cli_refused (error);

  if (!g_settings_set_value (settings, name, value))
    {
      g_set_error (&error, RS_ERROR, RS_ERROR_FAILED,
                   _("The setting %s is locked and cannot be changed."), name);
      return rs_cli_refused (error);
    }
  /* dconf writes in the background: the change must be out before the command exits. */
  g_settings_sync ();

  now = g_settings_get_value (settings, name);
  print_now (name, now, FALSE);
  return RS_CLI_EXIT_OK;
}

static int
reset_value (GSettings  *settings,
             const char *name)
{
  g_autoptr(GVariant) now = NULL;
  g_autoptr(GError) error = NULL;

  if (!check_writable (settings, name, &error))
    return rs_cli_refused (error);

  g_settings_reset (settings, name);
  g_settings_sync ();

  now = g_settings_get_value (settings, name);
  print_now (name, now, TRUE);
  return RS_CLI_EXIT_OK;
}

/* The command */

static gboolean
check_key (GSettingsSchema  *schema,
           const char       *name,
           GError          **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *list = NULL;

  if (g_settings_schema_has_key (schema, name))
    return TRUE;

  keys = list_keys (schema);
  g_ptr_array_add (keys, NULL);
  list = g_strjoinv (", ", (char **) keys->pdata);
  shown = rs_cli_shown (name);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is what was given, %2$s the list of settings */
               _("“%1$s” is not a setting. The settings are: %2$s."), shown, list);
  return FALSE;
}

int
rs_cli_settings (const char  *command,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  gboolean reset = FALSE;
  gboolean json = FALSE;
  int n_arguments;
  const GOptionEntry entries[] = {
    { "reset", 0, 0, G_OPTION_ARG_NONE, &reset,
      /* Translators: help of --reset in `recurring-sales settings --help` */
      N_("Give the setting back its default value"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      /* Translators: help of --json in `recurring-sales settings --help` */
      N_("Print the settings as JSON"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command,
                             /* Translators: the arguments of `recurring-sales settings`, in its
                              * --help; keep KEY and VALUE short */
                             _("[KEY [VALUE]]"),
                             /* Translators: the summary of `recurring-sales settings --help` */
                             _("Shows every setting with its value. With KEY and VALUE, sets one; with KEY and --reset, gives it back its default."),
                             entries, &argc, &argv))
    return RS_CLI_EXIT_USAGE;

  /* GOption leaves the "--" that lets a value start with a dash ("-- -1"). */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        {
          memmove (&argv[i], &argv[i + 1], (size_t) (argc - i) * sizeof (char *));
          argc--;
          break;
        }
    }

  /* argv[0] is the command itself. */
  n_arguments = argc - 1;
  if (n_arguments > 2)
    {
      g_autofree char *shown = rs_cli_shown (argv[3]);

      return rs_cli_usage (command, _("The argument “%s” is not expected here."), shown);
    }
  for (int i = 1; i < argc; i++)
    {
      if (!g_utf8_validate (argv[i], -1, NULL))
        {
          g_autofree char *shown = rs_cli_shown (argv[i]);

          return rs_cli_usage (command, _("The argument “%s” is not valid UTF-8 text."), shown);
        }
    }
  if (reset && n_arguments != 1)
    /* Translators: a usage error of `recurring-sales settings`; keep --reset */
    return rs_cli_usage (command, "%s", _("Give --reset one setting, like: recurring-sales settings business-name --reset."));
  if (json && n_arguments == 2)
    /* Translators: a usage error of `recurring-sales settings`; keep --json */
    return rs_cli_usage (command, "%s", _("--json shows the settings; it does not go with a value to set."));

  schema = rs_defaults_lookup_schema ();
  if (schema == NULL)
    {
      g_set_error (&error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of the GSettings schema */
                   _("The settings schema %s is not installed."), RS_SETTINGS_SCHEMA_ID);
      return rs_cli_refused (error);
    }
  if (n_arguments >= 1 && !check_key (schema, argv[1], &error))
    return rs_cli_refused (error);

  settings = g_settings_new_full (schema, NULL, NULL);

  if (n_arguments == 0)
    return show_all (settings, schema, json);
  if (reset)
    return reset_value (settings, argv[1]);
  if (n_arguments == 1)
    return show_one (settings, schema, argv[1], json);
  return set_value (settings, schema, argv[1], argv[2]);
}
