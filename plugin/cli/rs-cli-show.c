/* rs-cli-show.c: `recurring-sales show`: every field of one sale, for people or as JSON
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>
#include <recurring-sales/rs-iban.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-sale-fields.h>

typedef struct {
  char *label;
  char *value;
} Field;

static void
field_free (Field *field)
{
  g_free (field->label);
  g_free (field->value);
  g_free (field);
}

/* Takes @value. */
static void
add_field (GPtrArray  *fields,
           const char *label,
           char       *value)
{
  Field *field = g_new0 (Field, 1);

  field->label = g_strdup (label);
  field->value = value;
  g_ptr_array_add (fields, field);
}

static void
add_text (GPtrArray  *fields,
          GVariant   *sale,
          const char *key,
          const char *label)
{
  const char *text;

  if (g_variant_lookup (sale, key, "&s", &text) && *text != '\0')
    add_field (fields, label, rs_cli_printable (text, TRUE));
}

static void
print_fields (GPtrArray *fields)
{
  guint label_width = 0;

  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);
      label_width = MAX (label_width, rs_cli_display_width (field->label));
    }

  for (guint i = 0; i < fields->len; i++)
    {
      Field *field = g_ptr_array_index (fields, i);
      g_auto(GStrv) lines = g_strsplit (field->value, "\n", -1);
      guint pad = label_width - rs_cli_display_width (field->label);

      /* Continuation lines (a note, the reminders) line up under the first. */
      for (guint l = 0; lines[l] != NULL; l++)
        g_print ("%s%*s  %s\n", l == 0 ? field->label : "",
                 (int) (l == 0 ? pad : label_width), "", lines[l]);
    }
}

static char *
describe_term_length (const RsPeriod *length)
{
  switch (length->unit)
    {
    case RS_PERIOD_UNIT_DAY:
      /* Translators: the length of a term, in `recurring-sales show` */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", length->count), length->count);
    case RS_PERIOD_UNIT_WEEK:
      /* Translators: the length of a term, in `recurring-sales show` */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks", length->count), length->count);
    case RS_PERIOD_UNIT_MONTH:
      /* Translators: the length of a term, in `recurring-sales show` */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", length->count), length->count);
    case RS_PERIOD_UNIT_YEAR:
    default:
      /* Translators: the length of a term, in `recurring-sales show` */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years", length->count), length->count);
    }
}

static char *
describe_term (const RsSchedule *schedule)
{
  switch (schedule->term_kind)
    {
    case RS_TERM_UNTIL:
      {
        g_autofree char *until = rs_format_date (&schedule->until);
        /* Translators: the term of a sale; %s is a date */
        return g_strdup_printf (_("until %s"), until);
      }
    case RS_TERM_COUNT:
      /* Translators: the term of a sale */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u invoice", "%u invoices", schedule->count),
                              schedule->count);
    case RS_TERM_LENGTH:
      return describe_term_length (&schedule->term_length);
    case RS_TERM_OPEN:
    default:
      /* Translators: the term of a sale that has no end */
      return g_strdup (_("open-ended"));
    }
}

/* The schedule's fields as one block: what they mean together (the expiry, the notice
 * deadline, the next invoice) matters more than each of them. */
static void
add_schedule (GPtrArray  *fields,
              GVariant   *sale,
              const char *label)
{
  RsSchedule schedule;
  GDate date, today;
  guint32 notice_days = 0;

  if (!rs_cli_schedule_from_dict (sale, &schedule))
    return;

  add_field (fields, label, rs_period_describe (&schedule.period));
  /* Translators: a label of `recurring-sales show`, before a date */
  add_field (fields, _("First invoice"), rs_format_date (&schedule.start));
  /* Translators: a label of `recurring-sales show`, before “12 invoices”, “1 year” or “until DATE” */
  add_field (fields, _("Term"), describe_term (&schedule));
  if (rs_schedule_expiry_date (&schedule, &date))
    /* Translators: a label of `recurring-sales show`, before a date */
    add_field (fields, _("Expires"), rs_format_date (&date));
  if (g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_NOTICE_DAYS), "u", &notice_days) &&
      notice_days > 0 &&
      rs_schedule_notice_deadline (&schedule, notice_days, &date, NULL))
    {
      g_autofree char *deadline = rs_format_date (&date);
      /* Translators: a label of `recurring-sales show`: the last day to give notice */
      add_field (fields, _("Notice deadline"),
                 /* Translators: %1$s is a date, %2$u a number of days */
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s (%2$u day before the expiry)",
                                               "%1$s (%2$u days before the expiry)", notice_days),
                                  deadline, notice_days));
    }

  rs_date_set_today (&today);
  if (rs_schedule_next_issue_on_or_after (&schedule, &today, &date, NULL))
    /* Translators: a label of `recurring-sales show`, before a date */
    add_field (fields, _("Next invoice"), rs_format_date (&date));
}

