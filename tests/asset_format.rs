//! The asset format: a round trip, and every way bytes can be invalid.

use rethink::data::asset::{Asset, AssetError, Split};

fn sample(side: usize, n_train: usize, n_test: usize) -> Asset {
    let image = 3 * side * side;
    let split = |n: usize, offset: u8| Split {
        labels: (0..n).map(|i| (i % 10) as u8).collect(),
        pixels: (0..n * image)
            .map(|i| (i as u8).wrapping_add(offset))
            .collect(),
    };
    Asset {
        side,
        train: split(n_train, 0),
        test: split(n_test, 100),
    }
}

/// Recomputes the CRC trailer after a deliberate edit of the body.
fn reseal(bytes: &mut [u8]) {
    let body = bytes.len() - 4;
    let crc = crc32fast::hash(&bytes[..body]);
    bytes[body..].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn round_trip_preserves_everything() {
    for side in [8, 16, 32] {
        let asset = sample(side, 30, 20);
        let bytes = asset.to_bytes();
        // Header, 50 labels, the compressed pixels' length, the pixels, the CRC.
        let pixels_len = u32::from_le_bytes(bytes[82..86].try_into().unwrap()) as usize;
        assert_eq!(bytes.len(), 32 + 50 + 4 + pixels_len + 4);
        assert!(
            pixels_len < 50 * 3 * side * side,
            "the pixels are compressed"
        );
        assert_eq!(Asset::from_bytes(&bytes).unwrap(), asset);
    }
}

#[test]
fn empty_and_truncated_files_are_rejected() {
    let bytes = sample(8, 10, 10).to_bytes();
    assert_eq!(Asset::from_bytes(&[]), Err(AssetError::TooShort { len: 0 }));
    assert!(matches!(
        Asset::from_bytes(&bytes[..20]),
        Err(AssetError::TooShort { len: 20 })
    ));
    let cut = &bytes[..bytes.len() - 1];
    assert!(
        matches!(Asset::from_bytes(cut), Err(AssetError::BadLength { actual, .. }) if actual == cut.len())
    );
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        Asset::from_bytes(&longer),
        Err(AssetError::BadLength { .. })
    ));
}

#[test]
fn an_html_page_is_not_an_asset() {
    let html = b"<!DOCTYPE html><html><body>404 Not Found</body></html>";
    let err = Asset::from_bytes(html).unwrap_err();
    assert!(matches!(err, AssetError::BadMagic { .. }));
    assert!(err.to_string().contains("not a rethink data file"), "{err}");
}

#[test]
fn wrong_version_is_rejected() {
    // Version 1 (uncompressed pixels) comes from an older data tool: rebuild, says the error.
    let mut bytes = sample(8, 10, 10).to_bytes();
    bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
    reseal(&mut bytes);
    let err = Asset::from_bytes(&bytes).unwrap_err();
    assert_eq!(err, AssetError::BadVersion { found: 1 });
    assert!(err.to_string().contains("rethink data"), "{err}");
}

#[test]
fn more_images_than_cifar10_has_are_rejected_before_decoding() {
    let original = sample(8, 10, 10).to_bytes();
    for (offset, value) in [(24, 50_001u32), (28, 10_001)] {
        let mut bytes = original.clone();
        bytes[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
        let err = Asset::from_bytes(&bytes).unwrap_err();
        assert!(matches!(err, AssetError::BadHeader(_)), "{err:?}");
    }
}

#[test]
fn corrupt_compressed_pixels_are_reported_as_such() {
    let original = sample(8, 10, 10).to_bytes();
    let pixels_at = 32 + 20 + 4;
    // Garbage in the Brotli stream (with a valid CRC), and a stream cut short.
    let mut garbled = original.clone();
    for byte in &mut garbled[pixels_at..pixels_at + 8] {
        *byte ^= 0xa5;
    }
    reseal(&mut garbled);
    let err = Asset::from_bytes(&garbled).unwrap_err();
    assert!(matches!(err, AssetError::BadPixels(_)), "{err:?}");
    assert!(err.to_string().contains("corrupt"), "{err}");

    let pixels_len = original.len() - pixels_at - 4;
    let mut short = original[..pixels_at + pixels_len / 2].to_vec();
    short[pixels_at - 4..pixels_at].copy_from_slice(&((pixels_len / 2) as u32).to_le_bytes());
    short.extend_from_slice(&[0; 4]);
    reseal(&mut short);
    let err = Asset::from_bytes(&short).unwrap_err();
    assert!(matches!(err, AssetError::BadPixels(_)), "{err:?}");
}

#[test]
fn impossible_header_fields_are_rejected() {
    let original = sample(8, 10, 10).to_bytes();
    // side 7, channels 4, classes 11, zero train images, counts that overflow.
    for (offset, value) in [(12, 7u32), (16, 4), (20, 11), (24, 0), (24, u32::MAX)] {
        let mut bytes = original.clone();
        bytes[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
        let err = Asset::from_bytes(&bytes).unwrap_err();
        assert!(
            matches!(err, AssetError::BadHeader(_) | AssetError::BadLength { .. }),
            "field at {offset} = {value}: {err:?}"
        );
    }
}

#[test]
fn sizes_that_disagree_with_the_length_are_rejected() {
    let mut bytes = sample(8, 10, 10).to_bytes();
    bytes[24..28].copy_from_slice(&11u32.to_le_bytes());
    let err = Asset::from_bytes(&bytes).unwrap_err();
    assert!(matches!(err, AssetError::BadLength { .. }), "{err:?}");
}

#[test]
fn a_flipped_bit_fails_the_checksum() {
    let mut bytes = sample(8, 10, 10).to_bytes();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x10;
    assert!(matches!(
        Asset::from_bytes(&bytes),
        Err(AssetError::BadChecksum { .. })
    ));
}

#[test]
fn labels_out_of_range_are_rejected() {
    let mut bytes = sample(8, 10, 10).to_bytes();
    bytes[32 + 10 + 3] = 10; // fourth test label
    reseal(&mut bytes);
    let err = Asset::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err,
        AssetError::BadLabel {
            split: "test",
            index: 3,
            label: 10
        }
    );
}

/// The fuzzer's seed inputs (`fuzz/seeds/asset/`): the `valid-*` ones parse, the others
/// are refused with a typed error. Crashes the fuzzer finds are added there as regressions.
#[test]
fn fuzz_seeds_and_regressions_parse_or_fail_cleanly() {
    let dir = std::path::Path::new("fuzz/seeds/asset");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("fuzz/seeds/asset exists") {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parsed = Asset::from_bytes(&bytes);
        if name.starts_with("valid-") {
            let asset = parsed.unwrap_or_else(|e| panic!("{name}: {e}"));
            let again = Asset::from_bytes(&asset.to_bytes());
            assert_eq!(again.as_ref(), Ok(&asset), "{name} round-trips");
        } else {
            assert!(parsed.is_err(), "{name} should be refused");
        }
        seen += 1;
    }
    assert!(seen >= 4, "only {seen} seeds");
}
