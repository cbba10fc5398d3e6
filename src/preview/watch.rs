//! The watch loop: build, publish, wait for a save of a file the edition names, debounce,
//! rebuild. Editors save in different ways (in place, or a new file renamed over the old
//! one, which inotify reports on the folder), so the folders are watched and events are
//! matched against the edition's files by path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use super::WatchOptions;
use super::server::{Shared, lock};
use crate::build::{self, BuildOptions, Prepared};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::layout::LayoutOptions;

/// Quiet time after the last event before rebuilding: an editor's save is several events.
const QUIET: Duration = Duration::from_millis(15);
/// Longest wait after the first event, however busy the folder.
const CAP: Duration = Duration::from_millis(100);

pub(crate) fn run(edition: &Path, options: &WatchOptions, shared: &Shared) -> Diagnostics {
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => return Diagnostic::internal(format!("cannot watch files ({e})")).into(),
    };
    // Absolute: the watcher reports absolute paths, and `paiban watch edition.yaml` from the
    // edition's folder would otherwise never match a save.
    let edition = crate::model::normalize(&std::path::absolute(edition).unwrap_or(edition.into()));
    let mut files: BTreeSet<PathBuf> = BTreeSet::from([edition.clone()]);
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        if let Some(read) = rebuild(&edition, options, shared) {
            files = read;
        }
        files.insert(edition.clone());
        let wanted: BTreeSet<PathBuf> = files.iter().map(|f| crate::model::parent(f)).collect();
        for dir in wanted.difference(&folders) {
            // A folder that cannot be watched (removed) is retried after the next build.
            let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
        }
        for dir in folders.difference(&wanted) {
            let _ = watcher.unwatch(dir);
        }
        folders = wanted;
        if !wait_for_change(&rx, &files) {
            return Diagnostics::new();
        }
    }
}

/// Block until one of `files` changes, then until the burst of events is over. `false` when
/// the watcher has gone.
fn wait_for_change(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    files: &BTreeSet<PathBuf>,
) -> bool {
    let relevant = |event: &notify::Result<notify::Event>| {
        event.as_ref().is_ok_and(|e| {
            !matches!(
                e.kind,
                EventKind::Access(notify::event::AccessKind::Open(_))
                    | EventKind::Access(notify::event::AccessKind::Read)
            ) && e
                .paths
                .iter()
                .any(|p| files.contains(&crate::model::normalize(p)))
        })
    };
    loop {
        match rx.recv() {
            Ok(event) if relevant(&event) => break,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    let first = Instant::now();
    while first.elapsed() < CAP {
        match rx.recv_timeout(QUIET.min(CAP.saturating_sub(first.elapsed()))) {
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
    true
}

/// Build and publish; the files the build read, when it got far enough to know them.
fn rebuild(edition: &Path, options: &WatchOptions, shared: &Shared) -> Option<BTreeSet<PathBuf>> {
    let t = Instant::now();
    let layout_options = LayoutOptions {
        show_overset: true,
        threads: crate::pool::available_threads(),
        // The preview's renderer keeps its own pictures from build to build.
        keep_pictures: false,
    };
    let mut timings = Vec::new();
    let result = build::prepare(edition, &options.fonts, layout_options, &mut timings);
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let (read, good) = match result {
        Ok(prepared) => (Some(publish(&prepared, shared, t)), true),
        Err(errors) => (Some(fail(errors, shared, ms)), false),
    };
    shared.1.notify_all();
    if let Some(read) = &read {
        lock(shared).watched = read.clone();
    }
    if let Some(pdf) = options.pdf.as_ref().filter(|_| good) {
        write_pdf(edition, pdf, options);
    }
    read
}

/// Draw the pages that changed and publish them with the build's warnings (problems too: the
/// preview shows overset text as it is written); the files the build read.
fn publish(prepared: &Prepared, shared: &Shared, t: Instant) -> BTreeSet<PathBuf> {
    let mut diagnostics = prepared.input.warnings.clone();
    for mut d in prepared.layout.problems.0.clone() {
        d.severity = Severity::Warning;
        diagnostics.push(d);
    }
    diagnostics.extend(prepared.layout.warnings.clone());
    // Draw with the lock released: the server keeps answering meanwhile.
    let (old, renderer, generation) = {
        let mut state = lock(shared);
        state.next_generation += 1;
        let renderer = std::mem::take(&mut state.renderer);
        (state.pages.clone(), renderer, state.next_generation)
    };
    let drawn = super::state::draw(prepared, &old, renderer, generation);
    lock(shared).publish(drawn, diagnostics, t.elapsed().as_secs_f64() * 1000.0);
    build::input_paths(&prepared.input)
        .into_iter()
        .map(|p| crate::model::normalize(&p))
        .collect()
}

/// Show the failed build's errors beside the last good pages; the files to watch: those
/// watched already and the ones the errors name.
fn fail(errors: Diagnostics, shared: &Shared, ms: f64) -> BTreeSet<PathBuf> {
    // Keep watching what the failed build named too: the file with the error.
    let named = errors
        .iter()
        .filter_map(|d| {
            d.location
                .as_ref()
                .map(|l| crate::model::normalize(&l.file))
        })
        .collect::<Vec<_>>();
    let mut state = lock(shared);
    state.fail(errors, ms);
    let mut read: BTreeSet<PathBuf> = state.watched.clone();
    read.extend(named);
    read
}

/// After a good build, the PDF too (`--pdf`); its errors are printed, the preview goes on.
fn write_pdf(edition: &Path, pdf: &Path, options: &WatchOptions) {
    let outcome = build::build(
        edition,
        &BuildOptions {
            output: Some(pdf.to_path_buf()),
            fonts: options.fonts.clone(),
            ..BuildOptions::default()
        },
    );
    for d in outcome.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{d}");
    }
}
