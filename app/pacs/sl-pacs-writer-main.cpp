// SPDX-License-Identifier: GPL-3.0-or-later
// sightline-pacs-writer REQUEST.ini: writes the Secondary Capture and the Basic Text SR of one
// Sightline result with GDCM, as the request says (see sl-write-back.c). A separate process so
// that GDCM failing on an odd value ends this process, not the watcher.
#include <glib.h>

#include <gdcmAttribute.h>
#include <gdcmDataElement.h>
#include <gdcmImage.h>
#include <gdcmImageWriter.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmUIDGenerator.h>
#include <gdcmWriter.h>

#include <cstdio>
#include <string>
#include <vector>

namespace
{

const char *const kSecondaryCaptureClass = "1.2.840.10008.5.1.4.1.1.7";
const char *const kBasicTextSrClass = "1.2.840.10008.5.1.4.1.1.88.11";

struct Request
{
  GKeyFile *file = nullptr;

  ~Request () { if (file != nullptr) g_key_file_free (file); }

  std::string get (const char *group, const char *key) const
  {
    char *value = g_key_file_get_string (file, group, key, nullptr);
    std::string text = value != nullptr ? value : "";
    g_free (value);
    return text;
  }
};

void
put (gdcm::DataSet &ds, uint16_t group, uint16_t element, gdcm::VR vr, std::string value)
{
  gdcm::DataElement de (gdcm::Tag (group, element));

  if (value.size () % 2 != 0)
    value += vr == gdcm::VR::UI ? '\0' : ' ';
  de.SetVR (vr);
  de.SetByteValue (value.data (), (uint32_t) value.size ());
  ds.Replace (de);
}

void
put_sequence (gdcm::DataSet &ds, uint16_t group, uint16_t element,
              const std::vector<gdcm::Item> &items)
{
  gdcm::SmartPointer<gdcm::SequenceOfItems> sequence = new gdcm::SequenceOfItems ();
  gdcm::DataElement de (gdcm::Tag (group, element));

  sequence->SetLengthToUndefined ();
  for (const gdcm::Item &item : items)
    sequence->AddItem (item);
  de.SetVR (gdcm::VR::SQ);
  de.SetValue (*sequence);
  de.SetVLToUndefined ();
  ds.Replace (de);
}

gdcm::Item
new_item ()
{
  gdcm::Item item;

  item.SetVLToUndefined ();
  return item;
}

gdcm::Item
code_item (const char *value, const char *scheme, const char *meaning)
{
  gdcm::Item item = new_item ();
  gdcm::DataSet &ds = item.GetNestedDataSet ();

  put (ds, 0x0008, 0x0100, gdcm::VR::SH, value);
  put (ds, 0x0008, 0x0102, gdcm::VR::SH, scheme);
  put (ds, 0x0008, 0x0104, gdcm::VR::LO, meaning);
  return item;
}

// What both objects share: patient, study, equipment, a new series.
void
put_common (gdcm::DataSet &ds, const Request &request, const char *sop_class,
            const std::string &sop_uid, const std::string &series_uid, const char *modality,
            const char *series_number, const char *series_description)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y%m%d");
  g_autofree char *time = g_date_time_format (now, "%H%M%S");

  put (ds, 0x0008, 0x0005, gdcm::VR::CS, "ISO_IR 192");
  put (ds, 0x0008, 0x0016, gdcm::VR::UI, sop_class);
  put (ds, 0x0008, 0x0018, gdcm::VR::UI, sop_uid);
  put (ds, 0x0008, 0x0012, gdcm::VR::DA, date);
  put (ds, 0x0008, 0x0013, gdcm::VR::TM, time);
  put (ds, 0x0008, 0x0020, gdcm::VR::DA, request.get ("study", "study_date"));
  put (ds, 0x0008, 0x0023, gdcm::VR::DA, date);
  put (ds, 0x0008, 0x0033, gdcm::VR::TM, time);
  put (ds, 0x0008, 0x0030, gdcm::VR::TM, request.get ("study", "study_time"));
  put (ds, 0x0008, 0x0050, gdcm::VR::SH, request.get ("study", "accession_number"));
  put (ds, 0x0008, 0x0060, gdcm::VR::CS, modality);
  put (ds, 0x0008, 0x0070, gdcm::VR::LO, request.get ("output", "manufacturer"));
  put (ds, 0x0008, 0x0090, gdcm::VR::PN, request.get ("study", "referring_physician"));
  put (ds, 0x0008, 0x103e, gdcm::VR::LO, series_description);
  put (ds, 0x0008, 0x1090, gdcm::VR::LO, "Sightline");
  put (ds, 0x0010, 0x0010, gdcm::VR::PN, request.get ("study", "patient_name"));
  put (ds, 0x0010, 0x0020, gdcm::VR::LO, request.get ("study", "patient_id"));
  put (ds, 0x0010, 0x0030, gdcm::VR::DA, request.get ("study", "patient_birth_date"));
  put (ds, 0x0010, 0x0040, gdcm::VR::CS, request.get ("study", "patient_sex"));
  put (ds, 0x0018, 0x1020, gdcm::VR::LO, request.get ("output", "software_version"));
  put (ds, 0x0020, 0x000d, gdcm::VR::UI, request.get ("study", "study_uid"));
  put (ds, 0x0020, 0x000e, gdcm::VR::UI, series_uid);
  put (ds, 0x0020, 0x0010, gdcm::VR::SH, request.get ("study", "study_id"));
  put (ds, 0x0020, 0x0011, gdcm::VR::IS, series_number);
  put (ds, 0x0020, 0x0013, gdcm::VR::IS, "1");
}

