/* rs-elorus-keyring.h: the Elorus token in the user's keyring, through libsecret
 * (docs/elorus.md, "The token")
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One login at a time: schema io.github.recurring_sales.Elorus, attributes `organization` and
 * `api-url`. The token is never written to a file, a log or an error message.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RS_ELORUS_KEYRING_SCHEMA "io.github.recurring_sales.Elorus"

typedef struct
{
  char *organization;
  char *api_url;
  char *token;         /* NULL unless asked for; freed with secret_password_free () */
} RsElorusLogin;

void           rs_elorus_login_free           (RsElorusLogin *login);

/* Replaces any login stored before with this one. */
gboolean       rs_elorus_keyring_store_sync   (const char    *organization,
                                               const char    *api_url,
                                               const char    *token,
                                               GCancellable  *cancellable,
                                               GError       **error);
/* The stored login, with its token when @with_token (which may unlock the keyring); NULL and
 * no error when there is none. Errors are RS_ERROR_FAILED with a translated sentence. */
RsElorusLogin *rs_elorus_keyring_lookup_sync  (gboolean       with_token,
                                               GCancellable  *cancellable,
                                               GError       **error);
/* Removes the stored login; @out_removed says whether there was one. */
gboolean       rs_elorus_keyring_clear_sync   (gboolean      *out_removed,
                                               GCancellable  *cancellable,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsElorusLogin, rs_elorus_login_free)

G_END_DECLS
