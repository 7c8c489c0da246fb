/* rs-test-eds.c: the real EDS in a test's private session — its programs from EDS's own
 * libexecdir, the registry started by the test, sources waited for
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * EDS_LIBEXECDIR is libedata-cal-2.0's libexecdir (tests/common/meson.build).
 */
#include "config.h"

#include "rs-test-eds.h"

gboolean
rs_test_eds_skip_if_sanitized (void)
{
  if (!RS_TEST_SANITIZED)
    return FALSE;

  g_print ("1..0 # SKIP EDS cannot run in an AddressSanitizer build "
           "(LD_PRELOAD of the runtime hangs evolution-source-registry)\n");
  return TRUE;
}

char *
rs_test_eds_program (const char *name)
{
  return g_build_filename (EDS_LIBEXECDIR, name, NULL);
}

void
rs_test_eds_write_services (const char *services_dir)
{
  static const char * const services[][2] = {
    { RS_TEST_REGISTRY_NAME, "evolution-source-registry" },
    { RS_TEST_CALENDAR_NAME, "evolution-calendar-factory" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autofree char *name = g_strconcat (services[i][0], ".service", NULL);
      g_autofree char *path = g_build_filename (services_dir, name, NULL);
      g_autofree char *program = rs_test_eds_program (services[i][1]);
      g_autofree char *contents = g_strdup_printf ("[D-BUS Service]\nName=%s\nExec=%s\n",
                                                   services[i][0], program);

      rs_test_write_file (path, contents);
    }
}

GSubprocess *
rs_test_eds_start_registry (RsTestSession *session,
                            const char    *locale,
                            const char    *language)
{
  g_autofree char *program = rs_test_eds_program ("evolution-source-registry");
  const char *argv[] = { program, NULL };
  g_autoptr(GSubprocessLauncher) launcher =
    rs_test_session_new_launcher (session, G_SUBPROCESS_FLAGS_NONE, "registry.log");
  g_autoptr(GError) error = NULL;
  GSubprocess *registry;

  if (locale != NULL)
    g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);

  registry = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  rs_test_session_wait_for_name (session, RS_TEST_REGISTRY_NAME, TRUE, registry, "registry.log");
  return registry;
}

typedef struct {
  ESourceRegistry *registry;
  const char      *uid;
  ESource         *source;
} SourceWait;

static gboolean
source_appeared (gpointer user_data)
{
  SourceWait *wait = user_data;

  wait->source = e_source_registry_ref_source (wait->registry, wait->uid);
  return wait->source != NULL;
}

ESource *
rs_test_eds_ref_source (ESourceRegistry *registry,
                        const char      *uid,
                        guint            timeout_ms)
{
  SourceWait wait = { registry, uid, NULL };

  if (!rs_test_wait_until (source_appeared, &wait, timeout_ms))
    g_error ("The source %s did not appear", uid);
  return wait.source;
}
