/* rs-mail-session.c: a CamelSession whose services are the user's Evolution mail accounts, with
 * passwords from the user's keyring and no prompts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This is the part of Evolution's own EMailSession (libemail-engine) that a program without a
 * user interface needs: services are added and configured from their ESource the way
 * mail_session_add_service () does it, and authentication takes the password that Evolution
 * saved in the keyring (e_source_lookup_password_sync () on the source that holds the
 * credentials, as EDS's password credentials provider does). Where Evolution would prompt, this
 * session fails with a sentence that tells the owner what to do.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <recurring-sales/rs-error.h>
#include "rs-mail-session.h"

struct _RsMailSession
{
  CamelSession                 parent_instance;

  ESourceRegistry             *registry;
  ESourceCredentialsProvider  *credentials;
};

G_DEFINE_FINAL_TYPE (RsMailSession, rs_mail_session, CAMEL_TYPE_SESSION)

enum {
  PROP_0,
  PROP_REGISTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The source that holds the service's credentials: the service's own source, or the
 * collection it belongs to (e_source_credentials_provider_ref_credentials_source ()). */
static ESource *
ref_credentials_source (RsMailSession  *self,
                        CamelService   *service,
                        GError        **error)
{
  g_autoptr(ESource) source = NULL;
  ESource *credentials_source;

  source = e_source_registry_ref_source (self->registry, camel_service_get_uid (service));
  if (source == NULL)
    {
      g_set_error (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_CANT_AUTHENTICATE,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The mail account “%s” was removed from Evolution."),
                   camel_service_get_display_name (service));
      return NULL;
    }

  credentials_source = e_source_credentials_provider_ref_credentials_source (self->credentials,
                                                                             source);
  return credentials_source != NULL ? credentials_source : g_steal_pointer (&source);
}

static gboolean
rs_mail_session_authenticate_sync (CamelSession  *session,
                                   CamelService  *service,
                                   const char    *mechanism,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  RsMailSession *self = RS_MAIL_SESSION (session);
  CamelServiceAuthType *authtype = NULL;
  CamelAuthenticationResult result;
  g_autoptr(ESource) credentials_source = NULL;
  g_autofree char *password = NULL;

  if (mechanism != NULL && *mechanism != '\0')
    authtype = camel_sasl_authtype (mechanism);

  /* Mechanisms without a password (GSSAPI; XOAUTH2, which asks get_oauth2_access_token_sync ()
   * below) get one attempt, as in CamelSession's example implementation. */
  if (authtype != NULL && !authtype->need_password)
    {
      result = camel_service_authenticate_sync (service, mechanism, cancellable, error);
      if (result == CAMEL_AUTHENTICATION_REJECTED)
        g_set_error (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_CANT_AUTHENTICATE,
                     /* Translators: first %s is a mail server, second an authentication
                      * mechanism such as GSSAPI */
                     _("The server %s did not accept the %s sign-in."),
                     camel_service_get_display_name (service), mechanism);
      return result == CAMEL_AUTHENTICATION_ACCEPTED;
    }

  credentials_source = ref_credentials_source (self, service, error);
  if (credentials_source == NULL)
    return FALSE;

  /* Where Evolution keeps it (e-source-credentials-provider-impl-password.c): the keyring
   * entry of the source, by its UID. Never a prompt: the service runs without a display. */
  if (!e_source_lookup_password_sync (credentials_source, cancellable, &password, error))
    return FALSE;

  if (password == NULL)
    {
      g_set_error (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_CANT_AUTHENTICATE,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("No password for “%s” is saved in the keyring. Connect to the account once "
                     "in Evolution and let it remember the password."),
                   e_source_get_display_name (credentials_source));
      return FALSE;
    }

  camel_service_set_password (service, password);
  result = camel_service_authenticate_sync (service, mechanism, cancellable, error);
  /* Every new connection authenticates again (IMAP opens several): no need to keep the
   * password in the service between them. */
  camel_service_set_password (service, NULL);

  if (result == CAMEL_AUTHENTICATION_REJECTED)
    {
      g_set_error (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_CANT_AUTHENTICATE,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The server did not accept the password saved in the keyring for “%s”. "
                     "Enter the new password in Evolution and let it remember it."),
                   e_source_get_display_name (credentials_source));
      return FALSE;
    }

  return result == CAMEL_AUTHENTICATION_ACCEPTED;
}

