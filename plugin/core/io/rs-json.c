/* rs-json.c: sales as JSON, the format of `recurring-sales export --format json`
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-defaults.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-json.h>
#include <recurring-sales/rs-money.h>
#include <recurring-sales/rs-text.h>

#include "rs-sale-fields-private.h"

#define FORMAT_NAME "evolution-recurring-sales"
#define FORMAT_VERSION 1
#define MAX_SALES 1000000

/* json-glib's messages quote the text they stumbled on ("unexpected string constant" with any
 * line breaks and control characters it holds, at any length), and the command prints them
 * in a terminal: a file must not get escape sequences there. Cleaned like echoed input, but
 * with room for the parser's whole sentence. */
#define PARSER_MESSAGE_MAX_CHARS 200

/* An export is one object nested at most five deep (the sales, a sale, its reminders, one
 * reminder). json-glib 1.6 parses recursively, without a limit, and keeps only the first of
 * several values, dropping (and leaking) the others. So a hostile file of a few hundred
 * kilobytes of "[[[[…" would crash the service on its stack, and two exports joined into one
 * file (`cat a.json b.json`) would import the first one's sales and silently lose the rest.
 * This scan refuses both before json-glib sees the data. It counts brackets outside strings;
 * to count them exactly as json-glib's scanner does, it also refuses single quotes and slashes
 * outside strings, which that scanner reads as strings and comments and no export holds.
 * Anything else is left to json-glib to read or to explain. */
#define MAX_DEPTH 16

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
has_export_shape (const char *data,
                  gsize       length)
{
  const char *p = data, *end = data + length;
  gboolean in_string = FALSE;
  guint depth = 0;

  /* json-glib skips a byte order mark. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && is_json_space (*p))
    p++;
  if (p == end || *p != '{')
    return FALSE;

  for (; p < end; p++)
    {
      if (in_string)
        {
          if (*p == '\\')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '\'' || *p == '/')
        return FALSE;
      else if (*p == '{' || *p == '[')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if ((*p == '}' || *p == ']') && --depth == 0)
        break;
    }

  /* The object never ends: json-glib says where it went wrong. */
  if (p >= end)
    return TRUE;

  for (p++; p < end; p++)
    {
      if (!is_json_space (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
type_error (const char  *key,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: %1$s is a JSON key, %2$s a kind of value such as "text" */
               _("The field “%1$s” must be %2$s."), key, expected);
  return FALSE;
}

/* The member @key when it holds a value of @type; NULL (not an error) when it is missing or
 * null. @expected names such a value in the error ("text"). */
static gboolean
get_value (JsonObject  *object,
           const char  *key,
           GType        type,
           const char  *expected,
           JsonNode   **out_node,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out_node = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return type_error (key, expected, error);

  *out_node = node;
  return TRUE;
}

static gboolean
get_string (JsonObject  *object,
            const char  *key,
            gboolean     required,
            const char **out_value,
            GError     **error)
{
  JsonNode *node;

  *out_value = NULL;
  if (!get_value (object, key, G_TYPE_STRING, _("text"), &node, error))
    return FALSE;

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is a JSON key */
                   _("The field “%s” is missing."), key);
      return FALSE;
    }

  *out_value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *key,
         gint64       min,
         gint64       max,
         gboolean    *out_present,
         gint64      *out_value,
         GError     **error)
{
  JsonNode *node;

  *out_present = FALSE;
  if (!get_value (object, key, G_TYPE_INT64, _("a whole number"), &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  *out_value = json_node_get_int (node);
  if (*out_value < min || *out_value > max)
    {
      g_autofree char *value_text = g_strdup_printf ("%" G_GINT64_FORMAT, *out_value);

      rs_sale_field_range_error (error, key, value_text, min, max);
      return FALSE;
    }

  *out_present = TRUE;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *key,
          gboolean     fallback,
          gboolean    *out_value,
          GError     **error)
{
  JsonNode *node;

  *out_value = fallback;
  /* Translators: the JSON literals true and false; keep them in English */
  if (!get_value (object, key, G_TYPE_BOOLEAN, _("true or false"), &node, error))
    return FALSE;

  if (node != NULL)
    *out_value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
parse_reminders (const RsSaleFieldInfo  *info,
                 RsSale                 *sale,
                 JsonNode               *node,
                 GError                **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (info->name, _("a list"), error);

  array = json_node_get_array (node);
  if (json_array_get_length (array) > RS_SALE_MAX_REMINDERS)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("A sale can have at most %d reminders."), RS_SALE_MAX_REMINDERS);
      return FALSE;
    }

  rs_sale_clear_reminders (sale);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      const char *kind_text, *audience_text;
      RsReminderKind kind;
      RsAudience audience = RS_AUDIENCE_OWNER;
      gboolean present;
      gint64 lead_days = 0;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return type_error (info->name, _("a list of objects"), error);
      object = json_node_get_object (element);

      if (!get_string (object, "kind", TRUE, &kind_text, error) ||
          !get_string (object, "audience", FALSE, &audience_text, error) ||
          !get_int (object, "lead_days", 0, RS_REMINDER_MAX_LEAD_DAYS, &present, &lead_days, error))
        return FALSE;

      if (!rs_reminder_kind_parse (kind_text, &kind, error))
        return FALSE;
      if (audience_text != NULL && !rs_audience_parse (audience_text, &audience, error))
        return FALSE;
      if (!present)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("The field “%s” is missing."), "lead_days");
          return FALSE;
        }
      rs_sale_add_reminder (sale, kind, (guint) lead_days, audience);
    }

  return TRUE;
}

