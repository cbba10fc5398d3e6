//! The one worker pool: independent jobs mapped over a given number of threads. A leaf module
//! every stage may use; layout (articles, page furniture) and pdf (font subsets, compressed
//! streams) run their jobs on it.
//!
//! The caller says how many threads (the command line's `--threads`); nothing here reads the
//! environment. Results come back in the order of the jobs, whatever the thread count and
//! whichever thread ran a job, so the output does not depend on either.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `work` over `jobs` on up to `threads` threads (0 and 1 both mean this thread alone); the
/// results in `jobs` order. Jobs start in decreasing order of `cost`, and each thread takes the
/// next job not yet taken, so a long job is not left to the end while the other threads idle.
/// The cost is only a guess at the work: any guess gives the same results, only sooner or later.
pub fn map<T: Sync, R: Send>(
    threads: usize,
    jobs: &[T],
    cost: impl Fn(&T) -> usize,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    map_with(threads, jobs, cost, || (), |(), job| work(job))
}

/// [`map`] with a state of each thread's own, made by `state` once on every thread that runs
/// a job and handed to each job it runs: a clone of something the jobs change as they go (a
/// renderer's caches), or buffers a job leaves for the next one, so that a thread's second job
/// reuses memory its first one touched instead of fresh pages. The state must not change the
/// results (which thread runs which job depends on timing).
pub fn map_with<T: Sync, S, R: Send>(
    threads: usize,
    jobs: &[T],
    cost: impl Fn(&T) -> usize,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(jobs.len());
    if threads <= 1 {
        let mut mine = state();
        return jobs.iter().map(|job| work(&mut mine, job)).collect();
    }
    let order = start_order(jobs, cost);
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut mine = Vec::new();
        let mut own = None;
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let own = own.get_or_insert_with(&state);
            mine.push((i, work(own, &jobs[i])));
        }
        mine
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut all = worker();
        for helper in helpers {
            // A worker only panics if `work` does: raise it here rather than lose results.
            match helper.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `work` over each of many small `items` on up to `threads` threads, the items dealt in chunks
/// of a quarter of a thread's share (one job per item would cost more in dealing than in work;
/// quarters still even out chunks of uneven items); the results in `items` order.
pub fn map_each<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    map_chunks(threads, items, |chunk| chunk.iter().map(&work).collect())
}

/// [`map_each`] with the work given a whole chunk at a time, for work that sets something up
/// once per chunk (a font's glyph table parsed once for the glyphs of the chunk); `work` must
/// give one result per item of its chunk, in order.
pub fn map_chunks<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    work: impl Fn(&[T]) -> Vec<R> + Sync,
) -> Vec<R> {
    let size = items.len().div_ceil(threads.max(1) * 4).max(1);
    let chunks: Vec<&[T]> = items.chunks(size).collect();
    map(threads, &chunks, |c| c.len(), |chunk| work(chunk))
        .into_iter()
        .flatten()
        .collect()
}

/// The indices of `jobs`, costliest first; equal costs keep their input order. Each cost is
/// worked out once (a sort asks for a key at every comparison, and a cost may walk a page).
fn start_order<T>(jobs: &[T], cost: impl Fn(&T) -> usize) -> Vec<usize> {
    let costs: Vec<usize> = jobs.iter().map(cost).collect();
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(costs[i]));
    order
}

/// `work` on a thread of its own that yields the cores to every other thread of the process:
/// work whose result is wanted only at the end of a run (the ink check's photo decoding) fills
/// the moments the pool leaves a core idle instead of taking turns with the pool's jobs.
pub fn spawn_background<R: Send + 'static>(
    work: impl FnOnce() -> R + Send + 'static,
) -> std::thread::JoinHandle<R> {
    std::thread::spawn(move || {
        lower_priority();
        work()
    })
}

/// `value` dropped on a thread of its own, not waited for: what a finished stage leaves (an
/// e-paper's renderer holds thousands of glyph outlines and masks) is let go while the build
/// writes its files, instead of keeping a core busy freeing it while the other idles. If no
/// thread can be started it is dropped here.
pub fn drop_beside<T: Send + 'static>(value: T) {
    // The closure, and `value` with it, drops here when the thread cannot start.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Nice value of [`spawn_background`]'s threads. Not 19: on a loaded machine (a CI runner
/// running tests side by side) a thread at 19 gets about 1% of a core against each busy one,
/// and the build waiting for it would wait long; at 10 it gets about a tenth.
#[cfg(target_os = "linux")]
const BACKGROUND_NICE: libc::c_int = 10;

/// Lower the calling thread's priority (on Linux a nice value is a thread's, not the
/// process's); elsewhere the thread keeps its priority and only shares the cores evenly.
#[allow(unsafe_code, reason = "setpriority(2); see the SAFETY note")]
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes three integers and touches no memory of the process; with
    // `who` 0 it changes the calling thread alone. Its failure leaves the priority as it was,
    // which is only slower.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, BACKGROUND_NICE);
    }
}

/// The number of threads the machine offers (the default of `--threads`).
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_each_gives_every_item_once_in_order() {
        let items: Vec<usize> = (0..37).collect();
        for threads in [0, 1, 2, 3, 8] {
            let squares = map_each(threads, &items, |&i| i * i);
            assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        }
        assert!(map_each(4, &[] as &[usize], |&i| i).is_empty());
    }

    #[test]
    fn results_come_back_in_job_order_for_any_thread_count() {
        let jobs: Vec<usize> = (0..50).collect();
        let expected: Vec<usize> = jobs.iter().map(|n| n * n).collect();
        for threads in [0, 1, 2, 3, 8, 100] {
            let squares = map(threads, &jobs, |&n| n % 7, |&n| n * n);
            assert_eq!(squares, expected, "{threads} threads");
        }
    }

    #[test]
    fn each_thread_keeps_its_own_state_from_job_to_job() {
        let jobs: Vec<usize> = (0..40).collect();
        for threads in [1, 2, 4] {
            // Each thread counts the jobs it ran in its own state: a count of one marks a
            // thread's first job, so there are as many as threads that ran jobs (at least
            // one, at most `threads`), and every result is the job's own whatever its thread
            // had run before.
            let made = map_with(
                threads,
                &jobs,
                |_| 1,
                || 0_usize,
                |ran, &n| {
                    *ran += 1;
                    (n * 3, *ran)
                },
            );
            assert_eq!(
                made.iter().map(|m| m.0).collect::<Vec<_>>(),
                jobs.iter().map(|n| n * 3).collect::<Vec<_>>()
            );
            let firsts = made.iter().filter(|m| m.1 == 1).count();
            assert!(
                (1..=threads).contains(&firsts),
                "{threads} threads: {firsts}"
            );
        }
    }

    #[test]
    fn the_costliest_jobs_start_first_and_ties_keep_their_order() {
        let costs = [3_usize, 90, 5, 40, 5];
        assert_eq!(start_order(&costs, |&c| c), [1, 3, 2, 4, 0]);
    }

    #[test]
    fn no_jobs_give_no_results() {
        let none: Vec<u8> = map(4, &[] as &[u8], |_| 0, |&b| b);
        assert!(none.is_empty());
    }
}
