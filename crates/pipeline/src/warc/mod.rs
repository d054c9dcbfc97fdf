//! WARC archives (ISO 28500, versions 1.0 and 1.1): reading the HTML pages a crawl stored, and
//! writing the responses our own fetches receive.
//!
//! Reading ([`read_warc`]) streams the archive a record at a time, so a 1 GB CC-NEWS file costs
//! one record's memory. A file whose first bytes are a gzip header is read one gzip member at
//! a time (the usual layout puts each record in its own member); any other file is read as
//! plain WARC. Each `response` record holding an HTTP 200 response with an HTML
//! `Content-Type`, and each `resource` record of HTML, becomes a [`RawDoc`](crate::input::RawDoc)
//! named `path@offset`: the offset of the record's gzip member (as CDX indexes give it), or of
//! the record itself in a plain file; a record inside a member that holds several is
//! `path@member+offset`, the second offset counted in the member's decompressed bytes.
//! Chunked transfer coding and `gzip`, `deflate` and `br` content codings are undone, with the
//! decompressed page capped by [`InputLimits::max_file_bytes`](crate::input::InputLimits).
//! Other records (`warcinfo`, `request`, `metadata`, `revisit`, other statuses, images, PDF,
//! JSON) are passed over silently and counted.
//!
//! Damage is a diagnostic naming the file and offset, and reading goes on:
//! - a damaged gzip member (bad deflate data, bad checksum, the file cut short) is skipped to
//!   the next gzip header whose first bytes decompress to `WARC/1.`;
//! - a malformed record inside sound data (no `Content-Length`, a block shorter than it says)
//!   is skipped to the next line that starts with `WARC/1.`, in plain files and inside a
//!   member. In gzip files a record never spans members: a member that ends mid-record is a
//!   truncated record, and the next member starts afresh.
//!
//! We wrote this reader rather than use the `warc` crate (0.4): that crate decompresses with
//! one multi-member decoder, so it cannot name a member's offset or skip a damaged member; it
//! reads header lines and blocks without a cap; and it brings `chrono`, `nom` and `libflate`.
//! The record format is small (a version line, `Name: value` lines, a blank line,
//! `Content-Length` bytes, a blank line), and flate2's single-member `bufread::GzDecoder` stops
//! exactly at the end of a member, which is what resynchronisation needs. HTTP heads are parsed
//! by hand too: `httparse` refuses the `HTTP/2 200` status lines some archivers write, and we
//! want the lenient reading of headers (folded lines, stray bytes) crawls call for.
//!
//! Writing ([`WarcWriter`]) appends `response` records, each in its own gzip member, to files
//! that rotate at a size. The payload digest is SHA-1 in base 32 (`sha1:…`), as other WARC
//! tools write and deduplicate on (`sha1_smol`, no other dependency).

mod http;
mod read;
mod source;
mod write;

pub use read::read_warc;
pub use write::WarcWriter;

/// What starts every WARC record (after the version's minor digit, `0` or `1`).
pub(crate) const WARC_MAGIC: &[u8] = b"WARC/1.";

/// The first bytes of a gzip member using deflate.
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b, 0x08];

/// Whether `head`, the first bytes of a file, starts a WARC archive, plain or gzip-compressed.
pub fn is_warc(head: &[u8]) -> bool {
    if head.starts_with(WARC_MAGIC) {
        return true;
    }
    if !head.starts_with(GZIP_MAGIC) {
        return false;
    }
    let mut decoded = [0u8; WARC_MAGIC.len()];
    let mut decoder = flate2::bufread::GzDecoder::new(head);
    std::io::Read::read_exact(&mut decoder, &mut decoded).is_ok() && decoded == WARC_MAGIC
}
