/* rs-elorus-client.h: Elorus's API over HTTPS, within its rate limits (docs/elorus.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RS_ELORUS_DEFAULT_API_URL "https://api.elorus.com"

/* How the client paces and retries; rs_elorus_limits_default () gives Elorus's. */
typedef struct
{
  guint min_interval_ms;    /* between two calls: 1000 keeps under 60 a minute */
  guint throttled_wait_ms;  /* after a 429 without Retry-After */
  guint first_backoff_ms;   /* after a 5xx or a dropped connection, doubled each time */
  guint max_tries;          /* per call, the first included */
  guint max_wait_seconds;   /* a Retry-After longer than this ends the sync instead */
  guint timeout_seconds;    /* per call */
} RsElorusLimits;

void rs_elorus_limits_default (RsElorusLimits *limits);

#define RS_TYPE_ELORUS_CLIENT (rs_elorus_client_get_type ())
G_DECLARE_FINAL_TYPE (RsElorusClient, rs_elorus_client, RS, ELORUS_CLIENT, GObject)

/* @api_url is http(s)://host[:port] (RS_ELORUS_DEFAULT_API_URL, or a test server or proxy);
 * @tls_database NULL for the system's CAs. The token goes only into the Authorization header:
 * never into a URL, a log or an error. Errors are RS_ERROR_INVALID_ARGUMENT for a bad URL. */
RsElorusClient *rs_elorus_client_new       (const char            *api_url,
                                            const char            *organization,
                                            const char            *token,
                                            GTlsDatabase          *tls_database,
                                            const RsElorusLimits  *limits,
                                            GError               **error);

/* Every recurring invoice (modified on or after @modified_after, an ISO 8601 date-time, when
 * given), following `next` page by page: a GPtrArray of JsonObject, or NULL and nothing when
 * any page fails. A `next` on another host than @api_url is refused: the token goes nowhere
 * else. */
GPtrArray      *rs_elorus_client_list_sync (RsElorusClient  *self,
                                            const char      *modified_after,
                                            GCancellable    *cancellable,
                                            GError         **error);
/* One recurring invoice with every field (the list lacks client_display_name and items). */
JsonObject     *rs_elorus_client_get_sync  (RsElorusClient  *self,
                                            const char      *id,
                                            GCancellable    *cancellable,
                                            GError         **error);
/* The HTTP requests made so far, retries included (for the day's count). */
guint           rs_elorus_client_get_n_requests (RsElorusClient *self);

G_END_DECLS
