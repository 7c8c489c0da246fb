/* rs-cli-sale-options.c: the options of `add` and `edit`, checked, as the service's a{sv}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The options are those of the table of fields (rs-sale-fields.h), in its order for them:
 * --NAME VALUE for most, --NAME and --no-NAME for a flag, and for `edit` a --clear-NAME for
 * the texts that can be removed.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-cli.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-sale-fields.h>

struct _RsCliSaleOptions {
  gboolean for_edit;

  /* What was given, by field: --NAME VALUE; a flag's --NAME; --no-NAME or --clear-NAME. */
  char     *texts[RS_SALE_N_FIELDS];
  gboolean  on[RS_SALE_N_FIELDS];
  gboolean  off[RS_SALE_N_FIELDS];

  /* Filled by rs_cli_sale_options_check (): the D-Bus value of each option that has one by
   * itself (an amount needs the sale's currency), and the lead days of the --remind- ones. */
  GVariant *values[RS_SALE_N_FIELDS];
  GArray   *lead_days[RS_SALE_N_FIELDS];

  /* At most two options a field, and the terminating entry. */
  GOptionEntry entries[2 * RS_SALE_N_FIELDS + 1];
};

static GOptionEntry
make_entry (const char *name,
            GOptionArg  arg,
            gpointer    arg_data,
            const char *help,
            const char *arg_description)
{
  GOptionEntry entry = { name, 0, 0, arg, arg_data, help, arg_description };

  return entry;
}

RsCliSaleOptions *
rs_cli_sale_options_new (gboolean for_edit)
{
  RsCliSaleOptions *o = g_new0 (RsCliSaleOptions, 1);
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_OPTIONS);
  guint n = 0;

  o->for_edit = for_edit;
  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);
      const RsSaleFieldOption *option = &info->option;

      if (info->type != RS_SALE_FIELD_TYPE_FLAG)
        {
          o->entries[n++] = make_entry (option->name, G_OPTION_ARG_STRING, &o->texts[info->field],
                                        option->help, option->arg);
          continue;
        }

      o->entries[n++] = make_entry (option->name, G_OPTION_ARG_NONE, &o->on[info->field],
                                    option->help, NULL);
      if (option->off_name != NULL)
        o->entries[n++] = make_entry (option->off_name, G_OPTION_ARG_NONE, &o->off[info->field],
                                      option->off_help, NULL);
    }

  /* Removing a text is a change: `edit` only, after the others. */
  for (guint i = 0; for_edit && order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);

      if (info->type != RS_SALE_FIELD_TYPE_FLAG && info->option.off_name != NULL)
        o->entries[n++] = make_entry (info->option.off_name, G_OPTION_ARG_NONE,
                                      &o->off[info->field], info->option.off_help, NULL);
    }
  /* The rest stays zeroed: the terminating entry. */
  g_assert (n < G_N_ELEMENTS (o->entries));

  return o;
}

void
rs_cli_sale_options_free (RsCliSaleOptions *o)
{
  if (o == NULL)
    return;

  for (guint i = 0; i < RS_SALE_N_FIELDS; i++)
    {
      g_free (o->texts[i]);
      g_clear_pointer (&o->values[i], g_variant_unref);
      g_clear_pointer (&o->lead_days[i], g_array_unref);
    }
  g_free (o);
}

const GOptionEntry *
rs_cli_sale_options_entries (RsCliSaleOptions *o)
{
  return o->entries;
}

gboolean
rs_cli_sale_options_is_empty (RsCliSaleOptions *o)
{
  for (guint i = 0; i < RS_SALE_N_FIELDS; i++)
    {
      if (o->texts[i] != NULL || o->on[i] || o->off[i])
        return FALSE;
    }

  return TRUE;
}

/* "--client", "--no-draft": how the user typed it, for a sentence. */
static char *
option_text (const char *name)
{
  return g_strdup_printf ("--%s", name);
}

