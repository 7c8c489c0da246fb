/* rs-cli-import-export.c: `import`, `export`, `backup` and `restore`: sales in and out of files
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <recurring-sales/rs-csv.h>

#include "rs-cli.h"

/* The service refuses more anyway; reading stops here so that a wrong file (a disk image given
 * by mistake) does not fill the memory first. */
#define MAX_IMPORT_BYTES (64 * 1024 * 1024)

/* "The file sales.csv could not be read: No such file or directory.": our sentence, naming
 * the file as the user typed it, with the system's reason in the user's language (the C
 * library's). GIO's and GLib's own sentences may be half English under another language, and
 * name a temporary file the user never heard of. */
static void
set_file_error (GError     **error,
                const char  *path,
                gboolean     writing,
                int          saved_errno)
{
  g_autofree char *shown = rs_cli_shown (path);
  const char *reason = saved_errno != 0 ? g_strerror (saved_errno) : NULL;

  if (writing && reason != NULL)
    /* Translators: %1$s is a file name, %2$s the system's reason */
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("The file %1$s could not be written: %2$s."), shown, reason);
  else if (writing)
    /* Translators: %s is a file name */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The file %s could not be written."),
                 shown);
  else
    /* Translators: %1$s is a file name, or “-” for the standard input; %2$s the system's
     * reason */
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("The file %1$s could not be read: %2$s."), shown, reason);
}

/* The errno behind a GLib file error: g_file_set_contents_full () keeps only its class. */
static int
file_error_to_errno (const GError *error)
{
  static const struct {
    GFileError code;
    int        errno_value;
  } known[] = {
    { G_FILE_ERROR_EXIST, EEXIST }, { G_FILE_ERROR_ISDIR, EISDIR },
    { G_FILE_ERROR_ACCES, EACCES }, { G_FILE_ERROR_NAMETOOLONG, ENAMETOOLONG },
    { G_FILE_ERROR_NOENT, ENOENT }, { G_FILE_ERROR_NOTDIR, ENOTDIR },
    { G_FILE_ERROR_ROFS, EROFS }, { G_FILE_ERROR_LOOP, ELOOP },
    { G_FILE_ERROR_NOSPC, ENOSPC }, { G_FILE_ERROR_NOMEM, ENOMEM },
    { G_FILE_ERROR_IO, EIO }, { G_FILE_ERROR_PERM, EPERM },
  };

  for (guint i = 0; error->domain == G_FILE_ERROR && i < G_N_ELEMENTS (known); i++)
    {
      if (error->code == (int) known[i].code)
        return known[i].errno_value;
    }

  return 0;
}

static gboolean
read_input (const char  *path,
            char       **out_data,
            gsize       *out_length,
            GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  gboolean from_stdin = g_strcmp0 (path, "-") == 0;
  guint8 buffer[64 * 1024];
  int fd = from_stdin ? STDIN_FILENO : g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      set_file_error (error, path, FALSE, errno);
      return FALSE;
    }

  for (;;)
    {
      gssize n_read = read (fd, buffer, sizeof buffer);

      if (n_read < 0 && errno == EINTR)
        continue;
      if (n_read < 0)
        {
          /* A folder opens, and says what it is when read. */
          set_file_error (error, path, FALSE, errno);
          if (!from_stdin)
            close (fd);
          return FALSE;
        }
      if (n_read == 0)
        break;
      if (bytes->len + n_read > MAX_IMPORT_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       /* Translators: %d is a number of megabytes */
                       _("The file is larger than %d MB; split it into smaller files."),
                       MAX_IMPORT_BYTES / (1024 * 1024));
          if (!from_stdin)
            close (fd);
          return FALSE;
        }
      g_byte_array_append (bytes, buffer, (guint) n_read);
    }
  if (!from_stdin)
    close (fd);

  *out_length = bytes->len;
  /* A final zero makes the data a string. */
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  *out_data = (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
  return TRUE;
}

/* The connection for calls that carry every sale, or a whole file of them: they may take longer
 * than D-Bus's usual 25 seconds. */
static RsDBusRecurringSales1 *
connect_for_long_calls (GError **error)
{
  RsDBusRecurringSales1 *proxy = rs_cli_connect (error);

  if (proxy != NULL)
    g_dbus_proxy_set_default_timeout (G_DBUS_PROXY (proxy), RS_CLI_LONG_TIMEOUT_MS);
  return proxy;
}

