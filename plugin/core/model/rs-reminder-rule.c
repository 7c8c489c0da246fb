/* rs-reminder-rule.c: "warn <audience> <lead days> days before <kind>"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-reminder-rule.h>

G_DEFINE_BOXED_TYPE (RsReminderRule, rs_reminder_rule, rs_reminder_rule_copy, rs_reminder_rule_free)

RsReminderRule *
rs_reminder_rule_new (RsReminderKind kind,
                      guint          lead_days,
                      RsAudience     audience)
{
  RsReminderRule *rule = g_new0 (RsReminderRule, 1);

  rule->kind = kind;
  rule->lead_days = lead_days;
  rule->audience = audience;
  return rule;
}

RsReminderRule *
rs_reminder_rule_copy (const RsReminderRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rs_reminder_rule_new (rule->kind, rule->lead_days, rule->audience);
}

void
rs_reminder_rule_free (RsReminderRule *rule)
{
  g_free (rule);
}

gboolean
rs_reminder_rule_equal (const RsReminderRule *a,
                        const RsReminderRule *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->kind == b->kind && a->lead_days == b->lead_days && a->audience == b->audience;
}

int
rs_reminder_rule_compare (const RsReminderRule *a,
                          const RsReminderRule *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;

  /* Larger lead first: the list then reads in the order the reminders fire. */
  if (a->lead_days != b->lead_days)
    return a->lead_days > b->lead_days ? -1 : 1;

  if (a->audience != b->audience)
    return a->audience < b->audience ? -1 : 1;

  return 0;
}
