/* rs-elorus-client.c: Elorus's API over HTTPS, within its rate limits (docs/elorus.md)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Elorus allows 60 calls a minute and 1,000 a day per user, and answers 429 past that (its
 * OpenAPI file, "Call rate limits"). The file documents no Retry-After header; one is honoured
 * when present, otherwise the client waits limits.throttled_wait_ms. A 5xx or a dropped
 * connection is tried again after 2, 4, 8… seconds. Everything here blocks: the service runs a
 * sync in a thread of its own, and the command waits for it anyway.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include <recurring-sales/rs-error.h>

#include "rs-elorus-client.h"

/* 250 is the largest page Elorus gives (page_size, "The maximum allowed value is 250"). */
#define PAGE_SIZE 250
/* A `next` chain longer than this is a loop, not 100,000 recurring invoices. */
#define MAX_PAGES 400

struct _RsElorusClient
{
  GObject         parent_instance;

  SoupSession    *session;
  GUri           *api_uri;
  char           *api_url;      /* without a trailing slash */
  char           *organization;
  char           *authorization;
  RsElorusLimits  limits;
  gint64          last_request; /* monotonic µs; 0 before the first */
  guint           n_requests;
};

G_DEFINE_FINAL_TYPE (RsElorusClient, rs_elorus_client, G_TYPE_OBJECT)

void
rs_elorus_limits_default (RsElorusLimits *limits)
{
  limits->min_interval_ms = 1000;
  limits->throttled_wait_ms = 60 * 1000;
  limits->first_backoff_ms = 2000;
  limits->max_tries = 5;
  limits->max_wait_seconds = 5 * 60;
  limits->timeout_seconds = 30;
}

static void
rs_elorus_client_finalize (GObject *object)
{
  RsElorusClient *self = RS_ELORUS_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->api_uri, g_uri_unref);
  g_free (self->api_url);
  g_free (self->organization);
  /* The token: gone from memory, not only freed. */
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);

  G_OBJECT_CLASS (rs_elorus_client_parent_class)->finalize (object);
}

static void
rs_elorus_client_class_init (RsElorusClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rs_elorus_client_finalize;
}

static void
rs_elorus_client_init (RsElorusClient *self)
{
}

RsElorusClient *
rs_elorus_client_new (const char            *api_url,
                      const char            *organization,
                      const char            *token,
                      GTlsDatabase          *tls_database,
                      const RsElorusLimits  *limits,
                      GError               **error)
{
  g_autoptr(RsElorusClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (api_url != NULL, NULL);
  g_return_val_if_fail (organization != NULL && token != NULL, NULL);
  g_return_val_if_fail (tls_database == NULL || G_IS_TLS_DATABASE (tls_database), NULL);

  uri = g_uri_parse (api_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the address given with --api-url */
                   _("“%s” is not the address of an API: write it like https://api.elorus.com."),
                   api_url);
      return NULL;
    }
  if (organization[0] == '\0' || token[0] == '\0')
    {
      g_set_error_literal (error, RS_ERROR, RS_ERROR_INVALID_ARGUMENT,
                           _("The Elorus organization and token must not be empty."));
      return NULL;
    }

  self = g_object_new (RS_TYPE_ELORUS_CLIENT, NULL);
  self->api_uri = g_steal_pointer (&uri);
  self->api_url = g_strdup (api_url);
  while (g_str_has_suffix (self->api_url, "/"))
    self->api_url[strlen (self->api_url) - 1] = '\0';
  self->organization = g_strdup (organization);
  self->authorization = g_strconcat ("Token ", token, NULL);
  if (limits != NULL)
    self->limits = *limits;
  else
    rs_elorus_limits_default (&self->limits);
  if (self->limits.max_tries == 0)
    self->limits.max_tries = 1;

  self->session = soup_session_new_with_options ("timeout", self->limits.timeout_seconds,
                                                 "user-agent", "evolution-recurring-sales/"
                                                 PACKAGE_VERSION,
                                                 NULL);
  if (tls_database != NULL)
    soup_session_set_tls_database (self->session, tls_database);

  return g_steal_pointer (&self);
}

