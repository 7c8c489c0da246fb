/* rs-calendar-predicate.c: a calendar query as a predicate the backend decides itself, where
 * it can, from what the cache knows of each component
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Evolution's search bar sends (contains? "summary" "…"), alone or within the window of a
 * view; other clients ask for one event with (uid? "…"). EDS's matcher answers those only on a
 * built component, so answering them used to project every sale. Here the query is read once
 * into a tree whose leaves are decided from what the cache keeps of each component (its uid,
 * the properties the predicates test, its texts folded as EDS compares them) and, for time
 * ranges, from the schedule (rs-calendar-query.c); and/or/not combine the leaves' verdicts
 * with three values, a leaf that only EDS can decide (has-alarms-in-range?, starts-before? …)
 * being MAYBE. That is exact only when every part of the query evaluates to a truth value
 * without error, whatever the component (EDS stops at the first error, and the order of
 * and/or's arguments then matters): a query with any other part gets no predicate at all, and
 * EDS decides all of it, as before.
 *
 * The query is parsed by EDS's own parser (ESExp), with every symbol EDS's calendar queries
 * know registered as an "immediate" function, so that the tree comes back unevaluated; the
 * strings are read exactly as EDS reads them.
 */
#include "config.h"

#include <string.h>

#include "eds-autocleanups.h"
#include "rs-calendar-predicate.h"
#include <recurring-sales/rs-projection.h>

typedef enum {
  NODE_CONSTANT,
  NODE_AND,
  NODE_OR,
  NODE_NOT,
  NODE_UID,
  NODE_CONTAINS,
  NODE_CATEGORIES,
  NODE_FACT,
  NODE_DUE,       /* due-in-time-range?: none of ours has a DUE */
  NODE_RANGE,     /* occur-in-time-range?, decided by the schedule */
  NODE_UNDECIDED  /* a truth value, but only EDS can tell which */
} NodeType;

typedef enum {
  FIELD_ANY,
  FIELD_SUMMARY,
  FIELD_DESCRIPTION,
  FIELD_COMMENT,
  FIELD_LOCATION,
  FIELD_ATTENDEE,
  FIELD_ORGANIZER,
  FIELD_CLASSIFICATION,
  FIELD_STATUS,
  FIELD_PRIORITY,
} Field;

static const char * const field_names[] = {
  [FIELD_ANY] = "any",
  [FIELD_SUMMARY] = "summary",
  [FIELD_DESCRIPTION] = "description",
  [FIELD_COMMENT] = "comment",
  [FIELD_LOCATION] = "location",
  [FIELD_ATTENDEE] = "attendee",
  [FIELD_ORGANIZER] = "organizer",
  [FIELD_CLASSIFICATION] = "classification",
  [FIELD_STATUS] = "status",
  [FIELD_PRIORITY] = "priority",
};

typedef struct _Node Node;

struct _Node
{
  NodeType         type;
  gboolean         value;        /* CONSTANT */
  GPtrArray       *children;     /* AND, OR, NOT: Node */
  RsCalendarFacts  fact;         /* FACT */
  Field            field;        /* CONTAINS */
  char            *text;         /* UID, CONTAINS: the argument */
  char            *folded;       /* CONTAINS: the argument folded; NULL when not UTF-8 */
  GStrv            categories;   /* CATEGORIES: all wanted; NULL: "unfiled" (#f or #t) */
  RsCalendarQuery *range;        /* RANGE */
};

struct _RsCalendarPredicate
{
  Node       *root;
  GHashTable *sale_uids;  /* NULL: any sale */
};

/* The predicates of EDS's calendar queries (e-cal-backend-sexp.c) that evaluate to a truth
 * value for any component, given arguments of the right types. */
static const struct {
  const char      *name;
  RsCalendarFacts  fact;
} facts[] = {
  { "has-alarms?", RS_CALENDAR_FACT_ALARMS },
  { "has-recurrences?", RS_CALENDAR_FACT_RECURRENCES },
  { "has-start?", RS_CALENDAR_FACT_START },
  { "has-end?", RS_CALENDAR_FACT_END },
  { "has-due?", RS_CALENDAR_FACT_DUE },
  { "has-duration?", RS_CALENDAR_FACT_DURATION },
  { "has-attachments?", RS_CALENDAR_FACT_ATTACHMENTS },
  { "is-completed?", RS_CALENDAR_FACT_COMPLETED },
};

