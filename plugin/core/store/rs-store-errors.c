/* rs-store-errors.c: the store's error sentences that several of its files say
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include <recurring-sales/rs-text.h>

#include "rs-store-private.h"

void
rs_store_set_sqlite_error (RsStore  *self,
                           GError  **error)
{
  int code = sqlite3_errcode (self->db) & 0xff;  /* the primary code */

  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                 /* Translators: %s is a file name */
                 _("The store %s is busy: another program kept it locked. Try again in a moment."),
                 self->path);
  /* SQLite says SQLITE_FULL when a write finds no room, and an I/O error whose system error
   * is ENOSPC when the shared-memory file cannot grow. The transaction is rolled back. */
  else if (code == SQLITE_FULL ||
           (code == SQLITE_IOERR && sqlite3_system_errno (self->db) == ENOSPC))
    g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                 /* Translators: %s is a file name */
                 _("The disk that holds the store %s is full; nothing was changed. "
                   "Free some space and try again."),
                 self->path);
  else
    g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                 /* Translators: first %s is a file name, second a message from SQLite (English) */
                 _("The store %s reported an error: %s."),
                 self->path, sqlite3_errmsg (self->db));
}

void
rs_store_set_not_a_store_error (const char  *path,
                                RsError      code,
                                GError     **error)
{
  g_set_error (error, RS_ERROR, code,
               /* Translators: %s is a file name */
               _("The file %s is not a recurring-sales database, or it is damaged; "
                 "it was left untouched."),
               path);
}

void
rs_store_set_not_found_error (const char  *uid,
                              GError     **error)
{
  g_autofree char *shown = rs_text_for_message (uid);

  g_set_error (error, RS_ERROR, RS_ERROR_NOT_FOUND,
               /* Translators: %s is a sale identifier */
               _("There is no sale with the identifier %s."), shown);
}

gboolean
rs_store_set_bad_value_error (GError     **error,
                              const char  *column,
                              const char  *value)
{
  g_autofree char *shown = rs_text_for_message (value);

  g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
               /* Translators: first %s is the stored text, second a column name of the database */
               _("The stored value “%s” of %s is not valid."), shown, column);
  return FALSE;
}

/* Turns a problem found in the stored sale @uid into RS_ERROR_FAILED naming it. */
void
rs_store_set_damaged_error (RsStore     *self,
                            const char  *uid,
                            const char  *problem,
                            GError     **error)
{
  g_autofree char *shown = rs_text_for_message (uid);

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is a sale identifier, second a file name, third a
                * sentence saying what is wrong */
               _("The sale %s in the store %s is damaged: %s"),
               shown, self->path, problem);
}
