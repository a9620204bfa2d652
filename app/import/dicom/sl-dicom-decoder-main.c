/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sightline-dicom-decoder FILE MAX-PIXELS: decodes one DICOM file for Sightline and writes the result, in
 * the form sl-dicom-private.h describes, to stdout. Sightline runs it once per file (see
 * sl-dicom-client.c), so that GDCM aborting on a malformed file ends this process, not the application. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "sl-dicom-private.h"

int
main (int    argc,
      char **argv)
{
  int out, null;
  char *end = NULL;
  guint64 max_pixels = argc == 3 ? g_ascii_strtoull (argv[2], &end, 10) : 0;

  if (argc != 3 || end == argv[2] || *end != '\0' || max_pixels == 0)
    {
      fprintf (stderr, "usage: %s FILE MAX-PIXELS\nDecodes a DICOM file for Sightline (binary output on "
                       "stdout); not meant to be run by hand.\n", argv[0]);
      return 2;
    }
  /* GDCM's codecs and assert() messages write to stdout and stderr: keep the answer apart */
  out = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  null = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  if (out < 0 || null < 0 || dup2 (null, STDOUT_FILENO) < 0 || dup2 (null, STDERR_FILENO) < 0)
    return 1;
  return sl_dicom_decode_to_fd (argv[1], max_pixels, out) ? 0 : 1;
}
