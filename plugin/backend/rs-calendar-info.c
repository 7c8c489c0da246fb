/* rs-calendar-info.c: what a query needs to know of one component without building it again
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Read once from the component the calendar shows, when the cache builds a sale's entry: the
 * properties EDS's predicates test, and the texts (contains? …) searches, folded the way EDS
 * compares them, so that a search of every sale is a strstr () per text instead of a
 * projection per sale. Both come from the component itself, never from the sale, so that they
 * cannot disagree with what EDS would match on it.
 */
#include "config.h"

#include <string.h>

#include <libedataserver/libedataserver.h>

#include "rs-calendar-info.h"
#include <recurring-sales/rs-projection.h>

/* Stands for each character EDS skips: e_util_utf8_strstrcasedecomp () never lets a match run
 * across one, and a needle never holds it (U+0001 is a control: it is skipped in needles). */
#define SEPARATOR '\001'

/* A copy of stripped_char () of e-data-server-util.c (EDS 3.46, LGPL-2.1-or-later), which is
 * static there: e_util_utf8_strstrcasedecomp () compares the characters it returns, and 0
 * means "skip". Copied, not imitated, so that the backend folds exactly as EDS does. */
static gunichar
stripped_char (gunichar ch)
{
  gunichar decomp[4];
  GUnicodeType utype;

  utype = g_unichar_type (ch);

  switch (utype)
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_SPACING_MARK:
      return 0;
    default:
      ch = g_unichar_tolower (ch);
      /* falls through */
    case G_UNICODE_LOWERCASE_LETTER:
      if (g_unichar_fully_decompose (ch, FALSE, decomp, 4) > 0)
        return decomp[0];
      break;
    }

  return 0;
}

/* stripped_char () of each ASCII character, worked out once: most texts are mostly ASCII. */
static const gunichar *
ascii_stripped (void)
{
  static gunichar table[128];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (gunichar ch = 1; ch < G_N_ELEMENTS (table); ch++)
        table[ch] = stripped_char (ch);
      g_once_init_leave (&ready, 1);
    }

  return table;
}

/* The next character of @text as e_util_unicode_get_utf8 () reads it (*@out_ch), and where
 * the one after starts; NULL where @text stops being UTF-8. */
static const char *
next_char (const char *text,
           gunichar   *out_ch)
{
  if ((guchar) *text < 0x80)
    {
      *out_ch = (guchar) *text;
      return text + 1;
    }

  return e_util_unicode_get_utf8 (text, out_ch);
}

/* Folds @text into @out as e_util_utf8_strstrcasedecomp () reads it, @skipped standing for
 * each character it skips (0: left out); FALSE where @text stops being UTF-8. */
static gboolean
fold_into (GString    *out,
           const char *text,
           char        skipped)
{
  const gunichar *ascii = ascii_stripped ();
  gunichar ch;

  for (const char *p = next_char (text, &ch); ; p = next_char (p, &ch))
    {
      gunichar folded;

      if (p == NULL)
        return FALSE;
      if (ch == 0)
        return TRUE;

      folded = ch < 0x80 ? ascii[ch] : stripped_char (ch);
      if (folded != 0)
        g_string_append_unichar (out, folded);
      else if (skipped != '\0')
        g_string_append_c (out, skipped);
    }
}

char *
rs_calendar_text_fold (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text) + 1);
  if (*text != '\0')
    g_string_append_c (out, SEPARATOR);
  /* EDS stops reading a haystack where it stops being UTF-8: so does the folding. */
  fold_into (out, text, SEPARATOR);
  return g_string_free (out, FALSE);
}

char *
rs_calendar_text_fold_needle (const char *needle)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (needle != NULL, NULL);

  out = g_string_sized_new (strlen (needle));
  if (!fold_into (out, needle, '\0'))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
rs_calendar_text_contains (const char *text,
                           const char *needle,
                           const char *folded_needle)
{
  g_return_val_if_fail (needle != NULL, FALSE);

  /* The order of e_util_utf8_strstrcasedecomp ()'s own tests. */
  if (text == NULL)
    return FALSE;
  if (*needle == '\0')
    return TRUE;
  if (*text == '\0' || folded_needle == NULL)
    return FALSE;
  if (*folded_needle == '\0')
    return TRUE;
  return strstr (text, folded_needle) != NULL;
}

static char *
ref_folded (const char *text)
{
  g_autofree char *folded = rs_calendar_text_fold (text);

  return folded != NULL ? g_ref_string_new (folded) : NULL;
}

/* Several texts (descriptions, comments) one after another: a needle never matches across two,
 * as each starts with a separator. NULL when none has a value, which EDS matches with nothing. */
static char *
ref_folded_list (GSList *texts)
{
  g_autoptr(GString) joined = NULL;

  for (GSList *l = texts; l != NULL; l = l->next)
    {
      const char *value = l->data != NULL ? e_cal_component_text_get_value (l->data) : NULL;
      g_autofree char *folded = rs_calendar_text_fold (value);

      if (folded == NULL)
        continue;
      if (joined == NULL)
        joined = g_string_new (NULL);
      g_string_append (joined, folded);
    }

  return joined != NULL ? g_ref_string_new (joined->str) : NULL;
}

