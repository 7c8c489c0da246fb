/* rs-period.h: a billing period or term length: n days, weeks, months or years
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <recurring-sales/rs-types.h>

G_BEGIN_DECLS

#define RS_PERIOD_MAX_COUNT 1000

typedef struct {
  guint        count;  /* ≥ 1 */
  RsPeriodUnit unit;
} RsPeriod;

/* "1m", "3m", "2w", "1y", "10d" (count 1–1000). @field_label names the field in the error. */
gboolean rs_period_parse     (const char *text,
                              const char *field_label,
                              RsPeriod   *out_period,
                              GError    **error);
/* Reads the form rs_period_parse () reads, and the words spreadsheets and invoicing programs
 * write, in English or Greek, in any case, with or without accents: "monthly", "quarterly",
 * "yearly", "every 3 months", "Μηνιαία", "Τριμηνιαία", "Ετήσια", "Κάθε 3 μήνες" (the list
 * is rs_period_words ()'s). For files people made, never for D-Bus. */
gboolean rs_period_parse_words (const char *text,
                                const char *field_label,
                                RsPeriod   *out_period,
                                GError    **error);
/* Examples of the words rs_period_parse_words () reads, for help texts: "monthly, quarterly,
 * …"; static. */
const char *rs_period_words (void);
/* The same text form; newly allocated. */
char    *rs_period_to_string (const RsPeriod *period);
/* A translated, human form: "every month", "every 3 months", "every 2 weeks". */
char    *rs_period_describe  (const RsPeriod *period);
gboolean rs_period_equal     (const RsPeriod *a,
                              const RsPeriod *b);

G_END_DECLS
