//! The compact data asset the page loads: a downsampled, class-balanced CIFAR-10 subset.
//!
//! Layout (all integers little-endian), documented in `docs/ARCHITECTURE.md`:
//! magic `b"RETHINK1"`, version (2), side, channels, classes, n_train, n_test (u32 each),
//! train labels, test labels (one byte each), the byte length of the compressed pixels
//! (u32), the train then test pixels (u8, per image channel-major `[3, side, side]`)
//! compressed losslessly by [`super::pixel_codec`], then a CRC-32 of every byte before it.

use thiserror::Error;

use super::pixel_codec;

/// First eight bytes of every asset.
pub const MAGIC: &[u8; 8] = b"RETHINK1";
/// Format version this build reads and writes (1 stored the pixels uncompressed).
pub const VERSION: u32 = 2;
/// Colour channels of CIFAR-10 images (RGB).
pub const CHANNELS: usize = 3;
/// Number of CIFAR-10 classes.
pub const CLASSES: usize = 10;
/// Image sides the data tool can produce (32 / 4, 32 / 2 and the original 32).
pub const SIDES: [usize; 3] = [8, 16, 32];
/// Most training images an asset may hold: all of CIFAR-10's training set.
pub const MAX_TRAIN: usize = 50_000;
/// Most test images an asset may hold: all of CIFAR-10's test set.
pub const MAX_TEST: usize = 10_000;
/// Bytes before the labels: magic + six u32 fields.
const HEADER_LEN: usize = 8 + 6 * 4;
/// Bytes of the compressed pixels' length field.
const PIXELS_LEN_FIELD: usize = 4;
/// Bytes of the CRC-32 trailer.
const TRAILER_LEN: usize = 4;

/// Images and labels of one split (train or test).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// One class index (0..10) per image.
    pub labels: Vec<u8>,
    /// `labels.len()` images, each `[3, side, side]` bytes, channel-major.
    pub pixels: Vec<u8>,
}

impl Split {
    /// Number of images in the split.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the split holds no image.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// A validated dataset: train and test splits of `side x side` RGB images.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// Image width and height in pixels (one of [`SIDES`]).
    pub side: usize,
    /// Training split.
    pub train: Split,
    /// Test split (its labels are always the true ones).
    pub test: Split,
}

/// Why bytes are not a valid asset. Each message says what to do about it.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AssetError {
    /// Fewer bytes than a header: an empty or cut-off download.
    #[error("the data file is truncated: {len} bytes, but a header alone takes {HEADER_LEN}")]
    TooShort {
        /// Length received.
        len: usize,
    },
    /// Not an asset at all (often an HTML error page served in its place).
    #[error(
        "this is not a rethink data file (it starts with {found:?}); rebuild it with `rethink data`"
    )]
    BadMagic {
        /// The first bytes found, shown lossily as text.
        found: String,
    },
    /// Written by another version of the data tool.
    #[error(
        "data file version {found} is not supported (this build reads version {VERSION}); rebuild it with `rethink data`"
    )]
    BadVersion {
        /// Version in the file.
        found: u32,
    },
    /// A header field outside what the format allows.
    #[error("data file header is invalid: {0}")]
    BadHeader(String),
    /// The length disagrees with the sizes in the header.
    #[error(
        "data file length is {actual} bytes but its header describes {expected}: the file is truncated or corrupt"
    )]
    BadLength {
        /// Length implied by the header.
        expected: usize,
        /// Length received.
        actual: usize,
    },
    /// The checksum does not match the contents.
    #[error(
        "data file checksum mismatch (stored {stored:#010x}, computed {computed:#010x}): the file is corrupt"
    )]
    BadChecksum {
        /// CRC-32 stored in the trailer.
        stored: u32,
        /// CRC-32 of the bytes read.
        computed: u32,
    },
    /// The compressed pixels do not decode to the images the header describes.
    #[error("data file pixels are corrupt: {0}")]
    BadPixels(String),
    /// A label outside 0..10.
    #[error("label {label} at {split} image {index} is outside 0..{CLASSES}")]
    BadLabel {
        /// "train" or "test".
        split: &'static str,
        /// Index of the image in its split.
        index: usize,
        /// The label value found.
        label: u8,
    },
}

impl Asset {
    /// Bytes of one image: `3 * side * side`.
    pub fn image_len(&self) -> usize {
        CHANNELS * self.side * self.side
    }

