/* fuzz-agenda-cursor.c: rs_agenda_cursor_decode () on any text
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * UpcomingPage hands its cursor back to whoever asks, and takes any text as one. A cursor the
 * decoder accepts names a real place in the agenda's order: a valid day, known kinds, a uid,
 * and for a reminder a date that is its day plus the lead; made into text again, it decodes to
 * the same place. Anything else is refused with one clean sentence.
 */
#include "config.h"

#include "fuzz-common.h"
#include <recurring-sales/rs-agenda-cursor.h>

static void
check_cursor (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RsAgendaItem) item = rs_agenda_cursor_decode (text, &error);
  g_autoptr(RsAgendaItem) again = NULL;
  g_autofree char *encoded = NULL;

  if (item == NULL)
    {
      FUZZ_CHECK_REFUSED (error);
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (g_date_valid (&item->date));
  FUZZ_CHECK (item->kind <= RS_AGENDA_ITEM_REMINDER);
  FUZZ_CHECK (RS_IS_SALE (item->sale) && *rs_sale_get_uid (item->sale) != '\0');
  if (item->kind == RS_AGENDA_ITEM_REMINDER)
    {
      GDate fires = item->for_date;

      FUZZ_CHECK (g_date_valid (&item->for_date));
      g_date_subtract_days (&fires, item->lead_days);
      FUZZ_CHECK (g_date_compare (&fires, &item->date) == 0);
    }

  encoded = rs_agenda_cursor_encode (item);
  FUZZ_CHECK (strlen (encoded) <= RS_AGENDA_CURSOR_MAX_LENGTH);
  again = rs_agenda_cursor_decode (encoded, NULL);
  FUZZ_CHECK (again != NULL);
  FUZZ_CHECK (rs_agenda_item_compare (item, again) == 0);
  FUZZ_CHECK (g_strcmp0 (rs_sale_get_uid (item->sale), rs_sale_get_uid (again->sale)) == 0);
  FUZZ_CHECK (g_strcmp0 (rs_sale_get_client_name (item->sale),
                         rs_sale_get_client_name (again->sale)) == 0);
}

FUZZ_DEFINE_TEXT_TARGET (check_cursor)
