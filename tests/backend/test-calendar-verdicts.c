/* test-calendar-verdicts.c: every answer the backend gives without EDS agrees with EDS's own
 * matching, for random queries over random sales, in English and in Greek
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Issue #19: (uid? …), (contains? …), the (has-…?) predicates and their and/or/not
 * combinations with time ranges are answered from what the sales and the component cache
 * know, and only what cannot be decided is left to e_cal_backend_sexp_match_comp (). Here
 * every verdict (rs_calendar_query_component_verdict () on the cache's entry, as the backend
 * asks it) is checked against EDS's matching of the very component the calendar shows, and
 * whole answers (rs_calendar_query_collect_texts () over the sales the query narrows itself
 * to, as the backend's uid index finds them) against the components EDS matches. A query made
 * only of predicates the backend can decide must be decided for every component. The sales' texts are in the calendar's language, so
 * the whole run is made twice: in English, and in Greek (a search for "Τιμολόγιο" finds what
 * the calendar shows).
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <libedata-cal/libedata-cal.h>

#include "eds-autocleanups.h"
#include "rs-calendar-cache.h"
#include "rs-calendar-components.h"
#include "rs-calendar-query.h"
#include "test-zones.h"
#include <recurring-sales/recurring-sales.h>
#include <recurring-sales/rs-autocleanups.h>

#define N_SALES   48
#define N_QUERIES 260
#define MAX_DEPTH 3

/* What the queries are drawn from: the sales, and the components the calendar shows. */
typedef struct {
  GRand            *rand;
  GPtrArray        *sales;       /* RsSale */
  GPtrArray        *components;  /* per sale: GPtrArray of ECalComponent */
  RsCalendarFilter *filter;
  RsCalendarCache  *cache;
  TestZones        *zones;
} World;

static void
use_language (const char *language)
{
  if (g_strcmp0 (language, "el") == 0)
    {
      if (setlocale (LC_ALL, "el_GR.UTF-8") == NULL)
        g_error ("The locale el_GR.UTF-8 is missing; run scripts/run-tests.sh (it generates "
                 "it) or: localedef -i el_GR -f UTF-8 el_GR.UTF-8");
      g_setenv ("LANGUAGE", "el", TRUE);
    }
  else
    g_setenv ("LANGUAGE", "", TRUE);
  /* Changing the locale makes gettext drop its cached lookups. */
  setlocale (LC_MESSAGES, "");
  setlocale (LC_ALL, g_strcmp0 (language, "el") == 0 ? "el_GR.UTF-8" : "C.UTF-8");
}

static const char *
pick (GRand              *rand,
      const char * const *choices,
      guint               n_choices)
{
  return choices[g_rand_int_range (rand, 0, (gint32) n_choices)];
}

#define PICK(rand, array) pick ((rand), (array), G_N_ELEMENTS (array))

