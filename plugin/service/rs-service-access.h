/* rs-service-access.h: only the user who runs the service may call it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RsServiceAccess RsServiceAccess;

/* Who may call: the senders' Unix users, asked of the bus once each and remembered (unique
 * names are never reused on a bus). Checked in the thread that handles the calls; what is
 * remembered may be looked up in any thread. */
RsServiceAccess *rs_service_access_new   (void);
RsServiceAccess *rs_service_access_ref   (RsServiceAccess       *self);
void             rs_service_access_unref (RsServiceAccess       *self);
/* TRUE when the sender of @invocation is the service's own user; otherwise answers
 * @invocation with org.freedesktop.DBus.Error.AccessDenied and returns FALSE. Called first in
 * each method handler, in the main thread: GDBus's g-authorize-method would authorize each
 * call in a worker thread of its own, and pipelined calls of one client could then run out of
 * order. */
gboolean         rs_service_access_check (RsServiceAccess       *self,
                                          GDBusMethodInvocation *invocation);
/* Without asking anything (any thread): TRUE when @sender is known to be the service's own
 * user, FALSE when it is another or not known yet (then rs_service_access_check () decides). */
gboolean         rs_service_access_is_known_allowed (RsServiceAccess *self,
                                                     const char      *sender);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RsServiceAccess, rs_service_access_unref)

G_END_DECLS
