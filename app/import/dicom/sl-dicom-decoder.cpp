// SPDX-License-Identifier: GPL-3.0-or-later
// The DICOM decoder: the only C++ file of Sightline, built into the sightline-dicom-decoder helper
// alone. Reads a DICOM file with gdcm::ImageReader and writes what sl-dicom-client.c turns into
// SlImages (sl-dicom-private.h). No C++ exception leaves this file.
//
// What is kept of a file: pixels (full range), rescale slope/intercept, the first window
// center/width, modality, body part, pixel spacing, and keyed-hash pseudonyms of the study and
// series UIDs. Nothing else (names, IDs, dates, institution, physicians, accession number, UIDs)
// is ever copied out.
//
// Pixel conventions:
// - Gray 1-bit → U8 0/1 (window 0.5/1 unless the file gives one); 8-bit → U8 (S16 when signed);
//   16-bit → U16 or S16; 32-bit and float → F32. Slope/intercept are left to SlImage.
// - MONOCHROME1 is turned into MONOCHROME2: each stored value v becomes lo + hi - v, where lo..hi
//   is the range its Bits Stored can hold, so higher always means brighter; the file's window
//   center is mirrored the same way (in real units) and the width kept.
// - RGB, YBR_* (converted to RGB) and palette colour (LUT applied) → 3-channel U8, interleaved.
//
// Isolation: Debian's GDCM is built with assert() on, and malformed headers can reach one
// (abort()), or make it allocate an element's declared length (up to 4 GiB). So each file is
// decoded by the sightline-dicom-decoder helper (sl-dicom-decoder-main.c, calling
// sl_dicom_decode_to_fd() of this file), which sl-dicom-client.c starts once per file.
#include "sl-dicom-private.h"
#include "sl-error.h"
#include "sl-image.h"

#include <gdcmDataSet.h>
#include <gdcmImageReader.h>
#include <gdcmJPEGCodec.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfFragments.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmTrace.h>
#include <gdcmUIDs.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

const guint64 max_decoded_bytes = SL_DICOM_MAX_DECODED_BYTES;

const gdcm::Tag tag_pixel_data (0x7fe0, 0x0010);

struct Failure
{
  SlErrorCode code;
  std::string reason;
};

[[noreturn]] void
fail (SlErrorCode code, const std::string &reason)
{
  throw Failure { code, reason };
}

void
quiet_gdcm_once ()
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      gdcm::Trace::SetDebug (false);
      gdcm::Trace::SetWarning (false);
      gdcm::Trace::SetError (false);
      g_once_init_leave (&done, 1);
    }
}

// The file's bytes, mapped read-only.
struct MappedFile
{
  void *map = MAP_FAILED;
  size_t length = 0;

  explicit MappedFile (const char *path)
  {
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    struct stat st;

    if (fd < 0)
      fail (SL_ERROR_FAILED, std::string ("cannot be opened: ") + strerror (errno));
    if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
      {
        close (fd);
        fail (SL_ERROR_FAILED, "cannot be opened: not a regular file");
      }
    length = (size_t) st.st_size;
    if (length > 0)
      map = mmap (nullptr, length, PROT_READ, MAP_PRIVATE, fd, 0);
    close (fd);
    if (length > 0 && map == MAP_FAILED)
      fail (SL_ERROR_FAILED, std::string ("cannot be read: ") + strerror (errno));
  }
  ~MappedFile ()
  {
    if (map != MAP_FAILED)
      munmap (map, length);
  }
  MappedFile (const MappedFile &) = delete;
  MappedFile &operator= (const MappedFile &) = delete;
  const guint8 *data () const { return map == MAP_FAILED ? nullptr : (const guint8 *) map; }
  size_t size () const { return map == MAP_FAILED ? 0 : length; }
};

// A data set saved without preamble and meta header starts with a little-endian group 0x0008 tag. GDCM refuses those, so give it a minimal meta header holding
// the transfer syntax guessed from the first element (a VR after the tag means explicit VR).
bool
looks_like_bare_dataset (const guint8 *data, gsize size, bool *explicit_vr)
{
  if (size < 8 || data[0] != 0x08 || data[1] != 0x00 || data[3] != 0x00)
    return false;
  *explicit_vr = g_ascii_isupper (data[4]) && g_ascii_isupper (data[5]);
  return true;
}