bool
write_capture (const Request &request, const std::string &sop_uid, const std::string &series_uid)
{
  int width = g_key_file_get_integer (request.file, "capture", "width", nullptr);
  int height = g_key_file_get_integer (request.file, "capture", "height", nullptr);
  std::string pixels_path = request.get ("capture", "pixels");
  char *pixels = nullptr;
  gsize length = 0;
  gdcm::ImageWriter writer;
  gdcm::Image &image = writer.GetImage ();
  gdcm::DataSet &ds = writer.GetFile ().GetDataSet ();
  gdcm::DataElement pixel_data (gdcm::Tag (0x7fe0, 0x0010));
  unsigned int dims[2];
  bool ok;

  if (width <= 0 || height <= 0
      || !g_file_get_contents (pixels_path.c_str (), &pixels, &length, nullptr)
      || length != (gsize) width * height * 3)
    {
      std::fprintf (stderr, "capture: missing or wrong-sized pixels\n");
      g_free (pixels);
      return false;
    }
  dims[0] = (unsigned int) width;
  dims[1] = (unsigned int) height;
  image.SetNumberOfDimensions (2);
  image.SetDimensions (dims);
  image.SetPhotometricInterpretation (gdcm::PhotometricInterpretation::RGB);
  image.SetPixelFormat (gdcm::PixelFormat (3, 8, 8, 7));
  image.SetPlanarConfiguration (0);
  image.SetTransferSyntax (gdcm::TransferSyntax::ExplicitVRLittleEndian);
  pixel_data.SetByteValue (pixels, (uint32_t) length);
  image.SetDataElement (pixel_data);
  g_free (pixels);

  put_common (ds, request, kSecondaryCaptureClass, sop_uid, series_uid, "OT", "9901",
              ("Sightline Grad-CAM (" + request.get ("result", "warning") + ")").c_str ());
  put (ds, 0x0008, 0x0064, gdcm::VR::CS, "WSD");
  put (ds, 0x0028, 0x0301, gdcm::VR::CS, "YES");
  put (ds, 0x0020, 0x4000, gdcm::VR::LT,
       request.get ("result", "warning") + ". Sightline " + request.get ("result", "model")
       + ": " + request.get ("result", "predicted"));

  writer.SetFileName (request.get ("output", "secondary_capture").c_str ());
  ok = writer.Write ();
  if (!ok)
    std::fprintf (stderr, "capture: GDCM could not write the file\n");
  return ok;
}

gdcm::Item
text_item (const char *value, const char *scheme, const char *meaning, const std::string &text)
{
  gdcm::Item item = new_item ();
  gdcm::DataSet &ds = item.GetNestedDataSet ();

  put (ds, 0x0040, 0xa010, gdcm::VR::CS, "CONTAINS");
  put (ds, 0x0040, 0xa040, gdcm::VR::CS, "TEXT");
  put_sequence (ds, 0x0040, 0xa043, { code_item (value, scheme, meaning) });
  put (ds, 0x0040, 0xa160, gdcm::VR::UT, text);
  return item;
}

gdcm::Item
sop_reference (const std::string &sop_uid)
{
  gdcm::Item item = new_item ();

  put (item.GetNestedDataSet (), 0x0008, 0x1150, gdcm::VR::UI, kSecondaryCaptureClass);
  put (item.GetNestedDataSet (), 0x0008, 0x1155, gdcm::VR::UI, sop_uid);
  return item;
}

