/* rs-sale-matcher.c: whether a sale coming in is one the user has already
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <recurring-sales/rs-period.h>
#include <recurring-sales/rs-sale-matcher.h>

/* Separates the parts of a key: a control character, which rs_sale_validate () refuses in
 * names, so that "a" + "b c" never reads as "a b" + "c". */
#define KEY_SEPARATOR "\x1f"

struct _RsSaleMatcher
{
  RsSaleMatchFlags  flags;
  GHashTable       *sales;  /* key → RsSale (owned by @kept) */
  GPtrArray        *kept;
};

/* A name as people tell names apart: "ACME  Ltd" is "Acme Ltd", and "ΒΗΤΑ" is "Βήτα" (capitals
 * are written without accents in Greek). */
static void
append_folded_name (GString    *key,
                    const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name != NULL ? name : "", -1);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  gboolean space = FALSE;
  gboolean started = FALSE;

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      if (g_unichar_isspace (c))
        {
          space = started;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      g_string_append_unichar (key, c);
      space = FALSE;
      started = TRUE;
    }
}

static char *
terms_key (RsSale *sale)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  g_autofree char *period = rs_period_to_string (&schedule->period);
  GString *key = g_string_new ("terms" KEY_SEPARATOR);

  append_folded_name (key, rs_sale_get_client_name (sale));
  g_string_append (key, KEY_SEPARATOR);
  append_folded_name (key, rs_sale_get_service (sale));
  g_string_append_printf (key, KEY_SEPARATOR "%u" KEY_SEPARATOR "%s" KEY_SEPARATOR "%"
                          G_GINT64_FORMAT KEY_SEPARATOR "%s",
                          g_date_valid (&schedule->start) ? g_date_get_julian (&schedule->start) : 0,
                          period, rs_sale_get_amount_minor (sale),
                          rs_sale_get_currency (sale) != NULL ? rs_sale_get_currency (sale) : "");
  return g_string_free (key, FALSE);
}

GStrv
rs_sale_match_keys (RsSale           *sale,
                    RsSaleMatchFlags  flags)
{
  GPtrArray *keys = g_ptr_array_new ();

  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  if (flags & RS_SALE_MATCH_IDENTIFIER)
    g_ptr_array_add (keys, g_strconcat ("uid" KEY_SEPARATOR, rs_sale_get_uid (sale), NULL));
  if (flags & RS_SALE_MATCH_TERMS)
    g_ptr_array_add (keys, terms_key (sale));
  g_ptr_array_add (keys, NULL);

  return (GStrv) g_ptr_array_free (keys, FALSE);
}

RsSaleMatcher *
rs_sale_matcher_new (RsSaleMatchFlags flags)
{
  RsSaleMatcher *matcher = g_new0 (RsSaleMatcher, 1);

  matcher->flags = flags;
  matcher->sales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  matcher->kept = g_ptr_array_new_with_free_func (g_object_unref);
  return matcher;
}

void
rs_sale_matcher_free (RsSaleMatcher *matcher)
{
  if (matcher == NULL)
    return;

  g_hash_table_unref (matcher->sales);
  g_ptr_array_unref (matcher->kept);
  g_free (matcher);
}

void
rs_sale_matcher_add (RsSaleMatcher *matcher,
                     RsSale        *sale)
{
  g_auto(GStrv) keys = NULL;

  g_return_if_fail (matcher != NULL);
  g_return_if_fail (RS_IS_SALE (sale));

  keys = rs_sale_match_keys (sale, matcher->flags);
  g_ptr_array_add (matcher->kept, g_object_ref (sale));
  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (!g_hash_table_contains (matcher->sales, keys[i]))
        g_hash_table_insert (matcher->sales, g_strdup (keys[i]), sale);
    }
}

RsSale *
rs_sale_matcher_lookup (RsSaleMatcher *matcher,
                        RsSale        *sale)
{
  g_auto(GStrv) keys = NULL;

  g_return_val_if_fail (matcher != NULL, NULL);
  g_return_val_if_fail (RS_IS_SALE (sale), NULL);

  keys = rs_sale_match_keys (sale, matcher->flags);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      RsSale *found = g_hash_table_lookup (matcher->sales, keys[i]);

      if (found != NULL)
        return found;
    }

  return NULL;
}
