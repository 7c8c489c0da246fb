/* rs-background-thread.h: threads that give way to the service's short calls
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lowers the calling thread's priority (niceness 10, once per thread): for the threads that
 * read long lists, so that on a busy machine the processor goes first to the short calls,
 * the writes and the bus. */
void rs_background_thread_enter (void);

G_END_DECLS
