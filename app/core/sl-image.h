/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How one sample is stored. 8-bit images (gray or RGB) use U8; 16-bit gray keeps its full range
 * in U16 or S16; anything wider (32-bit DICOM, float data) is F32. */
typedef enum
{
  SL_SAMPLE_U8,
  SL_SAMPLE_U16,
  SL_SAMPLE_S16,
  SL_SAMPLE_F32,
} SlSampleType;

/* A decoded image in Sightline's own form: what importers produce and the catalog stores.
 * Real value of a sample = stored * slope + intercept (e.g. CT Hounsfield units). */
typedef struct
{
  int width;
  int height;
  int channels;            /* 1 (gray) or 3 (RGB), interleaved, rows top to bottom */
  int bits;                /* bits per sample in the source, e.g. 8, 12, 16 */
  SlSampleType sample_type;
  double slope;            /* 1 when the source has no rescale */
  double intercept;        /* 0 when the source has no rescale */
  double window_center;    /* from the source; window_width 0 = none given */
  double window_width;
  char *format;            /* "png", "jpeg", "bmp", "tiff", "dicom", ... */
  char *modality;          /* DICOM modality ("CT", "MR", ...) or NULL */
  char *body_part;         /* DICOM body part or NULL */
  char *study_pseudonym;   /* stable pseudonym of the DICOM study UID, never the UID itself */
  char *series_pseudonym;
  double pixel_spacing[2]; /* mm between rows, columns; 0 when unknown */
  GBytes *pixels;          /* width * height * channels samples of sample_type */
} SlImage;

SlImage *sl_image_new          (int           width,
                                int           height,
                                int           channels,
                                SlSampleType  sample_type,
                                GBytes       *pixels);
/* Like sl_image_new, taking ownership of a g_malloc'd buffer of size bytes. */
SlImage *sl_image_new_take     (int           width,
                                int           height,
                                int           channels,
                                SlSampleType  sample_type,
                                gpointer      pixels,
                                gsize         size);
void     sl_image_free         (SlImage      *image);
/* A 3-channel image whose every pixel has R == G == B becomes 1 channel (decoders such as
 * GdkPixbuf expand grayscale to RGB). Returns TRUE when it did. */
gboolean sl_image_reduce_gray  (SlImage      *image);
/* Hex SHA-256 over the shape, sample type and pixels: equal for pixel-identical images whatever
 * the file format they came from. */
char    *sl_image_sha256       (const SlImage *image);
gsize    sl_sample_type_size   (SlSampleType  type);
double   sl_image_value_at     (const SlImage *image,
                                int            x,
                                int            y,
                                int            channel);
void     sl_image_value_range  (const SlImage *image,
                                double        *min,
                                double        *max);
void     sl_image_to_gray8     (const SlImage *image,
                                double         window_center,
                                double         window_width,
                                guint8        *out);
void     sl_image_to_rgb8      (const SlImage *image,
                                double         window_center,
                                double         window_width,
                                guint8        *out);

/* The pixel budget of one image (one frame): importers read the declared size from the header
 * and refuse larger images before decoding. 64 Mi pixels, e.g. 8192 × 8192. */
#define SL_IMAGE_DEFAULT_MAX_PIXELS ((guint64) 64 * 1024 * 1024)

/* NULL when width × height fits in max_pixels, else why not, for "FILE: reason" messages. */
char    *sl_image_over_budget  (guint64        width,
                                guint64        height,
                                guint64        max_pixels);
/* A copy whose longer side is at most max_side (box-filtered; same channels and sample type),
 * or NULL when the image is that small already. */
SlImage *sl_image_reduce       (const SlImage *image,
                                int            max_side);
/* A copy whose longer side is max_side exactly, each pixel the mean of the source pixels it
 * covers (boxes of unequal widths), or NULL when the image is that small already. */
SlImage *sl_image_shrink       (const SlImage *image,
                                int            max_side);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlImage, sl_image_free)

G_END_DECLS