static RsSale *
make_sale (GRand *rand,
           guint  index)
{
  static const char * const clients[] = {
    "Acme Ltd", "Ωμέγα ΑΕ", "Φούρνος Παπαδόπουλου", "Café Ζήτα", "Öz Garage",
    "Ιατρείο Κ. Νικολάου", "Blue Tavern 42", "ΤΙΜΟΛΌΓΙΟ Shop", "Ελιά & Σία", "Hellas Λάμδα",
  };
  static const char * const services[] = {
    "Web hosting", "Φιλοξενία ιστοσελίδας", "Συντήρηση", "SEO", "Ανανέωση domain",
    "Λογιστικό πρόγραμμα", "E-mail hosting", "Υποστήριξη 24/7",
  };
  static const char * const notes[] = {
    NULL, "Call before issuing.", "Πρώτη γραμμή\nΔεύτερη γραμμή", "Τιμολόγιο με ΦΠΑ 24%",
    "Ask for the PO number", "Ένδειξη: «επείγον»",
  };
  static const char * const periods[] = { "1m", "3m", "1y", "2w", "10d", "6m", "1m" };
  static const char * const currencies[] = { "EUR", "EUR", "USD", "GBP" };
  RsSale *sale = rs_sale_new ();
  RsSchedule schedule = { 0 };
  g_autofree char *uid = NULL;
  g_autoptr(GError) error = NULL;
  GDate issue;

  /* Two sales whose uids differ only in case: (uid? …) ignores case, so it finds both. */
  if (index == 1)
    uid = g_strdup ("Case-Twin");
  else if (index == 2)
    uid = g_strdup ("case-twin");
  else
    uid = g_strdup_printf ("%s-%03u", g_rand_boolean (rand) ? "sale" : "Sale", index);
  rs_sale_set_uid (sale, uid);
  rs_sale_set_client_name (sale, PICK (rand, clients));
  rs_sale_set_service (sale, PICK (rand, services));
  rs_sale_set_amount_minor (sale, g_rand_int_range (rand, 100, 99999));
  rs_sale_set_currency (sale, PICK (rand, currencies));
  rs_sale_set_note (sale, PICK (rand, notes));
  rs_sale_set_created (sale, 1767225600 + g_rand_int_range (rand, 0, 86400 * 30));
  if (g_rand_boolean (rand))
    rs_sale_set_client_email (sale, "info@example.com");
  rs_sale_set_draft (sale, g_rand_int_range (rand, 0, 4) == 0);
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      rs_sale_set_prepay (sale, TRUE);
      rs_sale_set_iban (sale, "GR1601101250000000012300695");
      break;
    case 1:
      rs_sale_set_prepay (sale, TRUE);
      rs_sale_set_payment_instructions (sale, "Κατάθεση στην τράπεζα");
      break;
    default:
      break;
    }
  rs_sale_set_delivery (sale, (RsDelivery) g_rand_int_range (rand, 0, 4));
  rs_sale_set_reminder_minutes (sale, g_rand_boolean (rand) ? 9 * 60 : 8 * 60 + 30);

  g_date_clear (&schedule.start, 1);
  g_date_set_dmy (&schedule.start, (GDateDay) g_rand_int_range (rand, 1, 29),
                  (GDateMonth) g_rand_int_range (rand, 1, 13),
                  (GDateYear) g_rand_int_range (rand, 2025, 2028));
  g_assert_true (rs_period_parse (PICK (rand, periods), "period", &schedule.period, NULL));
  g_date_clear (&schedule.until, 1);
  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      schedule.term_kind = RS_TERM_OPEN;
      break;
    case 1:
      schedule.term_kind = RS_TERM_COUNT;
      schedule.count = (guint) g_rand_int_range (rand, 1, 16);
      break;
    default:
      schedule.term_kind = RS_TERM_LENGTH;
      g_assert_true (rs_period_parse (g_rand_boolean (rand) ? "1y" : "2y", "term",
                                      &schedule.term_length, NULL));
      break;
    }
  rs_sale_set_schedule (sale, &schedule);

  rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 7, RS_AUDIENCE_OWNER);
  if (rs_sale_get_client_email (sale) != NULL && g_rand_boolean (rand))
    rs_sale_add_reminder (sale, RS_REMINDER_KIND_INVOICE, 3, RS_AUDIENCE_CLIENT);
  if (schedule.term_kind != RS_TERM_OPEN)
    {
      GDate deadline;

      rs_sale_add_reminder (sale, RS_REMINDER_KIND_EXPIRY, 30, RS_AUDIENCE_OWNER);
      /* A notice deadline only where it falls within the term, as validation wants. */
      if (g_rand_boolean (rand) &&
          rs_schedule_notice_deadline (&schedule, 20, &deadline, NULL) &&
          g_date_compare (&deadline, &schedule.start) >= 0)
        {
          rs_sale_set_notice_days (sale, 20);
          rs_sale_add_reminder (sale, RS_REMINDER_KIND_NOTICE, 5, RS_AUDIENCE_OWNER);
        }
    }
  if (g_rand_int_range (rand, 0, 6) == 0)
    rs_sale_set_status (sale, (RsSaleStatus) g_rand_int_range (rand, 1, 4));

  /* Marks on some issue dates: detached instances, or dates left out. */
  for (guint k = 1; k < 4 && g_rand_int_range (rand, 0, 3) == 0; k++)
    if (rs_schedule_issue_date (&schedule, k, &issue))
      rs_sale_set_occurrence_state (sale, &issue,
                                    (RsOccurrenceState) g_rand_int_range (rand, 1, 4));

  if (!rs_sale_validate (sale, &error))
    g_error ("sale %u: %s", index, error->message);
  return sale;
}