static gboolean
parse_occurrences (const RsSaleFieldInfo  *info,
                   RsSale                 *sale,
                   JsonNode               *node,
                   GError                **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (info->name, _("an object of dates and states"), error);

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *date_text = l->data;
      const char *state_text;
      RsOccurrenceState state;
      GDate date;

      if (!rs_date_parse (date_text, _("The occurrence date"), &date, error) ||
          !get_string (object, date_text, TRUE, &state_text, error))
        return FALSE;
      if (!rs_occurrence_state_parse (state_text, &state, error))
        return FALSE;
      rs_sale_set_occurrence_state (sale, &date, state);
    }

  return TRUE;
}

/* until, count and term: at most one of them. */
static gboolean
parse_term (JsonObject  *object,
            RsSale      *sale,
            GError     **error)
{
  const RsSaleFieldInfo *until_info = rs_sale_field_get_info (RS_SALE_FIELD_UNTIL);
  const RsSaleFieldInfo *term_info = rs_sale_field_get_info (RS_SALE_FIELD_TERM);
  const RsSaleFieldInfo *count_info = rs_sale_field_get_info (RS_SALE_FIELD_COUNT);
  const char *until = NULL, *term = NULL;
  gboolean has_count;
  gint64 count = 0;

  if (!get_string (object, until_info->name, FALSE, &until, error) ||
      !get_string (object, term_info->name, FALSE, &term, error) ||
      !get_int (object, count_info->name, count_info->min, count_info->max, &has_count, &count,
                error))
    return FALSE;

  if ((until != NULL) + (term != NULL) + (has_count != FALSE) > 1)
    {
      rs_sale_field_term_error (error);
      return FALSE;
    }

  if (until != NULL)
    return rs_sale_field_from_text (until_info, sale, until, error);
  if (term != NULL)
    return rs_sale_field_from_text (term_info, sale, term, error);
  if (has_count)
    rs_sale_field_set_number (count_info, sale, count);
  return TRUE;
}

/* The amount is a decimal in the currency's units, so it is read with the currency. */
static gboolean
parse_amount (JsonObject             *object,
              const RsSaleFieldInfo  *info,
              RsSale                 *sale,
              GError                **error)
{
  const RsSaleFieldInfo *currency_info = rs_sale_field_get_info (RS_SALE_FIELD_CURRENCY);
  const char *amount_text, *currency;
  gint64 amount_minor;

  /* The sale's amount is required; an offer's amount is not. */
  if (!(info->flags & RS_SALE_FIELD_REQUIRED) && !json_object_has_member (object, info->name))
    return TRUE;

  if (!get_string (object, info->name, TRUE, &amount_text, error) ||
      !get_string (object, currency_info->name, TRUE, &currency, error) ||
      !rs_money_parse (amount_text, currency, FALSE, &amount_minor, error))
    return FALSE;

  rs_sale_field_set_number (info, sale, amount_minor);
  return TRUE;
}

