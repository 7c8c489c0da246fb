/* rs-agenda.c: what falls due in a window, straight from the schedule engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-agenda.h>
#include "rs-agenda-private.h"
#include <recurring-sales/rs-date.h>
#include <recurring-sales/rs-format.h>

G_DEFINE_BOXED_TYPE (RsAgendaItem, rs_agenda_item, rs_agenda_item_copy, rs_agenda_item_free)

RsAgendaItem *
rs_agenda_item_copy (const RsAgendaItem *item)
{
  RsAgendaItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new (RsAgendaItem, 1);
  *copy = *item;
  g_object_ref (copy->sale);
  return copy;
}

void
rs_agenda_item_free (RsAgendaItem *item)
{
  if (item == NULL)
    return;

  g_clear_object (&item->sale);
  g_free (item);
}

static RsAgendaItem *
new_item (RsAgendaItemKind  kind,
          RsSale           *sale,
          const GDate      *date)
{
  RsAgendaItem *item = g_new0 (RsAgendaItem, 1);

  item->kind = kind;
  item->sale = g_object_ref (sale);
  item->date = *date;
  g_date_clear (&item->for_date, 1);
  return item;
}

static void
add_invoices (GPtrArray   *items,
              RsSale      *sale,
              const GDate *from,
              const GDate *to)
{
  g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));

  rs_schedule_collect_issue_dates (rs_sale_get_schedule (sale), from, to, dates);
  for (guint i = 0; i < dates->len; i++)
    {
      const GDate *date = &g_array_index (dates, GDate, i);
      RsAgendaItem *item = new_item (RS_AGENDA_ITEM_INVOICE, sale, date);

      item->state = rs_sale_get_occurrence_state (sale, date);
      g_ptr_array_add (items, item);
    }
}

/* Adds the reminder of @rule about @for_date, when the one rule says it exists
 * (rs_sale_reminder_verdict (): the status, the marks, the client's address). */
static void
add_reminder (GPtrArray            *items,
              RsSale               *sale,
              const RsReminderRule *rule,
              const GDate          *for_date)
{
  GDate fires = *for_date;
  RsAgendaItem *item;

  if (rs_sale_reminder_verdict (sale, rule->kind, rule->audience, rule->lead_days, for_date) !=
      RS_REMINDER_VERDICT_REMINDS)
    return;

  g_date_subtract_days (&fires, rule->lead_days);
  item = new_item (RS_AGENDA_ITEM_REMINDER, sale, &fires);
  item->for_kind = rule->kind;
  item->for_date = *for_date;
  item->audience = rule->audience;
  item->lead_days = rule->lead_days;
  g_ptr_array_add (items, item);
}

static void
add_reminders (GPtrArray   *items,
               RsSale      *sale,
               const GDate *from,
               const GDate *to,
               const GDate *expiry,
               const GDate *deadline)
{
  GPtrArray *rules = rs_sale_get_reminders (sale);

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);
      GDate target_from = *from, target_to = *to;

      /* A rule that reminds of nothing whatever the date (the status, no address): no need
       * to look at its dates. */
      if (rs_sale_reminder_verdict (sale, rule->kind, rule->audience, rule->lead_days, NULL) !=
          RS_REMINDER_VERDICT_REMINDS)
        continue;

      /* A reminder fires lead days before its date: it fires in the window when its date
       * falls in the window shifted by the lead. */
      g_date_add_days (&target_from, rule->lead_days);
      g_date_add_days (&target_to, rule->lead_days);

      switch (rule->kind)
        {
        case RS_REMINDER_KIND_INVOICE:
          {
            g_autoptr(GArray) dates = g_array_new (FALSE, FALSE, sizeof (GDate));

            rs_schedule_collect_issue_dates (rs_sale_get_schedule (sale), &target_from, &target_to, dates);
            for (guint d = 0; d < dates->len; d++)
              add_reminder (items, sale, rule, &g_array_index (dates, GDate, d));
            break;
          }
        case RS_REMINDER_KIND_EXPIRY:
          if (expiry != NULL && rs_date_in_range (expiry, &target_from, &target_to))
            add_reminder (items, sale, rule, expiry);
          break;
        case RS_REMINDER_KIND_NOTICE:
          if (deadline != NULL && rs_date_in_range (deadline, &target_from, &target_to))
            add_reminder (items, sale, rule, deadline);
          break;
        default:
          break;
        }
    }
}

