//! `paiban watch` driven over HTTP, as a browser drives it, and looked at by a real browser
//! (headless Chromium) where one is installed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::common;

/// A `paiban watch` on a free port, stopped (by its pid) when dropped.
struct Watch {
    child: Child,
    port: u16,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(edition: &Path) -> Watch {
    start_in(Path::new("."), edition)
}

/// `paiban watch EDITION` started in folder `cwd`.
fn start_in(cwd: &Path, edition: &Path) -> Watch {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(cwd)
        .args(["watch", "--port", "0"])
        .arg(edition)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    Watch { child, port }
}

/// A GET with the given Host header: (status code, body).
fn get_as(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // Read the head, then exactly Content-Length bytes (the server may keep the connection).
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let length = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())
                .flatten()
        })
        .unwrap_or(0);
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let mut bytes = vec![0; length];
    reader.read_exact(&mut bytes).unwrap();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
        }
    }
    let body = String::from_utf8_lossy(&bytes).into_owned();
    (code, body)
}

fn get(port: u16, path: &str) -> String {
    let (code, body) = get_as(port, path, &format!("127.0.0.1:{port}"));
    assert_eq!(code, 200, "GET {path}");
    body
}

fn status(port: u16) -> serde_json::Value {
    serde_json::from_str(&get(port, "/status.json")).unwrap()
}

/// Poll the status until `done` holds (builds in a debug binary take a while).
fn wait_for(port: u16, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let start = Instant::now();
    loop {
        let s = status(port);
        if s["generation"].as_u64().unwrap_or(0) > 0 && done(&s) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "timed out waiting for {what}: {s}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn sample_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paiban-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(
        &root.join("samples/dongchang-1461"),
        &dir.join("samples/dongchang-1461"),
    );
    common::copy_dir(&root.join("layouts"), &dir.join("layouts"));
    dir.join("samples/dongchang-1461/edition.yaml")
}

fn page_hashes(s: &serde_json::Value) -> Vec<String> {
    s["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["hash"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_edit_rebuilds_only_its_pages_and_a_bad_edit_keeps_the_last_good_ones() {
    let edition = sample_copy("edit");
    let watch = start(&edition);
    let port = watch.port;
    let first = wait_for(port, "the first build", |s| s["ok"] == true);
    let index = get(port, "/");
    assert!(index.contains("<svg") && index.contains("EventSource"));
    // A foreign Host or Origin is refused (DNS rebinding, other sites' scripts).
    assert_eq!(get_as(port, "/status.json", "evil.example:80").0, 403);
    let before = page_hashes(&first);
    assert_eq!(before.len(), 4);

    // An article on page 3 only: page 3 changes, the others are not redrawn.
    let article = edition.with_file_name("articles/p3-reporter-notes.md");
    let text = std::fs::read_to_string(&article).unwrap();
    let (front, body) = text.rsplit_once("\n---\n").unwrap();
    std::fs::write(
        &article,
        format!("{front}\n---\n编者按：看得见的改动。\n\n{body}"),
    )
    .unwrap();
    let generation = first["generation"].as_u64().unwrap();
    // The rebuild, with the new text in page 3's SVG (each glyph run carries its text, and
    // the lines join back into the paragraph).
    let text_of = |s: &serde_json::Value| {
        let svg = get(port, s["pages"][2]["svg"].as_str().unwrap());
        svg.split("aria-label=\"")
            .skip(1)
            .filter_map(|r| r.split('"').next())
            .collect::<String>()
    };
    let edited = wait_for(port, "the rebuild with the new text", |s| {
        s["generation"].as_u64().unwrap() > generation && text_of(s).contains("看得见的改动")
    });
    assert_eq!(edited["ok"], true, "{edited}");
    let after = page_hashes(&edited);
    let changed: Vec<usize> = (0..4)
        .filter(|&i| before[i] != after[i])
        .map(|i| i + 1)
        .collect();
    assert_eq!(changed, [3], "pages redrawn");
    assert_eq!(edited["pages"][0]["drawn"], first["pages"][0]["drawn"]);

    // A YAML error: the error shows with its line, the pages stay.
    let plan = edition.with_file_name("page-2.yaml");
    let good_plan = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, good_plan.replacen("blocks:", "blocks: [", 1)).unwrap();
    let generation = edited["generation"].as_u64().unwrap();
    let broken = wait_for(port, "the failed build", |s| {
        s["generation"].as_u64().unwrap() > generation
    });
    assert_eq!(broken["ok"], false);
    assert_eq!(page_hashes(&broken), after, "the last good pages stay");
    let errors = broken["diagnostics"].as_array().unwrap();
    assert!(
        errors.iter().any(|d| d["location"]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("page-2.yaml"))
            && d["location"]["line"].as_u64().is_some()),
        "no error located in page-2.yaml: {broken}"
    );

    // Fixed: the error clears.
    std::fs::write(&plan, good_plan).unwrap();
    let generation = broken["generation"].as_u64().unwrap();
    let fixed = wait_for(port, "the fixed build", |s| {
        s["generation"].as_u64().unwrap() > generation
    });
    assert_eq!(fixed["ok"], true, "{fixed}");
    assert_eq!(page_hashes(&fixed), after);
}