/* XOAUTH2 and the other OAuth 2.0 mechanisms (Google, Outlook accounts) ask the session for a
 * token; EDS gets it for the source (GNOME Online Accounts or its own OAuth 2.0 services). */
static gboolean
rs_mail_session_get_oauth2_access_token_sync (CamelSession  *session,
                                              CamelService  *service,
                                              char         **out_access_token,
                                              int           *out_expires_in,
                                              GCancellable  *cancellable,
                                              GError       **error)
{
  g_autoptr(ESource) credentials_source = NULL;

  credentials_source = ref_credentials_source (RS_MAIL_SESSION (session), service, error);
  if (credentials_source == NULL)
    return FALSE;

  return e_source_get_oauth2_access_token_sync (credentials_source, cancellable,
                                                out_access_token, out_expires_in, error);
}

/* The proxy of the account's [Authentication] ProxyUid, as mail_session_configure_proxy_resolver
 * () sets it in Evolution. */
static void
configure_proxy (RsMailSession *self,
                 ESource       *source,
                 CamelService  *service)
{
  g_autoptr(ESource) authentication_source = NULL;
  g_autoptr(ESource) proxy_source = NULL;
  g_autofree char *proxy_uid = NULL;
  ESourceAuthentication *extension;

  authentication_source = e_source_registry_find_extension (self->registry, source,
                                                            E_SOURCE_EXTENSION_AUTHENTICATION);
  if (authentication_source == NULL)
    return;

  extension = e_source_get_extension (authentication_source, E_SOURCE_EXTENSION_AUTHENTICATION);
  proxy_uid = e_source_authentication_dup_proxy_uid (extension);
  if (proxy_uid != NULL)
    proxy_source = e_source_registry_ref_source (self->registry, proxy_uid);

  if (proxy_source != NULL && g_proxy_resolver_is_supported (G_PROXY_RESOLVER (proxy_source)))
    camel_service_set_proxy_resolver (service, G_PROXY_RESOLVER (proxy_source));
}

static CamelService *
rs_mail_session_add_service (CamelSession       *session,
                             const char         *uid,
                             const char         *protocol,
                             CamelProviderType   type,
                             GError            **error)
{
  RsMailSession *self = RS_MAIL_SESSION (session);
  g_autoptr(ESource) source = NULL;
  g_autoptr(ESource) settings_source = NULL;
  CamelService *service;

  service = CAMEL_SESSION_CLASS (rs_mail_session_parent_class)->add_service (session, uid,
                                                                            protocol, type,
                                                                            error);
  if (service == NULL)
    return NULL;

  source = e_source_registry_ref_source (self->registry, uid);
  if (source == NULL)
    return service;

  /* As in Evolution: the settings live in the source's [<Protocol> Backend] extension, or in
   * an ancestor's (a collection account); e_source_camel_configure_service () binds them, so
   * later changes of the account reach the service. */
  settings_source = e_source_registry_find_extension (self->registry, source,
                                                      e_source_camel_get_extension_name (protocol));
  e_source_camel_configure_service (settings_source != NULL ? settings_source : source, service);
  camel_service_set_display_name (service, e_source_get_display_name (source));

  if (CAMEL_IS_NETWORK_SERVICE (service))
    configure_proxy (self, source, service);

  return service;
}

