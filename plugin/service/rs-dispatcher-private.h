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

typedef struct _DeliveryJob DeliveryJob;

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

  DeliveryJob           *in_flight;       /* the job a worker delivers, or NULL */
  gboolean               shutting_down;   /* no new run, no next job */
  int                    lock_fd;         /* the store's dispatcher lock, once held; else -1 */
  char                  *lock_path;       /* its file, removed at the end */
  guint                  lock_retry_id;
  gboolean               lock_warned;

  /* Created on first use in a worker thread; every use holds mail_lock. */
  GMutex                 mail_lock;
  ESourceRegistry       *registry;
  RsMailer              *mailer;
  RsStore               *ledger_store;    /* the worker's own connection to the store */
};

/* How far the delivery of a job got (DeliveryJob.stage, atomic). */
enum {
  DELIVERY_STAGE_SENDING,
  DELIVERY_STAGE_RECORDED,   /* accepted, and recorded delivered in the ledger */
  DELIVERY_STAGE_FILED,      /* and its copy in Sent saved (or given up): nothing left that matters */
};

/* One reminder to deliver, recorded pending already. */
struct _DeliveryJob {
  RsDeliveryRecord *record;
  RsSale           *sale;
  gint64            date;            /* the message's Date: the run's time */
  RsDefaults       *defaults;        /* shared by the run's jobs */
  char             *message_id;      /* out */
  gboolean          already_there;   /* out */
  int               stage;           /* DELIVERY_STAGE_*, set by the worker */
};

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
/* In the worker, the moment the server accepted @job's message: records it delivered through
 * @ledger_store (the worker's connection), durably, before anything else can wait. FALSE (with
 * a warning) when it could not: then only rs_dispatcher_record_delivery () records it. */
gboolean rs_dispatcher_record_accepted      (RsDispatcher     *self,
                                             RsStore          *ledger_store,
                                             DeliveryJob      *job);

/* rs-dispatcher-mail.c */
/* Delivers @job in a worker thread; the task takes @job as its task data. */
void     rs_dispatcher_deliver_async        (RsDispatcher     *self,
                                             DeliveryJob      *job,
                                             GAsyncReadyCallback callback);

G_END_DECLS
