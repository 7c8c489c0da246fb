/* rs-store.c: the SQLite store of recurring sales
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store never writes to a file it does not recognise: opening reads the header pragmas
 * first and refuses anything that is not an empty file or one of our stores, before a single
 * pragma that writes (journal mode) runs. Every change is one IMMEDIATE transaction that
 * validates first, so a refused change leaves nothing behind. Rows read back are parsed and
 * validated like outside input: a damaged row is reported with its uid, never trusted.
 *
 * An RsStore is used from one thread at a time (the connection is opened NOMUTEX).
 *
 * This file holds the object itself; the rest is split by job behind rs-store-private.h.
 */
#include "config.h"

#include "rs-store-private.h"

G_DEFINE_FINAL_TYPE (RsStore, rs_store, G_TYPE_OBJECT)

static void
rs_store_finalize (GObject *object)
{
  RsStore *self = RS_STORE (object);

  for (guint i = 0; i < N_STATEMENTS; i++)
    g_clear_pointer (&self->statements[i], sqlite3_finalize);

  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_warning ("Could not close the store %s: %s", self->path, sqlite3_errmsg (self->db));
  self->db = NULL;

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rs_store_parent_class)->finalize (object);
}

static void
rs_store_class_init (RsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rs_store_finalize;
}

static void
rs_store_init (RsStore *self)
{
}

const char *
rs_store_get_path (RsStore *self)
{
  g_return_val_if_fail (RS_IS_STORE (self), NULL);

  return self->path;
}

guint64
rs_store_get_revision (RsStore *self)
{
  g_autoptr(GError) error = NULL;
  guint64 revision = 0;

  g_return_val_if_fail (RS_IS_STORE (self), 0);

  if (!rs_store_read_revision (self, &revision, &error))
    g_warning ("%s", error->message);

  return revision;
}