static gboolean
require (const RsSaleFieldInfo  *info,
         const char             *value,
         GError                **error)
{
  g_autofree char *option = NULL;

  if (value != NULL)
    return TRUE;

  option = option_text (info->option.name);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %s is an option such as --client */
               _("The option %s is required."), option);
  return FALSE;
}

/* A flag and its --no- option, or a text and its --clear- option. */
static gboolean
exclusive (const RsSaleFieldInfo  *info,
           gboolean                first_given,
           gboolean                second_given,
           GError                **error)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (!first_given || !second_given)
    return TRUE;

  first = option_text (info->option.name);
  second = option_text (info->option.off_name);
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s and %2$s are options such as --draft and --no-draft */
               _("The options %1$s and %2$s cannot be used together."), first, second);
  return FALSE;
}

static gboolean
check_term_group (RsCliSaleOptions  *o,
                  GError           **error)
{
  guint n_given = 0;

  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      if (o->texts[field] != NULL &&
          (rs_sale_field_get_info (field)->flags & RS_SALE_FIELD_TERM_GROUP))
        n_given++;
    }

  if (n_given <= 1)
    return TRUE;

  g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: a usage error; keep the options as they are */
                       _("Give at most one of --until, --count and --for."));
  return FALSE;
}

/* Checks the value of one option and keeps what it will send. */
static gboolean
check_value (RsCliSaleOptions       *o,
             const RsSaleFieldInfo  *info,
             const char             *text,
             GError                **error)
{
  g_autoptr(RsSale) scratch = NULL;
  g_autofree char *option = NULL;
  g_autofree char *normalized = NULL;
  const char *currency = o->texts[RS_SALE_FIELD_CURRENCY];
  guint number;
  gint64 minor;
  GDate date;

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_AMOUNT:
      /* Without --currency (edit), the amount is read in the sale's currency once it is
       * known; with it, the currency is what the amount is read in, so it is checked first. */
      return currency == NULL ||
             (rs_currency_validate (currency, error) &&
              rs_cli_parse_amount (text, currency, &minor, error));
    case RS_SALE_FIELD_TYPE_TEXT:
      return info->option.check == NULL || info->option.check (text, error);
    case RS_SALE_FIELD_TYPE_NUMBER:
      /* The numbers the command sets (a count, days) are all u on D-Bus. */
      option = option_text (info->option.name);
      if (!rs_cli_parse_uint (text, option,
                              (info->flags & RS_SALE_FIELD_ZERO_IS_NONE) ? 0 : (guint) info->min,
                              (guint) info->max, &number, error))
        return FALSE;
      o->values[info->field] = g_variant_ref_sink (g_variant_new_uint32 (number));
      return TRUE;
    case RS_SALE_FIELD_TYPE_LEAD_DAYS:
      option = option_text (info->option.name);
      /* --remind-team none: the team gets no reminder of this sale. */
      normalized = g_strstrip (g_strdup (text));
      if (info->team && g_ascii_strcasecmp (normalized, "none") == 0)
        {
          o->lead_days[info->field] = g_array_new (FALSE, FALSE, sizeof (guint));
          return TRUE;
        }
      o->lead_days[info->field] = rs_cli_parse_lead_days (text, option, error);
      return o->lead_days[info->field] != NULL;
    case RS_SALE_FIELD_TYPE_FLAG:
      return TRUE;
    case RS_SALE_FIELD_TYPE_DATE:
      /* As the user's language shows dates (30/03/2027 in Greek), or YYYY-MM-DD; the service
       * reads YYYY-MM-DD. */
      if (!rs_date_parse_local (text, _(info->label), NULL, &date, error))
        return FALSE;
      o->values[info->field] =
        g_variant_ref_sink (g_variant_new_take_string (rs_date_to_iso (&date)));
      return TRUE;
    default:
      /* Periods and words: read as the service will, sent as the service writes them. */
      scratch = rs_sale_new ();
      if (!rs_sale_field_from_text (info, scratch, text, error))
        return FALSE;
      normalized = rs_sale_field_to_text (info, scratch);
      o->values[info->field] = g_variant_ref_sink (g_variant_new_string (normalized));
      return TRUE;
    }
}