static void
add_reminders (GPtrArray  *fields,
               GVariant   *sale,
               const char *key,
               const char *label)
{
  g_autoptr(GVariant) reminders = g_variant_lookup_value (sale, key, G_VARIANT_TYPE ("a(sus)"));
  GString *text;
  GVariantIter iter;
  const char *kind, *audience;
  guint32 lead_days;
  RsAudience to;

  if (reminders == NULL || g_variant_n_children (reminders) == 0)
    {
      add_field (fields, label,
                 /* Translators: `recurring-sales show`: a sale without reminders */
                 g_strdup (_("none")));
      return;
    }

  text = g_string_new (NULL);
  g_variant_iter_init (&iter, reminders);
  while (g_variant_iter_next (&iter, "(&su&s)", &kind, &lead_days, &audience))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (rs_audience_from_string (audience, &to) && to == RS_AUDIENCE_CLIENT)
        /* Translators: %1$s is what the reminder is about ("invoice"), %2$u a number of days */
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%1$s, %2$u day before, to the client",
                                                   "%1$s, %2$u days before, to the client", lead_days),
                                rs_cli_reminder_kind_label (kind, FALSE), lead_days);
      else if (rs_audience_from_string (audience, &to) && to == RS_AUDIENCE_TEAM)
        /* Translators: %1$s is what the reminder is about ("invoice"), %2$u a number of days */
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%1$s, %2$u day before, to your team",
                                                   "%1$s, %2$u days before, to your team", lead_days),
                                rs_cli_reminder_kind_label (kind, FALSE), lead_days);
      else
        /* Translators: %1$s is what the reminder is about ("invoice"), %2$u a number of days */
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%1$s, %2$u day before, to you",
                                                   "%1$s, %2$u days before, to you", lead_days),
                                rs_cli_reminder_kind_label (kind, FALSE), lead_days);
    }

  add_field (fields, label, g_string_free (text, FALSE));
}

static const char *
occurrence_state_label (const char *state_text)
{
  RsOccurrenceState state;

  if (!rs_occurrence_state_from_string (state_text, &state))
    return state_text;

  switch (state)
    {
    case RS_OCCURRENCE_ISSUED:
      /* Translators: the state of a marked invoice, in `recurring-sales show` */
      return C_("invoice", "issued");
    case RS_OCCURRENCE_PREPAID:
      /* Translators: the state of a marked invoice, in `recurring-sales show` */
      return C_("invoice", "prepaid");
    case RS_OCCURRENCE_SKIPPED:
      /* Translators: the state of a marked invoice, in `recurring-sales show` */
      return C_("invoice", "skipped");
    case RS_OCCURRENCE_OPEN:
    default:
      /* A GetSale answer lists marked invoices only. */
      return state_text;
    }
}

