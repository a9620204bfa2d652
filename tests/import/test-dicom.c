/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The GDCM bridge on every file of $SL_SHARED_DATASETS/dicom, plus synthetic MONOCHROME1 and
 * palette files.
 *
 * Reference values were computed once, independently of Sightline's code, with GDCM's command
 * line tools and a few lines of Python (struct.unpack, no GDCM API):
 *   gdcmconv --raw valid/X.dcm X.dcm                # decompress, little endian
 *   gdcmraw -t 7fe0,0010 -i X.dcm -o X.raw          # the raw Pixel Data bytes
 *   python3: unpack X.raw as <h (16-bit signed), B (8-bit), I (32-bit), or bits LSB first;
 *            planar RGB (ExplVR_BigEnd) read plane by plane; min/max over frame 0.
 * Slope/intercept, window, modality and spacing are from `gdcmdump` / `gdcminfo`. Values below
 * are stored values; the test compares real values (stored * slope + intercept). SC_rgb_jpeg_dcmtk
 * is YBR_FULL: its stripes are the known SC_rgb test pattern (red, light red, green, ...),
 * checked against pydicom's expected RGB colours with a tolerance for the lossy JPEG. */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sl-dicom.h"
#include "sl-error.h"
#include "sl-test-util.h"

typedef struct
{
  int x, y, channel;
  double stored;
} PixelCheck;

typedef struct
{
  const char *name;
  int width, height, channels, frames, bits;
  SlSampleType type;
  double slope, intercept, window_center, window_width;
  const char *modality, *body_part;
  double spacing;
  double min_stored, max_stored;   /* frame 0; colour files: over all channels */
  PixelCheck pixels[4];
} ValidFile;

static const ValidFile valid_files[] = {
  { "CT_small.dcm", 128, 128, 1, 1, 16, SL_SAMPLE_S16, 1, -1024, 0, 0, "CT", NULL, 0.661468,
    128, 2191, { { 0, 0, 0, 175 }, { 64, 64, 0, 1928 }, { 127, 127, 0, 909 }, { 42, 85, 0, 1071 } } },
  { "MR_small.dcm", 64, 64, 1, 1, 16, SL_SAMPLE_S16, 1, 0, 600, 1600, "MR", NULL, 0.3125,
    127, 2145, { { 0, 0, 0, 905 }, { 32, 32, 0, 182 }, { 63, 63, 0, 862 }, { 21, 42, 0, 230 } } },
  { "MR_small_RLE.dcm", 64, 64, 1, 1, 16, SL_SAMPLE_S16, 1, 0, 600, 1600, "MR", NULL, 0.3125,
    127, 2145, { { 0, 0, 0, 905 }, { 32, 32, 0, 182 }, { 63, 63, 0, 862 }, { 21, 42, 0, 230 } } },
  { "MR_small_bigendian.dcm", 64, 64, 1, 1, 16, SL_SAMPLE_S16, 1, 0, 600, 1600, "MR", NULL,
    0.3125, 127, 2145,
    { { 0, 0, 0, 905 }, { 32, 32, 0, 182 }, { 63, 63, 0, 862 }, { 21, 42, 0, 230 } } },
  { "MR_small_implicit.dcm", 64, 64, 1, 1, 16, SL_SAMPLE_S16, 1, 0, 600, 1600, "MR", NULL,
    0.3125, 127, 2145,
    { { 0, 0, 0, 905 }, { 32, 32, 0, 182 }, { 63, 63, 0, 862 }, { 21, 42, 0, 230 } } },
  { "MR_small_jpeg_ls_lossless.dcm", 64, 64, 1, 1, 16, SL_SAMPLE_S16, 1, 0, 600, 1600, "MR",
    NULL, 0.3125, 127, 2145,
    { { 0, 0, 0, 905 }, { 32, 32, 0, 182 }, { 63, 63, 0, 862 }, { 21, 42, 0, 230 } } },
  { "JPEG2000.dcm", 256, 1024, 1, 1, 16, SL_SAMPLE_S16, 1, 0, 0, 0, "NM", "WHOLE BODY", 2.26,
    -30, 245, { { 0, 0, 0, 0 }, { 128, 512, 0, 7 }, { 255, 1023, 0, 0 }, { 85, 682, 0, 33 } } },
  { "image_dfl.dcm", 512, 512, 1, 1, 8, SL_SAMPLE_U8, 1, 0, 0, 0, "OT", NULL, 0,
    0, 255, { { 0, 0, 0, 213 }, { 256, 256, 0, 65 }, { 511, 511, 0, 188 }, { 170, 341, 0, 148 } } },
  /* Its Number of Frames has a bad VR: GDCM sees one frame, the first of rtdose.dcm. */
  { "badVR.dcm", 10, 10, 1, 1, 32, SL_SAMPLE_F32, 1e-6, 0, 0, 0, "RTDOSE", NULL, 10,
    795000, 1254000,
    { { 0, 0, 0, 1249000 }, { 5, 5, 0, 978000 }, { 9, 9, 0, 798000 }, { 3, 6, 0, 932000 } } },
  { "rtdose.dcm", 10, 10, 1, 15, 32, SL_SAMPLE_F32, 1e-6, 0, 0, 0, "RTDOSE", NULL, 10,
    795000, 1254000,
    { { 0, 0, 0, 1249000 }, { 5, 5, 0, 978000 }, { 9, 9, 0, 798000 }, { 3, 6, 0, 932000 } } },
  /* 1-bit segmentation: 0/1 with a default window of 0.5/1. */
  { "liver_1frame.dcm", 512, 512, 1, 1, 1, SL_SAMPLE_U8, 1, 0, 0.5, 1, "SEG", NULL, 0.810547,
    0, 1, { { 0, 0, 0, 0 }, { 256, 256, 0, 1 }, { 511, 511, 0, 0 }, { 170, 341, 0, 1 } } },
  /* Planar RGB, big endian. */
  { "ExplVR_BigEnd.dcm", 80, 60, 3, 1, 8, SL_SAMPLE_U8, 1, 0, 0, 0, "US", NULL, 0,
    0, 255, { { 0, 0, 0, 171 }, { 40, 30, 1, 255 }, { 79, 59, 1, 232 }, { 26, 40, 2, 0 } } },
  { "SC_rgb_small_odd.dcm", 3, 3, 3, 1, 8, SL_SAMPLE_U8, 1, 0, 0, 0, "OT", NULL, 33.333333,
    52, 176, { { 0, 0, 0, 166 }, { 0, 0, 2, 52 }, { 1, 1, 1, 87 }, { 2, 2, 0, 158 } } },
  /* YBR_FULL JPEG: (0,0) is YCbCr (76,85,255) = red; (99,99) (255,128,128) = white. */
  { "SC_rgb_jpeg_dcmtk.dcm", 100, 100, 3, 1, 8, SL_SAMPLE_U8, 1, 0, 0, 0, "OT", NULL, 1.0,
    0, 255, { { 0, 0, 0, 254 }, { 0, 0, 2, 0 }, { 99, 99, 1, 255 }, { 33, 66, 0, 0 } } },
};