gboolean
rs_cli_sale_options_check (RsCliSaleOptions  *o,
                           GError           **error)
{
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_OPTIONS);

  for (guint i = 0; !o->for_edit && order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);

      if ((info->flags & RS_SALE_FIELD_REQUIRED) && !require (info, o->texts[info->field], error))
        return FALSE;
    }

  /* The flags' pairs first, then the texts' --clear- options. */
  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);

      if (info->type == RS_SALE_FIELD_TYPE_FLAG && info->option.off_name != NULL &&
          !exclusive (info, o->on[info->field], o->off[info->field], error))
        return FALSE;
    }
  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);

      if (info->type != RS_SALE_FIELD_TYPE_FLAG && info->option.off_name != NULL &&
          !exclusive (info, o->texts[info->field] != NULL, o->off[info->field], error))
        return FALSE;
    }

  if (!check_term_group (o, error))
    return FALSE;

  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);
      const char *text = o->texts[info->field];

      if (text != NULL && !check_value (o, info, text, error))
        return FALSE;
    }

  /* A new sale has no reminders to send the client yet: its defaults are yours. */
  if (!o->for_edit && o->on[RS_SALE_FIELD_REMIND_CLIENT] &&
      o->lead_days[RS_SALE_FIELD_REMIND_INVOICE] == NULL &&
      o->lead_days[RS_SALE_FIELD_REMIND_EXPIRY] == NULL)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           /* Translators: a usage error; keep the options as they are */
                           _("The option --remind-client needs --remind-invoice or --remind-expiry: it sends those reminders to the client too."));
      return FALSE;
    }

  return TRUE;
}

/* Adds @key unless @current already has exactly that value: an edit sends only what changes,
 * so that it cannot undo someone else's change to another field. */
static void
put (GVariantBuilder *builder,
     GVariant        *current,
     const char      *key,
     GVariant        *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  g_autoptr(GVariant) old = NULL;

  if (current != NULL)
    old = g_variant_lookup_value (current, key, NULL);
  if (old != NULL && g_variant_equal (old, owned))
    return;

  g_variant_builder_add (builder, "{sv}", key, owned);
}

/* Who gets the reminders of a kind, as bits 1 << RsAudience. */
#define AUDIENCE_BIT(audience) (1u << (audience))

/* The lead days a --remind- option gives for @kind, or NULL when none does. */
static GArray *
given_lead_days (RsCliSaleOptions *o,
                 RsReminderKind    kind)
{
  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (field);

      if (o->lead_days[field] != NULL && !info->team && info->reminder_kind == kind)
        return o->lead_days[field];
    }

  return NULL;
}

/* Whether a --remind-invoice or --remind-expiry option is given (--remind-team is the team's
 * alone, and leaves the rest as it is). */
static gboolean
gives_lead_days (RsCliSaleOptions *o)
{
  for (RsSaleField field = RS_SALE_FIELD_NONE + 1; field < RS_SALE_N_FIELDS; field++)
    {
      if (o->lead_days[field] != NULL && !rs_sale_field_get_info (field)->team)
        return TRUE;
    }

  return FALSE;
}

/* Who gets the reminders of @kind in @old (a sale's a(sus), or NULL). */
static guint
audiences_of_kind (GVariant       *old,
                   RsReminderKind  kind)
{
  GVariantIter iter;
  const char *kind_text, *audience_text;
  guint32 lead_days;
  guint audiences = 0;

  if (old == NULL)
    return 0;

  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "(&su&s)", &kind_text, &lead_days, &audience_text))
    {
      RsReminderKind rule_kind;
      RsAudience audience;

      if (rs_reminder_kind_from_string (kind_text, &rule_kind) && rule_kind == kind &&
          rs_audience_from_string (audience_text, &audience) && audience != RS_AUDIENCE_TEAM)
        audiences |= AUDIENCE_BIT (audience);
    }

  return audiences;
}

