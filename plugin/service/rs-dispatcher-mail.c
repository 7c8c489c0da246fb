/* rs-dispatcher-mail.c: the dispatcher's messages — composed and delivered in worker threads
 * through the default mail account
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Delivering may ask Evolution's registry and talk to a mail server, so it runs in a worker
 * thread; the account (registry and mailer) is created there on first use and shared by the
 * deliveries and the previews under mail_lock.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rs-dispatcher-private.h"

/* The mail account */

static char *
mail_dir (const char *base)
{
  return g_build_filename (base, "evolution-recurring-sales", "mail", NULL);
}

/* Under mail_lock. */
static RsMailer *
ensure_mailer_locked (RsDispatcher  *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;

  if (self->mailer != NULL)
    return self->mailer;

  if (self->registry == NULL)
    {
      self->registry = e_source_registry_new_sync (cancellable, error);
      if (self->registry == NULL)
        {
          /* Translators: the reason follows */
          g_prefix_error (error, _("Evolution’s mail accounts could not be read: "));
          return NULL;
        }
    }

  data_dir = mail_dir (g_get_user_data_dir ());
  cache_dir = mail_dir (g_get_user_cache_dir ());
  self->mailer = rs_mailer_new (self->registry, data_dir, cache_dir);
  return self->mailer;
}

/* Delivering */

/* The worker's own connection to the store, for recording a delivery the moment the server
 * accepts it: the service's connection belongs to the main thread, which may be busy (or, at
 * an exit, gone). Opened before the first delivery, never inside one. Under mail_lock. */
static RsStore *
ensure_ledger_store_locked (RsDispatcher *self)
{
  g_autoptr(GError) error = NULL;

  if (self->ledger_store != NULL)
    return self->ledger_store;

  self->ledger_store = rs_store_open_sync (rs_store_get_path (self->store), NULL, &error);
  if (self->ledger_store == NULL)
    g_warning ("The delivery ledger could not be opened for the deliveries themselves; each "
               "is recorded once it ends: %s", error->message);
  return self->ledger_store;
}

typedef struct {
  RsDispatcher *self;
  RsStore      *ledger_store;  /* may be NULL */
  DeliveryJob  *job;
} DeliveryProgress;

/* In the worker, as the mailer gets there. */
static void
on_delivery_progress (RsMailerStage stage,
                      gpointer      user_data)
{
  DeliveryProgress *progress = user_data;
  DeliveryJob *job = progress->job;

  if (stage == RS_MAILER_STAGE_ACCEPTED)
    {
      if (progress->ledger_store != NULL &&
          rs_dispatcher_record_accepted (progress->self, progress->ledger_store, job))
        g_atomic_int_set (&job->stage, DELIVERY_STAGE_RECORDED);
      return;
    }

  /* Filed counts only once recorded: otherwise an exit must wait for the main thread. */
  g_atomic_int_compare_and_exchange (&job->stage, DELIVERY_STAGE_RECORDED,
                                     DELIVERY_STAGE_FILED);
}

static void
deliver_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RsDispatcher *self = source_object;
  DeliveryJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *organization = NULL;
  g_auto(GStrv) team = NULL;
  RsMailer *mailer;
  RsSender sender;
  gboolean delivered;
  DeliveryProgress progress = { self, NULL, job };

  g_mutex_lock (&self->mail_lock);

  mailer = ensure_mailer_locked (self, cancellable, &error);
  if (mailer == NULL || !rs_mailer_get_sender (mailer, &name, &address, &organization, &error))
    goto out;

  /* The message chooses among these for the signature (rs-reminder-message.h). */
  sender.name = name;
  sender.address = address;
  sender.business_name = job->defaults->business_name;
  sender.organization = organization;
  /* The sale's own team, else the setting's, as it is at this run. */
  if (rs_sale_get_team (job->sale) != NULL)
    team = g_strsplit (rs_sale_get_team (job->sale), ",", -1);
  else
    team = g_strdupv (job->defaults->team_addresses);
  message = rs_reminder_message_build_for (job->sale, job->record->kind, job->record->audience,
                                           job->record->lead_days, &job->record->occurrence,
                                           &sender, (const char * const *) team, job->date,
                                           &error);
  if (message == NULL)
    goto out;

  job->message_id = rs_reminder_message_id_for (rs_sale_get_uid (job->sale), job->record->kind,
                                                job->record->audience, job->record->lead_days,
                                                &job->record->occurrence, address);
  progress.ledger_store = ensure_ledger_store_locked (self);
  delivered = rs_mailer_deliver_sync (mailer, message, job->record->mode, on_delivery_progress,
                                      &progress, &job->already_there, cancellable, &error);
  if (!delivered)
    g_clear_pointer (&job->message_id, g_free);

