//! Fuzzes the data asset reader (`src/data/asset.rs`): any bytes must give `Ok` or a typed
//! error, never a panic, and what it accepts must write back to an asset that reads the same.
//! Run: `cargo +nightly fuzz run asset` in `fuzz/` (see the README).
#![no_main]

#[path = "../../src/data/asset.rs"]
#[allow(dead_code)]
mod asset;
#[path = "../../src/data/pixel_codec.rs"]
#[allow(dead_code)]
mod pixel_codec;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check(data);
    // Random bytes almost never carry a valid CRC-32, which would stop the reader at the
    // trailer: also try them with a correct one, so the header and size checks are reached.
    if data.len() >= 4 {
        let mut fixed = data.to_vec();
        let body = fixed.len() - 4;
        let crc = crc32fast::hash(&fixed[..body]);
        fixed[body..].copy_from_slice(&crc.to_le_bytes());
        check(&fixed);
    }
});

fn check(bytes: &[u8]) {
    if let Ok(parsed) = asset::Asset::from_bytes(bytes) {
        // Brotli may encode the same pixels in other bytes: compare what they read as.
        assert_eq!(
            asset::Asset::from_bytes(&parsed.to_bytes()).as_ref(),
            Ok(&parsed),
            "an accepted asset must round-trip"
        );
        for split in [&parsed.train, &parsed.test] {
            assert_eq!(split.pixels.len(), split.labels.len() * parsed.image_len());
            assert!(split.labels.iter().all(|&l| (l as usize) < asset::CLASSES));
        }
    }
}