static gboolean
has_rule (GVariant   *old,
          const char *kind,
          guint32     lead_days,
          RsAudience  audience)
{
  const char *wanted = rs_audience_to_string (audience);
  GVariantIter iter;
  const char *rule_kind, *rule_audience;
  guint32 rule_days;

  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "(&su&s)", &rule_kind, &rule_days, &rule_audience))
    {
      if (rule_days == lead_days && g_str_equal (rule_kind, kind) &&
          g_str_equal (rule_audience, wanted))
        return TRUE;
    }

  return FALSE;
}

/* The client's part of the rule: --remind-client gives them what the sale has, or what the
 * options give; --no-remind-client takes it away; neither keeps it as it is. */
static guint
apply_client_choice (RsCliSaleOptions *o,
                     guint             audiences)
{
  if (o->on[RS_SALE_FIELD_REMIND_CLIENT])
    audiences |= AUDIENCE_BIT (RS_AUDIENCE_CLIENT);
  if (o->off[RS_SALE_FIELD_REMIND_CLIENT])
    audiences &= ~AUDIENCE_BIT (RS_AUDIENCE_CLIENT);

  return audiences;
}

/* The reminders of @kind that a --remind- option gives: each lead day for each audience. */
static void
add_given_kind (GVariantBuilder *reminders,
                RsReminderKind   kind,
                GArray          *days,
                guint            audiences)
{
  for (guint i = 0; i < days->len; i++)
    {
      guint lead_days = g_array_index (days, guint, i);

      for (RsAudience audience = RS_AUDIENCE_OWNER; audience <= RS_AUDIENCE_CLIENT; audience++)
        {
          if (audiences & AUDIENCE_BIT (audience))
            g_variant_builder_add (reminders, "(sus)", rs_reminder_kind_to_string (kind),
                                   lead_days, rs_audience_to_string (audience));
        }
    }
}

/* The new audiences of a kind a --remind- option gives: those the sale reminds about that kind
 * already, so that new days never drop the client's reminders unasked; you alone when nobody
 * was (a new sale, a kind it had no reminders of). */
static guint
audiences_for_given_kind (RsCliSaleOptions *o,
                          GVariant         *old,
                          RsReminderKind    kind)
{
  guint audiences = audiences_of_kind (old, kind);

  if (audiences == 0)
    audiences = AUDIENCE_BIT (RS_AUDIENCE_OWNER);
  audiences = apply_client_choice (o, audiences);

  /* The client's alone, and --no-remind-client: the new days are yours then. */
  return audiences != 0 ? audiences : AUDIENCE_BIT (RS_AUDIENCE_OWNER);
}

/* A kind no --remind- option gives keeps its rules; without any such option, the client's part
 * changes: with --no-remind-client the client's rules go, with --remind-client each lead day
 * gets one. The order stays, so that an edit that changes nothing sends nothing. */
static void
keep_rule (RsCliSaleOptions *o,
           GVariantBuilder  *reminders,
           GVariant         *old,
           const char       *kind,
           guint32           lead_days,
           const char       *audience_text)
{
  gboolean client_changes = !gives_lead_days (o);
  RsAudience audience = RS_AUDIENCE_OWNER;

  rs_audience_from_string (audience_text, &audience);
  if (client_changes && audience == RS_AUDIENCE_CLIENT && o->off[RS_SALE_FIELD_REMIND_CLIENT])
    return;

  g_variant_builder_add (reminders, "(sus)", kind, lead_days, audience_text);

  if (client_changes && audience == RS_AUDIENCE_OWNER && o->on[RS_SALE_FIELD_REMIND_CLIENT] &&
      !has_rule (old, kind, lead_days, RS_AUDIENCE_CLIENT))
    g_variant_builder_add (reminders, "(sus)", kind, lead_days,
                           rs_audience_to_string (RS_AUDIENCE_CLIENT));
}

/* --remind-team: the team's expiry reminders, the days given in place of the days it had; the
 * team's reminders of other kinds (from a file or D-Bus) stay. */
