/* rs-cli-deliveries.c: `recurring-sales deliveries`: the ledger of client reminders — what was
 * put in Drafts, sent, is still pending, was missed or cancelled
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-types.h>

/* The service's own bound on a ledger listing: a typo of a few zeros is caught before the call. */
#define MAX_LIMIT 100000
#define COLUMN_GAP "  "
#define DETAIL_INDENT 2
/* A column that gives up room is never narrower than this, and names share a shortage down to
 * SHRINK_FIRST_WIDTH before the others give any (as in rs-cli-output.c). */
#define MIN_COLUMN_WIDTH 6
#define SHRINK_FIRST_WIDTH 10

typedef struct {
  char     *state;
  char     *from;
  char     *to;
  char     *limit;
  gboolean  json;
} DeliveriesOptions;

static void
deliveries_options_clear (DeliveriesOptions *options)
{
  g_free (options->state);
  g_free (options->from);
  g_free (options->to);
  g_free (options->limit);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DeliveriesOptions, deliveries_options_clear)

static GVariant *
make_filter (DeliveriesOptions  *options,
             const char         *uid,
             GError            **error)
{
  g_auto(GVariantBuilder) filter = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  RsDeliveryState state;
  GDate from, to;
  char iso[11];
  guint limit;

  if (uid != NULL)
    g_variant_builder_add (&filter, "{sv}", "uid", g_variant_new_string (uid));

  if (options->state != NULL)
    {
      /* Checked here so that a typo is a usage error (exit 2) before any call. */
      if (!rs_delivery_state_parse (options->state, &state, error))
        return NULL;
      /* The service compares the stable name; "Pending" is what the user may type. */
      g_variant_builder_add (&filter, "{sv}", "state",
                             g_variant_new_string (rs_delivery_state_to_string (state)));
    }

  /* Translators: names the field in an error such as “The first day 2027-02-30 is not a valid date.” */
  if (options->from != NULL &&
      !rs_date_parse_local (options->from, _("The first day"), NULL, &from, error))
    return NULL;
  /* Translators: names the field in an error such as “The last day 2027-02-30 is not a valid date.” */
  if (options->to != NULL &&
      !rs_date_parse_local (options->to, _("The last day"), NULL, &to, error))
    return NULL;
  if (options->from != NULL && options->to != NULL && g_date_compare (&to, &from) < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: %1$s and %2$s are dates as the user typed them */
                   _("The last day %1$s falls before the first day %2$s."),
                   options->to, options->from);
      return NULL;
    }
  /* The service reads YYYY-MM-DD, whichever way the user wrote the dates. */
  if (options->from != NULL)
    {
      rs_date_to_iso_buf (&from, iso);
      g_variant_builder_add (&filter, "{sv}", "from", g_variant_new_string (iso));
    }
  if (options->to != NULL)
    {
      rs_date_to_iso_buf (&to, iso);
      g_variant_builder_add (&filter, "{sv}", "to", g_variant_new_string (iso));
    }

  if (options->limit != NULL)
    {
      if (!rs_cli_parse_uint (options->limit, "--limit", 1, MAX_LIMIT, &limit, error))
        return NULL;
      g_variant_builder_add (&filter, "{sv}", "limit", g_variant_new_uint32 (limit));
    }

  return g_variant_ref_sink (g_variant_builder_end (&filter));
}

/* "2027-01-24 09:00" in the user's time zone, the date as their language writes it; NULL
 * when there is no such instant. */
static char *
format_local_time (gint64   seconds,
                   gboolean time_only_if_today)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (seconds <= 0 || (time = g_date_time_new_from_unix_local (seconds)) == NULL)
    return NULL;

  now = g_date_time_new_now_local ();
  if (time_only_if_today &&
      g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    return g_date_time_format (time, "%H:%M");

  return rs_cli_format_date_time (time);
}

