/* rs-date.h: calendar dates as the core uses them (GDate, ISO 8601 text)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses exactly YYYY-MM-DD (years 1900–9999) into @out_date. @field names the field in the
 * error ("The expiry date 2026-02-30 is not a valid date."). */
gboolean rs_date_parse        (const char *text,
                               const char *field_label,
                               GDate      *out_date,
                               GError    **error);
/* Reads a date as a person types it: YYYY-MM-DD always, and the form @format writes, a strftime
 * format of %d, %m and %Y, each once, with separators that are not digits ("%d/%m/%Y":
 * 30/03/2027, and 30/3/2027 too). NULL @format is the form rs_date_to_local () writes: only
 * YYYY-MM-DD in English, also DD/MM/YYYY in Greek. Refusals show how to write the date in both
 * forms. For what people type (the command), never for files or D-Bus, which are YYYY-MM-DD. */
gboolean rs_date_parse_local  (const char *text,
                               const char *field_label,
                               const char *format,
                               GDate      *out_date,
                               GError    **error);
/* A date as the user's language writes it: "2027-01-31" in English, "31/01/2027" in Greek. */
char    *rs_date_to_local     (const GDate *date);
/* Returns a newly allocated "YYYY-MM-DD". */
char    *rs_date_to_iso       (const GDate *date);
void     rs_date_to_iso_buf   (const GDate *date,
                               char         buf[11]);
/* The last day of @month in @year (28–31). */
guint    rs_date_days_in_month (guint year,
                                guint month);
/* Today in the local time zone. */
void     rs_date_set_today    (GDate *date);
/* The calendar day of @date_time, in @date_time's own time zone. */
void     rs_date_set_date_time (GDate     *date,
                                GDateTime *date_time);
/* Whether @date falls on or after @first and on or before @last. */
gboolean rs_date_in_range     (const GDate *date,
                               const GDate *first,
                               const GDate *last);
/* The time a test's clock file holds (RS_SERVICE_CLOCK_FILE, RS_BACKEND_CLOCK_FILE): seconds
 * since the epoch, or an ISO 8601 date and time with its offset. */
gboolean rs_date_read_clock_file (const char  *path,
                                  gint64      *out_time,
                                  GError     **error);

G_END_DECLS
