/* rs-mail-folders.c: the stores and folders of the account — opened (and created) for a
 * delivery, searched for a message, appended to
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The built-in "On This Computer" store is opened in the mailer's second session, the one with
 * Evolution's own mail directories (rs-mailer.c says why); every other store in the first.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <recurring-sales/rs-error.h>
#include "rs-mailer-private.h"

/* Evolution's UID of its built-in local store (E_MAIL_SESSION_LOCAL_UID). */
#define LOCAL_STORE_UID     "local"

/* The store UID and folder name of a URI that Evolution's e_mail_folder_uri_build () made:
 * "folder://" STORE_UID "/" FOLDER_PATH, both parts URL-encoded (e_mail_folder_uri_parse ()). */
static gboolean
parse_folder_uri (const char  *uri,
                  char       **out_store_uid,
                  char       **out_folder_name)
{
  g_autoptr(CamelURL) url = camel_url_new (uri, NULL);

  if (url == NULL || g_strcmp0 (url->protocol, "folder") != 0 || url->host == NULL ||
      url->path == NULL || url->path[0] != '/' || url->path[1] == '\0')
    return FALSE;

  if (url->user != NULL && *url->user != '\0')
    *out_store_uid = g_strconcat (url->user, "@", url->host, NULL);
  else
    *out_store_uid = g_strdup (url->host);
  *out_folder_name = camel_url_decode_path (url->path + 1);
  return TRUE;
}

/* Evolution's "On This Computer": the maildir and folder database of
 * mail_session_configure_local_store (), whose session data directory is
 * e_get_user_data_dir ()/mail (mail_session_get_data_dir ()). */
static CamelStore *
ref_local_store (RsMailer  *self,
                 GError   **error)
{
  g_autoptr(CamelService) service = NULL;
  g_autoptr(CamelSettings) settings = NULL;
  g_autofree char *path = NULL;

  service = rs_mail_session_ref_service (self->local_session, LOCAL_STORE_UID,
                                         CAMEL_PROVIDER_STORE, error);
  if (service == NULL)
    return NULL;

  path = g_build_filename (camel_session_get_user_data_dir (CAMEL_SESSION (self->local_session)),
                           LOCAL_STORE_UID, NULL);
  settings = camel_service_ref_settings (service);
  if (CAMEL_IS_LOCAL_SETTINGS (settings))
    camel_local_settings_set_path (CAMEL_LOCAL_SETTINGS (settings), path);

  return CAMEL_STORE (g_steal_pointer (&service));
}

static CamelStore *
ref_store (RsMailer    *self,
           const char  *uid,
           GError     **error)
{
  g_autoptr(CamelService) service = NULL;

  if (g_strcmp0 (uid, LOCAL_STORE_UID) == 0)
    return ref_local_store (self, error);

  service = rs_mail_session_ref_service (self->session, uid, CAMEL_PROVIDER_STORE, error);
  if (service == NULL)
    return NULL;

  if (!CAMEL_IS_STORE (service))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The mail account “%s” has no folders to keep messages in."),
                   camel_service_get_display_name (service));
      return NULL;
    }

  return CAMEL_STORE (g_steal_pointer (&service));
}

/* The folder, created when missing: the owner named it in the account's settings (or it is
 * Evolution's default, which Evolution creates on its first start). A remote (offline) store
 * knows only the folders it listed, so an unknown folder is listed before it is created. */
/* Opens @folder_name as the store has it now: FALSE when the store has no such folder (yet);
 * TRUE otherwise, with the folder in @out_folder or why there is none in @error. */
static gboolean
try_get_folder (CamelStore      *store,
                const char      *folder_name,
                RsMailWatchdog  *watchdog,
                CamelFolder    **out_folder,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  *out_folder = camel_store_get_folder_sync (store, folder_name, 0,
                                             rs_mail_watchdog_arm (watchdog), &local_error);
  if (*out_folder == NULL &&
      g_error_matches (local_error, CAMEL_STORE_ERROR, CAMEL_STORE_ERROR_NO_FOLDER))
    return FALSE;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return TRUE;
}