std::string
bare_dataset_with_meta (const guint8 *data, gsize size, bool explicit_vr)
{
  const std::string ts = explicit_vr ? std::string ("1.2.840.10008.1.2.1", 20)
                                     : std::string ("1.2.840.10008.1.2\0", 18);
  std::string out (128, '\0');
  std::string element ("\x02\x00\x10\x00UI", 6);
  guint16 ts_len = GUINT16_TO_LE ((guint16) ts.size ());
  guint32 group_len = GUINT32_TO_LE ((guint32) (8 + ts.size ()));

  out += "DICM";
  out += std::string ("\x02\x00\x00\x00UL\x04\x00", 8);
  out.append ((const char *) &group_len, 4);
  out += element;
  out.append ((const char *) &ts_len, 2);
  out += ts;
  out.append ((const char *) data, size);
  return out;
}

// GDCM accepts a truncated uncompressed Pixel Data value and pads it with zeros. Find the element
// header in the file bytes (tag + declared length, any of the three uncompressed encodings) and
// check that the whole value is present. Returns false only when the header is found and the
// value runs past the end of the file; encodings it cannot see into (deflate) pass.
bool
pixel_value_complete (const guint8 *data, gsize size, guint32 length)
{
  const guint8 *end = data + size;
  gssize last_end = -1;
  guint32 le = GUINT32_TO_LE (length), be = GUINT32_TO_BE (length);

  for (const guint8 *p = data; p + 12 <= end; p++)
    {
      gsize value_at;

      if (p[0] == 0xe0 && p[1] == 0x7f && p[2] == 0x10 && p[3] == 0x00)
        {
          if ((memcmp (p + 4, "OW", 2) == 0 || memcmp (p + 4, "OB", 2) == 0)
              && memcmp (p + 8, &le, 4) == 0)
            value_at = 12;
          else if (memcmp (p + 4, &le, 4) == 0)
            value_at = 8;
          else
            continue;
        }
      else if (p[0] == 0x7f && p[1] == 0xe0 && p[2] == 0x00 && p[3] == 0x10
               && (memcmp (p + 4, "OW", 2) == 0 || memcmp (p + 4, "OB", 2) == 0)
               && memcmp (p + 8, &be, 4) == 0)
        value_at = 12;
      else
        continue;
      last_end = (gssize) ((gsize) (p - data) + value_at + length);
    }
  return last_end < 0 || (gsize) last_end <= size;
}

std::string
element_string (const gdcm::DataSet &ds, const gdcm::Tag &tag)
{
  if (!ds.FindDataElement (tag))
    return std::string ();

  const gdcm::DataElement &de = ds.GetDataElement (tag);
  const gdcm::ByteValue *bv = de.GetByteValue ();
  if (bv == nullptr || bv->GetPointer () == nullptr)
    return std::string ();

  std::string s (bv->GetPointer (), bv->GetLength ());
  size_t first = s.find_first_not_of (" \0", 0, 2);
  size_t last = s.find_last_not_of (" \0", std::string::npos, 2);
  return first == std::string::npos ? std::string () : s.substr (first, last - first + 1);
}

// Parses up to n backslash-separated numbers of a DS element; returns how many were read.
int
element_numbers (const gdcm::DataSet &ds, const gdcm::Tag &tag, double *values, int n)
{
  std::string s = element_string (ds, tag);
  size_t start = 0;
  int found = 0;

  while (found < n && start <= s.size ())
    {
      size_t end = std::min (s.find ('\\', start), s.size ());
      size_t first = s.find_first_not_of (" +", start);
      double v;

      if (first == std::string::npos || first >= end)
        break;
      std::from_chars_result r = std::from_chars (s.data () + first, s.data () + end, v);
      if (r.ec != std::errc () || !std::isfinite (v)
          || s.find_first_not_of (' ', r.ptr - s.data ()) < end)
        break;
      values[found++] = v;
      start = end + 1;
    }
  return found;
}

using Sequence = gdcm::SmartPointer<gdcm::SequenceOfItems>;