/* The State column: the ledger's state and, once delivered, how. */
static char *
describe_state (GVariant *record)
{
  const char *state_text = "", *mode_text = "";
  RsDeliveryState state;
  RsDelivery mode = RS_DELIVERY_DEFAULT;
  guint32 attempts = 0;
  gint64 next_attempt = 0;

  g_variant_lookup (record, "state", "&s", &state_text);
  g_variant_lookup (record, "mode", "&s", &mode_text);
  g_variant_lookup (record, "attempts", "u", &attempts);
  g_variant_lookup (record, "next_attempt", "x", &next_attempt);

  if (!rs_delivery_state_from_string (state_text, &state))
    return g_strdup (state_text);
  /* A mode this command does not know says only that it was delivered. */
  rs_delivery_from_string (mode_text, &mode);

  switch (state)
    {
    case RS_DELIVERY_STATE_DELIVERED:
      if (mode == RS_DELIVERY_DRAFT)
        /* Translators: the State column of `recurring-sales deliveries`: the client reminder
         * waits in the Drafts folder for your approval */
        return g_strdup (C_("delivery", "in Drafts"));
      if (mode == RS_DELIVERY_SEND)
        /* Translators: the State column of `recurring-sales deliveries`: the client reminder
         * was sent */
        return g_strdup (C_("delivery", "sent"));
      /* Translators: the State column of `recurring-sales deliveries` */
      return g_strdup (C_("delivery", "delivered"));
    case RS_DELIVERY_STATE_PENDING:
      if (attempts > 0)
        {
          g_autofree char *next = format_local_time (next_attempt, TRUE);

          if (next != NULL)
            /* Translators: the State column of `recurring-sales deliveries`: delivery failed
             * before; %1$u is the number of the next attempt (2 after one failure), %2$s when
             * it is made (10:42, or a date and a time when not today). Keep it short. */
            return g_strdup_printf (C_("delivery", "pending (attempt %1$u, next %2$s)"),
                                    attempts + 1, next);
          /* Translators: the State column of `recurring-sales deliveries`: delivery failed
           * before and is retried as soon as possible; %u is the number of the next attempt */
          return g_strdup_printf (C_("delivery", "pending (attempt %u)"), attempts + 1);
        }
      /* Translators: the State column of `recurring-sales deliveries`: due, not delivered yet */
      return g_strdup (C_("delivery", "pending"));
    case RS_DELIVERY_STATE_MISSED:
      /* Translators: the State column of `recurring-sales deliveries`: it fell due while the
       * computer was off, too long ago to be sent late */
      return g_strdup (C_("delivery", "missed"));
    case RS_DELIVERY_STATE_CANCELLED:
    default:
      /* Translators: the State column of `recurring-sales deliveries`: it no longer applied
       * when it fell due (the invoice was marked, the sale paused, ended or renewed) */
      return g_strdup (C_("delivery", "cancelled"));
    }
}

/* The sentence under a cancelled reminder: why it was not sent, as the dispatcher recorded
 * it; NULL for a word this command does not know (a newer service's), or none. */
static const char *
describe_reason (const char *word)
{
  RsReminderVerdict verdict;

  if (!rs_reminder_verdict_from_string (word, &verdict))
    return NULL;

  switch (verdict)
    {
    case RS_REMINDER_VERDICT_SALE_REMOVED:
      /* Translators: `recurring-sales deliveries`, on its own line under a cancelled client
       * reminder: why it was not sent */
      return _("Not sent: the sale was removed.");
    case RS_REMINDER_VERDICT_DELIVERY_OFF:
    case RS_REMINDER_VERDICT_DELIVERY_SETTING_OFF:
      /* Translators: as above: the sale's (or the settings') client e-mails are off */
      return _("Not sent: client e-mails are off for this sale.");
    case RS_REMINDER_VERDICT_PAUSED:
      /* Translators: as above */
      return _("Not sent: the sale was paused.");
    case RS_REMINDER_VERDICT_ENDED:
      /* Translators: as above */
      return _("Not sent: the sale had ended.");
    case RS_REMINDER_VERDICT_RENEWED:
      /* Translators: as above */
      return _("Not sent: the sale had been renewed.");
    case RS_REMINDER_VERDICT_NO_ADDRESS:
      /* Translators: as above */
      return _("Not sent: the sale had no client e-mail address.");
    case RS_REMINDER_VERDICT_NO_RULE:
      /* Translators: as above: the reminder was taken out of the sale */
      return _("Not sent: the sale no longer had this reminder.");
    case RS_REMINDER_VERDICT_NOT_A_DATE:
      /* Translators: as above: the sale's schedule changed */
      return _("Not sent: the sale no longer had this date.");
    case RS_REMINDER_VERDICT_ISSUED:
      /* Translators: as above */
      return _("Not sent: the invoice was marked issued.");
    case RS_REMINDER_VERDICT_PREPAID:
      /* Translators: as above */
      return _("Not sent: the invoice was marked prepaid.");
    case RS_REMINDER_VERDICT_SKIPPED:
      /* Translators: as above */
      return _("Not sent: the invoice was marked skipped.");
    case RS_REMINDER_VERDICT_OFFER_ACCEPTED:
      /* Translators: as above: the client accepted the renewal offer */
      return _("Not sent: the client had accepted the renewal offer.");
    case RS_REMINDER_VERDICT_OFFER_DECLINED:
      /* Translators: as above: the client declined the renewal offer */
      return _("Not sent: the client had declined the renewal offer.");
    case RS_REMINDER_VERDICT_NO_TEAM:
      /* Translators: as above: a reminder to your team, and no team is set */
      return _("Not sent: no team addresses are set (team-addresses, or --team).");
    case RS_REMINDER_VERDICT_TEAM_DELIVERY_OFF:
      /* Translators: as above */
      return _("Not sent: team e-mails are off (team-delivery).");
    case RS_REMINDER_VERDICT_REMINDS:
    case RS_REMINDER_VERDICT_DUE_PASSED:
    default:
      return NULL;
    }
}