static CamelFolder *
open_folder (CamelStore      *store,
             const char      *folder_name,
             RsMailWatchdog  *watchdog,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  CamelFolderInfo *info;
  CamelFolder *folder = NULL;
  g_autofree char *parent = NULL;
  const char *slash;

  /* An IMAP store counts as offline until it knows that its host is reachable
   * (camel_offline_store_get_online ()); Evolution learns it when it brings the store online
   * with camel_offline_store_set_online_sync (), which would also start downloading the
   * folders marked for offline use into our cache. Only the check, then. */
  if (CAMEL_IS_NETWORK_SERVICE (store) &&
      !camel_network_service_can_reach_sync (CAMEL_NETWORK_SERVICE (store),
                                             rs_mail_watchdog_arm (watchdog), &local_error))
    goto out;

  if (!camel_service_connect_sync (CAMEL_SERVICE (store), rs_mail_watchdog_arm (watchdog),
                                   &local_error))
    goto out;

  /* A local store creates a missing folder itself, as Evolution gets its local folders
   * (mail_session_configure_local_store ()). */
  if (!CAMEL_IS_OFFLINE_STORE (store))
    {
      folder = camel_store_get_folder_sync (store, folder_name, CAMEL_STORE_FOLDER_CREATE,
                                            rs_mail_watchdog_arm (watchdog), &local_error);
      goto out;
    }

  if (try_get_folder (store, folder_name, watchdog, &folder, &local_error))
    goto out;

  /* The whole list: asked for a folder it does not know, a store answers NULL without an
   * error (and a warning). */
  info = camel_store_get_folder_info_sync (store, NULL, CAMEL_STORE_FOLDER_INFO_RECURSIVE,
                                           rs_mail_watchdog_arm (watchdog), &local_error);
  if (info != NULL)
    camel_folder_info_free (info);
  if (local_error != NULL &&
      !g_error_matches (local_error, CAMEL_STORE_ERROR, CAMEL_STORE_ERROR_NO_FOLDER))
    goto out;
  g_clear_error (&local_error);

  if (try_get_folder (store, folder_name, watchdog, &folder, &local_error))
    goto out;

  slash = strrchr (folder_name, '/');
  if (slash != NULL)
    parent = g_strndup (folder_name, slash - folder_name);
  info = camel_store_create_folder_sync (store, parent, slash != NULL ? slash + 1 : folder_name,
                                         rs_mail_watchdog_arm (watchdog), &local_error);
  if (info == NULL)
    goto out;
  camel_folder_info_free (info);

  folder = camel_store_get_folder_sync (store, folder_name, 0, rs_mail_watchdog_arm (watchdog),
                                        &local_error);

out:
  if (folder == NULL && local_error == NULL)
    g_set_error_literal (&local_error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_UNAVAILABLE,
                         /* Translators: about a mail server, after a sentence such as
                          * “Could not put the reminder in the Drafts folder of “…”: ” */
                         _("The server cannot be reached."));
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return folder;
}

/* Whether @folder holds a message with @message_id (without angle brackets). The
 * header-matches of "Message-ID" compares the summary's Message-ID hash
 * (camel-folder-search.c), which the maildir summary and the IMAP summary both keep; an IMAP
 * folder first fetches the summary of messages it has not seen. */
static gboolean
folder_has_message (CamelFolder     *folder,
                    const char      *message_id,
                    gboolean        *out_found,
                    RsMailWatchdog  *watchdog,
                    GError         **error)
{
  g_autoptr(GString) expression = g_string_new ("(match-all (header-matches \"Message-ID\" ");
  g_autofree char *bracketed = g_strdup_printf ("<%s>", message_id);
  GPtrArray *uids;

  if (!camel_folder_refresh_info_sync (folder, rs_mail_watchdog_arm (watchdog), error))
    return FALSE;

  camel_sexp_encode_string (expression, bracketed);
  g_string_append (expression, "))");

  uids = camel_folder_search_by_expression (folder, expression->str,
                                            rs_mail_watchdog_arm (watchdog), error);
  if (uids == NULL)
    return FALSE;

  *out_found = uids->len > 0;
  camel_folder_search_free (folder, uids);
  return TRUE;
}

gboolean
rs_mail_folder_append (CamelFolder       *folder,
                       CamelMimeMessage  *message,
                       guint32            flags,
                       RsMailWatchdog    *watchdog,
                       GError           **error)
{
  g_autoptr(CamelMessageInfo) info = camel_message_info_new (NULL);

  camel_message_info_set_flags (info, flags, flags);
  if (!camel_folder_append_message_sync (folder, message, info, NULL,
                                         rs_mail_watchdog_arm (watchdog), error))
    return FALSE;

  /* Writes the summary (the local folders.db that Evolution reads) and, on IMAP, the flags. */
  return camel_folder_synchronize_sync (folder, FALSE, rs_mail_watchdog_arm (watchdog), error);
}

void
rs_mail_service_disconnect (CamelService   *service,
                            gboolean        clean,
                            RsMailWatchdog *watchdog)
{
  /* After a failure the connection may be stuck: drop it without talking to the server. */
  camel_service_disconnect_sync (service, clean && !rs_mail_watchdog_fired (watchdog),
                                 clean ? rs_mail_watchdog_arm (watchdog) : NULL, NULL);
}

/* Opens the folder of @uri (Drafts or Sent) and looks for @message_id in it. */
CamelFolder *
rs_mailer_open_target (RsMailer        *self,
                       const char      *uri,
                       const char      *message_id,
                       gboolean        *out_found,
                       RsMailWatchdog  *watchdog,
                       CamelStore     **out_store,
                       GError         **error)
{
  g_autofree char *store_uid = NULL;
  g_autofree char *folder_name = NULL;
  g_autoptr(CamelStore) store = NULL;
  g_autoptr(CamelFolder) folder = NULL;

  if (!parse_folder_uri (uri, &store_uid, &folder_name))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is a folder address such as folder://local/Drafts */
                   _("Evolution’s settings name a folder that cannot be understood: %s."), uri);
      return NULL;
    }

  store = ref_store (self, store_uid, error);
  if (store == NULL)
    return NULL;

  folder = open_folder (store, folder_name, watchdog, error);
  if (folder == NULL || !folder_has_message (folder, message_id, out_found, watchdog, error))
    {
      rs_mail_service_disconnect (CAMEL_SERVICE (store), FALSE, watchdog);
      /* The store's name says where (“On This Computer”, the account). */
      *out_store = g_steal_pointer (&store);
      return NULL;
    }

  *out_store = g_steal_pointer (&store);
  return g_steal_pointer (&folder);
}