// A sequence element with at least one item, or null.
Sequence
sequence (const gdcm::DataSet &ds, const gdcm::Tag &tag)
{
  if (!ds.FindDataElement (tag))
    return Sequence ();

  Sequence sq = ds.GetDataElement (tag).GetValueAsSQ ();
  return sq && sq->GetNumberOfItems () > 0 ? sq : Sequence ();
}

// Pixel Spacing, else Imager Pixel Spacing, else the enhanced multi-frame Pixel Measures of the
// shared (then first per-frame) functional groups. Zeros when unknown.
void
pixel_spacing (const gdcm::DataSet &ds, double spacing[2])
{
  const gdcm::Tag pixel_spacing_tag (0x0028, 0x0030), measures_tag (0x0028, 0x9110);
  const gdcm::Tag groups[] = { gdcm::Tag (0x5200, 0x9229), gdcm::Tag (0x5200, 0x9230) };
  bool found = element_numbers (ds, pixel_spacing_tag, spacing, 2) == 2
               || element_numbers (ds, gdcm::Tag (0x0018, 0x1164), spacing, 2) == 2;

  for (const gdcm::Tag &group : groups)
    {
      Sequence items = found ? Sequence () : sequence (ds, group);
      Sequence measures = items ? sequence (items->GetItem (1).GetNestedDataSet (), measures_tag)
                                : Sequence ();

      found = found || (measures && element_numbers (measures->GetItem (1).GetNestedDataSet (),
                                                     pixel_spacing_tag, spacing, 2) == 2);
    }
  if (!found || !(spacing[0] > 0 && spacing[1] > 0))
    spacing[0] = spacing[1] = 0;
}

// Why an unreadable file cannot be read: no pixel data, or not parseable at all.
[[noreturn]] void
explain_refusal (std::istream *stream, const char *path, bool preamble)
{
  gdcm::Reader reader;

  if (stream != nullptr)
    {
      stream->clear ();
      stream->seekg (0);
      reader.SetStream (*stream);
    }
  else
    reader.SetFileName (path);

  if (!reader.Read ())
    {
      if (preamble)
        fail (SL_ERROR_CORRUPT, "damaged DICOM file: its header cannot be parsed");
      fail (SL_ERROR_NOT_AN_IMAGE, "not a DICOM file (no DICOM header found)");
    }

  const gdcm::DataSet &ds = reader.GetFile ().GetDataSet ();
  if (!ds.FindDataElement (tag_pixel_data)
      && !ds.FindDataElement (gdcm::Tag (0x7fe0, 0x0008))
      && !ds.FindDataElement (gdcm::Tag (0x7fe0, 0x0009)))
    {
      std::string sop_class = element_string (ds, gdcm::Tag (0x0008, 0x0016));
      gdcm::UIDs uid;
      std::string what;

      if (!sop_class.empty () && uid.SetFromUID (sop_class.c_str ()) && uid.GetName () != nullptr)
        what = std::string (" (") + uid.GetName () + ")";
      fail (SL_ERROR_NOT_AN_IMAGE, "this DICOM file has no image" + what + ": no pixel data");
    }
  fail (SL_ERROR_UNSUPPORTED, "the DICOM image description is invalid or not supported");
}

// When its JPEG codec fails, GDCM falls back to running the external pvrg-jpeg program (where
// installed), with temporary files in the working directory. Decode with that codec, set up as
// GDCM does, first and refuse what it refuses, so GetBuffer never reaches the fallback.
void
check_jpeg_decodes (const gdcm::Image &img, guint32 frames)
{
  gdcm::JPEGCodec codec;

  if (!codec.CanDecode (img.GetTransferSyntax ()))
    return;

  const unsigned int dims[3] = { img.GetDimension (0), img.GetDimension (1), frames };
  gdcm::DataElement out;
  const gdcm::ByteValue *decoded;

  codec.SetNumberOfDimensions (img.GetNumberOfDimensions ());
  codec.SetDimensions (dims);
  codec.SetPlanarConfiguration (img.GetPlanarConfiguration ());
  codec.SetPhotometricInterpretation (img.GetPhotometricInterpretation ());
  codec.SetPixelFormat (img.GetPixelFormat ());
  codec.SetNeedOverlayCleanup (img.AreOverlaysInPixelData ());
  if (!codec.Decode (img.GetDataElement (), out) || (decoded = out.GetByteValue ()) == nullptr
      || decoded->GetLength () < img.GetBufferLength ())
    fail (SL_ERROR_CORRUPT, "the JPEG pixel data cannot be decoded");
}

