// Headless Chromium (Debian's, through puppeteer-core) showing the page of
// `sse serve --demo`. Prints a JSON line on stdout, flushed, whenever what the page
// shows changes, for tools/tests/test_browser.py, read from the DOM:
//   {"state": "open", "opens": 1, "ids": [...], "last": [type, id, data], "markup": false}
// (the connection badge, the connection counter, the id of every row in order, the
// newest row with its data cut to 100 characters, and whether any element appeared
// inside the data cells), plus {"paused": true|false} after a command and
// {"page_error": ...} / {"console_error": ...} when the page reports one.
// Commands, one per line on standard input: `pause` pauses the page in the debugger
// (its loader stops taking data, so the socket fills up and the server sees a slow
// consumer), `resume` lets it run on. It runs until standard input closes, saves a
// screenshot if asked, and exits 0.
//
// Usage: node demo_page.mjs PAGE_URL [SCREENSHOT.png]
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const [pageUrl, screenshot] = process.argv.slice(2);
const print = (record) => process.stdout.write(JSON.stringify(record) + "\n");

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
let done = false;
let paused = false;
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => print({ page_error: String(e) }));
  page.on("console", (m) => { if (m.type() === "error") print({ console_error: m.text() }); });
  await page.setViewport({ width: 1100, height: 700 });
  const debuggerSession = await page.createCDPSession();
  await debuggerSession.send("Debugger.enable");
  await page.goto(pageUrl, { waitUntil: "domcontentloaded" });

  const commands = createInterface({ input: process.stdin });
  commands.on("line", async (line) => {
    if (line === "pause") {
      paused = true;
      await debuggerSession.send("Debugger.pause");
    } else if (line === "resume") {
      await debuggerSession.send("Debugger.resume").catch(() => {}); // not paused yet: fine
      paused = false;
    }
    print({ paused });
  });
  commands.on("close", () => { done = true; });

  let last = "";
  while (!done) {
    if (!paused) {
      const view = await page.evaluate(() => {
        const rows = [...document.querySelectorAll("#events tr")];
        const newest = rows[rows.length - 1];
        return {
          state: document.getElementById("state").dataset.state,
          opens: Number(document.getElementById("opens").textContent),
          ids: rows.map((tr) => tr.dataset.id),
          last: newest ? [newest.dataset.type, newest.dataset.id,
                          newest.cells[3].textContent.slice(0, 100)] : null,
          markup: document.querySelector("#events td div *") !== null,
        };
      });
      const text = JSON.stringify(view);
      if (text !== last) {
        process.stdout.write(text + "\n");
        last = text;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: false });
} finally {
  await browser.close();
}
process.exit(0);
