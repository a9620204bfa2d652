/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The client side of DICOM reading: each file is decoded by a sightline-dicom-decoder process
 * (the only code linking GDCM), whose answer (sl-dicom-private.h) becomes SlImages here; a
 * decoder that dies is reported as an SL_ERROR_CORRUPT. The process is started with
 * posix_spawn(), not fork(): Sightline is multithreaded, and fork() runs the pthread_atfork
 * handlers, which in OpenBLAS wait for its worker threads and hang a training job that is in the
 * middle of a matrix product. Building with SL_DICOM_IN_PROCESS decodes in the calling process
 * instead (the fuzz target does, so that libFuzzer sees the decoder's crashes). */
#include "sl-dicom.h"
#include "sl-data-dirs.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sl-dicom-private.h"
#include "sl-data-dirs.h"
#include "sl-error.h"

/* Fixed application key of the UID pseudonyms: the same UID gives the same pseudonym in every
 * catalog, so images of one study group together across imports; the UID itself is never
 * stored. */
static const char pseudonym_key[] = "Sightline DICOM pseudonym key v1";

/* Seconds without any byte from the decoder before it is killed (a hung decoder). */
#define DECODER_SILENCE_LIMIT 120

/* The decoder's answer. UIDs travel raw and are replaced by pseudonyms in build_images(). */
typedef struct
{
  SlDicomHeader h;
  GString *modality, *body_part, *study_uid, *series_uid;
  guint8 *pixels;   /* all frames */
} Decoded;

static void
decoded_clear (Decoded *d)
{
  GString **strings[] = { &d->modality, &d->body_part, &d->study_uid, &d->series_uid };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    if (*strings[i] != NULL)
      g_string_free (g_steal_pointer (strings[i]), TRUE);
  g_clear_pointer (&d->pixels, g_free);
}

static gboolean
read_all (int    fd,
          void  *data,
          size_t len)
{
  char *p = data;

  while (len > 0)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      int ready = poll (&pfd, 1, DECODER_SILENCE_LIMIT * 1000);
      ssize_t n;

      if (ready < 0 && errno == EINTR)
        continue;
      if (ready <= 0)
        return FALSE;
      n = read (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (size_t) n;
    }
  return TRUE;
}

static gboolean
read_string (int       fd,
             GString **s)
{
  guint32 len;

  if (!read_all (fd, &len, sizeof len) || len > G_MAXUINT16)
    return FALSE;
  *s = g_string_sized_new (len);
  g_string_set_size (*s, len);
  return read_all (fd, (*s)->str, len);
}

/* Reads the decoder's answer: 1 with d filled, -1 with the decoder's error in *error (the
 * reason alone), 0 when the answer is incomplete or malformed. */
static int
receive (int      fd,
         Decoded *d,
         GError **error)
{
  const SlDicomHeader *h = &d->h;
  char kind;

  if (!read_all (fd, &kind, 1))
    return 0;
  if (kind == 'E')
    {
      gint32 code;
      GString *reason = NULL;
      gboolean ok = read_all (fd, &code, sizeof code) && read_string (fd, &reason)
                    && code >= SL_ERROR_FAILED && code <= SL_ERROR_TOO_LARGE;

      if (ok)
        g_set_error_literal (error, SL_ERROR, code, reason->str);
      if (reason != NULL)
        g_string_free (reason, TRUE);
      return ok ? -1 : 0;
    }
  if (kind != 'O' || !read_all (fd, &d->h, sizeof d->h))
    return 0;
  if (h->width == 0 || h->height == 0 || h->frames == 0 || (h->channels != 1 && h->channels != 3)
      || h->sample_type < SL_SAMPLE_U8 || h->sample_type > SL_SAMPLE_F32
      || h->pixel_bytes != (guint64) h->width * h->height * h->channels * h->frames
                           * sl_sample_type_size ((SlSampleType) h->sample_type)
      || h->pixel_bytes > SL_DICOM_MAX_DECODED_BYTES)
    return 0;
  if (!read_string (fd, &d->modality) || !read_string (fd, &d->body_part)
      || !read_string (fd, &d->study_uid) || !read_string (fd, &d->series_uid))
    return 0;
  d->pixels = g_malloc (h->pixel_bytes);
  return read_all (fd, d->pixels, h->pixel_bytes) ? 1 : 0;
}

static char *
pseudonym (const GString *uid)
{
  g_autofree char *hmac = NULL;

  if (uid->len == 0)
    return NULL;
  hmac = g_compute_hmac_for_data (G_CHECKSUM_SHA256, (const guchar *) pseudonym_key,
                                  sizeof pseudonym_key - 1, (const guchar *) uid->str, uid->len);
  return g_strndup (hmac, 16);
}

static char *
text_or_null (const GString *s)
{
  return s->len == 0 ? NULL : g_utf8_make_valid (s->str, (gssize) s->len);
}

static GPtrArray *
build_images (Decoded *d)
{
  const SlDicomHeader *h = &d->h;
  SlSampleType type = (SlSampleType) h->sample_type;
  gsize frame_bytes = (gsize) h->width * h->height * h->channels * sl_sample_type_size (type);
  g_autoptr(GBytes) all = g_bytes_new_take (g_steal_pointer (&d->pixels), h->pixel_bytes);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) sl_image_free);

  for (guint32 f = 0; f < h->frames; f++)
    {
      g_autoptr(GBytes) pixels = g_bytes_new_from_bytes (all, f * frame_bytes, frame_bytes);
      SlImage *image = sl_image_new ((int) h->width, (int) h->height, (int) h->channels, type,
                                     pixels);

      image->bits = h->bits;
      image->slope = h->slope;
      image->intercept = h->intercept;
      image->window_center = h->window[0];
      image->window_width = h->window[1];
      image->format = g_strdup ("dicom");
      image->modality = text_or_null (d->modality);
      image->body_part = text_or_null (d->body_part);
      image->study_pseudonym = pseudonym (d->study_uid);
      image->series_pseudonym = pseudonym (d->series_uid);
      image->pixel_spacing[0] = h->spacing[0];
      image->pixel_spacing[1] = h->spacing[1];
      g_ptr_array_add (images, image);
    }
  return g_steal_pointer (&images);
}