static World *
world_new (guint32 seed)
{
  World *world = g_new0 (World, 1);

  world->rand = g_rand_new_with_seed (seed);
  world->sales = g_ptr_array_new_with_free_func (g_object_unref);
  world->components = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  world->filter = g_new0 (RsCalendarFilter, 1);
  world->filter->show_invoices = world->filter->show_expiries = TRUE;
  world->filter->show_notices = TRUE;
  world->filter->default_delivery = RS_DELIVERY_DRAFT;
  world->cache = rs_calendar_cache_new ();
  world->zones = test_zones_new ();

  for (guint i = 0; i < N_SALES; i++)
    {
      RsSale *sale = make_sale (world->rand, i);

      g_ptr_array_add (world->sales, sale);
      g_ptr_array_add (world->components, rs_calendar_components_build (sale, world->filter));
    }

  return world;
}

static void
world_free (World *world)
{
  g_rand_free (world->rand);
  g_ptr_array_unref (world->sales);
  g_ptr_array_unref (world->components);
  rs_calendar_filter_free (world->filter);
  rs_calendar_cache_free (world->cache);
  g_object_unref (world->zones);
  g_free (world);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

static ECalComponent *
random_component (World *world)
{
  GPtrArray *components;

  do
    components = g_ptr_array_index (world->components,
                                    g_rand_int_range (world->rand, 0, N_SALES));
  while (components->len == 0);

  return g_ptr_array_index (components, g_rand_int_range (world->rand, 0, components->len));
}

/* A text the component shows: its summary or its description. */
static char *
dup_component_text (ECalComponent *component,
                    gboolean       summary)
{
  if (summary)
    {
      ECalComponentText *text = e_cal_component_get_summary (component);
      char *value = g_strdup (text != NULL ? e_cal_component_text_get_value (text) : "");

      e_cal_component_text_free (text);
      return value;
    }
  else
    {
      GSList *texts = e_cal_component_get_descriptions (component);
      char *value = g_strdup (texts != NULL ? e_cal_component_text_get_value (texts->data) : "");

      g_slist_free_full (texts, e_cal_component_text_free);
      return value;
    }
}

/* What someone types: a piece of what the calendar shows (across a line break too), in
 * other case or without accents, or a word of either language. */
static char *
random_needle (World *world)
{
  static const char * const words[] = {
    "Τιμολόγιο", "τιμολογιο", "ΤΙΜΟΛΟΓΙΟ", "Invoice", "INVOICE", "Λήξη", "ληξη", "Expires",
    "Issued", "Εκδόθηκε", "", " ", "\n", "\t", "Acme", "Ωμέγα", "ωμεγα", "zzz", "Client:",
    "Πελάτης:", "€", "EUR", "120", "ΦΠΑ", "σ", "ς", "Café", "cafe", "öz", "OZ",
  };
  g_autofree char *text = NULL;
  g_autofree char *piece = NULL;
  glong length, start, count;

  if (g_rand_int_range (world->rand, 0, 3) == 0)
    return g_strdup (PICK (world->rand, words));

  text = dup_component_text (random_component (world), g_rand_boolean (world->rand));
  length = g_utf8_strlen (text, -1);
  if (length == 0)
    return g_strdup ("");
  start = g_rand_int_range (world->rand, 0, (gint32) length);
  count = g_rand_int_range (world->rand, 1, 14);
  piece = g_utf8_substring (text, start, MIN (length, start + count));

  switch (g_rand_int_range (world->rand, 0, 5))
    {
    case 0:
      return g_utf8_strup (piece, -1);
    case 1:
      return e_util_utf8_remove_accents (piece);
    case 2:
      /* A line break typed as a space: EDS matches no text across a line break. */
      g_strdelimit (piece, "\n", ' ');
      return g_steal_pointer (&piece);
    default:
      return g_steal_pointer (&piece);
    }
}

static char *
random_uid (World *world)
{
  static const char * const kinds[] = { "invoice", "expiry", "notice", "INVOICE", "Expiry" };
  RsSale *sale = g_ptr_array_index (world->sales, g_rand_int_range (world->rand, 0, N_SALES));
  g_autofree char *uid = NULL;

  switch (g_rand_int_range (world->rand, 0, 6))
    {
    case 0:
      return g_strdup ("none");
    case 1:
      return g_strdup (rs_sale_get_uid (sale));
    case 2:
      return g_ascii_strup (e_cal_component_get_uid (random_component (world)), -1);
    case 3:
      return g_strdup_printf ("%s-%s", rs_sale_get_uid (sale), PICK (world->rand, kinds));
    default:
      return g_strdup (e_cal_component_get_uid (random_component (world)));
    }
}

static void
append_time (GString *out,
             GRand   *rand)
{
  g_autoptr(GDateTime) origin = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) time = g_date_time_add_seconds (
    origin, (double) g_rand_int_range (rand, 0, 4 * 365 * 24) * 3600);
  g_autofree char *text = g_date_time_format (time, "%Y%m%dT%H%M%SZ");

  g_string_append_printf (out, " (make-time \"%s\")", text);
}