static void
add_occurrences (GPtrArray  *fields,
                 GVariant   *sale,
                 const char *key,
                 const char *label)
{
  g_autoptr(GVariant) occurrences = g_variant_lookup_value (sale, key, G_VARIANT_TYPE ("a{ss}"));
  GString *text;
  GVariantIter iter;
  const char *date, *state;

  if (occurrences == NULL || g_variant_n_children (occurrences) == 0)
    return;

  text = g_string_new (NULL);
  g_variant_iter_init (&iter, occurrences);
  while (g_variant_iter_next (&iter, "{&s&s}", &date, &state))
    {
      g_autofree char *shown = rs_cli_format_iso_date (date);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a marked invoice; %1$s is its date, %2$s "issued", "prepaid" or "skipped" */
      g_string_append_printf (text, _("%1$s: %2$s"), shown, occurrence_state_label (state));
    }

  add_field (fields, label, g_string_free (text, FALSE));
}

static void
add_timestamp (GPtrArray  *fields,
               GVariant   *sale,
               const char *key,
               const char *label)
{
  g_autoptr(GDateTime) time = NULL;
  gint64 seconds;

  if (!g_variant_lookup (sale, key, "x", &seconds) || seconds <= 0 ||
      (time = g_date_time_new_from_unix_local (seconds)) == NULL)
    return;

  add_field (fields, label, rs_cli_format_date_time (time));
}

static void
add_amount (GPtrArray  *fields,
            GVariant   *sale,
            const char *label)
{
  char *amount = rs_cli_format_amount (sale);

  if (amount != NULL)
    add_field (fields, label, amount);
}

/* The offer's amount, in the sale's currency. */
static void
add_offer_amount (GPtrArray  *fields,
                  GVariant   *sale,
                  const char *key,
                  const char *label)
{
  const char *currency = NULL;
  gint64 amount_minor;

  if (g_variant_lookup (sale, rs_sale_field_key (RS_SALE_FIELD_CURRENCY), "&s", &currency) &&
      g_variant_lookup (sale, key, "x", &amount_minor) && rs_currency_exponent (currency) >= 0)
    add_field (fields, label, rs_money_format (amount_minor, currency));
}

/* Where the renewal offer stands, in the user's words. */
static void
add_offer (GPtrArray  *fields,
           GVariant   *sale,
           const char *key,
           const char *label)
{
  const char *word = NULL;
  RsOfferState state;

  if (!g_variant_lookup (sale, key, "&s", &word) || !rs_offer_state_from_string (word, &state))
    return;

  switch (state)
    {
    case RS_OFFER_OFFERED:
      /* Translators: `recurring-sales show`, after “Renewal offer”: sent to the client */
      add_field (fields, label, g_strdup (C_("offer", "sent, no answer yet")));
      break;
    case RS_OFFER_ACCEPTED:
      /* Translators: `recurring-sales show`, after “Renewal offer” */
      add_field (fields, label, g_strdup (C_("offer", "accepted")));
      break;
    case RS_OFFER_DECLINED:
      /* Translators: `recurring-sales show`, after “Renewal offer” */
      add_field (fields, label, g_strdup (C_("offer", "declined")));
      break;
    case RS_OFFER_NONE:
    default:
      break;
    }
}

static void
add_draft (GPtrArray  *fields,
           GVariant   *sale,
           const char *key,
           const char *label)
{
  gboolean draft = TRUE;

  g_variant_lookup (sale, key, "b", &draft);
  add_field (fields, label,
             g_strdup (draft ?
                       /* Translators: `recurring-sales show`: what the invoices are */
                       _("drafts that need your approval") :
                       /* Translators: `recurring-sales show`: what the invoices are */
                       _("issued without approval")));
}

static void
add_prepay (GPtrArray  *fields,
            GVariant   *sale,
            const char *key,
            const char *label)
{
  gboolean prepay = FALSE;

  g_variant_lookup (sale, key, "b", &prepay);
  add_field (fields, label,
             g_strdup (prepay ?
                       /* Translators: `recurring-sales show`: when the client pays */
                       _("in advance, before each invoice") :
                       /* Translators: `recurring-sales show`: when the client pays */
                       _("after each invoice")));
}

static void
add_iban (GPtrArray  *fields,
          GVariant   *sale,
          const char *key,
          const char *label)
{
  const char *iban;

  if (g_variant_lookup (sale, key, "&s", &iban) && *iban != '\0')
    add_field (fields, label, rs_iban_format_print (iban));
}

