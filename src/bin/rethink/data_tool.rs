//! `rethink data`: official CIFAR-10 tarball -> downsampled, class-balanced asset.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use md5::{Digest, Md5};
use rethink::data::asset::{Asset, MAX_TEST, MAX_TRAIN, SIDES};
use rethink::data::cifar::{self, OFFICIAL_MD5, OFFICIAL_URL};
use rethink::data::downsample::{balanced_subset, downsample};

/// Where the shared offline copy lives on the project's development machines.
const SHARED_TARBALL: &str = "../shared/cifar10/cifar-10-binary.tar.gz";

/// The default subset, which the page loads: its path, image side and counts.
pub const DEFAULT_ASSET: &str = "www/data/cifar10-16px.bin";
const DEFAULT_SIDE: usize = 16;
const DEFAULT_TRAIN: usize = 5000;
const DEFAULT_TEST: usize = 1000;

/// Options of `rethink data`.
#[derive(Args)]
pub struct DataArgs {
    /// The CIFAR-10 binary tarball. Default: $RETHINK_CIFAR_TARBALL, else ../shared's
    /// copy if present, else the cached download, else a download from the official site.
    #[arg(long)]
    tarball: Option<PathBuf>,
    /// Image side in pixels after downsampling: 8, 16 or 32.
    #[arg(long, default_value_t = DEFAULT_SIDE, value_parser = parse_side)]
    side: usize,
    /// Training images (class-balanced, a multiple of 10, at most 50000).
    #[arg(long, default_value_t = DEFAULT_TRAIN, value_parser = parse_count::<MAX_TRAIN>)]
    train: usize,
    /// Test images (class-balanced, a multiple of 10, at most 10000).
    #[arg(long, default_value_t = DEFAULT_TEST, value_parser = parse_count::<MAX_TEST>)]
    test: usize,
    /// Output file, written atomically.
    #[arg(long, default_value = DEFAULT_ASSET)]
    out: PathBuf,
    /// Leave the output alone if it already is a valid asset of this format version with
    /// this side and these counts (set-up scripts: build once, rebuild after a format change).
    #[arg(long)]
    keep_valid: bool,
}

/// Whether `path` already holds a valid asset with the requested side and counts.
fn is_current(path: &Path, args: &DataArgs) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    match Asset::from_bytes(&bytes) {
        Ok(asset) => {
            (asset.side, asset.train.len(), asset.test.len()) == (args.side, args.train, args.test)
        }
        Err(e) => {
            eprintln!("{} will be rebuilt: {e}", path.display());
            false
        }
    }
}

fn parse_side(text: &str) -> Result<usize, String> {
    let side: usize = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    SIDES
        .contains(&side)
        .then_some(side)
        .ok_or(format!("side must be one of {SIDES:?}"))
}

fn parse_count<const MAX: usize>(text: &str) -> Result<usize, String> {
    let n: usize = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if n == 0 || n > MAX || !n.is_multiple_of(10) {
        return Err(format!("must be a positive multiple of 10, at most {MAX}"));
    }
    Ok(n)
}

/// Builds the default subset (5,000 + 1,000 images at 16 px) at `out`, finding or
/// downloading the tarball as `rethink data` does (used when a run's asset is missing).
#[cfg(feature = "train")]
pub fn build_default(out: &Path) -> Result<(), String> {
    run(DataArgs {
        tarball: None,
        side: DEFAULT_SIDE,
        train: DEFAULT_TRAIN,
        test: DEFAULT_TEST,
        out: out.to_path_buf(),
        keep_valid: false,
    })
}

/// Reads and validates the asset at `path`; builds the default subset there first when the
/// file does not exist (`rethink train`, `figure1`, `theorem1`, `min-norm`).
#[cfg(feature = "train")]
pub fn load_or_build(path: &Path) -> Result<Asset, String> {
    if !path.exists() {
        eprintln!(
            "{} does not exist: building the default subset from the CIFAR-10 tarball",
            path.display()
        );
        build_default(path)?;
    }
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "cannot read {}: {e} (build it with `rethink data`)",
            path.display()
        )
    })?;
    Asset::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs the data tool.
pub fn run(args: DataArgs) -> Result<(), String> {
    if args.keep_valid && is_current(&args.out, &args) {
        eprintln!("{} is up to date", args.out.display());
        return Ok(());
    }
    let tarball = locate_tarball(args.tarball)?;
    let file =
        File::open(&tarball).map_err(|e| format!("cannot open {}: {e}", tarball.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    eprintln!("reading {}", tarball.display());
    let bar = byte_bar(size, "decompressing");
    let dataset =
        cifar::read_tarball(bar.wrap_read(BufReader::new(file))).map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    let mut train = balanced_subset(&dataset.train, args.train);
    let mut test = balanced_subset(&dataset.test, args.test);
    train.pixels = downsample(&train.pixels, args.side);
    test.pixels = downsample(&test.pixels, args.side);
    let asset = Asset {
        side: args.side,
        train,
        test,
    };
    let bytes = asset.to_bytes();
    write_atomically(&args.out, &bytes)?;
    eprintln!(
        "wrote {} ({} bytes): {} train + {} test images, {}x{} px",
        args.out.display(),
        bytes.len(),
        args.train,
        args.test,
        args.side,
        args.side
    );
    Ok(())
}

/// Picks the tarball: the flag, the env var, the shared copy, the cache, or a download.
fn locate_tarball(flag: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(path) =
        flag.or_else(|| std::env::var_os("RETHINK_CIFAR_TARBALL").map(PathBuf::from))
    {
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("no tarball at {}", path.display()))
        };
    }
    let shared = PathBuf::from(SHARED_TARBALL);
    if shared.is_file() {
        eprintln!(
            "using the offline copy at {SHARED_TARBALL} (structure is validated; its md5 differs from the official file by design)"
        );
        return Ok(shared);
    }
    let cache = cache_dir().join("cifar-10-binary.tar.gz");
    if !cache.is_file() {
        download(OFFICIAL_URL, &cache)?;
    }
    Ok(cache)
}

fn cache_dir() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or(home.join(".cache"))
        .join("rethink")
}

/// Downloads `url` to `dest`, checking the official MD5 before the file appears.
fn download(url: &str, dest: &Path) -> Result<(), String> {
    eprintln!("downloading {url}");
    let mut response = ureq::get(url)
        .call()
        .map_err(|e| format!("download of {url} failed: {e}"))?;
    let total = response.body().content_length().unwrap_or(0);
    let bar = byte_bar(total, "downloading");
    let mut reader = bar.wrap_read(response.body_mut().as_reader());
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| format!("download of {url} failed: {e}"))?;
    bar.finish_and_clear();
    let digest = md5_hex(&bytes);
    if digest != OFFICIAL_MD5 {
        return Err(format!(
            "downloaded file has md5 {digest}, expected {OFFICIAL_MD5}; nothing was kept"
        ));
    }
    write_atomically(dest, &bytes)
}

/// Lowercase hex MD5 of `bytes`.
pub fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place, so a
/// failure never leaves a partial file at `path`.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    tmp.write_all(bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // Temporary files are private (0600); the asset is served to browsers, so make it
    // readable like any other file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = std::fs::Permissions::from_mode(0o644);
        tmp.as_file()
            .set_permissions(readable)
            .map_err(|e| format!("cannot chmod {}: {e}", path.display()))?;
    }
    tmp.persist(path)
        .map_err(|e| format!("cannot move into {}: {e}", path.display()))?;
    Ok(())
}

fn byte_bar(total: u64, label: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template(
        "{msg:>13} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    )
    .expect("valid template")
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(label);
    bar
}
