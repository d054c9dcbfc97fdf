//! Small helpers over quick-xml shared by the sitemap, OPML and syndication readers.

use quick_xml::events::{BytesRef, Event};

/// The root element of an XML document, as written.
pub(crate) struct Root {
    /// The name with its prefix (`rdf:RDF`).
    pub qualified: String,
    /// The name without its prefix (`RDF`).
    pub local: String,
    /// Byte range of the root's start tag in the text.
    pub start: usize,
    pub end: usize,
    /// The tag closes itself (`<rss/>`).
    pub empty: bool,
}

/// A reader that forgives what feeds and sitemaps get wrong without losing data: end tags are
/// not matched against start tags, and a stray `&` is text.
pub(crate) fn lenient_reader(text: &str) -> quick_xml::NsReader<&[u8]> {
    let mut reader = quick_xml::NsReader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_dangling_amp = true;
    config.expand_empty_elements = false;
    reader
}

/// Finds the root element: the first start tag after the prolog. `Ok(None)` when there is
/// none; `Err` with a message when the XML breaks before it.
pub(crate) fn find_root(text: &str) -> Result<Option<Root>, String> {
    let mut reader = lenient_reader(text);
    loop {
        let before = position(&reader);
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let empty = text
                    .get(..position(&reader))
                    .is_some_and(|t| t.ends_with("/>"));
                return Ok(Some(Root {
                    qualified: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    local: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    start: before,
                    end: position(&reader),
                    empty,
                }));
            }
            Ok(Event::Eof) => return Ok(None),
            Ok(_) => {}
            Err(e) => return Err(format!("{e} (at byte {})", reader.error_position())),
        }
    }
}

pub(crate) fn position<R>(reader: &quick_xml::NsReader<R>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// Appends the text an event carries (text, CDATA, a character or entity reference) to
/// `buffer`, up to `limit` bytes. Entities XML does not define stay as written (`&nbsp;`).
pub(crate) fn push_text(buffer: &mut String, event: &Event<'_>, limit: usize) {
    if buffer.len() >= limit {
        return;
    }
    match event {
        Event::Text(t) => {
            if let Ok(text) = t.decode() {
                buffer.push_str(&text);
            }
        }
        Event::CData(t) => {
            if let Ok(text) = t.decode() {
                buffer.push_str(&text);
            }
        }
        Event::GeneralRef(reference) => push_reference(buffer, reference),
        _ => {}
    }
}

fn push_reference(buffer: &mut String, reference: &BytesRef<'_>) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        buffer.push(c);
        return;
    }
    let Ok(name) = reference.decode() else {
        return;
    };
    match name.as_ref() {
        "amp" => buffer.push('&'),
        "lt" => buffer.push('<'),
        "gt" => buffer.push('>'),
        "quot" => buffer.push('"'),
        "apos" => buffer.push('\''),
        other => {
            buffer.push('&');
            buffer.push_str(other);
            buffer.push(';');
        }
    }
}