/* A window of a few hours to a year and a half, in 2025–2028. */
static void
append_window (GString *out,
               GRand   *rand)
{
  g_autoptr(GDateTime) origin = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) start = g_date_time_add_seconds (
    origin, (double) g_rand_int_range (rand, 0, 4 * 365 * 24) * 3600);
  g_autoptr(GDateTime) end = g_date_time_add_seconds (
    start, (double) g_rand_int_range (rand, 3, 550 * 24) * 3600);
  g_autofree char *start_text = g_date_time_format (start, "%Y%m%dT%H%M%SZ");
  g_autofree char *end_text = g_date_time_format (end, "%Y%m%dT%H%M%SZ");

  g_string_append_printf (out, " (make-time \"%s\") (make-time \"%s\")", start_text, end_text);
}

/* A random leaf predicate; *@decidable becomes FALSE for those the backend leaves to EDS. */
static void
append_leaf (GString  *out,
             World    *world,
             gboolean *decidable)
{
  static const char * const fields[] = {
    "summary", "summary", "summary", "description", "description", "any", "any", "comment",
    "location", "attendee", "organizer",
  };
  static const char * const facts[] = {
    "has-alarms?", "has-recurrences?", "is-completed?", "has-start?", "has-end?", "has-due?",
    "has-duration?", "has-attachments?",
  };
  static const char * const classes[] = { "Public", "Private", "Confidential", "" };
  static const char * const statuses[] = { "CONFIRMED", "TENTATIVE", "COMPLETED", "" };
  static const char * const priorities[] = { "UNDEFINED", "HIGH", "NORMAL", "LOW" };
  static const char * const zones[] = { "Europe/Athens", "Pacific/Kiritimati",
                                        "America/New_York" };
  GRand *rand = world->rand;
  int draw = g_rand_int_range (rand, 0, 100);

  if (draw < 20)
    {
      g_autofree char *uid = random_uid (world);

      g_string_append (out, "(uid?");
      e_sexp_encode_string (out, uid);
      g_string_append_c (out, ')');
    }
  else if (draw < 52)
    {
      g_autofree char *needle = random_needle (world);

      g_string_append (out, "(contains?");
      e_sexp_encode_string (out, PICK (rand, fields));
      e_sexp_encode_string (out, needle);
      g_string_append_c (out, ')');
    }
  else if (draw < 57)
    {
      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          g_string_append (out, "(contains? \"classification\"");
          e_sexp_encode_string (out, PICK (rand, classes));
          break;
        case 1:
          g_string_append (out, "(contains? \"status\"");
          e_sexp_encode_string (out, PICK (rand, statuses));
          break;
        default:
          g_string_append (out, "(contains? \"priority\"");
          e_sexp_encode_string (out, PICK (rand, priorities));
          break;
        }
      g_string_append_c (out, ')');
    }
  else if (draw < 70)
    g_string_append_printf (out, "(%s)", PICK (rand, facts));
  else if (draw < 73)
    {
      static const char * const categories[] = {
        "(has-categories? #f)", "(has-categories? #t)", "(has-categories? \"Business\")",
        "(has-categories? \"Business\" \"Work\")",
      };

      g_string_append (out, PICK (rand, categories));
    }
  else if (draw < 75)
    g_string_append (out, g_rand_boolean (rand) ? "#t" : "#f");
  else if (draw < 89)
    {
      g_string_append (out, "(occur-in-time-range?");
      append_window (out, rand);
      if (g_rand_boolean (rand))
        e_sexp_encode_string (out, PICK (rand, zones));
      g_string_append_c (out, ')');
    }
  else if (draw < 92)
    {
      g_string_append (out, "(due-in-time-range?");
      append_window (out, rand);
      g_string_append_c (out, ')');
    }
  else
    {
      /* Left to EDS: the backend decides these only through the other predicates around. */
      *decidable = FALSE;
      if (g_rand_boolean (rand))
        {
          g_string_append (out, "(has-alarms-in-range?");
          append_window (out, rand);
        }
      else
        {
          g_string_append (out, "(starts-before?");
          append_time (out, rand);
        }
      g_string_append_c (out, ')');
    }
}

