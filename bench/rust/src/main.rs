//! Parser benchmark, Rust side (issue 9): the crate `sse-stream` against libsse's C
//! parser called through FFI, both handing the user owned `String`s, on one corpus
//! held in memory, at 64 KiB and 64-byte feeds.
//!
//! Usage: libsse-bench-rust CORPUS_FILE [REPETITIONS] [CUT_SECONDS]
//!
//! Each measurement is the fastest of REPETITIONS runs (default 3). A run that takes
//! longer than CUT_SECONDS (default 20) is stopped and reported as cut. One line each,
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

/// Best of `reps` runs; prints the result line and returns what the last run saw.
fn measure(name: &str, run: Runner, corpus: &[u8], chunk: usize, reps: u32, cut: Duration) -> Option<Tally> {
    let mut best = f64::INFINITY;
    let mut tally = Tally::default();
    for _ in 0..reps {
        tally = Tally::default();
        let start = Instant::now();
        let finished = run(corpus, chunk, &mut tally, &Deadline(start + cut));
        let seconds = start.elapsed().as_secs_f64();
        if !finished {
            println!("{name}-{} cut=1 seconds={seconds:.6} events_done={}", label(chunk), tally.events);
            return None;
        }
        best = best.min(seconds);
    }
    let bytes = corpus.len();
    println!(
        "{name}-{} events={} bytes={bytes} seconds={best:.6} events_per_sec={:.0} mb_per_sec={:.1}",
        label(chunk),
        tally.events,
        tally.events as f64 / best,
        bytes as f64 / best / 1e6
    );
    Some(tally)
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

    let mut disagree = false;
    for chunk in [65536, 64] {
        let ours = measure("libsse-rust", libsse::run, &corpus, chunk, reps, cut);
        let peer = measure("sse-stream", peer::run, &corpus, chunk, reps, cut);
        if let (Some(ours), Some(peer)) = (ours, peer) {
            if ours != peer {
                eprintln!("at {} libsse saw {ours:?}, sse-stream {peer:?}", label(chunk));
                disagree = true;
            }
        }
    }
    std::process::exit(if disagree { 1 } else { 0 });
}
