//! The XMP metadata packet of a PDF/X file.
//!
//! PDF/X-4 (ISO 15930-7) identifies itself in XMP only: `pdfxid:GTS_PDFXVersion`, and needs
//! `xmp:CreateDate`, `xmp:ModifyDate`, `dc:title`, `pdf:Trapped`, `xmpMM:DocumentID`,
//! `xmpMM:VersionID` and `xmpMM:RenditionClass`. PDF/X-1a:2003 identifies itself in the Info
//! dictionary; its XMP mirrors that (`pdfx:GTS_PDFXVersion`, `pdfx:GTS_PDFXConformance`, as
//! Acrobat writes them) so the two never disagree. The packet is written by hand: it is small,
//! fixed in shape, and must be byte-stable.

/// What goes into the packet.
pub(crate) struct XmpFields<'a> {
    pub title: &'a str,
    /// ISO 8601 date, e.g. `2022-08-16T00:00:00Z`.
    pub date: &'a str,
    /// `uuid:…` document and instance ID.
    pub document_id: &'a str,
    /// `GTS_PDFXVersion` value.
    pub pdfx_version: &'a str,
    /// `GTS_PDFXConformance` value (X-1a only).
    pub pdfx_conformance: Option<&'a str>,
    /// Producer string.
    pub producer: &'a str,
}

/// The whole `<?xpacket …?>` … `<?xpacket end="w"?>` packet, UTF-8.
pub(crate) fn packet(f: &XmpFields<'_>) -> String {
    let title = escape(f.title);
    let producer = escape(f.producer);
    let conformance = f
        .pdfx_conformance
        .map(|c| {
            format!(
                "   <pdfx:GTS_PDFXVersion>{}</pdfx:GTS_PDFXVersion>\n   <pdfx:GTS_PDFXConformance>{}</pdfx:GTS_PDFXConformance>\n",
                escape(f.pdfx_version),
                escape(c)
            )
        })
        .unwrap_or_default();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
  <rdf:Description rdf:about=\"\"\n\
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n\
    xmlns:pdfx=\"http://ns.adobe.com/pdfx/1.3/\"\n\
    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n\
   <dc:format>application/pdf</dc:format>\n\
   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
   <xmp:CreateDate>{date}</xmp:CreateDate>\n\
   <xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
   <xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
   <xmp:CreatorTool>{producer}</xmp:CreatorTool>\n\
   <pdf:Producer>{producer}</pdf:Producer>\n\
   <pdf:Trapped>False</pdf:Trapped>\n\
   <xmpMM:DocumentID>{id}</xmpMM:DocumentID>\n\
   <xmpMM:InstanceID>{id}</xmpMM:InstanceID>\n\
   <xmpMM:VersionID>1</xmpMM:VersionID>\n\
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n\
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>\n\
{conformance}\
  </rdf:Description>\n\
 </rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        date = f.date,
        id = f.document_id,
        version = escape(f.pdfx_version),
    )
}

/// Escape text for XML character data and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_carries_pdfx_identification_and_escapes_the_title() {
        let p = packet(&XmpFields {
            title: "东昌时讯 <A&B>",
            date: "2022-08-16T00:00:00Z",
            document_id: "uuid:0",
            pdfx_version: "PDF/X-4",
            pdfx_conformance: None,
            producer: "paiban",
        });
        assert!(p.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        assert!(p.contains("东昌时讯 &lt;A&amp;B&gt;"));
        assert!(p.contains("<pdf:Trapped>False</pdf:Trapped>"));
        assert!(!p.contains("GTS_PDFXConformance"));
    }
}
