/* rs-agenda-cursor.h: where a page of the agenda ended, as text a client hands back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A cursor holds the sort key of the last item of a page (rs_agenda_item_compare ()): date,
 * kind, client name, sale uid and, for reminders, what they are about and the lead. The next
 * page starts strictly after that key, so a sale removed or renamed between two pages moves
 * nothing else. The text is opaque to clients: base64 of a version byte and a GVariant.
 */
#pragma once

#include <recurring-sales/rs-agenda.h>

G_BEGIN_DECLS

/* The longest cursor rs_agenda_cursor_decode () reads; longer text was not made here. */
#define RS_AGENDA_CURSOR_MAX_LENGTH 4096

/* The cursor of @item (newly allocated, never empty). */
char         *rs_agenda_cursor_encode (const RsAgendaItem  *item);

/* The sort key of @cursor as an item whose sale is a stand-in holding only the uid and client
 * name (compare it with rs_agenda_item_compare (); never look it up). Text that is not a
 * cursor made by rs_agenda_cursor_encode () gives NULL and RS_ERROR_INVALID_ARGUMENT. */
RsAgendaItem *rs_agenda_cursor_decode (const char          *cursor,
                                       GError             **error);

G_END_DECLS
