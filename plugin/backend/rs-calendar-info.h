/* rs-calendar-info.h: what a query needs to know of one component without building it again
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libecal/libecal.h>

#include <recurring-sales/rs-sale.h>

G_BEGIN_DECLS

/* The properties EDS's (has-…?) predicates look at. */
typedef enum {
  RS_CALENDAR_FACT_ALARMS      = 1 << 0,  /* has-alarms? */
  RS_CALENDAR_FACT_RECURRENCES = 1 << 1,  /* has-recurrences?: a series, or a detached instance */
  RS_CALENDAR_FACT_START       = 1 << 2,  /* has-start? */
  RS_CALENDAR_FACT_END         = 1 << 3,  /* has-end? */
  RS_CALENDAR_FACT_DUE         = 1 << 4,  /* has-due?; due-in-time-range? needs one */
  RS_CALENDAR_FACT_DURATION    = 1 << 5,  /* has-duration? */
  RS_CALENDAR_FACT_ATTACHMENTS = 1 << 6,  /* has-attachments? */
  RS_CALENDAR_FACT_COMPLETED   = 1 << 7,  /* is-completed?: COMPLETED, or STATUS:COMPLETED */
  RS_CALENDAR_FACT_ORGANIZER   = 1 << 8,  /* (contains? "organizer" …) looks at it */
  RS_CALENDAR_FACT_ATTENDEES   = 1 << 9,  /* (contains? "attendee" …) looks at them */
} RsCalendarFacts;

/* The texts (contains? FIELD …) searches, besides "any" (all four). */
typedef enum {
  RS_CALENDAR_TEXT_SUMMARY,
  RS_CALENDAR_TEXT_DESCRIPTION,
  RS_CALENDAR_TEXT_COMMENT,
  RS_CALENDAR_TEXT_LOCATION,
  RS_CALENDAR_N_TEXTS
} RsCalendarTextField;

typedef struct {
  RsReminderKind               kind;
  GDate                        recurrence_date;  /* a detached instance's date; else invalid */
  RsCalendarFacts              facts;
  ICalPropertyStatus           status;
  ECalComponentClassification  classification;
  int                          priority;         /* -1: none */
  GStrv                        categories;       /* NULL: none */
  /* Each searchable text as rs_calendar_text_fold () folds it (several descriptions or
   * comments one after another); NULL when the component has none. GRefStrings: a sale's
   * components share the texts they have in common. */
  char                        *texts[RS_CALENDAR_N_TEXTS];
} RsCalendarComponentInfo;

/* Fills @info from @component; rs_calendar_component_info_clear () releases it. */
void      rs_calendar_component_info_init  (RsCalendarComponentInfo       *info,
                                            ECalComponent                 *component);
void      rs_calendar_component_info_clear (RsCalendarComponentInfo       *info);
/* Lets @info share the texts equal to those of @other (a component of the same sale). */
void      rs_calendar_component_info_share (RsCalendarComponentInfo       *info,
                                            const RsCalendarComponentInfo *other);

/* @text as e_util_utf8_strstrcasedecomp () compares it, so that plain strstr () finds in it
 * exactly what EDS finds: every character stripped, lower-cased and decomposed; those EDS
 * skips (controls, formats) become a separator that a needle never holds. A text that is not
 * empty starts with a separator, so that "" stays the folding of the empty text. */
char     *rs_calendar_text_fold            (const char                    *text);
/* @needle as e_util_utf8_strstrcasedecomp () reads it: the characters it skips left out; NULL
 * for text that is not UTF-8, which EDS finds nowhere. */
char     *rs_calendar_text_fold_needle     (const char                    *needle);
/* Whether the folded @text contains @needle (folded: @folded_needle) as
 * e_util_utf8_strstrcasedecomp () decides it; FALSE when @text is NULL. */
gboolean  rs_calendar_text_contains        (const char                    *text,
                                            const char                    *needle,
                                            const char                    *folded_needle);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RsCalendarComponentInfo, rs_calendar_component_info_clear)

G_END_DECLS
