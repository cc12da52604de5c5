//! Reading the CIFAR-10 tarball: a well-formed archive, and each way one can be broken.
//! Archives are built in memory with the same `tar` and `flate2` crates the reader uses.

use std::process::Command;

use flate2::Compression;
use flate2::write::GzEncoder;
use rethink::data::cifar::{
    CifarError, RECORD_LEN, RECORDS_PER_FILE, TEST_MEMBER, TRAIN_MEMBERS, read_tarball,
};

const BATCH_LEN: usize = RECORD_LEN * RECORDS_PER_FILE;

/// A batch file whose record i has label i % 10 and every pixel byte equal to `fill`.
fn batch(fill: u8) -> Vec<u8> {
    let mut bytes = vec![fill; BATCH_LEN];
    for record in 0..RECORDS_PER_FILE {
        bytes[record * RECORD_LEN] = (record % 10) as u8;
    }
    bytes
}

/// A .tar.gz with the given (name, contents) members under `cifar-10-batches-bin/`.
fn tarball(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    for (name, bytes) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(
                &mut header,
                format!("cifar-10-batches-bin/{name}"),
                bytes.as_slice(),
            )
            .unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

fn complete_members() -> Vec<(&'static str, Vec<u8>)> {
    let mut members: Vec<_> = TRAIN_MEMBERS
        .iter()
        .enumerate()
        .map(|(i, name)| (*name, batch(i as u8)))
        .collect();
    members.push((TEST_MEMBER, batch(99)));
    members
}

#[test]
fn a_complete_archive_reads_in_order() {
    let dataset = read_tarball(tarball(&complete_members()).as_slice()).unwrap();
    assert_eq!(dataset.train.len(), 50_000);
    assert_eq!(dataset.test.len(), 10_000);
    assert_eq!(&dataset.train.labels[..3], &[0, 1, 2]);
    assert_eq!(dataset.train.pixels[0], 0, "first batch first");
    assert_eq!(
        dataset.train.pixels[dataset.train.pixels.len() - 1],
        4,
        "fifth batch last"
    );
    assert_eq!(dataset.test.pixels[0], 99);
}

#[test]
fn a_missing_member_is_named() {
    let mut members = complete_members();
    members.remove(2);
    let err = read_tarball(tarball(&members).as_slice()).err().unwrap();
    assert!(
        matches!(err, CifarError::MissingMember("data_batch_3.bin")),
        "{err}"
    );
}

#[test]
fn a_member_of_the_wrong_size_is_refused() {
    let mut members = complete_members();
    members[5].1.truncate(1000);
    let err = read_tarball(tarball(&members).as_slice()).err().unwrap();
    assert!(
        matches!(err, CifarError::WrongSize { size: 1000, .. }),
        "{err}"
    );
}

#[test]
fn a_label_out_of_range_is_refused() {
    let mut members = complete_members();
    members[0].1[7 * RECORD_LEN] = 10;
    let err = read_tarball(tarball(&members).as_slice()).err().unwrap();
    assert!(
        matches!(
            err,
            CifarError::BadLabel {
                record: 7,
                label: 10,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn corrupt_or_cut_gzip_is_an_io_error() {
    let mut bytes = tarball(&complete_members());
    let cut = &bytes[..bytes.len() / 2];
    assert!(matches!(
        read_tarball(cut).err().unwrap(),
        CifarError::Io(_)
    ));
    let middle = bytes.len() / 2;
    bytes[middle..middle + 64].fill(0xAB);
    assert!(read_tarball(bytes.as_slice()).is_err());
    assert!(matches!(
        read_tarball(&b"not gzip at all"[..]).err().unwrap(),
        CifarError::Io(_)
    ));
}

#[test]
fn the_data_tool_fails_cleanly_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("asset.bin");
    let corrupt = dir.path().join("corrupt.tar.gz");
    std::fs::write(&corrupt, b"\x1f\x8b\x08\x00garbage").unwrap();
    for tarball in [dir.path().join("missing.tar.gz"), corrupt] {
        let result = Command::new(env!("CARGO_BIN_EXE_rethink"))
            .args(["data", "--tarball"])
            .arg(&tarball)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(!result.status.success(), "{stderr}");
        assert!(stderr.contains("error:"), "a readable message: {stderr}");
        assert!(!out.exists(), "no partial asset for {}", tarball.display());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }
}
