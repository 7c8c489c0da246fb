/* rs-elorus-keyring.c: the Elorus token in the user's keyring, through libsecret
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * As GNOME Online Accounts and other GNOME applications keep their tokens: a password item of
 * our own schema in the default collection, which the session's keyring (gnome-keyring or any
 * Secret Service) encrypts and unlocks with the login.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include <recurring-sales/rs-error.h>

#include "rs-elorus-keyring.h"

static const SecretSchema *
keyring_schema (void)
{
  static const SecretSchema schema = {
    RS_ELORUS_KEYRING_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { "organization", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "api-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* libsecret's own message says what went wrong with the keyring; it never holds the secret. */
static void
set_keyring_error (GError       **error,
                   const GError  *secret_error)
{
  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: %s is the keyring's own reason */
               _("The keyring could not be used: %s"), secret_error->message);
}

void
rs_elorus_login_free (RsElorusLogin *login)
{
  if (login == NULL)
    return;
  g_free (login->organization);
  g_free (login->api_url);
  if (login->token != NULL)
    secret_password_free (login->token);
  g_free (login);
}

gboolean
rs_elorus_keyring_clear_sync (gboolean      *out_removed,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean removed;

  removed = secret_password_clear_sync (keyring_schema (), cancellable, &local_error, NULL);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error);
      return FALSE;
    }
  if (out_removed != NULL)
    *out_removed = removed;
  return TRUE;
}

gboolean
rs_elorus_keyring_store_sync (const char    *organization,
                              const char    *api_url,
                              const char    *token,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (organization != NULL && api_url != NULL && token != NULL, FALSE);

  /* One login at a time: the service syncs the one there is. */
  if (!rs_elorus_keyring_clear_sync (NULL, cancellable, error))
    return FALSE;
  if (!secret_password_store_sync (keyring_schema (), SECRET_COLLECTION_DEFAULT,
                                   _("Recurring Sales: Elorus organization ID"), token,
                                   cancellable, &local_error,
                                   "organization", organization,
                                   "api-url", api_url,
                                   NULL))
    {
      set_keyring_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

RsElorusLogin *
rs_elorus_keyring_lookup_sync (gboolean       with_token,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RsElorusLogin) login = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  SecretRetrievable *item;
  SecretSearchFlags flags = SECRET_SEARCH_NONE;

  if (with_token)
    flags |= SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS;
  items = secret_password_searchv_sync (keyring_schema (), none, flags, cancellable,
                                        &local_error);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error);
      return NULL;
    }
  if (items == NULL)
    return NULL;

  item = items->data;
  attributes = secret_retrievable_get_attributes (item);
  login = g_new0 (RsElorusLogin, 1);
  login->organization = g_strdup (g_hash_table_lookup (attributes, "organization"));
  login->api_url = g_strdup (g_hash_table_lookup (attributes, "api-url"));
  if (with_token)
    {
      SecretValue *value = secret_retrievable_retrieve_secret_sync (item, cancellable,
                                                                    &local_error);

      if (local_error != NULL)
        {
          g_list_free_full (items, g_object_unref);
          set_keyring_error (error, local_error);
          return NULL;
        }
      if (value != NULL)
        {
          gsize length = 0;

          /* Kept in libsecret's non-pageable memory, and wiped when freed. */
          login->token = secret_value_unref_to_password (value, &length);
        }
    }
  g_list_free_full (items, g_object_unref);

  if (login->organization == NULL || login->api_url == NULL ||
      (with_token && login->token == NULL))
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_FAILED,
                           _("The Elorus login in the keyring is incomplete: log in again."));
      return NULL;
    }
  return g_steal_pointer (&login);
}
