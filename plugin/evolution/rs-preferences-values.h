/* rs-preferences-values.h: what the Preferences page's text fields hold, as GSettings values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Without GTK, so that the tests check it without a display. Each parser returns the value to
 * write (floating), or NULL with a sentence for the user shown next to the field; nothing is
 * written then.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A name that signs letters; longer is a paste gone wrong (as `recurring-sales settings`). */
#define RS_PREFERENCES_MAX_BUSINESS_NAME_CHARS 200

/* "30, 7" → [30, 7] ("au"); "" → []. */
GVariant *rs_preferences_parse_lead_days   (const char  *text,
                                            GError     **error);
/* [30, 7] → "30, 7". */
char     *rs_preferences_format_lead_days  (GVariant    *days);
/* "09:00" → "09:00" ("s"), a time of day HH:MM. */
GVariant *rs_preferences_parse_time        (const char  *text,
                                            GError     **error);
/* One line, at most RS_PREFERENCES_MAX_BUSINESS_NAME_CHARS characters, trimmed ("s"). */
GVariant *rs_preferences_parse_business_name (const char  *text,
                                              GError     **error);

/* "anna@example.gr, nikos@example.gr" → ["anna@example.gr", "nikos@example.gr"] ("as"), each
 * checked as a client's address is, at most RS_SALE_MAX_TEAM; "" → []. */
GVariant *rs_preferences_parse_addresses   (const char  *text,
                                            GError     **error);
/* ["a@x.gr", "b@x.gr"] → "a@x.gr, b@x.gr". */
char     *rs_preferences_format_addresses  (GVariant    *addresses);
/* elorus-sync-interval: seconds as the page's minutes, rounded up so that a setting of a few
 * seconds (counted as 10 minutes by the service) never shows as 0, which is "off". */
guint     rs_preferences_seconds_to_minutes (guint32     seconds);

G_END_DECLS
