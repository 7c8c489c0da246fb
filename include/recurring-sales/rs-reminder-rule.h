/* rs-reminder-rule.h: "warn <audience> <lead days> days before <kind>"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>
#include <recurring-sales/rs-types.h>

G_BEGIN_DECLS

#define RS_REMINDER_MAX_LEAD_DAYS 366

#define RS_TYPE_REMINDER_RULE (rs_reminder_rule_get_type ())

typedef struct {
  RsReminderKind kind;
  guint          lead_days;  /* 0–366 */
  RsAudience     audience;
} RsReminderRule;

GType           rs_reminder_rule_get_type (void) G_GNUC_CONST;
RsReminderRule *rs_reminder_rule_new      (RsReminderKind  kind,
                                           guint           lead_days,
                                           RsAudience      audience);
RsReminderRule *rs_reminder_rule_copy     (const RsReminderRule *rule);
void            rs_reminder_rule_free     (RsReminderRule *rule);
gboolean        rs_reminder_rule_equal    (const RsReminderRule *a,
                                           const RsReminderRule *b);
/* Orders by kind, then larger lead first, then audience. */
int             rs_reminder_rule_compare  (const RsReminderRule *a,
                                           const RsReminderRule *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsReminderRule, rs_reminder_rule_free)

G_END_DECLS