CamelService *
rs_mail_session_ref_service (RsMailSession      *self,
                             const char         *uid,
                             CamelProviderType   type,
                             GError            **error)
{
  const char *extension_name = type == CAMEL_PROVIDER_STORE ? E_SOURCE_EXTENSION_MAIL_ACCOUNT
                                                             : E_SOURCE_EXTENSION_MAIL_TRANSPORT;
  g_autoptr(ESource) source = NULL;
  g_autoptr(CamelService) service = NULL;
  const char *backend_name;

  g_return_val_if_fail (RS_IS_MAIL_SESSION (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source = e_source_registry_ref_source (self->registry, uid);
  if (source == NULL || !e_source_has_extension (source, extension_name))
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the identifier of a mail account in Evolution */
                   _("The mail account %s that Evolution’s settings refer to does not exist."),
                   uid);
      return NULL;
    }

  backend_name = e_source_backend_get_backend_name (e_source_get_extension (source,
                                                                            extension_name));
  if (backend_name == NULL || *backend_name == '\0')
    {
      g_set_error (error, RS_ERROR, RS_ERROR_FAILED,
                   /* Translators: %s is the name of a mail account in Evolution */
                   _("The mail account “%s” is not completely set up in Evolution."),
                   e_source_get_display_name (source));
      return NULL;
    }

  service = camel_session_ref_service (CAMEL_SESSION (self), uid);
  /* The owner switched the account to another kind of server (say IMAP to POP): Camel's
   * service for the old one cannot serve it. */
  if (service != NULL &&
      g_strcmp0 (camel_service_get_provider (service)->protocol, backend_name) != 0)
    {
      camel_session_remove_service (CAMEL_SESSION (self), service);
      g_clear_object (&service);
    }

  if (service == NULL)
    service = camel_session_add_service (CAMEL_SESSION (self), uid, backend_name, type, error);

  return g_steal_pointer (&service);
}

ESourceRegistry *
rs_mail_session_get_registry (RsMailSession *self)
{
  g_return_val_if_fail (RS_IS_MAIL_SESSION (self), NULL);

  return self->registry;
}

static void
rs_mail_session_constructed (GObject *object)
{
  RsMailSession *self = RS_MAIL_SESSION (object);

  G_OBJECT_CLASS (rs_mail_session_parent_class)->constructed (object);

  self->credentials = e_source_credentials_provider_new (self->registry);
}

static void
rs_mail_session_dispose (GObject *object)
{
  RsMailSession *self = RS_MAIL_SESSION (object);

  g_clear_object (&self->credentials);
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (rs_mail_session_parent_class)->dispose (object);
}

static void
rs_mail_session_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RsMailSession *self = RS_MAIL_SESSION (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      self->registry = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rs_mail_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RsMailSession *self = RS_MAIL_SESSION (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rs_mail_session_class_init (RsMailSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CamelSessionClass *session_class = CAMEL_SESSION_CLASS (klass);

  object_class->constructed = rs_mail_session_constructed;
  object_class->dispose = rs_mail_session_dispose;
  object_class->set_property = rs_mail_session_set_property;
  object_class->get_property = rs_mail_session_get_property;

  session_class->add_service = rs_mail_session_add_service;
  session_class->authenticate_sync = rs_mail_session_authenticate_sync;
  session_class->get_oauth2_access_token_sync = rs_mail_session_get_oauth2_access_token_sync;

  properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL, E_TYPE_SOURCE_REGISTRY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rs_mail_session_init (RsMailSession *self)
{
}

RsMailSession *
rs_mail_session_new (ESourceRegistry *registry,
                     const char      *user_data_dir,
                     const char      *user_cache_dir)
{
  g_return_val_if_fail (E_IS_SOURCE_REGISTRY (registry), NULL);
  g_return_val_if_fail (user_data_dir != NULL, NULL);
  g_return_val_if_fail (user_cache_dir != NULL, NULL);

  return g_object_new (RS_TYPE_MAIL_SESSION,
                       "registry", registry,
                       "user-data-dir", user_data_dir,
                       "user-cache-dir", user_cache_dir,
                       NULL);
}