static gboolean
parse_member (JsonObject             *object,
              const RsSaleFieldInfo  *info,
              RsSale                 *sale,
              const RsDefaults       *defaults,
              GError                **error)
{
  gboolean required = (info->flags & RS_SALE_FIELD_REQUIRED) != 0;
  JsonNode *member = json_object_get_member (object, info->name);
  const char *text;
  gboolean present, flag;
  gint64 number;

  switch (info->type)
    {
    case RS_SALE_FIELD_TYPE_AMOUNT:
      return parse_amount (object, info, sale, error);
    case RS_SALE_FIELD_TYPE_NUMBER:
      if (!get_int (object, info->name, info->min, info->max, &present, &number, error))
        return FALSE;
      if (present)
        rs_sale_field_set_number (info, sale, number);
      return TRUE;
    case RS_SALE_FIELD_TYPE_FLAG:
      if (!get_bool (object, info->name, info->get_flag (sale), &flag, error))
        return FALSE;
      info->set_flag (sale, flag);
      return TRUE;
    case RS_SALE_FIELD_TYPE_REMINDERS:
      if (member == NULL || JSON_NODE_HOLDS_NULL (member))
        {
          rs_defaults_apply_term_reminders (defaults, sale);
          return TRUE;
        }
      return parse_reminders (info, sale, member, error);
    case RS_SALE_FIELD_TYPE_OCCURRENCES:
      return member == NULL || JSON_NODE_HOLDS_NULL (member) ||
             parse_occurrences (info, sale, member, error);
    case RS_SALE_FIELD_TYPE_LEAD_DAYS:
      g_return_val_if_reached (FALSE);
    default:
      if (!get_string (object, info->name, required, &text, error))
        return FALSE;
      return text == NULL || rs_sale_field_from_text (info, sale, text, error);
    }
}

static RsSale *
parse_sale (JsonNode          *node,
            const RsDefaults  *defaults,
            GError           **error)
{
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_JSON_READ);
  g_autoptr(RsSale) sale = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  gboolean term_read = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT, _("A sale must be a JSON object."));
      return NULL;
    }
  object = json_node_get_object (node);

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (rs_sale_field_find_json_member (l->data) == NULL)
      {
        g_autofree char *shown = rs_text_for_message (l->data);
        g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is a JSON key */
                     _("The field “%s” is not known."), shown);
        return NULL;
      }

  sale = rs_defaults_new_sale (defaults);
  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);

      if (info->flags & RS_SALE_FIELD_TERM_GROUP)
        {
          if (!term_read && !parse_term (object, sale, error))
            return NULL;
          term_read = TRUE;
        }
      else if (!parse_member (object, info, sale, defaults, error))
        return NULL;
    }

  if (!rs_sale_validate (sale, error))
    return NULL;

  return g_steal_pointer (&sale);
}

GPtrArray *
rs_json_parse_sales (const char        *data,
                     gssize             length,
                     const RsDefaults  *defaults,
                     GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GHashTable) positions = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RsDefaults) builtin = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;
  const char *format = NULL;
  gboolean has_version;
  gint64 version = 0;

  g_return_val_if_fail (data != NULL, NULL);

  if (defaults == NULL)
    defaults = builtin = rs_defaults_new_builtin ();

  if (length < 0)
    length = (gssize) strlen (data);
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The JSON data is not valid UTF-8 text."));
      return NULL;
    }

  if (!has_export_shape (data, (gsize) length))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The JSON data is not an export of recurring sales."));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_autofree char *shown = rs_text_for_message_up_to (local_error->message,
                                                          PARSER_MESSAGE_MAX_CHARS);

      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the JSON parser's own explanation */
                   _("The data is not valid JSON: %s"), shown);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The JSON data is not an export of recurring sales."));
      return NULL;
    }
  root = json_node_get_object (node);
  if (!get_string (root, "format", TRUE, &format, error))
    return NULL;
  if (g_strcmp0 (format, FORMAT_NAME) != 0 ||
      (node = json_object_get_member (root, "sales")) == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The JSON data is not an export of recurring sales."));
      return NULL;
    }
  if (!get_int (root, "version", 1, G_MAXINT64, &has_version, &version, error))
    return NULL;
  if (has_version && version > FORMAT_VERSION)
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The JSON data was written by a newer version of evolution-recurring-sales."));
      return NULL;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_SALES)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   _("The JSON data holds more than %d sales."), MAX_SALES);
      return NULL;
    }

  sales = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  /* uid (owned by its sale) → position from 1: an import takes a known uid for a sale already
   * there, so two sales of one file under one uid would silently become one. */
  positions = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      RsSale *sale = parse_sale (json_array_get_element (array, i), defaults, &local_error);
      guint first;

      if (sale == NULL)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %1$u is the position of the sale in the file, %2$s the problem */
                       _("Sale %1$u: %2$s"), i + 1, local_error->message);
          return NULL;
        }
      g_ptr_array_add (sales, sale);

      first = GPOINTER_TO_UINT (g_hash_table_lookup (positions, rs_sale_get_uid (sale)));
      if (first != 0)
        {
          g_autofree char *shown = rs_text_for_message (rs_sale_get_uid (sale));

          g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       /* Translators: %1$u and %3$u are positions of sales in the file, %2$s a
                        * sale identifier */
                       _("Sale %1$u: The sale identifier “%2$s” is already used by sale %3$u."),
                       i + 1, shown, first);
          return NULL;
        }
      g_hash_table_insert (positions, (gpointer) rs_sale_get_uid (sale), GUINT_TO_POINTER (i + 1));
    }

  return g_steal_pointer (&sales);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