struct Layout
{
  guint32 cols, rows, frames, spp;
  guint32 bits_allocated, bits_stored;
  bool is_signed, is_float;
  guint64 pixels_per_frame;
};

guint64
raw_length (const Layout &l)
{
  guint64 samples = l.pixels_per_frame * l.frames * l.spp;
  return l.bits_allocated == 1 ? (samples + 7) / 8 : samples * (l.bits_allocated / 8);
}

// Reads sample i of a decoded gray buffer as a double (native byte order after GDCM).
double
raw_sample (const Layout &l, const char *buf, guint64 i)
{
  switch (l.bits_allocated)
    {
    case 1:
      return (buf[i / 8] >> (i % 8)) & 1;
    case 8:
      return l.is_signed ? (double) ((const gint8 *) buf)[i] : (double) ((const guint8 *) buf)[i];
    case 16:
      {
        guint16 u;
        memcpy (&u, buf + 2 * i, 2);
        return l.is_signed ? (double) (gint16) u : (double) u;
      }
    case 32:
      {
        guint32 u;
        float f;
        memcpy (&u, buf + 4 * i, 4);
        memcpy (&f, &u, 4);
        return l.is_float ? (double) f : l.is_signed ? (double) (gint32) u : (double) u;
      }
    case 64:
      {
        double d;
        memcpy (&d, buf + 8 * i, 8);
        return d;
      }
    default:
      return 0;
    }
}

SlSampleType
gray_sample_type (const Layout &l)
{
  if (l.bits_allocated <= 8 && !l.is_signed)
    return SL_SAMPLE_U8;
  if (l.bits_allocated <= 16)
    return l.is_signed ? SL_SAMPLE_S16 : SL_SAMPLE_U16;
  return SL_SAMPLE_F32;
}

// Range of stored values that Bits Stored can hold: lo + hi is the MONOCHROME1 mirror.
void
stored_range (const Layout &l, double *lo, double *hi)
{
  guint32 bits = std::min (l.bits_stored, l.bits_allocated);

  if (l.is_float)
    {
      *lo = 0;
      *hi = 0;
    }
  else if (l.is_signed)
    {
      *lo = -std::ldexp (1.0, (int) bits - 1);
      *hi = std::ldexp (1.0, (int) bits - 1) - 1;
    }
  else
    {
      *lo = 0;
      *hi = std::ldexp (1.0, (int) bits) - 1;
    }
}

void
convert_gray (const Layout &l, const char *buf, bool monochrome1, SlSampleType type, char *out)
{
  guint64 n = l.pixels_per_frame * l.frames;
  double lo, hi;

  stored_range (l, &lo, &hi);
  for (guint64 i = 0; i < n; i++)
    {
      double v = raw_sample (l, buf, i);

      if (monochrome1)
        v = l.is_float ? -v : lo + hi - std::clamp (v, lo, hi);
      switch (type)
        {
        case SL_SAMPLE_U8:
          ((guint8 *) out)[i] = (guint8) v;
          break;
        case SL_SAMPLE_U16:
          ((guint16 *) out)[i] = (guint16) v;
          break;
        case SL_SAMPLE_S16:
          ((gint16 *) out)[i] = (gint16) v;
          break;
        case SL_SAMPLE_F32:
        default:
          ((float *) out)[i] = (float) v;
          break;
        }
    }
}

guint8
clamp_u8 (double v)
{
  return (guint8) std::clamp (std::lround (v), 0L, 255L);
}