static char *
dataset_path (const char *folder,
              const char *name)
{
  const char *root = g_getenv ("SL_SHARED_DATASETS");

  g_assert_nonnull (root);
  return g_build_filename (root, "dicom", folder, name, NULL);
}

static GPtrArray *
read_ok (const char *folder,
         const char *name)
{
  g_autofree char *path = dataset_path (folder, name);
  g_autoptr (GError) error = NULL;
  GPtrArray *frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  g_assert_no_error (error);
  g_assert_nonnull (frames);
  return frames;
}

static double
stored_at (const SlImage *image,
           int            x,
           int            y,
           int            channel)
{
  return (sl_image_value_at (image, x, y, channel) - image->intercept) / image->slope;
}

static void
test_valid_file (gconstpointer data)
{
  const ValidFile *v = data;
  g_autoptr (GPtrArray) frames = read_ok ("valid", v->name);
  const SlImage *image;
  double lo, hi;

  g_assert_cmpuint (frames->len, ==, v->frames);
  image = g_ptr_array_index (frames, 0);
  g_assert_cmpint (image->width, ==, v->width);
  g_assert_cmpint (image->height, ==, v->height);
  g_assert_cmpint (image->channels, ==, v->channels);
  g_assert_cmpint (image->bits, ==, v->bits);
  g_assert_cmpint (image->sample_type, ==, v->type);
  g_assert_cmpfloat_with_epsilon (image->slope, v->slope, 1e-12);
  g_assert_cmpfloat (image->intercept, ==, v->intercept);
  g_assert_cmpfloat (image->window_center, ==, v->window_center);
  g_assert_cmpfloat (image->window_width, ==, v->window_width);
  g_assert_cmpstr (image->format, ==, "dicom");
  g_assert_cmpstr (image->modality, ==, v->modality);
  g_assert_cmpstr (image->body_part, ==, v->body_part);
  g_assert_cmpfloat_with_epsilon (image->pixel_spacing[0], v->spacing, 1e-9);
  g_assert_cmpfloat_with_epsilon (image->pixel_spacing[1], v->spacing, 1e-9);
  g_assert_nonnull (image->study_pseudonym);
  g_assert_nonnull (image->series_pseudonym);

  for (guint i = 0; i < G_N_ELEMENTS (v->pixels); i++)
    {
      const PixelCheck *p = &v->pixels[i];

      g_assert_cmpfloat_with_epsilon (stored_at (image, p->x, p->y, p->channel), p->stored, 1e-6);
    }
  sl_image_value_range (image, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, v->min_stored * v->slope + v->intercept, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, v->max_stored * v->slope + v->intercept, 1e-9);
}

