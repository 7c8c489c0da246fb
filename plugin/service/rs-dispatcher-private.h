/* rs-dispatcher-private.h: what the dispatcher's files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * rs-dispatcher.c is the object and its runs (when to look, one delivery at a time);
 * rs-dispatcher-ledger.c decides what becomes of each due reminder and records it;
 * rs-dispatcher-mail.c composes and delivers in worker threads, through the mail account.
 */
#pragma once

#include <recurring-sales/rs-defaults.h>
#include "rs-dispatcher.h"
#include "rs-mailer.h"

G_BEGIN_DECLS

#define RS_DISPATCHER_CHECKED_UNTIL_SETTING "dispatcher-checked-until"

struct _RsDispatcher
{
  GObject                parent_instance;

  RsStore               *store;
  RsServiceClock        *clock;
  RsDispatcherSalesFunc  sales_func;
  gpointer               sales_func_data;

  gint64                 checked_until;   /* what the ledger covers, as stored */
  gint64                 announced_until; /* the property: once the run's deliveries ended */
  gboolean               has_work_ahead;

  gboolean               running;
  gboolean               run_again;
  guint                  queued_id;
  guint                  timer_id;
  GQueue                 jobs;            /* DeliveryJob, in due order */
  gint64                 run_now;
  RsDefaults            *run_defaults;    /* the settings of the current run, for its jobs */
  GCancellable          *cancellable;

  /* Created on first use in a worker thread; every use holds mail_lock. */
  GMutex                 mail_lock;
  ESourceRegistry       *registry;
  RsMailer              *mailer;
};

/* One reminder to deliver, recorded pending already. */
typedef struct {
  RsDeliveryRecord *record;
  RsSale           *sale;
  gint64            date;            /* the message's Date: the run's time */
  RsDefaults       *defaults;        /* shared by the run's jobs */
  char             *message_id;      /* out */
  gboolean          already_there;   /* out */
} DeliveryJob;

void     rs_dispatcher_delivery_job_free    (gpointer          data);

/* rs-dispatcher.c: the signals. */
void     rs_dispatcher_emit_delivered       (RsDispatcher     *self,
                                             RsDeliveryRecord *record);
void     rs_dispatcher_emit_missed          (RsDispatcher     *self,
                                             RsDeliveryRecord *record);

/* rs-dispatcher-ledger.c */
/* Stores how far the ledger covers the reminders due. */
void     rs_dispatcher_set_checked_until    (RsDispatcher     *self,
                                             gint64            until);
/* Records what becomes of every reminder due by @now (retries whose time has come, then those
 * newly due since checked-until), queueing in self->jobs those to deliver. */
void     rs_dispatcher_collect_due          (RsDispatcher     *self,
                                             GPtrArray        *sales,
                                             RsDefaults       *defaults,
                                             gint64            now);
/* The next instant something is due after @now: a reminder of a sale, or a retry. */
gboolean rs_dispatcher_find_next_wake       (RsDispatcher     *self,
                                             gint64            now,
                                             gint64           *out_wake);
/* Records how the delivery of @job went: delivered when @error is NULL, else pending again
 * with a backoff. */
void     rs_dispatcher_record_delivery      (RsDispatcher     *self,
                                             DeliveryJob      *job,
                                             const GError     *error);

/* rs-dispatcher-mail.c */
/* Delivers @job in a worker thread; the task takes @job as its task data. */
void     rs_dispatcher_deliver_async        (RsDispatcher     *self,
                                             DeliveryJob      *job,
                                             GAsyncReadyCallback callback);

G_END_DECLS
