/* rs-sale-occurrences.c: the owner's marks on single occurrences of a sale
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An occurrence is keyed by its issue date; only marked ones (issued, prepaid, skipped) are
 * kept, in an array sorted by date.
 */
#include "config.h"

#include <recurring-sales/rs-sale.h>
#include "rs-sale-private.h"

/* Binary search: TRUE and the index when @issue_date is marked, else FALSE and the index where
 * it would be inserted. */
static gboolean
find_occurrence (RsSale      *self,
                 const GDate *issue_date,
                 guint       *out_index)
{
  guint low = 0, high = self->occurrences->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      const RsOccurrence *occurrence = &g_array_index (self->occurrences, RsOccurrence, middle);
      int cmp = g_date_compare (&occurrence->issue_date, issue_date);

      if (cmp == 0)
        {
          *out_index = middle;
          return TRUE;
        }
      if (cmp < 0)
        low = middle + 1;
      else
        high = middle;
    }

  *out_index = low;
  return FALSE;
}

RsOccurrenceState
rs_sale_get_occurrence_state (RsSale      *self,
                              const GDate *issue_date)
{
  guint index;

  g_return_val_if_fail (RS_IS_SALE (self), RS_OCCURRENCE_OPEN);
  g_return_val_if_fail (issue_date != NULL && g_date_valid (issue_date), RS_OCCURRENCE_OPEN);

  if (!find_occurrence (self, issue_date, &index))
    return RS_OCCURRENCE_OPEN;

  return g_array_index (self->occurrences, RsOccurrence, index).state;
}

void
rs_sale_set_occurrence_state (RsSale            *self,
                              const GDate       *issue_date,
                              RsOccurrenceState  state)
{
  RsOccurrence occurrence;
  guint index;

  g_return_if_fail (RS_IS_SALE (self));
  g_return_if_fail (issue_date != NULL && g_date_valid (issue_date));
  g_return_if_fail ((guint) state <= RS_OCCURRENCE_SKIPPED);

  if (find_occurrence (self, issue_date, &index))
    {
      /* Open is the state of every date nobody marked: it is not kept. */
      if (state == RS_OCCURRENCE_OPEN)
        g_array_remove_index (self->occurrences, index);
      else
        g_array_index (self->occurrences, RsOccurrence, index).state = state;
      return;
    }

  if (state == RS_OCCURRENCE_OPEN)
    return;

  occurrence.issue_date = *issue_date;
  occurrence.state = state;
  g_array_insert_val (self->occurrences, index, occurrence);
}

GArray *
rs_sale_get_marked_occurrences (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->occurrences;
}
