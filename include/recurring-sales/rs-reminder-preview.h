/* rs-reminder-preview.h: which date a client reminder preview is about
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A preview shows the e-mail a client would get for one occurrence of a reminder kind: the
 * date the owner asked about, which must be one of the sale's dates of that kind, or else the
 * next one. "Next" is counted from the caller's today, so that the service can give the date
 * of its own clock (which tests set) rather than the wall clock's.
 */
#pragma once

#include <glib.h>
#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/**
 * rs_reminder_preview_occurrence:
 * @sale: the sale
 * @kind: the kind of reminder to preview
 * @wanted: (nullable): the date asked about, or %NULL for the next one
 * @today: the day "next" counts from (only read for an invoice without @wanted)
 * @out_occurrence: (out): the issue date, expiry date or notice deadline
 * @error: RS_ERROR_INVALID_ARGUMENT with a sentence when there is no such date
 *
 * With @wanted, checks that it is an issue date of @sale (invoice), its expiry date or its
 * notice deadline. Without it, finds the first issue date on or after @today, the expiry
 * date or the notice deadline.
 *
 * Returns: whether @out_occurrence was set
 */
gboolean rs_reminder_preview_occurrence (RsSale          *sale,
                                         RsReminderKind   kind,
                                         const GDate     *wanted,
                                         const GDate     *today,
                                         GDate           *out_occurrence,
                                         GError         **error);

G_END_DECLS