static GStrv
dup_categories (ECalComponent *component)
{
  GSList *categories = e_cal_component_get_categories_list (component);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (categories == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (GSList *l = categories; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  g_slist_free_full (categories, g_free);
  return g_strv_builder_end (builder);
}

static RsCalendarFacts
read_facts (ECalComponent *component)
{
  ICalComponent *icomp = e_cal_component_get_icalcomponent (component);
  ICalTime *completed = e_cal_component_get_completed (component);
  RsCalendarFacts facts = 0;

  if (e_cal_component_has_alarms (component))
    facts |= RS_CALENDAR_FACT_ALARMS;
  if (e_cal_component_has_recurrences (component) || e_cal_component_is_instance (component))
    facts |= RS_CALENDAR_FACT_RECURRENCES;
  if (e_cal_util_component_has_property (icomp, I_CAL_DTSTART_PROPERTY))
    facts |= RS_CALENDAR_FACT_START;
  if (e_cal_util_component_has_property (icomp, I_CAL_DTEND_PROPERTY))
    facts |= RS_CALENDAR_FACT_END;
  if (e_cal_util_component_has_property (icomp, I_CAL_DUE_PROPERTY))
    facts |= RS_CALENDAR_FACT_DUE;
  if (e_cal_util_component_has_property (icomp, I_CAL_DURATION_PROPERTY))
    facts |= RS_CALENDAR_FACT_DURATION;
  if (e_cal_component_has_attachments (component))
    facts |= RS_CALENDAR_FACT_ATTACHMENTS;
  if (completed != NULL || e_cal_component_get_status (component) == I_CAL_STATUS_COMPLETED)
    facts |= RS_CALENDAR_FACT_COMPLETED;
  if (e_cal_component_has_organizer (component))
    facts |= RS_CALENDAR_FACT_ORGANIZER;
  if (e_cal_component_has_attendees (component))
    facts |= RS_CALENDAR_FACT_ATTENDEES;

  g_clear_object (&completed);
  return facts;
}

void
rs_calendar_component_info_init (RsCalendarComponentInfo *info,
                                 ECalComponent           *component)
{
  ECalComponentRange *recurrence_id;
  ECalComponentText *summary;
  GSList *texts;
  g_autofree char *location = NULL;

  g_return_if_fail (info != NULL);
  g_return_if_fail (E_IS_CAL_COMPONENT (component));

  memset (info, 0, sizeof *info);
  g_date_clear (&info->recurrence_date, 1);
  if (!rs_projection_parse_component_uid (e_cal_component_get_uid (component), NULL, &info->kind))
    info->kind = RS_REMINDER_KIND_INVOICE;

  recurrence_id = e_cal_component_get_recurid (component);
  if (recurrence_id != NULL)
    {
      ICalTime *time = e_cal_component_datetime_get_value (
        e_cal_component_range_get_datetime (recurrence_id));

      if (time != NULL && !i_cal_time_is_null_time (time))
        g_date_set_dmy (&info->recurrence_date, (GDateDay) i_cal_time_get_day (time),
                        (GDateMonth) i_cal_time_get_month (time),
                        (GDateYear) i_cal_time_get_year (time));
      e_cal_component_range_free (recurrence_id);
    }

  info->facts = read_facts (component);
  info->status = e_cal_component_get_status (component);
  info->classification = e_cal_component_get_classification (component);
  info->priority = e_cal_component_get_priority (component);
  info->categories = dup_categories (component);

  summary = e_cal_component_get_summary (component);
  if (summary != NULL)
    info->texts[RS_CALENDAR_TEXT_SUMMARY] = ref_folded (e_cal_component_text_get_value (summary));
  e_cal_component_text_free (summary);

  texts = e_cal_component_get_descriptions (component);
  info->texts[RS_CALENDAR_TEXT_DESCRIPTION] = ref_folded_list (texts);
  g_slist_free_full (texts, e_cal_component_text_free);

  texts = e_cal_component_get_comments (component);
  info->texts[RS_CALENDAR_TEXT_COMMENT] = ref_folded_list (texts);
  g_slist_free_full (texts, e_cal_component_text_free);

  location = e_cal_component_get_location (component);
  info->texts[RS_CALENDAR_TEXT_LOCATION] = ref_folded (location);
}

void
rs_calendar_component_info_share (RsCalendarComponentInfo       *info,
                                  const RsCalendarComponentInfo *other)
{
  g_return_if_fail (info != NULL && other != NULL);

  for (guint field = 0; field < RS_CALENDAR_N_TEXTS; field++)
    {
      char *mine = info->texts[field], *theirs = other->texts[field];

      if (mine == NULL || theirs == NULL || mine == theirs || strcmp (mine, theirs) != 0)
        continue;
      g_ref_string_release (mine);
      info->texts[field] = g_ref_string_acquire (theirs);
    }
}

void
rs_calendar_component_info_clear (RsCalendarComponentInfo *info)
{
  g_return_if_fail (info != NULL);

  for (guint field = 0; field < RS_CALENDAR_N_TEXTS; field++)
    g_clear_pointer (&info->texts[field], g_ref_string_release);
  g_clear_pointer (&info->categories, g_strfreev);
}