bool
write_report (const Request &request, const std::string &sc_uid, const std::string &sc_series,
              const std::string &sop_uid, const std::string &series_uid)
{
  gsize n_classes = 0, n_probs = 0;
  char **classes = g_key_file_get_string_list (request.file, "result", "classes", &n_classes,
                                               nullptr);
  double *probs = g_key_file_get_double_list (request.file, "result", "probabilities", &n_probs,
                                              nullptr);
  std::vector<gdcm::Item> content;
  gdcm::Writer writer;
  gdcm::DataSet &ds = writer.GetFile ().GetDataSet ();
  bool ok = classes != nullptr && probs != nullptr && n_classes == n_probs && n_classes > 0;

  if (!ok)
    std::fprintf (stderr, "report: classes and probabilities do not match\n");
  for (gsize k = 0; ok && k < n_classes; k++)
    {
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (value, sizeof value, "%.4f", probs[k]);
      content.push_back (text_item ("121071", "DCM", "Finding",
                                    std::string (classes[k]) + ": probability " + value));
    }
  g_strfreev (classes);
  g_free (probs);
  if (!ok)
    return false;

  content.insert (content.begin (),
                  text_item ("121071", "DCM", "Finding",
                             "Most probable class: " + request.get ("result", "predicted")));
  content.insert (content.begin (),
                  text_item ("121065", "DCM", "Procedure Description",
                             "Sightline model " + request.get ("result", "model") + ". "
                             + request.get ("result", "warning") + "."));
  {
    gdcm::Item image = new_item ();
    gdcm::DataSet &nds = image.GetNestedDataSet ();

    put (nds, 0x0040, 0xa010, gdcm::VR::CS, "CONTAINS");
    put (nds, 0x0040, 0xa040, gdcm::VR::CS, "IMAGE");
    put_sequence (nds, 0x0040, 0xa043,
                  { code_item ("121080", "DCM", "Best illustration of finding") });
    put_sequence (nds, 0x0008, 0x1199, { sop_reference (sc_uid) });
    content.push_back (image);
  }

  put_common (ds, request, kBasicTextSrClass, sop_uid, series_uid, "SR", "9902",
              "Sightline triage result");
  put (ds, 0x0040, 0xa040, gdcm::VR::CS, "CONTAINER");
  put_sequence (ds, 0x0040, 0xa043,
                { code_item ("18748-4", "LN", "Diagnostic imaging report") });
  put (ds, 0x0040, 0xa050, gdcm::VR::CS, "SEPARATE");
  put (ds, 0x0040, 0xa491, gdcm::VR::CS, "COMPLETE");
  put (ds, 0x0040, 0xa493, gdcm::VR::CS, "UNVERIFIED");
  put_sequence (ds, 0x0040, 0xa730, content);
  {
    gdcm::Item study = new_item (), series = new_item ();

    put (series.GetNestedDataSet (), 0x0020, 0x000e, gdcm::VR::UI, sc_series);
    put_sequence (series.GetNestedDataSet (), 0x0008, 0x1199, { sop_reference (sc_uid) });
    put (study.GetNestedDataSet (), 0x0020, 0x000d, gdcm::VR::UI,
         request.get ("study", "study_uid"));
    put_sequence (study.GetNestedDataSet (), 0x0008, 0x1115, { series });
    put_sequence (ds, 0x0040, 0xa375, { study });
  }

  writer.GetFile ().GetHeader ().SetDataSetTransferSyntax (
    gdcm::TransferSyntax::ExplicitVRLittleEndian);
  writer.SetFileName (request.get ("output", "report").c_str ());
  ok = writer.Write ();
  if (!ok)
    std::fprintf (stderr, "report: GDCM could not write the file\n");
  return ok;
}

} // namespace

int
main (int argc, char **argv)
{
  Request request;
  GError *error = nullptr;
  gdcm::UIDGenerator uids;
  std::string sc_uid, sc_series, sr_uid, sr_series;

  if (argc != 2)
    {
      std::fprintf (stderr, "usage: %s REQUEST.ini\nWrites Sightline's result objects; run by "
                            "sightline-cli watch --write-back, not by hand.\n", argv[0]);
      return 2;
    }
  request.file = g_key_file_new ();
  if (!g_key_file_load_from_file (request.file, argv[1], G_KEY_FILE_NONE, &error))
    {
      std::fprintf (stderr, "%s: %s\n", argv[1], error->message);
      g_error_free (error);
      return 1;
    }
  if (request.get ("study", "study_uid").empty ())
    {
      std::fprintf (stderr, "%s: no study UID\n", argv[1]);
      return 1;
    }
  sc_uid = uids.Generate ();
  sc_series = uids.Generate ();
  sr_uid = uids.Generate ();
  sr_series = uids.Generate ();
  if (!write_capture (request, sc_uid, sc_series)
      || !write_report (request, sc_uid, sc_series, sr_uid, sr_series))
    return 1;
  return 0;
}
