/* rs-error.h: the error domain of the recurring-sales core library
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RsError:
 * @RS_ERROR_INVALID_ARGUMENT: a value given from outside is not acceptable
 * @RS_ERROR_NOT_FOUND: no sale (or occurrence) with that identifier exists
 * @RS_ERROR_CONFLICT: the sale changed since the caller read it (stale revision)
 * @RS_ERROR_FAILED: anything else: the store could not be opened, read or written
 * @RS_ERROR_STORE_UNUSABLE: the store's file is there but cannot be used as it is: damaged,
 *   not a recurring-sales database, or written by a newer version. Trying again does not help
 *   (unlike a full disk or a lock); restoring a backup does.
 * @RS_ERROR_BUSY: the same work is already under way (an Elorus sync); try again when it ends
 *
 * The codes map one to one to the D-Bus errors
 * `io.github.recurring_sales.RecurringSales1.Error.{InvalidArgument,NotFound,Conflict,Failed,
 * StoreUnusable,Busy}`.
 * Messages are complete translated sentences that name the field and the value.
 */
typedef enum {
  RS_ERROR_INVALID_ARGUMENT,
  RS_ERROR_NOT_FOUND,
  RS_ERROR_CONFLICT,
  RS_ERROR_FAILED,
  RS_ERROR_STORE_UNUSABLE,
  RS_ERROR_BUSY,
} RsError;

#define RS_ERROR (rs_error_quark ())

GQuark rs_error_quark (void);

G_END_DECLS
