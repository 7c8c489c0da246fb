/* rs-sale.c: a recurring sale — the type, its fields and what follows from them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A sale is plain data with getters and setters; what may be stored is decided in one place,
 * rs_sale_validate () (rs-sale-validate.c). Optional text fields are NULL when unset ("" is
 * stored as NULL), so callers test them with a plain NULL check.
 */
#include "config.h"

#include <string.h>

#include <recurring-sales/rs-sale.h>
#include <recurring-sales/rs-text.h>
#include "rs-sale-private.h"

G_DEFINE_FINAL_TYPE (RsSale, rs_sale, G_TYPE_OBJECT)

static void
rs_sale_finalize (GObject *object)
{
  RsSale *self = RS_SALE (object);

  g_clear_pointer (&self->uid, g_free);
  g_clear_pointer (&self->client_name, g_free);
  g_clear_pointer (&self->client_name_folded, g_free);
  g_clear_pointer (&self->client_email, g_free);
  g_clear_pointer (&self->contact_uid, g_free);
  g_clear_pointer (&self->service, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->iban, g_free);
  g_clear_pointer (&self->payment_instructions, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->reminders, g_ptr_array_unref);
  g_clear_pointer (&self->predecessor_uid, g_free);
  g_clear_pointer (&self->successor_uid, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->occurrences, g_array_unref);
  g_clear_pointer (&self->team, g_free);
  g_clear_pointer (&self->offer_note, g_free);

  G_OBJECT_CLASS (rs_sale_parent_class)->finalize (object);
}

static void
rs_sale_class_init (RsSaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rs_sale_finalize;
}

static void
rs_sale_init (RsSale *self)
{
  self->uid = g_uuid_string_random ();
  self->status = RS_SALE_STATUS_ACTIVE;
  self->draft = TRUE;
  self->reminder_minutes = RS_SALE_DEFAULT_REMINDER_MINUTES;
  self->notice_days = -1;
  /* Cleared dates are invalid: a new sale has no start until one is given. */
  g_date_clear (&self->schedule.start, 1);
  g_date_clear (&self->schedule.until, 1);
  self->schedule.period.count = 1;
  self->schedule.period.unit = RS_PERIOD_UNIT_MONTH;
  self->schedule.term_kind = RS_TERM_OPEN;
  self->reminders = g_ptr_array_new_with_free_func ((GDestroyNotify) rs_reminder_rule_free);
  self->occurrences = g_array_new (FALSE, FALSE, sizeof (RsOccurrence));
  g_date_clear (&self->offer_date, 1);
  self->offer_amount_minor = -1;
}

RsSale *
rs_sale_new (void)
{
  return g_object_new (RS_TYPE_SALE, NULL);
}

RsSale *
rs_sale_copy (RsSale *self)
{
  RsSale *copy;

  g_return_val_if_fail (RS_IS_SALE (self), NULL);

  copy = rs_sale_new ();
  g_free (copy->uid);
  copy->uid = g_strdup (self->uid);
  copy->client_name = g_strdup (self->client_name);
  copy->client_email = g_strdup (self->client_email);
  copy->contact_uid = g_strdup (self->contact_uid);
  copy->service = g_strdup (self->service);
  copy->amount_minor = self->amount_minor;
  copy->currency = g_strdup (self->currency);
  copy->schedule = self->schedule;
  copy->notice_days = self->notice_days;
  copy->draft = self->draft;
  copy->prepay = self->prepay;
  copy->iban = g_strdup (self->iban);
  copy->payment_instructions = g_strdup (self->payment_instructions);
  copy->delivery = self->delivery;
  copy->language = g_strdup (self->language);
  for (guint i = 0; i < self->reminders->len; i++)
    {
      const RsReminderRule *rule = g_ptr_array_index (self->reminders, i);
      g_ptr_array_add (copy->reminders, rs_reminder_rule_copy (rule));
    }
  copy->reminder_minutes = self->reminder_minutes;
  copy->status = self->status;
  copy->predecessor_uid = g_strdup (self->predecessor_uid);
  copy->successor_uid = g_strdup (self->successor_uid);
  copy->note = g_strdup (self->note);
  copy->created = self->created;
  copy->updated = self->updated;
  copy->revision = self->revision;
  g_array_append_vals (copy->occurrences, self->occurrences->data, self->occurrences->len);
  rs_sale_copy_offer (copy, self);

  return copy;
}