out:
  g_mutex_unlock (&self->mail_lock);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
rs_dispatcher_deliver_async (RsDispatcher        *self,
                             DeliveryJob         *job,
                             GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, NULL);

  g_task_set_source_tag (task, rs_dispatcher_deliver_async);
  g_task_set_task_data (task, job, rs_dispatcher_delivery_job_free);
  g_task_run_in_thread (task, deliver_in_thread);
}

/* Preview */

typedef struct {
  RsSale         *sale;
  RsReminderKind  kind;
  GDate           occurrence;
  char           *subject;
  char           *body;
} PreviewJob;

static void
preview_job_free (gpointer data)
{
  PreviewJob *job = data;

  g_clear_object (&job->sale);
  g_free (job->subject);
  g_free (job->body);
  g_free (job);
}

static void
preview_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RsDispatcher *self = source_object;
  PreviewJob *job = task_data;
  g_autoptr(RsDefaults) defaults = rs_defaults_load ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;
  g_autofree char *organization = NULL;
  RsMailer *mailer;
  RsSender sender;

  /* Without a mail account the preview still shows the text, signed with the business name
   * if there is one. Not with the user's name from the system: g_get_real_name () gives the
   * login name when the account has no full name ("root"), and a client must not see that. */
  g_mutex_lock (&self->mail_lock);
  mailer = ensure_mailer_locked (self, cancellable, NULL);
  if (mailer == NULL || !rs_mailer_get_sender (mailer, &name, &address, &organization, NULL))
    {
      g_clear_pointer (&name, g_free);
      g_clear_pointer (&address, g_free);
      g_clear_pointer (&organization, g_free);
    }
  g_mutex_unlock (&self->mail_lock);

  sender.name = name;
  sender.address = address != NULL ? address : "";
  sender.business_name = defaults->business_name;
  sender.organization = organization;

  if (!rs_reminder_message_compose (job->sale, job->kind, &job->occurrence, &sender,
                                    &job->subject, &job->body, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
rs_dispatcher_preview_async (RsDispatcher        *self,
                             RsSale              *sale,
                             RsReminderKind       kind,
                             const GDate         *occurrence,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PreviewJob *job;

  g_return_if_fail (RS_IS_DISPATCHER (self));
  g_return_if_fail (RS_IS_SALE (sale));
  g_return_if_fail (occurrence != NULL && g_date_valid (occurrence));

  job = g_new0 (PreviewJob, 1);
  job->sale = g_object_ref (sale);
  job->kind = kind;
  job->occurrence = *occurrence;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rs_dispatcher_preview_async);
  g_task_set_task_data (task, job, preview_job_free);
  g_task_run_in_thread (task, preview_in_thread);
}

gboolean
rs_dispatcher_preview_finish (RsDispatcher  *self,
                              GAsyncResult  *result,
                              char         **out_subject,
                              char         **out_body,
                              GError       **error)
{
  PreviewJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  *out_subject = g_steal_pointer (&job->subject);
  *out_body = g_steal_pointer (&job->body);
  return TRUE;
}