/* From the extension, or else from the content: a JSON export starts with "{", a calendar with
 * BEGIN:VCALENDAR. */
static const char *
guess_format (const char *path,
              const char *data)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  const char *p = data;

  if (g_str_has_suffix (lower, ".json"))
    return "json";
  if (g_str_has_suffix (lower, ".csv"))
    return "csv";
  if (g_str_has_suffix (lower, ".ics") || g_str_has_suffix (lower, ".ical") ||
      g_str_has_suffix (lower, ".ifb") || g_str_has_suffix (lower, ".icalendar"))
    return "ics";

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;

  if (g_ascii_strncasecmp (p, "BEGIN:VCALENDAR", strlen ("BEGIN:VCALENDAR")) == 0)
    return "ics";
  return *p == '{' || *p == '[' ? "json" : "csv";
}

/* Prints each problem; returns how many rows they are on. */
static guint
print_problems (GVariant *problems)
{
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);
  GVariantIter iter;
  GVariant *problem;

  g_variant_iter_init (&iter, problems);
  while ((problem = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *column = NULL, *message = "";
      guint32 line = 0;

      g_variant_lookup (problem, "line", "u", &line);
      g_variant_lookup (problem, "column", "&s", &column);
      g_variant_lookup (problem, "message", "&s", &message);
      if (line > 0)
        g_hash_table_add (lines, GUINT_TO_POINTER (line));
      rs_cli_print_import_problem (line, column, message);
      g_variant_unref (problem);
    }

  return g_hash_table_size (lines);
}

/* How many sales were added, were there already, were refused. */
static void
print_summary (guint added,
               guint existing,
               guint refused)
{
  /* Translators: the first part of the summary of an import; %u is a number of sales */
  g_autofree char *added_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added",
                                                              "%u added", added), added);
  /* Translators: the second part of the summary of an import: how many sales of the file
   * the user had already, which were not added again */
  g_autofree char *existing_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%u already there",
                                                                 "%u already there", existing),
                                                    existing);
  /* Translators: the third part of the summary of an import: how many rows had problems */
  g_autofree char *refused_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u refused",
                                                                "%u refused", refused), refused);

  /* Translators: the summary of an import, such as “2 added, 0 already there, 0 refused.”;
   * %1$s, %2$s and %3$s are the parts above, in this order */
  g_print (_("%1$s, %2$s, %3$s."), added_text, existing_text, refused_text);
  g_print ("\n");
}

