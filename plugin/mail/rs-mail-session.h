/* rs-mail-session.h: a CamelSession whose services are the user's Evolution mail accounts, with
 * passwords from the user's keyring and no prompts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <camel/camel.h>
#include <libedataserver/libedataserver.h>

G_BEGIN_DECLS

#define RS_TYPE_MAIL_SESSION (rs_mail_session_get_type ())
G_DECLARE_FINAL_TYPE (RsMailSession, rs_mail_session, RS, MAIL_SESSION, CamelSession)

/* Camel keeps each service's state in @user_data_dir/<uid> and @user_cache_dir/<uid>. */
RsMailSession *rs_mail_session_new          (ESourceRegistry  *registry,
                                             const char       *user_data_dir,
                                             const char       *user_cache_dir);

ESourceRegistry *rs_mail_session_get_registry (RsMailSession *self);

/* The service of the source @uid (a [Mail Account] or [Mail Transport] source of @type), added
 * and configured from the source on first use (e_source_camel_configure_service (), as
 * Evolution's own session does), or added again when the source's backend changed. */
CamelService  *rs_mail_session_ref_service  (RsMailSession     *self,
                                             const char        *uid,
                                             CamelProviderType  type,
                                             GError           **error);

G_END_DECLS