/// As an editor types it: `paiban watch edition.yaml` in the edition's folder. The watcher
/// reports absolute paths; a relative edition path once matched none of them, so no save was
/// ever seen.
#[test]
fn a_save_is_seen_when_the_edition_is_named_relative_to_the_working_folder() {
    let edition = sample_copy("relative");
    let folder = edition.parent().unwrap();
    let watch = start_in(folder, Path::new("edition.yaml"));
    let first = wait_for(watch.port, "the first build", |s| s["ok"] == true);
    let generation = first["generation"].as_u64().unwrap();
    // Rewritten as a new file renamed over the old one, as sed -i and many editors save.
    let plan = folder.join("page-2.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let broken = text.replacen("size: [4, 29]", "size: [oops, 29]", 1);
    assert_ne!(broken, text, "the plan changed: update the test's edit");
    let temporary = folder.join(".page-2.yaml.new");
    std::fs::write(&temporary, broken).unwrap();
    std::fs::rename(&temporary, &plan).unwrap();
    let after = wait_for(watch.port, "the rebuild after the save", |s| {
        s["generation"].as_u64().unwrap_or(0) > generation
    });
    assert_eq!(after["ok"], false, "{after}");
    assert!(after.to_string().contains("page-2.yaml"), "{after}");
}

#[test]
fn the_preview_in_chromium_shows_the_page() {
    if !common::have("chromium") {
        return;
    }
    let edition = sample_copy("chromium");
    let watch = start(&edition);
    wait_for(watch.port, "the first build", |s| s["ok"] == true);
    let dir = edition.parent().unwrap().join("chromium");
    std::fs::create_dir_all(&dir).unwrap();
    let shot = dir.join("preview.png");
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--window-size=1600,1000",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("http://127.0.0.1:{}/", watch.port))
        .output()
        .unwrap();
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&shot).unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let px = |x: usize, y: usize| &buf[(y * w + x) * channels..(y * w + x) * channels + 3];
    // The first page sits at the top left, on its white paper: find the paper, then the ink
    // on it (the masthead and the body text are dark, the gray desk around is not).
    let (mut paper, mut ink) = (0usize, 0usize);
    for y in h / 10..h {
        for x in 0..w * 5 / 10 {
            let p = px(x, y);
            let gray = (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3;
            if gray > 245 {
                paper += 1;
            } else if gray < 120 && !(p[0] == p[1] && p[1] == p[2] && (100..=110).contains(&p[0])) {
                ink += 1;
            }
        }
    }
    let area = (w * 5 / 10 * (h - h / 10)) as f64;
    eprintln!(
        "preview screenshot {}: paper {:.1}%, ink {:.1}%",
        shot.display(),
        100.0 * paper as f64 / area,
        100.0 * ink as f64 / area
    );
    assert!(paper as f64 > 0.3 * area, "no page on screen");
    assert!(ink as f64 > 0.03 * area, "the page shows no text");
}
