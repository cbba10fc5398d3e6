//! `paiban watch`: the edition rebuilt on every save and shown in a browser.
//!
//! ```text
//! notify ──► watch loop ──► build::prepare ──► State::publish ──► Condvar ──► SSE clients
//! (the files    (debounce:     (model … layout,    (re-render pages       (`update` event,
//!  the edition   15 ms quiet,   no PDF)             whose hash changed)    then the client
//!  names)        100 ms cap)                                               fetches new SVG)
//! ```
//!
//! The server binds 127.0.0.1 unless `--host` names another address, and answers only
//! requests whose `Host`/`Origin` name it. The watch follows exactly the files the last build
//! read (edition, layout, page plans, articles, pictures); a build that fails keeps the last
//! good pages on screen with the error beside them, and the files it could read stay
//! watched, so fixing the error clears it.

mod server;
mod state;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use crate::diag::{Diagnostic, Diagnostics};

/// What `paiban watch` does.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Address to listen on (127.0.0.1 unless given).
    pub host: String,
    /// Port (0: any free port, printed).
    pub port: u16,
    /// Open the preview in the desktop's browser.
    pub open: bool,
    /// Also write the PDF here after every good build.
    pub pdf: Option<PathBuf>,
    /// The font folder.
    pub fonts: crate::fonts::FontFolder,
}

/// Serve the preview until the process is stopped; returns only when it cannot start.
pub fn watch(edition: &Path, options: &WatchOptions) -> Diagnostics {
    let address = format!("{}:{}", options.host, options.port);
    let server = match tiny_http::Server::http(&address) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            return Diagnostic::input(format!("cannot listen on {address} ({e})"))
                .hint("choose another --port, or stop the program using it")
                .into();
        }
    };
    let port = server
        .server_addr()
        .to_ip()
        .map_or(options.port, |a| a.port());
    let mut hosts = vec![format!("{}:{port}", options.host)];
    if options.host == "127.0.0.1" {
        hosts.push(format!("localhost:{port}"));
    }
    let url = format!("http://{}/", hosts[0]);
    let shared: server::Shared = Arc::new((Mutex::new(state::State::default()), Condvar::new()));
    let hosts = Arc::new(hosts);
    {
        let (server, shared, hosts) = (server.clone(), shared.clone(), hosts.clone());
        std::thread::spawn(move || server::serve(server, shared, hosts));
    }
    eprintln!("paiban watch: {url} (Ctrl-C to stop)");
    if options.open {
        // Best effort: a headless machine has no browser to open.
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    watch::run(edition, options, &shared)
}