/* Every symbol a calendar query may use: ESExp's own (e-sexp.c) and EDS's calendar ones
 * (e-cal-backend-sexp.c). A query that e_cal_backend_sexp_new () parsed parses here too; a
 * symbol of a later EDS missing here makes the parse fail, and EDS decides that query. */
static const char * const symbols[] = {
  "and", "or", "not", "<", ">", "=", "+", "-", "cast-int", "cast-string", "if", "begin",
  "time-now", "make-time", "time-add-day", "time-day-begin", "time-day-end",
  "uid?", "occur-in-time-range?", "due-in-time-range?", "contains?", "has-start?", "has-end?",
  "has-due?", "has-duration?", "has-alarms?", "has-alarms-in-range?", "has-recurrences?",
  "has-categories?", "is-completed?", "completed-before?", "has-attachments?",
  "percent-complete?", "occurrences-count?", "starts-before?",
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;

  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node->text);
  g_free (node->folded);
  g_strfreev (node->categories);
  g_clear_pointer (&node->range, rs_calendar_query_free);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

static Node *
node_new (NodeType type)
{
  Node *node = g_new0 (Node, 1);

  node->type = type;
  return node;
}

/* Reading the tree */

typedef struct {
  Node           *root;
  gboolean        called;
  ETimezoneCache *timezone_cache;
} Compiler;

/* What each registered symbol hands to the immediate function: which symbol it is. */
typedef struct {
  Compiler   *compiler;
  const char *name;
} Symbol;

static Node *compile_call (Compiler    *compiler,
                           const char  *name,
                           int          argc,
                           ESExpTerm  **argv);

static Node *
compile_term (Compiler  *compiler,
              ESExpTerm *term)
{
  Node *node;

  switch (term->type)
    {
    case ESEXP_TERM_BOOL:
      node = node_new (NODE_CONSTANT);
      node->value = term->value.boolean;
      return node;
    case ESEXP_TERM_IFUNC:
      return compile_call (compiler, term->value.func.sym->name, term->value.func.termcount,
                           term->value.func.terms);
    default:
      /* A string or a number where a truth value is wanted. */
      return NULL;
    }
}

static gboolean
is_string (ESExpTerm *term)
{
  return term->type == ESEXP_TERM_STRING;
}

static gboolean
is_call (ESExpTerm  *term,
         const char *name,
         int         argc)
{
  return term->type == ESEXP_TERM_IFUNC && g_str_equal (term->value.func.sym->name, name) &&
         term->value.func.termcount == argc;
}

/* A time EDS's functions evaluate without error: (make-time "<ISO 8601>") or (time-now). */
static gboolean
is_time (ESExpTerm *term)
{
  ESExpTerm *argument;

  if (is_call (term, "time-now", 0))
    return TRUE;
  if (!is_call (term, "make-time", 1))
    return FALSE;

  argument = term->value.func.terms[0];
  return is_string (argument) && *argument->value.string != '\0' &&
         time_from_isodate (argument->value.string) != -1;
}

/* The term again as query text. */
static void
append_term (GString   *out,
             ESExpTerm *term)
{
  switch (term->type)
    {
    case ESEXP_TERM_STRING:
      e_sexp_encode_string (out, term->value.string);
      break;
    case ESEXP_TERM_INT:
      g_string_append_printf (out, " %d", term->value.number);
      break;
    case ESEXP_TERM_BOOL:
      g_string_append (out, term->value.boolean ? " #t" : " #f");
      break;
    case ESEXP_TERM_FUNC:
    case ESEXP_TERM_IFUNC:
      g_string_append_printf (out, " (%s", term->value.func.sym->name);
      for (int i = 0; i < term->value.func.termcount; i++)
        append_term (out, term->value.func.terms[i]);
      g_string_append_c (out, ')');
      break;
    default:
      break;
    }
}

/* (occur-in-time-range? …) alone, as the schedule answers it (rs-calendar-query.c). */
static Node *
compile_range (Compiler   *compiler,
               int         argc,
               ESExpTerm **argv)
{
  g_autoptr(GString) text = g_string_new ("(occur-in-time-range?");
  g_autoptr(ECalBackendSExp) sexp = NULL;
  Node *node;

  for (int i = 0; i < argc; i++)
    append_term (text, argv[i]);
  g_string_append_c (text, ')');

  sexp = e_cal_backend_sexp_new (text->str);
  if (sexp == NULL)
    return NULL;

  node = node_new (NODE_RANGE);
  node->range = rs_calendar_query_new_range (sexp, compiler->timezone_cache);
  return node;
}