static gboolean
is_replaced_team_rule (RsCliSaleOptions *o,
                       const char       *kind_text,
                       const char       *audience_text)
{
  return o->lead_days[RS_SALE_FIELD_REMIND_TEAM] != NULL &&
         g_strcmp0 (audience_text, rs_audience_to_string (RS_AUDIENCE_TEAM)) == 0 &&
         g_strcmp0 (kind_text, rs_reminder_kind_to_string (RS_REMINDER_KIND_EXPIRY)) == 0;
}

static void
add_team_days (RsCliSaleOptions *o,
               GVariantBuilder  *reminders)
{
  GArray *days = o->lead_days[RS_SALE_FIELD_REMIND_TEAM];

  for (guint i = 0; days != NULL && i < days->len; i++)
    g_variant_builder_add (reminders, "(sus)",
                           rs_reminder_kind_to_string (RS_REMINDER_KIND_EXPIRY),
                           (guint32) g_array_index (days, guint, i),
                           rs_audience_to_string (RS_AUDIENCE_TEAM));
}

/* The one rule of the --remind- options, for add and edit alike:
 *   - --remind-invoice and --remind-expiry replace the lead days of their kind, for whoever the
 *     sale reminds about that kind already (you when nobody: a new sale starts with none);
 *   - --remind-client and --no-remind-client say whether the client gets them; without a
 *     --remind-invoice or --remind-expiry (edit only), the reminders of every kind;
 *   - --remind-team replaces the team's expiry reminders (none: takes them away);
 *   - every other reminder stays as it is.
 * Replaced kinds take the place of their first old rule; the team's come last. */
static GVariant *
make_reminders (RsCliSaleOptions *o,
                GVariant         *current)
{
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_OPTIONS);
  g_autoptr(GVariant) old = NULL;
  guint placed = 0;  /* the given kinds already in the list, as bits 1 << RsReminderKind */
  GVariantBuilder reminders;

  g_variant_builder_init (&reminders, G_VARIANT_TYPE ("a(sus)"));

  if (current != NULL)
    old = g_variant_lookup_value (current, rs_sale_field_key (RS_SALE_FIELD_REMINDERS),
                                  G_VARIANT_TYPE ("a(sus)"));
  if (old != NULL)
    {
      GVariantIter iter;
      const char *kind_text, *audience;
      guint32 lead_days;

      g_variant_iter_init (&iter, old);
      while (g_variant_iter_next (&iter, "(&su&s)", &kind_text, &lead_days, &audience))
        {
          RsReminderKind kind;
          GArray *days;

          /* The team's own: kept unless --remind-team replaces them; never another's days. */
          if (g_strcmp0 (audience, rs_audience_to_string (RS_AUDIENCE_TEAM)) == 0)
            {
              if (!is_replaced_team_rule (o, kind_text, audience))
                g_variant_builder_add (&reminders, "(sus)", kind_text, lead_days, audience);
              continue;
            }

          if (!rs_reminder_kind_from_string (kind_text, &kind) ||
              (days = given_lead_days (o, kind)) == NULL)
            {
              keep_rule (o, &reminders, old, kind_text, lead_days, audience);
              continue;
            }

          if (!(placed & (1u << kind)))
            add_given_kind (&reminders, kind, days, audiences_for_given_kind (o, old, kind));
          placed |= 1u << kind;
        }
    }

  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);
      RsReminderKind kind = info->reminder_kind;

      if (o->lead_days[info->field] == NULL || info->team || (placed & (1u << kind)))
        continue;
      add_given_kind (&reminders, kind, o->lead_days[info->field],
                      audiences_for_given_kind (o, old, kind));
      placed |= 1u << kind;
    }

  add_team_days (o, &reminders);
  return g_variant_builder_end (&reminders);
}

/* Whether the options change the reminders: a --remind- option, or (edit) the client's part. */
static gboolean
changes_reminders (RsCliSaleOptions *o)
{
  return gives_lead_days (o) || o->lead_days[RS_SALE_FIELD_REMIND_TEAM] != NULL ||
         (o->for_edit &&
          (o->on[RS_SALE_FIELD_REMIND_CLIENT] || o->off[RS_SALE_FIELD_REMIND_CLIENT]));
}