guint
rs_elorus_client_get_n_requests (RsElorusClient *self)
{
  g_return_val_if_fail (RS_IS_ELORUS_CLIENT (self), 0);
  return self->n_requests;
}

/* Sleeps @ms, in slices, so that a cancelled sync stops waiting at once. */
static gboolean
wait_ms (guint64        ms,
         GCancellable  *cancellable,
         GError       **error)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (50 * 1000, MAX (until - g_get_monotonic_time (), 0)));
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Retry-After is seconds or an HTTP date (RFC 9110, 10.2.3); -1 when absent or unreadable. */
static gint64
retry_after_ms (SoupMessage *message)
{
  const char *value;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                        "Retry-After");
  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &seconds, NULL))
    return (gint64) seconds * 1000;

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return MAX (g_date_time_difference (when, now) / 1000, 0);
}

static JsonObject *
parse_object (GBytes      *body,
              const char  *url,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is an address of Elorus's API */
                   _("Elorus answered %s with something that is not a JSON object."), url);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* One GET, paced and tried again as the limits say; the answer's JSON object. */
static JsonObject *
get_object (RsElorusClient  *self,
            GUri            *uri,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autofree char *url = g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);
  guint64 backoff_ms = self->limits.first_backoff_ms;

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(SoupMessage) message = soup_message_new_from_uri ("GET", uri);
      SoupMessageHeaders *headers = soup_message_get_request_headers (message);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 since_last = g_get_monotonic_time () - self->last_request;
      gboolean last_try = attempt >= self->limits.max_tries;
      guint status;
      gint64 wait;

      if (self->last_request != 0 && since_last < (gint64) self->limits.min_interval_ms * 1000 &&
          !wait_ms (self->limits.min_interval_ms - since_last / 1000, cancellable, error))
        return NULL;

      soup_message_headers_replace (headers, "Authorization", self->authorization);
      soup_message_headers_replace (headers, "X-Elorus-Organization", self->organization);
      soup_message_headers_replace (headers, "Accept", "application/json");

      self->last_request = g_get_monotonic_time ();
      self->n_requests++;
      g_debug ("GET %s (try %u)", url, attempt);
      body = soup_session_send_and_read (self->session, message, cancellable, &local_error);

      if (body == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || last_try)
            {
              g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                           /* Translators: first %s is an address, second the reason */
                           _("Elorus could not be reached at %s: %s"), url,
                           local_error->message);
              return NULL;
            }
          if (!wait_ms (backoff_ms, cancellable, error))
            return NULL;
          backoff_ms *= 2;
          continue;
        }

      status = soup_message_get_status (message);
      if (status == SOUP_STATUS_OK)
        return parse_object (body, url, error);

      if (status == 429)
        {
          wait = retry_after_ms (message);
          if (wait < 0)
            wait = self->limits.throttled_wait_ms;
          if (wait > (gint64) self->limits.max_wait_seconds * 1000 || last_try)
            {
              g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                          (wait + 999) / 1000);

              g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                           /* Translators: %s is a number of seconds */
                           _("Elorus allows no more calls for now (60 a minute, 1,000 a day) and "
                             "asks to wait %s seconds; the next sync continues from here."),
                           seconds);
              return NULL;
            }
          if (!wait_ms (wait, cancellable, error))
            return NULL;
          continue;
        }

      if (SOUP_STATUS_IS_SERVER_ERROR (status) && !last_try)
        {
          wait = retry_after_ms (message);
          if (!wait_ms (wait >= 0 && wait <= (gint64) self->limits.max_wait_seconds * 1000
                        ? (guint64) wait : backoff_ms, cancellable, error))
            return NULL;
          backoff_ms *= 2;
          continue;
        }

      if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                     /* Translators: %s is the organization's ID, %u an HTTP status */
                     _("Elorus refused the token or the organization %s (HTTP %u); log in "
                       "again with recurring-sales elorus login."),
                     self->organization, status);
      else if (status == SOUP_STATUS_NOT_FOUND)
        g_set_error (error, RS_ERROR, RS_ERROR_NOT_FOUND,
                     /* Translators: %s is an address of Elorus's API */
                     _("Elorus has nothing at %s (HTTP 404)."), url);
      else
        g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                     /* Translators: %u is an HTTP status, %s an address */
                     _("Elorus answered HTTP %u to %s; the next sync will try again."),
                     status, url);
      return NULL;
    }
}