// Colour to interleaved RGB U8: planar order undone, 16-bit scaled down, YBR converted.
void
convert_colour (const Layout &l, const char *buf, bool planar, gdcm::PhotometricInterpretation pi,
                guint8 *out)
{
  guint64 n = l.pixels_per_frame;
  int shift = l.bits_allocated == 16 ? (int) std::clamp (l.bits_stored, 8u, 16u) - 8 : 0;
  bool full = pi == gdcm::PhotometricInterpretation::YBR_FULL
              || pi == gdcm::PhotometricInterpretation::YBR_FULL_422;
  bool partial = pi == gdcm::PhotometricInterpretation::YBR_PARTIAL_422
                 || pi == gdcm::PhotometricInterpretation::YBR_PARTIAL_420;

  for (guint64 f = 0; f < l.frames; f++)
    for (guint64 p = 0; p < n; p++)
      {
        double s[3];

        for (int c = 0; c < 3; c++)
          {
            guint64 i = f * n * 3 + (planar ? c * n + p : p * 3 + c);
            s[c] = std::floor (std::max (raw_sample (l, buf, i), 0.0) / (1 << shift));
          }
        guint8 *rgb = out + (f * n + p) * 3;
        if (full || partial)
          {
            double y = partial ? (s[0] - 16) * 255.0 / 219.0 : s[0];
            double cb = (s[1] - 128) * (partial ? 255.0 / 224.0 : 1.0);
            double cr = (s[2] - 128) * (partial ? 255.0 / 224.0 : 1.0);

            rgb[0] = clamp_u8 (y + 1.402 * cr);
            rgb[1] = clamp_u8 (y - 0.344136 * cb - 0.714136 * cr);
            rgb[2] = clamp_u8 (y + 1.772 * cb);
          }
        else
          for (int c = 0; c < 3; c++)
            rgb[c] = clamp_u8 (s[c]);
      }
}

// A decoded file: what crosses the pipe to the client. UIDs travel raw and are replaced by
// pseudonyms on the client's side.
struct Decoded
{
  SlDicomHeader h;
  std::string modality, body_part, study_uid, series_uid;
  std::vector<char> pixels;   /* all frames */
};