/* Stores a copy of @value in @field; "" counts as unset. */
static void
set_text (char       **field,
          const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  if (*field == value)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

/* Getters and setters */

const char *
rs_sale_get_uid (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->uid;
}

void
rs_sale_set_uid (RsSale     *self,
                 const char *uid)
{
  g_return_if_fail (RS_IS_SALE (self));
  /* The uid is the sale's key: it is never unset, at worst empty (and then invalid). */
  g_free (self->uid);
  self->uid = g_strdup (uid != NULL ? uid : "");
}

const char *
rs_sale_get_client_name (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->client_name;
}

void
rs_sale_set_client_name (RsSale     *self,
                         const char *client_name)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->client_name, client_name);
  g_clear_pointer (&self->client_name_folded, g_free);
}

gboolean
rs_sale_client_name_matches (RsSale     *self,
                             const char *folded_needle)
{
  char *folded;

  g_return_val_if_fail (RS_IS_SALE (self), FALSE);
  g_return_val_if_fail (folded_needle != NULL, FALSE);

  /* Folding costs more than the search itself, and a filtered list or agenda searches every
   * sale: each sale folds its name once. Sales read by several threads are never changed
   * (the service copies before it writes), so only this cache needs care. */
  folded = g_atomic_pointer_get (&self->client_name_folded);
  if (folded == NULL)
    {
      char *made = rs_text_fold_for_search (self->client_name);

      if (g_atomic_pointer_compare_and_exchange (&self->client_name_folded, NULL, made))
        folded = made;
      else
        {
          g_free (made);
          folded = g_atomic_pointer_get (&self->client_name_folded);
        }
    }

  return strstr (folded, folded_needle) != NULL;
}

const char *
rs_sale_get_client_email (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->client_email;
}

void
rs_sale_set_client_email (RsSale     *self,
                          const char *client_email)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (RS_IS_SALE (self));

  /* Stored as typed minus the spaces around it: "  a@example.com " would pass validation but
   * could not be mailed. */
  if (client_email != NULL)
    trimmed = g_strstrip (g_strdup (client_email));
  set_text (&self->client_email, trimmed);
}

const char *
rs_sale_get_contact_uid (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->contact_uid;
}

void
rs_sale_set_contact_uid (RsSale     *self,
                         const char *contact_uid)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->contact_uid, contact_uid);
}

const char *
rs_sale_get_service (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->service;
}

void
rs_sale_set_service (RsSale     *self,
                     const char *service)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->service, service);
}

gint64
rs_sale_get_amount_minor (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), 0);
  return self->amount_minor;
}

void
rs_sale_set_amount_minor (RsSale *self,
                          gint64  amount_minor)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->amount_minor = amount_minor;
}

const char *
rs_sale_get_currency (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->currency;
}

void
rs_sale_set_currency (RsSale     *self,
                      const char *currency)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->currency, currency);
}

const RsSchedule *
rs_sale_get_schedule (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return &self->schedule;
}

void
rs_sale_set_schedule (RsSale           *self,
                      const RsSchedule *schedule)
{
  g_return_if_fail (RS_IS_SALE (self));
  g_return_if_fail (schedule != NULL);
  self->schedule = *schedule;
}

int
rs_sale_get_notice_days (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), -1);
  return self->notice_days;
}

void
rs_sale_set_notice_days (RsSale *self,
                         int     notice_days)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->notice_days = notice_days;
}

gboolean
rs_sale_get_draft (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), FALSE);
  return self->draft;
}

void
rs_sale_set_draft (RsSale   *self,
                   gboolean  draft)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->draft = !!draft;
}