    /// Serializes the asset into the versioned binary format, with its checksum (natively:
    /// the Brotli encoder is not built into the wasm).
    ///
    /// # Panics
    /// If the splits disagree with `side` (a programming error, not bad input).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_bytes(&self) -> Vec<u8> {
        let image_len = self.image_len();
        for split in [&self.train, &self.test] {
            assert_eq!(
                split.pixels.len(),
                split.len() * image_len,
                "split size mismatch"
            );
        }
        let pixels = pixel_codec::encode(
            &[&self.train.pixels[..], &self.test.pixels].concat(),
            self.side,
        );
        let labels = self.train.len() + self.test.len();
        let mut out =
            Vec::with_capacity(HEADER_LEN + labels + PIXELS_LEN_FIELD + pixels.len() + TRAILER_LEN);
        out.extend_from_slice(MAGIC);
        for field in [VERSION, self.side as u32, CHANNELS as u32, CLASSES as u32] {
            out.extend_from_slice(&field.to_le_bytes());
        }
        out.extend_from_slice(&(self.train.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.test.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.train.labels);
        out.extend_from_slice(&self.test.labels);
        out.extend_from_slice(&(pixels.len() as u32).to_le_bytes());
        out.extend_from_slice(&pixels);
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Parses and validates an asset: magic, version, header fields, length, checksum, the
    /// compressed pixels and every label.
    pub fn from_bytes(bytes: &[u8]) -> Result<Asset, AssetError> {
        if bytes.len() < HEADER_LEN {
            return Err(AssetError::TooShort { len: bytes.len() });
        }
        if &bytes[..8] != MAGIC {
            let found = String::from_utf8_lossy(&bytes[..8]).into_owned();
            return Err(AssetError::BadMagic { found });
        }
        let field = |i: usize| u32::from_le_bytes(bytes[8 + 4 * i..12 + 4 * i].try_into().unwrap());
        let version = field(0);
        if version != VERSION {
            return Err(AssetError::BadVersion { found: version });
        }
        let (side, channels, classes) = (field(1) as usize, field(2) as usize, field(3) as usize);
        if !SIDES.contains(&side) {
            return Err(AssetError::BadHeader(format!(
                "image side {side} is not one of {SIDES:?}"
            )));
        }
        if channels != CHANNELS || classes != CLASSES {
            return Err(AssetError::BadHeader(format!(
                "{channels} channels and {classes} classes; expected {CHANNELS} and {CLASSES}"
            )));
        }
        let (n_train, n_test) = (field(4) as usize, field(5) as usize);
        if n_train == 0 || n_test == 0 || n_train > MAX_TRAIN || n_test > MAX_TEST {
            return Err(AssetError::BadHeader(format!(
                "{n_train} train and {n_test} test images (1..={MAX_TRAIN} and 1..={MAX_TEST})"
            )));
        }
        let pixels_len_at = HEADER_LEN + n_train + n_test;
        let Some(pixels_len) = bytes.get(pixels_len_at..pixels_len_at + PIXELS_LEN_FIELD) else {
            return Err(AssetError::BadLength {
                expected: pixels_len_at + PIXELS_LEN_FIELD + TRAILER_LEN,
                actual: bytes.len(),
            });
        };
        let pixels_len = u32::from_le_bytes(pixels_len.try_into().unwrap()) as usize;
        let expected = pixels_len_at + PIXELS_LEN_FIELD + pixels_len + TRAILER_LEN;
        if bytes.len() != expected {
            return Err(AssetError::BadLength {
                expected,
                actual: bytes.len(),
            });
        }
        let (content, trailer) = bytes.split_at(bytes.len() - TRAILER_LEN);
        let stored = u32::from_le_bytes(trailer.try_into().unwrap());
        let computed = crc32fast::hash(content);
        if stored != computed {
            return Err(AssetError::BadChecksum { stored, computed });
        }
        let labels = &content[HEADER_LEN..pixels_len_at];
        let image_len = CHANNELS * side * side;
        let mut pixels = pixel_codec::decode(
            &content[pixels_len_at + PIXELS_LEN_FIELD..],
            side,
            n_train + n_test,
        )
        .map_err(AssetError::BadPixels)?;
        let test_pixels = pixels.split_off(n_train * image_len);
        let train = Split {
            labels: labels[..n_train].to_vec(),
            pixels,
        };
        let test = Split {
            labels: labels[n_train..].to_vec(),
            pixels: test_pixels,
        };
        for (name, split) in [("train", &train), ("test", &test)] {
            if let Some(index) = split.labels.iter().position(|&l| l as usize >= CLASSES) {
                let label = split.labels[index];
                return Err(AssetError::BadLabel {
                    split: name,
                    index,
                    label,
                });
            }
        }
        Ok(Asset { side, train, test })
    }
}
