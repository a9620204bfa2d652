/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A real Orthanc (with its DICOMweb plugin) for the tests: a private process on a free loopback
 * port, a temporary storage folder, HTTP authentication on. It dies with the test process, even
 * when an assertion aborts it. */

#define SL_ORTHANC_USER "sightline-test"
#define SL_ORTHANC_PASSWORD "test-only-Pa55"

typedef struct
{
  GPid pid;
  int port;
  char *dir;            /* config and storage */
  char *url;            /* http://127.0.0.1:PORT */
  char *dicomweb_url;   /* url + /dicom-web */
} SlOrthanc;

/* NULL (and the test marked skipped) when Orthanc is not installed. */
SlOrthanc *sl_orthanc_start       (void);
/* Kills the process (SIGKILL, as a crash would) and starts it again on the same port and
 * storage; waits until it answers. */
void       sl_orthanc_kill        (SlOrthanc  *self);
void       sl_orthanc_restart     (SlOrthanc  *self);
void       sl_orthanc_stop        (SlOrthanc  *self);   /* stops and deletes the storage */
/* POST /instances of a file; returns the HTTP status. */
guint      sl_orthanc_post_file   (SlOrthanc  *self,
                                   const char *path);
guint      sl_orthanc_post_bytes  (SlOrthanc  *self,
                                   GBytes     *file);
/* Makes a Secondary Capture instance of a PNG on the server (POST /tools/create-dicom), in
 * study_uid (NULL: a new study); returns the HTTP status. */
guint      sl_orthanc_create_instance (SlOrthanc  *self,
                                       const char *png_path,
                                       const char *study_uid);
/* The Part 10 file of such an instance, made by the server and deleted from it again: a new
 * instance to POST later. */
GBytes    *sl_orthanc_make_file       (SlOrthanc  *self,
                                       const char *png_path);
/* Number of instances stored (GET /statistics). */
int        sl_orthanc_count_instances (SlOrthanc *self);

/* The bundled demo PNGs (all distinct), sorted. */
GPtrArray *sl_orthanc_demo_pngs (void);
/* Stores the 14 valid DICOM files of the shared datasets, in name order, except the one whose
 * name ends with except (NULL: all of them); the test fails unless the server accepts each. */
void       sl_orthanc_post_valid_files (SlOrthanc  *self,
                                        const char *except);

/* A loopback HTTP server in a thread that answers every request with the next of answers
 * (raw HTTP responses; the last one repeats) and records the requests' heads. */
typedef struct _SlCannedServer SlCannedServer;

SlCannedServer *sl_canned_server_new      (const char * const *answers);
const char     *sl_canned_server_get_url  (SlCannedServer *self);
guint           sl_canned_server_count    (SlCannedServer *self);
char           *sl_canned_server_request  (SlCannedServer *self,
                                           guint           index);
void            sl_canned_server_free     (SlCannedServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCannedServer, sl_canned_server_free)

G_END_DECLS

G_BEGIN_DECLS

/* Trains a tiny CNN on a subset of the demo images (below dir) into model_path: the model the
 * watch tests and benchmark predict with. */
void sl_pacs_train_tiny_model (const char *dir,
                               const char *model_path);

G_END_DECLS
