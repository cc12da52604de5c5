//! Reading the official CIFAR-10 binary tarball (`cifar-10-binary.tar.gz`).
//!
//! Format (from the dataset's home page): each `.bin` member holds 10,000 records of
//! 3,073 bytes: one label byte (0..9), then 1,024 red, 1,024 green and 1,024 blue bytes,
//! each a row-major 32x32 plane.

use std::io::Read;

use thiserror::Error;

use super::asset::{CLASSES, Split};

/// Address of the official tarball.
pub const OFFICIAL_URL: &str = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
/// MD5 of the official tarball, as published on the dataset's home page.
pub const OFFICIAL_MD5: &str = "c32a1d4ab5d03f1284b67883e8d87530";
/// Bytes of one record: label + 3 x 32 x 32 pixels.
pub const RECORD_LEN: usize = 1 + 3 * 32 * 32;
/// Records in each batch file.
pub const RECORDS_PER_FILE: usize = 10_000;
/// The training members, in order.
pub const TRAIN_MEMBERS: [&str; 5] = [
    "data_batch_1.bin",
    "data_batch_2.bin",
    "data_batch_3.bin",
    "data_batch_4.bin",
    "data_batch_5.bin",
];
/// The test member.
pub const TEST_MEMBER: &str = "test_batch.bin";

/// Why a tarball could not be read as CIFAR-10.
#[derive(Debug, Error)]
pub enum CifarError {
    /// Reading or decompressing failed (corrupt gzip, cut-off file, disk error).
    #[error("cannot read the CIFAR-10 tarball (is it a complete, uncorrupted .tar.gz?): {0}")]
    Io(#[from] std::io::Error),
    /// A batch file is absent from the archive.
    #[error(
        "the tarball has no member named {0}: is this cifar-10-binary.tar.gz (the binary version)?"
    )]
    MissingMember(&'static str),
    /// A batch file has the wrong size.
    #[error("member {name} is {size} bytes; CIFAR-10 batches are {expected} bytes")]
    WrongSize {
        /// Member name.
        name: String,
        /// Its size in the archive.
        size: u64,
        /// The size it should have.
        expected: usize,
    },
    /// A record's label is outside 0..10.
    #[error("member {name}, record {record}: label {label} is outside 0..9")]
    BadLabel {
        /// Member name.
        name: String,
        /// Record index in the member.
        record: usize,
        /// Label found.
        label: u8,
    },
}

/// The full dataset at 32x32: 50,000 training and 10,000 test images.
pub struct Cifar10 {
    /// Training images in the official order.
    pub train: Split,
    /// Test images in the file's order.
    pub test: Split,
}

/// Reads the gzip-compressed tarball from `reader`, validating every member it needs.
pub fn read_tarball(reader: impl Read) -> Result<Cifar10, CifarError> {
    let expected = RECORD_LEN * RECORDS_PER_FILE;
    let mut members: Vec<Option<Vec<u8>>> = vec![None; TRAIN_MEMBERS.len() + 1];
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(reader));
    for entry in archive.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.to_string_lossy().into_owned();
        let file_name = path.rsplit('/').next().unwrap_or("").to_string();
        let slot = TRAIN_MEMBERS
            .iter()
            .chain([&TEST_MEMBER])
            .position(|m| *m == file_name);
        let Some(slot) = slot else { continue };
        let size = entry.header().size()?;
        if size != expected as u64 {
            return Err(CifarError::WrongSize {
                name: path,
                size,
                expected,
            });
        }
        let mut bytes = Vec::with_capacity(expected);
        entry.read_to_end(&mut bytes)?;
        if bytes.len() != expected {
            let size = bytes.len() as u64;
            return Err(CifarError::WrongSize {
                name: path,
                size,
                expected,
            });
        }
        members[slot] = Some(bytes);
    }
    let names = TRAIN_MEMBERS.iter().chain([&TEST_MEMBER]);
    let mut splits = Vec::with_capacity(members.len());
    for (bytes, name) in members.into_iter().zip(names) {
        let bytes = bytes.ok_or(CifarError::MissingMember(name))?;
        splits.push(parse_records(&bytes, name)?);
    }
    let test = splits.pop().expect("test member parsed");
    let mut train = Split {
        labels: Vec::new(),
        pixels: Vec::new(),
    };
    for split in splits {
        train.labels.extend(split.labels);
        train.pixels.extend(split.pixels);
    }
    Ok(Cifar10 { train, test })
}

/// Splits one batch file into labels and channel-major 32x32 pixels.
fn parse_records(bytes: &[u8], name: &str) -> Result<Split, CifarError> {
    let mut split = Split {
        labels: Vec::new(),
        pixels: Vec::new(),
    };
    for (record, chunk) in bytes.chunks_exact(RECORD_LEN).enumerate() {
        let label = chunk[0];
        if label as usize >= CLASSES {
            return Err(CifarError::BadLabel {
                name: name.to_string(),
                record,
                label,
            });
        }
        split.labels.push(label);
        split.pixels.extend_from_slice(&chunk[1..]);
    }
    Ok(split)
}