Decoded
decode (const char *path, guint64 max_pixels)
{
  MappedFile file (path);

  bool preamble = sl_dicom_bytes_have_preamble (file.data (), file.size ());
  bool explicit_vr = false;
  std::unique_ptr<std::istringstream> wrapped;
  gdcm::ImageReader reader;

  if (!preamble && looks_like_bare_dataset (file.data (), file.size (), &explicit_vr))
    {
      wrapped = std::make_unique<std::istringstream> (
        bare_dataset_with_meta (file.data (), file.size (), explicit_vr));
      reader.SetStream (*wrapped);
    }
  else
    reader.SetFileName (path);

  if (!reader.Read ())
    explain_refusal (wrapped.get (), path, preamble);

  const gdcm::Image &img = reader.GetImage ();
  const gdcm::DataSet &ds = reader.GetFile ().GetDataSet ();
  const gdcm::PixelFormat &pf = img.GetPixelFormat ();
  gdcm::PixelFormat::ScalarType scalar = pf.GetScalarType ();
  Layout l;

  l.cols = img.GetDimension (0);
  l.rows = img.GetDimension (1);
  l.frames = img.GetNumberOfDimensions () > 2 ? img.GetDimension (2) : 1;
  l.spp = pf.GetSamplesPerPixel ();
  l.bits_allocated = pf.GetBitsAllocated ();
  l.bits_stored = pf.GetBitsStored ();
  l.is_signed = pf.GetPixelRepresentation () == 1;
  l.is_float = scalar == gdcm::PixelFormat::FLOAT32 || scalar == gdcm::PixelFormat::FLOAT64;
  l.pixels_per_frame = (guint64) l.cols * l.rows;

  if (l.cols == 0 || l.rows == 0 || l.frames == 0)
    fail (SL_ERROR_CORRUPT, "the image has no rows, columns or frames");
  if (char *over = sl_image_over_budget (l.cols, l.rows, max_pixels))
    {
      std::string reason (over);

      g_free (over);
      fail (SL_ERROR_TOO_LARGE, reason);
    }
  if (l.spp != 1 && l.spp != 3)
    fail (SL_ERROR_UNSUPPORTED, "images with " + std::to_string (l.spp)
                                + " samples per pixel are not supported");
  if (l.bits_allocated != 1 && l.bits_allocated != 8 && l.bits_allocated != 16
      && l.bits_allocated != 32 && !(l.bits_allocated == 64 && l.is_float))
    fail (SL_ERROR_UNSUPPORTED, std::to_string (l.bits_allocated)
                                + "-bit pixel data is not supported");
  if ((l.spp == 3 && l.bits_allocated < 8) || (l.spp == 3 && l.bits_allocated > 16)
      || l.bits_stored == 0)
    fail (SL_ERROR_UNSUPPORTED, "this colour pixel format is not supported");
  if (raw_length (l) > max_decoded_bytes
      || l.pixels_per_frame * l.frames * 3 * sizeof (float) > max_decoded_bytes)
    fail (SL_ERROR_UNSUPPORTED, "the image is too large to load");

  const gdcm::DataElement &pixel_data = img.GetDataElement ();
  const gdcm::ByteValue *bv = pixel_data.GetByteValue ();
  const gdcm::SequenceOfFragments *sqf = pixel_data.GetSequenceOfFragments ();
  if (bv != nullptr)
    {
      if (bv->GetLength () < raw_length (l)
          || !pixel_value_complete (file.data (), file.size (), bv->GetLength ()))
        fail (SL_ERROR_CORRUPT, "the pixel data is truncated");
    }
  else if (sqf == nullptr || sqf->GetNumberOfFragments () == 0)
    fail (SL_ERROR_CORRUPT, "the pixel data is missing or empty");

  if (img.GetBufferLength () < raw_length (l))
    fail (SL_ERROR_UNSUPPORTED, "the pixel data layout is not supported");
  check_jpeg_decodes (img, l.frames);
  std::vector<char> buf (img.GetBufferLength ());
  if (!img.GetBuffer (buf.data ()))
    fail (SL_ERROR_CORRUPT, std::string ("the pixel data cannot be decoded (")
                            + gdcm::TransferSyntax::GetTSString (img.GetTransferSyntax ()) + ")");

  // GDCM updates these while decoding (a codec may interleave planes or change the colour space).
  gdcm::PhotometricInterpretation pi = img.GetPhotometricInterpretation ();
  bool planar = img.GetPlanarConfiguration () == 1;
  bool monochrome1 = pi == gdcm::PhotometricInterpretation::MONOCHROME1;
  double slope = img.GetSlope (), intercept = img.GetIntercept ();
  double window[2] = { 0, 0 };
  int bits;
  SlSampleType type;
  std::vector<char> converted;

  if (!std::isfinite (slope) || slope == 0 || !std::isfinite (intercept))
    {
      slope = 1;
      intercept = 0;
    }

  if (pi == gdcm::PhotometricInterpretation::PALETTE_COLOR && l.spp == 1)
    {
      const gdcm::LookupTable &lut = img.GetLUT ();
      guint64 n = l.pixels_per_frame * l.frames;

      if (!lut.Initialized () || (l.bits_allocated != 8 && l.bits_allocated != 16))
        fail (SL_ERROR_CORRUPT, "the palette colour lookup table is missing or invalid");
      converted.resize (n * 3);
      if (!lut.Decode8 (converted.data (), converted.size (), buf.data (),
                        n * (l.bits_allocated / 8)))
        fail (SL_ERROR_CORRUPT, "the palette colour lookup table cannot be applied");
      type = SL_SAMPLE_U8;
      bits = 8;
      l.spp = 3;
      slope = 1;
      intercept = 0;
    }
  else if (l.spp == 3)
    {
      converted.resize (l.pixels_per_frame * l.frames * 3);
      convert_colour (l, buf.data (), planar, pi, (guint8 *) converted.data ());
      type = SL_SAMPLE_U8;
      bits = 8;
      slope = 1;
      intercept = 0;
    }
  else
    {
      type = gray_sample_type (l);
      bits = (int) std::min (l.bits_stored, l.bits_allocated);
      converted.resize (l.pixels_per_frame * l.frames * sl_sample_type_size (type));
      convert_gray (l, buf.data (), monochrome1, type, converted.data ());
      if (l.bits_allocated == 1)
        {
          slope = 1;
          intercept = 0;
        }
    }
  buf = std::vector<char> ();

  if (l.spp == 1 && element_numbers (ds, gdcm::Tag (0x0028, 0x1050), &window[0], 1) == 1
      && element_numbers (ds, gdcm::Tag (0x0028, 0x1051), &window[1], 1) == 1 && window[1] > 0)
    {
      if (monochrome1)
        {
          double lo, hi;

          stored_range (l, &lo, &hi);
          window[0] = (lo + hi) * slope + 2 * intercept - window[0];
        }
    }
  else if (l.spp == 1 && l.bits_allocated == 1)
    {
      window[0] = 0.5;
      window[1] = 1;
    }
  else
    window[0] = window[1] = 0;

  Decoded d;
  d.h.width = l.cols;
  d.h.height = l.rows;
  d.h.channels = l.spp;
  d.h.frames = l.frames;
  d.h.bits = bits;
  d.h.sample_type = type;
  d.h.slope = slope;
  d.h.intercept = intercept;
  d.h.window[0] = window[0];
  d.h.window[1] = window[1];
  pixel_spacing (ds, d.h.spacing);
  d.h.pixel_bytes = converted.size ();
  d.modality = element_string (ds, gdcm::Tag (0x0008, 0x0060));
  d.body_part = element_string (ds, gdcm::Tag (0x0018, 0x0015));
  d.study_uid = element_string (ds, gdcm::Tag (0x0020, 0x000d));
  d.series_uid = element_string (ds, gdcm::Tag (0x0020, 0x000e));
  d.pixels = std::move (converted);
  return d;
}

