// Drives the classic Notebook web UI (Debian's jupyter-notebook 6) with gokernel in
// headless Chromium, as a user would: open each notebook of notebooks.json, check the
// gokernel kernel is selected, Cell → Run All, and check in the page that every cell
// ran, images and plots rendered, the tables and the progress bar are there and no
// output shows an error; then interrupt a busy cell with the toolbar's ■ button and
// check the session kept its variables. Screenshots go to SCREENSHOT_DIR.
//
// tests/browser_test.go starts the Notebook server and runs this script with:
//   NOTEBOOK_URL    the server's base URL, e.g. http://127.0.0.1:8888/
//   NOTEBOOK_TOKEN  its token
//   NOTEBOOK_DIR    its notebook directory (a copy of examples/notebooks)
//   SCREENSHOT_DIR  where the screenshots go
//   CHROMIUM        the browser (default /usr/bin/chromium)
//   TIMEOUT_SECONDS the whole run's limit (default 200)
// It exits 0 when everything passed, 1 with FAIL lines when a check failed, 2 on a
// timeout or an unexpected error.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = (name, def) => {
  const v = process.env[name];
  if (v) return v;
  if (def === undefined) {
    console.error(`run.mjs: ${name} is not set`);
    process.exit(2);
  }
  return def;
};
const base = env('NOTEBOOK_URL').replace(/\/?$/, '/');
const token = env('NOTEBOOK_TOKEN');
const nbDir = env('NOTEBOOK_DIR');
const shotDir = env('SCREENSHOT_DIR');
const browserPath = env('CHROMIUM', '/usr/bin/chromium');
const totalTimeout = Number(env('TIMEOUT_SECONDS', '200')) * 1000;

const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const failures = [];
const fail = (nb, msg) => {
  failures.push(`${nb}: ${msg}`);
  console.log(`FAIL ${nb}: ${msg}`);
};

let browser;
const watchdog = setTimeout(async () => {
  console.log(`FAIL: the browser test did not finish within ${totalTimeout / 1000}s`);
  process.exit(2); // Playwright's exit handler kills the browser.
}, totalTimeout);

const spec = JSON.parse(fs.readFileSync(path.join(here, 'notebooks.json'), 'utf8'));
const notebooks = spec.notebooks.filter((nb) => {
  if (fs.existsSync(path.join(nbDir, nb.file))) return true;
  if (nb.optional) {
    log(`${nb.file}: not in ${nbDir}, skipped (optional)`);
    return false;
  }
  fail(nb.file, `not found in ${nbDir}`);
  return false;
});

// count checks a count against a spec value: a number is exact, {min: n} a lower bound.
function countProblem(what, got, want) {
  if (want === undefined) return null;
  if (typeof want === 'number') return got === want ? null : `${got} ${what}, want ${want}`;
  if (want.min !== undefined && got < want.min) return `${got} ${what}, want at least ${want.min}`;
  return null;
}

// The page's state after a run, read in the page itself.
async function inspect(page) {
  return page.evaluate(async () => {
    const code = [...document.querySelectorAll('#notebook-container .cell.code_cell')];
    const where = (el) => {
      const cell = el.closest('.cell');
      const i = [...document.querySelectorAll('#notebook-container .cell')].indexOf(cell);
      const prompt = cell?.querySelector('.input_prompt')?.textContent.replace(/\s+|:$/g, '') ?? '';
      return `cell ${i} (${prompt})`;
    };
    const imgs = [...document.querySelectorAll('.output_area img')];
    await Promise.all(imgs.map((img) => img.decode().catch(() => {})));
    const svgs = [...document.querySelectorAll('.output_area .output_svg svg')];
    const bars = [...document.querySelectorAll('.output_area .gokernel-progress progress')];
    const stderr = [...document.querySelectorAll('.output_area .output_stderr')];
    return {
      codeCells: code.length,
      notExecuted: code
        .filter((c) => !/\[\s*\d+\s*\]/.test(c.querySelector('.input_prompt')?.textContent ?? ''))
        .map((c) => where(c)),
      running: code.filter((c) => c.classList.contains('running')).map((c) => where(c)),
      images: imgs.length,
      brokenImages: imgs
        .filter((img) => !(img.complete && img.naturalWidth > 0 && img.naturalHeight > 0))
        .map((img) => `${where(img)}: <img src="${img.src.slice(0, 40)}..."> naturalWidth=${img.naturalWidth}`),
      svgs: svgs.length,
      emptySvgs: svgs
        .filter((s) => { const r = s.getBoundingClientRect(); return !(r.width > 0 && r.height > 0 && s.childElementCount > 0); })
        .map((s) => where(s)),
      tables: document.querySelectorAll('.output_area .output_html table').length,
      progress: bars.length,
      unfinishedProgress: bars
        .filter((b) => !(b.hasAttribute('value') && Number(b.value) === Number(b.max)))
        .map((b) => `${where(b)}: <progress value=${b.getAttribute('value')} max=${b.getAttribute('max')}>`),
      // The display package shows a value it cannot render (bad PNG data, a table
      // of an unsupported type) as text starting "display: ".
      displayErrors: [...document.querySelectorAll('.output_area .output_text')]
        .filter((e) => e.textContent.trimStart().startsWith('display: '))
        .map((e) => `${where(e)}: ${e.textContent.trim().slice(0, 400)}`),
      errors: [...document.querySelectorAll('.output_area .output_error')]
        .map((e) => `${where(e)}: ${e.textContent.trim().slice(0, 400)}`),
      badStderr: stderr
        .filter((e) => /panic|error/i.test(e.textContent))
        .map((e) => `${where(e)}: ${e.textContent.trim().slice(0, 400)}`),
      outputText: [...document.querySelectorAll('.output_area')].map((e) => e.textContent).join('\n'),
    };
  });
}