static Node *
compile_children (Compiler    *compiler,
                  NodeType     type,
                  int          argc,
                  ESExpTerm  **argv)
{
  g_autoptr(Node) node = node_new (type);

  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  for (int i = 0; i < argc; i++)
    {
      Node *child = compile_term (compiler, argv[i]);

      if (child == NULL)
        return NULL;
      g_ptr_array_add (node->children, child);
    }

  return g_steal_pointer (&node);
}

static Node *
compile_contains (int         argc,
                  ESExpTerm **argv)
{
  Node *node;

  if (argc != 2 || !is_string (argv[0]) || !is_string (argv[1]))
    return NULL;

  for (guint field = 0; field < G_N_ELEMENTS (field_names); field++)
    if (g_str_equal (argv[0]->value.string, field_names[field]))
      {
        node = node_new (NODE_CONTAINS);
        node->field = (Field) field;
        node->text = g_strdup (argv[1]->value.string);
        node->folded = rs_calendar_text_fold_needle (node->text);
        return node;
      }

  /* A field EDS does not know is an error there. */
  return NULL;
}

static Node *
compile_categories (int         argc,
                    ESExpTerm **argv)
{
  g_autoptr(GStrvBuilder) wanted = g_strv_builder_new ();
  Node *node;

  /* (has-categories? #f), and in fact any single truth value: components without categories. */
  if (argc == 1 && argv[0]->type == ESEXP_TERM_BOOL)
    return node_new (NODE_CATEGORIES);

  if (argc < 1)
    return NULL;
  for (int i = 0; i < argc; i++)
    {
      if (!is_string (argv[i]))
        return NULL;
      g_strv_builder_add (wanted, argv[i]->value.string);
    }

  node = node_new (NODE_CATEGORIES);
  node->categories = g_strv_builder_end (wanted);
  return node;
}

/* The node of (@name @argv…), or NULL when EDS could fail on it or give something other than a
 * truth value. */
static Node *
compile_call (Compiler    *compiler,
              const char  *name,
              int          argc,
              ESExpTerm  **argv)
{
  Node *node;

  /* (and) and (or) give no truth value at all; (not a b) evaluates b too. */
  if (g_str_equal (name, "and") && argc >= 1)
    return compile_children (compiler, NODE_AND, argc, argv);
  if (g_str_equal (name, "or") && argc >= 1)
    return compile_children (compiler, NODE_OR, argc, argv);
  if (g_str_equal (name, "not") && argc == 1)
    return compile_children (compiler, NODE_NOT, argc, argv);

  if (g_str_equal (name, "uid?") && argc == 1 && is_string (argv[0]))
    {
      node = node_new (NODE_UID);
      node->text = g_strdup (argv[0]->value.string);
      return node;
    }
  if (g_str_equal (name, "contains?"))
    return compile_contains (argc, argv);
  if (g_str_equal (name, "has-categories?"))
    return compile_categories (argc, argv);

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    if (g_str_equal (name, facts[i].name) && argc == 0)
      {
        node = node_new (NODE_FACT);
        node->fact = facts[i].fact;
        return node;
      }

  if (g_str_equal (name, "occur-in-time-range?") && (argc == 2 || argc == 3) &&
      is_time (argv[0]) && is_time (argv[1]) && (argc == 2 || is_string (argv[2])))
    return compile_range (compiler, argc, argv);
  if (g_str_equal (name, "due-in-time-range?") && argc == 2 && is_time (argv[0]) &&
      is_time (argv[1]))
    return node_new (NODE_DUE);
  if ((g_str_equal (name, "has-alarms-in-range?") && argc == 2 && is_time (argv[0]) &&
       is_time (argv[1])) ||
      ((g_str_equal (name, "starts-before?") || g_str_equal (name, "completed-before?")) &&
       argc == 1 && is_time (argv[0])))
    return node_new (NODE_UNDECIDED);

  /* Comparisons, arithmetic, if, percent-complete?, occurrences-count? … */
  return NULL;
}

static ESExpResult *
compile_root (ESExp      *sexp,
              int         argc,
              ESExpTerm **argv,
              gpointer    data)
{
  Symbol *symbol = data;

  symbol->compiler->called = TRUE;
  symbol->compiler->root = compile_call (symbol->compiler, symbol->name, argc, argv);
  return e_sexp_result_new (sexp, ESEXP_RES_UNDEFINED);
}