enum {
  COLUMN_DUE,
  COLUMN_CLIENT,
  COLUMN_SERVICE,
  COLUMN_KIND,
  COLUMN_DATE,
  COLUMN_STATE,
  N_COLUMNS
};

typedef struct {
  char *cells[N_COLUMNS];
  char *detail;  /* under the row: why it was cancelled, or the last failure of a pending or
                  * missed one; NULL when there is nothing to say */
} Row;

static void
row_free (Row *row)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    g_free (row->cells[i]);
  g_free (row->detail);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Row, row_free)

static Row *
row_new (GVariant *record)
{
  g_autoptr(Row) row = g_new0 (Row, 1);
  const char *kind = NULL, *date = NULL, *uid = "", *state_text = "", *error = NULL;
  const char *client = NULL, *service = "", *reason = NULL, *audience = NULL;
  RsDeliveryState state;
  gint64 due = 0;

  g_variant_lookup (record, "due", "x", &due);
  g_variant_lookup (record, "kind", "&s", &kind);
  g_variant_lookup (record, "date", "&s", &date);
  g_variant_lookup (record, "uid", "&s", &uid);
  g_variant_lookup (record, "client", "&s", &client);
  g_variant_lookup (record, "service", "&s", &service);
  g_variant_lookup (record, "state", "&s", &state_text);
  g_variant_lookup (record, "reason", "&s", &reason);
  g_variant_lookup (record, "audience", "&s", &audience);

  row->cells[COLUMN_DUE] = format_local_time (due, FALSE);
  if (row->cells[COLUMN_DUE] == NULL)
    row->cells[COLUMN_DUE] = g_strdup ("");
  /* A removed sale's records stay in the ledger: its identifier is all there is to show. */
  row->cells[COLUMN_CLIENT] = rs_cli_printable (client != NULL ? client : uid, FALSE);
  row->cells[COLUMN_SERVICE] = rs_cli_printable (service, FALSE);
  if (g_strcmp0 (audience, "team") == 0)
    /* Translators: the Kind column of `recurring-sales deliveries` (keep it short): a reminder
     * mailed to your team; %s is invoice, expiry or notice, translated */
    row->cells[COLUMN_KIND] = g_strdup_printf (C_("deliveries", "%s (team)"),
                                               rs_cli_reminder_kind_label (kind, TRUE));
  else
    row->cells[COLUMN_KIND] = rs_cli_printable (rs_cli_reminder_kind_label (kind, TRUE), FALSE);
  row->cells[COLUMN_DATE] = rs_cli_format_iso_date (date);
  row->cells[COLUMN_STATE] = describe_state (record);

  if (!rs_delivery_state_from_string (state_text, &state))
    return g_steal_pointer (&row);

  if (state == RS_DELIVERY_STATE_CANCELLED)
    row->detail = g_strdup (describe_reason (reason));

  /* A delivered or cancelled reminder may keep the error of an earlier attempt: it no longer
   * matters, and would only alarm. */
  if ((state == RS_DELIVERY_STATE_PENDING || state == RS_DELIVERY_STATE_MISSED) &&
      g_variant_lookup (record, "error", "&s", &error) && *error != '\0')
    {
      g_autofree char *printable = rs_cli_printable (error, FALSE);

      /* Translators: `recurring-sales deliveries`, on its own line under a pending or missed
       * client reminder; %s is the reason, from the mail server or the system */
      row->detail = g_strdup_printf (_("Last error: %s"), g_strstrip (printable));
    }

  return g_steal_pointer (&row);
}

/* Prints @text from column @indent, wrapped at spaces so that no line is wider than @width:
 * an error from a mail server is long, and every word of it may matter. */