// waitIdle waits until no code cell is queued or running and the kernel is idle.
async function waitIdle(page, timeout) {
  await page.waitForFunction(
    () => !document.querySelector('#notebook-container .code_cell.running') &&
      document.querySelector('#kernel_indicator_icon')?.classList.contains('kernel_idle_icon'),
    null, { timeout, polling: 100 });
}

// fullScreenshot grows the window to the notebook's height (the classic Notebook
// scrolls inside #site, so a "full page" screenshot would show only the window).
async function fullScreenshot(page, file) {
  const h = await page.evaluate(() =>
    document.querySelector('#header').getBoundingClientRect().height +
    document.querySelector('#notebook').scrollHeight + 20);
  const vp = page.viewportSize();
  await page.setViewportSize({ width: vp.width, height: Math.min(Math.ceil(h), 30000) });
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(vp);
  await page.waitForTimeout(200);
  log(`screenshot ${file}`);
}

// plotAndTableScreenshot crops the page to the closest pair of cells of which one
// shows a plot and the other a table (or one cell showing both).
async function plotAndTableScreenshot(page, file) {
  const h = await page.evaluate(() =>
    document.querySelector('#header').getBoundingClientRect().height +
    document.querySelector('#notebook').scrollHeight + 20);
  const vp = page.viewportSize();
  await page.setViewportSize({ width: vp.width, height: Math.min(Math.ceil(h), 30000) });
  await page.waitForTimeout(300);
  // No selection border in the picture.
  const style = await page.addStyleTag({ content: '.cell.selected, .cell.selected:before { border-color: transparent !important; background: none !important; }' });
  const clip = await page.evaluate(() => {
    const cells = [...document.querySelectorAll('#notebook-container .cell')];
    const rect = (c) => c.getBoundingClientRect();
    const plots = cells.filter((c) => c.querySelector('.output_area img, .output_area .output_svg svg'));
    const tables = cells.filter((c) => c.querySelector('.output_area .output_html table'));
    let best = null;
    for (const p of plots) {
      for (const t of tables) {
        const top = Math.min(rect(p).top, rect(t).top);
        const bottom = Math.max(rect(p).bottom, rect(t).bottom);
        if (!best || bottom - top < best.bottom - best.top) best = { top, bottom };
      }
    }
    if (!best) return null;
    const c = document.querySelector('#notebook-container').getBoundingClientRect();
    const top = Math.max(0, best.top - 10);
    return { x: c.left, y: top, width: c.width, height: Math.min(best.bottom + 10 - top, 2400) };
  });
  if (clip) {
    await page.screenshot({ path: file, clip });
    log(`screenshot ${file} (a plot and a table)`);
  }
  await style.evaluate((el) => el.remove());
  await page.setViewportSize(vp);
  await page.waitForTimeout(200);
  return clip !== null;
}