static void
add_delivery (GPtrArray  *fields,
              GVariant   *sale,
              const char *key,
              const char *label)
{
  const char *text;
  RsDelivery delivery;

  /* The words are those of --delivery, so they stay as typed. A service older than the field
   * gives none: such a sale follows the setting. */
  if (!g_variant_lookup (sale, key, "&s", &text) || *text == '\0')
    text = rs_delivery_to_string (RS_DELIVERY_DEFAULT);

  /* But "default" alone says nothing in another language: it is said as what it means. */
  if (rs_delivery_from_string (text, &delivery) && delivery == RS_DELIVERY_DEFAULT)
    /* Translators: `recurring-sales show`, after “Client e-mails”: the sale follows the
     * setting client-delivery. English keeps the word of --delivery; say it as “as in the
     * settings” */
    add_field (fields, label, g_strdup (C_("delivery", "default")));
  else
    add_field (fields, label, rs_cli_printable (text, FALSE));
}

static void
add_status (GPtrArray  *fields,
            GVariant   *sale,
            const char *key,
            const char *label)
{
  const char *text;

  if (g_variant_lookup (sale, key, "&s", &text))
    add_field (fields, label, g_strdup (rs_cli_status_label (text)));
}

static void
add_revision (GPtrArray  *fields,
              GVariant   *sale,
              const char *key,
              const char *label)
{
  guint64 revision;

  if (g_variant_lookup (sale, key, "t", &revision))
    add_field (fields, label, g_strdup_printf ("%" G_GUINT64_FORMAT, revision));
}

/* The lines of the fields that have a label, in the table's order for show. */
static void
print_sale (GVariant *sale)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_SHOWN);

  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);
      const char *key = rs_sale_field_dbus_key (info);
      const char *label = _(info->show_label);

      switch (info->field)
        {
        case RS_SALE_FIELD_AMOUNT:
          add_amount (fields, sale, label);
          break;
        case RS_SALE_FIELD_PERIOD:
          add_schedule (fields, sale, label);
          break;
        case RS_SALE_FIELD_DRAFT:
          add_draft (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_PREPAY:
          add_prepay (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_IBAN:
          add_iban (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_REMINDERS:
          add_reminders (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_DELIVERY:
          add_delivery (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_OCCURRENCES:
          add_occurrences (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_STATUS:
          add_status (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_OFFER:
          add_offer (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_OFFER_AMOUNT:
          add_offer_amount (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_CREATED:
        case RS_SALE_FIELD_UPDATED:
          add_timestamp (fields, sale, key, label);
          break;
        case RS_SALE_FIELD_REVISION:
          add_revision (fields, sale, key, label);
          break;
        default:
          add_text (fields, sale, key, label);
          break;
        }
    }

  print_fields (fields);
}

int
rs_cli_show (const char  *command,
             int          argc,
             char       **argv)
{
  g_autoptr(RsDBusRecurringSales1) proxy = NULL;
  g_autoptr(GVariant) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    /* Translators: help of --json in `recurring-sales show --help` */
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the sale as JSON"), NULL },
    { NULL }
  };

  if (!rs_cli_parse_options (command, _("UID"),
                             /* Translators: the summary of `recurring-sales show --help` */
                             _("Shows every field of a sale."),
                             entries, &argc, &argv) ||
      /* Translators: a usage error of `recurring-sales show` */
      !rs_cli_check_arguments (command, argc, argv, 1, _("Give the identifier of the sale to show.")))
    return RS_CLI_EXIT_USAGE;

  proxy = rs_cli_connect (&error);
  if (proxy == NULL ||
      (uid = rs_cli_resolve_uid (proxy, argv[1], FALSE, &error)) == NULL ||
      !rs_dbus_recurring_sales1_call_get_sale_sync (proxy, uid, &sale, NULL, &error))
    return rs_cli_refused (error);

  if (json)
    {
      g_autoptr(JsonNode) node = rs_cli_dict_to_json (sale);
      rs_cli_print_json (node);
    }
  else
    {
      print_sale (sale);
    }

  return RS_CLI_EXIT_OK;
}