/* Every file in valid/ is in the table above. */
static void
test_valid_all_listed (void)
{
  g_autofree char *dir_path = dataset_path ("valid", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (valid_files); i++)
        listed |= g_str_equal (valid_files[i].name, name);
      if (!listed)
        g_error ("valid/%s has no expectations in test-dicom.c", name);
      count++;
    }
  g_assert_cmpuint (count, ==, G_N_ELEMENTS (valid_files));
}

static void
assert_same_pixels (const SlImage *a,
                    const SlImage *b)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  g_assert_cmpint (a->channels, ==, b->channels);
  g_assert_cmpint (a->sample_type, ==, b->sample_type);
  g_assert_true (g_bytes_equal (a->pixels, b->pixels));
}

/* Lossless encodings of MR_small decode to the very same samples. */
static void
test_transfer_syntaxes_agree (void)
{
  static const char *variants[] = {
    "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm",
    "MR_small_jpeg_ls_lossless.dcm",
  };
  g_autoptr (GPtrArray) reference = read_ok ("valid", "MR_small.dcm");

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr (GPtrArray) other = read_ok ("valid", variants[i]);

      assert_same_pixels (g_ptr_array_index (reference, 0), g_ptr_array_index (other, 0));
    }
}

static void
test_ct_hounsfield (void)
{
  g_autoptr (GPtrArray) frames = read_ok ("valid", "CT_small.dcm");
  const SlImage *ct = g_ptr_array_index (frames, 0);
  double lo, hi;

  sl_image_value_range (ct, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -896);
  g_assert_cmpfloat (hi, ==, 1167);
  g_assert_cmpfloat (sl_image_value_at (ct, 0, 0, 0), ==, 175 - 1024);
  g_assert_cmpfloat (sl_image_value_at (ct, 64, 64, 0), ==, 904);
}

static void
test_rtdose_frames (void)
{
  g_autoptr (GPtrArray) frames = read_ok ("valid", "rtdose.dcm");
  const SlImage *first = g_ptr_array_index (frames, 0);
  const SlImage *last = g_ptr_array_index (frames, 14);
  double lo, hi;

  g_assert_cmpuint (frames->len, ==, 15);
  /* Frame 14 from the same gdcmraw + Python reference. */
  g_assert_cmpfloat_with_epsilon (stored_at (last, 0, 0, 0), 1249000, 1e-6);
  g_assert_cmpfloat_with_epsilon (stored_at (last, 5, 5, 0), 982000, 1e-6);
  g_assert_cmpfloat_with_epsilon (stored_at (last, 9, 9, 0), 799000, 1e-6);
  g_assert_cmpfloat_with_epsilon (stored_at (last, 3, 6, 0), 933000, 1e-6);
  sl_image_value_range (last, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, 0.796, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 1.251, 1e-9);
  /* Dose in Gy through Dose Grid Scaling. */
  g_assert_cmpfloat_with_epsilon (sl_image_value_at (first, 0, 0, 0), 1.249, 1e-9);
  for (guint i = 0; i < frames->len; i++)
    g_assert_cmpstr (((SlImage *) g_ptr_array_index (frames, i))->series_pseudonym, ==,
                     first->series_pseudonym);
}

/* SC_rgb test pattern: ten horizontal bands of 10 rows (lossy JPEG: within 5 levels). */
static void
test_ybr_jpeg_colours (void)
{
  static const guint8 bands[10][3] = {
    { 255, 0, 0 }, { 255, 128, 128 }, { 0, 255, 0 }, { 128, 255, 128 }, { 0, 0, 255 },
    { 128, 128, 255 }, { 0, 0, 0 }, { 64, 64, 64 }, { 192, 192, 192 }, { 255, 255, 255 },
  };
  g_autoptr (GPtrArray) frames = read_ok ("valid", "SC_rgb_jpeg_dcmtk.dcm");
  const SlImage *image = g_ptr_array_index (frames, 0);

  for (int b = 0; b < 10; b++)
    for (int c = 0; c < 3; c++)
      g_assert_cmpfloat (fabs (sl_image_value_at (image, 50, b * 10 + 5, c) - bands[b][c]), <=, 5);
}