// openNotebook loads a notebook and makes sure the gokernel kernel runs it, answering
// the kernel-selection dialog if the Notebook shows one.
async function openNotebook(page, nb) {
  await page.goto(`${base}notebooks/${encodeURIComponent(nb.file)}?token=${token}`);
  await page.waitForFunction(() => window.Jupyter?.notebook?._fully_loaded, null, { timeout: 30000 });
  const deadline = Date.now() + 30000;
  for (;;) {
    const state = await page.evaluate(() => {
      const dlg = [...document.querySelectorAll('.modal')].find((m) => m.offsetParent !== null || m.classList.contains('in'));
      const k = Jupyter.notebook.kernel;
      return {
        dialog: dlg ? dlg.querySelector('.modal-title')?.textContent ?? 'dialog' : null,
        hasSelect: !!dlg?.querySelector('select option[value="gokernel"]'),
        name: k?.name ?? null,
        connected: !!k?.is_connected?.(),
      };
    });
    if (state.dialog) {
      log(`${nb.file}: dialog "${state.dialog}"`);
      if (!state.hasSelect) throw new Error(`dialog "${state.dialog}" without gokernel to select`);
      await page.selectOption('.modal.in select', 'gokernel');
      await page.click('.modal.in .modal-footer button:has-text("Set Kernel")');
      await page.waitForTimeout(500);
    } else if (state.connected && state.name) {
      if (state.name !== 'gokernel') {
        fail(nb.file, `kernel ${state.name} started, want gokernel`);
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`the kernel did not connect within 30s: ${JSON.stringify(state)}`);
    await page.waitForTimeout(200);
  }
  const shown = (await page.textContent('#kernel_indicator .kernel_indicator_name'))?.trim();
  log(`${nb.file}: kernel ${shown}`);
  if (shown !== 'Go (gokernel)') fail(nb.file, `the kernel indicator shows "${shown}", want "Go (gokernel)"`);
  await waitIdle(page, 30000);
}

// runAll runs every cell through the menu, Cell → Run All.
async function runAll(page, nb) {
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  const start = Date.now();
  try {
    await waitIdle(page, (nb.timeoutSeconds ?? 120) * 1000);
  } catch (e) {
    fail(nb.file, `cells still running after ${nb.timeoutSeconds ?? 120}s`);
    throw e;
  }
  await page.waitForTimeout(500); // late display updates and image decoding
  log(`${nb.file}: Run All done in ${((Date.now() - start) / 1000).toFixed(1)}s`);
}

function check(nb, r) {
  const must = (ok, msg) => { if (!ok) fail(nb.file, msg); };
  must(r.codeCells > 0, 'no code cells in the page');
  must(r.notExecuted.length === 0, `code cells without an execution count: ${r.notExecuted.join('; ')}`);
  must(r.brokenImages.length === 0, `images not rendered: ${r.brokenImages.join('; ')}`);
  must(r.emptySvgs.length === 0, `empty SVG outputs: ${r.emptySvgs.join('; ')}`);
  must(r.errors.length === 0, `error outputs: ${r.errors.join(' | ')}`);
  must(r.displayErrors.length === 0, `display errors: ${r.displayErrors.join(' | ')}`);
  must(r.badStderr.length === 0, `stderr with panic/error: ${r.badStderr.join(' | ')}`);
  must(r.unfinishedProgress.length === 0, `progress bars not full: ${r.unfinishedProgress.join('; ')}`);
  for (const [what, got, want] of [
    ['<img> outputs', r.images, nb.images],
    ['inline SVG outputs', r.svgs, nb.svgs],
    ['plots (<img> and SVG outputs)', r.images + r.svgs, nb.plots],
    ['HTML tables', r.tables, nb.tables],
    ['progress bars', r.progress, nb.progress],
  ]) {
    const p = countProblem(what, got, want);
    if (p) fail(nb.file, p);
  }
  for (const s of nb.expectText ?? []) must(r.outputText.includes(s), `no output shows "${s}"`);
  for (const s of nb.rejectText ?? []) must(!r.outputText.includes(s), `an output shows "${s}"`);
  log(`${nb.file}: ${r.codeCells} code cells, ${r.images} images, ${r.svgs} SVGs, ${r.tables} tables, ` +
    `${r.progress} progress bars, ${r.errors.length} errors`);
}

// runSelected puts code in the selected cell and runs it with the toolbar's Run button.
async function runSelected(page, code) {
  await page.evaluate((src) => Jupyter.notebook.get_selected_cell().set_text(src), code);
  const index = await page.evaluate(() => Jupyter.notebook.get_selected_index());
  await page.click('#maintoolbar button[data-jupyter-action="jupyter-notebook:run-cell-and-select-next"]');
  return index;
}

// cellState reads a cell's prompt and outputs.
function cellState(page, index) {
  return page.evaluate((i) => {
    const el = document.querySelectorAll('#notebook-container .cell')[i];
    return {
      prompt: el.querySelector('.input_prompt').textContent.replace(/\s+/g, ''),
      running: el.classList.contains('running'),
      error: [...el.querySelectorAll('.output_error')].map((e) => e.textContent).join('\n'),
      text: [...el.querySelectorAll('.output_area')].map((e) => e.textContent).join('\n'),
    };
  }, index);
}

// interrupt runs a never-ending loop in a new cell at the end, stops it with the
// toolbar's interrupt button (■) and checks the session kept its variables.
async function interrupt(page, nb) {
  const { probe, expect } = nb.interrupt;
  // Command mode on the last cell, then "b" inserts a cell below it.
  await page.evaluate(() => Jupyter.notebook.select(Jupyter.notebook.ncells() - 1));
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  const loop = await runSelected(page, 'for i := 0; ; i++ {\n\tif i%1000 == 0 {\n\t\t_ = i\n\t}\n}');
  await page.waitForFunction(
    () => document.querySelector('#kernel_indicator_icon')?.classList.contains('kernel_busy_icon'),
    null, { timeout: 10000, polling: 50 });
  await page.waitForTimeout(1500);
  if (!(await cellState(page, loop)).running) {
    fail(nb.file, 'the endless loop cell is not running 1.5s after it started');
    return;
  }
  const clicked = Date.now();
  await page.click('#maintoolbar button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
  try {
    await waitIdle(page, 15000);
  } catch {
    fail(nb.file, 'the interrupted cell still runs 15s after the interrupt button was clicked');
    return;
  }
  const took = (Date.now() - clicked) / 1000;
  const st = await cellState(page, loop);
  log(`${nb.file}: interrupted cell ${st.prompt} stopped ${took.toFixed(2)}s after the click: ${st.error.trim()}`);
  if (!/\[\d+\]/.test(st.prompt)) fail(nb.file, `the interrupted cell has no execution count: ${st.prompt}`);
  if (!/Interrupted/.test(st.error)) fail(nb.file, `the interrupted cell does not say it was interrupted: ${JSON.stringify(st.text)}`);
  if (/restarted|were lost/.test(st.text)) fail(nb.file, `the interrupt restarted the worker: ${st.text}`);
  if (took > 5) fail(nb.file, `the cell took ${took.toFixed(1)}s to stop after the interrupt`);
  // Run and Select Next left a new empty cell selected.
  const after = await runSelected(page, probe);
  await waitIdle(page, 30000);
  const pr = await cellState(page, after);
  log(`${nb.file}: after the interrupt ${pr.prompt} ${probe} → ${JSON.stringify(pr.text.trim())}`);
  if (pr.error || !pr.text.includes(expect)) {
    fail(nb.file, `after the interrupt, ${probe} shows ${JSON.stringify(pr.text.trim())}, want "${expect}"`);
  }
}

async function main() {
  fs.mkdirSync(shotDir, { recursive: true });
  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  log(`browser ${browser.version()} (${browserPath})`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(30000);
  for (const nb of notebooks) {
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`${nb.file}: page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') log(`${nb.file}: console error (not checked): ${m.text()}`); });
    page.on('dialog', (d) => { log(`${nb.file}: browser dialog "${d.message()}" dismissed`); d.dismiss(); });
    const name = nb.file.replace(/\.ipynb$/, '');
    const before = failures.length;
    try {
      await openNotebook(page, nb);
      await runAll(page, nb);
      check(nb, await inspect(page));
      await fullScreenshot(page, path.join(shotDir, `${name}.png`));
      if (nb.screenshotPlotAndTable && !(await plotAndTableScreenshot(page, path.join(shotDir, `${name}-plot-and-table.png`)))) {
        fail(nb.file, 'no plot and table to take a screenshot of');
      }
      if (nb.interrupt) {
        await interrupt(page, nb);
        await fullScreenshot(page, path.join(shotDir, `${name}-interrupted.png`));
      }
    } catch (e) {
      fail(nb.file, `${e.message.split('\n')[0]}`);
    }
    if (failures.length > before) {
      await fullScreenshot(page, path.join(shotDir, `${name}-failure.png`)).catch(() => {});
    }
    // Shut the kernel down so the next notebook does not compete with it.
    await page.evaluate(() => Jupyter.notebook.session?.delete()).catch(() => {});
    await page.close();
  }
  await browser.close();
}

try {
  await main();
} catch (e) {
  console.log(`FAIL: ${e.stack ?? e}`);
  await browser?.close().catch(() => {});
  process.exit(2);
}
clearTimeout(watchdog);
log(`screenshots in ${shotDir}`);
if (failures.length > 0) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
log(`all ${notebooks.length} notebook(s) passed`);