/* A `next` of Elorus's answer, only on the host (and scheme and port) the token is for. */
static GUri *
next_page_uri (RsElorusClient  *self,
               const char      *next,
               GError         **error)
{
  g_autoptr(GUri) uri = g_uri_parse (next, G_URI_FLAGS_ENCODED, NULL);

  if (uri != NULL &&
      g_strcmp0 (g_uri_get_scheme (uri), g_uri_get_scheme (self->api_uri)) == 0 &&
      g_ascii_strcasecmp (g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "",
                          g_uri_get_host (self->api_uri)) == 0 &&
      g_uri_get_port (uri) == g_uri_get_port (self->api_uri) &&
      g_uri_get_userinfo (uri) == NULL)
    return g_steal_pointer (&uri);

  g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
               /* Translators: first %s is an address Elorus gave, second the API's address */
               _("Elorus gave a next page at %s, which is not on %s; the sync stopped there."),
               next, self->api_url);
  return NULL;
}

GPtrArray *
rs_elorus_client_list_sync (RsElorusClient  *self,
                            const char      *modified_after,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *first = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (RS_IS_ELORUS_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (modified_after != NULL)
    escaped = g_uri_escape_string (modified_after, NULL, FALSE);
  first = g_strdup_printf ("%s/v1.2/recurringinvoices/?page_size=%d%s%s", self->api_url,
                           PAGE_SIZE, escaped != NULL ? "&modified_after=" : "",
                           escaped != NULL ? escaped : "");
  /* Kept encoded: decoded, the "+" of a time zone would reach Elorus as a space. */
  uri = g_uri_parse (first, G_URI_FLAGS_ENCODED, error);
  if (uri == NULL)
    return NULL;

  for (guint page = 0; uri != NULL; page++)
    {
      g_autoptr(JsonObject) answer = NULL;
      JsonNode *results, *next;

      if (page == MAX_PAGES)
        {
          g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                       _("Elorus gave more than %d pages of recurring invoices; the sync "
                         "stopped."), MAX_PAGES);
          return NULL;
        }
      answer = get_object (self, uri, cancellable, error);
      if (answer == NULL)
        return NULL;

      results = json_object_get_member (answer, "results");
      next = json_object_get_member (answer, "next");
      if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results) ||
          (next != NULL && !JSON_NODE_HOLDS_NULL (next) &&
           (!JSON_NODE_HOLDS_VALUE (next) || json_node_get_value_type (next) != G_TYPE_STRING)))
        {
          g_set_error_literal (error, RS_ERROR, RS_ERROR_FAILED,
                               _("Elorus answered with a page that has no list of results."));
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (results)); i++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (results), i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              g_set_error_literal (error, RS_ERROR, RS_ERROR_FAILED,
                                   _("Elorus answered with a page that has no list of results."));
              return NULL;
            }
          g_ptr_array_add (invoices, json_object_ref (json_node_get_object (element)));
        }

      g_clear_pointer (&uri, g_uri_unref);
      if (next != NULL && JSON_NODE_HOLDS_VALUE (next) && json_node_get_string (next)[0] != '\0')
        {
          uri = next_page_uri (self, json_node_get_string (next), error);
          if (uri == NULL)
            return NULL;
        }
    }
  return g_steal_pointer (&invoices);
}

JsonObject *
rs_elorus_client_get_sync (RsElorusClient  *self,
                           const char      *id,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (RS_IS_ELORUS_CLIENT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Escaped whole: an id from an answer must not become a path of its own. */
  escaped = g_uri_escape_string (id, NULL, FALSE);
  url = g_strdup_printf ("%s/v1.2/recurringinvoices/%s/", self->api_url, escaped);
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  if (uri == NULL)
    return NULL;
  return get_object (self, uri, cancellable, error);
}