/* The uids, in ASCII lower case, of the sales whose components the node can match; NULL: any. */
static GHashTable *
node_sale_uids (Node *node)
{
  GHashTable *uids = NULL;

  switch (node->type)
    {
    case NODE_CONSTANT:
      return node->value ? NULL : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    case NODE_UID:
      {
        g_autofree char *lower = NULL;
        char *sale_uid = NULL;

        uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        /* A component uid is ASCII (a sale's uid, "-", its kind), and uid? compares it with
         * the argument letter by letter, ignoring case, at equal lengths in bytes: an
         * argument that is not ASCII matches none. */
        if (!g_str_is_ascii (node->text))
          return uids;
        lower = g_ascii_strdown (node->text, -1);
        if (rs_projection_parse_component_uid (lower, &sale_uid, NULL))
          g_hash_table_add (uids, sale_uid);
        return uids;
      }

    case NODE_AND:
      for (guint i = 0; i < node->children->len; i++)
        {
          g_autoptr(GHashTable) child = node_sale_uids (node->children->pdata[i]);
          GHashTableIter iter;
          gpointer uid;

          if (child == NULL)
            continue;
          if (uids == NULL)
            {
              uids = g_steal_pointer (&child);
              continue;
            }
          g_hash_table_iter_init (&iter, uids);
          while (g_hash_table_iter_next (&iter, &uid, NULL))
            if (!g_hash_table_contains (child, uid))
              g_hash_table_iter_remove (&iter);
        }
      return uids;

    case NODE_OR:
      uids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < node->children->len; i++)
        {
          g_autoptr(GHashTable) child = node_sale_uids (node->children->pdata[i]);
          GHashTableIter iter;
          gpointer uid;

          if (child == NULL)
            {
              g_clear_pointer (&uids, g_hash_table_unref);
              return NULL;
            }
          g_hash_table_iter_init (&iter, child);
          while (g_hash_table_iter_next (&iter, &uid, NULL))
            {
              g_hash_table_iter_steal (&iter);
              g_hash_table_add (uids, uid);
            }
        }
      return uids;

    default:
      return NULL;
    }
}