add_reminders (JsonBuilder *builder,
               RsSale      *sale)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);

  json_builder_begin_array (builder);
  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);

      json_builder_begin_object (builder);
      add_string (builder, "kind", rs_reminder_kind_to_string (rule->kind));
      json_builder_set_member_name (builder, "lead_days");
      json_builder_add_int_value (builder, rule->lead_days);
      add_string (builder, "audience", rs_audience_to_string (rule->audience));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_occurrences (JsonBuilder *builder,
                 RsSale      *sale)
{
  GArray *marked = rs_sale_get_marked_occurrences (sale);

  json_builder_begin_object (builder);
  for (guint i = 0; i < marked->len; i++)
    {
      const RsOccurrence *occurrence = &g_array_index (marked, RsOccurrence, i);
      char date[11];

      rs_date_to_iso_buf (&occurrence->issue_date, date);
      add_string (builder, date, rs_occurrence_state_to_string (occurrence->state));
    }
  json_builder_end_object (builder);
}

/* The members of the sale that have a value: what is left out reads back as the same. */
static void
write_sale (JsonBuilder *builder,
            RsSale      *sale)
{
  const RsSaleField *order = rs_sale_fields_in_order (RS_SALE_ORDER_JSON_WRITTEN);

  json_builder_begin_object (builder);
  for (guint i = 0; order[i] != RS_SALE_FIELD_NONE; i++)
    {
      const RsSaleFieldInfo *info = rs_sale_field_get_info (order[i]);

      if (!rs_sale_field_has_value (info, sale))
        continue;

      switch (info->type)
        {
        case RS_SALE_FIELD_TYPE_NUMBER:
          json_builder_set_member_name (builder, info->name);
          json_builder_add_int_value (builder, rs_sale_field_get_number (info, sale));
          break;
        case RS_SALE_FIELD_TYPE_FLAG:
          json_builder_set_member_name (builder, info->name);
          json_builder_add_boolean_value (builder, info->get_flag (sale));
          break;
        case RS_SALE_FIELD_TYPE_REMINDERS:
          json_builder_set_member_name (builder, info->name);
          add_reminders (builder, sale);
          break;
        case RS_SALE_FIELD_TYPE_OCCURRENCES:
          json_builder_set_member_name (builder, info->name);
          add_occurrences (builder, sale);
          break;
        default:
          {
            g_autofree char *text = rs_sale_field_to_file_text (info, sale);

            add_string (builder, info->name, text);
          }
          break;
        }
    }
  json_builder_end_object (builder);
}

static char *
write_sales (GPtrArray *sales,
             gboolean   pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "sales");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sales->len; i++)
    write_sale (builder, g_ptr_array_index (sales, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}

char *
rs_json_write_sales (GPtrArray *sales)
{
  g_return_val_if_fail (sales != NULL, NULL);

  return write_sales (sales, TRUE);
}

char *
rs_json_write_sales_line (GPtrArray *sales)
{
  g_return_val_if_fail (sales != NULL, NULL);

  return write_sales (sales, FALSE);
}
