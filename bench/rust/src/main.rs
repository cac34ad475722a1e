//! Parser benchmark, Rust side (issue 9): the crate `sse-stream` against libsse's C
//! parser called through FFI, both handing the user owned `String`s, on one corpus
//! held in memory, at 64 KiB and 64-byte feeds.
//!
//! Usage: libsse-bench-rust CORPUS_FILE [REPETITIONS] [CUT_SECONDS]
//!
//! Each measurement is the fastest of REPETITIONS runs (default 3), the two
//! implementations taking turns. A run that takes longer than CUT_SECONDS (default 20)
//! is stopped and reported as cut (and not run again). One line each,
//! in bench/run's result-line format (MB = 10^6 bytes):
//!   libsse-rust-64B events=N bytes=B seconds=S events_per_sec=X mb_per_sec=Y
//!   sse-stream-64B cut=1 seconds=S bytes_done=B
use std::hint::black_box;
use std::time::{Duration, Instant};

mod libsse;
mod peer;

/// What the user callback saw; equal across implementations and chunk sizes.
#[derive(Default, PartialEq, Debug)]
pub struct Tally {
    events: u64,
    data_bytes: u64,
}

impl Tally {
    /// The user's side of one event: it owns the three strings and reads the data.
    pub fn event(&mut self, kind: Option<String>, id: Option<String>, data: Option<String>) {
        self.events += 1;
        self.data_bytes += data.as_ref().map_or(0, |d| d.len() as u64);
        black_box((kind, id, data));
    }
}

pub struct Deadline(Instant);

impl Deadline {
    pub fn passed(&self) -> bool {
        Instant::now() >= self.0
    }
}

type Runner = fn(&[u8], usize, &mut Tally, &Deadline) -> bool;

fn label(chunk: usize) -> &'static str {
    if chunk == 65536 { "64K" } else { "64B" }
}

/// One implementation's best run so far, or where it was cut.
struct Best {
    name: &'static str,
    run: Runner,
    seconds: f64,
    cut: Option<(f64, u64)>,
    tally: Tally,
}

/// Best of `reps` runs of each implementation, taken in turns (ours, peer, ours, ...)
/// so that on a shared machine both see the same load; prints one result line each.
/// Returns whether every finished implementation saw the same events.
fn measure(impls: [(&'static str, Runner); 2], corpus: &[u8], chunk: usize, reps: u32, cut: Duration) -> bool {
    let mut best: Vec<Best> = impls
        .iter()
        .map(|&(name, run)| Best { name, run, seconds: f64::INFINITY, cut: None, tally: Tally::default() })
        .collect();
    for _ in 0..reps {
        for b in best.iter_mut().filter(|b| b.cut.is_none()) {
            let mut tally = Tally::default();
            let start = Instant::now();
            let finished = (b.run)(corpus, chunk, &mut tally, &Deadline(start + cut));
            let seconds = start.elapsed().as_secs_f64();
            if !finished {
                b.cut = Some((seconds, tally.events));
            } else if seconds < b.seconds {
                b.seconds = seconds;
            }
            b.tally = tally;
        }
    }
    let bytes = corpus.len();
    for b in &best {
        match b.cut {
            Some((seconds, done)) => {
                println!("{}-{} cut=1 seconds={seconds:.6} events_done={done}", b.name, label(chunk))
            }
            None => println!(
                "{}-{} events={} bytes={bytes} seconds={:.6} events_per_sec={:.0} mb_per_sec={:.1}",
                b.name,
                label(chunk),
                b.tally.events,
                b.seconds,
                b.tally.events as f64 / b.seconds,
                bytes as f64 / b.seconds / 1e6
            ),
        }
    }
    let finished: Vec<&Best> = best.iter().filter(|b| b.cut.is_none()).collect();
    let agree = finished.windows(2).all(|w| w[0].tally == w[1].tally);
    if !agree {
        eprintln!("at {} the implementations saw different events: {:?}", label(chunk),
                  finished.iter().map(|b| (b.name, &b.tally)).collect::<Vec<_>>());
    }
    agree
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 || args.len() > 4 {
        eprintln!("usage: {} CORPUS_FILE [REPETITIONS] [CUT_SECONDS]", args[0]);
        std::process::exit(2);
    }
    let corpus = std::fs::read(&args[1]).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[1]);
        std::process::exit(1)
    });
    let reps: u32 = args.get(2).map_or(3, |s| s.parse().expect("REPETITIONS: a number"));
    let cut = Duration::from_secs_f64(args.get(3).map_or(20.0, |s| s.parse().expect("CUT_SECONDS: a number")));

    let mut agree = true;
    for chunk in [65536, 64] {
        let impls = [("libsse-rust", libsse::run as Runner), ("sse-stream", peer::run as Runner)];
        agree &= measure(impls, &corpus, chunk, reps, cut);
    }
    std::process::exit(if agree { 0 } else { 1 });
}