static void
append_query (GString  *out,
              World    *world,
              guint     depth,
              gboolean *decidable)
{
  GRand *rand = world->rand;
  int draw = depth < MAX_DEPTH ? g_rand_int_range (rand, 0, 100) : 100;

  if (draw < 20 || (draw < 40 && depth == 0))
    {
      guint n = (guint) g_rand_int_range (rand, 1, 4);

      g_string_append (out, g_rand_boolean (rand) ? "(and" : "(or");
      for (guint i = 0; i < n; i++)
        {
          g_string_append_c (out, ' ');
          append_query (out, world, depth + 1, decidable);
        }
      g_string_append_c (out, ')');
    }
  else if (draw < 30 || (draw < 50 && depth == 0))
    {
      g_string_append (out, "(not ");
      append_query (out, world, depth + 1, decidable);
      g_string_append_c (out, ')');
    }
  else
    append_leaf (out, world, decidable);
}

typedef struct {
  guint queries;
  guint checked;
  guint decided;
  guint matched;
  guint undecided_decidable;  /* must stay 0 */
  guint undecidable_decided;  /* decided through the predicates around what EDS must decide */
  guint narrowed_out;         /* sales the uid index spared a look */
  char *first_undecided;
} Tally;

/* One query: every component's verdict against EDS, then the whole answer. */
static void
check_query (World      *world,
             const char *text,
             gboolean    decidable,
             Tally      *tally)
{
  g_autoptr(ECalBackendSExp) sexp = e_cal_backend_sexp_new (text);
  g_autoptr(RsCalendarQuery) query = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  GHashTable *sale_uids;

  g_assert_nonnull (sexp);
  query = rs_calendar_query_new (sexp, E_TIMEZONE_CACHE (world->zones));
  /* The sales the backend narrows the query to, by its uid index. */
  sale_uids = rs_calendar_query_get_sale_uids (query);
  tally->queries++;

  for (guint s = 0; s < world->sales->len; s++)
    {
      RsSale *sale = g_ptr_array_index (world->sales, s);
      GPtrArray *components = g_ptr_array_index (world->components, s);
      g_autoptr(RsCalendarEntry) entry = rs_calendar_cache_lookup (world->cache, sale,
                                                                   world->filter);
      g_autofree char *folded_uid = g_ascii_strdown (rs_sale_get_uid (sale), -1);
      gboolean narrowed_out = sale_uids != NULL && !g_hash_table_contains (sale_uids, folded_uid);

      g_assert_cmpuint (entry->texts->len, ==, components->len);
      for (guint i = 0; i < components->len; i++)
        {
          ECalComponent *component = g_ptr_array_index (components, i);
          RsCalendarVerdict verdict;
          gboolean matches;

          verdict = rs_calendar_query_component_verdict (query, sale, &entry->infos[i]);
          matches = e_cal_backend_sexp_match_comp (sexp, component,
                                                   E_TIMEZONE_CACHE (world->zones));
          tally->checked++;
          if (matches)
            {
              tally->matched++;
              g_hash_table_add (expected, e_cal_component_get_as_string (component));
              if (narrowed_out)
                g_error ("%s: the backend does not look at the sale %s, whose component %s "
                         "matches", text, rs_sale_get_uid (sale),
                         e_cal_component_get_uid (component));
            }

          if (verdict == RS_CALENDAR_VERDICT_MAYBE)
            {
              if (decidable && tally->undecided_decidable++ == 0)
                tally->first_undecided = g_strdup (text);
              continue;
            }

          tally->decided++;
          if (!decidable)
            tally->undecidable_decided++;
          if (matches != (verdict == RS_CALENDAR_VERDICT_YES))
            g_error ("%s, component %s: the backend says %s, EDS says %s", text,
                     e_cal_component_get_uid (component),
                     verdict == RS_CALENDAR_VERDICT_YES ? "yes" : "no", matches ? "yes" : "no");
        }

      if (narrowed_out)
        tally->narrowed_out++;
      else
        rs_calendar_query_collect_texts (query, sale, world->filter, world->cache,
                                         E_TIMEZONE_CACHE (world->zones), texts);
    }

  /* The whole answer: exactly the components EDS matches, each once. */
  for (guint i = 0; i < texts->len; i++)
    if (!g_hash_table_remove (expected, texts->pdata[i]))
      g_error ("%s: the backend answers a component EDS does not match, or twice:\n%s", text,
               (const char *) texts->pdata[i]);
  if (g_hash_table_size (expected) > 0)
    g_error ("%s: the backend leaves out %u components EDS matches", text,
             g_hash_table_size (expected));
}