int
rs_agenda_item_compare (const RsAgendaItem *a,
                        const RsAgendaItem *b)
{
  int result;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if ((result = g_date_compare (&a->date, &b->date)) != 0)
    return result;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  /* Byte order, not g_utf8_collate(): a window over 100,000 sales sorts a few hundred thousand
   * items, and collation dominated the time. */
  if ((result = g_strcmp0 (rs_sale_get_client_name (a->sale),
                           rs_sale_get_client_name (b->sale))) != 0)
    return result;
  if ((result = g_strcmp0 (rs_sale_get_uid (a->sale), rs_sale_get_uid (b->sale))) != 0)
    return result;
  /* One sale has at most one invoice, expiry and notice a day, but several reminders: the
   * order must be total so that a page cursor names one place in the list. */
  if (a->kind == RS_AGENDA_ITEM_REMINDER)
    {
      if (a->for_kind != b->for_kind)
        return a->for_kind < b->for_kind ? -1 : 1;
      if (a->audience != b->audience)
        return a->audience < b->audience ? -1 : 1;
      if ((result = g_date_compare (&a->for_date, &b->for_date)) != 0)
        return result;
      if (a->lead_days != b->lead_days)
        return a->lead_days < b->lead_days ? -1 : 1;
    }
  return 0;
}

static int
compare_item_pointers (gconstpointer a,
                       gconstpointer b)
{
  return rs_agenda_item_compare (*(const RsAgendaItem * const *) a,
                                 *(const RsAgendaItem * const *) b);
}

void
rs_agenda_collect_sale (RsSale      *sale,
                        const GDate *from,
                        const GDate *to,
                        GPtrArray   *items)
{
  GDate expiry, deadline;
  gboolean has_expiry, has_deadline;

  if (!g_date_valid (&rs_sale_get_schedule (sale)->start) || g_date_compare (from, to) > 0)
    return;

  has_expiry = rs_schedule_expiry_date (rs_sale_get_schedule (sale), &expiry);
  has_deadline = rs_sale_get_notice_deadline (sale, &deadline);

  add_invoices (items, sale, from, to);
  if (has_expiry && rs_date_in_range (&expiry, from, to))
    g_ptr_array_add (items, new_item (RS_AGENDA_ITEM_EXPIRY, sale, &expiry));
  if (has_deadline && rs_date_in_range (&deadline, from, to))
    g_ptr_array_add (items, new_item (RS_AGENDA_ITEM_NOTICE, sale, &deadline));
  add_reminders (items, sale, from, to, has_expiry ? &expiry : NULL, has_deadline ? &deadline : NULL);
}

/* Keeps the smaller of (@best_date, @best_kind) and (@date, @kind). */
static void
consider_bound (gboolean         *found,
                GDate            *best_date,
                RsAgendaItemKind *best_kind,
                const GDate      *date,
                RsAgendaItemKind  kind)
{
  int order;

  if (*found && ((order = g_date_compare (date, best_date)) > 0 || (order == 0 && kind >= *best_kind)))
    return;

  *found = TRUE;
  *best_date = *date;
  *best_kind = kind;
}