#ifdef SL_DICOM_IN_PROCESS

/* Decodes in this process, the answer going through an in-memory file. */
static gboolean
decode (const char *path,
        guint64     max_pixels,
        Decoded    *d,
        GError    **error)
{
  int fd = memfd_create ("sl-dicom-answer", MFD_CLOEXEC);
  int received;

  if (fd < 0 || !sl_dicom_decode_to_fd (path, max_pixels, fd) || lseek (fd, 0, SEEK_SET) != 0)
    {
      if (fd >= 0)
        close (fd);
      g_set_error_literal (error, SL_ERROR, SL_ERROR_FAILED, "the DICOM decoder gave no answer");
      return FALSE;
    }
  received = receive (fd, d, error);
  close (fd);
  if (received == 0)
    g_set_error_literal (error, SL_ERROR, SL_ERROR_CORRUPT,
                         "the DICOM decoder (GDCM) gave no usable result for this file");
  return received == 1;
}

#else

/* Removes the scratch folder of a decoder and what it left there. */
static void
remove_scratch (const char *scratch)
{
  g_autoptr(GDir) dir = scratch != NULL ? g_dir_open (scratch, 0, NULL) : NULL;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (scratch, name, NULL);

      g_remove (file);
    }
  if (scratch != NULL)
    g_rmdir (scratch);
}

/* Starts the decoder on path with its stdout on out_fd, stdin on /dev/null, working in scratch
 * (also its TMPDIR: where installed, GDCM runs the pvrg-jpeg program on JPEG data its own codec
 * refuses, which leaves files in the working and temporary directories). posix_spawn, unlike
 * fork, runs no pthread_atfork handler (glibc spawns with CLONE_VFORK), so threads busy
 * elsewhere in the process (OpenBLAS during training) are left alone. Returns 0 or an errno
 * value. */
static int
spawn_decoder (const char *path,
               guint64     max_pixels,
               const char *scratch,
               int         out_fd,
               pid_t      *pid)
{
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none;
  const char *decoder = sl_data_dirs_dicom_decoder ();
  char budget[32];
  char *argv[] = { (char *) decoder, (char *) path, budget, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "TMPDIR", scratch, TRUE);
  int err;

  g_snprintf (budget, sizeof budget, "%" G_GUINT64_FORMAT, max_pixels);
  sigemptyset (&none);
  posix_spawnattr_init (&attr);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETSIGMASK);
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_addchdir_np (&actions, scratch);
  err = posix_spawn (pid, decoder, &actions, &attr, argv, env);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  return err;
}

/* Decodes in a sightline-dicom-decoder process, so that an abort() or a runaway allocation
 * inside GDCM costs that process, not Sightline. */
static gboolean
decode (const char *path,
        guint64     max_pixels,
        Decoded    *d,
        GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  int fds[2];
  pid_t pid;
  int status = 0, err, received;
  /* the decoder works in a scratch folder: give it an absolute path */
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *scratch = g_dir_make_tmp ("sl-dicom-XXXXXX", &local_error);

  if (scratch == NULL || !g_unix_open_pipe (fds, FD_CLOEXEC, &local_error))
    {
      remove_scratch (scratch);
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, "cannot start the DICOM decoder: %s",
                   local_error->message);
      return FALSE;
    }
  err = spawn_decoder (absolute, max_pixels, scratch, fds[1], &pid);
  close (fds[1]);
  if (err != 0)
    {
      close (fds[0]);
      remove_scratch (scratch);
      g_set_error (error, SL_ERROR, SL_ERROR_FAILED, "cannot start the DICOM decoder %s: %s",
                   sl_data_dirs_dicom_decoder (), g_strerror (err));
      return FALSE;
    }

  received = receive (fds[0], d, error);
  close (fds[0]);
  if (received == 0)
    kill (pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  remove_scratch (scratch);
  if (received != 0)
    return received == 1;
  if (WIFSIGNALED (status) && WTERMSIG (status) != SIGKILL)
    g_set_error (error, SL_ERROR, SL_ERROR_CORRUPT,
                 "the DICOM decoder (GDCM) crashed on this file (%s)",
                 strsignal (WTERMSIG (status)));
  else
    g_set_error_literal (error, SL_ERROR, SL_ERROR_CORRUPT,
                         "the DICOM decoder (GDCM) gave no usable result for this file");
  return FALSE;
}

#endif

gboolean
sl_dicom_has_preamble (const char *path)
{
  guint8 head[132];
  FILE *f;
  gboolean found;

  g_return_val_if_fail (path != NULL, FALSE);

  f = g_fopen (path, "rb");
  if (f == NULL)
    return FALSE;
  found = fread (head, 1, sizeof head, f) == sizeof head
          && sl_dicom_bytes_have_preamble (head, sizeof head);
  fclose (f);
  return found;
}

GPtrArray *
sl_dicom_read (const char  *path,
               guint64      max_pixels,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  Decoded d = { 0 };
  GPtrArray *images = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (decode (path, max_pixels, &d, &local_error))
    images = build_images (&d);
  else
    {
      name = g_path_get_basename (path);
      g_set_error (error, SL_ERROR, local_error->code, "%s: %s", name, local_error->message);
    }
  decoded_clear (&d);
  return images;
}