static void
assert_no_image (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = dataset_path ("not-images", name);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  g_assert_null (frames);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_AN_IMAGE);
  g_assert_true (g_str_has_prefix (error->message, name));
  g_assert_nonnull (strstr (error->message, "has no image"));
}

/* The pixel budget is checked from the header, in the decoder, before the pixel data. */
static void
test_pixel_budget (void)
{
  g_autofree char *path = dataset_path ("valid", "CT_small.dcm");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frames = sl_dicom_read (path, 128 * 128 - 1, &error);

  g_assert_null (frames);
  g_assert_error (error, SL_ERROR, SL_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "CT_small.dcm: 128 × 128 pixels (0.0 megapixels) is over "
                                       "the limit of 0.0 megapixels an image; skipped (raise the "
                                       "limit with import --max-pixels or in the window's "
                                       "Preferences)");
  g_clear_pointer (&frames, g_ptr_array_unref);
  g_clear_error (&error);
  frames = sl_dicom_read (path, 128 * 128, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (frames->len, ==, 1);
}

static void
test_damaged_truncated (void)
{
  g_autofree char *path = dataset_path ("damaged", "MR_truncated.dcm");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  g_assert_null (frames);
  g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, "MR_truncated.dcm: "));
  g_assert_nonnull (strstr (error->message, "truncated"));
}

static void
test_damaged_missing_syntax (void)
{
  g_autofree char *path = dataset_path ("damaged", "meta_missing_tsyntax.dcm");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  /* A meta header without transfer syntax over a data set without any image attribute. */
  g_assert_null (frames);
  g_assert_error (error, SL_ERROR, SL_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, "meta_missing_tsyntax.dcm: "));
}

/* no_meta.dcm has neither preamble nor meta header, and a stray byte before its first element:
 * refused, naming the file. */
static void
test_damaged_no_meta (void)
{
  g_autofree char *path = dataset_path ("damaged", "no_meta.dcm");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  g_assert_null (frames);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_AN_IMAGE);
  g_assert_true (g_str_has_prefix (error->message, "no_meta.dcm: "));
}

static void
test_not_dicom (void)
{
  g_autoptr(SlTestTmpDir) dir = sl_test_tmp_dir_new ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.dcm", NULL);
  g_autoptr (GError) error = NULL;
  GPtrArray *frames;

  g_assert_true (g_file_set_contents (text, "hello, not an image\n", -1, NULL));
  frames = sl_dicom_read (text, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  g_assert_null (frames);
  g_assert_error (error, SL_ERROR, SL_ERROR_NOT_AN_IMAGE);
  g_assert_true (g_str_has_prefix (error->message, "notes.txt: "));
  g_clear_error (&error);

  frames = sl_dicom_read (missing, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);
  g_assert_null (frames);
  g_assert_error (error, SL_ERROR, SL_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "missing.dcm: "));

  g_assert_cmpint (g_remove (text), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_preamble (void)
{
  g_autofree char *ct = dataset_path ("valid", "CT_small.dcm");
  g_autofree char *bare = dataset_path ("damaged", "no_meta.dcm");
  g_autofree char *png = g_build_filename (g_getenv ("SL_SHARED_DATASETS"), "pneumoniamnist",
                                           "test", "normal", "test_normal_0000.png", NULL);

  g_assert_true (sl_dicom_has_preamble (ct));
  g_assert_false (sl_dicom_has_preamble (bare));
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_false (sl_dicom_has_preamble (png));
  g_assert_false (sl_dicom_has_preamble ("/nonexistent/file.dcm"));
}

static char *
write_temp (const char   *name,
            const guint8 *data,
            gsize         len)
{
  g_autofree char *dir = sl_test_tmp_dir_new ();
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, (const char *) data, len, NULL));
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* MR_small with its Photometric Interpretation patched to MONOCHROME1: signed 16-bit stored
 * values v become -1 - v (the mirror of -32768..32767), and the window center 600 → -601. */
static void
test_monochrome1 (void)
{
  g_autofree char *source = dataset_path ("valid", "MR_small.dcm");
  g_autofree char *bytes = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) frames = NULL;
  g_autoptr (GPtrArray) reference = read_ok ("valid", "MR_small.dcm");
  const SlImage *inverted, *original;
  gsize len;
  char *at;

  g_assert_true (g_file_get_contents (source, &bytes, &len, NULL));
  at = memmem (bytes, len, "MONOCHROME2", 11);
  g_assert_nonnull (at);
  at[10] = '1';
  path = write_temp ("mono1.dcm", (const guint8 *) bytes, len);
  frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, NULL);
  remove_temp (path);

  g_assert_nonnull (frames);
  inverted = g_ptr_array_index (frames, 0);
  original = g_ptr_array_index (reference, 0);
  g_assert_cmpint (inverted->sample_type, ==, SL_SAMPLE_S16);
  for (int y = 0; y < 64; y += 7)
    for (int x = 0; x < 64; x += 5)
      g_assert_cmpfloat (sl_image_value_at (inverted, x, y, 0), ==,
                         -1 - sl_image_value_at (original, x, y, 0));
  g_assert_cmpfloat (sl_image_value_at (inverted, 0, 0, 0), ==, -906);
  g_assert_cmpfloat (inverted->window_center, ==, -601);
  g_assert_cmpfloat (inverted->window_width, ==, 1600);
}