static void
run_verdicts (const char *language,
              guint32     seed)
{
  g_autoptr(World) world = NULL;
  Tally tally = { 0 };

  use_language (language);
  world = world_new (seed);

  for (guint q = 0; q < N_QUERIES; q++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      gboolean decidable = TRUE;

      append_query (text, world, 0, &decidable);
      check_query (world, text->str, decidable, &tally);
    }

  g_test_message ("%s: %u queries, %u verdicts, %u decided, %u matched; %u decided around "
                  "what only EDS decides; %u sales not looked at", language, tally.queries,
                  tally.checked, tally.decided, tally.matched, tally.undecidable_decided,
                  tally.narrowed_out);
  if (tally.first_undecided != NULL)
    g_test_message ("left to EDS although decidable, first: %s", tally.first_undecided);
  g_free (tally.first_undecided);

  g_assert_cmpuint (tally.undecided_decidable, ==, 0);
  g_assert_cmpuint (tally.matched, >, 0);
  g_assert_cmpuint (tally.matched, <, tally.checked);
  g_assert_cmpuint (tally.undecidable_decided, >, 0);
  g_assert_cmpuint (tally.narrowed_out, >, 0);
}

static void
test_random_queries_english (void)
{
  run_verdicts ("en", 19);
}

static void
test_random_queries_greek (void)
{
  run_verdicts ("el", 1919);
}

/* What the calendar shows in Greek is what a search in Greek finds: "Τιμολόγιο" typed with or
 * without its accent, in any case, finds every invoice series (their summaries read
 * "Τιμολόγιο προς …" or "Προσχέδιο τιμολογίου …"), and the answer is decided without EDS. */
static void
test_greek_search_finds_invoices (void)
{
  static const char * const needles[] = { "Τιμολόγιο", "τιμολογιο", "ΤΙΜΟΛΌΓΙΟ" };
  g_autoptr(World) world = NULL;

  use_language ("el");
  world = world_new (42);

  for (guint n = 0; n < G_N_ELEMENTS (needles); n++)
    {
      g_autoptr(GString) text = g_string_new ("(contains? \"summary\"");
      g_autoptr(ECalBackendSExp) sexp = NULL;
      g_autoptr(RsCalendarQuery) query = NULL;
      guint series = 0, found = 0;

      e_sexp_encode_string (text, needles[n]);
      g_string_append_c (text, ')');
      sexp = e_cal_backend_sexp_new (text->str);
      query = rs_calendar_query_new (sexp, E_TIMEZONE_CACHE (world->zones));

      for (guint s = 0; s < world->sales->len; s++)
        {
          RsSale *sale = g_ptr_array_index (world->sales, s);
          GPtrArray *components = g_ptr_array_index (world->components, s);
          g_autoptr(RsCalendarEntry) entry = rs_calendar_cache_lookup (world->cache, sale,
                                                                       world->filter);

          for (guint i = 0; i < components->len; i++)
            {
              ECalComponent *component = g_ptr_array_index (components, i);
              RsCalendarVerdict verdict =
                rs_calendar_query_component_verdict (query, sale, &entry->infos[i]);
              gboolean is_series = entry->infos[i].kind == RS_REMINDER_KIND_INVOICE &&
                                   !e_cal_component_is_instance (component);

              g_assert_cmpint (verdict, !=, RS_CALENDAR_VERDICT_MAYBE);
              g_assert_cmpint (verdict == RS_CALENDAR_VERDICT_YES, ==,
                               e_cal_backend_sexp_match_comp (sexp, component,
                                                              E_TIMEZONE_CACHE (world->zones)));
              series += is_series;
              found += is_series && verdict == RS_CALENDAR_VERDICT_YES;
            }
        }

      g_assert_cmpuint (series, ==, N_SALES);
      g_assert_cmpuint (found, ==, series);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* The calendar's texts in the calendar's language, as the backend module binds them. */
  rs_i18n_init ();

  g_test_add_func ("/calendar-verdicts/random-queries/english", test_random_queries_english);
  g_test_add_func ("/calendar-verdicts/random-queries/greek", test_random_queries_greek);
  g_test_add_func ("/calendar-verdicts/greek-search/finds-invoices",
                   test_greek_search_finds_invoices);

  return g_test_run ();
}