/* The first date of @rule's kind on or after @day: an issue date, the expiry or the deadline. */
static gboolean
next_reminder_target (RsSale               *sale,
                      const RsReminderRule *rule,
                      const GDate          *day,
                      const GDate          *expiry,
                      const GDate          *deadline,
                      GDate                *out_target)
{
  switch (rule->kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      return rs_schedule_next_issue_on_or_after (rs_sale_get_schedule (sale), day, out_target, NULL);
    case RS_REMINDER_KIND_EXPIRY:
      if (expiry == NULL || g_date_compare (expiry, day) < 0)
        return FALSE;
      *out_target = *expiry;
      return TRUE;
    case RS_REMINDER_KIND_NOTICE:
      if (deadline == NULL || g_date_compare (deadline, day) < 0)
        return FALSE;
      *out_target = *deadline;
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
rs_agenda_sale_lower_bound (RsSale           *sale,
                            const GDate      *anchor,
                            GDate            *out_date,
                            RsAgendaItemKind *out_kind)
{
  const RsSchedule *schedule = rs_sale_get_schedule (sale);
  GPtrArray *rules = rs_sale_get_reminders (sale);
  GDate date, expiry, deadline;
  gboolean has_expiry, has_deadline, found = FALSE;

  if (!g_date_valid (&schedule->start))
    return FALSE;

  /* Each rule of rs_agenda_collect_sale () gives items of one kind whose dates are at or after
   * the first date it can give on or after @anchor; marks and the sale's status only take
   * items away, so they are left out here. */
  has_expiry = rs_schedule_expiry_date (schedule, &expiry);
  has_deadline = rs_sale_get_notice_deadline (sale, &deadline);

  if (rs_schedule_next_issue_on_or_after (schedule, anchor, &date, NULL))
    consider_bound (&found, out_date, out_kind, &date, RS_AGENDA_ITEM_INVOICE);
  if (has_expiry && g_date_compare (&expiry, anchor) >= 0)
    consider_bound (&found, out_date, out_kind, &expiry, RS_AGENDA_ITEM_EXPIRY);
  if (has_deadline && g_date_compare (&deadline, anchor) >= 0)
    consider_bound (&found, out_date, out_kind, &deadline, RS_AGENDA_ITEM_NOTICE);

  for (guint i = 0; i < rules->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (rules, i);
      GDate day = *anchor;

      if (rs_sale_reminder_verdict (sale, rule->kind, rule->audience, rule->lead_days, NULL) !=
          RS_REMINDER_VERDICT_REMINDS)
        continue;

      /* A reminder fires lead days before its date: it fires on or after @anchor when its
       * date is on or after @anchor + lead. */
      g_date_add_days (&day, rule->lead_days);
      if (!next_reminder_target (sale, rule, &day, has_expiry ? &expiry : NULL,
                                 has_deadline ? &deadline : NULL, &date))
        continue;
      g_date_subtract_days (&date, rule->lead_days);
      consider_bound (&found, out_date, out_kind, &date, RS_AGENDA_ITEM_REMINDER);
    }

  return found;
}

GPtrArray *
rs_agenda_compute (GPtrArray   *sales,
                   const GDate *from,
                   const GDate *to)
{
  GPtrArray *items;

  g_return_val_if_fail (sales != NULL, NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_agenda_item_free);
  if (g_date_compare (from, to) > 0)
    return items;

  for (guint i = 0; i < sales->len; i++)
    rs_agenda_collect_sale (g_ptr_array_index (sales, i), from, to, items);

  g_ptr_array_sort (items, compare_item_pointers);
  return items;
}

static char *
describe_target (RsSale         *sale,
                 RsReminderKind  kind)
{
  switch (kind)
    {
    case RS_REMINDER_KIND_INVOICE:
      return rs_format_invoice_summary (sale);
    case RS_REMINDER_KIND_EXPIRY:
      return rs_format_expiry_summary (sale);
    case RS_REMINDER_KIND_NOTICE:
      return rs_format_notice_summary (sale);
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
rs_agenda_item_describe (const RsAgendaItem *item)
{
  g_autofree char *date = NULL;
  g_autofree char *what = NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  date = rs_format_date (&item->date);
  switch (item->kind)
    {
    case RS_AGENDA_ITEM_INVOICE:
      what = rs_format_invoice_summary (item->sale);
      switch (item->state)
        {
        case RS_OCCURRENCE_ISSUED:
          /* Translators: %s is an invoice summary */
          line = g_strdup_printf (_("%s — issued"), what);
          break;
        case RS_OCCURRENCE_PREPAID:
          /* Translators: %s is an invoice summary */
          line = g_strdup_printf (_("%s — prepaid"), what);
          break;
        case RS_OCCURRENCE_SKIPPED:
          /* Translators: %s is an invoice summary */
          line = g_strdup_printf (_("%s — skipped"), what);
          break;
        case RS_OCCURRENCE_OPEN:
        default:
          if (rs_sale_get_status (item->sale) == RS_SALE_STATUS_PAUSED)
            /* Translators: an invoice of a paused sale; %s is its summary */
            line = g_strdup_printf (_("%s (paused)"), what);
          else
            line = g_steal_pointer (&what);
          break;
        }
      break;
    case RS_AGENDA_ITEM_EXPIRY:
      line = rs_format_expiry_summary (item->sale);
      break;
    case RS_AGENDA_ITEM_NOTICE:
      line = rs_format_notice_summary (item->sale);
      break;
    case RS_AGENDA_ITEM_REMINDER:
      {
        g_autofree char *for_date = rs_format_date (&item->for_date);

        what = describe_target (item->sale, item->for_kind);
        if (item->audience == RS_AUDIENCE_CLIENT)
          /* Translators: %1$s is an event summary, %2$s its date */
          line = g_strdup_printf (_("Reminder to the client: %1$s on %2$s"), what, for_date);
        else if (item->audience == RS_AUDIENCE_TEAM)
          /* Translators: %1$s is an event summary, %2$s its date */
          line = g_strdup_printf (_("Reminder to your team: %1$s on %2$s"), what, for_date);
        else
          /* Translators: %1$s is an event summary, %2$s its date */
          line = g_strdup_printf (_("Reminder to you: %1$s on %2$s"), what, for_date);
        break;
      }
    default:
      g_return_val_if_reached (NULL);
    }

  return g_strdup_printf ("%s  %s", date, line);
}