int
rs_cli_import (const char  *command,
               int          argc,
               char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *data = NULL;
  g_autofree char *columns_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *help_columns = rs_cli_describe_import_columns ();
  g_autoptr(GHashTable) columns = NULL;
  const char *data_format;
  GVariantDict options;
  gboolean allow_duplicates = FALSE;
  const char *end;
  gsize length;
  guint added = 0, existing = 0;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      /* Translators: help of --format in `recurring-sales import --help` */
      N_("csv, json or ics (default: from the file name or its content)"),
      /* Translators: a placeholder for the value of --format in --help */
      N_("FORMAT") },
    { "allow-duplicates", 0, 0, G_OPTION_ARG_NONE, &allow_duplicates,
      /* Translators: help of --allow-duplicates in `recurring-sales import --help` */
      N_("Add a sale even when one with the same client, service, start, period, amount and "
         "currency is already there"), NULL },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &columns_text,
      /* Translators: help of --columns in `recurring-sales import --help` */
      N_("What the CSV file's own headers are, like \"Client=client,Price=amount\""),
      /* Translators: a placeholder for the value of --columns in --help */
      N_("HEADER=COLUMN,…") },
    { NULL }
  };

  summary = g_strdup_printf ("%s\n\n%s",
                             /* Translators: the summary of `recurring-sales import --help`; keep --allow-duplicates and export --format ics */
                             _("Adds the sales of a CSV or JSON file, or of a calendar written by export --format ics (“-”: the standard input). A sale already there (the same uid, or the same client, service, start, period, amount and currency) is not added again, unless you give --allow-duplicates. All or nothing: a file with a problem adds no sale."),
                             help_columns);
  /* Translators: the argument of `recurring-sales import` */
  if (!rs_cli_parse_options (command, _("FILE"), summary, entries, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales import` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the file to import, or “-” for the standard input.")))
    return RS_CLI_EXIT_USAGE;

  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "json") &&
      !g_str_equal (format, "ics"))
    /* Translators: %s is what the user typed */
    return rs_cli_usage (command, _("The format “%s” is not one of csv, json or ics."), format);
  if (columns_text != NULL)
    {
      columns = rs_csv_columns_parse (columns_text, &error);
      if (columns == NULL)
        return rs_cli_usage_error (command, error);
    }

  if (!read_input (argv[1], &data, &length, &error))
    return rs_cli_refused (error);
  /* D-Bus carries text only: say which file and line are wrong rather than fail in the
   * middle. */
  if (!g_utf8_validate (data, (gssize) length, &end))
    {
      guint line = 1;

      for (const char *p = data; p < end; p++)
        line += *p == '\n';
      /* Translators: %1$s is a file name, or “-”; %2$u a line number */
      g_printerr (_("The file %1$s is not UTF-8 text: line %2$u has a byte that is not UTF-8. "
                    "Save the file as UTF-8 and import it again."), argv[1], line);
      g_printerr ("\n");
      return RS_CLI_EXIT_REFUSED;
    }

  data_format = format != NULL ? format : guess_format (argv[1], data);
  if (columns != NULL && !g_str_equal (data_format, "csv"))
    /* Translators: a usage error of `recurring-sales import`; keep --columns */
    return rs_cli_usage (command, "%s", _("--columns is for CSV files."));
  if (g_str_equal (data_format, "csv"))
    {
      char *json = rs_cli_csv_to_json (data, length, columns);

      if (json == NULL)
        return RS_CLI_EXIT_REFUSED;
      g_free (data);
      data = json;
      data_format = "json";
    }
  else if (g_str_equal (data_format, "ics"))
    {
      /* The sales our calendar export carries; the service imports them as JSON. */
      char *json = rs_cli_ics_to_json (data, length, &error);

      if (json == NULL)
        {
          rs_cli_refused (error);
          /* Translators: after the problem of a file that was refused whole */
          g_printerr ("%s\n", _("Nothing was imported."));
          return RS_CLI_EXIT_REFUSED;
        }
      g_free (data);
      data = json;
      data_format = "json";
    }

  g_variant_dict_init (&options, NULL);
  if (allow_duplicates)
    g_variant_dict_insert (&options, "allow_duplicates", "b", TRUE);

  proxy = connect_for_long_calls (&error);
  if (proxy == NULL ||
      !rs_dbus_recurring_sales1_call_import_sales_sync (proxy,
                                                        data_format, data, g_variant_dict_end (&options),
                                                        &added, &existing, &problems, NULL,
                                                        &error))
    return rs_cli_refused (error);

  if (g_variant_n_children (problems) > 0)
    {
      guint n_rows = print_problems (problems);

      rs_cli_print_import_refused ((guint) g_variant_n_children (problems), n_rows);
      return RS_CLI_EXIT_REFUSED;
    }

  print_summary (added, existing, 0);
  return RS_CLI_EXIT_OK;
}

/* Replaces @path with @data through a temporary file and a rename, readable by the user
 * alone: a reader never sees half a file, and a crash leaves the old one. */
static gboolean
write_output (const char  *path,
              const char  *data,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf info;

  /* rename () would replace a symbolic link rather than write through it; saying so is
   * better than a surprise either way. */
  if (g_lstat (path, &info) == 0 && S_ISLNK (info.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s is a file name */
                   _("The file %s is a symbolic link; nothing was written."), path);
      return FALSE;
    }

  if (!g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      set_file_error (error, path, TRUE, file_error_to_errno (local_error));
      return FALSE;
    }

  return TRUE;
}

int
rs_cli_export (const char  *command,
               int          argc,
               char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *data = NULL;
  gboolean excel = FALSE;
  const GOptionEntry entries[] = {
    /* Translators: help of --format in `recurring-sales export --help` */
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("ics, csv or json"), N_("FORMAT") },
    { "excel", 0, 0, G_OPTION_ARG_NONE, &excel,
      /* Translators: help of --excel in `recurring-sales export --help` */
      N_("With --format csv: for a spreadsheet in your locale (a BOM, “;” where amounts have a "
         "decimal comma, dates as your language writes them)"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      /* Translators: help of --output in `recurring-sales export --help` */
      N_("Write to this file instead of the standard output"), N_("FILE") },
    { NULL }
  };

  if (!rs_cli_parse_options (command, NULL,
                             /* Translators: the summary of `recurring-sales export --help` */
                             _("Writes every sale as iCalendar (the calendar’s events), CSV or JSON (for import)."),
                             entries, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, 0, ""))
    return RS_CLI_EXIT_USAGE;

  if (format == NULL)
    return rs_cli_usage (command, _("The option %s is required."), "--format");
  if (!g_str_equal (format, "ics") && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    /* Translators: %s is what the user typed */
    return rs_cli_usage (command, _("The format “%s” is not one of ics, csv or json."), format);

  if (excel && !g_str_equal (format, "csv"))
    /* Translators: a usage error of `recurring-sales export`; keep --excel and --format csv */
    return rs_cli_usage (command, "%s", _("--excel is for --format csv."));

  /* The service writes the plain forms and the bare calendar; the locale's forms, and the
   * calendar that carries its sales, are written here from its exact JSON. */
  proxy = connect_for_long_calls (&error);
  if (proxy == NULL ||
      !rs_dbus_recurring_sales1_call_export_sync (proxy,
                                                  excel || g_str_equal (format, "ics") ? "json"
                                                                                       : format,
                                                  &data, NULL, &error))
    return rs_cli_refused (error);
  if (excel || g_str_equal (format, "ics"))
    {
      char *converted = excel ? rs_cli_json_to_excel (data, &error)
                              : rs_cli_json_to_ics (data, &error);

      if (converted == NULL)
        return rs_cli_refused (error);
      g_free (data);
      data = converted;
    }

  if (output == NULL || g_str_equal (output, "-"))
    {
      fputs (data, stdout);
      return fflush (stdout) == 0 ? RS_CLI_EXIT_OK : RS_CLI_EXIT_REFUSED;
    }

  if (!write_output (output, data, &error))
    return rs_cli_refused (error);

  return RS_CLI_EXIT_OK;
}

int
rs_cli_backup (const char  *command,
               int          argc,
               char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (!rs_cli_parse_options (command, _("FILE"),
                             /* Translators: the summary of `recurring-sales backup --help`; FILE is its argument */
                             _("Writes a consistent copy of the store into FILE, readable by you alone."),
                             NULL, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales backup` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the file to write the backup into.")))
    return RS_CLI_EXIT_USAGE;

  /* The service runs in another directory: it needs the whole path. */
  path = g_canonicalize_filename (argv[1], NULL);

  proxy = connect_for_long_calls (&error);
  if (proxy == NULL ||
      !rs_dbus_recurring_sales1_call_backup_sync (proxy, path, NULL, &error))
    return rs_cli_refused (error);

  return RS_CLI_EXIT_OK;
}

/* How many sales there are now, or G_MAXUINT when the service cannot say (a list too large for
 * one message); @out_unusable tells that the store cannot be used at all. */
static guint
count_current_sales (RsDBusRecurringSales1 *proxy,
                     gboolean              *out_unusable)
{
  g_autoptr(GVariant) sales = NULL;
  g_autoptr(GError) error = NULL;

  *out_unusable = FALSE;
  if (!rs_dbus_recurring_sales1_call_list_sales_sync (proxy, g_variant_new ("a{sv}", NULL),
                                                      &sales, NULL, &error))
    {
      *out_unusable = rs_cli_error_is_remote (error, "StoreUnusable");
      return G_MAXUINT;
    }

  return (guint) g_variant_n_children (sales);
}

/* Asks on the terminal; TRUE when the user answered yes in their language. */
static gboolean
confirm_restore (const char *path,
                 guint       n_sales)
{
  g_autofree char *shown = rs_cli_printable (path, FALSE);

  if (n_sales == G_MAXUINT)
    /* Translators: a question on the terminal; %s is a file. Keep the answers in brackets
     * those that your language's yes/no expressions accept, with the default (no) in
     * capitals. */
    g_print (_("Replace all your sales with the sales of %s? [y/N] "), shown);
  else
    /* Translators: a question on the terminal; %u is a number of sales, %s a file. Keep the
     * answers in brackets those that your language's yes/no expressions accept, with the
     * default (no) in capitals. */
    g_print (g_dngettext (GETTEXT_PACKAGE, "Replace your %u sale with the sales of %s? [y/N] ",
                          "Replace your %u sales with the sales of %s? [y/N] ", n_sales),
             n_sales, shown);
  return rs_cli_read_yes ();
}

int
rs_cli_restore (const char  *command,
                int          argc,
                char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *undo_path = NULL;
  g_autofree char *shown = NULL;
  gboolean yes = FALSE;
  gboolean unusable;
  guint n_sales;
  const GOptionEntry entries[] = {
    /* Translators: help of --yes in `recurring-sales restore --help` */
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Replace the sales without asking"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command, _("FILE"),
                             /* Translators: the summary of `recurring-sales restore --help`; FILE is its argument, keep --yes and before-restore.db */
                             _("Replaces every sale, with its reminders and marks, by those of the backup FILE (written by the backup command, or one of the daily backups). The sales as they are now are kept in before-restore.db in the backups folder. When you have sales, it asks first on a terminal; otherwise give --yes."),
                             entries, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales restore` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the backup file to restore.")))
    return RS_CLI_EXIT_USAGE;

  /* The service runs in another directory: it needs the whole path. */
  path = g_canonicalize_filename (argv[1], NULL);
  shown = rs_cli_printable (path, FALSE);

  proxy = connect_for_long_calls (&error);
  if (proxy == NULL)
    return rs_cli_refused (error);

  /* A restore replaces every sale: with none, nothing can be lost, so nothing is asked; nor
   * when the store cannot be used, since the service keeps its file aside. */
  n_sales = count_current_sales (proxy, &unusable);
  if (!yes && !unusable)
    {
      if (n_sales > 0 && !isatty (STDIN_FILENO))
        {
          /* A script that forgot --yes must not hang on a question nobody reads. */
          if (n_sales == G_MAXUINT)
            /* Translators: `recurring-sales restore` in a script; keep --yes */
            g_printerr ("%s", _("Nothing was restored: a restore replaces all your sales; "
                                "give --yes to replace them."));
          else
            g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                     /* Translators: `recurring-sales restore` in a script; %u
                                      * is a number of sales; keep --yes */
                                     "Nothing was restored: a restore replaces your %u sale; "
                                     "give --yes to replace it.",
                                     "Nothing was restored: a restore replaces your %u sales; "
                                     "give --yes to replace them.", n_sales), n_sales);
          g_printerr ("\n");
          return RS_CLI_EXIT_REFUSED;
        }

      if (n_sales > 0 && !confirm_restore (path, n_sales))
        {
          /* Translators: the user answered no to the question before restoring */
          g_printerr ("%s\n", _("Nothing was restored."));
          return RS_CLI_EXIT_REFUSED;
        }
    }

  if (!rs_dbus_recurring_sales1_call_restore_sync (proxy, path, NULL, &error))
    return rs_cli_refused (error);

  /* Translators: after a restore; %s is the backup file */
  g_print (_("Restored the sales of %s."), shown);
  g_print ("\n");
  if (unusable)
    {
      g_autofree char *folder = g_build_filename (g_get_user_data_dir (),
                                                  "evolution-recurring-sales", NULL);

      /* Translators: after a restore that replaced a store that could not be used; %s is a
       * folder; keep the file name pattern as it is */
      g_print (_("The store that could not be used was kept in %s as sales-unusable-….db."),
               folder);
      g_print ("\n");
      return RS_CLI_EXIT_OK;
    }

  /* Where the service keeps the sales as they were (the same user's data folder). */
  undo_path = g_build_filename (g_get_user_data_dir (), "evolution-recurring-sales", "backups",
                                "before-restore.db", NULL);
  /* Translators: after a restore; %s is a file, and the command to type must stay as it is */
  g_print (_("To undo it: recurring-sales restore %s"), undo_path);
  g_print ("\n");
  return RS_CLI_EXIT_OK;
}