static void
print_wrapped (const char *text,
               guint       indent,
               guint       width)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  guint room = width > indent + MIN_COLUMN_WIDTH ? width - indent : MIN_COLUMN_WIDTH;
  guint used = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];
      guint word_width = rs_cli_display_width (word);

      if (*word == '\0')
        continue;

      if (used > 0 && used + 1 + word_width > room)
        {
          g_print ("%*s%s\n", (int) indent, "", line->str);
          g_string_truncate (line, 0);
          used = 0;
        }
      if (used > 0)
        {
          g_string_append_c (line, ' ');
          used++;
        }

      /* A word wider than a whole line (a URL) is cut where the line ends. */
      for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
        {
          char buf[8] = { 0 };
          guint char_width;

          g_unichar_to_utf8 (g_utf8_get_char (p), buf);
          char_width = rs_cli_display_width (buf);
          if (used > 0 && used + char_width > room)
            {
              g_print ("%*s%s\n", (int) indent, "", line->str);
              g_string_truncate (line, 0);
              used = 0;
            }
          g_string_append (line, buf);
          used += char_width;
        }
    }

  if (line->len > 0)
    g_print ("%*s%s\n", (int) indent, "", line->str);
}

static void
print_line (const char *const *cells,
            const guint       *widths,
            guint              n_columns)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *text = rs_cli_truncate (cells[i], widths[i]);

      if (i > 0)
        g_string_append (line, COLUMN_GAP);
      g_string_append (line, text);
      if (i + 1 < n_columns)
        for (guint pad = rs_cli_display_width (text); pad < widths[i]; pad++)
          g_string_append_c (line, ' ');
    }

  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);

  g_print ("%s\n", line->str);
}

/* The widest of @columns (of @n) wider than @floor, or N_COLUMNS when none is. */
static guint
widest_above (const guint *widths,
              const guint *columns,
              guint        n,
              guint        floor)
{
  guint widest = N_COLUMNS;

  for (guint i = 0; i < n; i++)
    {
      if (widths[columns[i]] > floor &&
          (widest == N_COLUMNS || widths[columns[i]] > widths[widest]))
        widest = columns[i];
    }

  return widest;
}

/* The columns of RsCliTable, plus what it cannot do: a line of its own under a row for why it
 * was cancelled or the error of the last attempt. When a row is too wide, the client and the
 * service share the shortage first, then the State and Kind columns give up room, then the
 * names again down to their narrowest; the dates stay whole. */
static void
print_records (GVariant *records,
               guint     width)
{
  static const guint names[] = { COLUMN_CLIENT, COLUMN_SERVICE };
  static const guint words[] = { COLUMN_STATE, COLUMN_KIND };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  const char *headings[N_COLUMNS] = {
    /* Translators: a column heading of `recurring-sales deliveries`: when the client reminder
     * was due (a date and a time) */
    C_("deliveries", "Due"),
    _("Client"),
    _("Service"),
    /* Translators: a column heading of `recurring-sales deliveries`: what the reminder is about
     * (invoice, expiry, notice) */
    C_("deliveries", "Kind"),
    /* Translators: a column heading of `recurring-sales deliveries`: the date of the invoice,
     * expiry or notice deadline the reminder is about */
    _("Date"),
    /* Translators: a column heading of `recurring-sales deliveries`: sent, in Drafts, pending… */
    C_("deliveries", "State"),
  };
  guint widths[N_COLUMNS];
  guint total = 0;
  GVariantIter iter;
  GVariant *record;

  g_variant_iter_init (&iter, records);
  while ((record = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_ptr_array_add (rows, row_new (record));
      g_variant_unref (record);
    }

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      widths[i] = rs_cli_display_width (headings[i]);
      for (guint r = 0; r < rows->len; r++)
        {
          Row *row = g_ptr_array_index (rows, r);
          widths[i] = MAX (widths[i], rs_cli_display_width (row->cells[i]));
        }
      total += widths[i];
    }
  total += (N_COLUMNS - 1) * (guint) strlen (COLUMN_GAP);

  while (total > width)
    {
      guint column = widest_above (widths, names, G_N_ELEMENTS (names), SHRINK_FIRST_WIDTH);

      if (column == N_COLUMNS)
        column = widest_above (widths, words, G_N_ELEMENTS (words), MIN_COLUMN_WIDTH);
      if (column == N_COLUMNS)
        column = widest_above (widths, names, G_N_ELEMENTS (names), MIN_COLUMN_WIDTH);
      if (column == N_COLUMNS)
        break;
      widths[column]--;
      total--;
    }

  print_line (headings, widths, N_COLUMNS);
  for (guint r = 0; r < rows->len; r++)
    {
      Row *row = g_ptr_array_index (rows, r);

      print_line ((const char *const *) row->cells, widths, N_COLUMNS);
      if (row->detail != NULL)
        print_wrapped (row->detail, DETAIL_INDENT, width);
    }
}

