/* rs-agenda.c: what falls due in a window, straight from the schedule engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-agenda.h"
#include "rs-format.h"

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

const char *
rs_agenda_item_kind_to_string (RsAgendaItemKind kind)
{
  static const char * const names[] = { "invoice", "expiry", "notice", "reminder" };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
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

static gboolean
date_in_window (const GDate *date,
                const GDate *from,
                const GDate *to)
{
  return g_date_compare (date, from) >= 0 && g_date_compare (date, to) <= 0;
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

static void
add_reminder (GPtrArray            *items,
              RsSale               *sale,
              const RsReminderRule *rule,
              const GDate          *for_date)
{
  GDate fires = *for_date;
  RsAgendaItem *item;

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

      if (!rs_sale_reminds_about (sale, rule->kind))
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
              {
                const GDate *date = &g_array_index (dates, GDate, d);

                /* Issued, prepaid or skipped: nothing left to remind about. */
                if (rs_sale_get_occurrence_state (sale, date) == RS_OCCURRENCE_OPEN)
                  add_reminder (items, sale, rule, date);
              }
            break;
          }
        case RS_REMINDER_KIND_EXPIRY:
          if (expiry != NULL && date_in_window (expiry, &target_from, &target_to))
            add_reminder (items, sale, rule, expiry);
          break;
        case RS_REMINDER_KIND_NOTICE:
          if (deadline != NULL && date_in_window (deadline, &target_from, &target_to))
            add_reminder (items, sale, rule, deadline);
          break;
        default:
          break;
        }
    }
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const RsAgendaItem *item_a = *(const RsAgendaItem * const *) a;
  const RsAgendaItem *item_b = *(const RsAgendaItem * const *) b;
  int result;

  if ((result = g_date_compare (&item_a->date, &item_b->date)) != 0)
    return result;
  if (item_a->kind != item_b->kind)
    return item_a->kind < item_b->kind ? -1 : 1;
  /* Byte order, not g_utf8_collate(): a window over 100,000 sales sorts a few hundred thousand
   * items, and collation dominated the time. Within one day the order only needs to be stable. */
  if ((result = g_strcmp0 (rs_sale_get_client_name (item_a->sale),
                           rs_sale_get_client_name (item_b->sale))) != 0)
    return result;
  if ((result = g_strcmp0 (rs_sale_get_uid (item_a->sale), rs_sale_get_uid (item_b->sale))) != 0)
    return result;
  if (item_a->kind == RS_AGENDA_ITEM_REMINDER)
    {
      if (item_a->for_kind != item_b->for_kind)
        return item_a->for_kind < item_b->for_kind ? -1 : 1;
      if (item_a->audience != item_b->audience)
        return item_a->audience < item_b->audience ? -1 : 1;
    }
  return 0;
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
    {
      RsSale *sale = g_ptr_array_index (sales, i);
      GDate expiry, deadline;
      gboolean has_expiry, has_deadline;

      if (!g_date_valid (&rs_sale_get_schedule (sale)->start))
        continue;

      has_expiry = rs_schedule_expiry_date (rs_sale_get_schedule (sale), &expiry);
      has_deadline = rs_sale_get_notice_deadline (sale, &deadline);

      add_invoices (items, sale, from, to);
      if (has_expiry && date_in_window (&expiry, from, to))
        g_ptr_array_add (items, new_item (RS_AGENDA_ITEM_EXPIRY, sale, &expiry));
      if (has_deadline && date_in_window (&deadline, from, to))
        g_ptr_array_add (items, new_item (RS_AGENDA_ITEM_NOTICE, sale, &deadline));
      add_reminders (items, sale, from, to, has_expiry ? &expiry : NULL, has_deadline ? &deadline : NULL);
    }

  g_ptr_array_sort (items, compare_items);
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