RsCalendarPredicate *
rs_calendar_predicate_new (const char     *text,
                           ETimezoneCache *timezone_cache)
{
  g_autoptr(ESExp) sexp = e_sexp_new ();
  g_autofree Symbol *registered = g_new0 (Symbol, G_N_ELEMENTS (symbols));
  Compiler compiler = { NULL, FALSE, timezone_cache };
  ESExpResult *result;
  RsCalendarPredicate *predicate;

  g_return_val_if_fail (text != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    {
      registered[i].compiler = &compiler;
      registered[i].name = symbols[i];
      e_sexp_add_ifunction (sexp, 0, symbols[i], compile_root, &registered[i]);
    }

  e_sexp_input_text (sexp, text, (int) strlen (text));
  if (e_sexp_parse (sexp) == -1)
    return NULL;

  result = e_sexp_eval (sexp);
  if (result == NULL)
    return NULL;
  if (!compiler.called)
    {
      /* A bare value: #t or #f, anything else matches nothing. */
      compiler.root = node_new (NODE_CONSTANT);
      compiler.root->value = result->type == ESEXP_RES_BOOL && result->value.boolean;
    }
  e_sexp_result_free (sexp, result);

  if (compiler.root == NULL)
    return NULL;

  predicate = g_new0 (RsCalendarPredicate, 1);
  predicate->root = compiler.root;
  predicate->sale_uids = node_sale_uids (predicate->root);
  return predicate;
}

void
rs_calendar_predicate_free (RsCalendarPredicate *predicate)
{
  if (predicate == NULL)
    return;

  node_free (predicate->root);
  g_clear_pointer (&predicate->sale_uids, g_hash_table_unref);
  g_free (predicate);
}

GHashTable *
rs_calendar_predicate_get_sale_uids (RsCalendarPredicate *predicate)
{
  g_return_val_if_fail (predicate != NULL, NULL);

  return predicate->sale_uids;
}

/* Deciding */

static RsCalendarVerdict
verdict_of (gboolean value)
{
  return value ? RS_CALENDAR_VERDICT_YES : RS_CALENDAR_VERDICT_NO;
}

/* e-cal-backend-sexp.c, func_uid (): the same letters whatever their case, at the same length
 * in bytes. */
static RsCalendarVerdict
uid_verdict (const char                    *wanted,
             RsSale                        *sale,
             const RsCalendarComponentInfo *info)
{
  g_autofree char *uid = rs_projection_component_uid (rs_sale_get_uid (sale), info->kind);

  return verdict_of (e_util_utf8_strstrcase (wanted, uid) != NULL &&
                     strlen (wanted) == strlen (uid));
}

static gboolean
text_contains (const RsCalendarComponentInfo *info,
               RsCalendarTextField            field,
               const Node                    *node)
{
  return rs_calendar_text_contains (info->texts[field], node->text, node->folded);
}

/* e-cal-backend-sexp.c, matches_classification (): a word EDS does not know is "unknown". */
static gboolean
classification_matches (ECalComponentClassification  classification,
                        const char                  *wanted)
{
  ECalComponentClassification named = E_CAL_COMPONENT_CLASS_UNKNOWN;

  if (*wanted == '\0')
    return FALSE;
  if (g_str_equal (wanted, "Public"))
    named = E_CAL_COMPONENT_CLASS_PUBLIC;
  else if (g_str_equal (wanted, "Private"))
    named = E_CAL_COMPONENT_CLASS_PRIVATE;
  else if (g_str_equal (wanted, "Confidential"))
    named = E_CAL_COMPONENT_CLASS_CONFIDENTIAL;
  return classification == named;
}

/* e-cal-backend-sexp.c, matches_status (). */
static gboolean
status_matches (ICalPropertyStatus  status,
                const char         *wanted)
{
  static const struct {
    ICalPropertyStatus  status;
    const char         *name;
  } names[] = {
    { I_CAL_STATUS_NONE, "NOT STARTED" }, { I_CAL_STATUS_COMPLETED, "COMPLETED" },
    { I_CAL_STATUS_CANCELLED, "CANCELLED" }, { I_CAL_STATUS_INPROCESS, "IN PROGRESS" },
    { I_CAL_STATUS_NEEDSACTION, "NEEDS ACTION" }, { I_CAL_STATUS_TENTATIVE, "TENTATIVE" },
    { I_CAL_STATUS_CONFIRMED, "CONFIRMED" }, { I_CAL_STATUS_DRAFT, "DRAFT" },
    { I_CAL_STATUS_FINAL, "FINAL" }, { I_CAL_STATUS_SUBMITTED, "SUBMITTED" },
    { I_CAL_STATUS_PENDING, "PENDING" }, { I_CAL_STATUS_FAILED, "FAILED" },
    { I_CAL_STATUS_DELETED, "DELETED" },
  };

  if (*wanted == '\0')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].status == status)
      return g_str_equal (wanted, names[i].name);
  return FALSE;
}

/* e-cal-backend-sexp.c, matches_priority (). */
static gboolean
priority_matches (int         priority,
                  const char *wanted)
{
  if (priority == -1)
    return g_str_equal (wanted, "UNDEFINED");

  return (g_str_equal (wanted, "HIGH") && priority <= 4) ||
         (g_str_equal (wanted, "NORMAL") && priority == 5) ||
         (g_str_equal (wanted, "LOW") && priority > 5);
}

/* e-cal-backend-sexp.c, func_contains () and its matches_… (). */
static RsCalendarVerdict
contains_verdict (const Node                    *node,
                  const RsCalendarComponentInfo *info)
{
  switch (node->field)
    {
    case FIELD_ANY:
      return verdict_of (*node->text == '\0' ||
                         text_contains (info, RS_CALENDAR_TEXT_COMMENT, node) ||
                         text_contains (info, RS_CALENDAR_TEXT_DESCRIPTION, node) ||
                         text_contains (info, RS_CALENDAR_TEXT_SUMMARY, node) ||
                         text_contains (info, RS_CALENDAR_TEXT_LOCATION, node));
    case FIELD_SUMMARY:
      return verdict_of (*node->text == '\0' || text_contains (info, RS_CALENDAR_TEXT_SUMMARY,
                                                               node));
    case FIELD_DESCRIPTION:
      return verdict_of (text_contains (info, RS_CALENDAR_TEXT_DESCRIPTION, node));
    case FIELD_COMMENT:
      return verdict_of (text_contains (info, RS_CALENDAR_TEXT_COMMENT, node));
    case FIELD_LOCATION:
      return verdict_of (text_contains (info, RS_CALENDAR_TEXT_LOCATION, node));
    case FIELD_ATTENDEE:
      /* Only components with attendees (none of ours) need the attendees read. */
      return (info->facts & RS_CALENDAR_FACT_ATTENDEES) != 0 ? RS_CALENDAR_VERDICT_MAYBE
                                                              : RS_CALENDAR_VERDICT_NO;
    case FIELD_ORGANIZER:
      if (*node->text == '\0')
        return RS_CALENDAR_VERDICT_YES;
      return (info->facts & RS_CALENDAR_FACT_ORGANIZER) != 0 ? RS_CALENDAR_VERDICT_MAYBE
                                                              : RS_CALENDAR_VERDICT_NO;
    case FIELD_CLASSIFICATION:
      return verdict_of (classification_matches (info->classification, node->text));
    case FIELD_STATUS:
      return verdict_of (status_matches (info->status, node->text));
    case FIELD_PRIORITY:
      return verdict_of (priority_matches (info->priority, node->text));
    default:
      return RS_CALENDAR_VERDICT_MAYBE;
    }
}