// Runs decode() and turns every failure into a Failure.
Decoded
decode_catching (const char *path, guint64 max_pixels)
{
  try
    {
      return decode (path, max_pixels);
    }
  catch (const Failure &)
    {
      throw;
    }
  catch (const std::bad_alloc &)
    {
      fail (SL_ERROR_UNSUPPORTED, "the image is too large to load");
    }
  catch (const std::exception &e)
    {
      fail (SL_ERROR_CORRUPT, std::string ("damaged DICOM file (") + e.what () + ")");
    }
  catch (...)
    {
      fail (SL_ERROR_CORRUPT, "damaged DICOM file");
    }
}

// The answer, as sl-dicom-private.h describes it.

bool
write_all (int fd, const void *data, size_t len)
{
  const char *p = (const char *) data;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return false;
      p += n;
      len -= (size_t) n;
    }
  return true;
}

bool
write_string (int fd, const std::string &s)
{
  guint32 len = (guint32) std::min (s.size (), (size_t) G_MAXUINT16);

  return write_all (fd, &len, sizeof len) && write_all (fd, s.data (), len);
}

#if defined(__SANITIZE_ADDRESS__)
#define SL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SL_ASAN 1
#endif
#endif

// Caps the decoder's address space at what it has plus room for the file and the largest image
// it accepts (decoded and converted), so that a forged element length fails as std::bad_alloc
// instead of filling memory. Not under ASan, whose shadow memory is a huge mapping.
void
limit_memory (const char *path)
{
#ifdef SL_ASAN
  (void) path;
#else
  char statm[64] = "";
  int fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read (fd, statm, sizeof statm - 1) : -1;
  unsigned long long pages = 0;
  struct stat st;

  if (fd >= 0)
    close (fd);
  if (n > 0 && std::from_chars (statm, statm + n, pages).ec == std::errc () && pages > 0
      && stat (path, &st) == 0)
    {
      struct rlimit limit;

      limit.rlim_cur = limit.rlim_max =
        (rlim_t) (pages * (unsigned long long) sysconf (_SC_PAGESIZE) + 2 * max_decoded_bytes
                  + 3 * (unsigned long long) st.st_size);
      setrlimit (RLIMIT_AS, &limit);
    }
#endif
}

} // namespace

gboolean
sl_dicom_decode_to_fd (const char *path, guint64 max_pixels, int fd)
{
  g_return_val_if_fail (path != NULL && fd >= 0, FALSE);

  quiet_gdcm_once ();
  limit_memory (path);
  try
    {
      Decoded d = decode_catching (path, max_pixels);

      return write_all (fd, "O", 1) && write_all (fd, &d.h, sizeof d.h)
             && write_string (fd, d.modality) && write_string (fd, d.body_part)
             && write_string (fd, d.study_uid) && write_string (fd, d.series_uid)
             && write_all (fd, d.pixels.data (), d.pixels.size ());
    }
  catch (const Failure &failure)
    {
      gint32 code = failure.code;

      return write_all (fd, "E", 1) && write_all (fd, &code, sizeof code)
             && write_string (fd, failure.reason);
    }
  catch (...)
    {
      return false;
    }
}
