/* rs-agenda-cursor.c: the sort key of an agenda item as opaque text, and back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-agenda-cursor.h>
#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-schedule.h>

/* The first byte; a later layout takes another number, and cursors of this one are refused. */
#define CURSOR_VERSION 1

/* date, kind, client (nothing when the sale has no client name), uid, for_kind, audience,
 * for_date (0 for other kinds than reminders), lead_days */
#define CURSOR_TYPE "(uymssyyuu)"

char *
rs_agenda_cursor_encode (const RsAgendaItem *item)
{
  g_autoptr(GVariant) key = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  gboolean reminder;
  const guint8 version = CURSOR_VERSION;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (RS_IS_SALE (item->sale), NULL);
  g_return_val_if_fail (g_date_valid (&item->date), NULL);

  reminder = item->kind == RS_AGENDA_ITEM_REMINDER;
  key = g_variant_ref_sink (g_variant_new (CURSOR_TYPE,
                                           g_date_get_julian (&item->date),
                                           (guint8) item->kind,
                                           rs_sale_get_client_name (item->sale),
                                           rs_sale_get_uid (item->sale),
                                           (guint8) (reminder ? item->for_kind : 0),
                                           (guint8) (reminder ? item->audience : 0),
                                           reminder ? g_date_get_julian (&item->for_date) : 0,
                                           reminder ? item->lead_days : 0));

  bytes = g_byte_array_sized_new (1 + g_variant_get_size (key));
  g_byte_array_append (bytes, &version, 1);
  g_byte_array_append (bytes, g_variant_get_data (key), g_variant_get_size (key));
  return g_base64_encode (bytes->data, bytes->len);
}

static gboolean
set_bad_cursor_error (GError **error)
{
  g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                       _("The page cursor is not one this service gave out; ask for the first "
                         "page again with an empty cursor."));
  return FALSE;
}

/* g_base64_decode () skips what is not base64 and never fails: text is checked first. */
static gboolean
is_base64 (const char *text)
{
  gsize length = strlen (text);
  gsize padding = 0;

  if (length == 0 || length > RS_AGENDA_CURSOR_MAX_LENGTH || length % 4 != 0)
    return FALSE;

  while (padding < 2 && text[length - 1 - padding] == '=')
    padding++;

  for (gsize i = 0; i < length - padding; i++)
    {
      if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/')
        return FALSE;
    }

  return TRUE;
}

/* A day an agenda item can have: issue dates end in RS_SCHEDULE_LAST_YEAR, and a reminder
 * fires before its date. */
static gboolean
read_day (guint32  julian,
          GDate   *out_date)
{
  g_date_clear (out_date, 1);
  if (!g_date_valid_julian (julian))
    return FALSE;

  g_date_set_julian (out_date, julian);
  return g_date_get_year (out_date) <= RS_SCHEDULE_LAST_YEAR;
}

static RsAgendaItem *
item_from_key (GVariant *key)
{
  g_autoptr(RsAgendaItem) item = g_new0 (RsAgendaItem, 1);
  const char *client, *uid;
  guint32 date, for_date, lead_days;
  guint8 kind, for_kind, audience;

  g_variant_get (key, "(uym&s&syyuu)", &date, &kind, &client, &uid, &for_kind, &audience,
                 &for_date, &lead_days);
  if (!read_day (date, &item->date) || kind > RS_AGENDA_ITEM_REMINDER || *uid == '\0' ||
      (client != NULL && *client == '\0'))
    return NULL;

  item->kind = kind;
  item->state = RS_OCCURRENCE_OPEN;
  if (kind == RS_AGENDA_ITEM_REMINDER)
    {
      /* The date is the day the reminder fires: its own date less the lead. */
      if (for_kind > RS_REMINDER_KIND_NOTICE || audience > RS_AUDIENCE_TEAM ||
          lead_days > RS_REMINDER_MAX_LEAD_DAYS || !read_day (for_date, &item->for_date) ||
          (guint64) date + lead_days != for_date)
        return NULL;
      item->for_kind = for_kind;
      item->audience = audience;
      item->lead_days = lead_days;
    }
  else if (for_kind != 0 || audience != 0 || for_date != 0 || lead_days != 0)
    {
      return NULL;
    }

  /* A stand-in: the cursor's sale may be gone or renamed by now. */
  item->sale = rs_sale_new ();
  rs_sale_set_uid (item->sale, uid);
  rs_sale_set_client_name (item->sale, client);
  return g_steal_pointer (&item);
}

RsAgendaItem *
rs_agenda_cursor_decode (const char  *cursor,
                         GError     **error)
{
  g_autofree guchar *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) key = NULL;
  RsAgendaItem *item;
  gsize length = 0;

  g_return_val_if_fail (cursor != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_base64 (cursor))
    {
      set_bad_cursor_error (error);
      return NULL;
    }

  data = g_base64_decode (cursor, &length);
  if (length < 1 || data[0] != CURSOR_VERSION)
    {
      set_bad_cursor_error (error);
      return NULL;
    }

  /* Untrusted bytes: only a value in normal form is the one encode () wrote (and its strings
   * are then valid UTF-8 without NUL). */
  bytes = g_bytes_new (data + 1, length - 1);
  key = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (CURSOR_TYPE), bytes, FALSE));
  if (!g_variant_is_normal_form (key) || (item = item_from_key (key)) == NULL)
    {
      set_bad_cursor_error (error);
      return NULL;
    }

  return item;
}