/* Seconds since the epoch as ISO 8601 text with the local offset, so that a script reads the
 * same instant the table shows; 0 (no such instant, e.g. no retry planned) becomes null. */
static void
replace_timestamp (JsonObject *object,
                   const char *key)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;
  gint64 seconds;

  if (!json_object_has_member (object, key) ||
      json_node_get_value_type (json_object_get_member (object, key)) != G_TYPE_INT64)
    return;

  seconds = json_object_get_int_member (object, key);
  if (seconds <= 0 || (time = g_date_time_new_from_unix_local (seconds)) == NULL)
    {
      json_object_set_null_member (object, key);
      return;
    }

  text = g_date_time_format_iso8601 (time);
  json_object_set_string_member (object, key, text);
}

static JsonNode *
records_to_json (GVariant *records)
{
  JsonNode *node = rs_cli_dicts_to_json (records);
  JsonArray *array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      replace_timestamp (object, "due");
      replace_timestamp (object, "next_attempt");
      replace_timestamp (object, "updated");
    }

  return node;
}

int
rs_cli_deliveries (const char  *command,
                   int          argc,
                   char       **argv)
{
  g_auto(DeliveriesOptions) options = { 0 };
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) filter = NULL;
  g_autoptr(GVariant) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &options.state,
      /* Translators: help of --state in `recurring-sales deliveries --help`; keep the four
       * words in English */
      N_("Only reminders in this state: pending, delivered, missed or cancelled"),
      /* Translators: a placeholder for a state, in --help */
      N_("STATE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from,
      /* Translators: help of --from in `recurring-sales deliveries --help` */
      N_("Only reminders due on or after this day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to,
      /* Translators: help of --to in `recurring-sales deliveries --help` */
      N_("Only reminders due on or before this day"), N_("YYYY-MM-DD") },
    { "limit", 0, 0, G_OPTION_ARG_STRING, &options.limit,
      /* Translators: help of --limit in `recurring-sales deliveries --help` */
      N_("Show at most N reminders"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      /* Translators: help of --json in `recurring-sales deliveries --help` */
      N_("Print the records as JSON"), NULL },
    { NULL }
  };

  /* The identifier is optional: at most one argument. */
  /* Translators: the arguments of `recurring-sales deliveries`, in its --help */
  if (!rs_cli_parse_options (command, _("[UID]"),
                             /* Translators: the summary of `recurring-sales deliveries --help` */
                             _("Lists the client reminders that fell due, of every sale or of the one given: in Drafts, sent, pending a retry, missed or cancelled, ordered by when they were due."),
                             entries, &argc, &argv) ||
      !rs_cli_check_arguments (command, argc, argv, MIN (argc - 1, 1), ""))
    return RS_CLI_EXIT_USAGE;

  filter = make_filter (&options, argc > 1 ? argv[1] : NULL, &error);
  if (filter == NULL)
    return rs_cli_usage_error (command, error);

  proxy = rs_cli_connect (&error);
  if (proxy == NULL)
    return rs_cli_refused (error);

  /* The ledger keeps the records of a removed sale: its whole uid still finds them. */
  if (argc > 1)
    {
      if ((uid = rs_cli_resolve_uid (proxy, argv[1], TRUE, &error)) == NULL)
        return rs_cli_refused (error);
      g_clear_pointer (&filter, g_variant_unref);
      filter = make_filter (&options, uid, &error);
      if (filter == NULL)
        return rs_cli_usage_error (command, error);
    }

  if (!rs_dbus_recurring_sales1_call_list_deliveries_sync (proxy, filter, &records, NULL, &error))
    return rs_cli_refused (error);

  if (options.json)
    {
      g_autoptr(JsonNode) node = records_to_json (records);
      rs_cli_print_json (node);
      return RS_CLI_EXIT_OK;
    }

  if (g_variant_n_children (records) == 0)
    {
      /* --limit alone narrows nothing down: the ledger itself is empty. */
      if (argc < 2 && options.state == NULL && options.from == NULL && options.to == NULL)
        /* Translators: `recurring-sales deliveries` when the ledger is empty */
        g_print ("%s\n", _("No client reminders have been due yet."));
      else
        /* Translators: `recurring-sales deliveries` when no record matches the filters */
        g_print ("%s\n", _("No client reminder matches."));
      return RS_CLI_EXIT_OK;
    }

  print_records (records, rs_cli_output_width ());

  return RS_CLI_EXIT_OK;
}