/* A data set without preamble and meta header (CT_small.dcm minus its first 336 bytes: preamble,
 * "DICM" and the 204-byte meta group) reads as the same image. */
static void
test_bare_dataset (void)
{
  g_autofree char *source = dataset_path ("valid", "CT_small.dcm");
  g_autofree char *bytes = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GPtrArray) frames = NULL;
  g_autoptr (GPtrArray) reference = read_ok ("valid", "CT_small.dcm");
  const SlImage *bare, *ct;
  gsize len;

  g_assert_true (g_file_get_contents (source, &bytes, &len, NULL));
  g_assert_cmpmem (bytes + 336, 4, "\x08\x00\x05\x00", 4);
  path = write_temp ("bare", (const guint8 *) bytes + 336, len - 336);
  frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, NULL);
  remove_temp (path);

  g_assert_nonnull (frames);
  bare = g_ptr_array_index (frames, 0);
  ct = g_ptr_array_index (reference, 0);
  assert_same_pixels (bare, ct);
  g_assert_cmpfloat (bare->intercept, ==, -1024);
  g_assert_cmpstr (bare->modality, ==, "CT");
  g_assert_cmpstr (bare->study_pseudonym, ==, ct->study_pseudonym);
}

/* Four bytes that make Debian's GDCM 3.0.21 fail an assert() (found by fuzzing): the decoder
 * runs in a child process, so the caller gets an error instead of an abort. */
static void
test_decoder_abort_contained (void)
{
  static const guint8 bytes[] = { 0x02, 0x00, 0x00, 0x4d };
  g_autofree char *path = write_temp ("abort.dcm", bytes, sizeof bytes);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  /* Reaching this line is the test; a GDCM without that assert() refuses the file itself. */
  remove_temp (path);
  g_assert_null (frames);
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, SL_ERROR, SL_ERROR_CORRUPT)
                 || g_error_matches (error, SL_ERROR, SL_ERROR_NOT_AN_IMAGE));
  g_assert_true (g_str_has_prefix (error->message, "abort.dcm: "));
}

/* A tiny explicit VR little endian writer for synthetic files. */
static void
put_element (GByteArray   *out,
             guint16       group,
             guint16       element,
             const char   *vr,
             const void   *value,
             gsize         len)
{
  guint16 g = GUINT16_TO_LE (group), e = GUINT16_TO_LE (element);
  gboolean long_form = strcmp (vr, "OB") == 0 || strcmp (vr, "OW") == 0;

  g_byte_array_append (out, (const guint8 *) &g, 2);
  g_byte_array_append (out, (const guint8 *) &e, 2);
  g_byte_array_append (out, (const guint8 *) vr, 2);
  if (long_form)
    {
      guint32 l = GUINT32_TO_LE ((guint32) len);

      g_byte_array_append (out, (const guint8 *) "\0\0", 2);
      g_byte_array_append (out, (const guint8 *) &l, 4);
    }
  else
    {
      guint16 l = GUINT16_TO_LE ((guint16) len);

      g_byte_array_append (out, (const guint8 *) &l, 2);
    }
  g_byte_array_append (out, value, (guint) len);
}