gboolean
rs_sale_get_prepay (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), FALSE);
  return self->prepay;
}

void
rs_sale_set_prepay (RsSale   *self,
                    gboolean  prepay)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->prepay = !!prepay;
}

const char *
rs_sale_get_iban (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->iban;
}

void
rs_sale_set_iban (RsSale     *self,
                  const char *iban)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->iban, iban);
}

const char *
rs_sale_get_payment_instructions (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->payment_instructions;
}

void
rs_sale_set_payment_instructions (RsSale     *self,
                                  const char *text)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->payment_instructions, text);
}

RsDelivery
rs_sale_get_delivery (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), RS_DELIVERY_DEFAULT);
  return self->delivery;
}

void
rs_sale_set_delivery (RsSale     *self,
                      RsDelivery  delivery)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->delivery = delivery;
}

const char *
rs_sale_get_language (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->language;
}

void
rs_sale_set_language (RsSale     *self,
                      const char *language)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->language, language);
}

GPtrArray *
rs_sale_get_reminders (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->reminders;
}

void
rs_sale_add_reminder (RsSale         *self,
                      RsReminderKind  kind,
                      guint           lead_days,
                      RsAudience      audience)
{
  g_return_if_fail (RS_IS_SALE (self));
  g_ptr_array_add (self->reminders, rs_reminder_rule_new (kind, lead_days, audience));
}

void
rs_sale_clear_reminders (RsSale *self)
{
  g_return_if_fail (RS_IS_SALE (self));
  g_ptr_array_set_size (self->reminders, 0);
}

guint
rs_sale_get_reminder_minutes (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), RS_SALE_DEFAULT_REMINDER_MINUTES);
  return self->reminder_minutes;
}

void
rs_sale_set_reminder_minutes (RsSale *self,
                              guint   minutes)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->reminder_minutes = minutes;
}

RsSaleStatus
rs_sale_get_status (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), RS_SALE_STATUS_ACTIVE);
  return self->status;
}

void
rs_sale_set_status (RsSale       *self,
                    RsSaleStatus  status)
{
  g_return_if_fail (RS_IS_SALE (self));
  g_return_if_fail ((guint) status <= RS_SALE_STATUS_ENDED);
  self->status = status;
}

const char *
rs_sale_get_predecessor_uid (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->predecessor_uid;
}

void
rs_sale_set_predecessor_uid (RsSale     *self,
                             const char *uid)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->predecessor_uid, uid);
}

const char *
rs_sale_get_successor_uid (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->successor_uid;
}

void
rs_sale_set_successor_uid (RsSale     *self,
                           const char *uid)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->successor_uid, uid);
}

const char *
rs_sale_get_note (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), NULL);
  return self->note;
}

void
rs_sale_set_note (RsSale     *self,
                  const char *note)
{
  g_return_if_fail (RS_IS_SALE (self));
  set_text (&self->note, note);
}

gint64
rs_sale_get_created (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), 0);
  return self->created;
}

void
rs_sale_set_created (RsSale *self,
                     gint64  created)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->created = created;
}

gint64
rs_sale_get_updated (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), 0);
  return self->updated;
}

void
rs_sale_set_updated (RsSale *self,
                     gint64  updated)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->updated = updated;
}

guint64
rs_sale_get_revision (RsSale *self)
{
  g_return_val_if_fail (RS_IS_SALE (self), 0);
  return self->revision;
}

void
rs_sale_set_revision (RsSale  *self,
                      guint64  revision)
{
  g_return_if_fail (RS_IS_SALE (self));
  self->revision = revision;
}

/* Derived from the fields */

gboolean
rs_sale_get_notice_deadline (RsSale *self,
                             GDate  *out_date)
{
  g_return_val_if_fail (RS_IS_SALE (self), FALSE);
  g_return_val_if_fail (out_date != NULL, FALSE);

  if (self->notice_days < 1 || !g_date_valid (&self->schedule.start))
    return FALSE;

  return rs_schedule_notice_deadline (&self->schedule, (guint) self->notice_days, out_date, NULL);
}
