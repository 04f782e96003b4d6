"""Finishing a rendered press PDF as PDF/X-4 (ISO 15930-7) with pikepdf.

ReportLab draws the page (CMYK text and marks, the artwork at native resolution); what it
cannot write is added here, in one pass over the file:

- the header becomes ``%PDF-1.6`` (X-4 is built on PDF 1.6);
- the output intent (``/GTS_PDFX``) declares the printing condition's CMYK profile,
  always, whatever the artwork;
- RGB images become ICC-based RGB: the artwork's own RGB profile when it carries one,
  sRGB otherwise, with the condition's rendering intent on the image (``/Intent``), so
  the printer's RIP converts them to the press's CMYK exactly as the soft proof shows.
  No ``DeviceRGB`` is left. CMYK artwork stays ``DeviceCMYK``: its numbers go to press
  unchanged, as a printer expects of a master prepared for the condition;
- a page that uses transparency gets a page group blending in ``DeviceCMYK``;
- the Info dictionary gains ``GTS_PDFXVersion`` and ``Trapped``, and an XMP packet mirrors
  it (title, author, dates, producer, trapping) with the PDF/X identification and the
  document, instance and version identifiers of the file.

The identifiers are derived from the rendered bytes, and qpdf writes a deterministic
trailer ``/ID``, so equal inputs still give byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zlib
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from app.press.walk import images, uses_transparency

PDFX_VERSION = "PDF/X-4"
PDF_VERSION = "1.6"


def _uuid(data: bytes, salt: bytes) -> str:
    return f"uuid:{uuid.UUID(bytes=hashlib.sha256(salt + data).digest()[:16], version=4)}"


def _xmp_date(pdf_date: str) -> str:
    """``D:20000101000000+00'00'`` -> ``2000-01-01T00:00:00+00:00``."""
    found = re.fullmatch(
        r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:(Z)|([+-])(\d\d)'?(\d\d)'?)?", pdf_date
    )
    if found is None:
        raise ValueError(f"not a PDF date: {pdf_date!r}")
    year, month, day, hour, minute, second, zulu, sign, zone_h, zone_m = found.groups()
    zone = "Z" if zulu or sign is None else f"{sign}{zone_h}:{zone_m}"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}{zone}"


def _xmp(info: dict[str, str], document_id: str, instance_id: str) -> bytes:
    title, author, subject = (escape(info.get(key, "")) for key in ("Title", "Author", "Subject"))
    created, modified = _xmp_date(info["CreationDate"]), _xmp_date(info["ModDate"])
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt>
   </dc:description>
   <pdf:Producer>{escape(info.get("Producer", ""))}</pdf:Producer>
   <pdf:Keywords>{escape(info.get("Keywords", ""))}</pdf:Keywords>
   <pdf:Trapped>{info["Trapped"]}</pdf:Trapped>
   <xmp:CreatorTool>{escape(info.get("Creator", ""))}</xmp:CreatorTool>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{modified}</xmp:ModifyDate>
   <xmp:MetadataDate>{modified}</xmp:MetadataDate>
   <xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def _deflated(pdf: Pdf, data: bytes) -> Stream:
    stream = Stream(pdf, b"")
    stream.write(zlib.compress(data, 9), filter=Name.FlateDecode)
    return stream


def finish(
    rendered: bytes,
    output_profile: bytes,
    condition: tuple[str, str, str],
    rgb_profile: bytes,
    rendering_intent: str,
) -> bytes:
    """Make ReportLab's press PDF a PDF/X-4 file (see the module docstring).

    ``condition`` is ``(OutputConditionIdentifier, RegistryName, Info)``.
    """
    identifier, registry, description = condition
    document_id = _uuid(rendered, b"document")
    instance_id = _uuid(rendered, b"instance")
    with Pdf.open(io.BytesIO(rendered)) as pdf:
        destination = _deflated(pdf, output_profile)
        destination.N = 4
        pdf.Root.OutputIntents = Array(
            [
                Dictionary(
                    Type=Name.OutputIntent,
                    S=Name.GTS_PDFX,
                    OutputConditionIdentifier=identifier,
                    OutputCondition=description,
                    RegistryName=registry,
                    Info=description,
                    DestOutputProfile=destination,
                )
            ]
        )
        rgb = _deflated(pdf, rgb_profile)
        rgb.N = 3
        rgb_space = Array([Name.ICCBased, rgb])
        for number, page in enumerate(pdf.pages, start=1):
            for image in images(page, number):
                if image.obj.get("/ColorSpace") == Name.DeviceRGB:
                    image.obj.ColorSpace = rgb_space
                    image.obj.Intent = Name("/" + rendering_intent)
            if uses_transparency(page, number):
                page.obj.Group = Dictionary(
                    Type=Name.Group, S=Name.Transparency, CS=Name.DeviceCMYK
                )
        info = pdf.docinfo
        info.GTS_PDFXVersion = PDFX_VERSION
        info.Trapped = Name("/False")
        strings = {str(key)[1:]: str(value) for key, value in info.items()}
        strings["Trapped"] = "False"
        metadata = Stream(pdf, _xmp(strings, document_id, instance_id))
        metadata.Type, metadata.Subtype = Name.Metadata, Name.XML
        pdf.Root.Metadata = metadata
        out = io.BytesIO()
        pdf.save(
            out,
            force_version=PDF_VERSION,
            deterministic_id=True,
            fix_metadata_version=False,
            compress_streams=False,  # streams pass as they are (a PNG's own data stays)
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
    return out.getvalue()