/* e-cal-backend-sexp.c, func_has_categories (): every category wanted, spelled exactly. */
static RsCalendarVerdict
categories_verdict (const Node                    *node,
                    const RsCalendarComponentInfo *info)
{
  if (info->categories == NULL)
    return verdict_of (node->categories == NULL);
  if (node->categories == NULL)
    return RS_CALENDAR_VERDICT_NO;

  for (guint i = 0; node->categories[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) info->categories, node->categories[i]))
      return RS_CALENDAR_VERDICT_NO;
  return RS_CALENDAR_VERDICT_YES;
}

static RsCalendarVerdict
node_verdict (const Node                    *node,
              RsSale                        *sale,
              const RsCalendarComponentInfo *info)
{
  RsCalendarVerdict verdict;

  switch (node->type)
    {
    case NODE_CONSTANT:
      return verdict_of (node->value);

    case NODE_AND:
    case NODE_OR:
      {
        /* Three values: "and" is NO as soon as one part is, YES when all are; "or" the
         * reverse. Exact here because every part evaluates to a truth value without error. */
        RsCalendarVerdict decisive = node->type == NODE_AND ? RS_CALENDAR_VERDICT_NO
                                                            : RS_CALENDAR_VERDICT_YES;

        verdict = node->type == NODE_AND ? RS_CALENDAR_VERDICT_YES : RS_CALENDAR_VERDICT_NO;
        for (guint i = 0; i < node->children->len; i++)
          {
            RsCalendarVerdict part = node_verdict (node->children->pdata[i], sale, info);

            if (part == decisive)
              return decisive;
            if (part == RS_CALENDAR_VERDICT_MAYBE)
              verdict = RS_CALENDAR_VERDICT_MAYBE;
          }
        return verdict;
      }

    case NODE_NOT:
      verdict = node_verdict (node->children->pdata[0], sale, info);
      if (verdict == RS_CALENDAR_VERDICT_MAYBE)
        return verdict;
      return verdict_of (verdict == RS_CALENDAR_VERDICT_NO);

    case NODE_UID:
      return uid_verdict (node->text, sale, info);
    case NODE_CONTAINS:
      return contains_verdict (node, info);
    case NODE_CATEGORIES:
      return categories_verdict (node, info);
    case NODE_FACT:
      return verdict_of ((info->facts & node->fact) != 0);
    case NODE_DUE:
      return (info->facts & RS_CALENDAR_FACT_DUE) != 0 ? RS_CALENDAR_VERDICT_MAYBE
                                                        : RS_CALENDAR_VERDICT_NO;
    case NODE_RANGE:
      return rs_calendar_query_component_verdict (node->range, sale, info);
    case NODE_UNDECIDED:
    default:
      return RS_CALENDAR_VERDICT_MAYBE;
    }
}

RsCalendarVerdict
rs_calendar_predicate_verdict (RsCalendarPredicate           *predicate,
                               RsSale                        *sale,
                               const RsCalendarComponentInfo *info)
{
  g_return_val_if_fail (predicate != NULL, RS_CALENDAR_VERDICT_MAYBE);
  g_return_val_if_fail (RS_IS_SALE (sale), RS_CALENDAR_VERDICT_MAYBE);
  g_return_val_if_fail (info != NULL, RS_CALENDAR_VERDICT_MAYBE);

  return node_verdict (predicate->root, sale, info);
}
