//! The preview's HTTP side (tiny_http): the page, the status, the SVGs, the glyphs, the
//! pictures, and server-sent events. Only requests whose `Host` (and `Origin`, when sent) name
//! this server are answered, so a web page elsewhere cannot read the edition through the
//! browser (DNS rebinding, cross-site fetches).

use std::io::Write;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tiny_http::{Header, Request, Response};

use super::state::State;

/// The state and the bell rung after each rebuild.
pub(crate) type Shared = Arc<(Mutex<State>, Condvar)>;

const CLIENT: &str = include_str!("client.html");

/// Answer requests until the server is dropped. `hosts` are the `Host` values accepted
/// (`127.0.0.1:7077`, `localhost:7077`).
pub(crate) fn serve(server: Arc<tiny_http::Server>, shared: Shared, hosts: Arc<Vec<String>>) {
    for request in server.incoming_requests() {
        let shared = shared.clone();
        let hosts = hosts.clone();
        // A thread per request: an SSE stream holds its thread for as long as the tab is open.
        std::thread::spawn(move || handle(request, &shared, &hosts));
    }
}

/// A response header; every one used here is an ASCII constant, which always parses.
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| Header {
        field: "X-Paiban".parse().unwrap_or_else(|()| unreachable!()),
        value: Default::default(),
    })
}

fn allowed(request: &Request, hosts: &[String]) -> bool {
    let get = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let host_ok = get("Host").is_some_and(|h| hosts.contains(&h));
    let origin_ok = get("Origin").is_none_or(|o| hosts.iter().any(|a| o == format!("http://{a}")));
    host_ok && origin_ok
}

fn handle(request: Request, shared: &Shared, hosts: &[String]) {
    if !allowed(&request, hosts) {
        let _ = request.respond(
            Response::from_string("forbidden: foreign Host or Origin").with_status_code(403),
        );
        return;
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let text = |body: String, kind: &str| {
        Response::from_string(body).with_header(header("Content-Type", kind))
    };
    let immutable = header("Cache-Control", "public, max-age=31536000, immutable");
    let result = match path {
        "/" => {
            let body = first_view(&lock(shared));
            request.respond(
                text(body, "text/html; charset=utf-8")
                    .with_header(header("Cache-Control", "no-store")),
            )
        }
        "/status.json" => {
            let body = lock(shared).status().to_string();
            request.respond(
                text(body, "application/json").with_header(header("Cache-Control", "no-store")),
            )
        }
        "/glyphs" => {
            let from = query
                .strip_prefix("from=")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let body = lock(shared).renderer.glyph_defs_since(from);
            request.respond(
                text(body, "image/svg+xml").with_header(header("Cache-Control", "no-store")),
            )
        }
        "/events" => {
            events(request, shared);
            return;
        }
        _ => {
            if let Some(svg) = page_svg(path, shared) {
                request.respond(text(svg.to_string(), "image/svg+xml").with_header(immutable))
            } else if let Some(png) = picture(path, shared) {
                request.respond(
                    Response::from_data(png.to_vec())
                        .with_header(header("Content-Type", "image/png"))
                        .with_header(immutable),
                )
            } else {
                request.respond(Response::from_string("not found").with_status_code(404))
            }
        }
    };
    let _ = result;
}

/// The page with the current pages, glyphs and status built in.
fn first_view(state: &State) -> String {
    let pages: String = state.pages.iter().map(|p| p.svg.as_str()).collect();
    // `</` cannot end the script early: JSON escapes nothing there, so escape it here.
    let status = state.status().to_string().replace("</", "<\\/");
    CLIENT
        .replacen("<!--GLYPHS-->", &state.renderer.glyph_defs_since(0), 1)
        .replacen("<!--PAGES-->", &pages, 1)
        .replacen("/*STATUS*/null", &status, 1)
}

/// The preview's state, locked.
pub(super) fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    // A panic while holding the lock leaves the state as it was: keep serving it.
    shared
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `/page/{n}/{hash}.svg`.
fn page_svg(path: &str, shared: &Shared) -> Option<Arc<String>> {
    let rest = path.strip_prefix("/page/")?;
    let (n, file) = rest.split_once('/')?;
    let n: u32 = n.parse().ok()?;
    let hash = u64::from_str_radix(file.strip_suffix(".svg")?, 16).ok()?;
    let state = lock(shared);
    state
        .pages
        .iter()
        .find(|p| p.number == n && p.hash == hash)
        .map(|p| p.svg.clone())
}

/// `/img/{key}.png`.
fn picture(path: &str, shared: &Shared) -> Option<Arc<Vec<u8>>> {
    let key = path.strip_prefix("/img/")?.strip_suffix(".png")?;
    let key = u64::from_str_radix(key, 16).ok()?;
    lock(shared).renderer.linked_picture(key)
}

/// `/events`: one `update` event (the status) now and after every rebuild, a comment every
/// 15 s to keep proxies and the browser from giving up. The headers are written by hand:
/// the stream must not be chunked or buffered.
fn events(request: Request, shared: &Shared) {
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if out.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = 0;
    loop {
        let message = {
            let mut state = lock(shared);
            if state.generation == seen {
                let (guard, _) = shared
                    .1
                    .wait_timeout(state, Duration::from_secs(15))
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                state = guard;
            }
            if state.generation == seen {
                None
            } else {
                seen = state.generation;
                Some(state.status().to_string())
            }
        };
        let frame = match message {
            Some(json) => format!("id: {seen}\nevent: update\ndata: {json}\n\n"),
            None => ": still here\n\n".to_string(),
        };
        if out
            .write_all(frame.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}
