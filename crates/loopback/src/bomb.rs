//! A gzip bomb: about 1 MB of gzip that inflates to exactly 1 GiB of spaces.
//!
//! The deflate stream is written by hand rather than by a compressor, so it costs nothing to
//! build. It is one gzip member holding one dynamic-Huffman block whose codes are chosen so
//! that the bulk of the stream is zero bytes:
//! - the literal/length code has three symbols: the space (2 bits), end-of-block (2 bits) and
//!   length 258 (1 bit, code `0`);
//! - the distance code has one symbol, distance 1 (1 bit, code `0`).
//!
//! After one literal space, each match "copy 258 bytes from 1 byte back" is two zero bits, so
//! four matches (1,032 bytes of output) fit in one zero byte of input. A single gzip member
//! keeps it honest for decoders that stop after the first member. The trailer's CRC-32 of
//! 1 GiB of spaces is computed by combining the CRC of 1 MiB with itself, not by hashing
//! 1 GiB.

/// The size the bomb inflates to.
pub(crate) const INFLATED_SIZE: u64 = 1 << 30;
const FILL: u8 = b' ';
const LONGEST_MATCH: u64 = 258;

/// Writes bits least significant first, as deflate packs them.
struct BitWriter {
    out: Vec<u8>,
    pending: u64,
    pending_bits: u32,
}

impl BitWriter {
    fn new(capacity: usize) -> BitWriter {
        BitWriter {
            out: Vec::with_capacity(capacity),
            pending: 0,
            pending_bits: 0,
        }
    }

    /// A field of `count` bits, least significant bit first (header fields, extra bits).
    fn bits(&mut self, value: u32, count: u32) {
        self.pending |= u64::from(value) << self.pending_bits;
        self.pending_bits += count;
        while self.pending_bits >= 8 {
            self.out.push(self.pending as u8);
            self.pending >>= 8;
            self.pending_bits -= 8;
        }
    }

    /// A Huffman code of `length` bits: deflate sends its most significant bit first.
    fn code(&mut self, code: u32, length: u32) {
        let reversed = code.reverse_bits() >> (32 - length);
        self.bits(reversed, length);
    }

    /// `count` zero bits, written a byte at a time once aligned.
    fn zeros(&mut self, mut count: u64) {
        while self.pending_bits != 0 && count > 0 {
            self.bits(0, 1);
            count -= 1;
        }
        let bytes = (count / 8) as usize;
        self.out.resize(self.out.len() + bytes, 0);
        for _ in 0..count % 8 {
            self.bits(0, 1);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.pending_bits > 0 {
            self.out.push(self.pending as u8);
        }
        self.out
    }
}

/// The raw deflate stream for `size` bytes of `FILL`.
fn deflate_fill(size: u64) -> Vec<u8> {
    let matches = (size - 1) / LONGEST_MATCH;
    let trailing_literals = (size - 1) % LONGEST_MATCH;
    let mut writer = BitWriter::new((matches / 4) as usize + 64);

    // Block header: final block, dynamic Huffman codes.
    writer.bits(1, 1);
    writer.bits(2, 2);
    writer.bits(286 - 257, 5); // HLIT: literal/length lengths for symbols 0..=285.
    writer.bits(0, 5); // HDIST: one distance code.
    writer.bits(18 - 4, 4); // HCLEN: code-length code lengths for the first 18 in the order below.

    // The code-length alphabet uses three symbols: 18 (a run of zeros) with 1 bit, and the
    // lengths 1 and 2 with 2 bits each. Canonical codes: 18 -> 0, 1 -> 10, 2 -> 11.
    const ORDER: [u32; 18] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
    for symbol in ORDER {
        let length = match symbol {
            18 => 1,
            1 | 2 => 2,
            _ => 0,
        };
        writer.bits(length, 3);
    }
    let zero_run = |writer: &mut BitWriter, run: u32| {
        writer.code(0, 1);
        writer.bits(run - 11, 7);
    };
    let length_one = |writer: &mut BitWriter| writer.code(0b10, 2);
    let length_two = |writer: &mut BitWriter| writer.code(0b11, 2);

    // Literal/length code lengths: the space (32) and end-of-block (256) get 2 bits, length
    // code 285 (a match of 258) gets 1 bit, every other symbol is unused.
    let fill = u32::from(FILL);
    zero_run(&mut writer, fill); // symbols 0..32
    length_two(&mut writer); // 32
    zero_run(&mut writer, 138); // 33..171
    zero_run(&mut writer, 255 - fill - 138); // 171..256
    length_two(&mut writer); // 256
    zero_run(&mut writer, 28); // 257..285
    length_one(&mut writer); // 285
    length_one(&mut writer); // distance code 0 (distance 1)

    // Canonical literal/length codes: 285 -> 0, 32 -> 10, 256 -> 11. Distance 0 -> 0.
    writer.code(0b10, 2); // the first space, a literal
    writer.zeros(matches * 2); // each match: length code 0, distance code 0
    for _ in 0..trailing_literals {
        writer.code(0b10, 2);
    }
    writer.code(0b11, 2); // end of block
    writer.finish()
}

/// The CRC-32 of `size` bytes of `FILL`, for a power-of-two `size` of at least 1 MiB.
fn crc_of_fill(size: u64) -> u32 {
    let block = vec![FILL; 1 << 20];
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&block);
    let mut covered: u64 = 1 << 20;
    while covered < size {
        let copy = hasher.clone();
        hasher.combine(&copy);
        covered *= 2;
    }
    hasher.finalize()
}

/// The whole gzip file.
pub(crate) fn gzip_bomb() -> Vec<u8> {
    let deflate = deflate_fill(INFLATED_SIZE);
    let mut out = Vec::with_capacity(deflate.len() + 18);
    // Magic, deflate, no flags, no modification time, best compression, unknown OS.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    out.extend_from_slice(&deflate);
    out.extend_from_slice(&crc_of_fill(INFLATED_SIZE).to_le_bytes());
    out.extend_from_slice(&((INFLATED_SIZE % (1 << 32)) as u32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn a_small_fill_round_trips_through_flate2() {
        for size in [1, 2, 258, 259, 260, 1000, 100_000] {
            let deflate = deflate_fill(size);
            let mut inflated = Vec::new();
            flate2::read::DeflateDecoder::new(&deflate[..])
                .read_to_end(&mut inflated)
                .unwrap();
            assert_eq!(inflated.len() as u64, size);
            assert!(inflated.iter().all(|&b| b == FILL));
        }
    }

    #[test]
    fn the_crc_matches_hashing_the_bytes() {
        let mut hasher = crc32fast::Hasher::new();
        let block = vec![FILL; 1 << 20];
        for _ in 0..4 {
            hasher.update(&block);
        }
        assert_eq!(crc_of_fill(4 << 20), hasher.finalize());
    }

    /// The whole gibibyte, through a decoder that checks the CRC and the length (about 0.2 s).
    #[test]
    fn the_bomb_is_small_and_inflates_to_a_gibibyte() {
        let bomb = gzip_bomb();
        assert!(bomb.len() < 1_100_000, "{}", bomb.len());
        let inflated = std::io::copy(
            &mut flate2::read::GzDecoder::new(&bomb[..]),
            &mut std::io::sink(),
        )
        .unwrap();
        assert_eq!(inflated, INFLATED_SIZE);
    }
}