static gboolean
put_amount (RsCliSaleOptions  *o,
            GVariantBuilder   *builder,
            GVariant          *current,
            GError           **error)
{
  const char *currency_key = rs_sale_field_key (RS_SALE_FIELD_CURRENCY);
  const char *amount_key = rs_sale_field_key (RS_SALE_FIELD_AMOUNT);
  const char *currency = o->texts[RS_SALE_FIELD_CURRENCY];
  const char *amount = o->texts[RS_SALE_FIELD_AMOUNT];
  gint64 minor;

  if (currency == NULL && current != NULL)
    g_variant_lookup (current, currency_key, "&s", &currency);
  if (currency == NULL)
    currency = "";
  if (!rs_currency_validate (currency, error))
    return FALSE;

  if (amount != NULL)
    {
      if (!rs_cli_parse_amount (amount, currency, &minor, error))
        return FALSE;
    }
  else
    {
      /* A new currency alone keeps the amount as written: 120.00 EUR becomes 120.00 USD, not
       * 12000 JPY (amounts travel in minor units). */
      const char *old_currency = NULL;
      gint64 old_minor = 0;
      g_autofree char *decimal = NULL;

      if (current == NULL ||
          !g_variant_lookup (current, currency_key, "&s", &old_currency) ||
          !g_variant_lookup (current, amount_key, "x", &old_minor) ||
          rs_currency_exponent (old_currency) < 0)
        return TRUE;

      decimal = rs_money_to_decimal (old_minor, old_currency);
      if (!rs_money_parse (decimal, currency, FALSE, &minor, error))
        return FALSE;
    }

  put (builder, current, amount_key, g_variant_new_int64 (minor));
  return TRUE;
}

/* A text option: the text, or "" to remove it. */
static void
put_text (RsCliSaleOptions      *o,
          const RsSaleFieldInfo *info,
          GVariantBuilder       *builder,
          GVariant              *current)
{
  const char *key = rs_sale_field_dbus_key (info);
  const char *text = o->off[info->field] ? "" : o->texts[info->field];

  if (text == NULL)
    return;

  /* A sale without the field has no key: an empty one asks for no change then. */
  if ((info->flags & RS_SALE_FIELD_EMPTY_IS_DEFAULT) && *text == '\0' && current != NULL &&
      !g_variant_lookup (current, key, "&s", NULL))
    return;

  put (builder, current, key, g_variant_new_string (text));
}

GVariant *
rs_cli_sale_options_to_variant (RsCliSaleOptions  *o,
                                GVariant          *current,
                                GError           **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_OPTIONS);
  gboolean reminders_put = FALSE;

  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);
      RsSaleField field = info->field;

      switch (info->type)
        {
        case RS_SALE_FIELD_TYPE_AMOUNT:
          if ((o->texts[field] != NULL || o->texts[RS_SALE_FIELD_CURRENCY] != NULL) &&
              !put_amount (o, &builder, current, error))
            return NULL;
          break;
        case RS_SALE_FIELD_TYPE_TEXT:
          put_text (o, info, &builder, current);
          break;
        case RS_SALE_FIELD_TYPE_FLAG:
          if (!(info->flags & RS_SALE_FIELD_SHORTHAND) && (o->on[field] || o->off[field]))
            put (&builder, current, rs_sale_field_dbus_key (info),
                 g_variant_new_boolean (o->on[field]));
          break;
        case RS_SALE_FIELD_TYPE_LEAD_DAYS:
          /* All --remind- options make one list, where the first of them is. */
          if (changes_reminders (o) && !reminders_put)
            {
              put (&builder, current, rs_sale_field_key (RS_SALE_FIELD_REMINDERS),
                   make_reminders (o, current));
              reminders_put = TRUE;
            }
          break;
        default:
          if (o->values[field] != NULL)
            put (&builder, current, rs_sale_field_dbus_key (info),
                 g_variant_ref (o->values[field]));
          break;
        }
    }

  return g_variant_builder_end (&builder);
}