static void
put_string (GByteArray *out,
            guint16     group,
            guint16     element,
            const char *vr,
            const char *value)
{
  g_autofree char *padded = g_strdup_printf ("%s ", value);
  gsize len = strlen (value);

  /* Values have even length: UI pads with NUL, text with a space. */
  if (len % 2 == 1 && strcmp (vr, "UI") == 0)
    padded[len] = '\0';
  put_element (out, group, element, vr, padded, len + len % 2);
}

static void
put_us (GByteArray *out,
        guint16     group,
        guint16     element,
        guint16     value)
{
  guint16 v = GUINT16_TO_LE (value);

  put_element (out, group, element, "US", &v, 2);
}

/* Preamble, meta header and the image description of a 2×2 explicit VR little endian file;
 * callers append what else they need, then the pixel data. */
static void
synthetic_header (GByteArray *file,
                  const char *photometric,
                  guint16     samples,
                  guint16     bits_allocated,
                  guint16     bits_stored,
                  guint16     pixel_representation)
{
  g_autoptr (GByteArray) meta = g_byte_array_new ();
  guint32 meta_len;

  put_element (meta, 0x0002, 0x0001, "OB", "\0\1", 2);
  put_string (meta, 0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.7");
  put_string (meta, 0x0002, 0x0003, "UI", "1.2.3.4.5");
  put_string (meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
  meta_len = GUINT32_TO_LE (meta->len);

  g_byte_array_set_size (file, 128);
  memset (file->data, 0, 128);
  g_byte_array_append (file, (const guint8 *) "DICM", 4);
  put_element (file, 0x0002, 0x0000, "UL", &meta_len, 4);
  g_byte_array_append (file, meta->data, meta->len);
  put_string (file, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.7");
  put_string (file, 0x0008, 0x0018, "UI", "1.2.3.4.5");
  put_string (file, 0x0008, 0x0060, "CS", "OT");
  put_us (file, 0x0028, 0x0002, samples);
  put_string (file, 0x0028, 0x0004, "CS", photometric);
  put_us (file, 0x0028, 0x0010, 2);
  put_us (file, 0x0028, 0x0011, 2);
  put_us (file, 0x0028, 0x0100, bits_allocated);
  put_us (file, 0x0028, 0x0101, bits_stored);
  put_us (file, 0x0028, 0x0102, bits_stored - 1);
  put_us (file, 0x0028, 0x0103, pixel_representation);
}

static GPtrArray *
read_synthetic (GByteArray *file)
{
  g_autofree char *path = write_temp ("synthetic.dcm", file->data, file->len);
  g_autoptr (GError) error = NULL;
  GPtrArray *frames = sl_dicom_read (path, SL_IMAGE_DEFAULT_MAX_PIXELS, &error);

  remove_temp (path);
  g_assert_no_error (error);
  g_assert_nonnull (frames);
  g_assert_cmpuint (frames->len, ==, 1);
  return frames;
}

/* 2×2 gray files: 8-bit MONOCHROME1, signed 8-bit, 12 bits stored in 16 (MONOCHROME1 unsigned,
 * and signed: two's complement over 12 bits). Expected values by the DICOM definitions. */
static void
test_gray_variants (void)
{
  static const struct
  {
    const char *photometric;
    guint16 bits_allocated, bits_stored, pixel_representation;
    guint16 raw[4];
    SlSampleType type;
    double expected[4];
  } cases[] = {
    { "MONOCHROME1", 8, 8, 0, { 0, 10, 200, 255 }, SL_SAMPLE_U8, { 255, 245, 55, 0 } },
    { "MONOCHROME2", 8, 8, 1, { 0x80, 0xff, 0x00, 0x7f }, SL_SAMPLE_S16, { -128, -1, 0, 127 } },
    { "MONOCHROME1", 16, 12, 0, { 0, 1, 2048, 4095 }, SL_SAMPLE_U16, { 4095, 4094, 2047, 0 } },
    { "MONOCHROME2", 16, 12, 1, { 0x0800, 0x0fff, 0x0000, 0x07ff }, SL_SAMPLE_S16,
      { -2048, -1, 0, 2047 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GByteArray) file = g_byte_array_new ();
      g_autoptr (GPtrArray) frames = NULL;
      const SlImage *image;
      guint8 pixels[8];
      gsize len = 0;

      for (int p = 0; p < 4; p++)
        if (cases[i].bits_allocated == 8)
          pixels[len++] = (guint8) cases[i].raw[p];
        else
          {
            pixels[len++] = cases[i].raw[p] & 0xff;
            pixels[len++] = cases[i].raw[p] >> 8;
          }
      synthetic_header (file, cases[i].photometric, 1, cases[i].bits_allocated,
                        cases[i].bits_stored, cases[i].pixel_representation);
      put_element (file, 0x7fe0, 0x0010, cases[i].bits_allocated == 8 ? "OB" : "OW", pixels, len);
      frames = read_synthetic (file);
      image = g_ptr_array_index (frames, 0);
      g_assert_cmpint (image->sample_type, ==, cases[i].type);
      g_assert_cmpint (image->bits, ==, cases[i].bits_stored);
      for (int p = 0; p < 4; p++)
        g_assert_cmpfloat (sl_image_value_at (image, p % 2, p / 2, 0), ==, cases[i].expected[p]);
    }
}

/* Uncompressed YBR_FULL, converted with the full-range ITU-R BT.601 equations of PS3.3 C.7.6.3. */
static void
test_ybr_full (void)
{
  static const guint8 ybr[12] = { 76, 85, 255, 255, 128, 128, 0, 128, 128, 29, 255, 107 };
  static const guint8 rgb[4][3] = { { 254, 0, 0 }, { 255, 255, 255 }, { 0, 0, 0 }, { 0, 0, 254 } };
  g_autoptr (GByteArray) file = g_byte_array_new ();
  g_autoptr (GPtrArray) frames = NULL;
  const SlImage *image;

  synthetic_header (file, "YBR_FULL", 3, 8, 8, 0);
  put_us (file, 0x0028, 0x0006, 0);
  put_element (file, 0x7fe0, 0x0010, "OB", ybr, sizeof ybr);
  frames = read_synthetic (file);
  image = g_ptr_array_index (frames, 0);
  g_assert_cmpint (image->channels, ==, 3);
  for (int p = 0; p < 4; p++)
    for (int c = 0; c < 3; c++)
      g_assert_cmpfloat (sl_image_value_at (image, p % 2, p / 2, c), ==, rgb[p][c]);
}

/* 2×2 8-bit PALETTE COLOR with 16-bit LUT entries (4 entries, first index 0). */
static void
test_palette (void)
{
  static const guint16 red[4] = { 0x0000, 0xffff, 0x0000, 0x8080 };
  static const guint16 green[4] = { 0x0000, 0x0000, 0xffff, 0x8080 };
  static const guint16 blue[4] = { 0xffff, 0x0000, 0x0000, 0x8080 };
  static const guint8 expected[4][3] = { { 0, 0, 255 }, { 255, 0, 0 }, { 0, 255, 0 },
                                         { 128, 128, 128 } };
  static const guint8 indices[4] = { 0, 1, 2, 3 };
  const guint16 descriptor[3] = { GUINT16_TO_LE (4), 0, GUINT16_TO_LE (16) };
  g_autoptr (GByteArray) file = g_byte_array_new ();
  g_autoptr (GPtrArray) frames = NULL;
  guint16 lut[3][4];
  const SlImage *image;

  for (int i = 0; i < 4; i++)
    {
      lut[0][i] = GUINT16_TO_LE (red[i]);
      lut[1][i] = GUINT16_TO_LE (green[i]);
      lut[2][i] = GUINT16_TO_LE (blue[i]);
    }
  synthetic_header (file, "PALETTE COLOR", 1, 8, 8, 0);
  for (guint16 c = 0; c < 3; c++)
    put_element (file, 0x0028, 0x1101 + c, "US", descriptor, sizeof descriptor);
  for (guint16 c = 0; c < 3; c++)
    put_element (file, 0x0028, 0x1201 + c, "OW", lut[c], sizeof lut[c]);
  put_element (file, 0x7fe0, 0x0010, "OB", indices, sizeof indices);

  frames = read_synthetic (file);
  image = g_ptr_array_index (frames, 0);
  g_assert_cmpint (image->channels, ==, 3);
  g_assert_cmpint (image->sample_type, ==, SL_SAMPLE_U8);
  for (int i = 0; i < 4; i++)
    for (int c = 0; c < 3; c++)
      g_assert_cmpfloat (sl_image_value_at (image, i % 2, i / 2, c), ==, expected[i][c]);
}

/* Nothing identifying leaves the bridge: the only strings are format, modality, body part and
 * the pseudonyms. Identifying values from `gdcmdump` of the valid/ files. */
static void
test_no_identifiers (void)
{
  static const char *phi[] = {
    "CompressedSamples", "1CT1", "4MR1", "8NM1", "Lestrade", "Moriarty", "ID1", "Lastname",
    "id11111", "JANCT000", "99000", "03086212", "JFK IMAGING", "TOSHIBA", "GE MEDICAL",
    "Hospital Name", "Anonymized", "1.3.6.1.4.1.5962", "1.2.840.113619", "1.2.826.0.1.3680043",
    "1.2.999.999", "1.2.777.777", "1.2.392.200103", "1.2.276.0.7230010",
  };

  for (guint f = 0; f < G_N_ELEMENTS (valid_files); f++)
    {
      g_autoptr (GPtrArray) frames = read_ok ("valid", valid_files[f].name);
      const SlImage *image = g_ptr_array_index (frames, 0);
      const char *fields[] = { image->format, image->modality, image->body_part,
                               image->study_pseudonym, image->series_pseudonym };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        for (guint k = 0; fields[i] != NULL && k < G_N_ELEMENTS (phi); k++)
          g_assert_null (strstr (fields[i], phi[k]));
      g_assert_cmpuint (strlen (image->study_pseudonym), ==, 16);
      g_assert_cmpuint (strspn (image->study_pseudonym, "0123456789abcdef"), ==, 16);
      g_assert_cmpstr (image->study_pseudonym, !=, image->series_pseudonym);
    }
}

/* Same UID, same pseudonym; different studies, different pseudonyms. */
static void
test_pseudonyms_stable (void)
{
  g_autoptr (GPtrArray) mr = read_ok ("valid", "MR_small.dcm");
  g_autoptr (GPtrArray) mr_rle = read_ok ("valid", "MR_small_RLE.dcm");
  g_autoptr (GPtrArray) ct = read_ok ("valid", "CT_small.dcm");
  const SlImage *a = g_ptr_array_index (mr, 0), *b = g_ptr_array_index (mr_rle, 0);
  const SlImage *c = g_ptr_array_index (ct, 0);

  g_assert_cmpstr (a->study_pseudonym, ==, b->study_pseudonym);
  g_assert_cmpstr (a->series_pseudonym, ==, b->series_pseudonym);
  g_assert_cmpstr (a->study_pseudonym, !=, c->study_pseudonym);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (valid_files); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/sightline/io/dicom/valid/%s",
                                                    valid_files[i].name);
      g_test_add_data_func (test_path, &valid_files[i], test_valid_file);
    }
  g_test_add_func ("/sightline/io/dicom/valid-all-listed", test_valid_all_listed);
  g_test_add_func ("/sightline/io/dicom/transfer-syntaxes-agree", test_transfer_syntaxes_agree);
  g_test_add_func ("/sightline/io/dicom/ct-hounsfield", test_ct_hounsfield);
  g_test_add_func ("/sightline/io/dicom/rtdose-frames", test_rtdose_frames);
  g_test_add_func ("/sightline/io/dicom/ybr-jpeg-colours", test_ybr_jpeg_colours);
  g_test_add_data_func ("/sightline/io/dicom/not-images/rtplan", "rtplan.dcm", assert_no_image);
  g_test_add_data_func ("/sightline/io/dicom/not-images/sr", "test-SR.dcm", assert_no_image);
  g_test_add_func ("/sightline/io/dicom/damaged/truncated", test_damaged_truncated);
  g_test_add_func ("/sightline/io/dicom/pixel-budget", test_pixel_budget);
  g_test_add_func ("/sightline/io/dicom/damaged/missing-syntax", test_damaged_missing_syntax);
  g_test_add_func ("/sightline/io/dicom/damaged/no-meta", test_damaged_no_meta);
  g_test_add_func ("/sightline/io/dicom/not-dicom", test_not_dicom);
  g_test_add_func ("/sightline/io/dicom/preamble", test_preamble);
  g_test_add_func ("/sightline/io/dicom/monochrome1", test_monochrome1);
  g_test_add_func ("/sightline/io/dicom/bare-dataset", test_bare_dataset);
  g_test_add_func ("/sightline/io/dicom/decoder-abort-contained", test_decoder_abort_contained);
  g_test_add_func ("/sightline/io/dicom/gray-variants", test_gray_variants);
  g_test_add_func ("/sightline/io/dicom/ybr-full", test_ybr_full);
  g_test_add_func ("/sightline/io/dicom/palette", test_palette);
  g_test_add_func ("/sightline/io/dicom/no-identifiers", test_no_identifiers);
  g_test_add_func ("/sightline/io/dicom/pseudonyms-stable", test_pseudonyms_stable);

  return g_test_run ();
}
